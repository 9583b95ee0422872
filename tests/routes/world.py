"""Two municipalities with the same people and objects, and builders of URL values from them.

Every builder takes a :class:`Place` (one municipality and its people) and the :class:`World`,
creates what its route needs inside that municipality, and returns the route's URL values
(without ``municipality``). Building the same thing in both municipalities is what lets the
route tests mix one municipality's URL with the other's ids.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import g
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from participa.extensions import db
from tests import factories

PREFIXES = ("ocds-213czf", "ocds-othr01")


class Place:
    """One municipality with an admin, a moderator, a verified resident and a plain author."""

    def __init__(self, municipality, prefix: str):
        municipality.ocid_prefix = prefix
        db.session.commit()
        self.municipality = municipality
        self.admin = factories.member(municipality, "admin")
        self.moderator = factories.member(municipality, "moderator")
        self.resident = factories.member(municipality, "resident")
        # No role anywhere: the author of this place's proposals, comments and amendments.
        self.author = factories.UserFactory(display_name=f"Author in {municipality.slug}")

    @property
    def slug(self) -> str:
        return self.municipality.slug


class World:
    """Municipality ``a`` (the one under test), ``b`` (the other one) and platform-wide people."""

    def __init__(self, app, municipality, other_municipality):
        self.app = app
        self.a = Place(municipality, PREFIXES[0])
        self.b = Place(other_municipality, PREFIXES[1])
        self.anonymous = AnonymousUserMixin()
        self.unconfirmed = factories.UserFactory(email_confirmed_at=None)
        self.citizen = factories.UserFactory(display_name="Citizen")
        self.platform_admin = factories.UserFactory(is_platform_admin=True)
        self._reviewer = None

    @property
    def reviewer(self):
        """A platform reviewer with no role in any municipality."""
        if self._reviewer is None:
            from participa.indicators.models import PlatformReviewer

            self._reviewer = factories.UserFactory(display_name="Reviewer")
            db.session.add(PlatformReviewer(user_id=self._reviewer.id))
            db.session.commit()
        return self._reviewer

    def other(self, place: Place) -> Place:
        return self.b if place is self.a else self.a

    def actor(self, name: str, place: Place):
        """The person called ``name`` as seen from ``place`` (``other_admin``: the other's)."""
        if name in ("admin", "moderator", "resident", "author"):
            return getattr(place, name)
        if name == "other_admin":
            return self.other(place).admin
        return getattr(self, name)

    def build(self, builder: Builder, place: Place) -> dict[str, Any]:
        """Run ``builder`` for ``place`` as services expect it: inside a request of that place."""
        with self.app.test_request_context("/"):
            g.municipality = place.municipality
            values = builder(place, self)
            db.session.commit()
        return values


Builder = Callable[[Place, World], dict[str, Any]]


def nothing(place: Place, w: World) -> dict[str, Any]:
    return {}


# --- Consultations, proposals and comments ------------------------------------------------------


def _consultation(place: Place, **fields):
    from tests.consultations.helpers import make_consultation

    return make_consultation(place.municipality, **fields)


def _proposal(place: Place, **fields):
    from tests.consultations.helpers import make_proposal

    return make_proposal(_consultation(place), author=place.author, **fields)


def consultation(place: Place, w: World) -> dict[str, Any]:
    return {"consultation_id": _consultation(place).id}


def draft_consultation(place: Place, w: World) -> dict[str, Any]:
    return {"consultation_id": _consultation(place, status="draft").id}


def proposal(place: Place, w: World) -> dict[str, Any]:
    return {"proposal_id": _proposal(place).id}


def proposal_to_comment(place: Place, w: World) -> dict[str, Any]:
    return {"kind": "proposal", "target_id": _proposal(place).id}


def _comment(place: Place):
    from participa.comments import services

    return services.post_comment("proposal", _proposal(place), author=place.author,
                                 body="A thoughtful comment.")  # fmt: skip


def comment(place: Place, w: World) -> dict[str, Any]:
    return {"comment_id": _comment(place).id}


def _hidden_comment(place: Place):
    from participa.moderation import services

    found = _comment(place)
    db.session.commit()
    services.moderate("comment", found, actor=place.moderator, action="hide", reason="Insults",
                      notify_author=False)  # fmt: skip
    return found


def comment_to_report(place: Place, w: World) -> dict[str, Any]:
    return {"kind": "comment", "item_id": _comment(place).id}


def hidden_comment(place: Place, w: World) -> dict[str, Any]:
    return {"kind": "comment", "item_id": _hidden_comment(place).id}


def _hidden_proposal(place: Place):
    from participa.comments import services as comments
    from participa.moderation import services

    found = _proposal(place)
    comments.post_comment("proposal", found, author=place.author, body="A comment on it.")
    db.session.commit()
    services.moderate("proposal", found, actor=place.moderator, action="hide", reason="Spam",
                      notify_author=False)  # fmt: skip
    return found


def hidden_proposal(place: Place, w: World) -> dict[str, Any]:
    return {"proposal_id": _hidden_proposal(place).id}


def hidden_proposal_comments(place: Place, w: World) -> dict[str, Any]:
    return {"kind": "proposal", "target_id": _hidden_proposal(place).id}


# --- Media ---------------------------------------------------------------------------------------


def _attachment(place: Place, target, actor):
    import io

    from werkzeug.datastructures import FileStorage

    from participa.media import services
    from participa.media.demo import pdf

    return services.add_attachment(
        target, actor=actor, file=FileStorage(io.BytesIO(pdf("Annex")), filename="a.pdf"),
        title="Annex", language="es",
    )  # fmt: skip


def consultation_to_attach(place: Place, w: World) -> dict[str, Any]:
    return {"kind": "consultation", "target_id": _consultation(place).id}


def proposal_attachment(place: Place, w: World) -> dict[str, Any]:
    found = _proposal(place)
    return {"attachment_id": _attachment(place, found, place.author).id}


def hidden_proposal_attachment(place: Place, w: World) -> dict[str, Any]:
    found = _hidden_proposal(place)
    return {"token": _attachment(place, found, place.author).upload.token}


# --- Moderation ---------------------------------------------------------------------------------


def appeal(place: Place, w: World) -> dict[str, Any]:
    from participa.moderation import services

    found = _hidden_comment(place)
    db.session.commit()
    made = services.appeal_hiding("comment", found, author=place.author, text="It was polite.")
    return {"appeal_id": made.id}


def block(place: Place, w: World) -> dict[str, Any]:
    from participa.moderation import blocks

    made = blocks.block_person(place.municipality, actor=place.admin, user=place.author, days=7,
                               reason="Spam")  # fmt: skip
    return {"block_id": made.id}


def person(place: Place, w: World) -> dict[str, Any]:
    return {"user_id": place.author.id}


def reason_template(place: Place, w: World) -> dict[str, Any]:
    from participa.moderation import settings

    made = settings.save_reason_template(place.municipality, actor=place.admin, title="Spam",
                                         text="Advertising.")  # fmt: skip
    return {"template_id": made.id}


# --- Municipality staff -------------------------------------------------------------------------


def membership(place: Place, w: World) -> dict[str, Any]:
    from participa.municipalities.models import Membership

    found = db.session.scalars(
        select(Membership).where(Membership.municipality_id == place.municipality.id,
                                 Membership.user_id == place.moderator.id)
    ).one()  # fmt: skip
    return {"membership_id": found.id}


def residency_request(place: Place, w: World) -> dict[str, Any]:
    made = factories.ResidencyRequestFactory(
        user=factories.UserFactory(), municipality_id=place.municipality.id
    )
    return {"request_id": made.id}


# --- Legislation --------------------------------------------------------------------------------


def _draft(place: Place, **fields):
    from tests.legislation.support import make_draft

    return make_draft(place.municipality, staff=place.admin, **fields)


def _article(draft):
    from tests.legislation.support import articles

    return articles(draft)[0]


def draft(place: Place, w: World) -> dict[str, Any]:
    return {"draft_id": _draft(place).id}


def unpublished_draft(place: Place, w: World) -> dict[str, Any]:
    return {"draft_id": _draft(place, status="draft").id}


def unpublished_article(place: Place, w: World) -> dict[str, Any]:
    found = _draft(place, status="draft")
    return {"draft_id": found.id, "section_id": _article(found).id}


def article(place: Place, w: World) -> dict[str, Any]:
    found = _draft(place)
    return {"draft_id": found.id, "section_id": _article(found).id}


def amendment(place: Place, w: World) -> dict[str, Any]:
    from participa.legislation import participation

    found = _draft(place)
    made = participation.propose_amendment(
        found, _article(found), author=place.author, text="Otra redacción.", justification="Mejor."
    )
    return {"draft_id": found.id, "amendment_id": made.id}


def question(place: Place, w: World) -> dict[str, Any]:
    from participa.legislation import services

    found = _draft(place)
    made = services.add_question(found, actor=place.admin, kind="open", prompt="¿Qué falta?",
                                 options=[])  # fmt: skip
    return {"draft_id": found.id, "question_id": made.id}


# --- Open contracting ---------------------------------------------------------------------------


def _parties(place: Place):
    from participa.contracting import services

    buyer = services.create_party(place.municipality, actor=place.admin, data={
        "name": "Secretaría de Obras", "scheme": "AR-CUIT", "identifier": "30999999991",
        "is_public_body": True})  # fmt: skip
    supplier = services.create_party(place.municipality, actor=place.admin, data={
        "name": "Constructora Sur S.A.", "scheme": "AR-CUIT",
        "identifier": "30711111119"})  # fmt: skip
    db.session.commit()
    return buyer, supplier


def _process(place: Place):
    """A published process with its tender, one award and one contract."""
    from tests.contracting.conftest import award_and_contract, make_process

    buyer, supplier = _parties(place)
    found = make_process(place.municipality, place.admin, buyer)
    return award_and_contract(found, place.admin, supplier)


def process(place: Place, w: World) -> dict[str, Any]:
    return {"process_id": _process(place).id}


def process_award(place: Place, w: World) -> dict[str, Any]:
    return {"process_id": _process(place).id, "index": 0}


def unpublished_process(place: Place, w: World) -> dict[str, Any]:
    from participa.contracting import services

    buyer, _supplier = _parties(place)
    found = services.create_process(place.municipality, actor=place.admin, title="Bacheo",
                                    buyer=buyer)  # fmt: skip
    return {"process_id": found.id}


def party(place: Place, w: World) -> dict[str, Any]:
    return {"party_id": _parties(place)[1].id}


def _import_batch(place: Place):
    from participa.contracting.models import ImportBatch

    batch = ImportBatch(municipality_id=place.municipality.id, kind="csv",
                        filename="processes.csv", created_by_id=place.admin.id)  # fmt: skip
    db.session.add(batch)
    db.session.flush()
    return batch


def import_batch(place: Place, w: World) -> dict[str, Any]:
    return {"import_id": _import_batch(place).id}


def import_job(place: Place, w: World) -> dict[str, Any]:
    from participa.core.models import BackgroundJob

    record = BackgroundJob(municipality_id=place.municipality.id, kind="contracting.import",
                           filename="grande.json", problems=[], result={})  # fmt: skip
    db.session.add(record)
    db.session.commit()
    return {"job_id": record.id}


def failed_export(place: Place, w: World) -> dict[str, Any]:
    from participa.core.models import PreparedFile

    record = PreparedFile(slot=f"opendata:proposals:csv:{place.municipality.id}",
                          kind="opendata.build_export", municipality_id=place.municipality.id,
                          params={"dataset": "proposals", "format": "csv"},
                          status="failed")  # fmt: skip
    db.session.add(record)
    db.session.commit()
    return {"file_id": record.id}


def party_conflict(place: Place, w: World) -> dict[str, Any]:
    from participa.contracting.models import PartyConflict

    conflict = PartyConflict(
        municipality_id=place.municipality.id, party_id=_parties(place)[1].id,
        import_id=_import_batch(place).id,
        differences={"name": {"registered": "Constructora Sur S.A.", "imported": "Sur SA"}},
    )  # fmt: skip
    db.session.add(conflict)
    db.session.flush()
    return {"conflict_id": conflict.id}


def process_link(place: Place, w: World) -> dict[str, Any]:
    from participa.contracting.models import ProcessLink

    found = _process(place)
    accepted = _proposal(place, state="accepted")
    link = ProcessLink(municipality_id=place.municipality.id, process_id=found.id,
                       target_type="proposal", target_id=accepted.id,
                       created_by_id=place.admin.id)  # fmt: skip
    db.session.add(link)
    db.session.flush()
    return {"process_id": found.id, "link_id": link.id}


# --- Follow-up ----------------------------------------------------------------------------------


def _result(place: Place):
    from participa.followup import services

    accepted = _proposal(place, state="accepted")
    return services.ensure_result(place.municipality, "proposal", accepted.id,
                                  title=accepted.title, actor=place.admin)  # fmt: skip


def result(place: Place, w: World) -> dict[str, Any]:
    return {"result_id": _result(place).id}


def result_milestone(place: Place, w: World) -> dict[str, Any]:
    from participa.followup import services

    found = _result(place)
    milestone = services.add_milestone(found, actor=place.admin, title="Inicio de obra")
    return {"result_id": found.id, "milestone_id": milestone.id}


# --- Indicators ---------------------------------------------------------------------------------


def _framework():
    from participa.indicators.framework import current_version, load_framework, read_framework_file

    return current_version() or load_framework(read_framework_file(), make_current=True)


def _assessment(place: Place, status: str = "draft"):
    from tests.indicators.helpers import make_assessment

    _framework()
    return make_assessment(place.municipality, status=status)


def assessment(place: Place, w: World) -> dict[str, Any]:
    return {"assessment_id": _assessment(place).id}


def submitted_assessment(place: Place, w: World) -> dict[str, Any]:
    return {"assessment_id": _assessment(place, status="submitted").id}


def assessment_answer(place: Place, w: World) -> dict[str, Any]:
    found = _assessment(place)
    return {"assessment_id": found.id, "answer_id": found.answers[0].id}


def assessment_dimension(place: Place, w: World) -> dict[str, Any]:
    from participa.indicators import services

    found = _assessment(place)
    first = services.answers_by_dimension(found)[0][0]
    return {"assessment_id": found.id, "code": first.code}


def learning_exchange(place: Place, w: World) -> dict[str, Any]:
    """An open exchange of ``place`` that nobody has joined yet."""
    from participa.learning import services

    made = services.open_exchange(
        place.municipality, actor=place.admin, kind="request", topic="open_data",
        title="Open data help", description="How did you publish?",
    )  # fmt: skip
    return {"exchange_id": made.id}


def framework_version(place: Place, w: World) -> dict[str, Any]:
    return {"version_id": _framework().id}


def reviewer(place: Place, w: World) -> dict[str, Any]:
    from participa.indicators.models import PlatformReviewer

    found = db.session.scalars(
        select(PlatformReviewer).where(PlatformReviewer.user_id == w.reviewer.id)
    ).one()  # fmt: skip
    return {"reviewer_id": found.id}


# --- Platform administration, notifications and accounts ----------------------------------------


def municipality_id(place: Place, w: World) -> dict[str, Any]:
    return {"municipality_id": place.municipality.id}


def outbox_message(place: Place, w: World) -> dict[str, Any]:
    from participa.core.models import OutboxMessage

    message = OutboxMessage(recipient="someone@example.org", subject="Hello", body_text="Hi.")
    db.session.add(message)
    db.session.flush()
    return {"message_id": message.id}


def legal_page(place: Place, w: World) -> dict[str, Any]:
    return {"slug": "terms", "locale": "en"}


def second_platform_admin(place: Place, w: World) -> dict[str, Any]:
    return {"user_id": factories.UserFactory(is_platform_admin=True).id}


def notification_of_citizen(place: Place, w: World) -> dict[str, Any]:
    from participa.notifications.models import Notification

    found = _proposal(place)
    made = Notification(user_id=w.citizen.id, municipality_id=place.municipality.id,
                        event="proposal_answered", target_type="proposal", target_id=found.id,
                        url=f"/m/{place.slug}/proposals/{found.id}", summary="News")  # fmt: skip
    db.session.add(made)
    db.session.flush()
    return {"notification_id": made.id}


def personal_export_of_citizen(place: Place, w: World) -> dict[str, Any]:
    from datetime import timedelta

    from participa.core.models import PreparedFile
    from participa.db import utcnow

    made = PreparedFile(slot=f"accounts:personal:{w.citizen.id}", kind="accounts.build_export",
                        owner_id=w.citizen.id, params={}, status="done", storage="database",
                        data=b"{}", content_type="application/json",
                        expires_at=utcnow() + timedelta(hours=1))  # fmt: skip
    db.session.add(made)
    db.session.flush()
    return {"file_id": made.id}


def followable_proposal(place: Place, w: World) -> dict[str, Any]:
    return {"kind": "proposal", "target_id": _proposal(place).id}


def bad_token(place: Place, w: World) -> dict[str, Any]:
    return {"token": "not-a-valid-token"}


def _ballot(place: Place, status: str):
    from tests.voting.helpers import make_ballot

    return make_ballot(place.municipality, status=status, staff=place.admin)


def draft_ballot(place: Place, w: World) -> dict[str, Any]:
    return {"ballot_id": _ballot(place, "draft").id}


def open_ballot(place: Place, w: World) -> dict[str, Any]:
    return {"ballot_id": _ballot(place, "open").id}


def ballot_question(place: Place, w: World) -> dict[str, Any]:
    ballot = _ballot(place, "draft")
    return {"ballot_id": ballot.id, "question_id": ballot.questions[0].id}


def ballot_station(place: Place, w: World) -> dict[str, Any]:
    from participa.voting import services

    ballot = _ballot(place, "open")
    station = services.save_station(
        ballot, actor=place.admin, name="Escuela 1", ballots_cast=3, tallies={}
    )
    return {"ballot_id": ballot.id, "station_id": station.id}


def _budget(place: Place, status: str):
    from tests.budgets.helpers import make_budget

    return make_budget(place.municipality, status=status, staff=place.admin)


def draft_budget(place: Place, w: World) -> dict[str, Any]:
    return {"budget_id": _budget(place, "draft").id}


def open_budget(place: Place, w: World) -> dict[str, Any]:
    return {"budget_id": _budget(place, "open").id}


def closed_budget(place: Place, w: World) -> dict[str, Any]:
    return {"budget_id": _budget(place, "closed").id}


def budget_project(place: Place, w: World) -> dict[str, Any]:
    from participa.budgets import services

    return {"project_id": services.projects_of(_budget(place, "draft"))[0].id}


def _questionnaire(place: Place, status: str, **settings):
    from tests.questionnaires.helpers import LONG, SINGLE, make_questionnaire

    return make_questionnaire(
        place.municipality, status=status, staff=place.admin, questions=(SINGLE, LONG), **settings
    )


def draft_questionnaire(place: Place, w: World) -> dict[str, Any]:
    return {"questionnaire_id": _questionnaire(place, "draft").id}


def open_questionnaire(place: Place, w: World) -> dict[str, Any]:
    return {"questionnaire_id": _questionnaire(place, "published").id}


def questionnaire_question(place: Place, w: World) -> dict[str, Any]:
    questionnaire = _questionnaire(place, "draft")
    return {"questionnaire_id": questionnaire.id, "question_id": questionnaire.questions[1].id}


def questionnaire_text_answer(place: Place, w: World) -> dict[str, Any]:
    from tests.questionnaires.helpers import answer

    questionnaire = _questionnaire(place, "published", results_public=True)
    response = answer(questionnaire, place.author, [0], "Una idea")
    text = next(a for a in response.answers if a.text)
    return {"questionnaire_id": questionnaire.id, "answer_id": text.id}


# --- Places -------------------------------------------------------------------------------------


def district(place: Place, w: World) -> dict[str, Any]:
    from participa.places.models import District

    district = District(municipality_id=place.municipality.id, name=f"Centro {place.slug}")
    db.session.add(district)
    db.session.flush()
    return {"district_id": district.id}


# --- Library ------------------------------------------------------------------------------------


def _library_entry(municipality, actor, *, published: bool):
    from participa.library import services
    from participa.library.services import EntryData

    entry = services.create_entry(municipality, EntryData(
        kind="practice", title="Práctica", topic="participation", language="es",
        licence="cc-by-4.0",
    ), actor=actor)  # fmt: skip
    if published:
        services.publish_entry(entry, actor=actor)
    return entry


def library_entry(place: Place, w: World) -> dict[str, Any]:
    return {"entry_id": _library_entry(place.municipality, place.admin, published=True).id}


def draft_library_entry(place: Place, w: World) -> dict[str, Any]:
    return {"entry_id": _library_entry(place.municipality, place.admin, published=False).id}


def library_entry_to_attach(place: Place, w: World) -> dict[str, Any]:
    found = _library_entry(place.municipality, place.admin, published=False)
    return {"kind": "library_entry", "target_id": found.id}


def network_library_entry(place: Place, w: World) -> dict[str, Any]:
    return {"entry_id": _library_entry(None, w.platform_admin, published=True).id}


def network_library_draft(place: Place, w: World) -> dict[str, Any]:
    return {"entry_id": _library_entry(None, w.platform_admin, published=False).id}


# --- Challenges ---------------------------------------------------------------------------------


def _challenge(place: Place, state: str = "open"):
    from datetime import timedelta

    from participa.challenges import services
    from participa.db import utcnow

    challenge = services.create_challenge(place.municipality, actor=place.admin, data={
        "kind": "open_innovation", "title": f"Desafío {place.slug}", "topic": "open_data",
        "problem": "Un problema.", "rules": "Unas reglas.",
        "closes_at": utcnow() + timedelta(days=5),
    })  # fmt: skip
    if state != "draft":
        services.publish_challenge(challenge, actor=place.admin)
    return challenge


def challenge(place: Place, w: World) -> dict[str, Any]:
    return {"challenge_id": _challenge(place).id}


def draft_challenge(place: Place, w: World) -> dict[str, Any]:
    return {"challenge_id": _challenge(place, "draft").id}


def _pdf():
    import io

    from werkzeug.datastructures import FileStorage

    from participa.media.demo import pdf

    return FileStorage(io.BytesIO(pdf("Document")), filename="document.pdf")


def challenge_partner(place: Place, w: World) -> dict[str, Any]:
    from participa.challenges import services

    found = _challenge(place)
    partner = services.add_partner(found, actor=place.admin, name="Universidad",
                                   kind="university", agreement=_pdf())  # fmt: skip
    return {"challenge_id": found.id, "partner_id": partner.id}


def draft_challenge_agreement(place: Place, w: World) -> dict[str, Any]:
    from participa.challenges import services

    found = _challenge(place, "draft")
    partner = services.add_partner(found, actor=place.admin, name="Universidad",
                                   kind="university", agreement=_pdf())  # fmt: skip
    return {"challenge_id": found.id, "partner_id": partner.id}


def challenge_solution(place: Place, w: World) -> dict[str, Any]:
    """A solution by the place's author, with a document (only the author and staff see it)."""
    from participa.challenges import services

    found = _challenge(place)
    solution = services.submit_solution(
        found, author=place.author, data={"title": "Una solución", "description": "Así."},
        document=_pdf(),
    )  # fmt: skip
    return {"challenge_id": found.id, "solution_id": solution.id}


# --- Citizen initiatives --------------------------------------------------------------------------


def _initiative(place: Place, state: str) -> Any:
    from tests.initiatives.support import make_initiative

    return make_initiative(place.municipality, state, author=place.author)


def initiatives_on(place: Place, w: World) -> dict[str, Any]:
    from tests.initiatives.support import make_rules

    make_rules(place.municipality)
    return {}


def collecting_initiative(place: Place, w: World) -> dict[str, Any]:
    return {"initiative_id": _initiative(place, "collecting").id}


def initiative_in_review(place: Place, w: World) -> dict[str, Any]:
    return {"initiative_id": _initiative(place, "review").id}


def reached_initiative(place: Place, w: World) -> dict[str, Any]:
    return {"initiative_id": _initiative(place, "reached").id}


# --- Events -------------------------------------------------------------------------------------


def _event(member, **fields):
    from tests.events.helpers import make_event

    return make_event(member, **fields)


def event(place: Place, w: World) -> dict[str, Any]:
    return {"event_id": _event(place.municipality, actor=place.admin).id}


def draft_event(place: Place, w: World) -> dict[str, Any]:
    return {"event_id": _event(place.municipality, actor=place.admin, publish=False).id}


def training_event(place: Place, w: World) -> dict[str, Any]:
    ev = _event(place.municipality, actor=place.admin, kind="training", days=-3)
    return {"event_id": ev.id}


def event_link(place: Place, w: World) -> dict[str, Any]:
    from participa.events import services

    ev = _event(place.municipality, actor=place.admin)
    consultation = _consultation(place)
    link = services.link_event(ev, "consultation", consultation.id, actor=place.admin)
    db.session.commit()
    return {"event_id": ev.id, "link_id": link.id}


def network_event(place: Place, w: World) -> dict[str, Any]:
    return {"event_id": _event(None, actor=w.platform_admin).id}


def draft_network_event(place: Place, w: World) -> dict[str, Any]:
    return {"event_id": _event(None, actor=w.platform_admin, publish=False).id}


def network_training(place: Place, w: World) -> dict[str, Any]:
    ev = _event(None, actor=w.platform_admin, kind="webinar", days=-3)
    return {"event_id": ev.id}

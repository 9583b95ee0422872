"""Every route of the application, classified: who may call it, and how to build its URL.

``ROUTES`` holds every route that changes state (POST/PUT/PATCH/DELETE) or that only staff,
moderators, platform admins, reviewers, authors or the account's owner may open; each row names
its access level and a builder from :mod:`tests.routes.world`. ``PUBLIC`` lists the pages that
anyone may read (GET only), ``EXEMPT`` the state-changing routes meant for visitors without an
account (login, sign-up...), each with the reason. A route in none of them fails
``test_every_route_is_in_the_table``: add a row here. ``HIDDEN_OBJECTS`` builds public pages
with what the public may not see (a draft, hidden content), which must look missing.
"""

from __future__ import annotations

from dataclasses import dataclass

from tests.routes import world as w
from tests.routes.world import Builder


@dataclass(frozen=True)
class Access:
    """Who gets through (``allowed``) and who must be turned away (``denied``)."""

    name: str
    allowed: str | None
    denied: tuple[str, ...]


# Actor names are resolved by World.actor: "admin", "moderator", "resident" and "author" belong
# to the municipality of the URL, "other_admin" is the other municipality's admin.
ADMIN = Access("admin", "admin", ("anonymous", "citizen", "resident", "moderator", "other_admin"))
MODERATOR = Access("moderator", "moderator", ("anonymous", "citizen", "resident", "other_admin"))
AUTHOR = Access("author", "author", ("anonymous", "citizen", "admin", "other_admin"))
# Anyone signed in takes part (the services then apply the object's own rules).
PARTICIPANT = Access("participant", "citizen", ("anonymous",))
CONFIRMED = Access("confirmed", "citizen", ("anonymous", "unconfirmed"))
# A person's own account and notifications.
OWN = Access("own", "citizen", ("anonymous",))
PLATFORM = Access(
    "platform", "platform_admin", ("anonymous", "citizen", "admin", "moderator", "other_admin")
)
REVIEWER = Access("reviewer", "reviewer", ("anonymous", "citizen", "admin"))
# Something the public cannot see (a draft, hidden content) on a public page: it looks missing.
HIDDEN = Access("hidden", "admin", ("anonymous", "citizen", "resident", "other_admin"))
# Former addresses that now redirect (301) to their new place: everyone gets through.
REDIRECT = Access("redirect", "anonymous", ())
# Links sent by e-mail: without a valid token nobody gets through (the valid tokens are tested
# with their features, in tests/accounts and tests/notifications).
TOKEN = Access("token", None, ("anonymous", "citizen"))


@dataclass(frozen=True)
class Route:
    endpoint: str
    access: Access
    build: Builder = w.nothing
    path: str | None = None  # the rule, when the endpoint has several
    allowed: str | None = None  # instead of the access level's
    denied: tuple[str, ...] | None = None  # instead of the access level's

    @property
    def allowed_actor(self) -> str | None:
        return self.allowed or self.access.allowed

    @property
    def denied_actors(self) -> tuple[str, ...]:
        return self.denied if self.denied is not None else self.access.denied

    @property
    def id(self) -> str:
        return self.endpoint + (f"[{self.path}]" if self.path else "")


def each(access: Access, build: Builder, *endpoints: str) -> list[Route]:
    """One row per endpoint, all with the same access level and URL builder."""
    return [Route(endpoint, access, build) for endpoint in endpoints]


# URL values that are not ids of the municipality's objects: positions and people.
NOT_TENANT_VALUES = {"index", "user_id"}

_P = "/m/<municipality>/contracting/staff/processes/<int:process_id>"
_B = "/m/<municipality>/ballots/<int:ballot_id>"
_Q = "/m/<municipality>/questionnaires/<int:questionnaire_id>"

# fmt: off
ROUTES: list[Route] = [
    # Accounts: the person's own account.
    *each(OWN, w.nothing, "accounts.profile", "accounts.change_email", "accounts.change_password",
          "accounts.export", "accounts.delete"),
    # A prepared personal-data download: its owner only; anyone else gets a 404.
    Route("accounts.prepared_export", OWN, w.personal_export_of_citizen,
          denied=("anonymous", "resident", "admin")),
    *each(TOKEN, w.bad_token, "accounts.confirm", "accounts.confirm_email_change",
          "accounts.reset_password"),
    # Platform administration.
    *each(PLATFORM, w.nothing, "admin.index", "admin.municipalities", "admin.create_municipality",
          "admin.outbox", "admin.legal_pages", "admin.platform_admins"),
    *each(PLATFORM, w.municipality_id, "admin.edit_municipality", "admin.appoint_admin",
          "admin.archive_municipality", "admin.unarchive_municipality"),
    Route("admin.outbox_message", PLATFORM, w.outbox_message),
    Route("admin.edit_legal_page", PLATFORM, w.legal_page),
    Route("admin.revoke_platform_admin", PLATFORM, w.second_platform_admin),
    # Indicators across the network.
    *each(PLATFORM, w.nothing, "indicators_network.frameworks", "indicators_network.reviewers"),
    Route("indicators_network.publish_framework", PLATFORM, w.framework_version),
    Route("indicators_network.remove_reviewer", PLATFORM, w.reviewer),
    Route("indicators_network.review_queue", REVIEWER),
    # Notifications.
    *each(OWN, w.nothing, "notifications.list", "notifications.preferences",
          "notifications.mark_all_read"),
    Route("notifications.open", OWN, w.notification_of_citizen,
          denied=("anonymous", "resident", "admin")),
    *each(CONFIRMED, w.followable_proposal, "notifications.follow", "notifications.unfollow"),
    Route("notifications.unsubscribe", TOKEN, w.bad_token),
    # Documents attached to content (media): staff on a consultation, the author on a proposal.
    Route("media.new", ADMIN, w.consultation_to_attach),
    Route("media.delete", AUTHOR, w.proposal_attachment),
    # Comments.
    Route("comments.create", PARTICIPANT, w.proposal_to_comment),
    *each(PARTICIPANT, w.comment, "comments.reply", "comments.vote"),
    *each(AUTHOR, w.comment, "comments.edit", "comments.delete"),
    # Consultations.
    *each(ADMIN, w.nothing, "consultations.create", "consultations.categories"),
    *each(ADMIN, w.consultation, "consultations.edit", "consultations.archive"),
    Route("consultations.publish", ADMIN, w.draft_consultation),
    # Staff of any municipality may copy a published consultation into their own.
    Route("consultations.use_as_template", ADMIN, w.consultation,
          denied=("anonymous", "citizen", "resident", "moderator")),
    # Proposals.
    Route("proposals.create", PARTICIPANT, w.consultation),
    *each(PARTICIPANT, w.proposal, "proposals.support", "proposals.unsupport"),
    *each(AUTHOR, w.proposal, "proposals.edit", "proposals.withdraw"),
    *each(ADMIN, w.proposal, "proposals.answer", "proposals.merge"),
    # Places: districts for staff; the address search for people signed in.
    *each(ADMIN, w.nothing, "places.districts"),
    *each(ADMIN, w.district, "places.edit_district", "places.delete_district"),
    Route("places.geocode", PARTICIPANT, w.nothing),
    # Open contracting: the staff pages.
    *each(ADMIN, w.nothing, "contracting.staff_index", "contracting.create", "contracting.parties",
          "contracting.party_conflicts", "contracting.settings", "contracting.import_data"),
    *each(ADMIN, w.process, "contracting.manage", "contracting.edit", "contracting.planning",
          "contracting.tender", "contracting.tenderers", "contracting.amend", "contracting.link"),
    Route("contracting.award", ADMIN, w.process, path=f"{_P}/awards/new"),
    Route("contracting.award", ADMIN, w.process_award, path=f"{_P}/awards/<int:index>"),
    Route("contracting.contract", ADMIN, w.process, path=f"{_P}/contracts/new"),
    Route("contracting.contract", ADMIN, w.process_award, path=f"{_P}/contracts/<int:index>"),
    Route("contracting.implementation", ADMIN, w.process_award),
    Route("contracting.unlink", ADMIN, w.process_link),
    Route("contracting.party_form", ADMIN, path="/m/<municipality>/contracting/staff/parties/new"),
    Route("contracting.party_form", ADMIN, w.party,
          path="/m/<municipality>/contracting/staff/parties/<int:party_id>/edit"),
    Route("contracting.decide_conflict", ADMIN, w.party_conflict),
    Route("contracting.import_result", ADMIN, w.import_batch),
    Route("contracting.import_job", ADMIN, w.import_job),
    # Follow-up: staff update results and their milestones.
    *each(ADMIN, w.result, "followup.publish_update", "followup.edit", "followup.add_milestone"),
    *each(ADMIN, w.result_milestone, "followup.edit_milestone", "followup.delete_milestone"),
    # Indicators of a municipality.
    *each(ADMIN, w.nothing, "indicators.list"),
    Route("indicators.edit", ADMIN, w.assessment_dimension),
    Route("indicators.submit", ADMIN, w.assessment),
    Route("indicators.archive_copy", ADMIN, w.assessment_answer),
    # Learning space: the opener's staff open, invite, write, complete and close; another
    # member's staff join (here "other_admin"; the opener's own admin may not).
    Route("learning.create", ADMIN),
    *each(ADMIN, w.learning_exchange, "learning.invite", "learning.post_message",
          "learning.complete", "learning.close"),
    Route("learning.join", ADMIN, w.learning_exchange, allowed="other_admin",
          denied=("anonymous", "citizen", "resident", "moderator", "admin")),
    # The indicator exchanges' former addresses: a permanent redirect for everyone.
    *each(REDIRECT, w.nothing, "learning_legacy.legacy_member", "learning_legacy.legacy_create",
          "learning_legacy_network.legacy_network"),
    # Reviewers review, never in a municipality where they hold a role (its admin included).
    Route("indicators.review", REVIEWER, w.submitted_assessment,
          denied=("anonymous", "citizen", "admin", "other_admin")),
    # Legislation: participation.
    *each(PARTICIPANT, w.article, "legislation.vote", "legislation.amend",
          "legislation.comment_passage"),
    Route("legislation.support", PARTICIPANT, w.amendment),
    Route("legislation.answer", PARTICIPANT, w.question),
    Route("legislation.withdraw", AUTHOR, w.amendment),
    # Legislation: staff.
    Route("legislation.create", ADMIN),
    *each(ADMIN, w.draft, "legislation.edit", "legislation.text", "legislation.publish",
          "legislation.close", "legislation.questions", "legislation.response"),
    Route("legislation.decide", ADMIN, w.amendment),
    # The report of a draft still open is for staff only (public once participation closes).
    *each(ADMIN, w.draft, "legislation.report", "legislation.summary", "legislation.report_csv",
          "legislation.report_json"),
    # Voting: people vote; staff prepare, open, close, enter paper totals and keep the desk.
    Route("voting.vote", PARTICIPANT, w.open_ballot),
    Route("voting.create", ADMIN, w.consultation),
    *each(ADMIN, w.draft_ballot, "voting.edit", "voting.open_ballot"),
    Route("voting.question", ADMIN, w.draft_ballot, path=f"{_B}/questions/new"),
    Route("voting.question", ADMIN, w.ballot_question,
          path=f"{_B}/questions/<int:question_id>/edit"),
    *each(ADMIN, w.ballot_question, "voting.delete_question", "voting.proposal_options"),
    *each(ADMIN, w.open_ballot, "voting.close_ballot", "voting.desk"),
    Route("voting.station", ADMIN, w.open_ballot, path=f"{_B}/stations/new"),
    Route("voting.station", ADMIN, w.ballot_station, path=f"{_B}/stations/<int:station_id>/edit"),
    Route("voting.delete_station", ADMIN, w.ballot_station),
    # Participatory budgets: people vote; staff prepare, import, open, close and export.
    Route("questionnaires.respond", PARTICIPANT, w.open_questionnaire),
    Route("questionnaires.create", ADMIN, w.consultation),
    *each(ADMIN, w.draft_questionnaire, "questionnaires.edit", "questionnaires.publish"),
    Route("questionnaires.question", ADMIN, w.draft_questionnaire, path=f"{_Q}/questions/new"),
    Route("questionnaires.question", ADMIN, w.questionnaire_question,
          path=f"{_Q}/questions/<int:question_id>/edit"),
    *each(ADMIN, w.questionnaire_question, "questionnaires.delete_question",
          "questionnaires.move_question"),
    Route("questionnaires.answer_visibility", ADMIN, w.questionnaire_text_answer),
    Route("budgets.vote", PARTICIPANT, w.open_budget),
    *each(ADMIN, w.consultation, "budgets.create", "budgets.import_pabulib"),
    *each(ADMIN, w.draft_budget, "budgets.edit", "budgets.create_project",
          "budgets.from_proposals", "budgets.open_budget"),
    *each(ADMIN, w.budget_project, "budgets.edit_project", "budgets.delete_project"),
    Route("budgets.close_budget", ADMIN, w.open_budget),
    # The Pabulib file lists every anonymous ballot: staff publish it where they choose.
    Route("budgets.export_pabulib", ADMIN, w.closed_budget),
    # Open data: staff choose the licence.
    Route("opendata.settings", ADMIN),
    # Staff follow the large downloads being prepared, and try failed ones again.
    Route("opendata.exports_page", ADMIN),
    Route("opendata.retry_export", ADMIN, w.failed_export),
    # Moderation.
    Route("moderation.report", CONFIRMED, w.comment_to_report),
    Route("moderation.appeal", AUTHOR, w.hidden_comment),
    *each(MODERATOR, w.nothing, "moderation.queue", "moderation.act", "moderation.appeals",
          "moderation.blocks", "moderation.reasons"),
    Route("moderation.decide_appeal", MODERATOR, w.appeal),
    Route("moderation.block", MODERATOR, w.person),
    Route("moderation.lift_block", MODERATOR, w.block),
    Route("moderation.edit_reason", MODERATOR, path="/m/<municipality>/moderation/reasons/new"),
    Route("moderation.edit_reason", MODERATOR, w.reason_template,
          path="/m/<municipality>/moderation/reasons/<int:template_id>/edit"),
    Route("moderation.delete_reason", MODERATOR, w.reason_template),
    Route("moderation.settings", ADMIN),
    # Challenges: staff run them and evaluate; people submit; authors edit their own solutions.
    Route("challenges.create", ADMIN),
    *each(ADMIN, w.challenge, "challenges.edit", "challenges.start_evaluation",
          "challenges.close", "challenges.evaluation", "challenges.add_partner"),
    Route("challenges.publish", ADMIN, w.draft_challenge),
    Route("challenges.remove_partner", ADMIN, w.challenge_partner),
    Route("challenges.shortlist", ADMIN, w.challenge_solution),
    Route("challenges.submit_solution", PARTICIPANT, w.challenge),
    Route("challenges.edit_solution", AUTHOR, w.challenge_solution),
    # A solution's document: its author and staff until the report publishes shortlisted ones.
    Route("challenges.solution_document", AUTHOR, w.challenge_solution,
          denied=("anonymous", "citizen", "resident", "other_admin")),
    # Citizen initiatives: people start them, verified residents sign, staff review and answer.
    Route("initiatives.create", CONFIRMED, w.initiatives_on),
    Route("initiatives.sign", PARTICIPANT, w.collecting_initiative, allowed="resident",
          denied=("anonymous", "citizen", "other_admin")),
    Route("initiatives.unsign", PARTICIPANT, w.collecting_initiative, allowed="resident",
          denied=("anonymous", "citizen", "other_admin")),
    Route("initiatives.configure", ADMIN),
    Route("initiatives.review", ADMIN, w.initiative_in_review),
    Route("initiatives.answer", ADMIN, w.reached_initiative),
    # Events of a member (its staff) and of the network (platform admins).
    Route("events.create", ADMIN, w.nothing),
    *each(ADMIN, w.event, "events.edit", "events.cancel", "events.minutes",
          "events.attendance", "events.link"),
    Route("events.publish", ADMIN, w.draft_event),
    Route("events.officials", ADMIN, w.training_event),
    Route("events.unlink", ADMIN, w.event_link),
    *each(PARTICIPANT, w.event, "events.register", "events.unregister"),
    Route("events_network.create", PLATFORM, w.nothing),
    *each(PLATFORM, w.network_event, "events_network.edit", "events_network.cancel",
          "events_network.minutes", "events_network.attendance"),
    Route("events_network.publish", PLATFORM, w.draft_network_event),
    Route("events_network.officials", PLATFORM, w.network_training),
    *each(PARTICIPANT, w.network_event, "events_network.register", "events_network.unregister"),
    # Municipality: residency and the staff area.
    Route("municipalities.residency", PARTICIPANT),
    Route("municipalities.residency_census", CONFIRMED),
    # The staff home: admins and moderators (each sees the tasks they may do).
    Route("municipalities.staff", MODERATOR),
    *each(ADMIN, w.nothing, "municipalities.settings",
          "municipalities.members", "municipalities.residents", "municipalities.census",
          "municipalities.audit"),
    Route("municipalities.remove_member", ADMIN, w.membership),
    # Library: a member's staff manage its entries; platform admins
    # manage the network's own entries.
    Route("library.new", ADMIN),
    *each(ADMIN, w.draft_library_entry, "library.edit", "library.publish"),
    Route("library.unpublish", ADMIN, w.library_entry),
    Route("library_network.new", PLATFORM),
    *each(PLATFORM, w.network_library_draft, "library_network.edit", "library_network.publish"),
    Route("library_network.unpublish", PLATFORM, w.network_library_entry),
    *each(ADMIN, w.residency_request, "municipalities.approve_residency",
          "municipalities.reject_residency", "municipalities.revoke_residency"),
]
# fmt: on

# Public pages showing one object, built with an object the public may not see: 404 for the
# public (anonymous visitors may be sent to the login page instead), shown to staff.
# fmt: off
HIDDEN_OBJECTS: list[Route] = [
    Route("consultations.detail", HIDDEN, w.draft_consultation),
    Route("proposals.list", HIDDEN, w.draft_consultation),
    Route("proposals.map", HIDDEN, w.draft_consultation),
    Route("proposals.detail", HIDDEN, w.hidden_proposal),
    Route("comments.list", HIDDEN, w.hidden_proposal_comments),
    Route("media.download", HIDDEN, w.hidden_proposal_attachment),
    Route("legislation.detail", HIDDEN, w.unpublished_draft),
    Route("legislation.versions", HIDDEN, w.unpublished_draft),
    Route("legislation.article", HIDDEN, w.unpublished_article),
    Route("contracting.detail", HIDDEN, w.unpublished_process),
    Route("contracting.supplier", HIDDEN, w.party),  # no published process yet
    Route("indicators.detail", HIDDEN, w.assessment),  # a draft assessment
    Route("voting.detail", HIDDEN, w.draft_ballot),
    Route("voting.receipts", HIDDEN, w.draft_ballot),
    Route("questionnaires.detail", HIDDEN, w.draft_questionnaire),
    Route("questionnaires.results_page", HIDDEN, w.draft_questionnaire),
    Route("budgets.detail", HIDDEN, w.draft_budget),
    Route("budgets.project", HIDDEN, w.budget_project),  # a project of a draft budget
    Route("library.detail", HIDDEN, w.draft_library_entry),
    Route("challenges.detail", HIDDEN, w.draft_challenge),
    Route("challenges.agreement", HIDDEN, w.draft_challenge_agreement),
    Route("initiatives.detail", HIDDEN, w.initiative_in_review),
    Route("events.detail", HIDDEN, w.draft_event),
    # The network's drafts: only platform admins see them.
    Route("events_network.detail", HIDDEN, w.draft_network_event, allowed="platform_admin",
          denied=("anonymous", "citizen", "resident", "admin", "other_admin")),
]
# fmt: on

# Pages anyone may read: GET only, never under /staff/ or /admin/.
PUBLIC: dict[str, str] = {
    "static": "static files",
    "site.home": "the platform's home page",
    "site.health": "the liveness check (no database)",
    "site.ready": "the readiness check (database and Redis reachable)",
    "metrics": "Prometheus metrics: 404 unless METRICS_TOKEN or METRICS_ALLOW lets the caller in",
    "site.legal": "terms and privacy pages",
    "site.upload": "uploaded images, by their unguessable token",
    "accounts.check_inbox": "the page shown after a mail was sent",
    "profiles.detail": "public profiles",
    "search_network.search": "search across the network (public documents only)",
    "search.search": "a municipality's search (public documents only)",
    "network.list": "consultations across the network",
    "indicators_network.network": "the network dashboard",
    "indicators_network.framework_page": "the indicator framework",
    "learning_network.index": "the network's learning space (exchanges are public)",
    "learning.member": "a member's exchanges",
    "learning.detail": "an exchange (its messages and documents only for those taking part)",
    "indicators_network.export_csv": "open data",
    "indicators_network.export_json": "open data",
    "indicators_network.static": "static files",
    "municipalities.home": "a municipality's home page",
    "initiatives.list": "a member's admitted initiatives (staff also see those in review)",
    "initiatives.rules": "a member's published rules for citizen initiatives",
    "initiatives.detail": "an admitted initiative, with counts only (in review: 404 but staff)",
    "municipalities.welcome": "a municipality's first-visit page (how to take part)",
    "municipalities.theme": "a municipality's colours",
    "consultations.list": "published consultations (staff also see drafts)",
    "consultations.detail": "a published consultation (a draft answers 404 to the public)",
    "proposals.list": "the proposals of a visible consultation",
    "proposals.detail": "a visible proposal (hidden ones answer 404 to the public)",
    "proposals.map": "the located proposals of a visible consultation",
    "proposals.all": "the public proposals of every published consultation of a municipality",
    "places.boundaries": "the districts' boundaries (GeoJSON) the maps draw",
    "comments.list": "the comments of a visible object",
    "media.download": "a document attached to visible content, by its unguessable token",
    "legislation.list": "public drafts (staff also see unpublished ones)",
    "legislation.detail": "a public draft (an unpublished one answers 404)",
    "legislation.article": "an article of a public draft",
    "legislation.passage": "a commented passage of a public draft",
    "legislation.versions": "the versions of a public draft",
    "legislation.compare": "two versions of a public draft",
    "moderation.log": "the public moderation log (counts only)",
    "indicators.dashboard": "validated indicators",
    "indicators.peers": "municipalities meeting the same indicators",
    "indicators.detail": "a validated assessment (others answer 404 or go to login)",
    "opendata.catalogue": "open data: a municipality's catalogue",
    "api_v1.index": "the open-data API",
    "api_v1.municipalities": "the open-data API",
    "api_v1.datasets": "the open-data API",
    "api_v1.rows": "the open-data API",
    "api_v1.openapi": "the open-data API's OpenAPI document",
    "api_v1.docs": "the open-data API's documentation",
    "opendata.download_csv": "open data",
    "opendata.download_json": "open data",
    "opendata.datapackage": "open data: the Frictionless data package",
    "opendata_network.network": "open data: the network's catalogue",
    "opendata_network.data_json": "open data: data.json for national portals",
    "opendata_network.dcat": "open data: DCAT-AP for national portals",
    "voting.detail": "an opened ballot (a draft answers 404 to the public)",
    "voting.receipts": "the receipt codes of a closed ballot (no choices, no names)",
    "voting.results_csv": "open data: a closed ballot's totals",
    "voting.results_json": "open data: a closed ballot's totals",
    "questionnaires.detail": "a published questionnaire (a draft answers 404 to the public)",
    "questionnaires.results_page": "results once public (before: 404 but for staff)",
    "questionnaires.results_csv": "open data: aggregated results, small profile groups hidden",
    "questionnaires.results_json": "open data: aggregated results, small profile groups hidden",
    "questionnaires.answers_csv": "open data: anonymised answers, one row per answer",
    "budgets.detail": "an opened budget (a draft answers 404 to the public)",
    "budgets.project": "a project of an opened budget",
    "budgets.results": "a closed budget's results and receipt codes (no choices, no names)",
    "budgets.results_csv": "open data: a closed budget's totals",
    "budgets.results_json": "open data: a closed budget's totals and receipt codes",
    "contracting.list": "published processes",
    "contracting.detail": "a published process (drafts answer 404 to the public)",
    "contracting.suppliers": "suppliers",
    "contracting.supplier": "a supplier with published processes",
    "contracting.summary": "figures",
    "contracting.flag_overview": "red flags",
    "contracting.data": "open data downloads",
    "contracting.policy": "the publication policy",
    "contracting.processes_csv": "open data",
    "contracting.awards_csv": "open data",
    "contracting.contracts_csv": "open data",
    "contracting.import_template": "the CSV template",
    "contracting.flat_zip": "open data",
    "contracting.release_package": "OCDS data",
    "contracting.release": "OCDS data",
    "contracting.record": "OCDS data",
    "contracting.bulk_releases": "OCDS data",
    "contracting.bulk_records": "OCDS data",
    "contracting.year_releases": "OCDS data",
    "contracting.year_records": "OCDS data",
    "contracting.api.index": "the OCDS API",
    "contracting.api.releases": "the OCDS API",
    "contracting.api.release": "the OCDS API",
    "contracting.api.records": "the OCDS API",
    "contracting.api.record": "the OCDS API",
    "followup.list": "the follow-up of a municipality's results",
    "followup.detail": "a result's follow-up (results are public)",
    "followup_network.list": "results across the network",
    "library.list": "a member's published library entries (its staff also see drafts)",
    "library.detail": "a published library entry (a draft answers 404 to the public)",
    "library_network.list": "the network's library, searchable and filtered",
    "library_network.detail": "an entry of the network itself (a draft answers 404)",
    "results.dashboard": "the network's results dashboard (counts only)",
    "results.csv": "open data: the network's results (counts only)",
    "results.json": "open data: the network's results (counts only)",
    "results_member.dashboard": "a member's results (counts only)",
    "challenges.list": "a member's published challenges (staff also see drafts)",
    "challenges.detail": "a published challenge (a draft answers 404 to the public)",
    "challenges.agreement": "a partner's agreement document, published with its challenge",
    "challenges_network.list": "challenges across the network",
    "events.list": "a member's public events",
    "events.detail": "a public event (a draft answers 404 to the public)",
    "events.calendar": "a member's public events as an iCalendar feed",
    "events.event_ics": "one public event as iCalendar",
    "events_network.list": "public events across the network",
    "events_network.detail": "a public event of the network",
    "events_network.calendar": "the network's public events as an iCalendar feed",
    "events_network.event_ics": "one public event of the network as iCalendar",
    "events_network.trained": "officials trained per member and topic (counts only)",
    "events_network.trained_csv": "officials trained per member and topic as CSV (counts only)",
}

# State-changing routes for visitors without an account, or on the caller's own session only.
EXEMPT: dict[str, str] = {
    "accounts.signup": "creates an account: for visitors",
    "accounts.login": "signs in: for visitors",
    "accounts.logout": "ends the caller's own sessions",
    "accounts.forgot_password": "mails a reset link to the address typed (rate-limited)",
    "accounts.resend_confirmation": "mails a confirmation link to the address typed (rate-limited)",
    "site.set_language": "stores the caller's own language",
}

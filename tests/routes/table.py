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


# URL values that are not ids of the municipality's objects: positions and people.
NOT_TENANT_VALUES = {"index", "user_id"}

_P = "/m/<municipality>/contracting/staff/processes/<int:process_id>"
_B = "/m/<municipality>/ballots/<int:ballot_id>"

# fmt: off
ROUTES: list[Route] = [
    # Accounts: the person's own account.
    Route("accounts.profile", OWN),
    Route("accounts.change_email", OWN),
    Route("accounts.change_password", OWN),
    Route("accounts.export", OWN),
    Route("accounts.delete", OWN),
    Route("accounts.confirm", TOKEN, w.bad_token),
    Route("accounts.confirm_email_change", TOKEN, w.bad_token),
    Route("accounts.reset_password", TOKEN, w.bad_token),
    # Platform administration.
    Route("admin.index", PLATFORM),
    Route("admin.municipalities", PLATFORM),
    Route("admin.create_municipality", PLATFORM),
    Route("admin.edit_municipality", PLATFORM, w.municipality_id),
    Route("admin.appoint_admin", PLATFORM, w.municipality_id),
    Route("admin.archive_municipality", PLATFORM, w.municipality_id),
    Route("admin.unarchive_municipality", PLATFORM, w.municipality_id),
    Route("admin.outbox", PLATFORM),
    Route("admin.outbox_message", PLATFORM, w.outbox_message),
    Route("admin.legal_pages", PLATFORM),
    Route("admin.edit_legal_page", PLATFORM, w.legal_page),
    Route("admin.platform_admins", PLATFORM),
    Route("admin.revoke_platform_admin", PLATFORM, w.second_platform_admin),
    # Indicators across the network.
    Route("indicators_network.frameworks", PLATFORM),
    Route("indicators_network.publish_framework", PLATFORM, w.framework_version),
    Route("indicators_network.reviewers", PLATFORM),
    Route("indicators_network.remove_reviewer", PLATFORM, w.reviewer),
    Route("indicators_network.review_queue", REVIEWER),
    # Notifications.
    Route("notifications.list", OWN),
    Route("notifications.preferences", OWN),
    Route("notifications.mark_all_read", OWN),
    Route("notifications.open", OWN, w.notification_of_citizen,
          denied=("anonymous", "resident", "admin")),
    Route("notifications.follow", CONFIRMED, w.followable_proposal),
    Route("notifications.unfollow", CONFIRMED, w.followable_proposal),
    Route("notifications.unsubscribe", TOKEN, w.bad_token),
    # Comments.
    Route("comments.create", PARTICIPANT, w.proposal_to_comment),
    Route("comments.reply", PARTICIPANT, w.comment),
    Route("comments.vote", PARTICIPANT, w.comment),
    Route("comments.edit", AUTHOR, w.comment),
    Route("comments.delete", AUTHOR, w.comment),
    # Consultations.
    Route("consultations.create", ADMIN),
    Route("consultations.categories", ADMIN),
    Route("consultations.edit", ADMIN, w.consultation),
    Route("consultations.publish", ADMIN, w.draft_consultation),
    Route("consultations.archive", ADMIN, w.consultation),
    # Staff of any municipality may copy a published consultation into their own.
    Route("consultations.use_as_template", ADMIN, w.consultation,
          denied=("anonymous", "citizen", "resident", "moderator")),
    # Proposals.
    Route("proposals.create", PARTICIPANT, w.consultation),
    Route("proposals.support", PARTICIPANT, w.proposal),
    Route("proposals.unsupport", PARTICIPANT, w.proposal),
    Route("proposals.edit", AUTHOR, w.proposal),
    Route("proposals.withdraw", AUTHOR, w.proposal),
    Route("proposals.answer", ADMIN, w.proposal),
    Route("proposals.merge", ADMIN, w.proposal),
    # Open contracting: the staff pages.
    Route("contracting.staff_index", ADMIN),
    Route("contracting.create", ADMIN),
    Route("contracting.manage", ADMIN, w.process),
    Route("contracting.edit", ADMIN, w.process),
    Route("contracting.planning", ADMIN, w.process),
    Route("contracting.tender", ADMIN, w.process),
    Route("contracting.tenderers", ADMIN, w.process),
    Route("contracting.award", ADMIN, w.process, path=f"{_P}/awards/new"),
    Route("contracting.award", ADMIN, w.process_award, path=f"{_P}/awards/<int:index>"),
    Route("contracting.contract", ADMIN, w.process, path=f"{_P}/contracts/new"),
    Route("contracting.contract", ADMIN, w.process_award, path=f"{_P}/contracts/<int:index>"),
    Route("contracting.implementation", ADMIN, w.process_award),
    Route("contracting.amend", ADMIN, w.process),
    Route("contracting.link", ADMIN, w.process),
    Route("contracting.unlink", ADMIN, w.process_link),
    Route("contracting.parties", ADMIN),
    Route("contracting.party_form", ADMIN, path="/m/<municipality>/contracting/staff/parties/new"),
    Route("contracting.party_form", ADMIN, w.party,
          path="/m/<municipality>/contracting/staff/parties/<int:party_id>/edit"),
    Route("contracting.party_conflicts", ADMIN),
    Route("contracting.decide_conflict", ADMIN, w.party_conflict),
    Route("contracting.settings", ADMIN),
    Route("contracting.import_data", ADMIN),
    Route("contracting.import_result", ADMIN, w.import_batch),
    # Follow-up: staff update results and their milestones.
    Route("followup.publish_update", ADMIN, w.result),
    Route("followup.edit", ADMIN, w.result),
    Route("followup.add_milestone", ADMIN, w.result),
    Route("followup.edit_milestone", ADMIN, w.result_milestone),
    Route("followup.delete_milestone", ADMIN, w.result_milestone),
    # Indicators of a municipality.
    Route("indicators.list", ADMIN),
    Route("indicators.edit", ADMIN, w.assessment_dimension),
    Route("indicators.submit", ADMIN, w.assessment),
    Route("indicators.exchanges", ADMIN),
    Route("indicators.create_exchange", ADMIN),
    # The invited municipality's admins answer; the proposer's are "other" staff here.
    Route("indicators.decide_exchange", ADMIN, w.exchange_offered_to),
    # Reviewers review, never in a municipality where they hold a role (its admin included).
    Route("indicators.review", REVIEWER, w.submitted_assessment,
          denied=("anonymous", "citizen", "admin", "other_admin")),
    # Legislation: participation.
    Route("legislation.vote", PARTICIPANT, w.article),
    Route("legislation.amend", PARTICIPANT, w.article),
    Route("legislation.comment_passage", PARTICIPANT, w.article),
    Route("legislation.support", PARTICIPANT, w.amendment),
    Route("legislation.answer", PARTICIPANT, w.question),
    Route("legislation.withdraw", AUTHOR, w.amendment),
    # Legislation: staff.
    Route("legislation.create", ADMIN),
    Route("legislation.edit", ADMIN, w.draft),
    Route("legislation.text", ADMIN, w.draft),
    Route("legislation.publish", ADMIN, w.draft),
    Route("legislation.close", ADMIN, w.draft),
    Route("legislation.questions", ADMIN, w.draft),
    Route("legislation.response", ADMIN, w.draft),
    Route("legislation.decide", ADMIN, w.amendment),
    # The report of a draft still open is for staff only (public once participation closes).
    Route("legislation.report", ADMIN, w.draft),
    Route("legislation.summary", ADMIN, w.draft),
    Route("legislation.report_csv", ADMIN, w.draft),
    Route("legislation.report_json", ADMIN, w.draft),
    # Voting: people vote; staff prepare, open, close, enter paper totals and keep the desk.
    Route("voting.vote", PARTICIPANT, w.open_ballot),
    Route("voting.create", ADMIN, w.consultation),
    Route("voting.edit", ADMIN, w.draft_ballot),
    Route("voting.question", ADMIN, w.draft_ballot, path=f"{_B}/questions/new"),
    Route("voting.question", ADMIN, w.ballot_question,
          path=f"{_B}/questions/<int:question_id>/edit"),
    Route("voting.delete_question", ADMIN, w.ballot_question),
    Route("voting.proposal_options", ADMIN, w.ballot_question),
    Route("voting.open_ballot", ADMIN, w.draft_ballot),
    Route("voting.close_ballot", ADMIN, w.open_ballot),
    Route("voting.station", ADMIN, w.open_ballot, path=f"{_B}/stations/new"),
    Route("voting.station", ADMIN, w.ballot_station, path=f"{_B}/stations/<int:station_id>/edit"),
    Route("voting.delete_station", ADMIN, w.ballot_station),
    Route("voting.desk", ADMIN, w.open_ballot),
    # Participatory budgets: people vote; staff prepare, import, open, close and export.
    Route("budgets.vote", PARTICIPANT, w.open_budget),
    Route("budgets.create", ADMIN, w.consultation),
    Route("budgets.import_pabulib", ADMIN, w.consultation),
    Route("budgets.edit", ADMIN, w.draft_budget),
    Route("budgets.create_project", ADMIN, w.draft_budget),
    Route("budgets.edit_project", ADMIN, w.budget_project),
    Route("budgets.delete_project", ADMIN, w.budget_project),
    Route("budgets.from_proposals", ADMIN, w.draft_budget),
    Route("budgets.open_budget", ADMIN, w.draft_budget),
    Route("budgets.close_budget", ADMIN, w.open_budget),
    # The Pabulib file lists every anonymous ballot: staff publish it where they choose.
    Route("budgets.export_pabulib", ADMIN, w.closed_budget),
    # Open data: staff choose the licence.
    Route("opendata.settings", ADMIN),
    # Moderation.
    Route("moderation.report", CONFIRMED, w.comment_to_report),
    Route("moderation.appeal", AUTHOR, w.hidden_comment),
    Route("moderation.queue", MODERATOR),
    Route("moderation.act", MODERATOR),
    Route("moderation.appeals", MODERATOR),
    Route("moderation.decide_appeal", MODERATOR, w.appeal),
    Route("moderation.blocks", MODERATOR),
    Route("moderation.block", MODERATOR, w.person),
    Route("moderation.lift_block", MODERATOR, w.block),
    Route("moderation.reasons", MODERATOR),
    Route("moderation.edit_reason", MODERATOR, path="/m/<municipality>/moderation/reasons/new"),
    Route("moderation.edit_reason", MODERATOR, w.reason_template,
          path="/m/<municipality>/moderation/reasons/<int:template_id>/edit"),
    Route("moderation.delete_reason", MODERATOR, w.reason_template),
    Route("moderation.settings", ADMIN),
    # Municipality: residency and the staff area.
    Route("municipalities.residency", PARTICIPANT),
    Route("municipalities.residency_census", CONFIRMED),
    Route("municipalities.staff", ADMIN),
    Route("municipalities.settings", ADMIN),
    Route("municipalities.members", ADMIN),
    Route("municipalities.remove_member", ADMIN, w.membership),
    Route("municipalities.residents", ADMIN),
    Route("municipalities.approve_residency", ADMIN, w.residency_request),
    Route("municipalities.reject_residency", ADMIN, w.residency_request),
    Route("municipalities.revoke_residency", ADMIN, w.residency_request),
    Route("municipalities.census", ADMIN),
    Route("municipalities.audit", ADMIN),
]
# fmt: on

# Public pages showing one object, built with an object the public may not see: 404 for the
# public (anonymous visitors may be sent to the login page instead), shown to staff.
# fmt: off
HIDDEN_OBJECTS: list[Route] = [
    Route("consultations.detail", HIDDEN, w.draft_consultation),
    Route("proposals.list", HIDDEN, w.draft_consultation),
    Route("proposals.detail", HIDDEN, w.hidden_proposal),
    Route("comments.list", HIDDEN, w.hidden_proposal_comments),
    Route("legislation.detail", HIDDEN, w.unpublished_draft),
    Route("legislation.versions", HIDDEN, w.unpublished_draft),
    Route("legislation.article", HIDDEN, w.unpublished_article),
    Route("contracting.detail", HIDDEN, w.unpublished_process),
    Route("contracting.supplier", HIDDEN, w.party),  # no published process yet
    Route("indicators.detail", HIDDEN, w.assessment),  # a draft assessment
    Route("voting.detail", HIDDEN, w.draft_ballot),
    Route("voting.receipts", HIDDEN, w.draft_ballot),
    Route("budgets.detail", HIDDEN, w.draft_budget),
    Route("budgets.project", HIDDEN, w.budget_project),  # a project of a draft budget
]
# fmt: on

# Pages anyone may read: GET only, never under /staff/ or /admin/.
PUBLIC: dict[str, str] = {
    "static": "static files",
    "site.home": "the platform's home page",
    "site.health": "the health check",
    "site.legal": "terms and privacy pages",
    "site.upload": "uploaded images, by their unguessable token",
    "accounts.check_inbox": "the page shown after a mail was sent",
    "profiles.detail": "public profiles",
    "network.list": "consultations across the network",
    "indicators_network.network": "the network dashboard",
    "indicators_network.framework_page": "the indicator framework",
    "indicators_network.accepted_exchanges": "accepted exchanges",
    "indicators_network.export_csv": "open data",
    "indicators_network.export_json": "open data",
    "indicators_network.static": "static files",
    "municipalities.home": "a municipality's home page",
    "municipalities.theme": "a municipality's colours",
    "consultations.list": "published consultations (staff also see drafts)",
    "consultations.detail": "a published consultation (a draft answers 404 to the public)",
    "proposals.list": "the proposals of a visible consultation",
    "proposals.detail": "a visible proposal (hidden ones answer 404 to the public)",
    "comments.list": "the comments of a visible object",
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

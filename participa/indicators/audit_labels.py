"""Labels of the audit actions the indicators feature records, and of its audited tables."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "indicators.open_assessment": _l("Assessment opened"),
    "indicators.save_answers": _l("Assessment answers saved"),
    "indicators.submit_assessment": _l("Assessment submitted for review"),
    "indicators.review_answers": _l("Assessment answers reviewed"),
    "indicators.validate_assessment": _l("Assessment validated"),
    "indicators.return_assessment": _l("Assessment returned for changes"),
    "indicators.archive_evidence": _l("Evidence archiving tried again"),
    "indicators.upload_evidence_copy": _l("Copy of the evidence uploaded"),
    "indicators.appoint_reviewer": _l("Reviewer appointed"),
    "indicators.remove_reviewer": _l("Reviewer removed"),
    "indicators.propose_exchange": _l("Exchange proposed"),
    "indicators.accept_exchange": _l("Exchange accepted"),
    "indicators.decline_exchange": _l("Exchange declined"),
    "indicators.load_framework": _l("Indicator framework loaded"),
    "indicators.publish_framework": _l("Indicator framework published"),
}
TARGETS = {
    "indicator_assessments": _l("Assessment"),
    "indicator_exchanges": _l("Exchange"),
    "indicator_framework_versions": _l("Indicator framework"),
    "indicator_reviewers": _l("Reviewer"),
}

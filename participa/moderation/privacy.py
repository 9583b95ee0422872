"""Reports the person filed, appeals they made and blocks they received, in their export."""

from participa.accounts.privacy import register_rows
from participa.moderation.models import Appeal, ParticipationBlock, Report

register_rows(
    "reports_filed", Report, "reporter_id",
    ("municipality_id", "reportable_type", "reportable_id", "reason", "note", "created_at",
     "resolved_at", "resolution"),
)  # fmt: skip
register_rows(
    "appeals", Appeal, "author_id",
    ("reportable_type", "reportable_id", "text", "created_at", "decided_at", "outcome",
     "response"),
)  # fmt: skip
register_rows(
    "participation_blocks", ParticipationBlock, "user_id",
    ("municipality_id", "until", "reason", "created_at", "lifted_at"),
)  # fmt: skip

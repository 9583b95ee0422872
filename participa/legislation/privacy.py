"""The person's crowdlaw votes, amendments, supports, answers and passages in their export.

All stay when the account is deleted, attributed to a deleted participant: the drafts' tallies,
reports and consensus are built from them.
"""

from participa.core.features import Contributions
from participa.legislation.models import (
    Amendment,
    AmendmentSupport,
    ArticleVote,
    Passage,
    QuestionAnswer,
)

contributions = Contributions()

# (section, model, the person's column, the columns exported); every row stays on erasure.
_ROWS = [
    ("legislation_votes", ArticleVote, "user_id",
     ("draft_id", "section_id", "value", "created_at", "updated_at")),
    ("legislation_amendments", Amendment, "author_id",
     ("id", "draft_id", "section_id", "text", "justification", "state", "created_at")),
    ("legislation_amendment_supports", AmendmentSupport, "user_id", ("amendment_id", "created_at")),
    ("legislation_answers", QuestionAnswer, "user_id",
     ("question_id", "text", "choices", "created_at", "updated_at")),
    ("legislation_passages", Passage, "author_id",
     ("id", "draft_id", "section_id", "quote", "created_at")),
]  # fmt: skip
for section, model, person, columns in _ROWS:
    contributions.add("personal_data_rows", section, model, person, columns, on_erase="keep")

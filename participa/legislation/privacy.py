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

contributions.add("personal_data_rows",
    "legislation_votes", ArticleVote, "user_id",
    ("draft_id", "section_id", "value", "created_at", "updated_at"),
    on_erase="keep",
)  # fmt: skip
contributions.add("personal_data_rows",
    "legislation_amendments", Amendment, "author_id",
    ("id", "draft_id", "section_id", "text", "justification", "state", "created_at"),
    on_erase="keep",
)  # fmt: skip
contributions.add("personal_data_rows",
    "legislation_amendment_supports", AmendmentSupport, "user_id", ("amendment_id", "created_at"),
    on_erase="keep",
)  # fmt: skip
contributions.add("personal_data_rows",
    "legislation_answers", QuestionAnswer, "user_id",
    ("question_id", "text", "choices", "created_at", "updated_at"),
    on_erase="keep",
)  # fmt: skip
contributions.add("personal_data_rows",
    "legislation_passages", Passage, "author_id",
    ("id", "draft_id", "section_id", "quote", "created_at"),
    on_erase="keep",
)  # fmt: skip

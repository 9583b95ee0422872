"""The person's comments and comment votes in their data export.

Both stay when the account is deleted: comments as by a deleted participant, votes because the
scores of other people's comments count them.
"""

from participa.comments.models import Comment, CommentVote
from participa.core.features import Contributions

contributions = Contributions()

contributions.add("personal_data_rows",
    "comments", Comment, "author_id",
    ("id", "municipality_id", "commentable_type", "commentable_id", "parent_id", "body",
     "alignment", "created_at", "edited_at", "deleted_at", "hidden_at"),
    on_erase="keep",
)  # fmt: skip
contributions.add(
    "personal_data_rows",
    "comment_votes",
    CommentVote,
    "user_id",
    ("comment_id", "value"),
    on_erase="keep",
)

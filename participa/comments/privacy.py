"""The person's comments and comment votes in their data export."""

from participa.accounts.privacy import register_rows
from participa.comments.models import Comment, CommentVote

register_rows(
    "comments", Comment, "author_id",
    ("id", "municipality_id", "commentable_type", "commentable_id", "parent_id", "body",
     "alignment", "created_at", "edited_at", "deleted_at", "hidden_at"),
)  # fmt: skip
register_rows("comment_votes", CommentVote, "user_id", ("comment_id", "value"))

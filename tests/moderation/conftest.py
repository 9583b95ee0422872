from tests.comments.support import (  # noqa: F401
    _request_context,
    commenter,
    old_user,
    other_proposal,
    proposal,
    proposal_author,
)

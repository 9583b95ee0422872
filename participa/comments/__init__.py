"""Comments shared by every participatory feature (a generic "commentable" relation).

Register a model with :func:`participa.comments.registry.register_commentable`, then in the
detail view build ``thread_for_request(obj, kind, current_user)`` and render it with
``{% from "comments/_thread.html" import comment_section with context %}``.
"""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("comments", __name__, "/comments")

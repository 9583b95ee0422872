"""Comments shared by every participatory feature (a generic "commentable" relation).

Contribute a model to the ``commentable`` system in your manifest, then in the detail view build
``comments.services.thread_for(obj, kind, current_user)`` and render it with
``{% from "comments/_thread.html" import comment_section with context %}``.
"""

from participa.core.tenancy import municipality_blueprint

bp = municipality_blueprint("comments", __name__, "/comments")

"""The documents a person attached, in their export; on erasure they stay with the content
that shows them (like a proposal's image) and stop pointing at the person."""

from participa.core.features import Contributions
from participa.media.models import Attachment

contributions = Contributions()
contributions.add(
    "personal_data_rows",
    "attachments",
    Attachment,
    "uploader_id",
    ("id", "target_kind", "target_id", "title", "language", "created_at"),
    on_erase="unlink",
)

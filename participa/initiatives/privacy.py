"""The person's initiatives and signatures in their data export.

Initiatives stay when the account is deleted (public contributions, as by a deleted
participant); signatures go with it, and the initiatives they were on are recounted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from participa.core.features import Contributions
from participa.extensions import db
from participa.initiatives.models import Initiative, Signature
from participa.initiatives.signatures import erase_signatures

if TYPE_CHECKING:
    from participa.accounts.models import User


def export_signatures(user: User) -> list[dict[str, Any]]:
    """The initiatives the person signed, and when."""
    rows = db.session.execute(
        select(Signature.initiative_id, Initiative.title, Signature.created_at)
        .join(Initiative, Initiative.id == Signature.initiative_id)
        .where(Signature.user_id == user.id)
        .order_by(Signature.id)
    ).all()
    return [
        {"initiative_id": initiative_id, "title": title, "signed_at": signed_at.isoformat()}
        for initiative_id, title, signed_at in rows
    ]


contributions = Contributions()
contributions.add("personal_data_rows",
    "initiatives", Initiative, "author_id",
    ("id", "municipality_id", "title", "body", "state", "signatures_count", "decision_reason",
     "answer_text", "created_at", "answered_at"),
    on_erase="keep",
)  # fmt: skip
contributions.add("personal_data_export", "initiative_signatures", export_signatures)
contributions.add("personal_data_cover", Signature, "user_id", "delete", erase=erase_signatures)

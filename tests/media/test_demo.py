"""The demo's pictures and documents are drawn and written in the loader, nothing downloaded."""

from __future__ import annotations

from sqlalchemy import func, select

from participa.cli import DEMO_PASSWORD
from participa.consultations.models import Consultation
from participa.core.documents import sniff
from participa.core.features import load_demo
from participa.core.models import Upload
from participa.core.uploads import upload_bytes
from participa.extensions import db
from participa.media.models import Attachment


def test_demo_images_and_documents(app):
    load_demo(DEMO_PASSWORD)
    db.session.commit()
    covers = db.session.scalars(
        select(Consultation).where(Consultation.cover_id.is_not(None))
    ).all()
    assert covers and all(c.cover.alt and len(c.cover.variants) == 3 for c in covers)
    kinds = set(db.session.scalars(select(Attachment.target_kind)))
    assert {"consultation", "proposal", "legislation_draft"} <= kinds
    for attachment in db.session.scalars(select(Attachment)):
        data = upload_bytes(attachment.upload)
        assert sniff(data).content_type == attachment.upload.content_type
    assert db.session.scalar(select(func.count(Upload.id)).where(Upload.public.is_(False))) == (
        db.session.scalar(select(func.count(Attachment.id)))
    )

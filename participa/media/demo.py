"""Demo pictures and documents, drawn and written here (nothing is downloaded)."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageDraw
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from participa.core.samples import pdf
from participa.core.uploads import save_image
from participa.extensions import db
from participa.media.models import Attachment

if TYPE_CHECKING:
    from participa.accounts.models import User


def picture(colour: tuple[int, int, int], size: tuple[int, int] = (1600, 900)) -> bytes:
    """A simple landscape: sky, a hill and a sun, as a JPEG."""
    image = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(image)
    width, height = size
    draw.ellipse((-width // 4, height // 2, width * 5 // 4, height * 2), fill=(70, 140, 70))
    draw.ellipse((width * 3 // 4, height // 10, width * 7 // 8, height // 10 + width // 8),
                 fill=(250, 210, 60))  # fmt: skip
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def odt(text: str) -> bytes:
    """A minimal OpenDocument text holding one paragraph."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )  # fmt: skip
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"'
            ' manifest:version="1.2"><manifest:file-entry manifest:full-path="/"'
            ' manifest:media-type="application/vnd.oasis.opendocument.text"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            "</manifest:manifest>",
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            "<office:document-content"
            ' xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
            ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
            f"<office:body><office:text><text:p>{text}</text:p></office:text></office:body>"
            "</office:document-content>",
        )
    return out.getvalue()


def docx(text: str) -> bytes:
    """A minimal Word document holding one paragraph."""
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/word/document.xml" ContentType="{main}"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>",
        )
    return out.getvalue()


def _file(data: bytes, name: str) -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def _attach(target: Any, kind: str, actor: User | None, data: bytes, content_type: str, title: str,
            language: str) -> None:  # fmt: skip
    from participa.core.uploads import store_upload

    upload = store_upload(data, content_type=content_type, municipality=target.municipality,
                          uploader=actor, public=False)  # fmt: skip
    attachment = Attachment(
        municipality_id=target.municipality_id, target_kind=kind, target_id=target.id,
        upload_id=upload.id, title=title, language=language, uploader_id=getattr(actor, "id", None),
    )  # fmt: skip
    db.session.add(attachment)


def load_demo(context: dict[str, Any]) -> None:
    """Cover images on a consultation and its proposals, documents on them and on a draft."""
    from participa.proposals.models import Proposal

    consultations = context.get("consultations") or {}
    colours = [(120, 180, 230), (230, 170, 120), (170, 150, 220)]
    for index, consultation in enumerate(list(consultations.values())[:2]):
        if consultation.cover_id is None:
            consultation.cover_id = save_image(
                _file(picture(colours[index]), "cover.jpg"),
                municipality=consultation.municipality,
                alt="Drawing of a green hill under a sunny sky",
            ).id
        proposals = db.session.scalars(
            select(Proposal).where(Proposal.consultation_id == consultation.id)
            .order_by(Proposal.id).limit(2)
        ).all()  # fmt: skip
        for number, proposal in enumerate(proposals):
            if proposal.image_id is None:
                proposal.image_id = save_image(
                    _file(picture(colours[(index + number + 1) % 3], (1200, 800)), "p.jpg"),
                    municipality=proposal.municipality,
                    uploader=proposal.author,
                    alt="Sketch of the place the proposal is about",
                ).id
        _attach(consultation, "consultation", None, pdf("Consultation rules"), "application/pdf",
                "Rules of the consultation", "es")  # fmt: skip
        if proposals:
            _attach(proposals[0], "proposal", proposals[0].author, odt("Budget estimate"),
                    "application/vnd.oasis.opendocument.text", "Budget estimate", "es")  # fmt: skip
    for draft in (context.get("legislation_drafts") or {}).values():
        _attach(draft, "legislation_draft", None, docx("Technical report"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                "Technical report", "es")  # fmt: skip
    db.session.flush()

"""Documents attached to consultations, proposals, drafts and processes: who, where, how served."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from participa.core.errors import DomainError
from participa.core.models import AuditEntry, Upload
from participa.extensions import db
from participa.media import services
from participa.media.demo import docx, odt, pdf
from participa.media.models import Attachment
from tests import factories
from tests.consultations.helpers import make_consultation


def file(data: bytes, name: str = "doc.pdf") -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def attach(target, actor, data: bytes = b"", title: str = "Annex", language: str = "es"):
    attachment = services.add_attachment(
        target, actor=actor, file=file(data or pdf("Annex")), title=title, language=language
    )
    db.session.commit()
    return attachment


# --- Services ------------------------------------------------------------------------------------


def test_staff_changes_are_audited_authors_are_not(app, consultation, proposal, staff):
    attach(consultation, staff, title="Reglamento")
    attach(proposal, proposal.author, odt("Presupuesto"), title="Presupuesto")
    actions = db.session.scalars(select(AuditEntry.action)).all()
    assert actions.count("media.attach") == 1
    entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "media.attach")).one()
    assert entry.target_type == "consultations" and entry.details["title"] == "Reglamento"


def test_bad_input_is_refused(app, consultation, staff):
    with pytest.raises(DomainError) as refused:
        services.add_attachment(consultation, actor=staff, file=file(pdf("x")), title=" ",
                                language="es")  # fmt: skip
    assert refused.value.status == 422
    with pytest.raises(DomainError):
        services.add_attachment(consultation, actor=staff, file=file(pdf("x")), title="T",
                                language="xx")  # fmt: skip
    with pytest.raises(DomainError):
        services.add_attachment(consultation, actor=staff, file=file(b"MZ\x90\x00", "a.pdf"),
                                title="T", language="es")  # fmt: skip
    db.session.rollback()
    assert db.session.scalar(select(func.count(Attachment.id))) == 0
    assert db.session.scalar(select(func.count(Upload.id))) == 0


def test_removing_an_attachment_removes_its_file(app, consultation, staff):
    attachment = attach(consultation, staff)
    services.remove_attachment(attachment, consultation, actor=staff)
    db.session.commit()
    assert db.session.scalar(select(func.count(Upload.id))) == 0
    assert "media.remove" in db.session.scalars(select(AuditEntry.action)).all()


def test_deleting_the_content_removes_its_documents(app, municipality, staff):
    consultation = make_consultation(municipality, status="draft")
    attach(consultation, staff)
    other = attach(make_consultation(municipality), staff)
    db.session.delete(consultation)
    db.session.commit()
    assert db.session.scalars(select(Attachment.id)).all() == [other.id]
    assert db.session.scalar(select(func.count(Upload.id))) == 1


def test_the_list_takes_one_query_whatever_its_length(app, consultation, staff, count_queries):
    attach(consultation, staff)
    db.session.refresh(consultation)
    with count_queries() as one:
        assert len(services.attachments_of(consultation)) == 1
    for _ in range(4):
        attach(consultation, staff)
    db.session.refresh(consultation)
    with count_queries() as five:
        found = services.attachments_of(consultation)
        assert [a.upload.size for a in found]
    assert len(found) == 5 and five.count == one.count == 1


# --- Pages and downloads -------------------------------------------------------------------------


def test_the_proposal_page_lists_documents_with_type_size_and_language(
    app, client, proposal, monkeypatch
):
    attach(proposal, proposal.author, docx("Informe"), title="Informe técnico", language="pt")
    page = client.get(f"/m/{proposal.municipality.slug}/proposals/{proposal.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Informe técnico" in html
    assert "Word document" in html or "Documento" in html
    assert "kB" in html
    assert 'hreflang="pt"' in html


def test_downloads_are_attachments_with_their_type_and_nosniff(app, client, consultation, staff):
    attachment = attach(consultation, staff, title="Reglamento general / 2026")
    token = attachment.upload.token
    response = client.get(f"/m/{consultation.municipality.slug}/attachments/files/{token}")
    assert response.status_code == 200
    assert response.data.startswith(b"%PDF-")
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert ".pdf" in response.headers["Content-Disposition"]
    assert "/" not in response.headers["Content-Disposition"].split("filename")[1]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # The generic image route never serves a document.
    assert client.get(f"/uploads/{token}").status_code == 404


def test_hidden_content_hides_its_documents(app, client, login, proposal, staff):
    from participa.moderation import services as moderation

    attachment = attach(proposal, proposal.author)
    url = f"/m/{proposal.municipality.slug}/attachments/files/{attachment.upload.token}"
    assert client.get(url).status_code == 200
    moderator = factories.member(proposal.municipality, "moderator")
    moderation.moderate("proposal", proposal, actor=moderator, action="hide", reason="Spam",
                        notify_author=False)  # fmt: skip
    db.session.commit()
    assert client.get(url).status_code == 404
    assert login(staff).get(url).status_code == 200


def test_another_municipality_answers_404(app, client, login, consultation, other_municipality,
                                          staff):  # fmt: skip
    attachment = attach(consultation, staff)
    slug = other_municipality.slug
    other_staff = factories.member(other_municipality, "admin")
    db.session.commit()
    browser = login(other_staff)
    assert browser.get(f"/m/{slug}/attachments/files/{attachment.upload.token}").status_code == 404
    assert (
        browser.get(f"/m/{slug}/attachments/consultation/{consultation.id}/new").status_code == 404
    )
    assert browser.post(f"/m/{slug}/attachments/{attachment.id}/delete").status_code == 404
    assert db.session.scalar(select(func.count(Attachment.id))) == 1


def test_attaching_through_the_form(app, client, login, consultation, staff):
    url = f"/m/{consultation.municipality.slug}/attachments/consultation/{consultation.id}/new"
    browser = login(staff)
    assert browser.get(url).status_code == 200
    bad = browser.post(url, data={"title": "Mi anexo", "language": "es",
                                  "file": (io.BytesIO(b"MZ\x90\x00"), "anexo.pdf")},
                       content_type="multipart/form-data")  # fmt: skip
    assert bad.status_code == 422
    assert 'value="Mi anexo"' in bad.get_data(as_text=True)  # what was typed stays
    good = browser.post(url, data={"title": "Mi anexo", "language": "es",
                                   "file": (io.BytesIO(pdf("ok")), "anexo.pdf")},
                        content_type="multipart/form-data")  # fmt: skip
    assert good.status_code == 302
    assert db.session.scalar(select(Attachment.title)) == "Mi anexo"


def test_an_oversize_document_answers_413_keeping_the_form(app, client, login, consultation, staff,
                                                          monkeypatch):  # fmt: skip
    monkeypatch.setitem(app.config, "MAX_DOCUMENT_BYTES", 500)
    url = f"/m/{consultation.municipality.slug}/attachments/consultation/{consultation.id}/new"
    response = login(staff).post(
        url, data={"title": "Grande", "language": "es",
                   "file": (io.BytesIO(pdf("x" * 1000)), "grande.pdf")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 413
    assert 'value="Grande"' in response.get_data(as_text=True)


# --- Personal data -------------------------------------------------------------------------------


def test_the_export_lists_the_persons_documents_and_erasure_unlinks_them(app, proposal):
    from participa.accounts.privacy import erase_personal_data, export_data

    attach(proposal, proposal.author, title="Mi presupuesto")
    exported = export_data(proposal.author)
    assert [row["title"] for row in exported["attachments"]] == ["Mi presupuesto"]
    assert exported["uploads"][0]["url"] is None  # not public: listed with the content
    erase_personal_data(proposal.author)
    db.session.commit()
    attachment = db.session.scalars(select(Attachment)).one()
    assert attachment.uploader_id is None and attachment.upload.uploader_id is None

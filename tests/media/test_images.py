"""Images: checked by content, stripped of metadata, turned upright, resized, replaced cleanly."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from participa.core.errors import DomainError
from participa.core.models import Upload
from participa.core.uploads import IMAGE_WIDTHS, release_upload, save_image, upload_bytes
from participa.extensions import db


def jpeg(size=(1600, 900), exif: Image.Exif | None = None) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", exif=exif or Image.Exif())
    return out.getvalue()


def file(data: bytes, name: str = "photo.jpg") -> FileStorage:
    return FileStorage(io.BytesIO(data), filename=name)


def widths(upload: Upload) -> list[int]:
    return [v.width for v in upload.variants]


def test_smaller_copies_at_each_width_never_enlarged(app):
    upload = save_image(file(jpeg((1600, 900))), alt="A red square")
    db.session.commit()
    assert (upload.width, upload.height, upload.alt) == (1600, 900, "A red square")
    assert widths(upload) == list(IMAGE_WIDTHS)
    assert [v.height for v in upload.variants] == [180, 360, 720]
    assert all(v.content_type == "image/jpeg" and v.variant_of_id == upload.id
               for v in upload.variants)  # fmt: skip
    small = save_image(file(jpeg((500, 400))))
    assert widths(small) == [320]
    tiny = save_image(file(jpeg((100, 50))))
    assert widths(tiny) == []


def test_exif_is_stripped_and_the_orientation_applied(app):
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    exif[0x010F] = "Camera maker"
    exif[0x0131] = "Editing software 1.0"
    upload = save_image(file(jpeg((400, 200), exif)))
    stored = Image.open(io.BytesIO(upload_bytes(upload)))
    assert stored.size == (200, 400) == (upload.width, upload.height)
    assert not stored.getexif()
    for variant in upload.variants:
        assert not Image.open(io.BytesIO(upload_bytes(variant))).getexif()


def test_a_decompression_bomb_answers_413_before_decoding(app):
    out = io.BytesIO()
    Image.new("1", (10_000, 10_000)).save(out, "PNG")  # a few kB, 100 million pixels
    assert len(out.getvalue()) < 100_000
    with pytest.raises(DomainError) as refused:
        save_image(file(out.getvalue(), "bomb.png"))
    assert refused.value.status == 413
    assert db.session.scalar(select(func.count(Upload.id))) == 0


def test_oversize_images_answer_413_and_others_422(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_IMAGE_BYTES", 1000)
    with pytest.raises(DomainError) as refused:
        save_image(file(jpeg()))
    assert refused.value.status == 413
    with pytest.raises(DomainError) as refused:
        save_image(file(b"MZ\x90\x00 an executable", "photo.jpg"))
    assert refused.value.status == 422


def test_alt_text_is_required_when_asked(app):
    with pytest.raises(DomainError) as refused:
        save_image(file(jpeg()), alt="  ", alt_required=True)
    assert refused.value.status == 422
    assert db.session.scalar(select(func.count(Upload.id))) == 0


def test_releasing_an_image_deletes_its_copies_unless_still_shown(app):
    upload = save_image(file(jpeg()))
    db.session.commit()
    release_upload(upload.id)
    db.session.commit()
    assert db.session.scalar(select(func.count(Upload.id))) == 0


def test_folder_storage_keeps_every_copy_and_removes_them_together(folder_app, tmp_path):
    upload = save_image(file(jpeg()))
    db.session.commit()
    files = [p for p in (tmp_path / "files").rglob("*") if p.is_file()]
    assert len(files) == 1 + len(IMAGE_WIDTHS)
    assert all(v.storage == "folder" and v.data is None for v in upload.variants)
    response = folder_app.test_client().get(f"/uploads/{upload.variants[0].token}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert Image.open(io.BytesIO(response.data)).width == 320
    release_upload(upload.id)
    db.session.commit()
    assert [p for p in (tmp_path / "files").rglob("*") if p.is_file()] == []


def test_a_budget_project_replacing_its_image_deletes_the_old_copies(app, municipality, staff):
    from participa.budgets import services as budgets
    from tests.budgets.helpers import make_budget

    budget = make_budget(municipality, status="draft", staff=staff, projects=())
    data = {"title": "Plaza", "cost": Decimal(10), "image_alt": "The square"}
    project = budgets.save_project(budget, actor=staff, data=data, image=file(jpeg()))
    db.session.commit()
    first = project.image_id
    budgets.save_project(budget, actor=staff, data=data, image=file(jpeg((800, 600))),
                         project=project)  # fmt: skip
    db.session.commit()
    assert project.image_id != first
    assert db.session.get(Upload, first) is None
    assert db.session.scalar(
        select(func.count(Upload.id)).where(Upload.variant_of_id == first)
    ) == 0  # fmt: skip
    assert db.session.scalar(select(func.count(Upload.id))) == 1 + 2  # 800 px: 320 and 640

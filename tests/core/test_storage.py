"""Upload storage: database (default), folder and S3-compatible, chosen by UPLOAD_STORAGE."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from PIL import Image
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from participa.core import storage
from participa.core.errors import DomainError
from participa.core.models import Upload
from participa.core.uploads import prune_orphans, save_image, upload_bytes
from participa.extensions import db
from tests.conftest import app_like


def png(size: tuple[int, int] = (4, 3)) -> bytes:
    """A small PNG written as save_image writes images (re-encoded without metadata), so the
    stored bytes equal it."""
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, "PNG")
    return buffer.getvalue()


def upload_file(data: bytes) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename="x.png", content_type="image/png")


def stored_files(folder) -> list:
    return [p for p in folder.rglob("*") if p.is_file()]


def _assert_served(client, upload: Upload, data: bytes) -> None:
    response = client.get(f"/uploads/{upload.token}")
    assert response.status_code == 200
    assert response.data == data
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"] == "inline; filename=image"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_the_database_is_the_default(client):
    data = png()
    upload = save_image(upload_file(data))
    db.session.commit()
    assert (upload.storage, upload.storage_key, upload.data) == ("database", None, data)
    _assert_served(client, upload, data)


def test_folder_storage_keeps_the_bytes_out_of_the_database(folder_app, tmp_path):
    data = png()
    upload = save_image(upload_file(data))
    db.session.commit()
    assert upload.storage == "folder" and upload.data is None
    # The key is unguessable and is not the public token.
    assert len(upload.storage_key) >= 43 and upload.storage_key != upload.token
    files = stored_files(tmp_path / "files")
    assert [f.name for f in files] == [upload.storage_key]
    assert files[0].read_bytes() == data
    _assert_served(folder_app.test_client(), upload, data)


def test_rows_stored_in_the_database_keep_working_after_the_switch(app, folder_app):
    data = png()
    with app.app_context():
        old = save_image(upload_file(data))
        db.session.commit()
        token = old.token
    row = db.session.scalars(select(Upload).where(Upload.token == token)).one()
    assert row.storage == "database"
    _assert_served(folder_app.test_client(), row, data)


def test_a_rolled_back_upload_leaves_no_file(folder_app, tmp_path):
    save_image(upload_file(png()))
    assert len(stored_files(tmp_path / "files")) == 1
    db.session.rollback()
    assert stored_files(tmp_path / "files") == []


def test_refused_files_are_never_written(folder_app, tmp_path):
    with folder_app.test_request_context():
        with pytest.raises(DomainError):
            save_image(upload_file(b"%PDF-1.4 not an image"))
        folder_app.config["MAX_IMAGE_BYTES"] = 100
        with pytest.raises(DomainError) as refused:
            save_image(upload_file(png((200, 200))))
    assert refused.value.status == 413
    assert not (tmp_path / "files").exists() or stored_files(tmp_path / "files") == []


def test_pruned_orphans_lose_their_file_after_the_commit(folder_app, tmp_path):
    upload = save_image(upload_file(png()))
    upload.created_at -= timedelta(days=2)
    db.session.commit()
    assert prune_orphans() == 1
    assert len(stored_files(tmp_path / "files")) == 1  # not before the commit
    db.session.commit()
    assert stored_files(tmp_path / "files") == []


def test_a_missing_object_answers_404(folder_app, tmp_path):
    upload = save_image(upload_file(png()))
    db.session.commit()
    for path in stored_files(tmp_path / "files"):
        path.unlink()
    assert folder_app.test_client().get(f"/uploads/{upload.token}").status_code == 404


def test_folder_keys_cannot_leave_the_folder(tmp_path):
    folder = storage.FolderStorage(tmp_path)
    with pytest.raises(ValueError):
        folder.get("../../etc/passwd")


class FakeS3:
    """The three calls S3Storage makes, with botocore's error shape for a missing key."""

    class ClientError(Exception):
        def __init__(self, code: str) -> None:
            self.response = {"Error": {"Code": code}}

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], tuple[bytes, str]] = {}

    def put_object(self, *, Bucket: str, Key: str, Body: bytes, ContentType: str) -> None:
        self.objects[(Bucket, Key)] = (Body, ContentType)

    def get_object(self, *, Bucket: str, Key: str) -> dict:
        if (Bucket, Key) not in self.objects:
            raise self.ClientError("NoSuchKey")
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)][0])}

    def delete_object(self, *, Bucket: str, Key: str) -> None:
        self.objects.pop((Bucket, Key), None)


@pytest.fixture
def s3_app(app):
    other = app_like(app)
    fake = FakeS3()
    other.extensions[storage.EXTENSION_KEY] = storage.S3Storage(
        "participa-files", "uploads/", client=fake
    )
    with other.app_context():
        yield other, fake
        db.session.remove()
        db.engine.dispose()


def test_s3_storage_puts_serves_and_deletes_objects(s3_app):
    other, fake = s3_app
    data = png()
    upload = save_image(upload_file(data))
    db.session.commit()
    assert upload.storage == "s3" and upload.data is None
    assert fake.objects == {
        ("participa-files", "uploads/" + upload.storage_key): (data, "image/png")
    }
    _assert_served(other.test_client(), upload, data)
    fake.objects.clear()
    assert upload_bytes(upload) is None
    assert other.test_client().get(f"/uploads/{upload.token}").status_code == 404


def test_s3_objects_of_a_rollback_are_removed(s3_app):
    _other, fake = s3_app
    save_image(upload_file(png()))
    assert len(fake.objects) == 1
    db.session.rollback()
    assert fake.objects == {}


def test_s3_storage_through_boto3_and_moto(app):
    pytest.importorskip("boto3")
    moto = pytest.importorskip("moto")
    import boto3

    with moto.mock_aws():
        client = boto3.client("s3", region_name="us-east-1")
        client.create_bucket(Bucket="participa-files")
        target = storage.S3Storage("participa-files", "u/", client=client)
        key = storage.new_key()
        target.put(key, b"bytes", "image/png")
        assert target.get(key) == b"bytes"
        target.delete(key)
        assert target.get(key) is None


@pytest.mark.parametrize(
    "settings,message",
    [
        ({"UPLOAD_STORAGE": "folder"}, "UPLOAD_FOLDER"),
        ({"UPLOAD_STORAGE": "s3"}, "S3_BUCKET"),
        ({"UPLOAD_STORAGE": "ftp"}, "database, folder or s3"),
    ],
)
def test_incomplete_storage_settings_stop_the_start(app, settings, message):
    with pytest.raises(storage.ConfigurationError, match=message):
        app_like(app, **settings)


def test_folder_rows_keep_working_after_a_switch_to_s3(app, folder_app, tmp_path):
    data = png()
    upload = save_image(upload_file(data))
    db.session.commit()
    token = upload.token
    # Now on S3, with the folder still configured for the rows written before.
    s3 = app_like(app, UPLOAD_FOLDER=str(tmp_path / "files"))
    s3.extensions[storage.EXTENSION_KEY] = storage.S3Storage("b", client=FakeS3())
    response = s3.test_client().get(f"/uploads/{token}")
    assert response.status_code == 200 and response.data == data
    # Without the folder's setting those rows answer 404, never 500.
    bare = app_like(app)
    assert bare.test_client().get(f"/uploads/{token}").status_code == 404
    for other in (s3, bare):
        with other.app_context():
            db.engine.dispose()

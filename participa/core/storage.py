"""Where uploaded files' bytes live: the database (default), a folder, or S3-compatible storage.

``UPLOAD_STORAGE`` picks the storage for new files; each upload row records the storage it was
written to (``uploads.storage``) and its object key, so rows written before a change keep
working (rows stored in the database keep their bytes in ``uploads.data``). Keys are random and
unguessable, and separate from the public token in the URL.

Writes and deletions follow the database transaction: an object written by a transaction that
rolls back is removed, and an object whose row is deleted is removed only once that commit
succeeds, so a failed request leaves neither broken rows nor lost files.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import tempfile
from pathlib import Path
from typing import Any, Protocol

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

logger = logging.getLogger(__name__)

EXTENSION_KEY = "participa.storage"
DATABASE = "database"
_KEY = re.compile(r"^[A-Za-z0-9_-]{32,64}\Z")


class ConfigurationError(RuntimeError):
    """The upload storage settings are incomplete."""


class ObjectStorage(Protocol):
    """A place for files' bytes, addressed by key."""

    name: str

    def put(self, key: str, data: bytes, content_type: str) -> None: ...

    def get(self, key: str) -> bytes | None: ...

    def delete(self, key: str) -> None: ...


def new_key() -> str:
    """An unguessable object key, safe as a file name and as an S3 key."""
    return secrets.token_urlsafe(32)


def _checked(key: str) -> str:
    # Keys come from our own rows, but a path built from a key must never leave the folder.
    if not _KEY.match(key):
        raise ValueError("invalid storage key")
    return key


class FolderStorage:
    """Files in a local (or network-mounted, shared by every app server) folder."""

    name = "folder"

    def __init__(self, root: str | os.PathLike[str]) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        key = _checked(key)
        return self.root / key[:2] / key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written aside and renamed: a reader never sees half a file.
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> bytes | None:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            return None

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)


class S3Storage:
    """Objects in an S3-compatible bucket (AWS S3, MinIO, Ceph, Garage...), through boto3."""

    name = "s3"

    def __init__(self, bucket: str, prefix: str = "", client: Any | None = None, **options: Any):
        self.bucket = bucket
        self.prefix = prefix
        if client is None:
            import boto3  # an optional dependency: pip install 'participa[s3]'

            client = boto3.client("s3", **{k: v for k, v in options.items() if v})
        self.client = client

    def _key(self, key: str) -> str:
        return self.prefix + _checked(key)

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self._key(key), Body=data, ContentType=content_type
        )

    def get(self, key: str) -> bytes | None:
        try:
            response = self.client.get_object(Bucket=self.bucket, Key=self._key(key))
        except Exception as error:  # botocore's ClientError; boto3 is imported lazily
            code = getattr(error, "response", {}).get("Error", {}).get("Code")
            if code in ("NoSuchKey", "404"):
                return None
            raise
        return response["Body"].read()  # type: ignore[no-any-return]

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))


def _build(app: Flask, kind: str) -> ObjectStorage:
    if kind == "folder":
        folder = app.config.get("UPLOAD_FOLDER")
        if not folder:
            raise ConfigurationError("UPLOAD_STORAGE=folder needs UPLOAD_FOLDER (a directory).")
        return FolderStorage(folder)
    if kind == "s3":
        bucket = app.config.get("S3_BUCKET")
        if not bucket:
            raise ConfigurationError("UPLOAD_STORAGE=s3 needs S3_BUCKET.")
        return S3Storage(
            bucket,
            app.config.get("S3_PREFIX", ""),
            endpoint_url=app.config.get("S3_ENDPOINT_URL"),
            region_name=app.config.get("S3_REGION"),
        )
    raise ConfigurationError(f"UPLOAD_STORAGE must be database, folder or s3, not {kind!r}.")


def build(app: Flask) -> ObjectStorage | None:
    """The storage new uploads go to, from the settings; None for the database."""
    kind = app.config.get("UPLOAD_STORAGE", DATABASE)
    return None if kind == DATABASE else _build(app, kind)


def init_app(app: Flask) -> None:
    """Build the configured storage once, so a wrong setting stops the start, not a request."""
    app.extensions[EXTENSION_KEY] = build(app)


def active() -> ObjectStorage | None:
    """The storage new uploads go to (None: the database)."""
    return current_app.extensions.get(EXTENSION_KEY)


def storage_named(name: str) -> ObjectStorage:
    """The storage an existing row was written to.

    After a switch (say from a folder to S3) rows written before keep reading their old storage
    as long as its settings (``UPLOAD_FOLDER`` or ``S3_*``) stay; LookupError otherwise.
    """
    storage = active()
    if storage is not None and storage.name == name:
        return storage
    others: dict[str, ObjectStorage] = current_app.extensions.setdefault(
        EXTENSION_KEY + ".others", {}
    )
    if name not in others:
        try:
            others[name] = _build(current_app._get_current_object(), name)  # type: ignore[attr-defined]
        except ConfigurationError:
            raise LookupError(f"upload storage {name!r} is not configured") from None
    return others[name]


def put(session: Session, storage: ObjectStorage, key: str, data: bytes, content_type: str) -> None:
    """Write an object now; it is removed again if ``session``'s transaction rolls back."""
    storage.put(key, data, content_type)
    session.info.setdefault("storage_written", []).append((storage, key))


def delete_after_commit(session: Session, storage: ObjectStorage, key: str) -> None:
    """Remove an object once ``session``'s transaction has committed."""
    session.info.setdefault("storage_doomed", []).append((storage, key))


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    session.info.pop("storage_written", None)
    for storage, key in session.info.pop("storage_doomed", []):
        try:
            storage.delete(key)
        except Exception:  # the row is gone already; a leftover object only costs space
            logger.warning("could not delete stored upload %s", key, exc_info=True)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, _previous: Any) -> None:
    if session.in_transaction():
        return  # a savepoint rolled back; the outer transaction may still commit
    session.info.pop("storage_doomed", None)
    for storage, key in session.info.pop("storage_written", []):
        try:
            storage.delete(key)
        except Exception:
            logger.warning("could not remove upload %s after a rollback", key, exc_info=True)

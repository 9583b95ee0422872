"""The indicator framework as data: read a version from a JSON file, load it, make it current."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import select, update

from participa.core import audit
from participa.core.errors import DomainError
from participa.db import length_of, utcnow
from participa.extensions import db
from participa.indicators.models import LANGUAGES, Dimension, FrameworkVersion, Indicator, Localized

if TYPE_CHECKING:
    from participa.accounts.models import User

logger = logging.getLogger(__name__)

DEFAULT_PATH = Path(__file__).parent / "data" / "framework-2026.json"
VERSION_RE = re.compile(r"^\d{4}\.\d{1,3}\Z")
CODE_RE = re.compile(r"^[A-Z]{2,5}(-\d{2})?\Z")


def read_framework_file(path: str | Path | None = None) -> dict[str, Any]:
    """Read a framework version from a JSON file (the one in the repository by default)."""
    with open(path or DEFAULT_PATH, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    check_framework(data)
    return data


def check_framework(data: dict[str, Any]) -> None:
    """Refuse a framework file that lacks a code, a language or that repeats a code."""
    if not VERSION_RE.match(str(data.get("code", ""))):
        raise DomainError(_("The framework version code must look like 2026.1."), status=422)
    _check_length(data["code"], "title", data.get("title"), length_of(FrameworkVersion.title))
    seen: set[str] = set()
    dimensions = data.get("dimensions") or []
    if not dimensions:
        raise DomainError(_("The framework has no dimensions."), status=422)
    for dimension in dimensions:
        _check_item(dimension, ("name",), seen)
        if not dimension.get("indicators"):
            raise DomainError(
                _("Dimension %(code)s has no indicators.", code=dimension["code"]), status=422
            )
        for indicator in dimension["indicators"]:
            _check_item(indicator, ("name", "question"), seen)


def _check_item(item: dict[str, Any], texts: tuple[str, ...], seen: set[str]) -> None:
    code = str(item.get("code", ""))
    if not CODE_RE.match(code) or code in seen:
        raise DomainError(_("Missing, malformed or repeated code: %(code)s.", code=code), 422)
    seen.add(code)
    for field in texts:
        if not (item.get(field) or {}).get("es"):
            raise DomainError(
                _("%(code)s needs a Spanish %(field)s.", code=code, field=field), status=422
            )
    # Names and suggestions have columns of a set length (questions and evidence do not).
    _check_length(code, "name", item.get("name"), length_of(Indicator.name_es))
    _check_length(code, "suggestion", item.get("suggestion"), length_of(Indicator.suggestion))


def _check_length(code: str, field: str, value: Any, most: int) -> None:
    texts = value.values() if isinstance(value, dict) else [value]
    if any(len(str(text or "").strip()) > most for text in texts):
        raise DomainError(
            ngettext("%(code)s: the %(field)s is longer than %(num)s character.",
                     "%(code)s: the %(field)s is longer than %(num)s characters.", most,
                     code=code, field=field),
            status=422,
        )  # fmt: skip


def load_framework(
    data: dict[str, Any], *, actor: User | None = None, make_current: bool = False
) -> FrameworkVersion:
    """Create or update a framework version from its data; loading twice changes nothing."""
    check_framework(data)
    version = db.session.scalars(
        select(FrameworkVersion).where(FrameworkVersion.code == data["code"])
    ).first()
    created = version is None
    if version is None:
        version = FrameworkVersion(code=data["code"])
        db.session.add(version)
    version.title = (data.get("title") or {}).get("es", "") or data["code"]
    db.session.flush()
    dimensions = {d.code: d for d in version.dimensions}
    indicators = {
        i.code: i
        for i in db.session.scalars(select(Indicator).where(Indicator.version_id == version.id))
    }
    for d_position, d_data in enumerate(data["dimensions"], start=1):
        dimension = dimensions.get(d_data["code"])
        if dimension is None:
            dimension = Dimension(version_id=version.id, code=d_data["code"])
            db.session.add(dimension)
        dimension.position = d_position
        _set_texts(dimension, "name", d_data["name"])
        db.session.flush()
        for position, i_data in enumerate(d_data["indicators"], start=1):
            indicator = indicators.get(i_data["code"])
            if indicator is None:
                indicator = Indicator(version_id=version.id, code=i_data["code"])
                db.session.add(indicator)
            indicator.dimension_id = dimension.id
            indicator.position = position
            indicator.source = i_data.get("source", "")
            indicator.suggestion = i_data.get("suggestion")
            for field in ("name", "question", "evidence"):
                _set_texts(indicator, field, i_data.get(field) or {})
    db.session.flush()
    db.session.expire(version, ["dimensions"])
    if make_current or current_version() is None:
        publish_version(version, actor=actor)
    audit.record(
        "indicators.load_framework", actor=actor, target=version, code=version.code,
        created=created,
    )  # fmt: skip
    logger.info("framework %s loaded (created=%s)", version.code, created)
    return version


def _set_texts(obj: Localized, field: str, texts: dict[str, str]) -> None:
    for language in LANGUAGES:
        setattr(obj, f"{field}_{language}", (texts.get(language) or "").strip())


def publish_version(version: FrameworkVersion, *, actor: User | None) -> FrameworkVersion:
    """Make ``version`` the one new assessments answer; past assessments keep theirs."""
    if version.is_current:
        return version
    # Clear the old flag first: the database allows one current version at a time.
    db.session.execute(
        update(FrameworkVersion)
        .where(FrameworkVersion.is_current.is_(True))
        .values(is_current=False)
    )
    db.session.flush()
    version.is_current = True
    version.published_at = version.published_at or utcnow()
    db.session.flush()
    audit.record("indicators.publish_framework", actor=actor, target=version, code=version.code)
    return version


def current_version() -> FrameworkVersion | None:
    """The version new assessments answer, or None before any framework is loaded."""
    return db.session.scalars(
        select(FrameworkVersion).where(FrameworkVersion.is_current.is_(True))
    ).first()


def all_versions() -> list[FrameworkVersion]:
    """Every version, newest first."""
    return list(db.session.scalars(select(FrameworkVersion).order_by(FrameworkVersion.id.desc())))


def version_by_code(code: str) -> FrameworkVersion | None:
    return db.session.scalars(select(FrameworkVersion).where(FrameworkVersion.code == code)).first()


def framework_version_indicators(version: FrameworkVersion | None = None) -> list[Indicator]:
    """The indicators of a version (the current one by default), in the framework's order."""
    version = version or current_version()
    if version is None:
        return []
    return list(
        db.session.scalars(
            select(Indicator)
            .join(Dimension, Dimension.id == Indicator.dimension_id)
            .where(Indicator.version_id == version.id)
            .order_by(Dimension.position, Indicator.position)
        )
    )

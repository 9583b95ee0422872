"""What the media feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from participa.core.features import Contributions, Feature
from participa.core.uploads import format_size
from participa.media import attachable, bp, policies, privacy, services, views
from participa.media.demo import load_demo
from participa.media.display import document_type, language_name

if TYPE_CHECKING:
    from participa.consultations.models import Consultation
    from participa.core.authz import Visitor


def _kind(target: object) -> str:
    return attachable.registry.kind_of(target)


def _consultation_section(user: Visitor, consultation: Consultation) -> Markup | None:
    html = render_template("media/_attachments.html", attachment_target=consultation).strip()
    return Markup(html) if html else None  # noqa: S704 - an autoescaped template


contributions = Contributions()
contributions.add("consultation_section", _consultation_section)


def _setup(app: Flask) -> None:
    app.add_template_global(views.attachments_for, "attachments_for")
    app.add_template_global(_kind, "attachable_kind")
    app.add_template_global(document_type, "document_type")
    app.add_template_global(language_name, "language_name")
    app.add_template_global(format_size, "file_size")


feature = Feature(
    name="media",
    blueprints=(bp,),
    policies=policies.rules,
    serves={"attachable": attachable.register_attachable},
    reset=attachable.reset,
    contributes=privacy.contributions | contributions,
    demo=load_demo,
    setup=_setup,
    linked={"media": services.attachments_probe},
    audit_labels={
        "media.attach": _l("Document attached"),
        "media.remove": _l("Document removed"),
    },
    audit_targets={"attachments": _l("Document")},
    member_kinds=None,  # every kind of member
)

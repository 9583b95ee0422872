"""What the initiatives feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from participa.core.features import Feature
from participa.core.memo import forget_on_flush
from participa.core.nav import NavItem
from participa.initiatives import (  # noqa: F401 - routes and declarations
    audit_labels,
    bp,
    datasets,
    homes,
    policies,
    privacy,
    registrations,
    services,
    views,
)
from participa.initiatives.demo import load_demo
from participa.initiatives.reminders import REMIND_JOB


def _setup(_app: Flask) -> None:
    forget_on_flush(services.RULES_MEMO)


feature = Feature(
    name="initiatives",
    blueprints=(bp,),
    policies=policies.rules,
    nav=(NavItem("municipality", "initiatives.list", _l("Initiatives"), order=35),),
    contributes=registrations.contributions | privacy.contributions | datasets.contributions,
    demo=load_demo,
    jobs=(REMIND_JOB,),
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    open_now=homes.open_now,
    activity=homes.activity,
    figures=homes.figures,
    staff_tasks=homes.staff_tasks,
    member_kinds=frozenset({"municipality", "legislature"}),
    results=registrations.results,
    setup=_setup,
)

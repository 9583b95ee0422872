"""What the events feature contributes to the platform (see participa.core.features)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from participa.core.features import Feature
from participa.core.jobs import Job
from participa.core.nav import NavItem
from participa.events import (  # noqa: F401 - routes and declarations
    audit_labels,
    bp,
    homes,
    linkable,
    network_bp,
    policies,
    registrations,
    services,
    views,
)
from participa.events.demo import load_demo


def _send_reminders() -> None:
    services.send_reminders()


feature = Feature(
    name="events",
    blueprints=(bp, network_bp),
    policies=policies.rules,
    nav=(
        NavItem("municipality", "events.list", _l("Events"), order=55),
        NavItem("platform", "events_network.list", _l("Events and trainings"), order=50),
    ),
    serves={"event_linkable": linkable.register_linkable},
    reset=linkable.reset,
    contributes=registrations.contributions,
    demo=load_demo,
    # Checked hourly; each confirmed person is reminded once, about a day before.
    jobs=(Job("events.send_reminders", _send_reminders, every=3600, timeout=600),),
    setup=registrations.setup,
    linked={"events": services.links_probe},
    audit_labels=audit_labels.ACTIONS,
    audit_targets=audit_labels.TARGETS,
    open_now=homes.open_now,
    activity=homes.activity,
    results=homes.results,
    member_kinds=None,
)

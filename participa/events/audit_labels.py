"""Labels of the audit actions events record, and of the table their targets live in."""

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "events.create": _l("Event created"),
    "events.update": _l("Event changed"),
    "events.publish": _l("Event published"),
    "events.cancel": _l("Event cancelled"),
    "events.minutes": _l("Event minutes published"),
    "events.attendance": _l("Event attendance recorded"),
    "events.officials": _l("Officials trained recorded"),
    "events.link": _l("Event linked"),
    "events.unlink": _l("Event link removed"),
}
TARGETS = {"events": _l("Event")}

"""Labels of the learning space's audit entries (the audit page shows no codes)."""

from flask_babel import lazy_gettext as _l

ACTIONS = {
    "learning.open": _l("Exchange opened"),
    "learning.invite": _l("Member invited to an exchange"),
    "learning.join": _l("Exchange joined"),
    "learning.complete": _l("Exchange completed"),
    "learning.close": _l("Exchange closed without outcome"),
}
TARGETS = {"learning_exchanges": _l("Exchange")}

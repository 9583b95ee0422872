"""The Jinja environment: subscripts on mappings read keys only, never dict methods; templates
share the environment's globals.

Jinja answers ``d['items']`` with the ``dict.items`` method when the key is missing, so a tender
saved without items made the process page fail (a method is not iterable). Here a missing key is
undefined, like any other missing key. The dotted form (``d.items``) reads the method first even
when the key exists, so templates use subscripts or ``.get()`` for such keys;
``tests/core/test_templates.py`` looks for the dotted form.

Jinja gives each template a ``ChainMap`` of its own globals over the environment's. Every
``{% from ... import ... %}`` then compares the importing context's globals with the imported
template's, key by key through the ``ChainMap``, and every context copies them the same way: a
consultation page spent a tenth of its time there. No template here has globals of its own, so
each uses the environment's dict itself.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

from flask.templating import Environment as FlaskEnvironment


class Environment(FlaskEnvironment):
    """Flask's environment, with ``mapping[key]`` never falling back to an attribute."""

    def getitem(self, obj: Any, argument: Any) -> Any:
        if isinstance(obj, Mapping) and isinstance(argument, str):
            try:
                return obj[argument]
            except KeyError:
                return self.undefined(obj=obj, name=argument)
        return super().getitem(obj, argument)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        if not d:
            return self.globals
        return super().make_globals(d)

"""Who may change a municipality's open-data settings and follow its prepared downloads
(reading is for everyone)."""

from __future__ import annotations

from participa.core.authz import Rules, is_staff

rules = Rules()
rules.register("opendata.configure", is_staff)
rules.register("opendata.exports", is_staff)

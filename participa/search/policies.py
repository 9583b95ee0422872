"""Searching shows only what everyone may see, so no action needs a permission."""

from __future__ import annotations

from participa.core.authz import Rules

rules = Rules()

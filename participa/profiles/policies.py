"""Profiles are public pages; no action needs a permission yet."""

from __future__ import annotations

from participa.core.authz import Rules

rules = Rules()

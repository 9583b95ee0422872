"""Platform-wide pages need no permissions beyond those of the features they show."""

from participa.core.authz import Rules

rules = Rules()

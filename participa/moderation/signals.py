"""Signals other features listen to when moderation changes whether an item is shown."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

# Sent with sender=kind, obj=..., was_visible=bool, is_visible=bool, in the caller's transaction.
visibility_changed = _signals.signal("moderation-visibility-changed")

# Sent with sender=kind, obj=... when a moderator approves pre-moderated content.
content_approved = _signals.signal("moderation-content-approved")

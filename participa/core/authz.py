"""The one place that decides who may do what.

Features declare named actions (``"<feature>.<verb>"``) in their ``policies.py`` with a
predicate ``(user, obj) -> bool``, collected in a :class:`Rules` table that the feature's
manifest hands to the core when the application is built. Views call :func:`require`, templates
call :func:`can`. Roles come from the feature that provides the ``"roles"`` interface.

A rule that can say why not is declared as :class:`Explained`: the feature's service raises the
same refusal, so the view, the template and the service decide with one function.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeGuard

from flask import (
    Flask,
    abort,
    g,
    has_app_context,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.local import LocalProxy
from werkzeug.wrappers import Response as BaseResponse

from participa.core.errors import DomainError
from participa.core.features import provider

if TYPE_CHECKING:
    from typing import TypeAlias

    from flask_login import AnonymousUserMixin

    # Type-only imports: at run time the core imports no feature.
    from participa.accounts.models import User
    from participa.municipalities.models import Municipality

    # Whom a policy is asked about: a person, an anonymous visitor, or nobody (e-mails, commands).
    Visitor: TypeAlias = User | AnonymousUserMixin | None

logger = logging.getLogger(__name__)

# The object differs from action to action (a proposal, a municipality, nothing).
Predicate = Callable[["Visitor", Any], bool]
Refusal = Callable[["Visitor", Any], DomainError | None]
_registry: dict[str, Predicate] = {}


class Explained:
    """A predicate that says why not: allowed when ``refusal(user, obj)`` returns None."""

    def __init__(self, refusal: Refusal) -> None:
        self.refusal = refusal
        self.__doc__ = refusal.__doc__

    def __call__(self, user: Visitor, obj: Any) -> bool:
        return self.refusal(user, obj) is None


class Redirect(Exception):
    """Raised to answer with ``response`` (a redirect to the login page) from deep in a view."""

    def __init__(self, response: BaseResponse) -> None:
        self.response = response


class Rules(dict[str, Predicate]):
    """A feature's table of actions and the predicates that decide them."""

    def register(self, action: str, predicate: Predicate) -> None:
        """Declare the predicate that decides ``action``; names are unique."""
        if action in self and self[action] is not predicate:
            raise ValueError(f"action {action!r} is declared twice")
        self[action] = predicate


def register(action: str, predicate: Predicate) -> None:
    """Make ``predicate`` decide ``action`` in the running application; names are unique."""
    if action in _registry and _registry[action] is not predicate:
        raise ValueError(f"action {action!r} is already registered")
    _registry[action] = predicate


def reset() -> None:
    """Forget every action (the application factory installs the features' rules again)."""
    _registry.clear()


def registered_actions() -> list[str]:
    return sorted(_registry)


def can(user: Visitor, action: str, obj: Any = None) -> bool:
    """Tell whether ``user`` (possibly anonymous) may perform ``action`` on ``obj``."""
    try:
        predicate = _registry[action]
    except KeyError:
        raise LookupError(f"unknown action {action!r}") from None
    # The person once, not through the current_user proxy at each of the questions below.
    if isinstance(user, LocalProxy):
        user = user._get_current_object()
    memo = _request_memo()
    if memo is None:
        return _decide(predicate, user, obj)
    # Keyed by the object's identity; the object is kept beside the decision so that its id
    # cannot be reused by another object while the request lasts.
    key = (_DECISION, action, _visitor_key(user), id(obj))
    found = memo.get(key)
    if found is None:
        found = memo[key] = (obj, _decide(predicate, user, obj))
    return bool(found[1])


def _decide(predicate: Predicate, user: Visitor, obj: Any) -> bool:
    if user is not None and getattr(user, "is_authenticated", False) and not user.is_active:
        return False
    return bool(predicate(user, obj))


def why_not(user: Visitor, action: str, obj: Any = None) -> str | None:
    """The message saying why ``user`` may not do ``action`` (an ``Explained`` rule's refusal),
    or None when they may or the rule gives no reason (pages then show nothing)."""
    predicate = _registry.get(action)
    if not isinstance(predicate, Explained):
        return None
    refusal = predicate.refusal(user, obj)
    return refusal.message if refusal is not None else None


def remember(key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """``compute()``, once per page request for ``key`` (which names the person it is about).

    For the parts of a rule that many objects of a page share (a consultation's phase and
    participation rule behind each proposal's support button). Remembered only while a GET or
    HEAD request is answered, where nothing changes; :func:`forget` drops it with the roles.
    """
    memo = _request_memo()
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]


def visitor_key(user: Visitor) -> int | None:
    """Who ``user`` is, for keys of :func:`remember`: a person's id, None for anyone else."""
    return _visitor_key(user)


def _visitor_key(user: Visitor) -> int | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return int(user.id)


def _request_memo() -> dict[tuple[Any, ...], Any] | None:
    # Only while a page is read: a write request may change what a decision depends on (a
    # phase, a state) between two questions, and outside a request (commands, tests asking
    # policies directly) the application context may outlive any number of changes.
    # Kept in the request's environ, not on g: it lives exactly as long as the request.
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return None
    memo: dict[tuple[Any, ...], Any] = request.environ.setdefault(_DECISIONS_CACHE, {})
    return memo


def require(action: str, obj: Any = None) -> None:
    """Abort unless the current user may perform ``action``; anonymous visitors go to login."""
    if can(current_user, action, obj):
        return
    if not current_user.is_authenticated:
        raise Redirect(redirect(url_for("accounts.login", next=request.full_path.rstrip("?"))))
    logger.info("denied %s to user %s", action, current_user.get_id())
    predicate = _registry[action]
    if isinstance(predicate, Explained):
        refusal = predicate.refusal(current_user, obj)
        # A refusal of state ("not in this phase") answers with its own message and status;
        # one of who (403) keeps the generic page, as every other denial does.
        if refusal is not None and refusal.status != 403:
            raise refusal
    abort(403)


# Small composable predicates used by the feature policies.
def is_authenticated(user: Visitor) -> TypeGuard[User]:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def is_platform_admin(user: Visitor) -> bool:
    return is_authenticated(user) and bool(user.is_platform_admin)


def has_role(user: Visitor, municipality: Municipality | None, *roles: str) -> bool:
    """True when the user holds one of ``roles`` in ``municipality`` (platform admins hold all)."""
    if not is_authenticated(user) or municipality is None:
        return False
    if user.is_platform_admin:
        return True
    held = _roles_in(user, municipality.id)
    return any(role in held for role in roles)


# The role name that municipalities grant to their staff (the core knows roles as strings).
STAFF_ROLE = "admin"


def municipality_of(obj: Any) -> Municipality | None:
    """The municipality of an object that belongs to one; a municipality is its own."""
    # Policies receive either a municipality or an object that belongs to one.
    return getattr(obj, "municipality", None) if hasattr(obj, "municipality_id") else obj


def is_staff(user: Visitor, obj: Any) -> bool:
    """Admins of the municipality ``obj`` belongs to (and platform admins)."""
    return has_role(user, municipality_of(obj), STAFF_ROLE)


def _roles_in(user: User, municipality_id: int) -> set[str]:
    # Cached per request: templates ask the same question many times per page.
    cache: dict[tuple[int, int], set[str]] = g.setdefault(_ROLES_CACHE, {})
    key = (user.id, municipality_id)
    if key not in cache:
        cache[key] = set(provider("roles")(user, municipality_id))
    return cache[key]


def forget_roles(user_id: int | None = None, municipality_id: int | None = None) -> None:
    """Drop cached roles (of one person in one municipality, or all) after roles change.

    Every remembered decision goes with them: any of them may have rested on those roles.
    """
    if has_request_context():
        request.environ.pop(_DECISIONS_CACHE, None)
    if not has_app_context():
        return
    if user_id is None:
        g.pop(_ROLES_CACHE, None)
    else:
        g.get(_ROLES_CACHE, {}).pop((user_id, municipality_id), None)


def forget() -> None:
    """Drop every cached role, decision and remembered value of this request."""
    forget_roles()


_ROLES_CACHE = "_authz_roles"
_DECISIONS_CACHE = "participa.authz.decisions"
_DECISION = "decision"


def init_app(app: Flask) -> None:
    def _redirect(exc: Redirect) -> BaseResponse:
        return exc.response

    app.register_error_handler(Redirect, _redirect)

    app.jinja_env.globals["can"] = lambda action, obj=None: can(_reader(), action, obj)
    app.jinja_env.globals["why_not"] = lambda action, obj=None: why_not(_reader(), action, obj)
    # For macros imported without the template's context (current_user is not theirs).
    app.jinja_env.globals["signed_in"] = lambda: is_authenticated(_reader())


def _reader() -> Visitor:
    # A list page asks can() for every card: the person Flask-Login loaded for this request,
    # without going through the current_user proxy each time.
    found = g.get("_login_user")
    return found if found is not None else current_user._get_current_object()

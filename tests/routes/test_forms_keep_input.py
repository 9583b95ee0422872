"""Forms keep what was typed on every error: a meta-test over every form route of the table.

For each route of :mod:`tests.routes.table` (and the visitor forms of ``EXEMPT``) that shows a
form on GET and takes it back on POST, the allowed actor opens the form and posts it with a
recognizable value in each text field and at least one invalid value (a choice that does not
exist, a number or a date that is not one, a text longer than the field allows); the answer
must be a 4xx page (never a redirect, never a 5xx) that still holds every typed text.

Not typed: file fields (a browser never sends a file back) and password fields (never echoed,
on purpose), hidden fields (sent back as they came) and check boxes (nothing to type).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from tests.english import _english  # noqa: F401 - an autouse fixture
from tests.routes.table import ROUTES, Route
from tests.routes.test_route_permissions import _call, _path, _rule_of
from tests.routes.world import World

TEXT_TYPES = {"text", "search", "email", "url", "tel", ""}
NOT_TYPED = {"file", "password", "hidden", "checkbox", "radio", "submit", "button", "reset"}
BROKEN = {"number": "not-a-number", "date": "not-a-date", "datetime-local": "not-a-time",
          "time": "not-a-time", "month": "not-a-month"}  # fmt: skip
# Visitors' forms (no object, no role): the EXEMPT ones that show a form.
VISITOR_FORMS = ["accounts.signup", "accounts.login", "accounts.forgot_password",
                 "accounts.resend_confirmation"]  # fmt: skip


@dataclass
class Form:
    action: str | None
    inputs: list[dict[str, str]] = field(default_factory=list)
    textareas: list[dict[str, str]] = field(default_factory=list)
    selects: dict[str, list[str]] = field(default_factory=dict)


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = Form(a.get("action"))
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            self._form.inputs.append(a)
        elif tag == "textarea" and a.get("name"):
            self._form.textareas.append(a)
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form.selects[self._select] = []
        elif tag == "option" and self._select:
            self._form.selects[self._select].append(a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _typed(form: Form) -> tuple[dict[str, object], dict[str, str], bool]:
    """The data to post, the typed texts to find again, and whether something is invalid."""
    data: dict[str, object] = {}
    typed: dict[str, str] = {}
    invalid = False
    longest: tuple[int, str] | None = None
    for n, item in enumerate(form.inputs):
        name, kind = item["name"], item.get("type", "").lower()
        if kind == "hidden":
            data.setdefault(name, item.get("value", ""))
        elif kind in BROKEN:
            data[name], invalid = BROKEN[kind], True
        elif kind in TEXT_TYPES:
            value = f"typed{n}x{name.replace('-', '')}"
            if kind == "email":
                invalid = True  # not an address
            if kind == "url":
                invalid = True  # not a web address
            data[name] = typed[name] = value
            if item.get("maxlength", "").isdigit():
                longest = (int(item["maxlength"]), name)
    for n, item in enumerate(form.textareas):
        name = item["name"]
        data[name] = typed[name] = f"typedarea{n}x{name.replace('-', '')}"
        if item.get("maxlength", "").isdigit():
            longest = (int(item["maxlength"]), name)
    for name in form.selects:
        data[name], invalid = "no-such-choice", True
    if not invalid and longest is not None:
        size, name = longest
        data[name] = typed[name] = (typed[name] + "y" * size)[: size + 1]
        invalid = True
    return data, typed, invalid


def _form_of(page: str, url: str) -> Form | None:
    parser = _Forms()
    parser.feed(page)
    own = [f for f in parser.forms if f.action in (None, "", url, urlsplit(url).path)]
    typed = [f for f in own if _typed(f)[1]]
    return max(typed, key=lambda f: len(_typed(f)[1]), default=None)


def _form_routes() -> list[Route | str]:
    rows: list[Route | str] = [r for r in ROUTES if r.allowed_actor]
    return [*rows, *VISITOR_FORMS]


@pytest.mark.parametrize("route", _form_routes(), ids=lambda r: r if isinstance(r, str) else r.id)
def test_the_form_keeps_what_was_typed(app, municipality, other_municipality, route):
    world = World(app, municipality, other_municipality)
    if isinstance(route, str):
        rule = next(r for r in app.url_map.iter_rules() if r.endpoint == route)
        values, actor = {}, world.anonymous
    else:
        rule = _rule_of(app, route)
        values = world.build(route.build, world.a)
        actor = world.actor(route.allowed_actor, world.a)
    if not {"GET", "POST"} <= (rule.methods or set()):
        pytest.skip("not a form page (no GET and POST on the same address)")
    url = _path(rule, world.a.slug, values)
    shown = _call(app, actor, "GET", url)
    form = _form_of(shown.get_data(as_text=True), url) if shown.status_code == 200 else None
    if form is None:
        pytest.skip("no form with text fields posting to this address")
    data, typed, invalid = _typed(form)
    if not invalid:
        pytest.skip("nothing to make invalid without knowing the form (free text only)")
    client = app.test_client()
    if getattr(actor, "is_authenticated", False):
        with client.session_transaction() as session:
            session["_user_id"] = actor.get_id()
            session["_fresh"] = True
    response = client.post(url, data=data)
    assert 400 <= response.status_code < 500, (response.status_code, data)
    lost = _lost(response.get_data(as_text=True), typed)
    assert not lost, f"{url} lost what was typed in {lost}"


def _lost(page: str, typed: dict[str, str]) -> list[str]:
    """The fields whose typed text the page no longer holds."""
    text = html.unescape(page)
    return [name for name, value in typed.items() if value not in text]


# The meta-test's own parts can fail: a page that lost a field, a form made invalid.
FORM = """<form method="post" action=""><input type="hidden" name="csrf_token" value="t">
<input name="title" maxlength="10"><input type="password" name="secret"><input type="file"
name="image"><textarea name="body"></textarea><select name="kind"><option value="a">A</option>
</select><input type="number" name="amount"></form><form method="post" action="/elsewhere">
<input name="other"></form>"""


def test_the_meta_test_sees_a_lost_field():
    form = _form_of(FORM, "/here")
    data, typed, invalid = _typed(form)
    assert invalid and set(typed) == {"title", "body"}
    assert data["kind"] == "no-such-choice" and data["amount"] == "not-a-number"
    assert "secret" not in data and "image" not in data and "other" not in data
    kept = f'<input name="title" value="{typed["title"]}"><textarea>{typed["body"]}</textarea>'
    assert _lost(kept, typed) == []
    assert _lost(f'<input name="title" value="{typed["title"]}"><textarea></textarea>', typed) == [
        "body"
    ]


def test_free_text_is_made_too_long_to_be_invalid():
    form = _form_of('<form method="post"><input name="title" maxlength="5"></form>', "/x")
    data, typed, invalid = _typed(form)
    assert invalid and len(data["title"]) == 6 and typed["title"] == data["title"]

"""Templates never mistake a dict method for a key (``tender['items']`` without items was a 500)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask import render_template_string

import participa

DICT_METHODS = "items|keys|values|get|pop|popitem|update|copy|clear|setdefault|fromkeys"
# Dotted reads of these names that are not calls; Jinja returns the method for a dict, so each
# one must be an attribute of an object that is not a mapping.
NOT_MAPPINGS = {
    "page.items",  # core.pagination.Page
    "consensus.items",  # legislation.consensus.Result
    "latest.values",  # indicators.dashboards.AssessmentScores
}
DOTTED = re.compile(rf"(\w+)\.({DICT_METHODS})\b(?!\s*\()")


def test_a_missing_key_is_undefined_not_a_dict_method(app):
    with app.test_request_context("/"):
        template = "{{ d['items'] is defined }}|{% for i in d['items'] or [] %}{{ i }}{% endfor %}"
        assert render_template_string(template, d={}) == "False|"
        assert render_template_string(template, d={"items": [1, 2]}) == "True|12"
        assert render_template_string("{{ d['get']|default('none') }}", d={"x": 1}) == "none"
        # Everything else is unchanged: calls, attributes through subscripts, sequences.
        assert render_template_string("{{ d.items()|list|length }}", d={"a": 1}) == "1"
        assert render_template_string("{{ o['name'] }}", o=SimpleNamespace(name="x")) == "x"
        assert render_template_string("{{ s[1] }}", s=[5, 6]) == "6"


def _templates() -> list[Path]:
    root = Path(participa.__file__).parent
    return sorted(p for p in root.rglob("templates/**/*") if p.suffix in (".html", ".txt"))


def test_templates_read_no_dict_method_as_a_key():
    templates = _templates()
    assert len(templates) > 100
    found = []
    for path in templates:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for match in DOTTED.finditer(line):
                if f"{match[1]}.{match[2]}" not in NOT_MAPPINGS:
                    where = path.relative_to(Path(participa.__file__).parent)
                    found.append(f"{where}:{number}: {match[0]} (use ['{match[2]}'] instead)")
    assert not found


@pytest.mark.parametrize("line,flagged", [
    ("{% for i in tender.items %}", True),
    ("{{ award.values }}", True),
    ("{% for k, v in d.items() %}", False),
    ("{{ d.get('x') }}", False),
    ("{% for p in page.items %}", False),
    ("{{ tender['items'] }}", False),
])  # fmt: skip
def test_the_check_sees_dotted_reads(line, flagged):
    matches = [m for m in DOTTED.finditer(line) if f"{m[1]}.{m[2]}" not in NOT_MAPPINGS]
    assert bool(matches) is flagged


def test_templates_share_the_environments_globals_and_reuse_imports(app, monkeypatch):
    # Each {% from %} compared a ChainMap of globals key by key (core.templating); the imported
    # template's module is still made once and reused.
    template = app.jinja_env.get_template("macros/forms.html")
    assert template.globals is app.jinja_env.globals
    made = []
    original = type(template).make_module

    def counting(self, *args, **kwargs):
        made.append(self.name)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(type(template), "make_module", counting)
    page = '{% from "macros/forms.html" import post_button %}{{ 1 }}'
    with app.test_request_context("/"):
        for _ in range(3):
            assert render_template_string(page) == "1"
    assert made.count("macros/forms.html") <= 1
    # A template given globals of its own still sees the environment's beneath them.
    own = app.jinja_env.from_string("{{ mine }}{{ can is defined }}", globals={"mine": "x"})
    assert own.render() == "xTrue"

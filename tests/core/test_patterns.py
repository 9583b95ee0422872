"""Patterns that check a whole value end with ``\\Z``: ``$`` also matches before a final newline.

``IDENTIFIER_RE.match("A" * 80 + "\\n")`` passed with ``$``: an ocid with a trailing newline was
taken, and its 81-character identifier was a 500 on PostgreSQL. A slug, a colour or an OCDS
prefix with a newline passed the same way.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from participa.contracting.services import IDENTIFIER_RE
from participa.core.values import SLUG_RE
from participa.municipalities.validation import COLOR_RE, OCID_PREFIX_RE

PACKAGE = Path(__file__).resolve().parents[2] / "participa"
RE_FUNCTIONS = {"compile", "match", "fullmatch", "search"}


def _patterns_ending_in_dollar() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr not in RE_FUNCTIONS or not isinstance(node.func.value, ast.Name):
                continue
            if node.func.value.id != "re" or not node.args:
                continue
            # The pattern, or the last piece of one built with +.
            pattern = node.args[0]
            while isinstance(pattern, ast.BinOp):
                pattern = pattern.right
            text = pattern.value if isinstance(pattern, ast.Constant) else None
            if isinstance(text, str) and text.endswith("$") and not text.endswith("\\$"):
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_no_pattern_ends_in_dollar():
    assert _patterns_ending_in_dollar() == []


@pytest.mark.parametrize(
    "pattern,valid",
    [(IDENTIFIER_RE, "LP-07"), (SLUG_RE, "villa-norte"), (COLOR_RE, "#1d4ed8"),
     (OCID_PREFIX_RE, "ocds-213czf")],
)  # fmt: skip
def test_a_final_newline_is_refused(pattern: re.Pattern[str], valid: str):
    assert pattern.match(valid) and not pattern.match(valid + "\n")


def test_the_meta_test_sees_a_dollar(tmp_path, monkeypatch):
    module = tmp_path / "participa" / "x.py"
    module.parent.mkdir()
    module.write_text('import re\nA = re.compile(r"^[a-z]+$")\nB = re.compile("x" + r"y$")\n')
    monkeypatch.setattr(__import__(__name__, fromlist=["PACKAGE"]), "PACKAGE", module.parent)
    assert _patterns_ending_in_dollar() == ["participa/x.py:2", "participa/x.py:3"]

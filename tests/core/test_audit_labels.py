"""Every audit action recorded anywhere has a translated label, and the audit page shows labels,
never codes, table names or Python representations."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from participa.core import audit
from participa.moderation.models import Action

SOURCE = Path(__file__).resolve().parents[2] / "participa"


def _is_record(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "record"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "audit"
    )


def _strings(node: ast.AST) -> list[str] | None:
    """The literal strings an expression may be, or None when it is not a literal."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        body, orelse = _strings(node.body), _strings(node.orelse)
        return body + orelse if body is not None and orelse is not None else None
    return None


def _pattern(node: ast.JoinedStr) -> re.Pattern[str]:
    parts = [re.escape(v.value) if isinstance(v, ast.Constant) else r"[a-z_]+" for v in node.values]
    return re.compile("".join(parts) + "$")


def _recorded() -> tuple[set[str], list[tuple[str, re.Pattern[str]]], list[str]]:
    """Literal action codes, f-string patterns, and calls whose action could not be enumerated."""
    trees = {path: ast.parse(path.read_text()) for path in SOURCE.rglob("*.py")}
    # Every `name="literal"` keyword passed to a function, to follow an action handed down as a
    # parameter (contracting.services.change receives the action its caller names).
    keywords: dict[tuple[str, str], set[str]] = {}
    for tree in trees.values():
        for call in ast.walk(tree):
            if isinstance(call, ast.Call):
                func = call.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                for kw in call.keywords:
                    values = _strings(kw.value) if kw.arg else None
                    if values:
                        keywords.setdefault((name, kw.arg), set()).update(values)
    codes: set[str] = set()
    patterns: list[tuple[str, re.Pattern[str]]] = []
    unknown: list[str] = []
    for path, tree in trees.items():
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef):
                continue
            for call in ast.walk(function):
                if not _is_record(call) or not call.args:
                    continue
                where = f"{path.relative_to(SOURCE)}:{call.lineno}"
                first = call.args[0]
                if (values := _strings(first)) is not None:
                    codes.update(values)
                elif isinstance(first, ast.JoinedStr):
                    patterns.append((where, _pattern(first)))
                elif isinstance(first, ast.Name):
                    found = set(keywords.get((function.name, first.id), set()))
                    for node in ast.walk(function):
                        if isinstance(node, ast.Assign) and any(
                            isinstance(t, ast.Name) and t.id == first.id for t in node.targets
                        ):
                            found.update(_strings(node.value) or [])
                    if found:
                        codes.update(found)
                    else:
                        unknown.append(where)
                else:
                    unknown.append(where)
    return codes, patterns, unknown


def test_every_recorded_action_is_labelled(app):
    codes, patterns, unknown = _recorded()
    declared = audit.declared_actions()
    assert len(codes) > 60  # the scan found the calls
    assert not unknown, f"audit actions the scan cannot enumerate: {unknown}"
    assert sorted(codes - declared) == []
    for where, pattern in patterns:
        assert any(pattern.match(code) for code in declared), f"{where}: no label for {pattern}"


def test_every_moderation_decision_is_labelled(app):
    # services.decide records f"moderation.{action}" for any Action.
    missing = {f"moderation.{a}" for a in Action} - audit.declared_actions()
    assert missing == set()


def test_labels_targets_and_details_are_translated_text(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert audit.action_label("contracting.save_tender") == "Tender saved" or (
            audit.action_label("contracting.save_tender") != "contracting.save_tender"
        )
        assert audit.action_label("nobody.knows") == "nobody.knows"
        assert audit.target_label("procurement_processes", 33).endswith(" #33")
        assert "procurement_processes" not in audit.target_label("procurement_processes", 33)
        assert audit.target_label("unknown_table", 2) == "unknown_table #2"
        assert audit.target_label(None, None) == ""
    lines = audit.details_text({"tags": ["tender", "award"], "after": {"slug": "x"}, "n": None})
    assert lines == ["tags: tender, award", "after: slug: x", "n: —"]


def test_a_label_declared_twice_differently_is_refused():
    audit.register_labels({"test.twice": "One"})
    try:
        try:
            audit.register_labels({"test.twice": "Another"})
        except ValueError:
            pass
        else:
            raise AssertionError("a second label for the same action was accepted")
    finally:
        audit._action_labels.pop("test.twice", None)

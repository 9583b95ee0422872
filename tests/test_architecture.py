"""The walls between feature packages: read from the source, not from a running app.

- the core imports no feature;
- features import one another without cycles (imports under ``if TYPE_CHECKING`` excepted);
- importing every module of the platform registers nothing: the registries are filled only
  when ``create_app`` installs the features' manifests.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import participa

ROOT = Path(participa.__file__).parent
NOT_FEATURES = {"core", "templates", "static", "translations", "data"}
FEATURES = sorted(
    p.name for p in ROOT.iterdir() if (p / "__init__.py").exists() and p.name not in NOT_FEATURES
)


def _imports(path: Path) -> set[str]:
    """Modules imported by ``path``, leaving out those under ``if TYPE_CHECKING:``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            typing_only.update(id(child) for child in ast.walk(node))
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "participa" and len(parts) > 1 else None


def feature_graph() -> dict[str, set[str]]:
    """Which top-level package of participa imports which other (features and core)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for path in ROOT.rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if len(parts) < 2:
            continue  # the application factory and the top-level modules wire everything
        source = parts[0]
        for module in _imports(path):
            target = _package_of(module)
            if target in FEATURES and target != source:
                graph[source].add(target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one package (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_core_imports_no_feature():
    assert feature_graph().get("core", set()) == set()


def test_features_import_one_another_without_cycles():
    assert _cycles(feature_graph()) == []


def test_the_cycle_check_sees_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_importing_the_platform_registers_nothing():
    # In a fresh interpreter: import every module, build no app, and look at every registry.
    script = """
import importlib, pkgutil, participa
for info in pkgutil.walk_packages(participa.__path__, "participa."):
    importlib.import_module(info.name)
from participa.core import authz, nav, features
from participa.comments import registry as comments
from participa.moderation import registry as moderation
from participa.notifications import services as notifications
from participa.profiles import services as profiles
from participa.accounts import privacy, sections
from participa.consultations import hooks
from participa.moderation import signals
from participa.indicators import suggestions
from participa.proposals import hooks as proposal_hooks
from participa.followup import sources as followup_sources
filled = {
    "signal receivers": [
        r for s in (signals.visibility_changed, signals.content_approved) for r in s.receivers
    ],
    "actions": authz.registered_actions(),
    "navigation": nav._items,
    "features": features.installed.features,
    "commentable": comments.registered_kinds(),
    "reportable": moderation.registered_kinds(),
    "followable": list(notifications._followables),
    "profile contributions": list(profiles._loaders),
    "personal data": list(privacy._exports) + privacy._erasures,
    "account sections": list(sections._sections),
    "consultation hooks": hooks._detail_contexts + hooks._threshold_listeners,
    "indicator evidence": list(suggestions._providers),
    "proposal answer listeners": proposal_hooks._answer_listeners,
    "follow-up sources": list(followup_sources._sources),
}
print({name: value for name, value in filled.items() if value})
"""
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "{}"

"""The walls between feature packages: read from the source, not from a running app.

- the core imports no feature;
- features import one another without cycles (imports under ``if TYPE_CHECKING`` excepted);
- a feature imports of another only its ``models``, its ``services`` and the few modules named
  in ``PUBLIC`` (type-only imports too): never its views, forms, policies or private helpers;
- importing every module of the platform registers nothing: the registries are filled only
  when ``create_app`` installs the features' manifests.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
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


# Besides models and services, the modules of a feature that other features may import, and why.
PUBLIC = {
    "moderation.rules": "the checks a contribution passes before it is stored (blocks, links)",
    "voting.box": "the secret ballot box that ballots and budgets vote through (voting-api.md)",
    "contracting.stages": "the services that record each stage of a procurement process",
    "municipalities.kinds": "the member kinds as people read them: labels and form choices",
    "municipalities.demo": "the demo's members and residents, for other features' demo content",
}


def _modules_named(path: Path, root: Path) -> set[str]:
    """Every module ``path`` imports, ``from participa.x import y`` read as ``participa.x.y``
    when ``y`` is a module of package ``x``."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            package = root / parts[1] if len(parts) == 2 and parts[0] == "participa" else None
            for alias in node.names:
                is_module = package is not None and (
                    (package / f"{alias.name}.py").exists() or (package / alias.name).is_dir()
                )
                found.add(f"{node.module}.{alias.name}" if is_module else node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def internal_reaches(root: Path = ROOT, features: Iterable[str] = FEATURES) -> list[str]:
    """Imports of another feature's module that is not its models, services or a PUBLIC one."""
    features = set(features)
    found = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if len(parts) < 2:
            continue  # the application factory and the top-level modules wire everything
        for module in _modules_named(path, root):
            names = module.split(".")
            if names[0] != "participa" or len(names) < 2:
                continue
            target, member = names[1], names[2] if len(names) > 2 else ""
            if target not in features or target == parts[0]:
                continue
            if member in ("models", "services") or f"{target}.{member}" in PUBLIC:
                continue
            found.append(f"{'/'.join(parts)} imports {module}")
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


def test_features_reach_one_another_only_through_models_services_and_public_modules():
    assert internal_reaches() == []


def test_the_reach_check_sees_every_kind_of_reach(tmp_path):
    files = {
        "a/__init__.py": "",
        "a/uses.py": (
            "from participa.b import views\n"
            "from participa.b.forms import Form\n"
            "import participa.b.policies\n"
            "from participa.b import bp\n"
            "from participa.b import models, services\n"
            "from participa.b.services import act\n"
            "from participa.moderation.rules import check_links\n"
            "from participa.a import views as own\n"
            "from participa.core import authz\n"
            "def later():\n"
            "    from participa.b._private import helper\n"
        ),
        **{f"b/{name}.py": "" for name in ("__init__", "views", "forms", "policies", "_private")},
        "b/models.py": "",
        "b/services.py": "",
        "moderation/__init__.py": "",
        "moderation/rules.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert sorted(internal_reaches(tmp_path, {"a", "b", "moderation"})) == [
        "a/uses.py imports participa.b",
        "a/uses.py imports participa.b._private",
        "a/uses.py imports participa.b.forms",
        "a/uses.py imports participa.b.policies",
        "a/uses.py imports participa.b.views",
    ]


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


# The systems that name content by kind. A page asks each of them about its content by one name
# (core.related probes every linked feature at once); a model declared under two names was asked
# twice, and its links stored under one name were not found under the other.
KIND_SYSTEMS = ("attachable", "commentable", "event_linkable", "followable", "reportable",
                "searchable")  # fmt: skip


def test_each_model_has_one_kind_in_every_system(app):
    from participa.core import features

    names: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for feature in features.installed.features:
        for system, entries in feature.contributes.items():
            if system in KIND_SYSTEMS:
                for args, _kwargs in entries:
                    kind, model = args[0], args[1]
                    names[model.__name__].add((kind, system))
    assert names, "no kind declared: the check reads nothing"
    twice = {
        model: sorted(declared)
        for model, declared in names.items()
        if len({kind for kind, _system in declared}) > 1
    }
    assert not twice, twice

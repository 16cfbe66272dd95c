"""The shape of the house (docs/architecture.md), held by tests: imports run one way, no
import circles (lazy imports inside functions included: a circle that only closes at run time
is still a circle), and no function above cyclomatic complexity 20.

The import graph is read from the source with `ast`, not by importing: a lazy import is an edge
like any other, and a test of the layers must not depend on what happens to be imported first.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_COMPLEXITY = 20  # also [tool.prodready] thresholds in pyproject.toml: the project's own qa.complexity


def _modules() -> dict[str, Path]:
    """Every module by dotted name; `checks/` is installed as `prodready.checks`."""
    found: dict[str, Path] = {}
    for base, prefix in ((ROOT / "src" / "prodready", "prodready"), (ROOT / "checks", "prodready.checks")):
        for path in sorted(base.rglob("*.py")):
            parts = path.relative_to(base).with_suffix("").parts
            name = ".".join((prefix, *parts))
            found[name.removesuffix(".__init__")] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules `name` imports, anywhere in the file. `from pkg import sub` is an
    edge to the submodule `pkg.sub`, not to `pkg` (Python runs pkg's __init__ either way, and
    the __init__ files here only re-export)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([node.module] if node.module else []))
            out.update(f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names)
    return {module for module in out if module in MODULES and module != name}


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    circles.append(sorted(component))
    return circles


def test_the_cycle_finder_finds_a_cycle():
    """The finder itself, on a graph with one circle of three and a tail."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _circles(graph) == [["a", "b", "c"]]


def test_no_import_circles_anywhere():
    assert _circles(GRAPH) == []


def _layer(module: str) -> str:
    """The layer a module belongs to (docs/architecture.md)."""
    parts = module.split(".")
    top = parts[1] if len(parts) > 1 else ""
    if top in ("scanning", "facts", "checks", "reporters"):
        return top
    if top in ("cli", "cli_support", "entry", "__main__") or module in (
            "prodready.github.commands", "prodready.history.command", "prodready.fleet.command"):
        return "cli"
    if module == "prodready" or top in ("model", "redact", "secret_shapes", "resources", "fingerprints", "schema"):
        return "model"  # the package itself holds only __version__
    return "engine"  # engine, runner, registry, config, waivers, scoring, verdicts, fleet, history, github


# what each layer may never import: every arrow points down (cli → engine → checks → facts →
# scanning → model), and reporters read the model only (a frozen scorecard), never the repository
FORBIDDEN = {
    "model": {"scanning", "facts", "checks", "engine", "cli", "reporters"},
    "scanning": {"facts", "checks", "engine", "cli", "reporters"},
    "facts": {"checks", "engine", "cli", "reporters"},
    "checks": {"engine", "cli", "reporters"},
    "reporters": {"scanning", "facts", "checks", "engine", "cli"},
    "engine": {"cli"},
    "cli": set(),
}
# the engine modules a check may use: its decorator, and the shared verdict helpers
CHECKS_MAY_USE = {"prodready.registry", "prodready.verdicts"}
# the one table a reporter may read beside the model: the weight of each severity, to rank fixes
REPORTERS_MAY_USE = {"prodready.scoring"}


def _breaches() -> list[str]:
    found = []
    for module, imported in sorted(GRAPH.items()):
        layer = _layer(module)
        allowed = CHECKS_MAY_USE if layer == "checks" else REPORTERS_MAY_USE if layer == "reporters" else set()
        for target in sorted(imported):
            if _layer(target) in FORBIDDEN[layer] and target not in allowed:
                found.append(f"{module} ({layer}) imports {target} ({_layer(target)})")
    return found


def test_layers_run_one_way():
    assert _breaches() == []


def test_the_layer_rules_see_a_breach():
    """The rules catch an upward import when one is added (the graph, edited in memory)."""
    GRAPH["prodready.scanning.files"].add("prodready.facts.repo")
    try:
        assert "prodready.scanning.files (scanning) imports prodready.facts.repo (facts)" in _breaches()
    finally:
        GRAPH["prodready.scanning.files"].discard("prodready.facts.repo")


def _functions_above(limit: int) -> list[str]:
    from radon.complexity import cc_visit

    found = []
    for name, path in sorted(MODULES.items()):
        for block in cc_visit(path.read_text(encoding="utf-8")):
            for item in [block, *getattr(block, "methods", [])]:
                if item.complexity > limit:
                    found.append(f"{path.relative_to(ROOT)}:{item.lineno} {item.name} ({item.complexity})")
    return sorted(set(found))


def test_no_function_above_complexity_20():
    assert _functions_above(MAX_COMPLEXITY) == []


def test_the_complexity_limit_is_the_projects_own_threshold():
    """pyproject's [tool.prodready] says the same limit, so `prodready audit .` judges the
    project by the rule this test holds."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["prodready"]["thresholds"]["max_complexity"] == MAX_COMPLEXITY


@pytest.mark.parametrize("module", ["prodready.facts.repo", "prodready.scanning.memo", "prodready.engine"])
def test_the_graph_is_read(module):
    """The graph holds edges (a test of layers over an empty graph would pass vacuously)."""
    assert GRAPH[module]

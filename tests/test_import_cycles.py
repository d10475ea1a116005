"""No import cycles among the project's own modules.

The graph is read from the source with ``ast``, not by importing. Every ``import`` and
``from ... import`` counts wherever it is written: at module level, inside functions (the
usual way to hide a cycle from Python) and under ``if TYPE_CHECKING:``. ``from pkg import
name`` is an edge to the module ``pkg.name`` when there is one, else to ``pkg``; importing a
module is also an edge to each package above it, whose ``__init__`` Python runs first.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("jobbot", "core", "bot", "ui", "delivery", "runtime", "scrapers", "search", "scoring")

# Cycles that stay for now, each as the sorted modules of its strongly connected component,
# with the reason. Empty: every cycle found so far has been broken.
ALLOWED: dict[tuple[str, ...], str] = {}


def module_files(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Dotted module name → file, for every ``.py`` under the given packages."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The project module ``name`` resolves to (its longest known prefix), if any."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _targets(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = module.split(".") if is_package else module.split(".")[:-1]
    if node.level:
        base = base[: len(base) - node.level + 1]
        source = ".".join([*base, *([node.module] if node.module else [])])
    else:
        source = node.module or ""
    return [f"{source}.{alias.name}" for alias in node.names] + [source]


def _with_packages(names: set[str], modules: dict[str, Path]) -> set[str]:
    """The names and every package above each of them."""
    parts = [name.split(".") for name in names]
    above = {".".join(p[:i]) for p in parts for i in range(1, len(p))}
    return names | {name for name in above if name in modules}


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Module → the project modules it imports anywhere in its body."""
    graph: dict[str, set[str]] = {}
    for module, path in modules.items():
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            names = _targets(node, module, path.name == "__init__.py")
            if isinstance(node, ast.ImportFrom):  # the module `name` if it is one, else `pkg`
                names = [n for n in names[:-1] if n in modules] or names[-1:]
            edges |= {owner for n in names if (owner := _owner(n, modules))}
        graph[module] = _with_packages(edges, modules) - {module}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[tuple[str, ...]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while (top := stack.pop()) != node:
                component.append(top)
            if component:
                found.append(tuple(sorted([*component, node])))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def describe(component: tuple[str, ...], graph: dict[str, set[str]]) -> str:
    """``a -> b -> a`` plus each module's imports inside the component."""
    inside = {m: sorted(graph[m] & set(component)) for m in component}
    return (
        " <-> ".join(component)
        + "  ("
        + "; ".join(f"{m} imports {', '.join(t)}" for m, t in inside.items())
        + ")"
    )


def test_no_import_cycles() -> None:
    graph = import_graph(module_files(ROOT, PACKAGES))
    found = [c for c in cycles(graph) if c not in ALLOWED]
    assert not found, "import cycles:\n" + "\n".join(describe(c, graph) for c in found)


def test_allowed_cycles_still_exist() -> None:
    # an entry whose cycle is gone must leave the list, so the list stays true
    present = set(cycles(import_graph(module_files(ROOT, PACKAGES))))
    assert set(ALLOWED) <= present, sorted(set(ALLOWED) - present)


def package_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """Top-level package → the other top-level packages its modules import."""
    top: dict[str, set[str]] = {}
    for module, targets in graph.items():
        here = module.split(".")[0]
        top.setdefault(here, set()).update(t.split(".")[0] for t in targets)
    return {package: targets - {package} for package, targets in top.items()}


def test_packages_point_one_way() -> None:
    # the chat (bot) may use delivery and ui; delivery uses ui, never the chat
    graph = package_graph(import_graph(module_files(ROOT, PACKAGES)))
    found = cycles(graph)
    assert not found, "package cycles:\n" + "\n".join(describe(c, graph) for c in found)


def test_finds_a_cycle_hidden_in_a_function(tmp_path: Path) -> None:
    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    for name in ("pkg/__init__.py", "pkg/sub/__init__.py", "pkg/leaf.py"):
        (tmp_path / name).write_text("")
    (tmp_path / "pkg/a.py").write_text("from pkg.sub import b\nfrom pkg import leaf\n")
    (tmp_path / "pkg/sub/b.py").write_text("def late() -> None:\n    from ..a import x\n")
    graph = import_graph(module_files(tmp_path, ("pkg",)))
    assert graph["pkg.a"] == {"pkg", "pkg.sub", "pkg.sub.b", "pkg.leaf"}
    assert graph["pkg.sub.b"] == {"pkg", "pkg.a"}
    assert cycles(graph) == [("pkg.a", "pkg.sub.b")]
    assert describe(("pkg.a", "pkg.sub.b"), graph).startswith("pkg.a <-> pkg.sub.b")
    # a package re-exporting a module that imports a sibling: the sibling's import runs the
    # package's __init__, which is still importing the module
    (tmp_path / "pkg/__init__.py").write_text("from pkg.leaf import thing\n")
    (tmp_path / "pkg/leaf.py").write_text("from pkg.other import helper\n")
    (tmp_path / "pkg/other.py").write_text("")
    graph = import_graph(module_files(tmp_path, ("pkg",)))
    assert ("pkg", "pkg.leaf") in cycles(graph)

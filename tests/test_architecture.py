"""The house plan: packages along the data flow, imports only down it, no import cycles.

Every import in ``kg/`` is read with :mod:`ast` — at the top of a module or inside a function — so an
import tucked into a function to dodge a cycle is seen too.
"""
from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest

KG = Path(__file__).resolve().parent.parent / "kg"
# Layers, lowest first: a module may import its own layer's modules and lower layers only.
LAYERS = (
    ("kg.errors", "kg.vocab", "kg.model"),
    ("kg.extract",),
    ("kg.graph",),
    ("kg.build",),
    ("kg.sparql", "kg.eval"),
    ("kg.analysis",),
    ("kg.viz",),
    ("kg.app",),
    ("kg.cli",),
)
PUBLIC_API = "kg"  # kg/__init__.py: the library in one place, above everything


def module_name(path: Path) -> str:
    parts = list(path.relative_to(KG.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    """The kg modules ``path`` imports (``from kg.a import b`` names kg.a.b when that is a module)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if m == "kg" or m.startswith("kg.")}


def import_graph() -> nx.DiGraph:
    modules = {module_name(p): p for p in KG.rglob("*.py")}
    G = nx.DiGraph()
    G.add_nodes_from(modules)
    for name, path in modules.items():
        for target in imports_of(path):
            if target in modules and target != name:
                G.add_edge(name, target)
    return G


def layer_of(module: str) -> int | None:
    for i, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return i
    return None


def test_every_module_has_a_layer():
    assert [m for m in import_graph() if m != PUBLIC_API and layer_of(m) is None] == []


def test_no_import_cycles():
    G = import_graph()
    G.remove_nodes_from([PUBLIC_API])
    assert list(nx.simple_cycles(G)) == []


def test_imports_go_down_the_flow():
    G = import_graph()
    upward = [(a, b) for a, b in G.edges if a != PUBLIC_API and b != PUBLIC_API and layer_of(b) > layer_of(a)]
    assert upward == []


@pytest.mark.parametrize("old, name", [
    ("kg.pipeline", "build"), ("kg.store", "open_store"), ("kg.queries", "run_named"),
    ("kg.resolve", "resolve_name"), ("kg.evaluate", "summary_lines"), ("kg.derive", "write_derived"),
])
def test_old_import_paths_of_the_readme_and_notebook_still_work(old, name):
    module = __import__(old, fromlist=[name])
    assert callable(getattr(module, name))

"""The import graph has no cycles: neither between modules nor between packages."""

from __future__ import annotations

import sys

import grimp

ROOT = "checkpoint_app"


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan)."""
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in edges.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
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

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph(ROOT)


def test_no_module_imports_itself_round_a_circle() -> None:
    graph = _graph()
    edges = {
        module: {m for m in graph.find_modules_directly_imported_by(module) if m.startswith(ROOT)}
        for module in graph.modules
        if module.startswith(ROOT)
    }
    assert _cycles(edges) == []


def test_no_package_depends_on_itself_through_another() -> None:
    graph = _graph()

    def package(module: str) -> str:
        return ".".join(module.split(".")[:2])

    edges: dict[str, set[str]] = {}
    for module in graph.modules:
        if not module.startswith(ROOT + "."):
            continue
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.startswith(ROOT + ".") and package(imported) != package(module):
                edges.setdefault(package(module), set()).add(package(imported))
    assert _cycles(edges) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]

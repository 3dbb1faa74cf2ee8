"""The import graph of ``borderdesk/``: no cycle, and ``store`` at the bottom.

Every import counts, those inside functions too: an import deferred into a function
still ties the two modules together, it only hides the tie from a reader.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "borderdesk"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def import_graph() -> dict[str, set[str]]:
    """module -> the borderdesk modules it imports (a package counts as its ``__init__``)."""
    modules = _modules()

    def known(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else []))
                targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                if target.split(".")[0] != "borderdesk":
                    continue
                found = known(target)
                if found and found != name and not name.startswith(found + "."):
                    graph[name].add(found)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one member (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                members = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    members.append(top)
                    if top == node:
                        break
                if len(members) > 1:
                    found.append(sorted(members))
    return found


def _area(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def area_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    areas: dict[str, set[str]] = {}
    for module, targets in graph.items():
        areas.setdefault(_area(module), set()).update(_area(t) for t in targets if _area(t) != _area(module))
    return areas


def test_the_graph_is_read_from_the_sources():
    graph = import_graph()
    assert len(graph) > 100
    assert "borderdesk.store.models" in graph["borderdesk.services.records"]
    # imports inside functions count
    assert "borderdesk.services.calendar" in graph["borderdesk.services.records"]


def test_no_module_imports_itself_back():
    assert cycles(import_graph()) == []


def test_no_two_areas_import_each_other():
    """Areas (store, domain, services, trust, sync, documents, cli, ui …) form layers, not a tangle."""
    assert cycles(area_graph(import_graph())) == []


def test_store_imports_nothing_above_it():
    areas = area_graph(import_graph())
    assert areas["store"] <= {"errors", "i18n", "resources"}, sorted(areas["store"])
    assert areas.get("errors", set()) == set() and areas["i18n"] <= {"resources"}
    assert areas["domain"] & {"services", "trust", "sync", "documents", "cli", "ui", "app"} == set()
    assert areas["services"] & {"trust", "sync", "documents", "cli", "ui", "app"} == set()


def test_a_cycle_is_found():
    """The test above can fail: a made-up cycle of three modules is reported."""
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]

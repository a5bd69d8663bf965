#!/usr/bin/env python
"""Count import cycles in the fazhi package, with grimp (the graph library import-linter is built on).

    .venv/bin/python scripts/import_cycles.py            # summary
    .venv/bin/python scripts/import_cycles.py --verbose  # also list the cycles between apps

Every import counts, including those inside functions; imports under ``if TYPE_CHECKING:`` do not (they never
run). Tests, ``fazhi.testing``, ``fazhi.conftest``, settings and URL configuration sit above everything (they may
import anything), so they are left out of the graph.

Reported:
- module cycles: strongly connected components of more than one module in the module import graph (each is a
  knot of modules that import one another, directly or not);
- app cycles: the same at app level (``fazhi.<app>``), and the number of distinct elementary cycles between apps.
"""

from __future__ import annotations

import argparse
import sys

import grimp

EXCLUDED = ("fazhi.testing", "fazhi.conftest", "fazhi.settings", "fazhi.urls", "fazhi.cli", "fazhi.wsgi", "fazhi.asgi")


def excluded(module: str) -> bool:
    parts = module.split(".")
    if "tests" in parts or "migrations" in parts:
        return True
    return any(module == e or module.startswith(e + ".") for e in EXCLUDED)


def sccs(nodes: set[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
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
                out.append(sorted(component))
    return [c for c in out if len(c) > 1]


def simple_cycles(nodes: set[str], edges: dict[str, set[str]]) -> list[list[str]]:
    """Every elementary cycle, each once (starting at its smallest node). Fine for a graph of a few dozen apps."""
    found = []
    order = sorted(nodes)
    for start in order:
        allowed = {n for n in order if n >= start}
        path = [start]
        stack = [iter(sorted(edges.get(start, set()) & allowed))]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                path.pop()
                continue
            if nxt == start:
                found.append([*path, start])
            elif nxt not in path:
                path.append(nxt)
                stack.append(iter(sorted(edges.get(nxt, set()) & allowed)))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()

    graph = grimp.build_graph("fazhi", exclude_type_checking_imports=True, cache_dir=None)
    modules = {m for m in graph.modules if not excluded(m)}
    edges: dict[str, set[str]] = {
        m: {i for i in graph.find_modules_directly_imported_by(m) if i in modules} for m in modules
    }

    def app(module: str) -> str:
        return ".".join(module.split(".")[:2])

    apps = {app(m) for m in modules}
    app_edges: dict[str, set[str]] = {a: set() for a in apps}
    for m, targets in edges.items():
        for t in targets:
            if app(t) != app(m):
                app_edges[app(m)].add(app(t))

    module_knots = sccs(modules, edges)
    app_knots = sccs(apps, app_edges)
    cycles = simple_cycles(apps, app_edges)
    print(
        f"module import cycles (strongly connected components): {len(module_knots)}"
        f" ({sum(len(k) for k in module_knots)} modules)"
    )
    print(
        f"app import cycles (strongly connected components): {len(app_knots)} ({sum(len(k) for k in app_knots)} apps)"
    )
    print(f"elementary cycles between apps: {len(cycles)}")
    if args.verbose:
        for knot in module_knots:
            print("module knot:", ", ".join(knot))
        for knot in app_knots:
            print("app knot:", ", ".join(knot))
        for cycle in cycles:
            print("app cycle:", " → ".join(c.removeprefix("fazhi.") for c in cycle))
    return 0


if __name__ == "__main__":
    sys.exit(main())

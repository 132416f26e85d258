"""Checks that keep every app in the shape of docs/architecture.md.

Run ``python -m skillcert.core.checks_shape`` (``make lint`` does); ``tests/test_code_shape.py``
runs the same checks in the suite. Three checks, all static (files are parsed, never imported):

- size: no module under ``skillcert/`` has more than ``MAX_LINES`` lines (migrations excluded);
- views: no view module (``views.py``, ``*_views.py``, ``views_*.py``, ``views/*.py``) and no
  ``api.py`` queries the ORM; a view asks a selector;
- imports: no import cycle runs through modules of different apps (an app is ``skillcert.<x>``
  or ``skillcert.core.<x>``), and nothing in ``skillcert.core`` imports a stage app. Imports at
  module level and inside functions both count; those under ``if TYPE_CHECKING:`` do not, as
  they never run. Tests and migrations are left out of the graph.

Each finding prints as ``path:line: message``.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "skillcert"
MAX_LINES = 500

# Modules of the project package that are no app: settings and the URL root may name any app.
PROJECT_MODULES = {"settings", "urls", "wsgi", "asgi", "__init__"}

ORM_METHODS = {
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "values_list",
    "select_related",
    "prefetch_related",
}
ORM_SHORTCUTS = {"get_object_or_404", "get_list_or_404"}

# Excused offenders, each with a comment saying why; empty means the whole tree keeps the shape.
# An entry is a path relative to the repository root (for imports: "importing module ->
# imported module"). An entry that no longer offends is reported too, so the lists only shrink.
ALLOWED_LONG_MODULES: set[str] = set()
ALLOWED_VIEW_QUERIES: set[str] = set()
ALLOWED_CROSS_APP_CYCLES: set[str] = set()
ALLOWED_CORE_TO_STAGE: set[str] = set()


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    message: str
    # What an allow-list entry names to excuse this finding.
    key: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def source_files(root: Path = ROOT) -> list[Path]:
    """Python modules of the project package, without migrations."""
    return sorted(
        path
        for path in (root / PACKAGE).rglob("*.py")
        if "migrations" not in path.relative_to(root).parts
    )


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _is_test(relative: str) -> bool:
    parts = relative.split("/")
    return "tests" in parts or parts[-1].startswith("test_") or parts[-1] == "conftest.py"


# --- size ---------------------------------------------------------------------------------------


def long_modules(root: Path = ROOT) -> list[Finding]:
    findings = []
    for path in source_files(root):
        relative = _relative(path, root)
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            findings.append(
                Finding(
                    relative,
                    MAX_LINES + 1,
                    f"{lines} lines, more than {MAX_LINES}: split it by subject into a package",
                    key=relative,
                )
            )
    return findings


# --- views --------------------------------------------------------------------------------------


def is_view_module(relative: str) -> bool:
    parts = relative.split("/")
    name = parts[-1]
    return (
        name in {"views.py", "api.py"}
        or name.endswith("_views.py")
        or name.startswith("views_")
        or (len(parts) > 1 and parts[-2] == "views")
    ) and not _is_test(relative)


def orm_queries(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, what) for each place the code queries the ORM itself."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            yield node.lineno, ".objects"
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name in ORM_SHORTCUTS:
                yield node.lineno, f"{name}()"
            elif isinstance(func, ast.Attribute) and (
                name in ORM_METHODS or (name == "values" and (node.args or node.keywords))
            ):
                # A dict's .values() takes no argument; a queryset's .values("field") does.
                yield node.lineno, f".{name}()"


def view_queries(root: Path = ROOT) -> list[Finding]:
    findings = []
    for path in source_files(root):
        relative = _relative(path, root)
        if not is_view_module(relative):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        by_line: dict[int, list[str]] = {}
        for line, what in orm_queries(tree):
            if what not in by_line.setdefault(line, []):
                by_line[line].append(what)
        findings.extend(
            Finding(
                relative,
                line,
                f"view queries the ORM ({', '.join(whats)}); ask a selector",
                key=relative,
            )
            for line, whats in sorted(by_line.items())
        )
    return findings


# --- imports ------------------------------------------------------------------------------------


def module_name(relative: str) -> str:
    dotted = relative.removesuffix(".py").replace("/", ".")
    return dotted.removesuffix(".__init__")


def app_of(module: str) -> str | None:
    """``skillcert.core.<x>`` or ``skillcert.<x>``; None for the project's own modules."""
    parts = module.split(".")
    if parts[0] != PACKAGE or len(parts) < 2:
        return None
    if parts[1] == "core":
        return ".".join(parts[:3]) if len(parts) > 2 else None
    if parts[1] in PROJECT_MODULES:
        return None
    return ".".join(parts[:2])


def is_core(module: str) -> bool:
    return module.startswith(f"{PACKAGE}.core.") or module == f"{PACKAGE}.core"


def _type_checking_blocks(tree: ast.AST) -> set[int]:
    """ids of import nodes under ``if TYPE_CHECKING:``."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    skipped.update(id(n) for n in ast.walk(child))
    return skipped


def imports_of(tree: ast.AST, module: str, is_package: bool) -> Iterator[tuple[int, str]]:
    """(line, imported name) for each import that runs, at any depth in the module."""
    skipped = _type_checking_blocks(tree)
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            # "from pkg import mod" imports the module pkg.mod when there is one.
            for alias in node.names:
                yield node.lineno, f"{base}.{alias.name}"
            yield node.lineno, base


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    path: str
    line: int


def import_graph(root: Path = ROOT) -> tuple[dict[str, list[Edge]], dict[str, str]]:
    """Edges between the project's modules (tests and migrations left out), and module paths."""
    paths: dict[str, str] = {}
    trees: dict[str, tuple[ast.AST, bool]] = {}
    for path in source_files(root):
        relative = _relative(path, root)
        if _is_test(relative):
            continue
        module = module_name(relative)
        paths[module] = relative
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=relative)
        trees[module] = (tree, path.name == "__init__.py")
    graph: dict[str, list[Edge]] = {module: [] for module in paths}
    for module, (tree, is_package) in trees.items():
        seen: set[str] = set()
        for line, name in imports_of(tree, module, is_package):
            if name in paths and name != module and name not in seen:
                seen.add(name)
                graph[module].append(Edge(module, name, paths[module], line))
    return graph, paths


def _strongly_connected(graph: dict[str, list[Edge]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative so that a deep graph cannot exhaust the stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, iter(graph[start]))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            advanced = False
            for edge in edges:
                target = edge.target
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(graph[target])))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(component)
    return components


def _edge_label(edge: Edge) -> str:
    return f"{edge.source} -> {edge.target}"


def core_to_stage_imports(root: Path = ROOT) -> list[Finding]:
    graph, _ = import_graph(root)
    findings = []
    for module, edges in graph.items():
        if not is_core(module):
            continue
        for edge in edges:
            if is_core(edge.target) or app_of(edge.target) is None:
                continue
            findings.append(
                Finding(
                    edge.path,
                    edge.line,
                    f"core imports the stage app {app_of(edge.target)} ({_edge_label(edge)});"
                    " let the stage register with core (hooks.py) instead",
                    key=_edge_label(edge),
                )
            )
    return findings


def cross_app_cycles(root: Path = ROOT) -> list[Finding]:
    graph, _ = import_graph(root)
    findings: list[Finding] = []
    for component in _strongly_connected(graph):
        apps = {app_of(module) for module in component}
        if len(component) < 2 or len(apps) < 2:
            continue
        members = set(component)
        crossing = [
            edge
            for module in sorted(component)
            for edge in graph[module]
            if edge.target in members and app_of(edge.source) != app_of(edge.target)
        ]
        findings.extend(
            Finding(
                edge.path,
                edge.line,
                f"import cycle between apps {', '.join(sorted(filter(None, apps)))}: "
                f"{_edge_label(edge)} is part of a cycle through {len(component)} modules",
                key=_edge_label(edge),
            )
            for edge in crossing
        )
    return findings


# --- all ----------------------------------------------------------------------------------------

CHECKS = (
    (long_modules, ALLOWED_LONG_MODULES, "ALLOWED_LONG_MODULES"),
    (view_queries, ALLOWED_VIEW_QUERIES, "ALLOWED_VIEW_QUERIES"),
    (cross_app_cycles, ALLOWED_CROSS_APP_CYCLES, "ALLOWED_CROSS_APP_CYCLES"),
    (core_to_stage_imports, ALLOWED_CORE_TO_STAGE, "ALLOWED_CORE_TO_STAGE"),
)


def excused(findings: list[Finding], allowed: set[str], list_name: str) -> list[Finding]:
    """The findings no allow-list entry excuses, and each entry that excuses nothing any more,
    so that the list only shrinks."""
    left = [finding for finding in findings if finding.key not in allowed]
    offending = {finding.key for finding in findings}
    left.extend(
        Finding(
            "skillcert/core/checks_shape.py",
            1,
            f"{entry!r} no longer offends: remove it from {list_name}",
        )
        for entry in sorted(allowed - offending)
    )
    return left


def all_findings(root: Path = ROOT) -> list[Finding]:
    return [
        finding
        for check, allowed, list_name in CHECKS
        for finding in excused(check(root), allowed, list_name)
    ]


def main() -> int:
    findings = all_findings()
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} shape problem(s); see docs/architecture.md", file=sys.stderr)
        return 1
    print("code shape: ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

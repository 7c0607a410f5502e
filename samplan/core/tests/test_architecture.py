"""The house's one-way streets (docs/architecture.md), checked on the source without importing it.

Every module under samplan/ is parsed (ast); every import counts, also one inside a function (a
late import hides a back-edge, it does not remove it). The checks:

- an app imports only the apps below it, as `ALLOWED` declares (and SQL names no table of an app
  it may not import);
- there is no import cycle, between apps nor between the modules of one app;
- the pure engines import no models and no database;
- no function is over `MAX_FUNCTION_LINES` lines.

What cannot be fixed at once is listed in `KNOWN_*` with its reason and the issue it belongs to,
so the suite is green and honest about it; a listed exception that no longer occurs fails too,
so the list only shrinks.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the samplan package
PACKAGE = ROOT.name

# The apps, bottom to top, and the apps each may import (its direct edges; nothing else).
# Test modules (a `tests` package) are outside the graph: they exercise the apps together
# (the fault, abuse and query-count tests of core request every module's pages) and no app
# imports them. Test helpers outside `tests` (core/testing.py, municipalities/testing.py) are
# modules like any other.
ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset(),
    "accounts": frozenset({"core"}),
    "documents": frozenset({"core"}),
    "municipalities": frozenset({"core", "accounts"}),
    "stats": frozenset({"core", "municipalities"}),
    "plans": frozenset({"core", "municipalities", "documents"}),
    "plantakt": frozenset({"core", "municipalities", "plans"}),
    "strategy": frozenset({"core", "municipalities", "documents", "plans", "plantakt", "stats"}),
    "politics": frozenset(
        {"core", "municipalities", "documents", "plans", "plantakt", "stats", "strategy"}
    ),
    "processes": frozenset({"core", "municipalities", "documents", "plans"}),
    "goals": frozenset({"core", "municipalities", "documents", "plans", "stats", "strategy"}),
    "participation": frozenset(
        {"core", "municipalities", "documents", "plans", "strategy", "processes"}
    ),
    "guidance": frozenset({"core", "accounts", "municipalities"}),
    "sso": frozenset({"core", "accounts", "municipalities"}),
    "site": frozenset({"core", "accounts", "municipalities"}),
    "api": frozenset(
        {
            "core",
            "municipalities",
            "plans",
            "plantakt",
            "stats",
            "strategy",
            "processes",
            "goals",
            "participation",
        }
    ),
    "archive": frozenset(
        {"core", "municipalities", "documents", "plans", "strategy", "goals", "participation"}
    ),
    "feeds": frozenset(
        {"core", "municipalities", "plans", "plantakt", "strategy", "participation"}
    ),
}
# Project modules (samplan/settings.py, urls.py, cli.py, wsgi.py) sit above every app and may
# import any of them; no app imports them.
PROJECT = "project"

# (importing app, imported app): why it is still there and the issue that removes it.
# Back-edges not yet removed, each with its reason and issue (none now: the last one, core's raw
# SQL on municipalities_dataversion, went when DataVersion moved into core).
KNOWN_BACK_EDGES: dict[tuple[str, str], str] = {}

# The pure engines: computation on plain data, testable without a database.
PURE_MODULES = (
    "plantakt.engine",
    "plantakt.seasons",
    "politics.roles",
    "politics.codes",
    "plans.health",
    "stats.jsonstat",
    "goals.budget",
    "goals.kostra",
    "documents.content",
    "documents.odt",
    "documents.pdf",
    "documents.render",
)

MAX_FUNCTION_LINES = 80
# "module:function" → the reason it is longer, and the issue that splits it.
KNOWN_LONG_FUNCTIONS: dict[str, str] = {}


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, e.g. "samplan.plans.views"
    target: str  # the imported module (or package), e.g. "samplan.core.audit"
    line: int


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def sources() -> dict[str, tuple[Path, ast.Module]]:
    """Every module of the package (migrations aside: they are generated), parsed."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        found[module_name(path)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return found


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if path.name != "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _known(target: str) -> str:
    """The longest prefix of `target` that is a module of the package (`from x import name`
    names a module or a name in one)."""
    modules = sources()
    while target not in modules and "." in target:
        target = target.rsplit(".", 1)[0]
    return target


def imports(module: str) -> Iterator[Import]:
    """Every import in `module`, at any depth, resolved to the imported module."""
    path, tree = sources()[module]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(module, alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path, node)
            for alias in node.names:
                yield Import(module, f"{base}.{alias.name}", node.lineno)


def internal_imports(module: str) -> Iterator[Import]:
    for found in imports(module):
        if found.target.split(".")[0] == PACKAGE:
            yield Import(found.module, _known(found.target), found.line)


def app_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) < 2 or not (ROOT / parts[1]).is_dir():
        return PROJECT
    return parts[1]


def is_test(module: str) -> bool:
    return "tests" in module.split(".")


def app_modules() -> list[str]:
    return [module for module in sources() if not is_test(module)]


@cache
def app_edges() -> dict[tuple[str, str], list[Import]]:
    edges: dict[tuple[str, str], list[Import]] = {}
    for module in app_modules():
        for found in internal_imports(module):
            source, target = app_of(module), app_of(found.target)
            if source != target:
                edges.setdefault((source, target), []).append(found)
    return edges


# Table names in SQL: an app's label, an underscore, the model's name.
SQL = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE|FROM|JOIN|INTO)\b", re.IGNORECASE)


@cache
def sql_edges() -> dict[tuple[str, str], list[Import]]:
    """Raw SQL naming another app's table is an import that the import statements do not show."""
    table = re.compile(rf"\b({'|'.join(ALLOWED)})_[a-z]+\b")
    edges: dict[tuple[str, str], list[Import]] = {}
    for module in app_modules():
        _path, tree = sources()[module]
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            if not SQL.search(node.value):
                continue
            for match in table.finditer(node.value):
                source, target = app_of(module), match.group(1)
                if source != target:
                    edges.setdefault((source, target), []).append(
                        Import(module, match.group(0), node.lineno)
                    )
    return edges


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph.get(node, ())):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
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


def describe(edges: dict[tuple[str, str], list[Import]]) -> list[str]:
    return [
        f"{source} → {target}: " + ", ".join(f"{i.module}:{i.line} ({i.target})" for i in found)
        for (source, target), found in sorted(edges.items())
    ]


# The checks ----------------------------------------------------------------------------------


def test_every_app_is_declared():
    apps = {path.parent.name for path in ROOT.glob("*/apps.py")}

    assert apps == set(ALLOWED), "declare a new app's place in ALLOWED (and docs/architecture.md)"


def test_the_declared_order_has_no_cycle():
    graph = {app: set(allowed) for app, allowed in ALLOWED.items()}

    assert cycles(graph) == []


def test_apps_import_only_the_apps_below_them():
    edges = {edge: list(found) for edge, found in app_edges().items()}
    for edge, found in sql_edges().items():
        edges[edge] = edges.get(edge, []) + found
    back_edges = {
        (source, target): found
        for (source, target), found in edges.items()
        if source != PROJECT
        and target not in ALLOWED[source]
        and (source, target) not in KNOWN_BACK_EDGES
    }
    assert describe(back_edges) == [], "a back-edge: move the code, or see docs/architecture.md"


def test_the_known_back_edges_still_exist():
    edges = {**app_edges(), **sql_edges()}

    assert [edge for edge in KNOWN_BACK_EDGES if edge not in edges] == [], (
        "a listed back-edge is gone: remove it from KNOWN_BACK_EDGES and docs/architecture.md"
    )


def test_no_app_imports_the_project_modules():
    found = [edge for edge in app_edges() if edge[1] == PROJECT and edge[0] != PROJECT]

    assert found == []


def test_no_import_cycle_between_apps():
    graph: dict[str, set[str]] = {}
    for source, target in app_edges():
        graph.setdefault(source, set()).add(target)

    assert cycles(graph) == []


def test_no_import_cycle_between_modules():
    graph = {
        module: {found.target for found in internal_imports(module) if found.target != module}
        for module in app_modules()
    }

    assert cycles(graph) == []


def test_app_code_imports_no_test_module():
    found = [
        f"{i.module}:{i.line} ({i.target})"
        for module in app_modules()
        for i in internal_imports(module)
        if is_test(i.target)
    ]

    assert found == []


def _models_or_database(target: str) -> bool:
    return target == "django.db" or target.startswith("django.db.") or ".models" in f".{target}"


@pytest.mark.parametrize("engine", PURE_MODULES)
def test_pure_engines_import_no_models(engine):
    """Neither the engine nor any Samplan module it imports (at any depth) reaches models."""
    seen, queue, found = set(), [f"{PACKAGE}.{engine}"], []
    while queue:
        module = queue.pop()
        if module in seen or module not in sources():
            continue
        seen.add(module)
        for i in imports(module):
            target = _known(i.target) if i.target.startswith(f"{PACKAGE}.") else i.target
            if _models_or_database(target):
                found.append(f"{i.module}:{i.line} ({i.target})")
            elif target.startswith(f"{PACKAGE}."):
                queue.append(target)

    assert found == []


def long_functions() -> dict[str, int]:
    found = {}
    for module, (_path, tree) in sources().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    found[f"{module}:{node.name}"] = length
    return found


def test_no_function_is_over_80_lines():
    found = {name: n for name, n in long_functions().items() if name not in KNOWN_LONG_FUNCTIONS}

    assert found == {}, "split it (a function of small named steps), or list it with the reason"


def test_the_known_long_functions_are_still_long():
    assert [name for name in KNOWN_LONG_FUNCTIONS if name not in long_functions()] == []


def service_shape_problems() -> list[str]:
    """Public functions of an app's services.py: keyword-only arguments, and a write (one that
    opens a transaction) is a `@service`, which takes the acting `user`."""
    found = []
    for module, (_path, tree) in sources().items():
        if not module.endswith(".services"):
            continue
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            decorators = {ast.unparse(decorator) for decorator in node.decorator_list}
            if node.args.args or node.args.posonlyargs or node.args.vararg:
                found.append(f"{module}.{node.name}: positional arguments")
            if "transaction.atomic" in decorators:
                found.append(f"{module}.{node.name}: @transaction.atomic instead of @service")
    return found


def test_services_take_keyword_arguments_and_writes_are_services():
    assert service_shape_problems() == []


# The checks check: each finds what it is for ---------------------------------------------------


def test_cycles_finds_a_cycle_and_only_that():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert cycles(graph) == [["a", "b", "c"]]


def test_relative_imports_resolve_to_their_module():
    tree = ast.parse("from . import engine\nfrom ..core import audit\n")
    first, second = (node for node in tree.body if isinstance(node, ast.ImportFrom))
    path = ROOT / "plantakt" / "models.py"

    assert _resolve(f"{PACKAGE}.plantakt.models", path, first) == f"{PACKAGE}.plantakt"
    assert _resolve(f"{PACKAGE}.plantakt.models", path, second) == f"{PACKAGE}.core"


def test_the_sql_check_sees_another_apps_table():
    statement = "UPDATE municipalities_dataversion SET version = version + 1"

    assert SQL.search(statement)
    assert re.search(rf"\b({'|'.join(ALLOWED)})_[a-z]+\b", statement)
    assert not SQL.search("municipalities_dataversion")  # a name alone is not SQL

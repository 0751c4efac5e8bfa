"""No import cycles inside the package: modules are read with `ast`, never executed.

Every import counts: module-level ones, those inside functions and methods (they run on the first
call and close the cycle then), and ``importlib.import_module("riskengine.x")`` with a literal
name. Imports under ``if TYPE_CHECKING:`` never run, so they are left out.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "riskengine"


def module_names(package_dir: Path, package: str) -> dict[str, Path]:
    """Every module of the package by dotted name (a package is named by its ``__init__``)."""
    out: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [package, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    """``TYPE_CHECKING`` or ``typing.TYPE_CHECKING``."""
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _resolve_relative(name: str, level: int, current: str, is_package: bool) -> str:
    """The absolute name of ``from <level dots><name> import ...`` written in `current`."""
    if level == 0:
        return name
    # a package's __init__ is its own anchor; a plain module is anchored at its package
    anchor = current.split(".") if is_package else current.split(".")[:-1]
    base = anchor[: len(anchor) - (level - 1)]
    return ".".join([*base, name] if name else base)


class _ImportVisitor(ast.NodeVisitor):
    """Collects the dotted names a module imports, as (module, names imported from it) pairs."""

    def __init__(self, current: str, is_package: bool) -> None:
        self.current = current
        self.is_package = is_package
        self.found: list[tuple[str, tuple[str, ...]]] = []

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            # only for type checkers: the body never runs, but an `else:` branch does
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        self.found.extend((alias.name, ()) for alias in node.names)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = _resolve_relative(node.module or "", node.level, self.current, self.is_package)
        self.found.append((module, tuple(alias.name for alias in node.names)))

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        is_import_module = (
            isinstance(func, ast.Attribute)
            and func.attr == "import_module"
            and isinstance(func.value, ast.Name)
            and func.value.id == "importlib"
        ) or (isinstance(func, ast.Name) and func.id in {"import_module", "__import__"})
        name = _literal(node.args[0]) if is_import_module and node.args else None
        # only a literal name is an edge known statically; riskengine/__init__.py passes values
        # of its `_EXPORTS` dict, on attribute access only, so those are not edges (see _parents)
        if name is not None:
            package = _literal(node.args[1]) if len(node.args) > 1 else None
            package = next(
                (_literal(k.value) for k in node.keywords if k.arg == "package"), package
            )
            if name.startswith(".") and package:
                level = len(name) - len(name.lstrip("."))
                name = _resolve_relative(name.lstrip("."), level, package, is_package=True)
            self.found.append((name, ()))
        self.generic_visit(node)


def _known(name: str, modules: dict[str, Path]) -> str | None:
    """The longest prefix of `name` that is a module of the package (None for outside names)."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def _targets(module: str, names: tuple[str, ...], modules: dict[str, Path]) -> Iterator[str]:
    """The package modules ``from module import names`` (or ``import module``) loads directly."""
    submodules = [f"{module}.{name}" for name in names if f"{module}.{name}" in modules]
    yield from submodules
    # ``import module``, or an attribute (or ``*``) of it: that runs `module` itself
    if not names or len(submodules) < len(names):
        known = _known(module, modules)
        if known is not None:
            yield known


def import_graph(package_dir: Path, package: str = PACKAGE) -> nx.DiGraph:
    """The package's module graph: an edge a -> b when running a (or calling into it) imports b."""
    modules = module_names(package_dir, package)
    graph = nx.DiGraph()
    graph.add_nodes_from(modules)
    for current, path in modules.items():
        visitor = _ImportVisitor(current, is_package=path.name == "__init__.py")
        visitor.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        for module, names in visitor.found:
            for target in _targets(module, names, modules):
                for imported in (target, *_parents(target, current, package, modules)):
                    if imported != current:
                        graph.add_edge(current, imported)
    return graph


def _parents(target: str, current: str, package: str, modules: dict[str, Path]) -> Iterator[str]:
    """The package ``__init__`` modules that importing `target` from `current` also runs.

    Python imports every parent package before a submodule, so an edge to ``a.b.c`` is also
    one to ``a.b``. Left out:

    - the top-level package: riskengine/__init__.py imports no submodule eagerly. It re-exports
      through ``__getattr__`` and ``importlib.import_module(_EXPORTS[name])``, which runs only on
      attribute access, so the `_EXPORTS` values are not edges (the visitor only counts literal
      names), and an implicit edge to it could never close a cycle that runs at import time;
    - the packages `current` itself lives in: Python imported them before `current` started
      running, so importing a sibling does not run them again (an explicit
      ``from riskengine.pkg import name`` of a non-submodule still counts, as a target).
    """
    parts = target.split(".")
    for i in range(len(parts) - 1, 0, -1):
        parent = ".".join(parts[:i])
        if parent in modules and parent != package and not current.startswith(parent + "."):
            yield parent


def import_cycles(graph: nx.DiGraph) -> list[str]:
    """Every elementary cycle as ``a -> b -> a``, each started at its smallest name, sorted."""
    chains = []
    for cycle in nx.simple_cycles(graph):
        start = cycle.index(min(cycle))
        ordered = cycle[start:] + cycle[:start]
        chains.append(" -> ".join([*ordered, ordered[0]]))
    return sorted(chains, key=lambda c: (c.count("->"), c))


def test_no_import_cycles() -> None:
    graph = import_graph(ROOT / PACKAGE)
    # guard against the walker silently finding nothing (a moved package, a broken resolver)
    assert graph.number_of_edges() > 50, graph.number_of_edges()
    cycles = import_cycles(graph)
    assert not cycles, f"{len(cycles)} import cycle(s) in {PACKAGE}:\n" + "\n".join(cycles)


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_walker_on_a_mini_package(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            # lazy re-exports, as in riskengine/__init__.py: no edge from mini to mini.a or mini.c
            "mini/__init__.py": """
                import importlib
                _EXPORTS = {"A": "mini.a", "C": "mini.c"}
                def __getattr__(name):
                    return getattr(importlib.import_module(_EXPORTS[name]), name)
            """,
            # a function-level cycle: a -> b on calling f(), b -> a on calling g()
            "mini/a.py": """
                def f():
                    from mini import b
                    return b
            """,
            "mini/b.py": """
                import importlib
                class K:
                    def g(self):
                        return importlib.import_module("mini.a")
            """,
            # a cycle only for the type checker: not an import cycle
            "mini/c.py": """
                from typing import TYPE_CHECKING
                if TYPE_CHECKING:
                    from mini.d import D
                else:
                    from mini.sub import thing
            """,
            "mini/d.py": "from .c import C\n",
            "mini/sub/__init__.py": "from .e import thing\n",
            "mini/sub/e.py": "from ..sub import other\nfrom mini.sub.f import x\n",
            "mini/sub/f.py": "x = 1\n",
        },
    )
    graph = import_graph(tmp_path / "mini", "mini")
    assert set(graph.edges) == {
        ("mini.a", "mini.b"),
        ("mini.b", "mini.a"),
        ("mini.d", "mini.c"),
        ("mini.c", "mini.sub"),  # `from mini.sub import thing`: an attribute of the package
        ("mini.sub", "mini.sub.e"),
        ("mini.sub.e", "mini.sub"),  # `from ..sub import other`: explicit, so it counts
        ("mini.sub.e", "mini.sub.f"),  # no edge to mini.sub: e runs inside it already
    }
    assert import_cycles(graph) == [
        "mini.a -> mini.b -> mini.a",
        "mini.sub -> mini.sub.e -> mini.sub",
    ]


def test_walker_counts_parent_packages(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "top/__init__.py": "",
            "top/pkg/__init__.py": "from top.user import helper\n",
            "top/pkg/inner.py": "",
            "top/user.py": "import top.pkg.inner\ndef helper():\n    return 1\n",
        },
    )
    # importing top.pkg.inner runs top/pkg/__init__.py, which imports top.user back
    assert import_cycles(import_graph(tmp_path / "top", "top")) == [
        "top.pkg -> top.user -> top.pkg"
    ]


SCORE_PROBE = """
import json, sys
from riskengine.cli import main
try:
    main.main(["score", sys.argv[1], "--no-rank", *sys.argv[2:]], prog_name="riskengine")
except SystemExit as exc:
    assert exc.code == 0, exc.code
print(json.dumps(sorted(sys.modules)), file=sys.stderr)
"""

NOT_FOR_SCORE = (
    "rich",
    "ruamel",
    "prompt_toolkit",
    "dask",
    "distributed",
    "jsonschema",
    "networkx",
)
"""Libraries a plain ``score`` of one profile never needs (progress bars, interviews, clusters,
and networkx: the engine's graph answers its queries from its own indexes)."""


@pytest.mark.parametrize("fmt", ["json", "table"])
def test_score_imports_only_what_it_needs(fmt: str) -> None:
    # a fresh interpreter, output to a pipe: what a script or CI job running `score` pays for
    env = {**os.environ, "RISKENGINE_DISABLE_PLUGIN_AUTOLOAD": "1"}
    env.pop("COLUMNS", None)
    profile = str(ROOT / "profiles" / "no-pilot.yaml")
    done = subprocess.run(
        [sys.executable, "-c", SCORE_PROBE, profile, "-f", fmt],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    loaded = set(json.loads(done.stderr.strip().splitlines()[-1]))
    assert "riskengine.rules" in loaded  # the probe really scored
    assert not {m for m in loaded if m.split(".")[0] in NOT_FOR_SCORE}
    others = {"json": "riskengine.output.table", "table": "riskengine.output.json_format"}
    assert others[fmt] not in loaded
    assert not loaded & {"riskengine.ranking", "riskengine.whatif", "riskengine.schema"}
    assert not {m for m in loaded if m.startswith("riskengine.interview")}

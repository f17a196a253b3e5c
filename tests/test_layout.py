"""The package's layout: stages import only stages below them, no cycles, every module says what it is for."""

from __future__ import annotations

import ast
import pathlib

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "feedbuilder"

# Each module's stage, lowest first.  A module may import its own stage and any stage below it.
# check/ stands alone: it judges anyone's feeds and imports nothing of the pipeline.
RANKS = {
    "feedbuilder": 0,
    "feedbuilder.errors": 0,
    "feedbuilder.model": 0,
    "feedbuilder.output": 0,
    "feedbuilder.check": 1,
    "feedbuilder.sources": 1,
    "feedbuilder.config": 2,
    "feedbuilder.site": 3,
    "feedbuilder.render": 4,
    "feedbuilder.incremental": 5,
    "feedbuilder.build": 6,
    "feedbuilder.api": 7,
    "feedbuilder.serve": 7,
    "feedbuilder.cli": 8,
    "feedbuilder.__main__": 9,
}

# The package hands out its public API on first use (PEP 562 __getattr__): not a dependency of the package.
LAZY_REEXPORTS = {"feedbuilder": {"feedbuilder.api"}}


def module_name(path: pathlib.Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, pathlib.Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def stage(name: str) -> str:
    """The longest RANKS key that ``name`` is or lies inside."""
    found = max((key for key in RANKS if name == key or name.startswith(key + ".")), key=len)
    return found


def imports(path: pathlib.Path, name: str) -> set[str]:
    """Every feedbuilder module the file imports, at its top or inside a function (not for type checking only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and "TYPE_CHECKING" in ast.unparse(block.test)
        for node in ast.walk(block)
    }
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(
                    package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else [])
                )
            if base.startswith("feedbuilder"):
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("feedbuilder"))
    known = modules()
    return {target for target in found if target in known and target != name} - LAZY_REEXPORTS.get(name, set())


def test_stages_import_only_stages_below_them() -> None:
    """A lower stage importing a higher one (say sources/ asking render/) is the tangle the layout forbids."""
    wrong = []
    for name, path in modules().items():
        own = RANKS[stage(name)]
        for target in imports(path, name):
            if target == "feedbuilder":  # the package itself: its version
                continue
            if RANKS[stage(target)] > own or (
                stage(name) == "feedbuilder.check" and stage(target) != "feedbuilder.check" and RANKS[stage(target)] > 0
            ):
                wrong.append(f"{name} imports {target}")
    assert wrong == []


def test_no_import_cycles() -> None:
    """Two modules that import each other (even lazily) cannot be understood one at a time."""
    graph = {name: imports(path, name) for name, path in modules().items()}
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_every_module_says_what_it_is_for() -> None:
    """A newcomer reads the first line of each module to find where to work."""
    missing = [name for name, path in modules().items() if not ast.get_docstring(ast.parse(path.read_text()))]
    assert missing == []


def test_every_module_belongs_to_a_stage() -> None:
    """A module added at the top level instead of in its stage's folder."""
    top = {path.name for path in PACKAGE.glob("*.py")}
    allowed = {"__init__.py", "__main__.py", "api.py", "build.py", "config.py", "errors.py", "model.py", "output.py"}
    assert top <= allowed

"""Dependencies point down: cli > render > services > store > core, never the other way.

The layer map is written once, here; docs/architecture.md draws it and its own test checks
that every package below is named there. Every import in every module counts, including
those inside functions and under `if TYPE_CHECKING:`: a type-only import upward is still a
layer leaning on the one above it.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
# Rank of each layer: a module may import netcrm modules of its own rank or lower.
LAYERS: dict[str, int] = {
    "netcrm.cli": 4,  # Typer: parse, call one service, render
    "netcrm.render": 3,  # everything printed
    "netcrm.services": 2,  # the use cases, by theme
    "netcrm.store": 1,  # the schema, opening the database, SQLite files, migrations
    "netcrm.core": 0,  # the method's rules and vocabularies: no database, no terminal
}
# The package itself holds only the version; `python -m netcrm` starts the CLI.
OUTSIDE_LAYERS = {"netcrm": 0, "netcrm.__main__": 5}
MIGRATIONS = "netcrm.store.migrations.versions"


def layer_of(module: str) -> int:
    """The rank of a netcrm module; KeyError for a module no layer holds."""
    for prefix, rank in sorted(LAYERS.items(), key=lambda item: -len(item[0])):
        if module == prefix or module.startswith(prefix + "."):
            return rank
    return OUTSIDE_LAYERS[module]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(source: str, module: str) -> list[str]:
    """Every netcrm module `source` imports (absolute names, wherever the import sits)."""
    package = module.rsplit(".", 1)[0]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # a relative import: resolve it against this module's package
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            found += [base] + [f"{base}.{alias.name}" for alias in node.names]
    return [name for name in found if name == "netcrm" or name.startswith("netcrm.")]


def upward_imports(source: str, module: str) -> list[str]:
    """The imports in `source` that reach a layer above `module`'s."""
    mine = layer_of(module)
    wrong = []
    for name in imported(source, module):
        try:
            rank = layer_of(name)
        except KeyError:  # `from netcrm.x import name` where name is not a module
            continue
        if rank > mine:
            wrong.append(name)
    if module.startswith(MIGRATIONS + "."):
        # A revision freezes what it needs: live code may change meaning after it ran.
        wrong += [name for name in imported(source, module) if name != "netcrm"]
    return wrong


def modules() -> list[tuple[str, Path]]:
    return sorted((module_name(path), path) for path in (SRC / "netcrm").rglob("*.py"))


def test_every_module_belongs_to_a_layer() -> None:
    for module, _path in modules():
        layer_of(module)  # KeyError names the module no layer holds


@pytest.mark.parametrize("module,path", modules(), ids=lambda value: str(value))
def test_no_module_imports_a_layer_above_its_own(module: str, path: Path) -> None:
    assert upward_imports(path.read_text(encoding="utf-8"), module) == []


@pytest.mark.parametrize(
    "module,source",
    [
        ("netcrm.services.transfer.importing", "from netcrm.render.output import line"),
        ("netcrm.services.transfer.importing", "def f():\n    from netcrm import render\n"),
        ("netcrm.core.scheduler", "from netcrm.store.models import Contact"),
        ("netcrm.store.db", "import netcrm.services.shapes"),
        (
            "netcrm.render.daily",
            "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
            "    from netcrm.cli import common\n",
        ),
        ("netcrm.store.migrations.versions.0004_x", "from netcrm.core.dates import iso_day"),
        (
            "netcrm.services.daily.due",
            "from ..shapes import due_item_json\nfrom ...render import x",
        ),
    ],
)
def test_the_check_catches_an_upward_import(module: str, source: str) -> None:
    assert upward_imports(source, module) != []


def test_imports_downward_and_within_a_layer_are_fine() -> None:
    source = (
        "from netcrm.core.dates import iso_day\n"
        "from netcrm.store.models import Contact\n"
        "from netcrm.services.shapes import due_item_json\n"
        "from . import due\n"
    )
    assert upward_imports(source, "netcrm.services.daily.touches") == []

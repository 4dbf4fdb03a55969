"""docs/architecture.md stays true to the code: what it names exists, and it names every package."""

import re
from pathlib import Path

from test_layers import LAYERS

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "netcrm"
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
# `cli/daily.py`, `services/daily/`, `due.py`, `tests/unit/test_layers.py`...
NAMED_PATH = re.compile(r"`([\w./-]+(?:\.py|/))`")


def named_paths() -> list[str]:
    return sorted(set(NAMED_PATH.findall(DOC)))


def exists(name: str) -> bool:
    """A path relative to src/netcrm or the repository, or a bare file name somewhere below."""
    if "/" not in name.rstrip("/"):
        return any(PACKAGE.rglob(name.rstrip("/"))) or (ROOT / name).exists()
    return (PACKAGE / name).exists() or (ROOT / name).exists()


def test_the_doc_names_paths_at_all() -> None:
    assert len(named_paths()) > 40


def test_every_path_the_doc_names_exists() -> None:
    missing = [name for name in named_paths() if not exists(name)]
    assert missing == []


def test_every_package_is_named() -> None:
    packages = sorted(
        str(init.parent.relative_to(PACKAGE)) + "/"
        for init in PACKAGE.rglob("__init__.py")
        if init.parent != PACKAGE
    )
    unnamed = [name for name in packages if not re.search(rf"(?<![\w/]){re.escape(name)}", DOC)]
    assert unnamed == []


def test_the_picture_shows_every_layer_in_rank_order() -> None:
    picture = DOC.split("```")[1]
    positions = [picture.index(f" {prefix.split('.')[1]}/ ") for prefix in LAYERS]
    assert positions == sorted(positions)

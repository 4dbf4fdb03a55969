"""`list` reads contacts in batches (LIST_BATCH at a time, so `list --json` never holds the
whole network) and prints exactly what one batch of everything prints, on both back ends."""

import json
from pathlib import Path

import pytest
from test_due_golden import Network, built, put_in_place  # noqa: F401 - `built`: a fixture

from conftest import Netcrm
from netcrm.services.contacts import views

INVOCATIONS = [
    ("list", "--json"),
    ("list", "--json", "--all"),
    ("list", "--json", "--due-within", "7"),
    ("list", "--json", "--circle", "middle", "--as-of", "2026-11-12"),
    ("list",),
    ("export", "csv"),
]


def test_list_in_small_batches_prints_what_one_batch_prints(
    netcrm: Netcrm,
    backend: str,
    built: dict[Network, Path],  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    put_in_place(built[Network(50, 10, 1)], backend)
    monkeypatch.setattr(views, "LIST_BATCH", 10**6)
    whole = {args: netcrm(*args).stdout for args in INVOCATIONS}
    monkeypatch.setattr(views, "LIST_BATCH", 7)
    for args in INVOCATIONS:
        assert netcrm(*args).stdout == whole[args], args
    listed = json.loads(whole[("list", "--json", "--all")])
    assert len(listed) == 50
    assert whole[("list", "--json", "--all")] == json.dumps(listed, ensure_ascii=False) + "\n"

"""The config file changes circle cadences and 24-48-7 offsets; a bad one is one clear line."""

from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import add, due, refused, steps


def write_config(folder: Path, body: str) -> Path:
    """Write config.toml where XDG_CONFIG_HOME (set by conftest for every test) points."""
    path = folder / "netcrm" / "config.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(body)
    return path


def inner_due_day(netcrm: Netcrm) -> str:
    """When a new inner contact, added today (2026-11-26), first falls due."""
    [item] = due(netcrm, "--as-of", "2030-01-01")
    return str(item["due"])


def test_defaults_without_a_file(netcrm: Netcrm) -> None:
    add(netcrm, "Ada", "--circle", "inner")
    assert inner_due_day(netcrm) == "2026-12-26"


def test_xdg_config_changes_circle_cadences(netcrm: Netcrm, tmp_path: Path) -> None:
    write_config(tmp_path / "config", '[cadences]\ninner = "2w"\nouter = "6m"\n')
    add(netcrm, "Ada", "--circle", "inner")
    add(netcrm, "Bob", "--circle", "outer")
    dues = {item["name"]: item["due"] for item in due(netcrm, "--as-of", "2030-01-01")}
    assert dues == {"Ada": "2026-12-10", "Bob": "2027-05-26"}
    [ada] = due(netcrm, "--as-of", "2026-12-10")
    assert ada["reason"] == "inner circle: added 2026-11-26, due every 2w"


def test_netcrm_config_wins_over_xdg(
    netcrm: Netcrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_config(tmp_path / "config", '[cadences]\ninner = "2w"\n')
    chosen = write_config(tmp_path / "elsewhere", '[cadences]\ninner = "10d"\n')
    monkeypatch.setenv("NETCRM_CONFIG", str(chosen))
    add(netcrm, "Ada", "--circle", "inner")
    assert inner_due_day(netcrm) == "2026-12-06"


def test_config_changes_follow_up_offsets(netcrm: Netcrm, tmp_path: Path) -> None:
    write_config(tmp_path / "config", '[follow_up]\nconnect = "12h"\nschedule = "2w"\n')
    add(netcrm, "Grace", "--met", "2026-11-20 19:00")
    assert steps(due(netcrm, "--as-of", "2030-01-01")) == [
        ("follow_up", "connect", "2026-11-21"),  # 07:00 the next morning
        ("follow_up", "resources", "2026-11-22"),
        ("follow_up", "schedule", "2026-12-04"),
    ]


@pytest.mark.parametrize(
    ("body", "key"),
    [
        ("[cadences\ninner = 1", "cannot read"),
        ('[cadences]\nclose = "1m"\n', "cadences.close"),
        ('[cadences]\ninner = "often"\n', "cadences.inner"),
        ("[cadences]\ninner = 30\n", "cadences.inner"),
        ('[follow_up]\nconnect = "soon"\n', "follow_up.connect"),
        ('[follow_up]\nlater = "3d"\n', "follow_up.later"),
        ('[colours]\ninner = "red"\n', "colours"),
        ('cadences = "1m"\n', "cadences"),
        ('[cadence]\nnurture = "soon"\n', "cadence.nurture"),
        ("[cadence]\nnurture = 1\n", "cadence.nurture"),
        ('[cadence]\nrhythm = "1m"\n', "cadence.rhythm"),
        # Issue 9: accepted when read, then an OverflowError at `add --follow-up`.
        ('[follow_up]\nconnect = "99999999w"\n', "follow_up.connect: offset '99999999w' is too"),
        ('[follow_up]\nschedule = "8761h"\n', "at most 365d"),
        ("[plan]\ngive_first = 100000000000000000000\n", "plan.give_first"),
        ("[plan]\ndeepen = 1001\n", "from 0 to 1000"),
        # tomllib recurses once per nested array: RecursionError, then "unexpected error".
        ("x = " + "[" * 100_000 + "]" * 100_000 + "\n", "nested too deeply"),
    ],
)
def test_a_bad_file_is_one_line_naming_the_file_and_key(
    netcrm: Netcrm, tmp_path: Path, body: str, key: str
) -> None:
    add(netcrm, "Ada", "--circle", "inner")
    path = write_config(tmp_path / "config", body)
    for command in (["due"], ["add", "Bob"], ["show", "ada"]):
        line = refused(netcrm, *command)
        assert str(path) in line and key in line, line


def finished_sequence(netcrm: Netcrm) -> list[tuple[str, str]]:
    """Grace met at an event, her three 24-48-7 steps done: what `due` says next."""
    add(netcrm, "Grace", "--met", "2026-11-20 19:00")
    for day in ("2026-11-21", "2026-11-22", "2026-11-24"):
        netcrm("log", "grace", "step", "--date", day)
    return [(item["due"], item["reason"]) for item in due(netcrm, "--as-of", "2030-01-01")]


def test_a_finished_sequence_is_nurtured_a_month_later_by_default(netcrm: Netcrm) -> None:
    assert finished_sequence(netcrm) == [
        ("2026-12-24", "outer circle: 24-48-7 done 2026-11-24, one nurture touch 1m later, "
         "then due yearly"),
    ]  # fmt: skip


def test_nurture_follows_the_config_and_0d_turns_it_off(netcrm: Netcrm, tmp_path: Path) -> None:
    write_config(tmp_path / "config", '[cadence]\nnurture = "2w"\n')
    assert finished_sequence(netcrm)[0][0] == "2026-12-08"
    write_config(tmp_path / "config", '[cadence]\nnurture = "0d"\n')
    assert due(netcrm, "--as-of", "2030-01-01")[0]["due"] == "2027-11-24"


def test_offsets_and_targets_on_the_edge_of_their_range_are_accepted(
    netcrm: Netcrm, tmp_path: Path
) -> None:
    write_config(tmp_path / "config", '[follow_up]\nschedule = "52w"\n[plan]\ngive_first = 1000\n')
    add(netcrm, "Grace", "--met", "2026-11-20", "--follow-up")
    assert steps(due(netcrm, "--as-of", "2030-01-01"))[-1] == (
        "follow_up",
        "schedule",
        "2027-11-19",
    )

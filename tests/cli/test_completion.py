"""Tab completes values: contact names and ids, tags and every closed set of choices.

Driven through the completion protocol of the installed Typer (`_NETCRM_COMPLETE=complete_bash`
with COMP_WORDS/COMP_CWORD, `complete_zsh` and `complete_fish` with _TYPER_COMPLETE_ARGS), in a
fresh process as a shell runs it, on both back ends (NETCRM_DB names the test's database).
"""

import os
import subprocess
import sys

import pytest

from conftest import Netcrm
from netcrm.cli import completion
from netcrm.core.domain import Channel, Circle, Step, Value

COMPLETE = "import sys; from netcrm.cli import main; sys.argv[0] = 'netcrm'; main()"


def complete(shell: str, line: str) -> list[str]:
    """The lines netcrm prints when `shell` asks it to complete `line` (cursor at its end)."""
    words = line.split(" ")
    env = {**os.environ, "_NETCRM_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        env |= {"COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    else:
        env |= {"_TYPER_COMPLETE_ARGS": line, "_TYPER_COMPLETE_FISH_ACTION": "get-args"}
    result = subprocess.run(
        [sys.executable, "-c", COMPLETE],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return [line for line in result.stdout.splitlines() if line]


@pytest.fixture
def people(netcrm: Netcrm) -> Netcrm:
    netcrm("add", "Ada Lovelace", "--circle", "inner", "--tag", "math")
    netcrm("add", "adam smith", "--tag", "economics")
    netcrm("add", "Grace Hopper", "--tag", "navy")
    return netcrm


def test_bash_offers_the_name_escaped_as_one_word(people: Netcrm) -> None:
    assert complete("bash", "netcrm show Ad") == ["Ada\\ Lovelace", "adam\\ smith"]
    assert complete("bash", "netcrm show ada\\ l") == []  # bash passes the word as typed
    assert complete("bash", "netcrm show gr") == ["Grace\\ Hopper"]


def test_zsh_offers_the_name_with_its_id(people: Netcrm) -> None:
    offered = "\n".join(complete("zsh", "netcrm show Ad"))
    assert '"Ada Lovelace":"#1"' in offered
    assert '"adam smith":"#2"' in offered
    assert "Grace" not in offered


def test_fish_offers_the_name_with_its_id(people: Netcrm) -> None:
    assert complete("fish", "netcrm show Ad") == ["Ada Lovelace\t#1", "adam smith\t#2"]


def test_every_contact_argument_completes_names(people: Netcrm) -> None:
    for line in (
        "netcrm log Gr",
        "netcrm promise Gr",
        "netcrm intro ada Gr",
        "netcrm archive ada Gr",
        "netcrm interaction list Gr",
        "netcrm merge ada Gr",
    ):
        assert complete("fish", line) == ["Grace Hopper\t#3"], line


def test_a_hash_completes_ids(people: Netcrm) -> None:
    assert complete("fish", "netcrm show #") == [
        "#1\tAda Lovelace",
        "#2\tadam smith",
        "#3\tGrace Hopper",
    ]
    assert complete("bash", "netcrm show #3") == ["\\#3"]


def test_tags_complete_from_the_database(people: Netcrm) -> None:
    assert complete("fish", "netcrm list --tag ") == ["economics", "math", "navy"]
    assert complete("fish", "netcrm add Bob --tag ma") == ["math"]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("netcrm list --circle ", [c.value for c in Circle]),
        ("netcrm due --circle i", ["inner"]),
        ("netcrm log ada x --channel ", [c.value for c in Channel]),
        ("netcrm log ada x --value ", [v.value for v in Value]),
        ("netcrm log ada x --step ", [s.value for s in Step]),
        ("netcrm done ada ", [s.value for s in Step]),
        ("netcrm plan ", ["week", "month", "quarter"]),
        ("netcrm import ", ["linkedin", "google", "outlook", "vcard", "json"]),
        ("netcrm export ", ["json", "csv", "vcard", "ics"]),
        ("netcrm export vcard --vcard-version ", ["3.0", "4.0"]),
        ("netcrm board set m", ["mentor"]),
        ("netcrm edit ada --influence ", ["high", "low"]),
        ("netcrm log ada x --give --give-type in", ["information"]),
    ],
)
def test_choices_complete(netcrm: Netcrm, line: str, expected: list[str]) -> None:
    assert complete("fish", line) == expected


def test_commands_still_complete(netcrm: Netcrm) -> None:
    assert {"due", "done", "db"} <= set(complete("bash", "netcrm d"))


def test_a_database_that_cannot_be_read_offers_nothing_and_creates_nothing(
    netcrm: Netcrm, tmp_path: object
) -> None:
    os.environ["NETCRM_DB"] = os.path.join(str(tmp_path), "missing.db")
    assert complete("fish", "netcrm show Ad") == []
    assert not os.path.exists(os.environ["NETCRM_DB"])


def test_the_formats_are_the_ones_the_services_read_and_write() -> None:
    from netcrm.services.transfer.exporters import FORMATS
    from netcrm.services.transfer.exporters.vcardout import VERSIONS
    from netcrm.services.transfer.reading import READERS

    assert tuple(READERS) == completion.IMPORT_FORMATS
    assert completion.EXPORT_FORMATS == FORMATS
    assert completion.VCARD_VERSIONS == VERSIONS


# Metavars of values that are free text, numbers, dates or files: nothing to complete.
FREE = {
    "NAME",
    "TEXT",
    "TEXT...",  # search words (issue 12)
    "EVENT",  # list --met-at: free text matched as a part
    "WHEN",
    "DATE",
    "DAYS",
    "N",
    "PATH",
    "FILE",
    "ZONE",
    "CADENCE",
    "ID",
    "OFFSET",
    # Contact details (issue 14): addresses, numbers and links the user types.
    "URL",
    "URL[:LABEL]",
    "ADDR",
    "ADDR[:LABEL]",
    "NUMBER",
    "NUMBER[:LABEL]",
    "ADDRESS",
    "FOLDER",
    # The method's frameworks (issue 13): a draft's placeholder values, an event's place.
    "KEY=VALUE",
    "PLACE",
}


def test_every_metavar_of_the_app_is_completed_or_free() -> None:
    """A new parameter naming a closed set must get a completer (or join FREE on purpose)."""
    import typer.main

    from netcrm.cli import app

    found: set[str] = set()

    def walk(command: object) -> None:
        for param in getattr(command, "params", []):
            if param.metavar:
                found.add(param.metavar)
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    assert found - FREE == set(completion.COMPLETERS) | {"FORMAT"}

"""Bad input, tried hard: generated arguments through the real CLI (issue 5, part 4).

Every invocation must end with exit 0, 1 (a user error, one line) or 2 (a usage error); none
may print a traceback or the "unexpected error" line that NetcrmGroup prints for a bug; and
the database must stay sound. The database is shared by all examples of a run, so later
commands meet what earlier ones stored. Examples: the `ci` profile in CI, `dev` locally.
"""

import functools
import os
from collections import Counter
from pathlib import Path

import pytest
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from conftest import FUZZ_PROFILE
from netcrm.cli import app
from netcrm.store import dbfiles

HOSTILE = [
    "",
    " ",
    "-",
    "--",
    "#",
    "#0",
    "#-1",
    "0",
    "1",
    "#1",
    "99999999999999999999999",
    "a\x00b",
    "\x00",
    "\u202eevil\u202c",  # right-to-left override
    "\u200f\u05e9\u05dc\u05d5\u05dd",  # RTL mark and Hebrew
    "\ufeffbom",
    "e\u0301",  # combining accent
    "👩‍👩‍👧‍👦🎉",
    "Ǆ ß İ ﬁ",  # case-folding oddities
    "'; DROP TABLE contact; --",
    '" OR 1=1 --',
    "%",
    "_",
    "\\",
    "$(rm -rf /)",
    "`reboot`",
    "a | b && c; d > e < f",
    "*?[]{}~!",
    "\n\r\t",
    "ada",
    "Ada Lovelace",
    "grace",
]
DATES = [
    "today",
    "yesterday",
    "tomorrow",
    "now",
    "2026-11-20",
    "2026-11-20 19:00",
    "2026-02-30",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31 23:59",
    "2026-11-20T25:61",
    "3 days ago",
    "1000000000 days ago",
    "99999999999999999999d ago",
    "in 2w",
    "+10d",
    "-3d",
    "last monday",
    "mon",
    "next friday",
    "1e9",
    "٣ days ago",  # Arabic-Indic digit
]
CADENCES = ["2w", "6w", "45d", "2m", "1y", "0d", "-1w", "999999y", "3x", "1.5w", "week"]
CHOICES = ["inner", "middle", "outer", "coffee", "call", "email", "give", "share", "ask"]
CHOICES += ["connect", "resources", "schedule", "INNER", "Coffee"]

_hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=8).map(lambda text: "#" + text),
    st.sampled_from(HOSTILE).map(lambda seed: seed * 40),
)
# Now and then, a 100 kB string.
text_arg = st.one_of(
    _hostile_text,
    _hostile_text,
    _hostile_text,
    st.sampled_from(["x", "é", "🎉", "\u202e"]).map(lambda char: char * (100_000 // len(char))),
)
date_arg = st.one_of(st.sampled_from(DATES), text_arg, st.dates().map(str))
choice_arg = st.one_of(st.sampled_from(CHOICES), text_arg)
number_arg = st.one_of(
    st.integers(-5, 50).map(str), st.sampled_from(["-1", "1e3", "x", "", "99999999999999999999"])
)
# "~someone/..." must never name a real home: these users do not exist.
home_arg = st.text(max_size=20).map(lambda text: "~nosuchuser" + text.replace("/", ""))
path_arg = st.one_of(text_arg, home_arg, home_arg.map(lambda home: home + "/netcrm.db"))
ref_arg = st.one_of(st.sampled_from(["ada", "grace", "1", "#2", "3", "Ada Lovelace"]), text_arg)


def _options(spec: dict[str, st.SearchStrategy[str] | None]) -> st.SearchStrategy[list[str]]:
    """Any subset of the options, each with a drawn value (None: a flag without one)."""
    if not spec:
        return st.just([])

    @st.composite
    def draw(data: st.DrawFn) -> list[str]:
        chosen = data(st.lists(st.sampled_from(sorted(spec)), max_size=4))
        argv: list[str] = []
        for flag in chosen:
            value = spec[flag]
            argv += [flag] if value is None else [flag, data(value)]
        return argv

    return draw()


CONTACT_OPTIONS = {
    "--circle": choice_arg,
    "--company": text_arg,
    "--notes": text_arg,
    "--family": text_arg,
    "--email": text_arg,
    "--met": date_arg,
    "--met-at": text_arg,
    "--birthday": st.one_of(date_arg, st.sampled_from(["02-29", "--02-29", "13-01", "2026-02-29"])),
    "--every": st.one_of(st.sampled_from(CADENCES), text_arg),
    "--timezone": st.one_of(
        st.sampled_from(["Europe/Berlin", "UTC", "../../etc/passwd"]), text_arg
    ),
    "--tag": text_arg,
    "--follow-up": None,
    "--no-follow-up": None,
    "--json": None,
}


def _command(
    words: list[str], positional: list[st.SearchStrategy[str]], options: dict
) -> st.SearchStrategy[list[str]]:  # type: ignore[type-arg]
    return st.tuples(st.tuples(*positional), _options(options)).map(
        lambda parts: [*words, *parts[0], *parts[1]]
    )


invocations = st.one_of(
    _command(["add"], [text_arg], {**CONTACT_OPTIONS, "--force": None}),
    _command(["edit"], [ref_arg], {**CONTACT_OPTIONS, "--name": text_arg, "--untag": text_arg}),
    _command(
        ["log"],
        [ref_arg, st.one_of(text_arg, st.just("-"), date_arg.map(lambda d: d + ": met"))],
        {
            "--date": date_arg,
            "--channel": choice_arg,
            "--value": choice_arg,
            "--give": None,
            "--share": None,
            "--ask": None,
            "--step": choice_arg,
        },
    ),
    _command(["done"], [ref_arg], {}),
    _command(["done"], [ref_arg, choice_arg], {}),
    _command(
        ["due"],
        [],
        {
            "--as-of": date_arg,
            "--within": number_arg,
            "--circle": choice_arg,
            "--limit": number_arg,
            "--json": None,
            "--exit-code": None,
            "--quiet": None,
        },
    ),
    _command(["show"], [ref_arg], {"--as-of": date_arg, "--json": None}),
    _command(
        ["list"],
        [],
        {
            "--circle": choice_arg,
            "--tag": text_arg,
            "--all": None,
            "--as-of": date_arg,
            "--json": None,
        },
    ),
    _command(["archive"], [ref_arg], {}),
    _command(["unarchive"], [ref_arg], {}),
    _command(["snooze"], [ref_arg], {"--until": date_arg, "--clear": None}),
    _command(["rm"], [ref_arg], {"--yes": None}),
    _command(["forget"], [ref_arg], {"--yes": None}),
    _command(["doctor"], [], {"--json": None}),
    _command(["backup"], [], {"--keep": number_arg}),
    _command(["db", "path"], [], {}),
    # Undo takes back whatever the examples before it wrote, on the shared database.
    _command(["undo"], [], {"--yes": None, "--list": None, "-n": number_arg, "--json": None}),
    _command(["undo"], [ref_arg], {"--yes": None, "--list": None}),
    _command(["interaction", "list"], [], {"--since": date_arg, "--json": None}),
    _command(["interaction", "list"], [ref_arg], {"--since": date_arg, "--json": None}),
    _command(
        ["interaction", "edit"],
        [ref_arg],
        {
            "--date": date_arg,
            "--channel": choice_arg,
            "--value": choice_arg,
            "--summary": text_arg,
        },
    ),
    _command(["interaction", "rm"], [ref_arg], {"--yes": None}),
    # Reading paths only: `backup PATH` would write wherever the text pointed.
    _command(["restore"], [path_arg], {"--yes": None}),
    _command(["--db"], [home_arg, st.sampled_from(["list", "due", "doctor", "backup"])], {}),
    # Anything at all, in any order: unknown commands and options are usage errors (exit 2).
    st.lists(text_arg, max_size=4),
)


def _sound(backend: str) -> bool:
    """The database passes its checks: integrity_check on SQLite, doctor on a server."""
    if backend == "sqlite":
        db = Path(os.environ["NETCRM_DB"])
        return not db.exists() or dbfiles.integrity_problems(db) == []
    result = CliRunner().invoke(app, ["doctor", "--json"])
    return result.exit_code == 0


@pytest.mark.slow
def test_generated_invocations_never_crash(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Typer rebuilds its Click command on every invoke; the same command, built once, is
    # what lets a few thousand examples run in a minute or two.
    monkeypatch.setattr(typer.testing, "_get_command", functools.cache(get_command))
    profile = settings.get_profile(FUZZ_PROFILE)
    examples = profile.max_examples if backend == "sqlite" else profile.max_examples // 3
    runner = CliRunner()
    tried: Counter[int] = Counter()

    @settings(
        profile,
        max_examples=examples,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    @given(argv=invocations, stdin=text_arg)
    def run(argv: list[str], stdin: str) -> None:
        result = runner.invoke(app, argv, input=stdin)
        tried[result.exit_code] += 1
        shown = result.stdout + result.stderr
        assert "Traceback" not in shown, shown[-2000:]
        assert "unexpected error" not in result.stderr, result.stderr[-2000:]
        assert result.exit_code in (0, 1, 2), (result.exit_code, result.exception)
        if result.exit_code == 1 and result.stderr:
            assert result.stderr.startswith("netcrm: "), result.stderr[:500]
            assert result.stderr.count("\n") == 1, result.stderr[:500]
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        if backend == "sqlite" and sum(tried.values()) % 25 == 0:
            assert _sound(backend)

    run()
    assert _sound(backend)
    print(f"\nfuzz[{backend}]: {sum(tried.values())} invocations, exit codes {dict(tried)}")

"""Bad input, tried hard: generated arguments for every command through the real CLI.

Every invocation must end with exit 0, 1 (a user error, one line) or 2 (a usage error); none
may print a traceback or the "unexpected error" line that NetcrmGroup prints for a bug; what
reaches a terminal carries no escape sequence or bidi override from stored text; and the
database must stay sound. The database is shared by all examples of a run, so later commands
meet what earlier ones stored.

Every command is driven (issue 9, section 7). The commands are read from the Typer app, and
each one's arguments are generated from its parameters: by metavar (CONTACT, WHEN, DAYS...)
through METAVARS, or for a few parameters that need it (where a path is written, which
formats exist) through OVERRIDES. A command added later gets a strategy with no work when its
metavars are known; when one is not, `test_every_command_has_a_strategy` fails and names it.
One example is one round: every command once, in a drawn order, then a free-form argument
list. A share of the invocations run with stdout and stderr on a real pseudo-terminal, so the
Rich paths (tables, styles, the JSON indenting) are exercised too.

Examples: the `ci` profile in CI, `dev` locally; `-s` shows the run's size and exit codes.
"""

import fcntl
import functools
import io
import json
import os
import struct
import sys
import termios
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest
import typer.testing
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.main import get_command
from typer.testing import CliRunner

from conftest import FUZZ_PROFILE
from helpers import FIXTURES
from netcrm.cli import app
from netcrm.store import dbfiles

Strategy = st.SearchStrategy[str]

# ---- the text every argument draws from --------------------------------------------------

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
    "2147483648",  # one past PostgreSQL's INTEGER
    "a\x00b",
    "\x00",
    "\u202eevil\u202c",  # right-to-left override
    "\u2066isolate\u2069",  # bidi isolates
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
    # Rich markup: must be shown as typed, never parsed
    "M [/]",
    "[bold red]alarm[/bold red]",
    "[link=https://evil.example]click[/link]",
    "[/]",
    "[",
    "]",
    "\\[not markup]",
    # ANSI and OSC sequences: a title change, a hyperlink, colour, C1 CSI, a bell
    "E\x1b]0;PWN\x07",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x1b[31mred\x1b[0m",
    "\x1b[2J\x1b[H",
    "\x9b31mC1\x9c",
    "\x07\x08\x7f",
    # what a non-UTF-8 argument becomes in Python (surrogateescape)
    "bad\udcffname",
    "\udce9t\udce9",
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
    "1000-01-01",
    "9000-12-31",
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
ZONES = ["Europe/Berlin", "UTC", "../../etc/passwd", "x" * 300]
NUMBERS = ["-1", "1e3", "x", "", "99999999999999999999", "36500000", "2147483648"]

_hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=8).map(lambda text: "#" + text),
    st.sampled_from(HOSTILE).map(lambda seed: seed * 40),
    st.lists(st.sampled_from(HOSTILE), min_size=2, max_size=4).map("".join),
)
# Now and then, a 100 kB string.
text_arg = st.one_of(
    _hostile_text,
    _hostile_text,
    _hostile_text,
    st.sampled_from(["x", "é", "🎉", "\u202e", "[b]"]).map(
        lambda char: char * (100_000 // len(char))
    ),
)
date_arg = st.one_of(st.sampled_from(DATES), text_arg, st.dates().map(str))
choice_arg = st.one_of(st.sampled_from(CHOICES), text_arg)
number_arg = st.one_of(st.integers(-5, 50).map(str), st.sampled_from(NUMBERS))
ref_arg = st.one_of(st.sampled_from(["ada", "grace", "1", "#2", "3", "Ada Lovelace"]), text_arg)
# "~someone/..." must never name a real home: these users do not exist.
home_arg = st.text(max_size=20).map(lambda text: "~nosuchuser" + text.replace("/", ""))


def _choice(*words: str) -> Strategy:
    return st.one_of(st.sampled_from(words), text_arg)


# ---- paths: read anywhere, written only inside the sandbox (the test's working folder) ----

# Files some commands write into the sandbox and others then read; the database itself
# (netcrm.db, the working folder's), its WAL and its backups folder are among them on purpose.
SANDBOX = ["out.json", "out.csv", "out.vcf", "out.ics", "copy.db", "netcrm.db", "netcrm.db-wal"]
SANDBOX += ["backups", "backups/list.csv", "sub/new.db", "netcrm-20261126-080000.db", ".", ""]
_safe_name = st.text(
    alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=["Cs"]),
    min_size=1,
    max_size=12,
).filter(lambda name: name not in (".", "..") and not name.startswith("~"))
write_path = st.one_of(st.sampled_from(SANDBOX), _safe_name, home_arg, st.just("x" * 300))
read_path = st.one_of(
    write_path,
    st.sampled_from(sorted(str(path) for path in FIXTURES.iterdir())),
    st.sampled_from(["-", "/dev/null", "/dev/zero", "no-such-file", "/"]),
    text_arg,
)
db_arg = st.one_of(
    home_arg,
    st.sampled_from(["other.db", "sub/other.db", "out.csv", "netcrm.db", "sqlite:///other.db"]),
    st.sampled_from(["/", ".", "/dev/null"]),  # a folder and a device: refused, never used
    st.sampled_from(
        [
            "postgresql://u@[::1:5432/db",
            "postgresql://u@127.0.0.1:1/db?connect_timeout=1",
            "postgresql://u@127.0.0.1:1/db?connect_timeout=0",
            "mysql://me@localhost/netcrm",
            "postgresql+psycopg2://me@localhost/x",
            "://",
        ]
    ),
)

# ---- how a parameter's values are drawn ---------------------------------------------------

# By metavar: a command added later whose metavars are all here needs no work at all.
METAVARS: dict[str, Strategy] = {
    "CONTACT": ref_arg,
    "KEEP": ref_arg,
    "OTHER": ref_arg,
    "NAME": text_arg,
    "TEXT": text_arg,
    "TAG": text_arg,
    "WHEN": date_arg,
    "DATE": date_arg,
    "DAYS": number_arg,
    "N": number_arg,
    "ID": st.one_of(st.sampled_from(["1", "#1", "2", "#0", "-1"]), number_arg, text_arg),
    "CIRCLE": choice_arg,
    "CHANNEL": choice_arg,
    "VALUE": choice_arg,
    "STEP": choice_arg,
    "ZONE": st.one_of(st.sampled_from(ZONES), text_arg),
    "CADENCE": st.one_of(st.sampled_from(CADENCES), text_arg),
    "PERIOD": _choice("week", "month", "quarter", "year"),
    "VERSION": _choice("3.0", "4.0", "2.1"),
    "COLOR": _choice("auto", "always", "never", "sometimes"),
    # Contact details (issue 14): hostile text, and a few shapes with a label or parts.
    "URL": st.one_of(st.sampled_from(["https://linkedin.com/in/ada", "x:y", "://"]), text_arg),
    "URL[:LABEL]": st.one_of(st.sampled_from(["https://ada.example:blog", "a:b:c"]), text_arg),
    "ADDR": text_arg,
    "ADDR[:LABEL]": st.one_of(st.sampled_from(["ada@example.org:work", "@:"]), text_arg),
    "NUMBER": text_arg,
    "NUMBER[:LABEL]": st.one_of(st.sampled_from(["+44 20 7946 0000:mobile", ":"]), text_arg),
    "TEXT...": text_arg,
    "ADDRESS": st.one_of(st.sampled_from(["1 Main St;Springfield;IL;62701;USA:home"]), text_arg),
    "PATH": read_path,
    "FILE": read_path,
    # The method's frameworks (issue 13): ratings, board seats, drafts, events, give types.
    "LEVEL": _choice("high", "low", "medium"),
    "ROLE": _choice("sponsor", "mentor", "coach", "connector", "peer", "boss"),
    "KEY=VALUE": st.one_of(st.sampled_from(["topic=compilers", "name=", "=x", "x"]), text_arg),
    "PLACE": text_arg,
    "EVENT": st.one_of(st.sampled_from(["1", "#1", "meetup", "Meetup"]), text_arg),
    "TYPE": _choice("information", "connection", "skill", "opportunity"),
    "SIDE": _choice("netcrm", "vdir", "both"),  # sync vdir --prefer
}
# By (command, parameter name), where the metavar alone does not say enough. Every path a
# command may write to is here: generated paths never leave the sandbox.
OVERRIDES: dict[tuple[str, str], Strategy] = {
    ("import", "kind"): _choice("linkedin", "google", "outlook", "vcard", "json", "csv"),
    ("export", "kind"): _choice("json", "csv", "vcard", "ics"),
    ("export", "output"): write_path,
    ("export", "vdir"): write_path,
    ("sync", "path"): write_path,  # sync vdir writes a file per contact into the folder
    ("backup", "path"): write_path,
    ("restore", "path"): read_path,
    ("", "db"): db_arg,  # the root option
}
# Root options never generated: completion would edit the real shell's start-up files.
SKIPPED = {"install_completion", "show_completion"}


def _commands() -> dict[str, Any]:
    """Every command the app has, by its words ("add", "db status"), read from Typer."""
    found: dict[str, Any] = {}

    def walk(group: Any, words: list[str]) -> None:
        for name, command in sorted(group.commands.items()):
            if hasattr(command, "commands"):
                walk(command, [*words, name])
            elif not command.hidden:
                found[" ".join([*words, name])] = command

    walk(get_command(app), [])
    return found


COMMANDS = _commands()
_cli = functools.cache(lambda: get_command(app))  # built once: Typer rebuilds it per call


def _values(command: str, param: Any) -> Strategy | None:
    """How one parameter's values are drawn; None when nothing says (the meta-test fails)."""
    if param.name == "db":
        # The root option and every command's copy of it alike: a database path drawn from
        # the readable files could name a fixture, which `restore` would then replace.
        return db_arg
    key = (command.split()[0] if command else "", param.name)
    return OVERRIDES[key] if key in OVERRIDES else METAVARS.get(param.metavar or "")


def _missing() -> list[str]:
    """Parameters no strategy covers, as "COMMAND PARAM (metavar M)"."""
    params = [(name, param) for name, command in COMMANDS.items() for param in command.params]
    params += [("", param) for param in get_command(app).params if param.name not in SKIPPED]
    return [
        f"{name or 'netcrm'} {param.name} (metavar {param.metavar})"
        for name, param in params
        if not getattr(param, "is_flag", False)
        and param.name not in ("version",)
        and _values(name, param) is None
    ]


def _options(command: str, params: list[Any]) -> st.SearchStrategy[list[str]]:
    """Any few of the options, each under one of its spellings, with a drawn value."""
    if not params:
        return st.just([])

    @st.composite
    def draw(data: st.DrawFn) -> list[str]:
        argv: list[str] = []
        for param in data(st.lists(st.sampled_from(params), max_size=4)):
            flag = data(st.sampled_from([*param.opts, *param.secondary_opts]))
            values = _values(command, param)
            argv += [flag] if getattr(param, "is_flag", False) else [flag, data(values)]
        return argv

    return draw()


@functools.cache
def invocation(command: str) -> st.SearchStrategy[list[str]]:
    """Argument lists for one command: its positionals, then any few of its options."""
    params = COMMANDS[command].params
    positional = [param for param in params if param.param_type_name == "argument"]
    options = [param for param in params if param.param_type_name == "option"]

    @st.composite
    def draw(data: st.DrawFn) -> list[str]:
        argv = command.split()
        for param in positional:
            values = _values(command, param)
            assert values is not None
            if not param.required and data(st.integers(0, 3)) == 0:
                break  # an optional positional left out (and every one after it)
            count = data(st.integers(1, 3)) if param.nargs == -1 else 1
            argv += [data(values) for _ in range(count)]
        return argv + data(_options(command, options))

    return draw()


root = [param for param in get_command(app).params if param.name == "db"]
anything = st.lists(text_arg, max_size=4)  # unknown commands and options: usage errors (2)


def test_every_command_has_a_strategy() -> None:
    """A command whose parameters the fuzzer cannot generate fails here, by name."""
    assert len(COMMANDS) >= 28, sorted(COMMANDS)
    assert _missing() == [], "add these metavars to METAVARS, or the parameters to OVERRIDES"
    known = {
        (name.split()[0], param.name) for name, cmd in COMMANDS.items() for param in cmd.params
    }
    stale = [key for key in OVERRIDES if key[0] and key not in known]
    assert stale == [], "OVERRIDES names parameters that no longer exist"


# ---- running one invocation, piped or on a terminal -----------------------------------------


class Outcome:
    """What one invocation did."""

    def __init__(self, code: int, out: str, err: str, exception: BaseException | None) -> None:
        self.code, self.out, self.err, self.exception = code, out, err, exception


def _piped(runner: CliRunner, argv: list[str], stdin: bytes) -> Outcome:
    result = runner.invoke(app, argv, input=stdin)
    exception = None if isinstance(result.exception, SystemExit) else result.exception
    return Outcome(result.exit_code, result.stdout, result.stderr, exception)


@contextmanager
def _terminal() -> Iterator[tuple[int, list[bytes]]]:
    """A pseudo-terminal 100 columns wide: yields its slave fd and what its master read."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    read: list[bytes] = []

    def drain() -> None:  # the terminal's buffer is small: read while the command writes
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: the slave side is closed
                return
            if not chunk:
                return
            read.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        yield slave, read
    finally:
        os.close(slave)
        reader.join(timeout=10)
        os.close(master)


def _on_terminal(argv: list[str], stdin: bytes) -> Outcome:
    """Run in-process with stdout and stderr on real terminals (stdin stays a pipe, so
    nothing prompts), as `script -qc "netcrm ..."` would."""
    saved = sys.stdin, sys.stdout, sys.stderr
    exception: BaseException | None = None
    code = 0
    with _terminal() as (out_fd, out_read), _terminal() as (err_fd, err_read):
        sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
        sys.stdout = open(out_fd, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        sys.stderr = open(err_fd, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
        try:
            _cli().main(argv, prog_name="netcrm")
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else 1
        except BaseException as exc:  # a bug: reported by _check
            exception, code = exc, -1
        finally:
            for stream in (sys.stdout, sys.stderr):
                with suppress(OSError, ValueError):  # a closed or broken terminal
                    stream.flush()
            sys.stdin, sys.stdout, sys.stderr = saved
    text = [
        b"".join(read).decode("utf-8", "replace").replace("\r\n", "\n")
        for read in (out_read, err_read)
    ]
    return Outcome(code, text[0], text[1], exception)


# What stored text must never put on a terminal: OSC (titles, hyperlinks), bidi overrides,
# and C1 controls. Rich itself writes only CSI colour sequences (ESC [).
_NEVER_ON_A_TERMINAL = ["\x1b]", "\x07", "\x9b", "\u202e", "\u2066"]


def _stdin_bytes() -> st.SearchStrategy[bytes]:
    return st.one_of(
        text_arg.map(lambda text: text.encode("utf-8", "surrogateescape")),
        st.binary(max_size=64),
        st.sampled_from([b"caf\xe9 latin-1", b"\xff\xfe\x00w", b"", b"y\n", b"coffee\x00chat"]),
    )


def _sound(backend: str) -> bool:
    """The database passes its checks: integrity_check on SQLite, doctor on a server."""
    if backend == "sqlite":
        db = Path(os.environ["NETCRM_DB"])
        return not db.exists() or dbfiles.integrity_problems(db) == []
    result = CliRunner().invoke(app, ["doctor", "--json"])
    return result.exit_code == 0


@pytest.mark.slow
def test_generated_invocations_never_crash(
    backend: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Typer rebuilds its Click command on every invoke; the same command, built once, is
    # what lets a few thousand invocations run in a minute or two.
    monkeypatch.setattr(typer.testing, "_get_command", lambda _app: _cli())
    sandbox = tmp_path / "sandbox"
    sandbox.mkdir()
    monkeypatch.chdir(sandbox)  # every relative path a command writes lands here
    monkeypatch.setenv("HOME", str(sandbox))
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.delenv("NO_COLOR", raising=False)
    profile = settings.get_profile(FUZZ_PROFILE)
    wanted = profile.max_examples if backend == "sqlite" else profile.max_examples // 3
    rounds = -(-wanted // (len(COMMANDS) + 1))  # one round: every command, then free form
    runner = CliRunner()
    codes: Counter[int] = Counter()
    per_command: Counter[str] = Counter()
    terminal: Counter[int] = Counter()

    @settings(profile, max_examples=rounds, suppress_health_check=list(HealthCheck), database=None)
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        order = data.draw(st.permutations(sorted(COMMANDS)), label="order")
        for command in [*order, None]:
            argv = data.draw(invocation(command) if command else anything, label=command or "")
            if command and data.draw(st.integers(0, 19)) == 0:
                argv = ["--db", data.draw(db_arg), *argv]
            stdin = data.draw(_stdin_bytes(), label="stdin")
            on_terminal = data.draw(st.integers(0, 4)) == 0  # a fifth of the runs
            outcome = _on_terminal(argv, stdin) if on_terminal else _piped(runner, argv, stdin)
            codes[outcome.code] += 1
            per_command[command or "(free form)"] += 1
            if on_terminal:
                terminal[outcome.code] += 1
            _check(outcome, argv, on_terminal)
            if backend == "sqlite" and sum(codes.values()) % 25 == 0:
                assert _sound(backend)

    run()
    assert _sound(backend)
    assert set(per_command) >= set(COMMANDS), "every command was driven"
    summary = {
        "backend": backend,
        "invocations": sum(codes.values()),
        "rounds": rounds,
        "exit_codes": dict(sorted(codes.items())),
        "on_a_terminal": dict(sorted(terminal.items())),
        "commands": len(COMMANDS),
    }
    print(f"\nfuzz: {json.dumps(summary)}")
    report = os.environ.get("NETCRM_FUZZ_REPORT")
    if report:
        with open(report, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(summary) + "\n")


def _check(outcome: Outcome, argv: list[str], on_terminal: bool) -> None:
    where = f"netcrm {argv!r}{' on a terminal' if on_terminal else ''}"
    shown = outcome.out + outcome.err
    assert outcome.exception is None, f"{where}: {outcome.exception!r}"
    assert "Traceback" not in shown, f"{where}: {shown[-2000:]}"
    assert "unexpected error" not in outcome.err, f"{where}: {outcome.err[-2000:]}"
    assert outcome.code in (0, 1, 2), f"{where}: exit {outcome.code}"
    if outcome.code == 1 and outcome.err:
        assert outcome.err.startswith("netcrm: "), f"{where}: {outcome.err[:500]}"
        assert outcome.err.count("\n") == 1, f"{where}: {outcome.err[:500]}"
    if on_terminal:
        found = [seq for seq in _NEVER_ON_A_TERMINAL if seq in shown]
        assert not found, f"{where}: {found} reached the terminal: {shown[-500:]!r}"

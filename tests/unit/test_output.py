"""Tables and JSON: fitted, coloured and indented on a terminal, plain and compact when piped."""

import io
import json
import re

import pytest


class Terminal(io.StringIO):
    """Captured output that claims to be a terminal."""

    def isatty(self) -> bool:
        return True


def rendered(stream: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `render.table` writes to `stream` for a one-row table."""
    from netcrm.render import output as render

    monkeypatch.setattr("sys.stdout", stream)
    render.table(["id", "name"], [["#1", "Ada Lovelace"]])
    return stream.getvalue()


def test_tables_on_a_terminal_have_a_bold_heading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    text = rendered(Terminal(), monkeypatch)
    assert text.splitlines() == ["\x1b[1mid\x1b[0m  \x1b[1mname\x1b[0m", "#1  Ada Lovelace"]


def test_free_text_is_shortened_to_fit_and_ids_and_dates_never_are(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from netcrm.render import output as render

    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("NO_COLOR", "1")
    stream = Terminal()
    monkeypatch.setattr("sys.stdout", stream)
    long = "Flutterwave International Payments"
    render.table(["id", "name", "due", "why"], [["#12345", long, "2026-11-28", long * 2]])
    lines = stream.getvalue().splitlines()
    assert all(len(line) <= 40 for line in lines)
    assert lines[1].split("  ")[0] == "#12345" and "2026-11-28" in lines[1].split()
    assert lines[1].count("…") == 2  # the reason first, then the name
    assert "Flutterwave" in lines[1]  # the name gives way last


def test_tables_are_plain_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    assert rendered(io.StringIO(), monkeypatch).splitlines() == ["id  name", "#1  Ada Lovelace"]


def emitted(stream: io.StringIO, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `render.emit_json` writes to `stream` for a small list."""
    from netcrm.render import output as render

    monkeypatch.setattr("sys.stdout", stream)
    render.emit_json([{"name": "Zoë", "tags": ["a"]}])
    return stream.getvalue()


def test_json_is_indented_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    text = emitted(Terminal(), monkeypatch)
    assert text.splitlines()[:3] == ["[", "  {", '    "name": "Zoë",']


def test_json_is_one_line_when_piped(monkeypatch: pytest.MonkeyPatch) -> None:
    assert emitted(io.StringIO(), monkeypatch) == '[{"name": "Zoë", "tags": ["a"]}]\n'


HOSTILE = ["M [/]", "[bold red]Red[/bold red]", "[link=https://evil.example]x[/link]", ":smile:"]


STREAMS = pytest.mark.parametrize("stream", [Terminal, io.StringIO], ids=["terminal", "piped"])


def redirected(stream: type[io.StringIO], monkeypatch: pytest.MonkeyPatch) -> io.StringIO:
    """A new `stream` in place of standard output (set in the test: pytest's capture resets it
    between a fixture's setup and the test)."""
    out = stream()
    monkeypatch.setattr("sys.stdout", out)
    return out


@STREAMS
def test_table_cells_are_text_never_rich_markup(
    stream: type[io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcrm.render import output as render

    out = redirected(stream, monkeypatch)
    render.table(["name"], [[name] for name in HOSTILE])  # "M [/]" raised MarkupError
    for name in HOSTILE:
        assert name in out.getvalue()
    assert "\x1b]8;" not in out.getvalue()  # no hyperlink sequence


@STREAMS
def test_control_characters_are_shown_in_tables_and_lines(
    stream: type[io.StringIO], monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcrm.render import output as render

    out = redirected(stream, monkeypatch)
    render.table(["name"], [["E\x1b]0;PWN\x07"], ["B\u202eevil"]])
    render.line("two\nlines \x9b")
    text = out.getvalue()
    assert "E\\x1b]0;PWN\\x07" in text and "B\\u202eevil" in text and "two\\nlines \\x9b" in text
    without_styles = re.sub(r"\x1b\[[0-9;]*m", "", text)  # Rich's own bold header
    assert not any(char in without_styles for char in "\x1b\x07\u202e\x9b")


def test_warnings_show_control_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    from netcrm.render import output as render

    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    render.warn("about E\x1b]0;PWN\x07")
    assert err.getvalue() == "about E\\x1b]0;PWN\\x07\n"


def test_a_block_shows_each_line_indented_under_the_first(monkeypatch: pytest.MonkeyPatch) -> None:
    from netcrm.render import output as render

    out = io.StringIO()
    monkeypatch.setattr("sys.stdout", out)
    render.block("  Notes: ", "first\r\nsecond \x1b[2J\nthird")
    assert out.getvalue().splitlines() == [
        "  Notes: first",
        "         second \\x1b[2J",
        "         third",
    ]


def test_json_escapes_what_a_terminal_would_obey(monkeypatch: pytest.MonkeyPatch) -> None:
    from netcrm.render import output as render

    for stream in (Terminal(), io.StringIO()):
        monkeypatch.setattr("sys.stdout", stream)
        render.emit_json({"name": "E\x1b]0;PWN\x07 B\u202eevil"})
        text = stream.getvalue()
        assert json.loads(text) == {"name": "E\x1b]0;PWN\x07 B\u202eevil"}
        assert "\x1b" not in text and "\u202e" not in text


def test_bars_on_a_terminal_are_not_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    from netcrm.render import output as render

    out = Terminal()
    monkeypatch.setattr("sys.stdout", out)
    render.bars("Per month:", [("[/]", 3), ("2026-10", 1)])  # a label that is not markup
    assert "[/]" in out.getvalue() and "█" in out.getvalue()


@STREAMS
@pytest.mark.parametrize("count", [0, 1, 3])
def test_a_streamed_list_prints_the_bytes_json_dumps_would(
    stream: type[io.StringIO], count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcrm.render import output as render

    items = [{"source": f"f:{i}", "set": {"notes": "a\nb\u202e"}, "tags": []} for i in range(count)]
    head = {"new": count, "dry_run": False}
    whole = redirected(stream, monkeypatch)
    render.emit_json({**head, "changes": items})
    lazily = redirected(stream, monkeypatch)
    render.emit_json({**head, "changes": iter(items)}, streamed="changes")
    assert lazily.getvalue() == whole.getvalue()


@pytest.mark.parametrize("stream_type", [io.StringIO, Terminal])
@pytest.mark.parametrize(
    "items",
    [[], [{"name": "Zoë"}], [{"a": [1, {"b": None}], "t": "x\u202ey"}, {"n": "E\x1b]0;P\x07"}, 3]],
)
def test_streamed_items_print_exactly_what_the_whole_list_prints(
    monkeypatch: pytest.MonkeyPatch, stream_type: type[io.StringIO], items: list[object]
) -> None:
    from netcrm.render import output as render

    whole, streamed = stream_type(), stream_type()
    monkeypatch.setattr("sys.stdout", whole)
    render.emit_json(items)
    monkeypatch.setattr("sys.stdout", streamed)
    render.emit_json_items(iter(items))
    assert streamed.getvalue() == whole.getvalue()


def test_a_heading_is_never_cut_and_optional_columns_go_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from netcrm.render import output as render

    monkeypatch.setenv("COLUMNS", "60")
    monkeypatch.setenv("NO_COLOR", "1")
    long = "Flutterwave International Payments"
    head = ["id", "name", "company", "role", "next due", "what", "why"]
    row = ["#1", "Grace Hopper", long, long, "28 Nov 2026", "intro_follow_up", long]

    def lines(**options: object) -> list[str]:
        stream = Terminal()
        monkeypatch.setattr("sys.stdout", stream)
        render.table(head, [row], **options)  # type: ignore[arg-type]
        return stream.getvalue().splitlines()

    squeezed = lines()
    assert all(len(line) <= 60 for line in squeezed) or "…" not in squeezed[0]
    assert re.split(r"  +", squeezed[0]) == head  # every heading whole, however narrow
    fitted = lines(whole=["what"], optional=["why", "role"])
    assert re.split(r"  +", fitted[0]) == ["id", "name", "company", "next due", "what"]
    assert all(len(line) <= 60 for line in fitted)
    assert "28 Nov 2026" in fitted[1] and "intro_follow_up" in fitted[1]  # a day, kept whole
    assert "Grace Hopper" in fitted[1] and "Flutterw" in fitted[1]  # shortened, still useful
    monkeypatch.setenv("COLUMNS", "200")
    assert re.split(r"  +", lines(optional=["why", "role"])[0]) == head  # room: none left out


def test_a_pipe_gets_every_column(monkeypatch: pytest.MonkeyPatch) -> None:
    from netcrm.render import output as render

    stream = io.StringIO()
    monkeypatch.setattr("sys.stdout", stream)
    render.table(["id", "why"], [["#1", "x" * 300]], optional=["why"])
    assert stream.getvalue().splitlines() == ["id  why", "#1  " + "x" * 300]

"""Tables and JSON: rich and indented on a terminal, plain and compact when piped."""

import io

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


def test_tables_are_rich_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    text = rendered(Terminal(), monkeypatch)
    assert "Ada Lovelace" in text and any(char in text for char in "─━")


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

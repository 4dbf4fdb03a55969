"""core/text.py: the one decoder for bytes coming in, and what a terminal may be shown."""

import json

import pytest

from netcrm.core.errors import FileFormatError
from netcrm.core.text import decode_lines, decode_utf8, json_safe, undecodable_argument, visible

# Each character a terminal would act on, with how text output spells it.
ACTIVE = [
    ("\x00", "\\x00"),
    ("\x07", "\\x07"),
    ("\n", "\\n"),
    ("\r", "\\r"),
    ("\x1b", "\\x1b"),
    ("\x1f", "\\x1f"),
    ("\x7f", "\\x7f"),
    ("\x80", "\\x80"),
    ("\x9b", "\\x9b"),
    ("\x9f", "\\x9f"),
    *((chr(code), f"\\u{code:04x}") for code in range(0x202A, 0x202F)),
    *((chr(code), f"\\u{code:04x}") for code in range(0x2066, 0x206A)),
    ("\udcff", "\\udcff"),
]


@pytest.mark.parametrize(("char", "spelled"), ACTIVE, ids=[repr(c) for c, _ in ACTIVE])
def test_every_active_character_is_spelled_out(char: str, spelled: str) -> None:
    assert visible(f"a{char}b") == f"a{spelled}b"


def test_an_osc_title_sequence_is_shown_not_sent() -> None:
    assert visible("E\x1b]0;PWN\x07") == "E\\x1b]0;PWN\\x07"


@pytest.mark.parametrize(
    "text",
    [
        "Ada Lovelace",
        "Zoë Weiß",
        "tab\there",
        "[bold red]x[/bold red]",
        "M [/]",
        "שלום\u200f",
        "😀 ok",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    # Tab, markup-looking brackets, right-to-left letters and marks, emoji: all just text.
    assert visible(text) == text


def test_json_safe_escapes_the_same_characters_and_decodes_to_the_exact_text() -> None:
    stored = "E\x1b]0;PWN\x07 B\u202eevil \x9b31m \x7f"
    document = json_safe(json.dumps({"name": stored}, ensure_ascii=False))
    assert json.loads(document) == {"name": stored}
    assert not any(char in document for char in "\x1b\x07\u202e\x9b\x7f")
    assert "\\u202e" in document and "\\u009b" in document


def blocks(data: bytes, size: int) -> list[bytes]:
    return [data[i : i + size] for i in range(0, len(data), size)]


@pytest.mark.parametrize("size", [1, 2, 3, 5, 1000])
def test_decode_lines_reads_as_decode_utf8_does_in_blocks_of_any_size(size: int) -> None:
    data = "\ufeffName\r\nZoë Weiß\n\nlast without end".encode()
    lines = list(decode_lines(blocks(data, size), "f"))
    assert lines == decode_utf8(data, "f").splitlines(keepends=True)


@pytest.mark.parametrize("size", [1, 4, 1000])
def test_decode_lines_names_the_line_of_the_bad_byte(size: int) -> None:
    data = b"a\nb\nca\xc3\xa9 caf\xe9\n"
    with pytest.raises(FileFormatError, match=r"^f.csv:3: undecodable byte 0xe9"):
        list(decode_lines(blocks(data, size), "f.csv"))


def test_an_argument_that_was_not_utf8_is_named_by_its_byte() -> None:
    assert undecodable_argument("bad\udcffname") == "undecodable byte 0xff at character 4"
    assert undecodable_argument("Zoë") is None

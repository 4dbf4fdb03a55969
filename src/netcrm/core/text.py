"""Text that crosses netcrm's edges: bytes coming in, characters going out to a terminal.

Coming in: bytes from files, standard input and config are read as UTF-8, by one decoder for
every source, so a file saved in another encoding is refused the same way wherever it is
read: `NAME:LINE: undecodable byte 0x..`, naming the line of the first bad byte. Command-line
arguments reach Python already decoded, a byte that was not UTF-8 held as a lone surrogate
(U+DC80-U+DCFF); `undecodable_argument` names the first one.

Going out: stored text may hold characters a terminal acts on instead of showing (an escape
sequence that retitles the window or rewrites the screen, a bidi override that reverses what
follows). `visible` spells each of them out (`\\x1b`, `\\u202e`) for text output, and
`json_safe` writes them as JSON escapes, which a JSON reader turns back into the exact text.
"""

import re
import unicodedata
from collections.abc import Iterable, Iterator

from netcrm.core.errors import FileFormatError

# What a terminal would act on rather than show: the C0 controls but tab, DEL, the C1
# controls (U+0080-U+009F, some terminals read U+009B as an escape), the bidi embeddings,
# overrides and isolates (U+202A-U+202E, U+2066-U+2069), and lone surrogates, which no
# terminal encoding can even write.
_ACTIVE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# Of those, the ones `json.dumps(..., ensure_ascii=False)` leaves as they are (it escapes C0).
_ACTIVE_IN_JSON = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_BOM = "\ufeff"
_UNDECODABLE = re.compile("[\udc80-\udcff]")


def visible(text: str) -> str:
    """`text` with every character a terminal would act on spelled out as `\\x..`/`\\u....`.

    A newline is spelled out too (`\\n`): one call gives one line. A renderer that shows a
    multi-line field splits it into lines first (see render/output.py's `block`).
    """
    if _ACTIVE.search(text) is None:  # the usual case, at C speed
        return text
    return _ACTIVE.sub(_spelled, text)


_NAMED = {"\n": "\\n", "\r": "\\r"}  # the two a reader recognises by their usual spelling


def _spelled(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def json_safe(document: str) -> str:
    """JSON text (from `json.dumps`) with the characters `visible` spells out as `\\u....`.

    json.dumps escapes the C0 controls itself; the rest are never part of JSON's syntax, so
    they can only sit inside strings, where the escape means exactly the same character: a
    JSON reader gets the stored text back.
    """
    if _ACTIVE_IN_JSON.search(document) is None:
        return document
    return _ACTIVE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def decode_utf8(data: bytes, name: str) -> str:
    """`data` as text: UTF-8 with or without a byte-order mark; anything else is refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _undecodable(name, line, data[exc.start]) from None


def decode_lines(blocks: Iterable[bytes], name: str, encoding: str = "utf-8") -> Iterator[str]:
    """The lines of a stream read as blocks of bytes, each decoded with its line end, lazily.

    The same rule as `decode_utf8` (a byte-order mark at the start is dropped; a byte that is
    not UTF-8 is refused with its line). UTF-8 never uses the byte of a newline inside a
    character, so each run of whole lines can be decoded at once, at C speed, and the line of
    a bad byte is found by counting newlines only when there is one. `encoding` "cp1252"
    is only for files an importer identified as written by Excel in that code page (see
    csvfile.py); it keeps newlines as single bytes too.
    """
    line = 1  # the number of the first line not yet yielded
    pending: list[bytes] = []  # the start of a line that runs past the blocks read so far
    for block in blocks:
        cut = block.rfind(b"\n") + 1
        if not cut:
            pending.append(block)
            continue
        whole = b"".join([*pending, block[:cut]]) if pending else block[:cut]
        pending = [block[cut:]] if cut < len(block) else []
        yield from _lines(whole, name, line, encoding)
        line += whole.count(b"\n")
    if pending:
        yield from _lines(b"".join(pending), name, line, encoding)


def _lines(data: bytes, name: str, line: int, encoding: str = "utf-8") -> list[str]:
    """Whole lines of UTF-8 (the last may lack its newline), starting at line `line`."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = line + data.count(b"\n", 0, exc.start)
        raise _undecodable(name, bad, data[exc.start]) from None
    if line == 1:
        text = text.removeprefix(_BOM)
    pieces = text.split("\n")
    last = pieces.pop()  # "" when the data ends with a newline
    return [piece + "\n" for piece in pieces] + ([last] if last else [])


def _undecodable(name: str, line: int, byte: int) -> FileFormatError:
    return FileFormatError(name, line, f"undecodable byte 0x{byte:02x}: save it as UTF-8")


def undecodable_argument(text: str) -> str | None:
    """For an argument holding bytes that were not UTF-8: which byte, where; else None."""
    match = _UNDECODABLE.search(text)
    if match is None:
        return None
    byte = ord(match.group()) - 0xDC00  # surrogateescape keeps byte B as U+DC00 + B
    return f"undecodable byte 0x{byte:02x} at character {match.start() + 1}"


def count_of(number: int, one: str, many: str | None = None) -> str:
    """A number with the word that fits it: `1 touch`, `2 touches`, `0 events`."""
    return f"{number} {one if number == 1 else many or one + 's'}"


_SPACES = re.compile(r"\s+")


def name_key(name: str | None) -> str | None:
    """A name with case, accents and spacing ignored: "José  Núñez" and "jose nunez" agree."""
    plain = name or ""
    if not plain.isascii():
        decomposed = unicodedata.normalize("NFKD", plain)
        plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = _SPACES.sub(" ", plain).strip().casefold()
    return text or None


# Letters that Unicode does not decompose into a plain letter and a mark.
_NO_MARK = str.maketrans(
    {"ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ł": "l", "Ł": "l", "\u0131": "i"}  # dotless i
)


def fold(text: str) -> str:
    """`text` in lower case without accents, as search compares it (Émile -> emile)."""
    if text.isascii():  # nothing to decompose or take off: the common case, ten times faster
        return text.lower()
    split = unicodedata.normalize("NFKD", text.translate(_NO_MARK))
    return "".join(c for c in split if not unicodedata.combining(c)).casefold()

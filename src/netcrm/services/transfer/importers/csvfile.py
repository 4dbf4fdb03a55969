"""CSV reading shared by the LinkedIn and Google readers: find the header, map by name."""

import codecs
import csv
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from netcrm.core.errors import FileFormatError
from netcrm.core.text import decode_lines
from netcrm.services.transfer.importers import Source


@dataclass(frozen=True)
class Row:
    """One data row: its first line in the file and its cells by header name."""

    line: int
    cells: Mapping[str, str]

    def get(self, column: str | None) -> str:
        """The stripped cell under `column`; empty when the column or the cell is missing."""
        return (self.cells.get(column) or "").strip() if column else ""


def read_rows(
    source: Source, is_header: Callable[[list[str]], bool], expected: str
) -> tuple[list[str], Iterator[Row]]:
    """The header (the first row `is_header` accepts, after any preamble) and the rows after it.

    Blank rows are skipped; a row with more cells than the header is refused (empty cells
    past the header's end, as spreadsheets leave them, are not). The file is read lazily,
    line by line, as the rows are asked for: only the row at hand is in memory. The cells may
    be separated by commas, semicolons (Excel in many European locales) or tabs: the one that
    makes a header line out of the first lines is used.
    """
    encoding, delimiter = sniff_layout(source.head, is_header)
    lines = decode_lines(source.blocks(), source.name, encoding)
    reader = csv.reader(lines, delimiter=delimiter, strict=True)
    header: list[str] | None = None
    try:
        for cells in reader:
            if is_header([cell.strip() for cell in cells]):
                header = [cell.strip() for cell in cells]
                break
    except csv.Error as exc:
        raise FileFormatError(source.name, reader.line_num, f"not valid CSV ({exc})") from None
    if header is None:
        raise FileFormatError(source.name, 1, f"no header line found: expected {expected}")
    return header, _rows(source.name, reader, header)


def _rows(name: str, reader: Any, header: list[str]) -> Iterator[Row]:  # a csv.reader
    start = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileFormatError(name, start, f"not valid CSV ({exc})") from None
        if any(cell.strip() for cell in cells):
            while len(cells) > len(header) and not cells[-1].strip():
                cells = cells[:-1]  # a trailing empty cell beyond the header says nothing
            if len(cells) > len(header):
                raise FileFormatError(
                    name, start, f"{len(cells)} cells but the header has {len(header)} columns"
                )
            yield Row(start, dict(zip(header, cells, strict=False)))
        start = reader.line_num + 1


_HEAD_LINES = 20  # LinkedIn puts a few lines of notes above its header
DELIMITERS = (",", ";", "\t")


def sniff_layout(head: bytes, is_header: Callable[[list[str]], bool]) -> tuple[str, str]:
    """How to read a CSV file whose first bytes are `head`: its encoding and its delimiter.

    UTF-8 (with or without a byte-order mark) unless the head is not UTF-8 but is cp1252
    (what Excel on Windows writes when it re-saves a CSV) and a header line `is_header`
    accepts is found in it: the format is known, so the code page is too. Anything else is
    left to the UTF-8 decoder, which refuses it naming the byte and line.
    """
    try:
        text = codecs.getincrementaldecoder("utf-8-sig")().decode(head, final=False)
        encoding = "utf-8"
    except UnicodeDecodeError:
        try:
            text, encoding = head.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return "utf-8", ","
    lines = text.splitlines()[:_HEAD_LINES]
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(lines, delimiter=delimiter))
        except csv.Error:
            continue
        if any(is_header([cell.strip() for cell in cells]) for cells in rows):
            return encoding, delimiter
    return "utf-8", ","


def pick(header: list[str], *names: str) -> str | None:
    """The first of `names` present in the header (matched without regard to case)."""
    by_lower = {column.lower(): column for column in header}
    return next((by_lower[name.lower()] for name in names if name.lower() in by_lower), None)

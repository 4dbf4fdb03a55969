"""The pieces every renderer shares: JSON, plain lines, and tables that suit where they go.

Rich is imported only when a terminal will see the output; piped output is plain aligned
text, so scripts and cron mail get the same bytes on every machine.

Every character of stored text passes through here on its way out, so this is where text
is made safe for a terminal, once for every renderer: `line`, `warn`, `block` and `table`
spell out control characters and bidi overrides (`core.text.visible`), Rich is handed
`Text` objects (never parsed as markup, never highlighted), and `emit_json` writes those
characters as JSON escapes, which decode to the exact stored text.
"""

import json
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from netcrm.core.text import fold, json_safe, visible

if TYPE_CHECKING:
    from rich.console import Console

# Where a multi-line field breaks: a newline, with the carriage return Windows puts before it.
_LINE_BREAK = re.compile(r"\r?\n")


def emit_json(data: Any, *, streamed: str | None = None) -> None:
    """Print JSON and nothing else: indented on a terminal, one compact line when piped.

    `streamed` names a key of `data` (a dict, that key last) whose value is an iterable read
    lazily, such as an import's million changes: its items are written one by one, so the
    whole document never sits in memory as one string. The bytes are the same either way.
    """
    indent = 2 if sys.stdout.isatty() else None
    items = iter(data[streamed]) if streamed else iter(())
    first = next(items, _NOTHING)
    if first is _NOTHING:
        # Without `indent`, json uses its C encoder: ~3x faster on `list --json` at 10,000
        # contacts. A program reading the pipe does not need the line breaks.
        whole = {**data, streamed: []} if streamed else data
        sys.stdout.write(json_safe(json.dumps(whole, indent=indent, ensure_ascii=False)) + "\n")
        return
    assert streamed is not None
    # The document around one stand-in item shows what goes before, between and after items.
    marker = "\ue000"  # a private-use character, which no head value holds
    frame = json.dumps({**data, streamed: [marker]}, indent=indent, ensure_ascii=False)
    before, _, after = frame.partition(json.dumps(marker, ensure_ascii=False))
    between = ",\n" + " " * 2 * indent if indent else ", "
    item: Any = first
    lead = before
    while item is not _NOTHING:
        text = json.dumps(item, indent=indent, ensure_ascii=False)
        if indent:  # each item sits two levels deep
            text = text.replace("\n", "\n" + " " * 2 * indent)
        sys.stdout.write(json_safe(lead + text))
        item, lead = next(items, _NOTHING), between
    sys.stdout.write(json_safe(after) + "\n")


_NOTHING = object()


def line(text: str) -> None:
    """Print one line; a newline or control character in it is shown, never obeyed."""
    sys.stdout.write(visible(text) + "\n")


def block(lead: str, text: str) -> None:
    """Print a field that may span lines: `lead` and its first line, the rest indented below.

    Only a newline breaks the field (notes and summaries are written with them); every other
    control character is shown as `line` shows it.
    """
    first, *rest = _LINE_BREAK.split(text)
    line(f"{lead}{first}".rstrip())
    indent = " " * len(lead)
    for more in rest:
        line(f"{indent}{more}".rstrip())


_WORD = re.compile(r"\w+")


def highlighted(lead: str, text: str, words: Sequence[str]) -> None:
    """One line, `lead` then `text`, the words of `text` that start with one of `words`
    (folded: case and accents ignored) in bold on a terminal; plain text when piped.
    """
    shown = visible(text)
    if not sys.stdout.isatty():
        sys.stdout.write(visible(lead) + shown + "\n")
        return
    from rich.text import Text

    out = Text(visible(lead))
    start = len(out)
    out.append(shown)
    for token in _WORD.finditer(shown):
        if any(fold(token.group()).startswith(word) for word in words):
            out.stylize("bold reverse", start + token.start(), start + token.end())
    console().print(out, soft_wrap=True)


def warn(text: str) -> None:
    """One line on stderr: something the user should know that is not the command's output."""
    sys.stderr.write(visible(text) + "\n")


def console() -> "Console":
    """A Rich console for the terminal, without the highlighter that colours numbers and URLs.

    Whatever is printed through it must be a `Text` (or a renderable made of them): a str
    would be read as Rich markup, so a name like `[bold]` or `M [/]` would style or crash.
    """
    from rich.console import Console

    return Console(highlight=False, markup=False, emoji=False)


def table(columns: Sequence[str], rows: Sequence[Sequence[str]], title: str | None = None) -> None:
    """A Rich table on a terminal; aligned columns without colour or box-drawing when piped."""
    shown = [[visible(cell) for cell in row] for row in rows]
    if sys.stdout.isatty():
        from rich.table import Table
        from rich.text import Text

        rich_table = Table(
            title=Text(visible(title)) if title else None, show_edge=False, header_style="bold"
        )
        for column in columns:
            rich_table.add_column(Text(column), overflow="fold")
        for row in shown:
            rich_table.add_row(*(Text(cell) for cell in row))
        console().print(rich_table)
        return
    widths = [
        max([len(column), *(len(row[i]) for row in shown)]) for i, column in enumerate(columns)
    ]
    for row in [list(columns), *shown]:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        sys.stdout.write("  ".join(cells).rstrip() + "\n")


def bars(title: str, rows: Sequence[tuple[str, int]], width: int = 40) -> None:
    """A bar chart: Rich colours on a terminal, '#' bars when piped."""
    top = max((n for _, n in rows), default=0) or 1
    line(title)
    if sys.stdout.isatty():
        from rich.text import Text

        out = console()
        for label, n in rows:
            out.print(
                Text.assemble(
                    f"  {visible(label)}  ", ("█" * round(width * n / top), "cyan"), f" {n}"
                )
            )
        return
    for label, n in rows:
        line(f"  {label}  {'#' * round(width * n / top)} {n}".rstrip())


def meters(
    title: str, rows: Sequence[tuple[str, float | None, float | None]], width: int = 30
) -> None:
    """Shares as bars on a terminal: each `(label, share, target)`, shares from 0 to 1.

    The bar fills `share` of `width`; a target is drawn as a mark at its place, with the
    figure beside the bar ("58%, target 70%"). A share of None (nothing to measure) is "-".
    """
    from rich.text import Text

    out = console()
    out.print(Text(visible(title)))
    label_width = max((len(label) for label, _, _ in rows), default=0)
    for label, share, target in rows:
        cells = ["░"] * width
        for i in range(round(width * (share or 0))):
            cells[i] = "█"
        line_text = Text(f"  {visible(label):<{label_width}}  ")
        if target is not None:
            mark = min(width - 1, round(width * target))
            cells[mark] = "│"
        for cell in cells:
            line_text.append(cell, "cyan" if cell == "█" else "dim" if cell == "░" else "bold")
        said = "-" if share is None else f"{share:.0%}"
        if target is not None:
            said += f", target {target:.0%}"
        line_text.append(f" {said}")
        out.print(line_text)


# Lateness in units a person reads at a glance: days up to DAYS_UP_TO, then months (of 30
# days) up to MONTHS_UP_TO days, then years (of 365 days); always rounded down.
DAYS_UP_TO = 59
MONTHS_UP_TO = 729


def lateness(overdue_days: int) -> str:
    """'4d late', '5mo late', '3y late', 'today', 'in 7d', 'in 11mo'."""
    if overdue_days == 0:
        return "today"
    span = span_of(abs(overdue_days))
    return f"{span} late" if overdue_days > 0 else f"in {span}"


def span_of(days: int) -> str:
    """A number of days as '12d', '5mo' or '3y' (see DAYS_UP_TO and MONTHS_UP_TO)."""
    if days <= DAYS_UP_TO:
        return f"{days}d"
    if days <= MONTHS_UP_TO:
        return f"{days // 30}mo"
    return f"{days // 365}y"

"""The pieces every renderer shares: JSON, plain lines, and tables that suit where they go.

Rich is imported only when a terminal will see the output; piped output is plain aligned
text, so scripts and cron mail get the same bytes on every machine.

Every character of stored text passes through here on its way out, so this is where text
is made safe for a terminal, once for every renderer: `line`, `warn`, `block` and `table`
spell out control characters and bidi overrides (`core.text.visible`), Rich is handed
`Text` objects (never parsed as markup, never highlighted), and `emit_json` writes those
characters as JSON escapes, which decode to the exact stored text.
"""

import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
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
    import json  # here, as in emit_json_items: text output never needs it

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


def emit_json_items(items: Iterable[Any]) -> None:
    """Print a JSON array whose items are built and written one by one (`list --json` at
    100,000 contacts): the same bytes as `emit_json(list(items))`, never the whole in memory."""
    import json

    indent = 2 if sys.stdout.isatty() else None
    first = True
    for item in items:
        text = json.dumps(item, indent=indent, ensure_ascii=False)
        if indent:  # each item sits one level deep
            text = " " * indent + text.replace("\n", "\n" + " " * indent)
        lead = ("[\n" if indent else "[") if first else (",\n" if indent else ", ")
        sys.stdout.write(json_safe(lead + text))
        first = False
    sys.stdout.write("[]\n" if first else ("\n]\n" if indent else "]\n"))


def line(text: str) -> None:
    """Print one line; a newline or control character in it is shown, never obeyed."""
    sys.stdout.write(visible(text) + "\n")


def styled_line(parts: Sequence[tuple[str, str]], color: str = "auto") -> None:
    """One line made of `(text, SGR style)` parts: each part shown as `line` shows text, and
    styled only when colour is on (`use_color`); "" styles nothing."""
    coloured = use_color(color)
    sys.stdout.write(
        "".join(_sgr(visible(text), style if coloured else "") for text, style in parts)
    )
    sys.stdout.write("\n")


def _sgr(text: str, style: str) -> str:
    """`text` in an SGR style, reset after it; as it is without a style (or text)."""
    return f"\x1b[{style}m{text}\x1b[0m" if style and text else text


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


def highlighted(lead: str, text: str, words: Sequence[str], color: str = "auto") -> None:
    """One line, `lead` then `text`, the words of `text` that start with one of `words`
    (folded: case and accents ignored) in bold reverse when colour is on (`use_color`: on a
    terminal by default); plain text otherwise.
    """
    shown = visible(text)
    if not use_color(color):  # what styled_line prints without colour, sooner
        sys.stdout.write(visible(lead) + shown + "\n")
        return
    parts, done = [(lead, "")], 0
    for token in _WORD.finditer(shown):
        if any(fold(token.group()).startswith(word) for word in words):
            parts += [(shown[done : token.start()], ""), (token.group(), HIGHLIGHT)]
            done = token.end()
    styled_line([*parts, (shown[done:], "")], color)


def warn(text: str) -> None:
    """One line on stderr: something the user should know that is not the command's output."""
    sys.stderr.write(visible(text) + "\n")


def console(color: str = "auto") -> "Console":
    """A Rich console for the terminal, without the highlighter that colours numbers and URLs.

    It styles only when colour is on (`use_color`: `--color`, NO_COLOR), and with `--color
    always` even when piped. Whatever is printed through it must be a `Text` (or a
    renderable made of them): a str would be read as Rich markup, so a name like `[bold]`
    or `M [/]` would style or crash.
    """
    from rich.console import Console

    coloured = use_color(color)
    return Console(
        highlight=False,
        markup=False,
        emoji=False,
        color_system="standard" if coloured else None,
        force_terminal=coloured,
        no_color=not coloured,
    )


def table(
    columns: Sequence[str],
    rows: Sequence[Sequence[str]],
    title: str | None = None,
    *,
    styles: Sequence[Sequence[str]] | None = None,
    color: str = "auto",
    whole: Sequence[str] = (),
    optional: Sequence[str] = (),
    beneath: Sequence[str] = (),
) -> None:
    """Aligned columns: fitted to a terminal's width, with colour there; plain when piped.

    On a terminal, columns of ids, dates, numbers and short words never wrap or shorten, nor
    do the columns named in `whole` (a vocabulary word such as due's "what"); free-text
    columns are shortened with "…", widest first, until the table fits, but never below
    their heading, which stays readable. When even that cannot fit, the columns named in
    `optional` are left out, least useful (first) first, before any is squeezed further; one
    also named in `beneath` is not lost but printed under its row, indented past the first
    column and shortened to the width (due's reason: the row says who, the line says why).
    `styles` gives each cell an SGR code ("" for none), shown when colour is on
    (`use_color`). The cost is linear in the cells, whatever the table's size (Rich's layout
    was not). Piped, every column is printed whole: scripts read the same bytes as always.
    """
    shown = [[visible(cell) for cell in row] for row in rows]
    terminal = sys.stdout.isatty()
    coloured = use_color(color)
    if terminal and title:
        line(title)
    head = list(columns)
    # Piped, widths count characters, as they always have: scripts read the same bytes.
    measure = _width if terminal else len
    by_column = [[row[i] for row in shown] for i in range(len(head))]
    widths = [
        max(map(measure, [name, *cells])) for name, cells in zip(head, by_column, strict=True)
    ]
    keep = list(range(len(head)))
    if terminal:
        keep = _columns_kept(head, widths, by_column, whole, optional)
        head, widths, by_column = (
            [head[i] for i in keep],
            [widths[i] for i in keep],
            [by_column[i] for i in keep],
        )
        widths = _fitted(widths, by_column, head, whole)
    out = [_row(head, widths, [BOLD] * len(head) if coloured and terminal else None, measure)]
    under = [i for i, name in enumerate(columns) if name in beneath and i not in keep]
    indent = " " * (widths[0] + 2) if widths else ""
    room = shutil.get_terminal_size().columns - len(indent)
    for index, row in enumerate(shown):
        cell_styles = styles[index] if coloured and styles and styles[index] else None
        style = [cell_styles[i] for i in keep] if cell_styles else None
        out.append(_row([row[i] for i in keep], widths, style, measure))
        for i in (i for i in under if row[i]):
            text = _shortened(row[i], max(room, _NARROWEST))
            mark = cell_styles[i] if cell_styles else ""
            out.append(indent + (f"\x1b[{mark}m{text}\x1b[0m" if mark else text) + "\n")
    sys.stdout.write("".join(out))


BOLD, DIM, RED, YELLOW, GREEN, CYAN = "1", "2", "31", "33", "32", "36"
HIGHLIGHT = "1;7"  # bold reverse: a word `search` matched
# Most urgent first: late, today, upcoming (issue 12: colour that says what is late).
LATE, TODAY, UPCOMING = f"{BOLD};{RED}", f"{BOLD};{YELLOW}", GREEN
_ELLIPSIS = "…"
_NARROWEST = 3  # a free-text column keeps at least two characters and its "…"
# Cells that must never be cut: ids, dates and times, numbers, lateness ("4d late").
# A day as text output writes it ("28 Nov", "20 Nov 2026", "20 Nov 2026 19:00") is one too.
_RIGID = re.compile(
    r"#?\d+|[\d:. -]+|(?:in )?\d+(?:d|mo|y)(?: late)?|today|-|"
    r"\d{1,2} [A-Z][a-z]{2}(?: \d{4})?(?: \d{2}:\d{2})?"
)
_SHORT = 10  # a column no wider than this (a circle, a channel) is kept whole too
# Below this a shortened column says little ("Flutter…"): when the table cannot give every
# free column this much (names their whole width), it leaves out its optional columns first.
_USEFUL = 9


def urgency_style(overdue_days: int) -> str:
    """The colour of an item by how urgent it is: late, due today, or upcoming."""
    if overdue_days > 0:
        return LATE
    return TODAY if overdue_days == 0 else UPCOMING


def use_color(mode: str = "auto") -> bool:
    """Whether to colour: `--color always|never`, else on a terminal unless NO_COLOR is set."""
    if mode == "always":
        return True
    if mode == "never":
        return False
    return (
        sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"
    )


def _flexible(
    head: Sequence[str], widths: Sequence[int], cells: list[list[str]], whole: Sequence[str]
) -> list[int]:
    """The columns that may be shortened: free text wider than _SHORT, not named `whole`."""
    return [
        i
        for i, column in enumerate(cells)
        if widths[i] > _SHORT
        and head[i] not in whole
        and not all(_RIGID.fullmatch(cell) for cell in column)
    ]


def _floor(name: str) -> int:
    """How narrow a free-text column may get: its heading stays whole."""
    return max(_width(name), _NARROWEST)


def _columns_kept(
    head: Sequence[str],
    widths: Sequence[int],
    cells: list[list[str]],
    whole: Sequence[str],
    optional: Sequence[str],
) -> list[int]:
    """The columns shown on the terminal: all, unless the table cannot fit with each free
    column at a useful width (the name column, which gives way last, at its own); then
    `optional` ones are left out, in their order, until it does (or none is left)."""
    room = shutil.get_terminal_size().columns
    keep = list(range(len(head)))
    flexible = {i for i in _flexible(head, widths, cells, whole) if head[i] != "name"}
    for name in (*optional, None):
        least = sum(
            min(widths[i], max(_floor(head[i]), _USEFUL)) if i in flexible else widths[i]
            for i in keep
        )
        if name is None or least + 2 * (len(keep) - 1) <= room:
            break
        keep = [i for i in keep if head[i] != name]
    return keep


def _fitted(
    widths: list[int], cells: list[list[str]], head: Sequence[str], whole: Sequence[str]
) -> list[int]:
    """Column widths shortened, free text first and widest first, to fit the terminal.

    The name column (a person's name: what the row is about) gives way only once every other
    free-text column is as narrow as it may get; no column gets narrower than its heading.
    """
    room = shutil.get_terminal_size().columns - 2 * (len(widths) - 1)
    flexible = _flexible(head, widths, cells, whole)
    floor = [_floor(name) for name in head]
    last = [name == "name" for name in head]
    fitted = list(widths)
    excess = sum(fitted) - room
    while excess > 0 and flexible:
        widest = max(flexible, key=lambda i: (fitted[i] > floor[i] and not last[i], fitted[i]))
        if fitted[widest] <= floor[widest]:
            break  # as narrow as text may get: the line is left to overflow
        fitted[widest] -= 1
        excess -= 1
    return fitted


def _row(
    cells: Sequence[str],
    widths: Sequence[int],
    styles: Sequence[str] | None,
    measure: Callable[[str], int],
) -> str:
    if styles is None and measure is len:
        # Piped without colour (every cell fits its width): the same bytes as below, built
        # in C; `due` prints thousands of rows this way.
        padded = [cell.ljust(width) for cell, width in zip(cells[:-1], widths, strict=False)]
        return "  ".join([*padded, *cells[-1:]]).rstrip() + "\n"
    parts = []
    for index, (cell, width) in enumerate(zip(cells, widths, strict=True)):
        text = _shortened(cell, width) if measure(cell) > width else cell
        pad = " " * (width - measure(text)) if index < len(cells) - 1 else ""
        style = styles[index] if styles else ""
        parts.append(f"\x1b[{style}m{text}\x1b[0m{pad}" if style and text else text + pad)
    return "  ".join(parts).rstrip() + "\n"


def _shortened(text: str, width: int) -> str:
    """The text cut to `width` columns, its end replaced by "…" when cut."""
    if _width(text) <= width:
        return text
    kept, used = [], 0
    for char in text:
        size = _char_width(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + _ELLIPSIS


def _width(text: str) -> int:
    """Columns the text takes on a terminal: wide East Asian characters take two."""
    return len(text) if text.isascii() else sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if char.isascii():
        return 1
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def bars(title: str, rows: Sequence[tuple[str, int]], width: int = 40, color: str = "auto") -> None:
    """A bar chart: blocks on a terminal, '#' bars when piped; cyan when colour is on."""
    top = max((n for _, n in rows), default=0) or 1
    line(title)
    mark = "█" if sys.stdout.isatty() else "#"
    for label, n in rows:
        styled_line(
            [(f"  {label}  ", ""), (mark * round(width * n / top), CYAN), (f" {n}", "")], color
        )


def meters(
    title: str,
    rows: Sequence[tuple[str, float | None, float | None]],
    width: int = 30,
    color: str = "auto",
) -> None:
    """Shares as bars on a terminal: each `(label, share, target)`, shares from 0 to 1.

    The bar fills `share` of `width`; a target is drawn as a mark at its place, with the
    figure beside the bar ("58%, target 70%"). A share of None (nothing to measure) is "-".
    """
    from rich.text import Text

    out = console(color)
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
        said = percent(share)
        if target is not None:
            said += f", target {target:.0%}"
        line_text.append(f" {said}")
        out.print(line_text)


# Lateness in units a person reads at a glance: days up to DAYS_UP_TO, then months (of 30
# days) up to MONTHS_UP_TO days, then years (of 365 days); always rounded down.
DAYS_UP_TO = 59
MONTHS_UP_TO = 729


def percent(share: float | None) -> str:
    """A share as text people read: `67%`, or `-` when there is nothing to divide."""
    return "-" if share is None else f"{share:.0%}"


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

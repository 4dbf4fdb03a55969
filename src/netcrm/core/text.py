"""Text that comes from outside: bytes from files, standard input and config, read as UTF-8.

One decoder for every source, so a file saved in another encoding is refused the same way
wherever it is read: `NAME:LINE: undecodable byte 0x..`, naming the line of the first bad byte.
"""

from netcrm.core.errors import FileFormatError


def decode_utf8(data: bytes, name: str) -> str:
    """`data` as text: UTF-8 with or without a byte-order mark; anything else is refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileFormatError(
            name, line, f"undecodable byte 0x{data[exc.start]:02x}: save it as UTF-8"
        ) from None


def count_of(number: int, one: str, many: str | None = None) -> str:
    """A number with the word that fits it: `1 touch`, `2 touches`, `0 events`."""
    return f"{number} {one if number == 1 else many or one + 's'}"

"""netcrm reads plain option values without pydantic, exactly as Typer's pydantic would."""

import pytest
import typer
from pydantic import TypeAdapter, ValidationError

from netcrm.cli.common import _NOT_AN_INTEGER, _plain_value

TEXTS = ["3", " 3 ", "+3", "-7", "1_0", "3.0", "3.00", "1.5", "", "abc", "1e3", "٣", "1__0", "_1"]


@pytest.mark.parametrize("text", TEXTS)
def test_integers_read_as_pydantic_reads_them(text: str) -> None:
    try:
        expected: int | None = TypeAdapter(int).validate_python(text)
    except ValidationError as exc:
        assert _NOT_AN_INTEGER in str(exc)
        expected = None
    if expected is None:
        with pytest.raises(typer.BadParameter, match=_NOT_AN_INTEGER):
            _plain_value(int, text)
    else:
        assert _plain_value(int, text) == expected


def test_text_and_lists_pass_unchanged() -> None:
    assert _plain_value(str, " a\tb ") == " a\tb "
    assert _plain_value(list[str], ("x", "y")) == ["x", "y"]
    assert _plain_value(int, 5) == 5

"""`export csv`'s one rule for formula cells (issue 9, section 3), cell by cell.

A cell gets a leading `'` when a spreadsheet would run it as a formula: its first character,
after any leading blanks (spaces, tabs, line breaks, invisible spaces), is `=`, `+`, `-` or `@`
or their full-width forms; or it starts with a tab or a carriage return. A plus or minus
followed only by digits, spaces and `( ) . - /` is a phone number or a number, and stays.
"""

import pytest

from netcrm.services.transfer.exporters.csvout import neutralise


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ('+HYPERLINK("http://x")', '\'+HYPERLINK("http://x")'),
        # blanks before the formula character
        (" =1+1", "' =1+1"),
        ("\t=1+1", "'\t=1+1"),
        ("\n=1+1", "'\n=1+1"),
        ("\r\n@x", "'\r\n@x"),
        ("\u3000=1", "'\u3000=1"),  # ideographic space
        ("\u00a0=1", "'\u00a0=1"),  # no-break space
        ("\u200b=1", "'\u200b=1"),  # zero-width space
        # full-width forms
        ("\uff1d1+1", "'\uff1d1+1"),
        ("\uff0b1", "'\uff0b1"),
        ("\uff0d1", "'\uff0d1"),
        ("\uff20x", "'\uff20x"),
        (" \uff1dx", "' \uff1dx"),
        # a leading tab or carriage return, whatever follows
        ("\tplain", "'\tplain"),
        ("\rplain", "'\rplain"),
        # phone numbers and plain numbers stay readable
        ("+44 20 7946 0958", "+44 20 7946 0958"),
        ("+1 (555) 010-0100", "+1 (555) 010-0100"),
        ("+49/30/1234", "+49/30/1234"),
        ("+33.1.23.45.67.89", "+33.1.23.45.67.89"),
        ("-12.5", "-12.5"),
        (" +44 20 7946 0958", " +44 20 7946 0958"),
        # ...but not once anything else joins them
        ("+44 20 7946 0958 ext 2", "'+44 20 7946 0958 ext 2"),
        ("+1+1", "'+1+1"),
        # ordinary text, anywhere the characters appear later
        ("Ada Lovelace", "Ada Lovelace"),
        ("a=b", "a=b"),
        ("me@example.org", "me@example.org"),
        ("", ""),
        (None, ""),
        (True, "true"),
    ],
)
def test_a_cell_is_neutralised_exactly_when_it_would_run(cell: object, written: str) -> None:
    assert neutralise(cell) == written

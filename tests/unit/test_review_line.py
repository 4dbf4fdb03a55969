"""`review` reads a touch typed on one line: summary, @channel, +value."""

import pytest

from netcrm.core.errors import UserError
from netcrm.services.daily.review import LogLine, parse_log_line


def test_channel_and_value_words_are_taken_out_of_the_summary() -> None:
    assert parse_log_line("yesterday: coffee about compilers @coffee +give") == LogLine(
        "yesterday: coffee about compilers", "coffee", "give"
    )


def test_words_that_name_no_channel_or_value_stay_in_the_summary() -> None:
    assert parse_log_line("mailed @ada.l about +1 votes") == LogLine(
        "mailed @ada.l about +1 votes", None, None
    )


def test_two_different_channels_are_refused() -> None:
    with pytest.raises(UserError, match="one channel"):
        parse_log_line("met @coffee then @call")

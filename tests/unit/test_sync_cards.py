"""`sync vdir` rewrites only the lines of a card netcrm owns (services/transfer/sync/cards.py)."""

from netcrm.services.transfer.sync.cards import merged, version_of

PHONE = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Ada\r\nORG:Old\r\n"
    "PHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n BBBB\r\n"
    "item1.EMAIL;TYPE=INTERNET:ada@old.example\r\nitem1.X-ABLabel:_$!<Other>!$_\r\n"
    "item2.URL:https://ada.example\r\nitem2.X-ABLabel:blog\r\n"
    "X-ABLabel:ungrouped\r\nX-OTHER-APP:kept\r\nEND:VCARD\r\n"
)
NETCRM = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:a\r\nFN:Ada\r\nN:;Ada;;;\r\nORG:New\r\n"
    "EMAIL;TYPE=pref:ada@new.example\r\nURL:https://other.example\r\nEND:VCARD\r\n"
)


def test_only_the_changed_fields_lines_are_replaced() -> None:
    out = merged(PHONE, NETCRM, ["company"])
    assert "ORG:New\r\n" in out and "ORG:Old" not in out
    assert out.count("ORG:") == 1
    for kept in (
        "UID:a",
        "FN:Ada",
        "PHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n BBBB",
        "X-OTHER-APP:kept",
        "item1.EMAIL;TYPE=INTERNET:ada@old.example",
        "item2.URL:https://ada.example",
    ):
        assert kept in out  # fmt: skip
    assert "N:;Ada" not in out  # a field not asked for is not written
    assert out.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n") and out.endswith("END:VCARD\r\n")


def test_a_grouped_label_goes_with_its_property() -> None:
    out = merged(PHONE, NETCRM, ["emails"])
    assert "EMAIL;TYPE=pref:ada@new.example\r\n" in out and "ada@old.example" not in out
    assert "_$!<Other>!$_" not in out  # item1's label labelled the email netcrm replaced
    assert "item2.X-ABLabel:blog" in out and "X-ABLabel:ungrouped" in out


def test_links_replace_every_property_the_importer_reads_as_a_link() -> None:
    phone = PHONE.replace(
        "X-OTHER-APP:kept", "IMPP:xmpp:ada@chat.example\r\nX-SOCIALPROFILE;type=x:ada"
    )
    out = merged(phone, NETCRM, ["urls"])
    assert "IMPP" not in out and "X-SOCIALPROFILE" not in out and "item2." not in out
    assert "URL:https://other.example\r\n" in out


def test_the_version_is_read_from_the_card() -> None:
    assert version_of("BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n") == "4.0"
    assert version_of("BEGIN:VCARD\r\nVERSION:2.1\r\nEND:VCARD\r\n") == "3.0"
    assert version_of("BEGIN:VCARD\nEND:VCARD\n") == "3.0"


def test_a_quoted_printable_value_on_several_lines_is_one_property() -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ada\r\n"
        "NOTE;ENCODING=QUOTED-PRINTABLE:first=0D=0A=\r\nsecond=\r\n third\r\n"
        "X-KEPT:yes\r\nEND:VCARD\r\n"
    )
    out = merged(card, "BEGIN:VCARD\r\nNOTE:new\r\nEND:VCARD\r\n", ["notes"])
    assert out == "BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Ada\r\nX-KEPT:yes\r\nNOTE:new\r\nEND:VCARD\r\n"
    kept = merged(card, "BEGIN:VCARD\r\nEND:VCARD\r\n", ["company"])
    assert "NOTE;ENCODING=QUOTED-PRINTABLE:first=0D=0A=\r\nsecond=\r\n third\r\n" in kept

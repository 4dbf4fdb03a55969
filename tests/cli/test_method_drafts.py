"""`netcrm draft`: templates filled from the contact, [me] and --set; never half filled."""

import os
from pathlib import Path

import pytest

from conftest import Netcrm
from helpers import add, query, refused, show

ME = '[me]\nname = "Sam Rivera"\nrole = "platform engineer"\ncompany = "Tidewater"\n'


@pytest.fixture
def config_dir() -> Path:
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "netcrm"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.toml").write_text(ME, encoding="utf-8")
    return folder


@pytest.mark.usefixtures("config_dir")
def test_built_in_template_filled_from_contact_me_and_set(netcrm: Netcrm) -> None:
    add(netcrm, "Grace Hopper", "--company", "Navy", "--role", "Rear Admiral")
    out = netcrm("draft", "grace", "--template", "mentor").stdout
    assert out.startswith("Hi Grace,\n\n")
    assert "Rear Admiral at Navy" in out
    assert "platform engineer at Tidewater" in out
    assert out.endswith("With thanks,\nSam Rivera\n")
    assert "{" not in out
    cold = netcrm("draft", "grace", "--template", "cold", "--set", "topic=compilers").stdout
    assert "Your work on compilers caught my eye" in cold
    # --set wins over what is stored.
    assert (
        "Hi Amazing,"
        in netcrm(
            "draft", "grace", "-t", "cold", "--set", "topic=x", "--set", "first_name=Amazing"
        ).stdout
    )


@pytest.mark.usefixtures("config_dir")
def test_missing_values_exit_1_naming_the_set_options(netcrm: Netcrm) -> None:
    add(netcrm, "Grace Hopper")
    assert refused(netcrm, "draft", "grace", "--template", "leader") == (
        "netcrm: template leader for Grace Hopper has nothing for {company}, {topic}, "
        "{question}: give --set company=TEXT --set topic=TEXT --set question=TEXT "
        "(or fill it in: `netcrm edit`, [me] in the config)"
    )


def test_me_missing_from_config_is_named_too(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    assert "--set my_name=TEXT" in refused(netcrm, "draft", "ada", "-t", "cold", "--set", "topic=x")


@pytest.mark.usefixtures("config_dir")
def test_default_template_follow_up_and_introduction(netcrm: Netcrm) -> None:
    add(netcrm, "Lin Wei", "--met-at", "PyData Berlin", "--interests", "query planners")
    out = netcrm("draft", "lin", "--set", "resource=the benchmark notes").stdout
    assert "Good to meet you at PyData Berlin. Our talk about query planners" in out
    assert "I am sending you the benchmark notes." in out
    add(netcrm, "Bob Smith")
    add(netcrm, "Carol King", "--company", "Globex")
    via = netcrm("draft", "carol", "-t", "introduction", "--via", "bob", "--set", "topic=x").stdout
    to = netcrm("draft", "bob", "-t", "introduction", "--to", "carol", "--set", "topic=x").stdout
    assert via == to
    assert via.startswith("Hi Bob,") and "you know Carol King at Globex" in via
    assert refused(netcrm, "draft", "bob", "-t", "introduction", "--set", "topic=x") == (
        "netcrm: the introduction template needs --via INTRODUCER or --to PERSON"
    )
    assert refused(netcrm, "draft", "bob", "-t", "cold", "--via", "carol") == (
        "netcrm: --via and --to go with --template introduction"
    )


@pytest.mark.usefixtures("config_dir")
def test_user_templates_list_and_safety(netcrm: Netcrm, config_dir: Path) -> None:
    templates = config_dir / "templates"
    templates.mkdir()
    (templates / "thanks.txt").write_text(
        "Dear {first_name}, thanks for {thing}. {{not a placeholder}} {__class__}\n",
        encoding="utf-8",
    )
    add(netcrm, "Ada Lovelace")
    assert refused(netcrm, "draft", "ada", "-t", "thanks", "--set", "thing=x").endswith(
        "thanks.txt:1: a brace must open a placeholder such as {first_name} (lower-case "
        "letters, digits, _); write {{ or }} for a brace itself"
    )
    (templates / "thanks.txt").write_text(
        "Dear {first_name}, thanks for {thing}. {{literal}}\n", encoding="utf-8"
    )
    out = netcrm("draft", "ada", "-t", "thanks", "--set", "thing={first_name} and {my_name}")
    # A value is put in as it is: never read again for placeholders.
    assert out.stdout == "Dear Ada, thanks for {first_name} and {my_name}. {literal}\n"
    listed = netcrm("draft", "--list").stdout
    for name in ("cold", "introduction", "follow-up", "fellow", "leader", "mentor", "thanks"):
        assert f"\n{name}: " in "\n" + listed
    assert "  placeholders: first_name, thing\n" in listed
    (templates / "big.txt").write_bytes(b"x" * 20000)
    assert "larger than 16 KiB" in refused(netcrm, "draft", "ada", "-t", "big")
    (templates / "latin.txt").write_bytes("caf\xe9 {first_name}".encode("latin-1"))
    assert "UTF-8" in refused(netcrm, "draft", "ada", "-t", "latin")
    os.symlink(templates / "thanks.txt", templates / "link.txt")
    assert "not a regular file" in refused(netcrm, "draft", "ada", "-t", "link")
    assert refused(netcrm, "draft", "ada", "-t", "../etc").startswith("netcrm: bad template name")
    assert refused(netcrm, "draft", "ada", "-t", "nope").startswith("netcrm: no template 'nope'")
    assert refused(netcrm, "draft", "ada", "-t", "thanks", "--set", "thing=x", "--set", "x=y") == (
        "netcrm: --set x: template thanks has no {x}; it uses: first_name, thing"
    )
    assert refused(netcrm, "draft", "ada", "-t", "thanks", "--set", "oops").startswith(
        "netcrm: --set takes key=value"
    )


@pytest.mark.usefixtures("config_dir")
def test_draft_log_records_an_outreach_touch(netcrm: Netcrm) -> None:
    add(netcrm, "Ada Lovelace")
    result = netcrm("draft", "ada", "-t", "cold", "--set", "topic=x", "--log", "--channel", "email")
    assert result.stdout.startswith("Hi Ada,")  # the message alone on stdout, for a pipe
    assert result.stderr == "logged outreach with #1 Ada Lovelace: draft: cold\n"
    [touch] = show(netcrm, "ada")["interactions"]
    assert (touch["summary"], touch["outreach"], touch["channel"]) == ("draft: cold", True, "email")
    netcrm("draft", "ada", "-t", "cold", "--set", "topic=x")  # without --log: nothing written
    assert query("SELECT count(*) FROM interaction") == [(1,)]


def test_bad_me_config_is_refused(netcrm: Netcrm) -> None:
    add(netcrm, "Ada")
    folder = Path(os.environ["XDG_CONFIG_HOME"]) / "netcrm"
    folder.mkdir(parents=True)
    (folder / "config.toml").write_text('[me]\nnickname = "x"\n', encoding="utf-8")
    add_error = refused(netcrm, "stats")
    assert add_error.endswith("unknown key me.nickname; known: name, role, company, timezone")
    (folder / "config.toml").write_text("[me]\nname = 3\n", encoding="utf-8")
    assert "me.name must be a non-empty string" in refused(netcrm, "stats")
    (folder / "config.toml").write_text('[me]\ntimezone = "Mars/Base"\n', encoding="utf-8")
    assert "me.timezone: unknown time zone 'Mars/Base'" in refused(netcrm, "stats")

"""`netcrm search`: every text a contact carries, through the full-text index, on both back ends.

The index is kept by triggers, so these tests write through every path that changes text
(add, edit, log, interaction edit/rm, promise, remind, tags, merge, import, undo, rm,
forget) and search afterwards.
"""

from typing import Any

from conftest import Netcrm
from helpers import FIXTURES, execute, query


def hits(netcrm: Netcrm, *words: str) -> list[dict[str, Any]]:
    found = netcrm.json("search", *words)
    assert isinstance(found, list)
    return found


def names(netcrm: Netcrm, *words: str) -> list[str]:
    return [hit["name"] for hit in hits(netcrm, *words)]


def test_finds_a_word_only_an_interaction_summary_holds(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace", "--company", "Analytical Engines")
    netcrm("add", "Grace Hopper")
    netcrm("log", "grace", "coffee: talked about compilers and COBOL")
    [hit] = hits(netcrm, "compilers")
    assert hit["name"] == "Grace Hopper" and hit["contact_id"] == 2
    [interaction] = query("SELECT id FROM interaction WHERE contact_id = 2")
    assert hit["matches"] == [
        {
            "field": "interaction",
            "text": "coffee: talked about compilers and COBOL",
            "interaction_id": interaction[0],
        }
    ]
    out = netcrm("search", "compilers").stdout
    assert out.splitlines() == [
        "#2 Grace Hopper",
        f"  interaction #{interaction[0]}: coffee: talked about compilers and COBOL",
    ]


def test_every_field_tag_promise_and_reminder_is_searched(netcrm: Netcrm) -> None:
    fields = {
        "--company": "Quuxcorp",
        "--role": "Quuxrole",
        "--location": "Quuxville",
        "--how-met": "quuxhow",
        "--met-at": "QuuxConf",
        "--interests": "quuxinterest",
        "--family": "quuxfamily",
        "--hobbies": "quuxhobby",
        "--can-help": "quuxcanhelp",
        "--they-help": "quuxtheyhelp",
        "--notes": "quuxnotes",
    }
    netcrm("add", "Quentin Quux", *(part for pair in fields.items() for part in pair))
    netcrm("edit", "quentin", "--tag", "quuxtag")
    netcrm("promise", "quentin", "send the quuxpromise")
    netcrm("remind", "quentin", "ask about quuxreminder", "--on", "dec 3")
    for value in [*fields.values(), "quuxtag", "quuxpromise", "quuxreminder", "Quentin"]:
        assert names(netcrm, value) == ["Quentin Quux"], value
    matched = {match["field"] for match in hits(netcrm, "quux")[0]["matches"]}
    assert matched == {
        "name",
        "company",
        "role",
        "location",
        "how_met",
        "met_event",
        "interests",
        "family",
        "hobbies",
        "can_help",
        "they_help",
        "notes",
        "tag",
        "promise",
        "reminder",
    }


def test_accents_and_case_are_ignored_and_words_match_their_start(netcrm: Netcrm) -> None:
    netcrm("add", "Émile Zoëlle", "--location", "Saint-Étienne")
    assert names(netcrm, "emile") == ["Émile Zoëlle"]
    assert names(netcrm, "ZOELLE") == ["Émile Zoëlle"]
    assert names(netcrm, "étienne") == ["Émile Zoëlle"]
    assert names(netcrm, "zoë") == ["Émile Zoëlle"]
    assert names(netcrm, "tienne") == []  # the start of a word, not any part of it


def test_several_words_must_all_match_in_any_fields_of_one_contact(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace", "--company", "Engines Ltd")
    netcrm("log", "ada", "we talked about compilers")
    netcrm("add", "Grace Hopper", "--company", "Engines Inc")
    assert names(netcrm, "engines", "compilers") == ["Ada Lovelace"]
    assert names(netcrm, "engines compilers") == ["Ada Lovelace"]  # one argument or several
    assert names(netcrm, "engines") == ["Ada Lovelace", "Grace Hopper"]
    assert names(netcrm, "engines", "nowhere") == []


def test_ranked_by_name_first_then_by_how_many_places_match(netcrm: Netcrm) -> None:
    netcrm("add", "Alice Other", "--notes", "knows turing")
    netcrm("add", "Bob Other", "--notes", "turing fan")
    netcrm("log", "bob", "talked turing machines")
    netcrm("add", "Alan Turing")
    assert names(netcrm, "turing") == ["Alan Turing", "Bob Other", "Alice Other"]


def test_the_index_follows_every_write(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace", "--notes", "oldword")
    netcrm("edit", "ada", "--notes", "newword")
    assert names(netcrm, "oldword") == [] and names(netcrm, "newword") == ["Ada Lovelace"]
    netcrm("log", "ada", "firstsummary")
    [(interaction,)] = query("SELECT id FROM interaction")
    netcrm("interaction", "edit", str(interaction), "--summary", "secondsummary")
    assert names(netcrm, "firstsummary") == [] and names(netcrm, "secondsummary") != []
    netcrm("interaction", "rm", str(interaction), "--yes")
    assert names(netcrm, "secondsummary") == []
    netcrm("undo", "--yes")  # the interaction comes back, and so does its entry
    assert names(netcrm, "secondsummary") == ["Ada Lovelace"]
    netcrm("edit", "ada", "--tag", "tagword")
    assert names(netcrm, "tagword") == ["Ada Lovelace"]
    netcrm("edit", "ada", "--untag", "tagword")
    assert names(netcrm, "tagword") == []
    netcrm("rm", "ada", "--yes")
    assert names(netcrm, "newword") == []
    assert query("SELECT count(*) FROM search_index") == [(0,)]


def test_merge_import_and_forget_keep_the_index_in_step(netcrm: Netcrm) -> None:
    netcrm("add", "Ada Lovelace", "--notes", "keptnote")
    netcrm("add", "Ada King", "--notes", "othernote", "--force")
    netcrm("log", "2", "mergedsummary")
    netcrm("merge", "1", "2", "--yes")
    assert names(netcrm, "mergedsummary") == ["Ada Lovelace"]
    netcrm("import", "linkedin", str(FIXTURES / "linkedin_en.csv"))
    imported = query("SELECT name, company FROM contact WHERE company IS NOT NULL LIMIT 1")
    name, company = imported[0]
    assert name in names(netcrm, company.split()[0])
    netcrm("forget", "#1", "--yes")
    assert names(netcrm, "keptnote") == [] and names(netcrm, "mergedsummary") == []
    assert query("SELECT count(*) FROM search_index WHERE contact_id = 1") == [(0,)]


def test_a_query_without_words_is_refused(netcrm: Netcrm) -> None:
    netcrm("add", "Ada")
    result = netcrm("search", '"*', code=1)
    assert result.stderr.startswith("netcrm: give at least one word")


def test_stored_text_is_shown_as_text(netcrm: Netcrm) -> None:
    netcrm("add", "Ada [bold]x[/bold]", "--notes", "escape \x1b[2J here")
    out = netcrm("search", "escape").stdout
    assert "\x1b" not in out and "\\x1b[2J" in out and "[bold]x[/bold]" in out
    [hit] = hits(netcrm, "escape")
    assert hit["matches"][0]["text"] == "escape \x1b[2J here"  # --json keeps the exact text


def test_emails_phones_links_and_addresses_are_searched_by_their_kind(netcrm: Netcrm) -> None:
    netcrm(
        *("add", "Grace Hopper", "--email", "grace@navy.mil:work", "--email", "gh@cobol.example"),
        *("--phone", "+1 555 0100:mobile", "--url", "https://github.com/gracehopper"),
        *("--address", "1 Main St;Arlington;VA;22201;USA:home"),
    )
    netcrm("add", "Ada Lovelace", "--email", "ada@engines.example")

    def matches(*words: str) -> list[tuple[str, str]]:
        [hit] = hits(netcrm, *words)
        assert hit["name"] == "Grace Hopper"
        return [(m["field"], m["text"]) for m in hit["matches"]]

    # The preferred email is the contact's own `email` field too: listed once.
    assert matches("navy") == [("email", "grace@navy.mil")]
    assert matches("cobol") == [("email", "gh@cobol.example")]  # not the preferred one
    assert matches("0100") == [("phone", "+1 555 0100")]
    assert matches("gracehopper") == [("url", "https://github.com/gracehopper")]
    assert matches("arlington") == [("address", "1 Main St, Arlington, VA, 22201, USA")]
    assert matches("arlington", "cobol") == [
        ("email", "gh@cobol.example"),
        ("address", "1 Main St, Arlington, VA, 22201, USA"),
    ]
    assert all(m["interaction_id"] is None for m in hits(netcrm, "arlington")[0]["matches"])
    assert netcrm("search", "arlington").stdout.splitlines() == [
        "#1 Grace Hopper",
        "  address: 1 Main St, Arlington, VA, 22201, USA",
    ]


def test_the_index_follows_every_write_of_a_detail(netcrm: Netcrm) -> None:
    netcrm("add", "Grace Hopper", "--address", "1 Main St;Arlington;VA;;USA")
    netcrm("edit", "grace", "--address", "2 Elm St;Boston;MA;;USA")
    assert names(netcrm, "boston") == ["Grace Hopper"] == names(netcrm, "arlington")
    netcrm("edit", "grace", "--address", "")  # every address removed
    assert names(netcrm, "boston") == [] and names(netcrm, "arlington") == []
    netcrm("undo", "--yes")  # they come back, and so do their entries
    assert names(netcrm, "boston") == ["Grace Hopper"]
    netcrm("edit", "grace", "--url", "https://grace.example")
    assert names(netcrm, "grace", "example") == ["Grace Hopper"]
    netcrm("rm", "grace", "--yes")
    assert names(netcrm, "boston") == []
    assert query("SELECT count(*) FROM search_index") == [(0,)]


def test_an_index_built_before_the_details_is_rebuilt_once_at_the_head_revision(
    netcrm: Netcrm, backend: str
) -> None:
    from netcrm.store.search import INDEX_VERSION

    netcrm("add", "Grace Hopper", "--address", "1 Main St;Arlington;VA;;USA", "--notes", "kept")
    # As a database at this schema revision stood before the index held the details: no
    # entry for them, no trigger on their table, no version recorded.
    if backend == "sqlite":
        triggers = query(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'contact_detail'"
            " AND name LIKE 'netcrm_search%'"
        )
        assert triggers
        execute(
            *(f'DROP TRIGGER "{name}"' for (name,) in triggers),
            "PRAGMA user_version = 0",
        )
        version = "PRAGMA user_version"
    else:
        execute(
            "DROP TRIGGER netcrm_search ON contact_detail",
            "COMMENT ON TABLE search_index IS NULL",
        )
        version = "SELECT obj_description('search_index'::regclass, 'pg_class')"
    execute("DELETE FROM search_index WHERE id % 5 = 4" if backend != "sqlite" else
            "DELETE FROM search_index WHERE rowid % 5 = 4")  # fmt: skip
    assert query(version) != [(INDEX_VERSION,)]
    assert names(netcrm, "arlington") == ["Grace Hopper"]  # rebuilt on opening
    assert names(netcrm, "kept") == ["Grace Hopper"]  # and nothing else lost
    assert str(query(version)[0][0]).endswith(str(INDEX_VERSION))
    netcrm("edit", "grace", "--address", "2 Elm St;Boston;MA;;USA")  # its triggers are back
    assert names(netcrm, "boston") == ["Grace Hopper"]

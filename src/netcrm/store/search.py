"""The full-text index behind `netcrm search`, kept in step with the data by triggers.

`search_index` (made by revision 0007) holds one entry per text a contact carries: the
contact's own row (name, every text field and the tags, in one entry), each interaction's
summary, each promise, each reminder, and each of their emails, phones, links and postal
addresses (`contact_detail.value`: an address's one-line text). An entry's key encodes where
its text lives: `source_id * KINDS + kind` (KIND_*), so a trigger finds the entry it
replaces by key, without a scan. SQLite stores it in an FTS5 table (the unicode61 tokenizer
ignores case and accents); PostgreSQL in a `tsvector` with a GIN index, folded by
`netcrm_fold` (lower case, accents taken off) so both back ends match the same words.

Like undo's capture triggers, the triggers are made here, after every upgrade, from the
schema as it then stands, and the index is rebuilt from the data at the same time: a later
revision that copies a table (SQLite drops that table's triggers) or rewrites rows cannot
leave it stale. Every write after that (commands, imports, merge, undo, forget, rm) goes
through the triggers, so no code path has to remember the index.

What the index holds can change without a schema revision (the contact details joined it
after 0009): `INDEX_VERSION` says which layout this code writes, and the index records the
version it was built with (SQLite: `PRAGMA user_version`, unused otherwise; PostgreSQL: the
table's comment). Opening a database whose schema is current but whose index is older
rebuilds it once (`refresh_if_stale`, from store/db.py), so a database already at the head
revision picks up the wider index on its next command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from netcrm.core.fields import TEXT_FIELDS
from netcrm.core.text import fold

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from netcrm.store.lean import Reader

# Imported by `search` through the lean read path: nothing at module level may pull in
# SQLAlchemy (tests/e2e/test_fast_start.py checks what a search loads).

KIND_CONTACT, KIND_INTERACTION, KIND_PROMISE, KIND_REMINDER, KIND_DETAIL = range(5)
KINDS = 5
# The layout the code below writes: 1 until the contact details joined (keys id * 4 + kind),
# 2 with them (id * 5 + kind; on PostgreSQL punctuation splits words, as on SQLite). Raise
# it with any change to what the index holds or how.
INDEX_VERSION = 2
_PG_COMMENT = "netcrm search index, version "
TRIGGER_PREFIX = "netcrm_search"
_PG_FUNCTIONS = ("netcrm_search_sync()", "netcrm_search_contact(bigint)", "netcrm_fold(text)")
# The tables whose one text column is an entry of its own: (table, column, kind).
_TEXTS = (
    ("interaction", "summary", KIND_INTERACTION),
    ("promise", "text", KIND_PROMISE),
    ("reminder", "text", KIND_REMINDER),
    ("contact_detail", "value", KIND_DETAIL),
)


def is_index_table(name: str) -> bool:
    """True for the index's table and, on SQLite, the tables FTS5 keeps it in.

    They are not models: SQLModel cannot declare a virtual table, and nothing but SQL written
    here reads them.
    """
    return name == "search_index" or name.startswith("search_index_")


def contact_text(row: str) -> str:
    """SQL for the text of a contact's own entry: name, text fields and tags, one per line."""
    parts = [f"{row}.name", *(f"coalesce({row}.{spec.attr}, '')" for spec in TEXT_FIELDS)]
    tags = (
        f"coalesce((SELECT string_agg(tag, ' ') FROM contact_tag WHERE contact_id = {row}.id), '')"
    )
    return " || char(10) || ".join([*parts, tags])


def fold_table() -> tuple[str, str]:
    """The letters PostgreSQL's `translate` turns into their plain forms (é -> e, Ø -> o)."""
    source, target = [], []
    for code in range(0xC0, 0x250):
        letter = chr(code)
        plain = fold(letter)
        if len(plain) == 1 and plain != letter:
            source.append(letter)
            target.append(plain)
    return "".join(source), "".join(target)


def install_index(connection: Connection) -> None:
    """(Re)create the index's triggers, rebuild its entries from the data as it stands, and
    record that the index is at INDEX_VERSION."""
    drop_triggers(connection)
    if connection.dialect.name == "postgresql":
        _install_postgres(connection)
        connection.exec_driver_sql(
            f"COMMENT ON TABLE search_index IS '{_PG_COMMENT}{INDEX_VERSION}'"
        )
    else:
        _install_sqlite(connection)
        connection.exec_driver_sql(f"PRAGMA user_version = {INDEX_VERSION}")


_VERSION_SQL = {
    "sqlite": "PRAGMA user_version",
    "postgresql": "SELECT obj_description('search_index'::regclass, 'pg_class')",
}


def index_version(connection: Connection) -> int:
    """The version the index was built with (0 when it records none: built before versions)."""
    said = connection.exec_driver_sql(_VERSION_SQL[connection.dialect.name]).scalar()
    return _version_of(said)


def is_current(reader: Reader) -> bool:
    """Whether the index read through the lean path is at INDEX_VERSION (else the normal
    open path must rebuild it first: `refresh_if_stale`)."""
    [(said,)] = reader.rows(_VERSION_SQL["sqlite" if reader.sqlite else "postgresql"])
    return _version_of(said) == INDEX_VERSION


def _version_of(said: object) -> int:
    """What the catalogue says, as a version: user_version's number, or the number at the
    end of the PostgreSQL comment."""
    if isinstance(said, int):
        return said
    found = str(said or "").removeprefix(_PG_COMMENT)
    return int(found) if found.isdigit() else 0


def refresh_if_stale(engine: Engine) -> None:
    """Rebuild the index when it was built by an older layout (see INDEX_VERSION).

    Costs one catalogue read per command when current; the rebuild is one transaction, so a
    crash leaves the old index (and the next command tries again).
    """
    with engine.connect() as connection:
        if index_version(connection) == INDEX_VERSION:
            return
    with engine.begin() as connection:
        if index_version(connection) != INDEX_VERSION:  # another process may have done it
            install_index(connection)


def drop_triggers(connection: Connection) -> None:
    """Remove the triggers (before a migration, whose own writes are indexed after it)."""
    if connection.dialect.name == "postgresql":
        for function in _PG_FUNCTIONS:
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function} CASCADE")
        return
    from netcrm.store.undo import drop_sqlite_triggers

    drop_sqlite_triggers(connection, TRIGGER_PREFIX)


def _install_sqlite(connection: Connection) -> None:
    body = contact_text("c").replace("string_agg", "group_concat")
    own = f"INSERT INTO search_index (rowid, contact_id, body) SELECT c.id * {KINDS}, c.id, {body}"
    statements = [
        "DELETE FROM search_index",
        f"{own} FROM contact AS c",
        *(
            f"INSERT INTO search_index (rowid, contact_id, body) "
            f"SELECT id * {KINDS} + {kind}, contact_id, {column} FROM {table} "
            f"WHERE {column} <> ''"
            for table, column, kind in _TEXTS
        ),
    ]

    def trigger(name: str, event: str, *steps: str) -> str:
        return (
            f'CREATE TRIGGER "{TRIGGER_PREFIX}_{name}" AFTER {event} BEGIN '
            + " ".join(f"{step};" for step in steps)
            + " END"
        )

    def drop(key: str) -> str:
        return f"DELETE FROM search_index WHERE rowid = {key}"

    def remake(contact_id: str) -> list[str]:
        return [
            drop(f"{contact_id} * {KINDS}"),
            f"{own} FROM contact AS c WHERE c.id = {contact_id}",
        ]

    statements += [
        trigger("contact_i", "INSERT ON contact", *remake("NEW.id")),
        trigger("contact_u", "UPDATE ON contact", drop(f"OLD.id * {KINDS}"), *remake("NEW.id")),
        trigger("contact_d", "DELETE ON contact", drop(f"OLD.id * {KINDS}")),
        trigger("tag_i", "INSERT ON contact_tag", *remake("NEW.contact_id")),
        trigger("tag_d", "DELETE ON contact_tag", *remake("OLD.contact_id")),
        trigger(
            "tag_u", "UPDATE ON contact_tag", *remake("OLD.contact_id"), *remake("NEW.contact_id")
        ),
    ]
    for table, column, kind in _TEXTS:
        add = (
            f"INSERT INTO search_index (rowid, contact_id, body) "
            f"SELECT NEW.id * {KINDS} + {kind}, NEW.contact_id, NEW.{column} "
            f"WHERE NEW.{column} <> ''"
        )
        old = drop(f"OLD.id * {KINDS} + {kind}")
        statements += [
            trigger(f"{table}_i", f"INSERT ON {table}", add),
            trigger(f"{table}_u", f"UPDATE OF id, contact_id, {column} ON {table}", old, add),
            trigger(f"{table}_d", f"DELETE ON {table}", old),
        ]
    for statement in statements:
        connection.exec_driver_sql(statement)


def _install_postgres(connection: Connection) -> None:
    source, target = fold_table()
    body = contact_text("c").replace("char(10)", "E'\\n'")
    own = (
        f"INSERT INTO search_index (id, contact_id, doc) SELECT c.id * {KINDS}, c.id, "
        f"to_tsvector('simple', netcrm_fold({body}))"
    )
    texts = "\n".join(
        f"    IF TG_TABLE_NAME = '{table}' THEN kind := {kind}; column_name := '{column}'; END IF;"
        for table, column, kind in _TEXTS
    )
    statements = [
        # Punctuation becomes a space, so 'grace@navy.mil' and 'https://x.org' are words, as
        # SQLite's unicode61 and `matching_words` see them, not one token of the parser's.
        "CREATE FUNCTION netcrm_fold(t text) RETURNS text LANGUAGE sql IMMUTABLE AS "
        f"$$ SELECT regexp_replace(translate(lower(t), '{source}', '{target}'), "
        "'[[:punct:]]+', ' ', 'g') $$",
        "CREATE FUNCTION netcrm_search_contact(cid bigint) RETURNS void LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n    DELETE FROM search_index WHERE id = cid * {KINDS};\n"
        f"    {own} FROM contact AS c WHERE c.id = cid;\nEND\n$$",
        f"""CREATE FUNCTION netcrm_search_sync() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    kind int;
    column_name text;
    written text;
BEGIN
    IF TG_TABLE_NAME = 'contact' THEN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_index WHERE id = OLD.id * {KINDS};
        ELSE
            PERFORM netcrm_search_contact(NEW.id);
        END IF;
        RETURN NULL;
    END IF;
    IF TG_TABLE_NAME = 'contact_tag' THEN
        IF TG_OP <> 'INSERT' THEN PERFORM netcrm_search_contact(OLD.contact_id); END IF;
        IF TG_OP <> 'DELETE' THEN PERFORM netcrm_search_contact(NEW.contact_id); END IF;
        RETURN NULL;
    END IF;
{texts}
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_index WHERE id = OLD.id * {KINDS} + kind;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        written := to_jsonb(NEW) ->> column_name;
        IF written <> '' THEN
            INSERT INTO search_index (id, contact_id, doc) VALUES
                (NEW.id * {KINDS} + kind, NEW.contact_id,
                 to_tsvector('simple', netcrm_fold(written)));
        END IF;
    END IF;
    RETURN NULL;
END
$$""",
        "DELETE FROM search_index",
        f"{own} FROM contact AS c",
        *(
            f"INSERT INTO search_index (id, contact_id, doc) "
            f"SELECT id * {KINDS} + {kind}, contact_id, "
            f"to_tsvector('simple', netcrm_fold({column})) FROM {table} WHERE {column} <> ''"
            for table, column, kind in _TEXTS
        ),
    ]
    for table in ("contact", "contact_tag", *(table for table, _, _ in _TEXTS)):
        statements.append(
            f"CREATE TRIGGER {TRIGGER_PREFIX} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION netcrm_search_sync()"
        )
    for statement in statements:
        connection.exec_driver_sql(statement)

"""The file `export json` writes: one document, or one object per line (`--nl`)."""

import json
import re
from typing import Any

from netcrm.core.errors import FileFormatError, UserError
from netcrm.core.fields import FILLABLE
from netcrm.core.values import canonical, canonical_row, text
from netcrm.services.transfer.exportformat import (
    CHILDREN,
    CONTACT,
    FORMAT,
    INTRODUCTION,
    LINKED,
    VERSION,
    entry_from_json,
    from_json,
)
from netcrm.services.transfer.importers import Record, Source

# Errors name a value by its key in the file, where that differs from the column's name.
_KEYS = {
    "contact": {attr: key for key, attr, _kind in CONTACT},
    **{
        model.__tablename__: {attr: key for key, attr, _kind in spec}
        for model, spec in CHILDREN.values()
    },
    "introduction": {attr: key for key, attr, _kind in INTRODUCTION},
}


def read(source: Source) -> list[Record]:
    """Every contact, with its history; introductions ride on their first contact's record.

    The whole document is read first (JSON cannot be read in pieces, and an introduction may
    name a contact further down); every value goes through the checks the commands use.
    """
    objects = _objects(source)
    header = objects[0][1] if objects else {}
    if header.get("format") != FORMAT or not isinstance(header.get("version"), int):
        raise FileFormatError(source.name, 1, 'not a netcrm export (no "format": "netcrm")')
    if header["version"] > VERSION:
        raise FileFormatError(
            source.name, 1, f"format version {header['version']} is newer than this netcrm reads"
        )
    records: dict[str, Record] = {}
    introductions: list[tuple[int, dict[str, Any]]] = []
    for line, data in objects[1:]:
        if data.get("type") == "introduction":
            introductions.append((line, data))
            continue
        record = _contact(source.name, line, data)
        uid = record.fields["vcard_uid"]
        if uid in records:
            raise FileFormatError(
                source.name,
                line,
                f"contact {record.name!r}: uid {uid!r} is also the uid of the contact on line "
                f"{records[uid].line}: each contact needs its own uid",
            )
        records[uid] = record
    for line, data in introductions:
        a, b = records.get(data.get("a", "")), data.get("b", "")
        if a is None or b not in records:
            raise FileFormatError(source.name, line, "introduction names a contact not in the file")
        assert a.history is not None
        intro = _checked(
            source.name, line, "introduction", _values(source.name, line, data, INTRODUCTION), ""
        )
        a.history["introductions"].append({"b": b, **intro})
    return list(records.values())


def _objects(source: Source) -> list[tuple[int, dict[str, Any]]]:
    """(line, object) pairs: the header first, then contacts and introductions."""
    text = source.text()
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg != "Extra data":
            raise FileFormatError(source.name, exc.lineno, f"not valid JSON ({exc.msg})") from None
        return _lines(source.name, text)
    except RecursionError:
        raise FileFormatError(source.name, 1, _TOO_DEEP) from None
    if not isinstance(document, dict):
        raise FileFormatError(source.name, 1, "expected a JSON object written by `export json`")
    header = {key: value for key, value in document.items() if key in ("format", "version")}
    lines = _element_lines(text)
    contacts = _list(source.name, document, "contacts")
    intros = _list(source.name, document, "introductions")
    return [
        (1, header),
        *zip(lines.get("contacts", [1] * len(contacts)), contacts, strict=True),
        *zip(
            lines.get("introductions", [1] * len(intros)),
            [{"type": "introduction", **data} for data in intros],
            strict=True,
        ),
    ]


# Python's JSON parser recurses once per nested array or object; an export is a few levels deep.
_TOO_DEEP = "arrays or objects nested too deeply: not a netcrm export"
_DECODER = json.JSONDecoder()
_SPACE = re.compile(r"[ \t\n\r]*")


def _element_lines(text: str) -> dict[str, list[int]]:
    """For each top-level list of a valid JSON document, the line each element starts on.

    A second, position-keeping pass (raw_decode reports where each value ends), so that an
    error in a pretty-printed export names the line of the contact it is about.
    """

    def space(pos: int) -> int:
        match = _SPACE.match(text, pos)
        return match.end() if match else pos

    starts: dict[str, list[int]] = {}
    pos = space(0) + 1  # past the top-level "{" (the text already parsed as an object)
    while text[space(pos)] == '"':
        key, pos = _DECODER.raw_decode(text, space(pos))
        pos = space(space(pos) + 1)  # past the ":"
        if text[pos] == "[":
            positions = starts[str(key)] = []  # a repeated key: the last wins, as in json.loads
            pos = space(pos + 1)
            while text[pos] != "]":
                positions.append(pos)
                _value, pos = _DECODER.raw_decode(text, pos)
                pos = space(pos)
                pos = space(pos + 1) if text[pos] == "," else pos
            pos += 1
        else:
            _value, pos = _DECODER.raw_decode(text, pos)
        pos = space(pos)
        pos = pos + 1 if text[pos] == "," else pos
    lines: dict[str, list[int]] = {key: [] for key in starts}
    line, counted = 1, 0
    for position, key in sorted((p, key) for key, found in starts.items() for p in found):
        line += text.count("\n", counted, position)
        counted = position
        lines[key].append(line)
    return lines


def _lines(name: str, text: str) -> list[tuple[int, dict[str, Any]]]:
    objects = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FileFormatError(name, number, f"not valid JSON ({exc.msg})") from None
        except RecursionError:
            raise FileFormatError(name, number, _TOO_DEEP) from None
        if not isinstance(data, dict):
            raise FileFormatError(name, number, "expected one JSON object per line")
        objects.append((number, data))
    return objects


def _list(name: str, document: dict[str, Any], key: str) -> list[dict[str, Any]]:
    value = document.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise FileFormatError(name, 1, f'"{key}" must be a list of objects')
    return value


def _values(name: str, line: int, data: dict[str, Any], spec: Any, what: str = "") -> Any:
    try:
        return from_json(data, spec)
    except ValueError as exc:
        raise FileFormatError(name, line, f"{what}{exc}") from None


def _checked(name: str, line: int, table: str, values: dict[str, Any], label: str) -> Any:
    """`values` of one row as netcrm stores them (core/values.py), or `FILE:LINE:` refused."""
    try:
        return canonical_row(table, values, _KEYS.get(table))
    except UserError as exc:
        raise FileFormatError(name, line, f"{label}{exc}") from None


def _contact(name: str, line: int, data: dict[str, Any]) -> Record:
    label = f"contact {data.get('name')!r}: "
    values = _checked(name, line, "contact", _values(name, line, data, CONTACT, label), label)
    uid = data.get("uid")
    if not isinstance(uid, str) or not uid.strip():
        raise FileFormatError(name, line, f"{label}every contact needs a name and a uid")
    tags = data.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        raise FileFormatError(name, line, f'{label}"tags" must be a list of text')
    try:
        text(uid)
        tags = [canonical("contact_tag", "tag", tag) for tag in tags]
    except UserError as exc:
        raise FileFormatError(name, line, f"{label}{exc}") from None
    history: dict[str, Any] = {
        "contact": {
            key: values[key]
            for key in (
                "circle",
                "created_at",
                "archived_at",
                "snoozed_until",
                "snoozed_at",
                "first_due_slot",
                "linkedin_company",
                "linkedin_role",
                "influence",
                "accessibility",
            )
        },
        "introductions": [],
    }
    for key, (model, spec) in CHILDREN.items():
        rows = data.get(key, [])
        if not isinstance(rows, list):
            raise FileFormatError(name, line, f'{label}"{key}" must be a list')
        history[key] = []
        for row in rows:
            where = f"{label}{key}: "
            decoded = _values(name, line, row if isinstance(row, dict) else {}, spec, where)
            decoded = _checked(name, line, model.__tablename__, decoded, where)
            if key in LINKED:
                decoded["interaction"] = _link(name, line, row, len(data.get("interactions", [])))
            history[key].append(decoded)
    fields = {attr: values[attr] for attr in FILLABLE if values[attr]}
    entries = data.get("entries")
    if entries is None:  # a file from before issue 14: one email, phone and LinkedIn
        fields.update({key: values[key] for key in ("email", "phone", "linkedin") if values[key]})
        entries = []
    if not isinstance(entries, list):
        raise FileFormatError(name, line, f'{label}"entries" must be a list of objects')
    try:
        found = [entry_from_json(entry) for entry in entries]
    except ValueError as exc:
        raise FileFormatError(name, line, f"{label}{exc}") from None
    return Record(
        line=line,
        name=values["name"],
        fields={**fields, "vcard_uid": uid},
        tags=tags,
        entries=found,
        met_at=values["met_at"],
        met_has_time=values["met_has_time"],
        history=history,
    )


def _link(name: str, line: int, row: dict[str, Any], count: int) -> int | None:
    index = row.get("interaction")
    if index is None:
        return None
    if not isinstance(index, int) or not 0 <= index < count:
        raise FileFormatError(name, line, f"interaction link {index!r} is out of range")
    return index

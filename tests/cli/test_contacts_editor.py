"""`edit --editor` and `add --editor`, with a fake editor: a script that edits the file.

The script is $EDITOR (or $VISUAL); each time it is opened it applies the next step of a
plan (replacements, or emptying the file, or saving it as it is) and keeps a copy of what
it was shown, so a test sees the error a failed save put at the top.
"""

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import Netcrm
from helpers import db_bytes, query

FAKE_EDITOR = """
import json, sys
from pathlib import Path

folder = Path(__file__).parent
plan = json.loads((folder / "plan.json").read_text())
seen = sorted(folder.glob("seen-*.toml"))
step = plan[len(seen)]
path = Path(sys.argv[-1])
text = path.read_text(encoding="utf-8")
(folder / f"seen-{len(seen)}.toml").write_text(text, encoding="utf-8")
if step == "empty":
    text = "# nothing\\n\\n"
elif step != "same":
    for old, new in step:
        assert old in text, (old, text)
        text = text.replace(old, new)
path.write_text(text, encoding="utf-8")
"""


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set the fake editor's plan; returns what it was shown, one text per opening."""
    folder = tmp_path / "editor"
    folder.mkdir()
    (folder / "editor.py").write_text(FAKE_EDITOR, encoding="utf-8")
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f"{sys.executable} {folder / 'editor.py'}")

    def plan(*steps: Any) -> list[str]:
        for old in folder.glob("seen-*.toml"):  # a new plan starts from its first step
            old.unlink()
        (folder / "plan.json").write_text(json.dumps(list(steps)), encoding="utf-8")
        return []

    def seen() -> list[str]:
        return [path.read_text(encoding="utf-8") for path in sorted(folder.glob("seen-*.toml"))]

    plan.seen = seen  # type: ignore[attr-defined]
    return plan


def test_edit_in_the_editor_changes_what_was_changed(netcrm: Netcrm, editor: Any) -> None:
    netcrm("add", "Grace Hopper", "--circle", "inner", "--tag", "navy", "--notes", 'say "hi"')
    editor(
        [
            ['company = ""', 'company = "US Navy"'],
            ['circle = "inner"', 'circle = "middle"'],
            ['tags = ["navy"]', 'tags = ["cobol"]'],
        ]
    )
    out = netcrm("edit", "grace", "--editor").stdout
    assert out.splitlines() == ["updated #1 Grace Hopper"]
    profile = netcrm.json("show", "grace")
    assert isinstance(profile, dict)
    assert (profile["company"], profile["circle"], profile["tags"]) == (
        "US Navy",
        "middle",
        ["cobol"],
    )
    assert profile["notes"] == 'say "hi"'  # untouched, through TOML's escapes and back
    [shown] = editor.seen()
    assert '# inner, middle or outer.\ncircle = "inner"' in shown  # comments say what fits
    assert 'notes = "say \\"hi\\""' in shown


def test_an_error_reopens_the_file_with_the_error_on_top(netcrm: Netcrm, editor: Any) -> None:
    netcrm("add", "Grace Hopper")
    editor(
        [['circle = "outer"', 'circle = "closest"']],
        [['circle = "closest"', 'circle = "inner"']],
    )
    netcrm("edit", "grace", "--editor")
    first, second = editor.seen()
    assert not first.startswith("# error:")
    assert second.startswith("# error: ") and "circle" in second.splitlines()[0]
    assert 'circle = "closest"' in second  # the user's edit is kept, not thrown away
    assert query("SELECT circle FROM contact") == [("inner",)]


def test_the_same_error_saved_again_stops_and_writes_nothing(netcrm: Netcrm, editor: Any) -> None:
    netcrm("add", "Grace Hopper")
    before = db_bytes()
    editor([['birthday = ""', 'birthday = "31 Febtember"']], "same")
    result = netcrm("edit", "grace", "--editor", code=1)
    assert result.stderr.startswith("netcrm: nothing written: ") and "birthday" in result.stderr
    assert db_bytes() == before


def test_a_toml_mistake_is_an_error_too(netcrm: Netcrm, editor: Any) -> None:
    netcrm("add", "Grace Hopper")
    editor([['role = ""', "role = Admiral"]], [["role = Admiral", 'role = "Admiral"']])
    netcrm("edit", "grace", "--editor")
    assert editor.seen()[1].startswith("# error: not valid TOML")
    assert query("SELECT role FROM contact") == [("Admiral",)]


def test_unchanged_or_emptied_writes_nothing_and_says_so(netcrm: Netcrm, editor: Any) -> None:
    netcrm("add", "Grace Hopper")
    before = db_bytes()
    editor("same")
    assert netcrm("edit", "grace", "--editor").stdout == (
        "nothing written: the file was left unchanged\n"
    )
    editor("empty")
    assert netcrm("edit", "grace", "--editor").stdout == "nothing written: the file was emptied\n"
    assert db_bytes() == before


def test_add_starts_from_a_template(netcrm: Netcrm, editor: Any) -> None:
    editor(
        [
            ['name = "Ada"', 'name = "Ada Lovelace"'],
            ['met_event = ""', 'met_event = "PyCon"'],
            ["tags = []", 'tags = ["math"]'],
        ]
    )
    netcrm("add", "Ada", "--editor")
    [template] = editor.seen()
    assert template.startswith("# netcrm add")
    profile = netcrm.json("show", "ada")
    assert isinstance(profile, dict)
    assert (profile["name"], profile["met_event"], profile["tags"]) == (
        "Ada Lovelace",
        "PyCon",
        ["math"],
    )


def test_add_without_a_name_asks_again(netcrm: Netcrm, editor: Any) -> None:
    editor([['role = ""', 'role = "Engineer"']], [['name = ""', 'name = "Grace"']])
    netcrm("add", "--editor")
    assert editor.seen()[1].startswith("# error: a contact needs a name")
    assert query("SELECT name, role FROM contact") == [("Grace", "Engineer")]


def test_the_editor_runs_without_a_shell(
    netcrm: Netcrm, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """$EDITOR is split into words as a shell would, but no shell runs it: `$(...)` in it is
    text, where a shell would run it even between double quotes."""
    folder = tmp_path / "odd $(touch pwned) dir"
    folder.mkdir()
    (folder / "editor.py").write_text(
        "import sys; from pathlib import Path; p = Path(sys.argv[-1]);"
        " p.write_text(p.read_text().replace('role = \"\"', 'role = \"Admiral\"'))",
        encoding="utf-8",
    )
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv("EDITOR", f'{sys.executable} "{folder}/editor.py"')
    monkeypatch.chdir(tmp_path)
    netcrm("add", "Grace")
    netcrm("edit", "grace", "--editor")
    assert query("SELECT role FROM contact") == [("Admiral",)]
    assert not (tmp_path / "pwned").exists()


def test_field_options_with_editor_are_refused(netcrm: Netcrm) -> None:
    netcrm("add", "Grace")
    result = netcrm("edit", "grace", "--editor", "--role", "x", code=2)
    assert "--editor" in result.stderr


def test_a_missing_editor_is_one_line(netcrm: Netcrm, monkeypatch: pytest.MonkeyPatch) -> None:
    netcrm("add", "Grace")
    monkeypatch.setenv("VISUAL", "/nonexistent/editor --wait")
    result = netcrm("edit", "grace", "--editor", code=1)
    assert result.stderr.startswith("netcrm: cannot run the editor '/nonexistent/editor --wait'")

"""`main` runs an app holding only the command its command line names (Typer converts every
registered command before parsing), and that app answers exactly as the whole one does."""

import pytest
from typer.testing import CliRunner

from netcrm.cli import COMMANDS, GROUPS, app, build, completing, named


def test_the_command_is_found_past_the_root_option() -> None:
    assert named(["due"]) == "due"
    assert named(["due", "--within", "7"]) == "due"
    assert named(["--db", "x.db", "show", "ada"]) == "show"
    assert named(["--db=x.db", "db", "path"]) == "db"
    assert named(["interaction", "list"]) == "interaction"


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"], ["--version"], ["deu"], ["--db", "x"]])
def test_anything_else_is_left_to_the_whole_app(args: list[str]) -> None:
    assert named(args) is None


@pytest.mark.parametrize("name", [*COMMANDS, *GROUPS])
def test_the_one_command_app_answers_as_the_whole_app(name: str) -> None:
    runner = CliRunner()
    for args in ([name, "--help"], [name, "--no-such-option"]):
        alone = runner.invoke(build(name), args)
        whole = runner.invoke(app, args)
        assert (alone.exit_code, alone.output) == (whole.exit_code, whole.output)
    assert [command.name for command in build(name).registered_commands] == (
        [name] if name in COMMANDS else []
    )


def test_completion_runs_the_command_before_the_cursor() -> None:
    def request(words: str, cword: int) -> dict[str, str]:
        return {"_NETCRM_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}

    assert completing(request("netcrm show Ad", 2)) == "show"
    assert completing(request("netcrm --db x.db log ada --channel ", 5)) == "log"
    assert completing(request("netcrm intro", 1)) is None  # intro or intros: the whole app
    assert completing(request("netcrm ", 1)) is None
    assert completing({"COMP_WORDS": "netcrm show Ad", "COMP_CWORD": "2"}) is None
    assert completing({**request("netcrm show Ad", 2), "COMP_CWORD": "x"}) is None

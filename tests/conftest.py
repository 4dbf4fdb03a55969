"""Every test gets a fresh temporary database, a fixed clock and no user config."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netcrm.cli import app

# A fixed "now" for the CLI edge, so tests never depend on the real date.
NOW = "2026-11-26T08:00:00"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point NETCRM_DB at a new file and keep the user's config and data out of reach."""
    db = tmp_path / "netcrm.db"
    monkeypatch.setenv("NETCRM_DB", str(db))
    monkeypatch.setenv("NETCRM_NOW", NOW)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("NETCRM_CONFIG", raising=False)
    monkeypatch.delenv("NETCRM_DEBUG", raising=False)
    return db


class Netcrm:
    """Run the CLI in-process and check its exit status."""

    def __init__(self) -> None:
        self.runner = CliRunner()

    def __call__(self, *args: str, code: int = 0, input: str | None = None) -> "Result":
        result = self.runner.invoke(app, list(args), input=input)
        assert result.exit_code == code, (
            f"netcrm {' '.join(args)} exited {result.exit_code}, wanted {code}\n"
            f"stdout: {result.stdout}\nstderr: {result.stderr}\n{result.exception!r}"
        )
        return Result(result.stdout, result.stderr, result.exit_code)

    def json(self, *args: str) -> object:
        """Run with --json and parse what it printed."""
        import json

        return json.loads(self(*args, "--json").stdout)


class Result:
    """What one invocation printed."""

    def __init__(self, stdout: str, stderr: str, code: int) -> None:
        self.stdout, self.stderr, self.code = stdout, stderr, code


@pytest.fixture
def netcrm() -> Iterator[Netcrm]:
    """The CLI, invoked in-process against the test's database."""
    yield Netcrm()

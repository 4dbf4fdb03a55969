"""An error is one line; NETCRM_DEBUG adds the traceback: `python -m netcrm`, a real process."""

from helpers import run_module


def test_netcrm_debug_shows_the_traceback(backend: str) -> None:
    quiet = run_module("-m", "netcrm", "log", "nobody", "x")
    assert quiet.returncode == 1 and "Traceback" not in quiet.stderr
    loud = run_module("-m", "netcrm", "log", "nobody", "x", env={"NETCRM_DEBUG": "1"})
    assert loud.returncode != 0
    assert "Traceback" in loud.stderr and "NotFoundError" in loud.stderr

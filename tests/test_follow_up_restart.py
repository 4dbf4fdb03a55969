"""`edit --follow-up` starts a new 24-48-7 sequence only once the previous one is finished."""

from conftest import Netcrm


def open_steps(netcrm: Netcrm) -> list[str]:
    profile = netcrm.json("show", "x")
    assert isinstance(profile, dict)
    return [step["step"] for step in profile["follow_ups"] if not step["done"]]


def test_restart_refused_while_steps_are_open(netcrm: Netcrm) -> None:
    netcrm("add", "X", "--follow-up")
    result = netcrm("edit", "x", "--follow-up", code=1)
    assert "already has open 24-48-7 steps" in result.stderr
    assert open_steps(netcrm) == ["connect", "resources", "schedule"]


def test_restart_allowed_after_all_steps_done(netcrm: Netcrm) -> None:
    netcrm("add", "X", "--follow-up")
    for _ in range(3):
        netcrm("done", "x")
    assert open_steps(netcrm) == []
    netcrm("edit", "x", "--follow-up")
    assert open_steps(netcrm) == ["connect", "resources", "schedule"]

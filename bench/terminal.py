"""Run a command on a real pseudo-terminal and time the whole run, output included.

A program that finds a terminal on its standard output lays its output out for it (netcrm's
Rich tables, taskwarrior's colours and widths), so "on a terminal" is measured here with a
pty as the child's stdin, stdout and stderr, its window size set before the program starts,
and every byte it writes read back until it exits.
"""

import fcntl
import os
import pty
import struct
import termios
import time
from collections.abc import Sequence
from dataclasses import dataclass

COLUMNS = 120  # a full-screen terminal: wide enough for both tools' list columns
LINES = 40
TERM = "xterm-256color"


@dataclass(frozen=True)
class PtyRun:
    """What one run on a pseudo-terminal gave."""

    wall: float  # seconds, from the fork to the child reaped
    cpu: float  # user + system seconds of the child and everything it waited for
    status: int  # exit code (negative: killed by that signal)
    output: bytes  # everything written to the terminal, stdout and stderr together


def terminal_env(env: dict[str, str]) -> dict[str, str]:
    """`env` as a terminal session of COLUMNS x LINES would give it to a program."""
    # What would make a program on a terminal behave as if it were not on one, or on another.
    overridden = ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "COLORTERM")
    kept = {key: value for key, value in env.items() if key not in overridden}
    return kept | {"TERM": TERM, "COLUMNS": str(COLUMNS), "LINES": str(LINES)}


def run_in_pty(argv: Sequence[str], env: dict[str, str]) -> PtyRun:
    """Run `argv` with a new pty as its terminal; read everything it writes, then reap it."""
    started = time.perf_counter()
    pid, master = pty.fork()
    if pid == 0:  # the child: its stdin, stdout and stderr are the pty's other end
        try:
            size = struct.pack("HHHH", LINES, COLUMNS, 0, 0)
            fcntl.ioctl(pty.STDOUT_FILENO, termios.TIOCSWINSZ, size)
            os.execvpe(argv[0], list(argv), env)
        finally:
            os._exit(127)  # exec failed: never return into the parent's code
    chunks = []
    try:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every holder of the pty's other end has closed it
                break
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(master)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    return PtyRun(
        wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status), b"".join(chunks)
    )

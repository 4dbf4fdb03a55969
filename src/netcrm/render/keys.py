"""Asking on a terminal: one key for a choice, one line for an answer (prompt_toolkit).

Only `review` imports this module, so no other command pays for prompt_toolkit. Questions
are netcrm's own text; stored text is printed before them through `output`, never here.
"""

import sys
from collections.abc import Sequence

from prompt_toolkit import prompt
from prompt_toolkit.application import Application
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.layout import Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl

# What Ctrl-C, Ctrl-D and Escape answer at a key prompt: the caller's way out.
QUIT = "q"


def key(question: str, keys: Sequence[str]) -> str:
    """Wait for one of `keys` (single characters) and return it; every other key is ignored.

    Ctrl-C, Ctrl-D and Escape answer `QUIT`, so leaving is always one key away.
    """
    sys.stdout.flush()
    bindings = KeyBindings()

    def answer(result: str) -> None:
        @bindings.add(result)
        def _chosen(event: KeyPressEvent) -> None:
            event.app.exit(result=result)

    for choice in keys:
        answer(choice)
    for way_out in ("c-c", "c-d", "escape"):
        bindings.add(way_out)(lambda event: event.app.exit(result=QUIT))
    bindings.add("<any>")(lambda event: None)  # a key that means nothing does nothing
    application: Application[str] = Application(
        layout=Layout(Window(FormattedTextControl(question), height=1)),
        key_bindings=bindings,
        full_screen=False,
    )
    chosen = application.run()
    return chosen


def ask(question: str) -> str | None:
    """One line of text, edited as in a shell; None when Ctrl-C or Ctrl-D cancels it."""
    sys.stdout.flush()
    try:
        return prompt(question)
    except (KeyboardInterrupt, EOFError):
        return None

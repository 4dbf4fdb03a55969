"""netcrm: a terminal-first personal networking CRM."""

import os

__version__ = "0.1.0"

# A shell runs netcrm on every Tab press and sends it SIGINT when the user presses Ctrl-C
# mid-completion. Python would print a KeyboardInterrupt traceback into the command line
# being typed; a completion has nothing to save, so it simply ends, silently. Set here, the
# first netcrm code to run, through the built-in `_signal` (already loaded: `signal` would
# first import `enum`, and an interrupt during that import would still print).
if os.environ.get("_NETCRM_COMPLETE"):
    import _signal  # type: ignore[import-not-found]  # the C module behind `signal`

    _signal.signal(_signal.SIGINT, _signal.SIG_DFL)

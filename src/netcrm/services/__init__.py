"""Use cases as plain functions: a session, the user's raw values and `now` in, data out.

No Typer and no printing here; the CLI renders what these return. Values typed by the user
(dates, circles, channels) are parsed here, so every front end gets the same rules.
"""

"""Outreach drafts: the built-in templates and the one safe way placeholders are filled.

A template is plain text with placeholders written `{first_name}`: a name of lower-case
letters, digits and underscores in braces. `{{` and `}}` stand for a literal brace. Nothing
else in a template means anything: it is never executed, evaluated or formatted by Python,
and a value put in is never read again for placeholders (one pass, left to right).
"""

import re
from dataclasses import dataclass

from netcrm.core.errors import FileFormatError, UserError

# One token: an escaped brace, a placeholder, or a lone brace (an error).
_TOKEN = re.compile(r"\{\{|\}\}|\{([a-z][a-z0-9_]{0,39})\}|[{}]")
TEMPLATE_NAME = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
# A user template larger than this is refused: a message, not a document.
LARGEST_TEMPLATE = 16 * 1024

# The method's outreach situations, in this program's own words.
BUILT_IN: dict[str, str] = {
    "cold": (
        "Hi {first_name},\n\n"
        "Your work on {topic} caught my eye, and it is close to what I do every day as "
        "{my_role} at {my_company}.\n\n"
        "Could I ask you a few questions about how you got there, over a twenty-minute "
        "video call whenever suits you?\n\n"
        "Thanks for reading,\n{my_name}\n"
    ),
    "introduction": (
        "Hi {first_name},\n\n"
        "I gather you know {target_name} at {target_company}. I would love to talk with them "
        "about {topic}. Would you feel comfortable introducing us? I am happy to write a "
        "short note about myself you can pass on, so it costs you a minute at most.\n\n"
        "Thank you either way,\n{my_name}\n"
    ),
    "follow-up": (
        "Hi {first_name},\n\n"
        "Good to meet you at {met_event}. Our talk about {interests} stayed with me. "
        "As I said I would, I am sending you {resource}.\n\n"
        "Shall we carry on over a coffee next week?\n\n"
        "Best,\n{my_name}\n"
    ),
    "fellow": (
        "Hi {first_name},\n\n"
        "What you wrote about {topic} struck a chord: we are working through the same "
        "questions at {my_company}. I would enjoy comparing notes on {interests}.\n\n"
        "Up for a short virtual coffee?\n\n"
        "Best,\n{my_name}\n"
    ),
    "leader": (
        "Hi {first_name},\n\n"
        "I have followed your work at {company} for a while; your thinking on {topic} "
        "changed how I go about mine. I am {my_role} at {my_company}.\n\n"
        "Might I have fifteen minutes of your time for one question: {question}? I will come "
        "prepared and fit around your calendar.\n\n"
        "Thank you for considering it,\n{my_name}\n"
    ),
    "mentor": (
        "Hi {first_name},\n\n"
        "The road you took to {role} at {company} is the one I am hoping to travel. I am "
        "{my_role} at {my_company}, and I would value hearing how you made that move.\n\n"
        "Would you be open to a short conversation? If you agree, I would pass on what I "
        "learn to others on the same road.\n\n"
        "With thanks,\n{my_name}\n"
    ),
}
BUILT_IN_ABOUT: dict[str, str] = {
    "cold": "a first message to someone you have not met",
    "introduction": "ask a contact (--via) to introduce you to someone (--to)",
    "follow-up": "after meeting someone: the resource you promised and a next step",
    "fellow": "a peer whose writing or work you noticed",
    "leader": "someone senior in your field, for one specific question",
    "mentor": "someone whose path you want to learn from",
}


@dataclass(frozen=True)
class Template:
    """A template's name, where it came from ('built-in' or its path) and its text."""

    name: str
    source: str
    text: str


def placeholders(template: Template) -> list[str]:
    """The placeholders a template uses, in order of first use; a stray brace is refused."""
    found: dict[str, None] = {}
    for number, line in enumerate(template.text.splitlines() or [""], start=1):
        for match in _TOKEN.finditer(line):
            token = match.group(0)
            if token in ("{{", "}}"):
                continue
            if match.group(1) is None:
                raise FileFormatError(
                    template.source,
                    number,
                    "a brace must open a placeholder such as {first_name} (lower-case letters, "
                    "digits, _); write {{ or }} for a brace itself",
                )
            found[match.group(1)] = None
    return list(found)


def fill(template: Template, values: dict[str, str]) -> tuple[str, list[str]]:
    """The template with every placeholder filled, and the placeholders that had no value
    (the text is only good when that list is empty)."""
    wanted = placeholders(template)
    missing = [key for key in wanted if not values.get(key)]

    def put(match: re.Match[str]) -> str:
        token = match.group(0)
        if token in ("{{", "}}"):
            return token[0]
        return values.get(match.group(1) or "", "") or token

    return _TOKEN.sub(put, template.text), missing


def check_name(name: str) -> str:
    """A template name: lower-case letters, digits, - and _ (it names a file)."""
    key = name.strip().lower()
    if not TEMPLATE_NAME.fullmatch(key):
        raise UserError(
            f"bad template name {name!r}: use lower-case letters, digits, - and _ "
            "(at most 40 characters)"
        )
    return key


def parse_sets(pairs: list[str]) -> dict[str, str]:
    """`--set key=value` options as a dict; a malformed one is refused."""
    values: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", key):
            raise UserError(f"--set takes key=value with a lower-case key, not {pair!r}")
        if not value.strip():
            raise UserError(f"--set {key}= gives no value")
        values[key] = value.strip()
    return values

"""The match keys that say two records are the same person, used by imports and `dupes` alike.

One function per kind of key, so that "same LinkedIn profile" or "same email" means the same
thing everywhere.
"""

import functools
import re
from collections.abc import Callable, Iterable
from typing import Any

from netcrm.core.details import LINKEDIN, Entry
from netcrm.core.text import name_key as name_key

# Imports ask for the same URL's and name's key several times (to find the record, to index
# it, to compare it with the stored value): remembered, each is worked out once.
_REMEMBERED = 1 << 16


@functools.lru_cache(maxsize=_REMEMBERED)
def linkedin_key(url: str | None) -> str | None:
    """`linkedin.com/in/ada-l` for any spelling of that profile URL; None when not LinkedIn.

    Scheme, `www.` (or a country prefix such as `de.`), a trailing slash, the query, the
    fragment and letter case do not matter.
    """
    match = LINKEDIN.match((url or "").strip().lower())
    if match is None or not match.group(1):
        return None
    path = match.group(1).rstrip("/")
    return f"linkedin.com{path}" if path else None


def email_key(email: str | None) -> str | None:
    """The address in lower case, without spaces or a `mailto:` prefix; None when empty."""
    text = (email or "").strip().lower().removeprefix("mailto:")
    return text or None


# Local parts and domains people type when a form insists on an address they will not give.
_PLACEHOLDER_PARTS = frozenset(
    {"x", "xx", "xxx", "xxxx", "none", "no", "na", "n/a", "null", "nil", "test", "noemail",
     "no-email", "noreply", "no-reply", "donotreply", "unknown", "email", "mail", "dummy",
     "fake", "example", "invalid", "foo", "bar", "asdf", "a", "aa", "-", "."}
)  # fmt: skip
# (Not example.com: documentation and anonymised exports use it for distinct people.)
_PLACEHOLDER_DOMAINS = frozenset(
    {"none.com", "noemail.com", "invalid", "localhost", "xxx.com", "domain.com", "nomail.com"}
)  # fmt: skip
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


def plausible_email(email: str | None) -> str | None:
    """The match key of an address that can name one person; None for a placeholder.

    `xxx`, `none`, `n/a`, an address without `@` and a dotted domain, `none@none.com` (and
    the like) says nothing about who it belongs to, so it never matches.
    """
    key = email_key(email)
    if key is None or not _EMAIL.fullmatch(key):
        return None
    local, _at, domain = key.rpartition("@")
    if local in _PLACEHOLDER_PARTS or domain in _PLACEHOLDER_DOMAINS:
        return None
    return key


MIN_PHONE_DIGITS = 7  # fewer cannot be a full number: an extension, or a placeholder


def phone_key(phone: str | None) -> str | None:
    """A number by its digits (a leading + kept, `tel:` dropped); None when too short to be
    a whole number or all one digit repeated (0000000, a placeholder)."""
    text = (phone or "").strip().lower().removeprefix("tel:")
    digits = "".join(char for char in text if char.isdigit())
    if len(digits) < MIN_PHONE_DIGITS or len(set(digits)) == 1:
        return None
    return ("+" if text.startswith("+") else "") + digits


def entry_keys(entries: Iterable[Entry]) -> list[tuple[str, str | None]]:
    """The match keys of a contact's entries, in the order imports try them: LinkedIn links,
    then plausible emails, then whole phone numbers (placeholders give None)."""
    keys: list[tuple[str, str | None]] = []
    items = list(entries)
    keys += [("linkedin", linkedin_key(e.value)) for e in items if e.kind == "url"]
    keys += [("email", plausible_email(e.value)) for e in items if e.kind == "email"]
    keys += [("phone", phone_key(e.value)) for e in items if e.kind == "phone"]
    return keys


def url_key(url: str | None) -> str | None:
    """A link compared without scheme, `www.`, a trailing slash or case; LinkedIn's by profile."""
    linkedin = linkedin_key(url)
    if linkedin:
        return linkedin
    text = (url or "").strip().lower().split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return text or None


@functools.lru_cache(maxsize=_REMEMBERED)
def person_key(name: str | None, company: str | None) -> str | None:
    """Name and company under one rule (name_key's), for "the same name at the same company"."""
    person = name_key(name)
    return f"{person}|{name_key(company) or ''}" if person else None


def comparable(value: Any) -> Any:
    """A value as compared when it has no match key of its own: text without outer spaces."""
    return value.strip() if isinstance(value, str) else value


# Contact fields compared through their match key: "https://www.linkedin.com/in/x/" is
# "linkedin.com/in/x", "X@Y.org" is "x@y.org".
FIELD_KEYS: dict[str, Callable[[Any], Any]] = {"linkedin": linkedin_key, "email": email_key}


def same_value(field: str, mine: Any, theirs: Any) -> bool:
    """Whether two values of one contact field say the same thing (imports and merge agree)."""
    key = FIELD_KEYS.get(field, comparable)
    return bool(key(mine) == key(theirs))

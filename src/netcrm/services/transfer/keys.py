"""The match keys that say two records are the same person, used by imports and `dupes` alike.

One function per kind of key, so that "same LinkedIn profile" or "same email" means the same
thing everywhere.
"""

import functools
import re
from collections.abc import Callable
from typing import Any

from netcrm.core.text import name_key as name_key

# scheme, optional www. or country prefix, the host, then the path up to a query or fragment.
_LINKEDIN = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://)?(?:[a-z]{2,3}\.)?linkedin\.com(?::\d+)?(/[^?#]*)?"
)


# Imports ask for the same URL's and name's key several times (to find the record, to index
# it, to compare it with the stored value): remembered, each is worked out once.
_REMEMBERED = 1 << 16


@functools.lru_cache(maxsize=_REMEMBERED)
def linkedin_key(url: str | None) -> str | None:
    """`linkedin.com/in/ada-l` for any spelling of that profile URL; None when not LinkedIn.

    Scheme, `www.` (or a country prefix such as `de.`), a trailing slash, the query, the
    fragment and letter case do not matter.
    """
    match = _LINKEDIN.match((url or "").strip().lower())
    if match is None or not match.group(1):
        return None
    path = match.group(1).rstrip("/")
    return f"linkedin.com{path}" if path else None


def email_key(email: str | None) -> str | None:
    """The address in lower case, without spaces or a `mailto:` prefix; None when empty."""
    text = (email or "").strip().lower().removeprefix("mailto:")
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

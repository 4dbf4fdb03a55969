"""The match keys that say two records are the same person, used by imports and `dupes` alike.

One function per kind of key, so that "same LinkedIn profile" or "same email" means the same
thing everywhere.
"""

import re
import unicodedata
from urllib.parse import urlsplit

_LINKEDIN_HOST = re.compile(r"(?:[a-z]{2,3}\.)?linkedin\.com")
_SPACES = re.compile(r"\s+")


def linkedin_key(url: str | None) -> str | None:
    """`linkedin.com/in/ada-l` for any spelling of that profile URL; None when not LinkedIn.

    Scheme, `www.` (or a country prefix such as `de.`), a trailing slash, the query, the
    fragment and letter case do not matter.
    """
    text = (url or "").strip().lower()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    parts = urlsplit(text)
    host = parts.hostname or ""
    if not _LINKEDIN_HOST.fullmatch(host):
        return None
    path = parts.path.rstrip("/")
    return f"linkedin.com{path}" if path else None


def email_key(email: str | None) -> str | None:
    """The address in lower case, without spaces or a `mailto:` prefix; None when empty."""
    text = (email or "").strip().lower().removeprefix("mailto:")
    return text or None


def name_key(name: str | None) -> str | None:
    """A name with case, accents and spacing ignored: "José  Núñez" and "jose nunez" agree."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    text = _SPACES.sub(" ", plain).strip().casefold()
    return text or None

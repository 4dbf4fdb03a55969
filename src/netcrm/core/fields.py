"""The free-text fields of a contact, declared once.

`add` and `edit` take one option per field, `show` prints them, exports write them: all
from this table, so a new field is one line here plus a migration.
"""

from typing import NamedTuple


class TextField(NamedTuple):
    """A contact attribute the user types as text."""

    attr: str  # the Contact column and the JSON key
    flag: str  # the command-line option
    label: str  # the heading in `show`
    help: str
    # For email, phone and linkedin: the kind of contact entry (core/details.py) the column
    # shows the preferred one of. Such a column is derived, never written as text.
    entry: str | None = None


TEXT_FIELDS: tuple[TextField, ...] = (
    TextField("company", "--company", "Company", "Where they work."),
    TextField("role", "--role", "Role", "Their job title or position."),
    TextField("email", "--email", "Email", "Email address.", entry="email"),
    TextField("phone", "--phone", "Phone", "Phone number.", entry="phone"),
    TextField("linkedin", "--linkedin", "LinkedIn", "LinkedIn profile URL.", entry="url"),
    TextField("location", "--location", "Location", "City or region."),
    TextField("how_met", "--how-met", "How we met", "How you met, in a few words."),
    TextField("met_event", "--met-at", "Met at", "The event where you met."),
    TextField("interests", "--interests", "Interests", "Their professional interests."),
    TextField("family", "--family", "Family", "Partner, children, what matters at home."),
    TextField("hobbies", "--hobbies", "Hobbies", "What they do for fun."),
    TextField("can_help", "--can-help", "I can help with", "How you can help them."),
    TextField("they_help", "--they-help", "They can help with", "How they might help you."),
    TextField("notes", "--notes", "Notes", "Anything else worth remembering."),
)

# The text fields typed and stored as text (not derived from entries).
PLAIN_FIELDS: tuple[TextField, ...] = tuple(spec for spec in TEXT_FIELDS if spec.entry is None)
# Contact attributes an import or a merge may fill where the contact has none (emails, phones
# and links are entries: they are added, never filled).
FILLABLE: tuple[str, ...] = (
    *(spec.attr for spec in PLAIN_FIELDS),
    "timezone",
    "birthday",
    "cadence",
)

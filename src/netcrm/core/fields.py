"""The free-text fields of a contact, declared once.

`add` and `edit` take one option per field, `show` prints them, exports write them: all
from this table, so a new field is one line here plus a migration.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class TextField:
    """A contact attribute the user types as text."""

    attr: str  # the Contact column and the JSON key
    flag: str  # the command-line option
    label: str  # the heading in `show`
    help: str


TEXT_FIELDS: tuple[TextField, ...] = (
    TextField("company", "--company", "Company", "Where they work."),
    TextField("role", "--role", "Role", "Their job title or position."),
    TextField("email", "--email", "Email", "Email address."),
    TextField("phone", "--phone", "Phone", "Phone number."),
    TextField("linkedin", "--linkedin", "LinkedIn", "LinkedIn profile URL."),
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

# Contact attributes an import or a merge may fill where the contact has none.
FILLABLE: tuple[str, ...] = (
    *(spec.attr for spec in TEXT_FIELDS),
    "timezone",
    "birthday",
    "cadence",
)

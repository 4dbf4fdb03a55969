"""LinkedIn's Connections.csv, from "Get a copy of your data", in any of its layouts: every
interface language's headers, the pre-2019 one without a URL column, commas or semicolons,
UTF-8 or Excel's cp1252 (csvfile.py)."""

import re
from collections.abc import Iterator
from datetime import date, datetime

from netcrm.core.errors import FileFormatError
from netcrm.services.transfer.importers import Record, Source
from netcrm.services.transfer.importers.csvfile import pick, read_rows

# Each column under the names LinkedIn uses for it, by interface language: English, German,
# French, Spanish, Italian, Portuguese, Dutch, Danish (written from LinkedIn's localised
# interface terms; an export carries the headers of the language it was requested in).
COLUMNS: dict[str, tuple[str, ...]] = {
    "first": ("First Name", "Vorname", "Prénom", "Nombre", "Nome", "Primeiro nome", "Voornaam",
              "Fornavn"),
    "last": ("Last Name", "Nachname", "Nom", "Apellidos", "Apellido", "Cognome", "Sobrenome",
             "Achternaam", "Efternavn"),
    "url": ("URL", "Profil-URL", "URL du profil", "URL del perfil", "URL del profilo",
            "URL do perfil", "Profiel-URL", "Profil-URL'en"),
    "email": ("Email Address", "E-Mail-Adresse", "Adresse e-mail", "Adresse email",
              "Dirección de correo electrónico", "Correo electrónico", "Indirizzo email",
              "Indirizzo e-mail", "Endereço de e-mail", "E-mail", "E-mailadres",
              "E-mailadresse"),
    "company": ("Company", "Unternehmen", "Firma", "Entreprise", "Société", "Empresa",
                "Azienda", "Bedrijf", "Virksomhed"),
    "position": ("Position", "Poste", "Cargo", "Posizione", "Ruolo", "Functie", "Stilling"),
    "connected": ("Connected On", "Verbunden am", "Verbunden seit", "Connecté le",
                  "Date de connexion", "Conectado el", "Fecha de conexión", "Collegato il",
                  "Data di collegamento", "Conectado em", "Data da conexão", "Verbonden op",
                  "Verbonden sinds", "Forbundet den", "Forbundet"),
}  # fmt: skip
# Month names and abbreviations in those languages (lower case, without the dot).
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "jän", "janv", "ene", "gen", "january", "januar", "janvier", "enero",
             "gennaio", "janeiro", "januari"),
            ("feb", "févr", "fév", "fevr", "fev", "february", "februar", "février", "febrero",
             "febbraio", "fevereiro", "februari"),
            ("mar", "mär", "mrz", "mrt", "mars", "march", "märz", "marzo", "março", "maart",
             "marts"),
            ("apr", "avr", "abr", "april", "avril", "abril", "aprile"),
            ("may", "mai", "mag", "mei", "maj", "mayo", "maggio", "maio"),
            ("jun", "juin", "giu", "june", "juni", "junio", "giugno", "junho"),
            ("jul", "juil", "lug", "july", "juli", "juillet", "julio", "luglio", "julho"),
            ("aug", "août", "ago", "august", "agosto", "augustus"),
            ("sep", "sept", "set", "september", "septembre", "septiembre", "settembre",
             "setembro"),
            ("oct", "okt", "ott", "out", "october", "oktober", "octobre", "octubre", "ottobre",
             "outubro"),
            ("nov", "november", "novembre", "noviembre", "novembro"),
            ("dec", "dez", "déc", "dic", "december", "dezember", "décembre", "diciembre",
             "dicembre", "dezembro"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
# 12 Mar 2024, 12. Mär. 2024, 12 de mar. de 2024, 12-Mar-24 (Excel), each perhaps with a time.
_NAMED = re.compile(
    r"(\d{1,2})\.?[\s-]+(?:de\s+)?([^\W\d_]+)\.?[\s-]+(?:de\s+)?(\d{4}|\d{2})(?:[\s,T].*)?"
)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[\sT].*)?")
_DOTTED = re.compile(r"(\d{1,2})[.-](\d{1,2})[.-](\d{4})(?:\s.*)?")
# 3/12/18, 9:15 PM (LinkedIn before 2019, and US Excel), 3/12/2018.
_SLASHED = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:[\s,].*)?")


def is_header(cells: list[str]) -> bool:
    """True for the header row of Connections.csv, in any language (its cells stripped).

    First and last name, and the profile URL, or (exports from 2018 and before, which had no
    URL column) the company and the connection date.
    """
    present = {cell.lower() for cell in cells}

    def has(key: str) -> bool:
        return any(name.lower() in present for name in COLUMNS[key])

    return has("first") and has("last") and (has("url") or (has("company") and has("connected")))


def read(source: Source) -> Iterator[Record]:
    """Every connection in the file; rows without a name (deleted accounts) are dropped."""
    header, rows = read_rows(source, is_header, "First Name,Last Name,URL,... (or Vorname,...)")
    column = {key: pick(header, *names) for key, names in COLUMNS.items()}
    for row in rows:
        name = f"{row.get(column['first'])} {row.get(column['last'])}".strip()
        connected = row.get(column["connected"])
        try:
            met = parse_connected_on(connected) if connected else None
        except ValueError:
            raise FileFormatError(
                source.name,
                row.line,
                f"cannot read date {connected!r}: expected e.g. 12 Mar 2024, 2024-03-12 or 3/12/24",
            ) from None
        email = row.get(column["email"])
        fields = {
            "company": row.get(column["company"]),
            "role": row.get(column["position"]),
            "linkedin": row.get(column["url"]),
            "email": email,
        }
        yield Record(
            line=row.line,
            name=name,
            fields={key: value for key, value in fields.items() if value},
            emails=[email] if email else [],
            met_at=datetime.combine(met, datetime.min.time()) if met else None,
            tracked=frozenset({"company", "role"}),
        )


def parse_connected_on(text: str) -> date:
    """`12 Mar 2024` (in any of LinkedIn's languages), `2024-03-12`, `12.03.2024`, `3/12/18,
    9:15 PM` or Excel's `12-Mar-24`; ValueError otherwise.

    A slashed date is month first (LinkedIn's own and US Excel's order) unless its first
    number cannot be a month (`25/12/2023`). A two-digit year is 20YY.
    """
    text = text.strip()
    if match := _NAMED.fullmatch(text):
        word = match.group(2).lower()
        month = _MONTHS.get(word) or _MONTHS.get(word[:4]) or _MONTHS.get(word[:3])
        if month is None:
            raise ValueError(text)
        return date(_year(match.group(3)), month, int(match.group(1)))
    if match := _ISO.fullmatch(text):
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _DOTTED.fullmatch(text):
        return date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
    if match := _SLASHED.fullmatch(text):
        first, second = int(match.group(1)), int(match.group(2))
        month, day = (second, first) if first > 12 else (first, second)
        return date(_year(match.group(3)), month, day)
    raise ValueError(text)


def _year(text: str) -> int:
    return 2000 + int(text) if len(text) == 2 else int(text)

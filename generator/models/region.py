"""The region file: what a communicatieadviseur writes in ``sites/regions/<slug>.yaml``.

This model is the single source of truth for the rules, for ``werkcentrum schema`` (editor support) and for the
field documentation. Rules that need more than one file (unique codes, a gemeente in one region) live in
``generator.validate``; everything about one file lives here.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StrictBool, WithJsonSchema, field_validator, model_validator

from .fields import (
    Email,
    HttpsUrl,
    Markdown,
    PageSlug,
    PlainText,
    Postcode,
    RegionFile,
    Subdomein,
    Telefoon,
    fail,
)

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

PARTNER_KINDS = (
    "gemeente",
    "uwv",
    "sbb",
    "vakbond",
    "werkgeversorganisatie",
    "onderwijs",
    "ontwikkelbedrijf",
    "win-punt",
    "overig",
)

# Keys a region might try that belong to the national level. Named separately so the error explains the
# merge rule instead of only saying "unknown key".
NATIONAL_KEYS = {
    "huisstijl": "De huisstijl is landelijk en staat in het brandbook.",
    "kleuren": "De kleuren komen uit de landelijke huisstijl in het brandbook.",
    "tokens": "De design tokens zijn landelijk en staan in brandbook/tokens.",
    "logo": "Het logo wordt voor elke regio op dezelfde manier gemaakt uit de naam van de regio.",
    "lettertype": "Het lettertype komt uit de landelijke huisstijl.",
    "thema": "Het thema van de site is landelijk.",
    "theme": "Het thema van de site is landelijk.",
    "site_name": "De naam van de site is altijd 'Werkcentrum' + de naam van de regio.",
    "sitenaam": "De naam van de site is altijd 'Werkcentrum' + de naam van de regio.",
    "titel": "De naam van de site is altijd 'Werkcentrum' + de naam van de regio.",
    "navigatie": "Het menu is landelijk; extra pagina's komen vanzelf in de menugroep van je regio.",
    "nav": "Het menu is landelijk; extra pagina's komen vanzelf in de menugroep van je regio.",
    "menu": "Het menu is landelijk; extra pagina's komen vanzelf in de menugroep van je regio.",
    "footer": "De voettekst met de wettelijke pagina's is landelijk.",
    "voettekst": "De voettekst met de wettelijke pagina's is landelijk.",
}

_TIME_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, str_strip_whitespace=False)


_RANGE_SCHEMA = {"type": "string", "pattern": r"^[0-9]{2}:[0-9]{2}-[0-9]{2}:[0-9]{2}$"}


def _parse_range(text: str) -> tuple[int, int]:
    match = _TIME_RANGE.match(text.replace(" ", ""))
    if not match:
        raise fail(
            "tijd",
            f"'{text}' is geen tijdvak.",
            expected="'HH:MM-HH:MM', bijvoorbeeld '09:00-17:00', of 'gesloten'",
            hint="Schrijf uren en minuten altijd met twee cijfers en zet een streepje tussen begin en eind.",
        )
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    for hours, minutes in ((h1, m1), (h2, m2)):
        if hours > 23 or minutes > 59:
            raise fail(
                "tijd",
                f"'{hours:02d}:{minutes:02d}' in '{text}' is geen bestaande tijd.",
                expected="uren van 00 tot en met 23 en minuten van 00 tot en met 59",
            )
    start, end = h1 * 60 + m1, h2 * 60 + m2
    if end <= start:
        raise fail(
            "tijd",
            f"in '{text}' ligt de sluitingstijd niet na de openingstijd.",
            expected="een sluitingstijd later op dezelfde dag",
        )
    return start, end


def _day_hours(value: Any) -> Any:
    if value is None or value == "gesloten":
        return value
    if isinstance(value, str):
        ranges = [value]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        ranges = value
    else:
        raise fail(
            "tijd",
            "deze openingstijd heeft niet de goede vorm.",
            expected="'09:00-17:00', een lijst zoals ['09:00-12:00', '13:00-17:00'], of 'gesloten'",
            hint="Zet de tijden tussen aanhalingstekens, bijvoorbeeld maandag: \"09:00-17:00\".",
        )
    if not ranges:
        raise fail("tijd", "de lijst met tijden is leeg.", expected="minstens één tijdvak of 'gesloten'")
    parsed = sorted(_parse_range(text) for text in ranges)
    for (_, end), (start, _) in zip(parsed, parsed[1:]):
        if start < end:
            raise fail(
                "tijd",
                "twee tijdvakken op deze dag overlappen.",
                expected="tijdvakken die elkaar niet overlappen, zoals ['09:00-12:00', '13:00-17:00']",
            )
    return value


DayHours = Annotated[
    Any,
    AfterValidator(_day_hours),
    WithJsonSchema(
        {
            "description": "'09:00-17:00', een lijst van zulke tijden (bijvoorbeeld met lunchpauze) of 'gesloten'.",
            "anyOf": [{"const": "gesloten"}, _RANGE_SCHEMA, {"type": "array", "items": _RANGE_SCHEMA, "minItems": 1}],
        }
    ),
]


class Openingstijden(_Model):
    """Opening hours per weekday; a day that is left out is shown as 'niet bekend'."""

    maandag: DayHours = None
    dinsdag: DayHours = None
    woensdag: DayHours = None
    donderdag: DayHours = None
    vrijdag: DayHours = None
    zaterdag: DayHours = None
    zondag: DayHours = None

    def days(self) -> list[tuple[str, list[str] | None]]:
        """Every weekday in order with its ranges: a list like ``['09:00-12:00']``, ``[]`` (closed) or None (unknown)."""
        out = []
        for day in WEEKDAYS:
            value = getattr(self, day)
            if value is None:
                out.append((day, None))
            elif value == "gesloten":
                out.append((day, []))
            else:
                ranges = [value] if isinstance(value, str) else list(value)
                out.append((day, sorted(r.replace(" ", "") for r in ranges)))
        return out


class Inlooppunt(_Model):
    """A physical walk-in point of the Werkcentrum; no appointment needed."""

    naam: PlainText(100, "Naam van het inlooppunt, bijvoorbeeld 'Werkplein Enschede'.")
    gemeente: PlainText(80, "Gemeente waarin het inlooppunt ligt.")
    adres: PlainText(120, "Straat en huisnummer.") | None = None
    postcode: Postcode | None = None
    plaats: PlainText(80, "Plaatsnaam.") | None = None
    openingstijden: Openingstijden | None = Field(
        None, description="Openingstijden per dag (maandag tot en met zondag)."
    )
    telefoon: Telefoon | None = None
    email: Email | None = None
    gids: StrictBool | None = Field(
        None, description="true als er een gids is die bezoekers ontvangt en verder helpt, anders false."
    )
    toelichting: Markdown(1000, "Korte toelichting in Markdown, bijvoorbeeld over toegankelijkheid of parkeren.") | None = None


class Partner(_Model):
    """An organisation that works together in the regional Werkcentrum."""

    naam: PlainText(120, "Naam van de partnerorganisatie.")
    soort: Literal[PARTNER_KINDS] = Field(
        description="Soort partner: " + ", ".join(PARTNER_KINDS) + "."
    )
    website: HttpsUrl | None = None


class Contact(_Model):
    """How people reach the regional Werkcentrum."""

    telefoon: Telefoon | None = None
    email: Email | None = None
    website: HttpsUrl | None = None


class RegioPagina(_Model):
    """An extra page that only this region has."""

    titel: PlainText(80, "Titel van de pagina, zoals die in het menu staat.")
    slug: PageSlug
    inhoud: Markdown(20000, "Tekst van de pagina in Markdown.") | None = None
    bestand: RegionFile | None = None

    @model_validator(mode="after")
    def _one_source(self):
        if (self.inhoud is None) == (self.bestand is None):
            raise fail(
                "pagina",
                "een extra pagina heeft precies één van 'inhoud' of 'bestand'.",
                expected="óf 'inhoud' met Markdown-tekst, óf 'bestand' met de naam van een .md-bestand",
            )
        return self


class Regio(_Model):
    """One labour-market region and its Werkcentrum website."""

    naam: PlainText(60, "Naam van de regio. De site heet 'Werkcentrum' + deze naam, bijvoorbeeld 'Twente'.")
    code: Annotated[
        str,
        Field(
            description="CBS-code van de arbeidsmarktregio, bijvoorbeeld 'AM05'.",
            json_schema_extra={"pattern": r"^AM[0-9]{2}$"},
        ),
    ]
    subdomein: Subdomein | None = None
    centrumgemeente: PlainText(80, "De centrumgemeente van de regio.") | None = None
    gemeenten: list[PlainText(80, "Naam van een gemeente.")] = Field(
        default_factory=list, description="De gemeenten in de regio.", max_length=60
    )
    inlooppunten: list[Inlooppunt] = Field(
        default_factory=list, description="De inlooppunten van het Werkcentrum.", max_length=100
    )
    partners: list[Partner] = Field(default_factory=list, description="De partners in de regio.", max_length=200)
    contact: Contact | None = Field(None, description="Algemene contactgegevens van het Werkcentrum in de regio.")
    paginas: list[RegioPagina] = Field(
        default_factory=list, description="Extra pagina's die alleen deze regio heeft.", max_length=30
    )
    aanvullingen: dict[str, Markdown(5000, "Regionale aanvulling in Markdown.")] = Field(
        default_factory=dict,
        description="Regionale tekst per basispagina (bijvoorbeeld 'werkgevers'); komt onder de landelijke tekst.",
    )

    @field_validator("naam")
    @classmethod
    def _name_pattern(cls, value: str) -> str:
        if value.lower().startswith("werkcentrum"):
            raise fail(
                "naam",
                f"schrijf alleen de naam van de regio, zonder 'Werkcentrum': de site heet altijd 'Werkcentrum {value[11:].strip() or '...'}'.",
                expected="de regionaam, bijvoorbeeld 'Twente'",
            )
        return value

    @field_validator("code")
    @classmethod
    def _code_pattern(cls, value: str) -> str:
        if not re.fullmatch(r"AM[0-9]{2}", value):
            raise fail(
                "code",
                f"'{value}' is geen CBS-code van een arbeidsmarktregio.",
                expected="'AM' en twee cijfers, bijvoorbeeld 'AM05'",
            )
        return value

    @property
    def site_name(self) -> str:
        return f"Werkcentrum {self.naam}"

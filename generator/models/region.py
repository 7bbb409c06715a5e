"""The region file: what a communicatieadviseur writes in ``sites/regions/<slug>.yaml``.

This model is the single source of truth for the rules, for ``werkcentrum schema`` (editor support) and for the
field documentation. Rules that need more than one file (unique codes, a gemeente in one region) live in
``generator.validate``; everything about one file lives here.
"""

from __future__ import annotations

import csv
import json
import difflib
import os
import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from ..project import RESERVED_KEYS
from .fields import (
    Email,
    PAGE_SLUG,
    HttpsUrl,
    Markdown,
    PageSlug,
    PlainText,
    Postcode,
    RegionFile,
    Subdomein,
    Telefoon,
    YesNo,
    fail,
    text_schema,
    rule,
)

WEEKDAYS = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


def dutch_date(day: date) -> str:
    """``date(2026, 4, 27)`` -> ``'27 april 2026'``."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


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

# A day on which the inlooppunt only sees people with an appointment: not a time to walk in.
OP_AFSPRAAK = "op afspraak"
INLOOPPUNT_STATUS = ("open", "gepland")

# ASCII digits only ('\d' would also take other scripts' digits, which the editor schema does not).
_TIME_RANGE = re.compile(r"^([0-9]{2}):([0-9]{2})-([0-9]{2}):([0-9]{2})$")
MAX_RANGES_PER_DAY = 6

REGIONS_TABLE = Path(__file__).resolve().parent.parent / "data" / "arbeidsmarktregios.csv"


@lru_cache(maxsize=1)
def regions_table() -> tuple[dict[str, str], ...]:
    """The rows (code, naam, slug) of the package's copy of the CBS table, plus the fictional AM00.

    ``WERKCENTRUM_REGIOTABEL`` names another table: after a CBS revision, or for the scale benchmark.
    """
    path = Path(os.environ.get("WERKCENTRUM_REGIOTABEL") or REGIONS_TABLE)
    with path.open(encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


def known_regions() -> dict[str, str]:
    """CBS code -> official region name."""
    return {row["code"]: row["naam"] for row in regions_table()}


def did_you_mean(word: str, options: list[str] | tuple[str, ...]) -> str | None:
    """A Dutch 'did you mean' hint for a near miss, or None."""
    match = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f"Bedoel je '{match[0]}'?" if match else None


# A region name never starts with "Werkcentrum" (in any case): one pattern for the model and the editor.
# ('K', the Kelvin sign, is a 'k' to str.lower() too.)
NOT_WERKCENTRUM = "^(?! *" + "".join("[" + c.upper() + c + ("\u212a" if c == "k" else "") + "]" for c in "werkcentrum") + ")"


def dutch(description: str) -> ConfigDict:
    """Model settings with the Dutch description that the editor schema shows (docstrings stay English)."""
    return ConfigDict(json_schema_extra={"description": description})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, str_strip_whitespace=False)

    @field_validator("*", mode="before")
    @classmethod
    def _not_empty(cls, value: Any) -> Any:
        # An optional field may be left out, never left empty: 'telefoon:' without a value is a half-done edit,
        # and the editor schema has no null type to complete (so it never inserts 'null').
        if value is None:
            raise fail(
                "leeg",
                "dit veld is leeg.",
                expected="een waarde",
                hint="Vul een waarde in, of laat het hele veld weg als je die nog niet weet.",
            )
        return value

    @model_validator(mode="wrap")
    @classmethod
    def _every_problem(cls, data: Any, handler):
        """Field errors and the rules between fields in one go: the rules read the raw data, so a mistake in one
        field never hides a rule about another (a repeated inlooppunt is found while a postcode is wrong)."""
        rules = cls._rules(data) if isinstance(data, dict) else []
        try:
            model = handler(data)
            errors: list[InitErrorDetails] = []
        except ValidationError as exc:
            errors = [
                InitErrorDetails(type=PydanticCustomError(e["type"], e["msg"], e.get("ctx")), loc=e["loc"], input=e["input"])
                for e in exc.errors()
            ]
        if errors or rules:
            raise ValidationError.from_exception_data(cls.__name__, errors + [
                InitErrorDetails(type=rule, loc=(), input=data) for rule in rules
            ])
        return model

    @classmethod
    def _rules(cls, data: dict) -> list[PydanticCustomError]:
        """The rules between fields of this model, on raw data (``fail(..., at=...)`` says where)."""
        return []


# _parse_range as a pattern: it drops every space and then wants HH:MM-HH:MM with hours 00-23 and minutes 00-59,
# so the pattern allows a space between any two characters. Whether the end lies after the start (and whether
# two ranges overlap) is beyond a pattern: only 'werkcentrum check' sees that.
_HOUR, _MINUTE = "(?:[01] *[0-9]|2 *[0-3])", "[0-5] *[0-9]"
RANGE_PATTERN = f" *{_HOUR} *: *{_MINUTE} *- *{_HOUR} *: *{_MINUTE} *"
_RANGE_MESSAGE = (
    'Schrijf een tijdvak als "09:00-17:00": uren van 00 tot en met 23 en minuten van 00 tot en met 59, altijd met '
    "twee cijfers, tussen aanhalingstekens."
)
_RANGE_SCHEMA = {
    "type": "string",
    "errorMessage": 'Zet een tijdvak tussen aanhalingstekens, zoals "09:00-17:00".',
    "pattern": f"^{RANGE_PATTERN}$",
    "patternErrorMessage": _RANGE_MESSAGE,
}


_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")  # en/em dash, minus and friends
_CLOSED_WORDS = ("gesloten", "dicht", "closed")


def _range_tip(text: str) -> str:
    """A tip that names the mistake in a time range that does not parse, with the corrected value if it is clear."""
    fixed, tips = text.strip(), []
    if _DASHES.search(fixed):
        tips.append("Zet een gewoon streepje (-) tussen begin en eind, geen lang streepje (–).")
        fixed = _DASHES.sub("-", fixed)
    if re.search(r"\d\.\d", fixed):
        tips.append("Zet een dubbele punt (:) tussen uren en minuten, geen punt.")
        fixed = re.sub(r"(\d)\.(\d)", r"\1:\2", fixed)
    parts = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?-(\d{1,2})(?::(\d{2}))?", fixed.replace(" ", ""))
    if parts:
        h1, m1, h2, m2 = parts.groups()
        if len(h1) == 1 or len(h2) == 1 or m1 is None or m2 is None:
            tips.append("Schrijf uren en minuten altijd met twee cijfers.")
        fixed = f"{int(h1):02d}:{m1 or '00'}-{int(h2):02d}:{m2 or '00'}"
    if not tips:
        tips.append("Schrijf uren en minuten altijd met twee cijfers en zet een streepje tussen begin en eind.")
    if _TIME_RANGE.match(fixed) and fixed != text:
        tips.append(f"Bedoel je '{fixed}'?")
    return " ".join(tips)


def _parse_range(text: str) -> tuple[int, int]:
    match = _TIME_RANGE.fullmatch(text.replace(" ", ""))
    if not match:
        raise fail(
            "tijd",
            f"'{text}' is geen tijdvak.",
            expected="'HH:MM-HH:MM', bijvoorbeeld '09:00-17:00', of 'gesloten'",
            hint=_range_tip(text),
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
    if value is None or value in ("gesloten", OP_AFSPRAAK):
        return value
    if isinstance(value, str) and value.strip().casefold() in _CLOSED_WORDS:
        raise fail(
            "tijd",
            f"'{value}' is geen tijdvak of 'gesloten'.",
            expected="'gesloten', met kleine letters",
            hint="Schrijf precies gesloten: met kleine letters en zonder spaties eromheen.",
        )
    if isinstance(value, str):
        ranges = [value]
    elif isinstance(value, list) and all(isinstance(item, str) for item in value):
        ranges = value
    else:
        raise fail(
            "tijd",
            "deze openingstijd heeft niet de goede vorm.",
            expected="'09:00-17:00', een lijst zoals ['09:00-12:00', '13:00-17:00'], 'gesloten' of 'op afspraak'",
            hint='Zet de tijden tussen aanhalingstekens, bijvoorbeeld maandag: "09:00-17:00".',
        )
    if not ranges:
        raise fail("tijd", "de lijst met tijden is leeg.", expected="minstens één tijdvak of 'gesloten'")
    if len(ranges) > MAX_RANGES_PER_DAY:
        raise fail(
            "tijd",
            f"dit zijn te veel tijdvakken op één dag ({len(ranges)}).",
            expected=f"hoogstens {MAX_RANGES_PER_DAY}",
        )
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
            "description": (
                "'09:00-17:00', een lijst van zulke tijden (bijvoorbeeld met lunchpauze), 'gesloten', of "
                "'op afspraak' als je die dag alleen met een afspraak terechtkunt."
            ),
            "markdownDescription": "Een tijdvak zoals `\"09:00-17:00\"`, een lijst van tijdvakken zoals "
            '`["09:00-12:00", "13:00-17:00"]` (met lunchpauze), `gesloten`, of `op afspraak` als je die dag alleen met een afspraak '
            "terechtkunt. Zet tijden tussen aanhalingstekens.",
            "examples": ["09:00-17:00", ["09:00-12:00", "13:00-17:00"], "gesloten", OP_AFSPRAAK],
            # if/then/else instead of anyOf: the editor then names the mistake of the form that was meant, instead
            # of the first alternative's ('Value must be "gesloten"').
            "if": {"type": "array"},
            "then": {
                "items": _RANGE_SCHEMA,
                "allOf": [
                    {
                        "contains": {},
                        "minContains": 1,
                        "errorMessage": "De lijst met tijden is leeg. Geef minstens één tijdvak, of schrijf gesloten.",
                    },
                    {
                        "contains": {},
                        "minContains": 0,
                        "maxContains": MAX_RANGES_PER_DAY,
                        "errorMessage": f"Dit zijn te veel tijdvakken op één dag: hoogstens {MAX_RANGES_PER_DAY}.",
                    },
                ],
            },
            "else": {
                "type": "string",
                "errorMessage": 'Schrijf een tijdvak tussen aanhalingstekens, zoals "09:00-17:00", een lijst zoals '
                '["09:00-12:00", "13:00-17:00"], gesloten of op afspraak.',
                "pattern": f"^(?:gesloten|{OP_AFSPRAAK}|{RANGE_PATTERN})$",
                "patternErrorMessage": _RANGE_MESSAGE + " Is het inlooppunt die dag dicht? Schrijf dan gesloten.",
            },
        }
    ),
]


class Openingstijden(_Model):
    """Opening hours per weekday; a day that is left out is shown as 'niet bekend'."""

    model_config = dutch("Openingstijden per dag. Een dag die je weglaat, staat op de site als 'niet bekend'.")

    maandag: DayHours = None
    dinsdag: DayHours = None
    woensdag: DayHours = None
    donderdag: DayHours = None
    vrijdag: DayHours = None
    zaterdag: DayHours = Field(None, examples=["gesloten"])
    zondag: DayHours = Field(None, examples=["gesloten"])

    def days(self) -> list[tuple[str, list[str] | str | None]]:
        """Every weekday with its ranges: ``['09:00-12:00']``, ``[]`` (closed), ``'op afspraak'`` or None (unknown)."""
        out = []
        for day in WEEKDAYS:
            value = getattr(self, day)
            if value is None or value == OP_AFSPRAAK:
                out.append((day, value))
            elif value == "gesloten":
                out.append((day, []))
            else:
                ranges = [value] if isinstance(value, str) else list(value)
                out.append((day, sorted(r.replace(" ", "") for r in ranges)))
        return out

    def samenvatting(self) -> str | None:
        """The week in one Dutch line: days with the same hours together, closed and unknown days left out.

        ``'maandag tot en met woensdag 9.00 tot 17.00 uur; vrijdag op afspraak'``; None when no day is known.
        """
        groups: list[tuple[list[str], object]] = []
        for day, hours in self.days():
            if not hours:  # unknown (None) or closed ([]): not a time to come by
                groups.append(([], None))
                continue
            if groups and groups[-1][1] == hours:
                groups[-1][0].append(day)
            else:
                groups.append(([day], hours))
        parts = [f"{_day_span(days)} {hours_text(hours)}" for days, hours in groups if days]
        return "; ".join(parts) or None

    def als_json(self) -> str:
        """The week as compact JSON for the browser script that says whether an inlooppunt is open today."""
        return json.dumps(
            {day: hours for day, hours in self.days() if hours is not None}, separators=(",", ":"), ensure_ascii=False
        )


def _clock(time: str) -> str:
    """``'09:00'`` -> ``'9.00'``: how Dutch texts write a time."""
    hours, minutes = time.split(":")
    return f"{int(hours)}.{minutes}"


def hours_text(hours) -> str:
    """One day's hours in Dutch: ``['09:00-12:00', '13:00-17:00']`` -> ``'9.00 tot 12.00 en 13.00 tot 17.00 uur'``."""
    if hours == OP_AFSPRAAK:
        return OP_AFSPRAAK
    spans = [" tot ".join(_clock(t) for t in r.split("-")) for r in hours]
    return " en ".join(spans) + " uur"


def _day_span(days: list[str]) -> str:
    if len(days) == 1:
        return days[0]
    if len(days) == 2:
        return f"{days[0]} en {days[1]}"
    return f"{days[0]} tot en met {days[-1]}"


class Inlooppunt(_Model):
    """A physical walk-in point of the Werkcentrum; no appointment needed."""

    model_config = dutch("Een inlooppunt: een plek waar je zonder afspraak binnenloopt met je vraag.")

    naam: PlainText(100, "Naam van het inlooppunt, bijvoorbeeld 'Werkplein Enschede'.", "Werkplein Voorbeeldstad")
    status: Literal[INLOOPPUNT_STATUS] = Field(
        "open",
        description=(
            "'gepland' als het inlooppunt er nog niet is: de site toont het als 'komt eraan' en nooit als een plek "
            "waar je nu binnenloopt. Laat dit veld weg (of schrijf 'open') als het inlooppunt open is."
        ),
        examples=["gepland"],
    )
    gemeente: PlainText(80, "Gemeente waarin het inlooppunt ligt; ook een gemeente uit 'gemeenten'.", "Voorbeeldstad")
    adres: PlainText(120, "Straat en huisnummer.", "Marktplein 1") | None = None
    postcode: Postcode | None = None
    plaats: PlainText(80, "Plaatsnaam.", "Voorbeeldstad") | None = None
    openingstijden: Openingstijden | None = Field(
        None, description="Openingstijden per dag (maandag tot en met zondag)."
    )
    telefoon: Telefoon | None = None
    email: Email | None = None
    gids: YesNo("true als er een gids is die bezoekers ontvangt en verder helpt, anders false.") | None = None
    toelichting: (
        Markdown(
            1000,
            "Korte toelichting in Markdown, bijvoorbeeld over toegankelijkheid of parkeren.",
            "De ingang is zonder drempels.",
        )
        | None
    ) = None


    @property
    def gepland(self) -> bool:
        """True while the inlooppunt is planned: never shown or published as a place to walk into."""
        return self.status == "gepland"


def _datum(value: Any) -> date:
    expected = "een datum als jaar-maand-dag, bijvoorbeeld 2026-04-27"
    if isinstance(value, datetime):
        raise fail("datum", "hier hoort alleen een datum, zonder tijd.", expected=expected)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = re.fullmatch(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", value.strip())
        if match:
            try:
                return date(*(int(part) for part in match.groups()))
            except ValueError:
                raise fail("datum", f"de datum '{value}' bestaat niet.", expected=expected) from None
        dutch_order = re.fullmatch(r"([0-9]{1,2})-([0-9]{1,2})-([0-9]{4})", value.strip())
        if dutch_order:
            day, month, year = dutch_order.groups()
            hint = f"Schrijf eerst het jaar: {year}-{int(month):02d}-{int(day):02d}."
        else:
            hint = "Schrijf de datum als jaar-maand-dag met streepjes."
        raise fail("datum", f"'{value}' is geen datum in de goede vorm.", expected=expected, hint=hint)
    raise fail("datum", "hier hoort een datum.", expected=expected)


Datum = Annotated[
    Any,
    AfterValidator(_datum),
    WithJsonSchema(
        text_schema(
            "Datum als jaar-maand-dag.",
            10,
            "2026-04-27",
            [
                (
                    r"^[0-9]{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$",
                    "Schrijf een datum als jaar-maand-dag met streepjes, bijvoorbeeld 2026-04-27: eerst het jaar.",
                )
            ],
        )
    ),
]


class Melding(_Model):
    """A notice at the top of the region's home and inlooppunten pages while it is valid (``van`` to ``tot``)."""

    model_config = dutch(
        "Een melding bovenaan de home- en inlooppuntenpagina, bijvoorbeeld dat de inlooppunten op een feestdag dicht "
        "zijn. De site toont de melding van 'van' tot en met 'tot'; daarna verdwijnt ze vanzelf."
    )

    tekst: PlainText(300, "De tekst van de melding, kort en in gewone taal.", "Op Koningsdag zijn alle inlooppunten dicht.")
    van: Datum | None = Field(
        None, description="Eerste dag waarop de melding op de site staat (jaar-maand-dag). Laat weg: vanaf nu.", examples=["2026-04-20"]
    )
    tot: Datum = Field(description="Laatste dag waarop de melding op de site staat (jaar-maand-dag).", examples=["2026-04-27"])

    @model_validator(mode="after")
    def _in_order(self):
        if self.van is not None and self.tot < self.van:
            raise fail(
                "datum",
                f"de melding stopt op {dutch_date(self.tot)}, voordat ze begint ({dutch_date(self.van)}).",
                expected="een datum 'tot' op of na de datum 'van'",
                hint="Verwissel de twee datums, of verbeter het jaar.",
                at=("tot",),
            )
        return self


class Partner(_Model):
    """An organisation that works together in the regional Werkcentrum."""

    model_config = dutch("Een organisatie die meewerkt in het Werkcentrum van de regio.")

    naam: PlainText(120, "Naam van de partnerorganisatie.", "UWV")
    soort: Literal[PARTNER_KINDS] = Field(
        description="Soort partner: " + ", ".join(PARTNER_KINDS) + ".", examples=["uwv"]
    )
    website: HttpsUrl | None = None


class Contact(_Model):
    """How people reach the regional Werkcentrum."""

    model_config = dutch("Hoe mensen het Werkcentrum van de regio bereiken.")

    telefoon: Telefoon | None = None
    email: Email | None = None
    website: HttpsUrl | None = None


class RegioPagina(_Model):
    """An extra page that only this region has."""

    model_config = ConfigDict(
        json_schema_extra={
            "description": "Een extra pagina die alleen deze regio heeft. Geef 'inhoud' of 'bestand', niet allebei.",
            # The rule of _one_source, for the editor.
            "oneOf": [{"required": ["inhoud"]}, {"required": ["bestand"]}],
        }
    )

    titel: PlainText(80, "Titel van de pagina, zoals die in het menu staat.", "Scholing in de zorg")
    slug: PageSlug
    inhoud: Markdown(20000, "Tekst van de pagina in Markdown.", "Tekst van de pagina.") | None = None
    bestand: RegionFile | None = None

    @classmethod
    def _rules(cls, data: dict) -> list[PydanticCustomError]:
        if ("inhoud" in data) == ("bestand" in data):
            return [
                fail(
                    "pagina",
                    "een extra pagina heeft precies één van 'inhoud' of 'bestand'.",
                    expected="óf 'inhoud' met Markdown-tekst, óf 'bestand' met de naam van een .md-bestand",
                    at=("inhoud",) if "inhoud" in data else (),
                )
            ]
        return []


def _same(text: str) -> str:
    """The form in which two names count as the same: case and spacing do not matter."""
    return " ".join(text.casefold().split())


def _repeats(keys: list[Any]) -> list[tuple[int, int]]:
    """``(first, repeat)`` indexes of every key that occurs again (None keys never count)."""
    seen: dict[Any, int] = {}
    out = []
    for index, key in enumerate(keys):
        if key is None:
            continue
        if key in seen:
            out.append((seen[key], index))
        else:
            seen[key] = index
    return out


def _text(item: Any, key: str | None = None) -> str | None:
    """A text from raw data (``item[key]``, or ``item`` itself), compared as ``_same``; None when it is no text.

    The rules between fields read the file's raw data, so they also run while other fields still have errors.
    """
    value = item.get(key) if key is not None and isinstance(item, dict) else (item if key is None else None)
    return _same(value) if isinstance(value, str) and value.strip() else None


def _twice(message: str, expected: str, hint: str, at: tuple) -> PydanticCustomError:
    """Something that stands twice in a list."""
    return fail("dubbel", message, expected=expected, hint=hint, at=at)


def _outside(written: str, gemeenten: dict[str, str], message: str, at: tuple) -> PydanticCustomError:
    """A gemeente that is not in the region's list 'gemeenten'."""
    return fail(
        "gemeente",
        message,
        expected="een van: " + ", ".join(gemeenten.values()),
        hint=did_you_mean(written, list(gemeenten.values())) or "Voeg de gemeente toe aan 'gemeenten', of verbeter de naam.",
        at=at,
    )


def _raw_list(data: dict, key: str) -> list[Any]:
    value = data.get(key)
    return value if isinstance(value, list) else []


class Regio(_Model):
    """One labour-market region and its Werkcentrum website."""

    model_config = dutch(
        "Het regiobestand van een Werkcentrum: de gegevens van één arbeidsmarktregio. Menu, huisstijl en "
        "landelijke teksten staan niet hier: die zijn voor alle regio's hetzelfde."
    )

    naam: PlainText(
        60,
        "Naam van de regio, zonder 'Werkcentrum'. De site heet 'Werkcentrum' + deze naam, bijvoorbeeld 'Twente'.",
        "Twente",
        [(NOT_WERKCENTRUM, "Schrijf alleen de naam van de regio, zonder 'Werkcentrum': de site heet vanzelf "
                           "'Werkcentrum' + deze naam.")],
    )
    code: Annotated[
        str,
        Field(
            description="CBS-code van de arbeidsmarktregio, bijvoorbeeld 'AM05' voor Twente.",
            examples=["AM05"],
            json_schema_extra={
                "enum": sorted(known_regions()),
                "enumDescriptions": [name for _, name in sorted(known_regions().items())],
                "errorMessage": 'Dit is geen code van een arbeidsmarktregio. Schrijf de CBS-code van je regio, zoals '
                '"AM05" voor Twente (Ctrl+spatie toont de lijst).',
            },
        ),
    ]
    subdomein: Subdomein | None = Field(
        None,
        description=(
            "Subdomein van de regiosite, alleen als het anders moet dan de bestandsnaam: "
            "'twente' wordt twente.werkcentrum.nl."
        ),
        # Reserved for the national sites; validate refuses them for the file name too.
        json_schema_extra={
            "allOf": [
                rule(
                    f"^(?!(?:{'|'.join(sorted(RESERVED_KEYS))})$)",
                    "Dit subdomein is gereserveerd voor een landelijke site: " + ", ".join(sorted(RESERVED_KEYS)) + ".",
                )
            ]
        },
    )
    centrumgemeente: (
        PlainText(80, "De centrumgemeente van de regio: de gemeente die het Werkcentrum coördineert.", "Voorbeeldstad")
        | None
    ) = None
    gemeenten: list[PlainText(80, "Naam van een gemeente.", "Voorbeeldstad")] = Field(
        default_factory=list, description="De gemeenten in de regio, elk één keer.", max_length=60
    )
    inlooppunten: list[Inlooppunt] = Field(
        default_factory=list, description="De inlooppunten van het Werkcentrum, elk één keer.", max_length=100
    )
    partners: list[Partner] = Field(
        default_factory=list, description="De partners die meewerken in het Werkcentrum.", max_length=200
    )
    contact: Contact | None = Field(None, description="Algemene contactgegevens van het Werkcentrum in de regio.")
    meldingen: list[Melding] = Field(
        default_factory=list,
        description="Meldingen die tijdelijk bovenaan de home- en inlooppuntenpagina staan.",
        max_length=20,
    )
    paginas: list[RegioPagina] = Field(
        default_factory=list, description="Extra pagina's die alleen deze regio heeft.", max_length=30
    )
    aanvullingen: dict[
        Annotated[str, Field(max_length=60)],
        Markdown(5000, "Regionale aanvulling in Markdown.", "Regionale tekst onder de landelijke tekst."),
    ] = Field(
        default_factory=dict,
        description=(
            "Regionale tekst per basispagina (bijvoorbeeld 'werkgevers' of 'inlooppunten'); "
            "komt onder de landelijke tekst van die pagina."
        ),
        max_length=30,
    )

    @field_validator("naam")
    @classmethod
    def _name_pattern(cls, value: str) -> str:
        if not re.match(NOT_WERKCENTRUM, value):
            raise fail(
                "naam",
                "schrijf alleen de naam van de regio, zonder 'Werkcentrum': "
                f"de site heet altijd 'Werkcentrum {value[11:].strip() or '...'}'.",
                expected="de regionaam, bijvoorbeeld 'Twente'",
            )
        return value

    @field_validator("code")
    @classmethod
    def _known_code(cls, value: str, info: ValidationInfo) -> str:
        codes = known_regions()
        if value in codes:
            return value
        name = info.data.get("naam")
        by_name = {_same(official): code for code, official in codes.items()}
        if name and _same(name) in by_name:
            hint = f"De code van {name} is '{by_name[_same(name)]}'."
        else:
            hint = (
                did_you_mean(value.upper(), sorted(codes)) or "De codes staan in generator/data/arbeidsmarktregios.csv."
            )
        if not re.fullmatch(r"AM[0-9]{2}", value):
            raise fail(
                "code",
                f"'{value}' is geen CBS-code van een arbeidsmarktregio.",
                expected="'AM' en twee cijfers, bijvoorbeeld 'AM05'",
                hint=hint,
            )
        raise fail(
            "code",
            f"'{value}' is geen bekende code van een arbeidsmarktregio.",
            expected="een CBS-code uit de lijst van 35 arbeidsmarktregio's, zoals 'AM05' voor Twente",
            hint=hint,
        )

    @field_validator("aanvullingen")
    @classmethod
    def _addition_keys(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if not re.fullmatch(PAGE_SLUG, key):
                raise fail(
                    "slug",
                    f"'{key}' is geen naam van een basispagina.",
                    expected="de naam van een basispagina zonder .md, zoals 'werkgevers'",
                    at=(key,),
                )
        return value

    @classmethod
    def _rules(cls, data: dict) -> list[PydanticCustomError]:
        """One gemeente, inlooppunt and partner per region, each once; inlooppunten and the centrumgemeente lie in
        the region's gemeenten."""
        out = []
        names = _raw_list(data, "gemeenten")
        for first, again in _repeats([_text(name) for name in names]):
            message = f"de gemeente '{names[again]}' staat twee keer in de lijst (ook als nummer {first + 1})."
            out.append(_twice(message, "elke gemeente één keer", "Haal een van de twee weg.", ("gemeenten", again)))
        points = _raw_list(data, "inlooppunten")
        by_name = _repeats([(_text(p, "naam"), _text(p, "gemeente")) if _text(p, "naam") else None for p in points])
        by_address = _repeats(
            [(_text(p, "adres"), _text(p, "postcode")) if _text(p, "adres") and _text(p, "postcode") else None
             for p in points]
        )
        repeats = {again: (first, "naam en gemeente") for first, again in by_name}
        repeats.update({again: (first, "adres en postcode") for first, again in by_address if again not in repeats})
        for again, (first, what) in sorted(repeats.items()):
            message = f"dit inlooppunt staat twee keer in de lijst (ook als inlooppunt {first + 1}): zelfde {what}."
            hint = "Voeg de gegevens van de twee samen in één inlooppunt."
            out.append(_twice(message, "elk inlooppunt één keer", hint, ("inlooppunten", again, "naam")))
        gemeenten = {_text(name): name for name in names if _text(name)}
        for index, point in enumerate(points):
            gemeente = _text(point, "gemeente")
            if gemeenten and gemeente and gemeente not in gemeenten:
                message = f"de gemeente '{point['gemeente']}' staat niet in de lijst 'gemeenten' van deze regio."
                out.append(_outside(point["gemeente"], gemeenten, message, ("inlooppunten", index, "gemeente")))
        partners = _raw_list(data, "partners")
        for first, again in _repeats([_text(p, "naam") for p in partners]):
            message = f"de partner '{partners[again]['naam']}' staat twee keer in de lijst (ook als partner {first + 1})."
            out.append(_twice(message, "elke partner één keer", "Haal een van de twee weg.", ("partners", again, "naam")))
        centre = _text(data, "centrumgemeente")
        if centre and gemeenten and centre not in gemeenten:
            message = f"de centrumgemeente '{data['centrumgemeente']}' staat niet in de lijst 'gemeenten'."
            out.append(_outside(data["centrumgemeente"], gemeenten, message, ("centrumgemeente",)))
        return out

    @property
    def site_name(self) -> str:
        return f"Werkcentrum {self.naam}"

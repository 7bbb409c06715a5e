"""Field types for what people write in region files, each with its rule, its Dutch error and its JSON Schema.

Every type is an ``Annotated`` string so pydantic validates it, ``werkcentrum schema`` documents it and an editor
can check it while typing, all from this one declaration.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, Field, WithJsonSchema
from pydantic_core import PydanticCustomError


def fail(
    kind: str,
    message: str,
    *,
    expected: str | None = None,
    hint: str | None = None,
    at: tuple[str | int, ...] = (),
    snippet: str | None = None,
) -> PydanticCustomError:
    """A validation error whose message, expectation and hint are Dutch and reach the user unchanged.

    ``at`` points below the validated value (``(2, "naam")`` for the third item's name), so a rule about a whole
    list can still name the exact item; ``snippet`` is the offending text, so the message can point at its line
    inside a long Markdown text.
    """
    ctx = {"expected": expected or "", "hint": hint or "", "at": list(at), "snippet": snippet or ""}
    # pydantic fills '{key}' in the message from ctx; a user's text that happens to contain one must stay literal.
    for key in ctx:
        message = message.replace("{" + key + "}", "(" + key + ")")
    return PydanticCustomError(kind, message, ctx)


# --- plain text and Markdown -------------------------------------------------------------------------------

# One definition of "HTML" for the model and the editor schema: '<' followed by a tag name, '/', '!' or '?'.
HTML_TAG = r"<\s*/?\s*[A-Za-z!?]"
_HTML_TAG = re.compile(HTML_TAG)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Link targets: inline links and images '[text](target)', and reference definitions '[label]: target'.
_MD_INLINE_TARGET = re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]*)")
_MD_REFERENCE_TARGET = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
# Markdown's attr_list extension turns '{ onclick="..." }' into an HTML attribute: as unsafe as raw HTML.
_ATTRIBUTE_LIST = re.compile(r"\{:?[^{}\n]*?[\w-]+\s*=[^{}\n]*\}")
_SAFE_LINK = re.compile(r"^(?:https://|mailto:|tel:|#|/(?!/)|[\w.-]+(?:/[\w.-]+)*(?:#[\w-]*)?$)", re.IGNORECASE)


def _no_control_characters(value: str) -> None:
    match = _CONTROL.search(value)
    if match:
        raise fail(
            "tekens",
            "de tekst bevat een onzichtbaar besturingsteken.",
            expected="gewone tekst",
            hint="Typ de tekst opnieuw in; het teken komt vaak mee bij kopiëren uit een ander programma.",
        )


def _plain_text(value: str) -> str:
    value = value.strip()
    if not value:
        raise fail("leeg", "dit veld is leeg.", expected="tekst", hint="Vul een waarde in of laat het veld weg.")
    _no_control_characters(value)
    if "\n" in value:
        raise fail(
            "regels",
            "deze tekst moet op één regel staan.",
            expected="één regel tekst",
            hint="Haal de regelovergang weg, of gebruik geen '|' of '>' na de dubbele punt.",
        )
    match = _HTML_TAG.search(value)
    if match:
        raise fail(
            "html",
            "HTML is hier niet toegestaan.",
            expected="gewone tekst zonder < en >",
            hint="Haal de HTML-code weg; de site zorgt zelf voor de opmaak.",
            snippet=match.group(0),
        )
    return value


def _link_problem(target: str, image: bool) -> PydanticCustomError | None:
    external = target.startswith("//") or (":" in target and not target.startswith(("/", "#")))
    if image and external:
        return fail(
            "afbeelding",
            f"de afbeelding '{target}' komt van een andere website.",
            expected="een afbeelding die op de site zelf staat",
            hint="Afbeeldingen van andere websites laten die website meekijken (privacy). Laat de afbeelding weg.",
            snippet=target,
        )
    if not _SAFE_LINK.match(target):
        return fail(
            "link",
            f"de link '{target}' is niet toegestaan.",
            expected="een link die begint met https://, mailto: of tel:, of een link binnen de site",
            hint="Begin webadressen met https://. Links met javascript:, data: of http:// zijn niet veilig.",
            snippet=target,
        )
    return None


def check_markdown(value: str) -> str:
    """Markdown written by a region: no raw HTML or attributes, no control characters, only safe links."""
    _no_control_characters(value)
    match = _HTML_TAG.search(value)
    if match:
        raise fail(
            "html",
            "HTML-code is niet toegestaan in Markdown-tekst.",
            expected="Markdown zonder HTML-code (geen < en >)",
            hint="Gebruik Markdown: **vet**, *schuin*, [linktekst](https://...) en lijstjes met '- '.",
            snippet=match.group(0),
        )
    match = _ATTRIBUTE_LIST.search(value)
    if match:
        raise fail(
            "attributen",
            f"'{match.group(0)}' is niet toegestaan: zo kan code in de pagina komen.",
            expected="Markdown zonder { ... = ... }",
            hint="Haal het stuk tussen { } weg.",
            snippet=match.group(0),
        )
    links = [(m.group(2), m.group(1) == "!") for m in _MD_INLINE_TARGET.finditer(value)]
    links += [(m.group(1), False) for m in _MD_REFERENCE_TARGET.finditer(value)]
    for target, image in links:
        problem = _link_problem(target, image)
        if problem is not None:
            raise problem
    return value.strip("\n") + "\n" if value.strip() else value.strip()


def _examples(example: str | None) -> dict:
    """Editors offer ``examples`` while typing; ``werkcentrum regio nieuw`` writes them as commented lines."""
    return {"examples": [example]} if example is not None else {}


def checked_string(check, description: str, max_length: int, example: str | None = None, **schema):
    """A string type: ``check`` validates it, and the editor schema gets the same description, length limit
    and ``schema`` keywords (a ``pattern`` mirroring the check), written once here."""
    return Annotated[
        str,
        Field(description=description, max_length=max_length),
        AfterValidator(check),
        WithJsonSchema(
            {"type": "string", **schema, "maxLength": max_length, "description": description, **_examples(example)}
        ),
    ]


def PlainText(max_length: int, description: str, example: str | None = None):  # noqa: N802 - reads like a type
    """One line of text without HTML, at most ``max_length`` characters."""
    # The model's rule as a pattern, so an editor flags HTML while typing.
    pattern = rf"^(?![\s\S]*{HTML_TAG})[^\n]*$"
    return checked_string(_plain_text, description, max_length, example, minLength=1, pattern=pattern)


def Markdown(max_length: int, description: str, example: str | None = None):  # noqa: N802
    """Markdown text without raw HTML, attributes or unsafe links."""
    return checked_string(check_markdown, description, max_length, example, pattern=rf"^(?![\s\S]*{HTML_TAG})")


# --- contact data ------------------------------------------------------------------------------------------

POSTCODE_RE = re.compile(r"^[1-9][0-9]{3} (?!SA|SD|SS)[A-Z]{2}$")


def _postcode(value: str) -> str:
    if POSTCODE_RE.match(value):
        return value
    compact = value.replace(" ", "").upper()
    if re.fullmatch(r"[1-9][0-9]{3}[A-Z]{2}", compact) and compact[4:] not in {"SA", "SD", "SS"}:
        hint = f"Schrijf '{compact[:4]} {compact[4:]}'."
    else:
        hint = "Een Nederlandse postcode heeft vier cijfers (niet beginnend met 0), een spatie en twee hoofdletters."
    raise fail("postcode", f"'{value}' is geen geldige postcode.", expected="een postcode zoals '1234 AB'", hint=hint)


Postcode = checked_string(
    _postcode,
    "Postcode: vier cijfers, een spatie en twee hoofdletters, bijvoorbeeld '7511 JM'.",
    7,
    "1234 AB",
    pattern=r"^[1-9][0-9]{3} [A-Z]{2}$",
)


def _telefoon(value: str) -> str:
    expected = "een Nederlands telefoonnummer, zoals '053 123 4567' of '088 123 4567'"
    if re.search(r"[A-Za-z]", value):
        raise fail("telefoon", f"'{value}' is geen telefoonnummer: er staan letters in.", expected=expected)
    try:
        number = phonenumbers.parse(value, "NL")
    except phonenumbers.NumberParseException:
        raise fail("telefoon", f"'{value}' is geen telefoonnummer.", expected=expected) from None
    if not phonenumbers.is_valid_number(number):
        raise fail(
            "telefoon",
            f"'{value}' is geen bestaand telefoonnummer.",
            expected=expected,
            hint="Controleer het aantal cijfers en het netnummer.",
        )
    if number.country_code != 31:
        raise fail("telefoon", f"'{value}' is geen Nederlands nummer.", expected=expected)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)


Telefoon = checked_string(
    _telefoon,
    "Telefoonnummer in Nederland, bijvoorbeeld '053 123 4567'.",
    25,
    "020 000 0000",
    pattern=r"^\+?[0-9][0-9 ()-]{3,22}$",
)


def tel_uri(display_number: str) -> str:
    """``'053 123 4567'`` -> ``'tel:+31531234567'`` for a clickable link."""
    number = phonenumbers.parse(display_number, "NL")
    return "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _email(value: str) -> str:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        raise fail(
            "email",
            f"'{value}' is geen geldig e-mailadres.",
            expected="een e-mailadres zoals 'info@organisatie.nl'",
        ) from None


Email = checked_string(
    _email, "E-mailadres, bijvoorbeeld 'info@organisatie.nl'.", 254, "info@organisatie.example", format="email"
)


def _https_url(value: str) -> str:
    expected = "een webadres dat begint met https://"
    if re.search(r"\s", value):
        raise fail("url", "een webadres mag geen spaties bevatten.", expected=expected)
    parts = urlsplit(value)
    if parts.scheme.lower() != "https":
        hint = "Zet https:// voor het adres." if parts.scheme in ("", "http") else "Gebruik alleen https://-adressen."
        raise fail("url", f"'{value}' is geen veilig webadres.", expected=expected, hint=hint)
    host = parts.hostname or ""
    if "." not in host or not re.fullmatch(r"[a-z0-9.-]+", host) or parts.username or parts.password:
        raise fail("url", f"'{value}' is geen geldig webadres.", expected=expected)
    return value


HttpsUrl = checked_string(
    _https_url,
    "Webadres dat begint met https://.",
    300,
    "https://www.organisatie.example/",
    pattern="^https://[^\\s]+$",
    format="uri",
)


# --- identifiers ---------------------------------------------------------------------------------------------

def _pattern_type(kind: str, pattern: str, max_length: int, description: str, example: str, **message):
    """A string type checked by one regular expression, which is also the editor schema's ``pattern``.

    ``message`` holds ``what`` (completes "'value' ..."), ``expected`` and ``hint`` for the Dutch error.
    """
    regex = re.compile(pattern)

    def check(value: str) -> str:
        if len(value) > max_length or not regex.match(value):
            raise fail(kind, f"'{value}' {message['what']}.", expected=message["expected"], hint=message["hint"])
        return value

    return checked_string(check, description, max_length, example, pattern=pattern)


# A DNS label; "xn--" style labels (two hyphens at places 3 and 4) are for internationalised names only.
Subdomein = _pattern_type(
    "subdomein",
    r"^(?!..--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$",
    63,
    "Subdomein van de regiosite, bijvoorbeeld 'twente' voor twente.werkcentrum.nl.",
    "twente",
    what="kan geen subdomein zijn",
    expected="kleine letters, cijfers en streepjes, hoogstens 63 tekens, niet beginnend of eindigend met '-'",
    hint="Bijvoorbeeld 'twente' of 'zuid-limburg'.",
)

PageSlug = _pattern_type(
    "slug",
    r"^[a-z0-9]+(?:-[a-z0-9]+)*$",
    60,
    "Naam van de pagina in het webadres, bijvoorbeeld 'scholing-in-de-zorg'.",
    "scholing-in-de-zorg",
    what="kan geen paginanaam in een webadres zijn",
    expected="kleine letters, cijfers en streepjes, zoals 'scholing-in-de-zorg'",
    hint="Gebruik geen spaties, hoofdletters, punten of schuine strepen.",
)


def _relative_file(value: str) -> str:
    if value.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", value) or ".." in re.split(r"[\\/]", value):
        raise fail(
            "bestand",
            f"'{value}' wijst naar een plek buiten de map van je regio.",
            expected="een bestandsnaam in de map van je regio, zoals 'scholing.md'",
            hint="Gebruik geen '..' en geen pad dat met / begint.",
        )
    if not value.endswith(".md"):
        raise fail("bestand", f"'{value}' is geen Markdown-bestand.", expected="een bestandsnaam die eindigt op .md")
    return value


RegionFile = checked_string(
    _relative_file,
    "Markdown-bestand in de map sites/regions/<regio>/, bijvoorbeeld 'scholing.md'.",
    120,
    "scholing.md",
    # No absolute path, no drive letter, no '..' part: the same rule as _relative_file.
    pattern=r"^(?![/\\])(?![A-Za-z]:)(?!(.*[/\\])?\.\.([/\\]|$)).*\.md$",
)

"""Field types for what people write in region files, each with its rule, its Dutch error and its JSON Schema.

Every type is an ``Annotated`` string so pydantic validates it, ``werkcentrum schema`` documents it and an editor
can check it while typing, all from this one declaration.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote, urlsplit, urlunsplit

import idna

import phonenumbers
from email_validator import EmailNotValidError, validate_email
from pydantic import AfterValidator, Field, StrictBool, ValidationInfo, WithJsonSchema
from pydantic_core import PydanticCustomError

from ..escaping import Md, is_host_name


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
# The schema gets the ECMAScript form; the model's own form is possessive, so a long run of spaces after a '<'
# is read once instead of being split in every possible way (linear time on hostile text).
HTML_TAG = r"<\s*/?\s*[A-Za-z!?]"
_HTML_TAG = re.compile(r"<\s*+/?\s*+[A-Za-z!?]")
# Invisible characters that change what a text means or how it is shown: C0 and C1 control characters (a tab
# and a line break only in Markdown), bidirectional overrides and isolates (they reorder text on screen, so a
# link can read differently from where it goes), and the Unicode line and paragraph separators.
_CONTROL_CLASS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_CONTROL = re.compile(f"[{_CONTROL_CLASS}]")
_LINE_BREAK = re.compile(r"[\t\n\r]")


def _characters(value: str, multiline: bool) -> None:
    """Every text field: no invisible control characters; line breaks and tabs only in Markdown."""
    match = _CONTROL.search(value) or (None if multiline else _LINE_BREAK.search(value))
    if match is None:
        return
    if match.group(0) in "\n\r":
        raise fail(
            "regels",
            "deze tekst moet op één regel staan.",
            expected="één regel tekst",
            hint="Haal de regelovergang weg, of gebruik geen '|' of '>' na de dubbele punt.",
        )
    raise fail(
        "tekens",
        f"de tekst bevat een onzichtbaar besturingsteken (U+{ord(match.group(0)):04X}).",
        expected="gewone tekst",
        hint="Typ de tekst opnieuw in; het teken komt vaak mee bij kopiëren uit een ander programma.",
    )


def _plain_text(value: str) -> str:
    value = value.strip(" ")
    if not value.strip():
        raise fail("leeg", "dit veld is leeg.", expected="tekst", hint="Vul een waarde in of laat het veld weg.")
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


def check_markdown(value: str, dialect=None, budget=None) -> Md:
    """Markdown written by a region, judged as the site shows it (``generator.sanitize``): no raw HTML, no
    attributes or classes of its own, only https, mailto, tel and same-site links. Returns it as ``Md``."""
    from .. import sanitize

    _characters(value, multiline=True)
    match = _HTML_TAG.search(value)  # the common mistake, named before the text is rendered
    if match:
        raise fail(
            "html",
            "HTML-code is niet toegestaan in Markdown-tekst.",
            expected="Markdown zonder HTML-code (geen < en >)",
            hint="Gebruik Markdown: **vet**, *schuin*, [linktekst](https://...) en lijstjes met '- '.",
            snippet=match.group(0),
        )
    finding = sanitize.check(value, dialect or sanitize.DEFAULT_DIALECT, budget)
    if finding is not None:
        raise fail(finding.kind, finding.message, expected=finding.expected, hint=finding.hint, snippet=finding.snippet)
    return Md(value.strip("\n") + "\n" if value.strip() else value.strip())


# --- the editor schema of a type ------------------------------------------------------------------------------
# yaml-language-server shows a schema's 'errorMessage' / 'patternErrorMessage' instead of its English texts, and
# 'markdownDescription' on hover. Each rule is a pattern of its own (in 'allOf'), so each gets its own message;
# lengths are patterns too, because the server's 'maxLength' message cannot be replaced.


def _examples(example: str | None) -> dict:
    """``werkcentrum regio nieuw`` writes ``examples`` as commented lines (the editor schema shows them in the
    description instead: yaml-language-server labels examples in English)."""
    return {"examples": [example]} if example is not None else {}


def markdown_description(description: str, example: str | None = None) -> str:
    """The hover text of a field: its Dutch description and an example."""
    if example is None or "bijvoorbeeld" in description.lower():
        return description
    return f"{description}\n\nBijvoorbeeld: `{example}`"


def rule(pattern: str, message: str) -> dict:
    """One editor-side rule: a pattern and the Dutch message shown when a value does not match it."""
    return {"pattern": pattern, "patternErrorMessage": message}


def text_schema(description: str, max_length: int, example: str | None, rules=(), *, multiline: bool = False) -> dict:
    """The editor schema of a text field: Dutch description, and every rule of the model with its Dutch message."""
    shown = f'"{example}"' if example is not None else "een tekst"
    if multiline:
        characters = rule(
            f"^[^{_CONTROL_CLASS}]*$",
            "Deze tekst bevat een onzichtbaar besturingsteken. Typ de tekst opnieuw in; het teken komt vaak mee bij "
            "kopiëren uit een ander programma.",
        )
    else:
        characters = rule(
            f"^[^{_CONTROL_CLASS}\\t\\n\\r]*$",
            "Deze tekst moet op één regel staan, zonder tabs of onzichtbare besturingstekens.",
        )
    return {
        "type": "string",
        "description": description,
        "markdownDescription": markdown_description(description, example),
        "errorMessage": f"Hier hoort tekst, bijvoorbeeld {shown}. Lijkt de waarde op een getal, een datum of ja/nee? "
        "Zet hem dan tussen aanhalingstekens. Weet je de waarde nog niet? Laat het veld dan weg.",
        "allOf": [
            characters,
            *(rule(pattern, message) for pattern, message in rules),
            rule(f"^[\\s\\S]{{0,{max_length}}}$", f"Deze tekst is te lang: hoogstens {max_length} tekens."),
        ],
        **_examples(example),
    }


def checked_string(check, description: str, max_length: int, example: str | None = None, rules=(), **schema):
    """A string type: ``check`` validates it, and the editor schema gets the same description, length limit and
    ``rules``: ``(pattern, Dutch message)`` pairs that mirror the check, written once here.

    Every such string is refused when it holds control characters or line breaks, before ``check`` runs.
    """

    def validate(value: str) -> str:
        _characters(value, multiline=False)
        return check(value)

    return Annotated[
        str,
        Field(description=description, max_length=max_length),
        AfterValidator(validate),
        WithJsonSchema({**text_schema(description, max_length, example, rules), **schema}),
    ]


# One line of text with at least one visible character (the rule of _plain_text).
NOT_EMPTY = rule(r"\S", "Dit veld is leeg. Vul een waarde in, of laat het hele veld weg als je die nog niet weet.")


def PlainText(max_length: int, description: str, example: str | None = None, rules=()):  # noqa: N802 - reads like a type
    """One line of text without HTML, at most ``max_length`` characters; ``rules`` are extra editor rules."""
    no_html = (rf"^(?![\s\S]*{HTML_TAG})", "HTML is hier niet toegestaan. Schrijf gewone tekst zonder < en >.")
    return checked_string(
        _plain_text, description, max_length, example, [tuple(NOT_EMPTY.values()), no_html, *rules]
    )


def Markdown(max_length: int, description: str, example: str | None = None):  # noqa: N802
    """Markdown text, rendered and sanitised like the site does (the dialect comes from the validation context)."""

    def validate(value: str, info: ValidationInfo) -> Md:
        context = info.context or {}
        return check_markdown(value, context.get("markdown"), context.get("budget"))

    no_html = (
        rf"^(?![\s\S]*{HTML_TAG})",
        "HTML-code is niet toegestaan in Markdown-tekst. Gebruik Markdown: **vet**, *schuin*, "
        "[linktekst](https://...) en lijstjes met '- '.",
    )
    return Annotated[
        str,
        Field(description=description, max_length=max_length),
        AfterValidator(validate),
        # contentMediaType (JSON Schema's own word for it) tells the web editor (generator/beheer) to offer a
        # Markdown field; yaml-language-server ignores it.
        WithJsonSchema(
            {**text_schema(description, max_length, example, [no_html], multiline=True), "contentMediaType": "text/markdown"}
        ),
    ]


def YesNo(description: str):  # noqa: N802
    """true or false, written without quotes (YAML 1.2: yes, no, on and off are text)."""
    return Annotated[
        StrictBool,
        WithJsonSchema(
            {
                "type": "boolean",
                "description": description,
                "markdownDescription": markdown_description(description, "true"),
                "errorMessage": "Schrijf true (ja) of false (nee), zonder aanhalingstekens. Let op: yes, no, on, off, "
                "ja en nee zijn in YAML 1.2 gewone tekst.",
                "examples": [True],
            }
        ),
    ]


# --- contact data ------------------------------------------------------------------------------------------

POSTCODE_RE = re.compile(r"^[1-9][0-9]{3} (?!SA|SD|SS)[A-Z]{2}$")


def _postcode(value: str) -> str:
    if POSTCODE_RE.fullmatch(value):
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
    [
        (
            POSTCODE_RE.pattern,
            "Een postcode heeft vier cijfers (niet beginnend met 0), een spatie en twee hoofdletters, zoals "
            '"1234 AB".',
        )
    ],
)


# The characters of a written phone number; the editor schema checks the same set and at least five digits.
_PHONE_CHARACTERS = re.compile(r"[^0-9 ()./+-]")
PHONE_PATTERN = r"^(?:[ ()./+-]*[0-9]){5}[0-9 ()./+-]*$"


def _telefoon(value: str) -> str:
    expected = "een Nederlands telefoonnummer, zoals '053 123 4567' of '088 123 4567'"
    if re.search(r"[A-Za-z]", value):
        raise fail("telefoon", f"'{value}' is geen telefoonnummer: er staan letters in.", expected=expected)
    odd = _PHONE_CHARACTERS.search(value)
    if odd:
        raise fail(
            "telefoon",
            f"'{value}' is geen telefoonnummer: het teken '{odd.group(0)}' hoort er niet in.",
            expected=expected,
            hint="Gebruik alleen cijfers, spaties en eventueel + - ( ) . of /.",
        )
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
    [
        (
            PHONE_PATTERN,
            'Schrijf een Nederlands telefoonnummer met cijfers en spaties, zoals "053 123 4567". Alleen + - ( ) . '
            "en / mogen er ook in.",
        )
    ],
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


# What email_validator can accept at most: no spaces or special characters, one @, a dot in the domain.
_EMAIL_PART = r'[^\s@()<>\[\]:;\\,"]+'
Email = checked_string(
    _email,
    "E-mailadres, bijvoorbeeld 'info@organisatie.nl'.",
    254,
    "info@organisatie.example",
    [
        (
            rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}$",
            "Dit is geen e-mailadres. Een e-mailadres ziet eruit als info@organisatie.nl, zonder spaties.",
        )
    ],
)


# Characters that never belong in a web address as people copy it from a browser; quotes, angle brackets and
# backslashes are how an address breaks out of an HTML attribute or a Markdown link.
_URL_FORBIDDEN = re.compile(r"[\s\"'<>\\`{}|^]")
_URL_PART_SAFE = "/%:@!$&()*+,;=-._~"


def _https_url(value: str) -> str:
    """An https address, parsed and written again: a valid (IDNA) host name, every other character encoded."""
    expected = "een webadres dat begint met https://"
    bad = _URL_FORBIDDEN.search(value)
    if bad:
        what = "spaties" if bad.group(0).isspace() else f"het teken {bad.group(0)}"
        raise fail(
            "url",
            f"een webadres mag geen {what} bevatten.",
            expected=expected,
            hint="Kopieer het adres opnieuw uit de adresbalk van je browser.",
        )
    parts = urlsplit(value)
    if parts.scheme.lower() != "https":
        hint = "Zet https:// voor het adres." if parts.scheme in ("", "http") else "Gebruik alleen https://-adressen."
        raise fail("url", f"'{value}' is geen veilig webadres.", expected=expected, hint=hint)
    try:
        port = parts.port
        host = idna.encode(parts.hostname or "", uts46=True).decode("ascii")
    except (ValueError, idna.IDNAError):
        host, port = "", None
    if "." not in host or not is_host_name(host) or parts.username or parts.password:
        raise fail(
            "url",
            f"'{value}' is geen geldig webadres.",
            expected=expected,
            hint="Een webadres ziet eruit als https://www.organisatie.nl/pagina.",
        )
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit(
        ("https", netloc, *(quote(part, safe=_URL_PART_SAFE + "?") for part in (parts.path, parts.query, parts.fragment)))
    )


HttpsUrl = checked_string(
    _https_url,
    "Webadres dat begint met https://.",
    300,
    "https://www.organisatie.example/",
    [
        (
            # The characters _https_url refuses (_URL_FORBIDDEN); the scheme in any case, as urlsplit reads it.
            r"^[Hh][Tt][Tt][Pp][Ss]://[^\s\"'<>\\`{}|^]+$",
            "Een webadres begint met https:// en heeft geen spaties of aanhalingstekens, zoals "
            "https://www.organisatie.nl/.",
        )
    ],
)


# --- identifiers ---------------------------------------------------------------------------------------------

def _pattern_type(kind: str, pattern: str, max_length: int, description: str, example: str, **message):
    """A string type checked by one regular expression, which is also the editor schema's ``pattern``.

    ``message`` holds ``what`` (completes "'value' ..."), ``expected`` and ``hint`` for the Dutch error.
    """
    regex = re.compile(pattern)

    def check(value: str) -> str:
        # The whole string: '$' alone would also accept a line break at the end ('twente\n').
        if len(value) > max_length or not regex.fullmatch(value):
            raise fail(kind, f"'{value}' {message['what']}.", expected=message["expected"], hint=message["hint"])
        return value

    editor = f"Deze waarde {message['what']}. Verwacht: {message['expected']}. {message['hint']}"
    return checked_string(check, description, max_length, example, [(pattern, editor), *message.get("rules", ())])


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

# A page name in a web address: the extra pages' slugs and the keys of 'aanvullingen'.
PAGE_SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"

PageSlug = _pattern_type(
    "slug",
    PAGE_SLUG,
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
    [
        (
            # No absolute path, no drive letter, no '..' part: the same rule as _relative_file.
            r"^(?![/\\])(?![A-Za-z]:)(?!(.*[/\\])?\.\.([/\\]|$)).*\.md$",
            'Geef de naam van een Markdown-bestand in de map van je regio, zoals "scholing.md": eindigend op .md, '
            "zonder .. en niet beginnend met /.",
        )
    ],
)

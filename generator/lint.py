"""Brand lint: region text that uses labels being phased out or misspells the name "Werkcentrum".

Nationally decided: the name is "Werkcentrum" + the region's name, and the old labels WerkgeversServicepunt (WSP),
Leerwerkloket (LWL) and regionaal mobiliteitsteam (RMT) disappear. These are warnings, not errors: a text may
have a good reason to name an old label (explaining a merger), and the editor decides.

Each rule is matched on the source text of a value, so a warning points at the line of the word itself, also
inside a multi-line Markdown text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .diagnostics import Diagnostic, Severity
from .yamlfile import Loc, YamlDocument, format_loc, offset_position

# Fields whose values are codes, addresses or file names, not prose: nothing to lint there.
_NOT_TEXT = frozenset({"code", "subdomein", "slug", "bestand", "soort", "website", "email", "telefoon", "postcode"})

_SPACE = r"[\s-]*"  # words may be split by spaces, a hyphen or a line break


@dataclass(frozen=True)
class Rule:
    """One brand rule: what to look for, what is wrong with it and what to write instead."""

    pattern: re.Pattern[str]
    message: str
    suggestion: str
    old_label: bool = False  # a label being phased out: fine in a sentence that tells the history

    def suggest(self, region: str | None) -> str:
        name = f"Werkcentrum {region}" if region else "Werkcentrum <regio>"
        return self.suggestion.format(naam=name)


def _rule(pattern: str, message: str, suggestion: str, flags: int = re.IGNORECASE) -> Rule:
    return Rule(re.compile(pattern, flags), message, suggestion, old_label=suggestion == _OLD_LABEL)


_OLD_LABEL = "Schrijf '{naam}' of 'het Werkcentrum'. Vertel je hoe het vroeger heette? Zeg dat dan in dezelfde zin, bijvoorbeeld met 'ging op in' of 'heette vroeger'."
# A sentence that tells the history may name an old label: "Het Leerwerkloket Twente ging op in Werkcentrum Twente."
_HISTORY = re.compile(
    r"\b(?:(?:ging|gingen|gaat|gaan)\s+(?:\w+\s+){0,3}?op\s+in|opgegaan\s+in|samengevoegd|samengegaan|voegden\s+samen"
    r"|heette|heetten|heten\s+nu|vroeger|voorheen|eerder\s+heette|oude\s+naam|oude\s+namen)\b",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n\s*\n")
_SENTENCE_REACH = 400  # characters either side: enough for a long sentence, and linear on any text


def _tells_history(text: str, start: int, end: int, lower: int, upper: int) -> bool:
    """Whether the sentence around ``text[start:end]`` explains a merger or a former name."""
    left = max(lower, start - _SENTENCE_REACH)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, left, start)]
    left = ends[-1] if ends else left
    right_end = _SENTENCE_END.search(text, end, min(upper, end + _SENTENCE_REACH))
    right = right_end.start() if right_end else min(upper, end + _SENTENCE_REACH)
    return _HISTORY.search(text, left, right) is not None

RULES: tuple[Rule, ...] = (
    _rule(
        rf"\bwerkgevers{_SPACE}service{_SPACE}punt(?:en)?\b", "'{found}' is een oud label dat verdwijnt.", _OLD_LABEL
    ),
    _rule(r"\bWSP\b", "'{found}' (WerkgeversServicepunt) is een oud label dat verdwijnt.", _OLD_LABEL, 0),
    _rule(rf"\bleer{_SPACE}werk{_SPACE}loket(?:ten)?\b", "'{found}' is een oud label dat verdwijnt.", _OLD_LABEL),
    _rule(r"\bLWL\b", "'{found}' (Leerwerkloket) is een oud label dat verdwijnt.", _OLD_LABEL, 0),
    _rule(
        rf"\b(?:regionaal\s+)?mobiliteits{_SPACE}team(?:s)?\b",
        "'{found}' is een oud label dat verdwijnt.",
        _OLD_LABEL,
    ),
    _rule(r"\bRMT\b", "'{found}' (regionaal mobiliteitsteam) is een oud label dat verdwijnt.", _OLD_LABEL, 0),
    _rule(
        r"\bregionaal\s+werkcentrum\b",
        "'{found}' is niet de naam: het Werkcentrum heet naar zijn regio.",
        "Schrijf '{naam}'.",
    ),
    _rule(
        r"\bwerk(?:\s+|\s*-\s*)centrum\b",
        "'{found}' is verkeerd geschreven: Werkcentrum is één woord.",
        "Schrijf 'Werkcentrum', zonder spatie of streepje.",
    ),
    # The name's own spelling: exactly "Werkcentrum". Lower case is fine inside a web or e-mail address.
    _rule(
        r"(?<![./@\w-])(?-i:(?!Werkcentrum\b))werkcentrum\b(?!\.nl)",
        "'{found}' is verkeerd gespeld.",
        "Schrijf 'Werkcentrum': met een hoofdletter W en verder kleine letters.",
    ),
    _rule(
        r"\b[Ww]erkcentra\s+(?=[A-Z])",
        "'{found}' is een meervoud; de naam is enkelvoud.",
        "Schrijf '{naam}'.",
        0,
    ),
)


def lint_text(
    text: str, display: str, region: str | None, *, start: int = 0, end: int | None = None, path: str = ""
) -> list[Diagnostic]:
    """Brand warnings for ``text[start:end]``, each at the line and column of the word."""
    end = len(text) if end is None else end
    out = []
    for rule in RULES:
        for match in rule.pattern.finditer(text, start, end):
            if rule.old_label and _tells_history(text, match.start(), match.end(), start, end):
                continue
            line, column = offset_position(text, match.start())
            out.append(
                Diagnostic(
                    display,
                    rule.message.format(found=" ".join(match.group(0).split())),
                    line=line,
                    column=column,
                    path=path,
                    expected="de landelijke naam: 'Werkcentrum' + de naam van de regio",
                    hint=rule.suggest(region),
                    severity=Severity.WARNING,
                )
            )
    return sorted(out, key=lambda d: (d.line, d.column))


def _text_values(data: Any, loc: Loc = ()) -> Iterator[Loc]:
    """The location of every prose value in a region document."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _NOT_TEXT:
                yield from _text_values(value, loc + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _text_values(value, loc + (index,))
    elif isinstance(data, str):
        yield loc


def lint_region(doc: YamlDocument) -> list[Diagnostic]:
    """Brand warnings for every prose value of a region file (names, toelichting, aanvullingen, pages)."""
    region = doc.data.get("naam") if isinstance(doc.data, dict) else None
    region = region if isinstance(region, str) and region.strip() else None
    out = []
    for loc in _text_values(doc.data):
        span = doc.spans.get(loc)
        if span is not None:
            out.extend(lint_text(doc.text, doc.display, region, start=span[0], end=span[1], path=format_loc(loc)))
    return out

"""Safe YAML reading for files that people edit by hand.

PyYAML alone hides the mistakes communicatieadviseurs make most (a repeated key silently wins, an anchor copies
data invisibly) and it forgets where each value came from. This reader keeps the line and column of every key
and value so a later stage can point at ``file:line:column``, and it turns every reading problem into a Dutch
diagnostic instead of an exception.

Values mean what YAML 1.2 (core schema) says, as in the editor (yaml-language-server): ``yes``, ``on`` and
``2026-02-30`` are text, ``0534801234`` is a number, ``9:30`` is text. PyYAML's own rules are YAML 1.1, so the
reader replaces its resolvers and constructors; ``YAML_1_1_DIFFERS`` names the plain values that another YAML
program could read differently, so an error at such a value can say why.

Hostile input is bounded before it can cost time: the file size is capped, and while composing the node graph
the reader counts nodes and nesting depth and stops early. Anchors and aliases are refused after composing,
before anything is constructed, so an alias bomb ("billion laughs") is never expanded.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from .diagnostics import Diagnostic

MAX_BYTES = 1_000_000
# A full region file (100 inlooppunten with opening hours, 200 partners) has about 6,000 nodes and depth 6.
MAX_NODES = 20_000
MAX_DEPTH = 20

Loc = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A parsed YAML file with the position of every value (``values``) and every mapping key (``keys``).

    ``spans`` holds the character range of every scalar value in ``text``, so a message about a word inside a
    long text can point at the line of that word instead of the line of the field.
    """

    path: Path
    display: str
    data: Any
    text: str = ""
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    spans: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # Plain values that a YAML 1.1 program would read differently (see ``yaml_1_1_differs``).
    plain_1_1: set[Loc] = field(default_factory=set)

    def source(self, loc: Loc) -> str | None:
        """The value at ``loc`` exactly as written in the file (quotes included), or None."""
        span = self.spans.get(tuple(loc))
        return self.text[span[0] : span[1]] if span else None

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column (1-based) of ``loc``, or of its nearest known parent."""
        table = self.keys if key else self.values
        loc = tuple(loc)
        while loc:
            if loc in table:
                return table[loc]
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))

    def find(self, loc: Loc, pattern: re.Pattern[str] | str) -> list[tuple[str, int, int]]:
        """Every match of ``pattern`` in the source text of the value at ``loc``, as ``(text, line, column)``."""
        span = self.spans.get(tuple(loc))
        if span is None:
            return []
        if isinstance(pattern, str):
            pattern = re.compile(re.escape(pattern))
        return [
            (match.group(0), *offset_position(self.text, match.start()))
            for match in pattern.finditer(self.text, span[0], span[1])
        ]

    def diagnostic(
        self, loc: Loc, message: str, *, key: bool = False, snippet: str | None = None, **extra
    ) -> Diagnostic:
        """A diagnostic at ``loc``; with ``snippet``, at the line of that text inside the value when it is found."""
        found = self.find(loc, snippet) if snippet else []
        line, column = found[0][1:] if found else self.position(loc, key=key)
        return Diagnostic(self.display, message, line=line, column=column, path=format_loc(loc), **extra)


def format_loc(loc: Loc) -> str:
    """``('inlooppunten', 0, 'postcode')`` -> ``inlooppunten[0].postcode``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@lru_cache(maxsize=8)
def _line_starts(text: str) -> list[int]:
    return [0, *(match.end() for match in re.finditer("\n", text))]


def offset_position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (1-based) of a character offset in ``text`` (a binary search: texts can be long)."""
    starts = _line_starts(text)
    index = bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index] + 1


class _Limit(yaml.MarkedYAMLError):
    """Raised while composing when the document is too deep or has too many values."""


_TAG = "tag:yaml.org,2002:"

# The YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), as the editor reads it.
CORE_SCHEMA = (
    ("null", r"~|null|Null|NULL|", "~nN"),
    ("bool", r"true|True|TRUE|false|False|FALSE", "tTfF"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        "float",
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+.0123456789",
    ),
)


class Core12Resolver(BaseResolver):
    """Plain scalars resolve as in the YAML 1.2 core schema; nothing else (no timestamps, no merge key '<<')."""

    yaml_implicit_resolvers: dict = {}


for _name, _pattern, _first in CORE_SCHEMA:
    Core12Resolver.add_implicit_resolver(_TAG + _name, re.compile(f"^(?:{_pattern})$"), [*_first, ""] if _name == "null" else list(_first))


class Core12Constructor(SafeConstructor):
    """Numbers and booleans as YAML 1.2 writes them: ``0534801234`` is decimal, octal is ``0o17``."""

    def construct_yaml_bool(self, node):
        return self.construct_scalar(node).lower() == "true"

    def construct_yaml_int(self, node):
        text = self.construct_scalar(node)
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)

    def construct_yaml_float(self, node):
        text = self.construct_scalar(node).lower()
        if text.endswith(".inf"):
            return float("-inf") if text.startswith("-") else float("inf")
        return float("nan") if text == ".nan" else float(text)


Core12Constructor.add_constructor(_TAG + "bool", Core12Constructor.construct_yaml_bool)
Core12Constructor.add_constructor(_TAG + "int", Core12Constructor.construct_yaml_int)
Core12Constructor.add_constructor(_TAG + "float", Core12Constructor.construct_yaml_float)


class Core12Loader(Reader, Scanner, Parser, Composer, Core12Constructor, Core12Resolver):
    """PyYAML's safe loader with YAML 1.2 core-schema meaning for plain values."""

    def __init__(self, stream):
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        Core12Constructor.__init__(self)
        Core12Resolver.__init__(self)


def yaml_1_1_differs(text: str) -> bool:
    """Whether a plain (unquoted) value means something else to a YAML 1.1 program than in YAML 1.2.

    ``yes``/``no``/``on``/``off``/``y``/``n`` (true or false in 1.1), ``0755`` (octal), ``9:30`` (570),
    ``1_000``, ``2026-02-30`` (a date), ``<<`` (merge): quoting such a value makes it text everywhere.
    """
    if text in ("y", "Y", "n", "N"):  # booleans in the YAML 1.1 type repository; PyYAML leaves them out
        return True
    core = yaml.resolver.Resolver().resolve(ScalarNode, text, (True, False))
    return core != Core12Resolver().resolve(ScalarNode, text, (True, False)) or (
        core == _TAG + "int" and text.lstrip("+-").startswith("0") and text.lstrip("+-") != "0"
    )


class _TrackingLoader(Core12Loader):
    """SafeLoader that records anchors and aliases instead of following them, and bounds size and depth."""

    def __init__(self, stream):
        super().__init__(stream)
        self.anchor_marks: list[tuple[str, yaml.Mark]] = []
        self.node_count = 0
        self.depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            self.anchor_marks.append((f"*{event.anchor}", event.start_mark))
        elif getattr(event, "anchor", None):
            self.anchor_marks.append((f"&{event.anchor}", event.start_mark))
        self.node_count += 1
        if self.node_count > MAX_NODES:
            raise _Limit(problem="too many nodes", problem_mark=event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise _Limit(problem="too deep", problem_mark=event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _mark(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a hand-edited text file, refusing what would confuse the next stages (size, encoding, BOM)."""
    try:
        size = path.stat().st_size
        if size <= MAX_BYTES:
            raw = path.read_bytes()
    except OSError as exc:
        return None, [Diagnostic(display, f"het bestand kan niet worden gelezen ({exc.strerror}).")]
    if size > MAX_BYTES:
        return None, [
            Diagnostic(
                display,
                f"het bestand is te groot ({size:,} bytes).".replace(",", "."),
                line=1,
                column=1,
                expected="hoogstens 1 MB",
                hint="Zet lange teksten in een apart Markdown-bestand onder de map van je regio.",
            )
        ]
    diags: list[Diagnostic] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        diags.append(
            Diagnostic(
                display,
                "het bestand begint met een onzichtbaar BOM-teken.",
                line=1,
                column=1,
                expected="UTF-8 zonder BOM",
                hint="Sla het bestand op als 'UTF-8' zonder BOM (in VS Code: rechtsonder op 'UTF-8 with BOM' klikken).",
            )
        )
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            Diagnostic(
                display,
                "het bestand is niet in UTF-8 opgeslagen.",
                line=line,
                column=column,
                expected="tekst in UTF-8",
                hint="Sla het bestand opnieuw op met codering 'UTF-8' (in VS Code: rechtsonder de codering kiezen).",
            )
        ]
    if "\x00" in text:
        line, column = offset_position(text, text.index("\x00"))
        return None, [
            Diagnostic(display, "het bestand bevat binaire gegevens en is geen tekstbestand.", line=line, column=column)
        ]
    return text, diags


def load_yaml(path: Path, display: str | None = None) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML file. Returns the document (None when unusable) and every problem found."""
    display = display or path.as_posix()
    text, diags = read_text(path, display)
    if text is None:
        return None, diags
    doc, more = parse_yaml(text, path, display)
    return doc, diags + more


def parse_yaml(text: str, path: Path, display: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse text that ``read_text`` accepted (or that a tool is about to write to ``path``)."""
    diags: list[Diagnostic] = []
    if all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()):
        diags.append(
            Diagnostic(
                display,
                "het bestand is leeg.",
                line=1,
                column=1,
                expected="velden zoals 'naam: ...' en 'code: ...'",
                hint='Maak een nieuw regiobestand met: werkcentrum regio nieuw "<naam>".',
            )
        )
        return None, diags
    tabs = _tab_indents(text, display)
    if tabs:
        return None, diags + tabs

    loader = None
    try:
        loader = _TrackingLoader(text)
        root = loader.get_single_node()
    except yaml.YAMLError as exc:
        return None, diags + [_syntax_diagnostic(exc, text, display)]
    finally:
        if loader is not None:
            loader.dispose()
    if root is None:  # only a document marker such as '---'
        return None, diags + [Diagnostic(display, "het bestand is leeg.", line=1, column=1)]

    if loader.anchor_marks:
        # Refused before construction: following aliases is what makes an alias bomb expensive.
        first_per_line = {mark.line: (name, mark) for name, mark in reversed(loader.anchor_marks)}
        return None, diags + [
            Diagnostic(
                display,
                f"YAML-ankers en -verwijzingen ({name}) zijn niet toegestaan in dit bestand.",
                line=_mark(mark)[0],
                column=_mark(mark)[1],
                expected="elke waarde gewoon uitgeschreven",
                hint="Schrijf de waarde uit op elke plek waar je hem nodig hebt, zonder & of *.",
            )
            for _, (name, mark) in sorted(first_per_line.items())
        ]
    doc = YamlDocument(path=path, display=display, data=None, text=text)
    doc.data = _construct(root, (), doc, loader, diags)
    doc.values.setdefault((), (1, 1))
    return doc, diags


def _tab_indents(text: str, display: str) -> list[Diagnostic]:
    """Tabs in indentation: YAML forbids them, and the parser's own message does not say so clearly."""
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent and line.strip() and not line.lstrip(" \t").startswith("#"):
            out.append(
                Diagnostic(
                    display,
                    "deze regel springt in met een tab.",
                    line=number,
                    column=indent.index("\t") + 1,
                    expected="inspringen met spaties",
                    hint="Vervang de tab door spaties (twee per niveau). In VS Code: 'Convert Indentation to Spaces'.",
                )
            )
    return out


# PyYAML's English problems, as plain Dutch. Matched on the start of the problem text.
_YAML_PROBLEMS = {
    "mapping values are not allowed here": "hier staat een dubbele punt die YAML niet verwacht",
    "could not find expected ':'": "er ontbreekt een dubbele punt",
    "found character '\\t' that cannot start any token": "er staat een tab waar YAML dat niet toestaat",
    "found character": "een waarde begint met een teken dat dat niet mag (zet de waarde tussen aanhalingstekens)",
    "did not find expected key": "de inspringing klopt niet",
    "did not find expected '-' indicator": "de inspringing van de lijst klopt niet",
    "found undefined alias": "er wordt verwezen naar een anker dat niet bestaat",
    "expected <block end>, but found '-'": "een lijstregel springt anders in dan de regels erboven",
    "expected <block end>, but found '?'": "deze regel springt anders in dan de regels erboven",
    "expected <block end>": "de inspringing klopt niet: deze regel springt anders in dan de regels erboven",
    "expected ',' or ']'": "er ontbreekt een komma of een sluitend ']'",
    "expected ',' or '}'": "er ontbreekt een komma of een sluitend '}'",
    "found unexpected end of stream": "het bestand houdt onverwacht op (ontbreekt er een aanhalingsteken?)",
    "found unknown escape character": "na een \\ staat een teken dat tussen dubbele aanhalingstekens niet mag",
    "but found another document": "het bestand bevat meer dan één document (een regel met alleen '---' of '...')",
    "found duplicate anchor": "hetzelfde anker staat twee keer in het bestand",
    "found unexpected ':'": "hier staat een dubbele punt die YAML niet verwacht",
    "expected alphabetic or numeric character": "na & of * hoort een naam te staan",
    "too many nodes": f"het bestand bevat te veel waarden (meer dan {MAX_NODES:,})".replace(",", "."),
    "too deep": f"de velden zijn te diep in elkaar genest (meer dan {MAX_DEPTH} niveaus)",
}


def _dutch_yaml_problem(problem: str) -> str:
    for english, dutch in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return dutch
    return problem


# A value that starts with a quote: after 'key: ' or '- ' (both optional), at the start of a line.
_QUOTED_VALUE = re.compile(r"""^[ ]*(?:-[ ]+)?(?:[^\s"'#:][^:#\n]{0,200}:[ ]+)?(["'])""")


def _closes(line: str, start: int, char: str) -> bool:
    """Whether the quote at ``start`` is closed later on the same line (\\" and '' are escapes, not ends)."""
    i = start + 1
    while i < len(line):
        if char == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == char:
            if char == "'" and line[i + 1 : i + 2] == "'":
                i += 2
                continue
            return True
        i += 1
    return False


def _unclosed_quote(exc: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str] | None:
    """(line, column, quote) of the quote that opened a value and was never closed, when that is what broke the
    file. YAML itself reports the end of the file, or a later line where the runaway value happened to end."""
    if exc.context == "while scanning a quoted scalar" and exc.context_mark is not None:
        line, column = _mark(exc.context_mark)
        return line, column, text.splitlines()[line - 1][column - 1]
    if exc.problem_mark is None:
        return None
    for number, line in enumerate(text.splitlines()[: exc.problem_mark.line + 1], 1):
        found = _QUOTED_VALUE.match(line)
        if found and not _closes(line, found.start(1), found.group(1)):
            return number, found.start(1) + 1, found.group(1)
    return None


def _syntax_diagnostic(exc: yaml.YAMLError, text: str, display: str) -> Diagnostic:
    """A YAML error from the parser as one Dutch diagnostic at its line."""
    if isinstance(exc, yaml.reader.ReaderError):
        line, column = offset_position(text, exc.position)
        return Diagnostic(
            display,
            f"het bestand bevat een onzichtbaar besturingsteken (#x{exc.character:04x}).",
            line=line,
            column=column,
            expected="gewone tekst",
            hint="Typ deze regel opnieuw in; het teken komt vaak mee bij kopiëren uit een ander programma.",
        )
    if isinstance(exc, _Limit):
        line, column = _mark(exc.problem_mark)
        return Diagnostic(
            display,
            f"{_dutch_yaml_problem(exc.problem)}.",
            line=line,
            column=column,
            expected="een regiobestand zoals in examples/regions/voorbeeldregio.yaml",
            hint="Kijk of er per ongeluk iets gekopieerd is dat niet in dit bestand hoort.",
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        quote = _unclosed_quote(exc, text)
        if quote is not None:
            line, column, char = quote
            return Diagnostic(
                display,
                f"het aanhalingsteken {char} op deze regel wordt niet gesloten.",
                line=line,
                column=column,
                expected=f"een waarde tussen twee aanhalingstekens op één regel, zoals naam: {char}Twente{char}",
                hint=f"Zet aan het eind van de waarde nog een {char}, of haal dit aanhalingsteken weg.",
            )
        problem = exc.problem or exc.context or ""
        mark = exc.problem_mark or exc.context_mark
        line, column = _mark(mark) if mark else (None, None)
        return Diagnostic(
            display,
            f"het bestand is geen geldige YAML: {_dutch_yaml_problem(problem)}.",
            line=line,
            column=column,
            hint="Controleer op deze regel (en de regel erboven) de inspringing, dubbele punten en aanhalingstekens.",
        )
    return Diagnostic(display, f"het bestand is geen geldige YAML: {exc}.")


# The tags of the YAML 1.2 core schema; any other tag ('!!python/object', '!!timestamp', '!eigen') is refused.
_YAML_TAG = _TAG
_PLAIN_TAGS = frozenset(_YAML_TAG + name for name in ("str", "int", "float", "bool", "null", "seq", "map"))


def _at(node: Node, doc: YamlDocument, loc: Loc, message: str, **extra) -> Diagnostic:
    """A diagnostic at the place of ``node`` in the file."""
    line, column = _mark(node.start_mark)
    return Diagnostic(doc.display, message, line=line, column=column, path=format_loc(loc), **extra)


def _construct(node: Node, loc: Loc, doc: YamlDocument, loader: yaml.SafeLoader, diags: list[Diagnostic]) -> Any:
    doc.values[loc] = _mark(node.start_mark)
    if node.tag not in _PLAIN_TAGS:
        diags.append(
            _at(
                node,
                doc,
                loc,
                f"het YAML-label '{node.tag.replace(_YAML_TAG, '!!')}' is niet toegestaan.",
                expected="een gewone waarde zonder label",
                hint="Haal het stuk dat met ! begint weg; zet de waarde zo nodig tussen aanhalingstekens.",
            )
        )
        return None
    if isinstance(node, MappingNode):
        return _construct_mapping(node, loc, doc, loader, diags)
    if isinstance(node, SequenceNode):
        return [_construct(item, loc + (index,), doc, loader, diags) for index, item in enumerate(node.value)]
    doc.spans[loc] = (node.start_mark.index, node.end_mark.index)
    if node.style is None and yaml_1_1_differs(node.value):
        doc.plain_1_1.add(loc)
    try:
        return loader.construct_object(node)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        diags.append(
            _at(
                node,
                doc,
                loc,
                f"de waarde '{node.value}' kan niet worden gelezen.",
                expected="tekst, een getal, true of false",
                hint="Zet de waarde tussen aanhalingstekens.",
            )
        )
        return None


def _construct_mapping(node: MappingNode, loc: Loc, doc: YamlDocument, loader, diags: list[Diagnostic]) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == "<<" and key_node.style is None:
            message = "de YAML-samenvoeging '<<' is niet toegestaan in dit bestand."
            diags.append(_at(key_node, doc, loc, message, hint="Schrijf alle velden zelf uit."))
            continue
        if not isinstance(key_node, ScalarNode):
            message = "een veldnaam moet gewone tekst zijn."
            diags.append(_at(key_node, doc, loc, message, hint="Schrijf een veld als 'naam: waarde'."))
            continue
        # The key's text as written: 'yes' or '1' as a key is a spelling question, not a boolean or a number.
        key = str(key_node.value)
        child = loc + (key,)
        if key in result:
            first_line, _ = doc.keys[child]
            diags.append(
                _at(
                    key_node,
                    doc,
                    child,
                    f"het veld '{key}' staat twee keer in dezelfde groep (eerst op regel {first_line}).",
                    expected="elk veld één keer per groep",
                    hint="Voeg de twee samen of verwijder er één; anders is niet duidelijk welke waarde telt.",
                )
            )
            continue
        doc.keys[child] = _mark(key_node.start_mark)
        result[key] = _construct(value_node, child, doc, loader, diags)
    return result

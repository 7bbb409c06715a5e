"""Safe YAML reading for files that people edit by hand.

PyYAML alone hides the mistakes communicatieadviseurs make most (a repeated key silently wins, an anchor copies
data invisibly) and it forgets where each value came from. This reader keeps the line and column of every key
and value so a later stage can point at ``file:line:column``, and it turns every reading problem into a Dutch
diagnostic instead of an exception.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .diagnostics import Diagnostic

MAX_BYTES = 1_000_000

Loc = tuple[str | int, ...]


@dataclass
class YamlDocument:
    """A parsed YAML file with the position of every value (``values``) and every mapping key (``keys``)."""

    path: Path
    display: str
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)

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

    def diagnostic(self, loc: Loc, message: str, *, key: bool = False, **extra) -> Diagnostic:
        line, column = self.position(loc, key=key)
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


class _TrackingLoader(yaml.SafeLoader):
    """SafeLoader that records anchors and aliases instead of quietly following them."""

    def __init__(self, stream):
        super().__init__(stream)
        self.anchor_marks: list[tuple[str, yaml.Mark]] = []

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            self.anchor_marks.append((f"*{event.anchor}", event.start_mark))
        elif getattr(event, "anchor", None):
            self.anchor_marks.append((f"&{event.anchor}", event.start_mark))
        return super().compose_node(parent, index)


def _mark(mark: yaml.Mark) -> tuple[int, int]:
    return mark.line + 1, mark.column + 1


def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a hand-edited text file, refusing what would confuse the next stages (size, encoding, BOM)."""
    try:
        size = path.stat().st_size
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
    raw = path.read_bytes()
    diags: list[Diagnostic] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        diags.append(
            Diagnostic(
                display,
                "het bestand begint met een onzichtbaar BOM-teken.",
                line=1,
                column=1,
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
        return None, [Diagnostic(display, "het bestand bevat binaire gegevens en is geen tekstbestand.", line=1, column=1)]
    return text, diags


def load_yaml(path: Path, display: str | None = None) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse one YAML file. Returns the document (None when unusable) and every problem found."""
    display = display or path.as_posix()
    text, diags = read_text(path, display)
    if text is None:
        return None, diags
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip() for line in text.splitlines()):
        diags.append(
            Diagnostic(
                display,
                "het bestand is leeg.",
                line=1,
                column=1,
                hint="Maak een nieuw regiobestand met: werkcentrum regio nieuw \"<naam>\".",
            )
        )
        return None, diags
    for number, line in enumerate(text.splitlines(), start=1):
        indent = len(line) - len(line.lstrip(" \t"))
        if "\t" in line[:indent]:
            diags.append(
                Diagnostic(
                    display,
                    "deze regel springt in met een tab.",
                    line=number,
                    column=line.index("\t") + 1,
                    expected="inspringen met spaties",
                    hint="Vervang de tab door twee spaties per niveau.",
                )
            )
    if diags and any(d.message.startswith("deze regel springt") for d in diags):
        return None, diags

    loader = _TrackingLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = _mark(mark) if mark else (None, None)
        diags.append(
            Diagnostic(
                display,
                f"het bestand is geen geldige YAML: {_dutch_yaml_problem(exc.problem or str(exc))}.",
                line=line,
                column=column,
                hint="Controleer op deze regel de inspringing, dubbele punten en aanhalingstekens.",
            )
        )
        return None, diags
    except yaml.YAMLError as exc:
        diags.append(Diagnostic(display, f"het bestand is geen geldige YAML: {exc}."))
        return None, diags
    finally:
        loader.dispose()

    for name, mark in loader.anchor_marks:
        line, column = _mark(mark)
        diags.append(
            Diagnostic(
                display,
                f"YAML-ankers en -verwijzingen ({name}) zijn niet toegestaan in dit bestand.",
                line=line,
                column=column,
                hint="Schrijf de waarde gewoon uit op elke plek waar je hem nodig hebt.",
            )
        )
    doc = YamlDocument(path=path, display=display, data=None)
    doc.data = _construct(root, (), doc, loader, diags)
    doc.values.setdefault((), (1, 1))
    return doc, diags


_YAML_PROBLEMS = {
    "mapping values are not allowed here": "hier staat een dubbele punt die YAML niet verwacht",
    "could not find expected ':'": "er ontbreekt een dubbele punt",
    "found character '\\t' that cannot start any token": "er staat een tab waar YAML dat niet toestaat",
    "did not find expected key": "de inspringing klopt niet",
    "did not find expected '-' indicator": "de inspringing van de lijst klopt niet",
    "found undefined alias": "er wordt verwezen naar een anker dat niet bestaat",
    "expected <block end>, but found '-'": "een lijstregel springt anders in dan de regels erboven",
    "found unexpected end of stream": "het bestand houdt onverwacht op (ontbreekt er een aanhalingsteken?)",
}


def _dutch_yaml_problem(problem: str) -> str:
    for english, dutch in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return dutch
    return problem


def _construct(node: Node, loc: Loc, doc: YamlDocument, loader: yaml.SafeLoader, diags: list[Diagnostic]) -> Any:
    doc.values[loc] = _mark(node.start_mark)
    if isinstance(node, MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                line, column = _mark(key_node.start_mark)
                diags.append(
                    Diagnostic(
                        doc.display,
                        "de YAML-samenvoeging '<<' is niet toegestaan in dit bestand.",
                        line=line,
                        column=column,
                        path=format_loc(loc),
                        hint="Schrijf alle velden zelf uit.",
                    )
                )
                continue
            if not isinstance(key_node, ScalarNode):
                line, column = _mark(key_node.start_mark)
                diags.append(Diagnostic(doc.display, "een veldnaam moet gewone tekst zijn.", line=line, column=column))
                continue
            key = loader.construct_object(key_node)
            if not isinstance(key, str):
                key = str(key)
            child = loc + (key,)
            if key in result:
                line, column = _mark(key_node.start_mark)
                first_line, _ = doc.keys[child]
                diags.append(
                    Diagnostic(
                        doc.display,
                        f"het veld '{key}' staat twee keer in dezelfde groep (eerst op regel {first_line}).",
                        line=line,
                        column=column,
                        path=format_loc(child),
                        hint="Voeg de twee samen of verwijder er één: anders telt alleen de laatste en raak je gegevens kwijt.",
                    )
                )
                continue
            doc.keys[child] = _mark(key_node.start_mark)
            result[key] = _construct(value_node, child, doc, loader, diags)
        return result
    if isinstance(node, SequenceNode):
        return [_construct(item, loc + (index,), doc, loader, diags) for index, item in enumerate(node.value)]
    return loader.construct_object(node)

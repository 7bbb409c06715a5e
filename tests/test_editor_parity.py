"""The editor and `werkcentrum check` agree: the real yaml-language-server (what VS Code's YAML extension runs,
pinned in package.json) is driven over the Language Server Protocol on every file of the broken-file corpus.

Each corpus file's header says what `check` reports (``# verwacht: ...``, proved by test_check_corpus.py). Here:
- every line `check` marks as an error, the editor flags too, unless the header marks it
  ``# alleen check: LINE reason`` (rules across files, things JSON Schema cannot express);
- the editor flags no line that `check` passes, so no file the editor flags passes `check`;
- every schema message the editor shows is one of the schema's Dutch messages.
Hover and completion texts are Dutch too. Found a divergence? Add a corpus file that shows it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import lsp
from generator.schema import SCHEMA_FILE
from test_check_corpus import FILES, expectations

pytestmark = pytest.mark.skipif(lsp.missing() is not None, reason=lsp.missing() or "")

_MARK = re.compile(r"^# alleen (check|editor): (\d+) (.+)$")
# The parser's own messages (yaml library); every one of these is a YAML syntax error for check too.
SYNTAX = "YAML"


def marked(path: Path, tool: str) -> dict[int, str]:
    """``# alleen check: LINE reason`` (or ``alleen editor``) lines of a corpus file's header."""
    out = {}
    for line in path.read_bytes().decode("utf-8", errors="replace").lstrip("\ufeff").splitlines():
        if not line.startswith("#"):
            break
        match = _MARK.match(line)
        if match and match.group(1) == tool:
            out[int(match.group(2))] = match.group(3)
    return out


def lines(diagnostic: dict) -> set[int]:
    """The (1-based) lines a diagnostic underlines."""
    start, end = diagnostic["range"]["start"], diagnostic["range"]["end"]
    last = end["line"] - (1 if end["character"] == 0 and end["line"] > start["line"] else 0)
    return set(range(start["line"] + 1, last + 2))


def _messages(node, out: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("errorMessage", "patternErrorMessage"):
                out.add(value)
            _messages(value, out)
    elif isinstance(node, list):
        for value in node:
            _messages(value, out)
    return out


DUTCH = _messages(json.loads((lsp.ROOT / SCHEMA_FILE).read_text(encoding="utf-8")), set())


@pytest.fixture(scope="module")
def server():
    server = lsp.LanguageServer(lsp.ROOT, lsp.workspace_settings())
    yield server
    server.stop()


def editor_text(path: Path) -> str:
    """The file as VS Code hands it to the server: decoded as UTF-8 (invalid bytes replaced), without a BOM."""
    return path.read_bytes().decode("utf-8", errors="replace").removeprefix("\ufeff")


def open_as_region(server, path: Path, text: str | None = None, folder: str = "sites/regions") -> tuple[Path, list[dict]]:
    """Open ``path`` as if it were in ``folder``, so the workspace's own schema association applies (nothing is
    written to disk). The corpus is the fictional 'Corpusregio' with the example's code AM00: it opens in
    examples/regions/, where that code belongs."""
    document = lsp.ROOT / folder / path.name
    diagnostics = server.open(document, editor_text(path) if text is None else text)
    server.close(document)
    return document, diagnostics


def test_the_corpus_headers_mark_only_lines_with_a_check_error():
    for path in FILES:
        errors = {e.line for e in expectations(path) if e.severity == "fout"}
        assert set(marked(path, "check")) <= errors, path.name
        assert not marked(path, "editor") or errors, path.name


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_the_editor_and_check_flag_the_same_lines(server, path: Path):
    fictional = "\ncode: AM00" in editor_text(path)
    _, diagnostics = open_as_region(server, path, folder="examples/regions" if fictional else "sites/regions")
    editor = set().union(*map(lines, diagnostics))
    check_errors = {e.line for e in expectations(path) if e.severity == "fout"}
    check_lines = {e.line for e in expectations(path)}
    only_check, only_editor = marked(path, "check"), marked(path, "editor")
    shown = "\n".join(f"{sorted(lines(d))}: [{d.get('source')}] {d['message']}" for d in diagnostics) or "(niets)"
    for line in sorted(check_errors):
        assert line in editor or line in only_check, f"check: error on line {line}; the editor shows:\n{shown}"
    for line in sorted(only_check):
        assert line not in editor, f"line {line} is marked 'alleen check' but the editor flags it now:\n{shown}"
    for line in sorted(only_editor):
        assert line in editor, f"line {line} is marked 'alleen editor' but the editor does not flag it:\n{shown}"
    if any(d.get("source") == SYNTAX for d in diagnostics):
        # A file the parser cannot read: its schema messages follow from the broken syntax; check stops at it.
        assert check_errors, f"the editor finds a YAML error that check passes:\n{shown}"
    else:
        for diagnostic in diagnostics:
            assert lines(diagnostic) & (check_lines | set(only_editor)), f"the editor flags what check passes:\n{shown}"
    for diagnostic in diagnostics:
        if diagnostic.get("source") != SYNTAX:
            assert diagnostic["message"] in DUTCH, diagnostic["message"]


# --- hover and completion ---------------------------------------------------------------------------------------

REGION = """naam: Twente
code: AM05
contact:
  telefoon: "053 123 4567"
  
inlooppunten:
  - naam: Werkplein Enschede
    gemeente: Enschede
    openingstijden:
      maandag: "09:00-17:00"
    gids: true
    
partners:
  - naam: UWV
    soort: 
"""
# Labels yaml-language-server writes in English around schema texts.
ENGLISH_LABELS = re.compile(r"Allowed Values|Example|Source|Default value|array item|\bnull\b|####")


@pytest.fixture(scope="module")
def region(server):
    document = lsp.ROOT / "sites" / "regions" / "proefregio.yaml"
    diagnostics = server.open(document, REGION)
    assert [d["message"] for d in diagnostics] == [
        "Kies een van: gemeente, uwv, sbb, vakbond, werkgeversorganisatie, onderwijs, ontwikkelbedrijf, win-punt, "
        "overig."
    ]
    yield document
    server.close(document)


@pytest.mark.parametrize(
    "line, column, dutch",
    [
        (0, 1, "Naam van de regio, zonder 'Werkcentrum'."),
        (1, 1, "CBS-code van de arbeidsmarktregio"),
        (2, 2, "Algemene contactgegevens van het Werkcentrum"),
        (3, 4, "Telefoonnummer in Nederland"),
        (5, 3, "De inlooppunten van het Werkcentrum"),
        (9, 8, "Zet tijden tussen aanhalingstekens."),
        (10, 5, "true als er een gids is"),
        (13, 6, "Naam van de partnerorganisatie."),
    ],
)
def test_hover_texts_are_dutch_once_and_without_english_labels(server, region, line, column, dutch):
    text = server.hover(region, line, column)
    assert dutch in text
    assert not ENGLISH_LABELS.search(text), text
    assert text.count(text.split("\n")[0]) == 1, text  # nothing repeated


def test_completing_a_field_inserts_no_null_and_explains_it_in_dutch(server, region):
    contact = {item["label"]: item for item in server.completion(region, 4, 2)}
    assert set(contact) == {"email", "website"}  # telefoon is there already
    point = {item["label"]: item for item in server.completion(region, 11, 4)}
    assert {"adres", "postcode", "plaats", "telefoon", "email", "toelichting"} <= set(point)
    for item in [*contact.values(), *point.values()]:
        assert "null" not in (item.get("insertText") or ""), item
        documentation = item.get("documentation") or {}
        text = documentation.get("value", "") if isinstance(documentation, dict) else documentation
        assert text and not ENGLISH_LABELS.search(text), item
    assert point["postcode"]["insertText"] == "postcode: "


def test_completing_a_value_offers_the_models_choices(server, region):
    assert [item["label"] for item in server.completion(region, 14, 11)] == [
        "gemeente", "uwv", "sbb", "vakbond", "werkgeversorganisatie", "onderwijs", "ontwikkelbedrijf", "win-punt",
        "overig",
    ]
    document = lsp.ROOT / "sites" / "regions" / "codes.yaml"
    server.open(document, "naam: Twente\ncode: \n")
    codes = server.completion(document, 1, 6)
    server.close(document)
    assert [(c["label"], c["documentation"]["value"]) for c in codes][:3] == [
        ("AM01", "Groningen"), ("AM02", "Friesland"), ("AM03", "Drenthe")
    ]
    assert "AM00" not in {c["label"] for c in codes}  # the fictional example's code, in its own schema only


def test_the_example_region_uses_its_own_schema_and_passes(server):
    document = lsp.ROOT / "examples" / "regions" / "voorbeeldregio.yaml"
    assert server.open(document, document.read_text(encoding="utf-8")) == []
    server.close(document)


@pytest.mark.parametrize("path", sorted((lsp.ROOT / "sites" / "regions").glob("*.yaml")), ids=lambda p: p.stem)
def test_every_real_region_file_is_clean_in_the_editor(server, path):
    assert server.open(path, path.read_text(encoding="utf-8")) == []
    server.close(path)

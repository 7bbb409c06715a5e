"""The editor's JSON Schema: generated from the region model, committed, never out of step with it, and in the
form yaml-language-server shows in Dutch (every rule with its own Dutch message)."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from conftest import EXAMPLE_REGIONS, REPO
from generator.models.fields import POSTCODE_RE
from generator.models.region import _TIME_RANGE, NOT_WERKCENTRUM, RANGE_PATTERN
from generator.project import Project
from generator.schema import EXAMPLE_SCHEMA_FILE, SCHEMA_FILE, editor_schema, schema_line, schema_text
from generator.yamlfile import load_yaml

REGION_FILES = sorted((REPO / "sites" / "regions").glob("*.yaml"))
EXAMPLE = EXAMPLE_REGIONS / "voorbeeldregio.yaml"
# Keywords whose message yaml-language-server cannot show in Dutch (no errorMessage, or the 'Allowed Values'
# and 'Example' labels on hover), and pydantic's titles and null defaults (repeated hover titles, 'null' completion).
ENGLISH_ONLY = {
    "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "enum", "const", "not", "oneOf", "anyOf",
    "format", "additionalProperties", "maxProperties", "minProperties", "examples", "title", "default",
}


@pytest.fixture(scope="module")
def project() -> Project:
    return Project.find(REPO)


def _validator(path: Path) -> Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    return _validator(REPO / SCHEMA_FILE)


def _data(path: Path):
    """A region file read as YAML 1.2, the way the editor and the check read it."""
    doc, _ = load_yaml(path)
    return doc.data


@pytest.mark.parametrize("name, example", [(SCHEMA_FILE, False), (EXAMPLE_SCHEMA_FILE, True)])
def test_the_committed_schemas_are_up_to_date_with_the_model(project, name, example):
    committed = (REPO / name).read_text(encoding="utf-8")
    assert committed == schema_text(project, example=example), f"run 'werkcentrum schema' and commit {name}"


def _nodes(node, where="$"):
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            if key not in ("if", "propertyNames") or not isinstance(value, dict):
                yield from _nodes(value, f"{where}.{key}")
            elif key == "propertyNames":
                yield f"{where}.{key}", value
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _nodes(value, f"{where}[{index}]")


def test_every_rule_has_a_dutch_message_and_no_keyword_shows_english(project):
    schema = editor_schema(project)
    objects = 0
    for where, node in _nodes(schema):
        shown = ENGLISH_ONLY - ({"title"} if where == "$" else set())  # the root's title names the schema
        assert not shown & set(node), f"{where}: {shown & set(node)}"
        if "pattern" in node:
            assert node.get("patternErrorMessage"), where
        if "type" in node or "required" in node or "contains" in node:
            assert node.get("errorMessage"), where
        for key in ("errorMessage", "patternErrorMessage"):
            if key in node:
                # Dutch, written for a person: no regular expression, no English.
                assert not re.search(r"\b(the|is not|must|should|expected|value)\b|\^|\$\)", node[key]), node[key]
        if isinstance(node.get("properties"), dict) and "dependentSchemas" not in where:
            objects += 1
            assert node["propertyNames"]["pattern"] == "^(?:" + "|".join(node["properties"]) + ")$", where
            for name, prop in node["properties"].items():
                assert prop.get("markdownDescription") or prop.get("$ref"), f"{where}.{name}"
    assert objects >= 7


def test_hovers_are_dutch_and_say_each_thing_once(project):
    schema = editor_schema(project)
    for where, node in _nodes(schema):
        text = node.get("markdownDescription")
        if not text:
            continue
        assert not any(word in text.split() for word in ("the", "and", "with", "which", "A", "An")), text
        first = text.split("\n\n")[0]
        assert text.count(first) == 1, where


def test_patterns_come_from_the_model(project):
    schema = editor_schema(project)
    defs, props = schema["$defs"], schema["properties"]
    code = props["code"]["allOf"][-1]["pattern"]
    assert "AM05" in code and "AM00" not in code
    assert "AM00" in editor_schema(project, example=True)["properties"]["code"]["allOf"][-1]["pattern"]
    assert [s["label"] for s in props["code"]["defaultSnippets"]][:2] == ["AM01", "AM02"]
    soort = defs["Partner"]["properties"]["soort"]
    assert soort["allOf"][-1]["pattern"].startswith("^(?:gemeente|uwv|")
    postcode = defs["Inlooppunt"]["properties"]["postcode"]
    assert {"pattern": POSTCODE_RE.pattern, "patternErrorMessage": postcode["allOf"][1]["patternErrorMessage"]} in (
        postcode["allOf"]
    )
    assert list(props["aanvullingen"]["properties"]) == [
        "index", "werkzoekenden", "werkenden", "werkgevers", "zo-helpen-wij", "inlooppunten", "partners", "contact",
        "privacy", "toegankelijkheid",
    ]




@pytest.mark.parametrize("path", REGION_FILES, ids=lambda p: p.stem)
def test_every_real_region_file_is_valid_for_the_editor_schema(path: Path, validator):
    errors = sorted(validator.iter_errors(_data(path)), key=str)
    assert not errors, [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors]


def test_the_example_region_is_valid_for_its_own_schema_and_points_to_it(validator):
    assert not list(_validator(REPO / EXAMPLE_SCHEMA_FILE).iter_errors(_data(EXAMPLE)))
    assert [e.path[0] for e in validator.iter_errors(_data(EXAMPLE))] == ["code"]  # AM00 only there
    assert EXAMPLE.read_text(encoding="utf-8").splitlines()[0] == (
        "# yaml-language-server: $schema=../../schema/voorbeeldregio.schema.json"
    )


@pytest.mark.parametrize(
    "change",
    [
        {"inloopunten": []},
        {"code": "AM99"},
        {"code": "AM00"},
        {"naam": "Werkcentrum Twente"},
        {"naam": "  werkCENTRUM Twente"},
        {"naam": "<b>Twente</b>"},
        {"naam": "   "},
        {"subdomein": "www"},
        {"contact": {"website": "http://www.werkcentrum.nl/"}},
        {"contact": {"telefoon": None}},
        {"contact": {"telefoon": 534801234}},
        {"contact": {"email": "info.werkcentrum.nl"}},
        {"aanvullingen": {"werkgever": "Tekst."}},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "postcode": "7511jm"}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "postcode": "1234 SS"}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "gids": "yes"}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "openingstijden": {"maandg": "09:00-17:00"}}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "openingstijden": {"maandag": "9:00-17:00"}}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "openingstijden": {"maandag": "25:00-26:00"}}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "openingstijden": {"maandag": "09:00-17:60"}}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "openingstijden": {"maandag": []}}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "openingstijden": {"maandag": ["09:00-10:00"] * 7}}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "openingstijden": {"maandag": "Gesloten"}}]},
        {"inlooppunten": [{"naam": "X"}]},
        {"paginas": [{"titel": "X", "slug": "x", "inhoud": "Y", "bestand": "x.md"}]},
        {"paginas": [{"titel": "X", "slug": "x"}]},
        {"paginas": [{"titel": "X", "slug": "x", "bestand": "../geheim.md"}]},
        {"paginas": [{"titel": "X", "slug": "contact", "inhoud": "Y"}]},
        {"gemeenten": ["A"] * 61},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "status": "binnenkort"}]},
        {"meldingen": [{"tekst": "Dicht."}]},
    ],
    ids=lambda change: json.dumps(change)[:60],
)
def test_the_editor_flags_mistakes_the_model_refuses(change, validator):
    data = {"naam": "Twente", "code": "AM05", **change}
    assert list(validator.iter_errors(data)), change


@pytest.mark.parametrize(
    "fine",
    [
        {"naam": "Werkplein Centrum"},
        {"contact": {"telefoon": "(053) 123.45-67", "email": "info@münchen.example", "website": "HTTPS://x.nl/"}},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "openingstijden": {"maandag": " 09 :00 - 17: 00 "}}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "openingstijden": {"zondag": "gesloten"}}]},
        {"paginas": [{"titel": "X", "slug": "contact-zorg", "bestand": "map/x.md"}]},
    ],
    ids=lambda change: json.dumps(change)[:60],
)
def test_the_editor_accepts_what_the_model_accepts(fine, validator):
    from generator.models import Regio

    data = {"naam": "Twente", "code": "AM05", **fine}
    Regio.model_validate(data)
    assert not list(validator.iter_errors(data)), fine


def test_the_time_range_pattern_is_the_models_rule():
    # _parse_range drops every space and wants HH:MM-HH:MM within a day; the pattern must say exactly that.
    rng = random.Random(13)
    samples = ["09:00-17:00", "00:00-23:59", "24:00-25:00", "9:00-17:00", "09:60-10:00", "19:00-20:00", "23:59-00:00"]
    for _ in range(3000):
        text = "".join(rng.choice("0123456789:- ") for _ in range(rng.randint(9, 14)))
        samples.append(text)
        digits = [f"{rng.randint(0, 29):02d}", f"{rng.randint(0, 69):02d}", f"{rng.randint(0, 29):02d}", f"{rng.randint(0, 69):02d}"]
        canonical = f"{digits[0]}:{digits[1]}-{digits[2]}:{digits[3]}"
        spaced = "".join(c + (" " * rng.randint(0, 1) if rng.random() < 0.2 else "") for c in canonical)
        samples += [canonical, spaced]

    def model_accepts(text: str) -> bool:
        match = _TIME_RANGE.fullmatch(text.replace(" ", ""))
        return bool(match) and all(int(h) <= 23 and int(m) <= 59 for h, m in zip(match.groups()[::2], match.groups()[1::2]))

    for text in samples:
        assert model_accepts(text) == bool(re.fullmatch(RANGE_PATTERN, text)), repr(text)
    assert sum(map(model_accepts, samples)) > 1000


def test_the_name_rule_is_one_pattern():
    for name in ["Twente", "Werkcentrum Twente", "werkcentrum", "  WERKCENTRUM", "Werkcentrale", "Het Werkcentrum",
                 "WER\u212aCENTRUM X"]:
        assert bool(re.match(NOT_WERKCENTRUM, name)) == (not name.strip().lower().startswith("werkcentrum")), name


def test_the_schema_line_is_relative_to_the_region_file(project):
    assert schema_line(project.regions_dir / "twente.yaml", project) == (
        "# yaml-language-server: $schema=../../schema/regio.schema.json"
    )
    assert schema_line(project.root / "examples" / "regions" / "x.yaml", project, example=True).endswith(
        "=../../schema/voorbeeldregio.schema.json"
    )

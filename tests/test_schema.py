"""The editor's JSON Schema: generated from the region model, committed, and never out of step with it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import EXAMPLE_REGIONS, REPO
from generator.project import Project
from generator.schema import SCHEMA_FILE, region_schema, schema_line, schema_text

REGION_FILES = sorted((REPO / "sites" / "regions").glob("*.yaml")) + [EXAMPLE_REGIONS / "voorbeeldregio.yaml"]


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads((REPO / SCHEMA_FILE).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_the_committed_schema_is_up_to_date_with_the_model():
    committed = (REPO / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "run 'werkcentrum schema' and commit schema/regio.schema.json"


def _objects(node, where="$"):
    if isinstance(node, dict):
        if "properties" in node:
            yield where, node
        for key, value in node.items():
            yield from _objects(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _objects(value, f"{where}[{index}]")


def test_every_field_has_a_dutch_description_and_no_unknown_keys_are_allowed():
    objects = list(_objects(region_schema()))
    assert len(objects) >= 6
    for where, obj in objects:
        assert obj.get("additionalProperties") is False, where
        assert obj.get("description"), where
        for name, prop in obj["properties"].items():
            description = prop.get("description", "")
            assert description, f"{where}.{name}"
            # Dutch, not the model's English docstrings.
            assert not any(word in description.split() for word in ("the", "and", "with", "which", "A", "An")), (
                description
            )


def test_patterns_and_enums_come_from_the_model():
    schema = region_schema()
    defs = schema["$defs"]
    assert schema["properties"]["code"]["pattern"] == "^AM[0-9]{2}$"
    assert "AM05" in schema["properties"]["code"]["enum"]
    assert "www" in schema["properties"]["subdomein"]["not"]["enum"]
    assert defs["Partner"]["properties"]["soort"]["enum"][:2] == ["gemeente", "uwv"]
    postcode = defs["Inlooppunt"]["properties"]["postcode"]["anyOf"][0]
    assert postcode["pattern"] == "^[1-9][0-9]{3} [A-Z]{2}$"


class EditorLoader(yaml.SafeLoader):
    """YAML as the editor's YAML extension reads it (YAML 1.2): a date such as 2026-04-27 is text there."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@pytest.mark.parametrize("path", REGION_FILES, ids=lambda p: p.stem)
def test_every_real_region_file_is_valid_for_the_editor_schema(path: Path, validator):
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)  # noqa: S506 - a SafeLoader
    errors = sorted(validator.iter_errors(data), key=str)
    assert not errors, [f"{'/'.join(map(str, e.path))}: {e.message}" for e in errors]


@pytest.mark.parametrize(
    "change",
    [
        {"inloopunten": []},
        {"code": "AM99"},
        {"subdomein": "www"},
        {"contact": {"website": "http://www.werkcentrum.nl/"}},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "postcode": "7511jm"}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "gids": "ja"}]},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "openingstijden": {"maandg": "09:00-17:00"}}]},
        {"paginas": [{"titel": "X", "slug": "x", "inhoud": "Y", "bestand": "x.md"}]},
        {"paginas": [{"titel": "X", "slug": "x", "bestand": "../geheim.md"}]},
        {"naam": "<b>Twente</b>"},
        {"inlooppunten": [{"naam": "X", "gemeente": "Y", "status": "binnenkort"}]},
        {"meldingen": [{"tekst": "Dicht."}]},
    ],
    ids=lambda change: next(iter(change)),
)
def test_the_editor_flags_mistakes_the_model_refuses(change, validator):
    data = {"naam": "Twente", "code": "AM05", **change}
    assert list(validator.iter_errors(data)), change


def test_the_schema_line_is_relative_to_the_region_file():
    project = Project.find(REPO)
    assert schema_line(project.regions_dir / "twente.yaml", project) == (
        "# yaml-language-server: $schema=../../schema/regio.schema.json"
    )
    assert schema_line(project.root / "examples" / "regions" / "x.yaml", project).endswith(
        "=../../schema/regio.schema.json"
    )

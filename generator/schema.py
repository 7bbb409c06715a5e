"""``werkcentrum schema``: the JSON Schema of a region file, generated from the one region model.

VS Code's YAML extension reads it through the first line of every region file
(``# yaml-language-server: $schema=../../schema/regio.schema.json``): it completes field names, shows the Dutch
description of each field and flags a mistake while you type. The model stays the authority; the schema is
its editor-side shadow, and a test fails when the committed file is out of date.

``region_schema()`` is the model's plain JSON Schema (``regio nieuw`` writes its examples). ``editor_schema()``
is what the editor gets: the same rules in the form yaml-language-server shows in Dutch. That server prints a
schema's ``errorMessage`` / ``patternErrorMessage`` instead of its own English texts, but only for some keywords,
so every rule becomes one of those (a length becomes a pattern, an enum a pattern with completion snippets, a
required field a message per object, an unknown field a ``propertyNames`` pattern), each with its own message.
It also knows the project: the base pages that ``aanvullingen`` may fill, and that the fictional example
region's code AM00 belongs in ``examples/regions/`` only (``voorbeeldregio.schema.json``).
"""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path
from typing import Any

from .models import Regio
from .models.fields import markdown_description, rule
from .project import Project

SCHEMA_FILE = Path("schema") / "regio.schema.json"
EXAMPLE_SCHEMA_FILE = Path("schema") / "voorbeeldregio.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"
EXAMPLE_CODE = "AM00"  # validate.EXAMPLE_CODE; validate imports the models, so it is not imported from there


def schema_line(region_file: Path, project: Project, *, example: bool = False) -> str:
    """The first line of a region file: where the editor finds the schema, relative to that file."""
    target = os.path.relpath(project.root / (EXAMPLE_SCHEMA_FILE if example else SCHEMA_FILE), region_file.parent)
    return f"# yaml-language-server: $schema={Path(target).as_posix()}"


def _hoist(node: Any, defs: dict[str, Any]) -> None:
    """Give every property its description at the top, where editors show it.

    pydantic puts the description of an optional field inside the non-null branch of ``anyOf``, and the
    description of a model field next to a ``$ref``; editors read it best on the property itself.
    """
    if isinstance(node, dict):
        for prop in (node.get("properties") or {}).values():
            if "description" not in prop:
                for branch in prop.get("anyOf", []):
                    ref = branch.get("$ref", "")
                    found = branch.get("description") or defs.get(ref.rsplit("/", 1)[-1], {}).get("description")
                    if found:
                        prop["description"] = found
                        break
                else:
                    ref = prop.get("$ref") or (prop.get("items") or {}).get("$ref", "")
                    if ref:
                        prop["description"] = defs.get(ref.rsplit("/", 1)[-1], {}).get("description", "")
        for value in node.values():
            _hoist(value, defs)
    elif isinstance(node, list):
        for value in node:
            _hoist(value, defs)


def region_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a region file, as pydantic writes it from the model."""
    schema = Regio.model_json_schema()
    _hoist(schema, schema.get("$defs", {}))
    schema["title"] = "Regiobestand van een Werkcentrum"
    return {"$schema": DIALECT, **schema}


# --- the editor's form ------------------------------------------------------------------------------------------


def _words(words: list[str], last: str) -> str:
    """``['a', 'b', 'c']`` -> ``'a', 'b' of 'c'`` (with ``last`` = 'of')."""
    quoted = [f"'{w}'" for w in words]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + f" {last} " + quoted[-1]


def _escape(text: str) -> str:
    """``re.escape`` for patterns that both Python and ECMAScript's unicode mode read ('\\-' is an error there)."""
    return re.sub(r"([.^$*+?()\[\]{}|\\/])", r"\\\1", text)


def _choice(values: list[str]) -> str:
    """A pattern that matches exactly one of ``values``."""
    return "^(?:" + "|".join(map(_escape, values)) + ")$"


def _without_null(node: dict) -> dict:
    """An optional field as the editor sees it: only its real type (an empty value is an error in the model too)."""
    branches = [b for b in node["anyOf"] if b != {"type": "null"}]
    if len(branches) != 1:
        return {**node, "anyOf": branches}
    branch = branches[0]
    merged = {**branch, **{k: v for k, v in node.items() if k not in ("anyOf", "default")}}
    if "allOf" in branch and "allOf" in node:
        merged["allOf"] = branch["allOf"] + node["allOf"]
    # The field's own description (more specific than its type's) is the one to show on hover.
    if node.get("description") and node["description"] != branch.get("description"):
        examples = branch.get("examples") or [None]
        merged["markdownDescription"] = markdown_description(node["description"], examples[0])
    return merged


def _enum_as_pattern(node: dict) -> dict:
    """An enum as a pattern with its own Dutch message, and each value as a completion with its description.

    yaml-language-server would show "Allowed Values:" on hover and could replace the message with an English
    list of values.
    """
    values = node.pop("enum")
    descriptions = node.pop("enumDescriptions", [None] * len(values))
    message = node.get("errorMessage") or f"Kies een van: {', '.join(values)}."
    node["type"] = "string"
    node["errorMessage"] = message
    node["allOf"] = [*node.get("allOf", []), rule(_choice(values), message)]
    node["defaultSnippets"] = [
        {"label": value, **({"markdownDescription": text} if text else {}), "body": value}
        for value, text in zip(values, descriptions)
    ]
    return node


def _object(node: dict) -> dict:
    """An object: its type, its required fields and its known field names, each with a Dutch message."""
    names = list(node["properties"])
    node.pop("type", None)
    node.pop("additionalProperties", None)
    node["allOf"] = [
        {
            "type": "object",
            "errorMessage": "Hier hoort een groep velden onder elkaar, zoals 'naam: ...', ingesprongen met spaties.",
        },
        *node.get("allOf", []),
    ]
    node["propertyNames"] = rule(
        _choice(names),
        "Dit veld bestaat hier niet. Controleer de spelling, of kies met Ctrl+spatie een veld uit de lijst: "
        + ", ".join(names) + ".",
    )
    if node.get("required"):
        node["errorMessage"] = f"Er ontbreekt een verplicht veld. Verplicht zijn: {_words(node['required'], 'en')}."
    if len(names) <= node.get("maxProperties", len(names)):
        node.pop("maxProperties", None)  # the known names are fewer than the limit
    alternatives = node.pop("oneOf", None)
    if alternatives:  # [{"required": [a]}, {"required": [b]}]: exactly one of a and b
        keys = [alt["required"][0] for alt in alternatives]
        message = f"Vul precies één van deze velden in: {_words(keys, 'of')}."
        node["if"] = {"properties": {key: False for key in keys}}
        node["then"] = {"required": keys[:1], "errorMessage": message}
        # One message, at the first of the keys: each later key forbids the ones before it.
        node["dependentSchemas"] = {
            key: {"properties": {other: False for other in keys[:index]}, "errorMessage": message}
            for index, key in enumerate(keys)
            if index
        }
    return node


def _array(node: dict) -> dict:
    """A list: its type and its length limits with Dutch messages ('contains' takes a message, 'maxItems' not)."""
    node["errorMessage"] = "Hier hoort een lijst: elke regel begint met '- '."
    limits = []
    if node.get("minItems"):
        limits.append({"contains": {}, "minContains": node.pop("minItems"), "errorMessage": "Deze lijst is leeg."})
    if "maxItems" in node:
        most = node.pop("maxItems")
        limits.append(
            {"contains": {}, "minContains": 0, "maxContains": most, "errorMessage": f"Deze lijst is te lang: hoogstens {most}."}
        )
    if limits:
        node["allOf"] = [*node.get("allOf", []), *limits]
    return node


def _editor_form(node: Any) -> Any:
    """``region_schema()`` in the form yaml-language-server shows in Dutch (see the module docstring)."""
    if isinstance(node, list):
        return [_editor_form(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _editor_form(value) for key, value in node.items()}
    if "anyOf" in node and {"type": "null"} in node["anyOf"]:
        node = _without_null(node)
    # A default is what a field means when it is left out; completion would write it into the file (and 'null' for an
    # optional field), so the editor gets none.
    node.pop("default", None)
    node.pop("title", None)  # pydantic's titles repeat the field name above every hover text
    examples = node.pop("examples", None)
    if "description" in node and "markdownDescription" not in node:
        example = examples[0] if examples and isinstance(examples[0], (str, bool)) else None
        node["markdownDescription"] = markdown_description(node["description"], example)
    if "enum" in node:
        node = _enum_as_pattern(node)
    for keyword, pattern, message in (
        ("minLength", "^[\\s\\S]{%d,}$", "Deze tekst is te kort: minstens %d tekens."),
        ("maxLength", "^[\\s\\S]{0,%d}$", "Deze tekst is te lang: hoogstens %d tekens."),
    ):
        if keyword in node:
            limit = node.pop(keyword)
            node["allOf"] = [*node.get("allOf", []), rule(pattern % limit, message % limit)]
    if isinstance(node.get("properties"), dict) and "additionalProperties" in node:
        node = _object(node)
    if node.get("type") == "array":
        node = _array(node)
    return node


def _base_slugs(project: Project) -> list[str]:
    """The pages of the national base website (``sites/base/site.yml``), in menu order."""
    from .load import load_definition
    from .models import SiteDefinition

    doc = load_definition(project, project.base_dir / "site.yml").doc
    if doc is None:
        return []
    return [page.slug for page in SiteDefinition.model_validate(doc.data).all_pages()]


def editor_schema(project: Project | None = None, *, example: bool = False) -> dict[str, Any]:
    """The schema the editor reads: ``region_schema()`` with the project's base pages, in Dutch throughout.

    ``example`` is the schema of the fictional example region, the only one that may use code AM00.
    """
    project = project or Project.find()
    schema = copy.deepcopy(region_schema())
    props, defs = schema["properties"], schema["$defs"]
    if not example:
        code = props["code"]
        keep = [i for i, value in enumerate(code["enum"]) if value != EXAMPLE_CODE]
        code["enum"] = [code["enum"][i] for i in keep]
        code["enumDescriptions"] = [code["enumDescriptions"][i] for i in keep]
    slugs = _base_slugs(project)
    if slugs:
        text = props["aanvullingen"].pop("additionalProperties")
        props["aanvullingen"]["properties"] = {
            slug: {**text, "description": f"Regionale tekst in Markdown onder de landelijke pagina '{slug}'."}
            for slug in slugs
        }
        props["aanvullingen"]["additionalProperties"] = False
        props["aanvullingen"].pop("propertyNames", None)
        page_slug = defs["RegioPagina"]["properties"]["slug"]
        page_slug.setdefault("allOf", []).append(
            rule(
                f"^(?!(?:{'|'.join(map(_escape, slugs))})$)",
                "Deze naam heeft al een landelijke basispagina; een regio kan die niet vervangen. Wil je iets "
                "toevoegen aan die pagina? Zet je tekst onder 'aanvullingen'.",
            )
        )
    schema = _editor_form(schema)
    schema.pop("title", None)  # the editor would show it above the hover text of every field
    if slugs:
        schema["properties"]["aanvullingen"]["propertyNames"]["patternErrorMessage"] = (
            "Er is geen basispagina met deze naam. Kies een pagina uit de lijst (Ctrl+spatie): " + ", ".join(slugs) + "."
        )
    return schema


def schema_text(project: Project | None = None, *, example: bool = False) -> str:
    """The schema as it is written to disk: stable key order, readable Dutch, one trailing newline."""
    return json.dumps(editor_schema(project, example=example), indent=2, ensure_ascii=False) + "\n"


def schema_files(project: Project | None = None) -> dict[Path, str]:
    """Every schema the project keeps in ``schema/``: the region file's and the example region's (editor) and
    ``inlooppunten.json``'s (partners)."""
    from .opendata import SCHEMA_FILE as OPEN_DATA_FILE, schema_text as open_data_schema

    return {
        SCHEMA_FILE: schema_text(project),
        EXAMPLE_SCHEMA_FILE: schema_text(project, example=True),
        SCHEMA_FILE.parent / OPEN_DATA_FILE: open_data_schema(),
    }


def write_schema(project: Project) -> tuple[Path, bool]:
    """Write the schemas in ``schema/``; returns the region schema's path and whether any content changed."""
    changed = False
    for relative, text in schema_files(project).items():
        path = project.root / relative
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed = True
    return project.root / SCHEMA_FILE, changed

"""``werkcentrum schema``: the JSON Schema of a region file, generated from the one region model.

VS Code's YAML extension reads it through the first line of every region file
(``# yaml-language-server: $schema=../../schema/regio.schema.json``): it completes field names, shows the Dutch
description of each field and flags a mistake while you type. The model stays the authority; the schema is
its editor-side shadow, and a test fails when the committed file is out of date.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from .models import Regio
from .project import Project

SCHEMA_FILE = Path("schema") / "regio.schema.json"
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_line(region_file: Path, project: Project) -> str:
    """The first line of a region file: where the editor finds the schema, relative to that file."""
    target = os.path.relpath(project.root / SCHEMA_FILE, region_file.parent)
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
    """The JSON Schema (draft 2020-12) of a region file."""
    schema = Regio.model_json_schema()
    _hoist(schema, schema.get("$defs", {}))
    schema["title"] = "Regiobestand van een Werkcentrum"
    return {"$schema": DIALECT, **schema}


def schema_text() -> str:
    """The schema as it is written to disk: stable key order, readable Dutch, one trailing newline."""
    return json.dumps(region_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_files() -> dict[Path, str]:
    """Every schema the project keeps in ``schema/``: the region file (editor) and ``inlooppunten.json`` (partners)."""
    from .opendata import SCHEMA_FILE as OPEN_DATA_FILE, schema_text as open_data_schema

    return {SCHEMA_FILE: schema_text(), SCHEMA_FILE.parent / OPEN_DATA_FILE: open_data_schema()}


def write_schema(project: Project) -> tuple[Path, bool]:
    """Write the schemas in ``schema/``; returns the region schema's path and whether any content changed."""
    changed = False
    for relative, text in schema_files().items():
        path = project.root / relative
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        changed = True
    return project.root / SCHEMA_FILE, changed

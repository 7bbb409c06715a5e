"""Stage 1, load: read every ``*.tokens.json`` in a folder, merge them into one tree and list the raw tokens.

Checks here: JSON syntax (with line and column), names, duplicate names and paths, missing ``$value``,
``$type`` (known, and inherited from groups as DTCG allows).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import TokenError
from .paths import display_path
from .transforms import COMPOSITE_TYPES, SUPPORTED_TYPES

TOP_GROUP = "werkcentrum"
FILE_GLOB = "*.tokens.json"
TOKEN_PROPS = frozenset({"$value", "$type", "$description", "$deprecated", "$extensions"})
GROUP_PROPS = frozenset({"$type", "$description", "$deprecated", "$extensions"})
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_INVALID = "\0invalid"  # inherited in place of a group $type that was reported as wrong


@dataclass(frozen=True)
class RawToken:
    """A token as written: its literal ``$value`` and its declared or inherited ``$type`` (None if neither)."""

    path: str
    type: str | None
    value: Any
    description: str | None
    file: str


@dataclass
class _Group:
    path: str
    file: str  # the file that first opened this group
    props: dict[str, tuple[Any, str]] = field(default_factory=dict)  # name -> (value, file)
    children: dict[str, _Group | _TokenNode] = field(default_factory=dict)
    had_entries: bool = False  # some entry was written here, even one that was rejected


@dataclass
class _TokenNode:
    path: str
    file: str
    data: dict[str, Any]


@dataclass
class Loaded:
    """Result of the load stage."""

    files: list[str]
    tokens: dict[str, RawToken]
    groups: set[str]
    broken: set[str]  # paths of tokens that had an error here; aliases to them are not reported again
    errors: list[TokenError]


class _Obj(dict):
    """A JSON object that remembers keys that appeared twice."""

    duplicates: list[str]


def _pairs(pairs: list[tuple[str, Any]]) -> _Obj:
    obj = _Obj()
    obj.duplicates = []
    for key, value in pairs:
        if key in obj and key not in obj.duplicates:
            obj.duplicates.append(key)
        obj[key] = value
    return obj


_JSON_MESSAGES = [
    ("Expecting ',' delimiter", "er mist een komma"),
    ("Expecting ':' delimiter", "er mist een dubbele punt"),
    (
        "Expecting property name enclosed in double quotes",
        "er staat een komma te veel, of een naam staat niet tussen dubbele aanhalingstekens",
    ),
    ("Expecting value", "er ontbreekt een waarde, of er staat een komma te veel"),
    ("Unterminated string", "een tekst is niet afgesloten met een aanhalingsteken"),
    ("Invalid control character", "er staat een regeleinde of tab binnen een tekst"),
    ("Extra data", "er staat nog iets na het einde"),
    ("Invalid \\escape", "er staat een ongeldige \\ in een tekst"),
]


def _json_error(file: str, err: json.JSONDecodeError) -> TokenError:
    what = next((nl for en, nl in _JSON_MESSAGES if err.msg.startswith(en)), "de opbouw klopt niet")
    return TokenError(
        file,
        "",
        f"Dit is geen geldige JSON: {what} (regel {err.lineno}, kolom {err.colno}).",
        f"Kijk op regel {err.lineno} en de regel erboven. Vaak mist er een komma of staat er een komma te veel.",
        line=err.lineno,
    )


def read_files(folder: Path) -> tuple[list[tuple[str, Any]], list[TokenError]]:
    """Parse every ``*.tokens.json`` in ``folder`` (sorted by name); returns (display path, data) pairs and errors."""
    folder = Path(folder)
    shown = display_path(folder)
    if not folder.is_dir():
        return [], [TokenError(shown, "", "Deze map bestaat niet.", "Geef de map met de *.tokens.json-bestanden.")]
    paths = sorted(folder.glob(FILE_GLOB), key=lambda p: p.name)
    if not paths:
        return [], [
            TokenError(
                shown,
                "",
                "In deze map staan geen *.tokens.json-bestanden.",
                "Zet de tokens in bestanden die eindigen op .tokens.json.",
            )
        ]
    docs: list[tuple[str, Any]] = []
    errors: list[TokenError] = []
    for path in paths:
        file = display_path(path)
        try:
            docs.append((file, json.loads(path.read_text(encoding="utf-8"), object_pairs_hook=_pairs)))
        except json.JSONDecodeError as err:
            errors.append(_json_error(file, err))
        except UnicodeDecodeError:
            errors.append(TokenError(file, "", "Dit bestand is geen UTF-8-tekst.", "Sla het bestand op als UTF-8."))
    return docs, errors


def _check_name(name: str, parent: str, file: str) -> TokenError | None:
    path = f"{parent}.{name}" if parent else name
    if any(c in name for c in ".{}"):
        return TokenError(
            file,
            path,
            f"De naam '{name}' bevat een punt of accolade.",
            "Gebruik alleen kleine letters, cijfers en streepjes.",
        )
    if not NAME_RE.match(name):
        suggestion = re.sub(r"[^a-z0-9]+", "-", re.sub(r"(?<=[a-z0-9])([A-Z])", r"-\1", name).lower()).strip("-")
        hint = "Gebruik alleen kleine letters, cijfers en streepjes (kebab-case)"
        return TokenError(
            file,
            path,
            f"De naam '{name}' is niet in kebab-case.",
            f"{hint}, bijvoorbeeld '{suggestion}'." if suggestion else hint + ".",
        )
    return None


def _merge(docs: list[tuple[str, Any]], errors: list[TokenError]) -> tuple[_Group, set[str]]:
    """Merge all files into one tree; a token path defined in two files is an error."""
    root = _Group("", "")
    broken: set[str] = set()
    for file, doc in docs:
        if not isinstance(doc, dict):
            errors.append(
                TokenError(
                    file, "", "Het bestand is geen JSON-object.", 'Begin het bestand met { "werkcentrum": { ... } }.'
                )
            )
            continue
        if TOP_GROUP not in doc:
            errors.append(
                TokenError(
                    file,
                    "",
                    f"In dit bestand staat geen groep '{TOP_GROUP}'.",
                    f'Zet alle tokens onder de groep "{TOP_GROUP}".',
                )
            )
        for key in doc.duplicates:
            errors.append(TokenError(file, key, f"De naam '{key}' staat twee keer in dit bestand.", "Haal er een weg."))
        for key, value in doc.items():
            if key == "$schema":
                continue
            if key != TOP_GROUP:
                errors.append(
                    TokenError(
                        file,
                        key,
                        f"'{key}' staat niet in de groep '{TOP_GROUP}'.",
                        f'Zet alle tokens onder de groep "{TOP_GROUP}".',
                    )
                )
                continue
            _merge_group(root, key, value, file, errors, broken)
    return root, broken


def _merge_group(parent: _Group, name: str, data: Any, file: str, errors: list[TokenError], broken: set[str]) -> None:
    path = f"{parent.path}.{name}" if parent.path else name
    existing = parent.children.get(name)
    if isinstance(existing, _TokenNode):
        errors.append(
            TokenError(
                file,
                path,
                f"Hier staat een groep, maar in {existing.file} is '{path}' een token.",
                "Een naam is een token of een groep, niet allebei.",
            )
        )
        broken.add(path)
        return
    if not isinstance(data, dict):
        errors.append(
            TokenError(
                file,
                path,
                "Hier hoort een groep (een object met tokens).",
                'Schrijf een groep als {"naam": {"$value": ...}}.',
            )
        )
        broken.add(path)
        return
    group = existing or _Group(path, file)
    parent.children[name] = group
    for key in getattr(data, "duplicates", []):
        errors.append(
            TokenError(
                file,
                f"{path}.{key}" if not key.startswith("$") else path,
                f"De naam '{key}' staat twee keer in deze groep.",
                "Haal er een weg.",
            )
        )
    for key, value in data.items():
        if not key.startswith("$") or key not in GROUP_PROPS:
            group.had_entries = True
        if key.startswith("$"):
            if key not in GROUP_PROPS:
                hint = (
                    "Zet hier $value in een token."
                    if key == "$value"
                    else "Een groep kan $type, $description, $deprecated en $extensions hebben."
                )
                if key in ("$root", "$extends", "$ref"):
                    hint = f"{key} wordt door deze toolkit (nog) niet ondersteund."
                errors.append(TokenError(file, path, f"Een groep kan geen eigenschap '{key}' hebben.", hint))
                continue
            old = group.props.get(key)
            if key == "$type" and old is not None and old[0] != value:
                errors.append(
                    TokenError(
                        file,
                        path,
                        f"Deze groep heeft $type '{value}', maar in {old[1]} is dat '{old[0]}'.",
                        "Geef de groep in alle bestanden hetzelfde $type.",
                    )
                )
                continue
            if old is None:
                group.props[key] = (value, file)
            continue
        err = _check_name(key, path, file)
        if err:
            errors.append(err)
            broken.add(err.token_path)
            continue
        child_path = f"{path}.{key}"
        if not isinstance(value, dict):
            if key in ("value", "type", "description"):
                hint = f"Bedoelde u ${key}? Eigenschappen van een token beginnen met $."
            else:
                hint = 'Een token is een object met $value, bijvoorbeeld {"$value": ...}.'
            errors.append(
                TokenError(file, child_path, "Hier staat een losse waarde in plaats van een token of groep.", hint)
            )
            broken.add(child_path)
            continue
        if "$value" not in value and "value" in value:
            errors.append(
                TokenError(
                    file,
                    child_path,
                    "Dit token heeft geen $value.",
                    "Er staat 'value' zonder $-teken. Schrijf \"$value\".",
                )
            )
            broken.add(child_path)
            continue
        if "$value" in value:
            prior = group.children.get(key)
            if prior is not None:
                what = "dit token" if isinstance(prior, _TokenNode) else "een groep met deze naam"
                errors.append(
                    TokenError(
                        file,
                        child_path,
                        f"Dit pad staat dubbel: {what} staat ook in {prior.file}.",
                        "Een token mag maar in één bestand staan. Haal een van de twee weg.",
                    )
                )
                continue
            group.children[key] = _TokenNode(child_path, file, value)
        else:
            _merge_group(group, key, value, file, errors, broken)


def _flatten(group: _Group, inherited: str | None, out: Loaded) -> None:
    own_type = group.props.get("$type")
    group_type = inherited
    if own_type is not None:
        value, file = own_type
        group_type = value if _check_type(value, group.path, file, out.errors) else _INVALID
    if group.path:
        out.groups.add(group.path)
    if not group.children and not group.had_entries and group.path:
        out.errors.append(
            TokenError(
                group.file,
                group.path,
                "Dit token heeft geen $value.",
                "Geef het token een $value. Is het een groep? Zet er dan tokens in.",
            )
        )
        out.broken.add(group.path)
        return
    for child in group.children.values():
        if isinstance(child, _Group):
            _flatten(child, group_type, out)
        else:
            _flatten_token(child, group_type, out)


def _check_type(value: Any, path: str, file: str, errors: list[TokenError]) -> bool:
    if not isinstance(value, str):
        errors.append(
            TokenError(
                file,
                path,
                "Het $type is geen tekst.",
                'Schrijf het type tussen aanhalingstekens, bijvoorbeeld "color".',
            )
        )
        return False
    if value in SUPPORTED_TYPES:
        return True
    if value in COMPOSITE_TYPES:
        errors.append(
            TokenError(
                file,
                path,
                f"Het type '{value}' wordt door deze toolkit (nog) niet ondersteund.",
                "Gebruik een enkelvoudig type, zoals " + ", ".join(sorted(SUPPORTED_TYPES)) + ".",
            )
        )
        return False
    close = difflib.get_close_matches(str(value), sorted(SUPPORTED_TYPES | COMPOSITE_TYPES), n=1)
    hint = f"Bedoelde u '{close[0]}'? " if close else ""
    errors.append(
        TokenError(
            file,
            path,
            f"Het type '{value}' bestaat niet.",
            hint + "Mogelijk zijn: " + ", ".join(sorted(SUPPORTED_TYPES)) + ".",
        )
    )
    return False


def _flatten_token(node: _TokenNode, group_type: str | None, out: Loaded) -> None:
    data, path, file = node.data, node.path, node.file
    bad = False
    for key in getattr(data, "duplicates", []):
        out.errors.append(
            TokenError(file, path, f"De eigenschap '{key}' staat twee keer in dit token.", "Haal er een weg.")
        )
    for key in data:
        if key not in TOKEN_PROPS:
            if key.startswith("$"):
                close = difflib.get_close_matches(key, sorted(TOKEN_PROPS), n=1)
                hint = (
                    f"Bedoelde u '{close[0]}'?"
                    if close
                    else "Een token kan $value, $type, $description, $deprecated en $extensions hebben."
                )
                out.errors.append(TokenError(file, path, f"De eigenschap '{key}' bestaat niet.", hint))
            else:
                out.errors.append(
                    TokenError(
                        file,
                        path,
                        f"Een token kan geen onderdeel '{key}' hebben.",
                        "Zet tokens in een groep, niet in een ander token.",
                    )
                )
            bad = True
    type_ = group_type
    if "$type" not in data and group_type is _INVALID:
        bad = True  # the group's $type is wrong; that is reported once, on the group
    if "$type" in data:
        if _check_type(data["$type"], path, file, out.errors):
            type_ = data["$type"]
        else:
            bad = True
    description = data.get("$description")
    if description is not None and not isinstance(description, str):
        out.errors.append(
            TokenError(file, path, "De $description is geen tekst.", "Schrijf de uitleg tussen aanhalingstekens.")
        )
        description = None
    if bad:
        out.broken.add(path)
        return
    out.tokens[path] = RawToken(path, type_, data["$value"], description, file)


def load(folder: Path) -> Loaded:
    """Run the load stage on ``folder``: parse, merge, flatten. Never raises for bad input; see ``Loaded.errors``."""
    docs, errors = read_files(folder)
    root, broken = _merge(docs, errors)
    out = Loaded(files=[f for f, _ in docs], tokens={}, groups=set(), broken=broken, errors=errors)
    _flatten(root, None, out)
    return out

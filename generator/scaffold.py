"""``werkcentrum regio nieuw "<naam>"``: a new region file, valid from the start, with every field explained.

The file is written from the JSON Schema of the region model, so its comments are the same Dutch descriptions
the editor shows, and a field added to the model appears here without extra work. Required fields get a value;
every optional field is shown as a commented example that the editor removes the ``#`` from.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, UserError
from .models.region import did_you_mean, regions_table
from .project import Project
from .schema import region_schema, schema_line

INDENT = "  "


def slugify(name: str) -> str:
    """``'Zuid-Kennemerland en IJmond'`` -> ``'zuid-kennemerland-en-ijmond'``."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")


def lookup(name: str) -> dict[str, str] | None:
    """The CBS row whose name (or slug) matches ``name``, ignoring case, accents and spacing."""
    wanted = slugify(name)
    return next((row for row in regions_table() if wanted in {slugify(row["naam"]), row["slug"]}), None)


def _scalar(value: Any) -> str:
    """One YAML value on one line, quoted only when YAML needs it (and always for times)."""
    if isinstance(value, str) and re.fullmatch(r"[0-9:-]+", value):
        return f'"{value}"'
    if isinstance(value, str) and re.fullmatch(r"https://[^\s'\"#]+", value):
        return value
    return yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=1000).strip()[1:-1]


def _resolve(prop: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    """The non-null branch of an optional property, with ``$ref`` followed."""
    for branch in prop.get("anyOf", []):
        if branch.get("type") != "null":
            prop = {**branch, **{k: v for k, v in prop.items() if k != "anyOf"}}
            break
    ref = prop.get("$ref")
    return {**defs[ref.rsplit("/", 1)[-1]], **prop} if ref else prop


def _example_lines(prop: dict[str, Any], defs: dict[str, Any], key: str, depth: int) -> list[str]:
    """YAML lines (without '#') that show an example value of ``prop`` under ``key``."""
    prop = _resolve(prop, defs)
    pad = INDENT * depth
    if prop.get("type") == "object" and "properties" in prop:
        return [f"{pad}{key}:", *_object_lines(prop, defs, depth + 1)]
    if prop.get("type") == "object":  # a free mapping such as 'aanvullingen'
        value = _resolve(prop.get("additionalProperties", {}), defs)
        return [f"{pad}{key}:", f"{pad}{INDENT}werkgevers: {_scalar(value.get('examples', ['...'])[0])}"]
    if prop.get("type") == "array":
        item = _resolve(prop["items"], defs)
        if item.get("type") == "object":
            lines = _object_lines(item, defs, depth + 2)
            first = lines[0].strip()
            return [f"{pad}{key}:", f"{pad}{INDENT}- {first}", *lines[1:]]
        return [f"{pad}{key}:", f"{pad}{INDENT}- {_scalar(item.get('examples', ['...'])[0])}"]
    example = prop.get("examples", prop.get("enum", ["..."]))[0]
    return [f"{pad}{key}: {_scalar(example)}"]


def _object_lines(schema: dict[str, Any], defs: dict[str, Any], depth: int) -> list[str]:
    # With 'oneOf' alternatives (a page has 'inhoud' or 'bestand'), only the first alternative is shown.
    others = {key for alternative in schema.get("oneOf", [])[1:] for key in alternative.get("required", [])}
    lines = []
    for key, prop in schema["properties"].items():
        if key not in others:
            lines.extend(_example_lines(prop, defs, key, depth))
    return lines


def _comment(text: str, width: int = 100) -> list[str]:
    words, lines, line = text.split(), [], "#"
    for word in words:
        if len(line) + 1 + len(word) > width:
            lines.append(line)
            line = "#"
        line += " " + word
    return [*lines, line]


def region_text(name: str, code: str, region_file: Path, project: Project) -> str:
    """The text of a new region file for region ``name`` with CBS code ``code``."""
    schema = region_schema()
    defs = schema.get("$defs", {})
    required = set(schema.get("required", []))
    values = {"naam": name, "code": code}
    relative = project.display(region_file)
    lines = [
        schema_line(region_file, project),
        "#",
        f"# Werkcentrum {name} (arbeidsmarktregio {code})",
        "#",
        "# Zo werk je in dit bestand:",
        "# - Vul alleen gegevens in die kloppen en die vaststaan. Weet je iets nog niet? Laat het veld dan weg.",
        "#   De website zegt dan zelf dat de informatie nog komt.",
        "# - Regels die met # beginnen, zijn uitleg. Die komen niet op de website. Wil je een veld gebruiken?",
        "#   Haal dan het # en de spatie erna weg, zodat het veld precies onder 'naam:' begint.",
        '# - Spring in met spaties, niet met tabs. Zet tijden tussen aanhalingstekens, zoals "09:00-17:00".',
        f"# - Controleer je werk met: werkcentrum check {relative}",
        "# - Een voorbeeld waarin alle velden zijn ingevuld: examples/regions/voorbeeldregio.yaml",
    ]
    for key, prop in schema["properties"].items():
        description = prop.get("description", "")
        lines.append("")
        lines.extend(_comment(description if key in required else f"{description} (Niet verplicht.)"))
        if key in required:
            lines.append(f"{key}: {_scalar(values[key])}")
        elif key == "gemeenten" and code in _table_regions():
            lines.extend(gemeenten_block(code).splitlines())  # national data, not an example
        else:
            lines.extend("# " + line for line in _example_lines(prop, defs, key, 0))
    return "\n".join(lines) + "\n"


def taken_codes(project: Project) -> dict[str, str]:
    """CBS code -> the region file (as shown) that already has it, read from every file in the regions folder."""
    from .load import load_region, region_paths

    taken: dict[str, str] = {}
    for path in region_paths(project):
        doc = load_region(project, path).doc
        code = doc.data.get("code") if doc is not None and isinstance(doc.data, dict) else None
        if isinstance(code, str):
            taken.setdefault(code.strip().upper(), project.display(path))
    return taken


def _real_rows() -> list[dict[str, str]]:
    """The CBS regions, without the fictional example region."""
    from .validate import EXAMPLE_CODE

    return [row for row in regions_table() if row["code"] != EXAMPLE_CODE]


def _free_rows(taken: dict[str, str]) -> list[dict[str, str]]:
    """The real CBS regions that have no file yet."""
    return [row for row in _real_rows() if row["code"] not in taken]


def _no_free_code(project: Project, message: str) -> UserError:
    """Every CBS region has a file: say so, and how a new region would come about nationally."""
    count = len(_real_rows())
    return UserError(
        Diagnostic(
            project.display(project.regions_dir),
            f"{message} Alle {count} arbeidsmarktregio's van het CBS hebben al een regiobestand, dus er is geen vrije code.",
            hint="Een nieuwe regio komt er alleen als het CBS de arbeidsmarktregio's anders indeelt. Dan past het "
            "landelijke beheer de lijst generator/data/arbeidsmarktregios.csv aan en daarna maak je het bestand met "
            "werkcentrum regio nieuw. Wil je een bestaande regio aanpassen? Open dan haar bestand in "
            f"{project.display(project.regions_dir)}/.",
        )
    )


def _free_codes_hint(free: list[dict[str, str]]) -> str:
    shown = ", ".join(f"{row['code']} ({row['naam']})" for row in free[:8]) + (", ..." if len(free) > 8 else "")
    return f"Regio's zonder bestand: {shown}. Hoort je regio daarbij, geef dan die code mee, bijvoorbeeld --code {free[0]['code']}."


def new_region(project: Project, name: str, code: str | None = None) -> Path:
    """Write ``<regions>/<slug>.yaml`` for a new region. Refuses to overwrite, to guess a CBS code and to take a
    code another region file already has; only codes without a file are proposed."""
    name = re.sub(r"^\s*werkcentrum\s+", "", name, flags=re.IGNORECASE).strip()
    row = lookup(name)
    where = project.display(project.regions_dir)
    taken = taken_codes(project)
    free = _free_rows(taken)
    if code is None and row is None:
        message = f"'{name}' is geen arbeidsmarktregio uit de lijst van het CBS, dus de code is niet bekend."
        near = did_you_mean(name, [r["naam"] for r in _real_rows()])
        if not near and not free:
            raise _no_free_code(project, message)
        raise UserError(
            Diagnostic(
                where,
                message,
                expected="de naam van een arbeidsmarktregio, zoals 'Twente', of een vrije code met --code AMxx",
                hint=near or _free_codes_hint(free),
            )
        )
    if code is not None:
        code = code.strip().upper()
        if code not in {r["code"] for r in regions_table()}:
            raise UserError(
                Diagnostic(
                    where,
                    f"'{code}' is geen bekende code van een arbeidsmarktregio.",
                    expected="een CBS-code zoals 'AM05'",
                    hint=did_you_mean(code, [r["code"] for r in free]) or (_free_codes_hint(free) if free else None),
                )
            )
    name = row["naam"] if row and code is None else name
    code = code or row["code"]
    slug = row["slug"] if row and slugify(name) == slugify(row["naam"]) else slugify(name)
    if not slug:
        raise UserError(
            Diagnostic(where, f"van '{name}' kan geen bestandsnaam worden gemaakt.", expected="een naam met letters")
        )
    path = project.regions_dir / f"{slug}.yaml"
    if path.exists():
        raise UserError(
            Diagnostic(
                project.display(path),
                "dit regiobestand bestaat al; het wordt niet overschreven.",
                hint=f"Pas het bestand aan, of controleer het met: werkcentrum check {project.display(path)}",
            )
        )
    if code in taken:
        message = f"de code '{code}' hoort al bij {taken[code]}."
        if not free:
            raise _no_free_code(project, message)
        raise UserError(
            Diagnostic(where, message, expected="een code die nog geen regiobestand heeft", hint=_free_codes_hint(free))
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(region_text(name, code, path, project), encoding="utf-8")
    return path


# --- the gemeenten of a region, from the national table ------------------------------------------------------------

GEMEENTEN_COMMENT = (
    "# De gemeenten van de regio zoals het CBS ze schrijft (gemeentelijke indeling {indeling}). Deze lijst komt uit\n"
    "# de landelijke gemeentetabel: maak hem opnieuw met 'werkcentrum regio gemeenten' in plaats van hem aan te passen.\n"
)
_PLACEHOLDER = re.compile(r"^# ?gemeenten:[ \t]*\n(?:#[ \t]+- .*\n)*", re.MULTILINE)


def _table_regions() -> dict:
    from . import gemeenten

    return gemeenten.by_region()


def gemeenten_block(code: str) -> str:
    """The ``gemeenten:`` block of a real region, from the national table (``generator.gemeenten``)."""
    from . import gemeenten

    names = [g.naam for g in gemeenten.by_region().get(code, [])]
    lines = ["gemeenten:", *(f"{INDENT}- {_list_item(name)}" for name in names)]
    return "\n".join(lines) + "\n"


def _list_item(name: str) -> str:
    """A name as a block list item: plain when YAML reads it back unchanged, else in double quotes."""
    try:
        plain = yaml.safe_load(f"- {name}") == [name] and not name.startswith(("'", '"'))
    except yaml.YAMLError:
        plain = False
    return name if plain else json.dumps(name, ensure_ascii=False)


def _line_offsets(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer("\n", text))]


def with_gemeenten(text: str, doc, code: str) -> str:
    """``text`` of a region file with its ``gemeenten`` list written from the table; everything else as it was.

    An existing list is replaced where it stands; a commented placeholder (``# gemeenten:``) is removed and the
    list goes below ``code:``. The explaining comment is added above the list when it is not there yet.
    """
    from . import gemeenten

    block = gemeenten_block(code)
    comment = GEMEENTEN_COMMENT.format(indeling=gemeenten.INDELING)
    starts = _line_offsets(text)
    data = doc.data
    if "gemeenten" in data:
        first = doc.keys[("gemeenten",)][0]
        items = [doc.values[loc][0] for loc in doc.values if loc[:1] == ("gemeenten",) and len(loc) == 2]
        last = max([first, *items])
        if "[" in text[starts[first - 1] : starts[first]]:  # a flow list may close on a later line
            while last < len(starts) - 1 and "]" not in text[starts[first - 1] : starts[last]]:
                last += 1
        begin, end = starts[first - 1], starts[last] if last < len(starts) else len(text)
        before = text[:begin]
        if not before.endswith(comment):
            before += comment
        remark = re.search(r"\s#.*$", text[begin : starts[first] if first < len(starts) else len(text)].rstrip("\n"))
        if remark and "[" not in remark.group(0):  # a comment after 'gemeenten:' stays where it was
            block = block.replace("gemeenten:", "gemeenten:" + remark.group(0), 1)
        return before + block + text[end:]
    text = _PLACEHOLDER.sub("", text, count=1)
    starts = _line_offsets(text)
    anchor = "centrumgemeente" if "centrumgemeente" in data else "code"
    line = doc.keys[(anchor,)][0]
    # The positions are those of the original text; the placeholder always comes after 'code:'.
    at = starts[line] if line < len(starts) else len(text)
    return text[:at] + "\n" + comment + block + text[at:]


def write_gemeenten(project: Project, paths: list[Path] | None = None, *, write: bool = True) -> list[tuple[Path, bool]]:
    """Write the ``gemeenten`` list of every real region file (or the named ones) from the national table.

    Returns each file with whether it changed. The example region (AM00) and files with an unknown code are
    left alone. A file that cannot be read stops everything before anything is written.
    """
    from . import gemeenten
    from .load import region_paths
    from .yamlfile import load_yaml, parse_yaml

    regions = gemeenten.by_region()
    plans, problems = [], []
    for path in paths or region_paths(project):
        doc, diags = load_yaml(path, project.display(path))
        problems.extend(d for d in diags if d.is_error)
        if doc is None or not isinstance(doc.data, dict):
            continue
        code = doc.data.get("code")
        if code not in regions:
            continue
        new = with_gemeenten(doc.text, doc, code)
        checked, _ = parse_yaml(new, path, project.display(path))
        expected = {**doc.data, "gemeenten": [g.naam for g in regions[code]]}
        if checked is None or checked.data != expected:  # never write a file that reads differently
            problems.append(
                Diagnostic(
                    project.display(path),
                    "de lijst 'gemeenten' kan hier niet vanzelf worden geschreven.",
                    expected="een lijst 'gemeenten:' met onder elkaar '  - Naam'",
                    hint="Zet de lijst in die vorm en probeer het opnieuw.",
                )
            )
            continue
        plans.append((path, new, new != doc.text))
    if problems:
        raise UserError(problems)
    if write:
        for path, new, changed in plans:
            if changed:
                path.write_text(new, encoding="utf-8")
    return [(path, changed) for path, _, changed in plans]


"""Stage 2, validate: turn loaded files into typed models, and every problem into a Dutch diagnostic.

Rules about one file live in the models (``generator.models``); this stage runs them, translates pydantic's
errors into plain Dutch with file:line:column, and adds the rules that need several files at once (unique
codes and subdomains, a gemeente in one region, no region overriding a national page).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from . import gemeenten, lint, sanitize
from .dates import today
from .diagnostics import Diagnostic, Report
from .escaping import Md
from .load import Loaded, RegionSource, Sources, outside_reason
from .models import Regio, SiteDefinition
from .models.fields import PAGE_SLUG, check_markdown
from .models.region import NATIONAL_KEYS, RegioPagina, did_you_mean, dutch_date, known_regions, regions_table
from .project import RESERVED_KEYS, Project
from .yamlfile import YamlDocument, format_loc, offset_position, read_text

# The fictional example region's code: fine on its own (tests, demos), never beside real regions.
EXAMPLE_CODE = "AM00"


@dataclass(frozen=True)
class ExtraPage:
    """A page only one region has, with its Markdown already read."""

    titel: str
    slug: str
    markdown: Md
    source: str


@dataclass(frozen=True)
class RegionEntry:
    """A valid region: its model plus what the file name and defaults decide."""

    slug: str
    display: str
    path: Path
    model: Regio
    subdomain: str
    pages: tuple[ExtraPage, ...] = ()
    # The parsed file (positions of every value) and its warnings: the brandbook's report points at the lines.
    doc: YamlDocument | None = field(default=None, compare=False, repr=False)
    warnings: tuple[Diagnostic, ...] = field(default=(), compare=False, repr=False)


@dataclass
class Inputs:
    """Everything that passed validation; regions that failed are listed in ``failed``."""

    project: Project
    base: SiteDefinition | None
    national: SiteDefinition | None
    regions: list[RegionEntry] = field(default_factory=list)
    failed: dict[str, list[Diagnostic]] = field(default_factory=dict)
    tokens: Any = None
    # Regions whose file is broken (``build --keep-going``): their last good name, so they keep their place on
    # the national site and in the brandbook while their live site stays online. Never built.
    kept: list[RegionEntry] = field(default_factory=list)


# --- translating pydantic errors ----------------------------------------------------------------------------

_TYPE_NAMES = {
    "str": "tekst",
    "int": "een getal",
    "float": "een getal",
    "bool": "true of false",
    "list": "een lijst",
    "dict": "een groep velden",
    "NoneType": "een lege waarde",
    "date": "een datum",
    "datetime": "een datum en tijd",
}


def _got(value: Any) -> str:
    return _TYPE_NAMES.get(type(value).__name__, type(value).__name__)


def _field_model(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the mapping at ``loc`` (walking through lists and optionals)."""
    current: Any = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            args = get_args(current)
            current = args[0] if args else None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part)
        if info is None:
            return None
        current = info.annotation
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip ``X | None`` and ``Annotated`` so only the list or model type remains."""
    while True:
        origin = get_origin(annotation)
        args = [a for a in get_args(annotation) if a is not type(None)]
        if origin is list or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return annotation
        if args and origin is not None and origin is not list:
            annotation = args[0]
            continue
        return annotation


def translate(error: dict, doc: YamlDocument, model: type[BaseModel]) -> Diagnostic:
    """One pydantic error as a Dutch diagnostic at the right line."""
    ctx = error.get("ctx") or {}
    # pydantic marks a problem with a mapping key by a '[key]' part after the key.
    loc = tuple(part for part in error["loc"] if part != "[key]") + tuple(ctx.get("at") or ())
    kind = error["type"]
    value = error.get("input")
    field_name = str(loc[-1]) if loc else ""

    if kind == "extra_forbidden":
        parent = _field_model(model, loc[:-1])
        options = sorted(parent.model_fields) if parent else []
        if field_name in NATIONAL_KEYS and len(loc) == 1:
            return doc.diagnostic(
                loc,
                f"'{field_name}' kan een regio niet aanpassen. {NATIONAL_KEYS[field_name]}",
                key=True,
                expected="alleen regionale gegevens, zoals inlooppunten, partners, contact, paginas en aanvullingen",
                hint="Haal dit veld weg. Wil je iets toevoegen? Gebruik 'paginas' of 'aanvullingen'.",
            )
        return doc.diagnostic(
            loc,
            f"'{field_name}' is geen bekend veld.",
            key=True,
            expected="een van: " + ", ".join(options) if options else None,
            hint=did_you_mean(field_name, options) or "Haal dit veld weg of controleer de spelling.",
        )
    if kind == "missing":
        return doc.diagnostic(
            loc[:-1],
            f"het verplichte veld '{field_name}' ontbreekt.",
            key=True,
            hint=f"Voeg '{field_name}:' met een waarde toe.",
        )
    if kind in {"model_type", "dict_type", "model_attributes_type"}:
        return doc.diagnostic(
            loc,
            f"hier hoort een groep velden (zoals 'naam: ...'), maar er staat {_got(value)}.",
            expected="velden onder elkaar, ingesprongen met spaties",
        )
    if kind == "list_type":
        return doc.diagnostic(
            loc,
            f"hier hoort een lijst, maar er staat {_got(value)}.",
            expected="een lijst: elke regel begint met '- '",
        )
    written = doc.source(loc)
    if kind == "string_type":
        if value is None:
            return doc.diagnostic(
                loc,
                "dit veld is leeg.",
                expected="tekst",
                hint="Vul een waarde in, of laat het hele veld weg als je die nog niet weet.",
            )
        quoted = f'"{written}"' if written and not written.startswith(('"', "'")) else "tekst tussen aanhalingstekens"
        return doc.diagnostic(
            loc,
            f"hier hoort tekst, maar er staat {_got(value)}.",
            expected="tekst",
            hint=f"Zet de waarde tussen aanhalingstekens: {quoted}. Zonder aanhalingstekens leest YAML "
            f"{written or 'deze waarde'} als {_got(value)}.",
        )
    if kind == "bool_type":
        return doc.diagnostic(
            loc,
            f"'{value}' is geen ja/nee-waarde.",
            expected="true (ja) of false (nee)",
            hint="Schrijf true of false, zonder aanhalingstekens."
            + (
                f" Een ouder YAML-programma leest {written} als ja/nee, maar YAML 1.2 (de editor en deze controle) "
                "leest het als tekst."
                if loc in doc.plain_1_1
                else ""
            ),
        )
    if kind == "literal_error":
        expected = ctx.get("expected", "")
        options = [part.strip(" '") for part in expected.replace(" or ", ",").split(",") if part.strip(" '")]
        return doc.diagnostic(
            loc,
            f"'{value}' is geen toegestane waarde.",
            expected="een van: " + ", ".join(options),
            hint=did_you_mean(str(value), options),
        )
    if kind in {"too_long", "string_too_long"}:
        limit = ctx.get("max_length")
        if isinstance(value, str):
            return doc.diagnostic(
                loc,
                f"deze tekst is te lang ({len(value)} tekens).",
                expected=f"hoogstens {limit} tekens",
                hint="Maak de tekst korter of zet lange tekst op een extra pagina.",
            )
        return doc.diagnostic(
            loc,
            f"deze lijst is te lang ({len(value)} onderdelen).",
            expected=f"hoogstens {limit} onderdelen",
            hint="Haal onderdelen weg die er dubbel of per ongeluk in staan.",
        )
    if kind in {"too_short", "string_too_short"}:
        return doc.diagnostic(loc, "dit mag niet leeg zijn.", expected=f"minstens {ctx.get('min_length')}")
    if kind in {"int_type", "float_type", "int_parsing"}:
        return doc.diagnostic(loc, f"hier hoort een getal, maar er staat {_got(value)}.", expected="een getal")
    # Our own rules (generator.models.fields.fail) carry Dutch text, expectation, hint and position.
    message = error.get("msg", "")
    if message.startswith("Value error, "):
        message = message[len("Value error, ") :]
    hint = ctx.get("hint") or None
    if loc in doc.plain_1_1:
        hint = " ".join(
            filter(None, [hint, f"Zet {written} tussen aanhalingstekens: zonder aanhalingstekens leest niet elk "
                                "YAML-programma deze waarde op dezelfde manier."])
        )
    return doc.diagnostic(
        loc,
        message,
        key=value is None,  # an empty value has no text of its own: point at its field name
        snippet=ctx.get("snippet") or None,
        expected=ctx.get("expected") or None,
        hint=hint,
    )


def check_model(loaded: Loaded, model: type[BaseModel], context: dict | None = None):
    """Validate one loaded file against ``model``; returns the instance (or None) and the diagnostics."""
    doc = loaded.doc
    if doc is None:
        return None, []
    if not isinstance(doc.data, dict):
        return None, [
            doc.diagnostic(
                (),
                f"het bestand moet bestaan uit velden zoals 'naam: ...', maar het is {_got(doc.data)}.",
                expected="velden met een naam, een dubbele punt en een waarde",
            )
        ]
    try:
        return model.model_validate(doc.data, context=context), []
    except ValidationError as exc:
        # One message per place: a field that is wrong in itself is not also reported by a rule between fields.
        errors = {_error_loc(err): err for err in reversed(exc.errors())}
        return None, [translate(err, doc, model) for err in reversed(errors.values())]


def _error_loc(error: dict) -> tuple:
    return tuple(part for part in error["loc"] if part != "[key]") + tuple((error.get("ctx") or {}).get("at") or ())


# --- the stage ------------------------------------------------------------------------------------------------


def validate(sources: Sources, report: Report) -> Inputs:
    """Check every source file and the rules between files; all problems go to ``report``."""
    project = sources.project
    report.extend(sources.diagnostics())

    base, diags = check_model(sources.base, SiteDefinition)
    report.extend(diags)
    national, diags = check_model(sources.national, SiteDefinition)
    report.extend(diags)
    for loaded, definition, pages_dir in (
        (sources.base, base, project.base_dir / "pages"),
        (sources.national, national, project.national_dir / "pages"),
    ):
        if definition is not None:
            report.extend(_check_pages_exist(loaded, definition, [pages_dir, project.base_dir / "pages"]))

    inputs = Inputs(project=project, base=base, national=national, tokens=_check_tokens(project, report))
    base_slugs = base.slugs() if base else set()
    for source in sources.regions:
        entry, problems = check_region(source, base_slugs, project)
        report.extend(problems)
        if entry is not None:
            inputs.regions.append(entry)
        else:
            inputs.failed[source.slug] = [d for d in problems if d.is_error]

    for slug, diags in _cross_region_rules(sources, set(inputs.failed)).items():
        report.extend(diags)
        inputs.failed[slug] = inputs.failed.get(slug, []) + diags
    inputs.regions = [r for r in inputs.regions if r.slug not in inputs.failed]
    return inputs


def check_region(
    source: RegionSource, base_slugs: set[str], project: Project
) -> tuple[RegionEntry | None, list[Diagnostic]]:
    """Every rule about one region file: reading, the model, brand lint and its pages. Entry is None on errors."""
    problems = list(source.diagnostics)
    if source.doc is None:
        return None, problems
    problems.extend(lint.lint_region(source.doc))
    markdown = {"markdown": sanitize.dialect_of(project.root), "budget": sanitize.Budget()}
    model, diags = check_model(source, Regio, markdown)
    # A value the reader already refused (a repeated key, an unreadable value) needs no second message.
    refused = {d.path for d in source.diagnostics if d.path}
    problems.extend(d for d in diags if d.path not in refused)
    # Also when the model found errors: every problem of the file in one run.
    problems.extend(_project_rules(source, base_slugs))
    if model is not None:
        problems.extend(gemeente_problems(source.doc, model))
        problems.extend(expired_meldingen(source.doc, model))
    entry, diags = _region_entry(source, model, base_slugs, project, markdown)
    problems.extend(diags)
    if any(d.is_error for d in problems):
        return None, problems
    warnings = tuple(d for d in problems if not d.is_error)
    return replace(entry, doc=source.doc, warnings=warnings), problems


# --- the gemeenten of a region, against the national table --------------------------------------------------------

_REWRITE = "Maak de lijst opnieuw uit de gemeentetabel met: werkcentrum regio gemeenten {file}"


def gemeente_problems(doc: YamlDocument, model: Regio) -> list[Diagnostic]:
    """A real region lists exactly its gemeenten as CBS writes them (``generator.gemeenten``); its inlooppunten
    and centrumgemeente lie in one of them. The fictional example region (AM00) is not in the table: exempt.

    After a change of the table (gemeenten that merged), every region file that no longer matches gets an error
    naming what to remove and what to add, so ``check`` says which files must change.
    """
    own = gemeenten.by_region().get(model.code)
    if own is None:
        return []
    table = gemeenten.by_name()
    own_names = {g.naam for g in own}
    rewrite = _REWRITE.format(file=doc.display)
    diags: list[Diagnostic] = []
    covered: set[str] = set()
    unknown = False
    for index, name in enumerate(model.gemeenten):
        found = table.get(name)
        if found is not None and found.regio == model.code:
            covered.add(name)
            continue
        loc = ("gemeenten", index)
        if found is not None:
            diags.append(
                doc.diagnostic(
                    loc,
                    f"de gemeente '{name}' hoort volgens het CBS bij de arbeidsmarktregio {found.regionaam} "
                    f"({found.regio}), niet bij {model.naam}.",
                    expected=f"alleen de {len(own)} gemeenten van {model.naam}",
                    hint=f"Haal '{name}' hier weg: die gemeente staat in het regiobestand van {found.regionaam}.",
                )
            )
            continue
        meant = gemeenten.suggest(name, own)
        spelt = [g for g in gemeenten.exact(name) if g.naam in own_names]
        covered.update(g.naam for g in spelt)
        if spelt:
            diags.append(
                doc.diagnostic(
                    loc,
                    f"'{name}' is niet de naam zoals het CBS die schrijft.",
                    expected="de naam uit de gemeentetabel van het CBS",
                    hint=f"Schrijf {gemeenten.options_text(spelt)}.",
                )
            )
            continue
        # A near miss of one of the region's own gemeenten stands for it; anything else points at a new indeling.
        near = [g for g in meant if g.naam in own_names and g.naam not in covered]
        covered.update(g.naam for g in near[:1])
        unknown = unknown or not near
        diags.append(
            doc.diagnostic(
                loc,
                f"'{name}' staat niet in de gemeentetabel van het CBS (indeling {gemeenten.INDELING}).",
                expected=f"een van de {len(own)} gemeenten van {model.naam}",
                hint=f"Bedoel je {gemeenten.options_text(near[:1])}?"
                if near
                else f"Is de gemeente samengevoegd met een andere? {rewrite}",
            )
        )
    missing = [g.naam for g in own if g.naam not in covered]
    if missing:
        what = "de lijst 'gemeenten' past niet meer bij de gemeentetabel" if unknown else "de lijst 'gemeenten'"
        diags.append(
            doc.diagnostic(
                ("gemeenten",) if "gemeenten" in doc.data else (),
                f"{what}: {len(missing)} {'gemeente ontbreekt' if len(missing) == 1 else 'gemeenten ontbreken'} "
                f"van {model.naam}: {', '.join(missing)}.",
                key=True,
                expected=f"alle {len(own)} gemeenten van {model.naam}, zoals het CBS ze schrijft",
                hint=rewrite + ".",
            )
        )
    named = [(("centrumgemeente",), model.centrumgemeente)] if model.centrumgemeente else []
    named += [(("inlooppunten", i, "gemeente"), p.gemeente) for i, p in enumerate(model.inlooppunten)]
    for loc, name in named:
        if name in own_names:
            continue
        meant = [g for g in gemeenten.suggest(name, own) if g.naam in own_names]
        diags.append(
            doc.diagnostic(
                loc,
                f"'{name}' is geen gemeente van {model.naam} zoals het CBS die schrijft.",
                expected=f"een van de gemeenten van {model.naam}",
                hint=f"Schrijf {gemeenten.options_text(meant)}." if meant else "Kies een gemeente uit de lijst 'gemeenten'.",
            )
        )
    return diags


def expired_meldingen(doc: YamlDocument, model: Regio, day: date | None = None) -> list[Diagnostic]:
    """A warning for each notice whose last day has passed: visitors no longer see it, the file can lose it."""
    day = day or today()
    return [
        doc.diagnostic(
            ("meldingen", index, "tot"),
            f"deze melding is verlopen: ze stond tot en met {dutch_date(melding.tot)} op de site.",
            expected="alleen meldingen die nog gelden",
            hint="Haal de melding weg; bezoekers zien haar niet meer.",
        ).as_warning()
        for index, melding in enumerate(model.meldingen)
        if melding.tot < day
    ]


def _check_tokens(project: Project, report: Report):
    """The brand tokens; a broken token stops every site because every site uses them."""
    from .tokens import TokenErrors, load_tokens

    try:
        tokens = load_tokens(project.tokens_dir)
    except TokenErrors as exc:
        for err in exc.errors:
            report.add(
                Diagnostic(
                    err.file,  # already shown from brandbook/ on, wherever the command runs
                    err.message,
                    line=getattr(err, "line", None),
                    path=err.token_path,
                    hint=err.hint or None,
                )
            )
        return None
    # The house style must stay WCAG AA: the colour pairs the theme uses are checked on every build.
    from .brand.contrast import theme_contrast_problems

    report.extend(theme_contrast_problems(tokens, project))
    return tokens


def _check_pages_exist(loaded: Loaded, definition: SiteDefinition, folders: list[Path]) -> list[Diagnostic]:
    out = []
    for group in ("navigatie", "voettekst"):
        for index, item in enumerate(getattr(definition, group)):
            if not any((folder / item.pagina).is_file() for folder in folders):
                out.append(
                    loaded.doc.diagnostic(
                        (group, index, "pagina"),
                        f"de pagina '{item.pagina}' bestaat niet.",
                        hint=f"Maak het bestand in {loaded.path.parent.name}/pages/ of verbeter de naam.",
                    )
                )
    return out


def _project_rules(source: RegionSource, base_slugs: set[str]) -> list[Diagnostic]:
    """The rules of a region file that need the project: base pages and reserved names.

    They read the raw data, like the rules between regions, so they are reported together with field errors.
    """
    doc = source.doc
    data = doc.data if isinstance(doc.data, dict) else {}
    diags: list[Diagnostic] = []
    given = data.get("subdomein") if isinstance(data.get("subdomein"), str) else None
    subdomain = given or source.slug
    if subdomain in RESERVED_KEYS:
        diags.append(
            doc.diagnostic(
                ("subdomein",) if given else (),
                f"'{subdomain}' is gereserveerd voor een landelijke site.",
                expected="een subdomein dat niet een van deze is: " + ", ".join(sorted(RESERVED_KEYS)),
                hint="Kies een andere naam voor het bestand of zet een ander 'subdomein:' in het bestand.",
            )
        )
    additions = data.get("aanvullingen") if isinstance(data.get("aanvullingen"), dict) else {}
    for key in additions:
        # A key that is no page name at all already has the model's message.
        if isinstance(key, str) and re.fullmatch(PAGE_SLUG, key) and key not in base_slugs:
            diags.append(
                doc.diagnostic(
                    ("aanvullingen", key),
                    f"er is geen basispagina '{key}' om aan te vullen.",
                    key=True,
                    expected="een van: " + ", ".join(sorted(base_slugs)),
                    hint=did_you_mean(key, sorted(base_slugs)),
                )
            )
    seen: dict[str, int] = {}
    for index, slug in _page_slugs(data):
        loc = ("paginas", index, "slug")
        if slug in base_slugs:
            diags.append(
                doc.diagnostic(
                    loc,
                    f"de pagina '{slug}' is een landelijke basispagina; een regio kan die niet vervangen.",
                    expected="een eigen paginanaam die nog niet bestaat",
                    hint=f"Wil je iets toevoegen aan '{slug}'? Zet je tekst onder 'aanvullingen: {slug}:'.",
                )
            )
        elif slug in seen:
            diags.append(
                doc.diagnostic(
                    loc,
                    f"de paginanaam '{slug}' komt twee keer voor (ook bij pagina {seen[slug] + 1}).",
                    expected="elke extra pagina een eigen naam",
                    hint="Geef elke extra pagina een eigen naam.",
                )
            )
        else:
            seen[slug] = index
    return diags


def _page_slugs(data: dict) -> list[tuple[int, str]]:
    """``(index, slug)`` of every extra page in the raw data whose slug is a valid page name."""
    pages = data.get("paginas") if isinstance(data.get("paginas"), list) else []
    return [
        (index, page["slug"])
        for index, page in enumerate(pages)
        if isinstance(page, dict) and isinstance(page.get("slug"), str) and re.fullmatch(PAGE_SLUG, page["slug"])
    ]


def _region_entry(
    source: RegionSource, model: Regio | None, base_slugs: set[str], project: Project, markdown: dict
) -> tuple[RegionEntry | None, list[Diagnostic]]:
    """The valid region with its extra pages read; with a model that failed, only its pages' own problems."""
    data = source.doc.data if isinstance(source.doc.data, dict) else {}
    if model is not None:
        paginas = list(enumerate(model.paginas))
    else:  # the pages that are valid on their own, so a missing page file shows up with the field errors
        paginas = []
        raw_pages = data.get("paginas") if isinstance(data.get("paginas"), list) else []
        # The model already counted the pages' own text against the region's Markdown budget: count it once.
        budget = sanitize.Budget()
        budget.remaining = markdown["budget"].remaining + sum(
            len(raw["inhoud"]) for raw in raw_pages if isinstance(raw, dict) and isinstance(raw.get("inhoud"), str)
        )
        markdown = {**markdown, "budget": budget}
        for index, raw in enumerate(raw_pages):
            try:
                paginas.append((index, RegioPagina.model_validate(raw, context=markdown)))
            except ValidationError:
                continue
    diags: list[Diagnostic] = []
    pages: list[ExtraPage] = []
    seen: set[str] = set()
    for index, page in paginas:
        if page.slug in base_slugs or page.slug in seen:
            continue  # reported by _project_rules
        seen.add(page.slug)
        if page.inhoud is not None:
            pages.append(ExtraPage(page.titel, page.slug, page.inhoud, source.display))
            continue
        text, file_diags = _read_page_file(source, project, page.bestand, ("paginas", index, "bestand"), markdown)
        diags.extend(file_diags)
        if text is not None:
            pages.append(
                ExtraPage(page.titel, page.slug, text, project.display(source.path.parent / source.slug / page.bestand))
            )
    if model is None or any(d.is_error for d in diags):
        return None, diags
    subdomain = model.subdomein or source.slug
    return RegionEntry(source.slug, source.display, source.path, model, subdomain, tuple(pages)), diags


def _read_page_file(
    source: RegionSource, project: Project, name: str, loc: tuple, markdown: dict
) -> tuple[str | None, list[Diagnostic]]:
    """The Markdown of an extra page's ``bestand``: inside the region's own folder, safe, and brand-linted."""
    regions = source.path.parent
    folder = regions / source.slug
    path = folder / name
    reason = outside_reason(regions, path, project.display)
    if reason is not None:
        return None, [
            source.doc.diagnostic(
                loc,
                f"het bestand '{name}' {reason}.",
                expected=f"een Markdown-bestand in {project.display(folder)}/",
                hint=f"Zet het Markdown-bestand zelf (geen snelkoppeling) in {project.display(folder)}/ of verbeter de naam.",
            )
        ]
    display = project.display(path)
    text, diags = read_text(path, display)
    if text is None:
        return None, diags
    region = source.doc.data.get("naam") if isinstance(source.doc.data, dict) else None
    diags = diags + lint.lint_text(text, display, region if isinstance(region, str) else None)
    try:
        return check_markdown(text, markdown["markdown"], markdown["budget"]), diags
    except PydanticCustomError as exc:
        ctx = exc.context or {}
        snippet = ctx.get("snippet")
        offset = text.find(snippet) if snippet else -1
        line, column = offset_position(text, offset) if offset >= 0 else (1, 1)
        return None, diags + [
            Diagnostic(
                display,
                exc.message(),
                line=line,
                column=column,
                expected=ctx.get("expected") or None,
                hint=ctx.get("hint") or None,
            )
        ]


@dataclass(frozen=True)
class _Claim:
    """A region's claim on a value that only one region may have (a code, a subdomain, a gemeente)."""

    source: RegionSource
    value: str
    loc: tuple
    natural: bool  # the value plainly belongs to this region (its CBS row, its file name, its centrumgemeente)


def _claims(source: RegionSource, official_slugs: dict[str, str]) -> dict[str, list[_Claim]]:
    """What one region claims, read from its raw data so a region with other errors still takes part."""
    data = source.doc.data if source.doc is not None and isinstance(source.doc.data, dict) else None
    if data is None:
        return {}
    out: dict[str, list[_Claim]] = {"code": [], "subdomein": [], "gemeente": []}
    code = data.get("code")
    if isinstance(code, str):
        out["code"].append(_Claim(source, code, ("code",), official_slugs.get(code) == source.slug))
    subdomain = data.get("subdomein")
    if isinstance(subdomain, str):
        out["subdomein"].append(_Claim(source, subdomain, ("subdomein",), subdomain == source.slug))
    else:
        out["subdomein"].append(_Claim(source, source.slug, (), True))
    centre = data.get("centrumgemeente")
    names = data.get("gemeenten")
    for index, name in enumerate(names if isinstance(names, list) else []):
        if isinstance(name, str):
            natural = isinstance(centre, str) and name.casefold() == centre.casefold()
            out["gemeente"].append(_Claim(source, name, ("gemeenten", index), natural))
    return out


_CLAIM_WORDS = {"code": "de code", "subdomein": "het subdomein", "gemeente": "de gemeente"}


def _cross_region_rules(sources: Sources, broken: set[str]) -> dict[str, list[Diagnostic]]:
    """Rules between region files: a code, a subdomain and a gemeente belong to one region.

    When two regions claim the same value, the one it plainly belongs to keeps it; otherwise a region without
    other errors keeps it, then the first by file name. So a new or broken file never takes a value away from
    a working region, and that region's site keeps building.
    """
    official_slugs = {row["code"]: row["slug"] for row in regions_table()}
    by_value: dict[tuple[str, str], list[_Claim]] = {}
    for source in sources.regions:
        for kind, claims in _claims(source, official_slugs).items():
            for claim in claims:
                by_value.setdefault((kind, " ".join(claim.value.casefold().split())), []).append(claim)
    failed: dict[str, list[Diagnostic]] = {}

    def refuse(claim: _Claim, message: str, **extra) -> None:
        failed.setdefault(claim.source.slug, []).append(claim.source.doc.diagnostic(claim.loc, message, **extra))

    broken = set(broken)
    # Codes first: a file that loses its code counts as broken when gemeenten are shared out afterwards.
    order = {"code": 0, "subdomein": 1, "gemeente": 2}
    for (kind, _), claims in sorted(by_value.items(), key=lambda item: (order[item[0][0]], item[0][1])):
        ranked = sorted(
            {c.source.slug: c for c in reversed(claims)}.values(),  # one claim per region: its first
            key=lambda c: (not c.natural, c.source.slug in broken, c.source.slug),
        )
        owner = ranked[0]
        for claim in ranked[1:]:
            broken.add(claim.source.slug)
            refuse(
                claim,
                f"{_CLAIM_WORDS[kind]} '{claim.value}' hoort al bij {owner.source.display}.",
                expected=f"{_CLAIM_WORDS[kind]} van alleen deze regio",
                hint="Elke regio heeft een eigen waarde; overleg met de andere regio welke klopt.",
            )
    example = ("code", EXAMPLE_CODE.casefold())
    real = any(
        kind == "code" and value.upper() in official_slugs for kind, value in by_value if (kind, value) != example
    )
    if real and example in by_value:
        for claim in by_value[example]:
            refuse(
                claim,
                f"de code '{EXAMPLE_CODE}' is alleen voor de verzonnen voorbeeldregio en wordt nooit gepubliceerd.",
                expected="de CBS-code van je eigen regio",
                hint="Het voorbeeld hoort in examples/regions/, niet tussen de echte regio's.",
            )
    return failed


__all__ = ["ExtraPage", "Inputs", "RegionEntry", "check_model", "format_loc", "known_regions", "translate", "validate"]

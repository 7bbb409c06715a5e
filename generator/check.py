"""``werkcentrum check``: every problem in the region files, the base content and the tokens, in one run.

It runs the same stages as ``werkcentrum build`` (load and validate, with the brand lint), and adds what a
build only finds one page at a time: it parses every base page template and renders it against the fictional
example region and against an empty region, so a Jinja mistake or an unknown variable shows up before anyone
builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2
from jinja2 import meta, nodes

from . import gemeenten, load, merge, render, validate
from .diagnostics import Diagnostic, Report, Severity, UserError, count, count_errors, count_warnings
from .models import Regio
from .project import Project

EXAMPLE_REGION = Path("examples") / "regions" / "voorbeeldregio.yaml"
# The smallest valid region: only what is required. Templates must cope with every optional field missing.
EMPTY_REGION = {"naam": "Lege regio", "code": "AM00"}
# Every top-level name a page template may use: the union of what region pages and national pages get.
CONTEXT_NAMES = frozenset({"site", "regio", "regios", "vind"})


@dataclass
class CheckResult:
    """The outcome of a check: every diagnostic, and how many region files were checked."""

    report: Report
    regions: int = 0
    files: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 1 if self.report.has_errors() else 0

    def summary(self) -> str:
        return (
            f"{count(self.regions, 'regiobestand', 'regiobestanden')}, de basisinhoud en de huisstijl gecontroleerd: "
            f"{count_errors(len(self.report.errors))}, {count_warnings(len(self.report.warnings))}."
        )


def region_files(project: Project, paths: list[Path] | None) -> list[Path]:
    """The region files to check: all of them, or the named files and the region files in named folders."""
    if not paths:
        return load.region_paths(project)
    out: list[Path] = []
    missing: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            out.extend(sorted(p for p in path.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file()))
        elif path.is_file():
            out.append(path)
        else:
            missing.append(
                Diagnostic(
                    project.display(path),
                    "dit bestand bestaat niet.",
                    hint=_nearest_region_file(project, path)
                    or "Controleer de naam, bijvoorbeeld: werkcentrum check sites/regions/twente.yaml",
                )
            )
    if missing:
        raise UserError(missing)
    return list(dict.fromkeys(p.resolve() for p in out))


def _nearest_region_file(project: Project, path: Path) -> str | None:
    """'Bedoel je ...?' for a mistyped region file or slug (``twnete``, ``sites/regions/twnete.yaml``)."""
    from .models.region import did_you_mean

    meant = project.display(project.regions_dir / f"{path.stem}.yaml")
    return did_you_mean(meant, sorted(project.display(p) for p in load.region_paths(project)))


def _siblings(files: list[Path]) -> list[Path]:
    """Every region file next to the named ones: unique codes and gemeenten are checked against them."""
    folders = {f.parent for f in files}
    siblings = {
        p.resolve() for folder in folders for p in folder.iterdir() if p.suffix in {".yaml", ".yml"} and p.is_file()
    }
    return sorted(siblings | set(files), key=lambda p: (p.stem, str(p)))


def run(project: Project, paths: list[Path] | None = None, *, strict: bool = False) -> CheckResult:
    """Check the named region files (or all of them), the base content and the tokens."""
    named = region_files(project, paths)
    everything = _siblings(named) if paths else named
    report = Report()
    sources = load.load_sources(project, everything)
    inputs = validate.validate(sources, report)
    report.extend(check_templates(project, inputs))
    if paths:
        report = _only_named(report, sources, set(named))
    else:
        report.extend(_regions_without_a_file(project, sources))
    report.diagnostics = _unique(report.diagnostics)
    if strict:
        report = report.strict()
    return CheckResult(report=report, regions=len(named), files=[project.display(p) for p in named])


def _regions_without_a_file(project: Project, sources: load.Sources) -> list[Diagnostic]:
    """Every gemeente of the national table belongs to a region file: name each region that has none.

    Only among real regions: a folder with just the fictional example region is not the national set.
    """
    codes = {s.doc.data.get("code") for s in sources.regions if s.doc is not None and isinstance(s.doc.data, dict)}
    table = gemeenten.by_region()
    if not codes & set(table):
        return []
    return [
        Diagnostic(
            project.display(project.regions_dir),
            f"er is geen regiobestand voor de arbeidsmarktregio {own[0].regionaam} ({code}): de gemeenten "
            f"{', '.join(g.naam for g in own)} vinden hun Werkcentrum niet.",
            hint=f'Maak het bestand met: werkcentrum regio nieuw "{own[0].regionaam}"',
            severity=Severity.WARNING,
        )
        for code, own in sorted(table.items())
        if code not in codes
    ]


def _only_named(report: Report, sources: load.Sources, named: set[Path]) -> Report:
    """Drop the messages about region files that were only read for the rules between regions."""
    others = [s for s in sources.regions if s.path.resolve() not in named]
    files = {s.display for s in others}
    folders = tuple(f"{s.display[: -len(s.path.name)]}{s.slug}/" for s in others)
    return Report([d for d in report.diagnostics if d.file not in files and not d.file.startswith(folders)])


def _unique(diags: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(diags))


# --- base page templates ------------------------------------------------------------------------------------


def check_templates(project: Project, inputs: validate.Inputs) -> list[Diagnostic]:
    """Jinja syntax and unknown variables in every template, then a trial render of every page."""
    folders = [project.base_dir / "pages", project.base_dir / "partials", project.national_dir / "pages"]
    templates = [path for folder in folders if folder.is_dir() for path in sorted(folder.glob("*.md"))]
    diags = [d for path in templates for d in _template_source_problems(project, path)]
    if diags or inputs.base is None or inputs.national is None:
        return diags  # a template that does not parse cannot be rendered
    return _trial_renders(project, inputs)


def _template_source_problems(project: Project, path: Path) -> list[Diagnostic]:
    display = project.display(path)
    env = render.template_env((path.parent,))
    try:
        source = path.read_text(encoding="utf-8")
        tree = env.parse(source, name=path.name, filename=str(path))
    except UnicodeDecodeError:
        return [Diagnostic(display, "het bestand is niet in UTF-8 opgeslagen.", line=1, column=1)]
    except jinja2.TemplateSyntaxError as exc:
        return [
            Diagnostic(
                display,
                f"de Jinja-code klopt niet: {exc.message}.",
                line=exc.lineno,
                hint="Controleer of elke {% if %}, {% for %} en {% macro %} een bijpassende {% end... %} heeft.",
            )
        ]
    # Jinja counts a name set in every branch of an {% if %} as possibly undefined; a name assigned anywhere
    # in the template is the author's own, so only names that are never assigned are reported.
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    assigned |= {n.target for n in tree.find_all(nodes.Import)}
    unknown = meta.find_undeclared_variables(tree) - CONTEXT_NAMES - set(env.globals) - assigned
    out = []
    for name in sorted(unknown):
        line = next((n.lineno for n in tree.find_all(nodes.Name) if n.name == name), None)
        out.append(
            Diagnostic(
                display,
                f"onbekende variabele '{name}' in de pagina.",
                line=line,
                expected="een van: " + ", ".join(sorted(CONTEXT_NAMES)),
                hint="Controleer de spelling; de variabelen staan in de README bij 'Basispagina's'.",
            )
        )
    return out


def _trial_regions(project: Project, base_slugs: set[str]) -> tuple[list[validate.RegionEntry], list[Diagnostic]]:
    """The example region (every field filled) and an empty region (only what is required)."""
    entries, diags = [], []
    example = project.root / EXAMPLE_REGION
    if example.is_file():
        entry, problems = validate.check_region(load.load_region(project, example), base_slugs, project)
        diags.extend(d for d in problems if d.is_error)
        if entry is not None:
            entries.append(entry)
    model = Regio.model_validate(EMPTY_REGION)
    entries.append(
        validate.RegionEntry("lege-regio", "(lege regio)", project.regions_dir / "lege-regio.yaml", model, "lege-regio")
    )
    return entries, diags


def _trial_renders(project: Project, inputs: validate.Inputs) -> list[Diagnostic]:
    entries, diags = _trial_regions(project, inputs.base.slugs())
    trial = validate.Inputs(project=project, base=inputs.base, national=inputs.national, regions=entries)
    plans = [merge.plan_region(entry, trial) for entry in entries]
    plans.append(merge.plan_national(trial))
    plans.append(merge.plan_national(validate.Inputs(project=project, base=inputs.base, national=inputs.national)))
    for plan in plans:
        for page in plan.pages:
            if page.template is None:
                continue
            try:
                render.page_markdown(page, plan, project)
            except UserError as exc:
                diags.extend(exc.diagnostics)
    return _unique(diags)

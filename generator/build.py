"""The orchestrator: load -> validate -> merge -> render -> build, for every site or a chosen few.

Each stage is one module; this file only calls them in order, like ``mkdocs.commands.build.build``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import load, merge, render, validate
from .diagnostics import Diagnostic, Report, UserError
from .engine import mkdocs as engine
from .project import NATIONAL_KEY, Project


@dataclass
class BuildResult:
    """What a build did: the sites it wrote, the regions it left out, and every diagnostic."""

    built: list[str] = field(default_factory=list)
    failed: dict[str, list[Diagnostic]] = field(default_factory=dict)
    report: Report = field(default_factory=Report)
    seconds: float = 0.0


def check(project: Project, report: Report, paths: list[Path] | None = None) -> validate.Inputs:
    """Stages 1 and 2: read and validate the sources; every problem goes to ``report``."""
    return validate.validate(load.load_sources(project, paths), report)


def national_problems(inputs: validate.Inputs, report: Report) -> list[Diagnostic]:
    """Errors that are not in a region file: they affect every site, so nothing may be built."""
    region_files = {d.file for diags in inputs.failed.values() for d in diags}
    region_files |= {project_file for project_file in (r.display for r in inputs.regions)}
    return [d for d in report.errors if d.file not in region_files]


def prepare(
    project: Project, *, only: set[str] | None = None, keep_going: bool = False, strict: bool = False
) -> tuple[validate.Inputs, list[render.StagedSite], Report]:
    """Stages 1 to 4: everything up to files on disk that the engine can build."""
    report = Report()
    inputs = check(project, report)
    if strict:
        report = report.strict()
    national = national_problems(inputs, report)
    if national or (report.has_errors() and not keep_going):
        raise UserError(sorted(report.errors, key=lambda d: (d.file, d.line or 0, d.column or 0)))
    if only:
        unknown = only - {r.slug for r in inputs.regions} - set(inputs.failed) - {NATIONAL_KEY}
        if unknown:
            raise UserError(
                Diagnostic(
                    project.display(project.regions_dir),
                    f"er is geen regio met de naam {', '.join(sorted(unknown))}.",
                    hint="Gebruik de bestandsnaam zonder .yaml, bijvoorbeeld --regio twente.",
                )
            )
    plans = merge.plan_sites(inputs, only)
    assets = render.shared_assets(project, inputs.tokens)
    staged = [render.render_site(plan, assets, project.build_dir / plan.key, project) for plan in plans]
    return inputs, staged, report


def build(
    project: Project, *, only: set[str] | None = None, keep_going: bool = False, strict: bool = False
) -> BuildResult:
    """Build the national site and every valid region (or only ``only``) into ``project.site_dir``."""
    start = time.monotonic()
    inputs, staged, report = prepare(project, only=only, keep_going=keep_going, strict=strict)
    engine.quiet_logging()
    result = BuildResult(failed=dict(inputs.failed), report=report)
    for site in staged:
        config_file = engine.write_site_config(site, project)
        engine.build_site(config_file, project.site_dir / site.plan.key)
        result.built.append(site.plan.key)
    result.seconds = time.monotonic() - start
    return result


def stage_one(project: Project, key: str) -> render.StagedSite:
    """Stages 1 to 4 for one site, for ``mkdocs build`` / ``mkdocs serve`` through the plugin."""
    inputs, staged, _ = prepare(project, only={key}, keep_going=True)
    if key in inputs.failed:
        raise UserError(inputs.failed[key])
    return staged[0]

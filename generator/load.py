"""Stage 1, load: read every source file from disk without judging its content yet.

Reading problems (not YAML, not UTF-8, a repeated key) become diagnostics here; what the content means is
checked in ``validate``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic
from .project import Project
from .yamlfile import YamlDocument, load_yaml

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_SLUG = 63  # the file name becomes the subdomain: one DNS label


@dataclass
class Loaded:
    """One YAML source file: its document (None when unreadable) and its reading problems."""

    path: Path
    display: str
    doc: YamlDocument | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class RegionSource(Loaded):
    slug: str = ""


@dataclass
class Sources:
    """Everything the later stages need, read from disk."""

    project: Project
    base: Loaded
    national: Loaded
    regions: list[RegionSource]

    def diagnostics(self) -> list[Diagnostic]:
        out = [*self.base.diagnostics, *self.national.diagnostics]
        for region in self.regions:
            out.extend(region.diagnostics)
        return out


def region_paths(project: Project) -> list[Path]:
    """The region files in the regions folder, sorted by slug (symbolic links too: ``load_region`` refuses them)."""
    if not project.regions_dir.is_dir():
        return []
    return sorted(
        p for p in project.regions_dir.iterdir() if p.suffix in {".yaml", ".yml"} and (p.is_symlink() or p.is_file())
    )


def outside_reason(folder: Path, path: Path, shown=lambda p: p.name) -> str | None:
    """Why ``path`` is not a regular file inside ``folder`` without symbolic links on the way (None when it is).

    Region files, region folders and page files are read and published; a link could bring in any file of the
    machine, so links are refused instead of followed.
    """
    try:
        relative = path.relative_to(folder)
    except ValueError:
        return f"staat niet in de map {shown(folder)}/"
    current = folder
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            return f"is een snelkoppeling (symbolische link) naar een andere plek: {current.name}"
    if not path.exists():
        return f"staat niet in de map {shown(path.parent)}/"
    if not path.is_file():
        return "is geen gewoon bestand"
    return None


def load_region(project: Project, path: Path) -> RegionSource:
    """Read one region file; its slug is the file name without ``.yaml``."""
    display = project.display(path)
    slug = path.stem
    if path.is_symlink():
        link = Diagnostic(
            display,
            "dit regiobestand is een snelkoppeling (symbolische link) en wordt niet gelezen.",
            expected="een gewoon bestand in de map met regiobestanden",
            hint="Zet het bestand zelf in deze map in plaats van een snelkoppeling.",
        )
        return RegionSource(path=path, display=display, doc=None, diagnostics=[link], slug=slug)
    doc, diags = load_yaml(path, display)
    if path.suffix == ".yml":
        diags.append(
            Diagnostic(
                display,
                "een regiobestand eindigt op '.yaml'.",
                hint=f"Hernoem het bestand naar '{slug}.yaml'.",
            )
        )
    if not _SLUG.fullmatch(slug) or len(slug) > MAX_SLUG:
        diags.append(
            Diagnostic(
                display,
                f"de bestandsnaam '{path.name}' kan geen webadres worden.",
                expected=f"kleine letters, cijfers en streepjes (hoogstens {MAX_SLUG}), zoals 'zuid-limburg.yaml'",
                hint="Hernoem het bestand; de naam wordt het adres van de regiosite.",
            )
        )
    return RegionSource(path=path, display=display, doc=doc, diagnostics=diags, slug=slug)


def load_definition(project: Project, path: Path) -> Loaded:
    display = project.display(path)
    if not path.is_file():
        return Loaded(
            path, display, None, [Diagnostic(display, "dit bestand ontbreekt.", hint="Zet het bestand terug uit git.")]
        )
    doc, diags = load_yaml(path, display)
    return Loaded(path, display, doc, diags)


def load_sources(project: Project, paths: list[Path] | None = None) -> Sources:
    """Read the site definitions and the region files (all of them, or only ``paths``)."""
    region_files = region_paths(project) if paths is None else paths
    return Sources(
        project=project,
        base=load_definition(project, project.base_dir / "site.yml"),
        national=load_definition(project, project.national_dir / "site.yml"),
        regions=[load_region(project, path) for path in region_files],
    )

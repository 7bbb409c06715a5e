"""Stage 3, merge: combine the national base with each region into one plan per site.

The merge rules live here and nowhere else:
- the national base decides the navigation, the footer's legal pages, the name pattern and the house style;
- a region adds: its data fills the base pages, its ``aanvullingen`` are appended below the national text of a
  page, its ``paginas`` become extra pages in one menu group after the base navigation;
- a region never deletes or rewrites national text (``validate`` refuses such attempts with a clear error).

A plan is engine-neutral: pages, navigation and template variables. ``render`` writes it to disk and the
engine turns it into HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .escaping import Md
from .models import SiteDefinition, SiteKind
from .project import BRANDBOOK_KEY, NATIONAL_KEY, Project
from .validate import Inputs, RegionEntry


@dataclass(frozen=True)
class Page:
    """One page of a site: a base template to render, or literal Markdown from a region."""

    path: str
    title: str
    template: str | None = None
    markdown: Md | None = None  # a region's page, judged safe by validation
    addition: Md | None = None
    source: str = ""


@dataclass(frozen=True)
class NavEntry:
    title: str
    path: str | None = None
    children: tuple["NavEntry", ...] = ()


@dataclass(frozen=True)
class SitePlan:
    """Everything needed to write and build one site, independent of the site engine."""

    key: str
    kind: SiteKind
    name: str
    host: str
    url: str
    description: str
    pages: tuple[Page, ...]
    nav: tuple[NavEntry, ...]
    footer: tuple[NavEntry, ...]
    template_dirs: tuple[Path, ...]
    context: dict[str, Any] = field(hash=False, compare=False)
    region_name: str | None = None
    sources: tuple[Path, ...] = ()


@dataclass(frozen=True)
class RegionName:
    """What the national site's and the brandbook's pages see of a region: its names and addresses."""

    naam: str
    slug: str
    code: str
    subdomein: str
    url: str
    host: str
    site_naam: str


@dataclass(frozen=True)
class RegionContext(RegionName):
    """What base page templates see as ``regio``."""

    centrumgemeente: str | None
    gemeenten: tuple[str, ...]
    inlooppunten: tuple
    partners: tuple
    contact: Any
    meldingen: tuple = ()

    def names(self) -> RegionName:
        """Only the region's names and addresses (all the national sites' pages see of it)."""
        return RegionName(*(getattr(self, f.name) for f in fields(RegionName)))

    @property
    def open_inlooppunten(self) -> tuple:
        """The inlooppunten you can walk into now (not the planned ones)."""
        return tuple(p for p in self.inlooppunten if not p.gepland)

    @property
    def geplande_inlooppunten(self) -> tuple:
        """Inlooppunten that are still to come ('status: gepland'): shown as 'komt eraan', never as open."""
        return tuple(p for p in self.inlooppunten if p.gepland)

    @property
    def kaart(self):
        """The small map of the Netherlands with this region highlighted (inline SVG, ``generator.kaart``)."""
        from . import kaart

        return kaart.highlight_map(self.code, f"Kaart van Nederland met de 35 regio's. De regio {self.naam} is gekleurd.")

    @property
    def kaartbron(self):
        """The credit for the map and the gemeente table (CBS / PDOK, CC BY 4.0)."""
        from .gemeenten import credit_html

        return credit_html()

    @property
    def jsonld(self):
        """schema.org JSON-LD of every open inlooppunt (``generator.opendata``)."""
        from . import opendata

        return opendata.jsonld_scripts(self)


def region_context(entry: RegionEntry, project: Project) -> RegionContext:
    from .dates import build_date

    model = entry.model
    build_day = build_date()
    return RegionContext(
        naam=model.naam,
        slug=entry.slug,
        code=model.code,
        subdomein=entry.subdomain,
        url=project.url(entry.subdomain),
        host=project.host(entry.subdomain),
        site_naam=model.site_name,
        centrumgemeente=model.centrumgemeente,
        gemeenten=tuple(model.gemeenten),
        inlooppunten=tuple(model.inlooppunten),
        partners=tuple(model.partners),
        contact=model.contact,
        # Notices that had ended on the build's own day are left out; the browser decides about today.
        meldingen=tuple(m for m in model.meldingen if build_day is None or m.tot >= build_day),
    )


def _site_context(project: Project, kind: SiteKind, name: str, subdomain: str, definition: SiteDefinition) -> dict:
    return {
        "naam": name,
        "soort": kind,
        "url": project.url(subdomain),
        "host": project.host(subdomain),
        "landelijke_url": project.url(NATIONAL_KEY),
        "brandbook_url": project.url(BRANDBOOK_KEY),
        "basisdomein": project.base_domain,
        "toegankelijkheid": definition.toegankelijkheid,
        "privacy": definition.privacy,
    }


def _nav(definition: SiteDefinition) -> list[NavEntry]:
    return [NavEntry(item.titel, item.pagina) for item in definition.navigatie]


def _footer(definition: SiteDefinition) -> tuple[NavEntry, ...]:
    return tuple(NavEntry(item.titel, item.pagina) for item in definition.voettekst)


def plan_region(entry: RegionEntry, inputs: Inputs) -> SitePlan:
    """The plan of one regional site: the base pages filled with the region, plus its own pages."""
    project, base = inputs.project, inputs.base
    model = entry.model
    name = model.site_name
    pages = [
        Page(
            path=item.pagina,
            title=item.titel,
            template=item.pagina,
            addition=model.aanvullingen.get(item.slug),
            source=project.display(project.base_dir / "pages" / item.pagina),
        )
        for item in base.all_pages()
    ]
    nav = _nav(base)
    if entry.pages:
        extra = tuple(NavEntry(p.titel, f"{p.slug}.md") for p in entry.pages)
        pages.extend(Page(path=f"{p.slug}.md", title=p.titel, markdown=p.markdown, source=p.source) for p in entry.pages)
        nav.append(NavEntry(base.regio_paginas_titel, children=extra))
    return SitePlan(
        key=entry.slug,
        kind="regio",
        name=name,
        host=project.host(entry.subdomain),
        url=project.url(entry.subdomain),
        description=base.beschrijving.replace("{naam}", name),
        pages=tuple(pages),
        nav=tuple(nav),
        footer=_footer(base),
        template_dirs=template_dirs(project, entry.slug),
        context={
            "site": _site_context(project, "regio", name, entry.subdomain, base),
            "regio": region_context(entry, project),
        },
        region_name=model.naam,
        sources=(entry.path, *(project.root / p.source for p in entry.pages)),
    )


def template_dirs(project: Project, key: str) -> tuple[Path, ...]:
    """The template folders of site ``key``: its own pages (national site, brandbook), then the base pages
    and partials. Also what ``build`` compiles ahead of a small build."""
    base = (project.base_dir / "pages", project.base_dir / "partials")
    own = {NATIONAL_KEY: project.national_dir / "pages", BRANDBOOK_KEY: project.brandbook_dir / "pages"}.get(key)
    return (own, *base) if own else base


def _listed_regions(inputs: Inputs) -> list[RegionContext]:
    """Every region the national sites list, sorted by name; a broken region keeps its place (build --keep-going)."""
    listed = [*inputs.regions, *inputs.kept]
    return sorted((region_context(e, inputs.project) for e in listed), key=lambda r: r.naam.casefold())


def _plan_national_kind(
    inputs: Inputs, key: str, kind: SiteKind, name: str, definition: SiteDefinition, regions: list, context: dict
) -> SitePlan:
    """A site that is not a region (national site, brandbook): its own pages first, then the base pages it
    reuses (privacy, toegankelijkheid), with every region's names and addresses in ``regios``.

    Only those: what else such a site shows of the regions is made while planning and given in ``context``
    (``inlooppunten.json``, the brandbook's report). So an edit that site does not show (an inlooppunt's
    explanation) leaves its plan as it was, and it is not rendered again (``cache.plan_fingerprint``).
    """
    project = inputs.project
    dirs = template_dirs(project, key)
    pages_dir = dirs[0]

    def source(page: str) -> str:
        found = next((d / page for d in dirs[:2] if (d / page).is_file()), pages_dir / page)
        return project.display(found)

    return SitePlan(
        key=key,
        kind=kind,
        name=name,
        host=project.host(key),
        url=project.url(key),
        description=definition.beschrijving.replace("{naam}", name),
        pages=tuple(
            Page(path=item.pagina, title=item.titel, template=item.pagina, source=source(item.pagina))
            for item in definition.all_pages()
        ),
        nav=tuple(_nav(definition)),
        footer=_footer(definition),
        template_dirs=dirs,
        context={
            "site": _site_context(project, kind, name, key, definition),
            "regios": [region.names() for region in regions],
            **context,
        },
        sources=tuple(e.path for e in inputs.regions),
    )


def plan_national(inputs: Inputs) -> SitePlan:
    """The national site: what a Werkcentrum is, the finder from gemeente to region, and every region's site."""
    from . import opendata
    from .vind import FinderView

    regions = _listed_regions(inputs)
    names = [region.names() for region in regions]
    context = {
        "inlooppunten_json": opendata.inlooppunten_file(regions),
        "vind": FinderView(names, inputs.project),
    }
    return _plan_national_kind(inputs, NATIONAL_KEY, "landelijk", "Werkcentrum", inputs.national, regions, context)


def plan_brandbook(inputs: Inputs) -> SitePlan:
    """The brandbook: the house style from the tokens, every region's lockup, downloads and the report."""
    from .audit.brandbook import AuditView
    from .brand.brandbook import SITE_NAME, BrandbookContext, brandbook_definition

    project = inputs.project
    regions = _listed_regions(inputs)
    names = [region.names() for region in regions]
    context = {
        "merk": BrandbookContext.from_inputs(inputs, names, project.url(BRANDBOOK_KEY)),
        # The latest accessibility audit: its report and the home page gallery (generator.audit).
        "controle": AuditView(project.build_dir),
    }
    definition = brandbook_definition(project)
    return _plan_national_kind(inputs, BRANDBOOK_KEY, "brandbook", SITE_NAME, definition, regions, context)


def plan_sites(inputs: Inputs, only: set[str] | None = None) -> list[SitePlan]:
    """Plans for the national site, every valid region and the brandbook (or only the keys in ``only``)."""
    plans = []
    if inputs.national is not None and (only is None or NATIONAL_KEY in only):
        plans.append(plan_national(inputs))
    for entry in inputs.regions:
        if only is None or entry.slug in only:
            plans.append(plan_region(entry, inputs))
    # Last: it shows every region's brand kit, which the region jobs have drawn (and cached) by then.
    if (only is None and (inputs.project.brandbook_dir / "site.yml").is_file()) or (only and BRANDBOOK_KEY in only):
        plans.append(plan_brandbook(inputs))
    return plans

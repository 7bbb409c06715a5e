"""Stage 4, render: write each site plan as real files, Markdown pages and shared assets, in its staging folder.

Base pages are Jinja2 templates filled with the region's data. Text written by a region (additions, extra
pages) is never run through Jinja: it is data, so ``{{`` in it stays literal and cannot reach the template
engine. Files are only rewritten when their content changes, so a preview server sees real changes only.
"""

from __future__ import annotations

import hashlib
import re
import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .diagnostics import Diagnostic, UserError
from .merge import Page, SitePlan
from .escaping import Md, code_span, link_target, mailto, markdown_finalize
from .models.fields import tel_uri
from .models.region import dutch_date, hours_text
from .output import write_if_changed
from .project import Project

ASSETS_CSS = "assets/stylesheets"
ASSETS_FONTS = "assets/fonts"


@dataclass(frozen=True)
class SharedAssets:
    """Files every site carries: one fingerprinted stylesheet with tokens, fonts and theme CSS, and the fonts."""

    files: dict[str, bytes]
    stylesheets: tuple[str, ...]
    digest: str


@dataclass(frozen=True)
class StagedSite:
    """A site written to disk, ready for the engine."""

    plan: SitePlan
    root: Path
    docs_dir: Path
    stylesheets: tuple[str, ...]


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]


def shared_assets(project: Project, tokens) -> SharedAssets:
    """Build the stylesheet bundle from the tokens and the theme CSS, with a content hash in its name."""
    from .tokens import css_variables, font_face_css, font_files

    theme_css = sorted((project.theme_dir / "stylesheets").glob("*.css"))
    parts = [
        "/* Werkcentrum huisstijl. Gegenereerd uit brandbook/tokens en themes/werkcentrum: niet met de hand aanpassen. */",
        css_variables(tokens),
        font_face_css("../fonts/"),
        *(path.read_text(encoding="utf-8") for path in theme_css),
    ]
    css = "\n".join(part.strip() + "\n" for part in parts).encode("utf-8")
    name = f"{ASSETS_CSS}/werkcentrum.{fingerprint(css)}.css"
    files = {name: css}
    for font in font_files(folder=project.fonts_dir):
        files[f"{ASSETS_FONTS}/{font.name}"] = font.read_bytes()
    digest = hashlib.sha256(b"".join(k.encode() + hashlib.sha256(v).digest() for k, v in sorted(files.items()))).hexdigest()
    return SharedAssets(files=files, stylesheets=(name,), digest=digest)


# --- Jinja ----------------------------------------------------------------------------------------------------


def route_target(place) -> Md:
    """A link to a public map that searches the address of ``place`` (an inlooppunt): a link only, nothing from
    the map is loaded on our pages."""
    address = ", ".join(filter(None, [place.adres, " ".join(filter(None, [place.postcode, place.plaats]))]))
    return link_target("https://www.openstreetmap.org/search?query=" + quote(address, safe=""))


def tel_target(number: str) -> Md:
    """``'053 123 4567'`` -> ``tel:+31531234567`` for a link target (digits and '+' only)."""
    return link_target(tel_uri(number))


@lru_cache(maxsize=16)
def template_env(template_dirs: tuple[Path, ...]) -> SandboxedEnvironment:
    """One sandboxed environment per set of template folders, reused across sites of the same kind.

    The templates write Markdown, and every ``{{ value }}`` is escaped for Markdown and HTML unless it already
    is Markdown (``Md``, a macro's output): region text is shown as text, whatever characters it holds. Values
    that go into another context say so with a filter: ``url`` (a link or image target), ``tel``, ``mailto``,
    ``code`` (an inline code span), ``route`` (a map search for an inlooppunt's address).
    """
    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=True,
        finalize=markdown_finalize,
    )
    env.filters.update(
        tel=tel_target,
        mailto=mailto,
        url=link_target,
        code=code_span,
        datum=dutch_date,
        route=route_target,
        uren=hours_text,
    )
    return env


def _template_error(exc: Exception, page: Page, project: Project) -> Diagnostic:
    """Point at the template line that failed; Jinja keeps template frames in the traceback."""
    file, line = page.source, None
    if isinstance(exc, jinja2.TemplateSyntaxError):
        file = project.display(Path(exc.filename)) if exc.filename else file
        line = exc.lineno
    else:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith((".md", ".html")) and Path(frame.filename).exists():
                file, line = project.display(Path(frame.filename)), frame.lineno
                break
    message = str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        message = f"onbekende variabele in de pagina: {message}"
    return Diagnostic(
        file,
        f"de pagina kan niet worden gemaakt: {message}.",
        line=line,
        hint="Controleer de {{ }}- en {% %}-codes op deze regel; zie de lijst met variabelen in de README.",
    )


# --- Markdown helpers -----------------------------------------------------------------------------------------

_HEADING = re.compile(r"^(#{1,6})(\s)", re.MULTILINE)


def demote_headings(markdown: str, top_level: int) -> str:
    """Shift ATX headings so the highest one in ``markdown`` becomes ``top_level`` (keeps the page outline valid).

    The result has the type of ``markdown``: Markdown judged safe (``Md``) stays so, plain text stays text.
    """
    levels = [len(m.group(1)) for m in _HEADING.finditer(markdown)]
    if not levels:
        return markdown
    shift = max(0, top_level - min(levels))
    if not shift:
        return markdown
    return type(markdown)(_HEADING.sub(lambda m: "#" * min(6, len(m.group(1)) + shift) + m.group(2), markdown))


def page_markdown(page: Page, plan: SitePlan, project: Project) -> str:
    """The final Markdown of one page."""
    if page.template is not None:
        env = template_env(plan.template_dirs)
        try:
            text = env.get_template(page.template).render(plan.context)
        except (jinja2.TemplateError, TypeError, ValueError, AttributeError) as exc:
            raise UserError(_template_error(exc, page, project)) from None
    else:
        # A region's page: its title is text, its body Markdown that validation has judged safe.
        text = Md("# {}\n\n{}").format(page.title, demote_headings(page.markdown or Md(), 2))
    if page.addition:
        # "Bij Werkcentrum Regio Zwolle" reads well for every region name; "In de regio ..." did not.
        addition = demote_headings(page.addition, 3).strip()
        text = Md("{}\n\n## Bij {} {{ #in-de-regio }}\n\n{}\n").format(Md(text).rstrip("\n"), plan.name, addition)
    return text if text.endswith("\n") else text + "\n"


# --- writing --------------------------------------------------------------------------------------------------


def prune(folder: Path, keep: set[Path]) -> None:
    """Remove files under ``folder`` that the current plan no longer produces."""
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*"), reverse=True):
        if path.is_file() and path not in keep:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def data_files(plan: SitePlan) -> dict[str, bytes]:
    """Machine-readable files of a site: its inlooppunten; on the national site also every region's, the
    gemeenten for the finder and the JSON Schema of ``inlooppunten.json``."""
    from . import opendata

    if plan.kind == "regio":
        return {opendata.FILE: opendata.inlooppunten_file([plan.context["regio"]])}
    if plan.kind == "landelijk":
        return {
            opendata.FILE: plan.context["inlooppunten_json"],  # made while planning (merge.plan_national)
            opendata.SCHEMA_FILE: opendata.schema_text().encode("utf-8"),
            plan.context["vind"].gegevens: plan.context["vind"].data_file(),
        }
    return {}


def render_site(plan: SitePlan, assets: SharedAssets, root: Path, project: Project) -> StagedSite:
    """Write the plan's pages and the shared assets to ``root/docs``."""
    docs = root / "docs"
    written: set[Path] = set()
    for page in plan.pages:
        target = docs / page.path
        write_if_changed(target, page_markdown(page, plan, project).encode("utf-8"))
        written.add(target)
    for rel, data in assets.files.items():
        target = docs / rel
        write_if_changed(target, data)
        written.add(target)
    # Brand files of this site (logo, icons, og.png, manifest; the brandbook's downloads): generator.brand.
    from .brand import site_files as brand_files

    brand = brand_files(plan, project)
    for rel, data in brand.files.items():
        target = docs / rel
        write_if_changed(target, data)
        written.add(target)
    for rel, data in data_files(plan).items():  # inlooppunten.json, and on www gemeenten.json
        target = docs / rel
        write_if_changed(target, data)
        written.add(target)
    prune(docs, written)
    return StagedSite(plan=plan, root=root, docs_dir=docs, stylesheets=assets.stylesheets + brand.stylesheets)

"""The site engine: MkDocs with Material for MkDocs. Everything engine-specific is in this package.

A staged site gets a fully resolved ``mkdocs.yml`` next to its ``docs`` folder: the root ``mkdocs.yml`` (the
shared configuration) with the site's own values filled in. No ``INHERIT`` (it replaces lists and does not
rewrite relative paths), no plugin needed to read it, so ``mkdocs build -f build/<key>/mkdocs.yml`` or
Zensical can build any site on its own.
"""

from __future__ import annotations

import copy
import logging
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from ..merge import NavEntry, SitePlan
from ..project import Project
from ..render import StagedSite, write_if_changed

PLUGIN_NAME = "werkcentrum"
ENGINE_DIR = "overrides"
# Material prints a banner about its end of life on every import; the README covers the engine's future.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@lru_cache(maxsize=4)
def _root_config(path: Path, mtime: float) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def root_config(project: Project) -> dict[str, Any]:
    """The shared configuration from the root ``mkdocs.yml`` (a fresh copy each call)."""
    path = project.root / "mkdocs.yml"
    return copy.deepcopy(_root_config(path, path.stat().st_mtime))


def _page_url(path: str) -> str:
    """``privacy.md`` -> ``privacy/``, ``index.md`` -> ``./`` (MkDocs directory URLs)."""
    stem = path[:-3]
    return "./" if stem == "index" else f"{stem}/"


def _nav(entries: tuple[NavEntry, ...]) -> list:
    out = []
    for entry in entries:
        if entry.children:
            out.append({entry.title: _nav(entry.children)})
        else:
            out.append({entry.title: entry.path})
    return out


def _plugin_name(item: Any) -> str:
    return next(iter(item)) if isinstance(item, dict) else str(item)


def site_config(staged: StagedSite, project: Project) -> dict[str, Any]:
    """The fully resolved MkDocs configuration of one staged site."""
    plan: SitePlan = staged.plan
    config = root_config(project)
    config.pop("site_dir", None)
    config["plugins"] = [p for p in config.get("plugins", []) if _plugin_name(p) != PLUGIN_NAME]
    theme = dict(config.get("theme") or {})
    theme["custom_dir"] = os.path.relpath(project.theme_dir / ENGINE_DIR, staged.root)
    config["theme"] = theme
    config.update(
        site_name=plan.name,
        site_url=plan.url,
        site_description=plan.description,
        docs_dir="docs",
        nav=_nav(plan.nav),
        extra_css=[*staged.stylesheets, *config.get("extra_css", [])],
    )
    extra = dict(config.get("extra") or {})
    extra[PLUGIN_NAME] = {
        "soort": plan.kind,
        "regio": plan.region_name,
        "landelijke_url": plan.context["site"]["landelijke_url"],
        "brandbook_url": plan.context["site"]["brandbook_url"],
        "voettekst": [{"titel": e.title, "url": _page_url(e.path)} for e in plan.footer],
    }
    config["extra"] = extra
    return config


def write_site_config(staged: StagedSite, project: Project) -> Path:
    """Write the resolved ``mkdocs.yml`` into the staging folder and return its path."""
    path = staged.root / "mkdocs.yml"
    header = (
        f"# Gegenereerd door 'werkcentrum build' voor {staged.plan.name}: niet met de hand aanpassen.\n"
        "# Verander de gedeelde instellingen in het mkdocs.yml in de hoofdmap.\n"
    )
    text = header + yaml.safe_dump(site_config(staged, project), allow_unicode=True, sort_keys=False, width=120)
    write_if_changed(path, text.encode("utf-8"))
    return path


def load_site_config(config_file: Path, site_dir: Path):
    """Load and validate a resolved configuration the way ``mkdocs build`` does."""
    from mkdocs.config import load_config

    return load_config(config_file=str(config_file), site_dir=str(site_dir))


def build_site(config_file: Path, site_dir: Path) -> None:
    """Build one site with MkDocs into ``site_dir``."""
    from mkdocs.commands.build import build

    build(load_site_config(config_file, site_dir))


def quiet_logging(level: int = logging.WARNING) -> None:
    """MkDocs logs every step at INFO; a build of 37 sites only needs its warnings."""
    logging.getLogger("mkdocs").setLevel(level)
    logging.getLogger("material").setLevel(level)

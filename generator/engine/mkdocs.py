"""The site engine: MkDocs with Material for MkDocs. Everything engine-specific is in this package.

A staged site gets a fully resolved ``mkdocs.yml`` next to its ``docs`` folder: the root ``mkdocs.yml`` (the
shared configuration) with the site's own values filled in. No ``INHERIT`` (it replaces lists and does not
rewrite relative paths), no plugin needed to read it, so ``mkdocs build -f build/<key>/mkdocs.yml`` or
Zensical can build any site on its own.
"""

from __future__ import annotations

import contextlib
import copy
import logging
import os
import shutil
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from markupsafe import Markup, escape

from ..output import write_if_changed
from ..project import Project

if TYPE_CHECKING:  # the engine itself needs neither the region models nor the renderer (build.Helper)
    from ..merge import NavEntry, SitePlan
    from ..render import StagedSite

PLUGIN_NAME = "werkcentrum"
ENGINE_DIR = "overrides"
# Material prints a banner about its end of life on every import; the README covers the engine's future.
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Reproducible output: MkDocs dates pages and the gzipped sitemap with the build time unless this is set.
# Our sitemap template leaves dates out, so a fixed default costs nothing and keeps unchanged sites unchanged.
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")


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


# --- text values for Material -----------------------------------------------------------------------------------
#
# MkDocs treats titles as HTML, and Material writes the site name, description and titles into elements and
# attributes mostly without escaping (``aria-label="{{ config.site_name }}"``), sometimes with (``title="{{
# config.site_name | e }}"``). So every text value the engine hands over is escaped HTML: safe where Material
# writes it raw, whatever engine reads the file. When our code loads a resolved configuration it marks those
# values as Markup, so Material's ``| e`` leaves them as they are instead of escaping them twice.


def _map_text(value: Any, convert, *, values: bool = True) -> Any:
    """``convert`` applied to every string in nested lists and mappings: to mapping keys always, to the other
    strings only with ``values`` (nav titles are keys; their page paths stay plain strings)."""
    if isinstance(value, str):
        return convert(value) if values else value
    if isinstance(value, list):
        return [_map_text(v, convert, values=values) for v in value]
    if isinstance(value, dict):
        return {
            convert(k) if isinstance(k, str) else k: _map_text(v, convert, values=values) for k, v in value.items()
        }
    return value


def html_text(value: Any) -> Any:
    """Text values (also inside lists and mappings) as escaped HTML, for a resolved ``mkdocs.yml``."""
    return _map_text(value, lambda text: str(escape(text)))


def mark_html_values(config) -> None:
    """Mark the escaped text values of a loaded resolved configuration as Markup (see ``html_text``)."""
    for name in ("site_name", "site_description"):
        if isinstance(config.get(name), str):
            config[name] = Markup(config[name])
    if config.get("nav"):
        config["nav"] = _map_text(config["nav"], Markup, values=False)
    extra = config.get("extra") or {}
    if PLUGIN_NAME in extra:
        extra[PLUGIN_NAME] = _map_text(extra[PLUGIN_NAME], Markup)


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
    from ..brand import site_meta

    brand = site_meta(plan, project)  # the site's own logo, favicon, icons and og:image (generator.brand)
    theme.update(brand["theme"])
    config["theme"] = theme
    config.update(
        site_name=html_text(plan.name),
        site_url=plan.url,
        site_description=html_text(plan.description),
        docs_dir="docs",
        nav=html_text(_nav(plan.nav)),
        extra_css=[*staged.stylesheets, *config.get("extra_css", [])],
    )
    extra = dict(config.get("extra") or {})
    extra[PLUGIN_NAME] = html_text({
        "soort": plan.kind,
        "regio": plan.region_name,
        "landelijke_url": plan.context["site"]["landelijke_url"],
        "brandbook_url": plan.context["site"]["brandbook_url"],
        "voettekst": [{"titel": e.title, "url": _page_url(e.path)} for e in plan.footer],
        "merk": brand["werkcentrum"],
    })
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

    config = load_config(config_file=str(config_file), site_dir=str(site_dir))
    mark_html_values(config)
    return config


def search_languages(config) -> list[str]:
    """The languages of the search plugin (``['nl']`` for our sites)."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None:
            return list(plugin.config.lang or [])
    return []


def keep_theme_file(src_uri: str, languages: list[str]) -> bool:
    """Whether a static file of the theme belongs in a published site.

    Material ships source maps and search support for some 30 languages (together about 2 MB per site);
    the search worker only ever loads the stemmer support, the files of the configured languages, and the
    segmenters for Japanese, Hindi and Thai. Leaving the rest out keeps 37 sites small.
    """
    if src_uri.endswith(".map"):
        return False
    if not src_uri.startswith("assets/javascripts/lunr/"):
        return True
    name = src_uri.rsplit("/", 1)[-1]
    wanted = {"lunr.stemmer.support.min.js"}
    wanted |= {f"lunr.{lang}.min.js" for lang in languages if lang != "en"}
    if len(languages) > 1:
        wanted.add("lunr.multi.min.js")
    if "ja" in languages:
        wanted.add("tinyseg.js")
    if {"hi", "th"} & set(languages):
        wanted.add("wordcut.js")
    return name in wanted


def prune_theme_files(files, config) -> None:
    """Remove the theme's static files that ``keep_theme_file`` leaves out (the plain ``mkdocs build`` route)."""
    languages = search_languages(config)
    for file in list(files):
        if file.src_dir and os.path.realpath(file.src_dir) != os.path.realpath(config.docs_dir):
            if not keep_theme_file(file.src_uri, languages):
                files.remove(file)


class SiteBuilder:
    """Builds many sites in one process, doing once what MkDocs would redo for every site.

    Profiling one build showed most of the time in three things that are identical for all our sites:
    compiling Material's Jinja templates (``Theme.get_env`` makes a fresh environment per build), listing
    every file of the theme (thousands of icons, to find its static assets) and copying those assets. Inside
    ``session()`` the environment and the listing are shared per theme, and files are hard-linked instead of
    copied. The output is the same as plain ``mkdocs build`` with the werkcentrum plugin writes. ``mkdocs
    serve`` keeps one session for all its rebuilds (the plugin), so a save does not compile the templates again.
    """

    def __init__(self):
        self._envs: dict[tuple, Any] = {}
        self._theme_files: dict[tuple, list[tuple[str, str]]] = {}

    def build(self, config_file: Path, site_dir: Path) -> None:
        from mkdocs.commands.build import build

        with self.session():
            build(load_site_config(config_file, site_dir))

    def warm(self, config_file: Path) -> None:
        """Do ahead of a build what its first site would do (import the Markdown extensions, compile the
        theme's templates, list its files) by building the site of ``config_file``, a site's last staged
        configuration, into a scratch folder. What is prepared is kept under the theme's key, so a build whose
        theme differs does not use it; a configuration that no longer builds only leaves less prepared."""
        import tempfile

        with tempfile.TemporaryDirectory(prefix="wc-warm-") as scratch, held_log():
            with contextlib.suppress(Exception):  # noqa: BLE001 - the build itself reports real problems
                self.build(config_file, Path(scratch) / "site")

    @contextlib.contextmanager
    def session(self):
        """Patch MkDocs' per-site work with the shared versions for the duration of the block."""
        import mkdocs.utils
        from mkdocs.structure.files import File, Files
        from mkdocs.theme import Theme

        envs, listings = self._envs, self._theme_files
        original_get_env = Theme.get_env
        original_add = Files.add_files_from_theme
        original_copy = mkdocs.utils.copy_file

        def theme_key(theme) -> tuple:
            # Each resolved config names custom_dir relative to its own folder: compare real paths. Our own
            # overrides can change while a preview runs: their files' sizes and times are part of the key.
            return (tuple(os.path.realpath(d) for d in theme.dirs), _tree_signature(theme.custom_dir))

        def get_env(theme):
            key = (theme_key(theme), str(theme.locale))
            if key not in envs:
                envs[key] = original_get_env(theme)
            return envs[key]

        def add_files_from_theme(files, env, config):
            key = (theme_key(config.theme), tuple(sorted(config.theme.static_templates)), tuple(search_languages(config)))
            if key not in listings:
                languages = search_languages(config)
                listings[key] = [(uri, d) for uri, d in theme_static_files(config) if keep_theme_file(uri, languages)]
            for src_uri, src_dir in listings[key]:
                if files.get_file_from_path(src_uri) is None:
                    files.append(File(src_uri, src_dir, config.site_dir, config.use_directory_urls))

        Theme.get_env = get_env
        Files.add_files_from_theme = add_files_from_theme
        mkdocs.utils.copy_file = link_file
        try:
            yield self
        finally:
            Theme.get_env = original_get_env
            Files.add_files_from_theme = original_add
            mkdocs.utils.copy_file = original_copy


def theme_static_files(config) -> list[tuple[str, str]]:
    """(path, theme folder) of every static file MkDocs' ``Files.add_files_from_theme`` would add, in its order.

    MkDocs lists every file of every theme folder (Material's are some 15,000 icons in dot-folders) and
    then drops names by pattern; a cold build spent 0.08 s on that. The same patterns, with dot-folders
    skipped while walking instead of after, give the same list (``tests/test_engine.py`` compares them).
    """
    import fnmatch

    from mkdocs import utils

    patterns = ['.*', '*/.*', '*.py', '*.pyc', '*.html', '*readme*', 'mkdocs_theme.yml', 'locales/*']
    patterns += [f'*{ext}' for ext in utils.markdown_extensions]
    patterns += list(config.theme.static_templates)
    names: set[str] = set()
    for theme_dir in config.theme.dirs:
        for root, dirs, files in os.walk(theme_dir):
            dirs[:] = [d for d in dirs if not d.startswith(".")]  # '*/.*' would drop everything below
            rel = os.path.relpath(root, theme_dir).replace(os.sep, "/")
            names.update(name if rel == "." else f"{rel}/{name}" for name in files)
    found = []
    for name in sorted(names):
        if any(fnmatch.fnmatch(name.lower(), pattern) for pattern in patterns):
            continue
        # Like MkDocs: the first theme folder that holds the file (a custom_dir overrides Material).
        theme_dir = next((d for d in config.theme.dirs if os.path.isfile(os.path.join(d, name))), None)
        if theme_dir is not None:
            found.append((name, theme_dir))
    return found


def _tree_signature(folder: str | None) -> tuple:
    """Path, size and modification time of every file under ``folder`` (a few dozen theme overrides)."""
    if not folder:
        return ()
    found = []
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            try:
                st = os.stat(os.path.join(root, name))
            except FileNotFoundError:  # removed while we looked: the next rebuild sees the change
                continue
            found.append((os.path.relpath(os.path.join(root, name), folder), st.st_size, st.st_mtime_ns))
    return tuple(found)


def link_file(source_path: str, output_path: str) -> None:
    """``mkdocs.utils.copy_file`` with a hard link: identical assets of 37 sites are stored once on disk.

    Safe because nothing writes into a file in place: the renderer replaces changed files with a new file,
    and MkDocs removes output files before a build.
    """
    os.makedirs(os.path.dirname(output_path), exist_ok=True)
    if os.path.isdir(output_path):
        output_path = os.path.join(output_path, os.path.basename(source_path))
    if os.path.abspath(source_path) == os.path.abspath(output_path):
        return  # a plugin wrote straight into site_dir; unlinking would delete the only copy
    with contextlib.suppress(FileNotFoundError):
        os.unlink(output_path)
    try:
        os.link(source_path, output_path)
    except OSError:  # another file system, or links not allowed: a copy is always correct
        shutil.copyfile(source_path, output_path)


def watch_at_once(server) -> None:
    """Let a MkDocs preview server hear of a saved file at once (inotify) instead of at its next poll, every
    0.5 s. Call before anything is watched; where the system gives no inotify, the server keeps polling."""
    try:
        from watchdog.observers.inotify import InotifyObserver
        from watchdog.observers.inotify_c import InotifyFD

        InotifyFD.get_instance()  # fails here, not later in the server's thread, when inotify is not available
    except (ImportError, OSError, AttributeError):  # not Linux, or no inotify instances left
        return
    from watchdog import events

    # A change only: inotify also reports every file the rebuild opens and reads, which would rebuild forever.
    changes = [events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent]

    class ChangeObserver(InotifyObserver):
        def schedule(self, event_handler, path, *, recursive=False, event_filter=None):
            return super().schedule(event_handler, path, recursive=recursive, event_filter=event_filter or changes)

    server.observer = ChangeObserver()


class HeldLog(logging.Handler):
    """The engine's log records of one site, held back until the site is built (see ``held_log``)."""

    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def release(self) -> None:
        """Show the held records the normal way (call after the ``held_log`` block)."""
        for record in self.records:
            logging.getLogger(record.name).handle(record)
        self.records.clear()


_ENGINE_LOGGERS = ("mkdocs", "material")


@contextlib.contextmanager
def held_log():
    """Hold MkDocs' messages while one site is built: when the machine fails the build (a full disk), the user
    gets one Dutch message instead of English engine lines such as 'Error building page'."""
    handler = HeldLog()
    loggers = [logging.getLogger(name) for name in _ENGINE_LOGGERS]
    saved = [(logger.handlers, logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.handlers, logger.propagate = [handler], False
    try:
        yield handler
    finally:
        for logger, (handlers, propagate) in zip(loggers, saved):
            logger.handlers, logger.propagate = handlers, propagate


def quiet_logging(level: int = logging.WARNING) -> None:
    """MkDocs logs every step at INFO; a build of 37 sites only needs its warnings."""
    logging.getLogger("mkdocs").setLevel(level)
    logging.getLogger("material").setLevel(level)

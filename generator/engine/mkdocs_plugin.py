"""The ``werkcentrum`` MkDocs plugin: plain ``mkdocs build`` and ``mkdocs serve`` for one site.

The root ``mkdocs.yml`` names this plugin. On ``config`` it runs the toolkit's stages for the site named by
``WERKCENTRUM_REGIO`` (the national site when unset) and takes over that site's resolved configuration, so the
plain route produces the same output as ``werkcentrum build``. On ``serve`` it also watches the region files,
base content, tokens and theme, so a preview reloads when any of them changes. An edit that breaks a file while
the preview runs does not stop it: the last good site is built again and every page shows the Dutch diagnostics
instead (with MkDocs' reload script), so the page recovers by itself once the file is fixed.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..diagnostics import UserError
from ..project import NATIONAL_KEY, Project
from . import mkdocs as engine

ENV_REGION = "WERKCENTRUM_REGIO"
# Set by `werkcentrum serve`: a mistake found before the preview runs reaches the command as a UserError (Dutch
# diagnostics, exit 1) instead of MkDocs' "Aborted with a BuildError!".
USER_ERRORS_RAISE = False
# Keys that belong to the running mkdocs process, not to the site.
_KEEP = {"plugins", "config_file_path", "site_dir", "dev_addr", "watch", "strict"}


class WerkcentrumPlugin(BasePlugin):
    """Turns the root configuration into the resolved configuration of one Werkcentrum site."""

    def __init__(self):
        super().__init__()
        self.command = "build"
        self.project: Project | None = None
        self.plan = None
        self.resolved: dict | None = None  # the last good resolved configuration (serve)
        self.problems: list | None = None  # diagnostics of a broken edit, shown on every page (serve)
        self.session: contextlib.ExitStack | None = None  # Material's compiled templates, kept while serving

    def on_startup(self, *, command, dirty):
        self.command = command
        if command == "serve" and self.session is None:
            # A preview builds the same site after every save. Compiling Material's templates and listing its
            # files took most of each rebuild; keep them (they are keyed on the theme files, so an edited
            # override is read again).
            self.session = contextlib.ExitStack()
            self.session.enter_context(engine.SiteBuilder().session())

    def on_shutdown(self):
        if self.session is not None:
            self.session.close()
            self.session = None

    def on_config(self, config):
        from ..build import stage_one

        key = os.environ.get(ENV_REGION) or NATIONAL_KEY
        project = Project.find(Path(config.config_file_path).parent)
        self.project = project
        try:
            staged = stage_one(project, key)
        except UserError as exc:
            if self.command == "serve" and self.resolved is not None:
                self.problems = exc.diagnostics
                show_problems(exc.diagnostics)
                self._apply(config, self.resolved)
                return config
            if USER_ERRORS_RAISE:
                raise
            raise PluginError("\n" + "\n".join(d.format() for d in exc.diagnostics)) from None
        if self.problems:
            print("Opgelost: de voorbeeldsite is weer bijgewerkt.", file=sys.stderr, flush=True)
        self.problems = None
        self.plan = staged.plan
        site_dir = Path(config.site_dir)
        resolved = engine.load_site_config(engine.write_site_config(staged, project), site_dir)
        self.resolved = {name: resolved[name] for name in resolved}
        self._apply(config, self.resolved)
        if self.command != "serve":
            # One output tree for all sites: site/<key>/, as `werkcentrum build` writes it.
            config["site_dir"] = str(site_dir / key)
        return config

    def _apply(self, config, resolved: dict) -> None:
        for name in resolved:
            if name not in _KEEP and not (name == "site_url" and self.command == "serve"):
                config[name] = resolved[name]

    def on_post_build(self, *, config):
        # The same extra files as `werkcentrum build` (robots.txt, security.txt), so both routes give one output.
        from ..publish import finish_site

        finish_site(self.plan, Path(config.site_dir), self.project)
        if self.problems:
            from ..preview import problem_page

            page = problem_page(self.problems, self.plan.name)
            for html in Path(config.site_dir).rglob("*.html"):
                html.write_bytes(page)

    def on_files(self, files, *, config):
        # The same theme files as the fast path (werkcentrum build) publishes, so both outputs are identical.
        engine.prune_theme_files(files, config)
        return files

    def on_serve(self, server, *, config, builder):
        print(f"Voorbeeld van {self.plan.name} op {server.url} (stoppen met Ctrl+C)", flush=True)
        project = self.project
        # MkDocs watches the docs folder, but ours is staged output that each rebuild rewrites: watching it
        # made every save build twice (and reload the browser twice). The root mkdocs.yml stays watched.
        server.unwatch(config.docs_dir)
        server.unwatch(config.config_file_path)
        engine.watch_at_once(server)
        server.watch(config.config_file_path)
        for path in (project.regions_dir, project.base_dir, project.national_dir, project.brandbook_dir, project.theme_dir):
            if path.exists():
                server.watch(str(path))
        return server


def show_problems(diagnostics) -> None:
    """A broken edit during the preview, in the terminal."""
    for diag in diagnostics:
        print(diag.format(), file=sys.stderr)
    print(
        "Het voorbeeld toont deze fout in je browser, tot je het bestand hebt verbeterd en opgeslagen.",
        file=sys.stderr,
        flush=True,
    )

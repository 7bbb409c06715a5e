"""The ``werkcentrum`` MkDocs plugin: plain ``mkdocs build`` and ``mkdocs serve`` for one site.

The root ``mkdocs.yml`` names this plugin. On ``config`` it runs the toolkit's stages for the site named by
``WERKCENTRUM_REGIO`` (the national site when unset) and takes over that site's resolved configuration, so the
plain route produces the same output as ``werkcentrum build``. On ``serve`` it also watches the region files,
base content, tokens and theme, so a preview reloads when any of them changes.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..diagnostics import UserError
from ..project import NATIONAL_KEY, Project
from . import mkdocs as engine

ENV_REGION = "WERKCENTRUM_REGIO"
# Keys that belong to the running mkdocs process, not to the site.
_KEEP = {"plugins", "config_file_path", "site_dir", "dev_addr", "watch", "strict"}


class WerkcentrumPlugin(BasePlugin):
    """Turns the root configuration into the resolved configuration of one Werkcentrum site."""

    def __init__(self):
        super().__init__()
        self.command = "build"
        self.project: Project | None = None
        self.plan = None

    def on_startup(self, *, command, dirty):
        self.command = command

    def on_config(self, config):
        from ..build import stage_one

        key = os.environ.get(ENV_REGION) or NATIONAL_KEY
        project = Project.find(Path(config.config_file_path).parent)
        self.project = project
        try:
            staged = stage_one(project, key)
        except UserError as exc:
            raise PluginError("\n" + "\n".join(d.format() for d in exc.diagnostics)) from None
        self.plan = staged.plan
        site_dir = Path(config.site_dir)
        resolved = engine.load_site_config(engine.write_site_config(staged, project), site_dir)
        for name in resolved:
            if name not in _KEEP and not (name == "site_url" and self.command == "serve"):
                config[name] = resolved[name]
        if self.command != "serve":
            # One output tree for all sites: site/<key>/, as `werkcentrum build` writes it.
            config["site_dir"] = str(site_dir / key)
        return config

    def on_post_build(self, *, config):
        # The same extra files as `werkcentrum build` (robots.txt, security.txt), so both routes give one output.
        from ..publish import finish_site

        finish_site(self.plan, Path(config.site_dir), self.project)

    def on_files(self, files, *, config):
        # The same theme files as the fast path (werkcentrum build) publishes, so both outputs are identical.
        engine.prune_theme_files(files, config)
        return files

    def on_serve(self, server, *, config, builder):
        project = self.project
        for path in (project.regions_dir, project.base_dir, project.national_dir, project.brandbook_dir, project.theme_dir):
            if path.exists():
                server.watch(str(path))
        return server

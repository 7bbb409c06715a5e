"""Shared fixtures: copies of the project to change safely, and builds done once per test session."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.project import Project

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_REGIONS = REPO / "examples" / "regions"
EXAMPLE_SLUG = "voorbeeldregio"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# Reproducible output (sitemap dates) whatever day the tests run.
os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")

_PROJECT_PARTS = ("sites", "brandbook", "themes", "mkdocs.yml", "pyproject.toml", "examples")


def copy_project(dest: Path, keep_regions: set[str] | tuple[str, ...] | None = None) -> Project:
    """A full copy of the project's inputs in ``dest``; tests may change it freely.

    ``keep_regions`` keeps only those region files, so a full build takes seconds.
    """
    dest.mkdir(parents=True, exist_ok=True)
    for part in _PROJECT_PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif src.is_file():
            shutil.copy2(src, dest / part)
    project = Project(root=dest)
    if keep_regions is not None:
        for path in project.regions_dir.glob("*.yaml"):
            if path.stem not in keep_regions:
                path.unlink()
    return project


def need_browser():
    """Skip, naming the install command, when Playwright or Chromium is missing."""
    from generator.audit.browser import find_chromium

    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        pytest.skip("Playwright ontbreekt: installeer de testtools met pip install -e '.[test]'")
    if find_chromium() is None:
        pytest.skip("Chromium ontbreekt: installeer het met 'apt-get install chromium' (dat doet .ci/run)")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def static_server(folder: Path):
    """A plain static file server on loopback, WITHOUT any security header; yields its origin URL."""
    from generator.preview import QuietServer

    handler = functools.partial(_QuietHandler, directory=str(folder))
    with QuietServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            yield f"http://127.0.0.1:{server.server_address[1]}"
        finally:
            server.shutdown()


def stop_process(proc, seconds: float = 20) -> tuple:
    """End a server the test started (SIGTERM, then SIGKILL after ``seconds``); returns its (stdout, stderr)."""
    if proc.poll() is None:
        proc.terminate()
    try:
        return proc.communicate(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.communicate()


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture
def project(tmp_path) -> Project:
    """A writable copy of the real project."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def example_project(tmp_path) -> Project:
    """A writable project whose only region is the fictional example region (in its own folder, as in the repo)."""
    project = copy_project(tmp_path / "project")
    return project.with_paths(regions_dir=project.root / "examples" / "regions")


@pytest.fixture
def small_project(tmp_path) -> Project:
    """A writable project with three regions: quick to build again and again."""
    return copy_project(tmp_path / "project", keep_regions={"twente", "drenthe", "zeeland"})


@pytest.fixture(scope="session")
def built_all(tmp_path_factory) -> Project:
    """The real project, every site built once for the whole session (read-only for tests)."""
    from generator.build import build

    out = tmp_path_factory.mktemp("built-all")
    project = Project.find(REPO, site_dir=out / "site", build_dir=out / "build")
    build(project)
    return project


@pytest.fixture(scope="session")
def built_example(tmp_path_factory) -> Project:
    """The fictional example region and the national site, built once for the session (read-only)."""
    from generator.build import build

    out = tmp_path_factory.mktemp("built-example")
    project = Project.find(REPO, regions_dir=EXAMPLE_REGIONS, site_dir=out / "site", build_dir=out / "build")
    build(project)
    return project

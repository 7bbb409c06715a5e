"""`werkcentrum serve`: a real preview server that rebuilds when a region, the base content or the tokens change."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import EXAMPLE_SLUG, REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, pattern: str, seconds: float = 40) -> str:
    """Poll until the page at ``url`` matches ``pattern``; the rebuild is asynchronous."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        html = fetch(url)
        if html is not None and re.search(pattern, html):
            return html
        time.sleep(0.3)
    raise AssertionError(f"{url} never matched {pattern!r}; last content: {(html or '')[:300]}")


@pytest.fixture
def server(example_project):
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", EXAMPLE_SLUG, "--regions", "examples/regions",
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=example_project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        yield example_project, f"http://127.0.0.1:{port}/"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_preview_reloads_after_region_base_and_token_changes(server):
    project, url = server
    wait_for(url, r"<title>Werkcentrum Voorbeeldregio</title>")

    region = project.regions_dir / f"{EXAMPLE_SLUG}.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("naam: Voorbeeldregio\n", "naam: Proefregio\n", 1), encoding="utf-8")
    wait_for(url, r"<title>Werkcentrum Proefregio</title>")

    page = project.base_dir / "pages" / "werkgevers.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nDeze zin is net toegevoegd aan de basis.\n", encoding="utf-8")
    wait_for(url + "werkgevers/", r"Deze zin is net toegevoegd aan de basis\.")

    roles = project.tokens_dir / "roles.tokens.json"
    roles.write_text(
        roles.read_text(encoding="utf-8").replace('"link": {"$value": "{werkcentrum.color.palette.blauw-700}"',
                                                   '"link": {"$value": "{werkcentrum.color.palette.blauw-900}"'),
        encoding="utf-8",
    )
    html = wait_for(url, r"werkcentrum\.[0-9a-f]{8}\.css")
    css_href = re.search(r'href="([^"]*werkcentrum\.[0-9a-f]{8}\.css)"', html).group(1)
    deadline = time.monotonic() + 40
    while "color-link: var(--werkcentrum-color-palette-blauw-900)" not in (fetch(url + css_href.lstrip("./")) or ""):
        assert time.monotonic() < deadline, "the stylesheet never picked up the token change"
        time.sleep(0.3)
        html = fetch(url) or html
        css_href = re.search(r'href="([^"]*werkcentrum\.[0-9a-f]{8}\.css)"', html).group(1)

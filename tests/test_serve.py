"""`werkcentrum serve`: a real preview server that rebuilds when a region, the base content or the tokens change."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import EXAMPLE_SLUG, REPO, stop_process


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
        stop_process(proc)


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


# --- mistakes, a broken edit, a taken port, Ctrl+C ---------------------------------------------------------------


def serve_cli(project, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "serve", *args],
        cwd=project.root, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def start_serve(project, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", *args],
        cwd=project.root, env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


SOFTWARE_ERROR = ("werkcentrum-software zelf", "fout in de software", "Traceback", "BuildError", "Aborted")


def break_example(project) -> Path:
    region = project.regions_dir / f"{EXAMPLE_SLUG}.yaml"
    text = region.read_text(encoding="utf-8")
    region.write_text(text.replace('dinsdag: "09:00-17:00"', 'dinsdag: "9:00–17:00"', 1), encoding="utf-8")
    assert region.read_text(encoding="utf-8") != text
    return region


def test_serve_with_a_broken_region_file_gives_the_dutch_diagnostic_and_exit_1(example_project):
    break_example(example_project)
    result = serve_cli(example_project, EXAMPLE_SLUG, "--regions", "examples/regions", "--dev-addr", f"127.0.0.1:{free_port()}")
    assert result.returncode == 1
    assert re.search(rf"examples/regions/{EXAMPLE_SLUG}\.yaml:\d+:\d+: fout: inlooppunten\[0\]\.openingstijden\.dinsdag: ", result.stderr)
    assert "Bedoel je '09:00-17:00'?" in result.stderr
    assert "1 fout gevonden." in result.stderr
    assert not any(text in result.stderr + result.stdout for text in SOFTWARE_ERROR)


def test_serve_with_an_unknown_slug_suggests_the_nearest(project):
    result = serve_cli(project, "twnete", "--dev-addr", f"127.0.0.1:{free_port()}")
    assert result.returncode == 1
    assert "er is geen regio met de naam 'twnete'" in result.stderr and "Bedoel je 'twente'?" in result.stderr
    assert not any(text in result.stderr + result.stdout for text in SOFTWARE_ERROR)


@pytest.mark.parametrize("extra", [[EXAMPLE_SLUG, "--regions", "examples/regions"], ["--all"]], ids=["regio", "all"])
def test_a_taken_port_is_named_with_the_option_to_choose_another(example_project, extra):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = serve_cli(example_project, *extra, "--dev-addr", f"127.0.0.1:{port}")
    assert result.returncode == 1
    assert "de poort is al in gebruik" in result.stderr
    assert f"waar: 127.0.0.1:{port}" in result.stderr and "--dev-addr 127.0.0.1:8001" in result.stderr
    assert not any(text in result.stderr + result.stdout for text in SOFTWARE_ERROR)
    assert not example_project.site_dir.exists()  # found before anything was built


def test_serve_help_names_dev_addr():
    result = subprocess.run([sys.executable, "-m", "generator.cli", "serve", "--help"], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert "--dev-addr ADRES:POORT" in result.stdout and "is de poort bezet" in result.stdout


def test_a_broken_edit_shows_the_diagnostics_on_every_page_until_it_is_fixed(server):
    project, url = server
    wait_for(url, r"<title>Werkcentrum Voorbeeldregio</title>")
    region = break_example(project)
    for page in ("", "werkgevers/", "inlooppunten/"):
        html = wait_for(url + page, r"wacht op een verbetering")
        parsed = BeautifulSoup(html, "html.parser")
        assert parsed.html["lang"] == "nl"
        told = parsed.select_one("main pre").get_text()
        assert f"examples/regions/{EXAMPLE_SLUG}.yaml:" in told and "'9:00–17:00' is geen tijdvak" in told
        assert "Bedoel je '09:00-17:00'?" in told
        assert parsed.find("script") is not None  # the server's reload script: the page comes back by itself
    region.write_text(region.read_text(encoding="utf-8").replace("\"9:00–17:00\"", "\"09:00-17:00\""), encoding="utf-8")
    wait_for(url + "werkgevers/", r"<title>Werkgevers - Werkcentrum Voorbeeldregio</title>")


def test_the_browser_shows_a_broken_edit_and_recovers_without_a_reload_by_hand(server):
    from test_audit import need_browser

    need_browser()
    from playwright.sync_api import sync_playwright

    from generator.audit.browser import LAUNCH_ARGS, find_chromium

    project, url = server
    wait_for(url, r"<title>Werkcentrum Voorbeeldregio</title>")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(find_chromium()), args=list(LAUNCH_ARGS))
        try:
            page = browser.new_page()
            page.goto(url + "werkgevers/")
            assert page.title() == "Werkgevers - Werkcentrum Voorbeeldregio"
            region = break_example(project)
            page.wait_for_function("document.title.startsWith('1 fout')", timeout=60_000)  # reloaded by itself
            assert "is geen tijdvak" in page.inner_text("main")
            region.write_text(region.read_text(encoding="utf-8").replace("\"9:00–17:00\"", "\"09:00-17:00\""), encoding="utf-8")
            page.wait_for_function("document.title === 'Werkgevers - Werkcentrum Voorbeeldregio'", timeout=60_000)
        finally:
            browser.close()


@pytest.mark.parametrize("presses", [1, 2, 3])
def test_ctrl_c_ends_the_server_and_frees_its_port_however_often_it_is_pressed(example_project, presses):
    port = free_port()
    proc = start_serve(example_project, EXAMPLE_SLUG, "--regions", "examples/regions", "--dev-addr", f"127.0.0.1:{port}")
    try:
        wait_for(f"http://127.0.0.1:{port}/", r"<title>Werkcentrum Voorbeeldregio</title>")
        for _ in range(presses):
            proc.send_signal(signal.SIGINT)
            time.sleep(0.02)
        proc.wait(timeout=15)
    finally:
        out, err = stop_process(proc)
    assert proc.returncode in (0, 130), err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert port_is_free(port)


def test_a_save_reloads_the_browser_once_and_the_reloaded_page_shows_it(server):
    """The reload script of the page waits on /livereload/<epoch>/<id>: a save answers it with a newer epoch,
    the page then shows the change, and no second rebuild follows (the preview does not watch its own output)."""
    project, url = server
    html = wait_for(url, r"livereload\(\d+,")
    epoch = int(re.search(r"livereload\((\d+),", html).group(1))
    time.sleep(1)  # the start-up build is long done
    region = project.regions_dir / f"{EXAMPLE_SLUG}.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("naam: Voorbeeldregio\n", "naam: Proefregio\n", 1), encoding="utf-8")
    with urllib.request.urlopen(f"{url}livereload/{epoch}/1", timeout=60) as response:
        newer = int(response.read())
    assert newer > epoch
    page = fetch(url)
    assert "<title>Werkcentrum Proefregio</title>" in page
    assert int(re.search(r"livereload\((\d+),", page).group(1)) == newer
    with pytest.raises(OSError):  # nothing answers: no second build follows the save
        urllib.request.urlopen(f"{url}livereload/{newer}/2", timeout=3).read()

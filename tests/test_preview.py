"""The multi-host preview server: real HTTP on loopback, routing by the Host header, never outside a site."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE_SLUG, REPO, copy_project, soup, stop_process
from generator.build import build
from generator.preview import MultiHostServer
from generator.serverconfig import preview_headers


def get(server: MultiHostServer, host: str, path: str = "/", method: str = "GET"):
    """(status, headers, body) of one request with the given Host header and the raw path, unchanged."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
    try:
        conn.request(method, path, headers={"Host": f"{host}:{server.port}"})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def page(title: str, body: str = "") -> str:
    return f"<!doctype html><html lang=nl><title>{title}</title><p>{body}</p></html>"


@pytest.fixture
def tree(tmp_path) -> Path:
    """Three small sites, a file next to them and a secret outside the output folder."""
    site = tmp_path / "site"
    for key, name in (("www", "Werkcentrum"), ("twente", "Werkcentrum Twente"), ("brandbook", "Brandbook")):
        (site / key / "assets" / "fonts").mkdir(parents=True)
        (site / key / "index.html").write_text(page(name), encoding="utf-8")
        (site / key / "404.html").write_text(page(f"Niet gevonden - {name}"), encoding="utf-8")
    (site / "twente" / "werkgevers").mkdir()
    (site / "twente" / "werkgevers" / "index.html").write_text(page("Werkgevers - Werkcentrum Twente"), encoding="utf-8")
    files = {
        "assets/brand/manifest.webmanifest": "{}",
        "assets/fonts/a.woff2": "wOF2",
        "assets/brand/logo.svg": "<svg/>",
        "assets/stylesheets/main.57a0d79d.min.css": "body{}",
        "assets/javascripts/bundle.a5f9d56c.min.js": "1",
        "search/search_index.json": "{}",
        "sitemap.xml": "<urlset/>",
        "robots.txt": "User-agent: *",
        ".well-known/security.txt": "Contact: mailto:x@example.org",
    }
    for name, text in files.items():
        (site / "twente" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "twente" / name).write_text(text, encoding="utf-8")
    (site / "geheim.txt").write_text("GEHEIM-NAAST", encoding="utf-8")
    (tmp_path / "geheim.txt").write_text("GEHEIM-BUITEN", encoding="utf-8")
    os.symlink(tmp_path / "geheim.txt", site / "twente" / "link.txt")
    return site


@pytest.fixture
def server(tree):
    with MultiHostServer(tree) as srv:
        yield srv


def title(body: bytes) -> str:
    return soup_of(body).title.string


def soup_of(body: bytes):
    from bs4 import BeautifulSoup

    return BeautifulSoup(body.decode("utf-8"), "html.parser")


def test_each_host_gets_its_own_folder_and_www_and_the_bare_name_the_national_site(server):
    assert title(get(server, "twente.localhost")[2]) == "Werkcentrum Twente"
    assert title(get(server, "TWENTE.localhost.")[2]) == "Werkcentrum Twente"
    assert title(get(server, "www.localhost")[2]) == "Werkcentrum"
    assert title(get(server, "localhost")[2]) == "Werkcentrum"
    assert title(get(server, "brandbook.localhost")[2]) == "Brandbook"
    assert title(get(server, "twente.localhost", "/werkgevers/")[2]) == "Werkgevers - Werkcentrum Twente"
    assert server.url("twente") == f"http://twente.localhost:{server.port}/"
    assert server.url("www") == f"http://www.localhost:{server.port}/"


@pytest.mark.parametrize("host", ["onbekend.localhost", "127.0.0.1", "twente.example.org", "", "assets.localhost"])
def test_an_unknown_host_gets_a_404_without_any_site_content(server, host):
    status, headers, body = get(server, host)
    assert status == 404
    assert b"Twente" not in body and b"Werkcentrum Twente" not in body
    assert "Onbekende site" in title(body)


def test_a_missing_page_gets_the_sites_own_404_page(server):
    status, headers, body = get(server, "twente.localhost", "/bestaat-niet/")
    assert status == 404
    assert title(body) == "Niet gevonden - Werkcentrum Twente"
    assert headers["content-type"] == "text/html; charset=utf-8"


def test_folders_are_never_listed_and_a_folder_without_slash_redirects(server):
    status, _, body = get(server, "twente.localhost", "/assets/fonts/")
    assert status == 404 and b"a.woff2" not in body
    status, headers, _ = get(server, "twente.localhost", "/werkgevers")
    assert status == 301 and headers["location"] == "/werkgevers/"


@pytest.mark.parametrize(
    "name,kind",
    [
        ("/assets/brand/manifest.webmanifest", "application/manifest+json"),
        ("/assets/fonts/a.woff2", "font/woff2"),
        ("/assets/brand/logo.svg", "image/svg+xml"),
        ("/assets/stylesheets/main.57a0d79d.min.css", "text/css; charset=utf-8"),
        ("/assets/javascripts/bundle.a5f9d56c.min.js", "text/javascript; charset=utf-8"),
        ("/search/search_index.json", "application/json"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/.well-known/security.txt", "text/plain; charset=utf-8"),
    ],
)
def test_content_types(server, name, kind):
    status, headers, _ = get(server, "twente.localhost", name)
    assert status == 200
    assert headers["content-type"] == kind


@pytest.mark.parametrize(
    "path",
    [
        "/../geheim.txt",
        "/../../geheim.txt",
        "/%2e%2e/geheim.txt",
        "/%2E%2E%2Fgeheim.txt",
        "/..%2f..%2fgeheim.txt",
        "/assets/../../geheim.txt",
        "/..%5cgeheim.txt",
        "/%00/../geheim.txt",
        "//../geheim.txt",
        "/link.txt",
        "/../www/index.html",
        "/%ff%fe",
    ],
)
def test_no_path_leaves_the_site_folder(server, path):
    status, _, body = get(server, "twente.localhost", path)
    assert status in (400, 404)
    assert b"GEHEIM" not in body and b"<title>Werkcentrum</title>" not in body


def test_head_sends_headers_only(server):
    status, headers, body = get(server, "twente.localhost", "/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_hosts_come_from_publish_json_when_it_is_there(server, tree):
    """A region whose subdomain differs from its folder name is served on its subdomain."""
    manifest = {
        "format": 1,
        "base_domain": "werkcentrum.nl",
        "sites": [
            {"host": "www.werkcentrum.nl", "dir": "www", "sha256": "0" * 64, "files": 2},
            {"host": "werkcentrum.nl", "dir": "www", "sha256": "0" * 64, "files": 2},
            {"host": "tw.werkcentrum.nl", "dir": "twente", "sha256": "0" * 64, "files": 2},
        ],
    }
    (tree / "publish.json").write_text(json.dumps(manifest), encoding="utf-8")
    assert title(get(server, "tw.localhost")[2]) == "Werkcentrum Twente"
    assert get(server, "twente.localhost")[0] == 404  # only the published hosts
    assert get(server, "brandbook.localhost")[0] == 404
    assert title(get(server, "localhost")[2]) == "Werkcentrum"
    assert server.url("twente") == f"http://tw.localhost:{server.port}/"


def test_extra_headers_are_sent_on_every_response(tree):
    with MultiHostServer(tree, headers={"X-Frame-Options": "DENY"}) as srv:
        for host, path in (("twente.localhost", "/"), ("twente.localhost", "/weg"), ("onbekend.localhost", "/")):
            assert get(srv, host, path)[1]["x-frame-options"] == "DENY"


def test_a_real_build_is_served_on_every_host_in_its_manifest(built_example):
    site_dir = built_example.site_dir
    manifest = json.loads((site_dir / "publish.json").read_text(encoding="utf-8"))
    with MultiHostServer(site_dir) as srv:
        for entry in manifest["sites"]:
            host = entry["host"].replace("werkcentrum.nl", "localhost")
            status, _, body = get(srv, host)
            assert status == 200, host
            expected = soup(site_dir / entry["dir"] / "index.html").title.string
            assert title(body) == expected
        assert title(get(srv, f"{EXAMPLE_SLUG}.localhost")[2]) == "Werkcentrum Voorbeeldregio"


# --- werkcentrum serve --all ------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_title(port: int, host: str, expected: str, proc, seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/", headers={"Host": f"{host}:{port}"})
            response = conn.getresponse()
            body = response.read()
            if response.status == 200 and title(body) == expected:
                return {k.lower(): v for k, v in response.getheaders()}
            last = (response.status, body[:200])
        except OSError as exc:
            last = exc
        time.sleep(0.3)
    raise AssertionError(f"{host} never showed {expected!r}: {last}")


def test_serve_all_builds_what_is_stale_and_serves_every_site_with_the_production_headers(tmp_path):
    project = copy_project(tmp_path / "project")
    for path in project.regions_dir.glob("*.yaml"):
        if path.stem not in {"twente", "zeeland"}:
            path.unlink()
    build(project)
    region = project.regions_dir / "zeeland.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("naam: Zeeland\n", "naam: Zeeland Proef\n"), encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--all", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        headers = wait_for_title(port, "zeeland.localhost", "Werkcentrum Zeeland Proef", proc)  # rebuilt first
        for name, value in preview_headers().items():
            assert headers[name.lower()] == value
        assert "strict-transport-security" not in headers
        wait_for_title(port, "twente.localhost", "Werkcentrum Twente", proc)
        wait_for_title(port, "www.localhost", "Werkcentrum", proc)
        wait_for_title(port, "localhost", "Werkcentrum", proc)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/", headers={"Host": f"drenthe.localhost:{port}"})  # not in this project
        response = conn.getresponse()
        assert response.status == 404 and b"Werkcentrum Twente" not in response.read()
        # A rebuild in another terminal is served at once: the server follows publish.json.
        region.write_text(region.read_text(encoding="utf-8").replace("naam: Zeeland Proef\n", "naam: Zeeland\n"), encoding="utf-8")
        build(project)
        wait_for_title(port, "zeeland.localhost", "Werkcentrum Zeeland", proc, seconds=60)
    finally:
        stop_process(proc)

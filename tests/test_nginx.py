"""The generated nginx configuration, served by a real nginx on loopback: every host, every header.

nginx comes from the distribution (``.ci/run`` installs ``nginx-light``); without it these tests skip.
"""

from __future__ import annotations

import gzip
import hashlib
import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, soup
from generator import serverconfig

NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if os.path.exists(p)), None)
pytestmark = pytest.mark.skipif(
    NGINX is None, reason="nginx ontbreekt: installeer het met 'apt-get install nginx-light' (dat doet .ci/run)"
)

BASE = "werkcentrum.nl"
HEADERS = {name.lower(): value for name, value in serverconfig.SECURITY_HEADERS.items()}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def mime_types() -> Path:
    """The distribution's mime.types, next to the nginx.conf it was built with."""
    info = subprocess.run([NGINX, "-V"], capture_output=True, text=True).stderr
    match = re.search(r"--conf-path=(\S+)", info)
    return Path(match.group(1) if match else "/etc/nginx/nginx.conf").with_name("mime.types")


class Nginx:
    """A real nginx in the foreground with its own prefix, pid and logs; stopped by the fixture."""

    def __init__(self, workdir: Path, server_config: str, port: int | None = None):
        self.workdir = workdir
        self.port = port or free_port()
        workdir.mkdir(parents=True, exist_ok=True)
        (workdir / "werkcentrum.conf").write_text(server_config.replace("__LISTEN__", f"127.0.0.1:{self.port}"), encoding="utf-8")
        temp = "".join(f"    {kind}_temp_path {workdir / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
        (workdir / "nginx.conf").write_text(
            ("user root;\n" if os.geteuid() == 0 else "")  # pytest's temp folders are private to this user
            + f"daemon off;\nworker_processes 1;\npid {workdir / 'nginx.pid'};\nerror_log {workdir / 'error.log'} warn;\n"
            "events { worker_connections 256; }\n"
            f"http {{\n    include {mime_types()};\n    default_type application/octet-stream;\n"
            f"    access_log off;\n{temp}    include {workdir / 'werkcentrum.conf'};\n}}\n",
            encoding="utf-8",
        )
        self.proc: subprocess.Popen | None = None

    def args(self) -> list[str]:
        return [NGINX, "-p", str(self.workdir), "-c", str(self.workdir / "nginx.conf"), "-e", str(self.workdir / "error.log")]

    def test_config(self) -> subprocess.CompletedProcess:
        return subprocess.run([*self.args(), "-t"], capture_output=True, text=True)

    def start(self) -> "Nginx":
        checked = self.test_config()
        assert checked.returncode == 0, checked.stderr
        self.proc = subprocess.Popen(self.args(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.proc.stderr.read().decode()
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        raise AssertionError("nginx did not start listening")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def get(self, host: str | None, path: str = "/", headers: dict | None = None, method: str = "GET"):
        """(status, lower-case headers, body) for one request; the body as sent (still compressed, if it was)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
            if host is not None:
                conn.putheader("Host", host)
            for name, value in (headers or {}).items():
                conn.putheader(name, value)
            conn.endheaders()
            response = conn.getresponse()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def manifest(built_all) -> dict:
    return json.loads((built_all.site_dir / "publish.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def nginx(built_all, manifest, tmp_path_factory):
    """nginx serving the full build with the configuration `werkcentrum server-config nginx` prints."""
    listen = f"127.0.0.1:{free_port()}"
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "server-config", "nginx", "--root", str(built_all.site_dir),
         "--listen", listen, "--site-dir", str(built_all.site_dir)],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == serverconfig.nginx(manifest, built_all.site_dir, listen)
    server = Nginx(tmp_path_factory.mktemp("nginx"), result.stdout, port=int(listen.rpartition(":")[2])).start()
    yield server
    server.stop()


def site_hosts(manifest) -> list[tuple[str, str]]:
    return [(s["host"], s["dir"]) for s in manifest["sites"] if s["host"] != BASE]


def assert_security_headers(headers: dict) -> None:
    for name, value in HEADERS.items():
        assert headers.get(name) == value, name
    assert "nginx/" not in headers.get("server", "")  # no version for attackers


def test_the_manifest_has_every_region_the_national_site_twice_and_the_brandbook(built_all, manifest):
    hosts = {s["host"] for s in manifest["sites"]}
    regions = {p.stem for p in built_all.regions_dir.glob("*.yaml")}
    assert len(regions) == 35
    assert {f"www.{BASE}", BASE, f"brandbook.{BASE}"} <= hosts
    assert len(hosts) == 35 + 3


def test_every_host_serves_its_own_site_with_every_header(nginx, built_all, manifest):
    for host, folder in site_hosts(manifest):
        status, headers, body = nginx.get(host)
        assert status == 200, host
        index = built_all.site_dir / folder / "index.html"
        assert body == index.read_bytes(), host
        assert BeautifulSoup(body, "html.parser").title.string == soup(index).title.string
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert headers["cache-control"] == serverconfig.CACHE_REVALIDATE
        assert_security_headers(headers)
    assert BeautifulSoup(nginx.get(f"twente.{BASE}")[2], "html.parser").title.string == "Werkcentrum Twente"
    assert BeautifulSoup(nginx.get(f"www.{BASE}")[2], "html.parser").title.string == "Werkcentrum"


def test_the_bare_domain_redirects_to_www_but_serves_security_txt(nginx, built_all):
    status, headers, _ = nginx.get(BASE, "/regios/?x=1")
    assert status == 301
    assert headers["location"] == f"https://www.{BASE}/regios/?x=1"
    assert_security_headers(headers)
    status, headers, body = nginx.get(BASE, "/.well-known/security.txt")
    assert status == 200 and body == (built_all.site_dir / "www" / ".well-known" / "security.txt").read_bytes()
    assert headers["content-type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize(
    "host",
    # beheer.: without --beheer there is no admin host either.
    ["onbekend.werkcentrum.nl", "twente.werkcentrum.nl.evil.example", "127.0.0.1", None, "assets", f"beheer.{BASE}"],
)
def test_an_unknown_host_gets_no_site(nginx, host):
    status, headers, body = nginx.get(host)
    assert status in (400, 404)
    assert b"Werkcentrum" not in body and b"werkcentrum" not in body
    if status == 404:
        assert_security_headers(headers)


def test_missing_pages_get_the_sites_own_404_page_with_every_header(nginx, built_all, manifest):
    for host, folder in site_hosts(manifest):
        status, headers, body = nginx.get(host, "/bestaat-niet/")
        assert status == 404, host
        assert body == (built_all.site_dir / folder / "404.html").read_bytes(), host
        assert_security_headers(headers)
        assert headers["cache-control"] == serverconfig.CACHE_REVALIDATE
    title = BeautifulSoup(nginx.get(f"twente.{BASE}", "/weg")[2], "html.parser").title.string
    assert "Werkcentrum Twente" in title


# --- the web admin's host ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def admin_nginx(built_all, manifest, tmp_path_factory):
    """nginx with ``server-config --beheer``: the public sites and the admin host as ``beheer --bouw`` writes it."""
    from generator.beheer import build_admins
    from generator.project import Project

    if shutil.which("node") is None or not (REPO / "node_modules" / "decap-cms" / "dist" / "decap-cms.js").is_file():
        pytest.skip("node of de npm-pakketten ontbreken: voer 'make beheer' uit (dat doet make test)")
    admin_dir = tmp_path_factory.mktemp("site-beheer")
    slugs = build_admins(Project.find(REPO), admin_dir)
    listen = f"127.0.0.1:{free_port()}"
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "server-config", "nginx", "--root", str(built_all.site_dir),
         "--listen", listen, "--site-dir", str(built_all.site_dir), "--beheer", str(admin_dir)],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    server = Nginx(tmp_path_factory.mktemp("nginx-beheer"), result.stdout, port=int(listen.rpartition(":")[2])).start()
    yield server, admin_dir, slugs
    server.stop()


def test_the_admin_host_serves_every_regions_admin_with_its_own_policy(admin_nginx, built_all):
    from generator.beheer import production_csp
    from generator.project import Project

    server, admin_dir, slugs = admin_nginx
    host = f"beheer.{BASE}"
    policy = production_csp(Project.find(REPO))
    assert "https://api.github.com" in policy and "'unsafe-eval'" in policy
    status, headers, body = server.get(host)
    assert status == 200 and body == (admin_dir / "index.html").read_bytes()
    assert headers["content-security-policy"] == policy
    assert headers["x-robots-tag"] == "noindex, nofollow"
    # The login popup reports back to this page; the other security headers are the public sites' own.
    assert headers["cross-origin-opener-policy"] == "same-origin-allow-popups"
    for name in ("strict-transport-security", "x-content-type-options", "x-frame-options", "referrer-policy"):
        assert headers[name] == HEADERS[name]
    assert len(slugs) == 35
    for slug in slugs:
        status, headers, body = server.get(host, f"/{slug}/config.yml")
        assert status == 200 and body == (admin_dir / slug / "config.yml").read_bytes(), slug
        assert headers["content-type"] == "text/yaml; charset=utf-8"
        assert headers["cache-control"] == serverconfig.CACHE_REVALIDATE  # a new build is seen at once
    status, _, body = server.get(host, "/robots.txt")
    assert status == 200 and body == b"User-agent: *\nDisallow: /\n"
    # The public sites keep their strict policy; the admin's is theirs alone.
    status, headers, _ = server.get(f"twente.{BASE}")
    assert status == 200
    assert_security_headers(headers)


def test_a_wrong_address_on_the_admin_host_gets_its_dutch_404_page(admin_nginx):
    server, admin_dir, _ = admin_nginx
    for path in ("/bestaat-niet/", "/twente/bestaat-niet", "/decap/"):
        status, headers, body = server.get(f"beheer.{BASE}", path)
        assert status == 404, path
        assert body == (admin_dir / "404.html").read_bytes()
        assert headers["x-robots-tag"] == "noindex, nofollow"
    page = BeautifulSoup(body, "html.parser")
    assert page.h1.string == "Deze pagina bestaat niet"
    # Served for any path: its links start at the root.
    assert [a["href"] for a in page.find_all("a")] == ["/"]
    assert all(link["href"].startswith("/decap/") for link in page.find_all("link"))


@pytest.mark.parametrize("path", ["/assets/", "/assets/javascripts/", "/.well-known/", "/search/"])
def test_no_folder_is_listed(nginx, built_all, path):
    status, headers, body = nginx.get(f"twente.{BASE}", path)
    assert status == 404
    assert body == (built_all.site_dir / "twente" / "404.html").read_bytes()
    assert_security_headers(headers)


def test_a_page_without_its_slash_redirects_on_the_same_host(nginx):
    status, headers, _ = nginx.get(f"twente.{BASE}", "/werkgevers")
    assert status == 301 and headers["location"] == "/werkgevers/"
    assert_security_headers(headers)


@pytest.mark.parametrize("path", ["/../www/index.html", "/%2e%2e/www/index.html", "/..%2fwww%2findex.html", "/.git/config"])
def test_no_path_leaves_the_site(nginx, path):
    status, _, body = nginx.get(f"twente.{BASE}", path)
    assert status in (400, 404)
    assert b"<title>Werkcentrum</title>" not in body


def asset(site: Path, pattern: str) -> str:
    return "/" + next(site.glob(pattern)).relative_to(site).as_posix()


def test_cache_lifetimes_and_content_types_per_kind_of_file(nginx, built_all):
    site = built_all.site_dir / "twente"
    expected = {
        asset(site, "assets/stylesheets/main.*.min.css"): (serverconfig.CACHE_FINGERPRINTED, "text/css; charset=utf-8"),
        asset(site, "assets/stylesheets/werkcentrum.*.css"): (serverconfig.CACHE_FINGERPRINTED, "text/css; charset=utf-8"),
        asset(site, "assets/javascripts/bundle.*.min.js"): (serverconfig.CACHE_FINGERPRINTED, "application/javascript; charset=utf-8"),
        asset(site, "assets/javascripts/werkcentrum-scope.*.js"): (serverconfig.CACHE_FINGERPRINTED, "application/javascript; charset=utf-8"),
        asset(site, "assets/fonts/*.woff2"): (serverconfig.CACHE_OTHER, "font/woff2"),
        "/assets/brand/logo.svg": (serverconfig.CACHE_OTHER, "image/svg+xml; charset=utf-8"),
        "/assets/brand/og.png": (serverconfig.CACHE_OTHER, "image/png"),
        "/assets/brand/manifest.webmanifest": (serverconfig.CACHE_REVALIDATE, "application/manifest+json; charset=utf-8"),
        "/search/search_index.json": (serverconfig.CACHE_REVALIDATE, "application/json; charset=utf-8"),
        "/sitemap.xml": (serverconfig.CACHE_REVALIDATE, "text/xml; charset=utf-8"),
        "/sitemap.xml.gz": (serverconfig.CACHE_OTHER, "application/gzip"),
        "/robots.txt": (serverconfig.CACHE_REVALIDATE, "text/plain; charset=utf-8"),
        "/.well-known/security.txt": (serverconfig.CACHE_REVALIDATE, "text/plain; charset=utf-8"),
        "/werkgevers/": (serverconfig.CACHE_REVALIDATE, "text/html; charset=utf-8"),
    }
    for path, (cache, kind) in expected.items():
        status, headers, body = nginx.get(f"twente.{BASE}", path)
        assert status == 200, path
        assert (headers["cache-control"], headers["content-type"]) == (cache, kind), path
        assert body == (site / path.lstrip("/")).joinpath("index.html" if path.endswith("/") else "").read_bytes()
        assert_security_headers(headers)


@pytest.mark.parametrize("pattern", ["index.html", "assets/stylesheets/main.*.min.css", "assets/javascripts/bundle.*.min.js", "search/search_index.json"])
def test_text_is_compressed_for_clients_that_ask(nginx, built_all, pattern):
    site = built_all.site_dir / "twente"
    path = "/" if pattern == "index.html" else asset(site, pattern)
    original = (site / pattern).read_bytes() if pattern == "index.html" else (site / path.lstrip("/")).read_bytes()
    status, headers, body = nginx.get(f"twente.{BASE}", path, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == original and len(body) < len(original)
    status, headers, body = nginx.get(f"twente.{BASE}", path)
    assert "content-encoding" not in headers and body == original


def test_images_are_not_compressed_again(nginx):
    _, headers, _ = nginx.get(f"twente.{BASE}", "/assets/brand/og.png", {"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers


def test_the_configuration_with_tls_is_valid_nginx(built_all, manifest, tmp_path):
    """`--tls`: HTTPS with a (here self-signed) certificate, and plain HTTP only redirecting."""
    certs = tmp_path / "certs"
    certs.mkdir()
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl ontbreekt")
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
         "-subj", f"/CN={BASE}", "-addext", f"subjectAltName=DNS:{BASE},DNS:*.{BASE}",
         "-keyout", str(certs / "privkey.pem"), "-out", str(certs / "fullchain.pem")],
        check=True, capture_output=True,
    )
    http_port = free_port()
    config = serverconfig.nginx(manifest, built_all.site_dir, "__LISTEN__", certs, f"127.0.0.1:{http_port}")
    server = Nginx(tmp_path / "nginx", config).start()
    try:
        import ssl

        context = ssl.create_default_context(cafile=str(certs / "fullchain.pem"))
        sock = socket.create_connection(("127.0.0.1", server.port))
        tls = context.wrap_socket(sock, server_hostname=f"twente.{BASE}")
        assert tls.version() in ("TLSv1.2", "TLSv1.3")
        tls.sendall(f"GET / HTTP/1.1\r\nHost: twente.{BASE}\r\nConnection: close\r\n\r\n".encode())
        reply = b""
        while chunk := tls.recv(65536):
            reply += chunk
        tls.close()
        head = reply.split(b"\r\n\r\n", 1)[0].decode()
        assert head.startswith("HTTP/1.1 200")
        assert "Strict-Transport-Security: max-age=31536000; includeSubDomains" in head
        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=5)
        plain.request("GET", "/werkgevers/", headers={"Host": f"twente.{BASE}"})
        response = plain.getresponse()
        assert response.status == 301
        assert response.getheader("Location") == f"https://twente.{BASE}/werkgevers/"
    finally:
        server.stop()


# --- the output must work under that Content-Security-Policy ----------------------------------------------------


class InlineFinder(HTMLParser):
    """Everything in a page that a Content-Security-Policy without 'unsafe-inline' would block."""

    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            # JSON data blocks (Material's configuration, schema.org JSON-LD) are never run, so the CSP allows them.
            self._inline_script = not attrs.get("src") and attrs.get("type") not in ("application/json", "application/ld+json")
        if tag == "style":
            self.problems.append("<style>")
        self.problems += [f"<{tag} {name}=...>" for name in attrs if name == "style" or name.startswith("on")]
        if any((attrs.get(a) or "").strip().lower().startswith("javascript:") for a in ("href", "src", "action")):
            self.problems.append(f"<{tag}> with a javascript: URL")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.problems.append(f"inline script {data.strip()[:60]!r}")


def test_the_built_html_has_no_inline_script_style_or_event_handler(built_all):
    """default-src 'self' without 'unsafe-inline' blocks these, so none may exist in any page of any site."""
    problems = []
    for page in sorted(built_all.site_dir.rglob("*.html")):
        finder = InlineFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(built_all.site_dir)}: {p}" for p in finder.problems]
    assert problems == [], "\n".join(problems[:20])


def test_the_inline_finder_catches_what_the_policy_blocks():
    finder = InlineFinder()
    finder.feed(
        '<script>alert(1)</script><script type="application/json">{}</script><script src="a.js"></script>'
        '<script type="application/ld+json">{}</script>'
        '<style>p{}</style><p style="color:red" onclick="x()"><a href=" JavaScript:x()">x</a>'
    )
    assert len(finder.problems) == 5, finder.problems


def test_the_moved_material_scripts_are_materials_own_code_and_fingerprinted():
    """The theme's partial overrides replace Material's inline scripts; after a Material update this says so."""
    import material

    partials = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    scripts = REPO / "themes" / "werkcentrum" / "overrides" / "assets" / "javascripts"
    ours = {p.name.split(".")[0]: p for p in scripts.glob("werkcentrum-*.js")}
    for name, path in ours.items():
        assert path.name.split(".")[1] == hashlib.sha256(path.read_bytes()).hexdigest()[:8], f"{path.name}: rename to its hash"
    scope = (partials / "base.html").read_text(encoding="utf-8")
    code = re.search(r"<script>(.*)</script>", scope).group(1)
    tail = code.split("location),", 1)[1]  # everything after Material's __md_scope=new URL(...), which ours replaces
    assert code.startswith('__md_scope=new URL("{{ config.extra.scope | d(base_url) }}",location),')
    assert ours["werkcentrum-scope"].read_text(encoding="utf-8").rstrip("\n").endswith(tail)
    anchor = re.findall(r"<script>(.*?)</script>", (partials / "content.html").read_text(encoding="utf-8"))[-1]
    assert ours["werkcentrum-anchor"].read_text(encoding="utf-8").rstrip("\n").endswith(anchor)
    for partial in ("base.html", "content.html"):
        override = (REPO / "themes" / "werkcentrum" / "overrides" / "partials" / "javascripts" / partial).read_text(encoding="utf-8")
        for name in re.findall(r"assets/javascripts/([^']+)'", override):
            assert (scripts / name).is_file(), name


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def test_every_home_page_runs_in_chromium_under_the_headers_without_a_violation(nginx, manifest):
    """A real browser through the real nginx: no CSP report on any home page, Material's scripts ran, search works."""
    playwright = pytest.importorskip("playwright.sync_api", reason="Playwright ontbreekt")
    if chromium_path() is None:
        pytest.skip("chromium ontbreekt: installeer het met 'apt-get install chromium' (dat doet .ci/run)")
    rules = f"MAP *.{BASE} 127.0.0.1, MAP {BASE} 127.0.0.1"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=[f"--host-resolver-rules={rules}"])
        try:
            page = browser.new_page()
            page.add_init_script(
                "window.__violations = [];"
                "document.addEventListener('securitypolicyviolation', e => window.__violations.push("
                "e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));"
            )
            console = []
            page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
            for host, _ in site_hosts(manifest):
                page.goto(f"http://{host}:{nginx.port}/", wait_until="load")
                assert page.evaluate("typeof document$ !== 'undefined' && typeof __md_scope !== 'undefined'"), host
                assert page.evaluate("__md_scope.pathname") == "/"
                assert page.evaluate("window.__violations") == [], host
            page.goto(f"http://twente.{BASE}:{nginx.port}/", wait_until="load")
            page.get_by_role("textbox").first.click()  # opens Material's search (web worker + index)
            page.keyboard.type("werkgevers")
            page.wait_for_selector(".md-search-result__item", timeout=15000)
            assert page.evaluate("window.__violations") == []
            assert [m for m in console if "Content Security Policy" in m] == []
        finally:
            browser.close()

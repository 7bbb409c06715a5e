"""Preview every built site at once, routed by the Host header as the production web server does.

``twente.localhost:8000`` serves ``site/twente/``, ``www.localhost:8000`` and ``localhost:8000`` the national
site. Browsers (Chromium, Firefox) resolve every ``*.localhost`` name to loopback, so no hosts file is needed.
Standard library only: the accessibility audit and the tests start it in-process.
"""

from __future__ import annotations

import mimetypes
import os
import posixpath
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import publish
from .diagnostics import UserError

# Types the platform's mime.types may lack or get wrong; the browser needs them exact (CSP, nosniff, manifest).
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".webmanifest": "application/manifest+json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".webp": "image/webp",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".gz": "application/gzip",
    ".zip": "application/zip",
}

UNKNOWN_HOST_PAGE = (
    "<!doctype html><html lang=\"nl\"><meta charset=\"utf-8\"><title>Onbekende site</title>"
    "<h1>Onbekende site</h1><p>Op dit adres staat geen Werkcentrum-site.</p></html>"
).encode("utf-8")


def problem_page(diagnostics, site_name: str) -> bytes:
    """The page a preview shows while an edit is broken: every diagnostic, escaped, in plain Dutch.

    Standalone HTML (no theme, no scripts of its own): it must show whatever the mistake broke. The preview
    server adds its reload script, so the page becomes the site again by itself once the file is fixed.
    """
    from html import escape

    from .diagnostics import count_errors

    errors = sum(1 for d in diagnostics if d.is_error)
    items = "".join(f"<li><pre>{escape(d.format())}</pre></li>" for d in diagnostics)
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(count_errors(errors))} in je bestanden - voorbeeld van {escape(site_name)}</title>"
        "<style>body{font:1rem/1.5 system-ui,sans-serif;margin:0 auto;max-width:60rem;padding:1rem;color:#1a1a1a}"
        "h1{font-size:1.5rem}pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff4e5;"
        "border-left:4px solid #b35c00;padding:.75rem;margin:0}ol{padding-left:1.25rem}li{margin:.75rem 0}</style>"
        "</head><body><main>"
        f"<h1>Het voorbeeld van {escape(site_name)} wacht op een verbetering</h1>"
        f"<p>Er {'staat' if errors == 1 else 'staan'} {escape(count_errors(errors))} in je bestanden. Verbeter het bestand en sla het op: "
        "deze pagina wordt dan vanzelf weer de site. Je hoeft niets te herladen.</p>"
        f"<ol>{items}</ol>"
        "</main></body></html>"
    ).encode("utf-8")


def content_type(path: str) -> str:
    suffix = os.path.splitext(path)[1].lower()
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"


def safe_relative(url_path: str) -> str | None:
    """The file path a URL path names inside a site, or None when it tries to leave the site."""
    path = unquote(url_path, errors="strict")
    if "\0" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    return posixpath.join(*parts) if parts else ""


class HostMap:
    """Preview host name -> site folder, read again whenever the build swapped in a new ``publish.json``."""

    def __init__(self, site_dir: Path, domain: str):
        self.site_dir = Path(site_dir)
        self.domain = domain
        self._stamp: tuple | None = None
        self._hosts: dict[str, str] = {}

    def hosts(self) -> dict[str, str]:
        manifest = self.site_dir / publish.MANIFEST_NAME
        try:
            st = manifest.stat()
            stamp: tuple = (st.st_ino, st.st_mtime_ns, st.st_size)
        except OSError:
            stamp = ("folders", *sorted(self._folders()))
        if stamp != self._stamp:
            try:
                self._hosts = self._from_manifest() if stamp[0] != "folders" else self._from_folders()
            except UserError:  # a damaged publish.json: the folders are still there to serve
                self._hosts = self._from_folders()
            self._stamp = stamp
        return self._hosts

    def _from_manifest(self) -> dict[str, str]:
        data = publish.read_manifest(self.site_dir / publish.MANIFEST_NAME)
        base = data.get("base_domain", "")
        out = {}
        for site in data.get("sites", []):
            out[publish.relabel(site["host"], base, self.domain)] = site["dir"]
        return out

    def _folders(self) -> list[str]:
        try:
            return [e.name for e in os.scandir(self.site_dir) if e.is_dir() and not e.name.startswith(".")]
        except OSError:
            return []

    def _from_folders(self) -> dict[str, str]:
        out = {f"{name}.{self.domain}": name for name in self._folders()}
        if publish.NATIONAL_DIR in out.values():
            out[self.domain] = publish.NATIONAL_DIR
        return out

    def folder(self, host: str) -> Path | None:
        name = self.hosts().get(host)
        return None if name is None else self.site_dir / name

    def host_for(self, key_or_subdomain: str) -> str:
        """The preview host of a site key (folder name) or subdomain."""
        hosts = self.hosts()
        for host, name in sorted(hosts.items(), key=lambda item: len(item[0]), reverse=True):
            if name == key_or_subdomain:
                return host
        return f"{key_or_subdomain}.{self.domain}"


def _request_host(header: str | None) -> str:
    host = (header or "").strip().lower()
    if host.startswith("["):  # IPv6 literal: never one of our sites
        return host
    return host.rsplit(":", 1)[0].rstrip(".")


class _Handler(BaseHTTPRequestHandler):
    server: "_Server"
    protocol_version = "HTTP/1.1"
    server_version = "werkcentrum-preview"
    sys_version = ""

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self._respond(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(body=False)

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet: the preview is not a log
        pass

    def _respond(self, body: bool) -> None:
        folder = self.server.hosts.folder(_request_host(self.headers.get("Host")))
        if folder is None:
            return self._send(HTTPStatus.NOT_FOUND, UNKNOWN_HOST_PAGE, "text/html; charset=utf-8", body)
        url_path = urlsplit(self.path).path
        try:
            rel = safe_relative(url_path)
        except UnicodeDecodeError:
            rel = None
        if rel is None:
            return self._send(HTTPStatus.BAD_REQUEST, b"Ongeldig pad.\n", "text/plain; charset=utf-8", body)
        target = self._resolve(folder, rel)
        if isinstance(target, str):  # a folder asked for without its slash: the site's links are relative
            return self._send(HTTPStatus.MOVED_PERMANENTLY, b"", "text/plain; charset=utf-8", body, {"Location": target})
        if target is None:
            page = folder / "404.html"
            data = page.read_bytes() if page.is_file() else b"Niet gevonden.\n"
            kind = "text/html; charset=utf-8" if page.is_file() else "text/plain; charset=utf-8"
            return self._send(HTTPStatus.NOT_FOUND, data, kind, body)
        self._send(HTTPStatus.OK, target.read_bytes(), content_type(target.name), body)

    def _resolve(self, folder: Path, rel: str) -> Path | str | None:
        """The file to serve, a redirect location, or None for 'not found' (also for anything outside ``folder``)."""
        path = folder / rel if rel else folder
        try:
            real = Path(os.path.realpath(path))
            root = Path(os.path.realpath(folder))
        except OSError:
            return None
        if real != root and root not in real.parents:
            return None  # a symbolic link pointing out of the site
        if real.is_dir():
            if not (real / "index.html").is_file():
                return None  # no directory listings
            if rel and not urlsplit(self.path).path.endswith("/"):
                return urlsplit(self.path).path + "/"
            return real / "index.html"
        return real if real.is_file() else None

    def _send(self, status: HTTPStatus, data: bytes, kind: str, body: bool, extra: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        for name, value in {**self.server.extra_headers, **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        if body:
            self.wfile.write(data)


class QuietServer(ThreadingHTTPServer):
    """A threading HTTP server that does not print a traceback when a browser hangs up early."""

    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address) -> None:
        # A browser that closes a connection early (a new page, the end of an audit) is normal, not an error.
        if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            return
        super().handle_error(request, client_address)


class _Server(QuietServer):
    def __init__(self, address, hosts: HostMap, extra_headers: dict[str, str]):
        super().__init__(address, _Handler)
        self.hosts = hosts
        self.extra_headers = extra_headers


class MultiHostServer:
    """A static server for every built site at once: ``http://<subdomein>.<domain>:<port>/``.

    ``headers`` are added to every response (``serve --all`` passes the production security headers).
    """

    def __init__(
        self,
        site_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        domain: str = "localhost",
        headers: dict[str, str] | None = None,
    ):
        self.hosts = HostMap(Path(site_dir), domain)
        self.domain = domain
        self._server = _Server((host, port), self.hosts, dict(headers or {}))
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    def url(self, key_or_subdomain: str) -> str:
        return f"http://{self.hosts.host_for(key_or_subdomain)}:{self.port}/"

    def start(self) -> "MultiHostServer":
        self._thread = threading.Thread(target=self._server.serve_forever, name="werkcentrum-preview", daemon=True)
        self._thread.start()
        return self

    def serve_forever(self) -> None:
        self._server.serve_forever()

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() would wait forever for a loop that never ran
            self._server.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> "MultiHostServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

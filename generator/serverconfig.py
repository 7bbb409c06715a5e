"""Web server configuration for every published host, generated from ``publish.json``.

One ``server`` block per site folder, the bare domain redirecting to www, and a default server that answers
unknown names without any site. The headers follow what the internet.nl website test asks of a Dutch public
website; the Content-Security-Policy allows nothing but the site itself, which works because the theme has no
inline scripts or styles (Material's inline scripts are moved to files by the theme's partial overrides).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from pathlib import PurePosixPath

from .diagnostics import Diagnostic, UserError
from .project import ADMIN_KEY
from .publish import NATIONAL_DIR

ONE_YEAR = 31536000

# Material's stylesheets draw icons with data: SVG images (mask-image), hence data: for images only.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS = {
    "Strict-Transport-Security": f"max-age={ONE_YEAR}; includeSubDomains",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
        "payment=(), usb=(), browsing-topics=()"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
}

# Cache lifetimes by file name. Fingerprinted names (an 8-hex content hash: main.57a0d79d.min.css,
# werkcentrum.0bb28780.css) never change content, so browsers keep them a year; HTML and other text is
# revalidated on every visit (ETag), so a deploy is visible at once.
CACHE_FINGERPRINTED = f"public, max-age={ONE_YEAR}, immutable"
CACHE_REVALIDATE = "no-cache"
CACHE_OTHER = "public, max-age=86400"
FINGERPRINT_PATTERN = r"\.[0-9a-f]{8}(?:\.min)?\.(?:css|js)$"
REVALIDATE_PATTERN = r"(?:/|\.html|\.json|\.xml|\.txt|\.webmanifest|\.yml)$"

GZIP_TYPES = (
    "text/css text/plain text/xml text/yaml text/javascript application/javascript application/json "
    "application/xml application/manifest+json image/svg+xml"
)
# Types the distribution's mime.types lacks; a location sets them so nosniff browsers accept the files.
EXTRA_TYPES = {
    "webmanifest": "application/manifest+json",
    "gz": "application/gzip",
    "map": "application/json",
    "yml": "text/yaml",  # the admin's config.yml
}
# TLS as the NCSC guidelines rate "good": TLS 1.2 and 1.3, forward secrecy, AEAD ciphers only.
TLS_CIPHERS = (
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256"
)

PREFIX = "werkcentrum"  # names of the map variables, so the file can sit next to other sites' configuration


# --- the command line's values: they are written into the configuration, so they are checked first ---------

_HOSTNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")
# Characters nginx reads as syntax (; { } # quotes $ and whitespace) or that no sane path on a server has.
_PATH_UNSAFE = re.compile(r"[\s;{}#'\"$\\`\x00-\x1f\x7f]")


def _option_error(option: str, value: str, message: str, expected: str, hint: str | None = None) -> UserError:
    return UserError(Diagnostic(option, f"'{value[:100]}' {message}", expected=expected, hint=hint))


def check_listen(value: str, option: str = "--listen") -> str:
    """An nginx ``listen`` address: ``PORT``, ``ADDRESS:PORT`` or ``[IPv6]:PORT``; returned unchanged."""
    expected = "een poort (443) of adres en poort: 127.0.0.1:8080, [::1]:8080 of *:80"
    address, sep, port = value.rpartition(":")
    if not sep:
        address, port = "", value
    if not port.isascii() or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise _option_error(option, value, "heeft geen geldige poort.", expected, "Een poort is een getal van 1 tot en met 65535.")
    if sep and not address:
        raise _option_error(option, value, "heeft een dubbele punt maar geen adres.", expected)
    if address and address != "*":
        ip = address[1:-1] if address.startswith("[") and address.endswith("]") else address
        try:
            parsed = ipaddress.ip_address(ip)
            valid = (parsed.version == 6) == (ip != address)  # IPv6 only in brackets, IPv4 never
        except ValueError:
            valid = ip == address and _HOSTNAME.fullmatch(address) is not None and not address.isdigit()
        if not valid:
            raise _option_error(option, value, "is geen geldig adres.", expected, "Zet een IPv6-adres tussen [ en ].")
    return value


def check_server_path(value: str, option: str) -> PurePosixPath:
    """A folder on the web server (``--root``, ``--tls``): absolute, and nothing nginx would read as syntax.

    It is a path on the server, not on this machine, so it is not resolved here."""
    expected = "een absoluut pad op de server, zoals /srv/werkcentrum/site"
    if _PATH_UNSAFE.search(value):
        raise _option_error(
            option, value, "bevat spaties, aanhalingstekens of tekens als ; { } # $.", expected,
            "Kies een map zonder zulke tekens.",
        )
    path = PurePosixPath(value)
    if not path.is_absolute():
        raise _option_error(option, value, "is geen absoluut pad.", expected, "Begin het pad met /.")
    if ".." in path.parts:
        raise _option_error(option, value, "bevat '..'.", expected, "Schrijf het pad zonder '..'.")
    return path


def preview_headers() -> dict[str, str]:
    """The production headers for the local preview; HSTS is left out, it means nothing over http://localhost."""
    return {k: v for k, v in SECURITY_HEADERS.items() if k != "Strict-Transport-Security"}


def _q(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass(frozen=True)
class AdminHost:
    """The web admin's host, ``beheer.<base domain>`` (``werkcentrum beheer --bouw``): its folder on the server
    and its own Content-Security-Policy (``generator.beheer.production_csp``)."""

    root: PurePosixPath
    policy: str


def admin_headers(policy: str) -> dict[str, str]:
    """The security headers of the admin host: the public sites' headers with the admin's own policy."""
    return {
        **SECURITY_HEADERS,
        "Content-Security-Policy": policy,
        # Logging in to GitHub or GitLab happens in a popup that reports back to this page; 'same-origin' would
        # cut that link.
        "Cross-Origin-Opener-Policy": "same-origin-allow-popups",
        "X-Robots-Tag": "noindex, nofollow",
    }


def _headers(indent: str = "    ", headers: dict[str, str] = SECURITY_HEADERS) -> list[str]:
    lines = [f"{indent}add_header {name} {_q(value)} always;" for name, value in headers.items()]
    lines.append(f"{indent}add_header Cache-Control ${PREFIX}_cache_control always;")
    return lines


def _listen(address: str, tls: bool, default: bool = False) -> list[str]:
    flags = (" ssl" if tls else "") + (" default_server" if default else "")
    return [f"    listen {address}{flags};"]


def _tls(cert_dir: PurePosixPath | None) -> list[str]:
    if cert_dir is None:
        return []
    return [
        f"    ssl_certificate {cert_dir / 'fullchain.pem'};",
        f"    ssl_certificate_key {cert_dir / 'privkey.pem'};",
        "    ssl_protocols TLSv1.2 TLSv1.3;",
        f"    ssl_ciphers {TLS_CIPHERS};",
        "    ssl_prefer_server_ciphers on;",
        "    ssl_ecdh_curve X25519:prime256v1:secp384r1;",
        "    ssl_session_tickets off;",
    ]


def _site_body(root: PurePosixPath, headers: dict[str, str] = SECURITY_HEADERS) -> list[str]:
    """What every site's server block shares: its folder, 404 page, types, compression and headers."""
    lines = [
        f"    root {root};",
        "    index index.html;",
        "    autoindex off;",
        "    server_tokens off;",
        "    charset utf-8;",
        "    charset_types text/css text/plain text/xml text/yaml text/javascript application/javascript application/json "
        "application/xml application/manifest+json image/svg+xml;",
        "    gzip on;",
        "    gzip_vary on;",
        "    gzip_comp_level 5;",
        "    gzip_min_length 256;",
        f"    gzip_types {GZIP_TYPES};",
        "    absolute_redirect off;",  # /werkgevers -> /werkgevers/ without naming scheme, host or port
        "    error_page 404 /404.html;",
        "    error_page 403 =404 /404.html;",  # a folder without index.html: not found, never a listing
        *_headers(headers=headers),
        "",
        "    location / {",
        "        try_files $uri $uri/ =404;",
        "    }",
        "    # The site's own 404 page, also for files that do not exist (served with status 404).",
        "    location = /404.html {",
        "        internal;",
        "    }",
        "    # No hidden files, except /.well-known/ (security.txt).",
        "    location ~ /\\.(?!well-known/) {",
        "        return 404;",
        "    }",
    ]
    for ext, kind in EXTRA_TYPES.items():
        lines += [f"    location ~ \\.{ext}$ {{", f"        default_type {kind};", "    }"]
    return lines


def _cache_map() -> list[str]:
    return [
        f"map $uri ${PREFIX}_cache_control {{",
        f"    default {_q(CACHE_OTHER)};",
        f'    "~{FINGERPRINT_PATTERN}" {_q(CACHE_FINGERPRINTED)};',  # quoted: {8} would end the block
        f'    "~{REVALIDATE_PATTERN}" {_q(CACHE_REVALIDATE)};',
        "}",
    ]


def nginx(
    manifest: dict,
    root: PurePosixPath,
    listen: str,
    cert_dir: PurePosixPath | None = None,
    redirect_listen: str | None = None,
    admin: AdminHost | None = None,
) -> str:
    """nginx configuration (http context: one map and the server blocks) for every host in ``manifest``.

    ``root`` holds the site folders as ``werkcentrum build`` writes them. With ``cert_dir`` (a certificate for
    the base domain and ``*.`` of it: fullchain.pem, privkey.pem) the sites are served over HTTPS on ``listen``
    and ``redirect_listen`` sends plain HTTP there. With ``admin`` the web admin gets its host too.
    """
    root = PurePosixPath(root)
    base = manifest.get("base_domain", "")
    www = f"www.{base}"
    tls = cert_dir is not None
    by_dir: dict[str, list[str]] = {}
    for site in manifest["sites"]:
        if site["host"] != base:
            by_dir.setdefault(site["dir"], []).append(site["host"])
    out = [
        "# Gegenereerd door 'werkcentrum server-config nginx': niet met de hand aanpassen.",
        "# Hoort in de http-context van nginx, bijvoorbeeld als /etc/nginx/conf.d/werkcentrum.conf.",
        "",
        *_cache_map(),
        "",
    ]
    for folder, hosts in sorted(by_dir.items()):
        out += ["server {", *_listen(listen, tls), f"    server_name {' '.join(sorted(hosts))};", *_tls(cert_dir)]
        out += [*_site_body(root / folder), "}", ""]
    if admin is not None:
        out += ["# The web admin (werkcentrum beheer --bouw): its own policy, never indexed."]
        out += ["server {", *_listen(listen, tls), f"    server_name {ADMIN_KEY}.{base};", *_tls(cert_dir)]
        out += [*_site_body(PurePosixPath(admin.root), admin_headers(admin.policy)), "}", ""]
    if any(site["host"] == base for site in manifest["sites"]):
        out += [
            "# The bare domain only redirects to www; security.txt is also served here, as RFC 9116 asks.",
            "server {",
            *_listen(listen, tls),
            f"    server_name {base};",
            *_tls(cert_dir),
            f"    root {root / NATIONAL_DIR};",
            "    server_tokens off;",
            *_headers(),
            "    location = /.well-known/security.txt {",
            "        charset utf-8;",
            "    }",
            "    location / {",
            f"        return 301 https://{www}$request_uri;",
            "    }",
            "}",
            "",
        ]
    out += [
        "# Any other name that points here gets no Werkcentrum site.",
        "server {",
        *_listen(listen, tls, default=True),
        "    server_name _;",
        *_tls(cert_dir),
        "    server_tokens off;",
        *_headers(),
        "    return 404;",
        "}",
    ]
    if tls and redirect_listen:
        names = sorted({s["host"] for s in manifest["sites"]})
        out += [
            "",
            "# Plain HTTP only redirects to HTTPS (first on the same name, as HSTS preloading asks).",
            "server {",
            f"    listen {redirect_listen};",
            f"    server_name {' '.join(names)};",
            "    server_tokens off;",
            "    return 301 https://$host$request_uri;",
            "}",
            "server {",
            f"    listen {redirect_listen} default_server;",
            "    server_name _;",
            "    server_tokens off;",
            "    return 404;",
            "}",
        ]
    return "\n".join(out) + "\n"

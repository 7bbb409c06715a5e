"""The browser: Debian's Chromium, driven by Playwright. Playwright never downloads a browser for us."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..diagnostics import Diagnostic, UserError

CHROMIUM_ENV = "WERKCENTRUM_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser")
CHROMIUM_FALLBACK = Path("/usr/bin/chromium")

# Headless and quiet: no sandbox (CI runs as root in a container), and none of Chromium's own traffic to Google
# (updates, sync, safe browsing). The resolver rule makes every name except our local sites unresolvable, so
# even a request that slips past the page's request interception cannot leave the machine.
LAUNCH_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--no-first-run",
    "--no-default-browser-check",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE *.localhost, EXCLUDE 127.0.0.1",
)

# Everything not on this machine goes to a proxy that does not exist, so it fails: also addresses written as an
# IP number, which the resolver rule above cannot stop. The local sites (*.localhost) go direct.
BLOCK_PROXY = {"server": "http://127.0.0.1:9", "bypass": "localhost,*.localhost,127.0.0.1"}

INSTALL_PLAYWRIGHT = (
    "Installeer het in de virtuele omgeving met: pip install -e '.[audit]' (of: pip install playwright). "
    "Download geen browser met 'playwright install': de controle gebruikt Chromium van Debian."
)


def _setup_error(message: str, hint: str) -> UserError:
    return UserError(Diagnostic("werkcentrum audit", message, hint=hint))


def require_playwright():
    """The async Playwright entry point, or a Dutch error that says how to install it."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        raise _setup_error("Playwright is niet geïnstalleerd; zonder Playwright kan de controle geen browser besturen.", INSTALL_PLAYWRIGHT) from None
    return async_playwright


def find_chromium() -> Path | None:
    """Chromium from ``WERKCENTRUM_CHROMIUM``, the PATH or /usr/bin/chromium; None when there is none."""
    configured = os.environ.get(CHROMIUM_ENV)
    if configured:
        path = Path(configured)
        return path if path.is_file() and os.access(path, os.X_OK) else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return CHROMIUM_FALLBACK if CHROMIUM_FALLBACK.is_file() else None


def require_chromium() -> Path:
    path = find_chromium()
    if path is None:
        raise _setup_error(
            "Chromium is niet gevonden; de controle opent elke pagina in Chromium.",
            f"Installeer het met: sudo apt-get install chromium (of zet {CHROMIUM_ENV} op het pad van Chromium).",
        )
    return path

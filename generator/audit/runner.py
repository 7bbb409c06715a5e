"""Open every page of every built site in Chromium and check it: axe-core, third-party requests, reflow, focus,
the Content-Security-Policy and browser storage.

One browser, a few pages in parallel (asyncio, one browser context each). Each site is served on its own origin
by ``preview.MultiHostServer`` with the production headers, so "a request to another host" means what it says.
Such requests are recorded and fail (``browser.BLOCK_PROXY``): nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from ..diagnostics import Diagnostic, UserError
from .browser import BLOCK_PROXY, LAUNCH_ARGS, require_chromium, require_playwright

HERE = Path(__file__).resolve().parent
AXE_FILE = HERE / "vendor" / "axe.min.js"
# axe-core's own Dutch locale translates a few texts only; ours gives every rule we run a Dutch help text.
AXE_LOCALE = HERE / "vendor" / "axe-nl.json"
OWN_LOCALE = HERE / "regels-nl.json"
PAGE_JS = HERE / "page.js"

# WCAG 2.0 and 2.1, levels A and AA (the legal minimum), plus axe's best-practice rules: skip link, landmarks
# and heading order, which the issue names, are only checked there.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice")
DESKTOP = {"width": 1280, "height": 800}
REFLOW = {"width": 320, "height": 640}  # WCAG 1.4.10: 320 CSS px wide, no horizontal scrolling
SCREENSHOTS = {1280: {"width": 1280, "height": 800}, 375: {"width": 375, "height": 667}}
FOCUS_STEPS = 12  # Tab presses per page and width: the skip link, the header, the menu and the first content
MISSING_PATH = "werkcentrum-controle-pagina-bestaat-niet/"
PAGE_TIMEOUT_MS = 30_000

SEARCH_QUERY = "werk"
_CRITERION = re.compile(r"^wcag(\d)(\d)(\d+)$")


@dataclass(frozen=True)
class Target:
    """One page to audit: where the browser opens it, and the public address the report names."""

    site: str
    url: str
    public: str
    home: bool = False
    missing: bool = False  # the site's 404 page, opened through an address that does not exist


@dataclass
class PageResult:
    target: Target
    violations: list[dict] = field(default_factory=list)
    incomplete: list[dict] = field(default_factory=list)
    requests: list[dict] = field(default_factory=list)
    screenshots: dict[int, bytes] = field(default_factory=dict)

    def add(self, rule: str, impact: str, element: str, message: str, context: str, **extra) -> None:
        if any(v["rule"] == rule and v["element"] == element for v in self.violations):
            return  # the same problem seen again at another width: once is enough
        self.violations.append(
            {"page": self.target.public, "rule": rule, "impact": impact, "element": element, "message": message, "context": context, **extra}
        )


# --- which pages ----------------------------------------------------------------------------------------------


def site_folders(site_dir: Path) -> list[str]:
    """Keys of the built sites: folders with an ``index.html``."""
    if not site_dir.is_dir():
        return []
    return sorted(p.name for p in site_dir.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / "index.html").is_file())


def sitemap_locations(folder: Path) -> list[str]:
    """The page addresses in a site's ``sitemap.xml`` (empty when it has none)."""
    path = folder / "sitemap.xml"
    if not path.is_file():
        return []
    tree = ET.parse(path)
    return [el.text.strip() for el in tree.iter() if el.tag.endswith("}loc") or el.tag == "loc" if el.text]


def targets(site_dir: Path, keys: list[str], local_url) -> list[Target]:
    """Every page of the given sites from their sitemaps, plus each site's 404 page. ``local_url(key)`` is the
    site's address on the local server."""
    out: list[Target] = []
    for key in keys:
        base = local_url(key)
        locations = sitemap_locations(site_dir / key) or [base]
        public_root = "{0.scheme}://{0.netloc}/".format(urlsplit(locations[0]))
        for loc in dict.fromkeys(locations):
            path = urlsplit(loc).path.lstrip("/")
            out.append(Target(key, urljoin(base, path), loc, home=path == ""))
        if (site_dir / key / "404.html").is_file():
            out.append(Target(key, urljoin(base, MISSING_PATH), urljoin(public_root, "404.html"), missing=True))
    return out


# --- in the browser -------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def dutch_locale() -> dict:
    """axe-core's Dutch locale with our Dutch help text for every rule: the report speaks Dutch."""
    base = json.loads(AXE_LOCALE.read_text(encoding="utf-8"))
    own = json.loads(OWN_LOCALE.read_text(encoding="utf-8"))
    rules = dict(base.get("rules", {}))
    for rule, texts in own["rules"].items():
        rules[rule] = {**rules.get(rule, {}), **texts}
    return {**base, "rules": rules}


@lru_cache(maxsize=1)
def init_script() -> str:
    locale = f"axe.configure({{ locale: {json.dumps(dutch_locale(), ensure_ascii=False)} }});"
    return AXE_FILE.read_text(encoding="utf-8") + "\n;\n" + locale + "\n" + PAGE_JS.read_text(encoding="utf-8")


def _axe_options() -> dict:
    return {"runOnly": {"type": "tag", "values": list(AXE_TAGS)}, "resultTypes": ["violations", "incomplete"]}


def _wcag(tags: list[str]) -> list[str]:
    """axe's success-criterion tags as WCAG numbers: ``wcag1410`` -> ``1.4.10``."""
    return [".".join(m.groups()) for t in tags if (m := _CRITERION.match(t))]


async def run_axe(page, result: PageResult, context: str, scope: str | None = None) -> None:
    """axe-core on the whole page, or only on the element ``scope`` names (an open dialog)."""
    found = await page.evaluate(
        "([scope, options]) => axe.run(scope ? { include: [[scope]] } : document, options)", [scope, _axe_options()]
    )
    for rule in found["violations"]:
        for node in rule["nodes"]:
            result.add(
                rule["id"],
                rule.get("impact") or node.get("impact") or "",
                " ".join(str(t) for t in node["target"]),
                rule["help"],
                context,
                help_url=rule.get("helpUrl", ""),
                wcag=_wcag(rule.get("tags", [])),
                html=node.get("html", "")[:300],
            )
    for rule in found["incomplete"]:
        for node in rule["nodes"]:
            result.incomplete.append(
                {
                    "page": result.target.public,
                    "rule": rule["id"],
                    "element": " ".join(str(t) for t in node["target"]),
                    "message": rule["help"],
                    "context": context,
                }
            )


async def check_focus(page, result: PageResult, context: str) -> None:
    """Tab through the first focusable elements; each must be in sight with a ring in the focus colour.

    The page judges each element when the focus arrives (page.js), so the Tab presses need no round trip
    in between."""
    await page.evaluate("() => window.__werkcentrumAudit.startFocusLog()")
    for _ in range(FOCUS_STEPS):
        await page.keyboard.press("Tab")
    for info in await page.evaluate("() => window.__werkcentrumAudit.takeFocusLog()"):
        if info["repeat"]:
            break  # the tab order went round: every focusable element was visited
        if info["problem"]:
            result.add("focus-visible", "serious", info["element"], f"Toetsenbordfocus niet zichtbaar: {info['problem']}.", context, wcag=["2.4.7"])


async def check_reflow(page, result: PageResult) -> None:
    info = await page.evaluate("w => window.__werkcentrumAudit.reflow(w)", REFLOW["width"])
    if info["scrollWidth"] > REFLOW["width"]:
        # Material's scripts adapt to a new width a few frames late; only a width that stays counts.
        await page.wait_for_timeout(500)
        info = await page.evaluate("w => window.__werkcentrumAudit.reflow(w)", REFLOW["width"])
    if info["scrollWidth"] > REFLOW["width"]:
        result.add(
            "reflow",
            "serious",
            ", ".join(info["wide"]) or "html",
            f"De pagina is {info['scrollWidth']} px breed op een scherm van {REFLOW['width']} px: je moet opzij scrollen.",
            "320 px",
            wcag=["1.4.10"],
        )


# The resource type of a refused request, from the CSP directive that refused it.
_DIRECTIVE_TYPES = {"img": "image", "style": "stylesheet", "script": "script", "font": "font", "connect": "fetch", "media": "media", "frame": "document", "worker": "script", "manifest": "manifest"}


async def check_policy(page, result: PageResult) -> None:
    """What the Content-Security-Policy refused: a load from another host is a third-party request (the policy
    stopped it before the audit's own interception could); anything else (an inline script or style) is a CSP
    violation."""
    own = urlsplit(result.target.url).netloc
    for report in await page.evaluate("() => window.__werkcentrumAudit.takePolicyLog()"):
        url = report["url"]
        parts = urlsplit(url)
        if parts.scheme in ("http", "https", "ws", "wss") and parts.netloc != own:
            kind = _DIRECTIVE_TYPES.get(report["directive"].split("-")[0], report["directive"])
            if not any(q["url"] == url for q in result.requests):
                result.requests.append({"page": result.target.public, "url": url, "type": kind, "blocked_by": "csp"})
            continue
        where = report["source"] or "html"
        result.add("csp-violation", "serious", where, f"De Content-Security-Policy ({report['directive']}) blokkeert: {url or report['sample'] or 'inline code'}.", "CSP")


async def check_storage(page, result: PageResult) -> None:
    """No cookies and nothing in local or session storage, after every check (the search included)."""
    found = await page.evaluate("() => window.__werkcentrumAudit.storage()")
    stored = [f"cookie {c.split('=')[0].strip()}" for c in found["cookies"].split(";") if c.strip()]
    stored += [f"localStorage {k}" for k in found["local"]] + [f"sessionStorage {k}" for k in found["session"]]
    if stored:
        result.add("browser-storage", "serious", "html", f"De pagina slaat iets op in de browser: {', '.join(stored)}.", "privacy")


async def open_search(page) -> bool:
    """Type in Material's search so its dialog and results are checked too; False when the page has no search."""
    field = page.locator(".md-search__input")
    if not await field.count():
        return False
    await field.focus()
    await page.keyboard.type(SEARCH_QUERY)
    try:
        await page.wait_for_selector(".md-search-result__item", timeout=5000)
    except Exception:  # noqa: BLE001 - no results is fine: the dialog itself is still checked
        pass
    await settle(page)
    return True


async def settle(page) -> None:
    """Wait until no CSS transition or animation runs. The search dialog and its results fade in; a busy
    machine can otherwise measure the contrast of half-transparent text (a false finding)."""
    try:
        await page.wait_for_function(
            "() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000
        )
    except Exception:  # noqa: BLE001 - an endless animation: check the page as it is
        pass


async def screenshot(page, width: int) -> bytes:
    size = SCREENSHOTS[width]
    await page.set_viewport_size(size)
    return await page.screenshot(clip={"x": 0, "y": 0, **size}, animations="disabled", caret="hide")


async def load(page, target: Target, result: PageResult, context: str) -> bool:
    try:
        response = await page.goto(target.url, wait_until="load", timeout=PAGE_TIMEOUT_MS)
    except Exception as exc:  # noqa: BLE001 - reported as a finding, the audit goes on
        result.add("page-load", "critical", "html", f"De pagina laadt niet: {str(exc).splitlines()[0]}", context)
        return False
    expected = 404 if target.missing else 200
    if response is None or response.status != expected:
        status = response.status if response else "geen antwoord"
        result.add("page-load", "critical", "html", f"De server antwoordt {status} (verwacht: {expected}).", context)
        return response is not None and response.ok
    return True


async def restart(page, size: dict) -> None:
    """Another width without reloading: Material follows the viewport; focus and scroll start at the top again."""
    await page.set_viewport_size(size)
    await page.evaluate("() => window.__werkcentrumAudit.restart()")


async def audit_page(page, result: PageResult, shots: bool) -> PageResult:
    """Every check of one page: one load, then the widths one after another."""
    target = result.target
    screenshots = shots and target.home
    await page.set_viewport_size(DESKTOP)
    if not await load(page, target, result, "1280 px"):
        return result
    if screenshots:
        result.screenshots[1280] = await screenshot(page, 1280)
    await run_axe(page, result, "1280 px")
    await check_focus(page, result, "1280 px")
    await restart(page, REFLOW)
    await check_reflow(page, result)
    if target.home:
        await run_axe(page, result, "320 px")
    await check_focus(page, result, "320 px")
    if screenshots:
        await restart(page, SCREENSHOTS[375])
        result.screenshots[375] = await screenshot(page, 375)
    await check_policy(page, result)
    if target.home:
        # Last: closing the search runs timers in Material that would disturb the other checks.
        await restart(page, DESKTOP)
        if await open_search(page):
            # The dialog only: the page behind its overlay was checked already, and axe cannot judge its contrast.
            await run_axe(page, result, "1280 px, zoeken open", scope=".md-search")
    await check_storage(page, result)
    return result


# --- the run --------------------------------------------------------------------------------------------------


@dataclass
class RunStats:
    pages: list[PageResult]
    seconds: float
    browser_version: str
    workers: int


async def _run(items: list[Target], chromium: Path, workers: int, shots: bool, progress) -> RunStats:
    async_playwright = require_playwright()
    start = time.monotonic()
    queue: asyncio.Queue[Target] = asyncio.Queue()
    for item in items:
        queue.put_nowait(item)
    results: list[PageResult] = []

    async with async_playwright() as pw:
        try:
            browser = await pw.chromium.launch(executable_path=str(chromium), args=list(LAUNCH_ARGS), headless=True, proxy=BLOCK_PROXY)
        except Exception as exc:  # noqa: BLE001 - a broken Chromium install is the user's to fix
            raise UserError(
                Diagnostic(
                    "werkcentrum audit",
                    f"Chromium ({chromium}) start niet: {str(exc).strip().splitlines()[0]}",
                    hint="Installeer Chromium opnieuw met: sudo apt-get install --reinstall chromium",
                )
            ) from None

        async def worker() -> None:
            context = await browser.new_context(viewport=DESKTOP, locale="nl-NL", service_workers="block", device_scale_factor=1)
            await context.add_init_script(script=init_script())
            state: dict = {"netloc": None, "result": None}

            def request(req) -> None:
                # Every request to another host is recorded; the browser's dead proxy refuses it (see BLOCK_PROXY).
                # Not page.route(): intercepting requests turns Chromium's cache off and made the audit slower.
                current: PageResult | None = state["result"]
                parts = urlsplit(req.url)
                if current is None or parts.scheme not in ("http", "https", "ws", "wss") or parts.netloc == state["netloc"]:
                    return
                if not any(q["url"] == req.url for q in current.requests):
                    current.requests.append({"page": current.target.public, "url": req.url, "type": req.resource_type, "blocked_by": "audit"})

            def console(message) -> None:
                # CSP reports from places the page's event listener cannot hear (a worker, for one).
                current: PageResult | None = state["result"]
                if current is not None and "Content Security Policy" in message.text and "worker" in (message.location or {}).get("url", ""):
                    current.add("csp-violation", "serious", message.location.get("url", ""), message.text[:300], "console")

            page = await context.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.on("console", console)
            page.on("request", request)
            try:
                while not queue.empty():
                    target = queue.get_nowait()
                    state["netloc"] = urlsplit(target.url).netloc
                    state["result"] = result = PageResult(target)
                    results.append(await audit_page(page, result, shots))
                    progress(target)
            finally:
                state["result"] = None
                await context.close()

        try:
            await asyncio.gather(*(worker() for _ in range(max(1, min(workers, len(items))))))
            version = browser.version
        finally:
            await browser.close()
    order = {t: i for i, t in enumerate(items)}
    results.sort(key=lambda r: order[r.target])
    return RunStats(results, time.monotonic() - start, version, workers)


def run(items: list[Target], *, workers: int = 2, screenshots: bool = True, progress=lambda target: None) -> RunStats:
    """Audit ``items`` in headless Chromium; ``progress`` is called after each page."""
    chromium = require_chromium()
    require_playwright()
    return asyncio.run(_run(items, chromium, workers, screenshots, progress))

"""werkcentrum audit: the checks catch what they should, the real sites pass, the report and gallery reach the brandbook.

Browser tests drive Debian's Chromium through Playwright and skip with a clear reason when either is missing
(.ci/run installs Chromium). The audit of all 37 real sites is one test on its own build: it is the slow one.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys

import pytest
from PIL import Image

from conftest import REPO, need_browser, soup
from generator.audit import runner
from generator.audit.brandbook import AuditView
from generator.audit.browser import find_chromium
from generator.audit.report import CSS, CSS_FILE, build_report, reduce_png, to_html
from generator.project import Project

FIXTURES = REPO / "tests" / "fixtures" / "audit" / "site"
REGION_COUNT = 35


def cli(*args: str, env: dict | None = None, code: str | None = None) -> subprocess.CompletedProcess:
    """The real command line, in a fresh Python, from the project root."""
    program = code or "import sys; from generator.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", program, *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=600,
    )


# --- without a browser --------------------------------------------------------------------------------------


def test_pages_come_from_each_sitemap_plus_the_404_page():
    items = runner.targets(FIXTURES, ["fout", "goed"], lambda key: f"http://{key}.localhost:1234/")
    assert [(t.site, t.url, t.public, t.home, t.missing) for t in items] == [
        ("fout", "http://fout.localhost:1234/", "https://fout.example.test/", True, False),
        ("fout", "http://fout.localhost:1234/breed/", "https://fout.example.test/breed/", False, False),
        ("goed", "http://goed.localhost:1234/", "https://goed.example.test/", True, False),
        ("goed", f"http://goed.localhost:1234/{runner.MISSING_PATH}", "https://goed.example.test/404.html", False, True),
    ]


def test_axe_tags_become_wcag_numbers():
    assert runner._wcag(["cat.color", "wcag2aa", "wcag143", "wcag1410", "wcag21aa", "best-practice"]) == ["1.4.3", "1.4.10"]


def test_screenshots_become_small_palette_pngs():
    image = Image.new("RGB", (1280, 800), "white")
    for x in range(0, 1280, 7):  # many shades, like anti-aliased text
        image.paste((x % 256, 60, 158), (x, 0, x + 3, 800))
    buf = io.BytesIO()
    image.save(buf, "PNG")
    small = reduce_png(buf.getvalue())
    reread = Image.open(io.BytesIO(small))
    assert reread.mode == "P" and reread.size == (1280, 800)
    assert len(reread.getcolors()) <= 64
    assert reduce_png(buf.getvalue()) == small, "the same screenshot gives the same file"


def test_missing_playwright_gets_a_dutch_install_hint(tmp_path):
    hide = "import sys; sys.modules['playwright'] = None; sys.modules['playwright.async_api'] = None; "
    done = cli(
        "audit", "--site-dir", str(FIXTURES), "--build-dir", str(tmp_path),
        code=hide + "from generator.cli import main; sys.exit(main(sys.argv[1:]))",
    )
    assert done.returncode == 1
    assert "Playwright is niet geïnstalleerd" in done.stderr
    assert "pip install -e '.[audit]'" in done.stderr and "Traceback" not in done.stderr


def test_missing_chromium_gets_a_dutch_install_hint(tmp_path):
    done = cli("audit", "--site-dir", str(FIXTURES), "--build-dir", str(tmp_path), env={"WERKCENTRUM_CHROMIUM": str(tmp_path / "geen")})
    assert done.returncode == 1
    assert "Chromium is niet gevonden" in done.stderr and "apt-get install chromium" in done.stderr


def test_unknown_or_unbuilt_sites_are_dutch_errors(tmp_path):
    done = cli("audit", "--site-dir", str(FIXTURES), "--build-dir", str(tmp_path), "--regio", "atlantis")
    assert done.returncode == 1 and "er is geen gebouwde site 'atlantis'" in done.stderr
    done = cli("audit", "--site-dir", str(FIXTURES), "--build-dir", str(tmp_path), "--regio", "goedd")
    assert done.returncode == 1 and "Bedoel je 'goed'?" in done.stderr
    done = cli("audit", "--site-dir", str(tmp_path / "leeg"), "--build-dir", str(tmp_path))
    assert done.returncode == 1 and "Bouw eerst met: werkcentrum build" in done.stderr


def test_the_brandbook_view_without_and_with_an_audit(tmp_path):
    assert not AuditView(tmp_path).er_is and AuditView(tmp_path).files() == {}
    folder = tmp_path / "audit"
    (folder / "screenshots").mkdir(parents=True)
    report = {
        "date": "2026-06-04T14:05:00+02:00", "seconds": 95.2, "parallel_pages": 3, "axe_core": "4.14.1", "browser": "Chromium 150",
        "summary": {"sites": 1, "pages": 2, "violations": 1, "third_party_requests": 0, "needs_review": 0},
        "sites": [{"site": "twente", "url": "https://twente.werkcentrum.nl/", "pages": 2, "violations": 1, "third_party_requests": 0}],
        "violations": [{"page": "https://twente.werkcentrum.nl/", "rule": "reflow", "impact": "serious", "element": "a|b", "message": "te breed", "context": "320 px"}],
        "third_party_requests": [],
    }
    (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")
    for width in (1280, 375):
        (folder / "screenshots" / f"twente-{width}.png").write_bytes(b"png")
    view = AuditView(tmp_path)
    assert view.samenvatting["datum"] == "4 juni 2026, 14:05" and view.samenvatting["duur"] == "1 min 35 s"
    assert view.problemen()[0]["element"] == "a/b", "a pipe would split the Markdown table cell"
    assert view.scherm("twente") == {"breed": "controle/screenshots/twente-1280.png", "smal": "controle/screenshots/twente-375.png"}
    assert view.scherm("drenthe") is None
    assert sorted(view.files()) == ["controle/report.json", "controle/screenshots/twente-1280.png", "controle/screenshots/twente-375.png"]
    (folder / "report.html").write_text("<!doctype html>", encoding="utf-8")
    assert "controle/report.html" not in AuditView(tmp_path).files(), "the brandbook's own pages show the result"
    assert view.handmatig() == []
    report["needs_review"] = [
        {"page": page, "rule": rule, "element": "x", "message": text, "context": "1280 px"}
        for page, rule, text in (
            ("https://b/", "color-contrast", "Tekst heeft genoeg contrast"),
            ("https://a/", "color-contrast", "Tekst heeft genoeg contrast"),
            ("https://a/", "color-contrast", "Tekst heeft genoeg contrast"),
            ("https://a/", "region", "Alle inhoud staat in een hoofdgebied"),
        )
    ]
    (folder / "report.json").write_text(json.dumps(report), encoding="utf-8")
    assert AuditView(tmp_path).handmatig() == [
        {"regel": "color-contrast", "uitleg": "Tekst heeft genoeg contrast", "aantal": 3, "paginas": ["https://a/", "https://b/"]},
        {"regel": "region", "uitleg": "Alle inhoud staat in een hoofdgebied", "aantal": 1, "paginas": ["https://a/"]},
    ]


# --- in Chromium ----------------------------------------------------------------------------------------------


@contextlib.contextmanager
def served_tab(site_dir, width: int, height: int):
    """The built sites in ``site_dir`` on the preview server, and a Chromium tab of ``width`` x ``height``."""
    need_browser()
    from playwright.sync_api import sync_playwright

    from generator.audit.browser import LAUNCH_ARGS
    from generator.preview import MultiHostServer

    with MultiHostServer(site_dir) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(find_chromium()), args=list(LAUNCH_ARGS))
        try:
            yield server, browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def test_found_problems_are_a_list_that_fits_a_phone(tmp_path):
    """The brandbook's controle page: every problem and request with its page link and selector, readable at 375 px
    (a table with a page address and a CSS selector in columns did not fit)."""
    from conftest import copy_project
    from generator.build import build

    project = copy_project(tmp_path / "project", keep_regions={"twente"})
    selector = ".md-typeset > div.wc-inlooppunt:nth-child(3) > table.wc-openingstijden > tbody > tr:nth-child(2) > td.x|y"
    report = {
        "date": "2026-06-04T14:05:00+02:00", "seconds": 95.2, "parallel_pages": 3, "axe_core": "4.14.1", "browser": "Chromium 150",
        "summary": {"sites": 1, "pages": 2, "violations": 2, "third_party_requests": 1, "needs_review": 0},
        "sites": [{"site": "twente", "url": "https://twente.werkcentrum.nl/", "pages": 2, "violations": 2, "third_party_requests": 1}],
        "violations": [
            {"page": "https://twente.werkcentrum.nl/inlooppunten/", "rule": "color-contrast", "impact": "serious",
             "element": selector, "message": "Tekst heeft te weinig contrast", "context": "375 px"},
            {"page": "https://twente.werkcentrum.nl/", "rule": "link-name", "impact": "serious",
             "element": "a[href='https://twente.werkcentrum.nl/een/heel/lang/adres/zonder/spaties']", "message": "Link zonder naam", "context": "1280 px"},
        ],
        "third_party_requests": [{"page": "https://twente.werkcentrum.nl/", "url": "https://fonts.example.net/css2?family=Een+Heel+Lange+Naam:wght@400;700"}],
    }
    (project.build_dir / "audit").mkdir(parents=True)
    (project.build_dir / "audit" / "report.json").write_text(json.dumps(report), encoding="utf-8")
    build(project, only={"brandbook"})
    page = soup(project.site_dir / "brandbook" / "controle" / "index.html")
    problems = page.find("h2", id="gevonden-problemen").find_next_sibling("ul").find_all("li", recursive=False)
    assert [li.strong.get_text() for li in problems] == ["Tekst heeft te weinig contrast", "Link zonder naam"]
    assert [li.a["href"] for li in problems] == [v["page"] for v in report["violations"]]
    assert problems[0].code.get_text() == selector.replace("|", "/")
    [request] = page.find("h2", id="verzoeken-naar-andere-servers").find_next_sibling("ul").find_all("li")
    assert request.a["href"] == "https://twente.werkcentrum.nl/" and request.code.get_text() == report["third_party_requests"][0]["url"]

    with served_tab(project.site_dir, 375, 667) as (server, tab):
        tab.goto(server.url("brandbook") + "controle/")
        rights = tab.eval_on_selector_all(".md-typeset li", "els => els.map(e => e.getBoundingClientRect().right)")
        assert len(rights) >= 7 and max(rights) <= 375
        assert tab.evaluate("document.documentElement.scrollWidth") == 375


def test_the_audit_catches_violations_and_third_party_requests(tmp_path):
    """The real command over hand-made sites: each deliberate problem is found, the clean site has none."""
    need_browser()
    out = tmp_path / "rapport.json"
    done = cli("audit", "--site-dir", str(FIXTURES), "--build-dir", str(tmp_path / "build"), "--json", str(out))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "De controle is niet geslaagd" in done.stderr
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report == json.loads((tmp_path / "build" / "audit" / "report.json").read_text(encoding="utf-8"))
    assert report["pages"] == [
        "https://fout.example.test/",
        "https://fout.example.test/breed/",
        "https://goed.example.test/",
        "https://goed.example.test/404.html",
        "https://lek.example.test/",
    ]
    found = {(v["page"].split("//")[1], v["rule"]) for v in report["violations"]}
    assert found == {  # nothing on the clean site, nothing twice
        ("fout.example.test/", "image-alt"),
        ("fout.example.test/", "color-contrast"),
        ("fout.example.test/breed/", "reflow"),
        ("fout.example.test/breed/", "focus-visible"),
        ("lek.example.test/", "browser-storage"),
    }
    assert len(report["violations"]) == len(found)
    assert all(set(v) >= {"page", "rule", "impact", "element"} for v in report["violations"])
    # The production Content-Security-Policy refuses both loads; the audit still names them.
    assert sorted((q["page"], q["url"], q["type"]) for q in report["third_party_requests"]) == [
        ("https://lek.example.test/", "https://example.org/x.png", "image"),
        ("https://lek.example.test/", "https://fonts.example.net/css2?family=Voorbeeld", "stylesheet"),
    ]
    html = soup(tmp_path / "build" / "audit" / "report.html")
    assert html.html["lang"] == "nl" and "5 problemen en 2 verzoeken" in html.get_text()


def test_without_the_policy_the_audit_itself_blocks_and_records_other_hosts(tmp_path):
    need_browser()
    from generator.audit import run_audit

    project = Project.find(REPO, site_dir=FIXTURES, build_dir=tmp_path)
    outcome = run_audit(project, only=["lek"], headers={}, workers=1)
    assert not outcome.ok and outcome.folder == tmp_path / "audit-regio"
    assert sorted((q["url"], q["blocked_by"]) for q in outcome.report["third_party_requests"]) == [
        ("https://example.org/x.png", "audit"),
        ("https://fonts.example.net/css2?family=Voorbeeld", "audit"),
    ]


def test_the_html_report_passes_its_own_audit(tmp_path):
    """The report for reviewers is accessible itself: audited like any page, with problems listed in it."""
    need_browser()
    from generator.audit import run_audit

    stats = runner.RunStats(pages=[], seconds=1.0, browser_version="150", workers=1)
    result = runner.PageResult(runner.Target("twente", "http://x/", "https://twente.werkcentrum.nl/", home=True))
    result.add("reflow", "serious", "div.breed > p > a (\"Een heel lange linktekst\")", "De pagina is 1016 px breed.", "320 px")
    result.requests.append({"page": "https://twente.werkcentrum.nl/", "url": "https://example.org/" + "x" * 120, "type": "image"})
    stats.pages.append(result)
    report = build_report(stats, ["twente"], __import__("datetime").datetime(2026, 6, 4, 14, 5), partial=False)
    site = tmp_path / "site" / "rapport"
    site.mkdir(parents=True)
    (site / "index.html").write_bytes(to_html(report))
    (site / CSS_FILE).write_text(CSS, encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset><url><loc>https://rapport.example.test/</loc></url></urlset>", encoding="utf-8")
    outcome = run_audit(Project.find(REPO, site_dir=tmp_path / "site", build_dir=tmp_path / "build"), workers=1)
    assert outcome.report["violations"] == [] and outcome.report["third_party_requests"] == []


def test_menu_and_search_work_by_keyboard_on_a_phone(built_example):
    """Material's label buttons, replaced by real buttons: open the menu, walk it, close it, search."""
    with served_tab(built_example.site_dir, 320, 640) as (server, page):
        page.goto(server.url("voorbeeldregio") + "contact/")
        active = lambda: page.evaluate("document.activeElement.getAttribute('aria-label') || document.activeElement.textContent.trim()")  # noqa: E731
        page.keyboard.press("Tab")  # the skip link
        page.keyboard.press("Tab")
        assert active() == "Werkcentrum Voorbeeldregio"  # the lockup, visible on a phone too
        page.keyboard.press("Tab")
        assert active() == "Menu"
        assert page.get_attribute("[data-wc-toggle=__drawer]", "aria-expanded") == "false"
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.closest('.md-sidebar--primary') !== null")
        assert page.get_attribute("[data-wc-toggle=__drawer]", "aria-expanded") == "true"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('.md-nav--primary') !== null")
        page.keyboard.press("Escape")
        assert active() == "Menu" and not page.is_checked("#__drawer")
        page.keyboard.press("Tab")
        assert active() == "Zoeken"
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.classList.contains('md-search__input')")
        page.keyboard.press("Escape")
        page.wait_for_function("document.activeElement.getAttribute('aria-label') === 'Zoeken'")


# --- the real sites ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def audited(tmp_path_factory):
    """Every real site built, audited and built again (the CI flow), once for this module."""
    need_browser()
    from generator.audit import run_audit
    from generator.build import build

    out = tmp_path_factory.mktemp("audited")
    project = Project.find(REPO, site_dir=out / "site", build_dir=out / "build")
    build(project)
    outcome = run_audit(project)
    rebuilt = build(project)
    return project, outcome, rebuilt


def test_every_page_of_every_site_passes_and_the_brandbook_shows_it(audited):
    project, outcome, rebuilt = audited
    report = outcome.report
    shown = "\n".join(f"{v['page']} {v['rule']} [{v['context']}] {v['element']}: {v['message']}" for v in report["violations"][:30])
    assert report["violations"] == [], shown
    assert report["third_party_requests"] == [], report["third_party_requests"][:10]

    sites = {s["site"]: s for s in report["sites"]}
    regions = set(sites) - {"www", "brandbook"}
    assert len(regions) == REGION_COUNT and {"www", "brandbook"} <= set(sites)
    assert all(sites[key]["pages"] >= 8 for key in regions), {k: sites[k]["pages"] for k in regions}
    assert len(report["pages"]) == sum(s["pages"] for s in sites.values()) == len(set(report["pages"]))
    assert all(url.startswith("https://") and ".werkcentrum.nl/" in url for url in report["pages"])
    print(f"\naudit: {len(report['pages'])} pagina's in {report['seconds']} s ({report['parallel_pages']} tegelijk)")

    # Screenshots of every region's home page, small palette PNGs of the first screen.
    shots = project.build_dir / "audit" / "screenshots"
    for key in regions:
        for width, height in ((1280, 800), (375, 667)):
            path = shots / f"{key}-{width}.png"
            image = Image.open(path)
            assert image.size == (width, height) and image.mode == "P", path.name
            assert path.stat().st_size < 120_000, f"{path.name}: {path.stat().st_size} bytes"

    # The next build rebuilds only the brandbook, which now shows the result and the gallery.
    assert rebuilt.built == ["brandbook"], rebuilt.built
    brandbook = project.site_dir / "brandbook"
    assert "Geen problemen gevonden." in soup(brandbook / "controle" / "index.html").get_text()
    assert json.loads((brandbook / "controle" / "report.json").read_text(encoding="utf-8")) == report
    gallery = soup(brandbook / "galerij" / "index.html")
    images = [img for img in gallery.select("article img.wc-scherm")]
    assert len(images) == 2 * REGION_COUNT
    assert all(img["alt"].startswith("Startpagina van Werkcentrum ") for img in images)
    for img in images:
        assert (brandbook / "galerij" / img["src"]).resolve().is_file(), img["src"]

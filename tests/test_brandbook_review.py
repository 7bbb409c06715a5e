"""The brandbook as a reviewer's tool: in Chromium at 1280 and 375 px, the print PDF, the brand contact, the audit
pages in Dutch, and axe on the brandbook itself.

One small project (the national site, Twente and the brandbook) goes through the CI flow once for this module:
build, audit, build (the brandbook now shows the audit), audit the brandbook again.
"""

from __future__ import annotations

import io
import json
import re
import zipfile

import pytest
import yaml
from PIL import Image

from conftest import REPO, copy_project, need_browser, soup
from generator.audit.browser import find_chromium
from generator.project import BRANDBOOK_KEY

# One worker runs this module (make test: --dist loadgroup), so the CI flow below runs once, not once per worker.
pytestmark = pytest.mark.xdist_group("brandbook-review")

WIDTHS = (1280, 375)
MIN_MARK_PX = 32  # werkcentrum.logo.min-height-px in brandbook/tokens/logo.tokens.json
AXE_RULES = json.loads((REPO / "generator" / "audit" / "regels-nl.json").read_text(encoding="utf-8"))["rules"]


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    """Build, audit, build, audit the brandbook: the CI flow on a small project."""
    need_browser()
    from generator.audit import run_audit
    from generator.build import build

    project = copy_project(tmp_path_factory.mktemp("review") / "project", keep_regions={"twente"})
    build(project)
    first = run_audit(project)
    build(project)
    second = run_audit(project, only=[BRANDBOOK_KEY])
    return project, first, second


@pytest.fixture(scope="module")
def browser(reviewed):
    from playwright.sync_api import sync_playwright

    from generator.audit.browser import LAUNCH_ARGS
    from generator.preview import MultiHostServer

    project = reviewed[0]
    with MultiHostServer(project.site_dir) as server, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(find_chromium()), args=list(LAUNCH_ARGS))
        try:
            yield chromium, server.url(BRANDBOOK_KEY)
        finally:
            chromium.close()


def open_page(browser, path: str, width: int):
    chromium, base = browser
    page = chromium.new_page(viewport={"width": width, "height": 900})
    page.goto(base + path, wait_until="load")
    return page


def brandbook_pages(project) -> list[str]:
    site = project.site_dir / BRANDBOOK_KEY
    return sorted(str(p.parent.relative_to(site)).replace(".", "") + "/" for p in site.rglob("index.html"))


# --- in Chromium ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", WIDTHS)
def test_no_brandbook_table_is_wider_than_its_page(reviewed, browser, width):
    measure = """() => {
        const article = document.querySelector('article').getBoundingClientRect();
        return [...document.querySelectorAll('article table')].map((t, i) => {
            const box = t.getBoundingClientRect();
            const wrap = t.closest('.md-typeset__scrollwrap');
            return {i, right: box.right, limit: article.right, scrolls: t.scrollWidth > t.clientWidth + 1
                || (wrap !== null && wrap.scrollWidth > wrap.clientWidth + 1)};
        });
    }"""
    tables = 0
    for path in brandbook_pages(reviewed[0]):
        page = open_page(browser, path.lstrip("/"), width)
        try:
            for table in page.evaluate(measure):
                tables += 1
                assert not table["scrolls"] and table["right"] <= table["limit"] + 1, (path, width, table)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
        finally:
            page.close()
    assert tables >= 20


@pytest.mark.parametrize("width", WIDTHS)
def test_gallery_marks_are_at_least_the_minimum(reviewed, browser, width):
    """Every lockup in 'Logo's per regio' is shown so large that its mark is at least the minimum height."""
    from generator.brand import lockup as lk
    from generator.brand.assets import brand_for

    geo = brand_for(reviewed[0]).geo
    twente = lk.layout(yaml.safe_load((REPO / "sites" / "regions" / "twente.yaml").read_text(encoding="utf-8"))["naam"], geo)
    page = open_page(browser, "regios/", width)
    try:
        shown = page.evaluate(
            """() => [...document.querySelectorAll('.wc-logokaart img')].map(img => {
                const box = img.getBoundingClientRect(), card = img.closest('.wc-logokaart').getBoundingClientRect();
                return {alt: img.alt, src: img.getAttribute('src'), height: box.height, right: box.right,
                        cardRight: card.right, loaded: img.complete && img.naturalWidth > 0};
            })"""
        )
        assert len(shown) == 2, "one region: on light and on the brand colour"
        for img in shown:
            mark = img["height"] * twente.mark.h / twente.height
            assert mark >= MIN_MARK_PX, (width, img)
            assert img["loaded"] and img["right"] <= img["cardRight"], (width, img)
        assert {("lichte" in i["alt"], "merkkleur" in i["alt"]) for i in shown} == {(True, False), (False, True)}
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        large = page.evaluate("[...document.querySelectorAll('.wc-logokaart a')].map(a => a.getAttribute('href'))")
        assert any(href.endswith("twente-groot.svg") for href in large)
    finally:
        page.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_dos_and_donts_are_drawn_and_shown(reviewed, browser, width):
    page = open_page(browser, "logo/", width)
    try:
        found = page.evaluate(
            """() => [...document.querySelectorAll('.wc-voorbeeld')].map(card => {
                const img = card.querySelector('img');
                return {good: card.classList.contains('wc-voorbeeld--goed'), text: card.innerText.trim(), alt: img.alt,
                        src: img.getAttribute('src'), loaded: img.complete && img.naturalWidth > 0,
                        width: img.getBoundingClientRect().width};
            })"""
        )
    finally:
        page.close()
    assert [f["good"] for f in found] == [True, False, False, False, False, False]
    names = [f["src"].rsplit("/", 1)[-1] for f in found]
    assert names == ["goed.svg", "niet-uitgerekt.svg", "niet-andere-kleuren.svg", "niet-andere-naam.svg",
                     "niet-te-klein.svg", "niet-te-dicht.svg"]  # fmt: skip
    for f in found:
        assert f["loaded"] and f["width"] > 0 and f["alt"], f
        assert f["text"].startswith("✓ Goed" if f["good"] else "✗ Niet"), f
    # Drawn from the real lockup: the right one is the construction's lockup; the others differ from it.
    beelden = reviewed[0].site_dir / BRANDBOOK_KEY / "beelden"
    good = (beelden / "goed.svg").read_text(encoding="utf-8")
    assert "Werkcentrum Zuid-Kennemerland en IJmond" in good
    assert 'fill="#1e3c9e"' in good and 'fill="#1e3c9e"' not in (beelden / "niet-andere-kleuren.svg").read_text()
    assert "Leerwerkloket" in (beelden / "niet-andere-naam.svg").read_text(encoding="utf-8")
    assert 'preserveAspectRatio="none"' in (beelden / "niet-uitgerekt.svg").read_text(encoding="utf-8")


# --- the audit in the brandbook ------------------------------------------------------------------------------------


def test_axe_finds_nothing_on_the_brandbook_with_the_audit_in_it(reviewed):
    project, first, second = reviewed
    shown = [(v["page"], v["rule"], v["element"], v["message"]) for v in second.report["violations"]]
    assert second.report["violations"] == [], shown
    assert second.report["third_party_requests"] == []
    assert first.ok, first.report["summary"]
    pages = set(second.report["pages"])
    assert {"https://brandbook.werkcentrum.nl/controle/", "https://brandbook.werkcentrum.nl/galerij/"} <= pages


def test_the_audit_pages_are_dutch_and_group_what_needs_review_by_rule(reviewed):
    project, first, _ = reviewed
    page = project.site_dir / BRANDBOOK_KEY / "controle" / "index.html"
    html = soup(page)
    article = html.select_one("article")
    text = article.get_text(" ")
    assert "Geen problemen gevonden." in text and "Door een mens na te kijken" in text
    dutch = {r["help"] for r in AXE_RULES.values()}
    groups = {}
    for item in first.report["needs_review"]:
        assert item["message"] in dutch, f"axe spoke English: {item['message']}"
        groups.setdefault(item["rule"], set()).add(item["page"])
    assert groups, "the small project has points to check by hand"
    headings = [h.get_text(strip=True) for h in article.select("h3")]
    assert len(headings) == len(groups) == len(set(headings)), "one heading per rule"
    for rule, pages in groups.items():
        heading = next(h for h in article.select("h3") if h.get_text(strip=True) == AXE_RULES[rule]["help"])
        listed = [a["href"] for a in heading.find_next("details").select("a")]
        assert listed == sorted(pages), rule
    assert not article.select("pre"), "no commands on a public page"
    assert not any("werkcentrum audit" in c.get_text() for c in article.select("code"))


def test_before_an_audit_the_pages_say_so_without_commands(built_all):
    for name in ("controle", "galerij"):
        article = soup(built_all.site_dir / BRANDBOOK_KEY / name / "index.html").select_one("article")
        text = " ".join(article.get_text(" ").split())
        assert "nog geen" in text and "automatisch" in text, name
        assert not article.select("pre") and "werkcentrum " not in text.replace("Werkcentrum", ""), name


def test_every_axe_rule_the_audit_runs_has_a_dutch_text(browser):
    from generator.audit.runner import AXE_TAGS, init_script

    page = browser[0].new_page()
    try:
        page.add_init_script(script=init_script())
        page.goto("data:text/html,<html lang=nl><title>x</title><main><img src=x></main></html>")
        rules = page.evaluate("t => axe.getRules(t).map(r => [r.ruleId, r.help])", list(AXE_TAGS))
        found = page.evaluate("() => axe.run(document, {runOnly: ['image-alt']}).then(r => r.violations[0].help)")
    finally:
        page.close()
    missing = sorted(rule for rule, _ in rules if rule not in AXE_RULES)
    assert not missing, f"add Dutch texts to generator/audit/regels-nl.json: {missing}"
    assert all(text == AXE_RULES[rule]["help"] for rule, text in rules)
    assert found == "Een afbeelding heeft een tekstalternatief"


# --- print files, contact --------------------------------------------------------------------------------------


def _zip(project, slug: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(project.site_dir / BRANDBOOK_KEY / "downloads" / f"werkcentrum-{slug}.zip")


def test_the_print_pdf_opens_and_is_vector_only(built_all):
    from pypdf import PdfReader

    with _zip(built_all, "zuid-kennemerland-en-ijmond") as archive:
        for name in ("logo.pdf", "logo-inverse.pdf"):
            reader = PdfReader(io.BytesIO(archive.read(f"werkcentrum-zuid-kennemerland-en-ijmond/{name}")))
            assert len(reader.pages) == 1
            page = reader.pages[0]
            width_mm = float(page.mediabox.width) / 72 * 25.4
            assert abs(width_mm - 80) < 0.01, width_mm
            assert reader.metadata.title == "Werkcentrum Zuid-Kennemerland en IJmond"
            ops = [op for _, op in page.get_contents().operations]
            assert ops.count(b"c") > 100 and b"m" in ops and b"h" in ops, "glyph outlines as curves"
            assert {b"f", b"f*"} & set(ops)
            assert not {b"Do", b"BI", b"Tj", b"TJ", b"BT"} & set(ops), "no image, no text: only paths"
            assert "/XObject" not in page["/Resources"] and "/Font" not in page["/Resources"]


def test_the_print_png_has_300_dpi_at_the_stated_width(built_all):
    with _zip(built_all, "twente") as archive:
        image = Image.open(io.BytesIO(archive.read("werkcentrum-twente/logo-300dpi.png")))
        readme = archive.read("werkcentrum-twente/LEESMIJ.txt").decode("utf-8")
    assert image.width == round(80 / 25.4 * 300) == 945 and image.mode == "RGBA"
    assert tuple(round(v) for v in image.info["dpi"]) == (300, 300)
    assert "945 pixels breed, dat is 80 mm bij 300 dpi" in readme
    assert "#1e3c9e, RGB 30, 60, 158" in readme, "the colour note gives sRGB values"
    assert "CMYK" in readme and not re.search(r"\bC\s*\d+\s*M\s*\d+|Pantone\s+\d", readme), "no invented print colours"


def test_the_brand_contact_comes_from_the_configuration(small_project):
    """Unset: the pages say where to ask. Set in brandbook/site.yml: shown as given, on the pages and in the zips."""
    from generator.build import build

    def contact_paragraph(page):
        return next(p for p in soup(page).select("article p") if "Vragen over de huisstijl?" in p.get_text())

    build(small_project)
    site = small_project.site_dir / BRANDBOOK_KEY
    unset = contact_paragraph(site / "index.html")
    assert "communicatieadviseur van je eigen Werkcentrum" in unset.get_text() and not unset.select("a")

    path = small_project.brandbook_dir / "site.yml"
    path.write_text(
        path.read_text(encoding="utf-8")
        + "merkvragen:\n  naam: Landelijke werkgroep communicatie\n  email: huisstijl@werkcentrum.example\n  telefoon: 030 000 0000\n",
        encoding="utf-8",
    )
    build(small_project)
    for name in ("index.html", "regios/index.html", "logo/index.html"):
        links = [a["href"] for a in contact_paragraph(site / name).select("a")]
        assert links == ["mailto:huisstijl@werkcentrum.example", "tel:+31300000000"], name
    with zipfile.ZipFile(site / "downloads" / "werkcentrum-twente.zip") as archive:
        readme = archive.read("werkcentrum-twente/LEESMIJ.txt").decode("utf-8")
    assert "Landelijke werkgroep communicatie: huisstijl@werkcentrum.example of telefoon 030 000 0000." in readme


def test_a_brand_contact_without_a_way_to_reach_it_is_a_dutch_error(small_project):
    from generator.build import build
    from generator.diagnostics import UserError

    path = small_project.brandbook_dir / "site.yml"
    path.write_text(path.read_text(encoding="utf-8") + "merkvragen:\n  naam: Werkgroep\n", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        build(small_project)
    message = "\n".join(d.format() for d in caught.value.diagnostics)
    assert "brandbook/site.yml:" in message and "merkvragen" in message
    assert "geen e-mailadres en geen telefoonnummer" in message and "Traceback" not in message

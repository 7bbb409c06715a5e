"""Visitor first, measured in real Chromium: the brand header at every width, type at the token sizes, Dutch 404.

Pages of the real regions (Twente, Zuid-Kennemerland en IJmond: the longest name), the fictional example region
and www are opened at 320, 375, 768 and 1280 px. Expected sizes come from the token files, never from numbers
written here, so a token change moves test and site together (and a test below changes one to prove it).
"""

from __future__ import annotations

import pytest

from conftest import copy_project, need_browser, static_server
from generator.build import build
from generator.tokens import load_tokens

WIDTHS = (320, 375, 768, 1280)
ROOT_PX = 16  # the browser's default text size: what the tokens' rem mean


def token_px(project, name: str) -> float:
    value = load_tokens(project.tokens_dir).value(f"werkcentrum.font.size.{name}")
    number, unit = float(value[:-3] if value.endswith("rem") else value[:-2]), value[-3:]
    return number * ROOT_PX if unit == "rem" else number


@pytest.fixture(scope="module")
def browser():
    need_browser()
    from playwright.sync_api import sync_playwright

    from generator.audit.browser import LAUNCH_ARGS, find_chromium

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(find_chromium()), args=list(LAUNCH_ARGS))
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def sites(built_all, built_example):
    """site key -> (served origin, project); the example region comes from its own build."""
    with static_server(built_all.site_dir) as real, static_server(built_example.site_dir) as example:
        yield {
            "twente": (f"{real}/twente/", built_all, "Werkcentrum Twente"),
            "zuid-kennemerland-en-ijmond": (
                f"{real}/zuid-kennemerland-en-ijmond/",
                built_all,
                "Werkcentrum Zuid-Kennemerland en IJmond",
            ),
            "voorbeeldregio": (f"{example}/voorbeeldregio/", built_example, "Werkcentrum Voorbeeldregio"),
            "www": (f"{real}/www/", built_all, "Werkcentrum"),
        }


HEADER = """() => {
  const vw = document.documentElement.clientWidth;
  const shown = (el) => !!el && getComputedStyle(el).visibility !== 'hidden' && el.getClientRects().length > 0;
  const link = document.querySelector('.md-header__button.md-logo');
  const imgs = [...link.querySelectorAll('img')].filter(shown);
  const inner = [...document.querySelector('.md-header__inner').children].filter(shown);
  const texts = [...document.querySelectorAll('.md-header *, .md-sidebar--primary .md-nav__title')]
    .filter((el) => shown(el) && el.children.length === 0 && el.textContent.trim());
  return {
    vw,
    name: link.getAttribute('aria-label'),
    logo: imgs.map((img) => ({ h: img.getBoundingClientRect().height, natural: img.naturalHeight,
                               left: img.getBoundingClientRect().left, right: img.getBoundingClientRect().right,
                               src: img.getAttribute('src') })),
    overflow: inner.filter((el) => el.getBoundingClientRect().right > vw + 0.5 || el.getBoundingClientRect().left < -0.5)
      .map((el) => el.className),
    texts: texts.map((el) => el.textContent.trim()),
    truncated: [...document.querySelectorAll('.md-header .md-ellipsis')].filter((el) => shown(el) && el.scrollWidth > el.clientWidth).length,
    headerBottom: document.querySelector('.md-header').getBoundingClientRect().bottom,
    logoBox: link.getBoundingClientRect().toJSON(),
    logoPadding: parseFloat(getComputedStyle(link).paddingTop),
  };
}"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("key", ["twente", "zuid-kennemerland-en-ijmond", "voorbeeldregio", "www"])
def test_the_lockup_is_the_name_shown_once_whole_and_at_least_the_minimum_size(browser, sites, key, width):
    url, project, name = sites[key]
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(url)
    header = page.evaluate(HEADER)
    page.close()
    assert header["name"] == name
    assert len(header["logo"]) == 1, header["logo"]  # exactly one lockup, whichever variant fits
    logo = header["logo"][0]
    assert logo["natural"] > 0 and logo["left"] >= 0 and logo["right"] <= header["vw"]
    assert logo["h"] >= logo["natural"] - 0.5  # never drawn smaller than the SVG, whose mark is the minimum
    assert not header["overflow"], header  # nothing in the header row is pushed off the screen
    assert header["truncated"] == 0
    assert name not in header["texts"]  # the name is not repeated as text next to or under the lockup
    # Clear space around the lockup: the token's number of cap heights (the mark is mark-height caps high).
    tokens = load_tokens(project.tokens_dir)
    logo_token = lambda name: tokens.value(f"werkcentrum.logo.{name}")  # noqa: E731
    cap = logo_token("min-height-px") / logo_token("mark-height")
    assert header["logoPadding"] >= logo_token("clear-space") * cap - 0.5


def test_narrow_screens_get_the_wrapped_lockup_of_a_long_name_and_wide_ones_the_one_line(browser, sites):
    url, _, _ = sites["zuid-kennemerland-en-ijmond"]
    sources = {}
    for width in (320, 1280):
        page = browser.new_page(viewport={"width": width, "height": 800})
        page.goto(url)
        sources[width] = page.evaluate(HEADER)["logo"][0]["src"]
        page.close()
    assert sources[320].endswith("logo-header-smal.svg") and sources[1280].endswith("logo-header.svg")


TYPE = """() => {
  const size = (sel) => { const el = document.querySelector(sel); return el ? parseFloat(getComputedStyle(el).fontSize) : null; };
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || !el.getClientRects().length || el.closest('[hidden], .md-search, .md-nav--secondary .md-nav--secondary')) continue;
    if (el.closest('.md-sidebar--primary') && getComputedStyle(document.querySelector('.md-sidebar--primary')).visibility === 'hidden') continue;
    if (parseFloat(style.fontSize) < 14 - 0.01) small.push([el.tagName, el.className, style.fontSize, node.textContent.trim().slice(0, 30)]);
  }
  return { p: size('.md-content .md-typeset p'), h1: size('.md-content h1'), h2: size('.md-content h2:not(#direct)'),
           h3: size('.md-content h3'), td: size('.md-content td'), footer: size('.wc-footer__list a'), small };
}"""


@pytest.mark.parametrize("width", (375, 1280))
@pytest.mark.parametrize("path", ["twente/", "twente/inlooppunten/", "zuid-kennemerland-en-ijmond/partners/", "www/"])
def test_text_is_at_the_token_sizes_and_never_below_the_minimum(browser, sites, built_all, path, width):
    origin = sites["twente"][0].removesuffix("twente/")
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(origin + path)
    sizes = page.evaluate(TYPE)
    page.close()
    assert sizes["p"] == pytest.approx(token_px(built_all, "md"))
    assert sizes["h1"] == pytest.approx(token_px(built_all, "2xl"))
    if sizes["h2"] is not None:
        assert sizes["h2"] == pytest.approx(token_px(built_all, "xl"))
    if sizes["h3"] is not None:
        assert sizes["h3"] == pytest.approx(token_px(built_all, "lg"))
    if sizes["td"] is not None:
        assert sizes["td"] >= token_px(built_all, "sm") - 0.01
    assert sizes["footer"] == pytest.approx(token_px(built_all, "sm"))
    assert not sizes["small"], sizes["small"]  # nothing visible under font.size.xs


def test_the_brandbook_type_page_states_the_sizes_the_sites_use(built_all):
    from conftest import soup

    table = soup(built_all.site_dir / "brandbook" / "letters" / "index.html").get_text(" ")
    for name in ("xs", "sm", "md", "lg", "xl", "2xl"):
        px = token_px(built_all, name)
        assert f"{px:g} px".replace(".", ",") in table, name


def test_a_missing_page_is_dutch_with_a_way_home(browser, built_all):
    for key, home in (("twente", "Werkcentrum Twente"), ("www", "Werkcentrum")):
        with static_server(built_all.site_dir / key) as origin:
            page = browser.new_page(viewport={"width": 375, "height": 800})
            page.goto(f"{origin}/404.html")
            assert page.evaluate("document.documentElement.lang") == "nl"
            assert page.inner_text("h1") == "Pagina niet gevonden"
            assert page.title() == f"Pagina niet gevonden - {home}"
            links = page.eval_on_selector_all(".md-content a", "els => els.map(e => [e.textContent.trim(), e.href])")
            assert any(text.startswith("Ga naar de startpagina") and href == f"{origin}/" for text, href in links)
            page.close()


def test_changing_the_body_size_token_changes_the_computed_size_on_every_site(browser, tmp_path):
    project = copy_project(tmp_path / "project", keep_regions={"twente"})
    path = project.tokens_dir / "typography.tokens.json"
    path.write_text(path.read_text(encoding="utf-8").replace('"value": 1.125, "unit": "rem"', '"value": 1.25, "unit": "rem"'))
    assert token_px(project, "md") == 20
    build(project, jobs=1)
    with static_server(project.site_dir) as origin:
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        for key in ("twente", "www", "brandbook"):
            page.goto(f"{origin}/{key}/")
            assert page.evaluate(TYPE)["p"] == pytest.approx(20.0), key
        page.close()


# --- the first screen: where, when and whom -----------------------------------------------------------------------

FIRST_SCREEN = """(height) => {
  const seen = (el) => { const r = el.getBoundingClientRect(); return r.height > 0 && r.top >= 0 && r.bottom <= height; };
  const box = document.querySelector('#direct + ul');
  const texts = [...box.querySelectorAll('li')].filter(seen).map((li) => li.textContent.replace(/\\s+/g, ' ').trim());
  return {
    texts,
    today: [...document.querySelectorAll('.wc-vandaag')].filter(seen).map((el) => el.textContent),
    phone: [...box.querySelectorAll('a[href^="tel:"]')].filter(seen).map((a) => a.getAttribute('href')),
    route: [...box.querySelectorAll('a[href^="https://www.openstreetmap.org/search?query="]')].filter(seen).length,
    fallback: [...box.querySelectorAll('a[href="https://www.uwv.nl/"]')].filter(seen).length,
  };
}"""

# Tuesday 1 December 2026, 10:00 in the Netherlands.
TUESDAY_10 = "2026-12-01T10:00:00+01:00"


@pytest.mark.parametrize("size", [(375, 667), (1280, 800)])
def test_the_example_regions_first_screen_shows_an_address_todays_hours_and_a_phone_number(browser, sites, size):
    url, _, _ = sites["voorbeeldregio"]
    page = browser.new_page(viewport={"width": size[0], "height": size[1]})
    page.clock.set_fixed_time(TUESDAY_10)
    page.goto(url)
    first = page.evaluate(FIRST_SCREEN, size[1])
    page.close()
    assert any("Marktplein 1, 1234 AB Voorbeeldstad" in text for text in first["texts"]), first
    assert first["today"] == ["Nu open, tot 17.00 uur."]  # Voorbeeldstad is open 09:00-17:00 on Tuesdays
    # The Werkcentrum's own number (contact.telefoon, 020 000 0003) comes before the inlooppunt's (020 000 0000).
    assert first["phone"] == ["tel:+31200000003"] and first["route"] == 1


def test_twentes_first_screen_shows_a_way_forward(browser, sites):
    url, _, _ = sites["twente"]
    page = browser.new_page(viewport={"width": 375, "height": 667})
    page.goto(url)
    first = page.evaluate(FIRST_SCREEN, 667)
    page.close()
    # No inlooppunt with an address and no contact data yet: the gemeente and UWV, and that Tubbergen is coming.
    assert first["fallback"] >= 1
    assert any("komt een inlooppunt in Tubbergen" in text for text in first["texts"]), first


@pytest.mark.parametrize(
    "moment, place, expected",
    [
        ("2026-12-01T08:00:00+01:00", 0, "Vandaag open van 9.00 tot 17.00 uur."),
        ("2026-12-01T17:30:00+01:00", 0, "Vandaag niet meer open."),
        ("2026-12-05T11:00:00+01:00", 0, "Vandaag gesloten."),  # a Saturday
        ("2026-12-02T11:00:00+01:00", 1, "Vandaag alleen op afspraak."),  # Proefdorp on Wednesdays
        ("2026-11-30T12:30:00+01:00", 0, "Vandaag open van 13.00 tot 17.00 uur."),  # Monday's lunch break
        # Tuesday evening in New York (the browser's own time zone) is already Wednesday in the Netherlands.
        ("2026-12-01T18:30:00-05:00", 0, "Vandaag open van 9.00 tot 17.00 uur."),
    ],
)
def test_today_is_worked_out_in_dutch_time_on_the_inlooppunten_page(browser, sites, moment, place, expected):
    url, _, _ = sites["voorbeeldregio"]
    page = browser.new_page(viewport={"width": 1280, "height": 800}, timezone_id="America/New_York")
    page.clock.set_fixed_time(moment)
    page.goto(url + "inlooppunten/")
    shown = page.eval_on_selector_all("[data-wc-vandaag]", "els => els.map(e => e.textContent)")
    page.close()
    assert shown[place].startswith(expected), shown


def test_without_javascript_the_week_is_shown(browser, sites):
    url, _, _ = sites["voorbeeldregio"]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    text = page.inner_text("#direct + ul")
    context.close()
    assert "dinsdag en woensdag 9.00 tot 17.00 uur" in text

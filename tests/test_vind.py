"""Vind jouw Werkcentrum: from a gemeente to its region's site, on the built sites and in real Chromium.

The national site gets a finder (a plain form to the A-Z page, a combobox with the script), a map of the 35
regions and ``gemeenten.json``; every regional site names its gemeenten, shows its region on a small map and
links back to the finder.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import soup
from generator import gemeenten, kaart
from generator.audit.browser import LAUNCH_ARGS, find_chromium
from generator.serverconfig import preview_headers

WIDTHS = ((375, 667), (1280, 800))


def region_urls(project) -> dict[str, str]:
    """CBS code -> the URL of that region's site, from the built regional sites themselves."""
    out = {}
    for folder in project.site_dir.iterdir():
        data = folder / "inlooppunten.json"
        if data.is_file() and folder.name != "www":
            [region] = json.loads(data.read_text(encoding="utf-8"))["regios"]
            out[region["code"]] = region["url"]
    return out


# --- the built national site -------------------------------------------------------------------------------------


def test_the_home_page_has_the_finder_as_a_plain_form_to_the_a_z_page(built_all):
    page = soup(built_all.site_dir / "www" / "index.html")
    form = page.select_one("form.wc-vind")
    assert form["method"] == "get" and form["action"] == "gemeenten/"
    field = form.select_one("input[name=gemeente]")
    assert page.select_one(f"label[for={field['id']}]").get_text(strip=True) == "In welke gemeente woon je?"
    # The finder comes first in the content: right after the heading and one sentence.
    content = page.select_one("article")
    assert content.find(["form", "h2"]) is form
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any(re.search(r"assets/javascripts/werkcentrum-vind\.[0-9a-f]{8}\.js$", s) for s in scripts)
    assert all(not s.startswith(("http:", "https:", "//")) for s in scripts)
    assert [s for s in page.select("script:not([src])") if not s.get("type", "").endswith("json")] == []


def test_the_a_z_page_links_every_gemeente_to_its_regions_site(built_all):
    page = soup(built_all.site_dir / "www" / "gemeenten" / "index.html")
    urls = region_urls(built_all)
    found = {}
    for block in page.select(".wc-az__gemeente"):
        heading = block.find("h3")
        found[heading.get_text()] = (heading["id"], block.find("a")["href"])
    assert len(found) == 342
    for g in gemeenten.table():
        anchor, href = found[g.naam]
        assert href == urls[g.regio], g.naam
        assert anchor.startswith("gemeente-")
    letters = [a.get_text() for a in page.select(".wc-az__letters a")]
    assert letters == sorted(letters) and "G" in letters
    assert "CBS / PDOK" in page.select_one("article").get_text()


def test_gemeenten_json_is_the_table_with_the_search_keys_of_the_python_rule(built_all):
    data = json.loads((built_all.site_dir / "www" / "gemeenten.json").read_text(encoding="utf-8"))
    urls = region_urls(built_all)
    assert len(data["gemeenten"]) == 342
    assert {code: r["url"] for code, r in data["regios"].items()} == urls
    by_name = {g["naam"]: g for g in data["gemeenten"]}
    assert by_name["Hengelo (O.)"]["namen"] == ["hengeloo", "hengelo"]
    assert by_name["'s-Gravenhage"]["roepnamen"] == ["Den Haag"]


def test_the_map_has_35_named_region_links_and_is_a_few_kilobytes(built_all):
    page = soup(built_all.site_dir / "www" / "index.html")
    svg = page.select_one(".wc-kaart svg")
    links = svg.find_all("a")
    urls = region_urls(built_all)
    assert len(links) == 35
    assert {a["data-regio"]: a["href"] for a in links} == urls
    names = [a.find("title").get_text() for a in links]
    assert names == sorted(names, key=str.casefold) and all(n.startswith("Werkcentrum ") for n in names)
    assert len(str(svg).encode()) < 12_000


def test_the_map_is_the_same_every_time_and_neighbours_share_their_borders():
    first = kaart._geometry(kaart.OUTLINES, 1, kaart.TOLERANCE_KM)
    again = kaart._geometry(kaart.OUTLINES, 2, kaart.TOLERANCE_KM)
    assert first == again and len(first.paths) == 35
    # Every corner of a border between two regions is a corner of both: no gaps or overlaps at map size.
    corners: dict[tuple[int, int], set[str]] = {}
    for code, data in first.paths.items():
        for ring in data.split("M")[1:]:
            numbers = [int(n) for n in re.findall(r"-?\d+", ring)]
            x, y = numbers[0], numbers[1]
            corners.setdefault((x, y), set()).add(code)
            for dx, dy in zip(numbers[2::2], numbers[3::2]):
                x, y = x + dx, y + dy
                corners.setdefault((x, y), set()).add(code)
    shared = [codes for codes in corners.values() if len(codes) > 1]
    assert len(shared) > 200


# --- the built regional sites ------------------------------------------------------------------------------------


def test_a_regional_site_names_its_gemeenten_shows_its_region_and_links_to_the_finder(built_all):
    for page_path in ("index.html", "contact/index.html"):
        page = soup(built_all.site_dir / "twente" / page_path)
        text = " ".join(page.select_one("article").get_text(" ").split())
        assert "voor wie woont of werkt in de gemeenten Almelo, Borne" in text
        assert "Hengelo (O.)" in text and "Twenterand en Wierden." in text
        link = page.find("a", string="Woon je ergens anders? Zoek je Werkcentrum")
        assert link["href"] == "https://www.werkcentrum.nl/#vind"
    home = soup(built_all.site_dir / "twente" / "index.html")
    svg = home.select_one(".wc-kaart--klein svg")
    assert svg["role"] == "img" and "Twente" in svg["aria-label"]
    assert len(svg.select("path.wc-kaart__regio--eigen")) == 1
    assert len(svg.find_all("path")) == 35 and not svg.find("a")


def test_a_planned_inlooppunt_is_never_shown_as_a_place_to_walk_into(built_all):
    page = soup(built_all.site_dir / "twente" / "inlooppunten" / "index.html")
    headings = [h.get_text(strip=True) for h in page.select("article h2")]
    assert "Inlooppunt Tubbergen (komt eraan)" in headings
    assert page.select('script[type="application/ld+json"]') == []
    assert "Je kunt hier nog niet binnenlopen" in page.get_text()
    home = soup(built_all.site_dir / "twente" / "index.html").get_text()
    assert "Bekijk waar de inlooppunten zijn en wanneer ze open zijn" not in home
    [region] = json.loads((built_all.site_dir / "twente" / "inlooppunten.json").read_text(encoding="utf-8"))["regios"]
    assert [(p["naam"], p["status"]) for p in region["inlooppunten"]] == [("Inlooppunt Tubbergen", "gepland")]


def test_the_example_region_shows_its_notice_appointment_days_and_planned_point(built_example):
    site = built_example.site_dir / "voorbeeldregio"
    for page_path in ("index.html", "inlooppunten/index.html"):
        page = soup(site / page_path)
        notice = page.select_one(".wc-meldingen .wc-melding")
        assert (notice["data-van"], notice["data-tot"]) == ("2026-01-01", "2099-12-31")
        assert " ".join(notice.get_text().split()).startswith("Van 1 januari 2026 tot en met 31 december 2099: Dit")
        assert any("werkcentrum-meldingen." in s["src"] for s in page.select("script[src]"))
    page = soup(site / "inlooppunten" / "index.html")
    rows = {
        tuple(td.get_text(strip=True) for td in tr.find_all("td"))
        for tr in page.select("article table tr")
        if tr.find("td")
    }
    assert ("Woensdag", "op afspraak") in rows
    assert "Inlooppunt Voorbeeldstad-Noord (komt eraan)" in [h.get_text(strip=True) for h in page.select("article h2")]


# --- machines: JSON-LD and inlooppunten.json -------------------------------------------------------------------


def test_a_structured_data_extractor_reads_the_example_regions_inlooppunten(built_example):
    extruct = pytest.importorskip("extruct", reason="extruct ontbreekt (pip install -e '.[test]')")
    html = (built_example.site_dir / "voorbeeldregio" / "inlooppunten" / "index.html").read_text(encoding="utf-8")
    offices = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert [o["@type"] for o in offices] == ["GovernmentOffice"] * 3  # the planned fourth one is not there
    first = offices[0]
    assert first["name"] == "Werkcentrum Voorbeeldstad"
    assert first["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "Marktplein 1",
        "postalCode": "1234 AB",
        "addressLocality": "Voorbeeldstad",
        "addressCountry": "NL",
    }
    assert first["telephone"] == "+31200000000" and first["email"] == "voorbeeldstad@voorbeeldregio.example"
    monday = [
        (h["opens"], h["closes"])
        for h in first["openingHoursSpecification"]
        if h["@type"] == "OpeningHoursSpecification" and h["dayOfWeek"] == "https://schema.org/Monday"
    ]
    assert monday == [("09:00", "12:00"), ("13:00", "17:00")]
    assert len(first["openingHoursSpecification"]) == 7  # Mon 2, Tue, Wed, Thu 2, Fri; weekend closed
    assert first["parentOrganization"]["name"] == "Werkcentrum Voorbeeldregio"
    assert [a["name"] for a in first["areaServed"]] == ["Voorbeeldstad", "Proefdorp", "Testhoven"]
    # Proefdorp's Wednesday is 'op afspraak': no walk-in hours for that day.
    proefdorp = offices[1]["openingHoursSpecification"]
    assert [h["dayOfWeek"].rsplit("/", 1)[1] for h in proefdorp] == ["Tuesday", "Thursday", "Saturday"]


def test_every_inlooppunten_json_validates_against_the_schema_in_the_project(built_all, built_example):
    from jsonschema import Draft202012Validator

    from conftest import REPO
    from generator.opendata import SCHEMA_FILE, schema_text

    committed = (REPO / "schema" / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == schema_text(), "run 'werkcentrum schema' and commit schema/"
    validator = Draft202012Validator(json.loads(committed), format_checker=Draft202012Validator.FORMAT_CHECKER)
    files = [*built_all.site_dir.glob("*/inlooppunten.json"), built_example.site_dir / "voorbeeldregio" / "inlooppunten.json"]
    assert len(files) == 37
    for path in files:
        errors = [e.message for e in validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))]
        assert errors == [], path
    country = json.loads((built_all.site_dir / "www" / "inlooppunten.json").read_text(encoding="utf-8"))
    assert len(country["regios"]) == 35
    assert (built_all.site_dir / "www" / SCHEMA_FILE).read_text(encoding="utf-8") == committed
    example = json.loads(files[-1].read_text(encoding="utf-8"))["regios"][0]
    assert example["inlooppunten"][1]["openingstijden"]["woensdag"] == "op afspraak"
    assert example["inlooppunten"][0]["openingstijden"]["zaterdag"] == "gesloten"
    assert example["meldingen"] == [{"tekst": example["meldingen"][0]["tekst"], "van": "2026-01-01", "tot": "2099-12-31"}]


def test_notices_that_ended_before_the_build_day_are_left_out(monkeypatch):
    from datetime import date

    from conftest import EXAMPLE_REGIONS, REPO
    from generator import load, validate
    from generator.diagnostics import Report
    from generator.merge import region_context
    from generator.project import Project

    project = Project.find(REPO, regions_dir=EXAMPLE_REGIONS)
    [entry] = validate.validate(load.load_sources(project), Report()).regions
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4102444800")  # 2100-01-01
    assert region_context(entry, project).meldingen == ()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # no build day: nothing is left out
    assert region_context(entry, project).meldingen[0].tot == date(2099, 12, 31)


# --- real Chromium ---------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def browser():
    if find_chromium() is None:
        pytest.skip("chromium ontbreekt: installeer het met 'apt-get install chromium' (dat doet .ci/run)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright ontbreekt")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(find_chromium()), args=list(LAUNCH_ARGS))
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def served(built_all):
    from generator.preview import MultiHostServer

    with MultiHostServer(built_all.site_dir, headers=preview_headers()) as server:
        yield server


def _finder_page(browser, served, width, height, **options):
    """A page on the national home page; navigations to the published region sites are recorded and stopped
    there (those hosts are not on this machine)."""
    context = browser.new_context(viewport={"width": width, "height": height}, **options)
    gone: list[str] = []

    def stop(route):
        gone.append(route.request.url)
        route.fulfill(status=204)

    context.route(re.compile(r"^https://"), stop)  # 204: the browser stays on the page it is on
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(served.url("www"))
    return page, gone, errors


@pytest.mark.parametrize(("width", "height"), WIDTHS, ids=lambda v: str(v))
def test_typing_each_gemeente_and_each_roepnaam_leads_to_its_regions_site(browser, served, built_all, width, height):
    urls = region_urls(built_all)
    page, _, errors = _finder_page(browser, served, width, height)
    field = page.get_by_role("combobox", name="In welke gemeente woon je?")
    button = page.get_by_role("button", name="Zoek", exact=True)
    for element in (field, button):  # the first screen, without scrolling
        box = element.bounding_box()
        assert box["y"] + box["height"] <= height, f"{element} below the first screen at {width} px"
    asked = [(g.naam, g.regio) for g in gemeenten.table()]
    asked += [(alias, gemeenten.by_name()[official].regio) for alias, official in gemeenten.aliases()]
    asked += [("Hengelo", "AM05"), ("sudwest fryslan", "AM02"), ("RIJSSEN-HOLTEN", "AM05")]
    wrong = []
    for index, (name, code) in enumerate(asked):
        # Every name as one input (as pasting or a phone's keyboard suggestion does); every 20th, the aliases and
        # the loose spellings key by key, so the suggestions of a partial name are exercised too.
        if index % 20 == 0 or index >= 342:
            field.fill("")
            field.press_sequentially(name)
        else:
            field.fill(name)
        # No waiting for the navigation itself: it ends in the stub's 204, which a loaded machine now and then
        # never reports as either done or failed. The request it sends is what this test is about.
        with page.expect_request(lambda r: r.url.startswith("https://")) as sent:
            field.press("Enter", no_wait_after=True)
        if sent.value.url != urls[code]:
            wrong.append((name, sent.value.url))
    assert wrong == []
    assert errors == []


def test_a_name_of_two_gemeenten_offers_both_and_the_arrow_keys_choose(browser, served, built_all):
    urls = region_urls(built_all)
    page, gone, _ = _finder_page(browser, served, 375, 667)
    field = page.get_by_role("combobox", name="In welke gemeente woon je?")
    field.press_sequentially("Bergen")
    options = page.get_by_role("listbox").get_by_role("option")
    assert options.nth(0).inner_text().split("\n")[0] == "Bergen (L.)"
    assert options.nth(1).inner_text().split("\n")[0] == "Bergen (NH.)"
    assert field.get_attribute("aria-expanded") == "true"
    assert "gemeenten gevonden" in page.get_by_role("status").inner_text()
    field.press("Enter")  # two gemeenten with this name: no guess, two links
    links = page.get_by_role("status").get_by_role("link")
    assert links.count() == 2 and links.nth(1).get_attribute("href") == urls["AM15"]
    assert gone == []
    field.press_sequentially(" ")  # open the list again
    field.press("ArrowDown")
    field.press("ArrowDown")
    assert field.get_attribute("aria-activedescendant") == "vind-optie-1"
    assert page.locator("#vind-optie-1").get_attribute("aria-selected") == "true"
    with page.expect_request(lambda r: r.url.startswith("https://")) as sent:
        field.press("Enter", no_wait_after=True)
    assert sent.value.url == urls["AM15"]
    field.press("Escape")
    assert field.get_attribute("aria-expanded") == "false"


def test_without_javascript_the_form_lands_on_the_a_z_page_with_every_link(browser, served, built_all):
    urls = region_urls(built_all)
    page, _, _ = _finder_page(browser, served, 375, 667, java_script_enabled=False)
    page.get_by_role("textbox", name="In welke gemeente woon je?").fill("Hengelo")
    page.get_by_role("button", name="Zoek", exact=True).click()
    page.wait_for_url(re.compile(r"/gemeenten/\?gemeente=Hengelo$"))
    pairs = page.eval_on_selector_all(
        ".wc-az__gemeente", "els => els.map(e => [e.querySelector('h3').textContent, e.querySelector('a').href])"
    )
    assert len(pairs) == 342
    assert dict(pairs) == {g.naam: urls[g.regio] for g in gemeenten.table()}


def test_with_javascript_the_a_z_page_answers_the_question_in_the_address(browser, served, built_all):
    page, gone, _ = _finder_page(browser, served, 1280, 800)
    page.goto(served.url("www") + "gemeenten/?gemeente=den+bosch")
    link = page.get_by_role("status").get_by_role("link")
    link.wait_for()
    assert link.inner_text() == "'s-Hertogenbosch: Werkcentrum Noordoost-Brabant"
    assert gone == []  # arriving with a question shows the answer; it does not jump away


@pytest.mark.parametrize(("width", "height"), WIDTHS, ids=lambda v: str(v))
def test_the_maps_35_regions_are_reachable_by_keyboard_named_and_visibly_focused(browser, served, width, height):
    page, _, _ = _finder_page(browser, served, width, height)
    names = page.locator(".wc-kaart svg a").evaluate_all(
        "links => links.map(a => a.querySelector('title').textContent)"
    )
    assert len(names) == 35
    assert page.locator(".wc-kaart").get_by_role("link", name="Werkcentrum Twente", exact=True).count() == 1
    focus = page.evaluate(
        "getComputedStyle(document.documentElement).getPropertyValue('--werkcentrum-color-focus').trim()"
    )
    page.get_by_role("link", name="Alle gemeenten van A tot Z").focus()
    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => { const a = document.activeElement; const s = getComputedStyle(a);
                const fill = a.querySelector('path') && getComputedStyle(a.querySelector('path')).fill;
                return {svg: a instanceof SVGElement, name: a.querySelector('title')?.textContent,
                        outline: s.outlineStyle + ' ' + s.outlineColor, fill}; }"""
        )
        if not info["svg"]:
            break
        reached.append(info)
    assert [r["name"] for r in reached] == names
    probe = page.evaluate(f"(() => {{ const p = document.createElement('i'); p.style.color = '{focus}'; document.body.append(p); return getComputedStyle(p).color; }})()")
    assert all(r["outline"] == f"solid {probe}" and r["fill"] == probe for r in reached)


def test_a_notice_shows_only_from_its_first_to_its_last_day(browser, built_example):
    from generator.preview import MultiHostServer

    with MultiHostServer(built_example.site_dir, headers=preview_headers()) as server:
        context = browser.new_context()
        page = context.new_page()
        for day, visible in (("2025-12-31T23:30:00+01:00", False), ("2026-01-01T00:30:00+01:00", True), ("2100-01-01T12:00:00+01:00", False)):
            page.clock.set_fixed_time(day)
            page.goto(server.url("voorbeeldregio"))
            assert page.locator(".wc-meldingen").is_visible() == visible, day
        context.close()


def test_materials_site_search_finds_a_gemeente_and_leads_to_its_region(browser, served, built_all):
    index = json.loads((built_all.site_dir / "www" / "search" / "search_index.json").read_text(encoding="utf-8"))
    entries = {d["title"]: d for d in index["docs"] if d["location"].startswith("gemeenten/#gemeente-")}
    assert len(entries) == 342 and "Werkcentrum Twente" in entries["Hengelo (O.)"]["text"]
    page, _, _ = _finder_page(browser, served, 1280, 800)
    page.get_by_role("textbox", name="Zoeken").first.click()
    page.keyboard.type("Enschede")
    # Material groups the results by page: the A-Z page, with the section of the gemeente under it.
    result = page.locator('.md-search-result a[href$="gemeenten/#gemeente-enschede"]')
    result.wait_for(timeout=15000)
    assert "Werkcentrum Twente" in result.inner_text()
    result.click()
    page.wait_for_url(re.compile(r"/gemeenten/#gemeente-enschede$"))
    link = page.locator("#gemeente-enschede + p a")
    assert link.inner_text() == "Werkcentrum Twente" and link.get_attribute("href") == region_urls(built_all)["AM05"]

"""The generator core: every regional site and the national site, read back from the built HTML."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import EXAMPLE_REGIONS, EXAMPLE_SLUG, REPO, soup
from generator.project import NATIONAL_KEY

REGIONS_CSV = REPO / "generator" / "data" / "arbeidsmarktregios.csv"


def region_files() -> list[Path]:
    return sorted((REPO / "sites" / "regions").glob("*.yaml"))


def region_yaml(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_region_of_the_cbs_table_has_a_file():
    with REGIONS_CSV.open(encoding="utf-8") as handle:
        expected = {row["slug"] for row in csv.DictReader(handle) if row["code"] != "AM00"}
    assert {p.stem for p in region_files()} == expected
    assert len(expected) == 35


def test_all_regional_sites_and_the_national_site_are_built(built_all):
    site = built_all.site_dir
    for path in region_files():
        assert (site / path.stem / "index.html").is_file(), path.stem
    assert (site / NATIONAL_KEY / "index.html").is_file()


@pytest.mark.parametrize("path", region_files(), ids=lambda p: p.stem)
def test_region_home_page_title_header_lang_and_site_url(built_all, path):
    naam = region_yaml(path)["naam"]
    page = soup(built_all.site_dir / path.stem / "index.html")
    assert page.html["lang"] == "nl"
    assert f"Werkcentrum {naam}" in page.title.get_text()
    header_title = page.select_one(".md-header__topic .md-ellipsis").get_text(strip=True)
    assert header_title == f"Werkcentrum {naam}"
    subdomain = region_yaml(path).get("subdomein", path.stem)
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == f"https://{subdomain}.werkcentrum.nl/"


def nav_titles(page) -> list[str]:
    """Top-level menu titles; an active page has both a label (for its table of contents) and a link."""
    nav = page.select_one("nav.md-nav--primary")
    items = nav.select(":scope > ul > li")
    return [item.find(["a", "label"], recursive=False).get_text(" ", strip=True) for item in items]


def test_every_region_has_the_same_base_navigation(built_all):
    base = yaml.safe_load((REPO / "sites" / "base" / "site.yml").read_text(encoding="utf-8"))
    expected = [item["titel"] for item in base["navigatie"]]
    for path in region_files():
        titles = nav_titles(soup(built_all.site_dir / path.stem / "index.html"))
        assert titles[: len(expected)] == expected, path.stem


def test_every_region_footer_links_to_the_national_site_and_legal_pages(built_all):
    for path in region_files():
        page = soup(built_all.site_dir / path.stem / "index.html")
        footer = page.select_one("nav.wc-footer__nav")
        links = {a.get_text(strip=True): a["href"] for a in footer.select("a")}
        assert links["Landelijke site van het Werkcentrum"] == "https://www.werkcentrum.nl/"
        assert (built_all.site_dir / path.stem / "privacy" / "index.html").is_file()
        assert (built_all.site_dir / path.stem / "toegankelijkheid" / "index.html").is_file()


def test_national_site_links_every_regional_subdomain(built_all):
    page = soup(built_all.site_dir / NATIONAL_KEY / "index.html")
    hrefs = {a["href"].rstrip("/") for a in page.select("article a[href]")}
    for path in region_files():
        data = region_yaml(path)
        url = f"https://{data.get('subdomein', path.stem)}.werkcentrum.nl"
        assert url in hrefs, path.stem
        link = next(a for a in page.select("article a[href]") if a["href"].rstrip("/") == url)
        assert data["naam"] in link.get_text()


def test_dutch_search_is_configured(built_all):
    index = built_all.site_dir / "twente" / "search" / "search_index.json"
    assert index.is_file()
    import json

    config = json.loads(index.read_text(encoding="utf-8"))["config"]
    assert config["lang"] == ["nl"]
    page = soup(built_all.site_dir / "twente" / "index.html")
    assert page.select_one("input.md-search__input") is not None


def test_token_custom_properties_are_in_the_built_css(built_all):
    from generator.tokens import load_tokens

    tokens = load_tokens(REPO / "brandbook" / "tokens")
    page = soup(built_all.site_dir / "twente" / "index.html")
    sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    ours = [href for href in sheets if "werkcentrum." in href]
    assert len(ours) == 1
    css = (built_all.site_dir / "twente" / ours[0]).read_text(encoding="utf-8")
    declared = set(re.findall(r"(--werkcentrum-[a-z0-9-]+)\s*:", css))
    for token in tokens.tokens.values():
        assert token.css_name in declared
    # The theme uses the tokens, and Material's colours are mapped in our palette scheme.
    assert re.search(r'\[data-md-color-scheme="werkcentrum"\]\s*\{[^}]*--md-primary-fg-color:\s*var\(--werkcentrum-color-primary\)', css)
    assert page.body["data-md-color-scheme"] == "werkcentrum"


_URL_ATTRS = ("href", "src", "srcset", "action", "poster", "data")


def _external_hosts_in_html(path: Path) -> set[str]:
    page = soup(path)
    hosts = set()
    for tag in page.find_all(True):
        for attr in _URL_ATTRS:
            value = tag.get(attr)
            if not value:
                continue
            # Hyperlinks to other sites are fine; loading something from them is not.
            if tag.name == "a" or (tag.name == "link" and tag.get("rel") in (["canonical"], ["alternate"])):
                continue
            for part in str(value).split(","):
                host = urlsplit(part.strip().split(" ")[0]).hostname
                if host:
                    hosts.add(host)
    for style in page.find_all("style"):
        hosts |= set(re.findall(r"url\(\s*['\"]?https?://([^/'\")]+)", style.get_text()))
    return hosts


def test_no_page_or_stylesheet_loads_anything_from_another_host(built_all):
    site = built_all.site_dir
    for html in html_pages(site):
        assert _external_hosts_in_html(html) == set(), html
    for css in site.rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", text), css
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), css
    for html in html_pages(site)[:50]:
        text = html.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text


# --- the fictional example region: every fact reaches the pages ----------------------------------------------


def example_data() -> dict:
    return region_yaml(EXAMPLE_REGIONS / f"{EXAMPLE_SLUG}.yaml")


def page_text(project, slug: str, page: str) -> str:
    path = project.site_dir / slug / (page + "/index.html" if page else "index.html")
    return soup(path).select_one("article").get_text(" ", strip=True)


def test_every_inlooppunt_of_the_example_region_is_on_its_page(built_example):
    text = page_text(built_example, EXAMPLE_SLUG, "inlooppunten")
    page = soup(built_example.site_dir / EXAMPLE_SLUG / "inlooppunten" / "index.html")
    tel_links = {a["href"] for a in page.select('article a[href^="tel:"]')}
    for punt in example_data()["inlooppunten"]:
        for key in ("naam", "adres", "postcode", "plaats", "email"):
            if punt.get(key):
                assert punt[key] in text, (punt["naam"], key)
        if punt.get("telefoon"):
            digits = re.sub(r"\D", "", punt["telefoon"])[1:]
            assert any(link.endswith(digits) for link in tel_links), punt["telefoon"]


def test_every_partner_of_the_example_region_is_on_its_page(built_example):
    page = soup(built_example.site_dir / EXAMPLE_SLUG / "partners" / "index.html")
    text = page.select_one("article").get_text(" ", strip=True)
    links = {a["href"] for a in page.select("article a[href]")}
    for partner in example_data()["partners"]:
        assert partner["naam"] in text
        if partner.get("website"):
            assert partner["website"] in links


def test_example_region_additions_come_below_the_national_text(built_example):
    data = example_data()
    for slug, addition in data["aanvullingen"].items():
        page = soup(built_example.site_dir / EXAMPLE_SLUG / ("" if slug == "index" else slug) / "index.html")
        article = page.select_one("article")
        heading = article.select_one("#in-de-regio")
        assert heading is not None, slug
        assert heading.get_text(strip=True) == f"Bij Werkcentrum {data['naam']}"
        # National text first: the regional heading comes after the page's own content.
        assert article.find("h1").sourceline < heading.sourceline
        first_words = re.sub(r"[*_`#\[\]]", "", addition).split()[:3]
        after = " ".join(el.get_text(" ", strip=True) for el in heading.find_all_next(["p", "li"]))
        assert " ".join(first_words) in after, slug


def test_example_region_extra_pages_are_built_and_in_their_own_menu_group(built_example):
    data = example_data()
    page = soup(built_example.site_dir / EXAMPLE_SLUG / "index.html")
    titles = nav_titles(page)
    base = yaml.safe_load((REPO / "sites" / "base" / "site.yml").read_text(encoding="utf-8"))
    assert titles[-1] == base.get("regio_paginas_titel", "Meer in de regio")
    for extra in data["paginas"]:
        built = soup(built_example.site_dir / EXAMPLE_SLUG / extra["slug"] / "index.html")
        assert built.find("h1").get_text(strip=True) == extra["titel"]


def test_national_site_lists_only_built_regions_when_built_with_the_example(built_example):
    page = soup(built_example.site_dir / NATIONAL_KEY / "regios" / "index.html")
    hrefs = [a["href"] for a in page.select("article a[href]") if ".werkcentrum.nl" in a["href"]]
    assert "https://voorbeeldregio.werkcentrum.nl/" in hrefs
    # The finder and the map only link regions with a site in this build (the example has no real gemeenten).
    home = soup(built_example.site_dir / NATIONAL_KEY / "index.html")
    assert home.select(".wc-kaart svg a") == [] and len(home.select(".wc-kaart path.wc-kaart__regio--leeg")) == 35

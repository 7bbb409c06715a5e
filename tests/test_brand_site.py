"""Brand assets and the brandbook in the built sites, read back from the HTML with a real parser."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from PIL import Image

from conftest import REPO, soup
from generator.brand.assets import DOWNLOAD_FILES, KIT_FILES, SITE_FILES
from generator.project import BRANDBOOK_KEY, NATIONAL_KEY
from generator.tokens import contrast_ratio, load_tokens

REGIONS = sorted((REPO / "sites" / "regions").glob("*.yaml"))
BRANDBOOK_PAGES = (
    "", "kleuren", "contrast", "letters", "ruimte", "logo", "naam", "regios", "rapport", "privacy", "toegankelijkheid",
)  # fmt: skip


def region(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def local(page: Path, url: str) -> Path:
    """The file a relative URL on ``page`` points to."""
    assert not urlsplit(url).scheme, url
    return (page.parent / urlsplit(url).path).resolve()


def image(path: Path) -> Image.Image:
    im = Image.open(path)
    im.load()
    return im


def brand_css(page: Path) -> str:
    html = soup(page)
    href = next(link["href"] for link in html.select('link[rel="stylesheet"]') if "/merk." in link["href"])
    return local(page, href).read_text(encoding="utf-8")


# --- every site ------------------------------------------------------------------------------------------------


def test_every_region_has_every_brand_asset_with_its_size(built_all):
    assert len(REGIONS) == 35
    for path in REGIONS:
        folder = built_all.site_dir / path.stem / "assets" / "brand"
        assert {p.name for p in folder.iterdir()} == set(SITE_FILES), path.stem
        for name, expected in KIT_FILES.items():
            if expected and name in SITE_FILES:
                im = image(folder / name)
                assert (im.width, im.height, im.mode) == expected, (path.stem, name)
        assert sorted(Image.open(folder / "favicon.ico").info["sizes"]) == [(16, 16), (32, 32), (48, 48)]
        assert image(folder / "logo.png").mode == "RGBA"


@pytest.mark.parametrize("path", REGIONS, ids=lambda p: p.stem)
def test_region_pages_point_to_their_own_brand_assets(built_all, path):
    data = region(path)
    host = f"{data.get('subdomein', path.stem)}.werkcentrum.nl"
    site = built_all.site_dir / path.stem
    for page in (site / "index.html", site / "contact" / "index.html"):
        html = soup(page)
        logo = html.select_one(".md-header__button.md-logo img")
        logo_file = local(page, logo["src"])
        assert logo_file == (site / "assets" / "brand" / "logo-header.svg").resolve()
        assert f"<title>Werkcentrum {data['naam']}</title>" in logo_file.read_text(encoding="utf-8")
        assert local(page, html.select_one('link[rel="icon"]')["href"]).name == "favicon.ico"
        for rel, name in (("apple-touch-icon", "apple-touch-icon.png"), ("manifest", "manifest.webmanifest")):
            target = local(page, html.select_one(f'link[rel="{rel}"]')["href"])
            assert target == (site / "assets" / "brand" / name).resolve() and target.is_file()
        meta = {m.get("property") or m.get("name"): m["content"] for m in html.select("meta[content]")}
        assert meta["og:image"] == f"https://{host}/assets/brand/og.png"
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["og:url"] == html.select_one('link[rel="canonical"]')["href"]
        assert data["naam"] in meta["og:image:alt"] and host in meta["og:image:alt"]
        assert meta["og:locale"] == "nl_NL"
    manifest = json.loads((site / "assets" / "brand" / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == f"Werkcentrum {data['naam']}"
    for icon in manifest["icons"]:
        assert (site / "assets" / "brand" / icon["src"]).is_file()


def test_national_site_and_brandbook_carry_the_national_lockup(built_all):
    for key in (NATIONAL_KEY, BRANDBOOK_KEY):
        svg = (built_all.site_dir / key / "assets" / "brand" / "logo.svg").read_text(encoding="utf-8")
        assert "<title>Werkcentrum</title>" in svg
        meta = soup(built_all.site_dir / key / "index.html").select_one('meta[property="og:image"]')["content"]
        assert meta == f"https://{key}.werkcentrum.nl/assets/brand/og.png"


def test_the_header_logo_is_never_below_the_minimum_size(built_all):
    """The header SVGs are drawn with their mark at min-height-px; the CSS shows them at that size (in rem of
    Material's 20 px root at the default text size), never smaller."""
    page = built_all.site_dir / "zuid-kennemerland-en-ijmond" / "index.html"
    css = brand_css(page)
    for name, cls in (("logo-header.svg", r"img\.wc-logo-kop"), ("logo-header-smal.svg", r"img\.wc-logo-kop--smal")):
        rem = float(re.search(cls + r" \{\s*height: ([0-9.]+)rem", css).group(1))
        svg = (page.parent / "assets" / "brand" / name).read_text(encoding="utf-8")
        assert rem * 20 >= float(re.search(r'height="([0-9.]+)"', svg).group(1)) - 0.05, name


# --- the brandbook ---------------------------------------------------------------------------------------------


def test_brandbook_has_all_its_pages(built_all):
    site = built_all.site_dir / BRANDBOOK_KEY
    for name in BRANDBOOK_PAGES:
        page = site / name / "index.html"
        assert page.is_file(), name
        assert soup(page).html["lang"] == "nl"


def _rows(table) -> list[list[str]]:
    return [[" ".join(cell.get_text(" ").split()) for cell in tr.select("td")] for tr in table.select("tbody tr")]


def test_brandbook_shows_every_colour_token_with_hex_rgb_and_swatch(built_all):
    tokens = load_tokens(REPO / "brandbook" / "tokens")
    page = built_all.site_dir / BRANDBOOK_KEY / "kleuren" / "index.html"
    html, css = soup(page), brand_css(page)
    text_rows = [row for table in html.select(".md-typeset table") for row in _rows(table)]
    for token in tokens.colors().values():
        rows = [r for r in text_rows if token.name in r and any(c.startswith(token.value) for c in r)]
        assert rows, token.path
        rgb = ", ".join(str(int(token.value[i : i + 2], 16)) for i in (1, 3, 5))
        if not token.path.startswith("werkcentrum.logo."):
            assert any(c.endswith(f"RGB {rgb}") for r in rows for c in r), token.path
        css_class = "wc-swatch--" + token.path.removeprefix("werkcentrum.").removeprefix("color.").replace(".", "-")
        assert html.select_one(f"span.{css_class}[aria-hidden=true]") is not None, token.path
        assert f".{css_class} {{ background-color: {token.value}; }}" in css


def test_contrast_matrix_covers_every_text_and_background_role(built_all):
    tokens = load_tokens(REPO / "brandbook" / "tokens")
    html = soup(built_all.site_dir / BRANDBOOK_KEY / "contrast" / "index.html")
    matrix = next(t for t in html.select(".md-typeset table") if "Op background" in " ".join(t.get_text(" ").split()))
    headers = [" ".join(th.get_text(" ").split()) for th in matrix.select("thead th")]
    assert len(headers) == 5  # the colour, then background, surface, primary and accent
    for row in _rows(matrix):
        name = row[0].split(" ")[0]
        fg = tokens.value(f"werkcentrum.color.{name}")
        for header, cell in zip(headers[1:], row[1:], strict=True):
            bg = tokens.value(f"werkcentrum.color.{header.split()[1]}")
            if fg == bg or cell == "—":
                continue
            ratio = contrast_ratio(fg, bg)
            assert cell.startswith(f"{int(ratio * 100) / 100:.2f}".replace(".", ",") + ":1"), (name, header, cell)
            assert any(word in cell for word in ("AAA", "AA", "alleen grote tekst", "niet voor tekst"))
    all_pairs = html.select(".md-typeset table")[-1]
    assert len(_rows(all_pairs)) == sum(1 for r in _rows(matrix) for c in r[1:] if c != "—")


def test_gallery_and_downloads_of_every_region(built_all):
    site = built_all.site_dir / BRANDBOOK_KEY
    page = site / "regios" / "index.html"
    cards = soup(page).select(".wc-logokaart")
    assert len(cards) == 35
    names = {region(p)["naam"]: p.stem for p in REGIONS}
    for card in cards:
        light, dark = card.select("img")
        naam = light["alt"].removeprefix("Logo van Werkcentrum ").split(" op een lichte")[0]
        slug = names[naam]
        assert "op de merkkleur" in dark["alt"] and "wc-op-merkkleur" in dark["class"]
        for img in (light, dark):
            drawn = local(page, img["src"]).read_text(encoding="utf-8")
            assert f"<title>Werkcentrum {naam}</title>" in drawn and 'stroke-dasharray="10 6"' in drawn
        served = (built_all.site_dir / slug / "assets" / "brand" / "logo.svg").read_text(encoding="utf-8")
        # The lockup's own paths are in the review picture, and in the downloadable logo.
        paths = [line for line in served.splitlines() if line.startswith("<path")]
        assert all(p in local(page, light["src"]).read_text(encoding="utf-8") for p in paths)
        large = next(a for a in card.select("a") if a["href"].endswith("-groot.svg"))
        assert local(page, large["href"]).is_file()
        link = next(a for a in card.select("a") if a["href"].endswith(".zip"))
        assert "zip-bestand" in link.get_text() and "kB" in link.get_text()
        with zipfile.ZipFile(local(page, link["href"])) as archive:
            folder = f"werkcentrum-{slug}"
            assert set(archive.namelist()) == {f"{folder}/{n}" for n in (*DOWNLOAD_FILES, "LEESMIJ.txt")}
            assert archive.read(f"{folder}/og.png") == (built_all.site_dir / slug / "assets" / "brand" / "og.png").read_bytes()
            assert archive.read(f"{folder}/logo.svg") == served.encode("utf-8")
            assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_consistency_report_in_the_brandbook_and_as_json_and_csv(built_all):
    site = built_all.site_dir / BRANDBOOK_KEY
    page = site / "rapport" / "index.html"
    data = json.loads((site / "rapport" / "consistentie.json").read_text(encoding="utf-8"))
    assert len(data["regios"]) == 35 and data["samenvatting"]["regios"] == 35
    html = soup(page)
    ranking = html.select(".md-typeset table")[0]
    assert [th.get_text(strip=True) for th in ranking.select("thead th")] == [
        "Plaats", "Regio", "Wat een bezoeker mist", "Bevindingen",
    ]  # fmt: skip
    rows = _rows(ranking)
    assert [r[1] for r in rows] == [e["naam"] for e in data["regios"]], "the page ranks as the JSON does"
    scores = [e["score"] for e in data["regios"]]
    assert scores == sorted(scores, reverse=True), "regions ranked by what a visitor misses"
    twente = next(e for e in data["regios"] if e["slug"] == "twente")
    assert {f["soort"] for f in twente["bevindingen"]} == {"alleen-geplande-inlooppunten", "geen-contact"}
    # One table per region with findings, under a heading the ranking links to; one row per finding.
    for e in data["regios"]:
        heading = html.select_one(f"h3#regio-{e['slug']}")
        assert heading is not None and heading.get_text(strip=True) == e["site"], e["slug"]
        table = heading.find_next("table")
        assert len(_rows(table)) == len(e["bevindingen"]), e["slug"]
        for row, found in zip(_rows(table), e["bevindingen"], strict=True):
            assert f"{found['bestand']}:{found['regel']}" in row[1]
    links = {a["href"]: a for a in html.select(".md-content a")}
    for name in ("consistentie.json", "bevindingen.csv"):
        href = next(h for h in links if h.endswith(name))
        assert local(page, href).is_file(), name
    text = local(page, next(h for h in links if h.endswith(".csv"))).read_text(encoding="utf-8-sig")
    assert len(list(csv.DictReader(text.splitlines(), delimiter=";"))) == data["samenvatting"]["bevindingen"]


def test_brandbook_content_has_no_inline_styles(built_all):
    for page in (built_all.site_dir / BRANDBOOK_KEY).rglob("*.html"):
        content = soup(page).select_one(".md-content")
        if content is not None:
            assert not content.select("[style]"), page
        for img in soup(page).select(".md-content img"):
            assert img.get("alt"), (page, img)


def test_naming_page_lists_every_region_and_the_phased_out_labels(built_all):
    html = soup(built_all.site_dir / BRANDBOOK_KEY / "naam" / "index.html")
    text = html.get_text(" ")
    for label in ("WerkgeversServicepunt", "WSP", "Leerwerkloket", "LWL", "regionaal mobiliteitsteam", "RMT"):
        assert label in text
    with (REPO / "generator" / "data" / "arbeidsmarktregios.csv").open(encoding="utf-8") as handle:
        codes = [row for row in csv.DictReader(handle) if row["code"] != "AM00"]
    for path in REGIONS:
        assert f"Werkcentrum {region(path)['naam']}" in text
    assert len(codes) == 35


# --- the brandbook follows the tokens; builds are reproducible ----------------------------------------------------


def _set_primary(project, hex_value: str) -> None:
    path = project.tokens_dir / "palette.tokens.json"
    text = path.read_text(encoding="utf-8")
    comps = [round(int(hex_value[i : i + 2], 16) / 255, 4) for i in (1, 3, 5)]
    new = json.dumps({"colorSpace": "srgb", "components": comps, "hex": hex_value})
    text, count = re.subn(r'("blauw-700": \{\s*"\$value": )\{[^}]*\}', lambda m: m.group(1) + new, text)
    assert count == 1
    path.write_text(text, encoding="utf-8")


def test_changing_a_token_changes_the_brandbook_and_the_assets(built_example, example_project):
    from generator.build import build

    new = "#123a8c"  # a darker brand blue: still AA everywhere the theme uses it
    _set_primary(example_project, new)
    build(example_project)
    before, after = built_example.site_dir, example_project.site_dir
    kleuren = soup(after / BRANDBOOK_KEY / "kleuren" / "index.html").get_text(" ")
    assert new in kleuren and "#1e3c9e" not in kleuren
    assert f"background-color: {new};" in brand_css(after / BRANDBOOK_KEY / "kleuren" / "index.html")
    assert f'fill="{new}"' in (after / "voorbeeldregio" / "assets" / "brand" / "logo.svg").read_text()
    for name in ("og.png", "logo.png", "favicon.ico"):
        old_bytes = (before / "voorbeeldregio" / "assets" / "brand" / name).read_bytes()
        assert (after / "voorbeeldregio" / "assets" / "brand" / name).read_bytes() != old_bytes, name
    assert image(after / "voorbeeldregio" / "assets" / "brand" / "og.png").getpixel((10, 620)) == tuple(
        int(new[i : i + 2], 16) for i in (1, 3, 5)
    )
    manifest = after / "voorbeeldregio" / "assets" / "brand" / "manifest.webmanifest"
    assert json.loads(manifest.read_text(encoding="utf-8"))["theme_color"] == new


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_give_byte_identical_brand_files(built_example, example_project):
    """A separate copy of the project (its own caches) built again: every brand file and brandbook page the same."""
    from generator.build import build

    build(example_project)
    first, second = built_example.site_dir, example_project.site_dir
    for key in ("voorbeeldregio", NATIONAL_KEY, BRANDBOOK_KEY):
        a, b = _files(first / key / "assets" / "brand"), _files(second / key / "assets" / "brand")
        assert a == b, key
    for folder in ("downloads", "logos", "beelden", "rapport"):
        assert _files(first / BRANDBOOK_KEY / folder) == _files(second / BRANDBOOK_KEY / folder), folder
    for name in BRANDBOOK_PAGES:
        page = f"{name}/index.html" if name else "index.html"
        assert (first / BRANDBOOK_KEY / page).read_bytes() == (second / BRANDBOOK_KEY / page).read_bytes(), name

"""Brand assets without MkDocs: the lockup's wrap rule and margins, icon sizes and modes, determinism."""

from __future__ import annotations

import hashlib
import io
import re
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageChops

from conftest import REPO
from generator.brand import lockup as lk
from generator.brand.assets import KIT_FILES, Brand
from generator.brand.downloads import zip_bytes
from generator.brand.social import SIZE as OG_SIZE
from generator.brand.social import SocialImageError, social_layout
from generator.tokens import load_tokens

LONGEST = ("Zuid-Kennemerland en IJmond", "Groningen Noord-Drenthe")


def region_names() -> list[str]:
    paths = sorted((REPO / "sites" / "regions").glob("*.yaml"))
    return [yaml.safe_load(p.read_text(encoding="utf-8"))["naam"] for p in paths]


@pytest.fixture(scope="module")
def brand() -> Brand:
    return Brand(load_tokens(REPO / "brandbook" / "tokens"))


def kit(brand: Brand, name: str | None):
    site = "Werkcentrum" if name is None else f"Werkcentrum {name}"
    return brand.kit(name, site, "test.werkcentrum.nl")


def open_image(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


# --- the wrap rule ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "lines"),
    [
        ("Zuid-Kennemerland en IJmond", ("Zuid-Kennemerland", "en IJmond")),
        ("Groningen Noord-Drenthe", ("Groningen", "Noord-Drenthe")),
        ("Twente", ("Twente",)),
        ("Zuid-Limburg", ("Zuid-Limburg",)),
    ],
)
def test_long_names_wrap_by_the_rule_and_short_names_do_not(brand, name, lines):
    assert lk.layout(name, brand.geo).region_lines == lines


def test_wrap_rule_fewest_lines_then_most_even_then_never_a_lone_break():
    width = len  # one unit per character keeps the rule visible
    assert lk.wrap_region("aaaa bbbb cccc", width, 9) == ("aaaa bbbb", "cccc")
    assert lk.wrap_region("aaaa bbbb cccc dddd", width, 10) == ("aaaa bbbb", "cccc dddd")
    assert lk.wrap_region("aaaa-bbbb", width, 5) == ("aaaa-", "bbbb")  # the hyphen stays on the first line
    # An unbreakable part wider than the limit stands alone; the text is never shrunk to fit.
    assert lk.wrap_region("Kort Heelerglangewoord", width, 8) == ("Kort", "Heelerglangewoord")


@pytest.mark.parametrize("name", region_names())
def test_every_region_line_obeys_the_limit_and_the_text_never_shrinks(brand, name):
    lockup = lk.layout(name, brand.geo)
    wordmark, *region = lockup.lines
    for line in region:
        assert line.width <= lockup.region_limit + 1e-9 or " " not in line.run.text
        # Same size for every region: cap height = region-scale x the wordmark's cap height.
        assert line.k / wordmark.k == pytest.approx(brand.geo.region_scale)


# --- drawn pixels stay inside the margins ----------------------------------------------------------------------


def _ink(image: Image.Image) -> tuple[int, int, int, int]:
    alpha = image.getchannel("A")
    return alpha.point(lambda a: 255 if a > 8 else 0).getbbox()


@pytest.mark.parametrize("name", [*LONGEST, None])
@pytest.mark.parametrize("variant", ["logo.png", "logo-inverse.png"])
def test_logo_png_ink_stays_inside_the_clear_space(brand, name, variant):
    image = open_image(kit(brand, name).files[variant])
    margin = brand.geo.clear_space * lk.PNG_PX_PER_CAP
    left, top, right, bottom = _ink(image)
    assert left >= margin - 1 and top >= margin - 1
    assert right <= image.width - margin + 1 and bottom <= image.height - margin + 1
    # The margin is really empty space and the lockup really reaches it (no shrunken text in a large canvas).
    assert left <= margin + 2 and right >= image.width - margin - 2


@pytest.mark.parametrize("name", LONGEST)
def test_region_text_is_no_wider_than_the_wordmark_when_drawn(brand, name):
    lockup = lk.layout(name, brand.geo)
    masks = dict(lk.text_masks(lockup, lk.PNG_PX_PER_CAP))
    word, region = masks["wordmark"].getbbox(), masks["region"].getbbox()
    assert region[2] - region[0] <= word[2] - word[0] + 2


@pytest.mark.parametrize("name", [*region_names(), None])
def test_social_image_keeps_the_lockup_inside_its_margins(brand, name):
    k = kit(brand, name)
    image = open_image(k.files["og.png"])
    assert (image.size, image.mode) == (OG_SIZE, "RGB")
    left, top, right, bottom = k.social.area
    upper = image.crop((0, 0, image.width, bottom + 1))
    ink = ImageChops.difference(upper, Image.new("RGB", upper.size, brand.background)).getbbox()
    assert ink[0] >= left and ink[1] >= top and ink[2] <= right and ink[3] <= bottom + 1
    assert k.social.cap_px >= 40


def test_social_image_refuses_a_name_that_would_have_to_shrink(brand):
    lockup = lk.layout("Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", brand.geo)
    with pytest.raises(SocialImageError):
        social_layout(lockup)


# --- the SVG ---------------------------------------------------------------------------------------------------


def test_svg_has_no_text_elements_and_matches_the_png(brand, tmp_path):
    k = kit(brand, LONGEST[0])
    for name in ("logo.svg", "logo-inverse.svg", "logo-header.svg"):
        root = ET.fromstring(k.files[name])
        tags = {el.tag.split("}")[-1] for el in root.iter()}
        assert tags <= {"svg", "title", "path"}, tags  # glyphs are outlines: no font needed to show the logo
        assert root.find("{http://www.w3.org/2000/svg}title").text == f"Werkcentrum {LONGEST[0]}"
    root = ET.fromstring(k.files["logo.svg"])
    png = open_image(k.files["logo.png"])
    assert (round(float(root.get("width"))), round(float(root.get("height")))) == png.size


def test_header_logos_keep_the_mark_at_its_minimum_one_line_and_wrapped(brand):
    k = kit(brand, LONGEST[0])
    assert k.header.region_lines == (LONGEST[0],)
    assert len(k.header_narrow.region_lines) > 1  # the long name is wrapped by the lockup rule
    for name, lockup in (("logo-header.svg", k.header), ("logo-header-smal.svg", k.header_narrow)):
        root = ET.fromstring(k.files[name])
        mark_px = float(root.get("height")) * brand.geo.mark_height / lockup.height
        assert mark_px == pytest.approx(brand.geo.min_height_px, abs=0.01), name
    # The header CSS shows each image at that size (in rem of Material's 20 px root) with the clear space around.
    css = brand.site_css(k.header, k.header_narrow)
    wide = float(re.search(r"img\.wc-logo-kop \{\s*height: ([0-9.]+)rem", css).group(1)) * 20
    narrow = float(re.search(r"img\.wc-logo-kop--smal \{\s*height: ([0-9.]+)rem", css).group(1)) * 20
    assert wide * brand.geo.mark_height / k.header.height == pytest.approx(brand.geo.min_height_px, abs=0.05)
    assert narrow * brand.geo.mark_height / k.header_narrow.height == pytest.approx(brand.geo.min_height_px, abs=0.05)
    padding = float(re.search(r"\.md-logo \{\s*margin: 0;\s*padding: ([0-9.]+)rem", css).group(1)) * 20
    cap = brand.geo.min_height_px / brand.geo.mark_height
    assert padding == pytest.approx(brand.geo.clear_space * cap, abs=0.05)
    # A short name needs no wrapped variant.
    short = kit(brand, "Twente")
    assert "wc-logo-kop--smal {\n  display: none;" in brand.site_css(short.header, short.header_narrow)


# --- icons and manifest ----------------------------------------------------------------------------------------


def test_every_kit_file_has_its_size_and_mode(brand):
    k = kit(brand, "Twente")
    assert set(k.files) == set(KIT_FILES)
    for name, expected in KIT_FILES.items():
        if expected:
            image = open_image(k.files[name])
            assert (image.width, image.height, image.mode) == expected, name
    ico = Image.open(io.BytesIO(k.files["favicon.ico"]))
    assert sorted(ico.info["sizes"]) == [(16, 16), (32, 32), (48, 48)]
    for size in (16, 32, 48):
        ico.size = (size, size)
        ico.load()
        assert ico.size == (size, size) and ico.mode == "RGBA"
    logo = open_image(k.files["logo.png"])
    assert logo.mode == "RGBA" and logo.getpixel((0, 0))[3] == 0  # transparent around the lockup


def test_manifest_names_the_site_in_dutch_with_the_brand_colour(brand):
    data = json.loads(kit(brand, "Zuid-Kennemerland en IJmond").files["manifest.webmanifest"])
    assert data["name"] == "Werkcentrum Zuid-Kennemerland en IJmond"
    assert data["short_name"] == "Werkcentrum"
    assert data["lang"] == "nl"
    assert data["theme_color"] == brand.tokens.value("werkcentrum.color.primary")
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    assert json.loads(kit(brand, "Twente").files["manifest.webmanifest"])["short_name"] == "Twente"


# --- determinism -----------------------------------------------------------------------------------------------

_DIGEST_SCRIPT = """
import hashlib, json, sys
from pathlib import Path
from generator.brand.assets import Brand
from generator.tokens import load_tokens
brand = Brand(load_tokens(Path(sys.argv[1])))
kit = brand.kit(sys.argv[2], "Werkcentrum " + sys.argv[2], "test.werkcentrum.nl")
print(json.dumps({k: hashlib.sha256(v).hexdigest() for k, v in sorted(kit.files.items())}))
"""


def test_same_input_gives_byte_identical_files_in_a_fresh_process(brand):
    name = LONGEST[0]
    here = {k: hashlib.sha256(v).hexdigest() for k, v in sorted(kit(brand, name).files.items())}
    out = subprocess.run(
        [sys.executable, "-c", _DIGEST_SCRIPT, str(REPO / "brandbook" / "tokens"), name],
        check=True,
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert json.loads(out.stdout) == here


def test_png_files_carry_no_metadata(brand):
    for name, data in kit(brand, "Twente").files.items():
        if name.endswith(".png"):
            assert b"tIME" not in data and b"tEXt" not in data and b"iTXt" not in data, name


def test_zip_is_reproducible_and_dated_1980():
    files = {"b/logo.svg": b"<svg/>", "b/logo.png": b"\x89PNG", "a.txt": b"tekst"}
    first, second = zip_bytes(files), zip_bytes(dict(reversed(files.items())))
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == sorted(files)
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.getinfo("b/logo.png").compress_type == zipfile.ZIP_STORED


def test_one_region_is_fast_enough(brand):
    """A regression guard, far above the measured time (see the report): fonts and marks are cached."""
    import time

    kit(brand, "Twente")  # warm: fonts, icons
    start = time.process_time()
    for name in ("Achterhoek", "Drenthe", "Flevoland", "Friesland", "Zeeland"):
        brand.kit(name, f"Werkcentrum {name}", "speed.werkcentrum.nl")
    assert (time.process_time() - start) / 5 < 0.5


def test_paths_are_posix_relative():
    assert all(not Path(name).is_absolute() and "/" not in name for name in KIT_FILES)

"""``build --keep-going``: a region whose file is broken keeps its place on the national site and in the brandbook,
while its previous site stays online."""

from __future__ import annotations

import json

import pytest

from conftest import soup
from generator import cache
from generator.build import build
from generator.project import BRANDBOOK_KEY, NATIONAL_KEY
from test_caches import rewrite_state


def break_region(project, slug: str) -> None:
    path = project.regions_dir / f"{slug}.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\nonbekend_veld: 1\n", encoding="utf-8")


def rename_region(project, slug: str, old: str, new: str) -> None:
    path = project.regions_dir / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"naam: {old}\n" in text
    path.write_text(text.replace(f"naam: {old}\n", f"naam: {new}\n", 1), encoding="utf-8")


def national_links(project) -> dict[str, str]:
    """Link text -> address of every region on the national site's list (a table of all Werkcentra)."""
    page = soup(project.site_dir / NATIONAL_KEY / "regios" / "index.html")
    return {a.get_text(" ", strip=True): a["href"] for a in page.select("article table a[href]")}


def home_links(project) -> dict[str, str]:
    """Name -> address of every region on the national home page's map."""
    page = soup(project.site_dir / NATIONAL_KEY / "index.html")
    return {a.get_text(" ", strip=True): a["href"] for a in page.select("article svg a[href]")}


def brandbook_regions(project) -> dict[str, str]:
    """Site name -> logo file of every card of the brandbook's page of regional logos."""
    page = soup(project.site_dir / BRANDBOOK_KEY / "regios" / "index.html")
    return {card.find("a").get_text(strip=True): card.find("img")["src"] for card in page.select(".wc-logokaart")}


def test_a_broken_region_keeps_its_name_and_link_and_its_live_site(small_project):
    rename_region(small_project, "drenthe", "Drenthe", "Drenthe en Omstreken")
    build(small_project)
    live = (small_project.site_dir / "drenthe" / "index.html").read_bytes()
    break_region(small_project, "drenthe")
    rename_region(small_project, "zeeland", "Zeeland", "Zeeland Test")  # something else changes too
    result = build(small_project, keep_going=True)
    assert "drenthe" in result.failed and NATIONAL_KEY in result.built
    # The last good name, not the official one: the name the region chose stays.
    assert national_links(small_project)["Werkcentrum Drenthe en Omstreken"] == "https://drenthe.werkcentrum.nl/"
    assert home_links(small_project)["Werkcentrum Drenthe en Omstreken"] == "https://drenthe.werkcentrum.nl/"
    assert "Werkcentrum Zeeland Test" in national_links(small_project)
    logos = brandbook_regions(small_project)
    assert "Werkcentrum Drenthe en Omstreken" in logos
    assert (small_project.site_dir / BRANDBOOK_KEY / "regios" / logos["Werkcentrum Drenthe en Omstreken"]).is_file()
    # Its live site is the previous one, still published on its host.
    assert (small_project.site_dir / "drenthe" / "index.html").read_bytes() == live
    hosts = {s["host"] for s in json.loads((small_project.site_dir / "publish.json").read_text())["sites"]}
    assert "drenthe.werkcentrum.nl" in hosts


def test_without_a_last_good_build_the_official_name_is_used(small_project):
    break_region(small_project, "twente")
    build(small_project, keep_going=True)
    assert national_links(small_project)["Werkcentrum Twente"] == "https://twente.werkcentrum.nl/"
    assert "Werkcentrum Twente" in brandbook_regions(small_project)
    assert not (small_project.site_dir / "twente").exists()  # never built, never invented


def test_a_broken_region_that_never_built_and_is_not_official_is_not_listed(small_project):
    (small_project.regions_dir / "nergensland.yaml").write_text("naam: Nergensland\ncode: AM99\n", encoding="utf-8")
    result = build(small_project, keep_going=True)
    assert "nergensland" in result.failed
    assert not any("Nergensland" in text for text in national_links(small_project))


@pytest.mark.parametrize("naam", ["Werkcentrum Nep", "", "x" * 500])
def test_a_remembered_name_is_checked_like_a_region_file(small_project, naam):
    """The build folder is trusted no more than a region file: a name the model refuses falls back to CBS."""
    build(small_project)
    rewrite_state(small_project, lambda d: d["regions"]["drenthe"].update(naam=naam))
    break_region(small_project, "drenthe")
    build(small_project, keep_going=True)
    links = national_links(small_project)
    assert links["Werkcentrum Drenthe"] == "https://drenthe.werkcentrum.nl/"
    assert not any(naam and naam in text for text in links if text != "Werkcentrum Drenthe")


def test_a_fixed_region_is_built_again_and_its_summary_follows(small_project):
    build(small_project)
    break_region(small_project, "drenthe")
    build(small_project, keep_going=True)
    path = small_project.regions_dir / "drenthe.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\nonbekend_veld: 1\n", "\n"), encoding="utf-8")
    rename_region(small_project, "drenthe", "Drenthe", "Drenthe Nieuw")
    assert "drenthe" in build(small_project).built
    state = json.loads((small_project.build_dir / cache.STATE_NAME).read_text())
    assert state["regions"]["drenthe"] == {"naam": "Drenthe Nieuw", "code": "AM03", "subdomein": "drenthe"}
    (small_project.regions_dir / "zeeland.yaml").unlink()
    build(small_project)
    assert "zeeland" not in json.loads((small_project.build_dir / cache.STATE_NAME).read_text())["regions"]

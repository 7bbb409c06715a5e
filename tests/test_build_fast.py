"""The fast build path: same output as plain MkDocs, incremental rebuilds that are never stale, reproducible."""

from __future__ import annotations

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE_SLUG, REPO, copy_project
from generator import cache
from generator.build import build
from generator.diagnostics import UserError
from generator.output import MIN_LINK_SIZE, disk_usage
from generator.project import NATIONAL_KEY


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_tree(left: Path, right: Path) -> None:
    a, b = tree(left), tree(right)
    assert sorted(a) == sorted(b), set(a) ^ set(b)
    different = [name for name in a if a[name] != b[name]]
    assert different == [], different


def plain_mkdocs_build(project, key: str, site_dir: Path) -> None:
    env = {
        **os.environ,
        "WERKCENTRUM_REGIO": key,
        "WERKCENTRUM_REGIONS_DIR": str(project.regions_dir),
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site_dir)],
        cwd=project.root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("key", [EXAMPLE_SLUG, NATIONAL_KEY])
def test_fast_path_output_equals_plain_mkdocs_output(example_project, tmp_path, key):
    build(example_project, only={key})
    plain = tmp_path / "plain"
    plain_mkdocs_build(example_project, key, plain)
    assert_same_tree(example_project.site_dir / key, plain / key)


def test_fast_path_output_equals_plain_mkdocs_output_for_a_real_region(project, tmp_path):
    build(project, only={"twente"})
    plain_mkdocs_build(project, "twente", tmp_path / "plain")
    assert_same_tree(project.site_dir / "twente", tmp_path / "plain" / "twente")


def built_keys(project, **kwargs) -> list[str]:
    return sorted(build(project, **kwargs).built)


def test_nothing_changed_means_nothing_is_built(small_project):
    first = build(small_project)
    assert sorted(first.built) == sorted({"twente", "drenthe", "zeeland", NATIONAL_KEY} | brandbook(small_project))
    second = build(small_project)
    assert second.built == []
    assert sorted(second.skipped) == sorted(first.built)


def brandbook(project) -> set[str]:
    return {"brandbook"} if (project.brandbook_dir / "site.yml").is_file() else set()


def test_one_changed_region_rebuilds_only_itself_and_the_sites_that_list_it(small_project):
    build(small_project)
    region = small_project.regions_dir / "drenthe.yaml"
    region.write_text(region.read_text(encoding="utf-8") + "\n# een opmerking\n", encoding="utf-8")
    assert built_keys(small_project) == sorted({"drenthe", NATIONAL_KEY} | brandbook(small_project))


def inode(path: Path) -> int:
    return path.stat().st_ino


def test_a_site_the_region_change_does_not_reach_keeps_its_output_and_equals_a_clean_build(small_project, tmp_path):
    """An inlooppunt's explanation is shown on the region's own pages only: the national site and the brandbook
    take over their output instead of running the engine again, and that output is what a clean build makes."""
    build(small_project)
    www, brandbook_page = small_project.site_dir / NATIONAL_KEY / "index.html", small_project.site_dir / "brandbook" / "index.html"
    before = {path: inode(path) for path in (www, brandbook_page) if path.exists()}
    region = small_project.regions_dir / "twente.yaml"
    text = region.read_text(encoding="utf-8")
    assert "Het inlooppunt in Tubbergen komt bij Schakel" in text
    region.write_text(text.replace("komt bij Schakel", "komt bij Schakel (nieuw adres volgt)", 1), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build"], cwd=small_project.root, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert done.returncode == 0, done.stderr
    # The summary says what happened: one site built, the other two kept the output of their last build.
    taken = len({NATIONAL_KEY} | brandbook(small_project))
    assert f"1 site gebouwd, {taken} overgenomen (de wijziging kwam niet op hun pagina's), " in done.stdout
    assert "nieuw adres volgt" in (small_project.site_dir / "twente" / "inlooppunten" / "index.html").read_text(encoding="utf-8")
    assert {path: inode(path) for path in before} == before  # taken over, not written again
    clean = small_project.with_paths(site_dir=tmp_path / "clean-site", build_dir=tmp_path / "clean-build")
    build(clean)
    for key in {NATIONAL_KEY} | brandbook(small_project):
        assert_same_tree(small_project.site_dir / key, clean.site_dir / key)


def test_a_region_change_that_reaches_the_national_site_builds_it_again(small_project):
    build(small_project)
    www = small_project.site_dir / NATIONAL_KEY / "index.html"
    before = inode(www)
    region = small_project.regions_dir / "twente.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("naam: Twente\n", "naam: Twente Noord\n", 1), encoding="utf-8")
    result = build(small_project)
    assert NATIONAL_KEY in result.built and result.taken_over == []
    assert inode(www) != before
    assert "Twente Noord" in www.read_text(encoding="utf-8")


def test_a_changed_output_file_is_never_taken_over(small_project):
    """The national site's output is only taken over when it is exactly as its last build left it."""
    build(small_project)
    page = small_project.site_dir / NATIONAL_KEY / "index.html"
    original = page.read_bytes()
    page.write_text("gewijzigd", encoding="utf-8")
    region = small_project.regions_dir / "twente.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("komt bij Schakel", "komt bij Schakel (later)", 1), encoding="utf-8")
    assert NATIONAL_KEY in built_keys(small_project)
    assert page.read_bytes() == original


@pytest.mark.parametrize(
    "change",
    [
        ("brandbook/tokens/roles.tokens.json", "blauw-700}", "blauw-800}"),
        ("themes/werkcentrum/stylesheets/werkcentrum.css", "body {", "body {\n  margin: 0;"),
        ("sites/base/pages/werkgevers.md", "\n", "\n\nEen nieuwe zin.\n"),
        ("sites/base/site.yml", "regio_paginas_titel: ", "regio_paginas_titel: Ook "),
        ("mkdocs.yml", "  - def_list", "  - def_list\n  - abbr"),
    ],
    ids=["token", "theme", "base-page", "base-site", "mkdocs-yml"],
)
def test_shared_inputs_rebuild_everything_and_the_output_follows(small_project, change):
    build(small_project)
    name, old, new = change
    path = small_project.root / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    assert built_keys(small_project) == sorted({"twente", "drenthe", "zeeland", NATIONAL_KEY} | brandbook(small_project))


def test_a_changed_or_deleted_output_file_is_rebuilt_not_served_stale(small_project):
    build(small_project)
    page = small_project.site_dir / "twente" / "werkgevers" / "index.html"
    original = page.read_bytes()
    page.write_text("gewijzigd", encoding="utf-8")
    assert built_keys(small_project) == ["twente"]
    assert page.read_bytes() == original
    (small_project.site_dir / "zeeland" / "index.html").unlink()
    assert built_keys(small_project) == ["zeeland"]
    assert (small_project.site_dir / "zeeland" / "index.html").is_file()
    security = small_project.site_dir / "drenthe" / ".well-known" / "security.txt"
    security.unlink()  # files in dot-folders are output too
    assert built_keys(small_project) == ["drenthe"]
    assert security.is_file()


def test_a_removed_region_disappears_from_the_output(small_project):
    build(small_project)
    (small_project.regions_dir / "zeeland.yaml").unlink()
    build(small_project)
    assert not (small_project.site_dir / "zeeland").exists()
    national = (small_project.site_dir / NATIONAL_KEY / "index.html").read_text(encoding="utf-8")
    assert "zeeland.werkcentrum.nl" not in national


def test_a_corrupt_build_state_means_a_full_build(small_project):
    build(small_project)
    state = small_project.build_dir / "build-state.json"
    state.write_text("{niet json", encoding="utf-8")
    assert "twente" in built_keys(small_project)
    assert json.loads(state.read_text(encoding="utf-8"))["format"] == cache.FORMAT


def test_two_clean_builds_are_byte_identical(tmp_path):
    keep = {"twente", "zuid-kennemerland-en-ijmond"}
    a = copy_project(tmp_path / "a", keep_regions=keep)
    b = copy_project(tmp_path / "b", keep_regions=keep)
    for project in (a, b):
        build(project)
    assert_same_tree(a.site_dir, b.site_dir)


def test_identical_files_of_different_sites_are_stored_once(small_project):
    build(small_project)
    bundle = next((small_project.site_dir / "twente" / "assets" / "javascripts").glob("bundle.*.min.js"))
    same = small_project.site_dir / "drenthe" / bundle.relative_to(small_project.site_dir / "twente")
    assert filecmp.cmp(bundle, same, shallow=False)
    assert os.stat(bundle).st_ino == os.stat(same).st_ino
    for folder in ("assets/javascripts", "assets/stylesheets", "assets/fonts"):
        for path in (small_project.site_dir / "twente" / folder).rglob("*"):
            if path.is_file() and path.stat().st_size >= MIN_LINK_SIZE:
                other = small_project.site_dir / "drenthe" / path.relative_to(small_project.site_dir / "twente")
                assert os.stat(path).st_ino == os.stat(other).st_ino, path
    usage = disk_usage(small_project.site_dir)
    assert usage.unique_bytes < usage.total_bytes



def test_a_region_built_again_shares_its_files_with_the_sites_that_were_kept(small_project):
    """After a one-region change only the rebuilt region is linked: to the files of the kept sites, whose
    own files keep their inodes (their recorded output stays valid: the next build skips them)."""
    build(small_project)
    drenthe = small_project.site_dir / "drenthe"
    kept = {p: inode(p) for p in drenthe.rglob("*") if p.is_file()}
    region = small_project.regions_dir / "twente.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("komt bij Schakel", "komt bij Schakel (later)", 1), encoding="utf-8")
    result = build(small_project, only={"twente"})  # nothing else built to link through
    assert result.built == ["twente"] and result.taken_over == []
    assert {p: inode(p) for p in drenthe.rglob("*") if p.is_file()} == kept
    twente = small_project.site_dir / "twente"
    same = [
        (path, drenthe / path.relative_to(twente))
        for path in twente.rglob("*")
        if path.is_file() and path.stat().st_size >= MIN_LINK_SIZE and (drenthe / path.relative_to(twente)).is_file()
        and filecmp.cmp(path, drenthe / path.relative_to(twente), shallow=False)
    ]
    assert len(same) > 10
    for path, other in same:
        assert inode(path) == inode(other), path
    assert built_keys(small_project, only={"twente", "drenthe"}) == []

def test_only_the_theme_files_a_dutch_site_uses_are_published(small_project):
    build(small_project)
    scripts = small_project.site_dir / "twente" / "assets" / "javascripts"
    lunr = sorted(p.name for p in (scripts / "lunr").rglob("*") if p.is_file())
    assert lunr == ["lunr.nl.min.js", "lunr.stemmer.support.min.js"]
    assert not list(small_project.site_dir.rglob("*.map"))


# --- atomic output -------------------------------------------------------------------------------------------


def break_one_region(project, slug: str) -> None:
    """A base template that fails for one region only: the build fails halfway, after other sites were built."""
    page = project.base_dir / "pages" / "werkgevers.md"
    page.write_text(
        page.read_text(encoding="utf-8") + f'\n{{% if regio.slug == "{slug}" %}}{{{{ regio.bestaat_niet }}}}{{% endif %}}\n',
        encoding="utf-8",
    )


def test_a_build_that_fails_halfway_leaves_the_previous_output_untouched(small_project):
    build(small_project)
    before = tree(small_project.site_dir)
    break_one_region(small_project, "zeeland")
    with pytest.raises(UserError) as info:
        build(small_project, jobs=2)
    [diag] = info.value.diagnostics
    assert diag.file == "sites/base/pages/werkgevers.md"
    assert "bestaat_niet" in diag.message
    assert tree(small_project.site_dir) == before
    assert list(small_project.root.glob("site.new*")) == []
    # The next good build goes through, and replaces the output as a whole.
    page = small_project.base_dir / "pages" / "werkgevers.md"
    page.write_text(page.read_text(encoding="utf-8").rsplit("{% if regio.slug", 1)[0], encoding="utf-8")
    assert "zeeland" in built_keys(small_project)


def test_the_cli_reports_a_halfway_failure_in_dutch_and_keeps_the_old_sites(small_project):
    build(small_project)
    before = tree(small_project.site_dir)
    break_one_region(small_project, "drenthe")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build"],
        cwd=small_project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "sites/base/pages/werkgevers.md:" in result.stderr
    assert "Er is niets gepubliceerd of overschreven." in result.stderr
    assert tree(small_project.site_dir) == before

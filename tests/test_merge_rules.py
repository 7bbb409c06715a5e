"""The merge rules: a region adds, it never deletes or rewrites national text, brand or navigation."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE_SLUG, REPO, soup
from generator.build import build
from generator.diagnostics import UserError


def region_file(project, slug=EXAMPLE_SLUG) -> Path:
    return project.regions_dir / f"{slug}.yaml"


def edit_region(project, change, slug=EXAMPLE_SLUG) -> None:
    path = region_file(project, slug)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def build_error(project, **kwargs) -> UserError:
    with pytest.raises(UserError) as info:
        build(project, **kwargs)
    return info.value


def test_a_region_page_cannot_replace_a_national_page(example_project):
    edit_region(example_project, lambda d: d["paginas"].append({"titel": "Ons contact", "slug": "contact", "inhoud": "Bel ons."}))
    error = build_error(example_project)
    path = region_file(example_project)
    [diag] = error.diagnostics  # exactly one problem, and it is this one
    assert diag.file == f"examples/regions/{EXAMPLE_SLUG}.yaml"
    assert diag.line == line_of(path, "slug: contact")
    assert diag.path.startswith("paginas[") and diag.path.endswith("].slug")
    assert "is een landelijke basispagina; een regio kan die niet vervangen" in diag.message
    assert "aanvullingen" in diag.hint
    # Nothing was built: a refused override never half-publishes.
    assert not example_project.site_dir.exists()


@pytest.mark.parametrize(
    "key, value, words",
    [
        ("kleuren", {"primary": "#ff0000"}, "huisstijl"),
        ("navigatie", ["index.md"], "menu is landelijk"),
        ("voettekst", [], "voettekst"),
        ("logo", "eigen-logo.svg", "logo"),
    ],
)
def test_a_region_cannot_override_national_settings(example_project, key, value, words):
    edit_region(example_project, lambda d: d.update({key: value}))
    error = build_error(example_project)
    [diag] = error.diagnostics  # exactly one problem, and it is this one
    assert diag.path == key
    assert f"'{key}' kan een regio niet aanpassen" in diag.message
    assert words in diag.message
    assert diag.line == line_of(region_file(example_project), f"{key}:")


def test_the_name_pattern_is_national(example_project):
    edit_region(example_project, lambda d: d.update(naam="Werkcentrum Voorbeeldregio"))
    error = build_error(example_project)
    [diag] = error.diagnostics  # exactly one problem, and it is this one
    assert diag.path == "naam"
    assert "zonder 'Werkcentrum'" in diag.message


def test_an_addition_for_an_unknown_base_page_is_refused_with_a_suggestion(example_project):
    edit_region(example_project, lambda d: d["aanvullingen"].update({"werkgever": "Tekst."}))
    error = build_error(example_project)
    [diag] = error.diagnostics  # exactly one problem, and it is this one
    assert diag.path == "aanvullingen.werkgever"
    assert diag.hint == "Bedoel je 'werkgevers'?"


def test_region_text_is_data_not_template_code(example_project):
    text = "Dit is {{ site.naam }} en {% if true %}geen code{% endif %}.\n\n# Een kop van de regio\n"
    edit_region(example_project, lambda d: d["aanvullingen"].update({"werkgevers": text}))
    build(example_project, only={EXAMPLE_SLUG})
    page = soup(example_project.site_dir / EXAMPLE_SLUG / "werkgevers" / "index.html")
    article = page.select_one("article")
    assert "{{ site.naam }}" in article.get_text()
    assert "{% if true %}" in article.get_text()
    # A region's top-level heading is shifted below the regional section heading, so the outline stays valid.
    heading = next(h for h in article.find_all(["h1", "h2", "h3", "h4"]) if "Een kop van de regio" in h.get_text())
    assert heading.name == "h3"
    assert len(article.find_all("h1")) == 1


def test_changing_one_colour_token_changes_every_site(project, tmp_path):
    palette = project.tokens_dir / "roles.tokens.json"
    data = json.loads(palette.read_text(encoding="utf-8"))
    data["werkcentrum"]["color"]["link"]["$value"] = "{werkcentrum.color.palette.blauw-900}"
    palette.write_text(json.dumps(data, indent=2), encoding="utf-8")
    build(project, only={"twente", "drenthe", "www"})
    for key in ("twente", "drenthe", "www"):
        page = soup(project.site_dir / key / "index.html")
        href = next(link["href"] for link in page.select('link[rel="stylesheet"]') if "werkcentrum." in link["href"])
        css = (project.site_dir / key / href).read_text(encoding="utf-8")
        assert re.search(r"--werkcentrum-color-link:\s*var\(--werkcentrum-color-palette-blauw-900\)", css), key


def test_a_broken_token_stops_the_build_with_the_token_path(project):
    roles = project.tokens_dir / "roles.tokens.json"
    data = json.loads(roles.read_text(encoding="utf-8"))
    data["werkcentrum"]["color"]["focus"]["$value"] = "{werkcentrum.color.palette.paars-500}"
    roles.write_text(json.dumps(data, indent=2), encoding="utf-8")
    error = build_error(project)
    [diag] = error.diagnostics  # exactly one problem, and it is this one
    assert diag.file == "brandbook/tokens/roles.tokens.json"
    assert diag.path == "werkcentrum.color.focus"
    assert "paars-500" in diag.message
    assert not project.site_dir.exists()


def test_cli_shows_dutch_errors_without_a_traceback(example_project):
    edit_region(example_project, lambda d: d["paginas"].append({"titel": "X", "slug": "privacy", "inhoud": "Y"}))
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--regions", "examples/regions"],
        cwd=example_project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(rf"examples/regions/{EXAMPLE_SLUG}\.yaml:\d+:\d+: fout: paginas\[\d+\]\.slug: ", result.stderr)
    assert "Er is niets gepubliceerd of overschreven." in result.stderr


def test_plain_mkdocs_build_builds_the_region_named_in_the_environment(example_project):
    env = {
        **os.environ,
        "WERKCENTRUM_REGIO": EXAMPLE_SLUG,
        "WERKCENTRUM_REGIONS_DIR": str(example_project.regions_dir),
        "PYTHONPATH": str(REPO),
    }
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=example_project.root, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    page = soup(example_project.root / "site" / EXAMPLE_SLUG / "index.html")
    assert page.title.get_text(strip=True) == "Werkcentrum Voorbeeldregio"
    # Without WERKCENTRUM_REGIO it is the national site.
    env.pop("WERKCENTRUM_REGIO")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q"], cwd=example_project.root, capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert soup(example_project.root / "site" / "www" / "index.html").title.get_text(strip=True) == "Werkcentrum"

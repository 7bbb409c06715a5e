"""The consistency report: the example region's entry against a golden file, and what the report finds.

After an intended change to the report or the example region, regenerate the golden file and review the diff:

    UPDATE_GOLDEN=1 pytest tests/test_brand_report.py
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE_REGIONS, EXAMPLE_SLUG, REPO
from generator.brand import report as rep
from generator.project import BRANDBOOK_KEY, Project

GOLDEN = Path(__file__).parent / "golden" / "brand-report-voorbeeldregio.json"


def brandbook_context(project: Project):
    from generator.build import plan

    _, plans, _ = plan(project)
    return next(p for p in plans if p.key == BRANDBOOK_KEY).context["merk"]


def entry(report: dict, slug: str) -> dict:
    return next(e for e in report["regios"] if e["slug"] == slug)


def test_example_region_entry_matches_golden_file():
    report = brandbook_context(Project.find(REPO, regions_dir=EXAMPLE_REGIONS)).rapport
    text = json.dumps(entry(report, EXAMPLE_SLUG), ensure_ascii=False, indent=2) + "\n"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), "golden file missing: run UPDATE_GOLDEN=1 pytest tests/test_brand_report.py"
    assert text == GOLDEN.read_text(encoding="utf-8"), f"report differs from {GOLDEN.name} (UPDATE_GOLDEN=1 to accept)"


FIXTURE = Path(__file__).parent / "fixtures" / "rapport" / f"{EXAMPLE_SLUG}.yaml"


def _with_fixture(project: Project) -> Project:
    """The example project with the fixture region (known gaps at known lines) instead of the example region."""
    shutil.copy(FIXTURE, project.regions_dir / f"{EXAMPLE_SLUG}.yaml")
    return project


def _found(e: dict) -> list[tuple]:
    return [(f["soort"], f["bestand"].rsplit("/", 1)[-1], f["regel"], f["veld"]) for f in e["bevindingen"]]


def test_the_fixture_region_gets_one_finding_per_gap_at_its_line(example_project):
    report = brandbook_context(_with_fixture(example_project)).rapport
    found = entry(report, EXAMPLE_SLUG)
    name = f"{EXAMPLE_SLUG}.yaml"
    assert _found(found) == [
        ("geen-inlooppunt-met-adres", name, 5, "inlooppunten[0]"),
        ("geen-inlooppunt-met-adres", name, 8, "inlooppunten[1]"),
        ("inlooppunt-zonder-openingstijden", name, 5, "inlooppunten[0]"),  # [1] has a known day: closed
        ("geen-gemeenten", name, 3, "gemeenten"),  # absent: it belongs after 'code' on line 3
        ("merk-waarschuwing", name, 7, "inlooppunten[0].toelichting"),
    ]
    assert "WSP" in found["bevindingen"][-1]["wat"] and found["bevindingen"][-1]["kolom"] == 22
    assert "'code'" in found["bevindingen"][3]["tip"]
    assert found["score"] == 40 + 20 + 10 + 5 and found["rang"] == 1
    assert found["mist"] == [
        "geen inlooppunt met adres", "inlooppunt zonder openingstijden", "geen gemeenten",
        "waarschuwing over de naam of een oud label",
    ]  # fmt: skip
    assert found["voldoet"] is True, "the brand checks (name, logo, files, social image) still pass"
    assert report["samenvatting"]["bevindingen"] == 5 and report["samenvatting"]["zonder_bevindingen"] == 0


def test_the_findings_download_as_csv_with_formulas_defused(example_project):
    context = brandbook_context(_with_fixture(example_project))
    data = rep.to_csv(context.rapport)
    assert data.startswith("\ufeff".encode("utf-8")), "a byte-order mark, so a spreadsheet reads UTF-8"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0]) == list(rep.CSV_COLUMNS)
    assert [(r["soort"], r["regel"]) for r in rows] == [
        ("geen-inlooppunt-met-adres", "5"), ("geen-inlooppunt-met-adres", "8"), ("inlooppunt-zonder-openingstijden", "5"),
        ("geen-gemeenten", "3"), ("merk-waarschuwing", "7"),
    ]  # fmt: skip
    named = [r["wat"] for r in rows if "HYPERLINK" in r["wat"]]
    assert named and all(not text.startswith("=") for text in named)
    assert all(not r["wat"].startswith(("=", "+", "-", "@")) for r in rows)


def test_a_complete_region_has_no_findings():
    found = entry(brandbook_context(Project.find(REPO, regions_dir=EXAMPLE_REGIONS)).rapport, EXAMPLE_SLUG)
    assert found["bevindingen"] == [] and found["score"] == 0 and found["mist"] == []


def test_a_misspelled_name_is_a_brand_finding_at_its_line(example_project):
    path = example_project.regions_dir / f"{EXAMPLE_SLUG}.yaml"
    text = path.read_text(encoding="utf-8").replace("werkgevers: |\n", "werkgevers: |\n    Het Werk Centrum helpt werkgevers.\n", 1)
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index("    Het Werk Centrum helpt werkgevers.") + 1
    found = entry(brandbook_context(example_project).rapport, EXAMPLE_SLUG)
    assert [(f["soort"], f["regel"], f["veld"]) for f in found["bevindingen"]] == [
        ("merk-waarschuwing", line, "aanvullingen.werkgevers")
    ]
    assert "Werk Centrum" in found["bevindingen"][0]["wat"]


# --- the real region files ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_report() -> dict:
    return brandbook_context(Project.find(REPO)).rapport


def test_the_real_regions_are_all_in_the_report_ranked(real_report):
    slugs = [e["slug"] for e in real_report["regios"]]
    assert len(slugs) == 35 == len(set(slugs))
    assert [e["rang"] for e in real_report["regios"]] == list(range(1, 36))
    scores = [e["score"] for e in real_report["regios"]]
    assert scores == sorted(scores, reverse=True)
    assert real_report["huisstijl"]["contrast"]["ok"] is True
    for e in real_report["regios"]:
        assert all(c["ok"] for c in e["merkcontroles"]), (e["slug"], e["merkcontroles"])


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


def test_twente_known_gaps(real_report):
    """Twente: one inlooppunt (Schakel, Tubbergen) without address or hours, no contact; gemeenten are there."""
    twente = entry(real_report, "twente")
    path = REPO / "sites" / "regions" / "twente.yaml"
    schakel = _line_of(path, "- naam: Schakel")
    assert _found(twente) == [
        ("geen-inlooppunt-met-adres", "twente.yaml", schakel, "inlooppunten[0]"),
        ("geen-contact", "twente.yaml", _line_of(path, "partners:"), "contact"),
        ("inlooppunt-zonder-openingstijden", "twente.yaml", schakel, "inlooppunten[0]"),
    ]
    assert "Schakel" in twente["bevindingen"][0]["wat"]
    assert twente["rang"] == 1, "Twente's visitors miss the most: no address, no hours, no contact"


def test_the_regions_without_data(real_report):
    """A region file with only naam and code: no inlooppunt, no contact and no gemeenten, all at the 'code' line."""
    bare = [p for p in sorted((REPO / "sites" / "regions").glob("*.yaml")) if set(yaml.safe_load(p.read_text(encoding="utf-8"))) == {"naam", "code"}]
    assert len(bare) >= 25
    for path in bare:
        found = entry(real_report, path.stem)
        code = _line_of(path, "code:")
        assert _found(found) == [
            ("geen-inlooppunt-met-adres", path.name, code, "inlooppunten"),
            ("geen-contact", path.name, code, "contact"),
            ("geen-gemeenten", path.name, code, "gemeenten"),
        ], path.stem
    groningen = entry(real_report, "groningen")
    assert [f[0] for f in _found(groningen)] == ["geen-contact", "geen-gemeenten"], "its inlooppunt has address and hours"
    assert groningen["rang"] == 35

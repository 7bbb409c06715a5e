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


def test_planned_inlooppunten_and_expired_notices_are_findings(example_project, monkeypatch):
    """Only planned inlooppunten left: a finding of its own, not 'no address' or 'no hours'. A notice that ended
    before the build date (SOURCE_DATE_EPOCH) is a finding at its 'tot' line; one that ends that day is not."""
    path = example_project.regions_dir / f"{EXAMPLE_SLUG}.yaml"
    data = path.read_text(encoding="utf-8")
    start, end = data.index("inlooppunten:\n"), data.index("  - naam: Inlooppunt Voorbeeldstad-Noord")
    data = data[:start] + "inlooppunten:\n" + data[end:]
    data = data.replace("    tot: 2099-12-31\n", "    tot: 2026-03-01\n", 1)
    path.write_text(data, encoding="utf-8")
    lines = data.splitlines()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772409600")  # 2026-03-02 00:00 UTC: the notice ended the day before
    found = entry(brandbook_context(example_project).rapport, EXAMPLE_SLUG)
    assert _found(found) == [
        ("alleen-geplande-inlooppunten", path.name, lines.index("  - naam: Inlooppunt Voorbeeldstad-Noord") + 1, "inlooppunten[0]"),
        ("verlopen-melding", path.name, lines.index("    tot: 2026-03-01") + 1, "meldingen[0].tot"),
    ]
    assert "1 maart 2026" in found["bevindingen"][1]["wat"]
    assert found["mist"] == ["alleen geplande inlooppunten", "verlopen melding"] and found["score"] == 35 + 8

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1772323200")  # 2026-03-01: the notice's last day, still shown
    found = entry(brandbook_context(example_project).rapport, EXAMPLE_SLUG)
    assert [f["soort"] for f in found["bevindingen"]] == ["alleen-geplande-inlooppunten"]


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
    """Twente: its one inlooppunt (Tubbergen) is planned, so nobody can walk in yet; no contact; gemeenten are there."""
    twente = entry(real_report, "twente")
    path = REPO / "sites" / "regions" / "twente.yaml"
    tubbergen = _line_of(path, "- naam: Inlooppunt Tubbergen")
    assert _found(twente) == [
        ("alleen-geplande-inlooppunten", "twente.yaml", tubbergen, "inlooppunten[0]"),
        ("geen-contact", "twente.yaml", _line_of(path, "partners:"), "contact"),
    ]
    assert "Tubbergen" in twente["bevindingen"][0]["wat"] and "gepland" in twente["bevindingen"][0]["wat"]
    assert twente["score"] == 35 + 30
    bare = entry(real_report, "achterhoek")
    assert bare["rang"] < twente["rang"], "a region with nothing planned misses more than one with a planned inlooppunt"


def test_the_regions_without_data(real_report):
    """A region file with only naam, code and gemeenten: no inlooppunt and no contact, both after the gemeenten."""
    bare = [
        p
        for p in sorted((REPO / "sites" / "regions").glob("*.yaml"))
        if set(yaml.safe_load(p.read_text(encoding="utf-8"))) == {"naam", "code", "gemeenten"}
    ]
    assert len(bare) >= 25
    for path in bare:
        found = entry(real_report, path.stem)
        after = _line_of(path, "gemeenten:")
        assert _found(found) == [
            ("geen-inlooppunt-met-adres", path.name, after, "inlooppunten"),
            ("geen-contact", path.name, after, "contact"),
        ], path.stem
    groningen = entry(real_report, "groningen")
    assert [f[0] for f in _found(groningen)] == ["geen-contact"], "its inlooppunt has address and hours"
    assert groningen["rang"] == 35

"""The consistency report: the example region's entry against a golden file, and what the report finds.

After an intended change to the report or the example region, regenerate the golden file and review the diff:

    UPDATE_GOLDEN=1 pytest tests/test_brand_report.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

from conftest import EXAMPLE_REGIONS, EXAMPLE_SLUG, REPO
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


def _edit_example(project: Project, change) -> Project:
    path = project.regions_dir / f"{EXAMPLE_SLUG}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return project


def test_old_labels_and_missing_facts_are_reported(example_project):
    def change(data):
        data["aanvullingen"]["werkgevers"] += "\nVroeger heette dit het WSP. Het Leerwerkloket doet nu ook mee.\n"
        data.pop("inlooppunten")
        data.pop("contact")

    report = brandbook_context(_edit_example(example_project, change)).rapport
    found = entry(report, EXAMPLE_SLUG)
    assert {(f["label"], f["waar"]) for f in found["oude_labels"]} == {
        ("WSP", "aanvullingen.werkgevers"),
        ("Leerwerkloket", "aanvullingen.werkgevers"),
    }
    assert found["ontbreekt"] == ["inlooppunten", "contact"]
    checks = {c["controle"]: c["ok"] for c in found["merkcontroles"]}
    assert checks["oude-labels"] is False and found["voldoet"] is False
    assert report["samenvatting"] == {
        "regios": 1,
        "voldoen": 0,
        "met_oude_labels": 1,
        "zonder_inlooppunten": 1,
        "zonder_contact": 1,
    }


def test_a_misspelled_name_fails_the_name_check(example_project):
    def change(data):
        data["aanvullingen"]["werkgevers"] = "Het Werk Centrum helpt werkgevers."

    found = entry(brandbook_context(_edit_example(example_project, change)).rapport, EXAMPLE_SLUG)
    name = next(c for c in found["merkcontroles"] if c["controle"] == "naam")
    assert name["ok"] is False and "Werk Centrum" in name["toelichting"]


def test_the_real_regions_are_all_in_the_report():
    report = brandbook_context(Project.find(REPO)).rapport
    slugs = [e["slug"] for e in report["regios"]]
    assert len(slugs) == 35 == len(set(slugs))
    assert report["huisstijl"]["contrast"]["ok"] is True
    for e in report["regios"]:
        failed = [c for c in e["merkcontroles"] if not c["ok"] and c["controle"] != "oude-labels"]
        assert not failed, (e["slug"], failed)

"""The national gemeente table: one source for the region files, `check`, the finder and the A-Z page."""

from __future__ import annotations

import csv

import pytest
import yaml

from conftest import REPO
from generator import check, gemeenten
from generator.models.region import regions_table
from generator.project import Project
from test_check import cli, edit

REGIONS = REPO / "sites" / "regions"


def test_the_table_has_every_gemeente_of_the_2025_indeling_in_one_of_the_35_regions():
    table = gemeenten.table()
    assert len(table) == 342
    assert len({g.code for g in table}) == 342 and len({g.naam for g in table}) == 342
    official = {row["code"] for row in regions_table()} - {"AM00"}
    assert set(gemeenten.by_region()) == official and len(official) == 35


def test_every_roepnaam_points_at_a_gemeente_of_the_table():
    names = gemeenten.by_name()
    for alias, official in gemeenten.aliases():
        assert official in names, alias
        assert gemeenten.exact(alias) == [names[official]]


def test_every_real_region_file_lists_exactly_its_gemeenten_as_cbs_writes_them():
    by_region = gemeenten.by_region()
    seen: dict[str, str] = {}
    for path in sorted(REGIONS.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data["gemeenten"] == [g.naam for g in by_region[data["code"]]], path.name
        for name in data["gemeenten"]:
            assert name not in seen, f"{name} in {path.name} and {seen[name]}"
            seen[name] = path.name
    assert len(seen) == 342


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("Hengelo", ["Hengelo (O.)"]),
        ("hengelo (o.)", ["Hengelo (O.)"]),
        ("Bergen", ["Bergen (L.)", "Bergen (NH.)"]),
        ("Den Haag", ["'s-Gravenhage"]),
        ("den  bosch", ["'s-Hertogenbosch"]),
        ("s Hertogenbosch", ["'s-Hertogenbosch"]),
        ("Sudwest Fryslan", ["Súdwest-Fryslân"]),
        ("RIJSSEN HOLTEN", ["Rijssen-Holten"]),
        ("Enschde", []),
    ],
)
def test_forgiving_names(typed, found):
    assert [g.naam for g in gemeenten.exact(typed)] == found


def test_typing_the_start_of_a_name_finds_it_first():
    assert gemeenten.find("Nuenen")[0].naam == "Nuenen, Gerwen en Nederwetten"
    assert [g.naam for g in gemeenten.find("groningen")][:2] == ["Groningen", "Midden-Groningen"]
    assert gemeenten.find("Gravenhage")[0].naam == "'s-Gravenhage"


def test_an_example_region_is_exempt_from_the_table():
    result = check.run(Project.find(REPO), [REPO / "examples" / "regions" / "voorbeeldregio.yaml"])
    assert result.report.diagnostics == []


def test_a_gemeente_listed_in_two_regions_is_an_error_in_the_one_it_does_not_belong_to(project):
    edit(project.regions_dir / "drenthe.yaml", "gemeenten:\n", "gemeenten:\n  - Almelo\n")
    errors = check.run(project).report.errors
    assert {(d.file, d.path) for d in errors} == {("sites/regions/drenthe.yaml", "gemeenten[0]")}
    assert any("hoort volgens het CBS bij de arbeidsmarktregio Twente (AM05)" in d.message for d in errors)


def merged_table(tmp_path):
    """The table after a (made-up) merger of Dinkelland and Tubbergen into 'Noordoost-Twente'."""
    rows = list(csv.DictReader(gemeenten.TABLE.open(encoding="utf-8")))
    rows = [r for r in rows if r["gemeentenaam"] not in {"Dinkelland", "Tubbergen"}]
    rows.append({"gemeentecode": "GM9999", "gemeentenaam": "Noordoost-Twente", "regiocode": "AM05", "regionaam": "Twente"})
    path = tmp_path / "gemeenten-2027.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_after_a_merger_check_names_the_region_files_that_must_change(project, tmp_path, monkeypatch):
    monkeypatch.setenv(gemeenten.ENV_TABLE, str(merged_table(tmp_path)))
    twente = project.regions_dir / "twente.yaml"
    before = {p.name: p.read_bytes() for p in project.regions_dir.glob("*.yaml")}

    result = cli("check", cwd=project.root)
    assert result.returncode == 1
    out = result.stdout
    assert {line.split(":")[0] for line in out.splitlines() if ": fout: " in line} == {"sites/regions/twente.yaml"}
    assert "'Dinkelland' staat niet in de gemeentetabel" in out and "'Tubbergen' staat niet in de gemeentetabel" in out
    assert "past niet meer bij de gemeentetabel: 1 gemeente ontbreekt van Twente: Noordoost-Twente" in out
    assert "werkcentrum regio gemeenten sites/regions/twente.yaml" in out

    stale = cli("regio", "gemeenten", "--controleer", cwd=project.root)
    assert stale.returncode == 1 and stale.stdout.splitlines()[0] == "sites/regions/twente.yaml: lijst 'gemeenten' moet worden bijgewerkt."
    assert {p.name: p.read_bytes() for p in project.regions_dir.glob("*.yaml")} == before  # --controleer writes nothing

    assert cli("regio", "gemeenten", cwd=project.root).returncode == 0
    changed = {p.name for p in project.regions_dir.glob("*.yaml") if p.read_bytes() != before[p.name]}
    assert changed == {"twente.yaml"}
    data = yaml.safe_load(twente.read_text(encoding="utf-8"))
    assert "Noordoost-Twente" in data["gemeenten"] and "Tubbergen" not in data["gemeenten"]
    # Comments and the rest of the file stay: only the list changed.
    old_lines = before["twente.yaml"].decode().splitlines()
    new_lines = twente.read_text(encoding="utf-8").splitlines()
    assert [l for l in old_lines if l.startswith("#")] == [l for l in new_lines if l.startswith("#")]
    # What is left is the inlooppunt in the former gemeente Tubbergen: the editor decides where it belongs.
    again = cli("check", cwd=project.root)
    errors = [line for line in again.stdout.splitlines() if ": fout: " in line]
    assert len(errors) == 1 and "inlooppunten[0].gemeente" in errors[0], again.stdout


def test_the_list_writer_keeps_a_comment_after_the_key_and_fills_a_gap(project):
    drenthe = project.regions_dir / "drenthe.yaml"
    edit(drenthe, "gemeenten:\n", "gemeenten: # de zes\n")
    text = drenthe.read_text(encoding="utf-8")
    edit(project.regions_dir / "twente.yaml", "  - Borne\n", "")
    result = cli("regio", "gemeenten", cwd=project.root)
    assert result.returncode == 0, result.stderr  # a comment after the key is kept out of the way
    assert yaml.safe_load(drenthe.read_text(encoding="utf-8")) == yaml.safe_load(text)
    assert "gemeenten: # de zes\n" in drenthe.read_text(encoding="utf-8")
    assert "Borne" in yaml.safe_load((project.regions_dir / "twente.yaml").read_text(encoding="utf-8"))["gemeenten"]


def test_a_region_without_a_file_is_named_when_all_regions_are_checked(project):
    (project.regions_dir / "zeeland.yaml").unlink()
    [warning] = [d for d in check.run(project).report.warnings if "Zeeland" in d.message]
    assert warning.file == "sites/regions" and "Middelburg (Z.)" in warning.message
    assert 'werkcentrum regio nieuw "Zeeland"' in warning.hint

"""`werkcentrum check`, `werkcentrum build` and `werkcentrum regio nieuw`: every problem at once, in Dutch, never a
traceback, and a broken region never changes another region's site."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from conftest import EXAMPLE_REGIONS, REPO, copy_project
from generator import check
from generator.build import build
from generator.diagnostics import UserError
from generator.project import Project

FEW_REGIONS = ("drenthe", "twente", "zuid-kennemerland-en-ijmond")


def cli(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """The real command, as a user runs it; ``timeout`` turns a hang into a failed test."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


# --- the real regions -----------------------------------------------------------------------------------------


def test_all_real_regions_pass_without_errors():
    start = time.perf_counter()
    result = check.run(Project.find(REPO))
    seconds = time.perf_counter() - start
    assert result.regions == 35
    assert not result.report.errors, "\n".join(d.format() for d in result.report.errors)
    # Brand warnings are allowed (a text may explain that an old label merged into the Werkcentrum).
    assert all(d.severity.value == "waarschuwing" for d in result.report.diagnostics)
    print(f"check of 35 regions, base content and tokens: {seconds:.2f} s")


def test_the_fictional_example_region_passes_on_its_own():
    result = check.run(Project.find(REPO), [EXAMPLE_REGIONS / "voorbeeldregio.yaml"])
    assert result.report.diagnostics == []


def test_every_region_file_starts_with_the_schema_line():
    for path in sorted((REPO / "sites" / "regions").glob("*.yaml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schema/regio.schema.json", path.name


# --- the command line -----------------------------------------------------------------------------------------


def test_cli_check_reports_every_problem_with_file_line_column_field(project):
    twente = project.regions_dir / "twente.yaml"
    edit(twente, "code: AM05", "code: AM5")
    edit(twente, "  - naam: Inlooppunt Tubbergen", "  - naam: Inlooppunt Tubbergen\n    postcode: 7500AA")
    edit(twente, "    gids: true", "    gids: ja")
    result = cli("check", cwd=project.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    out = result.stdout
    assert f"sites/regions/twente.yaml:{line_of(twente, 'code: AM5')}:7: fout: code: 'AM5' is geen CBS-code" in out
    assert re.search(
        rf"twente\.yaml:{line_of(twente, 'postcode: 7500AA')}:15: fout: inlooppunten\[0\]\.postcode: ", out
    )
    assert "    tip: Schrijf '7500 AA'." in out
    assert re.search(rf"twente\.yaml:{line_of(twente, 'gids: ja')}:11: fout: inlooppunten\[0\]\.gids: ", out)
    assert "3 fouten" in out


def test_cli_check_warnings_exit_zero_and_strict_makes_them_errors(project):
    drenthe = project.regions_dir / "drenthe.yaml"
    edit(drenthe, "naam: Drenthe", "naam: Drenthe\npartners:\n  - naam: WSP Assen\n    soort: overig")
    path = "sites/regions/drenthe.yaml"
    plain = cli("check", path, cwd=project.root)
    assert plain.returncode == 0, plain.stdout
    assert f"{path}:{line_of(drenthe, 'WSP Assen')}:11: waarschuwing: partners[0].naam: 'WSP'" in plain.stdout
    strict = cli("check", "--strict", path, cwd=project.root)
    assert strict.returncode == 1
    assert ": fout: partners[0].naam: 'WSP'" in strict.stdout


def test_cli_check_of_a_missing_file_is_a_dutch_error(project):
    result = cli("check", "sites/regions/bestaat-niet.yaml", cwd=project.root)
    assert result.returncode == 1
    assert "dit bestand bestaat niet" in result.stderr
    assert "Traceback" not in result.stderr


HOSTILE = {
    "not-utf8": b"naam: Fri\xe9sland\ncode: AM02\n",
    "binary": b"\x00\x01\x02naam",
    "tabs": b"naam: Twente\ncode: AM05\ncontact:\n\ttelefoon: 053\n",
    "list": b"- Twente\n- AM05\n",
    "scalar": b"Twente\n",
    "deep": b"naam: " + b"[" * 100_000 + b"]" * 100_000,
    "many-values": b"naam: Twente\ncode: AM05\ngemeenten:\n" + b"  - Enschede\n" * 60_000,
    "too-big": b"naam: Twente\ncode: AM05\n# " + b"x" * 1_100_000 + b"\n",
    "recursive-alias": b"naam: &a [*a]\ncode: AM05\n",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_files_get_a_dutch_error_and_never_a_traceback(name, tmp_path):
    region = tmp_path / "regions" / f"{name}.yaml"
    region.parent.mkdir()
    region.write_bytes(HOSTILE[name])
    result = cli("check", str(region), cwd=REPO, timeout=60)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert re.search(rf"{name}\.yaml(:\d+:\d+)?: fout: ", result.stdout), result.stdout


def test_an_alias_bomb_is_refused_before_it_is_expanded(tmp_path):
    # Nine levels of nine aliases: 9**9 (387 million) strings if expanded. The timeout is the time budget.
    lines = ["naam: Twente", "code: AM05", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, current in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{current}: &{current} [" + ",".join([f"*{previous}"] * 9) + "]")
    region = tmp_path / "lol.yaml"
    region.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("check", str(region), cwd=REPO, timeout=60)
    assert result.returncode == 1
    assert "YAML-ankers en -verwijzingen (&a) zijn niet toegestaan" in result.stdout


# --- rules between regions ------------------------------------------------------------------------------------


def test_a_new_file_cannot_take_a_code_or_gemeente_from_an_existing_region(project):
    stolen = project.regions_dir / "aaa-nieuw.yaml"
    stolen.write_text("naam: Nieuw\ncode: AM05\ngemeenten:\n  - Almelo\n", encoding="utf-8")
    result = check.run(project)
    problems = {(d.file, d.path): d for d in result.report.errors}
    # The code and Almelo belong to Twente; the new file also misses the other 13 gemeenten of AM05.
    assert set(problems) == {("sites/regions/aaa-nieuw.yaml", p) for p in ("code", "gemeenten[0]", "gemeenten")}
    assert "hoort al bij sites/regions/twente.yaml" in problems[("sites/regions/aaa-nieuw.yaml", "code")].message


def test_a_broken_region_loses_a_shared_gemeente_to_a_working_one(project):
    # 'aaa' sorts first, but it has another error, so Twente keeps Almelo and keeps building.
    (project.regions_dir / "aaa-kapot.yaml").write_text(
        "naam: Kapot\ncode: AM06\ngemeenten:\n  - Almelo\ncontact:\n  email: geen-adres\n", encoding="utf-8"
    )
    result = check.run(project)
    assert {d.file for d in result.report.errors} == {"sites/regions/aaa-kapot.yaml"}


def test_checking_one_file_still_compares_it_with_the_other_regions(project):
    other = project.regions_dir / "nieuw.yaml"
    other.write_text("naam: Nieuw\ncode: AM01\nsubdomein: twente\n", encoding="utf-8")
    result = check.run(project, [other])
    # The code and the subdomain belong to other regions; the file also lacks the gemeenten of AM01 (path '').
    assert {d.path for d in result.report.errors} == {"code", "subdomein", ""}
    # Checking Twente alone reports nothing about the other file.
    assert not check.run(project, [project.regions_dir / "twente.yaml"]).report.errors


def test_the_fictional_example_code_is_refused_among_real_regions(project):
    (project.regions_dir / "voorbeeldregio.yaml").write_bytes((EXAMPLE_REGIONS / "voorbeeldregio.yaml").read_bytes())
    result = check.run(project)
    [diag] = [d for d in result.report.errors if d.path == "code"]
    assert diag.file == "sites/regions/voorbeeldregio.yaml"
    assert "alleen voor de verzonnen voorbeeldregio" in diag.message


# --- base content -----------------------------------------------------------------------------------------------


def test_a_jinja_syntax_error_in_a_base_page_points_at_its_line(project):
    page = project.base_dir / "pages" / "werkgevers.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{% if regio.naam %}Open{% endfor %}\n", encoding="utf-8")
    [diag] = check.run(project, [project.regions_dir / "twente.yaml"]).report.errors
    assert diag.file == "sites/base/pages/werkgevers.md"
    assert diag.line == len(page.read_text(encoding="utf-8").splitlines())
    assert "de Jinja-code klopt niet" in diag.message and "endfor" in diag.message


def test_an_unknown_variable_in_a_base_page_is_found_without_building(project):
    page = project.base_dir / "pages" / "contact.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nBel {{ regoi.naam }}.\n", encoding="utf-8")
    [diag] = check.run(project).report.errors
    assert (diag.file, diag.line) == ("sites/base/pages/contact.md", len(page.read_text(encoding="utf-8").splitlines()))
    assert "onbekende variabele 'regoi'" in diag.message


def test_a_template_that_breaks_for_a_region_without_inlooppunten_is_found(project):
    page = project.base_dir / "pages" / "inlooppunten.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nEerste: {{ regio.inlooppunten[0].naam }}\n", encoding="utf-8")
    errors = check.run(project).report.errors
    assert errors and all(d.file == "sites/base/pages/inlooppunten.md" for d in errors)
    assert any("de pagina kan niet worden gemaakt" in d.message for d in errors)


# --- build ------------------------------------------------------------------------------------------------------


def test_build_stops_with_the_same_messages_as_check(project):
    edit(project.regions_dir / "twente.yaml", "code: AM05", "code: AM55")
    edit(project.regions_dir / "drenthe.yaml", "naam: Drenthe", "naam: Drenthe\nkleuren: rood")
    with pytest.raises(UserError) as info:
        build(project)
    checked = check.run(project).report.errors
    assert {d.format() for d in info.value.diagnostics} == {d.format() for d in checked}
    assert len(checked) == 2
    assert not project.site_dir.exists()


def test_with_errors_nothing_in_the_site_dir_is_overwritten(tmp_path):
    project = copy_project(tmp_path / "project", keep_regions=FEW_REGIONS)
    out = dict(site_dir=str(tmp_path / "site"), build_dir=str(tmp_path / "build"))
    assert (
        cli(
            "build", "--jobs", "2", "--site-dir", out["site_dir"], "--build-dir", out["build_dir"], cwd=project.root
        ).returncode
        == 0
    )
    before = snapshot(tmp_path / "site")
    twente = project.regions_dir / "twente.yaml"
    edit(twente, "  - naam: Inlooppunt Tubbergen", "  - naam: Inlooppunt Tubbergen\n    telefoon: 0800-KAPOT")
    (project.base_dir / "pages" / "werkgevers.md").write_text("# Werkgevers\n\nNieuw en ongezien.\n", encoding="utf-8")
    result = cli("build", "--site-dir", out["site_dir"], "--build-dir", out["build_dir"], cwd=project.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"sites/regions/twente.yaml:{line_of(twente, '0800-KAPOT')}:15: fout: inlooppunten[0].telefoon" in result.stderr
    )
    assert snapshot(tmp_path / "site") == before


def test_keep_going_builds_the_others_byte_for_byte_and_names_the_broken_region(tmp_path):
    project = copy_project(tmp_path / "project", keep_regions=FEW_REGIONS)
    clean = cli(
        "build",
        "--jobs",
        "2",
        "--site-dir",
        str(tmp_path / "clean"),
        "--build-dir",
        str(tmp_path / "b1"),
        cwd=project.root,
    )
    assert clean.returncode == 0, clean.stderr
    # Twente breaks, and also claims a gemeente of Zuid-Kennemerland en IJmond: that region must not notice.
    twente = project.regions_dir / "twente.yaml"
    edit(twente, "  - Almelo", "  - Almelo\n  - Velsen")
    edit(twente, "    gids: true", "    gids: misschien")
    result = cli(
        "build",
        "--keep-going",
        "--jobs",
        "2",
        "--site-dir",
        str(tmp_path / "broken"),
        "--build-dir",
        str(tmp_path / "b2"),
        cwd=project.root,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Niet gebouwd door fouten: twente." in result.stderr
    assert re.search(r"twente\.yaml:\d+:\d+: fout: gemeenten\[\d+\]: de gemeente 'Velsen' hoort al bij", result.stderr)
    assert not (tmp_path / "broken" / "twente").exists()
    for key in ("drenthe", "zuid-kennemerland-en-ijmond"):
        assert {k: v[0] for k, v in snapshot(tmp_path / "broken" / key).items()} == {
            k: v[0] for k, v in snapshot(tmp_path / "clean" / key).items()
        }, key


# --- regio nieuw ------------------------------------------------------------------------------------------------


def test_regio_nieuw_writes_a_commented_file_that_passes_check(project):
    (project.regions_dir / "twente.yaml").unlink()
    result = cli("regio", "nieuw", "Twente", cwd=project.root)
    assert result.returncode == 0, result.stdout + result.stderr
    path = project.regions_dir / "twente.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=../../schema/regio.schema.json"
    assert "\nnaam: Twente\n" in text and "\ncode: AM05\n" in text
    assert "# De inlooppunten van het Werkcentrum" in text  # comments come from the model's descriptions
    checked = check.run(project, [path]).report
    assert checked.diagnostics == []
    assert "0 fouten, 0 waarschuwingen" in result.stdout


def test_regio_nieuw_examples_are_valid_when_uncommented(project):
    (project.regions_dir / "twente.yaml").unlink()
    assert cli("regio", "nieuw", "Twente", cwd=project.root).returncode == 0
    path = project.regions_dir / "twente.yaml"
    lines = path.read_text(encoding="utf-8").split("\ncode: AM05\n", 1)[1].splitlines()
    # A commented example is '# ' and then YAML (a key or a list item); the explanations are sentences.
    body = [line[2:] for line in lines if re.match(r"^# (\s*- \S|\s*[a-z]+:( |$))", line)]
    data = yaml.safe_load("\n".join(["naam: Twente", "code: AM05", *body]))
    assert {"inlooppunten", "partners", "contact", "paginas", "aanvullingen"} <= set(data)
    # The gemeenten are not an example: the new file lists the region's own, from the national table.
    data["gemeenten"] = yaml.safe_load(path.read_text(encoding="utf-8"))["gemeenten"]
    assert len(data["gemeenten"]) == 14 and "Hengelo (O.)" in data["gemeenten"]
    data["inlooppunten"][0]["gemeente"] = data["centrumgemeente"] = "Enschede"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert not check.run(project, [path]).report.errors


def test_regio_nieuw_refuses_to_overwrite_and_to_guess_a_code(project):
    existing = cli("regio", "nieuw", "Twente", cwd=project.root)
    assert existing.returncode == 1 and "bestaat al" in existing.stderr
    unknown = cli("regio", "nieuw", "Tweente", cwd=project.root)
    assert unknown.returncode == 1 and "Bedoel je 'Twente'?" in unknown.stderr
    assert not (project.regions_dir / "tweente.yaml").exists()
    named = cli("regio", "nieuw", "Groningen Noord-Drenthe", "--code", "AM01", "--regions", "nieuw", cwd=project.root)
    assert named.returncode == 0, named.stderr
    assert (project.root / "nieuw" / "groningen-noord-drenthe.yaml").is_file()


def run_readme_command(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """A `werkcentrum ...` command exactly as the README writes it."""
    import shlex

    words = shlex.split(command)
    assert words[0] == "werkcentrum"
    return cli(*words[1:], cwd=cwd)


def readme_commands(prefix: str) -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return sorted(set(re.findall(rf"`({re.escape(prefix)}[^`]*)`", text)))


def test_the_readme_examples_of_regio_nieuw_work_as_written(project):
    commands = readme_commands("werkcentrum regio nieuw")
    assert 'werkcentrum regio nieuw "Twente" --regions proef' in commands
    tried = run_readme_command('werkcentrum regio nieuw "Twente" --regions proef', project.root)
    assert tried.returncode == 0, tried.stderr
    assert "proef/twente.yaml gemaakt." in tried.stdout and "0 fouten" in tried.stdout
    assert "werkcentrum serve twente --regions proef" in tried.stdout
    placeholder = run_readme_command('werkcentrum regio nieuw "Naam"', project.root)
    assert placeholder.returncode == 1 and "geen vrije code" in placeholder.stderr


def test_regio_nieuw_on_a_project_where_every_code_is_taken_says_so_and_writes_nothing(project):
    before = snapshot(project.regions_dir)
    new = cli("regio", "nieuw", "Testregio", cwd=project.root)
    assert new.returncode == 1
    assert "Alle 35 arbeidsmarktregio's van het CBS hebben al een regiobestand, dus er is geen vrije code." in new.stderr
    assert "Een nieuwe regio komt er alleen als het CBS" in new.stderr
    assert "AM05" not in new.stderr  # no code of another region is suggested
    taken = cli("regio", "nieuw", "Testregio", "--code", "AM05", cwd=project.root)
    assert taken.returncode == 1 and "de code 'AM05' hoort al bij sites/regions/twente.yaml" in taken.stderr
    assert "1 fout gevonden. Er is geen regiobestand gemaakt." in taken.stderr
    assert snapshot(project.regions_dir) == before
    assert cli("check", cwd=project.root).returncode == 0  # the project still builds


def test_regio_nieuw_proposes_only_codes_without_a_file_and_following_the_tip_works(project):
    for slug in ("drenthe", "twente"):
        (project.regions_dir / f"{slug}.yaml").unlink()
    new = cli("regio", "nieuw", "Testregio", cwd=project.root)
    assert new.returncode == 1
    assert "Regio's zonder bestand: AM03 (Drenthe), AM05 (Twente)." in new.stderr
    assert "--code AM03" in new.stderr
    followed = cli("regio", "nieuw", "Testregio", "--code", "AM03", cwd=project.root)
    assert followed.returncode == 0, followed.stderr
    assert "0 fouten" in followed.stdout
    assert cli("check", cwd=project.root).returncode == 0


def test_regio_nieuw_never_keeps_a_file_that_fails_check(project):
    (project.regions_dir / "drenthe.yaml").unlink()
    long_name = "Een regio met een naam die veel langer is dan een naam van een arbeidsmarktregio ooit wordt"
    result = cli("regio", "nieuw", long_name, "--code", "AM03", cwd=project.root)
    assert result.returncode == 1
    assert re.search(r"sites/regions/een-regio-met[a-z-]*\.yaml:\d+:\d+: fout: naam: deze tekst is te lang", result.stderr)
    assert "Er is geen regiobestand gemaakt." in result.stderr
    assert not list(project.regions_dir.glob("een-regio-met*"))
    assert cli("check", cwd=project.root).returncode == 0


@pytest.mark.parametrize(
    "args,told",
    [
        (["build", "--regio", "twnete"], "Bedoel je 'twente'?"),
        (["build", "--regio", "brandbok"], "Bedoel je 'brandbook'?"),
        (["check", "sites/regions/twnete.yaml"], "Bedoel je 'sites/regions/twente.yaml'?"),
        (["check", "twnete"], "Bedoel je 'sites/regions/twente.yaml'?"),
    ],
)
def test_a_mistyped_slug_gets_the_nearest_name(args, told):
    result = cli(*args, cwd=REPO)
    assert result.returncode == 1
    assert told in result.stderr
    assert "Traceback" not in result.stderr and "software" not in result.stderr


def test_errors_are_counted_one_way_everywhere(project):
    edit(project.regions_dir / "twente.yaml", "naam: Twente\n", "naam: Twente\nonbekend: 1\n")
    one = cli("build", cwd=project.root)
    assert "\n1 fout gevonden." in one.stderr
    edit(project.regions_dir / "drenthe.yaml", "naam: Drenthe\n", "naam: Drenthe\nonbekend: 1\n")
    two = cli("build", cwd=project.root)
    assert "\n2 fouten gevonden." in two.stderr
    assert "1 fout, 0 waarschuwingen." in cli("check", "sites/regions/twente.yaml", cwd=project.root).stdout
    assert "fout(en)" not in one.stderr + two.stderr


def test_every_problem_in_one_run_fields_pages_and_rules_across_files(tmp_path):
    # Issue 13: unknown pages and rules across files used to appear only after the field errors were fixed.
    project = copy_project(tmp_path / "project", keep_regions=FEW_REGIONS)
    twente = project.regions_dir / "twente.yaml"
    edit(twente, "code: AM05", "code: AM03")  # Drenthe's code: a rule across files
    edit(twente, "  - naam: Inlooppunt Tubbergen", "  - naam: Inlooppunt Tubbergen\n    postcode: 7500AA")  # a field error
    edit(twente, "\naanvullingen:\n", "\naanvullingen:\n  werkgever: Tekst.\n")  # an unknown base page
    result = check.run(project, [twente])
    found = {(d.path, d.line) for d in result.report.errors}
    assert ("code", line_of(twente, "code: AM03")) in found
    assert ("inlooppunten[0].postcode", line_of(twente, "postcode: 7500AA")) in found
    assert ("aanvullingen.werkgever", line_of(twente, "werkgever: Tekst.")) in found
    assert any("hoort al bij sites/regions/drenthe.yaml" in d.message for d in result.report.errors)

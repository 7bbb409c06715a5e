"""Brand lint: phased-out labels and misspelt names get a warning with the suggested wording, at the word."""

from __future__ import annotations

import pytest

from conftest import REPO
from generator import check
from generator.lint import lint_region, lint_text
from generator.project import Project
from generator.yamlfile import load_yaml


def warnings(text: str, region: str | None = "Twente") -> list[str]:
    return [d.message for d in lint_text(text, "x.md", region)]


@pytest.mark.parametrize(
    "text, found",
    [
        ("Kom naar het WerkgeversServicepunt.", "WerkgeversServicepunt"),
        ("Het werkgevers servicepunt helpt.", "werkgevers servicepunt"),
        ("Bel het WSP.", "WSP"),
        ("Het Leerwerkloket Twente helpt.", "Leerwerkloket"),
        ("Vraag het LWL.", "LWL"),
        ("Het regionaal mobiliteitsteam helpt.", "regionaal mobiliteitsteam"),
        ("Het RMT helpt.", "RMT"),
        ("Welkom bij het Regionaal Werkcentrum.", "Regionaal Werkcentrum"),
        ("Welkom bij Werk Centrum Twente.", "Werk Centrum"),
        ("Welkom bij Werk-centrum Twente.", "Werk-centrum"),
        ("Welkom bij WerkCentrum Twente.", "WerkCentrum"),
        ("Welkom bij het werkcentrum.", "werkcentrum"),
        ("De Werkcentra Twente helpen je.", "Werkcentra"),
    ],
)
def test_each_rule_warns_with_what_it_found(text, found):
    [message] = warnings(text)
    assert message.startswith(f"'{found}' ")


@pytest.mark.parametrize(
    "text",
    [
        "Welkom bij Werkcentrum Twente.",
        "Alle Werkcentra van Nederland staan op de landelijke site.",
        "Kijk op www.werkcentrum.nl of mail naar info@werkcentrum-twente.example.",
        "Zie https://twente.werkcentrum.nl/werkgevers/.",
        "Een wsp-achtig woord zoals wspraak of RMTX telt niet.",
        "Het team van mobiliteit",
    ],
)
def test_correct_text_gets_no_warning(text):
    assert warnings(text) == []


def test_the_suggestion_uses_the_regions_name():
    [diag] = lint_text("Bel het LWL.", "x.md", "Twente")
    assert diag.hint.startswith("Schrijf 'Werkcentrum Twente' of 'het Werkcentrum'.")
    assert diag.severity.value == "waarschuwing"


def test_a_warning_points_at_the_word_inside_a_folded_or_quoted_value(tmp_path):
    path = tmp_path / "regio.yaml"
    path.write_text(
        "naam: Twente\ncode: AM05\n"
        'partners:\n  - naam: "Stichting WSP Oost"\n    soort: overig\n'
        "aanvullingen:\n  werkgevers: >\n    Eerst een regel.\n    Dan het Leerwerkloket\n    en verder.\n",
        encoding="utf-8",
    )
    doc, _ = load_yaml(path)
    found = {(d.path, d.line, d.column) for d in lint_region(doc)}
    assert found == {("partners[0].naam", 4, 22), ("aanvullingen.werkgevers", 9, 13)}


def test_codes_addresses_and_file_names_are_not_linted(tmp_path):
    path = tmp_path / "regio.yaml"
    path.write_text(
        "naam: Twente\ncode: AM05\nsubdomein: werk-centrum\ncontact:\n  email: wsp@werkcentrum.example\n"
        "  website: https://www.leerwerkloket.example/\n",
        encoding="utf-8",
    )
    doc, _ = load_yaml(path)
    assert lint_region(doc) == []


def test_an_extra_page_file_is_linted_at_its_own_line(tmp_path):
    project = Project.find(REPO)
    regions = tmp_path / "regions"
    (regions / "twente").mkdir(parents=True)
    (regions / "twente" / "scholing.md").write_text("Scholing.\n\nVraag het aan het RMT.\n", encoding="utf-8")
    (regions / "twente.yaml").write_text(
        "naam: Twente\ncode: AM00\npaginas:\n  - titel: Scholing\n    slug: scholing\n    bestand: scholing.md\n",
        encoding="utf-8",
    )
    [diag] = check.run(project, [regions / "twente.yaml"]).report.diagnostics
    assert (diag.file, diag.line, diag.column) == (project.display(regions / "twente" / "scholing.md"), 3, 19)
    assert diag.severity.value == "waarschuwing"


@pytest.mark.parametrize(
    "text",
    [
        "Werkplein Twente (WSP), Pluspunt Twente (RMT), het Leerwerkloket en het Twents Fonds voor Vakmanschap "
        "gingen op in Werkcentrum Twente.",
        "Het Leerwerkloket Twente ging in 2025 op in Werkcentrum Twente.",
        "Vroeger heette dit het WSP.",
    ],
)
def test_a_sentence_that_tells_the_history_may_name_an_old_label(text):
    assert lint_text(text, "x.md", "Twente") == []


def test_the_history_exception_is_per_sentence_and_only_for_old_labels():
    found = lint_text("Het WSP ging op in Werkcentrum Twente. Bel het WSP. De werk centrum heette anders.", "x.md", "Twente")
    assert [(d.column, d.message.split("'")[1]) for d in found] == [(48, "WSP"), (56, "werk centrum")]

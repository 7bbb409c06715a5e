"""Region files are read as YAML 1.2 (core schema), as the editor reads them, with the position of every value."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.yamlfile import load_yaml, yaml_1_1_differs


def read(tmp_path: Path, text: str):
    path = tmp_path / "regio.yaml"
    path.write_text(text, encoding="utf-8")
    return load_yaml(path, "regio.yaml")


@pytest.mark.parametrize(
    "written, value, differs",
    [
        ("yes", "yes", True), ("No", "No", True), ("on", "on", True), ("off", "off", True), ("y", "y", True),
        ("true", True, False), ("False", False, False),
        ("0534801234", 534801234, True), ("0777", 777, True), ("0o17", 15, True), ("0x1F", 31, True),
        ("7511", 7511, False), ("1e3", 1000.0, True), ("1_000", "1_000", True),
        ("9:30", "9:30", True), ("09:00-17:00", "09:00-17:00", False), ("2026-02-30", "2026-02-30", True),
        ("~", None, False), ("null", None, False), ('"yes"', "yes", False), ("'0534801234'", "0534801234", False),
        ("053 123 4567", "053 123 4567", False),
    ],
)
def test_plain_values_mean_what_yaml_1_2_says(tmp_path, written, value, differs):
    doc, diags = read(tmp_path, f"naam: Twente\nwaarde: {written}\n")
    assert diags == []
    assert doc.data["waarde"] == value and type(doc.data["waarde"]) is type(value)
    assert (("waarde",) in doc.plain_1_1) is differs
    assert doc.source(("waarde",)) == written
    assert yaml_1_1_differs(written) is (differs and not written.startswith(("'", '"')))


def test_positions_and_tags(tmp_path):
    doc, diags = read(tmp_path, "naam: Twente\ncontact:\n  telefoon: 0534801234\nd: !!timestamp 2026-01-01\n")
    assert doc.position(("contact", "telefoon")) == (3, 13)
    assert doc.position(("contact", "telefoon"), key=True) == (3, 3)
    assert [d.message for d in diags] == ["het YAML-label '!!timestamp' is niet toegestaan."]


def test_the_merge_key_is_refused_and_quoted_it_is_a_name(tmp_path):
    _, diags = read(tmp_path, "naam: Twente\ncontact:\n  <<: {telefoon: x}\n")
    assert [d.line for d in diags] == [3] and "samenvoeging" in diags[0].message
    doc, diags = read(tmp_path, "naam: Twente\ncontact:\n  '<<': x\n")
    assert diags == [] and doc.data["contact"] == {"<<": "x"}

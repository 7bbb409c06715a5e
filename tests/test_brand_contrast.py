"""WCAG 2.1 contrast: the math against known pairs, and a too-light token stopping the build with its path."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from conftest import REPO
from generator.brand import contrast as wcag
from generator.diagnostics import UserError
from generator.project import Project
from generator.tokens import contrast_ratio, load_tokens


@pytest.mark.parametrize(
    ("fg", "bg", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#767676", "#ffffff", 4.54),  # the lightest grey that passes AA on white
        ("#777777", "#ffffff", 4.48),  # one step lighter fails
        ("#595959", "#ffffff", 7.0),  # the lightest grey that passes AAA
        ("#0000ff", "#ffffff", 8.59),
        ("#ff0000", "#ffffff", 3.99),
    ],
)
def test_contrast_ratio_of_known_pairs(fg, bg, expected):
    assert contrast_ratio(fg, bg) == pytest.approx(expected, abs=0.01)
    assert contrast_ratio(bg, fg) == pytest.approx(expected, abs=0.01)  # order does not matter


def test_ratios_are_cut_off_never_rounded_up_past_a_threshold():
    assert wcag.ratio_text(4.4999) == "4,49:1"
    assert wcag.verdict(4.4999) == {"normaal": "niet", "groot": "AA"}
    assert wcag.verdict(4.5) == {"normaal": "AA", "groot": "AAA"}
    assert wcag.verdict(7.0) == {"normaal": "AAA", "groot": "AAA"}
    assert wcag.verdict(2.99) == {"normaal": "niet", "groot": "niet"}
    assert wcag.summary(3.2) == "alleen grote tekst"


def test_the_house_style_passes_its_own_check():
    project = Project.find(REPO)
    assert wcag.theme_contrast_problems(load_tokens(project.tokens_dir), project) == []


def test_every_pair_is_a_colour_the_theme_or_the_logo_really_uses():
    """The pairs file sits next to the theme mapping; a pair naming a token nobody uses is a stale pair."""
    css = (REPO / "themes" / "werkcentrum" / "stylesheets" / "werkcentrum.css").read_text(encoding="utf-8")
    pairs = yaml.safe_load((REPO / "themes" / "werkcentrum" / wcag.PAIRS_FILE).read_text(encoding="utf-8"))
    tokens = load_tokens(REPO / "brandbook" / "tokens")
    for pair in pairs:
        for path in (pair["voorgrond"], pair["achtergrond"]):
            assert path in tokens
            used_in_css = f"var(--{path.replace('.', '-')}" in css
            assert used_in_css or path.startswith("werkcentrum.logo."), path


def _retarget(project: Project, role: str, palette: str) -> None:
    path = project.tokens_dir / "roles.tokens.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["werkcentrum"]["color"][role]["$value"] = "{werkcentrum.color.palette." + palette + "}"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")


def test_a_too_light_text_colour_stops_the_build_with_the_token_path(project):
    # grijs-400 on white is about 3.9:1: fine for a border, not for text.
    _retarget(project, "text-muted", "grijs-400")
    from generator.build import build

    with pytest.raises(UserError) as caught:
        build(project.with_paths(site_dir=project.root / "out" / "site", build_dir=project.root / "out" / "build"))
    diags = [d for d in caught.value.diagnostics if d.path == "werkcentrum.color.text-muted"]
    assert len(diags) == 1, [d.format() for d in caught.value.diagnostics]
    diag = diags[0]
    assert diag.is_error
    assert diag.file == "brandbook/tokens/roles.tokens.json"
    lines = (project.tokens_dir / "roles.tokens.json").read_text(encoding="utf-8").splitlines()
    assert diag.line is not None and '"text-muted"' in lines[diag.line - 1]
    assert "werkcentrum.color.palette.grijs-400" in diag.message and "4,5:1" in diag.message
    assert not (project.root / "out" / "site").exists()


def test_a_lighter_palette_colour_fails_every_pair_that_uses_it(project):
    """Changing the palette (not the role) is caught too: the check runs on resolved values."""
    path = project.tokens_dir / "palette.tokens.json"
    text = path.read_text(encoding="utf-8")
    # blauw-700 is the brand colour: primary, link, the logo. Make it a light blue.
    text = re.sub(
        r'("blauw-700": \{\s*"\$value": )\{[^}]*\}',
        r'\1{"colorSpace": "srgb", "components": [0.5647, 0.6784, 0.9333]}',
        text,
    )
    path.write_text(text, encoding="utf-8")
    from generator.build import plan

    with pytest.raises(UserError) as caught:
        plan(project)
    paths = {d.path for d in caught.value.diagnostics}
    assert {"werkcentrum.color.link", "werkcentrum.color.on-primary", "werkcentrum.logo.color.wordmark"} <= paths

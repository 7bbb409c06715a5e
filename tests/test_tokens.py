"""Tests for the national brand tokens, the token pipeline (generator.tokens) and the shipped fonts.

The CSS output is compared with ``tests/golden/tokens.css``. After an intended change to the tokens or the
CSS format, regenerate it with::

    UPDATE_GOLDEN=1 pytest tests/test_tokens.py

and review the diff before committing.
"""

from __future__ import annotations

import ast
import dataclasses
import os
import re
import sys
from pathlib import Path

import pytest
from coloraide import Color
from PIL import Image, ImageDraw, ImageFont

from generator.tokens import (
    FONTS_DIR,
    TOKENS_DIR,
    TRANSFORMS,
    Token,
    TokenError,
    TokenErrors,
    TokenSet,
    contrast_ratio,
    css_variables,
    font_face_css,
    font_file,
    font_files,
    load_tokens,
    transform,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "tokens"
GOLDEN = Path(__file__).parent / "golden" / "tokens.css"
PACKAGE = ROOT / "generator" / "tokens"

ROLES = [
    "text", "text-muted", "background", "surface", "primary", "on-primary", "accent", "on-accent",
    "link", "link-hover", "focus", "success", "warning", "error", "border",
]  # fmt: skip
REQUIRED = [
    *(f"werkcentrum.color.{r}" for r in ROLES),
    "werkcentrum.font.family.base",
    "werkcentrum.font.family.heading",
    "werkcentrum.font.family.mono",
    "werkcentrum.font.weight.regular",
    "werkcentrum.font.weight.bold",
    "werkcentrum.radius.small",
    "werkcentrum.radius.medium",
    "werkcentrum.logo.clear-space",
    "werkcentrum.logo.min-height-px",
    "werkcentrum.logo.mark-ratio",
    "werkcentrum.logo.wordmark-gap",
]
REQUIRED_GROUPS = [
    ("werkcentrum.color.palette", "color"),
    ("werkcentrum.font.size", "dimension"),
    ("werkcentrum.font.line-height", "number"),
    ("werkcentrum.spacing", "dimension"),
]
DUTCH_WORDS = re.compile(r"\b(de|het|een|is|niet|geen|staat|naar|van|heeft|dit)\b", re.IGNORECASE)
HEX_RE = re.compile(r"^#[0-9a-f]{6}$")
DECL_RE = re.compile(r"^\s*(--[a-z0-9-]+):\s*(.+?);(?:\s*/\*.*\*/)?\s*$", re.MULTILINE)
RIJKSOVERHEID_BLUE = "#154273"
REGION_NAME = "Werkcentrum Zuid-Kennemerland en IJmond"


@pytest.fixture(scope="module")
def tokens() -> TokenSet:
    return load_tokens(TOKENS_DIR)


def c(tokens: TokenSet, role: str) -> str:
    return tokens.value(f"werkcentrum.color.{role}")


# --- the brand tokens ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", REQUIRED)
def test_required_path_exists(tokens, path):
    assert path in tokens, path


@pytest.mark.parametrize("group,type_", REQUIRED_GROUPS)
def test_required_group_is_a_scale_of_the_right_type(tokens, group, type_):
    scale = tokens.by_prefix(group)
    assert len(scale) >= 3
    assert {t.type for t in scale.values()} == {type_}


def test_spacing_scale_runs_0_to_8(tokens):
    assert [f"werkcentrum.spacing.{i}" in tokens for i in range(9)] == [True] * 9
    values = [float(tokens.value(f"werkcentrum.spacing.{i}").removesuffix("rem")) for i in range(9)]
    assert values == sorted(values) and values[0] == 0


@pytest.mark.parametrize("role", ROLES)
def test_each_role_aliases_a_palette_colour(tokens, role):
    token = tokens.get(f"werkcentrum.color.{role}")
    assert token.type == "color"
    assert token.alias_of and token.alias_of.startswith("werkcentrum.color.palette.")
    assert token.value == tokens.value(token.alias_of)
    assert HEX_RE.match(token.value)


def test_aliases_resolve_to_final_values(tokens):
    assert c(tokens, "primary") == "#1e3c9e"
    assert c(tokens, "text") == tokens.value("werkcentrum.color.palette.grijs-900") == "#171b20"
    assert c(tokens, "background") == "#ffffff"
    mark = tokens.get("werkcentrum.logo.color.mark")
    assert mark.alias_of == "werkcentrum.color.primary"  # direct reference, not the end of the chain
    assert mark.value == "#1e3c9e"
    assert tokens.get("werkcentrum.logo.weight.wordmark").value == 700
    assert tokens.get("werkcentrum.font.family.heading").value == tokens.value("werkcentrum.font.family.base")
    assert tokens.get("werkcentrum.logo.font-family").alias_of == "werkcentrum.font.family.heading"


def test_value_shapes(tokens):
    for token in tokens:
        if token.type == "color":
            assert HEX_RE.match(token.value), token
        elif token.type == "dimension":
            assert re.fullmatch(r"\d+(\.\d+)?(rem|px)", token.value), token
        elif token.type == "fontFamily":
            assert isinstance(token.value, list) and all(isinstance(n, str) for n in token.value), token
        elif token.type in ("number", "fontWeight"):
            assert isinstance(token.value, (int, float)) and not isinstance(token.value, bool), token
    assert tokens.value("werkcentrum.font.size.md") == "1.125rem"
    assert tokens.value("werkcentrum.radius.small") == "4px"


def test_fonts_and_weights(tokens):
    for role in ("base", "heading"):
        family = tokens.value(f"werkcentrum.font.family.{role}")
        assert family[0] == "Atkinson Hyperlegible Next" and family[-1] == "sans-serif"
    assert tokens.value("werkcentrum.font.family.mono")[-1] == "monospace"
    assert tokens.value("werkcentrum.font.weight.regular") == 400
    assert tokens.value("werkcentrum.font.weight.bold") == 700
    assert tokens.get("werkcentrum.font.weight.bold").type == "fontWeight"


def test_logo_geometry_is_documented_and_sane(tokens):
    logo = {p: t for p, t in tokens.by_prefix("werkcentrum.logo").items() if t.type == "number"}
    assert logo and all(t.description for t in logo.values())
    assert all(t.value > 0 for t in logo.values())
    assert tokens.value("werkcentrum.logo.min-height-px") >= 24
    assert tokens.value("werkcentrum.logo.clear-space") >= 0.5


def test_every_token_has_a_description_and_kebab_case_name(tokens):
    for token in tokens:
        assert token.description and token.description.strip(), token.path
        assert token.path.startswith("werkcentrum.")
        assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", seg) for seg in token.path.split(".")), token.path


def test_tokens_come_from_several_files(tokens):
    assert {Path(f).name for f in tokens.files} >= {"palette.tokens.json", "roles.tokens.json"}
    assert tokens.get("werkcentrum.color.text").file.endswith("roles.tokens.json")


def test_primary_is_not_the_rijksoverheid_blue(tokens):
    for path in ("werkcentrum.color.primary", *tokens.by_prefix("werkcentrum.color.palette")):
        assert Color(tokens.value(path)).delta_e(RIJKSOVERHEID_BLUE, method="2000") > 5, path


# --- contrast (WCAG 2.1) ---------------------------------------------------------------------------------------

TEXT_PAIRS = [(fg, bg) for fg in ("text", "text-muted", "link", "link-hover") for bg in ("background", "surface")] + [
    ("on-primary", "primary"),
    ("on-accent", "accent"),
    ("success", "background"),
    ("warning", "background"),
    ("error", "background"),
]


@pytest.mark.parametrize("fg,bg", TEXT_PAIRS)
def test_text_contrast_at_least_4_5(tokens, fg, bg):
    ratio = contrast_ratio(c(tokens, fg), c(tokens, bg))
    assert ratio >= 4.5, f"{fg} op {bg}: {ratio:.2f}"


def test_focus_contrast_at_least_3(tokens):
    assert contrast_ratio(c(tokens, "focus"), c(tokens, "background")) >= 3


@pytest.mark.parametrize(
    "fg,bg,expected",
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#000000", 21.0),
        ("#777777", "#ffffff", 4.478),
        ("#767676", "#ffffff", 4.542),
        ("#ffffff", "#ffffff", 1.0),
        ("#0000ff", "#ffffff", 8.592),
        ("#ff0000", "#ffffff", 3.998),
        ("#00000080", "#ffffff", 4.004),  # 50% (128/255) black laid over white is #7f7f7f
    ],
)
def test_contrast_math_known_pairs(fg, bg, expected):
    assert contrast_ratio(fg, bg) == pytest.approx(expected, abs=0.005)


def test_contrast_is_symmetric_and_accepts_css_colours():
    assert contrast_ratio("#1e3c9e", "white") == pytest.approx(contrast_ratio("white", "#1e3c9e"))
    assert contrast_ratio("rgb(0 0 0)", "#fff") == pytest.approx(21.0)


# --- the pipeline on small fixtures ----------------------------------------------------------------------------


def test_valid_fixture_resolves_chains_types_and_colour_spaces():
    ts = load_tokens(FIXTURES / "valid")
    hover = ts.get("werkcentrum.color.link-hover")
    assert hover.alias_of == "werkcentrum.color.link"
    assert hover.value == "#003399" and hover.type == "color"
    assert ts.get("werkcentrum.color.primary").description == "Hoofdkleur."
    assert ts.value("werkcentrum.color.palette.rood-hsl") == "#ff0000"
    assert ts.value("werkcentrum.color.palette.groen-oklch") == Color("oklch", [0.5, 0.12, 150]).convert("srgb").fit(
        "srgb"
    ).to_string(hex=True)
    assert ts.value("werkcentrum.color.palette.half-zwart") == "#00000080"
    assert ts.value("werkcentrum.font.family.base") == ["Arial"]
    assert ts.value("werkcentrum.font.family.heading") == ["Arial"]
    assert ts.value("werkcentrum.font.weight.bold") == 700
    assert ts.value("werkcentrum.motion.fast") == "150ms"
    assert ts.value("werkcentrum.motion.ease") == [0.4, 0, 0.2, 1]
    assert list(ts.colors()) == [p for p in ts.tokens if p.startswith("werkcentrum.color.")]
    assert set(ts.by_prefix("werkcentrum.font")) == {
        "werkcentrum.font.family.base",
        "werkcentrum.font.family.heading",
        "werkcentrum.font.weight.bold",
    }


def test_alias_values_are_not_shared_lists():
    ts = load_tokens(FIXTURES / "valid")
    assert ts.value("werkcentrum.font.family.heading") is not ts.value("werkcentrum.font.family.base")


def test_tokenset_get_and_frozen_token(tokens):
    with pytest.raises(KeyError, match="geen token"):
        tokens.get("werkcentrum.color.bestaat-niet")
    with pytest.raises(dataclasses.FrozenInstanceError):
        tokens.get("werkcentrum.color.text").value = "#000000"  # type: ignore[misc]
    assert isinstance(tokens["werkcentrum.color.text"], Token)


def errors_of(case: str) -> list[TokenError]:
    with pytest.raises(TokenErrors) as info:
        load_tokens(FIXTURES / case)
    errs = info.value.errors
    assert errs and all(isinstance(e, TokenError) for e in errs)
    for e in errs:
        assert DUTCH_WORDS.search(e.message), e.message
        assert e.hint, e
        assert e.file.startswith(f"tests/fixtures/tokens/{case}/"), e.file
    return errs


BAD_CASES = [
    ("unknown-type", "werkcentrum.color.wit", "type 'colour' bestaat niet"),
    ("bad-color", "werkcentrum.color.as-text", "als tekst geschreven"),
    ("bad-color", "werkcentrum.color.out-of-range", "buiten 0 tot 1"),
    ("bad-color", "werkcentrum.color.hex-mismatch", "andere kleur"),
    ("bad-color", "werkcentrum.color.no-space", "kleurruimte"),
    ("bad-dimension", "werkcentrum.spacing.as-text", "maat '16px'"),
    ("bad-dimension", "werkcentrum.spacing.bad-unit", "eenheid 'em' is hier niet toegestaan"),
    ("bad-dimension", "werkcentrum.spacing.no-number", "geen getal"),
    ("unknown-alias", "werkcentrum.color.link", "{werkcentrum.color.palette.blauw-70} bestaat niet"),
    ("alias-to-group", "werkcentrum.color.background", "wijst naar een groep"),
    ("duplicate-path", "werkcentrum.color.wit", "staat dubbel"),
    ("missing-value", "werkcentrum.spacing.small", "geen $value"),
    ("missing-value", "werkcentrum.spacing.large", "geen $value"),
]


@pytest.mark.parametrize("case,path,message", BAD_CASES)
def test_bad_token_file_names_token_and_problem(case, path, message):
    errs = errors_of(case)
    matching = [e for e in errs if e.token_path == path]
    assert matching, [str(e) for e in errs]
    assert any(message in e.message for e in matching), [e.message for e in matching]


@pytest.mark.parametrize(
    "case,count", [("bad-color", 4), ("bad-dimension", 3), ("missing-value", 2), ("unknown-alias", 1)]
)
def test_all_problems_are_reported(case, count):
    assert len(errors_of(case)) == count


def test_unknown_alias_suggests_the_near_name():
    (err,) = errors_of("unknown-alias")
    assert "{werkcentrum.color.palette.blauw-700}" in err.hint


def test_alias_to_group_suggests_a_token():
    (err,) = errors_of("alias-to-group")
    assert "{werkcentrum.color.palette.wit}" in err.hint


def test_circular_alias_names_the_cycle_once():
    errs = errors_of("circular-alias")
    assert len(errs) == 1  # c points into the cycle: not reported again
    assert errs[0].token_path == "werkcentrum.color.a"
    assert "werkcentrum.color.a -> werkcentrum.color.b -> werkcentrum.color.a" in errs[0].message


def test_duplicate_path_names_both_files():
    (err,) = errors_of("duplicate-path")
    assert err.file.endswith("b.tokens.json") and "a.tokens.json" in err.message


def test_invalid_json_reports_the_line():
    (err,) = errors_of("invalid-json")
    assert err.line == 6 and "regel 6" in err.message and "komma" in err.message
    assert err.token_path == ""


def test_many_errors_across_files_are_all_reported():
    errs = errors_of("many-errors")
    got = {(Path(e.file).name, e.token_path) for e in errs}
    assert got == {
        ("one.tokens.json", "werkcentrum.weight"),  # unknown group $type, reported once on the group
        ("one.tokens.json", "werkcentrum.color.link"),
        ("one.tokens.json", "werkcentrum.color.bad"),
        ("one.tokens.json", "werkcentrum.size.small"),
        ("two.tokens.json", "werkcentrum.color.wit"),
        ("two.tokens.json", "werkcentrum.Spacing"),
    }
    assert "fontWeight" in next(e for e in errs if e.token_path == "werkcentrum.weight").hint
    assert str(errs[0]) in str(TokenErrors(errs)) and str(TokenErrors(errs)).startswith("6 fouten")


def test_missing_folder_is_a_token_error(tmp_path):
    with pytest.raises(TokenErrors, match="geen \\*.tokens.json"):
        load_tokens(tmp_path)
    with pytest.raises(TokenErrors, match="bestaat niet"):
        load_tokens(tmp_path / "nergens")


def test_token_error_str_format():
    e = TokenError(
        "brandbook/tokens/roles.tokens.json",
        "werkcentrum.color.link",
        "De verwijzing bestaat niet.",
        "Controleer de naam.",
    )
    assert (
        str(e)
        == "brandbook/tokens/roles.tokens.json: werkcentrum.color.link: De verwijzing bestaat niet. (Controleer de naam.)"
    )
    assert (e.file, e.token_path, e.message, e.hint) == (
        "brandbook/tokens/roles.tokens.json",
        "werkcentrum.color.link",
        "De verwijzing bestaat niet.",
        "Controleer de naam.",
    )


# --- transforms ------------------------------------------------------------------------------------------------


def test_transforms_are_registered_and_documented():
    for name in ("color/hex", "dimension/css", "fontFamily/css", "fontWeight/number", "number/css", "name/css"):
        assert name in TRANSFORMS
        assert "->" in (TRANSFORMS[name].__doc__ or ""), name
    assert transform("color/hex", {"colorSpace": "srgb", "components": [0, 0.2, 0.4]}) == "#003366"
    assert transform("dimension/css", {"value": 1.5, "unit": "rem"}) == "1.5rem"
    assert transform("dimension/css", {"value": 16, "unit": "px"}) == "16px"
    assert transform("fontFamily/css", ["Atkinson Hyperlegible Next", "-apple-system", "Segoe UI", "sans-serif"]) == (
        '"Atkinson Hyperlegible Next", -apple-system, "Segoe UI", sans-serif'
    )
    assert transform("fontWeight/number", "semi-bold") == 600
    assert transform("name/css", "werkcentrum.color.palette.blauw-700") == "--werkcentrum-color-palette-blauw-700"


# --- CSS output ------------------------------------------------------------------------------------------------


def declarations(css: str) -> dict[str, str]:
    found = DECL_RE.findall(css)
    names = [n for n, _ in found]
    assert len(names) == len(set(names)), "a variable is declared twice"
    return dict(found)


def test_css_contains_every_token(tokens):
    decls = declarations(css_variables(tokens))
    assert set(decls) == {"--" + p.replace(".", "-") for p in tokens.tokens}
    assert decls["--werkcentrum-color-palette-blauw-700"] == "#1e3c9e"
    assert decls["--werkcentrum-color-text"] == "var(--werkcentrum-color-palette-grijs-900)"
    assert decls["--werkcentrum-spacing-4"] == "1rem"
    assert decls["--werkcentrum-font-weight-bold"] == "700"
    assert decls["--werkcentrum-font-family-base"].startswith('"Atkinson Hyperlegible Next", system-ui,')


def test_css_roles_show_the_layering_and_every_var_is_defined(tokens):
    css = css_variables(tokens)
    decls = declarations(css)
    for role in ROLES:
        assert decls[f"--werkcentrum-color-{role}"].startswith("var(--werkcentrum-color-palette-"), role
    for ref in re.findall(r"var\((--[a-z0-9-]+)\)", css):
        assert ref in decls, ref
    # The final value stays readable next to the reference.
    assert "--werkcentrum-color-primary: var(--werkcentrum-color-palette-blauw-700); /* #1e3c9e */" in css


def test_css_header_names_source_files_without_timestamps(tokens):
    css = css_variables(tokens)
    header = css.split(":root", 1)[0]
    assert "brandbook/tokens/palette.tokens.json" in header and "generated" in header.lower()
    assert str(ROOT) not in css
    assert not re.search(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}", header)


def test_css_is_deterministic():
    assert css_variables(load_tokens(TOKENS_DIR)) == css_variables(load_tokens(TOKENS_DIR))


def test_css_matches_golden_file(tokens):
    css = css_variables(tokens)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(css, encoding="utf-8", newline="\n")
    assert GOLDEN.exists(), "golden file missing: run UPDATE_GOLDEN=1 pytest tests/test_tokens.py"
    assert css == GOLDEN.read_text(encoding="utf-8"), (
        "CSS differs from tests/golden/tokens.css (UPDATE_GOLDEN=1 to accept)"
    )


def test_cli_prints_css_and_fails_on_errors(capsys):
    from generator.tokens.__main__ import main

    assert main([str(TOKENS_DIR)]) == 0
    assert capsys.readouterr().out == css_variables(load_tokens(TOKENS_DIR))
    assert main([str(FIXTURES / "circular-alias")]) == 1
    assert "Kringverwijzing" in capsys.readouterr().err


# --- fonts -----------------------------------------------------------------------------------------------------

TTF_FILES = sorted(FONTS_DIR.glob("*.ttf"))
WOFF2_FILES = sorted(FONTS_DIR.glob("*.woff2"))


def test_expected_font_files_are_shipped():
    stems = {
        "atkinson-hyperlegible-next-400-normal",
        "atkinson-hyperlegible-next-700-normal",
        "atkinson-hyperlegible-next-400-italic",
    }
    assert {p.stem for p in TTF_FILES} == stems
    assert {p.stem for p in WOFF2_FILES} == stems
    assert (FONTS_DIR / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE Version 1.1") == 1
    assert sum(p.stat().st_size for p in [*TTF_FILES, *WOFF2_FILES]) < 400_000


@pytest.mark.parametrize("path", WOFF2_FILES, ids=lambda p: p.name)
def test_woff2_signature(path):
    assert path.read_bytes()[:4] == b"wOF2"


@pytest.mark.parametrize("path", TTF_FILES, ids=lambda p: p.name)
def test_ttf_loads_and_renders_in_pillow(path):
    font = ImageFont.truetype(str(path), 48)
    assert font.getname()[0] == "Atkinson Hyperlegible Next"
    left, top, right, bottom = font.getbbox(REGION_NAME)
    assert right - left > 500 and bottom - top > 20
    image = Image.new("L", (right + 20, bottom + 20), 0)
    ImageDraw.Draw(image).text((10, 10), REGION_NAME, font=font, fill=255)
    ink = image.getbbox()  # bounding box of the drawn (non-black) pixels
    assert ink is not None and ink[2] - ink[0] > 500 and ink[3] - ink[1] > 20


def test_font_weights_differ():
    regular = ImageFont.truetype(str(font_file(400)), 48)
    bold = ImageFont.truetype(str(font_file(700)), 48)
    assert regular.getname()[1] != bold.getname()[1]
    assert bold.getlength(REGION_NAME) > regular.getlength(REGION_NAME)


def test_font_files_and_font_face_css():
    files = font_files()
    assert all(p.exists() for p in files)
    assert [p.suffix for p in files] == [".woff2"] * 3 + [".txt"]
    assert font_files(include_license=False) == files[:3]
    css = font_face_css("../fonts")
    assert css.count("@font-face") == 3
    assert css.count("font-display: swap;") == 3
    for p in files[:3]:
        assert f'url("../fonts/{p.name}") format("woff2")' in css
    assert "font-style: italic;" in css and "font-weight: 700;" in css
    assert font_face_css("assets/fonts/") == font_face_css("assets/fonts")
    with pytest.raises(KeyError):
        font_file(700, "italic")


# --- runtime dependencies --------------------------------------------------------------------------------------


def test_token_package_uses_only_stdlib_and_coloraide():
    allowed = set(sys.stdlib_module_names) | {"coloraide", "__future__"}
    for module in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = [(node.module or "").split(".")[0]]
            else:
                continue
            assert set(roots) <= allowed, f"{module.name}: {roots}"

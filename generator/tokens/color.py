"""Colour helpers: DTCG colour objects to hex, and WCAG 2.1 contrast (via coloraide)."""

from __future__ import annotations

import math
import re
from typing import Any

from coloraide import Color

from .errors import TransformError

# DTCG colorSpace name -> (coloraide space, factor per component to go from DTCG ranges to coloraide ranges).
# DTCG writes hsl/hwb saturation, lightness, whiteness and blackness as 0..100; coloraide uses 0..1.
COLOR_SPACES: dict[str, tuple[str, tuple[float, float, float]]] = {
    "srgb": ("srgb", (1, 1, 1)),
    "srgb-linear": ("srgb-linear", (1, 1, 1)),
    "hsl": ("hsl", (1, 0.01, 0.01)),
    "hwb": ("hwb", (1, 0.01, 0.01)),
    "lab": ("lab", (1, 1, 1)),
    "lch": ("lch", (1, 1, 1)),
    "oklab": ("oklab", (1, 1, 1)),
    "oklch": ("oklch", (1, 1, 1)),
    "display-p3": ("display-p3", (1, 1, 1)),
    "a98-rgb": ("a98-rgb", (1, 1, 1)),
    "prophoto-rgb": ("prophoto-rgb", (1, 1, 1)),
    "rec2020": ("rec2020", (1, 1, 1)),
    "xyz-d65": ("xyz-d65", (1, 1, 1)),
    "xyz-d50": ("xyz-d50", (1, 1, 1)),
}
_RGB_SPACES = {"srgb", "srgb-linear", "display-p3", "a98-rgb", "prophoto-rgb", "rec2020"}
_HEX_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
_EXAMPLE = '{"colorSpace": "srgb", "components": [0.12, 0.24, 0.62], "hex": "#1e3d9e"}'


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def dtcg_to_color(value: Any) -> Color:
    """Parse a DTCG 2025.10 colour object into a coloraide ``Color``; raises ``TransformError``."""
    if isinstance(value, str):
        raise TransformError(
            f"De kleur '{value}' is als tekst geschreven.",
            f"In DTCG 2025.10 is een kleur een object, bijvoorbeeld {_EXAMPLE}",
        )
    if not isinstance(value, dict):
        raise TransformError("De kleur is geen object.", f"Schrijf een kleur zo: {_EXAMPLE}")
    extra = sorted(set(value) - {"colorSpace", "components", "alpha", "hex"})
    if extra:
        raise TransformError(
            f"De kleur heeft een onbekend veld: {', '.join(extra)}.",
            "Een kleur heeft alleen colorSpace, components, alpha en hex.",
        )
    space = value.get("colorSpace")
    if space not in COLOR_SPACES:
        raise TransformError(
            f"De kleurruimte {space!r} bestaat niet."
            if space is not None
            else "De kleurruimte (colorSpace) ontbreekt.",
            'Gebruik meestal "srgb". Ook mogelijk: ' + ", ".join(sorted(COLOR_SPACES)) + ".",
        )
    comps = value.get("components")
    if not isinstance(comps, list) or len(comps) != 3 or not all(_is_number(c) or c == "none" for c in comps):
        raise TransformError(
            "De kleur heeft geen goede components.",
            "Geef precies 3 getallen, bijvoorbeeld [0.12, 0.24, 0.62].",
        )
    if space in _RGB_SPACES and not all(c == "none" or 0 <= c <= 1 for c in comps):
        raise TransformError(
            f"Een component van de kleur ligt buiten 0 tot 1: {comps}.",
            f"In {space} ligt elke component tussen 0 en 1. Voor 0 tot 255: deel door 255.",
        )
    alpha = value.get("alpha", 1)
    if not _is_number(alpha) or not 0 <= alpha <= 1:
        raise TransformError(f"De doorzichtigheid (alpha) is ongeldig: {alpha!r}.", "Geef een getal van 0 tot 1.")
    cs_id, factors = COLOR_SPACES[space]
    coords = [math.nan if c == "none" else c * f for c, f in zip(comps, factors, strict=True)]
    color = Color(cs_id, coords, alpha)
    hex_value = value.get("hex")
    if hex_value is not None:
        if not isinstance(hex_value, str) or not _HEX_RE.match(hex_value):
            raise TransformError(
                f"De hex-waarde {hex_value!r} is ongeldig.", 'Schrijf hex als # met 6 tekens, bijvoorbeeld "#1e3c9e".'
            )
        opaque = _hex(color.clone().set("alpha", 1))
        # Out of the sRGB gamut, hex is a tool's own fallback: it cannot be checked exactly.
        if color.in_gamut("srgb", tolerance=0.0005) and opaque != hex_value.lower():
            raise TransformError(
                f"De hex-waarde {hex_value} is een andere kleur dan de components ({opaque}).",
                "Maak hex en components gelijk, of laat hex weg.",
            )
    return color


def _hex(color: Color) -> str:
    return color.convert("srgb").fit("srgb").to_string(hex=True)


def dtcg_to_hex(value: Any) -> str:
    """DTCG colour object -> ``"#rrggbb"`` (``"#rrggbbaa"`` when alpha < 1), gamut-mapped into sRGB."""
    return _hex(dtcg_to_color(value))


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2.1 contrast ratio of two CSS colours (1.0 to 21.0); a translucent ``fg`` is first laid over ``bg``."""
    bg_color = Color(bg)
    if bg_color.alpha() < 1:
        bg_color = Color.layer([bg_color, "white"], space="srgb")
    fg_color = Color(fg)
    if fg_color.alpha() < 1:
        fg_color = Color.layer([fg_color, bg_color], space="srgb")
    return fg_color.contrast(bg_color, method="wcag21")

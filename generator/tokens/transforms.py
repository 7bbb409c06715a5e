"""Transforms: small pure functions, registered by name, that turn one DTCG value into its output form.

Value transforms (``color/hex``, ``dimension/css`` ...) validate and normalise a literal ``$value``; they raise
``TransformError`` with a Dutch message. CSS transforms (``fontFamily/css`` ...) format a resolved value.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from .color import dtcg_to_hex
from .errors import TransformError

Transform = Callable[[Any], Any]
TRANSFORMS: dict[str, Transform] = {}


def register(name: str) -> Callable[[Transform], Transform]:
    """Register a transform under ``name`` (e.g. ``"color/hex"``)."""

    def deco(fn: Transform) -> Transform:
        TRANSFORMS[name] = fn
        return fn

    return deco


def transform(name: str, value: Any) -> Any:
    """Apply the transform registered as ``name``."""
    return TRANSFORMS[name](value)


def _is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def format_number(x: float) -> str:
    """1.0 -> "1", 0.875 -> "0.875", 1/3 -> "0.333333": short, stable, valid in CSS."""
    if float(x).is_integer():
        return str(int(x))
    text = f"{x:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- value transforms: DTCG literal -> Token.value -------------------------------------------------------------


@register("color/hex")
def color_hex(value: Any) -> str:
    """{"colorSpace": "srgb", "components": [0, 0.2, 0.4]} -> "#003366"."""
    return dtcg_to_hex(value)


DIMENSION_UNITS = ("px", "rem")
_DIMENSION_EXAMPLE = '{"value": 1, "unit": "rem"}'


@register("dimension/css")
def dimension_css(value: Any) -> str:
    """{"value": 1.5, "unit": "rem"} -> "1.5rem"."""
    if isinstance(value, str):
        raise TransformError(
            f"De maat '{value}' is als tekst geschreven.",
            f"In DTCG 2025.10 is een maat een object, bijvoorbeeld {_DIMENSION_EXAMPLE}.",
        )
    if not isinstance(value, dict) or set(value) != {"value", "unit"}:
        raise TransformError("De maat is ongeldig.", f"Schrijf een maat als {_DIMENSION_EXAMPLE}.")
    number, unit = value["value"], value["unit"]
    if not _is_number(number):
        raise TransformError(
            f"De maat heeft geen getal maar {number!r}.", f"Schrijf een maat als {_DIMENSION_EXAMPLE}."
        )
    if unit not in DIMENSION_UNITS:
        raise TransformError(f"De eenheid {unit!r} is hier niet toegestaan.", 'Gebruik "rem" of "px".')
    return f"{format_number(number)}{unit}"


@register("duration/css")
def duration_css(value: Any) -> str:
    """{"value": 200, "unit": "ms"} -> "200ms"."""
    if (
        not isinstance(value, dict)
        or set(value) != {"value", "unit"}
        or not _is_number(value["value"])
        or value["unit"] not in ("ms", "s")
    ):
        raise TransformError("De tijdsduur is ongeldig.", 'Schrijf een tijdsduur als {"value": 200, "unit": "ms"}.')
    return f"{format_number(value['value'])}{value['unit']}"


@register("fontFamily/list")
def font_family_list(value: Any) -> list[str]:
    """ "Arial" -> ["Arial"]; ["A B", "serif"] stays a list."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n.strip() for n in names):
        raise TransformError(
            "De letterfamilie is ongeldig.",
            'Geef een naam of een lijst namen, bijvoorbeeld ["Atkinson Hyperlegible Next", "sans-serif"].',
        )
    return [n.strip() for n in names]


FONT_WEIGHT_NAMES = {
    "thin": 100, "hairline": 100,
    "extra-light": 200, "ultra-light": 200,
    "light": 300,
    "normal": 400, "regular": 400, "book": 400,
    "medium": 500,
    "semi-bold": 600, "demi-bold": 600,
    "bold": 700,
    "extra-bold": 800, "ultra-bold": 800,
    "black": 900, "heavy": 900,
    "extra-black": 950, "ultra-black": 950,
}  # fmt: skip


@register("fontWeight/number")
def font_weight_number(value: Any) -> int:
    """ "bold" -> 700; 400 -> 400."""
    if isinstance(value, str) and value in FONT_WEIGHT_NAMES:
        return FONT_WEIGHT_NAMES[value]
    if _is_number(value) and 1 <= value <= 1000 and float(value).is_integer():
        return int(value)
    raise TransformError(
        f"Het letterdikte-getal {value!r} is ongeldig.",
        'Geef een heel getal van 1 tot 1000 (400 is gewoon, 700 is vet) of een naam zoals "bold".',
    )


@register("number/plain")
def number_plain(value: Any) -> int | float:
    """1.5 -> 1.5 (checked: a real number, not text or true/false)."""
    if not _is_number(value):
        raise TransformError(
            f"Hier hoort een getal, maar er staat {value!r}.",
            "Schrijf een getal zonder aanhalingstekens, bijvoorbeeld 1.5.",
        )
    return value


@register("cubicBezier/list")
def cubic_bezier_list(value: Any) -> list[float]:
    """[0.4, 0, 0.2, 1] -> [0.4, 0, 0.2, 1] (checked: 4 numbers, x values 0..1)."""
    if not (
        isinstance(value, list)
        and len(value) == 4
        and all(_is_number(v) for v in value)
        and 0 <= value[0] <= 1
        and 0 <= value[2] <= 1
    ):
        raise TransformError(
            "De curve is ongeldig.",
            "Geef 4 getallen, bijvoorbeeld [0.4, 0, 0.2, 1]; het 1e en 3e getal liggen tussen 0 en 1.",
        )
    return list(value)


# Which value transform turns a literal of each supported $type into Token.value.
VALUE_TRANSFORMS: dict[str, str] = {
    "color": "color/hex",
    "dimension": "dimension/css",
    "duration": "duration/css",
    "fontFamily": "fontFamily/list",
    "fontWeight": "fontWeight/number",
    "number": "number/plain",
    "cubicBezier": "cubicBezier/list",
}
SUPPORTED_TYPES = frozenset(VALUE_TRANSFORMS)
# Composite types exist in DTCG 2025.10, but this toolkit does not handle them (yet).
COMPOSITE_TYPES = frozenset({"strokeStyle", "border", "transition", "shadow", "gradient", "typography"})

# --- CSS transforms: Token.value -> CSS text ---------------------------------------------------------------------

GENERIC_FAMILIES = frozenset({
    "serif", "sans-serif", "monospace", "cursive", "fantasy", "system-ui", "math", "emoji", "fangsong",
    "ui-serif", "ui-sans-serif", "ui-monospace", "ui-rounded",
})  # fmt: skip
_CSS_WIDE = frozenset({"inherit", "initial", "unset", "revert", "revert-layer", "default"})
_IDENT_RE = re.compile(r"^-?[A-Za-z_][A-Za-z0-9_-]*$")


def css_string(text: str) -> str:
    """Segoe UI -> "Segoe UI" (a double-quoted CSS string)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


@register("fontFamily/css")
def font_family_css(value: list[str]) -> str:
    """["Atkinson Hyperlegible Next", "Arial", "sans-serif"] -> "Atkinson Hyperlegible Next", Arial, sans-serif."""
    out = []
    for name in value:
        if name in GENERIC_FAMILIES or (_IDENT_RE.match(name) and name.lower() not in _CSS_WIDE):
            out.append(name)
        else:
            out.append(css_string(name))
    return ", ".join(out)


@register("number/css")
def number_css(value: int | float) -> str:
    """1.50 -> "1.5"; 700 -> "700"."""
    return format_number(value)


@register("cubicBezier/css")
def cubic_bezier_css(value: list[float]) -> str:
    """[0.4, 0, 0.2, 1] -> "cubic-bezier(0.4, 0, 0.2, 1)"."""
    return "cubic-bezier(" + ", ".join(format_number(v) for v in value) + ")"


@register("name/css")
def name_css(path: str) -> str:
    """werkcentrum.color.text -> --werkcentrum-color-text."""
    return "--" + path.replace(".", "-")


# Which CSS transform writes a resolved value of each type; types not listed are already CSS text.
CSS_TRANSFORMS: dict[str, str] = {
    "fontFamily": "fontFamily/css",
    "fontWeight": "number/css",
    "number": "number/css",
    "cubicBezier": "cubicBezier/css",
}


def css_value(type_: str, value: Any) -> str:
    """A resolved token value as CSS text, by its type."""
    name = CSS_TRANSFORMS.get(type_)
    return transform(name, value) if name else str(value)

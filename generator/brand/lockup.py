"""The logo lockup: a mark (a block in the brand colour with an open door), "Werkcentrum" and the region name.

tokens -> ``LogoGeometry`` -> ``layout`` (pure geometry in cap-height units) -> ``svg`` / ``png``. All sizes are
factors of the cap height of the word Werkcentrum (the ``werkcentrum.logo.*`` tokens). A long region name wraps
by one rule, ``wrap_region``: a region line is never wider than the word Werkcentrum above it; the text never
shrinks, the lockup grows downwards instead.
"""

from __future__ import annotations

import html
import io
from dataclasses import dataclass
from functools import lru_cache
from itertools import combinations
from pathlib import Path

from PIL import Image, ImageDraw

from ..tokens import FONTS_DIR
from .typeset import Run, face, pil_font

WORDMARK = "Werkcentrum"
# A region line may be as wide as the word Werkcentrum, not wider (the rule the brandbook states).
WRAP_FACTOR = 1.0
# The door in the mark, as fractions of the mark: its width and where its arch starts.
DOOR_WIDTH = 0.32
DOOR_TOP = 0.3
# Pixels per cap height of the downloadable PNG: the mark is then 2.1 x 64 = 134 px high.
PNG_PX_PER_CAP = 64
# Supersampling for the mark's curves: Pillow draws shapes without anti-aliasing.
_SUPERSAMPLE = 4


@dataclass(frozen=True)
class LogoColors:
    """Colours of one variant; ``detail=None`` cuts the door out of the mark (for dark backgrounds)."""

    mark: str
    detail: str | None
    wordmark: str
    region: str


@dataclass(frozen=True)
class LogoGeometry:
    """The ``werkcentrum.logo.*`` tokens, in cap-height units."""

    clear_space: float
    min_height_px: float
    mark_ratio: float
    mark_height: float
    mark_radius: float
    wordmark_gap: float
    line_gap: float
    region_scale: float
    line_height: float
    wordmark_weight: int
    region_weight: int
    colors: LogoColors
    inverse: LogoColors
    fonts: Path = FONTS_DIR  # the project's brandbook/fonts

    @property
    def mark_width(self) -> float:
        return self.mark_height * self.mark_ratio


def geometry(tokens, fonts: Path = FONTS_DIR) -> LogoGeometry:
    """Read the logo tokens (and the tight line height for a wrapped region name); ``fonts`` is the project's
    font folder."""
    v = lambda name: tokens.value(f"werkcentrum.logo.{name}")  # noqa: E731
    inverse = v("color.wordmark-inverse")
    return LogoGeometry(
        clear_space=v("clear-space"),
        min_height_px=v("min-height-px"),
        mark_ratio=v("mark-ratio"),
        mark_height=v("mark-height"),
        mark_radius=v("mark-radius"),
        wordmark_gap=v("wordmark-gap"),
        line_gap=v("line-gap"),
        region_scale=v("region-scale"),
        line_height=tokens.value("werkcentrum.font.line-height.tight"),
        wordmark_weight=v("weight.wordmark"),
        region_weight=v("weight.region"),
        colors=LogoColors(v("color.mark"), v("color.mark-detail"), v("color.wordmark"), v("color.region")),
        inverse=LogoColors(inverse, None, inverse, inverse),
        fonts=fonts,
    )


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(frozen=True)
class TextLine:
    """A run placed on the canvas: pen start ``x``, ``baseline``, and cap units per font unit ``k``."""

    run: Run
    x: float
    baseline: float
    k: float
    role: str  # "wordmark" or "region"

    @property
    def width(self) -> float:
        return self.run.advance * self.k


@dataclass(frozen=True)
class Lockup:
    """A laid-out lockup in cap-height units, clear space included."""

    name: str
    width: float
    height: float
    clear_space: float
    mark: Box
    mark_radius: float
    lines: tuple[TextLine, ...]
    region_lines: tuple[str, ...]
    region_limit: float
    fonts: Path = FONTS_DIR  # the font folder the lines were set from

    @property
    def content(self) -> Box:
        """The lockup without its clear space."""
        c = self.clear_space
        return Box(c, c, self.width - 2 * c, self.height - 2 * c)

    def ink_box(self) -> Box:
        """Everything drawn: the mark and the ink of every glyph."""
        x0, y0, x1, y1 = self.mark.x, self.mark.y, self.mark.right, self.mark.bottom
        for line in self.lines:
            x0 = min(x0, line.x + line.run.ink_left * line.k)
            x1 = max(x1, line.x + line.run.ink_right * line.k)
            y0 = min(y0, line.baseline - line.run.ink_top * line.k)
            y1 = max(y1, line.baseline - line.run.ink_bottom * line.k)
        return Box(x0, y0, x1 - x0, y1 - y0)


# --- layout ---------------------------------------------------------------------------------------------------


def _break_points(name: str) -> list[tuple[int, int, bool]]:
    """Where a name may break: ``(end of line, start of next line, is_hyphen)``; after a space or a hyphen."""
    points = []
    for i, char in enumerate(name):
        if char == " ":
            points.append((i, i + 1, False))
        elif char in "-\u2010" and 0 < i < len(name) - 1 and name[i + 1] != " ":
            points.append((i + 1, i + 1, True))
    return points


def wrap_region(name: str, measure, limit: float) -> tuple[str, ...]:
    """Split ``name`` into lines no wider than ``limit`` (``measure(text)`` gives a width).

    Fewest lines first, then the most even lines, then fewer breaks after a hyphen, then the longer line on top.
    A part that cannot be broken and is still too wide stands on its own line: the text grows, it never shrinks.
    """
    if measure(name) <= limit:
        return (name,)
    points = _break_points(name)
    if len(points) > 12:  # never for real names; keeps the search small for odd input
        points = points[:12]
    best, best_score = (name,), None
    for count in range(1, len(points) + 1):
        for chosen in combinations(points, count):
            lines, start = [], 0
            for end, nxt, _ in chosen:
                lines.append(name[start:end])
                start = nxt
            lines.append(name[start:])
            if any(not line.strip() for line in lines):
                continue
            widths = [measure(line) for line in lines]
            overflow = sum(max(0.0, w - limit) for w in widths)
            score = (
                round(overflow, 6),
                len(lines),
                round(max(widths), 6),
                sum(p[2] for p in chosen),
                tuple(-round(w, 6) for w in widths),  # a tie: the longer line on top
            )
            if best_score is None or score < best_score:
                best, best_score = tuple(lines), score
    return best


@lru_cache(maxsize=256)
def layout(region: str | None, geo: LogoGeometry, *, wrap: bool = True, clear_space: bool = True) -> Lockup:
    """Place the mark and the text; ``region=None`` gives the national lockup (mark and Werkcentrum)."""
    wf, rf = face(geo.wordmark_weight, geo.fonts), face(geo.region_weight, geo.fonts)
    k_word = 1 / wf.cap_height
    k_region = geo.region_scale / rf.cap_height
    mark = Box(0.0, 0.0, geo.mark_width, geo.mark_height)
    text_x = mark.w + geo.wordmark_gap
    word = wf.run(WORDMARK)
    limit = word.advance * k_word * WRAP_FACTOR

    if region is None:
        # Cap height centred on the mark.
        lines = [TextLine(word, text_x, mark.h / 2 + 0.5, k_word, "wordmark")]
        region_lines: tuple[str, ...] = ()
    else:
        measure = lambda text: rf.run(text).advance * k_region  # noqa: E731
        region_lines = wrap_region(region, measure, limit) if wrap else (region,)
        first = 1 + geo.line_gap + geo.region_scale
        step = geo.line_height * rf.upm * k_region
        lines = [TextLine(word, text_x, 1.0, k_word, "wordmark")]
        lines += [
            TextLine(rf.run(text), text_x, first + i * step, k_region, "region") for i, text in enumerate(region_lines)
        ]

    # Content box: the mark and the ink of each line (clear space is measured from what you see), and the
    # standard descender below the last line, so lockups with and without a g, j, p or y are equally deep.
    left, top, right, bottom = mark.x, mark.y, mark.right, mark.bottom
    for line in lines:
        f = wf if line.role == "wordmark" else rf
        left = min(left, line.x + line.run.ink_left * line.k)
        right = max(right, line.x + line.run.ink_right * line.k)
        top = min(top, line.baseline - line.run.ink_top * line.k)
        bottom = max(bottom, line.baseline - min(line.run.ink_bottom, f.descender) * line.k)
    space = geo.clear_space if clear_space else 0.0
    dx, dy = space - left, space - top
    moved = tuple(TextLine(l.run, l.x + dx, l.baseline + dy, l.k, l.role) for l in lines)
    name = WORDMARK if region is None else f"{WORDMARK} {region}"
    return Lockup(
        name=name,
        width=right - left + 2 * space,
        height=bottom - top + 2 * space,
        clear_space=space,
        mark=Box(mark.x + dx, mark.y + dy, mark.w, mark.h),
        mark_radius=geo.mark_radius * mark.w,
        lines=moved,
        region_lines=region_lines,
        region_limit=limit,
        fonts=geo.fonts,
    )


# --- SVG ------------------------------------------------------------------------------------------------------

_SVG_UNIT = 100  # SVG user units per cap height: readable numbers with two decimals


def num(value: float) -> str:
    """Short, stable number text for SVG: 12.0 -> "12", 0.12345 -> "0.1235"."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _rounded_rect_path(b: Box, r: float) -> str:
    x0, y0, x1, y1 = b.x, b.y, b.right, b.bottom
    arc = f"A{num(r)} {num(r)} 0 0 1"
    return (
        f"M{num(x0 + r)} {num(y0)}H{num(x1 - r)}{arc} {num(x1)} {num(y0 + r)}"
        f"V{num(y1 - r)}{arc} {num(x1 - r)} {num(y1)}H{num(x0 + r)}"
        f"{arc} {num(x0)} {num(y1 - r)}V{num(y0 + r)}{arc} {num(x0 + r)} {num(y0)}Z"
    )


def door(mark: Box) -> tuple[float, float, float, float]:
    """The door in the mark: ``(left, right, arch top, bottom)``; the arch is a half circle."""
    half = DOOR_WIDTH * mark.w / 2
    centre = mark.x + mark.w / 2
    return centre - half, centre + half, mark.y + DOOR_TOP * mark.h, mark.bottom


def _door_path(mark: Box) -> str:
    x0, x1, top, bottom = door(mark)
    r = (x1 - x0) / 2
    return f"M{num(x0)} {num(bottom)}V{num(top + r)}A{num(r)} {num(r)} 0 0 1 {num(x1)} {num(top + r)}V{num(bottom)}Z"


def _scaled(b: Box, s: float) -> Box:
    return Box(b.x * s, b.y * s, b.w * s, b.h * s)


def mark_svg_elements(mark: Box, radius: float, colors: LogoColors, s: float = 1.0) -> list[str]:
    """SVG elements of the mark at scale ``s``; a cut-out door uses the even-odd rule, so any background shows."""
    box, r = _scaled(mark, s), radius * s
    if colors.detail is None:
        return [f'<path fill="{colors.mark}" fill-rule="evenodd" d="{_rounded_rect_path(box, r)}{_door_path(box)}"/>']
    return [
        f'<path fill="{colors.mark}" d="{_rounded_rect_path(box, r)}"/>',
        f'<path fill="{colors.detail}" d="{_door_path(box)}"/>',
    ]


def svg(
    lockup: Lockup, colors: LogoColors, px_per_cap: float = PNG_PX_PER_CAP, extra: str = "", stretch: float = 1.0
) -> bytes:
    """The lockup as a standalone SVG; text is drawn as glyph outlines, so no font is needed to show it.

    ``extra`` is drawn on top (construction lines); ``stretch`` widens the picture without keeping its
    proportions: only for the brandbook's example of what not to do."""
    s = _SVG_UNIT
    name = html.escape(lockup.name, quote=True)  # a region name is data: '&' or '"' must not break the XML
    aspect = ' preserveAspectRatio="none"' if stretch != 1.0 else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{num(lockup.width * px_per_cap * stretch)}" '
        f'height="{num(lockup.height * px_per_cap)}" viewBox="0 0 {num(lockup.width * s)} {num(lockup.height * s)}"'
        f'{aspect} role="img" aria-label="{name}">',
        f"<title>{name}</title>",
        *mark_svg_elements(lockup.mark, lockup.mark_radius, colors, s),
    ]
    for line in lockup.lines:
        fill = colors.wordmark if line.role == "wordmark" else colors.region
        k = line.k * s
        f = face(line.run.weight, lockup.fonts)
        # Glyphs are in font units with y up: one matrix scales, flips and places the whole line.
        matrix = f"matrix({num(k)} 0 0 {num(-k)} {num(line.x * s)} {num(line.baseline * s)})"
        parts.append(f'<path fill="{fill}" transform="{matrix}" d="{f.svg_path(line.run.text)}"/>')
    if extra:
        parts.append(extra)
    parts.append("</svg>")
    return ("\n".join(parts) + "\n").encode("utf-8")


# --- PNG ------------------------------------------------------------------------------------------------------


def _rgb(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


@lru_cache(maxsize=64)
def mark_image(w: int, h: int, radius: float, fill: str, detail: str | None) -> Image.Image:
    """The mark as an RGBA image of ``w`` x ``h`` pixels, drawn large and scaled down for smooth edges."""
    s = _SUPERSAMPLE
    fill_rgb = _rgb(fill)
    big = Image.new("RGBA", (w * s, h * s), (*fill_rgb, 0))
    draw = ImageDraw.Draw(big)
    box = Box(0, 0, w * s, h * s)
    draw.rounded_rectangle((0, 0, box.w - 1, box.h - 1), radius=radius * s, fill=(*fill_rgb, 255))
    x0, x1, top, bottom = door(box)
    # A cut-out door keeps the mark's colour with zero alpha, so scaling down leaves no dark fringe.
    door_fill = (*fill_rgb, 0) if detail is None else (*_rgb(detail), 255)
    draw.ellipse((x0, top, x1 - 1, top + (x1 - x0) - 1), fill=door_fill)
    draw.rectangle((x0, top + (x1 - x0) / 2, x1 - 1, bottom), fill=door_fill)
    return big.reduce(s)


@lru_cache(maxsize=64)
def text_masks(lockup: Lockup, px: float) -> tuple[tuple[str, Image.Image], ...]:
    """The wordmark and the region lines as alpha masks: drawn once, then coloured for each variant."""
    size = (round(lockup.width * px), round(lockup.height * px))
    masks = []
    for role in ("wordmark", "region"):
        lines = [line for line in lockup.lines if line.role == role]
        if not lines:
            continue
        mask = Image.new("L", size, 0)
        draw = ImageDraw.Draw(mask)
        for line in lines:
            f = face(line.run.weight, lockup.fonts)
            font = pil_font(line.run.weight, round(f.upm * line.k * px, 3), lockup.fonts)
            for glyph in line.run.glyphs:
                if not glyph.char.isspace():
                    xy = ((line.x + glyph.x * line.k) * px, line.baseline * px)
                    draw.text(xy, glyph.char, font=font, fill=255, anchor="ls")
        masks.append((role, mask))
    return tuple(masks)


def lockup_image(lockup: Lockup, colors: LogoColors, px: float = PNG_PX_PER_CAP) -> Image.Image:
    """The lockup on a transparent canvas at ``px`` pixels per cap height."""
    size = (round(lockup.width * px), round(lockup.height * px))
    image = Image.new("RGBA", size, (*_rgb(colors.region), 0))
    m = lockup.mark
    w, h = round(m.w * px), round(m.h * px)
    mark = mark_image(w, h, lockup.mark_radius * px, colors.mark, colors.detail)
    image.alpha_composite(mark, (round(m.x * px), round(m.y * px)))
    for role, mask in text_masks(lockup, px):
        layer = Image.new("RGBA", size, colors.wordmark if role == "wordmark" else colors.region)
        layer.putalpha(mask)
        image.alpha_composite(layer)
    return image


def png_bytes(image: Image.Image, dpi: int | None = None) -> bytes:
    """PNG without metadata (no time, no text chunks): same pixels, same bytes. ``dpi`` writes the print
    resolution (a pHYs chunk), so layout programs place the file at its intended size.

    zlib's run-length strategy: about twice as fast as the default on these flat images, a little larger.
    """
    out = io.BytesIO()
    extra = {"dpi": (dpi, dpi)} if dpi else {}
    image.save(out, "PNG", compress_level=9, compress_type=3, **extra)
    return out.getvalue()


def png(lockup: Lockup, colors: LogoColors, px: float = PNG_PX_PER_CAP, dpi: int | None = None) -> tuple[bytes, Image.Image]:
    """The lockup as PNG bytes, and the image (for checks)."""
    image = lockup_image(lockup, colors, px)
    return png_bytes(image, dpi), image

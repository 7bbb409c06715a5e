"""Text in the brand font with one layout for PNG and SVG: fontTools metrics, GPOS pair kerning, glyph outlines.

Pillow and an SVG viewer would each lay out text their own way; here fontTools decides every glyph position
once (in font units), the SVG draws those glyphs as paths and Pillow draws the same glyphs at the same places.
So the PNG and the SVG of a lockup match, and the SVG needs no font on the visitor's machine.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools.pens.boundsPen import ControlBoundsPen
from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont
from PIL import ImageFont

from ..tokens import font_file

# Glyphs whose lowest point sets the standard descender, so every lockup has the same depth below the line.
_DESCENDERS = "gjpqy"


@dataclass(frozen=True)
class Glyph:
    name: str
    char: str
    x: int  # pen position in font units from the start of the line


@dataclass(frozen=True)
class Run:
    """One line of text set in one weight: glyphs with positions, its advance and ink extent (font units)."""

    text: str
    weight: int
    glyphs: tuple[Glyph, ...]
    advance: int
    ink_left: int
    ink_right: int
    ink_bottom: int  # lowest point, negative below the baseline
    ink_top: int  # highest point above the baseline


class Face:
    """One shipped weight of the brand font, read once per process."""

    def __init__(self, weight: int, folder: Path):
        self.weight = weight
        self.font = TTFont(str(font_file(weight, "normal", "ttf", folder)), lazy=True)
        self.upm = self.font["head"].unitsPerEm
        self.cap_height = self.font["OS/2"].sCapHeight
        self.cmap = self.font.getBestCmap()
        self.glyph_set = self.font.getGlyphSet()
        self.advances = {name: adv for name, (adv, _lsb) in self.font["hmtx"].metrics.items()}
        self._kern_subtables = _kern_subtables(self.font)
        self._kern_cache: dict[tuple[str, str], int] = {}
        self.descender = min(self.bounds(self.cmap[ord(c)])[1] for c in _DESCENDERS)

    def glyph_name(self, char: str) -> str:
        return self.cmap.get(ord(char), ".notdef")

    def has(self, char: str) -> bool:
        return ord(char) in self.cmap

    @lru_cache(maxsize=1024)
    def bounds(self, name: str) -> tuple[int, int, int, int]:
        """Ink box ``(xmin, ymin, xmax, ymax)`` of a glyph; a blank glyph gives zeros."""
        pen = ControlBoundsPen(self.glyph_set)
        self.glyph_set[name].draw(pen)
        return pen.bounds or (0, 0, 0, 0)

    def kerning(self, left: str, right: str) -> int:
        """Sum of the GPOS pair adjustments of the Latin ``kern`` feature for this pair."""
        key = (left, right)
        if key not in self._kern_cache:
            self._kern_cache[key] = sum(_pair_value(lookup, left, right) for lookup in self._kern_subtables)
        return self._kern_cache[key]

    @lru_cache(maxsize=256)
    def run(self, text: str) -> Run:
        glyphs, x, prev = [], 0, None
        ink_left, ink_right, ink_bottom, ink_top = 0, 0, 0, 0
        for char in text:
            name = self.glyph_name(char)
            if prev is not None:
                x += self.kerning(prev, name)
            xmin, ymin, xmax, ymax = self.bounds(name)
            if xmax > xmin:
                ink_left, ink_right = min(ink_left, x + xmin), max(ink_right, x + xmax)
                ink_bottom, ink_top = min(ink_bottom, ymin), max(ink_top, ymax)
            glyphs.append(Glyph(name, char, x))
            x += self.advances[name]
            prev = name
        return Run(text, self.weight, tuple(glyphs), x, ink_left, ink_right, ink_bottom, ink_top)

    def draw(self, text: str, pen) -> None:
        """Draw the outline of a whole run with a fontTools pen, in font units (y up, origin on the baseline).

        The SVG (``svg_path``) and the PDF (``pdf``) both draw through here: one set of outlines for both."""
        for glyph in self.run(text).glyphs:
            self.glyph_set[glyph.name].draw(TransformPen(pen, (1, 0, 0, 1, glyph.x, 0)))

    @lru_cache(maxsize=256)
    def svg_path(self, text: str) -> str:
        """The outline of a whole run as one SVG path in font units."""
        pen = SVGPathPen(self.glyph_set)
        self.draw(text, pen)
        return pen.getCommands()


def _kern_subtables(font: TTFont) -> list[list]:
    """The PairPos subtables of each lookup in the ``kern`` feature of the Latin (or default) script."""
    if "GPOS" not in font:
        return []
    table = font["GPOS"].table
    scripts = {rec.ScriptTag: rec.Script for rec in table.ScriptList.ScriptRecord}
    script = scripts.get("latn") or scripts.get("DFLT")
    if script is None or script.DefaultLangSys is None:
        return []
    indices: set[int] = set()
    for index in script.DefaultLangSys.FeatureIndex:
        record = table.FeatureList.FeatureRecord[index]
        if record.FeatureTag == "kern":
            indices.update(record.Feature.LookupListIndex)
    lookups = []
    for index in sorted(indices):
        lookup = table.LookupList.Lookup[index]
        subtables = [s.ExtSubTable if lookup.LookupType == 9 else s for s in lookup.SubTable]
        lookups.append([s for s in subtables if getattr(s, "LookupType", 2) == 2])
    return lookups


def _pair_value(subtables: list, left: str, right: str) -> int:
    """The x-advance adjustment of the first subtable of one lookup that matches the pair (OpenType rule)."""
    for sub in subtables:
        if left not in sub.Coverage.glyphs:
            continue
        if sub.Format == 1:
            pair_set = sub.PairSet[sub.Coverage.glyphs.index(left)]
            for record in pair_set.PairValueRecord:
                if record.SecondGlyph == right:
                    return (getattr(record.Value1, "XAdvance", 0) or 0) if record.Value1 else 0
            continue
        if sub.Format == 2:
            class1 = sub.ClassDef1.classDefs.get(left, 0)
            class2 = sub.ClassDef2.classDefs.get(right, 0)
            value = sub.Class1Record[class1].Class2Record[class2].Value1
            return (getattr(value, "XAdvance", 0) or 0) if value else 0
    return 0


@lru_cache(maxsize=8)
def face(weight: int, folder: Path) -> Face:
    """The brand font in ``weight`` (400 or 700) from a project's font folder, loaded once per process."""
    return Face(weight, folder)


@lru_cache(maxsize=64)
def pil_font(weight: int, size: float, folder: Path) -> ImageFont.FreeTypeFont:
    """A Pillow font at ``size`` pixels; cached because loading a font costs more than drawing with it."""
    # BASIC layout: glyphs are placed one by one from our own positions, so no shaping engine is needed.
    path = font_file(weight, "normal", "ttf", folder)
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.BASIC)

"""The lockup as a vector PDF for print: the same geometry and glyph outlines as the SVG, as PDF path operators.

No PDF library: a lockup is a few filled paths, and writing them ourselves keeps every glyph an outline (no font
embedded, no raster), the bytes reproducible (no dates, no random IDs) and the drawing code shared with the SVG:
``Lockup`` gives the boxes, ``Face.draw`` the outlines. Colours are sRGB values as DeviceRGB; the print colour
note in the brandbook says so. The page is the lockup with its clear space, ``width_mm`` wide.
"""

from __future__ import annotations

import zlib

from fontTools.pens.basePen import BasePen

from .lockup import Box, Lockup, LogoColors, door
from .typeset import face

MM_PER_INCH = 25.4
PT_PER_INCH = 72
# A quarter circle as one cubic Bézier: the control points lie this fraction of the radius from the ends.
KAPPA = 0.5522847498


def num(value: float) -> str:
    """Short, stable number text with six decimals: glyph scales are small (1/700 of a cap height per unit)."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class PdfPathPen(BasePen):
    """A fontTools pen that writes PDF path operators (quadratic curves arrive as cubics from ``BasePen``)."""

    def __init__(self, glyph_set=None):
        super().__init__(glyph_set)
        self.ops: list[str] = []

    def _moveTo(self, pt):
        self.ops.append(f"{num(pt[0])} {num(pt[1])} m")

    def _lineTo(self, pt):
        self.ops.append(f"{num(pt[0])} {num(pt[1])} l")

    def _curveToOne(self, p1, p2, p3):
        self.ops.append(" ".join(num(v) for v in (*p1, *p2, *p3)) + " c")

    def _closePath(self):
        self.ops.append("h")


def _quarter(pen: PdfPathPen, start, corner, end) -> None:
    """A quarter circle from ``start`` to ``end`` around the square corner ``corner``."""
    c1 = (start[0] + (corner[0] - start[0]) * KAPPA, start[1] + (corner[1] - start[1]) * KAPPA)
    c2 = (end[0] + (corner[0] - end[0]) * KAPPA, end[1] + (corner[1] - end[1]) * KAPPA)
    pen.curveTo(c1, c2, end)


def _rounded_rect(pen: PdfPathPen, b: Box, r: float) -> None:
    x0, y0, x1, y1 = b.x, b.y, b.right, b.bottom
    pen.moveTo((x0 + r, y0))
    pen.lineTo((x1 - r, y0))
    _quarter(pen, (x1 - r, y0), (x1, y0), (x1, y0 + r))
    pen.lineTo((x1, y1 - r))
    _quarter(pen, (x1, y1 - r), (x1, y1), (x1 - r, y1))
    pen.lineTo((x0 + r, y1))
    _quarter(pen, (x0 + r, y1), (x0, y1), (x0, y1 - r))
    pen.lineTo((x0, y0 + r))
    _quarter(pen, (x0, y0 + r), (x0, y0), (x0 + r, y0))
    pen.closePath()


def _door(pen: PdfPathPen, mark: Box) -> None:
    """The door: straight sides and a half-circle arch (y grows downwards, as in the SVG)."""
    x0, x1, top, bottom = door(mark)
    r = (x1 - x0) / 2
    centre = x0 + r
    pen.moveTo((x0, bottom))
    pen.lineTo((x0, top + r))
    _quarter(pen, (x0, top + r), (x0, top), (centre, top))
    _quarter(pen, (centre, top), (x1, top), (x1, top + r))
    pen.lineTo((x1, bottom))
    pen.closePath()


def _rgb(color: str) -> str:
    return " ".join(num(int(color[i : i + 2], 16) / 255) for i in (1, 3, 5))


def content(lockup: Lockup, colors: LogoColors, scale: float, height: float) -> bytes:
    """The page's content stream: the mark and every text line as filled paths."""
    ops = [f"{num(scale)} 0 0 {num(-scale)} 0 {num(height)} cm"]  # cap units, y down, like the SVG's viewBox
    pen = PdfPathPen()
    _rounded_rect(pen, lockup.mark, lockup.mark_radius)
    if colors.detail is None:  # cut-out door: even-odd, so the background shows through
        _door(pen, lockup.mark)
        ops += [f"{_rgb(colors.mark)} rg", *pen.ops, "f*"]
    else:
        ops += [f"{_rgb(colors.mark)} rg", *pen.ops, "f"]
        pen = PdfPathPen()
        _door(pen, lockup.mark)
        ops += [f"{_rgb(colors.detail)} rg", *pen.ops, "f"]
    for line in lockup.lines:
        f = face(line.run.weight, lockup.fonts)
        pen = PdfPathPen(f.glyph_set)
        f.draw(line.run.text, pen)
        fill = colors.wordmark if line.role == "wordmark" else colors.region
        # Glyphs are in font units with y up: the same matrix as the SVG's transform on this line.
        matrix = f"{num(line.k)} 0 0 {num(-line.k)} {num(line.x)} {num(line.baseline)} cm"
        ops += ["q", matrix, f"{_rgb(fill)} rg", *pen.ops, "f", "Q"]
    return ("\n".join(ops) + "\n").encode("ascii")


def _text(value: str) -> str:
    """A PDF text string that holds any name: UTF-16BE with a byte-order mark, in hex."""
    return "<FEFF" + value.encode("utf-16-be").hex().upper() + ">"


def lockup_pdf(lockup: Lockup, colors: LogoColors, width_mm: float) -> bytes:
    """A one-page PDF 1.4 of the lockup, ``width_mm`` wide, its clear space included."""
    width = width_mm / MM_PER_INCH * PT_PER_INCH
    scale = width / lockup.width
    height = lockup.height * scale
    stream = zlib.compress(content(lockup, colors, scale, height), 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {num(width)} {num(height)}] /Resources << >> /Contents 4 0 R >>".encode("ascii"),
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode("ascii") + stream + b"\nendstream",
        f"<< /Title {_text(lockup.name)} /Creator (Werkcentrum toolkit) >>".encode("ascii"),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode("ascii") + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("ascii")
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("ascii")
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 5 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("ascii")
    return bytes(out)

"""Build the shipped font files from the @fontsource npm package (dev-time tool).

Needs fontTools and brotli (dev only, not runtime dependencies):

    python brandbook/fonts/make_fonts.py /path/to/unpacked/package/files

For each style it merges the latin and latin-ext WOFF2 subsets into one font,
then writes a WOFF2 file (web) and a TTF file (Pillow). Timestamps are not
recalculated, so the same input gives byte-identical output.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from fontTools.merge import Merger, Options
from fontTools.ttLib import TTFont

FAMILY = "atkinson-hyperlegible-next"
STYLES = ["400-normal", "700-normal", "400-italic"]
SUBSETS = ["latin", "latin-ext"]
OUT = Path(__file__).resolve().parent


def merge_style(src: Path, style: str) -> TTFont:
    """Merge the per-subset WOFF2 files of one style into a single font."""
    parts = [str(src / f"{FAMILY}-{subset}-{style}.woff2") for subset in SUBSETS]
    # STAT cannot be merged; it is not needed for static fonts.
    font = Merger(options=Options(drop_tables=["STAT"])).merge(parts)
    # The merger stamps "now" into the head dates; keep the source's dates instead.
    source_head = TTFont(parts[0])["head"]
    font["head"].created = source_head.created
    font["head"].modified = source_head.modified
    # Round-trip through bytes so the merged font is a clean, compiled TTFont.
    buf = io.BytesIO()
    font.recalcTimestamp = False
    font.flavor = None
    font.save(buf)
    buf.seek(0)
    return TTFont(buf, recalcTimestamp=False)


def main(src: Path) -> None:
    for style in STYLES:
        font = merge_style(src, style)
        font.recalcTimestamp = False
        font.flavor = None
        font.save(OUT / f"{FAMILY}-{style}.ttf")
        font.flavor = "woff2"
        font.save(OUT / f"{FAMILY}-{style}.woff2")
    for path in sorted(OUT.glob(f"{FAMILY}-*")):
        print(f"{path.name}\t{path.stat().st_size}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))

"""The self-hosted brand font (Atkinson Hyperlegible Next): file lookup and ``@font-face`` rules."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .paths import FONTS_DIR
from .transforms import css_string

FONT_FAMILY = "Atkinson Hyperlegible Next"
FONT_SLUG = "atkinson-hyperlegible-next"
LICENSE_FILE = "OFL.txt"


@dataclass(frozen=True)
class FontFace:
    """One shipped style: weight, style, and its WOFF2 (web) and TTF (Pillow) files."""

    weight: int
    style: str

    @property
    def stem(self) -> str:
        return f"{FONT_SLUG}-{self.weight}-{self.style}"

    def path(self, fmt: str = "woff2", folder: Path = FONTS_DIR) -> Path:
        """The font file in ``folder`` (a project's ``brandbook/fonts``); ``fmt`` is ``"woff2"`` or ``"ttf"``."""
        return folder / f"{self.stem}.{fmt}"


FACES: tuple[FontFace, ...] = (FontFace(400, "normal"), FontFace(400, "italic"), FontFace(700, "normal"))


def font_file(weight: int = 400, style: str = "normal", fmt: str = "ttf", folder: Path = FONTS_DIR) -> Path:
    """Path of one shipped font file, e.g. ``font_file(700)`` for Pillow; raises ``KeyError`` if not shipped."""
    for face in FACES:
        if face.weight == weight and face.style == style:
            return face.path(fmt, folder)
    shipped = ", ".join(f"{f.weight} {f.style}" for f in FACES)
    raise KeyError(f"De letter {FONT_FAMILY} {weight} {style} zit er niet bij. Wel: {shipped}.")


def font_files(include_license: bool = True, folder: Path = FONTS_DIR) -> list[Path]:
    """Files a site build copies to ``assets/fonts/``: the WOFF2 files, plus the OFL licence by default."""
    files = [face.path("woff2", folder) for face in FACES]
    if include_license:
        files.append(folder / LICENSE_FILE)
    return files


def font_face_css(fonts_url_prefix: str = "fonts/") -> str:
    """``@font-face`` rules for the shipped WOFF2 files, with ``font-display: swap``.

    ``fonts_url_prefix`` is the (relative) URL of the folder the files were copied to, e.g. ``"../fonts/"``.
    """
    prefix = fonts_url_prefix if not fonts_url_prefix or fonts_url_prefix.endswith("/") else fonts_url_prefix + "/"
    rules = [f"/* {FONT_FAMILY}, SIL Open Font License 1.1 (see {prefix}{LICENSE_FILE}). */"]
    for face in FACES:
        url = css_string(prefix + face.path("woff2").name)
        rules.append(
            "@font-face {\n"
            f"  font-family: {css_string(FONT_FAMILY)};\n"
            f"  font-style: {face.style};\n"
            f"  font-weight: {face.weight};\n"
            "  font-display: swap;\n"
            f'  src: url({url}) format("woff2");\n'
            "}"
        )
    return "\n".join(rules) + "\n"

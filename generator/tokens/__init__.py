"""Design tokens of the national Werkcentrum brand: load -> resolve -> transform -> format.

Sources: ``brandbook/tokens/*.tokens.json`` (W3C DTCG 2025.10) and ``brandbook/fonts/``.
Typical use::

    from generator.tokens import load_tokens, css_variables, font_face_css, font_files
    tokens = load_tokens()
    css = font_face_css("../fonts/") + css_variables(tokens)
"""

from __future__ import annotations

from .color import contrast_ratio, dtcg_to_hex
from .errors import TokenError, TokenErrors, TransformError
from .fonts import FACES, FONT_FAMILY, FontFace, font_face_css, font_file, font_files
from .formats import css_variables
from .model import Token, TokenSet
from .paths import FONTS_DIR, TOKENS_DIR
from .pipeline import load_tokens
from .transforms import TRANSFORMS, register, transform

__all__ = [
    "FACES",
    "FONTS_DIR",
    "FONT_FAMILY",
    "FontFace",
    "TOKENS_DIR",
    "TRANSFORMS",
    "Token",
    "TokenError",
    "TokenErrors",
    "TokenSet",
    "TransformError",
    "contrast_ratio",
    "css_variables",
    "dtcg_to_hex",
    "font_face_css",
    "font_file",
    "font_files",
    "load_tokens",
    "register",
    "transform",
]

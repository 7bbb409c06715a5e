"""Favicons, the Apple touch icon, app icons and the web manifest: the mark alone, at every size a browser asks for.

The mark is national, so the icons are the same for every site; only the manifest carries the site's name.
"""

from __future__ import annotations

import io
import json

from PIL import Image

from .lockup import LogoColors, LogoGeometry, mark_image, png_bytes

FAVICON_SIZES = (16, 32, 48)
APPLE_TOUCH_SIZE = 180
APP_ICON_SIZES = (192, 512)
# Short names longer than this are cut off under an icon on most phones.
SHORT_NAME_MAX = 12


def _square_mark(size: int, geo: LogoGeometry, colors: LogoColors, *, full_bleed: bool = False) -> Image.Image:
    """The mark centred on a transparent square; ``full_bleed`` fills the square (iOS rounds it itself)."""
    if full_bleed:
        return mark_image(size, size, 0.0, colors.mark, colors.detail).convert("RGB")
    w = size if geo.mark_ratio >= 1 else round(size * geo.mark_ratio)
    h = size if geo.mark_ratio <= 1 else round(size / geo.mark_ratio)
    mark = mark_image(w, h, geo.mark_radius * w, colors.mark, colors.detail)
    if (w, h) == (size, size):
        return mark
    canvas = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    canvas.alpha_composite(mark, ((size - w) // 2, (size - h) // 2))
    return canvas


def favicon_ico(geo: LogoGeometry) -> bytes:
    """One ICO with a mark drawn for each size (not scaled down from one big image)."""
    frames = [_square_mark(size, geo, geo.colors) for size in FAVICON_SIZES]
    out = io.BytesIO()
    frames[-1].save(out, "ICO", sizes=[(s, s) for s in FAVICON_SIZES], append_images=frames[:-1])
    return out.getvalue()


def icon_files(geo: LogoGeometry) -> dict[str, bytes]:
    """``favicon.ico``, ``apple-touch-icon.png`` and ``icon-<size>.png``."""
    files = {
        "favicon.ico": favicon_ico(geo),
        "apple-touch-icon.png": png_bytes(_square_mark(APPLE_TOUCH_SIZE, geo, geo.colors, full_bleed=True)),
    }
    for size in APP_ICON_SIZES:
        files[f"icon-{size}.png"] = png_bytes(_square_mark(size, geo, geo.colors))
    return files


def manifest(site_name: str, region: str | None, theme_color: str, background_color: str) -> bytes:
    """The web manifest: the site's name in Dutch, brand colours from the tokens, icons next to it."""
    short = region if region and len(region) <= SHORT_NAME_MAX else "Werkcentrum"
    data = {
        "name": site_name,
        "short_name": short,
        "lang": "nl",
        "dir": "ltr",
        "start_url": "/",
        "scope": "/",
        "display": "browser",
        "theme_color": theme_color,
        "background_color": background_color,
        "icons": [{"src": f"icon-{s}.png", "sizes": f"{s}x{s}", "type": "image/png"} for s in APP_ICON_SIZES],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

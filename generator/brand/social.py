"""The social image (``og.png``, 1200 x 630): the site's lockup on the page colour, its web address on a brand band.

The lockup is set as large as fits, between a maximum and a minimum size; below the minimum the build stops
rather than showing a name too small to read.
"""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

from .lockup import Lockup, LogoColors, lockup_image, png_bytes
from .typeset import pil_font

SIZE = (1200, 630)
MARGIN = 80
BAND_HEIGHT = 126
ACCENT_HEIGHT = 10
HOST_FONT_PX = 36
HOST_FONT_MIN_PX = 24
# Pixels per cap height of the lockup: as large as fits, never smaller than the minimum.
CAP_MAX_PX = 72
CAP_MIN_PX = 40


class SocialImageError(ValueError):
    """The lockup does not fit the social image at the minimum size."""


@dataclass(frozen=True)
class SocialColors:
    background: str
    band: str
    on_band: str
    accent: str


@dataclass(frozen=True)
class SocialLayout:
    cap_px: float
    origin: tuple[float, float]
    content: tuple[float, float, float, float]  # left, top, right, bottom of the lockup without clear space
    area: tuple[int, int, int, int]  # where the lockup must stay: left, top, right, bottom


def social_layout(lockup: Lockup) -> SocialLayout:
    """Where the lockup goes: left on the margin, centred in the space above the band."""
    area = (MARGIN, MARGIN // 2, SIZE[0] - MARGIN, SIZE[1] - BAND_HEIGHT - ACCENT_HEIGHT - MARGIN // 2)
    content = lockup.content
    fit = min((area[2] - area[0]) / content.w, (area[3] - area[1]) / content.h)
    cap = min(CAP_MAX_PX, fit)
    if cap < CAP_MIN_PX:
        raise SocialImageError(
            f"'{lockup.name}' past niet op de deelafbeelding: de naam zou kleiner worden dan {CAP_MIN_PX} pixels hoog."
        )
    left = area[0]
    top = area[1] + ((area[3] - area[1]) - content.h * cap) / 2
    origin = (left - content.x * cap, top - content.y * cap)
    return SocialLayout(cap, origin, (left, top, left + content.w * cap, top + content.h * cap), area)


def social_image(
    lockup: Lockup, logo: LogoColors, colors: SocialColors, host: str
) -> tuple[bytes, tuple[int, int, int, int] | None]:
    """``og.png`` for one site; returns the PNG bytes and the box of the drawn lockup pixels (for checks)."""
    layout = social_layout(lockup)
    image = Image.new("RGB", SIZE, colors.background)
    draw = ImageDraw.Draw(image)
    band_top = SIZE[1] - BAND_HEIGHT
    draw.rectangle((0, band_top - ACCENT_HEIGHT, SIZE[0], band_top - 1), fill=colors.accent)
    draw.rectangle((0, band_top, SIZE[0], SIZE[1]), fill=colors.band)
    logo_image = lockup_image(lockup, logo, layout.cap_px)
    x, y = round(layout.origin[0]), round(layout.origin[1])
    image.paste(logo_image, (x, y), logo_image)
    drawn = logo_image.getchannel("A").getbbox()
    ink = None if drawn is None else (drawn[0] + x, drawn[1] + y, drawn[2] + x, drawn[3] + y)
    size = HOST_FONT_PX
    while size > HOST_FONT_MIN_PX and pil_font(400, size, lockup.fonts).getlength(host) > SIZE[0] - 2 * MARGIN:
        size -= 2
    draw.text((MARGIN, band_top + BAND_HEIGHT / 2), host, font=pil_font(400, size, lockup.fonts), fill=colors.on_band, anchor="lm")
    return png_bytes(image), ink

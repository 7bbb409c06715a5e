"""Every site's brand kit: lockups, icons, manifest and social image, made from the tokens.

``brand_for(project)`` gives one ``Brand`` per state of the token files; it caches what does not depend on the
site (fonts, the mark, the icons) and each site's kit, in memory and on disk under the build folder. Worker
processes of a parallel build share the disk cache, so the brandbook reuses the kits the regions made, and a
rebuild draws a kit again only when its name, the tokens, the fonts or this code changed.

The disk cache holds data only (JSON: the file bytes with their SHA-256, never pickle, which would run code
from whoever can write the build folder). Each entry names its format, brand digest and site and is checked
completely before use; the layouts are cheap and are computed again. A damaged or foreign entry is drawn again,
with a warning.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from ..tokens import FONTS_DIR, load_tokens
from . import icons
from . import lockup as lk
from .social import SocialColors, SocialLayout, social_image, social_layout

CSS_DIR = "assets/stylesheets"
OG_IMAGE = "og.png"
HEADER_LOGO = "logo-header.svg"
# The header lockup with the region name wrapped by the lockup rule, for screens too narrow for one line.
HEADER_LOGO_NARROW = "logo-header-smal.svg"
FAVICON = "favicon.ico"
# Material sets the root font size to 20 px; the tokens' pixel values hold at the browser's default of 16 px.
MATERIAL_ROOT_PX = 20
# What else shares the header row on a phone: the menu and search buttons (2 x 48 px) and the row's padding.
HEADER_BUTTONS_PX = 104

# Print files: a vector PDF and a PNG at print resolution, both this wide (the clear space included).
PRINT_WIDTH_MM = 80
PRINT_DPI = 300
PRINT_PX = round(PRINT_WIDTH_MM / 25.4 * PRINT_DPI)  # 945 pixels
PRINT_FILES = ("logo.pdf", "logo-inverse.pdf", "logo-300dpi.png", "logo-inverse-300dpi.png")

# name -> (width, height, mode); None for files that are not raster images.
KIT_FILES: dict[str, tuple[int, int, str] | None] = {
    "logo.svg": None,
    "logo.png": None,  # size follows the name; mode checked below
    "logo-inverse.svg": None,
    "logo-inverse.png": None,
    **{name: None for name in PRINT_FILES},
    HEADER_LOGO: None,
    HEADER_LOGO_NARROW: None,
    FAVICON: None,
    "apple-touch-icon.png": (icons.APPLE_TOUCH_SIZE, icons.APPLE_TOUCH_SIZE, "RGB"),
    **{f"icon-{s}.png": (s, s, "RGBA") for s in icons.APP_ICON_SIZES},
    "manifest.webmanifest": None,
    OG_IMAGE: (1200, 630, "RGB"),
}
# What a website publishes; the inverse logos and the print files are for the download only (no page uses them).
SITE_FILES = tuple(name for name in KIT_FILES if not name.startswith("logo-inverse") and name not in PRINT_FILES)
# What a brand reviewer downloads per region (the manifest and header logo belong to the website only).
DOWNLOAD_FILES = (
    "logo.svg",
    "logo.png",
    "logo-inverse.svg",
    "logo-inverse.png",
    *PRINT_FILES,
    FAVICON,
    "apple-touch-icon.png",
    "icon-192.png",
    "icon-512.png",
    OG_IMAGE,
)


@dataclass(frozen=True)
class Kit:
    """One site's brand files (names relative to ``assets/brand/``) and the layouts they were drawn from."""

    files: dict[str, bytes]
    lockup: lk.Lockup
    header: lk.Lockup
    header_narrow: lk.Lockup
    social: SocialLayout
    og_ink: tuple[int, int, int, int] | None  # drawn pixels of the lockup area on og.png, for checks


class Brand:
    """The brand of one token state: geometry, colours and caches."""

    def __init__(self, tokens, cache_dir: Path | None = None, fonts_dir: Path = FONTS_DIR):
        self.tokens = tokens
        self.cache_dir = cache_dir
        self._digest = _brand_digest(tokens, fonts_dir)
        self.geo = lk.geometry(tokens, fonts_dir)
        color = lambda name: tokens.value(f"werkcentrum.color.{name}")  # noqa: E731
        self.theme_color = color("primary")
        self.background = color("background")
        self.social_colors = SocialColors(color("background"), color("primary"), color("on-primary"), color("accent"))
        self._icons: dict[str, bytes] | None = None
        self._kits: dict[tuple, Kit] = {}
        self._lock = threading.Lock()

    def icons(self) -> dict[str, bytes]:
        if self._icons is None:
            self._icons = icons.icon_files(self.geo)
        return self._icons

    def kit(self, region: str | None, site_name: str, host: str) -> Kit:
        """The brand files of one site (``region=None``: the national lockup)."""
        key = (region, site_name, host)
        with self._lock:
            found = self._kits.get(key)
        if found is None:
            found = self._load(key)
            if found is None:
                found = self._make_kit(region, site_name, host)
                self._store(key, found)
            with self._lock:
                self._kits[key] = found
        return found

    def _cache_path(self, key: tuple) -> Path | None:
        if self.cache_dir is None:
            return None
        name = hashlib.sha256(json.dumps([self._digest, *key]).encode("utf-8")).hexdigest()
        return self.cache_dir / f"{name}.json"

    def _load(self, key: tuple) -> Kit | None:
        path = self._cache_path(key)
        if path is None or not path.is_file():
            return None
        try:
            entry = json.loads(path.read_bytes())
            files, ink = _checked_entry(entry, [self._digest, *key])
        except (OSError, ValueError) as exc:
            from ..cache import healed

            healed(path, str(exc) if isinstance(exc, CacheEntryError) else "onleesbaar")
            return None
        return self._kit_from(key[0], files, ink)

    def _store(self, key: tuple, found: Kit) -> None:
        path = self._cache_path(key)
        if path is None:
            return
        entry = {
            "format": CACHE_FORMAT,
            "for": [self._digest, *key],
            "og_ink": list(found.og_ink) if found.og_ink else None,
            "files": {
                name: {"sha256": hashlib.sha256(data).hexdigest(), "data": base64.b64encode(data).decode("ascii")}
                for name, data in sorted(found.files.items())
            },
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # workers may race for one kit: last one wins
        tmp.write_text(json.dumps(entry), encoding="utf-8")
        tmp.replace(path)

    def _layouts(self, region: str | None) -> tuple[lk.Lockup, lk.Lockup, lk.Lockup, SocialLayout]:
        """The lockup, the one-line and the wrapped header lockups and the social layout (cheap to recompute)."""
        lockup = lk.layout(region, self.geo)
        header = lk.layout(region, self.geo, wrap=False, clear_space=False)
        narrow = lk.layout(region, self.geo, wrap=True, clear_space=False)
        return lockup, header, narrow, social_layout(lockup)

    def _kit_from(self, region: str | None, files: dict[str, bytes], ink) -> Kit:
        lockup, header, narrow, social = self._layouts(region)
        return Kit(files=files, lockup=lockup, header=header, header_narrow=narrow, social=social, og_ink=ink)

    def _make_kit(self, region: str | None, site_name: str, host: str) -> Kit:
        geo = self.geo
        lockup, header, narrow, layout = self._layouts(region)
        og_bytes, ink = social_image(lockup, geo.colors, self.social_colors, host)
        files = {
            "logo.svg": lk.svg(lockup, geo.colors),
            "logo.png": lk.png(lockup, geo.colors)[0],
            "logo-inverse.svg": lk.svg(lockup, geo.inverse),
            "logo-inverse.png": lk.png(lockup, geo.inverse)[0],
            **self.print_files(lockup),
            HEADER_LOGO: lk.svg(header, geo.inverse, self.header_px(header)),
            HEADER_LOGO_NARROW: lk.svg(narrow, geo.inverse, self.header_px(narrow)),
            **self.icons(),
            "manifest.webmanifest": icons.manifest(site_name, region, self.theme_color, self.background),
            OG_IMAGE: og_bytes,
        }
        return Kit(files=files, lockup=lockup, header=header, header_narrow=narrow, social=layout, og_ink=ink)

    def print_files(self, lockup: lk.Lockup) -> dict[str, bytes]:
        """The logo for print: vector PDFs and PNGs at 300 dpi, ``PRINT_WIDTH_MM`` wide."""
        from .pdf import lockup_pdf

        px = PRINT_PX / lockup.width
        return {
            "logo.pdf": lockup_pdf(lockup, self.geo.colors, PRINT_WIDTH_MM),
            "logo-inverse.pdf": lockup_pdf(lockup, self.geo.inverse, PRINT_WIDTH_MM),
            "logo-300dpi.png": lk.png(lockup, self.geo.colors, px, PRINT_DPI)[0],
            "logo-inverse-300dpi.png": lk.png(lockup, self.geo.inverse, px, PRINT_DPI)[0],
        }

    def header_px(self, header: lk.Lockup) -> float:
        """Pixels per cap height in the header at the minimum: the mark is then ``min-height-px`` high."""
        return self.geo.min_height_px / self.geo.mark_height

    def site_css(self, header: lk.Lockup, narrow: lk.Lockup) -> str:
        """CSS for the header lockup of one site: the mark exactly ``min-height-px`` high at the browser's default
        text size (it grows with the visitor's text size), the brandbook's clear space on every side, and the
        wrapped lockup on screens too narrow for the one-line one. Sizes in rem and em, so zooming text scales
        the logo and moves the switch point with it."""
        cap = self.header_px(header)  # pixels per cap height at the default text size
        rem = lambda px: lk.num(px / MATERIAL_ROOT_PX)  # noqa: E731
        space = self.geo.clear_space * cap
        rules = [
            "/* Logo in de kopbalk. Gegenereerd uit de tokens werkcentrum.logo.*: het beeldmerk is "
            f"{lk.num(self.geo.min_height_px)} pixels hoog, met {lk.num(self.geo.clear_space)} keer de "
            "hoofdletterhoogte vrije ruimte rondom. */",
            f":root {{\n  --wc-kop-hoogte: {rem(header.height * cap + 2 * space)}rem;\n}}",
            f".md-header__button.md-logo {{\n  margin: 0;\n  padding: {rem(space)}rem;\n}}",
            f".md-header__button.md-logo img.wc-logo-kop {{\n  height: {rem(header.height * cap)}rem;\n}}",
        ]
        if narrow.region_lines == header.region_lines:
            rules.append(".md-header__button.md-logo img.wc-logo-kop--smal {\n  display: none;\n}")
        else:
            # Below this width the one-line lockup and its clear space no longer fit beside the two buttons.
            switch = (header.width * cap + 2 * space + HEADER_BUTTONS_PX) / 16
            rules += [
                f".md-header__button.md-logo img.wc-logo-kop--smal {{\n  height: {rem(narrow.height * cap)}rem;\n}}",
                f"@media screen and (min-width: {lk.num(switch)}em) {{\n"
                "  .md-header__button.md-logo img.wc-logo-kop--smal {\n    display: none;\n  }\n}",
                f"@media screen and (max-width: {lk.num(switch - 0.01)}em) {{\n"
                f"  :root {{\n    --wc-kop-hoogte: {rem(narrow.height * cap + 2 * space)}rem;\n  }}\n"
                "  .md-header__button.md-logo img.wc-logo-kop--breed {\n    display: none;\n  }\n}",
            ]
        return "\n".join(rules) + "\n"


CACHE_FORMAT = 2  # 1 was pickle: such files are never read


class CacheEntryError(ValueError):
    """A brand cache entry that is damaged, of another format or for another kit."""


def _checked_entry(entry, expected_for: list) -> tuple[dict[str, bytes], tuple[int, int, int, int] | None]:
    """The files and og.png ink box of a cache entry, after checking its format, owner, shape and every hash."""
    if not isinstance(entry, dict) or entry.get("format") != CACHE_FORMAT:
        raise CacheEntryError("een ander formaat")
    if entry.get("for") != expected_for:
        raise CacheEntryError("van een andere site of huisstijl")
    ink = entry.get("og_ink")
    if ink is not None and not (
        isinstance(ink, list) and len(ink) == 4 and all(type(v) is int and 0 <= v <= 10_000 for v in ink)
    ):
        raise CacheEntryError("de vorm klopt niet")
    stored = entry.get("files")
    if not isinstance(stored, dict) or set(stored) != set(KIT_FILES):
        raise CacheEntryError("de lijst met bestanden klopt niet")
    files = {}
    for name, item in stored.items():
        if not (isinstance(item, dict) and isinstance(item.get("data"), str) and isinstance(item.get("sha256"), str)):
            raise CacheEntryError("de vorm klopt niet")
        try:
            data = base64.b64decode(item["data"], validate=True)
        except ValueError:
            raise CacheEntryError(f"{name} is beschadigd") from None
        if hashlib.sha256(data).hexdigest() != item["sha256"]:
            raise CacheEntryError(f"{name} is beschadigd (de controlesom klopt niet)")
        files[name] = data
    return files, tuple(ink) if ink is not None else None


_BRANDS: dict[tuple, Brand] = {}
_BRANDS_LOCK = threading.Lock()


def _signature(folder: Path) -> tuple:
    return tuple(
        (p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in sorted(folder.glob("*.tokens.json")) if p.is_file()
    )


def _brand_digest(tokens, fonts_dir: Path) -> str:
    """Everything a kit depends on besides the site: token values, font files and the code that draws."""
    from ..tokens import FACES

    h = hashlib.sha256()
    for path, token in sorted(tokens.tokens.items()):
        h.update(f"{path}={token.value!r}\n".encode("utf-8"))
    code = sorted(Path(__file__).parent.glob("*.py"))
    fonts = [face.path("ttf", fonts_dir) for face in FACES]
    for file in (*code, *fonts):
        h.update(file.name.encode("utf-8") + file.read_bytes())
    return h.hexdigest()


def brand_for(project) -> Brand:
    """The ``Brand`` of the project's current token files (loaded once per change of those files)."""
    folder = project.tokens_dir
    key = (str(folder), _signature(folder), str(project.fonts_dir), str(project.build_dir))
    with _BRANDS_LOCK:
        brand = _BRANDS.get(key)
    if brand is None:
        brand = Brand(load_tokens(folder), project.build_dir / "brand-cache", project.fonts_dir)
        with _BRANDS_LOCK:
            if len(_BRANDS) >= 4:  # older token states are rarely needed again
                _BRANDS.pop(next(iter(_BRANDS)))
            _BRANDS[key] = brand
    return brand


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:8]

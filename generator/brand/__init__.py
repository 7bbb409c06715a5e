"""Brand assets made with Pillow from the design tokens, for every site, plus the brandbook's own files.

- ``lockup``: the logo (mark + "Werkcentrum" + region) as SVG (text as outlines) and PNG, one layout for both;
- ``icons``: favicon.ico, apple-touch-icon, app icons and the web manifest;
- ``social``: og.png; ``contrast``: WCAG math and the build check of the pairs the theme uses;
- ``report``: the consistency report; ``downloads``: reproducible zips; ``brandbook``: the brandbook's context.

``render`` calls ``site_files`` once per site; the engine calls ``site_meta`` for the theme settings.
"""

from __future__ import annotations

from dataclasses import dataclass

# Submodules are imported where used: validation only needs ``contrast``, not Pillow and fontTools.
BRAND_DIR = "assets/brand"


@dataclass(frozen=True)
class BrandFiles:
    """Files to write into a site's docs folder (path -> bytes) and the stylesheets among them."""

    files: dict[str, bytes]
    stylesheets: tuple[str, ...]


def site_files(plan, project) -> BrandFiles:
    """Every brand file of one site: its kit in ``assets/brand/``, its brand CSS, and for the brandbook more."""
    from .assets import CSS_DIR, SITE_FILES, brand_for, fingerprint

    brand = brand_for(project)
    kit = brand.kit(plan.region_name, plan.name, plan.host)
    files = {f"{BRAND_DIR}/{name}": kit.files[name] for name in SITE_FILES}
    css = brand.site_css(kit.header, kit.header_narrow)
    if plan.kind == "brandbook":
        from .brandbook import brandbook_files

        extra, extra_css = brandbook_files(plan, brand)
        files.update(extra)
        files.update(plan.context["controle"].files())  # the latest accessibility audit (generator.audit)
        css += extra_css
    data = css.encode("utf-8")
    name = f"{CSS_DIR}/merk.{fingerprint(data)}.css"
    files[name] = data
    return BrandFiles(files=files, stylesheets=(name,))


def og_alt(plan) -> str:
    who = plan.name if plan.region_name else "het Werkcentrum"
    return f"Logo van {who}, met het webadres {plan.host}"


def site_meta(plan, project) -> dict:
    """Theme settings and template values for one site: logo, favicon, icons, manifest and social image."""
    from .assets import FAVICON, HEADER_LOGO, HEADER_LOGO_NARROW, OG_IMAGE, brand_for
    from .social import SIZE as OG_SIZE

    brand = brand_for(project)
    return {
        "theme": {"logo": f"{BRAND_DIR}/{HEADER_LOGO}", "favicon": f"{BRAND_DIR}/{FAVICON}"},
        "werkcentrum": {
            "og_image": f"{plan.url}{BRAND_DIR}/{OG_IMAGE}",
            "og_image_alt": og_alt(plan),
            "og_image_width": OG_SIZE[0],
            "og_image_height": OG_SIZE[1],
            "apple_touch_icon": f"{BRAND_DIR}/apple-touch-icon.png",
            "manifest": f"{BRAND_DIR}/manifest.webmanifest",
            "theme_color": brand.theme_color,
            "logo_smal": f"{BRAND_DIR}/{HEADER_LOGO_NARROW}",
        },
    }


__all__ = ["BRAND_DIR", "BrandFiles", "og_alt", "site_files", "site_meta"]

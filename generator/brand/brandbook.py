"""The brandbook site's data: everything its pages show, taken from the tokens, the regions and their kits.

Pages are Jinja2 Markdown templates in ``brandbook/pages``; they get ``merk`` (a ``BrandbookContext``) with
values already formatted in Dutch, so a template only places them. Files the pages link to (downloads, the
gallery, construction drawings, the JSON report) and the brandbook's CSS classes come from here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..diagnostics import UserError
from ..tokens import FACES, FONT_FAMILY
from . import contrast as wcag
from . import lockup as lk
from . import report as rep
from .assets import DOWNLOAD_FILES, Brand, brand_for
from .downloads import zip_bytes

SITE_NAME = "Brandbook Werkcentrum"
# A real long name shows the wrap rule and the construction, whatever regions a project has.
EXAMPLE_REGION = "Zuid-Kennemerland en IJmond"
NATIONAL_SLUG = "landelijk"
REPORT_JSON = "rapport/consistentie.json"
REPORT_CSV = "rapport/bevindingen.csv"
ROOT_PX = 16  # what 1rem usually is in a browser; the tokens say so too


def brandbook_definition(project):
    """``brandbook/site.yml``, validated like the other site definitions; problems stop the build."""
    from ..load import load_definition
    from ..models import SiteDefinition
    from ..validate import check_model

    loaded = load_definition(project, project.brandbook_dir / "site.yml")
    definition, diags = check_model(loaded, SiteDefinition)
    diags = [*loaded.diagnostics, *diags]
    if definition is not None:
        folders = (project.brandbook_dir / "pages", project.base_dir / "pages")
        for index, item in enumerate(definition.all_pages()):
            if not any((folder / item.pagina).is_file() for folder in folders):
                diags.append(
                    loaded.doc.diagnostic(
                        ("navigatie", index, "pagina"),
                        f"de pagina '{item.pagina}' bestaat niet.",
                        hint="Maak het bestand in brandbook/pages/ of verbeter de naam.",
                    )
                )
    errors = [d for d in diags if d.is_error]
    if errors or definition is None:
        raise UserError(errors or diags)
    return definition


# --- formatting -----------------------------------------------------------------------------------------------


def dutch_number(value: float) -> str:
    """1.5 -> "1,5"; 2.0 -> "2"."""
    return lk.num(value).replace(".", ",")


def cell(text: str) -> str:
    """Text for a Markdown table cell: one line, and a ``|`` that does not end the cell."""
    return " ".join(str(text).split()).replace("|", "\\|")


def rgb_text(hex_value: str) -> str:
    return ", ".join(str(int(hex_value[i : i + 2], 16)) for i in (1, 3, 5))


def px_text(css: str) -> str:
    """ "1.5rem" -> "24 px" (at 16 px per rem); "8px" -> "8 px"."""
    match = re.fullmatch(r"(-?[0-9.]+)(rem|px)", css)
    if not match:
        return ""
    value = float(match.group(1)) * (ROOT_PX if match.group(2) == "rem" else 1)
    return f"{dutch_number(value)} px"


def slug(path: str) -> str:
    """CSS class part of a token path: werkcentrum.color.palette.blauw-700 -> palette-blauw-700."""
    return path.removeprefix("werkcentrum.").removeprefix("color.").replace(".", "-")


@dataclass(frozen=True)
class Swatch:
    pad: str
    naam: str
    hex: str
    rgb: str
    gebruik: str
    verwijst_naar: str
    klasse: str
    gebruikt_door: str = ""
    op_wit: str = ""


@dataclass(frozen=True)
class Row:
    """One token as a table row: name, value, pixels, usage and the CSS class that shows it."""

    pad: str
    naam: str
    waarde: str
    px: str
    gebruik: str
    klasse: str = ""


@dataclass(frozen=True)
class RegionCard:
    naam: str
    site_naam: str
    slug: str
    url: str
    host: str
    logo: str
    zip: str
    zip_kb: str
    regels: str


class BrandbookContext:
    """What the brandbook's pages see as ``merk``."""

    def __init__(self, inputs, regions: list, site_url: str):
        self.inputs = inputs
        self.project = inputs.project
        self.tokens = inputs.tokens
        self.regions = regions  # RegionContext, sorted by name
        self.site_url = site_url

    @cached_property
    def brand(self) -> Brand:
        return brand_for(self.project)

    # --- colours ---

    def _swatch(self, token, used_by: str = "") -> Swatch:
        alias = self.tokens.get(token.alias_of).name if token.alias_of else ""
        white = wcag.contrast_ratio(token.value, "#ffffff")
        return Swatch(
            pad=token.path,
            naam=token.name,
            hex=token.value,
            rgb=rgb_text(token.value),
            gebruik=cell(token.description or ""),
            verwijst_naar=alias,
            klasse=f"wc-swatch--{slug(token.path)}",
            gebruikt_door=used_by,
            op_wit=f"{wcag.ratio_text(white)} ({wcag.summary(white)})",
        )

    @cached_property
    def palet(self) -> list[Swatch]:
        colors = self.tokens.colors()
        roles = {p: t for p, t in colors.items() if not p.startswith("werkcentrum.color.palette.")}
        out = []
        for path, token in colors.items():
            if path.startswith("werkcentrum.color.palette."):
                users = ", ".join(
                    t.name for t in roles.values() if self._source(t) == path and t.path.startswith(wcag.ROLES)
                )
                out.append(self._swatch(token, users))
        return out

    def _source(self, token) -> str:
        while token.alias_of:
            token = self.tokens.get(token.alias_of)
        return token.path

    @cached_property
    def rollen(self) -> list[Swatch]:
        foregrounds, backgrounds = wcag.role_split(self.tokens)
        order = {t.path: i for i, t in enumerate(self.tokens.colors().values())}
        roles = sorted({t.path: t for t in [*backgrounds, *foregrounds]}.values(), key=lambda t: order[t.path])
        return [self._swatch(t) for t in roles]

    @cached_property
    def logo_kleuren(self) -> list[Swatch]:
        return [self._swatch(t) for t in self.tokens.by_prefix("werkcentrum.logo.color").values()]

    # --- contrast ---

    @cached_property
    def contrast(self) -> dict:
        foregrounds, backgrounds, rows = wcag.matrix(self.tokens)
        pairs, _ = wcag.load_pairs(self.project)
        theme = []
        for pair in pairs:
            if pair.fg in self.tokens and pair.bg in self.tokens:
                ratio = wcag.contrast_ratio(self.tokens[pair.fg].value, self.tokens[pair.bg].value)
                minimum = wcag.MINIMUM[pair.kind]
                theme.append(
                    {
                        "voorgrond": pair.fg.removeprefix("werkcentrum."),
                        "achtergrond": pair.bg.removeprefix("werkcentrum."),
                        "waar": cell(pair.where),
                        "soort": pair.kind,
                        "verhouding": wcag.ratio_text(ratio),
                        "minimum": wcag.minimum_text(minimum),
                        "ok": "voldoet" if ratio >= minimum else "voldoet niet",
                    }
                )
        cells = [c for row in rows for c in row if c is not None]
        return {
            "kolommen": [{"naam": t.name, "hex": t.value} for t in backgrounds],
            "rijen": [
                {
                    "naam": fg.name,
                    "hex": fg.value,
                    "cellen": ["—" if c is None else f"{c.text} {c.samenvatting}" for c in row],
                }
                for fg, row in zip(foregrounds, rows, strict=True)
            ],
            "paren": [
                {
                    "voorgrond": self.tokens[c.fg].name,
                    "achtergrond": self.tokens[c.bg].name,
                    "verhouding": c.text,
                    "normaal": c.normaal,
                    "groot": c.groot,
                }
                for c in sorted(cells, key=lambda c: -c.ratio)
            ],
            "thema": theme,
            "thema_ok": all(t["ok"] == "voldoet" for t in theme),
            "aa": dutch_number(wcag.AA),
            "aaa": dutch_number(wcag.AAA),
            "aa_groot": dutch_number(wcag.AA_LARGE),
            "aaa_groot": dutch_number(wcag.AAA_LARGE),
        }

    # --- type and space ---

    def _rows(self, prefix: str, css_class: str = "") -> list[Row]:
        rows = []
        for token in self.tokens.by_prefix(prefix).values():
            value = token.value
            if isinstance(value, list):
                text = ", ".join(value)
            else:
                text = dutch_number(value) if isinstance(value, (int, float)) else str(value)
            rows.append(
                Row(
                    pad=token.path,
                    naam=token.name,
                    waarde=text,
                    px=px_text(value) if isinstance(value, str) else "",
                    gebruik=cell(token.description or ""),
                    klasse=f"{css_class}{slug(token.path)}" if css_class else "",
                )
            )
        return rows

    @cached_property
    def letters(self) -> dict:
        return {
            "familie": FONT_FAMILY,
            "families": self._rows("werkcentrum.font.family"),
            "groottes": self._rows("werkcentrum.font.size", "wc-type--"),
            "diktes": self._rows("werkcentrum.font.weight", "wc-type--"),
            "regelafstanden": self._rows("werkcentrum.font.line-height"),
            "bestanden": [
                {
                    "dikte": f.weight,
                    "stijl": "cursief" if f.style == "italic" else "rechtop",
                    "bestand": f.path("woff2").name,
                }
                for f in FACES
            ],
        }

    @cached_property
    def ruimte(self) -> dict:
        return {
            "stappen": self._rows("werkcentrum.spacing", "wc-space--"),
            "hoeken": self._rows("werkcentrum.radius", "wc-radius--"),
        }

    # --- logo ---

    @cached_property
    def logo(self) -> dict:
        geo = self.brand.geo
        example = lk.layout(EXAMPLE_REGION, geo)
        numbers = [
            {
                "pad": t.path,
                "naam": t.path.removeprefix("werkcentrum.logo."),
                "waarde": dutch_number(t.value),
                "gebruik": cell(t.description or ""),
            }
            for t in self.tokens.by_prefix("werkcentrum.logo").values()
            if t.type == "number"
        ]
        return {
            "maten": numbers,
            "vrije_ruimte": dutch_number(geo.clear_space),
            "min_hoogte": dutch_number(geo.min_height_px),
            "beeldmerk_hoogte": dutch_number(geo.mark_height),
            "regio_schaal": dutch_number(geo.region_scale),
            "deur_breedte": dutch_number(lk.DOOR_WIDTH * 100),
            "deur_boven": dutch_number(lk.DOOR_TOP * 100),
            "voorbeeld_naam": EXAMPLE_REGION,
            "voorbeeld_regels": list(example.region_lines),
            "font": FONT_FAMILY,
            "png_hoogte": dutch_number(geo.mark_height * lk.PNG_PX_PER_CAP),
        }

    # --- regions, downloads and report ---

    def _kit(self, region):
        return self.brand.kit(region.naam, region.site_naam, region.host)

    def _zip(self, folder: str, kit, site_name: str, url: str) -> bytes:
        files = {f"{folder}/{name}": kit.files[name] for name in DOWNLOAD_FILES}
        files[f"{folder}/LEESMIJ.txt"] = readme(site_name, self.site_url, url).encode("utf-8")
        return zip_bytes(files)

    @cached_property
    def downloads(self) -> dict[str, bytes]:
        """Docs path -> bytes of every zip and gallery logo."""
        files = {}
        national = self.brand.kit(None, "Werkcentrum", self.project.host("www"))
        files[f"downloads/werkcentrum-{NATIONAL_SLUG}.zip"] = self._zip(
            f"werkcentrum-{NATIONAL_SLUG}", national, "Werkcentrum", self.project.url("www")
        )
        for region in self.regions:
            kit = self._kit(region)
            files[f"logos/{region.slug}.svg"] = kit.files["logo.svg"]
            files[f"downloads/werkcentrum-{region.slug}.zip"] = self._zip(
                f"werkcentrum-{region.slug}", kit, region.site_naam, region.url
            )
        return files

    @cached_property
    def landelijk(self) -> dict:
        path = f"downloads/werkcentrum-{NATIONAL_SLUG}.zip"
        return {"zip": path, "zip_kb": kb(len(self.downloads[path]))}

    @cached_property
    def regios(self) -> list[RegionCard]:
        cards = []
        for region in self.regions:
            path = f"downloads/werkcentrum-{region.slug}.zip"
            cards.append(
                RegionCard(
                    naam=region.naam,
                    site_naam=region.site_naam,
                    slug=region.slug,
                    url=region.url,
                    host=region.host,
                    logo=f"logos/{region.slug}.svg",
                    zip=path,
                    zip_kb=kb(len(self.downloads[path])),
                    regels=" / ".join(self._kit(region).lockup.region_lines),
                )
            )
        return cards

    @cached_property
    def rapport(self) -> dict:
        base = self.inputs.base
        titles = {item.slug: item.titel for item in base.all_pages()} if base else {}
        urls = {r.slug: r.url for r in self.regions}
        entries = []
        for entry in self.inputs.regions:
            kit = self.brand.kit(entry.model.naam, entry.model.site_name, self.project.host(entry.subdomain))
            entries.append(rep.region_entry(entry, kit, titles, urls.get(entry.slug, "")))
        pairs, _ = wcag.load_pairs(self.project)
        problems = wcag.theme_contrast_problems(self.tokens, self.project)
        return rep.report(entries, len(problems), len(pairs))

    @cached_property
    def rapport_regios(self) -> list[dict]:
        """The report's regions in ranking order, in words for the pages' tables."""
        rows = []
        for e in self.rapport["regios"]:
            failed = [c["controle"] for c in e["merkcontroles"] if not c["ok"]]
            rows.append(
                {
                    "rang": e["rang"],
                    "naam": e["naam"],
                    "site": e["site"],
                    "adres": e["adres"],
                    "anker": f"regio-{e['slug']}",
                    "mist": cell(", ".join(e["mist"])) or "niets",
                    "aantal": len(e["bevindingen"]),
                    "bevindingen": [
                        {
                            "wat": cell(f["wat"]),
                            "waar": cell(f"{f['bestand']}:{f['regel']}"),
                            "veld": cell(f["veld"]),
                            "tip": cell(f["tip"]),
                        }
                        for f in e["bevindingen"]
                    ],
                    "extra": cell(", ".join(p["titel"] for p in e["extra_paginas"])) or "geen",
                    "aanvullingen": cell(", ".join(a["titel"] for a in e["aanvullingen"])) or "geen",
                    "controles": "voldoet" if not failed else "voldoet niet: " + ", ".join(failed),
                }
            )
        return rows

    @property
    def rapport_json(self) -> str:
        return REPORT_JSON

    @property
    def rapport_csv(self) -> str:
        return REPORT_CSV

    @cached_property
    def oude_labels(self) -> list[dict]:
        return [
            {"voluit": "WerkgeversServicepunt", "kort": "WSP", "voor": "werkgevers"},
            {"voluit": "Leerwerkloket", "kort": "LWL", "voor": "vragen over leren en werk"},
            {"voluit": "regionaal mobiliteitsteam", "kort": "RMT", "voor": "hulp bij ander werk"},
        ]

    # --- files ---

    def files(self) -> dict[str, bytes]:
        """Every extra file of the brandbook, by path in its docs folder."""
        geo = self.brand.geo
        files = dict(self.downloads)
        national = lk.layout(None, geo)
        example = lk.layout(EXAMPLE_REGION, geo)
        files["beelden/constructie.svg"] = construction_svg(national, geo)
        files["beelden/constructie-regio.svg"] = construction_svg(example, geo)
        files["beelden/voorbeeld-regio.svg"] = lk.svg(example, geo.colors)
        files["beelden/voorbeeld-regio-inverse.svg"] = lk.svg(example, geo.inverse)
        files[REPORT_JSON] = rep.to_json(self.rapport)
        files[REPORT_CSV] = rep.to_csv(self.rapport)
        return files

    def css(self) -> str:
        return brandbook_css(self.tokens)


def kb(size: int) -> str:
    return f"{max(1, round(size / 1024))} kB"


def readme(site_name: str, brandbook_url: str, site_url: str) -> str:
    return (
        f"{site_name}: logo, pictogrammen en deelafbeelding\n"
        "\n"
        "Deze bestanden zijn gemaakt uit de landelijke huisstijl van het Werkcentrum. Pas ze niet aan.\n"
        "\n"
        "- logo.svg en logo.png: het logo op een lichte achtergrond. Gebruik de SVG als het kan.\n"
        "- logo-inverse.svg en logo-inverse.png: het logo op de merkkleur of een andere donkere achtergrond.\n"
        "- favicon.ico, apple-touch-icon.png, icon-192.png en icon-512.png: pictogrammen voor websites en apps.\n"
        "- og.png: afbeelding voor berichten op sociale media (1200 x 630 pixels).\n"
        "\n"
        f"Website: {site_url}\n"
        f"Regels voor het logo: {brandbook_url}logo/\n"
    )


def _element(tag: str, **attrs) -> str:
    """One SVG element; ``stroke_width`` becomes ``stroke-width``, numbers are written short."""
    text = " ".join(f'{k.replace("_", "-")}="{lk.num(v) if isinstance(v, float) else v}"' for k, v in attrs.items())
    return f"<{tag} {text}/>"


def construction_svg(lockup: lk.Lockup, geo: lk.LogoGeometry) -> bytes:
    """The lockup with its construction: clear space, cap-height squares, baselines and the width limit."""
    s = float(lk._SVG_UNIT)
    w, h, c = lockup.width * s, lockup.height * s, lockup.content
    stroke = geo.colors.region
    accent = geo.colors.detail or geo.colors.mark
    q = geo.clear_space * s
    line = {"stroke": stroke, "stroke_width": 1}
    frame = {"fill": "none", "stroke": stroke, "stroke_width": 2}
    parts = [
        _element("rect", x=0, y=0, width=w, height=h, stroke_dasharray="12 8", **frame),
        _element("rect", x=c.x * s, y=c.y * s, width=c.w * s, height=c.h * s, **frame),
    ]
    # A square of 1 H in each corner: the clear space is as wide as the cap height.
    for x, y in ((0.0, 0.0), (w - q, 0.0), (0.0, h - q), (w - q, h - q)):
        parts.append(_element("rect", x=x, y=y, width=q, height=q, fill=accent, fill_opacity="0.35"))
    # Baseline and cap height of every line: the wordmark's cap height is the unit of every measure.
    for text_line in lockup.lines:
        cap = 1.0 if text_line.role == "wordmark" else geo.region_scale
        for y in (text_line.baseline, text_line.baseline - cap):
            parts.append(_element("line", x1=0, x2=w, y1=y * s, y2=y * s, **line))
    if lockup.region_lines:
        x = (lockup.lines[0].x + lockup.region_limit) * s
        parts.append(_element("line", x1=x, x2=x, y1=0, y2=h, stroke=accent, stroke_width=3, stroke_dasharray="6 6"))
    return lk.svg(lockup, geo.colors, extra="\n".join(parts))


def brandbook_css(tokens) -> str:
    """Classes the brandbook's pages use instead of inline styles (a strict CSP allows no ``style=``)."""
    rules = [
        "/* Brandbook: gegenereerd uit de design tokens. */",
        ".wc-swatch { display: inline-block; width: 3rem; height: 1.5rem; vertical-align: middle;"
        " border: 1px solid var(--werkcentrum-color-border); border-radius: var(--werkcentrum-radius-small); }",
    ]
    for token in tokens.colors().values():
        rules.append(f".wc-swatch--{slug(token.path)} {{ background-color: {token.value}; }}")
    for token in tokens.by_prefix("werkcentrum.font.size").values():
        rules.append(
            f".md-typeset .wc-type--{slug(token.path)} {{ font-size: {token.value};"
            " line-height: var(--werkcentrum-font-line-height-tight); }"
        )
    for token in tokens.by_prefix("werkcentrum.font.weight").values():
        rules.append(f".md-typeset .wc-type--{slug(token.path)} {{ font-weight: {token.value}; }}")
    rules.append(
        ".wc-space { display: inline-block; height: 1rem; vertical-align: middle;"
        " background-color: var(--werkcentrum-color-accent); }"
    )
    for token in tokens.by_prefix("werkcentrum.spacing").values():
        rules.append(f".wc-space--{slug(token.path)} {{ width: {token.value}; }}")
    rules.append(
        ".wc-radius { display: inline-block; width: 3rem; height: 2rem; vertical-align: middle;"
        " border: 2px solid var(--werkcentrum-color-primary); }"
    )
    for token in tokens.by_prefix("werkcentrum.radius").values():
        rules.append(f".wc-radius--{slug(token.path)} {{ border-radius: {token.value}; }}")
    rules += [
        ".md-typeset img.wc-logo { display: block; max-width: 100%; height: auto; }",
        ".md-typeset img.wc-logo--klein { height: 5rem; width: auto; max-width: none; }",
        ".md-typeset td code { white-space: nowrap; }",
        ".md-typeset img.wc-op-merkkleur { background-color: var(--werkcentrum-color-primary);"
        " border-radius: var(--werkcentrum-radius-medium); }",
    ]
    return "\n".join(rules) + "\n"


def brandbook_files(plan, brand: Brand) -> tuple[dict[str, bytes], str]:
    """The brandbook's extra files and CSS, from the context its plan carries."""
    context: BrandbookContext = plan.context["merk"]
    return context.files(), context.css()

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
from .assets import DOWNLOAD_FILES, PRINT_DPI, PRINT_PX, PRINT_WIDTH_MM, Brand, brand_for
from .downloads import zip_bytes

SITE_NAME = "Brandbook Werkcentrum"
# A real long name shows the wrap rule and the construction, whatever regions a project has.
EXAMPLE_REGION = "Zuid-Kennemerland en IJmond"
# The gallery shows each lockup with its mark this many times the minimum height: readable, and never below it.
REVIEW_MARK = 1.25
# What not to do, drawn from the real lockup: a phased-out label as the name, colours outside the palette
# (purple, green, orange: obviously not the brand's), stretched by half, and a grey block in the clear space.
WRONG_NAME = "Leerwerkloket"
WRONG_COLORS = lk.LogoColors(mark="#7b2d8b", detail="#3fae49", wordmark="#d9531e", region="#3fae49")
STRETCH = 1.5
CROWD_COLOR = "#8a9099"
NATIONAL_SLUG = "landelijk"
REPORT_JSON = "rapport/consistentie.json"
REPORT_CSV = "rapport/bevindingen.csv"
ROOT_PX = 16  # what 1rem usually is in a browser; the tokens say so too


def brandbook_definition(project):
    """``brandbook/site.yml``, validated like the other site definitions; problems stop the build."""
    from ..load import load_definition
    from ..models import BrandbookDefinition
    from ..validate import check_model

    loaded = load_definition(project, project.brandbook_dir / "site.yml")
    definition, diags = check_model(loaded, BrandbookDefinition)
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
    """Text for a Markdown table cell: one line (the template's escaping keeps a ``|`` from ending the cell)."""
    return " ".join(str(text).split())


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


def sample(fg: str, bg: str) -> str:
    """The CSS classes of a colour sample: text colour ``fg`` on background ``bg`` (token paths)."""
    return f"wc-monster wc-fg--{slug(fg)} wc-bg--{slug(bg)}"


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
    """One region in the gallery: its lockup for review (light, on the brand colour, large) and its zip."""

    naam: str
    site_naam: str
    slug: str
    url: str
    host: str
    logo: str
    licht: str
    merkkleur: str
    groot: str
    breedte: int
    hoogte: int
    zip: str
    zip_kb: str
    regels: str


@dataclass(frozen=True)
class Example:
    """A picture on the logo page: the right way or a way not to use the logo."""

    bestand: str
    goed: bool
    titel: str
    alt: str
    breedte: int
    hoogte: int


class BrandbookContext:
    """What the brandbook's pages see as ``merk``.

    It holds no region model, only what the brandbook shows of each region: its names and addresses
    (``merge.RegionName``) and its report facts. So its ``__digest__`` is all a region edit can change here,
    and an edit the brandbook does not show (an inlooppunt's explanation) leaves it as it is.
    """

    def __init__(self, project, tokens, regions: list, site_url: str, facts: list[rep.ReportFacts]):
        self.project = project
        self.tokens = tokens
        self.regions = regions  # merge.RegionName, sorted by name
        self.site_url = site_url
        self.facts = facts

    @classmethod
    def from_inputs(cls, inputs, regions: list, site_url: str) -> "BrandbookContext":
        """The context of the validated ``inputs``; ``regions`` as listed on the brandbook (sorted by name)."""
        base = inputs.base
        titles = {item.slug: item.titel for item in base.all_pages()} if base else {}
        urls = {r.slug: r.url for r in regions}
        project = inputs.project
        facts = [rep.region_facts(e, titles, urls.get(e.slug, ""), project.host(e.subdomain)) for e in inputs.regions]
        return cls(project, inputs.tokens, regions, site_url, facts)

    def __digest__(self) -> dict:
        # The project's settings and the tokens come from shared inputs: the shared fingerprint holds them.
        return {"regions": self.regions, "site_url": self.site_url, "facts": self.facts}

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
                        "monster": sample(pair.fg, pair.bg),
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
                    "cellen": [
                        None if c is None else {"tekst": f"{c.text} {c.samenvatting}", "monster": sample(fg.path, bg.path)}
                        for bg, c in zip(backgrounds, row, strict=True)
                    ],
                }
                for fg, row in zip(foregrounds, rows, strict=True)
            ],
            "paren": [
                {
                    "voorgrond": self.tokens[c.fg].name,
                    "achtergrond": self.tokens[c.bg].name,
                    "monster": sample(c.fg, c.bg),
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

    # --- contact and print ---

    @cached_property
    def contact(self) -> dict | None:
        """Who answers brand questions (``merkvragen`` in brandbook/site.yml), or None: then the pages say where
        to ask instead. Never a made-up address."""
        found = brandbook_definition(self.project).merkvragen
        if found is None:
            return None
        from ..models.fields import tel_uri

        return {
            "naam": found.naam,
            "email": found.email,
            "telefoon": found.telefoon,
            "tel": tel_uri(found.telefoon) if found.telefoon else None,
        }

    @cached_property
    def druk(self) -> dict:
        """The print files: their width and resolution, and the logo's colours as sRGB values."""
        return {
            "breedte_mm": PRINT_WIDTH_MM,
            "dpi": PRINT_DPI,
            "pixels": PRINT_PX,
            "kleuren": self.logo_kleuren,
        }

    # --- regions, downloads and report ---

    def _kit(self, region):
        return self.brand.kit(region.naam, region.site_naam, region.host)

    def _zip(self, folder: str, kit, site_name: str, url: str) -> bytes:
        files = {f"{folder}/{name}": kit.files[name] for name in DOWNLOAD_FILES}
        text = readme(site_name, self.site_url, url, self.logo_kleuren, self.contact)
        files[f"{folder}/LEESMIJ.txt"] = text.encode("utf-8")
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
    def review_px(self) -> float:
        """Pixels per cap height in the gallery: the mark ``REVIEW_MARK`` x its minimum height."""
        return self.brand.geo.min_height_px * REVIEW_MARK / self.brand.geo.mark_height

    @cached_property
    def regios(self) -> list[RegionCard]:
        cards = []
        for region in self.regions:
            path = f"downloads/werkcentrum-{region.slug}.zip"
            lockup = self._kit(region).lockup
            cards.append(
                RegionCard(
                    naam=region.naam,
                    site_naam=region.site_naam,
                    slug=region.slug,
                    url=region.url,
                    host=region.host,
                    logo=f"logos/{region.slug}.svg",
                    licht=f"logos/{region.slug}-licht.svg",
                    merkkleur=f"logos/{region.slug}-merkkleur.svg",
                    groot=f"logos/{region.slug}-groot.svg",
                    breedte=round(lockup.width * self.review_px),
                    hoogte=round(lockup.height * self.review_px),
                    zip=path,
                    zip_kb=kb(len(self.downloads[path])),
                    regels=" / ".join(lockup.region_lines),
                )
            )
        return cards

    @property
    def review_mark_px(self) -> str:
        return dutch_number(round(self.brand.geo.mark_height * self.review_px))

    def _review_files(self) -> dict[str, bytes]:
        """Per region: the lockup at review size with its clear space drawn, light and on the brand colour,
        and the large construction drawing."""
        geo, px = self.brand.geo, self.review_px
        files = {}
        for card, region in zip(self.regios, self.regions, strict=True):
            lockup = self._kit(region).lockup
            files[card.licht] = clear_space_svg(lockup, geo.colors, px, geo.colors.detail or geo.colors.mark)
            files[card.merkkleur] = clear_space_svg(lockup, geo.inverse, px, geo.inverse.mark)
            files[card.groot] = construction_svg(lockup, geo)
        return files

    # --- do's and don'ts ---

    @cached_property
    def voorbeelden(self) -> list[Example]:
        """The logo used well, and five ways not to: drawn from the real lockup, so they follow the tokens."""
        return [Example(path, ok, title, alt, w, h) for path, (ok, title, alt, w, h, _) in self._examples.items()]

    @cached_property
    def _examples(self) -> dict[str, tuple]:
        geo, px = self.brand.geo, self.review_px
        lockup = lk.layout(EXAMPLE_REGION, geo)
        name = f"Werkcentrum {EXAMPLE_REGION}"
        small = geo.min_height_px / 2 / geo.mark_height
        wrong_name = lk.layout(WRONG_NAME, geo)
        size = lambda l, p=px, f=1.0: (round(l.width * p * f), round(l.height * p))  # noqa: E731
        c = lockup.content
        s = float(lk._SVG_UNIT)
        # Something in the clear space: a block, as a photo or a second logo would stand there.
        crowd = _element(
            "rect", x=(c.right + 0.2) * s, y=0.0, width=(lockup.width - c.right - 0.2) * s, height=lockup.height * s,
            fill=CROWD_COLOR,
        )  # fmt: skip
        return {
            "beelden/goed.svg": (
                True, "Goed: het logo uit de bestanden, met vrije ruimte eromheen",
                f"Het logo van {name}, zoals het hoort", *size(lockup), lk.svg(lockup, geo.colors, px),
            ),
            "beelden/niet-uitgerekt.svg": (
                False, "Niet: het logo uitrekken of samendrukken",
                f"Het logo van {name}, in de hoogte samengedrukt", *size(lockup, px / STRETCH, STRETCH),
                lk.svg(lockup, geo.colors, px / STRETCH, stretch=STRETCH),
            ),
            "beelden/niet-andere-kleuren.svg": (
                False, "Niet: andere kleuren gebruiken",
                f"Het logo van {name} in paars, groen en oranje in plaats van de huisstijlkleuren", *size(lockup),
                lk.svg(lockup, WRONG_COLORS, px),
            ),
            "beelden/niet-andere-naam.svg": (
                False, "Niet: een andere naam of een oud label in het logo",
                f"Het logo met '{WRONG_NAME}' in plaats van de naam van de regio", *size(wrong_name),
                lk.svg(wrong_name, geo.colors, px),
            ),
            "beelden/niet-te-klein.svg": (
                False, f"Niet: kleiner dan {dutch_number(geo.min_height_px)} pixels voor het beeldmerk (hier de helft)",
                f"Het logo van {name}, te klein om de regionaam te lezen", *size(lockup, small),
                lk.svg(lockup, geo.colors, small),
            ),
            "beelden/niet-te-dicht.svg": (
                False, "Niet: tekst of beeld in de vrije ruimte",
                f"Het logo van {name} met een grijs vlak dat over de vrije ruimte heen valt", *size(lockup),
                lk.svg(lockup, geo.colors, px, extra=crowd),
            ),
        }  # fmt: skip

    @cached_property
    def rapport(self) -> dict:
        entries = [
            rep.region_entry(f, self.brand.kit(f.entry["naam"], f.entry["site"], f.host)) for f in self.facts
        ]
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
        files.update({path: example[-1] for path, example in self._examples.items()})
        files.update(self._review_files())
        files[REPORT_JSON] = rep.to_json(self.rapport)
        files[REPORT_CSV] = rep.to_csv(self.rapport)
        return files

    def css(self) -> str:
        return brandbook_css(self.tokens)


def kb(size: int) -> str:
    return f"{max(1, round(size / 1024))} kB"


def ask_text(contact: dict | None) -> str:
    """Where to ask brand questions, as plain text: the configured contact, or the way to reach the working group."""
    if contact is None:
        return (
            "Stel je vraag aan de communicatieadviseur van je eigen Werkcentrum. Die legt hem voor aan de "
            "landelijke werkgroep communicatie."
        )
    ways = [w for w in (contact["email"], contact["telefoon"] and f"telefoon {contact['telefoon']}") if w]
    return f"{contact['naam']}: {' of '.join(ways)}."


def readme(site_name: str, brandbook_url: str, site_url: str, colors: list, contact: dict | None) -> str:
    """LEESMIJ.txt in every zip: what each file is for, the print note with the colours, and where to ask."""
    kleuren = "".join(f"- {c.naam}: {c.hex}, RGB {c.rgb}\n" for c in colors)
    return (
        f"{site_name}: logo, pictogrammen en deelafbeelding\n"
        "\n"
        "Deze bestanden zijn gemaakt uit de landelijke huisstijl van het Werkcentrum. Pas ze niet aan.\n"
        "\n"
        "Voor een scherm:\n"
        "- logo.svg en logo.png: het logo op een lichte achtergrond. Gebruik de SVG als het kan.\n"
        "- logo-inverse.svg en logo-inverse.png: het logo op de merkkleur of een andere donkere achtergrond.\n"
        "- favicon.ico, apple-touch-icon.png, icon-192.png en icon-512.png: pictogrammen voor websites en apps.\n"
        "- og.png: afbeelding voor berichten op sociale media (1200 x 630 pixels).\n"
        "\n"
        "Voor drukwerk:\n"
        f"- logo.pdf en logo-inverse.pdf: het logo als vectorbestand, {PRINT_WIDTH_MM} mm breed. Het blijft scherp\n"
        "  op elke grootte. Gebruik dit bestand als het kan.\n"
        f"- logo-300dpi.png en logo-inverse-300dpi.png: {PRINT_PX} pixels breed, dat is {PRINT_WIDTH_MM} mm bij {PRINT_DPI} dpi.\n"
        f"  Maak deze afbeelding niet groter dan {PRINT_WIDTH_MM} mm, anders wordt hij onscherp.\n"
        "- De vrije ruimte rond het logo zit al in de bestanden.\n"
        "\n"
        "Kleuren van het logo (sRGB, zoals op een scherm):\n"
        f"{kleuren}"
        "De huisstijl heeft nog geen vastgestelde CMYK- of Pantone-kleuren. Verzin ze niet en laat ze niet\n"
        "omrekenen zonder overleg: de landelijke werkgroep communicatie legt ze vast en zet ze in het brandbook.\n"
        "Tot die tijd: geef de drukker de PDF en de sRGB-waarden hierboven, en vraag om een proefdruk.\n"
        "\n"
        f"Vragen over de huisstijl? {ask_text(contact)}\n"
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


def clear_space_svg(lockup: lk.Lockup, colors: lk.LogoColors, px: float, accent: str) -> bytes:
    """The lockup with its clear space shaded and its edges dashed: the zone where nothing else may stand."""
    s = float(lk._SVG_UNIT)
    w, h, c = lockup.width * s, lockup.height * s, lockup.content
    x0, y0, x1, y1 = c.x * s, c.y * s, c.right * s, c.bottom * s
    zone = f"M0 0H{lk.num(w)}V{lk.num(h)}H0Z M{lk.num(x0)} {lk.num(y0)}V{lk.num(y1)}H{lk.num(x1)}V{lk.num(y0)}Z"
    dashed = {"fill": "none", "stroke": accent, "stroke_width": 2, "stroke_dasharray": "10 6"}
    parts = [
        f'<path fill="{accent}" fill-opacity="0.18" fill-rule="evenodd" d="{zone}"/>',
        _element("rect", x=1.0, y=1.0, width=w - 2, height=h - 2, **dashed),
        _element("rect", x=x0, y=y0, width=x1 - x0, height=y1 - y0, **dashed),
    ]
    return lk.svg(lockup, colors, px, extra="\n".join(parts))


def brandbook_css(tokens) -> str:
    """Classes the brandbook's pages use instead of inline styles (a strict CSP allows no ``style=``)."""
    rules = [
        "/* Brandbook: gegenereerd uit de design tokens. */",
        ".wc-swatch { display: inline-block; width: 3rem; height: 1.5rem; vertical-align: middle;"
        " border: 1px solid var(--werkcentrum-color-border); border-radius: var(--werkcentrum-radius-small); }",
    ]
    for token in tokens.colors().values():
        rules.append(f".wc-swatch--{slug(token.path)} {{ background-color: {token.value}; }}")
    # A colour sample for every pair in the contrast tables: text colour and background as separate classes.
    rules.append(
        ".wc-monster { display: inline-block; min-width: 2.6em; padding: 0 0.35em; margin-right: 0.3em;"
        " border: 1px solid var(--werkcentrum-color-border); border-radius: var(--werkcentrum-radius-small);"
        " font-weight: 700; text-align: center; }"
    )
    # The sample's letters are CSS content: decoration next to the ratio in words, not text to be read or checked.
    rules.append('.wc-monster::before { content: "Aa"; }')
    for token in tokens.colors().values():
        rules.append(f".md-typeset .wc-fg--{slug(token.path)} {{ color: {token.value}; }}")
        rules.append(f".wc-bg--{slug(token.path)} {{ background-color: {token.value}; }}")
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
    card = (
        "display: inline-block; vertical-align: top; box-sizing: border-box; width: calc(50% - 0.8rem);"
        " margin: 0 0.4rem 1rem 0; padding: 0.6rem; overflow-x: auto;"
        " border: 1px solid var(--werkcentrum-color-border); border-radius: var(--werkcentrum-radius-medium);"
    )
    rules += [
        ".md-typeset img.wc-logo { display: block; max-width: 100%; height: auto; }",
        ".md-typeset img.wc-logo--klein { height: 5rem; width: auto; max-width: none; }",
        ".md-typeset img.wc-op-merkkleur { background-color: var(--werkcentrum-color-primary);"
        " border-radius: var(--werkcentrum-radius-medium); }",
        # Gallery cards and do's and don'ts: two side by side, one on a phone. Their logos keep their size (the
        # mark never below the minimum): a card scrolls rather than shrink one.
        f".md-typeset .wc-logokaart, .md-typeset .wc-voorbeeld {{ {card} }}",
        ".md-typeset .wc-voorbeeld--goed { border: 3px solid var(--werkcentrum-color-success); }",
        ".md-typeset .wc-logokaart img, .md-typeset .wc-voorbeeld img { display: block; max-width: none;"
        " margin: 0.4rem 0; }",
        "@media screen and (max-width: 44.9375em) { .md-typeset .wc-logokaart, .md-typeset .wc-voorbeeld"
        " { width: 100%; margin-right: 0; } }",
        # Tables as wide as the page, never wider: words wrap between words, codes and file paths anywhere.
        ".md-typeset table:not([class]) { display: table; width: 100%; }",
        ".md-typeset table:not([class]) th, .md-typeset table:not([class]) td { overflow-wrap: break-word;"
        " hyphens: auto; }",
        ".md-typeset table:not([class]) code { overflow-wrap: anywhere; }",
        "@media screen and (max-width: 44.9375em) { .md-typeset table:not([class]) { font-size: 0.6rem; }"
        " .md-typeset table:not([class]) th, .md-typeset table:not([class]) td { padding: 0.5em 0.4em; }"
        " .md-typeset table:not([class]) th { min-width: 0; } }",
        # The audit's page lists fold open (details); Material colours a summary's focus ring with its accent.
        ".md-typeset details.wc-paginas summary { cursor: pointer; }",
        ".md-typeset details.wc-paginas summary:focus-visible { outline: 3px solid var(--werkcentrum-color-focus);"
        " outline-offset: 2px; }",
        # Words for screen readers only ("Groot bekijken: Werkcentrum Twente") use the theme's .wc-verborgen.
    ]
    return "\n".join(rules) + "\n"


def brandbook_files(plan, brand: Brand) -> tuple[dict[str, bytes], str]:
    """The brandbook's extra files and CSS, from the context its plan carries."""
    context: BrandbookContext = plan.context["merk"]
    return context.files(), context.css()

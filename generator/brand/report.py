"""The consistency report for brand reviewers: what a visitor of each regional site misses, and where to fix it.

Every region gets **findings** (one per gap, with the file, line and field to change and a tip), a score of what a
visitor misses, and its brand checks (name, logo, files, social image). Regions are ranked by that score: the
region whose visitors miss most comes first. The brandbook shows it as pages; ``to_json`` and ``to_csv`` are the
downloads. Only facts that do not depend on the machine go in: no pixel counts, no times.

Adding a kind of finding is one function and one line in ``FINDING_KINDS``: a function that yields ``Finding``s
for one region (see ``_no_hours``), and a ``FindingKind`` with its weight and a short Dutch title. A planned
inlooppunt (``status: gepland``) is no place to walk into yet: it never counts as an address and never lacks hours.
Expired notices are judged on the build date (``SOURCE_DATE_EPOCH``, else today in the Netherlands), so a CI
build with a fixed date gives the same report on every machine.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import date

from PIL import Image

from ..lint import RULES as LINT_RULES
from ..dates import report_day
from ..validate import expired_meldingen
from . import icons
from .assets import KIT_FILES, OG_IMAGE, PRINT_DPI, PRINT_PX, Kit
from .lockup import PNG_PX_PER_CAP, Lockup

REPORT_VERSION = 2
EPSILON = 1e-6
# The brand lint's rules that name a phased-out label (generator/lint.py); a region may not be called that.
OLD_LABEL_RULES = tuple(rule for rule in LINT_RULES if "oud label" in rule.message)


# --- findings -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One gap in one region: what is missing or wrong, and the place in which file to fix it."""

    soort: str
    wat: str
    bestand: str
    regel: int
    kolom: int
    veld: str
    tip: str


@dataclass(frozen=True)
class FindingKind:
    """A kind of finding: its weight (how much a visitor misses; highest first), a title and its rule."""

    soort: str
    gewicht: int
    titel: str
    find: Callable[["RegionFacts"], Iterator[Finding]]


@dataclass(frozen=True)
class RegionFacts:
    """What the finding rules look at: the region's model, its parsed file, its warnings and the report's date."""

    model: object
    doc: object  # YamlDocument: the line and column of every value
    display: str
    warnings: tuple
    day: date

    @property
    def open_points(self) -> list:
        """The inlooppunten a visitor can walk into now: planned ones are announced, not visited."""
        return [p for p in self.model.inlooppunten if not p.gepland]

    def at(self, soort: str, loc: tuple, wat: str, tip: str, key: bool = False) -> Finding:
        line, column = self.doc.position(loc, key=key) if self.doc is not None else (1, 1)
        return Finding(soort, wat, self.display, line, column, _path(loc), tip)

    def missing(self, soort: str, field: str, wat: str, tip: str) -> Finding:
        """A finding for a top-level field that is absent: it points at the field it belongs after."""
        data = self.doc.data if self.doc is not None and isinstance(self.doc.data, dict) else {}
        order = list(type(self.model).model_fields)
        before = [name for name in order[: order.index(field)] if name in data] or ["naam"]
        line, column = self.doc.position((before[-1],), key=True) if self.doc is not None else (1, 1)
        return Finding(soort, wat, self.display, line, column, field, f"{tip} Zet het na het blok '{before[-1]}'.")


def _path(loc: tuple) -> str:
    from ..yamlfile import format_loc

    return format_loc(loc)


def _has_address(point) -> bool:
    return bool(point.adres and point.plaats)


def _no_address(facts: RegionFacts) -> Iterator[Finding]:
    points = facts.open_points
    if any(_has_address(p) for p in points):
        return
    wat = "Een bezoeker vindt geen adres om binnen te lopen."
    if not facts.model.inlooppunten:
        yield facts.missing(
            "geen-inlooppunt-met-adres",
            "inlooppunten",
            wat + " Er staat nog geen inlooppunt in het bestand.",
            "Voeg 'inlooppunten:' toe met voor elk inlooppunt naam, gemeente, adres, postcode en plaats, zodra die vaststaan.",
        )
        return
    yield from _per_point(
        facts,
        "geen-inlooppunt-met-adres",
        lambda point: not point.gepland,
        wat + " Inlooppunt '{naam}' heeft nog geen adres en plaats.",
        "Vul 'adres', 'postcode' en 'plaats' in zodra het adres vaststaat. Verzin geen adres.",
    )


def _only_planned(facts: RegionFacts) -> Iterator[Finding]:
    if facts.open_points:
        return
    yield from _per_point(
        facts,
        "alleen-geplande-inlooppunten",
        lambda point: point.gepland,
        "Een bezoeker kan nog nergens binnenlopen: inlooppunt '{naam}' is gepland en nog niet open.",
        "Staat het inlooppunt open? Haal dan 'status: gepland' weg en vul adres, postcode, plaats en openingstijden in.",
    )


def _no_hours(facts: RegionFacts) -> Iterator[Finding]:
    def unknown(point) -> bool:
        if point.gepland:
            return False
        hours = point.openingstijden
        return hours is None or all(ranges is None for _, ranges in hours.days())

    yield from _per_point(
        facts,
        "inlooppunt-zonder-openingstijden",
        unknown,
        "Een bezoeker weet niet wanneer inlooppunt '{naam}' open is.",
        "Vul 'openingstijden' in, per dag, zoals maandag: \"09:00-17:00\" of gesloten.",
    )


def _per_point(facts: RegionFacts, soort: str, lacks, wat: str, tip: str) -> Iterator[Finding]:
    """One finding for each inlooppunt that ``lacks`` something, at its place in the file."""
    for i, point in enumerate(facts.model.inlooppunten):
        if lacks(point):
            yield facts.at(soort, ("inlooppunten", i), wat.replace("{naam}", point.naam), tip)


def _no_contact(facts: RegionFacts) -> Iterator[Finding]:
    contact = facts.model.contact
    if contact is not None and any((contact.telefoon, contact.email, contact.website)):
        return
    wat = "Een bezoeker kan het Werkcentrum niet bellen of mailen: er zijn geen contactgegevens."
    tip = "Vul onder 'contact:' een telefoonnummer, e-mailadres of website in die echt van het Werkcentrum is."
    if contact is None:
        yield facts.missing("geen-contact", "contact", wat, tip)
    else:
        yield facts.at("geen-contact", ("contact",), wat, tip, key=True)


def _no_gemeenten(facts: RegionFacts) -> Iterator[Finding]:
    if not facts.model.gemeenten:
        yield facts.missing(
            "geen-gemeenten",
            "gemeenten",
            "Een bezoeker ziet niet of zijn gemeente bij deze regio hoort: de lijst met gemeenten is leeg.",
            "Zet de gemeenten van de arbeidsmarktregio onder 'gemeenten:', elk op een eigen regel.",
        )


def _expired_notices(facts: RegionFacts) -> Iterator[Finding]:
    for d in expired_meldingen(facts.doc, facts.model, facts.day):
        yield Finding(
            "verlopen-melding",
            "Er staat een verlopen melding in het bestand: " + d.message.removeprefix("deze melding is verlopen: "),
            facts.display, d.line or 1, d.column or 1, d.path, d.hint or "",
        )


def _notice_ends(facts: RegionFacts) -> set[str]:
    return {_path(("meldingen", i, "tot")) for i in range(len(facts.model.meldingen))}


def _brand_warnings(facts: RegionFacts) -> Iterator[Finding]:
    # An expired notice is a finding of its own, judged on the report's date rather than on the day of 'check'.
    ends = _notice_ends(facts)
    for d in facts.warnings:
        if d.path in ends:
            continue
        yield Finding("merk-waarschuwing", d.message[:1].upper() + d.message[1:], d.file, d.line or 1, d.column or 1, d.path, d.hint or "")


# Highest weight first: the order of the columns and of the summary. The score of a region is the sum of the
# weights of the kinds it has (each kind once), so one serious gap outweighs several small ones.
FINDING_KINDS: tuple[FindingKind, ...] = (
    FindingKind("geen-inlooppunt-met-adres", 40, "geen inlooppunt met adres", _no_address),
    FindingKind("alleen-geplande-inlooppunten", 35, "alleen geplande inlooppunten", _only_planned),
    FindingKind("geen-contact", 30, "geen contactgegevens", _no_contact),
    FindingKind("inlooppunt-zonder-openingstijden", 20, "inlooppunt zonder openingstijden", _no_hours),
    FindingKind("geen-gemeenten", 10, "geen gemeenten", _no_gemeenten),
    FindingKind("verlopen-melding", 8, "verlopen melding", _expired_notices),
    FindingKind("merk-waarschuwing", 5, "waarschuwing over de naam of een oud label", _brand_warnings),
)
KINDS = {kind.soort: kind for kind in FINDING_KINDS}


def findings(facts: RegionFacts) -> list[Finding]:
    """Every finding of one region, in the order of ``FINDING_KINDS``."""
    return [found for kind in FINDING_KINDS for found in kind.find(facts)]


def score(found: list[Finding]) -> int:
    return sum(KINDS[soort].gewicht for soort in {f.soort for f in found})


# --- brand checks ---------------------------------------------------------------------------------------------


def _check(key: str, ok: bool, text: str) -> dict:
    return {"controle": key, "ok": bool(ok), "toelichting": text}


def check_logo(lockup: Lockup) -> dict:
    """Each region line obeys the wrap rule, and everything drawn stays inside the clear space."""
    lines_ok = all(
        line.width <= lockup.region_limit + EPSILON or not re.search(r"[ \-]", line.run.text.strip())
        for line in lockup.lines
        if line.role == "region"
    )
    ink, c = lockup.ink_box(), lockup.content
    inside = (
        ink.x >= c.x - EPSILON
        and ink.y >= c.y - EPSILON
        and ink.right <= c.right + EPSILON
        and ink.bottom <= c.bottom + EPSILON
    )
    n = len(lockup.region_lines)
    regels = "1 regel" if n == 1 else f"{n} regels"
    if lines_ok and inside:
        return _check("logo", True, f"Het logo past binnen de vrije ruimte. De regionaam staat op {regels}.")
    return _check(
        "logo", False, "Het logo volgt de regels niet: de regionaam is te breed of steekt buiten de vrije ruimte."
    )


def _image_problems(name: str, data: bytes, lockup: Lockup) -> list[str]:
    try:
        image = Image.open(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - any unreadable file is a failed check, not a crash
        return [f"{name} is geen afbeelding"]
    expected = KIT_FILES.get(name)
    if name == "favicon.ico":
        sizes = sorted(image.info.get("sizes", set()))
        return [] if sizes == [(s, s) for s in icons.FAVICON_SIZES] else [f"{name} heeft de maten {sizes}"]
    if name in ("logo.png", "logo-inverse.png"):
        expected = (round(lockup.width * PNG_PX_PER_CAP), round(lockup.height * PNG_PX_PER_CAP), "RGBA")
    if name.endswith("-300dpi.png"):
        expected = (PRINT_PX, round(lockup.height * PRINT_PX / lockup.width), "RGBA")
        dpi = tuple(round(v) for v in image.info.get("dpi", (0, 0)))
        if dpi != (PRINT_DPI, PRINT_DPI):
            return [f"{name} heeft geen {PRINT_DPI} dpi"]
    if expected and (image.width, image.height, image.mode) != expected:
        return [f"{name} is {image.width} x {image.height} ({image.mode})"]
    return []


def check_files(kit: Kit, site_name: str) -> dict:
    """Every kit file is there, raster files have their size and mode, the manifest names the site in Dutch."""
    problems = [f"{name} ontbreekt" for name in KIT_FILES if name not in kit.files]
    for name, data in sorted(kit.files.items()):
        if name.endswith((".png", ".ico")):
            problems += _image_problems(name, data, kit.lockup)
        elif name.endswith(".svg") and not data.startswith(b"<svg "):
            problems.append(f"{name} is geen SVG")
        elif name.endswith(".pdf") and not data.startswith(b"%PDF-"):
            problems.append(f"{name} is geen PDF")
    try:
        manifest = json.loads(kit.files.get("manifest.webmanifest", b"{}"))
        if manifest.get("name") != site_name or manifest.get("lang") != "nl":
            problems.append("het webmanifest noemt de site niet goed")
    except ValueError:
        problems.append("het webmanifest is geen JSON")
    if problems:
        return _check("bestanden", False, "Niet in orde: " + "; ".join(problems) + ".")
    return _check("bestanden", True, f"Alle {len(KIT_FILES)} merkbestanden zijn er, met de goede maten.")


def check_social(kit: Kit) -> dict:
    """``og.png`` has its size, and the drawn lockup stays inside the margins."""
    left, top, right, bottom = kit.social.area
    ink = kit.og_ink
    inside = ink is not None and ink[0] >= left and ink[1] >= top and ink[2] <= right and ink[3] <= bottom + 1
    size_ok = not _image_problems(OG_IMAGE, kit.files[OG_IMAGE], kit.lockup)
    if inside and size_ok:
        text = "De deelafbeelding is 1200 x 630 pixels en het logo staat binnen de marges."
        return _check("deelafbeelding", True, text)
    return _check(
        "deelafbeelding", False, "De deelafbeelding heeft een verkeerde maat of het logo staat buiten de marges."
    )


def check_name(model) -> dict:
    """The site is called "Werkcentrum <naam>" and the name is no phased-out label (how the region's texts write
    Werkcentrum is a brand-lint finding, with its line)."""
    old = any(rule.pattern.search(model.naam) for rule in OLD_LABEL_RULES)
    if model.site_name != f"Werkcentrum {model.naam}" or old:
        return _check("naam", False, f"De naam '{model.site_name}' volgt niet het patroon 'Werkcentrum' + regionaam.")
    return _check("naam", True, f"De naam is '{model.site_name}'.")


# --- the report -----------------------------------------------------------------------------------------------


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


@dataclass(frozen=True)
class ReportFacts:
    """What the report says of one region apart from the checks of its logo files: plain data, made while
    planning, so the brandbook's plan holds no region model (``cache.plan_fingerprint`` sees all it uses)."""

    entry: dict  # the report entry without "merkcontroles" and "voldoet"
    name_check: dict
    host: str


def region_facts(entry, base_titles: dict[str, str], url: str, host: str) -> ReportFacts:
    """The report facts of one region (a ``validate.RegionEntry``) whose site is at ``url`` on ``host``."""
    model = entry.model
    found = findings(RegionFacts(model, entry.doc, entry.display, entry.warnings, report_day()))
    additions = [
        {"pagina": slug, "titel": base_titles[slug], "woorden": _words(model.aanvullingen[slug])}
        for slug in base_titles
        if slug in model.aanvullingen
    ]
    return ReportFacts(
        {
            "slug": entry.slug,
            "naam": model.naam,
            "site": model.site_name,
            "adres": url,
            "bestand": entry.display,
            "score": score(found),
            "mist": [KINDS[k.soort].titel for k in FINDING_KINDS if any(f.soort == k.soort for f in found)],
            "bevindingen": [asdict(f) for f in found],
            "extra_paginas": [{"titel": p.titel, "pagina": p.slug} for p in entry.pages],
            "aanvullingen": additions,
        },
        check_name(model),
        host,
    )


def region_entry(facts: ReportFacts, kit: Kit) -> dict:
    """The report entry of one region: its facts and the checks of its name and its logo files (``kit``)."""
    checks = [facts.name_check, check_logo(kit.lockup), check_files(kit, facts.entry["site"]), check_social(kit)]
    return {**facts.entry, "merkcontroles": checks, "voldoet": all(c["ok"] for c in checks)}


def report(entries: list[dict], contrast_problems: int, pairs: int) -> dict:
    """The whole report: the house style's own check, then every region, the one whose visitors miss most first."""
    ranked = sorted(entries, key=lambda e: (-e["score"], -len(e["bevindingen"]), e["naam"].casefold()))
    for rank, entry in enumerate(ranked, 1):
        entry["rang"] = rank
    per_kind = {k.soort: sum(any(f["soort"] == k.soort for f in e["bevindingen"]) for e in ranked) for k in FINDING_KINDS}
    return {
        "versie": REPORT_VERSION,
        "huisstijl": {"contrast": {"ok": contrast_problems == 0, "paren": pairs, "fouten": contrast_problems}},
        "soorten": [{"soort": k.soort, "gewicht": k.gewicht, "titel": k.titel} for k in FINDING_KINDS],
        "samenvatting": {
            "regios": len(ranked),
            "zonder_bevindingen": sum(not e["bevindingen"] for e in ranked),
            "bevindingen": sum(len(e["bevindingen"]) for e in ranked),
            "voldoen_aan_merkcontroles": sum(e["voldoet"] for e in ranked),
            "regios_per_soort": per_kind,
        },
        "regios": ranked,
    }


def to_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


CSV_COLUMNS = ("rang", "regio", "soort", "wat", "bestand", "regel", "kolom", "veld", "tip")
# A cell a spreadsheet would run as a formula: region text is data, never a formula (CSV injection).
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def _csv_cell(value) -> str | int:
    if isinstance(value, int):
        return value
    text = " ".join(str(value).split())
    return "'" + text if _FORMULA.match(text) else text


def to_csv(data: dict) -> bytes:
    """One row per finding, in ranking order. Semicolons and a byte-order mark: a Dutch spreadsheet opens it as is."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in data["regios"]:
        for f in entry["bevindingen"]:
            row = {"rang": entry["rang"], "regio": entry["naam"], **f}
            writer.writerow([_csv_cell(row[c]) for c in CSV_COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")

"""The consistency report for brand reviewers: per region what it adds, what is missing, old labels, brand checks.

One dictionary per region (the JSON the brandbook publishes and the golden test reads); the brandbook page
shows the same data as one table. Only facts that do not depend on the machine go in: no pixel counts, no times.
"""

from __future__ import annotations

import io
import json
import re

from PIL import Image

from ..lint import RULES as LINT_RULES
from . import icons
from .assets import KIT_FILES, OG_IMAGE, Kit
from .lockup import PNG_PX_PER_CAP, Lockup

REPORT_VERSION = 1
EPSILON = 1e-6

# The brand lint's rules (generator/lint.py) are the one list of what is off brand: old labels, and the
# spelling of the name. The report counts them per place instead of warning per line.
OLD_LABEL_RULES = tuple(rule for rule in LINT_RULES if "oud label" in rule.message)
NAME_RULES = tuple(rule for rule in LINT_RULES if rule not in OLD_LABEL_RULES)
MISSING = {"inlooppunten": "geen inlooppunten", "contact": "geen contactgegevens", "partners": "geen partners"}


def region_texts(entry) -> list[tuple[str, str]]:
    """Every text a region writes itself, with where it is in the region file."""
    model = entry.model
    texts = [("naam", model.naam)]
    for i, point in enumerate(model.inlooppunten):
        texts.append((f"inlooppunten[{i + 1}].naam", point.naam))
        if point.toelichting:
            texts.append((f"inlooppunten[{i + 1}].toelichting", point.toelichting))
    texts += [(f"partners[{i + 1}].naam", p.naam) for i, p in enumerate(model.partners)]
    texts += [(f"aanvullingen.{key}", text) for key, text in model.aanvullingen.items()]
    for page in entry.pages:
        texts.append((f"paginas.{page.slug}", f"{page.titel}\n{page.markdown}"))
    return texts


def _matches(rules, texts: list[tuple[str, str]]) -> list[dict]:
    """What the rules find, one entry per found text and place, with how often it occurs there."""
    found: dict[tuple[str, str], int] = {}
    for where, text in texts:
        for rule in rules:
            for match in rule.pattern.finditer(text):
                key = (" ".join(match.group(0).split()), where)
                found[key] = found.get(key, 0) + 1
    return [{"label": label, "waar": where, "aantal": n} for (label, where), n in found.items()]


def phased_out_labels(texts: list[tuple[str, str]]) -> list[dict]:
    """Old labels (WerkgeversServicepunt, WSP, Leerwerkloket, ...) found in a region's own texts."""
    return _matches(OLD_LABEL_RULES, texts)


def misspelled_names(texts: list[tuple[str, str]]) -> list[dict]:
    """The name Werkcentrum written otherwise ("Werk centrum", "werkcentrum", ...)."""
    return _matches(NAME_RULES, texts)


def missing_facts(model) -> list[str]:
    missing = []
    if not model.inlooppunten:
        missing.append("inlooppunten")
    contact = model.contact
    if contact is None or not any((contact.telefoon, contact.email, contact.website)):
        missing.append("contact")
    if not model.partners:
        missing.append("partners")
    return missing


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


def check_labels(found: list[dict]) -> dict:
    if not found:
        return _check("oude-labels", True, "Geen oude labels gevonden.")
    where = ", ".join(f"{f['label']} ({f['waar']})" for f in found)
    return _check("oude-labels", False, f"Gevonden: {where}. Schrijf 'Werkcentrum' met de naam van de regio.")


def check_name(model, texts: list[tuple[str, str]]) -> dict:
    """The site is called "Werkcentrum <naam>", and the region's texts write Werkcentrum the national way."""
    if model.site_name != f"Werkcentrum {model.naam}" or phased_out_labels([("naam", model.naam)]):
        return _check("naam", False, f"De naam '{model.site_name}' volgt niet het patroon 'Werkcentrum' + regionaam.")
    wrong = misspelled_names(texts)
    if wrong:
        where = ", ".join(f"'{f['label']}' ({f['waar']})" for f in wrong)
        text = f"De naam is '{model.site_name}', maar Werkcentrum staat anders geschreven: {where}."
        return _check("naam", False, text)
    return _check("naam", True, f"De naam is '{model.site_name}' en Werkcentrum is overal goed geschreven.")


# --- the report -----------------------------------------------------------------------------------------------


def _words(text: str) -> int:
    return len(re.findall(r"\w+", text))


def region_entry(entry, kit: Kit, base_titles: dict[str, str], url: str) -> dict:
    """The report entry of one region."""
    model = entry.model
    texts = region_texts(entry)
    labels = phased_out_labels(texts)
    checks = [
        check_name(model, texts),
        check_logo(kit.lockup),
        check_files(kit, model.site_name),
        check_social(kit),
        check_labels(labels),
    ]
    additions = [
        {"pagina": slug, "titel": base_titles[slug], "woorden": _words(model.aanvullingen[slug])}
        for slug in base_titles
        if slug in model.aanvullingen
    ]
    return {
        "slug": entry.slug,
        "naam": model.naam,
        "site": model.site_name,
        "adres": url,
        "extra_paginas": [{"titel": p.titel, "pagina": p.slug} for p in entry.pages],
        "aanvullingen": additions,
        "ontbreekt": missing_facts(model),
        "oude_labels": labels,
        "merkcontroles": checks,
        "voldoet": all(c["ok"] for c in checks),
    }


def report(entries: list[dict], contrast_problems: int, pairs: int) -> dict:
    """The whole report: the house style's own check, then every region in alphabetical order."""
    ordered = sorted(entries, key=lambda e: e["naam"].casefold())
    return {
        "versie": REPORT_VERSION,
        "huisstijl": {"contrast": {"ok": contrast_problems == 0, "paren": pairs, "fouten": contrast_problems}},
        "samenvatting": {
            "regios": len(ordered),
            "voldoen": sum(e["voldoet"] for e in ordered),
            "met_oude_labels": sum(bool(e["oude_labels"]) for e in ordered),
            "zonder_inlooppunten": sum("inlooppunten" in e["ontbreekt"] for e in ordered),
            "zonder_contact": sum("contact" in e["ontbreekt"] for e in ordered),
        },
        "regios": ordered,
    }


def to_json(data: dict) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

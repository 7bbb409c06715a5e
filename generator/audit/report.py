"""The audit report: JSON for machines and the brandbook, and a Dutch HTML page that is accessible itself."""

from __future__ import annotations

import html
import io
import json
from collections import Counter
from datetime import datetime

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the runner imports asyncio and ssl: the brandbook, which only shows a report, needs neither
    from .runner import PageResult, RunStats

FORMAT = 1
SCREENSHOT_COLOURS = 64

# Our own checks next to axe's rules: Dutch names for the report.
OWN_RULES = {
    "focus-visible": "Toetsenbordfocus is zichtbaar, met de focuskleur (WCAG 2.4.7)",
    "reflow": "Geen horizontaal scrollen op 320 px breed (WCAG 1.4.10)",
    "csp-violation": "Content-Security-Policy blokkeert iets op de pagina",
    "page-load": "De pagina laadt met de goede statuscode",
    "browser-storage": "De pagina slaat niets op in de browser (privacy)",
}
IMPACT_NL = {"critical": "kritiek", "serious": "ernstig", "moderate": "matig", "minor": "klein", "": "-"}
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december")


def axe_version() -> str:
    from .runner import AXE_FILE

    with AXE_FILE.open(encoding="utf-8") as handle:
        first = handle.readline()  # "/*! axe v4.14.1"
    return first.split(" v", 1)[-1].strip()


def reduce_png(data: bytes) -> bytes:
    """A screenshot as a small palette PNG: 64 colours without dithering keep text sharp and files small."""
    from PIL import Image

    image = Image.open(io.BytesIO(data)).convert("RGB")
    small = image.quantize(colors=SCREENSHOT_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def build_report(stats: RunStats, sites: list[str], when: datetime, partial: bool) -> dict:
    """The JSON report. ``pages``, ``violations`` and ``third_party_requests`` are the fields the issue names."""
    from .runner import AXE_TAGS

    results: list[PageResult] = stats.pages
    violations = [v for r in results for v in r.violations]
    requests = [q for r in results for q in r.requests]
    per_site = []
    for key in sites:
        mine = [r for r in results if r.target.site == key]
        per_site.append(
            {
                "site": key,
                "url": next((r.target.public for r in mine if r.target.home), mine[0].target.public if mine else ""),
                "pages": len(mine),
                "violations": sum(len(r.violations) for r in mine),
                "third_party_requests": sum(len(r.requests) for r in mine),
                "screenshots": {str(w): f"screenshots/{key}-{w}.png" for r in mine for w in sorted(r.screenshots)},
            }
        )
    return {
        "format": FORMAT,
        "date": when.isoformat(timespec="seconds"),
        "partial": partial,
        "seconds": round(stats.seconds, 1),
        "parallel_pages": stats.workers,
        "browser": f"Chromium {stats.browser_version}",
        "axe_core": axe_version(),
        "axe_tags": list(AXE_TAGS),
        "summary": {
            "sites": len(sites),
            "pages": len(results),
            "violations": len(violations),
            "third_party_requests": len(requests),
            "needs_review": sum(len(r.incomplete) for r in results),
            "rules": dict(sorted(Counter(v["rule"] for v in violations).items())),
        },
        "sites": per_site,
        "pages": [r.target.public for r in results],
        "violations": violations,
        "third_party_requests": requests,
        "needs_review": [i for r in results for i in r.incomplete],
    }


def to_json(report: dict) -> bytes:
    return (json.dumps(report, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def dutch_date(value: str) -> str:
    """ISO date-time -> "4 juni 2026, 14:05"."""
    moment = datetime.fromisoformat(value)
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}, {moment:%H:%M}"


def duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def needs_review_by_rule(report: dict) -> list[dict]:
    """The points axe could not judge, one entry per rule with the pages it occurs on; most pages first."""
    groups: dict[str, dict] = {}
    for item in report.get("needs_review", []):
        group = groups.setdefault(item["rule"], {"rule": item["rule"], "message": item["message"], "count": 0, "pages": set()})
        group["count"] += 1
        group["pages"].add(item["page"])
    out = [{**g, "pages": sorted(g["pages"])} for g in groups.values()]
    return sorted(out, key=lambda g: (-len(g["pages"]), g["rule"]))


def rule_name(rule: str) -> str:
    return OWN_RULES.get(rule, rule)


# A file next to report.html, not a <style> element: the report stays styled under a strict CSP too.
CSS_FILE = "report.css"
CSS = """
:root { color: #171b20; background: #fff; font: 100%/1.5 system-ui, sans-serif; }
body { max-width: 72rem; margin: 0 auto; padding: 1rem; }
h1, h2 { line-height: 1.2; overflow-wrap: break-word; }
h1 { font-size: clamp(1.5rem, 6vw, 2rem); }
a { color: #1e3c9e; text-underline-offset: 0.15em; }
a:focus-visible, .scroll:focus-visible { outline: 3px solid #af6100; outline-offset: 2px; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; min-width: 36rem; margin: 0 0 1.5rem; }
caption { text-align: left; font-weight: 700; padding: 0.5rem 0; }
th, td { border: 1px solid #7b8189; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
td a { overflow-wrap: anywhere; }
th { background: #f5f7f9; }
.ok { color: #21763c; font-weight: 700; }
.fout { color: #b32322; font-weight: 700; }
code { font-size: 0.9em; overflow-wrap: anywhere; }
"""


def _e(value) -> str:
    return html.escape(str(value), quote=True)


def _table(caption: str, head: list[str], rows: list[list[str]]) -> str:
    """A data table in a keyboard-scrollable region (narrow screens scroll the table, never the page)."""
    cells = "".join(f"<th scope=\"col\">{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f'<div class="scroll" role="region" aria-label="{_e(caption)}" tabindex="0">'
        f"<table><caption>{_e(caption)}</caption><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def to_html(report: dict) -> bytes:
    """The report as a Dutch HTML page, without scripts; its stylesheet is ``CSS_FILE`` in the same folder."""
    s = report["summary"]
    clean = s["violations"] == 0 and s["third_party_requests"] == 0
    verdict = (
        '<p class="ok">Geen problemen gevonden en geen verzoeken naar andere servers.</p>'
        if clean
        else f'<p class="fout">{s["violations"]} problemen en {s["third_party_requests"]} verzoeken naar andere servers gevonden.</p>'
    )
    parts = [
        "<!doctype html>",
        '<html lang="nl"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width,initial-scale=1">',
        "<title>Toegankelijkheidscontrole van de Werkcentrum-sites</title>",
        f'<link rel="stylesheet" href="{CSS_FILE}"></head><body><main>',
        "<h1>Toegankelijkheidscontrole van de Werkcentrum-sites</h1>",
        verdict,
        "<h2>Samenvatting</h2><ul>",
        f"<li>Datum: {_e(dutch_date(report['date']))}{' (gedeeltelijke controle)' if report['partial'] else ''}</li>",
        f"<li>Sites: {s['sites']}; pagina's: {s['pages']}</li>",
        f"<li>Duur: {_e(duration(report['seconds']))}, {report['parallel_pages']} pagina's tegelijk</li>",
        f"<li>Problemen: {s['violations']}; verzoeken naar andere servers: {s['third_party_requests']}; "
        f"handmatig te controleren: {s['needs_review']}</li>",
        f"<li>Gecontroleerd met axe-core {_e(report['axe_core'])} in {_e(report['browser'])}, regels: "
        f"{_e(', '.join(report['axe_tags']))}; daarnaast reflow op 320 px, zichtbare toetsenbordfocus en de "
        "Content-Security-Policy; en of een pagina iets opslaat in de browser</li></ul>",
        "<h2>Per site</h2>",
        _table(
            "Resultaat per site",
            ["Site", "Pagina's", "Problemen", "Verzoeken naar andere servers"],
            [
                [f'<a href="{_e(site["url"])}">{_e(site["site"])}</a>', str(site["pages"]), str(site["violations"]), str(site["third_party_requests"])]
                for site in report["sites"]
            ],
        ),
        "<h2>Problemen</h2>",
    ]
    if report["violations"]:
        parts.append(
            _table(
                "Gevonden problemen",
                ["Pagina", "Regel", "Ernst", "Element", "Uitleg", "Scherm"],
                [
                    [
                        f'<a href="{_e(v["page"])}">{_e(v["page"])}</a>',
                        _e(rule_name(v["rule"])),
                        _e(IMPACT_NL.get(v["impact"], v["impact"])),
                        f"<code>{_e(v['element'])}</code>",
                        _e(v["message"]),
                        _e(v["context"]),
                    ]
                    for v in report["violations"]
                ],
            )
        )
    else:
        parts.append("<p>Geen problemen gevonden.</p>")
    parts.append("<h2>Verzoeken naar andere servers</h2>")
    if report["third_party_requests"]:
        parts.append(
            _table(
                "Tegengehouden verzoeken naar andere servers",
                ["Pagina", "Adres", "Soort"],
                [[_e(q["page"]), f"<code>{_e(q['url'])}</code>", _e(q["type"])] for q in report["third_party_requests"]],
            )
        )
    else:
        parts.append("<p>Geen enkele pagina vroeg iets op bij een andere server.</p>")
    parts.append("<h2>Handmatig te controleren</h2>")
    groups = needs_review_by_rule(report)
    if groups:
        parts.append(
            "<p>Deze punten kon axe-core niet zelf beoordelen. Ze tellen niet als probleem; bekijk ze met de hand.</p>"
            + _table(
                "Handmatig te controleren, per regel",
                ["Regel", "Uitleg", "Pagina's"],
                [
                    [
                        f"<code>{_e(g['rule'])}</code>",
                        f"{_e(g['message'])} ({g['count']} keer)",
                        "<ul>" + "".join(f'<li><a href="{_e(p)}">{_e(p)}</a></li>' for p in g["pages"]) + "</ul>",
                    ]
                    for g in groups
                ],
            )
        )
    else:
        parts.append("<p>Geen punten om met de hand te controleren.</p>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts).encode("utf-8")

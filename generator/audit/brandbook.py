"""What the brandbook shows of the latest full audit: the result as a page, the JSON report, and the gallery.

Read from ``<build_dir>/audit/`` (written by ``werkcentrum audit``); the brandbook's build fingerprint includes
that folder, so a new audit rebuilds the brandbook only. Without an audit the pages say so in plain Dutch (a
public page shows no commands). Points to check by hand are grouped by rule, with the pages where they occur.
Standard library only: the build imports this for every brandbook build.
"""

from __future__ import annotations

import json
from functools import cached_property
from pathlib import Path

from ..cache import AUDIT_DIR
from . import REPORT_JSON, SCREENSHOT_DIR
from .report import dutch_date, duration, needs_review_by_rule

DOCS_DIR = "controle"  # folder in the brandbook's docs for the report and the screenshots
SHOWN = 50  # problems listed on the page; the JSON file has all of them
IMPACT_NL = {"critical": "kritiek", "serious": "ernstig", "moderate": "matig", "minor": "klein"}
OWN_RULES = {
    "focus-visible": "focus niet zichtbaar",
    "reflow": "opzij scrollen op 320 px",
    "csp-violation": "geblokkeerd door de beveiliging (CSP)",
    "page-load": "pagina laadt niet",
    "browser-storage": "slaat iets op in de browser",
}


def _cell(value) -> str:
    """Text for a Markdown table cell: no pipes, line breaks or backticks that would break the table."""
    return " ".join(str(value).replace("|", "/").replace("`", "'").split())


class AuditView:
    """``controle`` in the brandbook's page templates."""

    def __init__(self, build_dir: Path):
        self.folder = Path(build_dir) / AUDIT_DIR
        try:
            self.report: dict | None = json.loads((self.folder / REPORT_JSON).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.report = None

    def __digest__(self) -> dict:
        """The audit folder's files (report and screenshots): all the brandbook reads of the audit."""
        from ..cache import folder_digest

        return {"folder": self.folder, "files": folder_digest(self.folder)}

    @property
    def er_is(self) -> bool:
        return self.report is not None

    @cached_property
    def samenvatting(self) -> dict:
        if self.report is None:
            return {}
        s = self.report["summary"]
        return {
            "datum": dutch_date(self.report["date"]),
            "duur": duration(self.report["seconds"]),
            "tegelijk": self.report["parallel_pages"],
            "sites": s["sites"],
            "paginas": s["pages"],
            "problemen": s["violations"],
            "verzoeken": s["third_party_requests"],
            "handmatig": s["needs_review"],
            "ok": s["violations"] == 0 and s["third_party_requests"] == 0,
            "axe": self.report["axe_core"],
            "browser": self.report["browser"],
            "json": f"{DOCS_DIR}/{REPORT_JSON}",
        }

    def rijen(self) -> list[dict]:
        return [
            {
                "site": _cell(site["site"]),
                "adres": site["url"],
                "paginas": site["pages"],
                "problemen": site["violations"],
                "verzoeken": site["third_party_requests"],
            }
            for site in (self.report or {}).get("sites", [])
        ]

    def problemen(self) -> list[dict]:
        return [
            {
                "pagina": v["page"],
                "regel": _cell(OWN_RULES.get(v["rule"], v["rule"])),
                "ernst": IMPACT_NL.get(v["impact"], v["impact"] or "-"),
                "element": _cell(v["element"]),
                "uitleg": _cell(v["message"]),
                "scherm": _cell(v["context"]),
            }
            for v in (self.report or {}).get("violations", [])[:SHOWN]
        ]

    def verzoeken(self) -> list[dict]:
        return [
            {"pagina": q["page"], "adres": _cell(q["url"])} for q in (self.report or {}).get("third_party_requests", [])[:SHOWN]
        ]

    def handmatig(self) -> list[dict]:
        """Points axe could not judge, one entry per rule: its Dutch text and the pages, most pages first."""
        return [
            {"regel": g["rule"], "uitleg": _cell(g["message"]), "aantal": g["count"], "paginas": g["pages"]}
            for g in needs_review_by_rule(self.report or {})
        ]

    def scherm(self, slug: str) -> dict | None:
        """The gallery images of one site, as paths in the brandbook, or None when the audit has none."""
        names = {width: f"{SCREENSHOT_DIR}/{slug}-{width}.png" for width in (1280, 375)}
        if not all((self.folder / name).is_file() for name in names.values()):
            return None
        return {"breed": f"{DOCS_DIR}/{names[1280]}", "smal": f"{DOCS_DIR}/{names[375]}"}

    def files(self) -> dict[str, bytes]:
        """The report and the screenshots, by path in the brandbook's docs folder."""
        if self.report is None:
            return {}
        # The brandbook's own pages show the result in the house style; report.html stays in build/audit/.
        files = {f"{DOCS_DIR}/{REPORT_JSON}": (self.folder / REPORT_JSON).read_bytes()}
        for path in sorted((self.folder / SCREENSHOT_DIR).glob("*.png")):
            files[f"{DOCS_DIR}/{SCREENSHOT_DIR}/{path.name}"] = path.read_bytes()
        return files

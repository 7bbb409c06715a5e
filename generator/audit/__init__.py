"""``werkcentrum audit``: every page of every built site, checked in a real browser for WCAG 2.1 AA and privacy.

- ``runner``: serves ``site/`` on one origin per site, opens each page in headless Debian Chromium (Playwright)
  and runs axe-core plus our own checks (third-party requests, reflow at 320 px, visible focus, CSP);
- ``report``: ``report.json`` and a Dutch ``report.html``, small palette PNG screenshots of the regions' home pages;
- ``brandbook``: what the brandbook shows of the latest audit (summary, report, gallery).

Results go to ``<build_dir>/audit/``; the brandbook's build fingerprint includes that folder, so the next
``werkcentrum build`` rebuilds only the brandbook with the new report and gallery.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..cache import AUDIT_DIR
from ..diagnostics import Diagnostic, UserError
from ..project import BRANDBOOK_KEY, NATIONAL_KEY, Project

PARTIAL_DIR = "audit-regio"  # a run over a few sites never replaces the full audit the brandbook shows
REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
SCREENSHOT_DIR = "screenshots"


@dataclass
class AuditOutcome:
    report: dict
    folder: Path

    @property
    def ok(self) -> bool:
        s = self.report["summary"]
        return s["violations"] == 0 and s["third_party_requests"] == 0


class AuditProgress:
    """One line per finished site on stderr, so a long audit in a CI log shows it is alive."""

    def __init__(self, stream=None):
        import sys

        self.stream = stream or sys.stderr
        self._left: dict[str, int] = {}
        self._done = 0

    def start(self, items) -> None:
        for item in items:
            self._left[item.site] = self._left.get(item.site, 0) + 1

    def __call__(self, target) -> None:
        self._left[target.site] -= 1
        if self._left[target.site] == 0:
            self._done += 1
            print(f"  [{self._done}/{len(self._left)}] {target.site}", file=self.stream, flush=True)


def default_workers() -> int:
    """A few pages in parallel: one browser page per core, at most four (more only adds waiting)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(2, min(4, cores))


def choose_sites(site_dir: Path, only: list[str] | None) -> list[str]:
    from .runner import site_folders

    built = site_folders(site_dir)
    if not built:
        raise UserError(
            Diagnostic(str(site_dir), "hier staan geen gebouwde sites.", hint="Bouw eerst met: werkcentrum build")
        )
    if not only:
        return built
    unknown = sorted(set(only) - set(built))
    if unknown:
        from ..models.region import did_you_mean

        raise UserError(
            [
                Diagnostic(
                    str(site_dir),
                    f"er is geen gebouwde site '{slug}'.",
                    hint=did_you_mean(slug, built)
                    or f"Gebruik de naam van een map in {site_dir.name}/, bijvoorbeeld twente, {NATIONAL_KEY} of "
                    f"{BRANDBOOK_KEY}; of bouw die site eerst met: werkcentrum build",
                )
                for slug in unknown
            ]
        )
    return [key for key in built if key in set(only)]


def run_audit(
    project: Project,
    *,
    only: list[str] | None = None,
    json_file: Path | None = None,
    workers: int | None = None,
    headers: dict[str, str] | None = None,
    progress=None,
) -> AuditOutcome:
    """Audit the built sites in ``project.site_dir`` and write the report; see the module docstring."""
    from ..preview import MultiHostServer
    from . import report as rep
    from . import runner

    sites = choose_sites(project.site_dir, only)
    partial = bool(only)
    if headers is None:
        from ..serverconfig import preview_headers

        headers = preview_headers()  # the production Content-Security-Policy, so the audit sees what visitors get
    with MultiHostServer(project.site_dir, headers=headers) as server:
        items = runner.targets(project.site_dir, sites, server.url)
        if progress is not None:
            progress.start(items)
        stats = runner.run(items, workers=workers or default_workers(), progress=progress or (lambda t: None))
    report = rep.build_report(stats, sites, datetime.now().astimezone(), partial)
    folder = project.build_dir / (PARTIAL_DIR if partial else AUDIT_DIR)
    files = {REPORT_JSON: rep.to_json(report), REPORT_HTML: rep.to_html(report), rep.CSS_FILE: rep.CSS.lstrip().encode("utf-8")}
    for result in stats.pages:
        for width, png in result.screenshots.items():
            files[f"{SCREENSHOT_DIR}/{result.target.site}-{width}.png"] = rep.reduce_png(png)
    _replace_folder(folder, files)
    if json_file is not None:
        json_file.parent.mkdir(parents=True, exist_ok=True)
        json_file.write_bytes(files[REPORT_JSON])
    return AuditOutcome(report, folder)


def _replace_folder(folder: Path, files: dict[str, bytes]) -> None:
    """Write the new results next to the old ones and swap them in, so a half-written audit is never read."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=folder.parent))
    for rel, data in files.items():
        path = fresh / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    old = folder.with_name(f".{folder.name}-oud")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)

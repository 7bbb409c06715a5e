"""The orchestrator: load -> validate -> merge -> render -> build, for every site or a chosen few.

Each stage is one module; this file calls them in order, like ``mkdocs.commands.build.build``, and adds
what only the whole run can decide: which sites are unchanged since the last build (``cache``), and how to
spread the remaining sites over every core.

Heavy libraries (MkDocs, Material, pydantic, Pillow) are imported only once it is clear that something must
be built, so a rebuild with nothing changed finishes in a fraction of a second.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from . import cache, output, publish
from .load import region_paths
from .diagnostics import Diagnostic, Report, UserError, environment_problem
from .project import BRANDBOOK_KEY, NATIONAL_KEY, Project


@dataclass
class BuildResult:
    """What a build did: the sites it wrote, the ones it skipped as unchanged, the regions it left out."""

    built: list[str] = field(default_factory=list)
    taken_over: list[str] = field(default_factory=list)  # built, but the engine's last output was still right
    skipped: list[str] = field(default_factory=list)
    failed: dict[str, list[Diagnostic]] = field(default_factory=dict)
    report: Report = field(default_factory=Report)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    staged: dict[str, str] = field(default_factory=dict)  # site key -> fingerprint of its staged site (cache)
    plans: dict[str, str] = field(default_factory=dict)  # site key -> fingerprint of its plan (cache)


class SiteBuildError(Exception):
    """A site failed inside the engine; carries the site key so the message names it."""

    def __init__(self, key: str, detail: str):
        self.key = key
        self.detail = detail
        super().__init__(f"bouwen van site '{key}' mislukt:\n{detail}")


# --- stages 1 to 3 ------------------------------------------------------------------------------------------


def check(project: Project, report: Report, paths: list[Path] | None = None):
    """Stages 1 and 2: read and validate the sources; every problem goes to ``report``."""
    from . import load, validate

    return validate.validate(load.load_sources(project, paths), report)


def national_problems(inputs, report: Report) -> list[Diagnostic]:
    """Errors outside the region files: they affect every site, so nothing may be built."""
    region_files = {d.file for diags in inputs.failed.values() for d in diags}
    region_files |= {entry.display for entry in inputs.regions}
    return [d for d in report.errors if d.file not in region_files]


def plan(
    project: Project,
    *,
    only: set[str] | None = None,
    keep_going: bool = False,
    strict: bool = False,
    remembered: dict[str, dict[str, str]] | None = None,
):
    """Stages 1 to 3: validated inputs, one plan per site to build, and the report.

    ``remembered`` holds the last good name, code and subdomain of each region (``cache.BuildState.regions``).
    """
    from . import merge

    report = Report()
    inputs = check(project, report)
    if strict:
        report = report.strict()
        _fail_regions_with_errors(inputs, report)
    if national_problems(inputs, report) or (report.has_errors() and not keep_going):
        raise UserError(sorted(report.errors, key=lambda d: (d.file, d.line or 0, d.column or 0)))
    inputs.kept = _kept_regions(project, inputs, remembered or {})
    if only:
        known = {r.slug for r in inputs.regions} | set(inputs.failed) | {NATIONAL_KEY, BRANDBOOK_KEY}
        if only - known:
            raise UserError([unknown_site(project, slug, known) for slug in sorted(only - known)])
    return inputs, merge.plan_sites(inputs, only), report


def unknown_site(project: Project, slug: str, known: set[str]) -> Diagnostic:
    """A site name that is not a region, www or brandbook, with the nearest name as a hint."""
    from .models.region import did_you_mean

    return Diagnostic(
        project.display(project.regions_dir),
        f"er is geen regio met de naam '{slug}'.",
        expected=f"de naam van een regiobestand zonder .yaml (zoals twente), of {NATIONAL_KEY} of {BRANDBOOK_KEY}",
        hint=did_you_mean(slug, sorted(known)) or f"De regiobestanden staan in {project.display(project.regions_dir)}/.",
    )


def _kept_regions(project: Project, inputs, remembered: dict[str, dict[str, str]]) -> list:
    """Stand-ins for the regions whose file is broken: the name, code and subdomain of their last good build,
    or else the official CBS name of the file's slug. Checked by the region model like any region file, since
    the build folder is not trusted more than a region file."""
    from pydantic import ValidationError

    from .models import Regio
    from .models.region import regions_table
    from .validate import RegionEntry

    official = {row["slug"]: row for row in regions_table()}
    by_slug = {path.stem: path for path in region_paths(project)}
    kept = []
    for slug in sorted(inputs.failed):
        last, row = remembered.get(slug), official.get(slug)
        candidates = [last] if last else []
        if row:
            candidates.append({"naam": row["naam"], "code": row["code"], "subdomein": slug})
        for summary in candidates:
            data = {"naam": summary["naam"], "code": summary["code"]}
            if summary["subdomein"] != slug:
                data["subdomein"] = summary["subdomein"]
            try:
                model = Regio.model_validate(data)
            except ValidationError:
                continue
            path = by_slug.get(slug, project.regions_dir / f"{slug}.yaml")
            kept.append(RegionEntry(slug, project.display(path), path, model, summary["subdomein"]))
            break
    return kept


def _fail_regions_with_errors(inputs, report: Report) -> None:
    """In strict mode a region with (former) warnings is not built either."""
    by_file = {entry.display: entry.slug for entry in inputs.regions}
    # A warning inside an extra page's Markdown file belongs to the region that owns the page.
    by_file |= {page.source: entry.slug for entry in inputs.regions for page in entry.pages}
    for diag in report.errors:
        slug = by_file.get(diag.file)
        if slug is not None:
            inputs.failed.setdefault(slug, []).append(diag)
    inputs.regions = [r for r in inputs.regions if r.slug not in inputs.failed]


def prepare(project: Project, *, only: set[str] | None = None, keep_going: bool = False, strict: bool = False):
    """Stages 1 to 4 for the given sites: validated inputs, staged sites on disk, and the report."""
    from . import render

    inputs, plans, report = plan(project, only=only, keep_going=keep_going, strict=strict)
    assets = render.shared_assets(project, inputs.tokens)
    staged = [render.render_site(p, assets, project.build_dir / p.key, project) for p in plans]
    return inputs, staged, report


def stage_one(project: Project, key: str):
    """Stages 1 to 4 for one site, for ``mkdocs build`` / ``mkdocs serve`` through the plugin."""
    with output.exclusive(project.site_dir, project.build_dir):  # its staging folder is build/<key>/
        inputs, staged, _ = prepare(project, only={key}, keep_going=True)
    if key in inputs.failed:
        raise UserError(inputs.failed[key])
    return staged[0]


# --- stages 4 and 5, per site, on every core -------------------------------------------------------------------

# Set before the worker processes fork, so they inherit it instead of receiving pickled copies.
_WORK: dict = {}


def _build_job(index: int) -> tuple[str, list[Diagnostic] | None, str | None, OSError | None, str, bool]:
    """Render and build site ``index`` of the current run: (key, input problems, internal error, machine trouble,
    fingerprint of the staged site, whether its last output was taken over)."""
    site_plan = _WORK["plans"][index]

    def step() -> tuple[str, bool]:
        config_file, out_dir, extra, staged_print, taken = _render_step(site_plan)
        if not taken:
            _engine_step(config_file, out_dir, extra)
        return staged_print, taken

    return _outcome_of(site_plan.key, step)


def _outcome_of(key: str, step: Callable[[], tuple[str, bool]]) -> tuple:
    """Run ``step`` for site ``key`` (it returns the staged fingerprint and whether the output was taken
    over) and turn what it raises into the outcome ``_finish`` reports."""
    from .engine import mkdocs as engine

    try:
        with engine.held_log() as log:  # engine messages are shown only when the site was built
            staged_print, taken = step()
        log.release()
        return key, None, None, None, staged_print, taken
    except UserError as exc:
        return key, exc.diagnostics, None, None, "", False
    except OSError as exc:
        if environment_problem(exc) is not None:  # a full disk, a read-only folder: not the software's fault
            trouble = OSError(exc.errno, exc.strerror, exc.filename, None, exc.filename2)
            trouble.site = key  # a failed write names no file: the message names the site
            return key, None, None, trouble, "", False
        return key, None, traceback.format_exc(), None, "", False
    except Exception:  # noqa: BLE001 - reported with the site key by the parent process
        return key, None, traceback.format_exc(), None, "", False


def _render_step(site_plan) -> tuple[Path, Path, dict[str, bytes], str, bool]:
    """Stage one site for the engine: (its resolved configuration, its output folder, the files added after
    the engine, the staged fingerprint, whether its last output was taken over instead)."""
    from . import render
    from .engine import mkdocs as engine

    project: Project = _WORK["project"]
    staged = render.render_site(site_plan, _WORK["assets"], project.build_dir / site_plan.key, project)
    config_file = engine.write_site_config(staged, project)
    out_dir = Path(_WORK["site_dir"]) / site_plan.key
    extra = publish.extra_files(site_plan, project)  # robots.txt, security.txt
    staged_print = cache.staged_fingerprint(_WORK["shared"], staged.root, extra)
    taken = staged_print == _WORK["reusable"].get(site_plan.key)
    if taken:
        # The region change did not reach this site's pages: the engine would write the same output as
        # last time, so take that over.
        output.link_tree(project.site_dir / site_plan.key, out_dir)
    return config_file, out_dir, extra, staged_print, taken


def _engine_step(config_file: Path, out_dir: Path, extra: dict[str, bytes]) -> None:
    _WORK["builder"].build(config_file, out_dir)
    publish.write_extra_files(out_dir, extra)


def _worker_start() -> None:
    """In each forked worker: Ctrl+C is the parent's to handle, and a worker never outlives its parent."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the command's own handler would print a traceback here
    output.forget_locks_in_child()
    try:  # Linux: SIGTERM when the parent dies, even by SIGKILL; the default action ends the worker silently
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != _WORK["parent"]:  # the parent died before prctl took effect
        os._exit(1)


def worker_count(jobs: int | None) -> int:
    if jobs:
        return max(1, jobs)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def _outcomes(count: int, workers: int) -> Iterator[tuple]:
    """Build ``count`` sites and yield each one's outcome (``_build_job``): one region in this process (it
    compiles the shared templates and loads the fonts), the rest in a pool of forked workers that inherit them.

    A region goes first because it is the smallest site. A small build (a one-region change: the region, the
    national site and the brandbook) skips that warm-up: while this process compiled alone, the other cores
    would wait, so every worker warms up by itself, side by side: the brandbook (the longest) first, then the
    changed regions, and the national site last. It is the cheapest: after most region changes it only takes
    over its last output, and in front of a region it kept that region's worker waiting.
    """
    if workers == 1 or count < 3 or not hasattr(os, "fork"):
        for index in range(count):
            yield _build_job(index)
        return
    plans = _WORK["plans"]
    if count <= 2 * workers:
        order = {"brandbook": 0, "regio": 1, "landelijk": 2}
        rest = sorted(range(count), key=lambda i: order.get(plans[i].kind, 1))
    else:
        first = next((i for i, p in enumerate(plans) if p.kind == "regio"), 0)
        yield _build_job(first)
        rest = [i for i in range(count) if i != first]
    import multiprocessing

    context = multiprocessing.get_context("fork")
    _WORK["parent"] = os.getpid()
    with context.Pool(min(workers, len(rest)), initializer=_worker_start) as pool:
        yield from pool.imap_unordered(_build_job, rest, chunksize=1)


# --- a head start for small builds -------------------------------------------------------------------------------


class HelperGone(Exception):
    """The helper process ended before it sent every outcome (killed, out of memory)."""


class Helper:
    """A forked process that readies the engine while this one reads and checks the regions.

    After a one-region change most of a build is start-up: importing MkDocs, compiling Material's templates
    and ours. Reading and checking all 35 regions has to happen first, in this process, so the helper does
    the engine's start-up at the same time on another core. Then this process renders the sites and the
    helper runs the engine on each staged site as soon as it is written (through a pipe, like a worker
    pool's jobs). It only ever builds what it is sent; when it is gone, this process builds the rest.
    """

    def __init__(self, project: Project, key: str):
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self._conn, child = context.Pipe()
        _WORK["parent"] = os.getpid()
        self._process = context.Process(target=_helper_main, args=(child, project, key), name="werkcentrum-helper")
        self._process.start()
        child.close()
        self.pending: dict[str, tuple] = {}  # key -> the job sent, until its outcome arrives
        self._done = False

    def __enter__(self) -> "Helper":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def submit(self, key: str, config_file: Path, out_dir: Path, extra: dict[str, bytes]) -> None:
        """Have the engine build the staged site ``key``; ``HelperGone`` when the helper died."""
        job = (key, config_file, out_dir, extra)
        self.pending[key] = job
        try:
            self._conn.send(job)
        except OSError as exc:
            raise HelperGone() from exc

    def outcomes(self, wait: bool) -> Iterator[tuple]:
        """The outcomes that have arrived (with ``wait``: all of them, as they come)."""
        try:
            while self.pending and (wait or self._conn.poll()):
                outcome = self._conn.recv()
                del self.pending[outcome[0]]
                yield outcome
        except (EOFError, OSError) as exc:
            raise HelperGone() from exc
        if wait:
            with contextlib.suppress(OSError):
                self._conn.send(None)  # no more work: the helper ends
            self._done = True

    def close(self) -> None:
        """Stop the helper; at once unless it finished its work (the build stopped early: a region's error,
        Ctrl+C)."""
        if not self._done and self._process.is_alive():
            self._process.terminate()
        self._process.join(timeout=30)
        if self._process.is_alive():  # pragma: no cover - a helper that ignores SIGTERM
            self._process.kill()
            self._process.join()
        self._conn.close()


def _helper_main(conn, project: Project, key: str) -> None:
    _worker_start()
    try:
        _WORK["builder"] = _warm_up(project, key)
    except Exception:  # noqa: BLE001 - only a head start: the build itself meets and reports any real problem
        from .engine import mkdocs as engine

        _WORK["builder"] = engine.SiteBuilder()
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        key, config_file, out_dir, extra = job

        def step(config_file=config_file, out_dir=out_dir, extra=extra) -> tuple[str, bool]:
            _engine_step(config_file, out_dir, extra)
            return "", False  # the parent holds the staged fingerprint

        conn.send(_outcome_of(key, step))


def _warm_up(project: Project, key: str):
    """Ready the engine: import it, compile the theme's templates and list the theme's files, by building the
    last staged configuration of site ``key`` (every site has the same theme). Returns the builder."""
    from .engine import mkdocs as engine

    engine.quiet_logging()
    builder = engine.SiteBuilder()
    config_file = project.build_dir / key / "mkdocs.yml"
    if config_file.is_file():
        builder.warm(config_file)
    return builder


def _helper_for(project: Project, state, current: dict[str, bool], workers: int):
    """A ``Helper`` when the build is small (a few sites out of date since the last build) and there is a
    core to spare; else a context that holds None: a full build warms up once and shares that with its
    workers anyway."""
    stale = sorted(key for key, ok in current.items() if not ok)
    if workers < 2 or not hasattr(os, "fork") or not state.sites or not stale or len(stale) > 2 * workers:
        return contextlib.nullcontext()
    # Forked before this process imports the region models and the renderer: the helper needs only the
    # engine, so both import at the same time, each on its own core. It warms up on a region's last
    # configuration when a region is out of date (the theme is the same for every site).
    return Helper(project, min(stale, key=lambda k: k in (NATIONAL_KEY, BRANDBOOK_KEY)))


def _build_with_helper(helper: Helper, work: dict, done: Callable[[str, str, bool], None]) -> list:
    """Render each site here and have the helper run the engine on it; returns the plans left to build
    when the helper is gone (else none)."""
    _WORK.update(work)
    staged_prints: dict[str, str] = {}

    def finish(outcome: tuple) -> None:
        key, diagnostics, error, trouble, _, _ = outcome
        _finish((key, diagnostics, error, trouble, staged_prints[key], False), done)

    # The brandbook first when it changed: its render and its engine run take longest, and the helper builds
    # it while the regions and the national site are rendered here. Then the regions, the national site last.
    rank = {"brandbook": 0, "regio": 1, "landelijk": 2}
    order = sorted(work["plans"], key=lambda p: rank.get(p.kind, 1))
    left = list(order)
    try:
        while left:
            site_plan = left.pop(0)
            job: dict = {}

            def render_only(site_plan=site_plan, job=job) -> tuple[str, bool]:
                config_file, out_dir, extra, staged_print, taken = _render_step(site_plan)
                job.update(config_file=config_file, out_dir=out_dir, extra=extra)
                return staged_print, taken

            outcome = _outcome_of(site_plan.key, render_only)
            key, diagnostics, error, trouble, staged_print, taken = outcome
            if diagnostics or error or trouble or taken:
                _finish(outcome, done)  # a problem, or taken over: nothing for the engine
            else:
                staged_prints[key] = staged_print
                helper.submit(key, **job)
            for outcome in helper.outcomes(wait=False):
                finish(outcome)
        for outcome in helper.outcomes(wait=True):
            finish(outcome)
        return []
    except HelperGone:
        return [p for p in order if p.key in helper.pending] + left
    finally:
        _WORK.clear()


def _finish(outcome: tuple, done: Callable[[str, str, bool], None]) -> None:
    key, diagnostics, error, trouble, staged_print, taken = outcome
    if diagnostics:
        raise UserError(diagnostics)
    if trouble is not None:
        raise trouble
    if error is not None:
        raise SiteBuildError(key, error)
    done(key, staged_print, taken)


def build(
    project: Project,
    *,
    only: set[str] | None = None,
    keep_going: bool = False,
    strict: bool = False,
    jobs: int | None = None,
    progress: Callable[[int], Callable[[str], None]] | None = None,
) -> BuildResult:
    """Build the national site, the brandbook and every valid region (or only ``only``) into ``project.site_dir``.

    Sites whose inputs and output are unchanged since their last build are skipped. ``progress`` receives the
    number of sites to build and returns a callback that is called with each finished site key. One build at a
    time works on an output folder: a second one waits for the first (``output.exclusive``).
    """
    with output.exclusive(project.site_dir, project.build_dir):
        return _build(project, only=only, keep_going=keep_going, strict=strict, jobs=jobs, progress=progress)


def _build(project: Project, *, only, keep_going, strict, jobs, progress) -> BuildResult:
    start = time.monotonic()
    state = cache.BuildState.load(project)
    shared = cache.shared_fingerprint(project)
    prints = cache.fingerprints(project, region_paths(project), shared)
    expected = set(prints) if (project.brandbook_dir / "site.yml").is_file() else set(prints) - {BRANDBOOK_KEY}
    wanted = expected if only is None else set(only)
    current = {k: state.is_current(k, prints[k], project.site_dir) for k in sorted(wanted & set(prints))}
    if not strict and wanted <= expected and all(current.values()):
        return BuildResult(skipped=sorted(wanted), warnings=state.warnings, seconds=time.monotonic() - start)
    workers = worker_count(jobs)
    with _helper_for(project, state, current, workers) as helper:
        return _build_planned(project, state, shared, prints, current, helper, workers, start, only=only,
                              keep_going=keep_going, strict=strict, progress=progress)


def _build_planned(project: Project, state, shared, prints, current, helper, workers, start, *, only, keep_going, strict, progress) -> BuildResult:
    inputs, plans, report = plan(project, only=only, keep_going=keep_going, strict=strict, remembered=state.regions)
    todo = [p for p in plans if not current.get(p.key, False)]
    todo_keys = {p.key for p in todo}
    result = BuildResult(
        failed=dict(inputs.failed),
        report=report,
        skipped=sorted(p.key for p in plans if p.key not in todo_keys),
        warnings=[d.format() for d in report.warnings],
    )
    stale = set(state.sites) - {p.key for p in plans} - set(inputs.failed) if only is None else set()
    if todo or stale:
        live = project.site_dir
        stage = output.begin(live)
        try:
            reusable = {p.key: state.reusable(p.key, live) for p in todo}
            _build_into(stage, project, todo, inputs, workers, progress, result, shared, reusable, helper)
            # Sites that keep their output are only read: their files must keep their inodes, or their recorded
            # output would differ. Earlier builds linked their common files already, so one of each kind will do.
            built = [k for k in sorted(result.built) if k not in result.taken_over]
            kept = [k for k in sorted(state.sites) if k not in built and k not in stale]
            regions = [k for k in kept if k not in (NATIONAL_KEY, BRANDBOOK_KEY)]
            refs = [k for k in (*regions[:1], NATIONAL_KEY, BRANDBOOK_KEY) if k in kept]
            output.link_identical_files([stage / k for k in built], kept=[live / k for k in refs])
            output.check_swappable(live, result.built, remove=stale)
        except BaseException:
            output.abandon(stage)
            raise
        # Every site is complete before any goes live; each one is swapped in as a whole.
        try:
            output.swap_sites(stage, live, result.built, remove=stale)
            # publish.json: what each host now serves. The untouched sites' hashes are in the state.
            untouched = [k for k in state.sites if k not in result.built and k not in stale]
            trees = publish.write_manifest(live, project, inputs, known=state.trees(untouched, live))
        except BaseException:
            output.abandon(stage)
            # An old manifest next to new sites would tell CI that nothing changed; without one, nothing is
            # published until the next build (which rebuilds these sites: the state is not saved either).
            with contextlib.suppress(OSError):
                (live / publish.MANIFEST_NAME).unlink(missing_ok=True)
            raise
        for key in result.built:
            state.record(key, prints.get(key, ""), live, result.staged.get(key, ""), result.plans.get(key, ""), trees.get(key))
        for key in (*inputs.failed, *stale):
            state.forget(key)
        for entry in inputs.regions:
            state.remember_region(entry.slug, entry.model.naam, entry.model.code, entry.subdomain)
        for slug in set(state.regions) - {e.slug for e in inputs.regions} - set(inputs.failed):
            del state.regions[slug]  # the file is gone
        if only is None:
            state.warnings = result.warnings
        state.save()
    result.seconds = time.monotonic() - start
    return result


def _build_into(stage: Path, project: Project, todo, inputs, workers, progress, result: BuildResult, shared: str, reusable, helper) -> None:
    """Render and build the ``todo`` sites into the staging folder, on every core (through the ``helper``
    when there is one). ``reusable``: site key -> (staged fingerprint, plan fingerprint) of its untouched
    live output (``cache.BuildState.reusable``).

    A site whose plan is the same as at its last build takes over its output without being rendered: the
    national site and the brandbook after a new explanation of an inlooppunt. Otherwise a site whose staged
    folder is the same takes over its output without running the engine: a region whose edit was only a
    comment or a change in layout."""
    if not todo:
        return
    from . import render
    from .engine import mkdocs as engine

    callback = progress(len(todo)) if progress else (lambda key: None)

    def done(key: str, staged_print: str, taken: bool) -> None:
        result.built.append(key)
        result.staged[key] = staged_print
        if taken:
            result.taken_over.append(key)
        callback(key)

    rest = []
    for site_plan in todo:
        try:
            result.plans[site_plan.key] = cache.plan_fingerprint(shared, site_plan)
        except cache.Undigestable:
            result.plans[site_plan.key] = ""  # never equal: rendered and compared as a staged site
        staged_print, plan_print = reusable.get(site_plan.key, ("", ""))
        if plan_print and plan_print == result.plans[site_plan.key]:
            output.link_tree(project.site_dir / site_plan.key, stage / site_plan.key)
            done(site_plan.key, staged_print, True)
        else:
            rest.append(site_plan)
    if not rest:
        return
    work = dict(
        project=project,
        plans=rest,
        assets=render.shared_assets(project, inputs.tokens),
        site_dir=str(stage),
        shared=shared,
        reusable={key: staged for key, (staged, _) in reusable.items()},
    )

    if helper is not None:
        rest = _build_with_helper(helper, work, done)
        if not rest:
            return
        # The helper is gone: build what it did not finish here, a half-written site from nothing.
        work["plans"] = rest
        for site_plan in rest:
            shutil.rmtree(stage / site_plan.key, ignore_errors=True)
    engine.quiet_logging()
    _WORK.update(work, builder=engine.SiteBuilder())
    try:
        for outcome in _outcomes(len(work["plans"]), workers):
            _finish(outcome, done)
    finally:
        _WORK.clear()

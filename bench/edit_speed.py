"""Benchmark: from a saved region edit to what the editor sees, side by side with a full build, in one run.

    python bench/edit_speed.py [--edits 5] [--repeat 3] [--code DIR]

On a private copy of the project (a temporary folder), as separate processes the way people run them:
- ``werkcentrum build``: in each round a clean full build, then a build after a one-region change of each
  kind below; the medians of the rounds, the ratio of the one-region build to the full build (target: at
  most 1/5), the sites each one built and whether the national site and the brandbook were built again or
  took over their last output (the region change did not reach them);
- ``werkcentrum serve <regio>``: for each edit, the time from writing the file to the livereload event that
  makes the browser reload, and to the moment the served page shows the change (target: under 1 s).

Kinds of one-region change: ``tekst`` (an inlooppunt's explanation: only the region's own pages show it),
``naam`` (the region's name: also the national table row, the brandbook's lockup
and zip). ``--code DIR`` measures another checkout of the generator (for example the main branch) on the same
project copy, so before and after can be printed side by side.
"""

from __future__ import annotations

import argparse
import compileall
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_speed import REPO, copy_project, fmt  # noqa: E402

REGION = "twente"
EDITS = {
    # kind -> (pattern, replacement with {n}); each edit is different, so every save is a real change
    "tekst": (r"(Het inlooppunt in Tubbergen komt bij Schakel)[^,]*", r"\1 (versie {n})"),
    "naam": (r"^naam: .*$", "naam: Twente {n}"),
}


def edit(path: Path, kind: str, n: int) -> str:
    """Apply edit ``kind`` number ``n`` to the region file; returns a text the changed page must show."""
    pattern, replacement = EDITS[kind]
    text, count = re.subn(pattern, replacement.format(n=n), path.read_text(encoding="utf-8"), count=1, flags=re.M)
    if count != 1:
        raise SystemExit(f"bench: the {kind} edit no longer matches {path.name}; update EDITS")
    path.write_text(text, encoding="utf-8")
    return f"versie {n}" if kind == "tekst" else f"Twente {n}"


def build(project: Path, code: Path) -> tuple[float, str]:
    """One ``werkcentrum build``: (seconds, its summary line)."""
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(code)},
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"werkcentrum build failed:\n{proc.stderr[-3000:]}")
    summary = next((line for line in proc.stdout.splitlines() if "gebouwd" in line), "")
    return seconds, summary


def inodes(project: Path) -> dict[str, int]:
    """The inode of the home page of the national site and of the brandbook: the same after a build when the
    build took the site's output over instead of running the engine for it."""
    return {key: (project / "site" / key / "index.html").stat().st_ino for key in ("www", "brandbook")}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, timeout: float = 60) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def serve_edits(project: Path, code: Path, kind: str, count: int, first: int) -> list[tuple[float, float]]:
    """(seconds to the reload event, seconds until the page shows the change) for ``count`` saves."""
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    # The page that shows the change: the inlooppunten page for a text, the home page for a name.
    page = base + ("inlooppunten/" if kind == "tekst" else "")
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", REGION, "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(code)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    path = project / "sites" / "regions" / f"{REGION}.yaml"
    results = []
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                fetch(page, timeout=5)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("bench: werkcentrum serve did not start")
                time.sleep(0.1)
        for n in range(first, first + count):
            epoch = re.search(r"livereload\((\d+),", fetch(page)).group(1)
            reloaded: dict[str, float] = {}

            def wait_for_reload(epoch=epoch, reloaded=reloaded):
                fetch(f"{base}livereload/{epoch}/1")  # what the browser's reload script waits on
                reloaded["at"] = time.perf_counter()

            waiter = threading.Thread(target=wait_for_reload)
            waiter.start()
            time.sleep(0.5)  # the request is waiting and the previous save is long done
            start = time.perf_counter()
            expected = edit(path, kind, n)
            waiter.join()
            shown = expected in fetch(page)
            seen = time.perf_counter()
            if not shown:
                raise SystemExit(f"bench: the reloaded page does not show {expected!r}")
            results.append((reloaded["at"] - start, seen - start))
            time.sleep(1.0)  # let a second rebuild (if any) finish before the next save
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=5, help="saves per kind for serve (default 5)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds of full build + one build per edit (default 3)")
    parser.add_argument("--code", type=Path, default=REPO, help="checkout of the generator to measure (default: this one)")
    args = parser.parse_args()
    code = args.code.resolve()

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, Python {platform.python_version()}")
    print(f"code: {code}")
    # Python writes each module's bytecode on first import, unless PYTHONDONTWRITEBYTECODE is set (as on some
    # CI machines): then every process would compile the generator again. Measure the build, not that.
    compileall.compile_dir(str(code / "generator"), quiet=1)
    work = Path(tempfile.mkdtemp(prefix="wc-edit-bench-"))
    try:
        project = copy_project(work / "project")
        region_file = project / "sites" / "regions" / f"{REGION}.yaml"
        # Rounds of a clean full build followed by one build per kind of edit: on a shared machine the
        # noise then falls on both sides of each ratio alike. Medians of the rounds are compared.
        fulls: list[float] = []
        ones: dict[str, list[float]] = {kind: [] for kind in EDITS}
        summaries: dict[str, str] = {}
        n = 0
        for _ in range(args.repeat):
            for folder in ("site", "build"):
                shutil.rmtree(project / folder, ignore_errors=True)
            full, summaries["full"] = build(project, code)
            fulls.append(full)
            for kind in EDITS:
                n += 1
                edit(region_file, kind, n)
                before = inodes(project)
                one, summary = build(project, code)
                after = inodes(project)
                redone = ", ".join(f"{key} {'taken over' if before[key] == after[key] else 'built again'}" for key in sorted(before))
                ones[kind].append(one)
                summaries[kind] = f"{summary}  ({redone})"
        full = statistics.median(fulls)
        print(f"full build (clean):             median {fmt(full)} (min {min(fulls):.2f}, max {max(fulls):.2f}; {len(fulls)} builds)  {summaries['full']}")
        for kind, times in ones.items():
            one = statistics.median(times)
            print(
                f"one region, edit '{kind}':{' ' * (6 - len(kind))}median {fmt(one)} (min {min(times):.2f}, max {max(times):.2f})"
                f"  ratio {one / full:.2f} of full  {summaries[kind]}"
            )
        for kind in EDITS:
            results = serve_edits(project, code, kind, args.edits, first=100)
            events = [r[0] for r in results]
            shown = [r[1] for r in results]
            print(
                f"serve, edit '{kind}': save -> reload event median {statistics.median(events):.2f} s "
                f"(max {max(events):.2f}); save -> page shows it median {statistics.median(shown):.2f} s "
                f"(max {max(shown):.2f}); {len(results)} saves"
            )
        print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

"""Benchmark: the fast build against the plain MkDocs route, side by side in one run.

    python bench/build_speed.py [--scale 10] [--skip-plain]

Everything runs on a private copy of the project in a temporary folder, as separate processes, the way CI and
people run it. Printed: the plain route (``WERKCENTRUM_REGIO=<slug> mkdocs build`` once per region), the full
build, the no-op rebuild, the one-region rebuild, the ratio against the plain route, peak memory (proportional
set size summed over the build's process tree, so shared pages are not counted twice) and unique output bytes;
then the same full build for 35 and for 35 x scale synthetic regions, to show that cost grows linearly.
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PARTS = ("sites", "brandbook", "themes", "examples", "mkdocs.yml", "pyproject.toml")
sys.path.insert(0, str(REPO))


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for part in PARTS:
        src = REPO / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def _tree_pids(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo.extend(children.get(pid, []))
    return out


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """Run ``cmd``; returns (seconds, peak MB of the process tree)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, sum(_pss_kb(pid) for pid in _tree_pids(proc.pid)))
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode()[-3000:]}")
    return seconds, peak / 1024


def werkcentrum(project: Path, *args: str, env: dict | None = None) -> tuple[float, float]:
    return run([sys.executable, "-m", "generator.cli", "build", *args], project, {"PYTHONPATH": str(REPO), **(env or {})})


def region_slugs(project: Path) -> list[str]:
    return sorted(p.stem for p in (project / "sites" / "regions").glob("*.yaml"))


def synthetic_project(dest: Path, count: int) -> tuple[Path, Path]:
    """A project whose regions are ``count`` copies of the fictional example region, with their own code table."""
    import yaml

    project = copy_project(dest)
    regions = project / "sites" / "regions"
    shutil.rmtree(regions)
    regions.mkdir()
    example_text = (REPO / "examples" / "regions" / "voorbeeldregio.yaml").read_text(encoding="utf-8")
    example = yaml.safe_load(example_text)
    table = dest / "regiotabel.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "naam", "slug"])
        for n in range(1, count + 1):
            slug = f"proefregio-{n:04d}"
            text = yaml.safe_dump(example, allow_unicode=True, sort_keys=False)
            # A gemeente belongs to one region only: give every copy its own gemeenten.
            for gemeente in example.get("gemeenten", []):
                text = text.replace(gemeente, f"{gemeente} {n:04d}")
            data = yaml.safe_load(text)
            data["naam"] = f"Proefregio {n:04d}"
            data["code"] = f"PR{n:04d}"
            data["paginas"] = [p for p in data.get("paginas", []) if "inhoud" in p]
            data.pop("subdomein", None)
            (regions / f"{slug}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            writer.writerow([data["code"], data["naam"], slug])
    return project, table


def fmt(seconds: float) -> str:
    return f"{seconds:7.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=10, help="synthetic regions = 35 x scale (default 10)")
    parser.add_argument("--skip-plain", action="store_true", help="leave out the slow plain route")
    args = parser.parse_args()

    from generator.output import disk_usage

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}")
    work = Path(tempfile.mkdtemp(prefix="wc-bench-", dir=REPO / ".cache" if (REPO / ".cache").is_dir() else None))
    try:
        project = copy_project(work / "project")
        slugs = region_slugs(project)

        if not args.skip_plain:
            plain_dir = work / "plain"
            start = time.perf_counter()
            for slug in slugs:
                run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(plain_dir)], project,
                    {"WERKCENTRUM_REGIO": slug, "PYTHONPATH": str(REPO)})
            plain = time.perf_counter() - start
            print(f"plain route, {len(slugs)} x 'mkdocs build':   {fmt(plain)}  ({plain / len(slugs):.2f} s per site)")

        full, peak = werkcentrum(project)
        usage = disk_usage(project / "site")
        sites = sum(1 for p in (project / "site").iterdir() if p.is_dir())
        print(f"full build, {sites} sites:             {fmt(full)}  peak memory {peak:6.0f} MB")
        noop, _ = werkcentrum(project)
        print(f"no-op rebuild:                     {fmt(noop)}")
        twente = project / "sites" / "regions" / "twente.yaml"
        twente.write_text(twente.read_text(encoding="utf-8") + "\n# bench\n", encoding="utf-8")
        one, _ = werkcentrum(project)
        print(f"one region changed:                {fmt(one)}  (that region, the national site and the brandbook)")
        print(
            f"output: {usage.files} files, {usage.total_bytes / 1e6:.1f} MB as files, "
            f"{usage.unique_bytes / 1e6:.1f} MB unique on disk"
        )
        if not args.skip_plain:
            print(f"ratio plain / full:                {plain / full:7.1f} x")

        results = {}
        for count in (35, 35 * args.scale):
            synth, table = synthetic_project(work / f"synthetic-{count}", count)
            seconds, peak = werkcentrum(synth, env={"WERKCENTRUM_REGIOTABEL": str(table)})
            results[count] = seconds
            print(f"synthetic, {count:4d} regions:           {fmt(seconds)}  peak memory {peak:6.0f} MB")
        big = 35 * args.scale
        print(f"ratio {big} / 35 regions:          {results[big] / results[35]:7.1f} x  (linear would be {args.scale} x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

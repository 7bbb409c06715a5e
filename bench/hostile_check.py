"""Benchmark: `werkcentrum check` on the most hostile region files we can construct, side by side in one run.

    python bench/hostile_check.py

Each case is a region file of up to 1 MB (the reader's limit) built to make some part of the check slow: brackets
that Python-Markdown cannot close, dense emphasis up to the Markdown budget, long runs of spaces after '<', deep and
wide YAML, the brand lint's word patterns, and so on. Every case is checked in a fresh process (as a user runs it)
next to the real region file of Twente, and the ratio is printed. The last rows show the regular expressions the
check used before (issue 10) on the same kind of input, for comparison.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
PARTS = ("sites", "brandbook", "themes", "examples", "mkdocs.yml", "pyproject.toml")
MB = 1_000_000


def region(**fields) -> dict:
    return {"naam": "Hostiele regio", "code": "AM05", **fields}


def pages(text: str, count: int = 30) -> list[dict]:
    return [{"titel": f"Pagina {i}", "slug": f"pagina-{i}", "inhoud": text} for i in range(count)]


def cases() -> dict[str, str]:
    """name -> YAML text (each at most 1 MB)."""
    dump = lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9)  # noqa: E731
    out = {
        "unclosed [ in every page (30 x 20,000)": dump(region(paginas=pages("[" * 20000))),
        "[a]( without ')' (30 x 20,000)": dump(region(paginas=pages("[a](" * 5000))),
        "nested [[[ ]]] (30 x 20,000)": dump(region(paginas=pages("[[[[[[[[[[a]]]]]]]]]]" * 900))),
        "dense emphasis up to the budget": dump(region(paginas=pages(("**a** _b_ " * 20 + "\n") * 95, 5))),
        "dense links up to the budget": dump(region(paginas=pages(("[a](https://x.nl/) " * 10 + "\n") * 100, 5))),
        "'<' + 100,000 spaces in Markdown": dump(region(paginas=pages("<" + " " * 100000 + "1", 1))),
        "{: attribute lists without '}'": dump(region(paginas=pages("a {: " * 4000, 5))),
        "brand lint: 'werk' + long spaces": dump(region(paginas=pages(("werk" + " " * 2000 + "x ") * 9, 10))),
        "'<' + spaces in every plain field": dump(
            region(partners=[{"naam": "<" + " " * 110 + "1", "soort": "uwv"} for _ in range(200)])
        ),
        "20,000 values (node limit)": dump(region(gemeenten=[f"g{i}" for i in range(25000)])),
        "1 MB of one text": dump(region(paginas=[{"titel": "x", "slug": "x", "inhoud": "a " * 490000}])),
    }
    for name, text in out.items():
        assert len(text.encode("utf-8")) <= MB, (name, len(text))
    return out


def check_seconds(project: Path, path: Path) -> tuple[float, str]:
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check", str(path)],
        cwd=project,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
    )
    seconds = time.perf_counter() - start
    last = (done.stdout.strip().splitlines() or ["?"])[-1]
    return seconds, last


OLD_PATTERNS = {
    # The Markdown link and attribute-list checks before issue 10: quadratic on unclosed brackets and braces.
    "old inline-link regex on 20,000 '['": (re.compile(r"(!?)\[[^\]]*\]\(\s*<?([^)\s>]*)"), "[" * 20000),
    "old attribute-list regex on 'a {: ' x 4,000": (re.compile(r"\{:?[^{}\n]*?[\w-]+\s*=[^{}\n]*\}"), "a {: " * 4000),
    "old HTML regex on '<' + 20,000 spaces": (re.compile(r"<\s*/?\s*[A-Za-z!?]"), "<" + " " * 20000 + "1"),
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        project.mkdir()
        for part in PARTS:
            src = REPO / part
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / part)
        folder = project / "hostile"
        folder.mkdir()
        baseline, _ = check_seconds(project, project / "sites" / "regions" / "twente.yaml")
        print(f"{'case':48s} {'bytes':>9s} {'seconds':>8s} {'x Twente':>9s}  result")
        print(f"{'Twente (real file, for comparison)':48s} {(project / 'sites/regions/twente.yaml').stat().st_size:9d} "
              f"{baseline:8.2f} {1:9.1f}")
        worst = 0.0
        for index, (name, text) in enumerate(cases().items()):
            path = folder / f"geval-{index}.yaml"
            path.write_text(text, encoding="utf-8")
            seconds, last = check_seconds(project, path)
            worst = max(worst, seconds)
            print(f"{name:48s} {len(text.encode()):9d} {seconds:8.2f} {seconds / baseline:9.1f}  {last[:60]}")
        print(f"\nworst hostile case: {worst:.2f} s ({worst / baseline:.1f} x the real Twente file)")
        print("\nfor comparison, the regular expressions the check used before:")
        for name, (pattern, text) in OLD_PATTERNS.items():
            start = time.perf_counter()
            list(pattern.finditer(text))
            print(f"{name:48s} {len(text):9d} {time.perf_counter() - start:8.2f}")


if __name__ == "__main__":
    main()

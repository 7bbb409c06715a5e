"""Where the brand sources live in a checkout, and how file paths are shown to people."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
BRANDBOOK_DIR = REPO_ROOT / "brandbook"
TOKENS_DIR = BRANDBOOK_DIR / "tokens"
FONTS_DIR = BRANDBOOK_DIR / "fonts"


def display_path(path: Path) -> str:
    """A short, machine-independent path for messages and headers.

    Token files live in ``<project>/brandbook/tokens/``; they are shown from ``brandbook/`` on, wherever the
    project is and whatever the working directory, so generated files do not depend on either.
    """
    path = Path(path).resolve()
    for parent in path.parents:
        # A brandbook folder has its tokens; a checkout that happens to be called "brandbook" does not count.
        if parent.name == "brandbook" and (parent / "tokens").is_dir():
            return path.relative_to(parent.parent).as_posix()
    for base in (REPO_ROOT, Path.cwd().resolve()):
        try:
            return path.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()

"""The built output as a whole: files that are identical across sites are stored once."""

from __future__ import annotations

import ctypes
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class DiskUsage:
    files: int
    total_bytes: int
    unique_bytes: int


def disk_usage(root: Path) -> DiskUsage:
    """Bytes of all files under ``root``, and bytes actually stored (each hard-linked file counted once)."""
    seen: set[tuple[int, int]] = set()
    files = total = unique = 0
    for folder, _, names in os.walk(root):
        for name in names:
            st = os.stat(os.path.join(folder, name))
            files += 1
            total += st.st_size
            if (st.st_dev, st.st_ino) not in seen:
                seen.add((st.st_dev, st.st_ino))
                unique += st.st_size
    return DiskUsage(files, total, unique)


MIN_LINK_SIZE = 512  # bytes; linking smaller files saves nothing worth a system call


def link_identical_files(folders: list[Path], min_size: int = MIN_LINK_SIZE) -> int:
    """Hard-link files with identical content under ``folders`` to one copy; returns the bytes saved.

    Every regional site carries the same theme, fonts, stylesheet and national images; as separate copies
    37 sites would take over 100 MB. Files are only ever replaced, never written in place, so sharing an
    inode is safe. A file is only ever replaced by a link to a file in the same or an EARLIER folder: pass
    the folders that must stay untouched (unchanged sites) first. Tiny files are left alone.
    """
    by_content: dict[tuple[int, str], str] = {}
    seen_inodes: dict[tuple[int, int], tuple[int, str]] = {}
    saved = 0
    for top in folders:
        saved += _link_folder(top, min_size, by_content, seen_inodes)
    return saved


def _link_folder(top: Path, min_size: int, by_content: dict, seen_inodes: dict) -> int:
    saved = 0
    for folder, dirs, names in os.walk(top):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(folder, name)
            st = os.lstat(path)
            if st.st_size < min_size or not os.path.isfile(path) or os.path.islink(path):
                continue
            inode = (st.st_dev, st.st_ino)
            if inode in seen_inodes:
                continue  # already shared with a file we hashed
            with open(path, "rb") as handle:
                key = (st.st_size, hashlib.sha256(handle.read()).hexdigest())
            seen_inodes[inode] = key
            first = by_content.setdefault(key, path)
            if first == path:
                continue
            tmp = path + ".link-tmp"
            try:
                os.link(first, tmp)
                os.replace(tmp, path)
                saved += st.st_size
            except OSError:  # another file system or no links allowed: keep the copy
                if os.path.exists(tmp):
                    os.unlink(tmp)
    return saved


# --- atomic output --------------------------------------------------------------------------------------------
#
# A build never writes into the live output folder. It clones the live folder with hard links (cheap: no
# bytes are copied), builds the changed sites into the clone, and swaps the clone into place at the very end.
# A build that fails halfway leaves the live folder exactly as it was, complete.

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def begin(live: Path) -> Path:
    """A fresh staging folder next to ``live`` (same file system), holding hard links to its current files."""
    stage = live.with_name(live.name + ".new")
    shutil.rmtree(stage, ignore_errors=True)  # left behind by a build that was killed
    stage.mkdir(parents=True)
    if live.is_dir():
        for folder, dirs, names in os.walk(live):
            rel = os.path.relpath(folder, live)
            target = stage / rel
            target.mkdir(exist_ok=True)
            for name in names:
                source = os.path.join(folder, name)
                try:
                    os.link(source, target / name)
                except OSError:
                    shutil.copy2(source, target / name)
    return stage


def abandon(stage: Path) -> None:
    """Throw away a staging folder after a failed build."""
    shutil.rmtree(stage, ignore_errors=True)


def swap_into_place(stage: Path, live: Path) -> None:
    """Make ``stage`` the live output. On Linux both names are exchanged in one atomic step."""
    if live.exists() and _exchange(stage, live):
        shutil.rmtree(stage, ignore_errors=True)  # now holds the previous output
        return
    old = live.with_name(live.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if live.exists():
        os.replace(live, old)
    os.replace(stage, live)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0

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
# A build never writes into the live output folder. It builds the changed sites in a staging folder next to
# it and only when every one of them is complete swaps each into place as a whole (one atomic rename per
# site on Linux). A build that fails halfway leaves the live folder exactly as it was. Only changed sites
# are staged: creating and deleting folders is the slowest part of a small rebuild on a busy disk.

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def begin(live: Path) -> Path:
    """An empty staging folder next to ``live`` (same file system, so renames work)."""
    stage = live.with_name(live.name + ".new")
    shutil.rmtree(stage, ignore_errors=True)  # left behind by a build that was killed
    stage.mkdir(parents=True)
    return stage


def abandon(stage: Path) -> None:
    """Throw away a staging folder after a failed build."""
    shutil.rmtree(stage, ignore_errors=True)


def swap_sites(stage: Path, live: Path, keys: list[str], remove: set[str] = frozenset()) -> None:
    """Put the staged sites ``keys`` live, take the sites ``remove`` offline, and discard the old versions."""
    live.mkdir(parents=True, exist_ok=True)
    trash = stage / ".old"
    trash.mkdir(exist_ok=True)
    for key in keys:
        new, current = stage / key, live / key
        if current.exists() and _exchange(new, current):
            continue  # `new` now holds the previous version and is removed with the stage
        if current.exists():
            os.replace(current, trash / key)
        os.replace(new, current)
    for key in sorted(remove):
        if (live / key).exists():
            os.replace(live / key, trash / key)
    shutil.rmtree(stage, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0

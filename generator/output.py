"""The built output as a whole: files that are identical across sites are stored once."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator


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


def write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` unless the file already holds exactly that; returns whether it wrote."""
    try:
        if path.stat().st_size == len(data) and path.read_bytes() == data:
            return False
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return True


def link_tree(source: Path, dest: Path) -> None:
    """``dest`` as a copy of the folder ``source`` made of hard links (a real copy where links are not allowed).

    For a site whose output stays the same: its files are only ever replaced, never written in place, so the
    new site may share them with the live one."""
    for folder, dirs, names in os.walk(source):
        dirs.sort()
        target = dest / os.path.relpath(folder, source)
        target.mkdir(parents=True, exist_ok=True)
        for name in names:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue  # the build never makes links; one found here is not ours to follow
            try:
                os.link(path, target / name)
            except OSError:
                shutil.copy2(path, target / name)


MIN_LINK_SIZE = 512  # bytes; linking smaller files saves nothing worth a system call


def link_identical_files(folders: list[Path], kept: list[Path] = (), min_size: int = MIN_LINK_SIZE) -> int:
    """Hard-link files with identical content under ``folders`` to one copy; returns the bytes saved.

    Every regional site carries the same theme, fonts, stylesheet and national images; as separate copies
    37 sites would take over 100 MB. Files are only ever replaced, never written in place, so sharing an
    inode is safe. A file is only ever replaced by a link to a file in the same or an EARLIER folder, or in
    ``kept``: the sites a build leaves untouched, whose files must keep their inodes (their recorded output
    would differ). A kept file is only read when a file in ``folders`` has its size: after a one-region
    change 34 kept sites need not be hashed again. Tiny files are left alone.
    """
    sizes = {os.lstat(path).st_size for top in folders for path in _files(top)} if kept else set()
    by_content: dict[tuple[int, str], str] = {}
    seen_inodes: dict[tuple[int, int], tuple[int, str]] = {}
    for top in kept:
        _link_folder(top, min_size, by_content, seen_inodes, only_sizes=sizes, change=False)
    return sum(_link_folder(top, min_size, by_content, seen_inodes) for top in folders)


def _files(top: Path):
    for folder, dirs, names in os.walk(top):
        dirs.sort()
        for name in sorted(names):
            yield os.path.join(folder, name)


def _link_folder(top: Path, min_size: int, by_content: dict, seen_inodes: dict, only_sizes=None, change=True) -> int:
    saved = 0
    for path in _files(top):
        st = os.lstat(path)
        if st.st_size < min_size or not os.path.isfile(path) or os.path.islink(path):
            continue
        if only_sizes is not None and st.st_size not in only_sizes:
            continue
        inode = (st.st_dev, st.st_ino)
        if inode in seen_inodes:
            continue  # already shared with a file we hashed
        with open(path, "rb") as handle:
            key = (st.st_size, hashlib.sha256(handle.read()).hexdigest())
        seen_inodes[inode] = key
        first = by_content.setdefault(key, path)
        if first == path or not change:
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


STAGE_SUFFIX = ".new-"


def begin(live: Path) -> Path:
    """A new, empty staging folder of this build next to ``live`` (same file system, so renames work).

    Call it while holding ``exclusive()``: staging folders that are still there belong to a build that was
    killed, because no other build can run on this output folder now, and are removed.
    """
    live.parent.mkdir(parents=True, exist_ok=True)
    for old in live.parent.glob(f"{live.name}{STAGE_SUFFIX}*"):
        shutil.rmtree(old, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=live.name + STAGE_SUFFIX, dir=live.parent))


def abandon(stage: Path) -> None:
    """Throw away a staging folder after a failed build."""
    shutil.rmtree(stage, ignore_errors=True)


def swap_sites(stage: Path, live: Path, keys: list[str], remove: set[str] = frozenset()) -> None:
    """Put the staged sites ``keys`` live, take the sites ``remove`` offline, and discard the old versions.

    Call ``check_swappable`` first: then a folder that cannot be renamed never leaves some sites new and
    others old.
    """
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


def check_swappable(live: Path, keys: list[str], remove: set[str] = frozenset()) -> None:
    """Raise the OSError a swap would meet (read-only, no permission, a file where a folder belongs), before
    anything was swapped: every folder a rename touches must be writable."""
    live.mkdir(parents=True, exist_ok=True)
    for folder in (live, *(live / key for key in (*keys, *sorted(remove)) if (live / key).is_dir())):
        os.rmdir(tempfile.mkdtemp(prefix=".probe-", dir=folder))


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux ``renameat2`` with ``RENAME_EXCHANGE``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    return renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


# --- one build at a time ---------------------------------------------------------------------------------------
#
# Two builds into one output folder would swap sites in and out under each other and record a state that
# describes neither. An advisory lock (flock) on a file next to the output folder, and one in the build folder,
# lets only one build (or preview) at a time work there; the kernel releases it when the process ends, however
# it ends, so a killed build never blocks the next one.

LOCK_NAME = ".werkcentrum.lock"
_HELD: list[int] = []  # descriptors of the locks this process holds; forked workers close their copies


def lock_paths(site_dir: Path, build_dir: Path) -> list[Path]:
    """The lock files of an output folder and a build folder, in a fixed order so two builds never deadlock."""
    return sorted({site_dir.parent / f".{site_dir.name}.lock", build_dir / LOCK_NAME})


def _tell_waiting(holder: dict, folder: Path) -> None:
    since = holder.get("since")
    who = f"proces {holder['pid']}" if isinstance(holder.get("pid"), int) else "een ander proces"
    when = f", gestart om {since}" if isinstance(since, str) else ""
    print(
        f"Er loopt al een andere build in {folder} ({who}{when}). Deze opdracht wacht tot die klaar is en "
        "gaat dan verder. Stoppen kan met Ctrl+C.",
        file=sys.stderr,
        flush=True,
    )


@contextlib.contextmanager
def exclusive(site_dir: Path, build_dir: Path, waiting: Callable[[dict, Path], None] | None = None) -> Iterator[None]:
    """Hold the locks of ``site_dir`` and ``build_dir``; when another build holds them, say so and wait."""
    waiting = waiting or _tell_waiting
    for folder in (site_dir, build_dir):
        if folder.exists() and not folder.is_dir():  # found now, not after every site was built
            raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(folder))
    fds: list[int] = []
    try:
        for path in lock_paths(site_dir, build_dir):
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            fds.append(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                waiting(_holder(fd), path.parent)
                fcntl.flock(fd, fcntl.LOCK_EX)
            os.ftruncate(fd, 0)
            os.pwrite(fd, json.dumps({"pid": os.getpid(), "since": time.strftime("%H:%M:%S")}).encode(), 0)
        _HELD.extend(fds)
        yield
    finally:
        for fd in fds:
            if fd in _HELD:
                _HELD.remove(fd)
            os.close(fd)  # closing the last descriptor releases the lock


def _holder(fd: int) -> dict:
    """Who holds a lock, as far as its file says (it may be stale for a moment; only used in a message)."""
    try:
        data = json.loads(os.pread(fd, 200, 0) or b"{}")
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def forget_locks_in_child() -> None:
    """In a forked worker: close the inherited lock descriptors, so only the parent holds the locks."""
    while _HELD:
        with contextlib.suppress(OSError):
            os.close(_HELD.pop())

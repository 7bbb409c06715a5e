"""Trouble with the machine is named as such: a full disk, a read-only or missing folder, no permission.

Each case is produced for real where the machine allows it: ``/dev/full`` (the kernel's always-full device), a
tiny or read-only tmpfs in a mount namespace of our own (``unshare``; skipped where the kernel or container does
not allow it), and permissions enforced by dropping root's override capabilities (``setpriv``) when the tests run
as root. Nothing is simulated.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import REPO, copy_project
from generator.build import build
from test_build_fast import tree

SOFTWARE_ERROR = ("fout in de software", "werkcentrum-software zelf", "Traceback")
# English lines of the engine or of Python that a user must not see.
ENGLISH = ("Error building page", "No space left", "Permission denied", "Read-only file system", "Errno", "Aborted")


def cli(project, *args: str, prefix: tuple[str, ...] = (), cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "generator.cli", *args],
        cwd=cwd or project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def assert_named(result: subprocess.CompletedProcess, cause: str) -> None:
    """Exit 1, the Dutch cause and a fix, and nothing that reads like a bug or like the engine's English."""
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Probleem met de computer, niet met je bestanden" in result.stderr, result.stderr
    assert cause in result.stderr, result.stderr
    assert "oplossing:" in result.stderr
    for text in (*SOFTWARE_ERROR, *ENGLISH):
        assert text not in result.stderr, (text, result.stderr)


@pytest.fixture
def one_region(tmp_path):
    return copy_project(tmp_path / "project", keep_regions={"twente"})


# --- a full disk ------------------------------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full ontbreekt op deze computer")
def test_a_full_disk_while_a_worker_writes_is_named_and_the_old_sites_stay(one_region):
    """The page a worker writes goes to /dev/full, where every write fails with ENOSPC (a real kernel error)."""
    assert cli(one_region, "build").returncode == 0
    before = tree(one_region.site_dir)
    region = one_region.regions_dir / "twente.yaml"
    # A change the site's plan holds: a site whose plan is unchanged is not even rendered again.
    region.write_text(region.read_text(encoding="utf-8").replace("komt bij Schakel", "komt bij Schakel (later)", 1), encoding="utf-8")
    page = one_region.build_dir / "twente" / "docs" / "index.md"
    page.unlink()
    page.with_name("index.md.tmp").symlink_to("/dev/full")
    result = cli(one_region, "build", "--jobs", "1")
    assert_named(result, "de schijf is vol")
    assert "bij het bouwen van de site 'twente'" in result.stderr  # a failed write names no file: the site
    assert tree(one_region.site_dir) == before
    assert list(one_region.root.glob("site.new*")) == []


def namespace_prefix(script: str) -> tuple[str, ...]:
    """A command prefix that runs the command in a mount namespace of its own after ``script`` (as root there)."""
    return ("unshare", "--user", "--map-root-user", "--mount", "sh", "-ec", script + '\nexec "$@"', "sh")


def can_mount() -> bool:
    if shutil.which("unshare") is None:
        return False
    with tempfile.TemporaryDirectory() as folder:
        probe = subprocess.run([*namespace_prefix(f"mount -t tmpfs -o size=64k tmpfs {folder}"), "true"], capture_output=True)
    return probe.returncode == 0


needs_mount = pytest.mark.skipif(
    not can_mount(), reason="geen eigen mount-namespace mogelijk (unshare); een echte kleine of alleen-lezen schijf kan hier niet"
)


@needs_mount
def test_a_disk_that_fills_up_while_the_engine_writes_the_site_is_named(one_region, tmp_path):
    """The output folder on a 1 MB tmpfs: MkDocs itself runs out of space while it writes the pages."""
    disk = tmp_path / "schijf"
    disk.mkdir()
    prefix = namespace_prefix(f"mount -t tmpfs -o size=1m tmpfs {disk}")
    result = cli(one_region, "build", "--site-dir", str(disk / "site"), "--jobs", "1", prefix=prefix)
    assert_named(result, "de schijf is vol")
    assert f"waar: {disk / 'site.new-'}" in result.stderr  # where the space ran out, not the file being copied


@needs_mount
def test_a_read_only_output_folder_is_named(one_region, tmp_path):
    disk = tmp_path / "alleen-lezen"
    disk.mkdir()
    prefix = namespace_prefix(f"mount -t tmpfs -o ro,size=64k tmpfs {disk}")
    result = cli(one_region, "build", "--site-dir", str(disk / "site"), prefix=prefix)
    assert_named(result, "alleen lezen")


# --- permissions, folders -----------------------------------------------------------------------------------------


def without_root_powers() -> tuple[str, ...]:
    """Root ignores file permissions; without these capabilities it obeys them like any user."""
    if os.geteuid() != 0:
        return ()
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv ontbreekt: als root kan een map zonder schrijfrechten niet worden nagebootst")
    return ("setpriv", "--bounding-set", "-dac_override,-dac_read_search,-fowner")


def test_no_permission_to_write_the_output_folder_is_named(one_region, tmp_path):
    locked = tmp_path / "dicht"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        result = cli(one_region, "build", "--site-dir", str(locked / "site"), prefix=without_root_powers())
    finally:
        locked.chmod(0o755)
    assert_named(result, "geen toestemming")
    assert str(locked) in result.stderr


def test_a_live_site_folder_without_permission_stops_the_build_before_any_site_is_swapped(one_region):
    """The previous build's folders may not be renamed: found before the first swap, so no site mix is left."""
    prefix = without_root_powers()
    assert cli(one_region, "build").returncode == 0
    before = tree(one_region.site_dir)
    for path in (one_region.base_dir / "pages" / "werkgevers.md",):
        path.write_text(path.read_text(encoding="utf-8") + "\nEen nieuwe zin.\n", encoding="utf-8")
    (one_region.site_dir / "twente").chmod(0o555)
    try:
        result = cli(one_region, "build", prefix=prefix)
    finally:
        (one_region.site_dir / "twente").chmod(0o755)
    assert_named(result, "geen toestemming")
    assert tree(one_region.site_dir) == before
    assert cli(one_region, "build").returncode == 0


def test_a_file_where_the_output_folder_belongs_is_named_before_anything_is_built(one_region):
    (one_region.root / "site").write_text("geen map", encoding="utf-8")
    result = cli(one_region, "build")
    assert_named(result, "hier hoort een map, maar er staat een bestand")
    assert not (one_region.build_dir / "twente").exists()  # found before any work
    (one_region.root / "bouw").write_text("geen map", encoding="utf-8")
    result = cli(one_region, "build", "--site-dir", "elders", "--build-dir", "bouw")
    assert_named(result, "hier hoort een map, maar er staat een bestand")


def test_a_missing_output_folder_is_made_or_named(one_region, tmp_path):
    deep = tmp_path / "nieuw" / "diep" / "site"
    assert cli(one_region, "build", "--site-dir", str(deep)).returncode == 0
    assert (deep / "twente" / "index.html").is_file()
    for args in (["publish"], ["server-config", "nginx", "--root", "/srv/site"]):
        result = cli(one_region, *args, "--site-dir", str(tmp_path / "weg"))
        assert result.returncode == 1
        assert "bestaat niet" in result.stderr and "Bouw eerst met: werkcentrum build" in result.stderr
        assert not any(text in result.stderr for text in SOFTWARE_ERROR)


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="/dev/full ontbreekt op deze computer")
def test_the_build_function_raises_the_os_error_and_leaves_the_output(one_region):
    """Below the command line the error stays a plain OSError with its file name, for callers to handle."""
    build(one_region)
    before = tree(one_region.site_dir)
    page = one_region.build_dir / "www" / "docs" / "index.md"
    region = one_region.regions_dir / "twente.yaml"
    # The national site's inlooppunten.json names the inlooppunten: this change makes it render again.
    region.write_text(region.read_text(encoding="utf-8").replace("naam: Inlooppunt Tubbergen\n", "naam: Inlooppunt Tubbergen-Centrum\n", 1), encoding="utf-8")
    page.unlink()
    page.with_name("index.md.tmp").symlink_to("/dev/full")
    with pytest.raises(OSError) as info:
        build(one_region, jobs=1)
    assert info.value.errno == errno.ENOSPC and info.value.site == "www"
    assert tree(one_region.site_dir) == before

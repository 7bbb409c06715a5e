"""Caches are data, checked before use, and heal themselves: a damaged or foreign brand cache entry or build state
is made again with a warning, never a crash, and nothing from the build folder is ever run (no pickle)."""

from __future__ import annotations

import base64
import json
import os
import pickle
import subprocess
import sys

import pytest

from conftest import REPO, copy_project
from generator import cache
from generator.brand.assets import KIT_FILES, brand_for
from test_build_fast import tree

TWENTE_KIT = ("Twente", "Werkcentrum Twente", "twente.werkcentrum.nl")


def cli_build(project) -> subprocess.CompletedProcess:
    """``werkcentrum build`` in a fresh process: nothing is remembered in memory between builds."""
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", "build"],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


@pytest.fixture(scope="module")
def twente(tmp_path_factory):
    """A project with one region, built once; tests work on copies of it."""
    project = copy_project(tmp_path_factory.mktemp("caches") / "project", keep_regions={"twente"})
    result = cli_build(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def built(twente, tmp_path):
    """A private copy of the built project (caches, state and output included)."""
    import shutil

    dest = tmp_path / "project"
    shutil.copytree(twente.root, dest, symlinks=True)
    return type(twente)(root=dest)


def kit_entry(project):
    path = brand_for(project)._cache_path(TWENTE_KIT)
    assert path.is_file(), sorted(p.name for p in path.parent.iterdir())
    return path


def rebuild_twente(project) -> subprocess.CompletedProcess:
    """Build again with twente's output removed, so its brand kit is read from the cache."""
    import shutil

    shutil.rmtree(project.site_dir / "twente")
    return cli_build(project)


def flip_one_byte(data: dict) -> dict:
    raw = bytearray(base64.b64decode(data["files"]["og.png"]["data"]))
    raw[len(raw) // 2] ^= 0xFF
    data["files"]["og.png"]["data"] = base64.b64encode(bytes(raw)).decode()
    return data


def damage(kind: str, path, project):
    data = json.loads(path.read_text(encoding="utf-8"))
    if kind == "truncated":
        path.write_bytes(path.read_bytes()[:1000])
    elif kind == "not-json":
        path.write_bytes(b"\x80\x03}q\x00.")
    elif kind == "wrong-shape":
        path.write_text(json.dumps([data]), encoding="utf-8")
    elif kind == "flipped-byte":
        path.write_text(json.dumps(flip_one_byte(data)), encoding="utf-8")
    elif kind == "file-missing":
        del data["files"]["favicon.ico"]
        path.write_text(json.dumps(data), encoding="utf-8")
    elif kind == "bad-ink":
        data["og_ink"] = ["0", 1, 2, 3]
        path.write_text(json.dumps(data), encoding="utf-8")
    elif kind == "old-format":
        data["format"] = 1
        path.write_text(json.dumps(data), encoding="utf-8")
    elif kind == "foreign":  # a valid entry of another site under twente's name
        national = brand_for(project)._cache_path((None, "Werkcentrum", "www.werkcentrum.nl"))
        path.write_bytes(national.read_bytes())
    else:  # pragma: no cover
        raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind", ["truncated", "not-json", "wrong-shape", "flipped-byte", "file-missing", "bad-ink", "old-format", "foreign"]
)
def test_a_damaged_or_foreign_brand_cache_entry_is_drawn_again_with_a_warning(built, kind):
    expected = tree(built.site_dir / "twente" / "assets" / "brand")
    entry = kit_entry(built)
    damage(kind, entry, built)
    result = rebuild_twente(built)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"waarschuwing: {entry} is niet bruikbaar" in result.stderr
    assert "opnieuw gemaakt" in result.stderr
    assert tree(built.site_dir / "twente" / "assets" / "brand") == expected  # the same files as before
    # Healed: the entry is whole again and the next build reads it without a word.
    data = json.loads(entry.read_text(encoding="utf-8"))
    assert set(data["files"]) == set(KIT_FILES) and data["format"] == 2
    again = rebuild_twente(built)
    assert again.returncode == 0 and "waarschuwing" not in again.stderr


class _Trap:
    """Unpickling this creates a file: proof that a pickle was run."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_nothing_in_the_brand_cache_is_ever_unpickled(built, tmp_path):
    marker = tmp_path / "pickle-was-run"
    entry = kit_entry(built)
    trap = pickle.dumps(_Trap(str(marker)))
    entry.write_bytes(trap)  # where the kit lives now
    entry.with_suffix(".pickle").write_bytes(trap)  # where it lived when the cache was pickle
    result = rebuild_twente(built)
    assert result.returncode == 0, result.stderr
    assert not marker.exists()
    assert "niet bruikbaar" in result.stderr
    assert [p for p in (REPO / "generator").rglob("*.py") if "import pickle" in p.read_text(encoding="utf-8")] == []


# --- the build state ------------------------------------------------------------------------------------------


def state_path(project):
    return project.build_dir / cache.STATE_NAME


def rewrite_state(project, change) -> None:
    """Change the state and give it a correct checksum, so only the shape check can refuse it."""
    path = state_path(project)
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    body = {k: v for k, v in data.items() if k != "sha256"}
    data["sha256"] = cache._digest([json.dumps(body, sort_keys=True)])
    path.write_text(json.dumps(data), encoding="utf-8")


def outside_folder(project):
    """A folder next to the output folder that a hostile state names as a site."""
    folder = project.root / "buiten"
    folder.mkdir(exist_ok=True)
    (folder / "bewaren.txt").write_text("blijft staan", encoding="utf-8")
    return folder


STATES = {
    "list": lambda p: state_path(p).write_text("[]", encoding="utf-8"),
    "truncated": lambda p: state_path(p).write_bytes(state_path(p).read_bytes()[:200]),
    "checksum": lambda p: state_path(p).write_text(
        state_path(p).read_text(encoding="utf-8").replace('"twente"', '"tw"', 1), encoding="utf-8"
    ),
    "old-format": lambda p: rewrite_state(p, lambda d: d.update(format=1)),
    "sites-as-list": lambda p: rewrite_state(p, lambda d: d.update(sites=[])),
    "entry-not-a-dict": lambda p: rewrite_state(p, lambda d: d["sites"].update(twente="x")),
    "fingerprint-a-number": lambda p: rewrite_state(p, lambda d: d["sites"]["twente"].update(inputs=5)),
    "staged-not-a-fingerprint": lambda p: rewrite_state(p, lambda d: d["sites"]["twente"].update(staged="../x")),
    "plan-not-a-fingerprint": lambda p: rewrite_state(p, lambda d: d["sites"]["twente"].update(plan=["x"])),
    "tree-not-a-hash": lambda p: rewrite_state(p, lambda d: d["sites"]["twente"].update(tree="abc:-1")),
    "site-outside": lambda p: rewrite_state(
        p, lambda d: d["sites"].update({"../buiten": {"inputs": "", "output": "", "staged": "", "plan": "", "tree": ""}})
    ),
    "region-summary": lambda p: rewrite_state(p, lambda d: d["regions"].update(twente={"naam": 1})),
    "warnings": lambda p: rewrite_state(p, lambda d: d.update(warnings=[{"x": 1}])),
}


@pytest.mark.parametrize("kind", sorted(STATES))
def test_a_build_state_of_the_wrong_shape_means_a_full_build_with_a_warning(built, kind):
    expected = tree(built.site_dir)
    outside = outside_folder(built)
    STATES[kind](built)
    result = cli_build(built)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"waarschuwing: {state_path(built)} is niet bruikbaar" in result.stderr
    assert "3 sites gebouwd" in result.stdout  # twente, www and the brandbook: nothing was trusted
    assert tree(built.site_dir) == expected
    assert (outside / "bewaren.txt").read_text(encoding="utf-8") == "blijft staan"
    again = cli_build(built)
    assert "0 sites gebouwd" in again.stdout and "waarschuwing" not in again.stderr


def test_the_state_of_another_output_folder_is_not_used_and_not_reported(built, tmp_path):
    rewrite_state(built, lambda d: d.update(site_dir=str(tmp_path / "elders")))
    result = cli_build(built)
    assert result.returncode == 0 and "waarschuwing" not in result.stderr
    assert "3 sites gebouwd" in result.stdout

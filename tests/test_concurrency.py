"""One build at a time per output folder, and a build that is stopped or killed leaves nothing behind.

The builds run as a user starts them: the ``werkcentrum`` command in its own process, on real files.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, copy_project
from generator import output
from generator.build import build
from test_build_fast import assert_same_tree, tree

KEEP = {"twente", "drenthe", "zeeland"}


def start_build(project, *args: str) -> subprocess.Popen:
    """``werkcentrum build`` in a session of its own, so a test can signal it and find its workers."""
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "build", *args],
        cwd=project.root,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def session_processes(sid: int) -> list[int]:
    """Process ids of every living process in session ``sid`` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == sid and fields[0] != "Z":  # fields after the name: state, ppid, pgrp, session
            found.append(int(entry.name))
    return found


def wait_until_gone(sid: int, seconds: float = 15) -> list[int]:
    deadline = time.monotonic() + seconds
    while (alive := session_processes(sid)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def read_until(stream, text: str, seconds: float = 120) -> str:
    """Lines from ``stream`` until one contains ``text``."""
    seen = ""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = stream.readline()
        if not line:
            break
        seen += line
        if text in line:
            return seen
    raise AssertionError(f"{text!r} never appeared; output so far:\n{seen}")


def test_two_builds_started_at_once_leave_the_output_of_one_clean_build(tmp_path):
    busy = copy_project(tmp_path / "busy", keep_regions=KEEP)
    clean = copy_project(tmp_path / "clean", keep_regions=KEEP)
    first, second = start_build(busy), start_build(busy)
    outcomes = [proc.communicate(timeout=600) for proc in (first, second)]
    assert [first.returncode, second.returncode] == [0, 0], outcomes
    waited = [err for _, err in outcomes if "Er loopt al een andere build" in err]
    assert len(waited) == 1, outcomes  # the second one said why it waited, and then went on
    assert "Traceback" not in "".join(err for _, err in outcomes)
    build(clean)
    assert_same_tree(busy.site_dir, clean.site_dir)  # publish.json included
    assert list(busy.root.glob("site.new*")) == []
    # The state the two builds left describes the output: a third build has nothing to do.
    assert build(busy).built == []


def test_a_build_waits_for_the_one_that_holds_the_output_folder(small_project):
    with output.exclusive(small_project.site_dir, small_project.build_dir):
        proc = start_build(small_project)
        try:
            message = read_until(proc.stderr, "Er loopt al een andere build")
            assert f"proces {os.getpid()}" in message and "wacht" in message
            time.sleep(1)
            assert proc.poll() is None and not small_project.site_dir.exists()  # it waits, it writes nothing
        except BaseException:
            proc.kill()
            raise
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    assert (small_project.site_dir / "twente" / "index.html").is_file()


def test_ctrl_c_ends_the_build_and_its_workers_quietly_and_leaves_the_old_sites(small_project):
    build(small_project)
    before = tree(small_project.site_dir)
    for path in small_project.regions_dir.glob("*.yaml"):  # every region changes: the pool has work to do
        path.write_text(path.read_text(encoding="utf-8").replace("naam: ", "naam: Groot ", 1), encoding="utf-8")
    proc = start_build(small_project, "--jobs", "2")
    read_until(proc.stderr, "[1/")  # the first site is built, the workers are starting
    time.sleep(0.5)
    os.killpg(proc.pid, signal.SIGINT)  # what the terminal does on Ctrl+C: the whole process group
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "Gestopt" in err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert wait_until_gone(proc.pid) == []
    assert tree(small_project.site_dir) == before
    assert list(small_project.root.glob("site.new*")) == []


def test_a_killed_build_leaves_no_worker_behind_and_does_not_block_the_next(small_project):
    for path in small_project.regions_dir.glob("*.yaml"):
        path.write_text(path.read_text(encoding="utf-8") + "\n# nieuw\n", encoding="utf-8")
    proc = start_build(small_project, "--jobs", "2")
    read_until(proc.stderr, "[1/")
    time.sleep(0.5)
    os.kill(proc.pid, signal.SIGKILL)  # only the parent: its workers must notice by themselves
    proc.communicate(timeout=60)
    assert wait_until_gone(proc.pid) == []
    follow = start_build(small_project)
    out, err = follow.communicate(timeout=600)
    assert follow.returncode == 0, err
    assert "Er loopt al een andere build" not in err
    assert list(small_project.root.glob("site.new*")) == []  # the killed build's staging folder is cleared
    assert build(small_project).built == []


@pytest.mark.parametrize("signum", [signal.SIGTERM])
def test_kill_ends_the_build_like_ctrl_c(small_project, signum):
    proc = start_build(small_project, "--jobs", "2")
    read_until(proc.stderr, "[1/")
    os.kill(proc.pid, signum)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "Gestopt" in err and "Traceback" not in err
    assert wait_until_gone(proc.pid) == []
    assert list(small_project.root.glob("site.new*")) == []

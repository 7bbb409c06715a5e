"""``werkcentrum`` as an installed tool: the wheel carries what the generator needs, and the project (brandbook, sites,
themes, mkdocs.yml) is found from the working directory upwards, or named with --project.

The wheel is built from a copy of the sources with the tested build backend (setuptools from constraints.txt, in
the test environment) and installed into a fresh virtual environment. To stay offline, that environment reads
the already installed dependencies of the test environment through a .pth file; the package itself comes from
the wheel only (the test checks where it is imported from).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import REPO, copy_project, soup

QUIET_PIP = ["--isolated", "--disable-pip-version-check", "--no-input"]  # no machine or user pip configuration


def source_copy(folder: Path) -> Path:
    """The package sources without caches (a build in the checkout would write into its build/ folder)."""
    for part in ("generator", "pyproject.toml", "README.md"):
        (shutil.copytree if (REPO / part).is_dir() else shutil.copy2)(REPO / part, folder / part)
    for cache in folder.rglob("__pycache__"):
        shutil.rmtree(cache)
    return folder


def fresh_venv(folder: Path) -> Path:
    """A new virtual environment that reads the test environment's installed packages (offline) through a .pth
    file: a plain path entry, so its .pth files (our own editable install among them) are not processed."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder)], check=True)
    python = folder / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True
    ).stdout.strip()
    Path(purelib, "werkcentrum-test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    return python


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built offline from a clean copy of the sources."""
    src = source_copy(tmp_path_factory.mktemp("src"))
    out = tmp_path_factory.mktemp("dist")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", *QUIET_PIP, "--no-deps", "--no-build-isolation", "-w", str(out), str(src)],
        capture_output=True,
        text=True,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    # No deprecation or other warning from the build backend (the licence is an SPDX expression now).
    assert "warning" not in (built.stdout + built.stderr).lower(), built.stdout + built.stderr
    [found] = out.glob("werkcentrum-*.whl")
    return found


@pytest.fixture(scope="module")
def venv(wheel, tmp_path_factory) -> Path:
    """A fresh virtual environment with the wheel installed (not editable)."""
    folder = tmp_path_factory.mktemp("venv") / "fresh"
    python = fresh_venv(folder)
    installed = subprocess.run(
        [sys.executable, "-m", "pip", *QUIET_PIP, "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    return folder


def run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "WERKCENTRUM_REGIONS_DIR")}
    return subprocess.run([venv / "bin" / "werkcentrum", *args], cwd=cwd, capture_output=True, text=True, env=env)


def test_the_wheel_carries_the_package_data(wheel):
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    assert "generator/data/arbeidsmarktregios.csv" in names
    assert "generator/audit/page.js" in names and "generator/audit/vendor/axe.min.js" in names
    assert not any(name.startswith(("brandbook/", "sites/", "themes/")) for name in names)  # the project's own
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "License-Expression: EUPL-1.2" in metadata.splitlines()


def test_the_installed_tool_builds_a_project_from_a_folder_inside_it(venv, tmp_path):
    project = copy_project(tmp_path / "mijn-project", keep_regions={"twente"})
    where = run(venv, "--help", cwd=tmp_path)
    assert where.returncode == 0
    imported = subprocess.run(
        [venv / "bin" / "python", "-c", "import generator; print(generator.__file__)"],
        capture_output=True, text=True, cwd=tmp_path, env={k: v for k, v in os.environ.items() if k != "PYTHONPATH"},
    ).stdout
    assert str(venv) in imported  # the wheel's copy, not the checkout the tests run from
    result = run(venv, "build", cwd=project.regions_dir)  # from a sub-folder, the way git finds its root
    assert result.returncode == 0, result.stderr
    assert "naar site/" in result.stdout
    page = soup(project.site_dir / "twente" / "index.html")
    assert page.title.get_text(strip=True) == "Werkcentrum Twente"
    assert (project.site_dir / "twente" / "assets" / "fonts").is_dir()
    checked = run(venv, "check", "sites/regions/twente.yaml", cwd=project.root)
    assert checked.returncode == 0 and "0 fouten" in checked.stdout


def test_the_installed_tool_takes_the_project_from_an_option(venv, tmp_path):
    project = copy_project(tmp_path / "elders" / "project", keep_regions={"drenthe"})
    result = run(venv, "build", "--project", str(project.root), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (project.site_dir / "drenthe" / "index.html").is_file()
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "args",
    [["build"], ["check"], ["serve", "twente"], ["publish"], ["schema"], ["regio", "nieuw", "Twente"],
     ["server-config", "nginx", "--root", "/srv/site"], ["audit"]],
    ids=lambda a: a[0],
)
def test_outside_a_project_every_command_says_so_in_one_dutch_sentence(venv, tmp_path, args):
    result = run(venv, *args, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"In {tmp_path} en de mappen daarboven staat geen Werkcentrum-project")
    assert lines[0].endswith("geef die op met --project MAP.")
    assert list(tmp_path.iterdir()) == []  # nothing written where it does not belong


def test_a_project_option_that_is_no_project_is_named(venv, tmp_path):
    result = run(venv, "check", "--project", str(tmp_path / "bestaat-niet"), cwd=tmp_path)
    assert result.returncode == 1 and "staat geen Werkcentrum-project" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_broken_pyproject_is_named_not_a_crash(tmp_path):
    project = copy_project(tmp_path / "project", keep_regions={"twente"})
    pyproject = project.root / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    assert 'basisdomein = "werkcentrum.nl"' in text
    pyproject.write_text(text.replace('basisdomein = "werkcentrum.nl"', 'basisdomein = "werkcentrum.nl'), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check"],
        cwd=project.root, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 1
    assert "pyproject.toml: fout: dit bestand is geen geldige TOML" in result.stderr
    assert "Traceback" not in result.stderr and "software" not in result.stderr


def test_the_editable_install_that_make_does_prints_no_warning(tmp_path):
    """What `make` runs (pip install -e) with the tested build backend, offline: not a single warning."""
    src = source_copy(tmp_path / "src")
    python = fresh_venv(tmp_path / "venv")
    installed = subprocess.run(
        [sys.executable, "-m", "pip", *QUIET_PIP, "--python", str(python), "install", "--no-deps", "--no-build-isolation",
         "--no-index", "-e", str(src)],
        capture_output=True,
        text=True,
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    assert "warning" not in (installed.stdout + installed.stderr).lower(), installed.stdout + installed.stderr

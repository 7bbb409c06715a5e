"""Incremental builds: decide from the bytes of each site's inputs which sites must be built again.

Deliberately light: this module imports nothing heavy, so a rebuild with nothing changed is decided before
MkDocs, Material, pydantic or Pillow are even imported. A site is skipped only when its input fingerprint
matches the one recorded at its last successful build AND its output folder is exactly as that build left it
(same files, sizes and modification times), so a deleted or edited output file is never served stale.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .project import BRANDBOOK_KEY, NATIONAL_KEY, Project

FORMAT = 1
STATE_NAME = "build-state.json"
AUDIT_DIR = "audit"  # under the build folder: written by `werkcentrum audit`, shown in the brandbook
PACKAGE_DIR = Path(__file__).resolve().parent
# Environment that changes output without changing a file.
_ENV_INPUTS = ("WERKCENTRUM_BASISDOMEIN", "WERKCENTRUM_REGIOTABEL", "SOURCE_DATE_EPOCH")
# Libraries whose version can change the output (phone number formatting, glyph outlines, image bytes, HTML).
_ENGINE_PACKAGES = (
    "mkdocs",
    "mkdocs-material",
    "pillow",
    "fonttools",
    "phonenumbers",
    "jinja2",
    "markdown",
    "pymdown-extensions",
)


def _files_under(folder: Path, hidden: bool = False) -> list[Path]:
    """Every file under ``folder`` in a stable order; dot-folders only with ``hidden`` (sources skip them)."""
    if folder.is_symlink() or not folder.is_dir():
        return []  # a linked region folder is refused by validation; never read through it (it may be /dev)
    out = []
    for root, dirs, names in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and (hidden or not d.startswith(".")))
        files = (Path(root) / name for name in sorted(names) if not name.endswith(".pyc"))
        out.extend(path for path in files if not path.is_symlink())
    return out


def _digest(parts) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


def _hash_files(paths: list[Path], root: Path) -> str:
    def parts():
        for path in paths:
            try:
                rel = path.relative_to(root).as_posix()
            except ValueError:
                rel = path.as_posix()
            yield rel
            yield path.read_bytes()

    return _digest(parts())


def _engine_versions() -> list[str]:
    from importlib import metadata

    versions = []
    for name in _ENGINE_PACKAGES:
        try:
            versions.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}==?")
    return versions


def shared_inputs(project: Project) -> list[Path]:
    """Files every site depends on: base content, national site, brand, theme, settings and the generator."""
    files: list[Path] = []
    for folder in (project.base_dir, project.national_dir, project.brandbook_dir, project.theme_dir, PACKAGE_DIR):
        files.extend(_files_under(folder))
    files.extend(p for p in (project.root / "mkdocs.yml", project.root / "pyproject.toml") if p.is_file())
    return files


def fingerprints(project: Project, region_files: list[Path]) -> dict[str, str]:
    """Site key -> fingerprint of everything that site's output depends on."""
    shared = _digest(
        [
            FORMAT,
            _hash_files(shared_inputs(project), project.root),
            *_engine_versions(),
            *(f"{k}={os.environ.get(k, '')}" for k in _ENV_INPUTS),
        ]
    )
    out: dict[str, str] = {}
    for path in region_files:
        own = [path, *_files_under(path.parent / path.stem)]
        out[path.stem] = _digest([shared, _hash_files(own, project.root)])
    # The national site lists every region and the brandbook shows every region, so both depend on all.
    everything = _digest([shared, *sorted(f"{k}:{v}" for k, v in out.items())])
    out[NATIONAL_KEY] = everything
    # The brandbook also shows the latest accessibility audit (report and screenshots), when there is one.
    audit = project.build_dir / AUDIT_DIR
    out[BRANDBOOK_KEY] = _digest([everything, _hash_files(_files_under(audit), project.build_dir)])
    return out


def output_signature(folder: Path) -> str | None:
    """Paths, sizes and modification times of every file under ``folder`` (None when it does not exist)."""
    if not folder.is_dir():
        return None
    entries = []
    for path in _files_under(folder, hidden=True):  # .well-known/security.txt is output too
        st = path.stat()
        entries.append(f"{path.relative_to(folder).as_posix()}|{st.st_size}|{st.st_mtime_ns}")
    return _digest(entries)


@dataclass
class BuildState:
    """What the last builds produced: per site, the fingerprint of its inputs and the signature of its output."""

    path: Path
    site_dir: str = ""
    sites: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, project: Project) -> "BuildState":
        path = project.build_dir / STATE_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls(path=path, site_dir=str(project.site_dir))
        if data.get("format") != FORMAT or data.get("site_dir") != str(project.site_dir):
            return cls(path=path, site_dir=str(project.site_dir))
        return cls(path=path, site_dir=data["site_dir"], sites=data.get("sites", {}), warnings=data.get("warnings", []))

    def is_current(self, key: str, fingerprint: str, site_dir: Path) -> bool:
        """True when ``key`` was built from exactly these inputs and its output is untouched since."""
        entry = self.sites.get(key)
        return (
            entry is not None
            and entry.get("inputs") == fingerprint
            and entry.get("output") == output_signature(site_dir / key)
        )

    def record(self, key: str, fingerprint: str, site_dir: Path) -> None:
        self.sites[key] = {"inputs": fingerprint, "output": output_signature(site_dir / key) or ""}

    def forget(self, key: str) -> None:
        self.sites.pop(key, None)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {"format": FORMAT, "site_dir": self.site_dir, "sites": dict(sorted(self.sites.items())), "warnings": self.warnings}
        tmp = self.path.with_name(self.path.name + ".tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(self.path)

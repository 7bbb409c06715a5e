"""Incremental builds: decide from the bytes of each site's inputs which sites must be built again.

Deliberately light: this module imports nothing heavy, so a rebuild with nothing changed is decided before
MkDocs, Material, pydantic or Pillow are even imported. A site is skipped only when its input fingerprint
matches the one recorded at its last successful build AND its output folder is exactly as that build left it
(same files, sizes and modification times), so a deleted or edited output file is never served stale.

The state file is checked before use (format, checksum, the shape of every entry, site keys that are plain
folder names): a damaged or foreign state means a full build with a warning, never a crash, and never a
folder outside the output folder taken for a site.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path, PurePath

from .project import BRANDBOOK_KEY, NATIONAL_KEY, Project
from . import publish
from .dates import report_day

FORMAT = 4
STATE_NAME = "build-state.json"
AUDIT_DIR = "audit"  # under the build folder: written by `werkcentrum audit`, shown in the brandbook
PACKAGE_DIR = Path(__file__).resolve().parent
# Environment that changes output without changing a file.
_ENV_INPUTS = ("WERKCENTRUM_BASISDOMEIN", "WERKCENTRUM_REGIOTABEL", "WERKCENTRUM_GEMEENTETABEL", "SOURCE_DATE_EPOCH")
_ENV_DEFAULTS = {"SOURCE_DATE_EPOCH": "0"}
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


def _entries(folder: Path, hidden: bool = False):
    """(path relative to ``folder``, ``os.DirEntry``) of every file under ``folder`` in a stable order: a
    folder's files before its subfolders, both by name; links, ``__pycache__`` and ``.pyc`` files left out,
    dot-folders only with ``hidden`` (sources skip them)."""
    if folder.is_symlink() or not folder.is_dir():
        return  # a linked region folder is refused by validation; never read through it (it may be /dev)

    def walk(path: str, prefix: str):
        with os.scandir(path) as found:
            items = sorted(found, key=lambda e: e.name)
        subdirs = []
        for item in items:
            if item.is_symlink():
                continue
            if item.is_dir(follow_symlinks=False):
                if item.name != "__pycache__" and (hidden or not item.name.startswith(".")):
                    subdirs.append(item)
            elif not item.name.endswith(".pyc"):
                yield prefix + item.name, item
        for item in subdirs:
            yield from walk(item.path, f"{prefix}{item.name}/")

    yield from walk(str(folder), "")


def _files_under(folder: Path, hidden: bool = False) -> list[Path]:
    """Every file under ``folder`` in a stable order (``_entries``)."""
    return [Path(entry.path) for _, entry in _entries(folder, hidden)]


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


def folder_digest(folder: Path) -> str:
    """Fingerprint of the names and contents of every file under ``folder`` (empty when there is none)."""
    return _hash_files(_files_under(folder, hidden=True), folder)


def shared_inputs(project: Project) -> list[Path]:
    """Files every site depends on: base content, national site, brand, theme, settings and the generator."""
    files: list[Path] = []
    for folder in (project.base_dir, project.national_dir, project.brandbook_dir, project.theme_dir, PACKAGE_DIR):
        files.extend(_files_under(folder))
    files.extend(p for p in (project.root / "mkdocs.yml", project.root / "pyproject.toml") if p.is_file())
    return files


def shared_fingerprint(project: Project) -> str:
    """Fingerprint of everything all sites depend on besides the region files: the base content, the national
    site, the brandbook, the theme, the settings, the generator, the engine's versions and the environment."""
    return _digest(
        [
            FORMAT,
            _hash_files(shared_inputs(project), project.root),
            *_engine_versions(),
            # The engine reads an unset SOURCE_DATE_EPOCH as 0 (engine/mkdocs.py): both must give one fingerprint.
            *(f"{k}={os.environ.get(k, _ENV_DEFAULTS.get(k, ''))}" for k in _ENV_INPUTS),
            f"half-year={publish.build_half_year():%Y-%m}",  # security.txt's Expires follows it (publish.py)
        ]
    )


def fingerprints(project: Project, region_files: list[Path], shared: str | None = None) -> dict[str, str]:
    """Site key -> fingerprint of everything that site's output depends on."""
    shared = shared or shared_fingerprint(project)
    out: dict[str, str] = {}
    for path in region_files:
        own = [path, *_files_under(path.parent / path.stem)]
        out[path.stem] = _digest([shared, _hash_files(own, project.root)])
    # The national site lists every region and the brandbook shows every region, so both depend on all.
    everything = _digest([shared, *sorted(f"{k}:{v}" for k, v in out.items())])
    out[NATIONAL_KEY] = everything
    # The brandbook also shows the latest accessibility audit (report and screenshots), when there is one.
    audit = project.build_dir / AUDIT_DIR
    # Its report names the notices that have expired on the report's day, so a new day can change it.
    out[BRANDBOOK_KEY] = _digest([everything, _hash_files(_files_under(audit), project.build_dir), report_day()])
    return out


def staged_fingerprint(shared: str, staged_root: Path, extra: dict[str, bytes]) -> str:
    """Fingerprint of what the engine turns into a site's output: the staged folder (its Markdown, assets and
    resolved mkdocs.yml), the files added after the engine (``extra``) and the shared inputs (theme, engine
    versions, the generator). Two builds with the same fingerprint give the same output, so a site whose
    region change did not reach its pages (a national site after a change of a partner's name) keeps its
    output instead of being built again."""
    files = _files_under(staged_root, hidden=True)
    return _digest([shared, _hash_files(files, staged_root), *(part for rel in sorted(extra) for part in (rel, extra[rel]))])


class Undigestable(TypeError):
    """A value in a plan that ``plan_fingerprint`` cannot take apart into data."""


def _data(value):
    """``value`` as plain JSON data that tells apart everything a renderer could see of it.

    Takes apart what plans are made of: text (its escaping type included: ``Md`` renders differently from
    ``str``), numbers, paths, dates, lists, mappings, dataclasses, pydantic models (their fields) and objects
    that say what they are made of with ``__digest__``. Anything else raises ``Undigestable``: a new kind of
    value in a plan must say what it depends on before sites can be skipped on it.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    kind = type(value)
    name = f"{kind.__module__}.{kind.__qualname__}"
    if isinstance(value, str):
        return value if kind is str else [name, str(value)]
    if isinstance(value, bytes):
        return ["bytes", hashlib.sha256(value).hexdigest()]
    if isinstance(value, PurePath):
        return ["path", str(value)]
    if isinstance(value, (list, tuple)):
        return [name, [_data(v) for v in value]]
    if isinstance(value, dict):
        return [name, [[_data(k), _data(v)] for k, v in value.items()]]
    if isinstance(value, (set, frozenset)):
        return [name, sorted(json.dumps(_data(v), sort_keys=True) for v in value)]
    if isinstance(value, (date, datetime, time)):
        return [name, value.isoformat()]
    if isinstance(value, Enum):
        return [name, _data(value.value)]
    if hasattr(kind, "__digest__"):
        return [name, _data(value.__digest__())]
    if dataclasses.is_dataclass(value):
        return [name, [[f.name, _data(getattr(value, f.name))] for f in dataclasses.fields(value)]]
    fields = getattr(kind, "model_fields", None)  # a pydantic model
    if isinstance(fields, dict):
        private = getattr(value, "__pydantic_private__", None) or {}
        extra = getattr(value, "__pydantic_extra__", None) or {}
        return [name, [[n, _data(getattr(value, n))] for n in fields], _data(dict(private)), _data(dict(extra))]
    raise Undigestable(name)


def plan_fingerprint(shared: str, plan) -> str:
    """Fingerprint of a site's plan (``merge.SitePlan``) and the shared inputs: everything its render and
    build read. Equal fingerprints give equal output, so a site whose plan did not change after a region
    edit (the national site and the brandbook after a new explanation of an inlooppunt) keeps its output without being rendered again.
    Raises ``Undigestable`` for a plan holding a value that does not say what it is made of."""
    return _digest([shared, json.dumps(_data(plan), sort_keys=True, ensure_ascii=False)])


def output_signature(folder: Path) -> str | None:
    """Paths, sizes and modification times of every file under ``folder`` (None when it does not exist), read
    with one ``lstat`` per file: every build checks all 37 output folders with it."""
    if not folder.is_dir():
        return None
    entries = []
    for rel, entry in _entries(folder, hidden=True):  # .well-known/security.txt is output too
        st = entry.stat(follow_symlinks=False)
        entries.append(f"{rel}|{st.st_size}|{st.st_mtime_ns}")
    return _digest(entries)


def healed(path: Path, reason: str) -> None:
    """Warn that a cache file was damaged or foreign and is made again; the build goes on."""
    print(
        f"waarschuwing: {path} is niet bruikbaar ({reason}); dit wordt opnieuw gemaakt. Je hoeft niets te doen.",
        file=sys.stderr,
        flush=True,
    )


# A site key is a folder name in the output: a region slug, www or brandbook. Never a path.
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_HEX = re.compile(r"[0-9a-f]{64}")
_TREE = re.compile(r"[0-9a-f]{64}:[0-9]{1,9}")  # publish.json's sha256 and number of files of a site
_SUMMARY_FIELDS = ("naam", "code", "subdomein")


def _checked_state(data) -> tuple[dict, dict, list]:
    """(sites, region summaries, warnings) of a state file's content, after checking every part of it."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ValueError("een ander formaat")
    body = {k: v for k, v in data.items() if k != "sha256"}
    if data.get("sha256") != _digest([json.dumps(body, sort_keys=True)]):
        raise ValueError("de controlesom klopt niet")
    sites, regions, warnings = data.get("sites"), data.get("regions"), data.get("warnings")
    if not (isinstance(sites, dict) and isinstance(regions, dict) and isinstance(warnings, list)):
        raise ValueError("de vorm klopt niet")
    for key, entry in sites.items():
        if not (
            _KEY.fullmatch(key)
            and isinstance(entry, dict)
            and set(entry) == {"inputs", "output", "staged", "plan", "tree"}
            and all(isinstance(entry[f], str) and (entry[f] == "" or _HEX.fullmatch(entry[f])) for f in ("inputs", "staged", "plan"))
            and isinstance(entry["output"], str)
            and isinstance(entry["tree"], str)
            and (entry["tree"] == "" or _TREE.fullmatch(entry["tree"]))
        ):
            raise ValueError(f"de site '{key[:40]}' heeft niet de goede vorm")
    for key, summary in regions.items():
        if not (
            _KEY.fullmatch(key)
            and isinstance(summary, dict)
            and set(summary) == set(_SUMMARY_FIELDS)
            and all(isinstance(summary[f], str) for f in _SUMMARY_FIELDS)
            and _KEY.fullmatch(summary["subdomein"])
        ):
            raise ValueError(f"de regio '{key[:40]}' heeft niet de goede vorm")
    if not all(isinstance(w, str) for w in warnings):
        raise ValueError("de vorm klopt niet")
    return sites, regions, warnings


@dataclass
class BuildState:
    """What the last builds produced: per site, the fingerprint of its inputs and the signature of its output;
    per region, its last good name, code and subdomain (so a region whose file broke keeps its place)."""

    path: Path
    site_dir: str = ""
    sites: dict[str, dict[str, str]] = field(default_factory=dict)
    regions: dict[str, dict[str, str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, project: Project) -> "BuildState":
        path = project.build_dir / STATE_NAME
        fresh = cls(path=path, site_dir=str(project.site_dir))
        try:
            data = json.loads(path.read_bytes())
            sites, regions, warnings = _checked_state(data)
        except FileNotFoundError:
            return fresh
        except (OSError, ValueError) as exc:
            healed(path, str(exc) if type(exc) is ValueError else "onleesbaar")
            return fresh
        if data.get("site_dir") != str(project.site_dir):
            return fresh  # the state of another output folder
        return cls(path=path, site_dir=data["site_dir"], sites=sites, regions=regions, warnings=warnings)

    def is_current(self, key: str, fingerprint: str, site_dir: Path) -> bool:
        """True when ``key`` was built from exactly these inputs and its output is untouched since."""
        entry = self.sites.get(key)
        return (
            entry is not None
            and entry.get("inputs") == fingerprint
            and entry.get("output") == output_signature(site_dir / key)
        )

    def reusable(self, key: str, site_dir: Path) -> tuple[str, str]:
        """(staged fingerprint, plan fingerprint) of ``key``'s last build when its output is untouched since
        (empty strings otherwise): a build whose plan or staged site has that fingerprint may take over the
        output instead of rendering the site again or running the engine."""
        entry = self.sites.get(key)
        if entry is None or entry.get("output") != output_signature(site_dir / key):
            return "", ""
        return entry["staged"], entry["plan"]

    def record(self, key: str, fingerprint: str, site_dir: Path, staged: str = "", plan: str = "", tree: tuple[str, int] | None = None) -> None:
        output = output_signature(site_dir / key) or ""
        tree_text = f"{tree[0]}:{tree[1]}" if tree else ""
        self.sites[key] = {"inputs": fingerprint, "output": output, "staged": staged, "plan": plan, "tree": tree_text}

    def trees(self, keys, site_dir: Path) -> dict[str, tuple[str, int]]:
        """publish.json's (sha256, number of files) of the sites ``keys`` whose output is exactly as recorded."""
        out = {}
        for key in keys:
            entry = self.sites.get(key)
            if entry and entry["tree"] and entry["output"] == output_signature(site_dir / key):
                sha, count = entry["tree"].split(":")
                out[key] = (sha, int(count))
        return out

    def forget(self, key: str) -> None:
        self.sites.pop(key, None)

    def remember_region(self, slug: str, naam: str, code: str, subdomein: str) -> None:
        """The last good name, code and subdomain of a valid region."""
        self.regions[slug] = {"naam": naam, "code": code, "subdomein": subdomein}

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        body = {
            "format": FORMAT,
            "site_dir": self.site_dir,
            "sites": dict(sorted(self.sites.items())),
            "regions": dict(sorted(self.regions.items())),
            "warnings": self.warnings,
        }
        data = {**body, "sha256": _digest([json.dumps(body, sort_keys=True)])}
        tmp = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        tmp.replace(self.path)

"""Publishing: what each host serves (``publish.json``), which hosts changed, and the files every site needs.

``publish.json`` sits next to the site folders. It is written (atomically) after the build has swapped its
complete sites into place, so it never describes a half-built tree. CI compares it with the
manifest of the deployed sites (``werkcentrum publish --changed-since``) and uploads only the hosts that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import datetime, timezone
from pathlib import Path

from .diagnostics import Diagnostic, UserError
from .project import BRANDBOOK_KEY, NATIONAL_KEY, Project

MANIFEST_NAME = "publish.json"
FORMAT = 1
NATIONAL_DIR = NATIONAL_KEY
SECURITY_TXT = ".well-known/security.txt"
# security.txt must expire (RFC 9116) at least half a year after the build, also for a local build, but builds
# must be reproducible: the date is the first day of the build's half-year, one year on. The build's half-year is
# that of SOURCE_DATE_EPOCH (CI sets it to the first day of the current half-year) or of today, whichever is
# later, so the same input gives the same file for half a year and an old epoch never gives an expired file.


# --- hosts ------------------------------------------------------------------------------------------------------


def site_hosts(project: Project, key: str, subdomain: str | None = None) -> list[str]:
    """The hosts that serve site ``key``: the national site also answers on the bare domain."""
    hosts = [project.host(subdomain or key)]
    if key == NATIONAL_KEY:
        hosts.append(project.base_domain)
    return hosts


def relabel(host: str, base_domain: str, domain: str) -> str:
    """``twente.werkcentrum.nl`` -> ``twente.localhost``: the same site under another base domain."""
    if host == base_domain:
        return domain
    if base_domain and host.endswith("." + base_domain):
        return host[: -len(base_domain)] + domain
    return host


# --- the manifest -------------------------------------------------------------------------------------------


class TreeHasher:
    """SHA-256 of site folders. Sites share most files through hard links, so each inode is read only once."""

    def __init__(self):
        self._files: dict[tuple[int, int, int, int], bytes] = {}
        self.bytes_read = 0

    def file_digest(self, path: str) -> bytes:
        st = os.stat(path)
        key = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        digest = self._files.get(key)
        if digest is None:
            with open(path, "rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").digest()
            self.bytes_read += st.st_size
            self._files[key] = digest
        return digest

    def site(self, folder: Path) -> tuple[str, int]:
        """(sha256 over every file's relative path and content, number of files) of one site folder."""
        paths = []
        for root, dirs, names in os.walk(folder):
            dirs.sort()
            paths.extend(os.path.join(root, name) for name in names)
        total = hashlib.sha256()
        rels = sorted((os.path.relpath(p, folder).replace(os.sep, "/"), p) for p in paths)
        for rel, path in rels:
            total.update(rel.encode("utf-8") + b"\0" + self.file_digest(path))
        return total.hexdigest(), len(rels)


_SITE_FIELDS = {"host": str, "dir": str, "sha256": str, "files": int}
_FOLDER = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LABEL = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _is_host(name: str) -> bool:
    return 0 < len(name) <= 253 and all(_LABEL.fullmatch(label) for label in name.split("."))


def read_manifest(path: Path, base_domain: str | None = None) -> dict:
    """A manifest as written by ``write_manifest``, checked completely: shape, format version, host names and
    folder names (they end up in the web server's configuration). With ``base_domain``, a manifest of another
    project (another base domain) is refused too. Every problem is a Dutch error for CI engineers."""
    shown = str(path)

    def refuse(message: str, hint: str | None = None) -> UserError:
        return UserError(Diagnostic(shown, message, hint=hint))

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise refuse("dit publicatieoverzicht bestaat niet.", "Bouw eerst met: werkcentrum build") from None
    except IsADirectoryError:
        raise refuse("dit is een map, geen publicatieoverzicht.", "Geef het bestand publish.json op.") from None
    except (OSError, ValueError) as exc:
        raise refuse(f"dit publicatieoverzicht is onleesbaar: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("sites"), list):
        raise refuse("dit is geen publicatieoverzicht: de lijst 'sites' ontbreekt.")
    if data.get("format") != FORMAT:
        raise refuse(
            f"dit publicatieoverzicht heeft formaat {data.get('format')!r}; deze versie van werkcentrum kent alleen "
            f"formaat {FORMAT}.",
            "Maak het opnieuw met deze versie: werkcentrum build. Zonder bruikbaar oud overzicht publiceer je "
            "alles: werkcentrum publish (zonder --changed-since).",
        )
    domain = data.get("base_domain")
    if not isinstance(domain, str) or not _is_host(domain):
        raise refuse("dit publicatieoverzicht noemt geen geldig basisdomein ('base_domain').")
    if base_domain is not None and domain != base_domain:
        raise refuse(
            f"dit publicatieoverzicht hoort bij een ander project: het basisdomein is '{domain}', "
            f"van dit project is dat '{base_domain}'.",
            "Vergelijk alleen met het publish.json van een eerdere publicatie van dit project.",
        )
    for index, site in enumerate(data["sites"]):
        where = f"sites[{index}]"
        if not isinstance(site, dict) or set(site) != set(_SITE_FIELDS):
            raise refuse(f"{where} heeft niet de goede vorm.", "Verwacht: host, dir, sha256 en files.")
        if any(type(site[name]) is not kind for name, kind in _SITE_FIELDS.items()):
            raise refuse(f"{where} heeft niet de goede vorm.", "Verwacht: host, dir, sha256 en files.")
        host = site["host"]
        if not _is_host(host) or not (host == domain or host.endswith("." + domain)):
            raise refuse(f"{where}: '{host[:80]}' is geen host onder {domain}.")
        if not _FOLDER.fullmatch(site["dir"]) or not _SHA256.fullmatch(site["sha256"]) or site["files"] < 0:
            raise refuse(f"{where} ({host}) heeft een ongeldige map, controlesom of aantal bestanden.")
    return data


def _folder_hosts(site_dir: Path, project: Project, subdomains: dict[str, str]) -> dict[str, list[str]]:
    """Site folder -> its hosts. Folders of regions that failed this build keep the hosts they were published on."""
    previous: dict[str, list[str]] = {}
    try:
        for site in read_manifest(site_dir / MANIFEST_NAME)["sites"]:
            previous.setdefault(site["dir"], []).append(site["host"])
    except (UserError, KeyError, TypeError):
        pass
    out = {}
    for entry in sorted(os.scandir(site_dir), key=lambda e: e.name):
        if not entry.is_dir() or entry.name.startswith("."):
            continue
        key = entry.name
        if key in subdomains or key in (NATIONAL_KEY, BRANDBOOK_KEY) or key not in previous:
            out[key] = site_hosts(project, key, subdomains.get(key))
        else:
            out[key] = previous[key]
    return out


def manifest(
    site_dir: Path,
    project: Project,
    subdomains: dict[str, str],
    hasher: TreeHasher | None = None,
    known: dict[str, tuple[str, int]] | None = None,
) -> dict:
    """The manifest of every site folder under ``site_dir``; ``subdomains`` maps region keys to their subdomain.
    ``known``: (sha256, number of files) of folders that are exactly as when they were last hashed."""
    hasher = hasher or TreeHasher()
    known = known or {}
    sites = []
    for folder, hosts in _folder_hosts(site_dir, project, subdomains).items():
        sha, count = known[folder] if folder in known else hasher.site(site_dir / folder)
        sites.extend({"host": host, "dir": folder, "sha256": sha, "files": count} for host in hosts)
    sites.sort(key=lambda s: s["host"])
    return {"format": FORMAT, "base_domain": project.base_domain, "sites": sites}


def write_manifest(site_dir: Path, project: Project, inputs, known: dict[str, tuple[str, int]] | None = None) -> dict[str, tuple[str, int]]:
    """Write ``publish.json`` for every site folder in ``site_dir``; returns (sha256, number of files) per
    folder. ``known``: those of the folders a build left untouched (from the build state), not read again."""
    subdomains = {entry.slug: entry.subdomain for entry in inputs.regions}
    data = manifest(site_dir, project, subdomains, known=known)
    path = site_dir / MANIFEST_NAME
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)  # never write in place: the file may be a hard link into the live output
    return {s["dir"]: (s["sha256"], s["files"]) for s in data["sites"]}


def changed_hosts(old: dict, new: dict) -> list[str]:
    """Hosts whose content differs between two manifests, including hosts added or removed."""
    before = {s["host"]: s["sha256"] for s in old.get("sites", [])}
    after = {s["host"]: s["sha256"] for s in new.get("sites", [])}
    return sorted(h for h in before.keys() | after.keys() if before.get(h) != after.get(h))


# --- files every site gets ------------------------------------------------------------------------------------


def half_year_start(moment: datetime) -> datetime:
    """1 January or 1 July, 00:00 UTC, of the half-year ``moment`` falls in."""
    moment = moment.astimezone(timezone.utc)
    return datetime(moment.year, 1 if moment.month <= 6 else 7, 1, tzinfo=timezone.utc)


def build_half_year(today: datetime | None = None) -> datetime:
    """The half-year the build belongs to: of SOURCE_DATE_EPOCH or of today, whichever is later."""
    try:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 0)
        from_epoch = datetime.fromtimestamp(epoch, timezone.utc)
    except (ValueError, OverflowError, OSError):
        from_epoch = datetime.fromtimestamp(0, timezone.utc)
    return half_year_start(max(from_epoch, today or datetime.now(timezone.utc)))


def security_txt_expires(today: datetime | None = None) -> datetime:
    """One year after the start of the build's half-year: always 6 to 12 months after the build."""
    start = build_half_year(today)
    return start.replace(year=start.year + 1)


def robots_txt(host: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: https://{host}/sitemap.xml\n"


def security_txt(hosts: list[str], project: Project) -> str:
    canonical = "".join(f"Canonical: https://{host}/{SECURITY_TXT}\n" for host in hosts)
    return (
        "# Een kwetsbaarheid gevonden op een Werkcentrum-site? Meld het ons, dan lossen we het op.\n"
        "# Found a vulnerability on a Werkcentrum website? Please tell us.\n"
        f"Contact: mailto:security@{project.base_domain}\n"
        f"Expires: {security_txt_expires():%Y-%m-%dT%H:%M:%SZ}\n"
        "Preferred-Languages: nl, en\n"
        f"{canonical}"
    )


def finish_site(site_plan, out_dir: Path, project: Project) -> None:
    """Add what the site engine does not write: robots.txt and /.well-known/security.txt.

    Called after the engine built the site. MkDocs ignores dot-folders in docs, hence after and not before.
    """
    write_extra_files(Path(out_dir), extra_files(site_plan, project))


def write_extra_files(out_dir: Path, files: dict[str, bytes]) -> None:
    """Write the files of ``extra_files`` into a built site."""
    from .output import write_if_changed  # replaces files: they may be hard links into the live output

    for rel, data in files.items():
        write_if_changed(out_dir / rel, data)


def extra_files(site_plan, project: Project) -> dict[str, bytes]:
    """Output path -> bytes of the files ``finish_site`` adds to a built site."""
    hosts = site_hosts(project, site_plan.key, site_plan.host.removesuffix("." + project.base_domain))
    return {
        "robots.txt": robots_txt(site_plan.host).encode("utf-8"),
        SECURITY_TXT: security_txt(hosts, project).encode("utf-8"),
    }

"""Publishing: what each host serves (``publish.json``), which hosts changed, and the files every site needs.

``publish.json`` sits next to the site folders. It is written (atomically) after the build has swapped its
complete sites into place, so it never describes a half-built tree. CI compares it with the
manifest of the deployed sites (``werkcentrum publish --changed-since``) and uploads only the hosts that changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, timezone
from pathlib import Path

from .diagnostics import Diagnostic, UserError
from .project import BRANDBOOK_KEY, NATIONAL_KEY, Project

MANIFEST_NAME = "publish.json"
FORMAT = 1
NATIONAL_DIR = NATIONAL_KEY
SECURITY_TXT = ".well-known/security.txt"
# security.txt must expire (RFC 9116) but builds must be reproducible, so the date is derived from
# SOURCE_DATE_EPOCH (CI sets it to the first day of the current half-year) and never from the clock.
# Local builds (SOURCE_DATE_EPOCH=0) fall back to this date.
EXPIRES_FLOOR = datetime(2026, 1, 1, tzinfo=timezone.utc)


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


def read_manifest(path: Path) -> dict:
    """A manifest as written by ``write_manifest``; an unreadable one is a Dutch error for CI engineers."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(Diagnostic(str(path), "dit publicatieoverzicht bestaat niet.", hint="Bouw eerst met: werkcentrum build")) from None
    except (OSError, ValueError) as exc:
        raise UserError(Diagnostic(str(path), f"dit publicatieoverzicht is onleesbaar: {exc}")) from None
    if not isinstance(data, dict) or not isinstance(data.get("sites"), list):
        raise UserError(Diagnostic(str(path), "dit is geen publicatieoverzicht: de lijst 'sites' ontbreekt."))
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


def manifest(site_dir: Path, project: Project, subdomains: dict[str, str], hasher: TreeHasher | None = None) -> dict:
    """The manifest of every site folder under ``site_dir``; ``subdomains`` maps region keys to their subdomain."""
    hasher = hasher or TreeHasher()
    sites = []
    for folder, hosts in _folder_hosts(site_dir, project, subdomains).items():
        sha, count = hasher.site(site_dir / folder)
        sites.extend({"host": host, "dir": folder, "sha256": sha, "files": count} for host in hosts)
    sites.sort(key=lambda s: s["host"])
    return {"format": FORMAT, "base_domain": project.base_domain, "sites": sites}


def write_manifest(site_dir: Path, project: Project, inputs) -> Path:
    """Write ``publish.json`` for every site folder in ``site_dir``."""
    subdomains = {entry.slug: entry.subdomain for entry in inputs.regions}
    data = manifest(site_dir, project, subdomains)
    path = site_dir / MANIFEST_NAME
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)  # never write in place: the file may be a hard link into the live output
    return path


def changed_hosts(old: dict, new: dict) -> list[str]:
    """Hosts whose content differs between two manifests, including hosts added or removed."""
    before = {s["host"]: s["sha256"] for s in old.get("sites", [])}
    after = {s["host"]: s["sha256"] for s in new.get("sites", [])}
    return sorted(h for h in before.keys() | after.keys() if before.get(h) != after.get(h))


# --- files every site gets ------------------------------------------------------------------------------------


def security_txt_expires() -> datetime:
    """One year after the first day of the half-year of SOURCE_DATE_EPOCH: 6 to 12 months ahead in CI."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or 0)
    reference = max(datetime.fromtimestamp(epoch, timezone.utc), EXPIRES_FLOOR)
    return datetime(reference.year + 1, 1 if reference.month <= 6 else 7, 1, tzinfo=timezone.utc)


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
    from .render import write_if_changed  # replaces files: they may be hard links into the live output

    hosts = site_hosts(project, site_plan.key, site_plan.host.removesuffix("." + project.base_domain))
    write_if_changed(Path(out_dir) / "robots.txt", robots_txt(site_plan.host).encode("utf-8"))
    write_if_changed(Path(out_dir) / SECURITY_TXT, security_txt(hosts, project).encode("utf-8"))

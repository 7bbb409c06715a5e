"""publish.json, `werkcentrum publish --changed-since`, and the files every site gets (robots.txt, security.txt)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path

import pytest

from conftest import REPO
from generator import publish
from generator.build import build
from generator.diagnostics import UserError
from generator.project import Project

BASE = "werkcentrum.nl"


def cli(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


def load(project: Project) -> dict:
    return json.loads((project.site_dir / "publish.json").read_text(encoding="utf-8"))


def folder_contents(site_dir: Path) -> dict[str, dict[str, bytes]]:
    """Site folder -> {relative path: bytes}: the ground truth a manifest summarises."""
    out = {}
    for folder in sorted(p for p in site_dir.iterdir() if p.is_dir()):
        out[folder.name] = {f.relative_to(folder).as_posix(): f.read_bytes() for f in folder.rglob("*") if f.is_file()}
    return out


def hosts_of_changed_folders(before: dict, after: dict, manifest: dict, old_manifest: dict) -> list[str]:
    changed = {k for k in before.keys() | after.keys() if before.get(k) != after.get(k)}
    return sorted({s["host"] for m in (manifest, old_manifest) for s in m["sites"] if s["dir"] in changed})


# --- the manifest -----------------------------------------------------------------------------------------------


def test_the_manifest_lists_every_host_with_the_hash_of_its_folder(built_all):
    manifest = load(built_all)
    hosts = [s["host"] for s in manifest["sites"]]
    regions = sorted(p.stem for p in built_all.regions_dir.glob("*.yaml"))
    assert len(regions) == 35
    assert sorted(hosts) == sorted([f"{r}.{BASE}" for r in regions] + [f"www.{BASE}", BASE, f"brandbook.{BASE}"])
    assert manifest["base_domain"] == BASE
    by_host = {s["host"]: s for s in manifest["sites"]}
    assert by_host[BASE]["dir"] == by_host[f"www.{BASE}"]["dir"] == "www"
    assert by_host[BASE]["sha256"] == by_host[f"www.{BASE}"]["sha256"]
    # Independent of the inode cache: a plain hash of every file's relative path and content.
    for site in manifest["sites"]:
        folder = built_all.site_dir / site["dir"]
        files = sorted((f.relative_to(folder).as_posix(), f) for f in folder.rglob("*") if f.is_file())
        total = hashlib.sha256()
        for rel, path in files:
            total.update(rel.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
        assert (site["sha256"], site["files"]) == (total.hexdigest(), len(files)), site["host"]


def test_the_hash_follows_the_content_not_the_inodes_and_is_fast(built_all, tmp_path):
    """A copy without hard links hashes the same; one changed byte changes that site only."""
    manifest = load(built_all)
    copy = tmp_path / "site"
    shutil.copytree(built_all.site_dir, copy)  # no hard links: every file its own inode
    subdomains = {s["dir"]: s["host"].split(".")[0] for s in manifest["sites"]}
    start = time.perf_counter()
    hasher = publish.TreeHasher()
    fresh = publish.manifest(built_all.site_dir, built_all, subdomains, hasher)
    seconds = time.perf_counter() - start
    assert fresh == manifest
    assert seconds < 5, f"manifest of all sites took {seconds:.2f} s"
    assert publish.manifest(copy, built_all, subdomains) == manifest
    page = copy / "zeeland" / "contact" / "index.html"
    page.write_bytes(page.read_bytes().replace(b"</body>", b" </body>"))
    assert publish.changed_hosts(manifest, publish.manifest(copy, built_all, subdomains)) == [f"zeeland.{BASE}"]


def test_the_base_domain_is_one_setting(built_all):
    other = Project(root=built_all.root, base_domain="werkcentrum.test", site_dir=built_all.site_dir, build_dir=built_all.build_dir)
    regions = {p.stem: p.stem for p in other.regions_dir.glob("*.yaml")}
    hosts = {s["host"] for s in publish.manifest(other.site_dir, other, regions)["sites"]}
    assert {"www.werkcentrum.test", "werkcentrum.test", "brandbook.werkcentrum.test", "twente.werkcentrum.test"} <= hosts


def test_a_region_is_published_on_its_own_subdomain(small_project):
    region = small_project.regions_dir / "twente.yaml"
    region.write_text(region.read_text(encoding="utf-8") + "\nsubdomein: tw\n", encoding="utf-8")
    build(small_project)
    by_host = {s["host"]: s["dir"] for s in load(small_project)["sites"]}
    assert by_host[f"tw.{BASE}"] == "twente"
    assert f"twente.{BASE}" not in by_host
    assert "Sitemap: https://tw.werkcentrum.nl/sitemap.xml" in (small_project.site_dir / "twente" / "robots.txt").read_text()


# --- --changed-since --------------------------------------------------------------------------------------------


def test_changed_since_lists_exactly_the_hosts_whose_files_changed(small_project, tmp_path):
    assert build(small_project).built
    old = tmp_path / "old.json"
    shutil.copy(small_project.site_dir / "publish.json", old)
    before = folder_contents(small_project.site_dir)

    result = cli(small_project, "publish", "--changed-since", str(old))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # nothing changed

    region = small_project.regions_dir / "drenthe.yaml"
    region.write_text(region.read_text(encoding="utf-8").replace("naam: Drenthe\n", "naam: Drenthe en Omstreken\n"), encoding="utf-8")
    assert "drenthe" in build(small_project).built
    after = folder_contents(small_project.site_dir)
    result = cli(small_project, "publish", "--changed-since", str(old))
    assert result.returncode == 0, result.stderr
    listed = result.stdout.split()
    assert listed == hosts_of_changed_folders(before, after, load(small_project), json.loads(old.read_text()))
    assert listed == sorted([f"drenthe.{BASE}", f"www.{BASE}", BASE, f"brandbook.{BASE}"])


def test_a_rebuild_of_unchanged_content_lists_nothing(small_project, tmp_path):
    build(small_project)
    old = tmp_path / "old.json"
    shutil.copy(small_project.site_dir / "publish.json", old)
    region = small_project.regions_dir / "zeeland.yaml"
    region.write_text(region.read_text(encoding="utf-8") + "\n# alleen een opmerking\n", encoding="utf-8")
    assert "zeeland" in build(small_project).built  # rebuilt, but the same files
    assert cli(small_project, "publish", "--changed-since", str(old)).stdout == ""


def test_a_removed_region_is_listed_as_changed(small_project, tmp_path):
    build(small_project)
    old = tmp_path / "old.json"
    shutil.copy(small_project.site_dir / "publish.json", old)
    (small_project.regions_dir / "zeeland.yaml").unlink()
    build(small_project)
    listed = cli(small_project, "publish", "--changed-since", str(old)).stdout.split()
    assert f"zeeland.{BASE}" in listed
    assert f"twente.{BASE}" not in listed and f"drenthe.{BASE}" not in listed


def test_publish_without_changed_since_lists_every_host(built_all):
    result = cli(built_all, "publish", "--site-dir", str(built_all.site_dir))
    assert result.returncode == 0
    assert len(result.stdout.split()) == 38


def test_a_missing_old_manifest_is_a_dutch_error_not_a_traceback(built_all, tmp_path):
    result = cli(built_all, "publish", "--site-dir", str(built_all.site_dir), "--changed-since", str(tmp_path / "weg.json"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "bestaat niet" in result.stderr
    (tmp_path / "kapot.json").write_text("{", encoding="utf-8")
    result = cli(built_all, "publish", "--site-dir", str(built_all.site_dir), "--changed-since", str(tmp_path / "kapot.json"))
    assert result.returncode == 1 and "onleesbaar" in result.stderr


# --- the manifest always describes the tree next to it -------------------------------------------------------


def test_a_failed_build_keeps_the_manifest_of_the_sites_that_are_live(small_project):
    build(small_project)
    manifest_before = (small_project.site_dir / "publish.json").read_bytes()
    page = small_project.base_dir / "pages" / "werkgevers.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{% if regio.slug == "zeeland" %}{{ regio.bestaat_niet }}{% endif %}\n', encoding="utf-8")
    with pytest.raises(UserError):
        build(small_project, jobs=2)
    assert (small_project.site_dir / "publish.json").read_bytes() == manifest_before
    subdomains = {s["dir"]: s["host"].split(".")[0] for s in load(small_project)["sites"]}
    assert publish.manifest(small_project.site_dir, small_project, subdomains) == json.loads(manifest_before)


def test_a_partial_build_and_a_broken_region_keep_every_host_in_the_manifest(small_project):
    build(small_project)
    hosts = {s["host"] for s in load(small_project)["sites"]}
    build(small_project, only={"twente"})
    assert {s["host"] for s in load(small_project)["sites"]} == hosts
    region = small_project.regions_dir / "drenthe.yaml"
    region.write_text(region.read_text(encoding="utf-8") + "\nonbekend_veld: 1\n", encoding="utf-8")
    zeeland = small_project.regions_dir / "zeeland.yaml"
    zeeland.write_text(zeeland.read_text(encoding="utf-8").replace("naam: Zeeland\n", "naam: Zeeland Test\n"), encoding="utf-8")
    result = build(small_project, keep_going=True)
    assert "drenthe" in result.failed
    # The broken region's previous site stays online, on its host, and the manifest still describes it.
    assert {s["host"] for s in load(small_project)["sites"]} == hosts


# --- robots.txt, sitemap and security.txt ---------------------------------------------------------------------


def test_every_site_has_robots_txt_a_sitemap_on_its_own_host_and_security_txt(built_all):
    manifest = load(built_all)
    for site in manifest["sites"]:
        if site["host"] == BASE:
            continue
        host, folder = site["host"], built_all.site_dir / site["dir"]
        robots = (folder / "robots.txt").read_text(encoding="utf-8")
        assert robots == f"User-agent: *\nAllow: /\n\nSitemap: https://{host}/sitemap.xml\n"
        locs = [e.text for e in ET.parse(folder / "sitemap.xml").getroot().iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
        assert locs and all(loc.startswith(f"https://{host}/") for loc in locs), host
        fields = security_fields((folder / ".well-known" / "security.txt").read_text(encoding="utf-8"))
        assert fields["Contact"] == [f"mailto:security@{BASE}"]
        assert fields["Preferred-Languages"] == ["nl, en"]
        canonical = [f"https://{host}/.well-known/security.txt"] + ([f"https://{BASE}/.well-known/security.txt"] if site["dir"] == "www" else [])
        assert fields["Canonical"] == canonical
        [expires] = fields["Expires"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT00:00:00Z", expires)


def security_fields(text: str) -> dict[str, list[str]]:
    """RFC 9116 fields: ``Name: value`` lines, comments starting with #; every line ends with a newline."""
    assert text.endswith("\n")
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        if line.startswith("#") or not line:
            continue
        name, value = line.split(": ", 1)
        fields.setdefault(name, []).append(value)
    return fields


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "epoch,today,expires",
    [
        ("0", utc(2026, 12, 3), "2027-07-01"),  # local builds: the half-year of today
        ("", utc(2026, 3, 15), "2027-01-01"),
        ("0", utc(2030, 6, 30, 23, 59), "2031-01-01"),
        (str(int(utc(2026, 3, 15).timestamp())), utc(2026, 4, 1), "2027-01-01"),  # CI: the half-year of the epoch
        (str(int(utc(2026, 7, 1).timestamp())), utc(2026, 7, 1), "2027-07-01"),
        (str(int(utc(2031, 12, 31).timestamp())), utc(2026, 1, 1), "2032-07-01"),  # an epoch ahead of the clock
        (str(int(utc(2020, 1, 1).timestamp())), utc(2026, 8, 1), "2027-07-01"),  # an old epoch never expires early
        ("niet-een-getal", utc(2026, 2, 1), "2027-01-01"),
    ],
)
def test_security_txt_expires_at_least_half_a_year_after_the_build(monkeypatch, epoch, today, expires):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert publish.security_txt_expires(today).date().isoformat() == expires
    assert (publish.security_txt_expires(today) - today).days >= 182


def test_a_local_build_writes_an_expires_half_a_year_ahead_and_rebuilds_in_the_next_half_year(small_project, monkeypatch):
    """SOURCE_DATE_EPOCH=0 (a local build): Expires follows today's half-year, which is part of the fingerprint."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    build(small_project)
    fields = security_fields((small_project.site_dir / "twente" / ".well-known" / "security.txt").read_text())
    [expires] = fields["Expires"]
    ahead = datetime.fromisoformat(expires.replace("Z", "+00:00")) - datetime.now(timezone.utc)
    assert 182 <= ahead.days <= 366
    assert build(small_project).built == []
    monkeypatch.setattr(publish, "build_half_year", lambda today=None: publish.half_year_start(utc(2099, 1, 1)))
    assert "twente" in build(small_project).built
    fields = security_fields((small_project.site_dir / "twente" / ".well-known" / "security.txt").read_text())
    assert fields["Expires"] == ["2100-01-01T00:00:00Z"]


def test_security_txt_of_the_published_build_is_valid_for_half_a_year_at_least(monkeypatch):
    """CI builds with SOURCE_DATE_EPOCH from deploy/build-epoch.sh: the first day of the current half-year."""
    assert "deploy/build-epoch.sh" in (REPO / ".github" / "workflows" / "sites.yml").read_text(encoding="utf-8")
    epoch = subprocess.run(["bash", str(REPO / "deploy" / "build-epoch.sh")], capture_output=True, text=True, check=True)
    start = datetime.fromtimestamp(int(epoch.stdout), timezone.utc)
    now = datetime.now(timezone.utc)
    assert (start.month, start.day, start.hour) in ((1, 1, 0), (7, 1, 0)) and 0 <= (now - start).days < 184
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch.stdout.strip())
    assert 180 <= (publish.security_txt_expires() - now).days <= 366


# --- what publish and server-config accept -----------------------------------------------------------------------


def manifest_variants(good: dict) -> dict[str, dict | list]:
    """Old manifests that must be refused, each with a reason a CI engineer would recognise."""
    import copy

    def changed(change) -> dict:
        data = copy.deepcopy(good)
        change(data)
        return data

    first = lambda d: d["sites"][0]  # noqa: E731
    return {
        "ander-project": changed(lambda d: d.update(base_domain="example.org")),
        "andere-host": changed(lambda d: first(d).update(host="www.example.org")),
        "formaat-2": changed(lambda d: d.update(format=2)),
        "geen-formaat": changed(lambda d: d.pop("format")),
        "lijst": [good],
        "site-geen-object": changed(lambda d: d["sites"].append("www.werkcentrum.nl")),
        "veld-te-veel": changed(lambda d: first(d).update(extra=1)),
        "map-buiten": changed(lambda d: first(d).update(dir="../etc")),
        "host-met-spatie": changed(lambda d: first(d).update(host="a b.werkcentrum.nl")),
        "host-met-regeleinde": changed(lambda d: first(d).update(host="twente.werkcentrum.nl\n")),
        "controlesom": changed(lambda d: first(d).update(sha256="abc")),
        "aantal-tekst": changed(lambda d: first(d).update(files="3")),
    }


def test_changed_since_refuses_a_manifest_of_another_project_or_of_the_wrong_shape(built_all, tmp_path):
    good = load(built_all)
    for name, data in manifest_variants(good).items():
        old = tmp_path / f"{name}.json"
        old.write_text(json.dumps(data), encoding="utf-8")
        result = cli(built_all, "publish", "--site-dir", str(built_all.site_dir), "--changed-since", str(old))
        assert result.returncode == 1, name
        assert result.stdout == "", name  # no host list that CI could act on
        assert f"{old}: fout:" in result.stderr, (name, result.stderr)
        assert "Traceback" not in result.stderr and "software" not in result.stderr, name
    other = tmp_path / "ander-project.json"
    message = cli(built_all, "publish", "--site-dir", str(built_all.site_dir), "--changed-since", str(other)).stderr
    assert "hoort bij een ander project" in message and "'example.org'" in message and "'werkcentrum.nl'" in message
    version = cli(built_all, "publish", "--site-dir", str(built_all.site_dir), "--changed-since", str(tmp_path / "formaat-2.json"))
    assert "formaat 2" in version.stderr and "werkcentrum publish (zonder --changed-since)" in version.stderr


def test_changed_since_accepts_its_own_previous_manifest(built_all, tmp_path):
    old = tmp_path / "vorig.json"
    shutil.copy(built_all.site_dir / "publish.json", old)
    result = cli(built_all, "publish", "--site-dir", str(built_all.site_dir), "--changed-since", str(old))
    assert result.returncode == 0 and result.stdout == ""


@pytest.mark.parametrize(
    "args,message",
    [
        (["--listen", "80; include /etc/passwd"], "geen geldige poort"),
        (["--listen", "0"], "geen geldige poort"),
        (["--listen", "70000"], "geen geldige poort"),
        (["--listen", "127.0.0.1:"], "geen geldige poort"),
        (["--listen", ":80"], "geen adres"),
        (["--listen", "::1:80"], "geen geldig adres"),
        (["--listen", "[127.0.0.1]:80"], "geen geldig adres"),
        (["--listen", "web server:80"], "geen geldig adres"),
        (["--listen", "127.0.0.1:80", "--tls", "/etc/ssl/wc", "--redirect-listen", "80 default_server"], "geen geldige poort"),
        (["--root", "site"], "geen absoluut pad"),
        (["--root", "/srv/site; autoindex on"], "tekens als ;"),
        (["--root", "/srv/mijn site"], "spaties"),
        (["--root", "/srv/../etc"], "'..'"),
        (["--root", "/srv/site\n"], "spaties"),
        (["--tls", "certs"], "geen absoluut pad"),
    ],
)
def test_server_config_refuses_listen_and_root_values_that_would_break_the_configuration(built_all, args, message):
    base = {"--root": "/srv/werkcentrum/site"}
    for option, value in zip(args[::2], args[1::2]):
        base[option] = value
    flat = [item for pair in base.items() for item in pair]
    result = cli(built_all, "server-config", "nginx", "--site-dir", str(built_all.site_dir), *flat)
    assert result.returncode == 1, result.stdout[:200]
    assert result.stdout == ""
    assert message in result.stderr and "verwacht:" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("listen", ["80", "8080", "127.0.0.1:8080", "[::1]:8443", "*:80", "localhost:80"])
def test_server_config_accepts_the_usual_listen_values(built_all, listen):
    result = cli(built_all, "server-config", "nginx", "--site-dir", str(built_all.site_dir), "--root", "/srv/site", "--listen", listen)
    assert result.returncode == 0, result.stderr
    assert f"    listen {listen};" in result.stdout.splitlines()
    assert "    root /srv/site/www;" in result.stdout.splitlines()  # a path on the server: taken as written


def test_server_config_refuses_a_tampered_manifest(small_project):
    build(small_project)
    path = small_project.site_dir / "publish.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["sites"][0]["dir"] = "../../etc"
    path.write_text(json.dumps(data), encoding="utf-8")
    result = cli(small_project, "server-config", "nginx", "--root", "/srv/site")
    assert result.returncode == 1 and result.stdout == ""
    assert "ongeldige map" in result.stderr

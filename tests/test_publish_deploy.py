"""deploy/deploy.sh with real rsync into local folders: dry run, only the given hosts, never a half-updated host."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO
from generator import publish
from generator.project import Project

DEPLOY = REPO / "deploy" / "deploy.sh"
pytestmark = pytest.mark.skipif(
    shutil.which("rsync") is None, reason="rsync ontbreekt: installeer het met 'apt-get install rsync' (dat doet .ci/run)"
)


def write_site(site: Path, version: str, extra: dict[str, bytes] | None = None) -> None:
    """Three small sites and their publish.json, as a build leaves them."""
    if site.exists():
        shutil.rmtree(site)
    for key in ("www", "twente", "brandbook"):
        (site / key / "assets").mkdir(parents=True)
        (site / key / "index.html").write_text(f"<title>{key} {version}</title>", encoding="utf-8")
        (site / key / "assets" / f"main.{version}.css").write_text("body{}", encoding="utf-8")
        (site / key / ".well-known").mkdir()
        (site / key / ".well-known" / "security.txt").write_text("Contact: mailto:x@example.org\n", encoding="utf-8")
    for name, data in (extra or {}).items():
        (site / "twente" / name).write_bytes(data)
    project = Project(root=REPO, site_dir=site)
    data = publish.manifest(site, project, {"twente": "twente"})
    (site / "publish.json").write_text(json.dumps(data), encoding="utf-8")


def deploy(site: Path, *hosts: str, stdin: str | None = None, **env) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DEPLOY_")}
    environment.update(SITE_DIR=str(site), **env)
    return subprocess.run(["bash", str(DEPLOY), *hosts], input=stdin, capture_output=True, text=True, env=environment)


def visible_tree(root: Path) -> dict[str, bytes]:
    """What the generated nginx configuration serves: no hidden files (rsync's unfinished ones) but .well-known."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not any(part.startswith(".") and part != ".well-known" for part in p.relative_to(root).parts)
    }


@pytest.fixture
def site(tmp_path) -> Path:
    write_site(tmp_path / "site", "11111111")
    return tmp_path / "site"


def test_without_a_target_it_is_a_dry_run_that_changes_nothing(site, tmp_path):
    result = deploy(site, "twente.werkcentrum.nl", "werkcentrum.nl")
    assert result.returncode == 0, result.stderr
    assert "proefdraai: twente.werkcentrum.nl <- " in result.stdout
    assert "proefdraai: werkcentrum.nl <- " in result.stdout and "/www/" in result.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_hosts_from_publish_go_each_to_their_own_folder(site, tmp_path):
    hosts = subprocess.run(
        ["python3", "-m", "generator.cli", "publish", "--site-dir", str(site)],
        cwd=REPO, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True,
    ).stdout
    live = tmp_path / "live"
    result = deploy(site, stdin=hosts, DEPLOY_TARGET=f"{live}/{{host}}/")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in live.iterdir()) == sorted(hosts.split())
    for entry in json.loads((site / "publish.json").read_text())["sites"]:
        assert visible_tree(live / entry["host"]) == visible_tree(site / entry["dir"]), entry["host"]
    assert (live / "twente.werkcentrum.nl" / ".well-known" / "security.txt").is_file()


def test_only_the_given_hosts_are_touched_and_removed_files_go(site, tmp_path):
    live = tmp_path / "live"
    assert deploy(site, "twente.werkcentrum.nl", "www.werkcentrum.nl", DEPLOY_TARGET=f"{live}/{{host}}").returncode == 0
    www_before = visible_tree(live / "www.werkcentrum.nl")
    write_site(site, "22222222")
    result = deploy(site, stdin="twente.werkcentrum.nl\n\n", DEPLOY_TARGET=f"{live}/{{host}}")
    assert result.returncode == 0, result.stderr
    assert visible_tree(live / "twente.werkcentrum.nl") == visible_tree(site / "twente")
    assert not (live / "twente.werkcentrum.nl" / "assets" / "main.11111111.css").exists()
    assert visible_tree(live / "www.werkcentrum.nl") == www_before
    assert not any(live.rglob(".~tmp~"))


def test_a_folder_shared_by_two_hosts_is_sent_once(site, tmp_path):
    live = tmp_path / "live"
    result = deploy(site, "www.werkcentrum.nl", "werkcentrum.nl", DEPLOY_TARGET=f"{live}/site/{{dir}}/")
    assert result.returncode == 0, result.stderr
    assert "werkcentrum.nl: al gepubliceerd naar" in result.stdout
    assert sorted(p.name for p in (live / "site").iterdir()) == ["www"]


def test_a_transfer_that_breaks_off_leaves_the_live_host_as_it_was(site, tmp_path):
    live = tmp_path / "live"
    assert deploy(site, "twente.werkcentrum.nl", DEPLOY_TARGET=f"{live}/{{host}}").returncode == 0
    before = visible_tree(live / "twente.werkcentrum.nl")
    write_site(site, "33333333", extra={"groot.bin": os.urandom(3_000_000)})
    # A slow line that is cut after a second: rsync is killed halfway through the new version.
    broken = tmp_path / "rsync-cut-off"
    broken.write_text(f'#!/bin/sh\nexec timeout -s KILL 1 {shutil.which("rsync")} --bwlimit=200 "$@"\n', encoding="utf-8")
    broken.chmod(0o755)
    result = deploy(site, "twente.werkcentrum.nl", DEPLOY_TARGET=f"{live}/{{host}}", RSYNC=str(broken))
    assert result.returncode != 0
    assert visible_tree(live / "twente.werkcentrum.nl") == before
    # The next run completes and cleans up.
    assert deploy(site, "twente.werkcentrum.nl", DEPLOY_TARGET=f"{live}/{{host}}").returncode == 0
    assert visible_tree(live / "twente.werkcentrum.nl") == visible_tree(site / "twente")
    assert not any((live / "twente.werkcentrum.nl").rglob(".~tmp~"))
    assert not [p for p in (live / "twente.werkcentrum.nl").iterdir() if p.name.startswith(".groot")]


def test_nothing_to_publish_unknown_and_invalid_hosts(site, tmp_path):
    live = tmp_path / "live"
    result = deploy(site, stdin="", DEPLOY_TARGET=f"{live}/{{host}}")
    assert result.returncode == 0 and "niets te publiceren" in result.stdout
    result = deploy(site, "weg.werkcentrum.nl", DEPLOY_TARGET=f"{live}/{{host}}")
    assert result.returncode == 0 and "staat niet meer in" in result.stderr
    assert not live.exists()  # a removed region's live files are never deleted automatically
    for bad in ("../etc", "twente.werkcentrum.nl/..", "x y", ".."):
        result = deploy(site, bad, DEPLOY_TARGET=f"{live}/{{host}}")
        assert result.returncode == 1 and "geen geldige hostnaam" in result.stderr, bad
    assert not live.exists()


def test_a_missing_manifest_stops_before_anything_is_sent(tmp_path):
    result = deploy(tmp_path / "leeg", "twente.werkcentrum.nl", DEPLOY_TARGET=str(tmp_path / "live" / "{host}"))
    assert result.returncode == 1 and "publish.json ontbreekt" in result.stderr
    assert not (tmp_path / "live").exists()


def test_an_ssh_key_from_the_environment_is_used_with_host_checking_and_removed(site, tmp_path):
    """The key reaches ssh through rsync -e and is deleted afterwards; recorded by a stand-in for rsync."""
    record = tmp_path / "args"
    fake = tmp_path / "rsync-record"
    fake.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {record}\ncat "$(printf "%s" "$*" | sed -n "s/.*-i \\([^ ]*\\) .*/\\1/p")" >> {record}\n', encoding="utf-8")
    fake.chmod(0o755)
    result = deploy(
        site, "twente.werkcentrum.nl",
        DEPLOY_TARGET="deploy@web.example.nl:/srv/werkcentrum/site/{dir}/",
        DEPLOY_SSH_KEY="-----BEGIN OPENSSH PRIVATE KEY-----\ngeheim\n-----END OPENSSH PRIVATE KEY-----",
        DEPLOY_KNOWN_HOSTS="web.example.nl ssh-ed25519 AAAA",
        RSYNC=str(fake),
    )
    assert result.returncode == 0, result.stderr
    args = record.read_text()
    assert "StrictHostKeyChecking=yes" in args and "deploy@web.example.nl:/srv/werkcentrum/site/twente/" in args
    assert "geheim" in args  # the key file existed while rsync ran ...
    key_file = args.split("-i ", 1)[1].split(" ", 1)[0]
    assert not Path(key_file).exists()  # ... and is gone now
    assert "--delay-updates" in args and "--delete-delay" in args

"""Small builds after a one-region change: sites whose plan did not change are not rendered again, and a
forked helper readies the engine while the regions are checked (``generator.build.Helper``)."""

from __future__ import annotations

import multiprocessing
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import REPO
from generator import build as build_module
from generator import cache, render
from generator.build import build
from generator.diagnostics import UserError
from generator.escaping import Md
from generator.project import BRANDBOOK_KEY, NATIONAL_KEY, Project
from test_build_fast import assert_same_tree


def edit(project: Project, old: str, new: str, slug: str = "twente") -> None:
    path = project.regions_dir / f"{slug}.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


OPENING_TEXT = ("komt bij Schakel", "komt bij Schakel (nieuw adres volgt)")  # only on the region's own pages


def rebuilt_after(project: Project, rendered: list[str], old: str, new: str):
    """Build, make the edit, and build again with the spy ``rendered`` cleared in between."""
    build(project, jobs=1)
    edit(project, old, new)
    rendered.clear()
    return build(project, jobs=1)


@pytest.fixture
def rendered(monkeypatch) -> list[str]:
    """The keys of the sites rendered in this process (the build runs here with jobs=1)."""
    keys: list[str] = []
    original = render.render_site

    def spy(plan, *args, **kwargs):
        keys.append(plan.key)
        return original(plan, *args, **kwargs)

    monkeypatch.setattr(render, "render_site", spy)
    return keys


def test_a_site_whose_plan_did_not_change_is_not_rendered_and_equals_a_clean_build(small_project, rendered, tmp_path):
    result = rebuilt_after(small_project, rendered, *OPENING_TEXT)
    # The national site and the brandbook show names, addresses, inlooppunten.json, logos and the report, not
    # this text: their plans are the same, so they are not rendered.
    assert rendered == ["twente"]
    assert sorted(result.taken_over) == sorted({NATIONAL_KEY, BRANDBOOK_KEY})
    clean = small_project.with_paths(site_dir=tmp_path / "clean-site", build_dir=tmp_path / "clean-build")
    build(clean, jobs=1)
    for key in ("twente", NATIONAL_KEY, BRANDBOOK_KEY):
        assert_same_tree(small_project.site_dir / key, clean.site_dir / key)


def test_a_new_name_changes_the_brandbook_plan_and_the_brandbook_follows(small_project, rendered):
    result = rebuilt_after(small_project, rendered, "naam: Twente\n", "naam: Twente Noord\n")
    assert BRANDBOOK_KEY in rendered and BRANDBOOK_KEY not in result.taken_over
    regios = (small_project.site_dir / BRANDBOOK_KEY / "regios" / "index.html").read_text(encoding="utf-8")
    assert "Werkcentrum Twente Noord" in regios


def test_what_inlooppunten_json_holds_changes_the_national_plan_and_the_file_follows(small_project, rendered):
    """The national site's pages do not list inlooppunten, but its inlooppunten.json does."""
    import json

    result = rebuilt_after(small_project, rendered, "  - naam: Inlooppunt Tubbergen\n", "  - naam: Inlooppunt Tubbergen-Centrum\n")
    assert NATIONAL_KEY in rendered and NATIONAL_KEY not in result.taken_over
    data = json.loads((small_project.site_dir / NATIONAL_KEY / "inlooppunten.json").read_text(encoding="utf-8"))
    twente = next(r for r in data["regios"] if r["url"].startswith("https://twente."))
    assert "Inlooppunt Tubbergen-Centrum" in [p["naam"] for p in twente["inlooppunten"]]


def test_a_changed_brandbook_output_is_built_again_even_when_its_plan_is_the_same(small_project, rendered):
    build(small_project, jobs=1)
    page = small_project.site_dir / BRANDBOOK_KEY / "index.html"
    original = page.read_bytes()
    page.write_text("gewijzigd", encoding="utf-8")
    edit(small_project, *OPENING_TEXT)
    rendered.clear()
    result = build(small_project, jobs=1)
    assert BRANDBOOK_KEY in rendered and BRANDBOOK_KEY in result.built
    assert page.read_bytes() == original


def test_a_new_audit_changes_the_brandbook_plan(small_project, rendered):
    """The brandbook shows the latest audit: a new audit report is part of its plan."""
    build(small_project, jobs=1)
    audit = small_project.build_dir / cache.AUDIT_DIR
    audit.mkdir(parents=True, exist_ok=True)
    (audit / "notitie.txt").write_text("nieuw", encoding="utf-8")
    edit(small_project, *OPENING_TEXT)
    rendered.clear()
    build(small_project, jobs=1)
    assert BRANDBOOK_KEY in rendered


def test_every_site_plan_of_the_real_project_has_a_fingerprint(built_all):
    """Undigestable values make a site always render: none of the 37 real plans may hold one."""
    _, plans, _ = build_module.plan(built_all)
    prints = {p.key: cache.plan_fingerprint("shared", p) for p in plans}
    assert len(prints) == 37 and len(set(prints.values())) == 37


@dataclass(frozen=True)
class _Holder:
    value: object


def test_the_plan_fingerprint_tells_text_types_order_and_unknown_values_apart():
    def fp(value) -> str:
        return cache.plan_fingerprint("shared", _Holder(value))

    assert fp("a *b*") != fp(Md("a *b*"))  # escaped text and Markdown render differently
    assert fp({"a": 1, "b": 2}) != fp({"b": 2, "a": 1})  # templates loop in this order
    assert fp(Path("a")) != fp("a")
    assert fp(("x",)) == fp(("x",)) and fp(1) != fp("1") and fp(True) != fp(1)
    assert cache.plan_fingerprint("een", _Holder(1)) != cache.plan_fingerprint("twee", _Holder(1))
    with pytest.raises(cache.Undigestable, match="object"):
        fp(object())  # a value that does not say what it is made of never gets a fingerprint


def _children() -> list:
    return multiprocessing.active_children()


def test_a_small_build_with_the_helper_equals_a_clean_build(small_project, tmp_path):
    build(small_project, jobs=2)
    edit(small_project, "naam: Twente\n", "naam: Twente Noord\n")
    result = build(small_project, jobs=2)
    assert sorted(result.built) == sorted({"twente", NATIONAL_KEY, BRANDBOOK_KEY}) and result.taken_over == []
    clean = small_project.with_paths(site_dir=tmp_path / "clean-site", build_dir=tmp_path / "clean-build")
    build(clean, jobs=1)
    assert_same_tree(small_project.site_dir, clean.site_dir)
    assert _children() == []


def test_when_the_helper_dies_the_build_finishes_the_sites_itself(small_project, monkeypatch, tmp_path):
    build(small_project, jobs=2)
    original = build_module._helper_for
    killed = []

    def helper_that_dies(*args, **kwargs):
        helper = original(*args, **kwargs)
        if isinstance(helper, build_module.Helper):
            helper._process.kill()  # out of memory, killed by the system: before it built anything
            killed.append(helper)
        return helper

    monkeypatch.setattr(build_module, "_helper_for", helper_that_dies)
    edit(small_project, *OPENING_TEXT)
    result = build(small_project, jobs=2)
    assert killed, "the build used no helper"
    assert "twente" in result.built
    page = small_project.site_dir / "twente" / "inlooppunten" / "index.html"
    assert "nieuw adres volgt" in page.read_text(encoding="utf-8")
    clean = small_project.with_paths(site_dir=tmp_path / "clean-site", build_dir=tmp_path / "clean-build")
    build(clean, jobs=1)
    assert_same_tree(small_project.site_dir, clean.site_dir)
    assert _children() == []


def test_a_damaged_last_configuration_only_costs_the_head_start(small_project):
    """The helper readies the engine from the region's last staged mkdocs.yml; garbage there is no error."""
    build(small_project, jobs=2)
    (small_project.build_dir / "twente" / "mkdocs.yml").write_text("theme: [niet: goed\n", encoding="utf-8")
    edit(small_project, *OPENING_TEXT)
    result = build(small_project, jobs=2)
    assert "twente" in result.built
    assert "nieuw adres volgt" in (small_project.site_dir / "twente" / "inlooppunten" / "index.html").read_text(encoding="utf-8")


def test_a_region_error_stops_the_helper_and_keeps_the_old_sites(small_project):
    build(small_project, jobs=2)
    before = (small_project.site_dir / "twente" / "index.html").read_bytes()
    edit(small_project, "naam: Twente\n", "naam: Twente\nonbekend_veld: 1\n")
    with pytest.raises(UserError):
        build(small_project, jobs=2)
    assert _children() == []  # the helper did not outlive the failed build
    assert (small_project.site_dir / "twente" / "index.html").read_bytes() == before


def test_publish_json_after_a_small_build_is_what_hashing_every_site_gives(small_project):
    """A small build takes the untouched sites' hashes from the build state instead of reading them again."""
    import json

    from generator import publish

    build(small_project, jobs=2)
    edit(small_project, *OPENING_TEXT)
    build(small_project, jobs=2)
    written = json.loads((small_project.site_dir / publish.MANIFEST_NAME).read_text(encoding="utf-8"))
    subdomains = {"twente": "twente", "drenthe": "drenthe", "zeeland": "zeeland"}
    assert written == publish.manifest(small_project.site_dir, small_project, subdomains)
    state = json.loads((small_project.build_dir / cache.STATE_NAME).read_text(encoding="utf-8"))
    shas = {s["dir"]: s["sha256"] for s in written["sites"]}
    assert {key: entry["tree"].split(":")[0] for key, entry in state["sites"].items()} == shas


def test_the_engine_side_of_a_build_needs_no_region_models(tmp_path):
    """The helper is forked before the region models are imported, and imports only what running the engine
    on a staged site needs: with the models (pydantic, 0.2 s) it would no longer be ready in time."""
    import subprocess
    import sys

    code = (
        "import sys, pathlib\n"
        "from generator import build, publish\n"
        "from generator.engine import mkdocs\n"
        f"publish.write_extra_files(pathlib.Path({str(tmp_path)!r}), {{'robots.txt': b'x'}})\n"
        "mkdocs.held_log(); mkdocs.SiteBuilder()\n"
        "print(sorted(m for m in sys.modules if m.startswith(('generator.models', 'pydantic', 'jinja2'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert (tmp_path / "robots.txt").read_bytes() == b"x"

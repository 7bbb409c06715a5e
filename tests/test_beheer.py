"""`werkcentrum beheer`: the Decap CMS admin generated from the region model, driven in real Chromium against a
copy of the project, with decap-server as its local storage."""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import EXAMPLE_SLUG, REPO, copy_project, need_browser, stop_process
from generator.beheer import NATIONAL_FIELDS, cms_config, write_admin
from generator.models.region import INLOOPPUNT_STATUS, PARTNER_KINDS, Regio
from generator.yamlfile import parse_yaml


def yaml_data(text: str, path: Path):
    doc, problems = parse_yaml(text, path, path.name)
    assert not problems, problems
    return doc.data

NODE_MODULES = REPO / "node_modules"


def need_node_modules():
    if shutil.which("node") is None or not (NODE_MODULES / "decap-cms" / "dist" / "decap-cms.js").is_file():
        pytest.skip("node of de npm-pakketten ontbreken: voer 'make beheer' uit (dat doet make test)")


def example_copy(tmp_path: Path):
    """A copy of the project with the example region in its own folder, and the project's npm packages."""
    project = copy_project(tmp_path / "project", keep_regions=set())
    (project.root / "node_modules").symlink_to(NODE_MODULES, target_is_directory=True)
    return project.with_paths(regions_dir=project.root / "examples" / "regions")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def cli(project, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator.cli", *args],
        cwd=project.root, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )


# --- the configuration follows the model ---------------------------------------------------------------------------


def model_fields(model) -> dict[str, object]:
    return dict(model.model_fields)


def config_fields(project, example=True) -> list[dict]:
    region = project.root / "examples" / "regions" / f"{EXAMPLE_SLUG}.yaml"
    return cms_config(project, region)["collections"][0]["files"][0]["fields"]


def by_name(fields: list[dict]) -> dict[str, dict]:
    return {f["name"]: f for f in fields}


def test_every_model_field_is_in_the_form_with_its_required_flag(tmp_path):
    """Drift: a field added to, removed from or made required in the model changes the form, or this fails."""
    from generator.models.region import Contact, Inlooppunt, Melding, Partner, RegioPagina

    project = copy_project(tmp_path / "project", keep_regions=set())
    fields = by_name(config_fields(project))
    assert list(fields) == list(Regio.model_fields)
    nested = {"inlooppunten": Inlooppunt, "partners": Partner, "meldingen": Melding, "paginas": RegioPagina, "contact": Contact}
    for name, model in nested.items():
        sub = by_name(fields[name]["fields"])
        assert list(sub) == list(model.model_fields), name
        for field_name, info in model.model_fields.items():
            assert sub[field_name]["required"] is info.is_required(), f"{name}.{field_name}"
            assert sub[field_name].get("hint"), f"{name}.{field_name} has no Dutch hint"
    for name, info in Regio.model_fields.items():
        if name not in NATIONAL_FIELDS:
            assert fields[name]["required"] is info.is_required(), name
    assert {f["widget"] for f in fields.values() if f["name"] in nested} == {"list", "object"}
    partner = by_name(fields["partners"]["fields"])
    assert partner["soort"]["widget"] == "select" and partner["soort"]["options"] == list(PARTNER_KINDS)
    point = by_name(fields["inlooppunten"]["fields"])
    assert point["status"]["widget"] == "select" and point["status"]["options"] == list(INLOOPPUNT_STATUS)
    assert point["toelichting"]["widget"] == "markdown" and point["toelichting"]["modes"] == ["raw"]
    days = by_name(point["openingstijden"]["fields"])
    assert list(days) == list(Regio.model_fields["inlooppunten"].annotation.__args__[0].model_fields["openingstijden"].annotation.__args__[0].model_fields)
    assert set(by_name(fields["aanvullingen"]["fields"])) >= {"werkgevers", "inlooppunten"}


# Values typed into a form field, and whether the model takes them. The form's pattern must agree on each.
SAMPLES = {
    ("inlooppunten", "openingstijden", "maandag"): {
        "09:00-17:00": True, "9:00-17:00": False, "09.00-17.00": False, "gesloten": True, "Gesloten": False,
        "op afspraak": True, "09:00-12:00, 13:00-17:00": True, "24:00-25:00": False, "09:00–17:00": False,
    },
    ("partners", "website"): {
        "https://www.organisatie.nl/": True, "http://www.organisatie.nl/": False, "www.organisatie.nl": False,
        'https://a.nl/"><script>': False,
    },
    ("inlooppunten", "postcode"): {"1234 AB": True, "1234AB": False, "0123 AB": False},
    ("inlooppunten", "naam"): {"Werkplein Zuid": True, "<b>Werkplein</b>": False, "   ": False, "x" * 101: False},
    ("meldingen", "tot"): {"2026-04-27": True, "27-04-2026": False},
    ("paginas", "slug"): {"scholing-in-de-zorg": True, "Scholing": False},
}


def form_field(fields, path):
    field = by_name(fields)[path[0]]
    for name in path[1:]:
        field = by_name(field["fields"])[name]
    return field


@pytest.mark.parametrize("path", list(SAMPLES), ids=[".".join(p) for p in SAMPLES])
def test_form_patterns_agree_with_the_model(tmp_path, path):
    """The form refuses what the model refuses, with a Dutch message (patterns are ECMAScript and Python alike)."""
    project = copy_project(tmp_path / "project", keep_regions=set())
    field = form_field(config_fields(project), path)
    pattern, message = field["pattern"]
    assert message and not re.search(r"\b(must|should|invalid)\b", message)
    for value, model_takes in SAMPLES[path].items():
        assert bool(re.search(pattern, value)) is model_takes, (value, pattern)


def test_config_is_written_by_a_serializer_and_the_page_escapes_the_name(tmp_path):
    need_node_modules()
    project = example_copy(tmp_path)
    region = project.regions_dir / f"{EXAMPLE_SLUG}.yaml"
    hostile = 'Voor"beeld <script>alert(1)</script> & \'regio\': {{x}}'
    region.write_text(region.read_text(encoding="utf-8").replace("naam: Voorbeeldregio", f"naam: {json.dumps(hostile)}"), encoding="utf-8")
    out = write_admin(project, region, tmp_path / "admin")
    page = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.title.string == f"Beheer van Werkcentrum {hostile}"
    assert not page.find_all("script", src=False), "no inline script"
    assert [s["src"] for s in page.find_all("script")] == ["werkcentrum-start.js", "decap-cms.js", "werkcentrum-beheer.js"]
    config = yaml.safe_load((out / "config.yml").read_text(encoding="utf-8"))
    assert config["collections"][0]["files"][0]["label"] == f"Werkcentrum {hostile}"
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nDisallow: /\n"


def _with_settings(project, lines: str) -> None:
    path = project.root / "pyproject.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n[tool.werkcentrum.beheer]\n" + lines, encoding="utf-8")


def test_gitlab_with_pkce_reaches_the_config_and_the_policy(tmp_path):
    from generator.beheer import production_csp

    need_node_modules()
    project = example_copy(tmp_path)
    _with_settings(
        project,
        'backend = "gitlab"\nrepo = "werkcentrum/sites"\nauth_type = "pkce"\napp_id = "4f1a9c"\n'
        'base_url = "https://gitlab.example.nl"\napi_root = "https://gitlab.example.nl/api/v4"\n',
    )
    done = cli(project, "beheer", "--bouw", "--regions", "examples/regions", "--uit", str(tmp_path / "uit"))
    assert done.returncode == 0, done.stderr
    config = yaml.safe_load((tmp_path / "uit" / EXAMPLE_SLUG / "config.yml").read_text(encoding="utf-8"))
    backend = config["backend"]
    assert (backend["name"], backend["auth_type"], backend["app_id"]) == ("gitlab", "pkce", "4f1a9c")
    assert backend["api_root"] == "https://gitlab.example.nl/api/v4"
    policy = dict(part.split(" ", 1) for part in production_csp(project).split("; "))
    # The admin fetches the API and, with PKCE, the token from that GitLab; GitHub is not in the policy.
    assert policy["connect-src"].split() == ["'self'", "blob:", "https://gitlab.com", "https://gitlab.example.nl"]
    assert "github" not in production_csp(project)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ('backend = "bitbucket"\n', "'github' of 'gitlab'"),
        ('base_url = "https://x.nl\\"; script-src *"\n', "een https-adres"),
        ('base_url = "http://auth.werkcentrum.nl"\n', "een https-adres"),
        ('backend = "gitlab"\napi_root = "https://[gitlab.example.nl/api/v4"\n', "het https-adres van de API"),
        ('repo = "werkcentrum sites"\n', "'organisatie/project'"),
        ('auth_type = "pkce"\napp_id = "x"\n', "alleen samen met backend = 'gitlab'"),
        ('backend = "gitlab"\nauth_type = "pkce"\n', "ook app_id"),
        ('kleur = "rood"\n', "een van: backend"),
    ],
)
def test_a_wrong_admin_setting_is_refused_in_dutch_and_the_last_admin_stays(tmp_path, lines, expected):
    need_node_modules()
    project = example_copy(tmp_path)
    out = tmp_path / "uit"
    assert cli(project, "beheer", "--bouw", "--regions", "examples/regions", "--uit", str(out)).returncode == 0
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    _with_settings(project, lines)
    for args in (("beheer", "--bouw", "--uit", str(out)), ("server-config", "nginx", "--root", "/srv/wc", "--beheer", "/srv/b")):
        done = cli(project, *args, "--regions", "examples/regions") if args[0] == "beheer" else cli(project, *args)
        assert done.returncode != 0 and "Traceback" not in done.stderr + done.stdout
        assert "pyproject.toml" in done.stderr and "[tool.werkcentrum.beheer]" in done.stderr and expected in done.stderr
        assert done.stdout == "" or "server {" not in done.stdout
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []  # no half-written folder left


def test_admin_ships_no_file_that_names_another_host_to_load(tmp_path):
    """Every file the admin page loads is in its own folder (the browser test also blocks every other host)."""
    need_node_modules()
    project = example_copy(tmp_path)
    out = write_admin(project, project.regions_dir / f"{EXAMPLE_SLUG}.yaml", tmp_path / "admin")
    page = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    for element in page.find_all(["script", "link"]):
        target = element.get("src") or element.get("href")
        assert "://" not in target and not target.startswith("//") and (out / target).is_file(), target
    assert not list(out.rglob("*.map")), "no source maps"


# --- the format keeps the file: every real region file survives a read and a write unchanged -------------------------


def node_format(folder: Path, script: str, *args: str) -> str:
    runner = (
        f"const m = await import({json.dumps((folder / 'werkcentrum-beheer.js').as_uri())});\n"
        "const fs = await import('node:fs');\n" + script
    )
    done = subprocess.run(["node", "--input-type=module", "-e", runner, *args], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_every_region_file_reads_and_writes_back_unchanged(tmp_path):
    need_node_modules()
    project = example_copy(tmp_path)
    out = write_admin(project, project.regions_dir / f"{EXAMPLE_SLUG}.yaml", tmp_path / "admin")
    files = [str(p) for p in sorted((REPO / "sites" / "regions").glob("*.yaml"))] + [str(project.regions_dir / f"{EXAMPLE_SLUG}.yaml")]
    changed = node_format(
        out,
        "for (const f of process.argv.slice(1)) { const t = fs.readFileSync(f, 'utf8');"
        " if (m.toFile(m.fromFile(t)) !== t) console.log(f); }",
        *files,
    )
    assert len(files) == 36 and changed == ""


# --- the real thing: Chromium, the admin, decap-server -------------------------------------------------------------


@pytest.fixture
def admin(tmp_path):
    need_node_modules()
    need_browser()
    project = example_copy(tmp_path)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "beheer", EXAMPLE_SLUG, "--regions", "examples/regions",
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root, env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    line = proc.stdout.readline()
    assert f"http://127.0.0.1:{port}/" in line, line + proc.stderr.read() if proc.poll() is not None else line
    try:
        yield project, f"http://127.0.0.1:{port}/"
    finally:
        stop_process(proc)


@pytest.fixture
def page(admin):
    from playwright.sync_api import sync_playwright

    from generator.audit.browser import LAUNCH_ARGS, find_chromium

    project, url = admin
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(find_chromium()), args=list(LAUNCH_ARGS))
        context = chromium.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.other_hosts = []  # every request to another host is refused and remembered
        page.problems = []  # CSP refusals and script errors

        def route(r):
            if r.request.url.startswith("http://127.0.0.1:"):
                r.continue_()
            else:
                page.other_hosts.append(r.request.url)
                r.abort()

        context.route("**/*", route)
        page.errors = []  # uncaught script errors
        page.on("console", lambda m: page.problems.append(m.text) if "Content Security Policy" in m.text else None)
        page.on("pageerror", lambda e: page.errors.append(str(e)))
        page.goto(url)
        page.get_by_role("button", name="Inloggen").click()
        page.goto(url + f"#/collections/regio/entries/{EXAMPLE_SLUG}")
        page.get_by_text("Inlooppunt Testhoven").first.wait_for()
        yield project, url, page
        chromium.close()


def list_item(page, summary: str | None = None, field: str | None = None):
    """A list item of the form, by its summary (the name shown while folded) or by one of its fields."""
    items = page.locator("[class*='listControlItem']")
    return items.filter(has=page.get_by_text(summary, exact=True)) if summary else items.filter(has=page.get_by_label(field))


def retype(field, value: str) -> None:
    """Replace a field's text as a person does: click, select all, type. (Playwright's fill selects before the
    field has focus; Decap's text field then puts the cursor back at the end and the text is added, not replaced.)"""
    field.click()
    field.press("Control+a")
    field.page.keyboard.insert_text(value)


def unfold(item):
    item.locator("button").first.click()  # the chevron of Decap's list item (it has no name: see the report)


def save(page):
    page.get_by_role("button", name=re.compile("Publiceer|Publiceren")).first.click()
    page.get_by_text("Publiceer nu", exact=True).click()


def test_change_hours_and_add_a_partner_through_the_form(page):
    project, url, page = page
    region = project.regions_dir / f"{EXAMPLE_SLUG}.yaml"
    before = region.read_text(encoding="utf-8")
    header = before.splitlines()[0]

    testhoven = list_item(page, "Inlooppunt Testhoven")
    unfold(testhoven)
    woensdag = testhoven.get_by_label("Woensdag")
    retype(woensdag, "9:00-17:00")

    page.get_by_role("button", name=re.compile("Voeg partner toe")).click()
    partner = list_item(page, field="Soort").last
    retype(partner.get_by_label("Naam"), "Bibliotheek Testhoven")
    partner.get_by_label("Soort").click()
    page.get_by_role("option", name="overig", exact=True).click()
    website = partner.get_by_label("Website")
    retype(website, "http://www.bibliotheek-testhoven.example/")
    save(page)
    # Refused in the form, with the Dutch message of each rule; nothing is written.
    page.get_by_text(re.compile("Schrijf een tijdvak als 09:00-17:00")).first.wait_for()
    page.get_by_text(re.compile("Een webadres begint met https://")).first.wait_for()
    assert region.read_text(encoding="utf-8") == before
    # Decap answers a refused save with a rejected promise without a reason; that is the only script error allowed.
    assert set(page.errors) <= {"undefined"}, page.errors
    page.errors.clear()

    retype(woensdag, "10:00-12:00, 13:00-15:00")
    retype(website, "https://www.bibliotheek-testhoven.example/")
    save(page)
    deadline = time.monotonic() + 90  # Decap, decap-server and git on a loaded CI machine with two cores
    while region.read_text(encoding="utf-8") == before:
        assert time.monotonic() < deadline, "the admin never saved the file"
        time.sleep(0.2)
    time.sleep(0.5)
    after = region.read_text(encoding="utf-8")

    # Exactly those changes: the data is the old data plus the new hours and the new partner...
    old, new = yaml_data(before, region), yaml_data(after, region)
    old["inlooppunten"][2]["openingstijden"]["woensdag"] = ["10:00-12:00", "13:00-15:00"]
    old["partners"].append(
        {"naam": "Bibliotheek Testhoven", "soort": "overig", "website": "https://www.bibliotheek-testhoven.example/"}
    )
    assert new == old
    # ...and the file is the adviser's file still: header, comments and layout kept, only those lines new.
    assert after.splitlines()[0] == header
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
        line for line in after.splitlines() if line.lstrip().startswith("#")
    ]
    import difflib

    diff = [l for l in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0) if l[:1] in "+-" and l[:3] not in ("+++", "---")]
    assert diff == [
        '+      woensdag: ["10:00-12:00", "13:00-15:00"]',
        "+  - naam: Bibliotheek Testhoven",
        "+    soort: overig",
        "+    website: https://www.bibliotheek-testhoven.example/",
    ]
    # A day that was not in the file goes where the model has it: between dinsdag and donderdag.
    lines = after.splitlines()
    at = lines.index('      woensdag: ["10:00-12:00", "13:00-15:00"]')
    assert lines[at - 1].strip().startswith("dinsdag:") and lines[at + 1].strip().startswith("donderdag:")

    assert page.other_hosts == [] and page.problems == [] and page.errors == []

    check = cli(project, "check", "--regions", "examples/regions")
    assert check.returncode == 0, check.stdout + check.stderr
    build = cli(project, "build", "--regions", "examples/regions", "--regio", EXAMPLE_SLUG)
    assert build.returncode == 0, build.stderr
    site = project.root / "site" / EXAMPLE_SLUG
    partners = BeautifulSoup((site / "partners" / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = partners.find("a", string=re.compile("Bibliotheek Testhoven"))
    assert link is not None and link["href"] == "https://www.bibliotheek-testhoven.example/"
    points = BeautifulSoup((site / "inlooppunten" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "woensdag 10.00 tot 12.00 en 13.00 tot 15.00 uur" in " ".join(points.get_text(" ").split())


# --- accessibility: our own pages must pass axe; the CMS's own interface is reported --------------------------------


def _without_javascript(html: str) -> str:
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.S | re.I)
    return re.sub(r"</?noscript\b[^>]*>", "", html, flags=re.I)


def _local_only(route, origin: str, js: bool, other_hosts: list) -> None:
    """Only our own host answers; with ``js`` off, HTML pages come without their scripts."""
    url = route.request.url
    if not url.startswith(origin):
        other_hosts.append(url)
        route.abort()
    elif js or route.request.resource_type != "document":
        route.continue_()
    else:
        response = route.fetch()
        route.fulfill(response=response, body=_without_javascript(response.text()))


def run_axe(page) -> list[dict]:
    """axe-core with the audit's rules and Dutch texts on the open page."""
    from generator.audit.runner import AXE_TAGS, init_script

    page.evaluate(init_script())
    found = page.evaluate("t => axe.run(document, {runOnly: {type: 'tag', values: t}})", list(AXE_TAGS))
    return [
        {"rule": v["id"], "impact": v["impact"], "message": v["help"], "element": " ".join(map(str, n["target"]))}
        for v in found["violations"]
        for n in v["nodes"]
    ]


@pytest.fixture(scope="module")
def admin_host(tmp_path_factory):
    """The admin host as ``werkcentrum beheer --bouw`` writes it, for the example region, on a static server."""
    need_node_modules()
    need_browser()
    from conftest import static_server
    from generator.beheer import build_admins

    tmp = tmp_path_factory.mktemp("beheer")
    project = example_copy(tmp)
    out = tmp / "site-beheer"
    build_admins(project, out)
    with static_server(out) as origin:
        yield out, origin


def test_axe_finds_nothing_on_our_own_admin_pages_and_reports_the_cms(admin_host, capsys):
    from playwright.sync_api import sync_playwright

    from generator.audit.browser import LAUNCH_ARGS, find_chromium

    out, origin = admin_host
    other_hosts = []
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(find_chromium()), args=list(LAUNCH_ARGS))
        try:
            for js in (True, False):
                # axe needs timers, which a page with JavaScript off never runs: the view without JavaScript is
                # the same HTML with its scripts left out and its <noscript> content shown.
                context = chromium.new_context()
                context.route("**/*", functools.partial(_local_only, origin=origin, js=js, other_hosts=other_hosts))
                page = context.new_page()
                # Our own pages: the host's first page, and a region's admin without JavaScript.
                page.goto(origin + "/")
                assert page.get_by_role("link", name="Werkcentrum Voorbeeldregio").count() == 1
                assert run_axe(page) == [], "first page"
                if not js:
                    page.goto(origin + f"/{EXAMPLE_SLUG}/")
                    assert page.get_by_role("heading", name="Beheer van Werkcentrum Voorbeeldregio").is_visible()
                    assert run_axe(page) == [], "admin without JavaScript"
                else:
                    # Decap's own interface: its login screen. Reported, not failed: we do not own its markup.
                    page.goto(origin + f"/{EXAMPLE_SLUG}/")
                    page.get_by_role("button", name=re.compile("Inloggen")).wait_for()
                    found = run_axe(page)
                    with capsys.disabled():
                        print(f"\naxe op het inlogscherm van Decap CMS (gemeld, niet fout): {len(found)} punten")
                        for v in found:
                            print(f"  {v['rule']} ({v['impact']}): {v['message']} — {v['element']}")
                context.close()
        finally:
            chromium.close()
    assert other_hosts == []

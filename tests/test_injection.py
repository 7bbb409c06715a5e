"""Region text is data: a corpus of injection attempts through every field, into every output.

Each case puts one hostile value into one field of a region file. It must be either refused by ``check`` with an
error at that field's line, or accepted and inert: the built HTML of the regional site, the national site and the
brandbook, parsed, has no event handler attribute, no ``javascript:``/``vbscript:``/non-image ``data:`` URL, no
meta refresh, no inline script, no ``iframe``/``object``/``embed``/``base``; SVG logos have no script; and every
``server_name`` in the nginx configuration is a clean host name. Accepted plain text shows exactly as written.

The accepted cases are built once (module fixture): each hostile value goes into every plain-text field of one
fictional region. A last test opens the hostile-but-accepted pages in real Chromium served WITHOUT any security
header and records no dialog, no navigation away and no request to another host.
"""

from __future__ import annotations

import copy
import csv
import json
import re
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from conftest import copy_project, need_browser, soup, static_server
from generator import check, gemeenten, publish, serverconfig
from generator.build import build
from generator.escaping import is_host_name
from generator.models.region import known_regions
from generator.yamlfile import format_loc, load_yaml

# --- the cases ----------------------------------------------------------------------------------------------------

BASE = {
    "naam": "Injectieregio",
    "code": "AM05",
    "inlooppunten": [{"naam": "Inlooppunt", "gemeente": "Injectiestad"}],
    "partners": [{"naam": "Partner", "soort": "uwv"}],
    "paginas": [{"titel": "Extra", "slug": "extra", "inhoud": "Tekst.\n"}],
}

# Plain-text fields: every hostile value goes into all of them at once.
PLAIN_FIELDS = (
    ("naam",),
    ("centrumgemeente",),
    ("gemeenten", 0),
    ("inlooppunten", 0, "naam"),
    ("inlooppunten", 0, "gemeente"),
    ("inlooppunten", 0, "adres"),
    ("inlooppunten", 0, "plaats"),
    ("partners", 0, "naam"),
    ("paginas", 0, "titel"),
)

# Accepted as text: each shows literally, and nothing in it becomes markup.
PLAIN_INERT = {
    "aanhalingstekens": 'Naam "met" aanhalingstekens',
    "attribuut-uitbraak": 'x" onmouseover="alert(1)" y="',
    "enkel-aanhalingsteken": "x' onfocus='alert(1)",
    "md-link": "[klik](javascript:alert(1))",
    "md-afbeelding": "![x](https://evil.example/t.png)",
    "md-nadruk": "*vet* _schuin_ `code`",
    "attribuutlijst": '{: onclick="alert(1)" }',
    "attribuutlijst-accolade": "tekst {: #x .y onclick=z}",
    "jinja": "{{ 7*7 }} {% raw %}",
    "entiteiten": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "kleiner-dan": "A <= B > C",
    "tabelstreep": "a | b | c",
    "kop": "# Kop",
    "lijst": "- lijst",
    "nummering": "1. eerste",
    "citaat": "> citaat",
    "webadres": "https://evil.example/",
    "procent": "%3Cscript%3Ealert(1)%3C/script%3E",
    "backslash": "a\\b\\\\c",
    "definitie": ": definitie",
    "ampersand": "A & B &amp; C",
}

# Refused as text: HTML, line breaks and invisible control characters.
PLAIN_REFUSED = {
    "script": "<script>alert(1)</script>",
    "img": "<img src=x onerror=alert(1)>",
    "meta-refresh": '"><meta http-equiv="refresh" content="0;url=https://evil.example/">',
    "svg": "<svg onload=alert(1)>",
    "title-sluiten": "</title><script>alert(1)</script>",
    "commentaar": "<!-- x -->",
    "regelovergang": "regel\nregel",
    "bidi-override": "abc\u202edcba",
    "bidi-isolate": "abc\u2066dcba",
    "php": "<?php echo 1; ?>",
}

MARKDOWN_FIELDS = (("inlooppunten", 0, "toelichting"), ("paginas", 0, "inhoud"), ("aanvullingen", "werkgevers"))

MARKDOWN_REFUSED = {
    "script": "Tekst <script>alert(1)</script>",
    "img-onerror": "<img src=x onerror=alert(1)>",
    "iframe": "<iframe src=https://evil.example/></iframe>",
    "html-link": '<a href="javascript:alert(1)">x</a>',
    "javascript": "[x](javascript:alert(1))",
    "javascript-hoofdletters": "[x](JaVaScRiPt:alert(1))",
    "javascript-entiteit": "[x](java&#115;cript:alert(1))",
    "javascript-spaties": "[x]( javascript:alert(1) )",
    "vbscript": "[x](vbscript:msgbox(1))",
    "data-html": "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "http": "[x](http://evil.example/)",
    "protocol-relatief": "[x](//evil.example/)",
    "externe-afbeelding": "![x](https://evil.example/pixel.png)",
    "data-afbeelding": "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    "referentie": "[x][r]\n\n[r]: javascript:alert(1)",
    "referentie-ongebruikt": "Tekst.\n\n[r]: javascript:alert(1)",
    "referentie-in-citaat": "> [r]: javascript:alert(1)\n\n[x][r]",
    "referentie-in-lijst": "- [r]: javascript:alert(1)\n\n[x][r]",
    "attribuutlijst": 'Tekst\n{: onclick="alert(1)" }',
    "attribuutlijst-link": "[x](https://ok.example/){: onclick=alert(1) }",
    "attribuutlijst-accolades": '## Kop {: title="{x}" onclick=y }',
    "eigen-id": "## Kop { #__search }",
    "eigen-klasse": "## Kop { .md-header }",
    "eigen-melding": "!!! bogus\n    Tekst.",
    "autolink": "<javascript:alert(1)>",
    "haakje-open": "[" * 5000,
    "commentaar": "<!-- verborgen -->",
    "bidi": "Tekst \u202e omgekeerd",
}

MARKDOWN_INERT = {
    "opmaak": "**vet** en [link](https://www.example.org/pad_(1)) en *schuin*",
    "escaped-haak": "\\[x](javascript:alert(1))",
    "jinja": "{{ 7*7 }} {% raw %}",
    "entiteiten": "&lt;script&gt;alert(1)&lt;/script&gt;",
    "tabel": "| a | b |\n|:--|--:|\n| 1 | 2 |",
    "melding": '!!! tip "Let op"\n    Tekst.',
    "mail-en-tel": "[mail](mailto:a@example.org) en [bel](tel:+31201234567)",
    "interne-link": "[partners](../partners/)",
    "tekst-javascript": "Ter info: javascript:alert(1) als tekst.",
    "geneste-haken": "[[x](javascript:alert(1))](https://ok.example/)",
    "titel-aanhalingsteken": '[x](https://ok.example/ "titel\\" onclick=\\"y")',
}

URL_FIELDS = (("partners", 0, "website"), ("contact", "website"))

URL_REFUSED = {
    "javascript": "javascript:alert(1)",
    "aanhalingsteken": 'https://x.example/"><script>alert(1)</script>',
    "html-in-pad": "https://x.example/<b>",
    "spatie": "https://x.example/a b",
    "http": "http://x.example/",
    "protocol-relatief": "//x.example/",
    "gebruiker": "https://user:pw@x.example/",
    "backslash": "https://x.example\\@evil.example/",
    "data": "data:text/html,<script>alert(1)</script>",
    "bidi": "https://x.example/\u202egnp.exe",
    "enkel-aanhalingsteken": "https://x.example'onmouseover=alert(1)",
    "vbscript": "vbscript:msgbox(1)",
    "geen-domein": "https://localhost/",
    "vreemde-host": "https://exa_mple.nl/",
}

URL_INERT = {
    "haakjes-en-query": "https://www.uwv.nl/a(b)c?q=1&r=2#f",
    "idn": "https://www.münchen.de/",
    "gecodeerd": "https://x.example/%22%3E%3Cscript%3E",
}

IDENTIFIER_REFUSED = {
    ("subdomein",): ["twente\n", "twente evil", "x.evil", "*", "twente;", "www", "beheer", "twente\u202e"],
    ("paginas", 0, "slug"): ["a\nb", "../x", 'a"b', "Extra", "a b"],
    ("paginas", 0, "bestand"): ["../../etc/passwd.md", "/etc/passwd.md", "a\n.md", "x.md\n", "x.md\u2066"],
    ("code",): ["AM05\n", "AM5", "AM05 "],
    ("inlooppunten", 0, "email"): ['a"b@x.example', "a@x.example\n", "<a@x.example>"],
    ("inlooppunten", 0, "telefoon"): ["053 123 4567<script>", "javascript:alert(1)"],
    ("inlooppunten", 0, "postcode"): ["7511 JM\n", "7511 JM<"],
}


@dataclass(frozen=True)
class Case:
    name: str
    loc: tuple
    value: str

    def region(self) -> dict:
        data = copy.deepcopy(BASE)
        if self.loc == ("paginas", 0, "bestand"):
            del data["paginas"][0]["inhoud"]
        _set(data, self.loc, self.value)
        if self.loc == ("centrumgemeente",):
            data["gemeenten"] = [self.value]
        if self.loc == ("gemeenten", 0) or self.loc == ("inlooppunten", 0, "gemeente"):
            data.setdefault("gemeenten", [None])[0] = self.value
            data["inlooppunten"][0]["gemeente"] = self.value
        return data


def _set(data, loc: tuple, value) -> None:
    for part in loc[:-1]:
        if isinstance(part, int):
            while len(data) <= part:
                data.append({})
            data = data[part]
        else:
            data = data.setdefault(part, [] if isinstance(loc[loc.index(part) + 1], int) else {})
    if isinstance(loc[-1], int):
        while len(data) <= loc[-1]:
            data.append(None)
    data[loc[-1]] = value


def _refused_cases() -> list[Case]:
    out = []
    for loc in PLAIN_FIELDS:
        out += [Case(f"{format_loc(loc)}-{name}", loc, v) for name, v in PLAIN_REFUSED.items()]
    for loc in MARKDOWN_FIELDS:
        out += [Case(f"{format_loc(loc)}-{name}", loc, v) for name, v in MARKDOWN_REFUSED.items()]
    for loc in URL_FIELDS:
        out += [Case(f"{format_loc(loc)}-{name}", loc, v) for name, v in URL_REFUSED.items()]
    for loc, values in IDENTIFIER_REFUSED.items():
        out += [Case(f"{format_loc(loc)}-{i}", loc, v) for i, v in enumerate(values)]
    return out


REFUSED = _refused_cases()


def write_region(path: Path, data: dict) -> None:
    """YAML written by a YAML library: the hostile value is data in the file too."""
    text = "# Injectietest: een verzonnen regio.\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=4096)
    path.write_text(text, encoding="utf-8")


def test_the_corpus_covers_at_least_80_cases_over_every_kind_of_field():
    inert = len(PLAIN_INERT) * len(PLAIN_FIELDS) + len(MARKDOWN_INERT) * len(MARKDOWN_FIELDS) + len(URL_INERT) * 2
    assert len(REFUSED) + inert >= 80
    assert {c.loc for c in REFUSED} >= {*PLAIN_FIELDS, *MARKDOWN_FIELDS, *URL_FIELDS}


# --- refused: an error at the field's line ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def refused_report(tmp_path_factory):
    """Every refused case in its own region file, checked in one run (rules between files are not the point)."""
    folder = tmp_path_factory.mktemp("geweigerd")
    project = copy_project(folder / "project", keep_regions=set())
    files = {}
    for index, case in enumerate(REFUSED):
        path = project.regions_dir / f"geval-{index:03d}.yaml"
        write_region(path, case.region())
        files[case] = path
    result = check.run(project, sorted(files.values()))
    return project, files, result.report


@pytest.mark.parametrize("case", REFUSED, ids=lambda c: c.name)
def test_a_hostile_value_is_refused_at_its_field_and_line(case: Case, refused_report):
    project, files, report = refused_report
    path = files[case]
    doc, _ = load_yaml(path)
    expected_path = format_loc(case.loc)
    errors = [d for d in report.errors if d.file == project.display(path)]
    if doc is None:  # refused while reading (a control character the YAML reader itself rejects)
        assert errors and errors[0].line is not None
        return
    first, last = _lines_of(doc, case.loc)
    if case.loc == ("paginas", 0, "bestand") and not errors:
        pytest.fail(f"{case.name}: accepted")
    shown = "\n".join(d.format() for d in errors)
    assert any(
        d.path.startswith(expected_path) and first <= (d.line or 0) <= last for d in errors
    ), f"{case.name}: no error at {expected_path} on lines {first}-{last}:\n{shown}"
    assert all(d.message and (d.expected or d.hint) for d in errors), shown  # Dutch, with what to do


def _lines_of(doc, loc) -> tuple[int, int]:
    line = doc.position(loc)[0]
    span = doc.spans.get(tuple(loc))
    if span is None:
        return line, line
    return line, doc.text.count("\n", 0, span[1]) + 1


def test_a_region_file_name_with_a_line_break_is_refused(tmp_path):
    project = copy_project(tmp_path / "project", keep_regions=set())
    path = project.regions_dir / "twente\n.yaml"
    write_region(path, BASE)
    report = check.run(project).report
    assert any(d.file == project.display(path) and "bestandsnaam" in d.message for d in report.errors)


# --- accepted: inert in every output ---------------------------------------------------------------------------------

CODES = sorted(code for code in known_regions() if code != "AM00")


def _inert_regions() -> dict[str, tuple[dict, dict]]:
    """slug -> (region data, {loc: value}): one region per plain value; Markdown and URL values spread over them."""
    regions = {}
    markdown = list(MARKDOWN_INERT.values())
    urls = list(URL_INERT.values())
    for index, (name, value) in enumerate(PLAIN_INERT.items()):
        data = copy.deepcopy(BASE)
        data["code"] = CODES[index]
        placed = {}
        for loc in PLAIN_FIELDS:
            _set(data, loc, value)
            placed[loc] = value
        data["gemeenten"] = [value]
        if index < len(markdown):
            for loc in MARKDOWN_FIELDS:
                _set(data, loc, markdown[index])
        if index < len(urls):
            for loc in URL_FIELDS:
                _set(data, loc, urls[index])
        regions[f"injectie-{name}"] = (data, placed)
    return regions


INERT = _inert_regions()


def _hostile_gemeente_table(path: Path) -> Path:
    """A national gemeente table whose gemeenten carry the hostile values: so they pass 'check' and reach the
    finder, the A-Z list and the map of the national site like any gemeente name."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["gemeentecode", "gemeentenaam", "regiocode", "regionaam"])
        for number, (data, _) in enumerate(INERT.values()):
            writer.writerow([f"GM{9000 + number}", data["gemeenten"][0], data["code"], data["naam"]])
    return path


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inert")
    project = copy_project(folder / "project", keep_regions=set())
    for slug, (data, _) in INERT.items():
        write_region(project.regions_dir / f"{slug}.yaml", data)
    # Only while checking and building: a module fixture's patch would stay on for the module's other tests.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(gemeenten.ENV_TABLE, str(_hostile_gemeente_table(folder / "gemeenten.csv")))
        report = check.run(project).report
        assert not report.errors, "\n".join(d.format() for d in report.errors)
        result = build(project, jobs=2)
    assert not result.failed
    return project


UNSAFE_URL = re.compile(r"^\s*(?:javascript|vbscript|data):", re.IGNORECASE)
FORBIDDEN = ("iframe", "object", "embed", "base", "frame", "frameset", "applet")


def html_problems(page) -> list[str]:
    found = []
    for tag in page.find_all(True):
        if tag.name in FORBIDDEN:
            found.append(f"<{tag.name}>")
        if tag.name == "meta" and str(tag.get("http-equiv", "")).lower() == "refresh":
            found.append("meta refresh")
        if tag.name == "script" and not tag.get("src") and tag.get("type") not in ("application/json", "application/ld+json"):
            found.append("inline script")
        for name, value in tag.attrs.items():
            if name.lower().startswith("on"):
                found.append(f"{name} on <{tag.name}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and UNSAFE_URL.match(str(value)):
                if not (tag.name == "img" and str(value).lower().startswith("data:image/")):
                    found.append(f"{name}={value!r}")
    return found


def test_no_page_of_any_site_holds_live_markup(hostile_build):
    pages = sorted(hostile_build.site_dir.rglob("*.html"))
    assert len(pages) > 100
    problems = {str(p.relative_to(hostile_build.site_dir)): html_problems(soup(p)) for p in pages}
    assert not {k: v for k, v in problems.items() if v}


def test_svg_logos_are_pure_drawings(hostile_build):
    svgs = sorted(hostile_build.site_dir.rglob("*.svg"))
    assert svgs
    for path in svgs:
        root = ElementTree.fromstring(path.read_bytes())  # well-formed XML: a quote in the name did not break it
        for element in root.iter():
            assert not element.tag.endswith("script"), path
            assert not any(name.lower().startswith("on") for name in element.attrib), path


def _visible_text(path: Path) -> str:
    return " ".join(soup(path).get_text(" ").split())


@pytest.mark.parametrize("slug", sorted(INERT), ids=str)
def test_plain_text_shows_exactly_as_written_in_every_output(slug, hostile_build):
    data, _ = INERT[slug]
    value = " ".join(data["naam"].split())
    site = hostile_build.site_dir
    home = soup(site / slug / "index.html")
    headings = [h.get_text(" ", strip=True).removesuffix(" ¶") for h in home.find_all("h2")]
    assert f"Wat doet Werkcentrum {value}?" in headings, headings
    assert home.title.get_text() == f"Werkcentrum {value}"
    logo = home.select_one(".md-header__button.md-logo")
    assert logo["aria-label"] == logo["title"] == f"Werkcentrum {value}"
    assert home.find("meta", property="og:site_name")["content"] == f"Werkcentrum {value}"
    extra = soup(site / slug / "extra" / "index.html")
    assert extra.find("h1").get_text(" ", strip=True) == value
    assert value in _visible_text(site / slug / "inlooppunten" / "index.html")
    assert value in _visible_text(site / slug / "partners" / "index.html")
    assert f"Werkcentrum {value}" in _visible_text(site / "www" / "index.html")
    assert f"Werkcentrum {value}" in _visible_text(site / "brandbook" / "regios" / "index.html")
    manifest = json.loads((site / slug / "assets" / "brand" / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == f"Werkcentrum {value}"
    report = json.loads((site / "brandbook" / "rapport" / "consistentie.json").read_text(encoding="utf-8"))
    assert any(f"Werkcentrum {value}" in text or text == data["naam"] for text in _strings(report))


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def test_accepted_web_addresses_are_https_links_with_clean_hosts(hostile_build):
    hrefs = set()
    for slug in INERT:
        for page in ("partners", "contact"):
            for a in soup(hostile_build.site_dir / slug / page / "index.html").select(".md-content a[href^='https:']"):
                hrefs.add(a["href"])
    wanted = {"https://www.uwv.nl/a%28b%29c?q=1&r=2#f", "https://www.xn--mnchen-3ya.de/", "https://x.example/%22%3E%3Cscript%3E"}
    assert wanted <= hrefs
    for href in hrefs:
        assert re.fullmatch(r"https://[a-z0-9.-]+(?::\d+)?/[^\s\"'<>\\]*", href) or re.fullmatch(r"https://[a-z0-9.-]+", href), href


def test_every_server_name_in_the_nginx_configuration_is_a_clean_host(hostile_build, tmp_path):
    manifest = publish.read_manifest(hostile_build.site_dir / publish.MANIFEST_NAME)
    config = serverconfig.nginx(manifest, tmp_path, "127.0.0.1:8080", None, None)
    names = [name for line in config.splitlines() if line.strip().startswith("server_name") for name in line.split()[1:]]
    names = [n.rstrip(";") for n in names]
    assert len(names) >= len(INERT) + 3
    assert all(n == "_" or is_host_name(n) for n in names), names


# --- real Chromium, without any security header ---------------------------------------------------------------------


def test_chromium_runs_no_script_and_goes_nowhere_on_hostile_pages_served_without_headers(hostile_build):
    need_browser()
    from playwright.sync_api import sync_playwright

    from generator.audit.browser import LAUNCH_ARGS, find_chromium

    with static_server(hostile_build.site_dir) as origin:
        pages = [f"/{slug}/{page}" for slug in INERT for page in ("", "extra/", "inlooppunten/", "partners/")]
        pages += ["/www/", "/www/regios/", "/brandbook/regios/", "/brandbook/rapport/"]
        dialogs, away, other_hosts = [], [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(find_chromium()), args=list(LAUNCH_ARGS))
            page = browser.new_page()
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.on("request", lambda r: None if r.url.startswith((origin, "data:")) else other_hosts.append(r.url))
            page.on("framenavigated", lambda f: None if f.url.startswith(origin) else away.append(f.url))
            for path in pages:
                page.goto(origin + path, wait_until="load")
                # Move over, focus and hover everything: an injected handler would fire now.
                page.evaluate(
                    """() => { for (const el of document.querySelectorAll('body *')) {
                         for (const type of ['mouseover', 'focus', 'click']) {
                           if (type === 'click' && el.closest('a')) continue;
                           el.dispatchEvent(new Event(type, {bubbles: true})); } } }"""
                )
                page.wait_for_timeout(50)
                assert page.url.startswith(origin + path), page.url
            browser.close()
    assert not dialogs
    assert not away
    assert not other_hosts


# --- files stay inside the project ------------------------------------------------------------------------------


SECRET = "GEHEIM-buiten-het-project"


@pytest.fixture
def outside(tmp_path) -> Path:
    folder = tmp_path / "buiten"
    folder.mkdir()
    (folder / "geheim.md").write_text(f"# Geheim\n\n{SECRET}\n", encoding="utf-8")
    (folder / "regio.yaml").write_text("naam: Buitenregio\ncode: AM05\n", encoding="utf-8")
    return folder


def _page_region(project, slug: str) -> Path:
    data = copy.deepcopy(BASE)
    data["gemeenten"] = [g.naam for g in gemeenten.by_region()[data["code"]]]  # as 'check' wants them
    data["inlooppunten"][0]["gemeente"] = data["gemeenten"][0]
    data["paginas"] = [{"titel": "Extra", "slug": "extra", "bestand": "pagina.md"}]
    path = project.regions_dir / f"{slug}.yaml"
    write_region(path, data)
    return path


@pytest.mark.parametrize("kind", ["regiobestand", "regiomap", "paginabestand"])
def test_a_symbolic_link_is_refused_and_nothing_from_outside_is_published(kind, tmp_path, outside):
    project = copy_project(tmp_path / "project", keep_regions={"drenthe"})
    if kind == "regiobestand":
        link = project.regions_dir / "twente.yaml"
        link.symlink_to(outside / "regio.yaml")
        where = project.display(link)
    else:
        region = _page_region(project, "twente")
        folder = project.regions_dir / "twente"
        if kind == "regiomap":
            folder.symlink_to(outside, target_is_directory=True)
            (outside / "pagina.md").symlink_to(outside / "geheim.md")
        else:
            folder.mkdir()
            (folder / "pagina.md").symlink_to(outside / "geheim.md")
        where = project.display(region)
    report = check.run(project).report
    errors = [d for d in report.errors if d.file == where]
    assert errors and all("snelkoppeling" in d.message for d in errors), "\n".join(d.format() for d in report.errors)
    assert all(d.file == where for d in report.errors)  # the other region is fine
    result = build(project, keep_going=True, jobs=1)
    assert "twente" in result.failed and "drenthe" in result.built
    published = [p for p in project.site_dir.rglob("*") if p.is_file() and p.suffix in {".html", ".json", ".md"}]
    assert published and not any(SECRET in p.read_text(encoding="utf-8", errors="replace") for p in published)

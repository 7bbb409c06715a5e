"""Web editing for communicatieadviseurs: an admin per region, Decap CMS generated from the region model.

The admin is a static folder (``site/beheer/<regio>/`` for ``beheer.werkcentrum.nl/<regio>/``, or a local copy
for ``werkcentrum beheer``): Decap CMS's files from the pinned npm package (nothing from another host), a
``config.yml`` made from ``schema.editor_schema`` (the same model that drives ``check`` and the editor, so every
field has its Dutch label, hint, required flag and pattern with the Dutch message), and ``werkcentrum-beheer.js``,
which reads and writes region files as YAML 1.2 and keeps their comments and header line.

One file collection with one file per admin: an adviser only ever sees their own region.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from http.server import SimpleHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from markupsafe import escape

from ..diagnostics import Diagnostic, UserError
from ..escaping import is_host_name
from ..models.fields import HTML_TAG, NOT_EMPTY
from ..models.region import MAX_RANGES_PER_DAY, OP_AFSPRAAK, RANGE_PATTERN, WEEKDAYS
from ..project import Project
from ..schema import EXAMPLE_CODE, editor_schema, schema_line

HERE = Path(__file__).resolve().parent
SCRIPT = "werkcentrum-beheer.js"
START_SCRIPT = "werkcentrum-start.js"
FORMAT = "werkcentrum-regio"  # the custom format of werkcentrum-beheer.js

# Fields an adviser does not edit in the form: the CBS code and gemeenten come from the national tables
# (``regio nieuw``, ``regio gemeenten``), the subdomain from the national team. They stay in the file as they are.
NATIONAL_FIELDS = ("code", "subdomein", "gemeenten")

LABELS = {
    "paginas": "Pagina's",
    "email": "E-mail",
    "gids": "Er is een gids",
    "van": "Van",
    "tot": "Tot en met",
}

SINGULAR = {"inlooppunten": "Inlooppunt", "partners": "Partner", "meldingen": "Melding", "paginas": "Pagina"}

# What Decap CMS needs beyond 'self', measured in Chromium (tests/test_beheer.py): AJV compiles the
# configuration schema with new Function ('unsafe-eval'); emotion writes its styles into <style> elements
# ('unsafe-inline' for styles only); the media library and previews show blob: and data: images, and the
# backup of an unsaved change is read back from a blob: URL.
ADMIN_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'", "blob:"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# The Git hosts' APIs the production admin talks to (editorial workflow: branches and pull/merge requests).
BACKEND_ORIGINS = {"github": ["https://api.github.com"], "gitlab": ["https://gitlab.com"]}
# The signed-in user's picture in the admin's top bar.
AVATAR_ORIGINS = {"github": ["https://avatars.githubusercontent.com"], "gitlab": []}


def csp(extra_connect: list[str] = (), extra_img: list[str] = ()) -> str:
    """The admin's Content-Security-Policy; ``extra_connect`` adds the Git host or the local backend."""
    policy = {
        **ADMIN_CSP,
        "img-src": [*ADMIN_CSP["img-src"], *extra_img],
        "connect-src": [*ADMIN_CSP["connect-src"], *extra_connect],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in policy.items())


def production_csp(project: Project) -> str:
    """The policy of the admin host: the admin may reach its own host and the API of the Git host that
    ``[tool.werkcentrum.beheer]`` names (``server-config --beheer`` sends it)."""
    settings = beheer_settings(project)
    backend = settings.get("backend", "github")
    connect = list(BACKEND_ORIGINS[backend])
    # A GitLab of one's own: its API, and with PKCE the token exchange at base_url, are fetched by the admin.
    for key in ("api_root", "base_url") if backend == "gitlab" else ("api_root",):
        if key in settings and _origin(settings[key]) not in connect:
            connect.append(_origin(settings[key]))
    return csp(connect, AVATAR_ORIGINS[backend])


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# --- the configuration, from the editor schema -------------------------------------------------------------------

_LENGTH = re.compile(r"^\^\[\\s\\S\]\{0,(\d+)\}\$$")


def _is_characters_rule(pattern: str) -> bool:
    return pattern.startswith("^[^\\x00-")


def _pattern(node: dict) -> list[str] | None:
    """Every rule of a text field as one pattern with one Dutch message (Decap CMS takes one pattern per field).

    The specific rules (a time, a web address, a postcode) keep their own message; the general ones (one line,
    no HTML, not only spaces, a length) become one closing sentence.
    """
    rules = [r for r in node.get("allOf", []) if "pattern" in r]
    if node.get("pattern"):
        rules.insert(0, {"pattern": node["pattern"], "patternErrorMessage": node.get("patternErrorMessage", "")})
    if not rules:
        return None
    specific, general = [], []
    for r in rules:
        length = _LENGTH.match(r["pattern"])
        if length:
            general.append(f"hoogstens {length.group(1)} tekens")
        elif _is_characters_rule(r["pattern"]):
            general.append("zonder onzichtbare tekens" if "\\t" not in r["pattern"] else "op één regel")
        elif r["pattern"] == NOT_EMPTY["pattern"]:
            general.append("niet alleen spaties")
        elif HTML_TAG in r["pattern"]:
            general.append("zonder HTML-code (< en >)")
        elif r["patternErrorMessage"] not in specific:
            specific.append(r["patternErrorMessage"])
    # Search semantics, as JSON Schema and Decap CMS (RegExp.test) read a pattern: every rule must find a match.
    combined = rules[0]["pattern"] if len(rules) == 1 else "^" + "".join(f"(?=[\\s\\S]*?(?:{r['pattern']}))" for r in rules)
    message = " ".join(specific)
    if general:
        message = (message + " " if message else "") + "Schrijf de tekst " + ", ".join(general) + "."
    return [combined, message]


def _day_field(day: str) -> dict:
    """One weekday: the YAML's own forms, with a list of time ranges written as '09:00-12:00, 13:00-17:00'."""
    ranges = f"{RANGE_PATTERN}(?:,{RANGE_PATTERN}){{0,{MAX_RANGES_PER_DAY - 1}}}"
    return {
        "name": day,
        "label": day.capitalize(),
        "widget": "string",
        "required": False,
        "hint": "Een tijdvak zoals 09:00-17:00; met een pauze: 09:00-12:00, 13:00-17:00. Of gesloten, of op "
        "afspraak. Weet je het niet? Laat het leeg.",
        "pattern": [
            f"^(?:gesloten|{OP_AFSPRAAK}|{ranges})$",
            'Schrijf een tijdvak als 09:00-17:00: uren van 00 tot en met 23 en minuten van 00 tot en met 59, altijd '
            "met twee cijfers. Meer tijdvakken op een dag zet je achter elkaar met een komma: 09:00-12:00, "
            "13:00-17:00. Is het inlooppunt die dag dicht? Schrijf dan gesloten.",
        ],
    }


def _label(name: str) -> str:
    return LABELS.get(name) or name[:1].upper() + name[1:]


def _resolve(node: dict, defs: dict) -> dict:
    ref = node.get("$ref")
    return defs[ref.rsplit("/", 1)[-1]] if ref else node


def _fields(obj: dict, defs: dict) -> list[dict]:
    required = set(obj.get("required", []))
    return [_field(name, node, name in required, defs) for name, node in obj["properties"].items()]


def _field(name: str, node: dict, required: bool, defs: dict) -> dict:
    """One field of the form, from the field's node in the editor schema."""
    target = _resolve(node, defs)
    out: dict[str, Any] = {"name": name, "label": _label(name)}
    description = node.get("description") or target.get("description")
    if description:
        out["hint"] = description
    out["required"] = required
    if name in NATIONAL_FIELDS:
        return {"name": name, "label": _label(name), "widget": "hidden", "required": False}
    if "properties" in target:
        if set(target["properties"]) == set(WEEKDAYS):
            return {**out, "widget": "object", "collapsed": False, "fields": [_day_field(day) for day in WEEKDAYS]}
        return {**out, "widget": "object", "fields": _fields(target, defs)}
    if target.get("type") == "array":
        items = _resolve(target["items"], defs)
        fields = _fields(items, defs)
        summary = next((f["name"] for f in fields if f["name"] in ("naam", "titel", "tekst")), fields[0]["name"])
        return {
            **out,
            "widget": "list",
            "label_singular": SINGULAR.get(name, _label(name)),
            "collapsed": True,
            "summary": "{{fields.%s}}" % summary,
            "fields": fields,
        }
    if target.get("type") == "boolean":
        return {**out, "widget": "boolean"}
    if target.get("defaultSnippets"):
        options = [snippet["body"] for snippet in target["defaultSnippets"]]
        return {**out, "widget": "select", "options": options}
    if target.get("contentMediaType") == "text/markdown":
        out.update(widget="markdown", modes=["raw"], buttons=[], editor_components=[])
    else:
        out["widget"] = "string"
    pattern = _pattern(target)
    if pattern:
        out["pattern"] = pattern
    return out


def region_fields(project: Project, *, example: bool = False) -> list[dict]:
    """The form of a region file: every field of the region model, in the model's order."""
    schema = editor_schema(project, example=example)
    return _fields(schema, schema.get("$defs", {}))


def field_order(fields: list[dict], path: str = "", out: dict | None = None) -> dict[str, list[str]]:
    """The model's order of the keys of each kind of object in a region file, by path without list positions
    (``""``, ``"inlooppunten"``, ``"inlooppunten.openingstijden"``): the format puts a new key in its place."""
    out = {} if out is None else out
    out[path] = [f["name"] for f in fields]
    for f in fields:
        if "fields" in f:
            field_order(f["fields"], f"{path}.{f['name']}" if path else f["name"], out)
    return out


def region_name(project: Project, region_file: Path) -> tuple[str, bool]:
    """The region's name (the file name while the file has none) and whether it is the fictional example."""
    from ..load import load_region

    source = load_region(project, region_file)
    data = source.doc.data if source.doc is not None and isinstance(source.doc.data, dict) else {}
    naam = data.get("naam") if isinstance(data.get("naam"), str) else region_file.stem
    return naam, data.get("code") == EXAMPLE_CODE


def beheer_settings(project: Project) -> dict[str, str]:
    """``[tool.werkcentrum.beheer]`` in pyproject.toml: the Git host the national team set up once."""
    from ..project import _settings

    settings = (_settings(project.root / "pyproject.toml") or {}).get("beheer") or {}
    out = {}
    for key, value in settings.items() if isinstance(settings, dict) else ():
        rule = SETTINGS.get(key)
        if rule is None or not isinstance(value, str) or not rule[0](value):
            raise _setting_error(key, value, rule[1] if rule else "een van: " + ", ".join(SETTINGS))
        out[key] = value
    if "auth_type" in out and out.get("backend") != "gitlab":
        raise _setting_error("auth_type", out["auth_type"], "auth_type alleen samen met backend = 'gitlab'")
    if out.get("auth_type") == "pkce" and "app_id" not in out:
        raise _setting_error("auth_type", "pkce", "bij auth_type = 'pkce' ook app_id (de Application ID van GitLab)")
    return out


def _https_url(value: str) -> bool:
    """An https address without user, query or fragment, whose host is a DNS name: it goes into the policy."""
    try:
        parts = urlsplit(value)
    except ValueError:  # an unclosed [ of an IPv6 address
        return False
    host, _, port = parts.netloc.partition(":")
    return (
        parts.scheme == "https"
        and is_host_name(host)
        and (not port or port.isdigit())
        and not parts.query
        and not parts.fragment
        and re.fullmatch(r"[A-Za-z0-9._~/-]*", parts.path) is not None
    )


# [tool.werkcentrum.beheer]: key -> (test, what is expected, in Dutch)
SETTINGS = {
    "backend": (lambda v: v in BACKEND_ORIGINS, "'github' of 'gitlab'"),
    "repo": (lambda v: re.fullmatch(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)+", v) is not None, "'organisatie/project'"),
    "branch": (lambda v: re.fullmatch(r"[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+)*", v) is not None, "een branchnaam, zoals 'main'"),
    "base_url": (_https_url, "een https-adres, zoals 'https://beheer-auth.werkcentrum.nl'"),
    "api_root": (_https_url, "het https-adres van de API van je eigen GitLab, zoals 'https://gitlab.example.nl/api/v4'"),
    "auth_type": (lambda v: v == "pkce", "'pkce' (inloggen bij GitLab zonder eigen OAuth-dienst)"),
    "app_id": (lambda v: re.fullmatch(r"[A-Za-z0-9_-]{1,128}", v) is not None, "de Application ID uit GitLab"),
}


def _setting_error(key: str, value, expected: str) -> UserError:
    return UserError(
        Diagnostic(
            "pyproject.toml",
            f"[tool.werkcentrum.beheer] {key} = {value!r} kan niet.",
            expected=expected,
            hint="Pas dit aan in pyproject.toml; de README legt onder 'Bewerken in de browser' elke instelling uit.",
        )
    )


def cms_config(
    project: Project,
    region_file: Path,
    *,
    local_backend: str | None = None,
    allowed_host: str | None = None,
) -> dict:
    """Decap CMS's configuration for one region file (a path inside ``project.root``).

    With ``local_backend`` (the URL of decap-server's API) the admin edits the local checkout; otherwise it
    uses the Git host of ``[tool.werkcentrum.beheer]`` with the editorial workflow.
    """
    path = region_file.resolve().relative_to(project.root).as_posix()
    naam, example = region_name(project, region_file)
    settings = beheer_settings(project)
    config: dict[str, Any] = {
        "locale": "nl",
        "backend": {
            "name": settings.get("backend", "github"),
            "repo": settings.get("repo", "werkcentrum/site"),
            "branch": settings.get("branch", "main"),
            **{key: settings[key] for key in ("base_url", "api_root", "auth_type", "app_id") if key in settings},
            "commit_messages": {"update": "Regio {{slug}} bijgewerkt via beheer door {{author-name}}"},
        },
        "publish_mode": "editorial_workflow",
        "media_folder": f"{path.rsplit('/', 1)[0]}/{region_file.stem}",
        "site_url": project.url(region_file.stem),
        "show_preview_links": False,
        "search": False,
        "collections": [
            {
                "name": "regio",
                "label": "Regio",
                "label_singular": "Regio",
                "format": FORMAT,
                "extension": "yaml",
                "editor": {"preview": True},
                "files": [
                    {
                        "name": region_file.stem,
                        "label": f"Werkcentrum {naam}",
                        "file": path,
                        "fields": region_fields(project, example=example),
                    }
                ],
            }
        ],
    }
    if local_backend:
        # decap-server writes to the working tree; it has no branches to review (MODE=fs), so no workflow.
        config["publish_mode"] = "simple"
        config["local_backend"] = {"url": local_backend, "allowed_hosts": [allowed_host] if allowed_host else []}
    return config


# --- the admin folder --------------------------------------------------------------------------------------------


def decap_dist(project: Project) -> Path:
    """Decap CMS's files from the npm package that ``make`` installs (package.json, package-lock.json)."""
    dist = project.root / "node_modules" / "decap-cms" / "dist"
    if not (dist / "decap-cms.js").is_file():
        raise UserError(
            Diagnostic(
                "node_modules/decap-cms",
                "Decap CMS is niet geïnstalleerd.",
                expected="de npm-pakketten van het project",
                hint="Voer 'make beheer' uit (of 'npm ci' in de projectmap). Daarvoor zijn node en npm nodig.",
            )
        )
    return dist


def _yaml_module(project: Project) -> Path:
    return project.root / "node_modules" / "yaml" / "browser" / "dist"


# Every admin page: Dutch, kept out of search engines, no referrer to the Git host.
HEAD_START = (
    '<html lang="nl">\n<head>\n<meta charset="utf-8">\n'
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
    '<meta name="robots" content="noindex, nofollow">\n'
    '<meta name="referrer" content="no-referrer">\n'
)


def _index_html(naam: str, header: str, preview_css: str, order: dict, shared: str) -> str:
    # Region text (the name) reaches HTML only through markupsafe.escape; the scripts are files ('self' CSP).
    return (
        "<!doctype html>\n"
        f"{HEAD_START}"
        f'<meta name="werkcentrum-kopregel" content="{escape(header)}">\n'
        f'<meta name="werkcentrum-voorbeeldstijl" content="{escape(shared + preview_css)}">\n'
        f'<meta name="werkcentrum-volgorde" content="{escape(json.dumps(order, ensure_ascii=False))}">\n'
        f"<title>Beheer van Werkcentrum {escape(naam)}</title>\n"
        f'<link rel="icon" href="{shared}favicon.ico">\n'
        '<link href="config.yml" type="text/yaml" rel="cms-config-url">\n'
        f'<script src="{shared}{START_SCRIPT}"></script>\n'
        f'<script src="{shared}decap-cms.js"></script>\n'
        f'<script type="module" src="{shared}{SCRIPT}"></script>\n'
        "</head>\n<body>\n"
        f"<noscript><main><h1>Beheer van Werkcentrum {escape(naam)}</h1>\n"
        "<p>Het beheer werkt alleen met JavaScript. Zet JavaScript aan in je browser, of bewerk het regiobestand "
        "zelf (zie de README).</p></main></noscript>\n"
        "</body>\n</html>\n"
    )


ROBOTS = "User-agent: *\nDisallow: /\n"


def write_shared(project: Project, out_dir: Path) -> list[str]:
    """The files every admin loads: Decap CMS, the YAML module, our scripts, the site's stylesheet and fonts and a
    favicon. Returns the stylesheets (paths inside ``out_dir``)."""
    from ..brand.icons import favicon_ico
    from ..brand.lockup import geometry
    from ..render import shared_assets
    from ..tokens.pipeline import load_tokens

    dist = decap_dist(project)
    out_dir.mkdir(parents=True, exist_ok=True)
    # Only the bundle and its chunks: no source maps, no second copy (cms.js), no licence-less extras.
    for item in dist.iterdir():
        if item.name.endswith(("decap-cms.js", ".wasm", "decap-cms.js.LICENSE.txt")):
            shutil.copy2(item, out_dir / item.name)
    shutil.copytree(
        _yaml_module(project), out_dir / "yaml", ignore=shutil.ignore_patterns("*.map", "*.d.ts"), dirs_exist_ok=True
    )
    for script in (SCRIPT, START_SCRIPT):
        shutil.copy2(HERE / script, out_dir / script)
    tokens = load_tokens(project.tokens_dir)
    assets = shared_assets(project, tokens)
    for name, data in assets.files.items():
        (out_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (out_dir / name).write_bytes(data)
    (out_dir / "favicon.ico").write_bytes(favicon_ico(geometry(tokens, project.fonts_dir)))
    return list(assets.stylesheets)


def write_region_page(
    project: Project, region_file: Path, out_dir: Path, stylesheet: str, shared: str = "", **config_options
) -> None:
    """The page and the configuration of one region's admin in ``out_dir``; ``shared`` is the relative path to
    the folder of :func:`write_shared`."""
    config = cms_config(project, region_file, **config_options)
    naam, example = region_name(project, region_file)
    header = schema_line(region_file.resolve(), project, example=example)
    out_dir.mkdir(parents=True, exist_ok=True)
    fields = config["collections"][0]["files"][0]["fields"]
    page = _index_html(naam, header, stylesheet, field_order(fields), shared)
    (out_dir / "index.html").write_text(page, encoding="utf-8")
    # A serializer writes the configuration: region text in it is YAML data, never YAML syntax.
    (out_dir / "config.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )


def write_admin(project: Project, region_file: Path, out_dir: Path, **config_options) -> Path:
    """One region's admin with everything it loads in ``out_dir`` (replaced as a whole); returns ``out_dir``."""
    if out_dir.exists():
        shutil.rmtree(out_dir)
    stylesheets = write_shared(project, out_dir)
    write_region_page(project, region_file, out_dir, stylesheets[0], **config_options)
    (out_dir / "robots.txt").write_text(ROBOTS, encoding="utf-8")
    return out_dir


SHARED_DIR = "decap"  # beheer.<domain>/decap/: Decap CMS and the stylesheet, once for all admins


def _home_html(regions: list[tuple[str, str]], stylesheet: str) -> str:
    """The admin host's own first page: which admin is whose, and where the instructions are."""
    items = "\n".join(f'<li><a href="{escape(slug)}/">Werkcentrum {escape(naam)}</a></li>' for slug, naam in regions)
    return (
        "<!doctype html>\n"
        f"{HEAD_START}"
        "<title>Beheer van de Werkcentrum-sites</title>\n"
        f'<link rel="icon" href="{SHARED_DIR}/favicon.ico">\n'
        f'<link rel="stylesheet" href="{SHARED_DIR}/{escape(stylesheet)}">\n'
        '</head>\n<body>\n<main class="wc-beheer">\n'
        "<h1>Beheer van de Werkcentrum-sites</h1>\n"
        "<p>Hier pas je de gegevens van je eigen regio aan: inlooppunten, openingstijden, partners, pagina's en "
        "meldingen. Je logt in met je account bij de code-opslag van het project. Elke wijziging wordt eerst "
        "gecontroleerd en pas gepubliceerd als het landelijke team of je collega hem goedkeurt.</p>\n"
        "<h2>Kies je regio</h2>\n"
        f"<ul>\n{items}\n</ul>\n"
        "<p>Heb je nog geen toegang? Vraag het aan bij het landelijke team van Werkcentrum.</p>\n"
        "</main>\n</body>\n</html>\n"
    )


def _not_found_html(stylesheet: str) -> str:
    """The admin host's page for an address that does not exist (a mistyped region, an old link).

    Its links start at the root: the host serves it for every path, also inside a region's folder."""
    return (
        "<!doctype html>\n"
        f"{HEAD_START}"
        "<title>Pagina niet gevonden - Beheer van de Werkcentrum-sites</title>\n"
        f'<link rel="icon" href="/{SHARED_DIR}/favicon.ico">\n'
        f'<link rel="stylesheet" href="/{SHARED_DIR}/{escape(stylesheet)}">\n'
        '</head>\n<body>\n<main class="wc-beheer">\n'
        "<h1>Deze pagina bestaat niet</h1>\n"
        "<p>Controleer het adres. Het beheer van je regio staat op dit adres, gevolgd door de naam van je regio "
        "en een schuine streep, bijvoorbeeld <code>/twente/</code>.</p>\n"
        '<p><a href="/">Naar de lijst met alle regio\'s</a></p>\n'
        "</main>\n</body>\n</html>\n"
    )


def build_admins(project: Project, out_root: Path, regions: list[Path] | None = None) -> list[str]:
    """The admin host: ``out_root/<regio>/`` per region file, Decap CMS once in ``out_root/decap/``, a first page,
    a 404 page and a robots.txt that keeps every search engine out. Returns the slugs."""
    from ..load import region_paths

    files = regions if regions is not None else region_paths(project)
    beheer_settings(project)  # a wrong setting stops here, before anything is written
    # Written next to the old folder and swapped in at the end: a failure leaves the last good admin as it was.
    new = out_root.with_name(f".{out_root.name}.nieuw-{os.getpid()}")
    try:
        stylesheets = write_shared(project, new / SHARED_DIR)
        names = []
        for path in files:
            write_region_page(project, path, new / path.stem, stylesheets[0], shared=f"../{SHARED_DIR}/")
            names.append((path.stem, region_name(project, path)[0]))
        (new / "index.html").write_text(_home_html(names, stylesheets[0]), encoding="utf-8")
        (new / "404.html").write_text(_not_found_html(stylesheets[0]), encoding="utf-8")
        (new / "robots.txt").write_text(ROBOTS, encoding="utf-8")
        old = out_root.with_name(f".{out_root.name}.oud-{os.getpid()}")
        if out_root.exists():
            out_root.rename(old)
        try:
            new.rename(out_root)
        except OSError:
            if old.exists():
                old.rename(out_root)
            raise
    finally:
        shutil.rmtree(new, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    return [slug for slug, _ in names]


# --- werkcentrum beheer: the admin against the local checkout ------------------------------------------------------


def _local_port(host: str) -> int:
    """A free port for decap-server next to the admin."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def _wait_listening(host: str, port: int, process, seconds: float = 20) -> bool:
    import socket
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.1)
    return False


def start_backend(project: Project, host: str, admin_origin: str):
    """decap-server (``MODE=fs``) on loopback: it reads and writes files in the checkout for the admin at
    ``admin_origin`` (its only allowed CORS origin). Returns the process and its API URL."""
    import os
    import subprocess

    node = shutil.which("node")
    server = project.root / "node_modules" / "decap-server" / "dist" / "index.js"
    if node is None or not server.is_file():
        raise UserError(
            Diagnostic(
                "node_modules/decap-server",
                "de lokale opslag voor het beheer (decap-server) is niet geïnstalleerd.",
                expected="node en de npm-pakketten van het project",
                hint="Installeer node en npm en voer daarna 'make beheer' uit in de projectmap.",
            )
        )
    port = _local_port(host)
    env = {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": host,
        "MODE": "fs",
        "GIT_REPO_DIRECTORY": str(project.root),
        "ORIGIN": admin_origin,
        "LOG_LEVEL": "warn",
    }
    process = subprocess.Popen([node, str(server)], cwd=project.root, env=env, stdin=subprocess.DEVNULL)
    if not _wait_listening(host, port, process):
        process.kill()
        process.wait()
        raise OSError(98, "decap-server startte niet", f"{host}:{port}")
    url_host = f"[{host}]" if ":" in host else host
    return process, f"http://{url_host}:{port}/api/v1"


class _AdminHandler(SimpleHTTPRequestHandler):
    headers_to_send: dict[str, str] = {}

    def end_headers(self) -> None:
        for name, value in self.headers_to_send.items():
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def guess_type(self, path) -> str:
        from ..preview import content_type

        return content_type(str(path)) if not str(path).endswith((".yml", ".yaml")) else "text/yaml; charset=utf-8"

    def log_message(self, format, *args) -> None:  # noqa: A002 - quiet, as the other previews
        pass


def serve_local(project: Project, region_file: Path, host: str, port: int) -> None:
    """Serve the admin of ``region_file`` on ``host:port`` with decap-server as its storage; until Ctrl+C."""
    import functools

    from ..preview import QuietServer
    from ..serverconfig import preview_headers

    url_host = f"[{host}]" if ":" in host else host
    origin = f"http://{url_host}:{port}"
    process, api = start_backend(project, host, origin)
    try:
        folder = write_admin(
            project,
            region_file,
            project.build_dir / "beheer-lokaal" / region_file.stem,
            local_backend=api,
            allowed_host=host,
        )
        headers = {**preview_headers(), "Content-Security-Policy": csp([api.removesuffix("/api/v1")])}
        handler = type("Handler", (_AdminHandler,), {"headers_to_send": headers})
        server = QuietServer((host, port), functools.partial(handler, directory=str(folder)))
        naam, _ = region_name(project, region_file)
        print(f"Het beheer van Werkcentrum {naam} staat op {origin}/")
        print(f"Wat je opslaat, komt meteen in {project.display(region_file)}. Stoppen met Ctrl+C.", flush=True)
        try:
            server.serve_forever()
        finally:
            server.server_close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except Exception:  # noqa: BLE001 - a backend that does not stop is ended
            process.kill()

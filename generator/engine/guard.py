"""The ``werkcentrum-guard`` MkDocs plugin: a last look at every page before it is written.

Region text reaches the pages escaped by construction (``generator.escaping``, the engine's escaped
configuration values, the sanitised Markdown). This guard does not replace any of that; it is the net under it.
It reads every finished page and stops the build when the HTML holds something no Werkcentrum page may have: an
event handler attribute, a ``javascript:``/``vbscript:``/``data:`` link, a meta refresh, an inline script that is
not JSON data, or an ``iframe``, ``object``, ``embed``, ``base`` or frame. Safety then never depends on the
Content-Security-Policy of the web server. One linear pass with a tag pattern: a few milliseconds a page.
"""

from __future__ import annotations

import html
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

# Every start tag; text and attribute values in the output never hold a raw '<' or '>' (both are escaped).
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9:-]*)([^<>]*)>")
_ATTRIBUTE = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_FORBIDDEN_TAGS = frozenset({"iframe", "object", "embed", "base", "frame", "frameset", "applet"})
_URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "poster", "srcset", "data"})
_DATA_SCRIPTS = frozenset({"application/json", "application/ld+json"})
_UNSAFE_SCHEME = re.compile(r"(?:javascript|vbscript|data):", re.IGNORECASE)
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20]+")


def _unquote(value: str | None) -> str:
    if value is None:
        return ""
    if value[:1] in "\"'":
        value = value[1:-1]
    return value


def _decoded(value: str) -> str:
    """An attribute value as a browser reads it: entities decoded, white space and control characters gone."""
    return _IGNORED_IN_URLS.sub("", html.unescape(value))


def problems(page: str) -> list[str]:
    """Everything in a finished page that no Werkcentrum page may contain, in words (empty when safe)."""
    found = []
    for match in _TAG.finditer(page):
        tag = match.group(1).lower()
        attributes = {name.lower(): _unquote(value) for name, value in _ATTRIBUTE.findall(match.group(2))}
        if tag in _FORBIDDEN_TAGS:
            found.append(f"element <{tag}>")
        if tag == "meta" and _decoded(attributes.get("http-equiv", "")).lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
        if tag == "script" and "src" not in attributes and attributes.get("type", "").lower() not in _DATA_SCRIPTS:
            found.append("inline <script>")
        for name, value in attributes.items():
            if name.startswith("on"):
                found.append(f"attribute {name} on <{tag}>")
            elif name in _URL_ATTRIBUTES:
                target = _decoded(value)
                if _UNSAFE_SCHEME.match(target) and not (tag == "img" and target.lower().startswith("data:image/")):
                    found.append(f"{name}={target[:40]!r} on <{tag}>")
    return found


def check_page(html_text: str, where: str) -> str:
    """``html_text`` unchanged, or a PluginError naming the page and what was found."""
    found = problems(html_text)
    if found:
        raise PluginError(
            f"veiligheidscontrole: {where} bevat {', '.join(sorted(set(found))[:5])}. Dit mag nooit op een pagina "
            "komen; de pagina is niet geschreven. Meld dit bij het beheerteam."
        )
    return html_text


class GuardPlugin(BasePlugin):
    """Runs ``check_page`` on every page and on the theme's HTML templates (such as 404.html)."""

    def on_post_page(self, output, *, page, config):
        return check_page(output, page.file.src_uri)

    def on_post_template(self, output_content, *, template_name, config):
        return check_page(output_content, template_name) if template_name.endswith(".html") else output_content

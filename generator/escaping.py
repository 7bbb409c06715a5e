"""Region text is data: the one place that knows how to write a value into each output language.

Every value from a region file is untrusted. It reaches Markdown pages, HTML (through the engine), URLs, JSON,
YAML and the web server configuration, and each of those needs its own escaping. The rule, as in MarkupSafe:
a value is either known to be safe for its context by its *type*, or it is escaped on the way out.

- Markdown (page templates, Markdown built in Python): ``Md`` is Markdown source that may be placed as is;
  ``Md.escape(value)`` turns any other value into text that Markdown and HTML show literally (every character
  that could start Markdown or HTML syntax becomes a numeric character reference). The Markdown templates run with
  Jinja's autoescape and ``finalize=markdown_finalize``, so ``{{ value }}`` is escaped unless it is ``Md``/Markup.
- Markdown contexts that need another form: ``link_target`` (inside ``(...)`` of a link or image), ``code_span``.
- HTML: ``markupsafe.escape`` (Jinja autoescape); ``json_for_html`` for JSON inside a ``<script>`` element.
- Hosts (nginx, URLs): ``is_host_name``.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup

# Characters that can start Markdown or HTML syntax anywhere in a line (links, emphasis, code, HTML, entities,
# attribute lists, tables, abbreviations and the pymdown extensions), plus quotes for attribute contexts.
_SPECIAL = "\\`*_{}[]<>&|!#:~^=\"'$"
_TABLE = {ord(c): f"&#{ord(c)};" for c in _SPECIAL}
# Plain text is one line; a line break in a value would let the rest start a heading or a list.
_TABLE |= {ord("\n"): " ", ord("\r"): " ", 0x2028: " ", 0x2029: " "}
# At the start of a line '-', '+' and '1.' or '1)' start a list.
_LINE_START = re.compile(r"[-+]|[0-9]{1,9}[.)]")


class Md(Markup):
    """Markdown source that is safe to place in a page as it is.

    ``Md.escape(value)`` makes plain text safe; ``Md("{} en {}").format(a, b)``, ``+`` and ``join`` escape
    their arguments the same way (MarkupSafe's machinery with a Markdown-aware escape).
    """

    __slots__ = ()

    @classmethod
    def escape(cls, s: Any) -> "Md":
        if hasattr(s, "__html__"):
            return cls(s.__html__())
        return cls(_markdown_text(s))


def _markdown_text(value: Any) -> str:
    text = str(value).translate(_TABLE)
    match = _LINE_START.match(text)
    if match:
        end = match.end() - 1
        text = f"{text[:end]}&#{ord(text[end])};{text[end + 1:]}"
    return text


def markdown_text(value: Any) -> Md:
    """Plain text as Markdown that shows exactly these characters: ``'[a](x)'`` -> ``'&#91;a&#93;(x)'``."""
    return Md.escape(value)


def markdown_finalize(value: Any) -> Any:
    """Jinja ``finalize`` for Markdown templates: everything that is not already Markdown is escaped as text."""
    return value if hasattr(value, "__html__") else Md.escape(value)


# --- URLs ---------------------------------------------------------------------------------------------------

# Characters kept as they are in a link target; everything else (spaces, quotes, brackets, parentheses,
# backslashes, non-ASCII) is percent-encoded, so the target cannot end the Markdown link or an attribute.
_URL_SAFE = "/:?#@!$&*+,;=%~-._"
_SCHEMES = ("https", "mailto", "tel")


def link_target(value: Any) -> Md:
    """A URL for the ``(...)`` of a Markdown link or image: https, mailto, tel or a path on the same site.

    Raises ValueError for anything else: URLs from region files are checked long before a page is written, so
    this only fails on a mistake in a template.
    """
    text = str(value)
    if any(ord(c) < 0x20 or c.isspace() for c in text):
        raise ValueError(f"a URL with white space or a control character: {text!r}")
    parts = urlsplit(text)
    if parts.scheme:
        if parts.scheme.lower() not in _SCHEMES:
            raise ValueError(f"URL scheme not allowed in a page: {text!r}")
    elif text.startswith("//") or text.startswith("\\"):
        raise ValueError(f"a protocol-relative URL: {text!r}")
    return Md(quote(text, safe=_URL_SAFE))


def mailto(address: Any) -> Md:
    """``info@x.nl`` -> ``mailto:info@x.nl`` (percent-encoded), for a link target."""
    return Md("mailto:" + quote(str(address), safe="@.+-_"))


def code_span(value: Any) -> Md:
    """Text as an inline code span: fenced by more backticks than it contains, so nothing in it is Markdown."""
    text = " ".join(str(value).split())
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return Md(f"{fence}{pad}{text}{pad}{fence}")


# --- JSON and hosts -------------------------------------------------------------------------------------------

_JSON_IN_HTML = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}


def json_for_html(data: Any) -> Markup:
    """JSON that is safe inside an HTML ``<script>`` element: no ``</script>``, ``<!--`` or line separators."""
    return Markup(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_JSON_IN_HTML))


_HOST = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?")


def is_host_name(value: str) -> bool:
    """True for a lower-case DNS name such as ``twente.werkcentrum.nl`` (whole string, at most 253 characters)."""
    return isinstance(value, str) and len(value) <= 253 and _HOST.fullmatch(value) is not None


__all__ = [
    "Md",
    "code_span",
    "is_host_name",
    "json_for_html",
    "link_target",
    "mailto",
    "markdown_finalize",
    "markdown_text",
]

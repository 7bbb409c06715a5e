"""Markdown written by a region, judged the way the sites will show it.

A region's Markdown (``toelichting``, ``inhoud``, ``aanvullingen``, page files) is rendered with the sites' own
Python-Markdown configuration (``markdown_extensions`` in the root ``mkdocs.yml``) and the HTML is cleaned by nh3,
a maintained allowlist sanitiser (Rust's ammonia). The sanitiser is the judge: whatever it would remove is
reported to the author as an error at its line, never silently dropped. Reference definitions are judged too,
even unused ones, because a link elsewhere on the page could use them.

Python-Markdown needs time that grows faster than the text for brackets it cannot close (every ``[`` scans to
the end of its paragraph), so a linear pre-check refuses those first, and the total amount of Markdown per
region is capped (``validate``). Both keep ``check`` and the build fast on hostile files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown
import nh3
import yaml

# --- the dialect ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    """The Python-Markdown extensions (and their settings) the sites are built with."""

    extensions: tuple[str, ...]
    configs: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()

    def converter(self) -> markdown.Markdown:
        """A reset Python-Markdown instance for this dialect (made once per process: loading is slow)."""
        return _converter(self).reset()


@lru_cache(maxsize=4)
def _converter(dialect: Dialect) -> markdown.Markdown:
    configs = {name: dict(settings) for name, settings in dialect.configs}
    return markdown.Markdown(extensions=list(dialect.extensions), extension_configs=configs)


DEFAULT_DIALECT = Dialect(
    ("toc", "tables", "admonition", "attr_list", "def_list"), (("toc", (("permalink", False),)),)
)


@lru_cache(maxsize=8)
def _dialect(path: Path, mtime_ns: int) -> Dialect:
    with path.open(encoding="utf-8") as handle:
        config = yaml.safe_load(handle) or {}
    names, configs = [], []
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, dict):
            for name, settings in item.items():
                names.append(name)
                if isinstance(settings, dict):
                    configs.append((name, tuple(sorted(settings.items()))))
        else:
            names.append(str(item))
    return Dialect(tuple(names), tuple(configs))


def dialect_of(root: Path) -> Dialect:
    """The dialect of the project at ``root`` (its ``mkdocs.yml``), or the default when it has none."""
    path = root / "mkdocs.yml"
    try:
        return _dialect(path, path.stat().st_mtime_ns)
    except OSError:
        return DEFAULT_DIALECT


# --- the allowlist ----------------------------------------------------------------------------------------------

HEADINGS = {f"h{n}" for n in range(1, 7)}
TAGS = {
    *HEADINGS,
    *("p", "br", "hr", "strong", "em", "b", "i", "code", "pre", "blockquote", "ul", "ol", "li", "a", "img"),
    *("table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd", "div"),
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
    **{h: {"id"} for h in HEADINGS},
}
# Notice boxes ('!!! tip'): the kinds the theme styles. No other class or attribute may come from a region.
ADMONITIONS = ("note", "info", "tip", "warning", "danger")
CLASSES = {"div": {"admonition", *ADMONITIONS}, "p": {"admonition-title"}}
URL_SCHEMES = {"https", "mailto", "tel"}
STYLE_PROPERTIES = {"text-align"}  # column alignment in tables (':---:')
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute in ("href", "src"):
        target = value.strip()
        if target.startswith(("//", "\\")):
            return None
        # Images only from the site itself: an image from elsewhere lets that host watch the visitor.
        if tag == "img" and (re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:", target) is not None):
            return None
    if attribute == "id" and not _ID.fullmatch(value):
        return None  # '__search' would collide with the theme's own elements
    return value


_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    attribute_filter=_attribute_filter,
    strip_comments=True,
    link_rel=None,
    url_schemes=URL_SCHEMES,
    allowed_classes=CLASSES,
    filter_style_properties=STYLE_PROPERTIES,
)


def clean(html: str) -> str:
    """The HTML as the allowlist keeps it."""
    return _CLEANER.clean(html)


# --- findings ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing in a Markdown text the site would not show as written, in Dutch."""

    kind: str
    message: str
    expected: str
    hint: str
    snippet: str | None = None


_LINK_EXPECTED = "een link die begint met https://, mailto: of tel:, of een link binnen de site"


def _link(target: str) -> Finding:
    return Finding(
        "link",
        f"de link '{target}' is niet toegestaan.",
        _LINK_EXPECTED,
        "Begin webadressen met https://. Links met javascript:, data: of http:// zijn niet veilig.",
        target,
    )


def _image(target: str) -> Finding:
    return Finding(
        "afbeelding",
        f"de afbeelding '{target}' komt van een andere website.",
        "een afbeelding die op de site zelf staat",
        "Afbeeldingen van andere websites laten die website meekijken (privacy). Laat de afbeelding weg.",
        target,
    )


def _html(tag: str) -> Finding:
    return Finding(
        "html",
        f"HTML-code (<{tag}>) is niet toegestaan in Markdown-tekst.",
        "Markdown zonder HTML-code (geen < en >)",
        "Gebruik Markdown: **vet**, *schuin*, [linktekst](https://...) en lijstjes met '- '.",
        f"<{tag}",
    )


def _attribute(name: str, value: str) -> Finding:
    shown = f"{name}={value}" if value else name
    return Finding(
        "attributen",
        f"'{shown}' is niet toegestaan: zo kan code in de pagina komen.",
        "Markdown zonder { ... } met kenmerken",
        "Haal het stuk tussen { } weg; de site zorgt zelf voor de opmaak.",
        name,
    )


def _class(name: str) -> Finding:
    return Finding(
        "attributen",
        f"de opmaak '.{name}' bestaat niet op de site.",
        "geen eigen opmaak; alleen meldingen zoals '!!! tip' (" + ", ".join(ADMONITIONS) + ")",
        "Haal '{ ." + name + " }' weg.",
        name,
    )


# --- the linear pre-check -------------------------------------------------------------------------------------

MAX_BRACKET_DEPTH = 2


def precheck(text: str) -> Finding | None:
    """Refuse, in one pass, the bracket shapes that make Python-Markdown slow: an unclosed ``[`` on a line, a
    link target ``](...`` without its ``)`` on that line, and brackets nested deeper than two."""
    for line in text.split("\n"):
        if "[" not in line:
            continue
        depth, opened = 0, 0
        for i, char in _unescaped(line, 0):
            if char == "[":
                depth += 1
                opened = i if depth == 1 else opened
                if depth > MAX_BRACKET_DEPTH:
                    return Finding(
                        "haken",
                        "hier staan te veel blokhaken [ ] in elkaar.",
                        f"hoogstens {MAX_BRACKET_DEPTH} paar [ ] in elkaar",
                        "Haal de extra blokhaken weg.",
                        line[i : i + 20],
                    )
            elif char == "]" and depth:
                depth -= 1
                if line.startswith("(", i + 1) and _closing_paren(line, i + 1) < 0:
                    return Finding(
                        "haken",
                        "het webadres van deze link sluit niet af met ')'.",
                        "[linktekst](https://...) op één regel",
                        "Zet een ')' achter het webadres, op dezelfde regel.",
                        line[i : i + 20],
                    )
        if depth:
            return Finding(
                "haken",
                "hier staat een '[' zonder ']' op dezelfde regel.",
                "[linktekst](https://...) op één regel, of geen blokhaken",
                "Zet de link op één regel en sluit hem af met ']', of haal de '[' weg.",
                line[opened : opened + 20],
            )
    return None


def _unescaped(line: str, start: int):
    """``(index, character)`` from ``start`` on, skipping every character escaped with a backslash."""
    i = start
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        yield i, line[i]
        i += 1


def _closing_paren(line: str, start: int) -> int:
    """Index of the ``)`` that closes the ``(`` at ``start``, or -1 when the line has none."""
    depth = 0
    for i, char in _unescaped(line, start):
        depth += (char == "(") - (char == ")")
        if depth == 0:
            return i
    return -1


# --- comparing what Markdown made with what the sanitiser keeps -------------------------------------------------


class _Tokens(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tokens: list[tuple] = []

    def handle_starttag(self, tag, attrs):
        self.tokens.append(("<", tag, tuple(sorted((k, _normal(k, v or "")) for k, v in attrs))))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.tokens.append((">", tag))

    def handle_data(self, data):
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + data)
        else:
            self.tokens.append(("text", data))


def _normal(name: str, value: str) -> str:
    return re.sub(r"\s+", "", value).rstrip(";") if name == "style" else value


def tokens(html: str) -> list[tuple]:
    parser = _Tokens()
    parser.feed(html)
    parser.close()
    return [t for t in parser.tokens if not (t[0] == "text" and not t[1].strip())]


def difference(original: str, cleaned: str) -> Finding | None:
    """The first thing the sanitiser removed from ``original``, as a finding (None when nothing was)."""
    before, after = tokens(original), tokens(cleaned)
    for index, token in enumerate(before):
        kept = after[index] if index < len(after) else None
        if token == kept:
            continue
        if token[0] == "<" and kept is not None and kept[0] == "<" and kept[1] == token[1]:
            return _attribute_finding(token[1], dict(token[2]), dict(kept[2]))
        if token[0] in "<>":
            return _html(token[1])
        return _html("script")  # text that only disappears with an element the sanitiser drops whole
    return None


def _attribute_finding(tag: str, before: dict, after: dict) -> Finding:
    for name, value in before.items():
        if after.get(name) == value:
            continue
        if name == "class":
            kept = set(after.get("class", "").split())
            return _class(next(c for c in value.split() if c not in kept))
        if name in ("href", "src"):
            return _image(value) if tag == "img" and name == "src" and re.match(r"[a-z][a-z0-9+.-]*:|//", value, re.I) else _link(value)
        return _attribute(name, value)
    return _html(tag)


# --- the budget -------------------------------------------------------------------------------------------------

# Python-Markdown renders some 20 to 50 thousand characters of dense markup a second; a region's own texts are far
# shorter (the fully filled example region has about 3,000), so this bound costs nobody anything.
MAX_MARKDOWN = 100_000


class Budget:
    """The Markdown characters one region file may still use, over all its fields and page files."""

    def __init__(self, chars: int = MAX_MARKDOWN):
        self.limit = chars
        self.remaining = chars

    def take(self, text: str) -> Finding | None:
        self.remaining -= len(text)
        if self.remaining >= 0:
            return None
        return Finding(
            "lengte",
            f"samen is de Markdown-tekst van deze regio langer dan {self.limit:,} tekens.".replace(",", "."),
            f"hoogstens {self.limit:,} tekens Markdown in alle velden en paginabestanden samen".replace(",", "."),
            "Maak lange teksten korter of verdeel ze over minder pagina's.",
        )


# --- the check ------------------------------------------------------------------------------------------------


def check(text: str, dialect: Dialect = DEFAULT_DIALECT, budget: Budget | None = None) -> Finding | None:
    """The first problem in ``text`` as the site would show it, or None when the sanitiser keeps everything.

    With a ``budget``, a text that no longer fits in it is refused before it is rendered.
    """
    finding = (budget.take(text) if budget is not None else None) or precheck(text)
    if finding is not None:
        return finding
    converter = dialect.converter()
    html = converter.convert(text)
    finding = difference(html, clean(html))
    if finding is not None:
        return finding
    # A reference definition shows nothing by itself, but any '[text][label]' on the page may use it.
    references = getattr(converter, "references", {})
    for label, (target, _title) in references.items():
        probe = f'<a href="{_attr(target)}">{_attr(label)}</a>'
        if difference(probe, clean(probe)) is not None:
            return _link(target)
    return None


def _attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")


__all__ = ["DEFAULT_DIALECT", "MAX_MARKDOWN", "Budget", "Dialect", "Finding", "check", "clean", "dialect_of", "precheck"]

"""The ``werkcentrum-compact`` MkDocs plugin: pages without the indentation of Material's templates.

About a quarter of every page is indentation from the templates; across 37 sites that is some 1.5 MB. Only
whitespace at the start of a line goes, and never inside ``pre``, ``textarea`` or ``script``, so a line break
stays a line break and the page renders exactly the same. Optional by design: an engine that ignores the
plugin (Zensical ignores third-party plugins) publishes the same pages, a little larger.
"""

from __future__ import annotations

import re

from mkdocs.plugins import BasePlugin

_KEEP = re.compile(r"<(pre|textarea|script)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_LINE_START = re.compile(r"\n[ \t\r\n]+")


def compact_html(html: str) -> str:
    """Remove leading whitespace and blank lines outside ``pre``, ``textarea`` and ``script`` elements."""
    out, last = [], 0
    for match in _KEEP.finditer(html):
        out.append(_LINE_START.sub("\n", html[last : match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(_LINE_START.sub("\n", html[last:]))
    return "".join(out)


class CompactHtmlPlugin(BasePlugin):
    """Applies ``compact_html`` to every page and to the theme's HTML templates (such as 404.html)."""

    def on_post_page(self, output, *, page, config):
        return compact_html(output)

    def on_post_template(self, output_content, *, template_name, config):
        return compact_html(output_content) if template_name.endswith(".html") else output_content

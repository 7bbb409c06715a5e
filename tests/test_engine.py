"""Engine details: compact HTML and the theme files a site publishes."""

from __future__ import annotations

import re

from conftest import soup
from generator.engine.compact import compact_html


def test_compact_html_removes_indentation_but_keeps_line_breaks_and_preformatted_text():
    html = (
        "<ul>\n    <li>een</li>\n\n    <li>twee</li>\n</ul>\n"
        "<pre><code>regel 1\n    ingesprongen\n</code></pre>\n"
        "<script>\n  var a = 1;\n</script>\n  <p>tekst\n   meer tekst</p>"
    )
    assert compact_html(html) == (
        "<ul>\n<li>een</li>\n<li>twee</li>\n</ul>\n"
        "<pre><code>regel 1\n    ingesprongen\n</code></pre>\n"
        "<script>\n  var a = 1;\n</script>\n<p>tekst\nmeer tekst</p>"
    )


def test_built_pages_are_compact_and_still_complete(built_example):
    page = built_example.site_dir / "voorbeeldregio" / "index.html"
    text = page.read_text(encoding="utf-8")
    outside_pre = re.sub(r"<(pre|script|textarea)\b.*?</\1>", "", text, flags=re.S)
    assert not re.search(r"\n[ \t]+<", outside_pre)
    parsed = soup(page)
    assert parsed.select_one("article h1") is not None
    assert parsed.select_one("nav.md-nav--primary") is not None

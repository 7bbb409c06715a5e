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


def _mkdocs_theme_listing(config) -> list[tuple[str, str]]:
    """What MkDocs itself adds from the theme (its own ``Files.add_files_from_theme``)."""
    from mkdocs.structure.files import Files

    probe = Files([])
    probe.add_files_from_theme(config.theme.get_env(), config)
    return [(f.src_uri, f.src_dir) for f in probe]


def test_theme_listing_is_the_one_mkdocs_makes_for_a_real_site(built_example):
    from generator.engine.mkdocs import load_site_config, theme_static_files

    config = load_site_config(built_example.build_dir / "voorbeeldregio" / "mkdocs.yml", built_example.build_dir / "x")
    ours = theme_static_files(config)
    assert ours == _mkdocs_theme_listing(config)
    assert any(uri.startswith("assets/javascripts/") for uri, _ in ours)  # Material's own files are in it
    assert not any("/." in f"/{uri}" for uri, _ in ours)


def test_theme_listing_follows_mkdocs_on_awkward_names(tmp_path):
    """Dot-folders deep down, read-me files, translations, Markdown, templates and an override of a
    Material file: the walk that skips dot-folders early leaves out and keeps exactly what MkDocs does."""
    from mkdocs.config import load_config

    from generator.engine.mkdocs import theme_static_files

    theme = tmp_path / "thema"
    files = {
        "assets/eigen.css": "a",
        "assets/.verborgen/x.css": "b",
        "assets/diep/.git/config": "c",
        ".icons/eigen/ster.svg": "<svg/>",
        "README.md": "lees",
        "docs/readme.txt": "lees",
        "locales/nl.py": "x",
        "locales/extra.txt": "x",
        "partials/eigen.html": "<p>",
        "notities.md": "x",
        "script.py": "x",
        "assets/images/favicon.png": "png",  # Material ships this file too: ours wins
        "sitemap.xml": "x",
        "sub/sitemap.xml": "x",
    }
    for rel, text in files.items():
        (theme / rel).parent.mkdir(parents=True, exist_ok=True)
        (theme / rel).write_text(text, encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: Proef\ntheme:\n  name: material\n  custom_dir: thema\n", encoding="utf-8")
    config = load_config(config_file=str(tmp_path / "mkdocs.yml"))
    ours = theme_static_files(config)
    assert ours == _mkdocs_theme_listing(config)
    own = {uri for uri, folder in ours if folder == str(theme)}
    assert own == {"assets/eigen.css", "assets/images/favicon.png", "sub/sitemap.xml"}

"""Property-based tests (hypothesis) of the checks and escapers on hostile text, with a time bound per case.

The deadline is per generated case and generous (a shared, loaded machine): it is there to catch a check whose
time explodes on some input (backtracking, quadratic scans), not to measure speed; bench/hostile_check.py does that.
"""

from __future__ import annotations

from datetime import timedelta

import markdown
import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import sanitize
from generator.engine import guard
from generator.escaping import Md, link_target
from generator.lint import lint_text
from generator.models.fields import check_markdown
from generator.models.region import Partner
from pydantic import ValidationError

FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=3),
    suppress_health_check=[HealthCheck.too_slow],
)

# Characters that mean something to Markdown, HTML, URLs or YAML, plus letters, digits and a little Unicode.
SPECIAL = "[]()<>!*_`{}:#=\"'|\\&;.-+/%@^~$ \n"
MARKDOWNISH = st.text(alphabet=st.sampled_from(list(SPECIAL) + list("ajvscriptondkl019éß\u00a0")), max_size=3000)
ONE_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
    | st.sampled_from(list(SPECIAL.replace("\n", ""))),
    min_size=1,
    max_size=200,
).map(str.strip).filter(bool)


def _text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text()


@FUZZ
@given(ONE_LINE)
def test_escaped_text_is_shown_as_exactly_that_text_in_every_markdown_place(text):
    converter = sanitize.DEFAULT_DIALECT.converter()
    for template in ("{}", "# Welkom bij {}", "- {}", "| Naam |\n| --- |\n| {} |", "[{}](https://x.nl/)", "Tekst {} tekst"):
        html = converter.reset().convert(Md(template).format(text))
        assert not guard.problems(html)
        soup = BeautifulSoup(html, "html.parser")
        # Only the template's own elements: the value added none.
        names = {tag.name for tag in soup.find_all(True)}
        assert names <= {"p", "h1", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "a"}, (template, html)
        assert " ".join(text.split()) in " ".join(soup.get_text().split()), (template, html)


@FUZZ
@given(MARKDOWNISH)
def test_the_markdown_check_always_answers_and_what_it_accepts_is_safe(text):
    finding = sanitize.check(text)
    if finding is None:
        html = markdown.markdown(text, extensions=list(sanitize.DEFAULT_DIALECT.extensions))
        assert not guard.problems(html)
        assert sanitize.difference(html, sanitize.clean(html)) is None
    else:
        assert finding.message and finding.expected and finding.hint


@FUZZ
@given(MARKDOWNISH)
def test_the_model_refuses_with_a_dutch_error_or_returns_markdown(text):
    try:
        value = check_markdown(text)
    except Exception as exc:  # noqa: BLE001 - only our own Dutch validation errors may come out
        assert type(exc).__name__ == "PydanticCustomError", exc
        assert str(exc)
    else:
        assert isinstance(value, Md)


@FUZZ
@given(st.text(max_size=400))
def test_a_partner_web_address_is_refused_or_a_clean_https_address(text):
    try:
        partner = Partner.model_validate({"naam": "P", "soort": "uwv", "website": text})
    except ValidationError:
        return
    url = partner.website
    assert url.startswith("https://")
    assert not any(c in url for c in " \t\n\"'<>\\`{}|^") and url.isascii()
    assert str(link_target(url)).startswith("https://")


@FUZZ
@given(st.text(max_size=300))
def test_a_link_target_is_refused_or_cannot_leave_its_parentheses(text):
    try:
        target = str(link_target(text))
    except ValueError:
        return
    assert not any(c in target for c in " ()<>\"\\\n\t")
    assert not target.lower().startswith(("javascript:", "vbscript:", "data:", "//"))


@FUZZ
@given(MARKDOWNISH)
def test_the_brand_lint_answers_on_any_text(text):
    for diag in lint_text(text, "x.md", "Twente"):
        assert diag.line is not None and diag.message


@pytest.mark.parametrize(
    "hostile",
    ["[" * 20000, "[a](" * 5000, "<" + " " * 50000 + "1", "a {: " * 5000, "*_" * 20000, "\\" * 40000, "`" * 40000],
)
def test_the_worst_inputs_we_know_are_answered(hostile):
    # No timing here (bench/hostile_check.py measures); a quadratic check would make this test hang for minutes.
    finding = sanitize.check(hostile)
    assert finding is None or finding.message

"""ketagraph.ui.markup: the one escape of data text into the HTML Streamlit's Markdown renders."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ketagraph.ui.markup import html_text

#: Everything HTML, Markdown or Streamlit's Markdown extensions (:color[], :emoji:, $math$) may act on.
ACTIVE = set("<>&\"'`*_[](){}#+-.!|~:$=^\\")
CHARACTER_REFERENCE = re.compile(r"&#\d+;")

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)>",
    "*emphasis* **strong** _under_ __dunder__",
    "[x](javascript:alert(1))",
    "![img](http://example.com/x.png)",
    ":red[x] :material/home: :smile:",
    "$x$ and $$y$$",
    "# heading",
    "1. not a list",
    "- not a list either",
    "> not a quote",
    "`code` ~~strike~~ | table |",
    "a\\*b &amp; &lt; &#60; {curly} <br>",
    "line one\nline two",
    "plain text, 100% ok",
]


def visible(markup: str) -> str:
    """What a browser shows for ``markup`` made by :func:`html_text`."""
    return html.unescape(markup.replace("<br>", "\n"))


def assert_inert(markup: str) -> None:
    """No markup and no Markdown is left: only text, character references and line breaks."""
    rest = CHARACTER_REFERENCE.sub("", markup.replace("<br>", ""))
    assert not (set(rest) & ACTIVE), sorted(set(rest) & ACTIVE)


# --- html_text ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_shows_text_exactly_and_leaves_nothing_active(text: str) -> None:
    out = html_text(text)
    assert visible(out) == text
    assert_inert(out)


def test_html_text_examples() -> None:
    assert html_text("<script>") == "&#60;script&#62;"
    assert html_text("a*b") == "a&#42;b"
    assert html_text(":red[x]") == "&#58;red&#91;x&#93;"
    assert html_text("$x$") == "&#36;x&#36;"
    assert html_text("one\ntwo") == "one<br>two"
    assert html_text("Ketamine acts on NMDA receptors") == "Ketamine acts on NMDA receptors"
    assert html_text(42) == "42"


@given(st.text())
def test_html_text_round_trips_any_text(text: str) -> None:
    out = html_text(text)
    assert visible(out) == text
    assert_inert(out)

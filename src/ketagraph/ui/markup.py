"""Data text into the HTML that Streamlit's Markdown renders, and the certainty badge of the path panel.

:func:`html_text` is the one way to put data text into such HTML: HTML-escaped, and every
Markdown-active character written as a character reference, so neither markup nor Markdown in the
data is ever interpreted. No Streamlit here: these are strings, tested as strings.
"""

from __future__ import annotations

import re

from ketagraph.style import CERTAINTY_STYLES

__all__ = ["badge", "html_text"]

# HTML-active characters and every character Markdown (or Streamlit's :emoji:, :color[], $math$)
# may act on; each becomes a numeric character reference, in a single pass.
_ACTIVE = re.compile(r"[&<>\"'\\`*_{}\[\]()#+\-.!|~:$=^]")


def html_text(text: object) -> str:
    """``text`` safe to embed in HTML rendered by Streamlit's Markdown: shown exactly as written."""
    return _ACTIVE.sub(lambda m: f"&#{ord(m.group())};", str(text)).replace("\n", "<br>")


def badge(certainty: str, polarity: str = "affirmed") -> str:
    """A claim's certainty (and negation) as a pill of the certainty's hue (as the browser panel's)."""
    style = CERTAINTY_STYLES.get(certainty)
    color = style.hue if style else "#666666"
    text = certainty + (" · negated" if polarity == "negated" else "")
    return (
        f'<span style="background:{color};color:#fff;border-radius:0.6em;padding:0.05em 0.55em;'
        f'font-size:0.8em;white-space:nowrap">{html_text(text)}</span>'
    )

"""Data text into the HTML that Streamlit's Markdown renders, and the Python detail panel's fragments.

:func:`html_text` is the one way to put data text into such HTML: HTML-escaped, and every
Markdown-active character written as a character reference, so neither markup nor Markdown in the
data is ever interpreted. No Streamlit here: these are strings, tested as strings.
"""

from __future__ import annotations

import re

from ketagraph.present import ClaimView
from ketagraph.ui.payloads import CERTAINTY_BADGE

__all__ = ["badge", "claim_html", "html_text"]

# HTML-active characters and every character Markdown (or Streamlit's :emoji:, :color[], $math$)
# may act on; each becomes a numeric character reference, in a single pass.
_ACTIVE = re.compile(r"[&<>\"'\\`*_{}\[\]()#+\-.!|~:$=^]")


def html_text(text: object) -> str:
    """``text`` safe to embed in HTML rendered by Streamlit's Markdown: shown exactly as written."""
    return _ACTIVE.sub(lambda m: f"&#{ord(m.group())};", str(text)).replace("\n", "<br>")


def badge(certainty: str, polarity: str = "affirmed") -> str:
    """A claim's certainty (and negation) as a coloured pill."""
    color = CERTAINTY_BADGE.get(certainty, "#666666")
    text = certainty + (" · negated" if polarity == "negated" else "")
    return (
        f'<span style="background:{color};color:#fff;border-radius:0.6em;padding:0.05em 0.55em;'
        f'font-size:0.8em;white-space:nowrap">{html_text(text)}</span>'
    )


def claim_html(c: ClaimView, *, title: bool = True) -> str:
    """A claim with its qualifiers, note and evidence, each quote inside its paragraph."""
    out = []
    if title:
        out.append(f"<div><b>{html_text(c.sentence)}</b> {badge(c.certainty, c.polarity)}</div>")
    meta = [f"<i>{html_text(c.relation_text)}</i>"]
    for k, v in sorted(c.qualifiers.items()):
        meta.append(f"{html_text(k)}: {html_text(v)}")
    out.append(f'<div style="font-size:0.85em;color:#555">{" · ".join(meta)}</div>')
    if c.note:
        out.append(f'<div style="font-size:0.85em;color:#555">note: {html_text(c.note)}</div>')
    for ev in c.evidence:
        out.append(
            '<blockquote style="margin:0.3em 0 0.6em 0;border-left:3px solid #ccc;padding-left:0.6em">'
            f"{html_text(ev.before)}<mark>{html_text(ev.quote)}</mark>{html_text(ev.after)}"
            f'<div style="font-size:0.8em;color:#666;margin-top:0.2em">— {html_text(ev.section or "(no section)")}'
            f", <i>{html_text(ev.source_title)}</i> [chars {ev.start}–{ev.end}]</div></blockquote>"
        )
    return "".join(out)

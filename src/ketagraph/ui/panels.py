"""The explorer's panels drawn by Python: the path panel, the sidebar's legend, the note about the
source and a broken graph's problems. (The detail panel is built in the browser, for graphs of any
size: :mod:`ketagraph.panel`.)

Each takes records from the core (:mod:`ketagraph.present`, :mod:`ketagraph.query`,
:func:`ketagraph.style.legend_data`) and shows them; data text goes into Markdown only through
:func:`ketagraph.ui.markup.html_text`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import streamlit as st

from ketagraph.build import LABEL
from ketagraph.errors import Issue
from ketagraph.load import Corpus
from ketagraph.model import SOURCE_KINDS
from ketagraph.present import claim_view
from ketagraph.query import Path as GraphPath
from ketagraph.style import legend_data
from ketagraph.ui import state
from ketagraph.ui.markup import badge, html_text

__all__ = ["CANVAS_LEGEND", "about", "legend", "path_panel", "show_issues"]

#: The legend drawn on the canvas (its button), as the sidebar's: every type (the browser shows
#: those on the canvas).
CANVAS_LEGEND: dict[str, Any] = legend_data()


def legend() -> None:
    """The sidebar's legend, from the same data as the canvas's and the exports'."""
    data = legend_data()
    rows = [
        f'<span style="color:{t["color"]};font-size:1.1em">{html_text(t["symbol"])}</span> {html_text(t["type"])}'
        for t in data["types"]
    ]
    st.markdown(
        # Two columns of whole words: "neurotransmitter" was broken as "neurotransmitte / r".
        '<div style="display:grid;grid-template-columns:repeat(auto-fill,minmax(9.5em,1fr));'
        'font-size:0.85em;line-height:1.5;word-break:keep-all;overflow-wrap:normal;hyphens:none">'
        + "".join(f'<div style="white-space:nowrap">{r}</div>' for r in rows)
        + "</div>",
        unsafe_allow_html=True,
    )
    lines = []
    for c in data["certainties"]:
        lines.append(
            f'<div><span style="display:inline-block;width:3em;border-top:{max(2, int(c["width"]))}px '
            f'{c["pattern"]} {c["color"]};vertical-align:middle"></span> {html_text(c["certainty"])} — '
            f'<span style="color:#666">{html_text(c["meaning"])}</span></div>'
        )
    negated = data["negated"]
    lines.append(
        f'<div><span style="display:inline-block;width:3em;border-top:2px solid {negated["color"]};'
        f'vertical-align:middle"></span> <span style="color:#666">{html_text(negated["text"])}</span></div>'
    )
    lines.append(f'<div style="color:#666">{html_text(data["faint"])}</div>')
    st.markdown('<div style="font-size:0.85em">' + "".join(lines) + "</div>", unsafe_allow_html=True)


def show_issues(issues: list[Issue], root: Path, *, uploaded: bool) -> None:
    errors = [i for i in issues if i.severity == "error"]
    count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
    if uploaded:  # a temporary copy the user cannot edit
        text = f"The uploaded graph has {count}. Fix them in your own copy of the folder and upload it again."
    else:
        text = f"The graph folder {html_text(root)} has {count}. Fix them and the page reloads the graph."
    st.error(text, icon="⚠️")
    st.code("\n".join(str(i) for i in issues), language=None, wrap_lines=True)


def about(corpus: Corpus) -> None:
    kinds = {s.kind for s in corpus.sources.values()}
    publishers = ", ".join(html_text(p) for p in sorted({s.publisher for s in corpus.sources.values()}))
    titles = "; ".join(f"“{html_text(s.title)}”" for s in corpus.sources.values())
    kind_text = " / ".join(SOURCE_KINDS.get(k, k) for k in sorted(kinds))
    st.info(
        f"**About this source.** {titles} — {publishers} ({kind_text}). Every claim as the article states it, "
        "hedges kept, each "
        "traced to a verbatim quote: a map of what the article says, not evidence that it is true, and "
        "**not medical advice**.",
        icon="ℹ️",
    )


def path_panel(
    G: nx.MultiDiGraph, index: dict[str, tuple[str, str]], paths: list[GraphPath], *, directed: bool
) -> GraphPath | None:
    if not paths:
        st.caption("No path within the hop limit" + (" following claim direction." if directed else "."))
        return None
    # Radio options are Markdown: the labels are escaped like any other data text.
    labels = [
        f"{i + 1}. "
        + html_text(" → ".join(str(G.nodes[n].get(LABEL, n)) for n in p.nodes))
        + f"  (weakest: {p.weakest})"
        for i, p in enumerate(paths)
    ]
    choice = st.radio("Paths", range(len(paths)), format_func=lambda i: labels[i], key=state.PATH_CHOICE)
    chosen = paths[choice or 0]
    for hop in chosen.hops:
        c = claim_view(G, None, hop.claims[0][0], index)
        arrow = " (against the claim's direction)" if hop.reversed else ""
        st.markdown(
            f"<div>{html_text(c.sentence)} {badge(c.certainty, c.polarity)}{html_text(arrow)}</div>"
            f'<blockquote style="margin:0.2em 0 0.5em 0;border-left:3px solid #ccc;padding-left:0.6em">'
            f"“{html_text(c.evidence[0].quote)}”</blockquote>",
            unsafe_allow_html=True,
        )
    return chosen

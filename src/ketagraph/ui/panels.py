"""The explorer's panels drawn by Python: the detail panel for graphs too big to send to the browser,
the path panel, the legend, the note about the source and a broken graph's problems.

Each takes records from the core (:mod:`ketagraph.present`, :mod:`ketagraph.query`) and shows them;
data text goes into Markdown only through :func:`ketagraph.ui.markup.html_text`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import streamlit as st

from ketagraph.build import LABEL
from ketagraph.errors import Issue
from ketagraph.load import Corpus
from ketagraph.model import CERTAINTIES, SOURCE_KINDS
from ketagraph.present import ClaimView, NodeView, claim_view
from ketagraph.query import Path as GraphPath
from ketagraph.style import CERTAINTY_STYLES, TYPE_STYLES
from ketagraph.ui import state
from ketagraph.ui.markup import badge, claim_html, html_text

__all__ = [
    "CANVAS_LEGEND",
    "PANEL_CLAIMS_PER_GROUP",
    "PANEL_MAX_CLAIMS",
    "about",
    "claim_panel",
    "legend",
    "node_panel",
    "path_panel",
    "show_issues",
]

#: The panel Python renders (graphs above the page's CLIENT_DETAILS_MAX_CLAIMS) lists every claim of
#: a node with up to PANEL_MAX_CLAIMS; a bigger hub shows PANEL_CLAIMS_PER_GROUP per relation,
#: strongest first, until "Show all" is pressed (the biggest hub of a 20k-claim benchmark graph,
#: 2,174 claims, took 2.4 s from click to quote and 3.3 MB per rerun).
PANEL_MAX_CLAIMS = 100
PANEL_CLAIMS_PER_GROUP = 20


def _select(kind: str, ident: str) -> None:
    state.select(st.session_state, kind, ident)


def node_panel(v: NodeView) -> None:
    style = TYPE_STYLES.get(v.type)
    symbol = f'<span style="color:{style.color}">{html_text(style.symbol)}</span> ' if style else ""
    st.markdown(f"### {symbol}{html_text(v.label)}", unsafe_allow_html=True)
    st.markdown(
        f"<div><code>{html_text(v.id)}</code> · {html_text(v.type)} · {v.claim_count} claims</div>",
        unsafe_allow_html=True,
    )
    if v.description:
        st.markdown(html_text(v.description), unsafe_allow_html=True)
    if v.aliases:
        st.markdown("Also called: " + ", ".join(html_text(a) for a in v.aliases), unsafe_allow_html=True)
    if v.xrefs:
        links = []
        for curie, url in v.xrefs:
            if url:
                links.append(f'<a href="{html_text(url)}" target="_blank" rel="noopener">{html_text(curie)}</a>')
            else:
                links.append(html_text(curie))
        st.markdown("Identifiers: " + ", ".join(links), unsafe_allow_html=True)
    show_all = (
        v.claim_count <= PANEL_MAX_CLAIMS
        or all(len(g.claims) <= PANEL_CLAIMS_PER_GROUP for g in v.groups)
        or st.session_state.get(state.PANEL_ALL) == v.id
    )
    for group in v.groups:
        st.markdown(f"**{html_text(group.heading)}**", unsafe_allow_html=True)
        shown = group.claims if show_all else group.claims[:PANEL_CLAIMS_PER_GROUP]
        for c in shown:
            head = f"<div><b>{html_text(group.other_label(c))}</b> {badge(c.certainty, c.polarity)}</div>"
            st.markdown(head + claim_html(c, title=False), unsafe_allow_html=True)
            st.button("Select this claim", key=f"{state.PICK}{v.id}_{c.id}", on_click=_select, args=("claim", c.id))
        if len(group.claims) > len(shown):
            st.caption(f"… and {len(group.claims) - len(shown)} more")
    if not show_all:
        st.button(
            f"Show all {v.claim_count} claims",
            key=state.PANEL_ALL_BUTTON,
            on_click=lambda: st.session_state.update({state.PANEL_ALL: v.id}),
        )


def claim_panel(c: ClaimView) -> None:
    # One element per part and a one-block row of buttons: each element is re-sent on every click.
    st.markdown("### Claim\n\n" + claim_html(c), unsafe_allow_html=True)
    row = st.container(horizontal=True)
    # Button labels are Markdown too.
    row.button(
        f"Subject: {html_text(c.subject_label)}", key=state.GO_SUBJECT, on_click=_select, args=("node", c.subject)
    )
    row.button(f"Object: {html_text(c.object_label)}", key=state.GO_OBJECT, on_click=_select, args=("node", c.object))


def _pattern(dashes: object, dot_style: str) -> str:
    return "solid" if not dashes else ("dotted" if dot_style == "dotted" else "dashed")


#: The legend drawn on the canvas (its button): the same grammar as the sidebar's legend, as data.
CANVAS_LEGEND: dict[str, Any] = {
    "types": {t: [s.symbol, s.color] for t, s in TYPE_STYLES.items()},
    "certainty": [[name, _pattern(s.dashes, s.dot_style), s.color] for name, s in CERTAINTY_STYLES.items()],
}


def legend() -> None:
    rows = [
        f'<span style="color:{s.color};font-size:1.1em">{html_text(s.symbol)}</span> {html_text(t)}'
        for t, s in TYPE_STYLES.items()
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
    for name, s in CERTAINTY_STYLES.items():
        lines.append(
            f'<div><span style="display:inline-block;width:3em;border-top:{max(2, int(s.width))}px '
            f"{_pattern(s.dashes, s.dot_style)} {s.color};"
            f'vertical-align:middle"></span> {html_text(name)} — <span style="color:#666">'
            f"{html_text(CERTAINTIES[name])}</span></div>"
        )
    lines.append(
        '<div><span style="color:#C0392B">⊣ red, “not …”</span> — a negated claim (the article says it does not hold)</div>'
    )
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

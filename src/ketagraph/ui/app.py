"""The Streamlit explorer page. ``app.py`` at the top of the repository calls :func:`main`.

Widgets become calls into the core (:mod:`ketagraph.query`, :mod:`ketagraph.present`,
:mod:`ketagraph.render`); what comes back is shown. The heavy, graph-sized data (the vis-network
payload, the article) only changes when the graph, the filters or the layout change; a click only
changes the small view state. Selection, filters, focus, layout and path live in the URL.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import streamlit as st

from ketagraph.build import EVIDENCE, LABEL, TYPE, build
from ketagraph.errors import Issue
from ketagraph.layout import (
    LABELLED_MAX,
    LAYOUTS,
    MIN_SCALE,
    PERSPECTIVES,
    compute_layout,
    default_perspective,
    perspective_graph,
)
from ketagraph.load import Corpus, load_corpus
from ketagraph.model import CERTAINTIES, ENTITY_TYPES, RELATIONS, SOURCE_KINDS
from ketagraph.present import (
    ClaimView,
    NodeView,
    article_data,
    claim_index,
    claim_view,
    details_data,
    html_text,
    node_view,
)
from ketagraph.query import Path as GraphPath
from ketagraph.query import filter_graph, find_paths, neighbourhood, search
from ketagraph.render import vis_payload
from ketagraph.style import CERTAINTY_STYLES, TYPE_STYLES
from ketagraph.ui import component, downloads, upload

__all__ = ["main"]

#: The sidebar's width at first (Streamlit's default, 300 px, left the canvas 54% of a 1280 px window).
SIDEBAR_PX = 244
#: The graph's least height; it grows to the window's height (the browser sizes it).
GRAPH_HEIGHT = 420
#: The page around the graph made compact: the graph is the page (no Deploy menu either, see
#: .streamlit/config.toml). Markup of ours, no data in it.
_PAGE_CSS = """<style>
[data-testid="stMainBlockContainer"] { padding: 2.4rem 0.9rem 1rem 0.9rem; max-width: none; }
[data-testid="stMainBlockContainer"] h3 { padding: 0; }
[data-testid="stMainBlockContainer"] [data-testid="stAlert"] > div { padding: 0.35rem 0.7rem; }
[data-testid="stMainBlockContainer"] [data-testid="stAlert"] p { font-size: 0.85rem; line-height: 1.35; }
@media (min-width: 768px) {
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] > [data-testid="stVerticalBlock"] > .st-key-kg_graph)
    > [data-testid="stColumn"]:first-child { flex: 1 1 0; min-width: 0; }
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] > [data-testid="stVerticalBlock"] > .st-key-kg_graph)
    > [data-testid="stColumn"]:last-child { flex: 0 0 clamp(216px, 17vw, 320px); min-width: 0; }
}
[data-testid="stSidebarUserContent"] { padding-top: 1rem; }
</style>"""
#: Up to this many claims the detail panel is built in the browser from data sent once (a click
#: then shows its quotes at once and re-sends nothing); above it, Python renders the selection.
CLIENT_DETAILS_MAX_CLAIMS = 3000
#: The panel Python renders (graphs above CLIENT_DETAILS_MAX_CLAIMS) lists every claim of a node
#: with up to PANEL_MAX_CLAIMS; a bigger hub shows PANEL_CLAIMS_PER_GROUP per relation, strongest
#: first, until "Show all" is pressed (the biggest hub of a 20k-claim benchmark graph, 2,174 claims,
#: took 2.4 s from click to quote and 3.3 MB per rerun).
PANEL_MAX_CLAIMS = 100
PANEL_CLAIMS_PER_GROUP = 20
ARTICLE_HEIGHT = 460
_CERTAINTY_BADGE = {
    "established": "#0072B2",
    "reported": "#009E73",
    "suggested": "#B07A00",
    "speculative": "#A0528A",
}

# ------------------------------------------------------------------ loading (cached)


@dataclass(frozen=True)
class Loaded:
    corpus: Corpus
    graph: nx.MultiDiGraph | None
    index: dict[str, tuple[str, str]]
    fingerprint: str


def _fingerprint(root: Path) -> str:
    """Changes whenever a file of the graph folder changes, so edits show up on the next rerun."""
    h = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            try:
                s = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            h.update(f"{dirpath}/{name}:{s.st_size}:{s.st_mtime_ns}\n".encode())
    return h.hexdigest()


@st.cache_resource(max_entries=8, show_spinner="Loading the graph…")
def _load(root: str, fingerprint: str) -> Loaded:
    corpus = load_corpus(root)
    graph = build(corpus) if corpus.ok else None
    return Loaded(corpus, graph, claim_index(graph) if graph is not None else {}, fingerprint)


@st.cache_data(max_entries=32, show_spinner="Laying out the graph…")
def _positions(root: str, fingerprint: str, layout: str, scene_key: tuple[Any, ...]) -> dict[str, tuple[float, float]]:
    """Positions of the scene (a perspective, grown and pruned by the user): it is laid out for
    itself, compact and legible; filters and focus then show a part of it at the same places."""
    loaded = _load(root, fingerprint)
    assert loaded.graph is not None
    return compute_layout(_scene(loaded.graph, *scene_key), layout)


def _scene(
    G: nx.MultiDiGraph, perspective: str, expanded: tuple[str, ...] = (), dismissed: tuple[str, ...] = ()
) -> nx.MultiDiGraph:
    """The perspective's entities, with the neighbours of the ``expanded`` ones (Bloom's *Expand*,
    a double-click) and without the ``dismissed`` ones (*Dismiss*)."""
    base = perspective_graph(G, perspective)
    if not expanded and not dismissed:
        return base
    keep = set(base)
    for n in expanded:
        if n in G:
            keep.add(n)
            keep.update(nx.all_neighbors(G, n))
    keep.difference_update(dismissed)
    H: nx.MultiDiGraph = G.subgraph(keep).copy()
    return H


# The payload, details and article are shared read-only by every session and rerun, so they are
# cached as resources: st.cache_data would unpickle a fresh copy on every rerun, which for a 20k-claim
# graph (an 8.9 MB payload, a 5 MB article) cost 0.3 s of every click.
@st.cache_resource(max_entries=64, show_spinner=False)
def _payload(root: str, fingerprint: str, layout: str, view_key: tuple[Any, ...]) -> dict[str, Any]:
    loaded = _load(root, fingerprint)
    assert loaded.graph is not None
    shown = _shown_graph(loaded.graph, view_key)
    return vis_payload(shown, _positions(root, fingerprint, layout, view_key[6:9]))


@st.cache_resource(max_entries=8, show_spinner=False)
def _details(root: str, fingerprint: str) -> dict[str, Any]:
    loaded = _load(root, fingerprint)
    assert loaded.graph is not None
    data = details_data(loaded.graph, loaded.corpus)
    data["badges"] = _CERTAINTY_BADGE
    data["types"] = {t: [s.symbol, s.color] for t, s in TYPE_STYLES.items()}
    return data


@st.cache_resource(max_entries=8, show_spinner=False)
def _article(root: str, fingerprint: str) -> dict[str, Any]:
    loaded = _load(root, fingerprint)
    assert loaded.graph is not None
    return article_data(loaded.graph, loaded.corpus)


_ALL: tuple[Any, ...] = ((), (), (), (), None, 1, "everything", (), ())


def _export_name(G: nx.MultiDiGraph, root: Path) -> str:
    name = str(G.graph.get("name") or root.name or "graph")
    return "ketagraph" if name == "graph" else f"ketagraph-{name}"


def _shown_graph(G: nx.MultiDiGraph, view_key: tuple[Any, ...]) -> nx.MultiDiGraph:
    types, relations, certainties, sources, focus, depth, perspective, expanded, dismissed = view_key
    H = filter_graph(
        _scene(G, perspective, expanded, dismissed),
        types=set(types) or None,
        relations=set(relations) or None,
        certainties=set(certainties) or None,
        sources=set(sources) or None,
    )
    if focus and focus in H:
        H = neighbourhood(H, focus, depth)
    return H


# ------------------------------------------------------------------ state


def _graph_dir(default: Path) -> Path:
    parser = argparse.ArgumentParser(prog="streamlit run app.py --", add_help=False)
    parser.add_argument("--graph", default=os.environ.get("KETAGRAPH_GRAPH") or str(default))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Path(args.graph)


_LIST_PARAMS = {"types": "kg_types", "relations": "kg_relations", "certainty": "kg_certainty", "sources": "kg_sources"}


def _init_state(G: nx.MultiDiGraph, index: dict[str, tuple[str, str]], sources: list[str]) -> None:
    """Read the URL into the session once, keeping only values that exist in this graph."""
    ss = st.session_state
    if ss.get("kg_init"):
        return
    ss.kg_init = True
    qp = st.query_params
    allowed = _allowed_filters(G, sources)
    for param, key in _LIST_PARAMS.items():
        values = [v for v in qp.get(param, "").split(",") if v in allowed[key]]
        ss[key] = values
    ss.kg_layout = qp.get("layout") if qp.get("layout") in LAYOUTS else "mechanism"
    ss.kg_perspective = qp.get("view") if qp.get("view") in PERSPECTIVES else default_perspective(G)
    ss.kg_expanded = [n for n in qp.get("expand", "").split(",") if n in G]
    ss.kg_dismissed = [n for n in qp.get("hide", "").split(",") if n in G]
    ss.kg_sel = None
    if qp.get("node") in G:
        ss.kg_sel = {"kind": "node", "id": qp["node"]}
    elif qp.get("claim") in index:
        ss.kg_sel = {"kind": "claim", "id": qp["claim"]}
    depth = qp.get("focus", "")
    ss.kg_focus = depth in {"1", "2", "3"}
    ss.kg_depth = int(depth) if ss.kg_focus else 1
    ss.kg_from = qp.get("from") if qp.get("from") in G else None
    ss.kg_to = qp.get("to") if qp.get("to") in G else None
    ss.kg_directed = qp.get("undirected") != "1"
    ss.kg_paths_open = bool(ss.kg_from or ss.kg_to)
    ss.kg_q = ""
    ss.kg_center = None
    ss.kg_nonce = 0


def _present_types(G: nx.MultiDiGraph) -> list[str]:
    found = {d.get(TYPE, "") for _, d in G.nodes(data=True)}
    return [t for t in ENTITY_TYPES if t in found]


def _present_relations(G: nx.MultiDiGraph) -> list[str]:
    found = {d["relation"] for _, _, d in G.edges(data=True)}
    return [r for r in RELATIONS if r in found]


def _allowed_filters(G: nx.MultiDiGraph, sources: list[str]) -> dict[str, list[str]]:
    return {
        "kg_types": _present_types(G),
        "kg_relations": _present_relations(G),
        "kg_certainty": list(CERTAINTIES),
        "kg_sources": sources,
    }


def _filters(G: nx.MultiDiGraph, sources: list[str]) -> dict[str, list[str]]:
    """The filter widgets' values that exist in this graph.

    The explorer runs before the sidebar's widgets in each script run, so after the graph folder
    changed (or a widget was not made last run) the session may hold values the graph no longer has.
    """
    ss = st.session_state
    return {
        key: [v for v in ss.get(key) or () if v in allowed] for key, allowed in _allowed_filters(G, sources).items()
    }


def _path_ends(G: nx.MultiDiGraph) -> tuple[str, str] | None:
    """The two entities to find paths between, while the sidebar's path section is open."""
    ss = st.session_state
    start, end = ss.get("kg_from"), ss.get("kg_to")
    if not ss.get("kg_paths_open") or start not in G or end not in G or start == end:
        return None
    return str(start), str(end)


def _sync_url(G: nx.MultiDiGraph, filters: dict[str, list[str]]) -> None:
    ss = st.session_state
    params: dict[str, str] = {}
    sel = ss.get("kg_sel")
    if sel:
        params["node" if sel["kind"] == "node" else "claim"] = sel["id"]
    for param, key in _LIST_PARAMS.items():
        if filters[key]:
            params[param] = ",".join(filters[key])
    if ss.get("kg_layout", "mechanism") != "mechanism":
        params["layout"] = ss.kg_layout
    if ss.get("kg_perspective", default_perspective(G)) != default_perspective(G):
        params["view"] = ss.kg_perspective
    for key, param in (("kg_expanded", "expand"), ("kg_dismissed", "hide")):
        if ss.get(key):
            params[param] = ",".join(ss[key])
    if ss.get("kg_focus"):
        params["focus"] = str(ss.get("kg_depth", 1))
    if ss.get("kg_paths_open"):
        for key, param in (("kg_from", "from"), ("kg_to", "to")):
            if ss.get(key) in G:
                params[param] = ss[key]
        if not ss.get("kg_directed", True):
            params["undirected"] = "1"
    if dict(st.query_params) != params:
        st.query_params.from_dict(params)


def _select(kind: str, ident: str, *, center: bool = False) -> None:
    ss = st.session_state
    ss.kg_sel = {"kind": kind, "id": ident}
    if center:
        ss.kg_nonce = ss.get("kg_nonce", 0) + 1
        ss.kg_center = {"id": ident, "n": ss.kg_nonce}


def _on_component_select(key: str) -> None:
    value = st.session_state.get(key) or {}
    picked = value.get("select") if isinstance(value, dict) else None
    if not isinstance(picked, dict):
        return
    ss = st.session_state
    if picked.get("kind") in {"expand", "dismiss"} and isinstance(picked.get("id"), str):
        key = "kg_expanded" if picked["kind"] == "expand" else "kg_dismissed"
        # A second double-click on a node collapses what the first one expanded.
        listed = list(ss.get(key) or [])
        ss[key] = [n for n in listed if n != picked["id"]] if picked["id"] in listed else [*listed, picked["id"]]
        if picked["kind"] == "dismiss" and (ss.get("kg_sel") or {}).get("id") == picked["id"]:
            ss.kg_sel = None
        elif picked["kind"] == "expand":
            # The double-click's first click selected the node (the panel shows it at once); its
            # trigger may be overtaken by this one, so the selection is made here too.
            _select("node", picked["id"])
    elif picked.get("kind") == "none":
        st.session_state.kg_sel = None
    elif picked.get("kind") in {"node", "claim"} and isinstance(picked.get("id"), str):
        _select(picked["kind"], picked["id"])


def _perspective(G: nx.MultiDiGraph) -> str:
    ss = st.session_state
    name = str(ss.get("kg_perspective"))
    return name if name in PERSPECTIVES else default_perspective(G)


def _scene_key(G: nx.MultiDiGraph) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    ss = st.session_state
    expanded = tuple(n for n in ss.get("kg_expanded") or () if n in G)
    dismissed = tuple(n for n in ss.get("kg_dismissed") or () if n in G)
    return _perspective(G), expanded, dismissed


def _outside_perspective(G: nx.MultiDiGraph, index: dict[str, tuple[str, str]], sel: dict[str, str] | None) -> bool:
    """Whether the selection (a search hit, a link, a button in the panel) is not in the scene."""
    if sel is None:
        return False
    scene = _scene(G, *_scene_key(G))
    ends = [sel["id"]] if sel["kind"] == "node" else list(index[sel["id"]])
    return any(n not in scene for n in ends)


def _on_search(G: nx.MultiDiGraph) -> None:
    found = search(G, st.session_state.get("kg_q", ""), limit=1)
    if found:
        _select("node", found[0], center=True)


# ------------------------------------------------------------------ rendering helpers


def _badge(certainty: str, polarity: str = "affirmed") -> str:
    color = _CERTAINTY_BADGE.get(certainty, "#666666")
    text = certainty + (" · negated" if polarity == "negated" else "")
    return (
        f'<span style="background:{color};color:#fff;border-radius:0.6em;padding:0.05em 0.55em;'
        f'font-size:0.8em;white-space:nowrap">{html_text(text)}</span>'
    )


def _claim_html(c: ClaimView, *, title: bool = True) -> str:
    out = []
    if title:
        out.append(f"<div><b>{html_text(c.sentence)}</b> {_badge(c.certainty, c.polarity)}</div>")
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


def _node_panel(v: NodeView) -> None:
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
        or all(len(claims) <= PANEL_CLAIMS_PER_GROUP for _, claims in v.groups)
        or st.session_state.get("kg_panel_all") == v.id
    )
    for heading, claims in v.groups:
        st.markdown(f"**{html_text(heading)}**", unsafe_allow_html=True)
        shown = claims if show_all else claims[:PANEL_CLAIMS_PER_GROUP]
        for c in shown:
            other = c.object_label if heading.endswith("→") else c.subject_label
            head = f"<div><b>{html_text(other)}</b> {_badge(c.certainty, c.polarity)}</div>"
            st.markdown(head + _claim_html(c, title=False), unsafe_allow_html=True)
            st.button("Select this claim", key=f"kg_pick_{v.id}_{c.id}", on_click=_select, args=("claim", c.id))
        if len(claims) > len(shown):
            st.caption(f"… and {len(claims) - len(shown)} more")
    if not show_all:
        st.button(
            f"Show all {v.claim_count} claims",
            key="kg_panel_all_button",
            on_click=lambda: st.session_state.update(kg_panel_all=v.id),
        )


def _claim_panel(c: ClaimView) -> None:
    # One element per part and a one-block row of buttons: each element is re-sent on every click.
    st.markdown("### Claim\n\n" + _claim_html(c), unsafe_allow_html=True)
    row = st.container(horizontal=True)
    # Button labels are Markdown too.
    row.button(
        f"Subject: {html_text(c.subject_label)}", key="kg_go_subject", on_click=_select, args=("node", c.subject)
    )
    row.button(f"Object: {html_text(c.object_label)}", key="kg_go_object", on_click=_select, args=("node", c.object))


#: The legend drawn on the canvas (its button): the same grammar as the sidebar's legend, as data.
_CANVAS_LEGEND: dict[str, Any] = {
    "types": {t: [s.symbol, s.color] for t, s in TYPE_STYLES.items()},
    "certainty": [
        [name, "solid" if not s.dashes else ("dotted" if s.dot_style == "dotted" else "dashed"), s.color]
        for name, s in CERTAINTY_STYLES.items()
    ],
}


def _legend() -> None:
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
        pattern = "solid" if not s.dashes else ("dotted" if s.dot_style == "dotted" else "dashed")
        lines.append(
            f'<div><span style="display:inline-block;width:3em;border-top:{max(2, int(s.width))}px {pattern} {s.color};'
            f'vertical-align:middle"></span> {html_text(name)} — <span style="color:#666">'
            f"{html_text(CERTAINTIES[name])}</span></div>"
        )
    lines.append(
        '<div><span style="color:#C0392B">⊣ red, “not …”</span> — a negated claim (the article says it does not hold)</div>'
    )
    st.markdown('<div style="font-size:0.85em">' + "".join(lines) + "</div>", unsafe_allow_html=True)


def _show_issues(issues: list[Issue], root: Path) -> None:
    errors = [i for i in issues if i.severity == "error"]
    count = f"{len(errors)} problem{'s' if len(errors) != 1 else ''}"
    if upload.current_root() is not None:  # a temporary copy the user cannot edit
        text = f"The uploaded graph has {count}. Fix them in your own copy of the folder and upload it again."
    else:
        text = f"The graph folder {html_text(root)} has {count}. Fix them and the page reloads the graph."
    st.error(text, icon="⚠️")
    st.code("\n".join(str(i) for i in issues), language=None, wrap_lines=True)


def _about(corpus: Corpus) -> None:
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


def _path_panel(G: nx.MultiDiGraph, index: dict[str, tuple[str, str]], paths: list[GraphPath]) -> GraphPath | None:
    ss = st.session_state
    if not paths:
        directed = ss.get("kg_directed", True)
        st.caption("No path within the hop limit" + (" following claim direction." if directed else "."))
        return None
    # Radio options are Markdown: the labels are escaped like any other data text.
    labels = [
        f"{i + 1}. "
        + html_text(" → ".join(str(G.nodes[n].get(LABEL, n)) for n in p.nodes))
        + f"  (weakest: {p.weakest})"
        for i, p in enumerate(paths)
    ]
    choice = st.radio("Paths", range(len(paths)), format_func=lambda i: labels[i], key="kg_path_choice")
    chosen = paths[choice or 0]
    for hop in chosen.hops:
        c = claim_view(G, None, hop.claims[0][0], index)
        arrow = " (against the claim's direction)" if hop.reversed else ""
        st.markdown(
            f"<div>{html_text(c.sentence)} {_badge(c.certainty, c.polarity)}{html_text(arrow)}</div>"
            f'<blockquote style="margin:0.2em 0 0.5em 0;border-left:3px solid #ccc;padding-left:0.6em">'
            f"“{html_text(c.evidence[0].quote)}”</blockquote>",
            unsafe_allow_html=True,
        )
    return chosen


# ------------------------------------------------------------------ page


def main(default_graph: Path | str = "graph") -> None:
    # A narrower sidebar (Streamlit's default is 300 px; the user can still drag or collapse it).
    st.set_page_config(
        page_title="ketagraph — claims as a graph", page_icon="🕸️", layout="wide", initial_sidebar_state=SIDEBAR_PX
    )
    from ketagraph.ui import curate  # curation mode: `streamlit run app.py -- --edit`; uploads stay read-only

    if curate.edit_requested():
        return curate.page(_graph_dir(Path(default_graph)))
    # First on the page: the browser starts fetching the component's script (vis-network included)
    # while the rest of the page, and the graph's data, are still on their way.
    component.boot(key="kg_boot")
    root = upload.current_root() or _graph_dir(Path(default_graph))
    loaded = _load(str(root), _fingerprint(root))
    corpus, G, index = loaded.corpus, loaded.graph, loaded.index

    st.html(_PAGE_CSS)
    if G is None:
        st.title("ketagraph")
        _show_issues(corpus.issues, root)
        with st.sidebar:
            upload.upload_section(root)
        st.stop()
    assert G is not None
    head, note = st.columns([1, 6], vertical_alignment="center")
    head.markdown("#### ketagraph")
    with note:
        _about(corpus)
    sources = sorted(corpus.sources)
    _init_state(G, index, sources)
    ss = st.session_state

    def fmt(n: str | None) -> str:
        return "—" if n is None else f"{G.nodes[n].get(LABEL, n)} ({G.nodes[n].get(TYPE, '')})"

    # The explorer fragment records what it shows, so "current view" exports match the screen even
    # after a click that reran only the fragment.
    shown: dict[str, Any] = ss.setdefault("kg_shown", {})

    # Everything a click changes is in one fragment: a click on the graph, the article or a button
    # in the panel reruns only this part, so the sidebar (its widgets, the legend) is not rebuilt and
    # re-sent. The graph and article data are re-sent only by reference.
    @st.fragment
    def explorer() -> None:
        sel = ss.kg_sel
        if sel and (
            (sel["kind"] == "node" and sel["id"] not in G) or (sel["kind"] == "claim" and sel["id"] not in index)
        ):
            sel = ss.kg_sel = None
        if _outside_perspective(G, index, sel):
            # What is selected is always on the canvas: show everything (the sidebar follows).
            ss.kg_perspective = "everything"
            ss.kg_dismissed = []
            st.rerun()
        focus_node = None
        if ss.get("kg_focus") and sel:
            focus_node = sel["id"] if sel["kind"] == "node" else index[sel["id"]][0]
        filters = _filters(G, sources)
        view_key = (
            tuple(sorted(filters["kg_types"])),
            tuple(sorted(filters["kg_relations"])),
            tuple(sorted(filters["kg_certainty"])),
            tuple(sorted(filters["kg_sources"])),
            focus_node,
            int(ss.get("kg_depth", 1)),
            *_scene_key(G),
        )
        layout = str(ss.get("kg_layout")) if ss.get("kg_layout") in LAYOUTS else "mechanism"
        payload = _payload(str(root), loaded.fingerprint, layout, view_key)
        shown["key"] = view_key

        ends = _path_ends(G)
        paths: list[GraphPath] = []
        if ends:
            paths = find_paths(G, *ends, max_hops=5, limit=12, directed=ss.get("kg_directed", True))

        left, right = st.columns([3, 1], gap="small")
        with left:
            n_nodes, n_edges = len(payload["nodes"]), len(payload["edges"])
            st.caption(
                f"Showing {n_nodes} of {G.number_of_nodes()} entities and {n_edges} of {G.number_of_edges()} claims "
                f"({html_text(PERSPECTIVES[view_key[6]][0])}). Click a node or an edge to read the article's "
                "words behind it; hover to see its neighbours."
            )
            component.graph_view(
                payload,
                key="kg_graph",
                height=GRAPH_HEIGHT,
                on_select=lambda: _on_component_select("kg_graph"),
                # Labels readable at first sight, a bigger scene panned; everything is an overview.
                min_scale=MIN_SCALE if n_nodes <= LABELLED_MAX and view_key[6] != "everything" else 0.0,
                legend=_CANVAS_LEGEND,
            )
        chosen: GraphPath | None = None
        client_details = G.number_of_edges() <= CLIENT_DETAILS_MAX_CLAIMS
        with right:
            panel = st.container(border=False)
            with panel:
                if ends:
                    st.markdown(
                        f"#### Paths: {html_text(fmt(ends[0]))} → {html_text(fmt(ends[1]))}", unsafe_allow_html=True
                    )
                    chosen = _path_panel(G, index, paths)
                    st.divider()
                if client_details:
                    component.details_view(
                        _details(str(root), loaded.fingerprint),
                        key="kg_details",
                        height=GRAPH_HEIGHT - 10,
                        on_select=lambda: _on_component_select("kg_details"),
                    )
                elif sel is None:
                    st.markdown(
                        "#### Nothing selected\nClick a node or an edge in the graph, a highlighted passage in the "
                        "article, or search for an entity in the sidebar."
                    )
                elif sel["kind"] == "node":
                    _node_panel(node_view(G, corpus, sel["id"], index))
                else:
                    _claim_panel(claim_view(G, corpus, sel["id"], index))
                if sel is not None and not client_details:
                    st.button("Clear selection", key="kg_clear", on_click=lambda: ss.update(kg_sel=None))

        view: dict[str, Any] = {
            "nodes": [],
            "edges": [],
            "claims": [],
            "center": ss.get("kg_center"),
            "selected": sel,
        }
        if chosen is not None:
            view["nodes"] = list(chosen.nodes)
            view["edges"] = [k for hop in chosen.hops for k, _, _ in hop.claims]
            view["claims"] = list(view["edges"])
            view["path"] = {"nodes": list(view["nodes"]), "edges": list(view["edges"])}
        if sel is not None:
            if sel["kind"] == "node":
                view["nodes"] = [*view["nodes"], sel["id"]] if chosen else [sel["id"]]
                if client_details:  # the browser knows a node's claims from the details data
                    view["claims_of"] = sel["id"]
                else:
                    view["claims"] = [k for _, _, k in G.in_edges(sel["id"], keys=True)] + [
                        k for _, _, k in G.out_edges(sel["id"], keys=True)
                    ]
            else:
                u, v = index[sel["id"]]
                view["nodes"] = [u, v]
                view["edges"] = [sel["id"]]
                view["claims"] = [sel["id"]]
            view["scroll"] = f"{sel['kind']}:{sel['id']}"
        component.view_state(view, key="kg_view")

        st.subheader("The article")
        article = _article(str(root), loaded.fingerprint)
        quoted = sum(len(d.get(EVIDENCE, ())) for _, _, d in G.edges(data=True))
        st.caption(
            f"{quoted} quotes highlighted by certainty (blue established, green reported, amber suggested, pink "
            "speculative); sentences with a dotted underline have no claim yet. Click a highlight to select its claim."
        )
        component.article_view(
            article, key="kg_article", height=ARTICLE_HEIGHT, on_select=lambda: _on_component_select("kg_article")
        )
        _sync_url(G, filters)

    def sidebar() -> None:
        with st.sidebar:
            upload.upload_section(root)
            st.header("Explore")
            st.text_input(
                "Search entities",
                key="kg_q",
                placeholder="label or alias, e.g. NMDA",
                on_change=_on_search,
                args=(G,),
                help="Press Enter to select and centre the best match.",
            )
            if ss.kg_q:
                matches = search(G, ss.kg_q, limit=8)
                if not matches:
                    st.caption("No entity matches.")
                for m in matches:
                    st.button(
                        html_text(fmt(m)),
                        key=f"kg_hit_{m}",
                        on_click=_select,
                        args=("node", m),
                        kwargs={"center": True},
                    )
            st.radio(
                "Perspective",
                list(PERSPECTIVES),
                key="kg_perspective",
                on_change=lambda: ss.update(kg_expanded=[], kg_dismissed=[]),
                format_func=lambda k: PERSPECTIVES[k][0].split(":")[0],
                help="\n\n".join(f"**{v[0].split(':')[0]}**: {v[0].split(': ', 1)[-1]}" for v in PERSPECTIVES.values()),
                horizontal=True,
            )
            st.radio(
                "Layout",
                list(LAYOUTS),
                key="kg_layout",
                format_func=lambda k: {"mechanism": "Layered"}.get(k, k.capitalize()),
                help="\n\n".join(f"**{k}**: {v}" for k, v in LAYOUTS.items()),
                horizontal=True,
            )
            st.subheader("Filter")
            st.multiselect("Entity types", _present_types(G), key="kg_types", placeholder="All types")
            st.multiselect("Relations", _present_relations(G), key="kg_relations", placeholder="All relations")
            st.multiselect("Certainty", list(CERTAINTIES), key="kg_certainty", placeholder="All certainties")
            if len(sources) > 1:
                st.multiselect(
                    "Sources",
                    sources,
                    key="kg_sources",
                    placeholder="All sources",
                    format_func=lambda s: corpus.sources[s].title,
                )
            st.subheader("Focus")
            st.toggle("Only the neighbourhood of the selection", key="kg_focus")
            st.radio("Depth", [1, 2, 3], key="kg_depth", horizontal=True, disabled=not ss.kg_focus)
            # Its two pickers list every entity (300 KB each at 20k claims): they are made only while
            # the section is open, and closing it clears the path.
            paths_section = st.expander("Paths between two entities", key="kg_paths_open", on_change="rerun")
            if paths_section.open:
                with paths_section:
                    # (Closing the section dropped these widgets' values.)
                    ss.setdefault("kg_directed", True)
                    ids = sorted(G.nodes, key=lambda n: str(G.nodes[n].get(LABEL, n)).casefold())
                    st.selectbox("From", [None, *ids], key="kg_from", format_func=fmt)
                    st.selectbox("To", [None, *ids], key="kg_to", format_func=fmt)
                    st.checkbox("Follow the direction of claims", key="kg_directed")
            with st.expander("Legend", expanded=True):
                _legend()
            downloads.export_section(G, lambda: _shown_graph(G, shown.get("key", _ALL)), _export_name(G, root))

    # The sidebar comes after the graph in the page's messages, so that the browser asks for the
    # component's script before the sidebar widgets' (Streamlit loads each widget's code on first
    # use): 0.4 s sooner to a drawn graph at 5k claims.
    try:
        explorer()
    finally:  # the sidebar also after an error, so the user can still change what led to it
        sidebar()

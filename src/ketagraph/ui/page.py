"""The explorer page's layout: the canvas and the detail panel, the article, the sidebar.

The page reads the session into a :class:`~ketagraph.ui.state.ViewState`, asks
:mod:`ketagraph.ui.loading` for the data of that view, places the components and panels, and writes
the view back to the URL. Everything a click changes is in one fragment (:func:`_explorer`), so a click
reruns only that part and the sidebar is not rebuilt and re-sent.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import networkx as nx
import streamlit as st

from ketagraph.build import LABEL, TYPE
from ketagraph.layout import LABELLED_MAX, LAYOUTS, MIN_SCALE, PERSPECTIVES
from ketagraph.model import CERTAINTIES
from ketagraph.panel import details_of
from ketagraph.query import Path as GraphPath
from ketagraph.query import find_paths, search
from ketagraph.ui import component, downloads, loading, panels, state, upload
from ketagraph.ui.loading import Loaded
from ketagraph.ui.markup import html_text
from ketagraph.ui.payloads import view_message
from ketagraph.ui.state import Allowed, ViewState

__all__ = ["ARTICLE_HEIGHT", "CLIENT_DETAILS_MAX_CLAIMS", "GRAPH_HEIGHT", "PAGE_CSS", "explorer_page"]

#: The graph's least height; it grows to the window's height (the browser sizes it).
GRAPH_HEIGHT = 420
ARTICLE_HEIGHT = 460
#: Up to this many claims the browser gets the detail panel's data for every node and claim once (a
#: click then shows its quotes at once and re-sends nothing); above it (21 MB of data at 20k
#: claims), the data of the selection alone, with each click (:func:`ketagraph.panel.details_of`).
#: The same browser code builds the panel either way.
CLIENT_DETAILS_MAX_CLAIMS = 3000
#: Seconds the server waits after the boot element on a session's first run (see ``explorer_page``).
BOOT_HEAD_START_S = 0.2
#: The page around the graph made compact: the graph is the page (no Deploy menu either, see
#: .streamlit/config.toml). A style sheet of ours, no data in it, sent twice: as ``st.html``, for the
#: page around the graph as soon as Streamlit has that element's code (loaded on first use), and with
#: the component's boot and graph mounts, which put it in the document's head before the graph is
#: sized. Sent as ``st.html`` alone, it sometimes came after the graph's first frame, and the drawing
#: jumped 114 px up the page under a pointer about to click it. The same rules twice change nothing.
PAGE_CSS = """
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
[data-testid="stHorizontalBlock"]:has(.st-key-kg_title) > [data-testid="stColumn"]:first-child {
  flex: 0 0 auto; width: auto; min-width: max-content; }
[data-testid="stHorizontalBlock"]:has(.st-key-kg_title) > [data-testid="stColumn"]:last-child { flex: 1 1 0; min-width: 0; }
"""


def _on_component_select(key: str) -> None:
    value = st.session_state.get(key) or {}
    state.apply_pick(st.session_state, value.get("select") if isinstance(value, dict) else None)


def _on_search(G: nx.MultiDiGraph) -> None:
    found = search(G, st.session_state.get(state.QUERY, ""), limit=1)
    if found:
        state.select(st.session_state, "node", found[0], center=True)


def _select(kind: str, ident: str, *, center: bool = False) -> None:
    state.select(st.session_state, kind, ident, center=center)


class _Page:
    """One run of the explorer page for a loaded graph."""

    def __init__(self, root: Path, loaded: Loaded) -> None:
        assert loaded.graph is not None
        self.root, self.loaded = root, loaded
        self.G: nx.MultiDiGraph = loaded.graph
        self.corpus, self.index = loaded.corpus, loaded.index
        assert loaded.allowed is not None
        self.allowed: Allowed = loaded.allowed

    def label(self, n: str | None) -> str:
        G = self.G
        return "—" if n is None else f"{G.nodes[n].get(LABEL, n)} ({G.nodes[n].get(TYPE, '')})"

    def view(self) -> ViewState:
        """The session's view of this graph; a selection the graph does not have is dropped."""
        ss = st.session_state
        view = ViewState.from_session(ss, self.allowed)
        if ss.get(state.SEL) is not None and view.selection is None:
            ss[state.SEL] = None
        return view

    def outside_scene(self, view: ViewState) -> bool:
        """Whether the selection (a search hit, a link, a button in the panel) is not in the scene."""
        sel = view.selection
        if sel is None:
            return False
        scene = loading.scene(self.G, view.scene)
        ends = [sel.id] if sel.kind == "node" else list(self.index[sel.id])
        return any(n not in scene for n in ends)

    # -------------------------------------------------------------- the fragment's parts

    def canvas(self, view: ViewState, payload: dict[str, Any]) -> None:
        G = self.G
        n_nodes, n_edges = len(payload["nodes"]), len(payload["edges"])
        st.caption(
            f"Showing {n_nodes} of {G.number_of_nodes()} entities and {n_edges} of {len(self.index)} claims "
            f"({html_text(PERSPECTIVES[view.perspective][0])}). Click a node or an edge to read the article's "
            "words behind it; hover to see its neighbours."
        )
        component.graph_view(
            payload,
            key=state.GRAPH,
            height=GRAPH_HEIGHT,
            on_select=lambda: _on_component_select(state.GRAPH),
            # Labels readable at first sight, a bigger scene panned; everything is an overview.
            min_scale=MIN_SCALE if n_nodes <= LABELLED_MAX and view.perspective != "everything" else 0.0,
            legend=panels.CANVAS_LEGEND,
            page_css=PAGE_CSS,
        )

    def detail_column(self, view: ViewState, client_details: bool) -> GraphPath | None:
        """The path panel (while two ends are chosen) and the detail panel; the path drawn, if any."""
        G, sel = self.G, view.selection
        chosen: GraphPath | None = None
        ends = view.path_ends()
        if ends:
            paths = find_paths(G, *ends, max_hops=5, limit=12, directed=view.directed)
            st.markdown(
                f"#### Paths: {html_text(self.label(ends[0]))} → {html_text(self.label(ends[1]))}",
                unsafe_allow_html=True,
            )
            chosen = panels.path_panel(G, self.index, paths, directed=view.directed)
            st.divider()
        if client_details:
            details = loading.details(str(self.root), self.loaded.fingerprint)
        else:
            everything = sel is not None and st.session_state.get(state.PANEL_ALL) == sel.id
            details = details_of(
                G, self.corpus, sel.kind if sel else "none", sel.id if sel else "", self.index, everything=everything
            )
        component.details_view(
            details,
            key=state.DETAILS,
            height=GRAPH_HEIGHT - 10,
            on_select=lambda: _on_component_select(state.DETAILS),
        )
        return chosen

    def article(self) -> None:
        st.subheader("The article")
        article = loading.article(str(self.root), self.loaded.fingerprint)
        quoted = sum(len(c.evidence) for c in self.corpus.claims)
        st.caption(
            f"{quoted} quotes highlighted by certainty (blue established, green reported, amber suggested, pink "
            "speculative); sentences with a dotted underline have no claim yet. Click a highlight to select its claim."
        )
        component.article_view(
            article, key=state.ARTICLE, height=ARTICLE_HEIGHT, on_select=lambda: _on_component_select(state.ARTICLE)
        )

    def explorer(self, shown: dict[str, Any]) -> None:
        ss = st.session_state
        view = self.view()
        if self.outside_scene(view):
            # What is selected is always on the canvas: show everything (the sidebar follows).
            ss[state.PERSPECTIVE] = "everything"
            ss[state.DISMISSED] = []
            st.rerun()
        key = view.view_key(self.index)
        payload = loading.payload(str(self.root), self.loaded.fingerprint, view.layout, key)
        shown["key"] = key
        client_details = len(self.index) <= CLIENT_DETAILS_MAX_CLAIMS
        left, right = st.columns([3, 1], gap="small")
        with left:
            self.canvas(view, payload)
        with right, st.container(border=False):
            chosen = self.detail_column(view, client_details)
        message = view_message(
            self.G, self.index, view.selection, chosen, client_details=client_details, center=ss.get(state.CENTER)
        )
        component.view_state(message, key=state.VIEW)
        self.article()
        params = view.to_query(self.allowed.default_perspective)
        if st.query_params.to_dict() != params:
            st.query_params.from_dict(params)

    # -------------------------------------------------------------- the sidebar

    def sidebar(self, shown_graph: Callable[[], nx.MultiDiGraph]) -> None:
        G, ss = self.G, st.session_state
        with st.sidebar:
            st.header("Explore")
            st.text_input(
                "Search entities",
                key=state.QUERY,
                placeholder="label or alias, e.g. NMDA",
                on_change=_on_search,
                args=(G,),
                help="Press Enter to select and centre the best match.",
            )
            if ss[state.QUERY]:
                matches = search(G, ss[state.QUERY], limit=8)
                if not matches:
                    st.caption("No entity matches.")
                for m in matches:
                    st.button(
                        html_text(self.label(m)),
                        key=f"{state.HIT}{m}",
                        on_click=_select,
                        args=("node", m),
                        kwargs={"center": True},
                    )
            st.radio(
                "Perspective",
                list(PERSPECTIVES),
                key=state.PERSPECTIVE,
                on_change=lambda: ss.update({state.EXPANDED: [], state.DISMISSED: []}),
                format_func=lambda k: PERSPECTIVES[k][0].split(":")[0],
                help="\n\n".join(f"**{v[0].split(':')[0]}**: {v[0].split(': ', 1)[-1]}" for v in PERSPECTIVES.values()),
                horizontal=True,
            )
            st.radio(
                "Layout",
                list(LAYOUTS),
                key=state.LAYOUT,
                format_func=lambda k: {"mechanism": "Layered"}.get(k, k.capitalize()),
                help="\n\n".join(f"**{k}**: {v}" for k, v in LAYOUTS.items()),
                horizontal=True,
            )
            st.subheader("Filter")
            allowed = self.allowed
            st.multiselect("Entity types", list(allowed.types), key=state.TYPES, placeholder="All types")
            st.multiselect("Relations", list(allowed.relations), key=state.RELATIONS_KEY, placeholder="All relations")
            st.multiselect("Certainty", list(CERTAINTIES), key=state.CERTAINTY, placeholder="All certainties")
            if len(allowed.sources) > 1:
                st.multiselect(
                    "Sources",
                    list(allowed.sources),
                    key=state.SOURCES,
                    placeholder="All sources",
                    format_func=lambda s: self.corpus.sources[s].title,
                )
            st.subheader("Focus")
            st.toggle("Only the neighbourhood of the selection", key=state.FOCUS)
            st.radio("Depth", [1, 2, 3], key=state.DEPTH, horizontal=True, disabled=not ss[state.FOCUS])
            # Its two pickers list every entity (300 KB each at 20k claims): they are made only while
            # the section is open, and closing it clears the path.
            paths_section = st.expander("Paths between two entities", key=state.PATHS_OPEN, on_change="rerun")
            if paths_section.open:
                with paths_section:
                    # (Closing the section dropped these widgets' values.)
                    ss.setdefault(state.DIRECTED, True)
                    ids = sorted(G.nodes, key=lambda n: str(G.nodes[n].get(LABEL, n)).casefold())
                    st.selectbox("From", [None, *ids], key=state.PATH_FROM, format_func=self.label)
                    st.selectbox("To", [None, *ids], key=state.PATH_TO, format_func=self.label)
                    st.checkbox("Follow the direction of claims", key=state.DIRECTED)
            with st.expander("Legend", expanded=True):
                panels.legend()
            downloads.export_section(G, shown_graph, loading.export_name(G, self.root), self.corpus)


def explorer_page(root: Path) -> None:
    """The explorer for the graph folder ``root`` (a broken one shows its problems)."""
    # First on the page: the browser starts fetching the component's script (vis-network included)
    # while the rest of the page, and the graph's data, are still on their way.
    component.boot(key=state.BOOT, page_css=PAGE_CSS)
    if not st.session_state.get(state.BOOTED):
        # A head start, once per session: the browser renders the boot element and asks for the
        # script before the rest of the page arrives. Sent at once, the page's other elements (the
        # sidebar's widgets above all) were rendered first, and the script was asked for 0.4-1 s
        # later (medians of 5-6 page loads, shipped and 5k graphs, on a busy 2-core machine).
        st.session_state[state.BOOTED] = True
        time.sleep(BOOT_HEAD_START_S)
    loaded = loading.load(str(root), loading.fingerprint(root))
    st.html(f"<style>{PAGE_CSS}</style>")
    if loaded.graph is None:
        st.title("ketagraph")
        panels.show_issues(loaded.corpus.issues, root, uploaded=upload.current_root() is not None)
        with st.sidebar:
            upload.upload_section(root)
        st.stop()
    page = _Page(root, loaded)
    head, note = st.columns([1, 6], vertical_alignment="center")
    head.container(key=state.TITLE).markdown("#### ketagraph")
    with note:
        panels.about(loaded.corpus)
    ss = st.session_state
    state.init_session(ss, st.query_params.to_dict(), page.allowed)
    # The explorer fragment records what it shows, so "current view" exports match the screen even
    # after a click that reran only the fragment.
    shown: dict[str, Any] = ss.setdefault(state.SHOWN, {})

    # Everything a click changes is in one fragment: a click on the graph, the article or a button
    # in the panel reruns only this part, so the sidebar (its widgets, the legend) is not rebuilt and
    # re-sent. The graph and article data are re-sent only by reference.
    @st.fragment
    def explorer() -> None:
        page.explorer(shown)

    # The sidebar's first element comes before the graph: the sidebar then takes its width before the
    # graph is sized, which was drawn across the whole window and then moved 244 px right. Its
    # widgets come after the graph in the page's messages, so that the browser asks for the
    # component's script before theirs (Streamlit loads each widget's code on first use): 0.4 s
    # sooner to a drawn graph at 5k claims.
    with st.sidebar:
        upload.upload_section(root)
    try:
        explorer()
    finally:  # the sidebar also after an error, so the user can still change what led to it
        page.sidebar(lambda: loading.shown_graph(page.G, shown.get("key", state.EVERYTHING)))

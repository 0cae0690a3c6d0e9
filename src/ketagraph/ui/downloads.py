"""Export downloads in the app: every registered format, for the whole graph or the current view.

The files are made only when a button is clicked (Streamlit calls the callable then), so the
page does not build nine exports on every rerun.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import streamlit as st

from ketagraph.corpus import Corpus
from ketagraph.export import FORMATS, ExportFormat

__all__ = ["export_section"]


def _maker(spec: ExportFormat, graph: Callable[[], nx.MultiDiGraph], corpus: Corpus | None) -> Callable[[], bytes]:
    return lambda: spec.make(graph(), corpus)


def export_section(
    whole: nx.MultiDiGraph, view: Callable[[], nx.MultiDiGraph], basename: str, corpus: Corpus | None = None
) -> None:
    """Download buttons for every format; a PNG of the drawing is in the graph's corner. With the
    ``corpus`` (the source texts), the HTML page shows each quote inside its paragraph."""
    section = st.expander("Export", key="kg_export_open", on_change="rerun")
    if not section.open:  # the buttons are made when it opens (a page load need not fetch their code)
        return
    with section:
        scope = st.radio(
            "Graph",
            ["whole", "view"],
            key="kg_export_scope",
            horizontal=True,
            format_func=lambda s: "Whole graph" if s == "whole" else "Current view",
            help="The current view is what the filters and focus leave on screen.",
        )
        graph: Callable[[], nx.MultiDiGraph] = (lambda: whole) if scope == "whole" else view
        name = basename if scope == "whole" else f"{basename}-view"
        # A row that wraps, each button as wide as its name: in three columns of the sidebar they
        # were cut to "cyt…", "cy…" (cytoscape and cypher could not be told apart).
        row = st.container(horizontal=True, gap="small")
        for fmt, spec in FORMATS.items():
            row.download_button(
                fmt,
                data=_maker(spec, graph, corpus),
                file_name=f"{name}{spec.suffix}",
                mime=spec.media_type,
                key=f"kg_dl_{fmt}",
                help=spec.description,
                on_click="ignore",
            )
        st.caption("PNG: the “Save PNG” button in the graph's corner saves what is on screen.")

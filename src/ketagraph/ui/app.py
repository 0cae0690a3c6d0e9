"""The Streamlit app's entry: ``app.py`` at the top of the repository calls :func:`main`.

It sets the page up and opens the explorer (:mod:`ketagraph.ui.page`) on the graph folder, or the
curation page with ``-- --edit``. The explorer's rooms: :mod:`ketagraph.ui.state` (session keys, the
view and its URL), :mod:`ketagraph.ui.loading` (cached data), :mod:`ketagraph.ui.payloads` (what the
browser gets), :mod:`ketagraph.ui.panels` and :mod:`ketagraph.ui.markup` (what Python draws).
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ketagraph.ui import loading, page, upload

__all__ = ["main"]

#: The sidebar's width at first (Streamlit's default, 300 px, left the canvas 54% of a 1280 px window).
SIDEBAR_PX = 244


def main(default_graph: Path | str = "graph") -> None:
    # A narrower sidebar (Streamlit's default is 300 px; the user can still drag or collapse it).
    st.set_page_config(
        page_title="ketagraph — claims as a graph", page_icon="🕸️", layout="wide", initial_sidebar_state=SIDEBAR_PX
    )
    from ketagraph.ui import curate  # curation mode: `streamlit run app.py -- --edit`; uploads stay read-only

    if curate.edit_requested():
        return curate.page(loading.graph_dir(Path(default_graph)))
    page.explorer_page(upload.current_root() or loading.graph_dir(Path(default_graph)))

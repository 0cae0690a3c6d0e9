"""The explorer component: vis-network and the article view inside Streamlit, with clicks coming back.

One Components-v2 component, mounted in three roles (see ``assets/explorer.js``): ``graph`` draws
the network, ``article`` shows the source text with its evidence spans, and ``view`` carries the
current selection to both. The graph's and article's data change only when the graph, filters or
layout change; a click changes only the tiny ``view`` data, so a rerun after a click re-sends
almost nothing (Streamlit replaces unchanged large messages by a reference to its cache).

vis-network comes from the installed pyvis. It is copied next to ``explorer.js`` into the
component's asset folder, which Streamlit serves over HTTP (declared in ``ketagraph/pyproject.toml``),
so the browser loads it once and caches it. Where the package folder is read-only the library is
inlined into the component's script instead (then it travels with the page's first message).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from ketagraph.render import vis_network_js

__all__ = [
    "ASSET_DIR",
    "article_view",
    "details_view",
    "graph_view",
    "served_from_assets",
    "view_state",
]

_LOG = logging.getLogger(__name__)

ASSET_DIR = Path(__file__).parent / "assets"
_VIS_TARGET = ASSET_DIR / "vis-network.min.js"
COMPONENT = "ketagraph.explorer"


def _copy_vis_into_assets() -> bool:
    """Put vis-network into the asset folder (atomically); False when the folder is not writable."""
    try:
        library = vis_network_js().encode("utf-8")
        if _VIS_TARGET.is_file() and _VIS_TARGET.read_bytes() == library:
            return True
        fd, tmp = tempfile.mkstemp(dir=ASSET_DIR, prefix=".vis-", suffix=".part")
        with os.fdopen(fd, "wb") as f:
            f.write(library)
        os.chmod(tmp, 0o644)
        os.replace(tmp, _VIS_TARGET)
        return True
    except OSError as e:
        _LOG.warning("ketagraph: cannot copy vis-network into %s (%s); inlining it instead", ASSET_DIR, e)
        return False


def _register() -> tuple[Callable[..., Any], bool]:
    if _copy_vis_into_assets():
        try:
            return st.components.v2.component(COMPONENT, js="explorer.js", css="explorer.css"), True
        except Exception as e:  # the manifest was not found (e.g. not installed): fall back
            _LOG.warning("ketagraph: asset folder not served (%s); inlining the component", e)
    script = vis_network_js() + (ASSET_DIR / "explorer.js").read_text("utf-8")
    css = (ASSET_DIR / "explorer.css").read_text("utf-8")
    return st.components.v2.component("ketagraph_explorer_inline", js=script, css=css), False


_mount, _SERVED = _register()


def served_from_assets() -> bool:
    """Whether the component's script and vis-network are served as cacheable files."""
    return _SERVED


def graph_view(payload: dict[str, Any], *, key: str, height: int, on_select: Callable[[], None]) -> Any:
    """Draw the vis-network ``payload``; a click on a node or edge calls ``on_select``."""
    return _mount(
        key=key,
        data={"role": "graph", "payload": payload, "height": height},
        on_select_change=on_select,
        height=height,
    )


def article_view(article: dict[str, Any], *, key: str, height: int, on_select: Callable[[], None]) -> Any:
    """Show the sources with their evidence spans; a click on a span calls ``on_select``."""
    return _mount(key=key, data={"role": "article", "height": height, **article}, on_select_change=on_select)


def details_view(details: dict[str, Any], *, key: str, height: int, on_select: Callable[[], None]) -> Any:
    """The detail panel, built in the browser from ``details`` (every node and claim, sent once)
    for the selection the ``view`` carries; its buttons call ``on_select``."""
    return _mount(key=key, data={"role": "details", "height": height, **details}, on_select_change=on_select)


def view_state(view: dict[str, Any], *, key: str) -> Any:
    """Send the selection / highlighted path to the graph and article (a few hundred bytes)."""
    return _mount(key=key, data={"role": "view", "view": view}, height=0)

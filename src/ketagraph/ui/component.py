"""The explorer component: vis-network and the article view inside Streamlit, with clicks coming back.

One Components-v2 component, mounted in several roles (see ``assets/explorer.js``): ``boot`` (first
on the page, so the browser starts loading the script at once), ``graph`` draws the network,
``article`` shows the source text with its evidence spans, ``details`` builds the detail panel in the
browser, and ``view`` carries the current selection to the others. The graph's and article's data
change only when the graph, filters or layout change; a click changes only the tiny ``view`` data,
so a rerun after a click re-sends almost nothing (Streamlit replaces unchanged large messages by a
reference to its cache).

The large data goes as bytes, serialised once per content (see :mod:`ketagraph.ui.wire`): handed
a dict, Streamlit would run ``json.dumps`` over it twice on every rerun (0.3 s a click at 20k claims).

The script (:mod:`ketagraph.ui.bundle`: vis-network, the shared panel code, the style sheet, then
``explorer.js``) is served over HTTP from the component's asset folder (declared in
``ketagraph/pyproject.toml``) as one file, ``explorer.bundle.js``, written there at import. One file,
so vis-network is ready the moment the component's code runs (a second request for it took 0.1-0.4 s
on a busy page load) and the styles are in force before anything is measured. Where the package
folder is read-only the bundle is inlined into the component instead (then it travels with the
page's first message).
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable
from typing import Any

import streamlit as st

from ketagraph import panel
from ketagraph.ui.bundle import ASSET_DIR, SOURCES, bundle_css, bundle_js
from ketagraph.ui.wire import encode, wire

__all__ = [
    "ASSET_DIR",
    "BUNDLE",
    "article_view",
    "boot",
    "bundle_css",
    "bundle_js",
    "details_view",
    "graph_view",
    "served_from_assets",
    "view_state",
]

_LOG = logging.getLogger(__name__)

BUNDLE = "explorer.bundle.js"
COMPONENT = "ketagraph.explorer"

_written_from: tuple[tuple[int, int], ...] | None = None  # the sources' (mtime, size) when the bundle was written


def _source_stamp() -> tuple[tuple[int, int], ...] | None:
    try:
        stats = [path.stat() for path in SOURCES]
    except OSError:
        return None
    return tuple((s.st_mtime_ns, s.st_size) for s in stats)


def _write_file(name: str, text: str) -> None:
    target = ASSET_DIR / name
    data = text.encode("utf-8")
    if target.is_file() and target.read_bytes() == data:
        return
    fd, tmp = tempfile.mkstemp(dir=ASSET_DIR, prefix=".bundle-", suffix=".part")
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, target)


def _write_bundle() -> bool:
    """Write the bundles into the asset folder (atomically); False when the folder is not writable."""
    global _written_from
    _written_from = _source_stamp()
    try:
        _write_file(BUNDLE, bundle_js())
        return True
    except OSError as e:
        _LOG.warning("ketagraph: cannot write %s into %s (%s); inlining it instead", BUNDLE, ASSET_DIR, e)
        return False


def _register() -> tuple[Callable[..., Any], bool]:
    if _write_bundle():
        try:
            return st.components.v2.component(COMPONENT, js=BUNDLE), True
        except Exception as e:  # the manifest was not found (e.g. not installed): fall back
            _LOG.warning("ketagraph: asset folder not served (%s); inlining the component", e)
    return st.components.v2.component("ketagraph_explorer_inline", js=bundle_js()), False


_mount, _SERVED = _register()


def served_from_assets() -> bool:
    """Whether the component's script (with vis-network) is served as a file, not inlined."""
    return _SERVED


def boot(*, key: str, page_css: str = "") -> Any:
    """Mount the component with no UI, first thing on the page, so that the browser loads its script
    and vis-network while the rest of the page (and the graph's data) is still on its way.

    ``page_css`` (a style sheet of ours for the page around the components) goes into the document's
    head as soon as the script runs (the graph mount carries it too: Streamlit may render either one
    first).

    An edited ``explorer.js`` (while developing) is bundled again here, once per page run.
    """
    if _SERVED and _source_stamp() != _written_from:
        _write_bundle()
    return _mount(key=key, data={"role": "boot", "pageCss": page_css}, height=0)


def graph_view(
    payload: dict[str, Any],
    *,
    key: str,
    height: int,
    on_select: Callable[[], None],
    min_scale: float = 0.0,
    legend: dict[str, Any] | None = None,
    page_css: str = "",
) -> Any:
    """Draw the vis-network ``payload``; a click on a node or edge calls ``on_select``.

    The graph is at least ``height`` pixels tall and grows to the window's height; fitting it never
    zooms out below ``min_scale`` (0: no floor), so that labels stay readable. ``legend`` (the
    grammar, :func:`ketagraph.style.legend_data`) is drawn on the canvas when its button is on.
    ``page_css`` is the page's style sheet (as for :func:`boot`), in force before the graph is sized.
    """
    data = wire(
        {
            "role": "graph",
            "payload": payload,
            "height": height,
            "minScale": min_scale,
            "legend": legend or {},
            "pageCss": page_css,
        },
        # The payload's own version, and what else the caller adds (constants of the page or
        # the curation page, which share the wire cache in one process).
        f"{payload['version']}:{min_scale}:{panel.data_version({'legend': legend or {}, 'pageCss': page_css})}",
    )
    return _mount(key=key, data=data, on_select_change=on_select)


def article_view(article: dict[str, Any], *, key: str, height: int, on_select: Callable[[], None]) -> Any:
    """Show the sources with their evidence spans; a click on a span calls ``on_select``."""
    data = wire({"role": "article", "height": height, **article}, article["version"])
    return _mount(key=key, data=data, on_select_change=on_select)


def details_view(details: dict[str, Any], *, key: str, height: int, on_select: Callable[[], None]) -> Any:
    """The detail panel, built in the browser from ``details`` (every node and claim, sent once)
    for the selection the ``view`` carries; its buttons call ``on_select``."""
    data = wire({"role": "details", "height": height, **details}, details["version"])
    return _mount(key=key, data=data, on_select_change=on_select)


def view_state(view: dict[str, Any], *, key: str) -> Any:
    """Send the selection / highlighted path to the graph and article (a few hundred bytes)."""
    return _mount(key=key, data=encode({"role": "view", "view": view}), height=0)

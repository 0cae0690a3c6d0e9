"""One standalone, offline, interactive HTML page: the graph to open from ``file://`` or to mail.

The page carries everything it needs: vis-network (read from the installed pyvis and inlined, its
``sourceMappingURL`` comment removed), the vis-network payload of :func:`ketagraph.render.vis_payload`
with the ``mechanism`` layout (so nodes sit where the app puts them and the browser does no
physics), the legend (:func:`ketagraph.style.legend_data`), a note on what the source is (a
clinic's marketing article: claims recorded as stated, not medical advice), the detail panel's data
(:func:`ketagraph.panel.details_data`) and the search index (:func:`ketagraph.query.search_index`).
The page's script is the explorer's own panel, legend, search and focus code
(``ketagraph/assets/shared.js``) followed by ``assets/page.js``; its stylesheet is ``shared.css``
and ``page.css``: click an entity or a claim, or find one by name, and the panel shows exactly what
the app's does, each quote inside its paragraph when the source texts are given (``corpus``).

Safety: the data is a ``<script type="application/json">`` block whose ``<``, ``>``, ``&``, U+2028
and U+2029 are written as ``\\u003c``-style escapes, so no label or quote can end the block; the
script puts data text into the page only with ``textContent``, never as HTML; links are made only
for ``http(s)`` URLs. A Content-Security-Policy allows just the page's own two scripts (by hash)
and its stylesheet, and no connection at all: the page makes no request, and an injected inline
handler would not run even if markup got in.

What it cannot represent: without ``corpus`` the source texts are not included (each quote is
shown alone, with its offsets and section); with it, only the paragraphs quotes come from are. At
400+ nodes no labels are drawn and nothing fades (the panel still has every claim), as in the app.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from collections.abc import Mapping
from typing import Any, BinaryIO

import networkx as nx

from ketagraph import render
from ketagraph.build import SOURCES, TYPE
from ketagraph.corpus import Corpus
from ketagraph.errors import ExportError, KetagraphError
from ketagraph.export._write import write_bytes
from ketagraph.layout import LABELLED_MAX, MIN_SCALE, compute_layout
from ketagraph.model import SOURCE_KINDS
from ketagraph.panel import ASSET_DIR, details_data, shared_css, shared_js
from ketagraph.query import search_index
from ketagraph.render import vis_payload
from ketagraph.style import legend_data

__all__ = ["generate_html", "page_css", "page_data", "page_js", "vis_network_js", "write_html"]

SUFFIXES = (".html", ".htm")
MEDIA_TYPE = "text/html"
DESCRIPTION = "standalone offline HTML page: click an entity or claim to read its quotes"
#: The page shows each quote inside its paragraph when given the source texts (``corpus``).
USES_TEXTS = True

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}

DISCLAIMER = (
    "Each claim is recorded as the article states it, with the article's own certainty; nothing here "
    "checks it against the medical literature, and nothing here is medical advice."
)


def page_js() -> str:
    """The page's script: the shared panel code and ``assets/page.js``, in one strict function."""
    js = '(function () {\n"use strict";\n' + shared_js() + (ASSET_DIR / "page.js").read_text("utf-8") + "})();\n"
    _check_inline_script(js, "the page script")
    return js


def page_css() -> str:
    """The page's stylesheet: the certainty palette, ``shared.css`` and ``assets/page.css``."""
    css = shared_css() + (ASSET_DIR / "page.css").read_text("utf-8")
    if "</style" in css.lower():
        raise ExportError("the page's stylesheet contains '</style' and cannot be inlined")
    return css


def vis_network_js() -> str:
    """vis-network from the installed pyvis (:func:`ketagraph.render.vis_network_js`), checked to
    be safe to inline in a ``<script>`` element."""
    try:
        js = render.vis_network_js()
    except KetagraphError as e:
        raise ExportError(str(e)) from None
    _check_inline_script(js, "vis-network")
    return js


def _check_inline_script(js: str, what: str) -> None:
    lowered = js.lower()
    if "</script" in lowered or "<!--" in lowered:
        raise ExportError(f"{what} contains '</script' or '<!--' and cannot be inlined in a page")


def json_for_script(data: Any) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">``.

    Examples
    --------
    >>> json_for_script({"label": "</script><b>&"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
    """
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    for ch, esc in _JSON_ESCAPES.items():
        text = text.replace(ch, esc)
    return text


def _title(G: nx.MultiDiGraph) -> str:
    sources: Mapping[str, Mapping[str, Any]] = G.graph.get(SOURCES) or {}
    titles = [str(sources[s].get("title") or s) for s in sorted(sources, key=str)]
    if len(titles) == 1:
        return f"Claims of “{titles[0]}”"
    if titles:
        return f"Claims of {len(titles)} articles"
    return f"Claims: {G.graph.get('name') or 'ketagraph'}"


def page_data(G: nx.MultiDiGraph, corpus: Corpus | None = None) -> dict[str, Any]:
    """Everything the page's script reads: the vis payload, the panel's data (each quote in its
    paragraph when ``corpus`` gives the texts), the legend, the search index, the sources."""
    positions = compute_layout(G, "mechanism")
    sources_meta: Mapping[str, Mapping[str, Any]] = G.graph.get(SOURCES) or {}
    sources = []
    for sid in sorted(sources_meta, key=str):
        meta = sources_meta[sid]
        kind = str(meta.get("kind") or "")
        sources.append(
            {
                "id": str(sid),
                "title": str(meta.get("title") or sid),
                "publisher": str(meta.get("publisher") or ""),
                "kind": kind,
                "kindText": SOURCE_KINDS.get(kind, kind),
                "url": str(meta.get("url") or ""),
            }
        )
    return {
        "title": _title(G),
        "disclaimer": DISCLAIMER,
        "vis": vis_payload(G, positions),
        # The first view fits, but never below the zoom at which labels are drawn at 11 px (a
        # bigger graph is panned); as in the explorer.
        "minScale": MIN_SCALE if G.number_of_nodes() <= LABELLED_MAX else 0,
        "details": details_data(G, corpus),
        "legend": legend_data({str(d.get(TYPE, "")) for _, d in G.nodes(data=True)}),
        "search": search_index(G),
        "sources": sources,
    }


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def generate_html(G: nx.MultiDiGraph, corpus: Corpus | None = None) -> bytes:
    """The standalone page of ``G`` (UTF-8 bytes), deterministic; with ``corpus`` (the graph's
    source texts) the panel shows each quote inside its paragraph, as the app does.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="<b>A</b>", type="drug")
    >>> page = generate_html(G).decode()
    >>> "<b>A</b>" in page, "\\\\u003cb\\\\u003eA" in page
    (False, True)
    """
    vis_js = vis_network_js()
    app_js = page_js()
    css = page_css()
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_hash(vis_js)} {_hash(app_js)}",
            f"style-src {_hash(css)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    values = {
        "CSP": csp,
        "CSS": css,
        "DATA": json_for_script(page_data(G, corpus)),
        "VIS": vis_js,
        "APP": app_js,
    }
    # One pass over the template: text put in is never scanned for markers again.
    return _MARKER.sub(lambda m: values[m.group(1)], _PAGE).encode("utf-8")


def write_html(G: nx.MultiDiGraph, dest: str | os.PathLike[str] | BinaryIO, corpus: Corpus | None = None) -> None:
    """Write the standalone page of ``G`` to a path (atomically) or a binary stream."""
    write_bytes(dest, generate_html(G, corpus))


# The page; @NAME@ markers are filled in by ``generate_html``.
_MARKER = re.compile(r"@(CSP|CSS|DATA|VIS|APP)@")
_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@CSP@">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="ketagraph">
<link rel="icon" href="data:,">
<title>ketagraph</title>
<style>@CSS@</style>
</head>
<body>
<header class="kg-header">
  <h1 id="kg-title">ketagraph</h1>
  <p id="kg-about" class="kg-about"></p>
  <div class="kg-search"><label for="kg-search">Find an entity</label>
    <input id="kg-search" type="search" list="kg-entities" autocomplete="off" placeholder="label or alias, then Enter">
    <datalist id="kg-entities"></datalist></div>
</header>
<main class="kg-main">
  <div id="kg-graph" class="kg-graph" aria-label="The claim graph: click an entity or a claim"></div>
  <aside class="kg-side">
    <section id="kg-details" class="kg-panel" aria-live="polite"></section>
    <details open><summary>Legend</summary><div id="kg-legend" class="kg-legend"></div></details>
  </aside>
</main>
<noscript><p class="kg-noscript">This page draws the graph with JavaScript; turn it on to explore.</p></noscript>
<script type="application/json" id="kg-data">@DATA@</script>
<script>@VIS@</script>
<script>@APP@</script>
</body>
</html>
"""

"""One standalone, offline, interactive HTML page: the graph to open from ``file://`` or to mail.

The page carries everything it needs: vis-network (read from the installed pyvis and inlined, its
``sourceMappingURL`` comment removed), the vis-network payload of :func:`ketagraph.render.vis_payload`
with the ``mechanism`` layout (so nodes sit where the app puts them and the browser does no
physics), the legend of :mod:`ketagraph.style`, a note on what the source is (a clinic's marketing
article: claims recorded as stated, not medical advice) and every claim with its quotes. Click an
entity or a claim, or search by name, to read the claims, their certainty and the verbatim quotes
in the side panel.

Safety: the data is a ``<script type="application/json">`` block whose ``<``, ``>``, ``&``, U+2028
and U+2029 are written as ``\\u003c``-style escapes, so no label or quote can end the block; the
script puts data text into the page only with ``textContent``, never as HTML; links are made only
for ``http(s)`` URLs. A Content-Security-Policy allows just the page's own two scripts (by hash)
and its stylesheet, and no connection at all: the page makes no request, and an injected inline
handler would not run even if markup got in.

What it cannot represent: the source texts are not included (quotes carry their offsets and
section, not the surrounding passage), and at 400+ nodes edge labels are left out of the drawing
(they stay in the panel), as in the app.
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
from ketagraph.build import (
    ALIASES,
    CERTAINTY,
    EVIDENCE,
    LABEL,
    NOTE,
    POLARITY,
    QUALIFIERS,
    RELATION,
    SOURCES,
    TYPE,
    XREFS,
)
from ketagraph.build import DESCRIPTION as DESCRIPTION_ATTR
from ketagraph.errors import ExportError, KetagraphError
from ketagraph.export._flatten import sorted_edges, sorted_nodes
from ketagraph.export._write import write_bytes
from ketagraph.layout import LABELLED_MAX, MIN_SCALE, compute_layout
from ketagraph.model import CERTAINTIES, CERTAINTY_RANK, ENTITY_TYPES, RELATIONS, SOURCE_KINDS, xref_iri
from ketagraph.render import vis_payload
from ketagraph.style import CERTAINTY_STYLES, LAYERS, NEGATED_COLOR, edge_label, type_style

__all__ = ["generate_html", "page_data", "vis_network_js", "write_html"]

SUFFIXES = (".html", ".htm")
MEDIA_TYPE = "text/html"
DESCRIPTION = "standalone offline HTML page: click an entity or claim to read its quotes"

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}

DISCLAIMER = (
    "Each claim is recorded as the article states it, with the article's own certainty; nothing here "
    "checks it against the medical literature, and nothing here is medical advice."
)


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


def page_data(G: nx.MultiDiGraph) -> dict[str, Any]:
    """Everything the page's script reads: the vis payload, entities, claims, sources, legend."""
    positions = compute_layout(G, "mechanism")
    entities: dict[str, Any] = {}
    for n in sorted_nodes(G):
        d = G.nodes[n]
        t = str(d.get(TYPE, ""))
        entities[str(n)] = {
            "label": str(d.get(LABEL, n)),
            "type": t,
            "typeMeaning": ENTITY_TYPES.get(t, ""),
            "description": str(d.get(DESCRIPTION_ATTR) or ""),
            "aliases": [str(a) for a in d.get(ALIASES) or []],
            "xrefs": [{"curie": str(x), "iri": xref_iri(str(x))} for x in d.get(XREFS) or []],
        }
    claims: dict[str, Any] = {}
    by_entity: dict[str, list[str]] = {str(n): [] for n in G.nodes}
    for u, v, key in sorted_edges(G):
        d = G.edges[u, v, key]
        relation = str(d.get(RELATION, ""))
        qualifiers = d.get(QUALIFIERS) or {}
        claims[str(key)] = {
            "subject": str(u),
            "object": str(v),
            "relation": relation,
            "reading": edge_label(relation, str(d.get(POLARITY, ""))),
            "relationMeaning": RELATIONS.get(relation, ""),
            "certainty": str(d.get(CERTAINTY, "")),
            "polarity": str(d.get(POLARITY, "")),
            "qualifiers": [[str(k), str(qualifiers[k])] for k in sorted(qualifiers, key=str)],
            "note": str(d.get(NOTE) or ""),
            "evidence": [
                {
                    "source": str(ev.get("source", "")),
                    "quote": str(ev.get("quote", "")),
                    "start": ev.get("start"),
                    "end": ev.get("end"),
                    "section": str(ev.get("section") or ""),
                }
                for ev in d.get(EVIDENCE) or []
            ],
        }
        by_entity[str(u)].append(str(key))
        if v != u:
            by_entity[str(v)].append(str(key))
    for ids in by_entity.values():
        ids.sort(key=lambda c: (CERTAINTY_RANK.get(claims[c]["certainty"], 99), c))
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
                "description": str(meta.get("description") or ""),
            }
        )
    types = sorted({e["type"] for e in entities.values()}, key=lambda t: (LAYERS.get(t, 99), t))
    legend = {
        "types": [
            {
                "type": t,
                "meaning": ENTITY_TYPES.get(t, ""),
                "color": type_style(t).color,
                "border": type_style(t).border,
                "symbol": type_style(t).symbol,
            }
            for t in types
        ],
        "certainties": [
            {
                "certainty": c,
                "meaning": CERTAINTIES[c],
                "dashes": list(s.dashes) if isinstance(s.dashes, tuple) else [],
                "width": s.width,
                "color": s.color,
            }
            for c, s in CERTAINTY_STYLES.items()
        ],
        "negatedColor": NEGATED_COLOR,
    }
    return {
        "title": _title(G),
        "disclaimer": DISCLAIMER,
        "vis": vis_payload(G, positions),
        # The first view fits, but never below the zoom at which labels are drawn at 11 px (a
        # bigger graph is panned); as in the explorer.
        "minScale": MIN_SCALE if G.number_of_nodes() <= LABELLED_MAX else 0,
        "entities": entities,
        "claims": claims,
        "claimsByEntity": by_entity,
        "sources": sources,
        "legend": legend,
    }


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def generate_html(G: nx.MultiDiGraph) -> bytes:
    """The standalone page of ``G`` (UTF-8 bytes), deterministic.

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
    _check_inline_script(_APP_JS, "the page script")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_hash(vis_js)} {_hash(_APP_JS)}",
            f"style-src {_hash(_CSS)}",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    values = {
        "CSP": csp,
        "CSS": _CSS,
        "DATA": json_for_script(page_data(G)),
        "VIS": vis_js,
        "APP": _APP_JS,
    }
    # One pass over the template: text put in is never scanned for markers again.
    return _MARKER.sub(lambda m: values[m.group(1)], _PAGE).encode("utf-8")


def write_html(G: nx.MultiDiGraph, dest: str | os.PathLike[str] | BinaryIO) -> None:
    """Write the standalone page of ``G`` to a path (atomically) or a binary stream."""
    write_bytes(dest, generate_html(G))


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
    <input id="kg-search" type="search" list="kg-entities" autocomplete="off" placeholder="name or alias, then Enter">
    <datalist id="kg-entities"></datalist></div>
</header>
<main class="kg-main">
  <div id="kg-graph" class="kg-graph" aria-label="The claim graph: click an entity or a claim"></div>
  <aside class="kg-side">
    <section id="kg-details" class="kg-details" aria-live="polite"></section>
    <details class="kg-legend" open><summary>Legend</summary><div id="kg-legend"></div></details>
  </aside>
</main>
<noscript><p class="kg-noscript">This page draws the graph with JavaScript; turn it on to explore.</p></noscript>
<script type="application/json" id="kg-data">@DATA@</script>
<script>@VIS@</script>
<script>@APP@</script>
</body>
</html>
"""

_CSS = """
:root { color-scheme: light; --ink: #1f1f1f; --muted: #5a5a5a; --line: #d9d9d9; --panel: #fafafa; }
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink);
  display: flex; flex-direction: column; }
.kg-header { padding: 8px 16px; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap;
  align-items: baseline; gap: 4px 24px; }
.kg-header h1 { font-size: 18px; margin: 0; }
.kg-about { margin: 0; color: var(--muted); flex: 1 1 420px; font-size: 13px; }
.kg-about strong { color: #8a3c00; }
.kg-search label { font-size: 12px; color: var(--muted); margin-right: 6px; }
.kg-search input { font: inherit; padding: 3px 6px; width: 240px; }
.kg-main { flex: 1; display: flex; min-height: 0; }
.kg-graph { flex: 1; min-width: 0; position: relative; background: #fff; }
.kg-side { width: 400px; max-width: 45vw; border-left: 1px solid var(--line); background: var(--panel);
  overflow-y: auto; padding: 12px 16px; }
.kg-details h2 { font-size: 17px; margin: 0 0 2px; overflow-wrap: anywhere; }
.kg-details h3 { font-size: 14px; margin: 16px 0 6px; }
.kg-hint, .kg-muted { color: var(--muted); }
.kg-type { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; border: 1px solid;
  margin-right: 6px; }
.kg-claim { background: #fff; border: 1px solid var(--line); border-left: 4px solid #2b2b2b; border-radius: 4px;
  padding: 8px 10px; margin: 8px 0; }
.kg-claim.kg-reported { border-left-style: dashed; }
.kg-claim.kg-suggested { border-left-style: dashed; border-left-color: #6e6e6e; }
.kg-claim.kg-speculative { border-left-style: dotted; border-left-color: #8c8c8c; }
.kg-claim.kg-negated { border-left-color: #c0392b; }
.kg-claim-head { margin: 0 0 4px; overflow-wrap: anywhere; }
.kg-rel { font-style: italic; }
.kg-link { font: inherit; color: #0b5cad; background: none; border: 0; padding: 0; cursor: pointer;
  text-decoration: underline; text-align: left; overflow-wrap: anywhere; }
.kg-badge { display: inline-block; font-size: 12px; padding: 0 6px; border-radius: 10px; background: #eee;
  margin-right: 6px; }
.kg-badge.kg-neg { background: #c0392b; color: #fff; }
.kg-meta, .kg-qual, .kg-note, .kg-id { margin: 2px 0; font-size: 12px; color: var(--muted); overflow-wrap: anywhere; }
.kg-quote { margin: 6px 0 2px; padding: 4px 8px; border-left: 3px solid #c8c8c8; background: #f6f6f2;
  white-space: pre-wrap; overflow-wrap: anywhere; }
.kg-cite { margin: 0 0 6px 8px; font-size: 12px; color: var(--muted); }
.kg-legend summary { cursor: pointer; font-weight: 600; margin-top: 12px; }
.kg-legend ul { list-style: none; padding: 0; margin: 4px 0; }
.kg-legend li { display: flex; align-items: center; gap: 8px; margin: 2px 0; font-size: 12px; }
.kg-swatch { width: 16px; text-align: center; font-size: 15px; line-height: 1; }
.kg-noscript { padding: 16px; }
.vis-tooltip { position: absolute; visibility: hidden; padding: 5px; white-space: pre-wrap; max-width: 420px;
  font: 13px/1.4 system-ui, sans-serif; color: #000; background-color: #f5f4ed; border: 1px solid #808074;
  border-radius: 3px; box-shadow: 3px 3px 10px rgba(0,0,0,.2); pointer-events: none; z-index: 5; }
"""

_APP_JS = r"""
(function () {
  "use strict";
  var DATA = JSON.parse(document.getElementById("kg-data").textContent);
  var details = document.getElementById("kg-details");
  var SVG = "http://www.w3.org/2000/svg";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.appendChild(document.createTextNode(String(text))); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function httpUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }
  function link(text, url) {
    var safe = httpUrl(url);
    if (!safe) { return el("span", null, text); }
    var a = el("a", null, text);
    a.href = safe;
    a.rel = "noopener noreferrer";
    a.target = "_blank";
    return a;
  }
  function label(id) { var e = DATA.entities[id]; return e ? e.label : id; }

  // Header: title and the note on what the source is.
  document.title = DATA.title + " · ketagraph";
  document.getElementById("kg-title").textContent = DATA.title;
  var about = document.getElementById("kg-about");
  DATA.sources.forEach(function (s) {
    about.appendChild(el("strong", null, "About this source: "));
    about.appendChild(link("“" + s.title + "”", s.url));
    about.appendChild(document.createTextNode(
      (s.publisher ? ", " + s.publisher : "") + (s.kindText ? " — " + s.kindText + ". " : ". ")));
  });
  about.appendChild(document.createTextNode(DATA.disclaimer));

  // Legend, from the same tables as the app.
  var legend = document.getElementById("kg-legend");
  var types = el("ul");
  DATA.legend.types.forEach(function (t) {
    var li = el("li");
    var sw = el("span", "kg-swatch", t.symbol);
    sw.style.color = t.color;
    li.appendChild(sw);
    var name = el("span", null, t.type);
    name.title = t.meaning;
    li.appendChild(name);
    types.appendChild(li);
  });
  legend.appendChild(types);
  var lines = el("ul");
  function lineSample(color, width, dashes) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "36");
    svg.setAttribute("height", "10");
    var ln = document.createElementNS(SVG, "line");
    ln.setAttribute("x1", "1"); ln.setAttribute("y1", "5"); ln.setAttribute("x2", "35"); ln.setAttribute("y2", "5");
    ln.setAttribute("stroke", color);
    ln.setAttribute("stroke-width", String(width));
    if (dashes && dashes.length) { ln.setAttribute("stroke-dasharray", dashes.join(" ")); }
    svg.appendChild(ln);
    return svg;
  }
  DATA.legend.certainties.forEach(function (c) {
    var li = el("li");
    li.appendChild(lineSample(c.color, c.width, c.dashes));
    var name = el("span", null, c.certainty + ": " + c.meaning);
    li.appendChild(name);
    lines.appendChild(li);
  });
  var neg = el("li");
  neg.appendChild(lineSample(DATA.legend.negatedColor, 2, []));
  neg.appendChild(el("span", null, "negated: the article says it does not hold (bar-shaped head, “not”)"));
  lines.appendChild(neg);
  legend.appendChild(lines);

  // The network.
  var container = document.getElementById("kg-graph");
  var nodes = new vis.DataSet(DATA.vis.nodes);
  var edges = new vis.DataSet(DATA.vis.edges);
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, DATA.vis.options);
  function fitView() {
    var options = {maxZoomLevel: 1.5};
    if (DATA.minScale > 0) { options.minZoomLevel = DATA.minScale; }
    network.fit(options);
  }
  network.once("afterDrawing", fitView);
  window.addEventListener("resize", function () { setTimeout(fitView, 50); });

  // Focus + context, as in the explorer: hovering or selecting a node fades what is not within one
  // hop (labels kept) and writes the relation on its claims; a drug's faint claims show.
  var base = {};
  DATA.vis.edges.forEach(function (e) { base[e.id] = e; });
  var labelled = DATA.vis.nodes.length <= 400;
  function fade(ids, edgeIds) {
    if (!labelled) { return; }
    var keepNodes = {}, keepEdges = {}, any = ids.length + edgeIds.length > 0;
    ids.forEach(function (id) {
      keepNodes[id] = true;
      network.getConnectedEdges(id).forEach(function (eid) { keepEdges[eid] = true; });
    });
    edgeIds.forEach(function (eid) { keepEdges[eid] = true; });
    Object.keys(keepEdges).forEach(function (eid) {
      var e = base[eid];
      if (e) { keepNodes[e.from] = true; keepNodes[e.to] = true; }
    });
    nodes.update(DATA.vis.nodes.map(function (n) {
      return {id: n.id, opacity: !any || keepNodes[n.id] ? 1 : 0.22};
    }));
    edges.update(DATA.vis.edges.map(function (e) {
      var on = any && keepEdges[e.id];
      var color = {color: e.color.color};
      color.opacity = on ? 1 : any ? 0.08 : (e.color.opacity === undefined ? 1 : e.color.opacity);
      return {id: e.id, color: color, label: on && e.relation ? e.relation : undefined};
    }));
  }
  function fadeToSelection() { var s = network.getSelection(); fade(s.nodes, s.edges); }
  network.on("hoverNode", function (p) { fade([p.node], []); });
  network.on("blurNode", fadeToSelection);
  network.on("select", fadeToSelection);
  network.on("deselectNode", fadeToSelection);
  network.on("deselectEdge", fadeToSelection);

  function entityButton(id) {
    var b = el("button", "kg-link", label(id));
    b.type = "button";
    b.addEventListener("click", function () { select(id, true); });
    return b;
  }

  function claimBlock(cid) {
    var c = DATA.claims[cid];
    var box = el("article", "kg-claim kg-" + c.certainty + (c.polarity === "negated" ? " kg-negated" : ""));
    var head = el("p", "kg-claim-head");
    head.appendChild(entityButton(c.subject));
    var rel = el("span", "kg-rel", " " + c.reading + " ");
    rel.title = c.relationMeaning;
    head.appendChild(rel);
    head.appendChild(entityButton(c.object));
    box.appendChild(head);
    var meta = el("p", "kg-meta");
    var badge = el("span", "kg-badge", c.certainty);
    var cert = DATA.legend.certainties.filter(function (x) { return x.certainty === c.certainty; })[0];
    if (cert) { badge.title = cert.meaning; }
    meta.appendChild(badge);
    if (c.polarity === "negated") { meta.appendChild(el("span", "kg-badge kg-neg", "negated")); }
    meta.appendChild(document.createTextNode(c.evidence.length + (c.evidence.length === 1 ? " quote" : " quotes")));
    box.appendChild(meta);
    if (c.qualifiers.length) {
      box.appendChild(el("p", "kg-qual", c.qualifiers.map(function (q) { return q[0] + ": " + q[1]; }).join("; ")));
    }
    c.evidence.forEach(function (ev) {
      box.appendChild(el("blockquote", "kg-quote", ev.quote));
      var src = DATA.sources.filter(function (s) { return s.id === ev.source; })[0];
      var where = [src ? src.title : ev.source];
      if (ev.section) { where.push(ev.section); }
      if (typeof ev.start === "number" && ev.start >= 0) { where.push("characters " + ev.start + "–" + ev.end); }
      box.appendChild(el("p", "kg-cite", "— " + where.join(" · ")));
    });
    if (c.note) { box.appendChild(el("p", "kg-note", "Curator’s note: " + c.note)); }
    var idline = el("p", "kg-id", "claim " + cid + " ");
    var show = el("button", "kg-link", "show in graph");
    show.type = "button";
    show.addEventListener("click", function () { selectClaim(cid); });
    idline.appendChild(show);
    box.appendChild(idline);
    return box;
  }

  function showHint() {
    clear(details);
    details.appendChild(el("p", "kg-hint",
      "Click an entity or a claim (an arrow) to read what the article says, with its certainty and the verbatim quotes."));
  }

  function showEntity(id) {
    var e = DATA.entities[id];
    if (!e) { showHint(); return; }
    clear(details);
    details.appendChild(el("h2", null, e.label));
    var line = el("p");
    var style = DATA.legend.types.filter(function (t) { return t.type === e.type; })[0];
    var type = el("span", "kg-type", e.type);
    if (style) { type.style.borderColor = style.color; type.style.color = style.border; }
    line.appendChild(type);
    if (e.typeMeaning) { line.appendChild(el("span", "kg-muted", e.typeMeaning)); }
    details.appendChild(line);
    if (e.description) { details.appendChild(el("p", null, e.description)); }
    if (e.aliases.length) { details.appendChild(el("p", "kg-muted", "Also called: " + e.aliases.join("; "))); }
    if (e.xrefs.length) {
      var xr = el("p", "kg-muted", "Identifiers: ");
      e.xrefs.forEach(function (x, i) {
        if (i) { xr.appendChild(document.createTextNode(", ")); }
        xr.appendChild(link(x.curie, x.iri));
      });
      details.appendChild(xr);
    }
    var ids = DATA.claimsByEntity[id] || [];
    details.appendChild(el("h3", null, ids.length + (ids.length === 1 ? " claim" : " claims")));
    ids.forEach(function (cid) { details.appendChild(claimBlock(cid)); });
  }

  function showClaim(cid) {
    if (!DATA.claims[cid]) { showHint(); return; }
    clear(details);
    details.appendChild(el("h2", null, "Claim"));
    details.appendChild(claimBlock(cid));
  }

  function select(id, focus) {
    if (!DATA.entities[id]) { return; }
    network.selectNodes([id]);
    fadeToSelection();
    if (focus) { network.focus(id, {scale: Math.max(network.getScale(), 0.9), animation: false}); }
    showEntity(id);
  }

  function selectClaim(cid) {
    if (!DATA.claims[cid]) { return; }
    network.selectEdges([cid]);
    fadeToSelection();
    showClaim(cid);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showEntity(params.nodes[0]); }
    else if (params.edges.length) { showClaim(params.edges[0]); }
    else { showHint(); }
  });

  // Search by label or alias.
  var input = document.getElementById("kg-search");
  var list = document.getElementById("kg-entities");
  var ids = Object.keys(DATA.entities).sort(function (a, b) { return label(a).localeCompare(label(b)); });
  ids.forEach(function (id) {
    var opt = document.createElement("option");
    opt.value = DATA.entities[id].label;
    list.appendChild(opt);
  });
  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return null; }
    var tests = [
      function (e) { return e.label.toLowerCase() === q; },
      function (e) { return e.aliases.some(function (a) { return a.toLowerCase() === q; }); },
      function (e) { return e.label.toLowerCase().indexOf(q) >= 0; },
      function (e) { return e.aliases.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; }); }
    ];
    for (var t = 0; t < tests.length; t++) {
      for (var i = 0; i < ids.length; i++) { if (tests[t](DATA.entities[ids[i]])) { return ids[i]; } }
    }
    return null;
  }
  function search() {
    var id = find(input.value);
    if (id) { select(id, true); }
    else if (input.value.trim()) {
      clear(details);
      details.appendChild(el("p", "kg-hint", "No entity is called “" + input.value.trim() + "”."));
    }
  }
  input.addEventListener("change", search);
  input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); search(); } });

  showHint();
  window.ketagraph = {network: network, select: select, selectClaim: selectClaim, data: DATA};
})();
"""

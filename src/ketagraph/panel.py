"""The detail panel, shared by the explorer and the standalone HTML export: its data, and the
browser code that draws it.

:func:`details_data` is what the panel shows of every node and claim (or of one selection), as plain
JSON; ``assets/shared.js`` (:func:`shared_js`) builds the panel from it (``renderPanel``), draws the
legend from :func:`ketagraph.style.legend_data` (``renderLegend``), ranks a search like
:func:`ketagraph.query.search` (``searchEntities``) and fades the graph around a focus with its
relations written where they can be read (``fade``, ``drawEdgeLabels``). The explorer's component
bundles that file before its own script; the HTML export inlines it. ``assets/shared.css``
(:func:`shared_css`, with the certainty palette of :func:`ketagraph.style.certainty_css` in front)
styles both. No Streamlit here: the export is part of the core.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from ketagraph.corpus import Corpus
from ketagraph.present import ClaimView, claim_index, claim_view, node_view
from ketagraph.style import TYPE_STYLES, certainty_css

__all__ = [
    "ASSET_DIR",
    "PANEL_CLAIMS_PER_GROUP",
    "PANEL_MAX_CLAIMS",
    "data_version",
    "details_data",
    "details_of",
    "shared_css",
    "shared_js",
]

#: The browser code shared by the explorer and the HTML export.
ASSET_DIR = Path(__file__).parent / "assets"
#: A node with more claims than this shows PANEL_CLAIMS_PER_GROUP of each relation, strongest first,
#: until "Show all" (shared.js has the same two numbers; a test keeps them equal).
PANEL_MAX_CLAIMS = 100
PANEL_CLAIMS_PER_GROUP = 20


def shared_js() -> str:
    """``assets/shared.js``: the panel, legend, search and focus code (plain functions, no module
    syntax: the explorer's bundle and the export's page script each put it in front of their own)."""
    return (ASSET_DIR / "shared.js").read_text("utf-8")


def shared_css() -> str:
    """The certainty palette's custom properties, then ``assets/shared.css``."""
    return certainty_css() + (ASSET_DIR / "shared.css").read_text("utf-8")


def details_data(
    G: nx.MultiDiGraph,
    corpus: Corpus | None,
    *,
    nodes: Iterable[str] | None = None,
    claims: Iterable[str] | None = None,
    index: dict[str, tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """What the detail panel can show, as plain JSON data: every node and claim, or the ``nodes``
    and ``claims`` given (one selection's).

    Each evidence's paragraph is stored once (``paragraphs``) and the evidence points into it by
    absolute offsets (``para``, ``offset``); without a ``corpus`` (no source texts) the "paragraph"
    is the quote itself, and the panel shows the quote alone, by the same code. ``types`` holds
    each entity type's symbol and colour; ``version`` is the digest of the rest, so a browser
    re-reads the data only when it changed. ``index`` is ``G``'s :func:`claim_index`, when the
    caller has it (a scan of every claim: most of a 20k-claim graph's click).
    """
    if index is None:
        index = claim_index(G)
    node_ids = sorted(G.nodes, key=str) if nodes is None else sorted(set(nodes), key=str)
    wanted = sorted(index) if claims is None else sorted(set(claims))
    if claims is None and nodes is not None:  # a node's panel needs its claims
        wanted = sorted(
            {k for n in node_ids for _, _, k in G.edges(n, keys=True)}
            | {k for n in node_ids for _, _, k in G.in_edges(n, keys=True)}
        )
    views = {key: claim_view(G, corpus, key, index) for key in wanted}
    paragraphs: dict[str, str] = {}
    claims_out = {key: _claim(c, paragraphs) for key, c in views.items()}
    nodes_out: dict[str, Any] = {}
    for node in node_ids:
        v = node_view(G, corpus, node, index, views)
        nodes_out[node] = {
            "label": v.label,
            "type": v.type,
            "description": v.description,
            "aliases": list(v.aliases),
            "xrefs": [[curie, url] for curie, url in v.xrefs],
            # The heading is display text; the browser reads the direction from its own field.
            "groups": [
                {"heading": g.heading, "direction": g.direction, "claims": [c.id for c in g.claims]} for g in v.groups
            ],
            "count": v.claim_count,
        }
    data = {
        "nodes": nodes_out,
        "claims": claims_out,
        "paragraphs": paragraphs,
        "types": {t: [s.symbol, s.color] for t, s in TYPE_STYLES.items()},
    }
    return {**data, "version": data_version(data)}


def data_version(data: dict[str, Any]) -> str:
    """The digest of a browser data set's content, its ``version``: the page re-reads the data only
    when it changed (blake2b-64 of its canonical JSON; written as UTF-8 rather than ``\\u`` escapes,
    which is quicker over a 20k-claim graph's 8 MB and names the same content)."""
    return hashlib.blake2b(
        json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8"), digest_size=8
    ).hexdigest()


def details_of(
    G: nx.MultiDiGraph,
    corpus: Corpus | None,
    kind: str,
    ident: str,
    index: dict[str, tuple[str, str]] | None = None,
    *,
    everything: bool = False,
) -> dict[str, Any]:
    """:func:`details_data` of one selection: a node with its claims, or one claim (a graph too big
    to send the panel's data for everything at once sends this on each click).

    A node with more than :data:`PANEL_MAX_CLAIMS` claims comes with the claims its panel shows
    before "Show all" (the first :data:`PANEL_CLAIMS_PER_GROUP` of each group) and ``partial``
    set, unless ``everything``: the biggest hub of a 20k-claim graph has 2,174, 2.5 MB with
    their paragraphs, of which the panel first shows a few hundred.
    """
    if index is None:
        index = claim_index(G)
    if kind == "node" and ident in G:
        data = details_data(G, corpus, nodes=[ident], index=index)
        node = data["nodes"][ident]
        if everything or node["count"] <= PANEL_MAX_CLAIMS:
            return data
        return _first_of_each_group(data, ident)
    if kind == "claim" and ident in index:
        return details_data(G, corpus, nodes=[], claims=[ident], index=index)
    return details_data(G, corpus, nodes=[], claims=[], index=index)


def _first_of_each_group(data: dict[str, Any], ident: str) -> dict[str, Any]:
    """``data`` of node ``ident`` cut to what its panel shows before "Show all" (``partial``): each
    group keeps every claim id (its count), the claims and paragraphs only of the first ones."""
    node = {**data["nodes"][ident], "partial": True}
    shown = {key for group in node["groups"] for key in group["claims"][:PANEL_CLAIMS_PER_GROUP]}
    claims = {key: c for key, c in data["claims"].items() if key in shown}
    used = {ev["para"] for c in claims.values() for ev in c["evidence"]}
    cut = {
        "nodes": {ident: node},
        "claims": claims,
        "paragraphs": {key: text for key, text in data["paragraphs"].items() if key in used},
        "types": data["types"],
    }
    return {**cut, "version": data_version(cut)}


def _claim(c: ClaimView, paragraphs: dict[str, str]) -> dict[str, Any]:
    evidence = []
    for ev in c.evidence:
        offset = ev.start - len(ev.before)
        # Keyed by the passage's span: two passages of different extent never share a key.
        para_key = f"{ev.source}@{offset}:{ev.end + len(ev.after)}"
        paragraphs.setdefault(para_key, ev.before + ev.quote + ev.after)
        evidence.append(
            {
                "source": ev.source,
                "para": para_key,
                "offset": offset,
                "start": ev.start,
                "end": ev.end,
                "section": ev.section,
                "source_title": ev.source_title,
            }
        )
    return {
        "sentence": c.sentence,
        "subject": c.subject,
        "object": c.object,
        "subject_label": c.subject_label,
        "object_label": c.object_label,
        "relation": c.relation,
        "relation_text": c.relation_text,
        "certainty": c.certainty,
        "polarity": c.polarity,
        "qualifiers": [[k, str(v)] for k, v in sorted(c.qualifiers.items())],
        "note": c.note,
        "evidence": evidence,
    }

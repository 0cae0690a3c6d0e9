"""The explorer's browser payloads: the article's data and the view message, as plain JSON.

These are wire formats of ``assets/explorer.js``, which builds the article from them (its
``renderArticle``) and highlights the view; the article carries a ``version``, the digest of its
own content, so the component re-parses it only when it changed. The detail panel's data is
:func:`ketagraph.panel.details_data` (the HTML export builds the same panel from it; re-exported
here). No Streamlit here: the tests check the data directly.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Mapping
from typing import Any

import networkx as nx

from ketagraph.build import CERTAINTY, EVIDENCE
from ketagraph.load import Corpus
from ketagraph.model import CERTAINTY_RANK
from ketagraph.panel import data_version, details_data
from ketagraph.query import Path as GraphPath
from ketagraph.stats import compute_stats
from ketagraph.text import Intervals
from ketagraph.ui.state import Selection

__all__ = ["article_data", "details_data", "view_message"]


def article_data(G: nx.MultiDiGraph, corpus: Corpus) -> dict[str, Any]:
    """The sources as paragraphs of parts, each part plain text, an evidence span or an uncovered
    sentence. Claims on a part are listed shortest quote first (the most specific claim).

    Spans come from the whole graph, not the filtered view, so the article is the same data on
    every rerun (and is not re-sent).
    """
    spans: dict[str, list[tuple[int, int, str, str]]] = {sid: [] for sid in corpus.sources}
    for _, _, key, d in G.edges(keys=True, data=True):
        for ev in d.get(EVIDENCE, ()):
            if ev["source"] in spans and ev["start"] >= 0:
                spans[ev["source"]].append((ev["start"], ev["end"], key, d[CERTAINTY]))
    uncovered = {c.source: c.uncovered for c in compute_stats(corpus).coverage}
    sources = []
    for sid in sorted(corpus.sources):
        source = corpus.sources[sid]
        doc = corpus.documents[sid]
        marks = Intervals(spans[sid])
        holes = Intervals([(u.start, u.end) for u in uncovered.get(sid, ())])
        paragraphs = [
            {"kind": para.kind, "parts": _parts(doc.text, para.start, para.end, marks, holes)}
            for para in doc.paragraphs
        ]
        sources.append(
            {
                "id": sid,
                "title": source.title,
                "publisher": source.publisher,
                "kind": source.kind,
                "paragraphs": paragraphs,
            }
        )
    data = {"sources": sources}
    return {**data, "version": data_version(data)}


def _parts(text: str, start: int, end: int, marks: Intervals, uncovered: Intervals) -> list[dict[str, Any]]:
    inside: list[tuple[int, int, str, str]] = marks.overlapping(start, end)
    holes: list[tuple[int, int]] = uncovered.overlapping(start, end)
    cuts = {start, end}
    for s, e, _, _ in inside:
        cuts.update((max(s, start), min(e, end)))
    for s, e in holes:
        cuts.update((max(s, start), min(e, end)))
    points = sorted(cuts)
    hole_starts = [h[0] for h in holes]
    parts: list[dict[str, Any]] = []
    for a, b in itertools.pairwise(points):
        if a >= b:
            continue
        covering = sorted((s for s in inside if s[0] <= a and b <= s[1]), key=lambda s: (s[1] - s[0], s[2]))
        part: dict[str, Any] = {"text": text[a:b]}
        if covering:
            part["claims"] = list(dict.fromkeys(s[2] for s in covering))
            part["certainty"] = min((s[3] for s in covering), key=lambda c: CERTAINTY_RANK[c])
        else:
            i = bisect.bisect_right(hole_starts, a) - 1
            if i >= 0 and holes[i][0] <= a and b <= holes[i][1]:
                part["uncovered"] = True
        if parts and set(parts[-1]) == set(part) == {"text"}:
            parts[-1]["text"] += part["text"]
        else:
            parts.append(part)
    return parts


def view_message(
    G: nx.MultiDiGraph,
    index: Mapping[str, tuple[str, str]],
    selection: Selection | None,
    path: GraphPath | None,
    *,
    client_details: bool,
    center: object = None,
) -> dict[str, Any]:
    """The small view state the browser gets on every rerun: what to highlight, select and centre.

    ``nodes``, ``edges`` and ``claims`` are highlighted (the path drawn, then the selection);
    ``claims_of`` names a node whose claims the browser finds in the details data itself (when the
    panel is built there); ``scroll`` is the article's target; ``center`` a one-off centring request.
    """
    view: dict[str, Any] = {
        "nodes": [],
        "edges": [],
        "claims": [],
        "center": center,
        "selected": selection.as_dict() if selection else None,
    }
    if path is not None:
        view["nodes"] = list(path.nodes)
        view["edges"] = [k for hop in path.hops for k, _, _ in hop.claims]
        view["claims"] = list(view["edges"])
        view["path"] = {"nodes": list(view["nodes"]), "edges": list(view["edges"])}
    if selection is not None:
        if selection.kind == "node":
            view["nodes"] = [*view["nodes"], selection.id] if path else [selection.id]
            if client_details:  # the browser knows a node's claims from the details data
                view["claims_of"] = selection.id
            else:
                view["claims"] = [k for _, _, k in G.in_edges(selection.id, keys=True)] + [
                    k for _, _, k in G.out_edges(selection.id, keys=True)
                ]
        else:
            u, v = index[selection.id]
            view["nodes"] = [u, v]
            view["edges"] = [selection.id]
            view["claims"] = [selection.id]
        view["scroll"] = f"{selection.kind}:{selection.id}"
    return view

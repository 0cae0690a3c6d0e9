"""What the explorer shows, as plain data: details of a node or claim, passages in context, the
article with its evidence spans. Pure functions, no Streamlit: the app turns these into widgets and
the tests check them directly.

Text is returned as text. :func:`html_text` is the one way to put data text into HTML that
Streamlit's Markdown renders: HTML-escaped, and every Markdown-active character written as a
character reference, so neither markup nor Markdown in the data is ever interpreted.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import networkx as nx

from ketagraph.build import (
    ALIASES,
    CERTAINTY,
    DESCRIPTION,
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
from ketagraph.load import Corpus
from ketagraph.model import CERTAINTY_RANK, RELATIONS, XREF_PREFIXES
from ketagraph.stats import compute_stats
from ketagraph.text import Document

__all__ = [
    "ClaimView",
    "EvidenceView",
    "NodeView",
    "article_data",
    "claim_index",
    "claim_view",
    "details_data",
    "html_text",
    "node_view",
    "xref_url",
]

# HTML-active characters and every character Markdown (or Streamlit's :emoji:, :color[], $math$)
# may act on; each becomes a numeric character reference, in a single pass.
_ACTIVE = re.compile(r"[&<>\"'\\`*_{}\[\]()#+\-.!|~:$=^]")


def html_text(text: object) -> str:
    """``text`` safe to embed in HTML rendered by Streamlit's Markdown: shown exactly as written."""
    return _ACTIVE.sub(lambda m: f"&#{ord(m.group())};", str(text)).replace("\n", "<br>")


def xref_url(curie: str) -> str | None:
    """The web page of an identifier such as ``CHEBI:6121``; ``None`` for an unknown prefix."""
    prefix, _, local = curie.partition(":")
    base = XREF_PREFIXES.get(prefix)
    if base is None or not local or not re.fullmatch(r"[A-Za-z0-9_.\-]+", local):
        return None
    if prefix == "MESH":
        return f"https://meshb.nlm.nih.gov/record/ui?ui={local}"
    if prefix == "CHEBI":
        return f"https://www.ebi.ac.uk/chebi/searchId.do?chebiId=CHEBI:{local}"
    return base + local


def claim_index(G: nx.MultiDiGraph) -> dict[str, tuple[str, str]]:
    """Claim id -> (subject, object)."""
    return {key: (u, v) for u, v, key in G.edges(keys=True)}


@dataclass(frozen=True)
class EvidenceView:
    source: str
    source_title: str
    section: str
    quote: str
    before: str  # the paragraph's text before the quote
    after: str  # and after it
    start: int
    end: int


@dataclass(frozen=True)
class ClaimView:
    id: str
    subject: str
    subject_label: str
    relation: str
    relation_text: str
    object: str
    object_label: str
    certainty: str
    polarity: str
    qualifiers: dict[str, Any]
    note: str
    evidence: tuple[EvidenceView, ...]

    @property
    def sentence(self) -> str:
        """The claim as a sentence: ``Ketamine — acts on → NMDA receptor``."""
        verb = self.relation.replace("_", " ")
        if self.polarity == "negated":
            verb = f"not {verb}"
        return f"{self.subject_label} — {verb} → {self.object_label}"


@dataclass(frozen=True)
class NodeView:
    id: str
    label: str
    type: str
    description: str
    aliases: tuple[str, ...]
    xrefs: tuple[tuple[str, str | None], ...]  # (curie, url)
    # (relation heading, claims), e.g. ("acts on →", [...]) for outgoing, ("← acts on", [...]) incoming
    groups: tuple[tuple[str, tuple[ClaimView, ...]], ...] = field(default=())

    @property
    def claim_count(self) -> int:
        return sum(len(c) for _, c in self.groups)


def _passage(doc: Document | None, start: int, end: int, quote: str) -> tuple[str, str]:
    if doc is None or start < 0:
        return "", ""
    para = doc.paragraph_at(start)
    if para is None:
        return "", ""
    p_end = max(para.end, end)
    return doc.text[para.start : start], doc.text[end:p_end]


def claim_view(
    G: nx.MultiDiGraph, corpus: Corpus | None, claim_id: str, index: dict[str, tuple[str, str]]
) -> ClaimView:
    """Everything about one claim, its evidence shown inside the paragraph it comes from."""
    u, v = index[claim_id]
    d = G.edges[u, v, claim_id]
    sources = G.graph.get(SOURCES, {})
    evidence = []
    for ev in d.get(EVIDENCE, ()):
        doc = corpus.documents.get(ev["source"]) if corpus is not None else None
        before, after = _passage(doc, ev["start"], ev["end"], ev["quote"])
        evidence.append(
            EvidenceView(
                source=ev["source"],
                source_title=str(sources.get(ev["source"], {}).get("title", ev["source"])),
                section=ev.get("section", ""),
                quote=ev["quote"],
                before=before,
                after=after,
                start=ev["start"],
                end=ev["end"],
            )
        )
    return ClaimView(
        id=claim_id,
        subject=u,
        subject_label=str(G.nodes[u].get(LABEL, u)),
        relation=d[RELATION],
        relation_text=RELATIONS.get(d[RELATION], d[RELATION]),
        object=v,
        object_label=str(G.nodes[v].get(LABEL, v)),
        certainty=d[CERTAINTY],
        polarity=d[POLARITY],
        qualifiers=dict(d.get(QUALIFIERS) or {}),
        note=str(d.get(NOTE) or ""),
        evidence=tuple(evidence),
    )


def node_view(
    G: nx.MultiDiGraph,
    corpus: Corpus | None,
    node: str,
    index: dict[str, tuple[str, str]],
    views: Mapping[str, ClaimView] | None = None,
) -> NodeView:
    """A node with its claims grouped by relation and direction, strongest certainty first, claims on
    the same entity (the same triple at two hedge levels) next to each other.

    ``views`` holds claim views already made (by id), so a caller that has them does not make
    them again.
    """
    d = G.nodes[node]

    def view(key: str) -> ClaimView:
        return views[key] if views is not None else claim_view(G, corpus, key, index)

    groups: dict[str, list[ClaimView]] = {}
    for _, _, key in sorted(G.out_edges(node, keys=True), key=lambda e: e[2]):
        c = view(key)
        groups.setdefault(f"{c.relation.replace('_', ' ')} →", []).append(c)
    for u, v, key in sorted(G.in_edges(node, keys=True), key=lambda e: e[2]):
        if u == v:
            continue  # a self-loop is listed once, as outgoing
        c = view(key)
        groups.setdefault(f"← {c.relation.replace('_', ' ')}", []).append(c)

    def twins_together(heading: str, claims: list[ClaimView]) -> tuple[ClaimView, ...]:
        # Strongest first; a triple the article states at two hedge levels (ketamine acts on the
        # NMDA receptor, reported and suggested) stays together, strongest of the two first, at the
        # place of its strongest claim.
        outgoing = heading.endswith("→")

        def other(c: ClaimView) -> str:
            return c.object if outgoing else c.subject

        best: dict[str, int] = {}
        for c in claims:
            best[other(c)] = min(best.get(other(c), 99), CERTAINTY_RANK[c.certainty])
        return tuple(sorted(claims, key=lambda c: (best[other(c)], other(c), CERTAINTY_RANK[c.certainty], c.id)))

    ordered = tuple(
        (heading, twins_together(heading, claims))
        for heading, claims in sorted(groups.items(), key=lambda kv: (kv[0].startswith("←"), kv[0]))
    )
    return NodeView(
        id=node,
        label=str(d.get(LABEL, node)),
        type=str(d.get(TYPE, "")),
        description=str(d.get(DESCRIPTION, "")),
        aliases=tuple(d.get(ALIASES, ())),
        xrefs=tuple((x, xref_url(x)) for x in d.get(XREFS, ())),
        groups=ordered,
    )


def details_data(G: nx.MultiDiGraph, corpus: Corpus) -> dict[str, Any]:
    """Everything the detail panel can show, for every node and claim, as plain JSON data.

    The explorer sends this once and the browser builds the panel for whatever is selected, so a
    click shows its quotes at once and its rerun re-sends none of them. Each paragraph is stored
    once (``paragraphs``); evidence points into it by absolute offsets (``para``, ``offset``).
    """
    index = claim_index(G)
    paragraphs: dict[str, str] = {}
    claims: dict[str, Any] = {}
    views = {key: claim_view(G, corpus, key, index) for key in sorted(index)}
    for key, c in views.items():
        evidence = []
        for ev in c.evidence:
            para_key = f"{ev.source}@{ev.start - len(ev.before)}"
            paragraphs.setdefault(para_key, ev.before + ev.quote + ev.after)
            evidence.append(
                {
                    "para": para_key,
                    "offset": ev.start - len(ev.before),
                    "start": ev.start,
                    "end": ev.end,
                    "section": ev.section,
                    "source_title": ev.source_title,
                }
            )
        claims[key] = {
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
    nodes: dict[str, Any] = {}
    for node in sorted(G.nodes, key=str):
        v = node_view(G, corpus, node, index, views)
        nodes[node] = {
            "label": v.label,
            "type": v.type,
            "description": v.description,
            "aliases": list(v.aliases),
            "xrefs": [[curie, url] for curie, url in v.xrefs],
            "groups": [[heading, [c.id for c in group]] for heading, group in v.groups],
            "count": v.claim_count,
        }
    data = {"nodes": nodes, "claims": claims, "paragraphs": paragraphs}
    digest = hashlib.blake2b(json.dumps(data, sort_keys=True).encode("utf-8"), digest_size=8).hexdigest()
    return {**data, "version": digest}


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
        marks = _Intervals(spans[sid])
        holes = _Intervals([(u.start, u.end) for u in uncovered.get(sid, ())])
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
    digest = hashlib.blake2b(json.dumps(data, sort_keys=True).encode("utf-8"), digest_size=8).hexdigest()
    return {**data, "version": digest}


class _Intervals:
    """Tuples ``(start, end, ...)`` sorted by start, to find those overlapping a range by bisection.

    Scanning every span for every paragraph was quadratic: 32 s for the article of a 20k-claim
    graph (7k paragraphs, 24k spans), 0.55 s for the whole article data this way.
    """

    def __init__(self, items: list[Any]):
        self.items = sorted(items)
        self.starts = [item[0] for item in self.items]
        self.longest = max((item[1] - item[0] for item in self.items), default=0)

    def overlapping(self, start: int, end: int) -> list[Any]:
        lo = bisect.bisect_left(self.starts, start - self.longest)
        hi = bisect.bisect_left(self.starts, end)
        return [item for item in self.items[lo:hi] if item[0] < end and start < item[1]]


def _parts(text: str, start: int, end: int, marks: _Intervals, uncovered: _Intervals) -> list[dict[str, Any]]:
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

"""What the explorer shows of a node or a claim, as plain records: a claim with its evidence inside
the paragraph it comes from, a node with its claims grouped by relation and direction.

Pure functions, no Streamlit and no markup: the UI (:mod:`ketagraph.ui`) turns these records into
widgets, HTML or its browser payloads, and the tests check them directly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

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
from ketagraph.text import Document

__all__ = [
    "ClaimGroup",
    "ClaimView",
    "EvidenceView",
    "NodeView",
    "claim_index",
    "claim_view",
    "node_view",
    "xref_url",
]


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
class ClaimGroup:
    """A node's claims of one relation in one direction: ``out`` when the node is their subject."""

    relation: str
    direction: Literal["out", "in"]
    claims: tuple[ClaimView, ...]

    @property
    def heading(self) -> str:
        """``acts on →`` for outgoing claims, ``← acts on`` for incoming ones."""
        verb = self.relation.replace("_", " ")
        return f"{verb} →" if self.direction == "out" else f"← {verb}"

    def other(self, claim: ClaimView) -> str:
        """The entity at the claim's other end from the node."""
        return claim.object if self.direction == "out" else claim.subject

    def other_label(self, claim: ClaimView) -> str:
        return claim.object_label if self.direction == "out" else claim.subject_label


@dataclass(frozen=True)
class NodeView:
    id: str
    label: str
    type: str
    description: str
    aliases: tuple[str, ...]
    xrefs: tuple[tuple[str, str | None], ...]  # (curie, url)
    #: Outgoing groups first, each side by relation.
    groups: tuple[ClaimGroup, ...] = field(default=())

    @property
    def claim_count(self) -> int:
        return sum(len(g.claims) for g in self.groups)


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

    groups: dict[tuple[bool, str], list[ClaimView]] = {}  # (incoming, relation) -> claims
    for _, _, key in sorted(G.out_edges(node, keys=True), key=lambda e: e[2]):
        c = view(key)
        groups.setdefault((False, c.relation), []).append(c)
    for u, v, key in sorted(G.in_edges(node, keys=True), key=lambda e: e[2]):
        if u == v:
            continue  # a self-loop is listed once, as outgoing
        c = view(key)
        groups.setdefault((True, c.relation), []).append(c)

    def twins_together(group: ClaimGroup) -> ClaimGroup:
        # Strongest first; a triple the article states at two hedge levels (ketamine acts on the
        # NMDA receptor, reported and suggested) stays together, strongest of the two first, at the
        # place of its strongest claim.
        best: dict[str, int] = {}
        for c in group.claims:
            best[group.other(c)] = min(best.get(group.other(c), 99), CERTAINTY_RANK[c.certainty])
        ordered = sorted(
            group.claims, key=lambda c: (best[group.other(c)], group.other(c), CERTAINTY_RANK[c.certainty], c.id)
        )
        return ClaimGroup(group.relation, group.direction, tuple(ordered))

    made = [
        ClaimGroup(relation, "in" if incoming else "out", tuple(claims))
        for (incoming, relation), claims in groups.items()
    ]
    ordered = tuple(twins_together(g) for g in sorted(made, key=lambda g: (g.direction == "in", g.heading)))
    return NodeView(
        id=node,
        label=str(d.get(LABEL, node)),
        type=str(d.get(TYPE, "")),
        description=str(d.get(DESCRIPTION, "")),
        aliases=tuple(d.get(ALIASES, ())),
        xrefs=tuple((x, xref_url(x)) for x in d.get(XREFS, ())),
        groups=ordered,
    )

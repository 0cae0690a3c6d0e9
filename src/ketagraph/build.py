"""A checked corpus -> ``networkx.MultiDiGraph`` (phase three of three): the only place that sets
graph attributes.

Nodes are entity ids; each claim is an edge ``subject -> object`` keyed by the claim id, so two
claims between the same entities (say, one plain and one hedged) stay two edges. The attribute
names are the constants of :mod:`ketagraph.attrs` (re-exported here for older imports).

Graph attributes: ``name`` and ``sources``, a mapping of source id to its metadata (title,
publisher, kind, language, url, file, sha256, description), without the text.
"""

from __future__ import annotations

import os

import networkx as nx

from ketagraph.attrs import (
    ALIASES,
    CERTAINTY,
    DESCRIPTION,
    EVIDENCE,
    EVIDENCE_KEYS,
    LABEL,
    NOTE,
    POLARITY,
    QUALIFIERS,
    RELATION,
    SOURCES,
    TYPE,
    XREFS,
)
from ketagraph.corpus import Corpus
from ketagraph.load import load_corpus
from ketagraph.model import Claim, Entity, Source

__all__ = [
    "ALIASES",
    "CERTAINTY",
    "DESCRIPTION",
    "EVIDENCE",
    "EVIDENCE_KEYS",
    "LABEL",
    "NOTE",
    "POLARITY",
    "QUALIFIERS",
    "RELATION",
    "SOURCES",
    "TYPE",
    "XREFS",
    "build",
    "build_graph",
    "load_graph",
]


def load_graph(root: str | os.PathLike[str]) -> nx.MultiDiGraph:
    """Load, validate and build the graph folder ``root``.

    Raises
    ------
    ketagraph.ValidationFailed
        When the folder has problems; ``.issues`` lists all of them.

    Examples
    --------
    >>> G = load_graph("graph")
    >>> G.nodes["ketamine"]["type"]
    'drug'
    """
    corpus = load_corpus(root)
    corpus.raise_for_errors()
    return build_graph(corpus)


def build_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """The claim graph of an already validated ``corpus``, nodes and edges in sorted order."""
    G = nx.MultiDiGraph(name=corpus.root.resolve().name)  # "graph", also when given as "."
    G.graph[SOURCES] = {sid: source_metadata(corpus.sources[sid]) for sid in sorted(corpus.sources)}
    for eid in sorted(corpus.entities):
        G.add_node(eid, **entity_attributes(corpus.entities[eid]))
    for claim in sorted(corpus.claims, key=lambda c: c.id):
        G.add_edge(claim.subject, claim.object, key=claim.id, **claim_attributes(claim))
    return G


#: :func:`build_graph`'s former name.
build = build_graph


def entity_attributes(e: Entity) -> dict[str, object]:
    return {
        LABEL: e.label,
        TYPE: e.type,
        ALIASES: list(e.aliases),
        DESCRIPTION: e.description,
        XREFS: list(e.xrefs),
    }


def claim_attributes(c: Claim) -> dict[str, object]:
    return {
        RELATION: c.relation,
        CERTAINTY: c.certainty,
        POLARITY: c.polarity,
        QUALIFIERS: dict(c.qualifiers),
        EVIDENCE: [{key: getattr(ev, key) for key in EVIDENCE_KEYS} for ev in c.evidence],
        NOTE: c.note,
    }


def source_metadata(s: Source) -> dict[str, object]:
    meta: dict[str, object] = {
        "title": s.title,
        "publisher": s.publisher,
        "kind": s.kind,
        "language": s.language,
        "file": s.file.replace(os.sep, "/"),
        "sha256": s.sha256,
    }
    if s.url:
        meta["url"] = s.url
    if s.description:
        meta["description"] = s.description
    return meta

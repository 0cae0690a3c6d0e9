"""Queries on a claim graph, shared by the app and the CLI: search, filter, focus, paths.

All functions are pure: they read a ``networkx.MultiDiGraph`` built by :mod:`ketagraph.build` and
return new values (subgraphs are copies, never views into shared state).
"""

from __future__ import annotations

import functools
import itertools
import sys
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from ketagraph.attrs import ALIASES, CERTAINTY, DESCRIPTION, EVIDENCE, LABEL, POLARITY, RELATION, TYPE
from ketagraph.model import CERTAINTY_RANK, weakest_certainty

__all__ = [
    "Hop",
    "Path",
    "filter_graph",
    "find_paths",
    "neighbourhood",
    "search",
    "search_index",
]


def search(G: nx.MultiDiGraph, text: str, limit: int = 20) -> list[str]:
    """Node ids whose label, alias or id match ``text``, best first (then description matches).

    >>> search(G, "nmda")  # doctest: +SKIP
    ['nmda-receptor']
    """
    q = " ".join(text.casefold().split())
    if not q:
        return []
    ranked: list[tuple[int, str, str]] = []
    for node, data in G.nodes(data=True):
        folded = _folded_names(node, data)
        if q in folded:
            rank = 0
        elif any(n.startswith(q) for n in folded):
            rank = 1
        elif any(q in n for n in folded):
            rank = 2
        elif q in str(data.get(DESCRIPTION, "")).casefold():
            rank = 3
        else:
            continue
        ranked.append((rank, str(data.get(LABEL, node)).casefold(), node))
    ranked.sort()
    return [node for _, _, node in ranked[:limit]]


def _folded_names(node: str, data: dict[str, Any]) -> list[str]:
    """What :func:`search` matches a query against: the label, the aliases, the id, case-folded."""
    return [n.casefold() for n in (str(data.get(LABEL, node)), *data.get(ALIASES, ()), str(node))]


def search_index(G: nx.MultiDiGraph) -> dict[str, Any]:
    """What :func:`search` reads of ``G``, as JSON data for a browser to search with the same rules
    (``searchEntities`` of ``ketagraph/assets/shared.js``, in the HTML export).

    ``entries`` are ``[id, folded names, folded description]`` in :func:`search`'s tie order (by
    case-folded label, then id); ``fold`` maps each character whose case folding is not its lower
    case (``ß`` -> ``ss``, ``ς`` -> ``σ``) to its folding, so that the browser's ``toLowerCase()``
    plus this table is Python's ``str.casefold()``.
    """
    entries = [
        [str(node), _folded_names(node, data), str(data.get(DESCRIPTION, "")).casefold()]
        for node, data in sorted(G.nodes(data=True), key=lambda nd: (str(nd[1].get(LABEL, nd[0])).casefold(), nd[0]))
    ]
    return {"entries": entries, "fold": dict(_fold_table())}


@functools.cache
def _fold_table() -> tuple[tuple[str, str], ...]:
    # Characters a lower-cased text can hold whose case folding differs (297 on Python 3.11).
    chars = (chr(i) for i in range(sys.maxunicode + 1))
    return tuple((c, c.casefold()) for c in chars if c.lower() == c and c.casefold() != c)


def filter_graph(
    G: nx.MultiDiGraph,
    *,
    types: Collection[str] | None = None,
    relations: Collection[str] | None = None,
    certainties: Collection[str] | None = None,
    sources: Collection[str] | None = None,
    polarities: Collection[str] | None = None,
) -> nx.MultiDiGraph:
    """The part of ``G`` whose nodes and claims match every given filter (``None``: no filter).

    When a claim filter is given, entities left without any claim are dropped too, so what remains
    is exactly what the matching claims say.
    """
    H = nx.MultiDiGraph(**G.graph)
    keep_nodes = [n for n, d in G.nodes(data=True) if types is None or d.get(TYPE) in types]
    H.add_nodes_from((n, G.nodes[n]) for n in keep_nodes)
    for u, v, key, d in G.edges(keys=True, data=True):
        if u not in H or v not in H:
            continue
        if relations is not None and d.get(RELATION) not in relations:
            continue
        if certainties is not None and d.get(CERTAINTY) not in certainties:
            continue
        if polarities is not None and d.get(POLARITY) not in polarities:
            continue
        if sources is not None and not any(ev["source"] in sources for ev in d.get(EVIDENCE, ())):
            continue
        H.add_edge(u, v, key=key, **d)
    if any(f is not None for f in (relations, certainties, sources, polarities)):
        H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    return H


def neighbourhood(G: nx.MultiDiGraph, center: str, depth: int = 1) -> nx.MultiDiGraph:
    """Entities within ``depth`` claims of ``center`` (either direction), with the claims among them."""
    if center not in G:
        raise KeyError(center)
    nodes = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), center, cutoff=depth)
    return G.subgraph(nodes).copy()


@dataclass(frozen=True)
class Hop:
    """One step of a path: ``source -> target`` and the claims that make the step (strongest first)."""

    source: str
    target: str
    claims: tuple[tuple[str, str, str], ...]  # (claim id, subject, object) as stored in the graph
    certainty: str  # the strongest certainty among the hop's claims
    reversed: bool  # True when the claim points target -> source (undirected search only)


@dataclass(frozen=True)
class Path:
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]

    @property
    def weakest(self) -> str | None:
        """The weakest certainty along the path: the path is only as strong as its weakest hop."""
        return weakest_certainty([h.certainty for h in self.hops])


def find_paths(
    G: nx.MultiDiGraph,
    source: str,
    target: str,
    *,
    max_hops: int = 4,
    limit: int = 20,
    directed: bool = True,
) -> list[Path]:
    """Simple paths from ``source`` to ``target``, shortest first, at most ``limit`` of them.

    With ``directed=True`` each hop follows a claim from subject to object; otherwise a hop may go
    against a claim's direction (``Hop.reversed``). Cycles and self-loops are fine.
    """
    for node in (source, target):
        if node not in G:
            raise KeyError(node)
    if source == target:
        return []
    simple = nx.DiGraph() if directed else nx.Graph()
    simple.add_nodes_from(G)
    simple.add_edges_from((u, v) for u, v in G.edges() if u != v)
    paths: list[Path] = []
    try:
        candidates: Iterable[list[str]] = nx.shortest_simple_paths(simple, source, target)
        for nodes in itertools.islice(candidates, limit * 4):
            if len(nodes) - 1 > max_hops:
                break
            paths.append(Path(tuple(nodes), tuple(_hop(G, u, v, directed) for u, v in itertools.pairwise(nodes))))
            if len(paths) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return paths


def _hop(G: nx.MultiDiGraph, u: str, v: str, directed: bool) -> Hop:
    claims = [(key, u, v, d[CERTAINTY]) for key, d in G.get_edge_data(u, v, default={}).items()]
    rev = False
    if not directed:
        backward = [(key, v, u, d[CERTAINTY]) for key, d in G.get_edge_data(v, u, default={}).items()]
        if not claims:
            rev = True
        claims += backward
    claims.sort(key=lambda c: (CERTAINTY_RANK[c[3]], c[0]))
    return Hop(
        source=u,
        target=v,
        claims=tuple((c[0], c[1], c[2]) for c in claims),
        certainty=claims[0][3],
        reversed=rev,
    )

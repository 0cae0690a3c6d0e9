"""The explorer's data, loaded and cached: the graph folder, the scene's positions, the canvas payload,
the detail-panel and article data.

The heavy, graph-sized data only changes when the graph, the filters or the layout change; a click
only changes the small view state (:mod:`ketagraph.ui.state`). Each cache is keyed by the graph
folder's fingerprint, so an edited file shows up on the next rerun.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import streamlit as st

from ketagraph.build import build
from ketagraph.layout import compute_layout, perspective_graph
from ketagraph.load import Corpus, load_corpus
from ketagraph.present import claim_index
from ketagraph.query import filter_graph, neighbourhood
from ketagraph.render import vis_payload
from ketagraph.ui.payloads import article_data, details_data
from ketagraph.ui.state import Allowed, Scene, ViewKey

__all__ = [
    "Loaded",
    "article",
    "details",
    "export_name",
    "fingerprint",
    "graph_dir",
    "load",
    "payload",
    "scene",
    "shown_graph",
]


@dataclass(frozen=True)
class Loaded:
    corpus: Corpus
    graph: nx.MultiDiGraph | None
    index: dict[str, tuple[str, str]]
    fingerprint: str
    #: What a URL or session value may name (computed once per graph, not on every rerun: 0.1 s at 5k claims)
    allowed: Allowed | None = None


def graph_dir(default: Path) -> Path:
    """The graph folder: ``--graph DIR`` after ``--`` on streamlit's command line, ``KETAGRAPH_GRAPH``, or ``default``."""
    parser = argparse.ArgumentParser(prog="streamlit run app.py --", add_help=False)
    parser.add_argument("--graph", default=os.environ.get("KETAGRAPH_GRAPH") or str(default))
    args, _ = parser.parse_known_args(sys.argv[1:])
    return Path(args.graph)


def fingerprint(root: Path) -> str:
    """Changes whenever a file of the graph folder changes, so edits show up on the next rerun."""
    h = hashlib.blake2b(str(root.resolve()).encode(), digest_size=12)
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            try:
                s = os.stat(os.path.join(dirpath, name))
            except OSError:
                continue
            h.update(f"{dirpath}/{name}:{s.st_size}:{s.st_mtime_ns}\n".encode())
    return h.hexdigest()


@st.cache_resource(max_entries=8, show_spinner="Loading the graph…")
def load(root: str, fingerprint: str) -> Loaded:
    corpus = load_corpus(root)
    graph = build(corpus) if corpus.ok else None
    if graph is None:
        return Loaded(corpus, None, {}, fingerprint)
    index = claim_index(graph)
    return Loaded(corpus, graph, index, fingerprint, Allowed.of(graph, index, corpus.sources))


@st.cache_data(max_entries=32, show_spinner="Laying out the graph…")
def _positions(root: str, fingerprint: str, layout: str, scene_key: Scene) -> dict[str, tuple[float, float]]:
    """Positions of the scene (a perspective, grown and pruned by the user): it is laid out for
    itself, compact and legible; filters and focus then show a part of it at the same places."""
    loaded = load(root, fingerprint)
    assert loaded.graph is not None
    return compute_layout(scene(loaded.graph, scene_key), layout)


def scene(G: nx.MultiDiGraph, key: Scene) -> nx.MultiDiGraph:
    """The perspective's entities, with the neighbours of the ``expanded`` ones (Bloom's *Expand*,
    a double-click) and without the ``dismissed`` ones (*Dismiss*)."""
    base = perspective_graph(G, key.perspective)
    if not key.expanded and not key.dismissed:
        return base
    keep = set(base)
    for n in key.expanded:
        if n in G:
            keep.add(n)
            keep.update(nx.all_neighbors(G, n))
    keep.difference_update(key.dismissed)
    H: nx.MultiDiGraph = G.subgraph(keep).copy()
    return H


def shown_graph(G: nx.MultiDiGraph, key: ViewKey) -> nx.MultiDiGraph:
    """The graph on the canvas: the scene, filtered, then the focus's neighbourhood."""
    H = filter_graph(
        scene(G, key.scene),
        types=set(key.types) or None,
        relations=set(key.relations) or None,
        certainties=set(key.certainties) or None,
        sources=set(key.sources) or None,
    )
    if key.focus and key.focus in H:
        H = neighbourhood(H, key.focus, key.depth)
    return H


# The payload, details and article are shared read-only by every session and rerun, so they are
# cached as resources: st.cache_data would unpickle a fresh copy on every rerun, which for a 20k-claim
# graph (an 8.9 MB payload, a 5 MB article) cost 0.3 s of every click.
@st.cache_resource(max_entries=64, show_spinner=False)
def payload(root: str, fingerprint: str, layout: str, key: ViewKey) -> dict[str, Any]:
    """The canvas's vis-network data for the view ``key``."""
    loaded = load(root, fingerprint)
    assert loaded.graph is not None
    return vis_payload(shown_graph(loaded.graph, key), _positions(root, fingerprint, layout, key.scene))


@st.cache_resource(max_entries=8, show_spinner=False)
def details(root: str, fingerprint: str) -> dict[str, Any]:
    """The browser's detail panel data (see :func:`ketagraph.ui.payloads.details_data`)."""
    loaded = load(root, fingerprint)
    assert loaded.graph is not None
    return details_data(loaded.graph, loaded.corpus)


@st.cache_resource(max_entries=8, show_spinner=False)
def article(root: str, fingerprint: str) -> dict[str, Any]:
    loaded = load(root, fingerprint)
    assert loaded.graph is not None
    return article_data(loaded.graph, loaded.corpus)


def export_name(G: nx.MultiDiGraph, root: Path) -> str:
    """The downloads' base name: ``ketagraph`` for the shipped graph, ``ketagraph-<name>`` otherwise."""
    name = str(G.graph.get("name") or root.name or "graph")
    return "ketagraph" if name == "graph" else f"ketagraph-{name}"

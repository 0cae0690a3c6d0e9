"""Graphs for the export tests: a small hostile graph built directly, and summaries to compare.

:func:`hostile_graph` uses build.py's attribute names but none of the loader's limits: ids with
quotes, backslashes and markup, labels and quotes with every character a format could choke on,
a claim id equal to an entity id, parallel claims, a self-loop, an unknown entity type.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
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

#: Quotes, backslashes, markup, CDATA and comment ends, a format's own markers, a backtick, a
#: Cypher statement end, non-ASCII, an astral character, a line separator, a newline and a tab.
HOSTILE = (
    "He said \"yes\" & 'no' \\ back\\slash \\n \\u0041 <script>alert(1)</script> ]]> --> "
    "@VIS@ `tick`; // */ ünïcødé 🧠\u2028end\nsecond line\tTab"
)
XSS_LABEL = '<img src=x onerror="window.__xss=1">'
XSS_QUOTE = "</script><script>window.__xss=2</script> <!-- &amp; \u2029"
ODD_ID = 'odd "id" \\ <x> & y'


def hostile_graph() -> nx.MultiDiGraph:
    G = nx.MultiDiGraph(name="hostile " + HOSTILE)
    G.graph[SOURCES] = {
        "src": {
            "title": "Title " + HOSTILE,
            "publisher": "Publisher & <Co>",
            "kind": "clinic-marketing",
            "language": "en",
            "file": "src/article.txt",
            "sha256": "0" * 64,
            "url": "https://example.org/article?a=1&b=2",
            "description": "About " + HOSTILE,
        }
    }

    def entity(eid: str, label: str, etype: str, **extra: Any) -> None:
        G.add_node(
            eid,
            **{
                LABEL: label,
                TYPE: etype,
                ALIASES: extra.get("aliases", []),
                DESCRIPTION: extra.get("description", ""),
                XREFS: extra.get("xrefs", []),
            },
        )

    entity(
        "ketamine",
        "Ketamine " + HOSTILE,
        "drug",
        aliases=["alias " + HOSTILE, "k"],
        description="Description " + HOSTILE,
        xrefs=["CHEBI:6121", "MESH:D007649"],
    )
    entity(ODD_ID, XSS_LABEL, "receptor", aliases=[XSS_LABEL])
    entity("plain", "Plain", "condition")
    entity("mystery", "Mystery", "not-a-known-type")

    def claim(u: str, v: str, key: str, relation: str, certainty: str, quotes: list[str], **extra: Any) -> None:
        evidence = [
            {"source": "src", "quote": q, "start": 10 * i, "end": 10 * i + len(q), "section": f"Section {i} " + HOSTILE}
            for i, q in enumerate(quotes)
        ]
        G.add_edge(
            u,
            v,
            key=key,
            **{
                RELATION: relation,
                CERTAINTY: certainty,
                POLARITY: extra.get("polarity", "affirmed"),
                QUALIFIERS: extra.get("qualifiers", {}),
                EVIDENCE: evidence,
                NOTE: extra.get("note", ""),
            },
        )

    claim(
        "ketamine",
        ODD_ID,
        'claim "odd" \\ <c>',
        "acts_on",
        "reported",
        ["Quote " + HOSTILE, XSS_QUOTE],
        polarity="negated",
        qualifiers={"dose": "low " + HOSTILE, "year": 1962},
        note="Note " + HOSTILE,
    )
    claim("ketamine", ODD_ID, "parallel", "modulates", "speculative", ["Parallel quote."])
    claim("ketamine", "plain", "plain", "treats", "suggested", ["Same id as an entity."])  # claim id == entity id
    claim("plain", "plain", "self-loop", "causes", "established", ["A self-loop."])
    claim("mystery", "ketamine", "backwards", "uses", "established", ["Unknown type, pointing back."])
    return G


@dataclass
class Summary:
    """What a read-back must agree on with the graph it was written from."""

    nodes: int
    edges: int
    quotes: Counter[str]
    labels: Counter[str]
    certainties: Counter[str]
    polarities: Counter[str]
    types: Counter[str]


def summarize(G: nx.MultiDiGraph) -> Summary:
    return Summary(
        nodes=G.number_of_nodes(),
        edges=G.number_of_edges(),
        quotes=Counter(ev["quote"] for *_, d in G.edges(data=True) for ev in d[EVIDENCE]),
        labels=Counter(d[LABEL] for _, d in G.nodes(data=True)),
        certainties=Counter(d[CERTAINTY] for *_, d in G.edges(data=True)),
        polarities=Counter(d[POLARITY] for *_, d in G.edges(data=True)),
        types=Counter(d[TYPE] for _, d in G.nodes(data=True)),
    )

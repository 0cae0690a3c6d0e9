"""A Cypher script that loads the claim graph into Neo4j 5 (``cypher-shell -f graph.cypher``).

Idempotent: uniqueness constraints first, then ``MERGE`` on ids, so running it twice changes
nothing and running it after a curator's edit updates what changed (it never deletes).

- ``(:Source {id})`` per source with its metadata (``title``, ``publisher``, ``kind``, ...);
- ``(:Entity {id})`` per entity, with a second label from its type (``drug`` -> ``:Drug``,
  ``brain-system`` -> ``:BrainSystem``) and the properties ``label``, ``type``, ``description``,
  ``aliases`` and ``xrefs`` (lists of strings);
- one relationship per claim, its type the relation upper-cased (``acts_on`` -> ``:ACTS_ON``),
  merged on its ``claim`` id, with ``relation``, ``certainty``, ``polarity``, ``note``,
  ``qualifiers`` (JSON text), the evidence as lists Neo4j can hold (``quotes``,
  ``quote_sources``, ``quote_starts``, ``quote_ends``, ``quote_sections``; item *i* of each is the
  *i*-th quote), ``evidence_count`` and ``evidence`` (all of it as JSON text).

A negated claim is a relationship like the others with ``polarity: 'negated'``: filter on it
(``WHERE r.polarity = 'affirmed'``) before reading a path as a chain of assertions.

What Neo4j cannot represent: maps as property values (hence ``qualifiers`` and ``evidence`` as
JSON text) and a relationship that points at a relationship (a claim's sources are the ids in
``quote_sources``, matching ``(:Source {id})``). Every string is a single-quoted Cypher literal
with backslashes, quotes, line breaks and other control characters escaped; labels and types
that are not plain identifiers are backtick-quoted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from typing import Any, BinaryIO

import networkx as nx

from ketagraph.attrs import EVIDENCE, QUALIFIERS, RELATION, SOURCES, TYPE
from ketagraph.export._flatten import evidence_lists, json_text, sorted_edges, sorted_nodes
from ketagraph.export._write import write_bytes

__all__ = ["cypher_identifier", "cypher_string", "cypher_value", "generate_cypher", "write_cypher"]

SUFFIXES = (".cypher", ".cql")
MEDIA_TYPE = "text/plain"
DESCRIPTION = "Neo4j Cypher script (constraints, MERGE nodes and relationships)"

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ESCAPES = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\b": "\\b", "\f": "\\f"}


def cypher_string(text: object) -> str:
    """``text`` as a single-quoted Cypher string literal.

    Examples
    --------
    >>> print(cypher_string("it's a \\\\ path\\n"))
    'it\\'s a \\\\ path\\n'
    """
    out = []
    for ch in str(text):
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF or ch in "\u2028\u2029":
            out.append(f"\\u{code:04X}")
        else:
            out.append(ch)
    return "'" + "".join(out) + "'"


def cypher_identifier(name: str) -> str:
    """A label, relationship type or property key, backtick-quoted unless a plain identifier."""
    if _IDENTIFIER.match(name):
        return name
    return "`" + name.replace("`", "``") + "`"


def cypher_value(value: Any) -> str:
    """A Cypher literal: strings, numbers, booleans, ``null`` and lists of them; mappings as JSON text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if value == value and value not in (float("inf"), float("-inf")) else "null"
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (str, int, float, bool)) for v in value):
            return "[" + ", ".join(cypher_value(v) for v in value) + "]"
        return cypher_string(json_text(list(value)))
    if isinstance(value, Mapping):
        return cypher_string(json_text(dict(value)))
    return cypher_string(value)


def _map(props: Mapping[str, Any]) -> str:
    return "{" + ", ".join(f"{cypher_identifier(k)}: {cypher_value(props[k])}" for k in props) + "}"


def type_label(entity_type: str) -> str:
    """The Neo4j label of an entity type: ``brain-system`` -> ``BrainSystem``."""
    words = [w for w in re.split(r"[^A-Za-z0-9]+", entity_type) if w]
    return "".join(w[:1].upper() + w[1:] for w in words) or "Untyped"


def relationship_type(relation: str) -> str:
    """The Neo4j relationship type of a relation: ``acts_on`` -> ``ACTS_ON``."""
    return re.sub(r"[^A-Za-z0-9_]+", "_", relation).upper() or "RELATED_TO"


def _statements(G: nx.MultiDiGraph) -> Iterable[str]:
    yield "CREATE CONSTRAINT ketagraph_entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;"
    yield "CREATE CONSTRAINT ketagraph_source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;"
    sources: Mapping[str, Mapping[str, Any]] = G.graph.get(SOURCES) or {}
    for sid in sorted(sources, key=str):
        props = {k: sources[sid][k] for k in sorted(sources[sid])}
        yield f"MERGE (s:Source {{id: {cypher_string(sid)}}}) SET s += {_map(props)};"
    for n in sorted_nodes(G):
        d = G.nodes[n]
        props = {k: d[k] for k in sorted(d)}
        label = cypher_identifier(type_label(str(d.get(TYPE, ""))))
        yield f"MERGE (n:Entity {{id: {cypher_string(n)}}}) SET n:{label}, n += {_map(props)};"
    for u, v, key in sorted_edges(G):
        d = G.edges[u, v, key]
        evidence = list(d.get(EVIDENCE) or [])
        props = {k: d[k] for k in sorted(d) if k not in (EVIDENCE, QUALIFIERS)}
        props.update(
            {
                QUALIFIERS: json_text(d.get(QUALIFIERS) or {}),
                **evidence_lists(d),
                "evidence_count": len(evidence),
                EVIDENCE: json_text(evidence),
            }
        )
        rel = cypher_identifier(relationship_type(str(d.get(RELATION, ""))))
        yield (
            f"MATCH (a:Entity {{id: {cypher_string(u)}}}) MATCH (b:Entity {{id: {cypher_string(v)}}}) "
            f"MERGE (a)-[r:{rel} {{claim: {cypher_string(key)}}}]->(b) SET r += {_map(props)};"
        )


def generate_cypher(G: nx.MultiDiGraph) -> bytes:
    """``G`` as a Cypher script (UTF-8), one statement per line, deterministic.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_node("a", label="A", type="drug")
    >>> G.add_node("b", label="B's", type="brain-system")
    >>> G.add_edge("a", "b", key="a-b", relation="acts_on", evidence=[])
    'a-b'
    >>> print(generate_cypher(G).decode().splitlines()[-1])  # doctest: +ELLIPSIS
    MATCH (a:Entity {id: 'a'}) MATCH (b:Entity {id: 'b'}) MERGE (a)-[r:ACTS_ON {claim: 'a-b'}]->(b) SET r += {...};
    """
    header = [
        "// ketagraph: the claim graph for Neo4j 5. Load with:",
        "//   cypher-shell -u neo4j -p <password> -f graph.cypher",
        "// Claims are relationships merged on their `claim` id; negated ones have polarity 'negated'.",
    ]
    return ("\n".join([*header, *_statements(G)]) + "\n").encode("utf-8")


def write_cypher(G: nx.MultiDiGraph, dest: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``G`` as a Cypher script to a path (atomically) or a binary stream."""
    write_bytes(dest, generate_cypher(G))

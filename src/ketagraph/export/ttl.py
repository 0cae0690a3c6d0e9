"""RDF Turtle with provenance: claims reified, quotes as W3C Web Annotations.

For a triple store or any RDF tool (load with ``rdflib``, Apache Jena ``riot``, GraphDB,
Oxigraph...). Written with rdflib, whose Turtle serializer sorts subjects and predicates, so the
same graph always gives the same bytes. Identifiers live under :data:`BASE`, a placeholder
namespace (``example.org`` is reserved for examples) until ketagraph has a registered one.

- **Entities** are IRIs ``<BASE>entity/<id>``, typed ``kg:Entity`` and ``kgt:<type>`` (``kgt:drug``),
  with ``rdfs:label``, ``skos:altLabel`` per alias, ``dcterms:description``, ``dcterms:identifier``
  (the id), ``kg:xref`` per CURIE as written and ``skos:exactMatch`` to the identifier's IRI where
  the prefix is known (:data:`ketagraph.model.XREF_PREFIXES`; ``CHEBI:6121`` ->
  ``http://purl.obolibrary.org/obo/CHEBI_6121``). ``skos:exactMatch`` rather than ``owl:sameAs``:
  ChEBI, MeSH and the like name classes and concepts, and an article's "ketamine" matches them
  without being the same OWL individual.
- **Claims** are reified, never asserted: ``<BASE>claim/<id>`` is an ``rdf:Statement`` (and
  ``kg:Claim``) with ``rdf:subject``, ``rdf:predicate`` (``kgr:<relation>``) and ``rdf:object``,
  plus ``kg:certainty``, ``kg:polarity``, each qualifier as ``kgq:<key>``, ``rdfs:comment`` (the
  curator's note) and ``prov:wasDerivedFrom`` each source. The file says "the article states
  that", not that it is true: nobody's triple store should learn ``ketamine treats depression``
  from a clinic's marketing.
- **Evidence**: each quote is an ``oa:Annotation`` ``<BASE>evidence/<claim id>.<n>`` whose body is the
  claim and whose target is an ``oa:SpecificResource`` on the source with an
  ``oa:TextQuoteSelector`` (``oa:exact``, the verbatim quote, tagged with the source's language) and an ``oa:TextPositionSelector``
  (``oa:start``/``oa:end``, character offsets in the source text, end excluded), IRIs ending in
  ``.target``, ``.quote`` and ``.position``; ``kg:index``
  (1-based order) and ``kg:section`` on the annotation; ``prov:wasDerivedFrom`` the source.
- **Sources** are ``<BASE>source/<id>``, ``prov:Entity`` and ``kg:Source``, with ``dcterms:title``,
  ``dcterms:publisher``, ``kg:kind``, ``dcterms:language``, ``dcterms:description``,
  ``rdfs:seeAlso`` (the URL), ``kg:file`` and ``kg:sha256`` (of the text the offsets count in).
- The types and relations used are declared (``rdfs:Class``/``rdf:Property`` with a label and the
  vocabulary's one-line meaning).

All nodes are IRIs (no blank nodes, whose labels would change between runs); ids are
percent-encoded into them. What Turtle cannot represent here: nothing that the graph holds is
dropped, but the claim order within a source is only in the offsets.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Any, BinaryIO
from urllib.parse import quote

import networkx as nx
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from ketagraph.attrs import (
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
from ketagraph.attrs import DESCRIPTION as DESCRIPTION_ATTR
from ketagraph.export._write import write_bytes
from ketagraph.model import ENTITY_TYPES, RELATIONS, xref_iri

__all__ = ["BASE", "generate_ttl", "read_ttl", "to_rdf", "write_ttl", "xref_iri"]

SUFFIXES = (".ttl",)
MEDIA_TYPE = "text/turtle"
DESCRIPTION = "RDF Turtle: reified claims, quotes as W3C Web Annotations (rdflib)"

#: Where ketagraph's identifiers live (a placeholder until a registered namespace exists).
BASE = "https://example.org/ketagraph/"
KG = Namespace(BASE + "vocab#")
KGT = Namespace(BASE + "type/")
KGR = Namespace(BASE + "relation/")
KGQ = Namespace(BASE + "qualifier/")
ENTITY = Namespace(BASE + "entity/")
CLAIM = Namespace(BASE + "claim/")
SOURCE = Namespace(BASE + "source/")
EVIDENCE_NS = Namespace(BASE + "evidence/")
OA = Namespace("http://www.w3.org/ns/oa#")

_LANG = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")


def _local(value: object) -> str:
    """An id as an IRI path segment: percent-encoded, "." included (it separates parts below)."""
    return quote(str(value), safe="").replace(".", "%2E")


def _literal(value: Any) -> Literal:
    if isinstance(value, bool):
        return Literal(value)
    if isinstance(value, int):
        return Literal(value, datatype=XSD.integer)
    if isinstance(value, float):
        return Literal(value, datatype=XSD.double)
    return Literal(str(value))


def to_rdf(G: nx.MultiDiGraph) -> Graph:
    """``G`` as an rdflib :class:`~rdflib.Graph` (see the module docstring for the model)."""
    g = Graph(bind_namespaces="none")
    for prefix, ns in (
        ("kg", KG),
        ("kgt", KGT),
        ("kgr", KGR),
        ("kgq", KGQ),
        ("entity", ENTITY),
        ("claim", CLAIM),
        ("source", SOURCE),
        ("evidence", EVIDENCE_NS),
        ("oa", OA),
        ("prov", PROV),
        ("dcterms", DCTERMS),
        ("skos", SKOS),
        ("rdf", RDF),
        ("rdfs", RDFS),
        ("xsd", XSD),
    ):
        g.bind(prefix, ns)

    sources: Mapping[str, Mapping[str, Any]] = G.graph.get(SOURCES) or {}
    for sid, meta in sources.items():
        s = SOURCE[_local(sid)]
        g.add((s, RDF.type, PROV.Entity))
        g.add((s, RDF.type, KG["Source"]))
        g.add((s, DCTERMS.identifier, Literal(str(sid))))
        for key, pred in (
            ("title", DCTERMS.title),
            ("publisher", DCTERMS.publisher),
            ("kind", KG["kind"]),
            ("language", DCTERMS.language),
            ("description", DCTERMS.description),
            ("file", KG["file"]),
            ("sha256", KG["sha256"]),
        ):
            if meta.get(key):
                g.add((s, pred, Literal(str(meta[key]))))
        if meta.get("url"):
            g.add((s, RDFS.seeAlso, URIRef(str(meta["url"]))))

    types_used: set[str] = set()
    for n, d in G.nodes(data=True):
        e = ENTITY[_local(n)]
        t = str(d.get(TYPE, ""))
        types_used.add(t)
        g.add((e, RDF.type, KG["Entity"]))
        g.add((e, RDF.type, KGT[_local(t)]))
        g.add((e, DCTERMS.identifier, Literal(str(n))))
        g.add((e, RDFS.label, Literal(str(d.get(LABEL, n)))))
        if d.get(DESCRIPTION_ATTR):
            g.add((e, DCTERMS.description, Literal(str(d[DESCRIPTION_ATTR]))))
        for alias in d.get(ALIASES) or []:
            g.add((e, SKOS.altLabel, Literal(str(alias))))
        for curie in d.get(XREFS) or []:
            g.add((e, KG["xref"], Literal(str(curie))))
            iri = xref_iri(str(curie))
            if iri:
                g.add((e, SKOS.exactMatch, URIRef(iri)))

    relations_used: set[str] = set()
    for u, v, key, d in G.edges(keys=True, data=True):
        c = CLAIM[_local(key)]
        relation = str(d.get(RELATION, ""))
        relations_used.add(relation)
        g.add((c, RDF.type, RDF.Statement))
        g.add((c, RDF.type, KG["Claim"]))
        g.add((c, DCTERMS.identifier, Literal(str(key))))
        g.add((c, RDF.subject, ENTITY[_local(u)]))
        g.add((c, RDF.predicate, KGR[_local(relation)]))
        g.add((c, RDF.object, ENTITY[_local(v)]))
        g.add((c, KG["certainty"], Literal(str(d.get(CERTAINTY, "")))))
        g.add((c, KG["polarity"], Literal(str(d.get(POLARITY, "")))))
        for qk, qv in (d.get(QUALIFIERS) or {}).items():
            g.add((c, KGQ[_local(qk)], _literal(qv)))
        if d.get(NOTE):
            g.add((c, RDFS.comment, Literal(str(d[NOTE]))))
        for i, ev in enumerate(d.get(EVIDENCE) or [], 1):
            src = SOURCE[_local(ev.get("source", ""))]
            a = EVIDENCE_NS[f"{_local(key)}.{i}"]
            target = EVIDENCE_NS[f"{_local(key)}.{i}.target"]
            g.add((c, PROV.wasDerivedFrom, src))
            g.add((c, KG["evidence"], a))
            g.add((a, RDF.type, OA.Annotation))
            g.add((a, OA.hasBody, c))
            g.add((a, OA.hasTarget, target))
            g.add((a, PROV.wasDerivedFrom, src))
            g.add((a, KG["index"], Literal(i, datatype=XSD.integer)))
            if ev.get("section"):
                g.add((a, KG["section"], Literal(str(ev["section"]))))
            g.add((target, RDF.type, OA.SpecificResource))
            g.add((target, OA.hasSource, src))
            quote_sel = EVIDENCE_NS[f"{_local(key)}.{i}.quote"]
            g.add((target, OA.hasSelector, quote_sel))
            g.add((quote_sel, RDF.type, OA.TextQuoteSelector))
            language = str(sources.get(str(ev.get("source", "")), {}).get("language") or "")
            g.add(
                (
                    quote_sel,
                    OA.exact,
                    Literal(str(ev.get("quote", "")), lang=language if _LANG.match(language) else None),
                )
            )
            start, end = ev.get("start"), ev.get("end")
            if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end:
                position = EVIDENCE_NS[f"{_local(key)}.{i}.position"]
                g.add((target, OA.hasSelector, position))
                g.add((position, RDF.type, OA.TextPositionSelector))
                g.add((position, OA.start, Literal(start, datatype=XSD.nonNegativeInteger)))
                g.add((position, OA.end, Literal(end, datatype=XSD.nonNegativeInteger)))

    for t in types_used:
        cls = KGT[_local(t)]
        g.add((cls, RDF.type, RDFS.Class))
        g.add((cls, RDFS.subClassOf, KG["Entity"]))
        g.add((cls, RDFS.label, Literal(t)))
        if t in ENTITY_TYPES:
            g.add((cls, RDFS.comment, Literal(ENTITY_TYPES[t])))
    for r in relations_used:
        prop = KGR[_local(r)]
        g.add((prop, RDF.type, RDF.Property))
        g.add((prop, RDFS.label, Literal(r.replace("_", " "))))
        if r in RELATIONS:
            g.add((prop, RDFS.comment, Literal(RELATIONS[r])))
    return g


def generate_ttl(G: nx.MultiDiGraph) -> bytes:
    """``G`` as RDF Turtle (UTF-8), deterministic.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", key="a-b", relation="causes", evidence=[{"source": "s", "quote": "A, B."}])
    'a-b'
    >>> b'oa:exact "A, B."' in generate_ttl(G)
    True
    """
    data: bytes = to_rdf(G).serialize(format="turtle", encoding="utf-8")
    return data


def write_ttl(G: nx.MultiDiGraph, dest: str | os.PathLike[str] | BinaryIO) -> None:
    """Write ``G`` as RDF Turtle to a path (atomically) or a binary stream."""
    write_bytes(dest, generate_ttl(G))


def read_ttl(path: str | os.PathLike[str]) -> Graph:
    """Read a file written by :func:`write_ttl` into an ``rdflib.Graph``."""
    g = Graph()
    g.parse(os.fspath(path), format="turtle")
    return g

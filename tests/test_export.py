"""Exports: every registered format writes, reads back with the same counts and quotes, survives
hostile text, is byte-identical from run to run, and writes atomically; the CLI loops over them."""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import RDF, RDFS, SKOS

import ketagraph
from export_helpers import HOSTILE, ODD_ID, XSS_LABEL, XSS_QUOTE, Summary, hostile_graph, summarize
from ketagraph import export as exporters
from ketagraph.build import EVIDENCE
from ketagraph.cli import cli
from ketagraph.corpus import Corpus
from ketagraph.errors import ExportError, UnknownFormatError
from ketagraph.export import FORMATS, csvzip, cypher, dot, htmlpage, nodelink, ttl
from ketagraph.panel import details_data
from ketagraph.present import xref_url
from ketagraph.style import legend_data

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "graph"
HOSTILE_CASES = REPO / "tests" / "hostile"
NAMES = list(FORMATS)
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")


@pytest.fixture(scope="module")
def shipped() -> nx.MultiDiGraph:
    return ketagraph.load_graph(SHIPPED)


@pytest.fixture(scope="module")
def hostile() -> nx.MultiDiGraph:
    return hostile_graph()


@pytest.fixture(params=["shipped", "hostile"])
def any_graph(request: pytest.FixtureRequest, shipped: nx.MultiDiGraph, hostile: nx.MultiDiGraph) -> nx.MultiDiGraph:
    return shipped if request.param == "shipped" else hostile


def require_dot() -> str:
    path = shutil.which("dot")
    if path:
        return path
    message = "Graphviz `dot` not found: install it with `apt-get install -y graphviz`"
    if os.environ.get("KETAGRAPH_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


def norm(text: str) -> str:
    return " ".join(text.split())


def evidence_by_claim(G: nx.MultiDiGraph) -> dict[str, list[dict[str, Any]]]:
    return {str(k): d[EVIDENCE] for _, _, k, d in G.edges(keys=True, data=True)}


# --- readers: each returns what the format says, and checks what only it can ---------------------


def read_json(data: bytes, G: nx.MultiDiGraph) -> Summary:
    H = nx.node_link_graph(json.loads(data), edges="edges")
    assert dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(H.edges(keys=True, data=True)) == sorted(G.edges(keys=True, data=True))
    return summarize(H)


def read_cytoscape(data: bytes, G: nx.MultiDiGraph) -> Summary:
    doc = json.loads(data)
    ids = [e["data"]["id"] for kind in ("nodes", "edges") for e in doc["elements"][kind]]
    assert len(ids) == len(set(ids)), "Cytoscape.js needs ids unique across nodes and edges"
    H = nx.cytoscape_graph(doc)
    evidence = evidence_by_claim(G)
    for _, _, key, d in H.edges(keys=True, data=True):
        rebuilt = [
            {"source": s, "quote": q, "start": a, "end": b, "section": sec}
            for s, q, a, b, sec in zip(
                d["quote_sources"], d["quotes"], d["quote_starts"], d["quote_ends"], d["quote_sections"], strict=True
            )
        ]
        assert rebuilt == evidence[key]
        assert d["interaction"] == d["relation"]
    return Summary(
        nodes=H.number_of_nodes(),
        edges=H.number_of_edges(),
        quotes=Counter(q for *_, d in H.edges(data=True) for q in d["quotes"]),
        labels=Counter(d["label"] for _, d in H.nodes(data=True)),
        certainties=Counter(d["certainty"] for *_, d in H.edges(data=True)),
        polarities=Counter(d["polarity"] for *_, d in H.edges(data=True)),
        types=Counter(d["type"] for _, d in H.nodes(data=True)),
    )


def _flat_summary(H: nx.MultiDiGraph, G: nx.MultiDiGraph) -> Summary:
    """GraphML and GEXF: lists and mappings are JSON text that gives back exactly what G held."""
    assert {str(n) for n in H} == {str(n) for n in G}
    evidence = evidence_by_claim(G)
    for n, d in H.nodes(data=True):
        original = G.nodes[n]
        assert json.loads(d["aliases"]) == original["aliases"]
        assert json.loads(d["xrefs"]) == original["xrefs"]
        assert d.get("description", "") == original["description"]
    assert sorted(d["claim"] for *_, d in H.edges(data=True)) == sorted(evidence)
    for *_, d in H.edges(data=True):
        key = d["claim"]
        assert json.loads(d["evidence"]) == evidence[key]
        assert d["evidence_count"] == len(evidence[key])
        assert d["quote"] == evidence[key][0]["quote"]
    return Summary(
        nodes=H.number_of_nodes(),
        edges=H.number_of_edges(),
        quotes=Counter(ev["quote"] for *_, d in H.edges(data=True) for ev in json.loads(d["evidence"])),
        labels=Counter(d["label"] for _, d in H.nodes(data=True)),
        certainties=Counter(d["certainty"] for *_, d in H.edges(data=True)),
        polarities=Counter(d["polarity"] for *_, d in H.edges(data=True)),
        types=Counter(d["type"] for _, d in H.nodes(data=True)),
    )


def read_graphml(data: bytes, G: nx.MultiDiGraph) -> Summary:
    H = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert isinstance(H, nx.MultiDiGraph)
    assert sorted(k for *_, k in H.edges(keys=True)) == sorted(str(k) for *_, k in G.edges(keys=True))
    assert json.loads(H.graph["sources"]) == G.graph["sources"]
    return _flat_summary(H, G)


def read_gexf(data: bytes, G: nx.MultiDiGraph) -> Summary:
    assert b"lastmodifieddate" not in data
    H = nx.read_gexf(io.BytesIO(data))  # a DiGraph when no two claims share both ends
    description = ET.fromstring(data).find(
        "{http://www.gexf.net/1.2draft}meta/{http://www.gexf.net/1.2draft}description"
    )
    assert description is not None and json.loads(description.text or "") == G.graph["sources"]
    return _flat_summary(H, G)


def read_csv(data: bytes, G: nx.MultiDiGraph) -> Summary:
    zf = zipfile.ZipFile(io.BytesIO(data))
    assert zf.namelist() == ["edges.csv", "evidence.csv", "nodes.csv", "sources.csv"]
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in zf.infolist())

    def rows(name: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(zf.read(name).decode("utf-8"), newline="")))

    nodes, edges, evidence = rows("nodes.csv"), rows("edges.csv"), rows("evidence.csv")
    sources = rows("sources.csv")
    assert [s["id"] for s in sources] == sorted(G.graph["sources"])
    expected = evidence_by_claim(G)
    for e in edges:
        assert json.loads(e["evidence"]) == expected[e["id"]]
    for r in evidence:
        original = expected[r["claim"]][int(r["n"]) - 1]
        assert (r["source"], r["quote"], int(r["start"]), int(r["end"]), r["section"]) == (
            original["source"],
            original["quote"],
            original["start"],
            original["end"],
            original["section"],
        )
    return Summary(
        nodes=len(nodes),
        edges=len(edges),
        quotes=Counter(r["quote"] for r in evidence),
        labels=Counter(r["label"] for r in nodes),
        certainties=Counter(r["certainty"] for r in edges),
        polarities=Counter(r["polarity"] for r in edges),
        types=Counter(r["type"] for r in nodes),
    )


def page_json(page: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, re.DOTALL)
    assert m, "no data block"
    assert not re.search(r"[<>&\u2028\u2029]", m.group(1)), "unescaped character in the data block"
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def panel_evidence(details: dict[str, Any], ev: dict[str, Any]) -> dict[str, Any]:
    """An evidence of the panel's data as the graph holds it: the quote cut from its paragraph."""
    para = details["paragraphs"][ev["para"]]
    quote = para[ev["start"] - ev["offset"] : ev["end"] - ev["offset"]]
    return {"source": ev["source"], "quote": quote, "start": ev["start"], "end": ev["end"], "section": ev["section"]}


def read_html(data: bytes, G: nx.MultiDiGraph) -> Summary:
    page = data.decode("utf-8")
    # Three script blocks, and nothing from the data ends or opens one (vis-network holds a "<script>" string).
    assert page.count("</script") == 3
    assert page.count("<script") == 3 + htmlpage.vis_network_js().count("<script")
    assert XSS_LABEL not in page and "<script>alert" not in page and "window.__xss=2</script>" not in page
    assert not re.search(r"<script[^>]+src=|<link[^>]+stylesheet|@import|url\(\s*['\"]?https?:", page)
    assert "sourceMappingURL" not in page
    doc = page_json(page)
    assert len(doc["vis"]["nodes"]) == G.number_of_nodes() and len(doc["vis"]["edges"]) == G.number_of_edges()
    claims, entities = doc["details"]["claims"], doc["details"]["nodes"]
    expected = evidence_by_claim(G)
    for key, c in claims.items():
        assert [panel_evidence(doc["details"], ev) for ev in c["evidence"]] == expected[key]
        c["evidence"] = expected[key]
    return Summary(
        nodes=len(entities),
        edges=len(claims),
        quotes=Counter(ev["quote"] for c in claims.values() for ev in c["evidence"]),
        labels=Counter(e["label"] for e in entities.values()),
        certainties=Counter(c["certainty"] for c in claims.values()),
        polarities=Counter(c["polarity"] for c in claims.values()),
        types=Counter(e["type"] for e in entities.values()),
    )


SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def render_svg(data: bytes) -> tuple[ET.Element, str]:
    proc = subprocess.run([require_dot(), "-Tsvg"], input=data, capture_output=True, timeout=120, check=False)
    assert proc.returncode == 0, proc.stderr.decode()
    return ET.fromstring(proc.stdout), proc.stderr.decode()


def read_dot(data: bytes, G: nx.MultiDiGraph) -> Summary:
    svg, _ = render_svg(data)
    nodes, edges = [], []
    for g in svg.iter(f"{SVG}g"):
        classes = (g.get("class") or "").split()
        if classes[:2] == ["node", "entity"]:
            nodes.append(g)
        elif classes[:2] == ["edge", "claim"]:
            edges.append(g)

    def tooltip(g: ET.Element) -> str:
        return next(a.get(f"{XLINK}title") or "" for a in g.iter(f"{SVG}a"))

    labels: Counter[str] = Counter()
    types: Counter[str] = Counter()
    for g in nodes:
        n = unquote_id(g.get("id") or "", "entity:")
        d = G.nodes[n]
        texts = [t.text or "" for t in g.iter(f"{SVG}text")]
        assert norm(" ".join(texts)) == norm(d["label"])
        # XML turns a raw tab in an attribute into a space: compare with whitespace normalised.
        assert norm(d["label"]) in norm(tooltip(g)) and norm(d["description"]) in norm(tooltip(g))
        labels[d["label"]] += 1
        types[(g.get("class") or "").split(maxsplit=2)[2]] += 1
    quotes: Counter[str] = Counter()
    certainties: Counter[str] = Counter()
    polarities: Counter[str] = Counter()
    evidence = evidence_by_claim(G)
    for g in edges:
        key = unquote_id(g.get("id") or "", "claim:")
        classes = (g.get("class") or "").split()
        certainties[classes[2]] += 1
        polarities[classes[3]] += 1
        for ev in evidence[key]:
            assert norm(ev["quote"]) in norm(tooltip(g)), f"quote of {key!r} missing from its tooltip"
            assert f"{ev['start']}–{ev['end']}" in tooltip(g)
            quotes[ev["quote"]] += 1
    return Summary(len(nodes), len(edges), quotes, labels, certainties, polarities, types)


def unquote_id(svg_id: str, prefix: str) -> str:
    assert svg_id.startswith(prefix), svg_id
    return svg_id[len(prefix) :]


def read_ttl(data: bytes, G: nx.MultiDiGraph) -> Summary:
    g = rdflib.Graph()
    g.parse(data=data, format="turtle")
    kg = rdflib.Namespace(ttl.BASE + "vocab#")
    entities = set(g.subjects(RDF.type, kg["Entity"]))
    claims = set(g.subjects(RDF.type, RDF.Statement))
    assert claims == set(g.subjects(RDF.type, kg["Claim"]))
    types: Counter[str] = Counter()
    for e in entities:
        classes = [str(c) for c in g.objects(e, RDF.type) if c != kg["Entity"]]
        assert len(classes) == 1 and classes[0].startswith(str(ttl.KGT))
        types[unquote(classes[0][len(str(ttl.KGT)) :])] += 1
    evidence = evidence_by_claim(G)
    quotes: Counter[str] = Counter()
    for c in claims:
        key = str(g.value(c, rdflib.namespace.DCTERMS.identifier))
        annotations = sorted(g.objects(c, kg["evidence"]), key=lambda a: int(g.value(a, kg["index"])))
        assert len(annotations) == len(evidence[key])
        for a, ev in zip(annotations, evidence[key], strict=True):
            assert g.value(a, RDF.type) == OA.Annotation and g.value(a, OA.hasBody) == c
            target = g.value(a, OA.hasTarget)
            assert g.value(target, OA.hasSource) == ttl.SOURCE[ev["source"]]
            selectors = {g.value(s, RDF.type): s for s in g.objects(target, OA.hasSelector)}
            exact = g.value(selectors[OA.TextQuoteSelector], OA.exact)
            position = selectors[OA.TextPositionSelector]
            assert str(exact) == ev["quote"]
            assert (int(g.value(position, OA.start)), int(g.value(position, OA.end))) == (ev["start"], ev["end"])
            quotes[str(exact)] += 1
        # reified, never asserted: the relation never links the two entities directly
        assert (g.value(c, RDF.subject), g.value(c, RDF.predicate), g.value(c, RDF.object)) not in g
    return Summary(
        nodes=len(entities),
        edges=len(claims),
        quotes=quotes,
        labels=Counter(str(g.value(e, RDFS.label)) for e in entities),
        certainties=Counter(str(g.value(c, kg["certainty"])) for c in claims),
        polarities=Counter(str(g.value(c, kg["polarity"])) for c in claims),
        types=types,
    )


_CYPHER_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}
_MAP_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*): $")


@dataclass
class Statement:
    text: str
    literals: list[tuple[str | None, str]]  # (the map key before it, if any; the decoded value)

    def prop(self, key: str) -> str:
        return next(v for k, v in self.literals if k == key)


def parse_cypher(script: str) -> list[Statement]:
    """Statements (split on ``;`` outside literals and comments) with their decoded string literals.

    A small lexer for what the exporter writes: '...' and "..." strings with Cypher's escapes,
    `...` identifiers, // comments. Raises on anything unterminated or an unknown escape.
    """
    statements: list[Statement] = []
    literals: list[tuple[str | None, str]] = []
    current: list[str] = []
    i, n = 0, len(script)
    while i < n:
        ch = script[i]
        if ch in "'\"":
            j, out = i + 1, []
            while True:
                if j >= n:
                    raise ValueError(f"unterminated string at {i}")
                c = script[j]
                if c == "\\":
                    e = script[j + 1]
                    if e in _CYPHER_ESCAPES:
                        out.append(_CYPHER_ESCAPES[e])
                        j += 2
                    elif e == "u":
                        out.append(chr(int(script[j + 2 : j + 6], 16)))
                        j += 6
                    else:
                        raise ValueError(f"unknown escape \\{e} at {j}")
                elif c == ch:
                    break
                else:
                    out.append(c)
                    j += 1
            key = _MAP_KEY.search("".join(current[-40:]))  # single characters, or a whole literal
            literals.append((key.group(1) if key else None, "".join(out)))
            current.append(script[i : j + 1])
            i = j + 1
        elif ch == "`":
            j = i + 1
            while True:
                j = script.index("`", j)
                if script[j + 1 : j + 2] == "`":
                    j += 2
                    continue
                break
            current.append(script[i : j + 1])
            i = j + 1
        elif script.startswith("//", i):
            i = script.index("\n", i)
        elif ch == ";":
            statements.append(Statement("".join(current).strip(), literals))
            current, literals = [], []
            i += 1
        else:
            current.append(ch)
            i += 1
    assert not "".join(current).strip(), "text after the last statement"
    return statements


def read_cypher(data: bytes, G: nx.MultiDiGraph) -> Summary:
    statements = parse_cypher(data.decode("utf-8"))
    assert all("\n" not in s.text for s in statements)
    assert len(statements) == 2 + len(G.graph["sources"]) + G.number_of_nodes() + G.number_of_edges()
    nodes = [s for s in statements if s.text.startswith("MERGE (n:Entity {id: ")]
    edges = [s for s in statements if s.text.startswith("MATCH (a:Entity {id: ")]
    by_id = {s.prop("id"): s for s in nodes}
    by_claim = {s.prop("claim"): s for s in edges}
    assert set(by_id) == {str(n) for n in G} and set(by_claim) == {str(k) for *_, k in G.edges(keys=True)}
    for n, d in G.nodes(data=True):
        assert by_id[n].prop("label") == d["label"] and by_id[n].prop("description") == d["description"]
        assert [v for k, v in by_id[n].literals if k == "aliases" or (k is None and v in d["aliases"])] == d["aliases"]
    quotes: Counter[str] = Counter()
    for _, _, key, d in G.edges(keys=True, data=True):
        s = by_claim[key]
        assert json.loads(s.prop("evidence")) == d[EVIDENCE]
        listed = [v for k, v in s.literals if k in ("quotes", None)][: len(d[EVIDENCE])]
        assert listed == [ev["quote"] for ev in d[EVIDENCE]]
        quotes.update(listed)
    return Summary(
        nodes=len(nodes),
        edges=len(edges),
        quotes=quotes,
        labels=Counter(s.prop("label") for s in nodes),
        certainties=Counter(s.prop("certainty") for s in edges),
        polarities=Counter(s.prop("polarity") for s in edges),
        types=Counter(s.prop("type") for s in nodes),
    )


READERS = {
    "json": read_json,
    "cytoscape": read_cytoscape,
    "graphml": read_graphml,
    "gexf": read_gexf,
    "csv": read_csv,
    "html": read_html,
    "dot": read_dot,
    "ttl": read_ttl,
    "cypher": read_cypher,
}


# --- the registry ---------------------------------------------------------------------------------


def test_the_registry_holds_nine_formats_each_with_its_own_suffixes() -> None:
    assert NAMES == ["json", "cytoscape", "graphml", "gexf", "csv", "html", "dot", "ttl", "cypher"]
    assert set(READERS) == set(FORMATS)
    suffixes = [s for f in FORMATS.values() for s in f.suffixes]
    assert len(suffixes) == len(set(suffixes)) and all(s.startswith(".") for s in suffixes)
    for spec in FORMATS.values():
        assert spec.description and spec.media_type
        assert exporters.format_for_path(f"out/graph{spec.suffix}") is spec


def test_no_module_is_named_after_a_stdlib_module() -> None:
    names = {p.stem for p in Path(exporters.__file__).parent.glob("*.py")}
    assert not (names - {"__init__"}) & set(sys.stdlib_module_names)


@pytest.mark.parametrize("name", NAMES)
def test_every_module_states_what_it_cannot_represent(name: str) -> None:
    module = sys.modules[FORMATS[name].write.__module__]
    doc = module.__doc__ or ""
    assert "cannot represent" in doc or "Nothing is lost" in doc, module.__name__


# --- writing, reading back, determinism ------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_writes_to_a_path_and_to_a_stream(name: str, shipped: nx.MultiDiGraph, tmp_path: Path) -> None:
    spec = FORMATS[name]
    path = tmp_path / f"graph{spec.suffix}"
    spec.write(shipped, path)
    stream = io.BytesIO()
    spec.write(shipped, stream)
    assert path.read_bytes() == stream.getvalue() == spec.generate(shipped)
    assert stream.getvalue()
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]  # no temporary file left
    exporters.write(shipped, tmp_path / f"again{spec.suffix}")  # the suffix picks the format
    assert (tmp_path / f"again{spec.suffix}").read_bytes() == path.read_bytes()


@pytest.mark.parametrize("name", NAMES)
def test_every_format_module_keeps_the_one_contract(name: str, hostile: nx.MultiDiGraph) -> None:
    spec = FORMATS[name]
    module = sys.modules[spec.write.__module__]
    assert spec.generate is getattr(module, f"generate_{name}")
    assert spec.write is getattr(module, f"write_{name}")
    assert spec.read is getattr(module, f"read_{name}", None)
    assert isinstance(spec.generate(hostile), bytes)
    assert exporters.generate(hostile, name) == spec.generate(hostile)


READ_BACK = ["json", "cytoscape", "graphml", "gexf", "ttl"]


def test_the_formats_networkx_or_rdflib_read_have_a_reader() -> None:
    assert [name for name, spec in FORMATS.items() if spec.read is not None] == READ_BACK


@pytest.mark.parametrize("name", READ_BACK)
def test_a_written_file_reads_back_with_its_entities_and_claims(
    name: str, shipped: nx.MultiDiGraph, tmp_path: Path
) -> None:
    path = tmp_path / f"graph{FORMATS[name].suffix}"
    exporters.write(shipped, path)
    back = exporters.read(path)
    claims = sorted(k for _, _, k in shipped.edges(keys=True))
    if name == "ttl":
        statements = sorted(str(s).rsplit("/", 1)[1] for s in back.subjects(RDF.type, RDF.Statement))
        assert statements == claims
        return
    assert sorted(back.nodes) == sorted(shipped.nodes)
    ids = [d.get("id", k) for _, _, k, d in back.edges(keys=True, data=True)] if back.is_multigraph() else []
    if name == "gexf" and not back.is_multigraph():
        ids = [d["id"] for _, _, d in back.edges(data=True)]
    assert sorted(str(i) for i in ids) == claims
    first = next(iter(sorted(shipped.nodes)))
    assert back.nodes[first]["label"] == shipped.nodes[first]["label"]


def test_a_format_nothing_reads_back_says_which_can(tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError, match=r"^format 'html' cannot be read back; these can: json, cytoscape"):
        exporters.read(tmp_path / "graph.html")


def test_the_html_page_does_not_borrow_from_the_turtle_exporter() -> None:
    import ast

    tree = ast.parse(Path(htmlpage.__file__).read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert "ketagraph.export.ttl" not in imported


def test_identifiers_link_to_the_same_pages_in_the_app_and_the_html_page(shipped: nx.MultiDiGraph) -> None:
    # One place: present.xref_url, the page a reader opens (ttl keeps model.xref_iri, the RDF identity).
    doc = page_json(htmlpage.generate_html(shipped).decode("utf-8"))
    linked = {n: d["xrefs"] for n, d in doc["details"]["nodes"].items() if d["xrefs"]}
    assert linked, "the shipped graph has identifiers"
    for node, xrefs in linked.items():
        assert xrefs == [[curie, xref_url(curie)] for curie in shipped.nodes[node]["xrefs"]]
        assert all(url for _, url in xrefs)


def test_gexf_metadata_is_set_in_the_document_not_patched_into_bytes(shipped: nx.MultiDiGraph) -> None:
    root = ET.fromstring(FORMATS["gexf"].generate(shipped))
    meta = root.find("{http://www.gexf.net/1.2draft}meta")
    assert meta is not None and "lastmodifieddate" not in meta.attrib
    description = meta.find("{http://www.gexf.net/1.2draft}description")
    assert description is not None and json.loads(description.text or "") == shipped.graph["sources"]


@pytest.mark.parametrize("name", NAMES)
def test_reads_back_with_the_same_counts_and_quotes(name: str, any_graph: nx.MultiDiGraph) -> None:
    data = FORMATS[name].generate(any_graph)
    assert READERS[name](data, any_graph) == summarize(any_graph)


@pytest.mark.parametrize("name", NAMES)
def test_output_is_byte_identical_across_runs(name: str, any_graph: nx.MultiDiGraph) -> None:
    assert FORMATS[name].generate(any_graph) == FORMATS[name].generate(any_graph.copy())


_DIGESTS = """
import hashlib, json, sys
import ketagraph
from ketagraph.export import FORMATS, nodelink
graphs = {"shipped": ketagraph.load_graph(sys.argv[1]), "hostile": nodelink.read_json(sys.argv[2])}
print(json.dumps({f"{g}/{n}": hashlib.sha256(f.generate(G)).hexdigest()
                  for g, G in graphs.items() for n, f in FORMATS.items()}))
"""


def test_output_is_byte_identical_across_processes_and_hash_seeds(
    shipped: nx.MultiDiGraph, hostile: nx.MultiDiGraph, tmp_path: Path
) -> None:
    """Set and dict order differ between processes with other hash seeds; the bytes must not."""
    nodelink.write_json(hostile, tmp_path / "hostile.json")
    here = {
        f"{g}/{n}": hashlib.sha256(f.generate(G)).hexdigest()
        for g, G in (("shipped", shipped), ("hostile", nodelink.read_json(tmp_path / "hostile.json")))
        for n, f in FORMATS.items()
    }
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", _DIGESTS, str(SHIPPED), str(tmp_path / "hostile.json")],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout) == here


def valid_hostile_cases() -> list[Path]:
    cases = []
    for case in sorted(HOSTILE_CASES.glob("*.yaml")):
        if not case.name.startswith("_") and b"# expect: valid" in case.read_bytes()[:2000]:
            cases.append(case)
    return cases


@pytest.mark.parametrize("case", valid_hostile_cases(), ids=lambda p: p.stem)
def test_valid_hostile_graph_folders_export_to_every_format(case: Path, tmp_path: Path) -> None:
    root = tmp_path / "g"
    root.mkdir()
    for name in ("_base.yaml", "_source.txt"):
        shutil.copy(HOSTILE_CASES / name, root / name)
    shutil.copy(case, root / case.name)
    G = ketagraph.load_graph(root)
    for name in NAMES:
        if name == "dot" and not shutil.which("dot") and os.environ.get("KETAGRAPH_REQUIRE_BROWSER") != "1":
            continue  # render_svg would skip the whole test
        assert READERS[name](FORMATS[name].generate(G), G) == summarize(G), name


# --- hostile text, format by format ----------------------------------------------------------------


def test_hostile_graph_is_hostile(hostile: nx.MultiDiGraph) -> None:
    assert HOSTILE in hostile.nodes["ketamine"]["label"] and ODD_ID in hostile
    assert "plain" in hostile and any(k == "plain" for *_, k in hostile.edges(keys=True))


def test_html_data_block_cannot_end_the_script(hostile: nx.MultiDiGraph) -> None:
    page = htmlpage.generate_html(hostile).decode("utf-8")
    doc = page_json(page)
    details = doc["details"]
    assert details["nodes"][ODD_ID]["label"] == XSS_LABEL
    assert panel_evidence(details, details["claims"]['claim "odd" \\ <c>']["evidence"][1])["quote"] == XSS_QUOTE
    assert htmlpage.json_for_script("</script>\u2028&") == '"\\u003c/script\\u003e\\u2028\\u0026"'
    # "@VIS@" in a label stays text: the template is filled in one pass.
    assert details["nodes"]["ketamine"]["label"] == "Ketamine " + HOSTILE


def test_html_page_names_its_source_and_has_a_content_security_policy(shipped: nx.MultiDiGraph) -> None:
    page = htmlpage.generate_html(shipped).decode("utf-8")
    doc = page_json(page)
    assert doc["sources"][0]["kindText"] == "a clinic's or company's marketing article"
    assert "nothing here is medical advice" in doc["disclaimer"]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp and "default-src 'none'" in csp.group(1) and "unsafe-inline" not in csp.group(1)
    assert {t["type"] for t in doc["legend"]["types"]} == {d["type"] for _, d in shipped.nodes(data=True)}
    assert [c["certainty"] for c in doc["legend"]["certainties"]] == [
        "established",
        "reported",
        "suggested",
        "speculative",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("ends with \\", '"ends with \\\\"'),
        ("two\nlines", '"two\\nlines"'),
        ("AT&T &lt;", '"AT&amp;T &amp;lt;"'),
        ("bell\x07", '"bell"'),
    ],
)
def test_dot_strings_are_escaped(text: str, expected: str) -> None:
    assert dot.dot_string(text) == expected


def test_dot_renders_the_shipped_graph_without_a_warning(shipped: nx.MultiDiGraph) -> None:
    svg, stderr = render_svg(dot.generate_dot(shipped))
    assert stderr == ""
    text = "".join(svg.itertext())
    assert "not medical advice" in text.lower()


def test_dot_draws_the_visual_grammar(hostile: nx.MultiDiGraph) -> None:
    text = dot.generate_dot(hostile).decode("utf-8")
    # The app's layered layout, pinned: columns left to right (neato routes the edges).
    assert 'layout="neato"' in text and "inputscale=72" in text
    pinned = re.findall(r'pos="-?[\d.]+,-?[\d.]+!"', text)
    assert len(pinned) == hostile.number_of_nodes()
    negated = next(line for line in text.split("\n") if "claim:claim" in line)
    assert 'arrowhead="tee"' in negated and 'color="#C0392B"' in negated and 'style="dashed"' in negated
    speculative = next(line for line in text.split("\n") if 'id="claim:parallel"' in line)
    assert 'style="dotted"' in speculative
    # split("\n"): a label may hold U+2028, which splitlines() would split on
    assert 'shape="star"' in next(line for line in text.split("\n") if line.startswith('  "ketamine" ['))


@pytest.mark.parametrize(
    "text",
    [HOSTILE, XSS_QUOTE, "\\", "'", "\\'", "it's", "\\u0041", "a\rb", "\x00\x1f\x7f", "\ud800", "🧠", ""],
)
def test_cypher_strings_round_trip(text: str) -> None:
    literal = cypher.cypher_string(text)
    assert "\n" not in literal and "\r" not in literal
    statements = parse_cypher(f"RETURN {literal};")
    assert [s.text for s in statements] == [f"RETURN {literal}"] and statements[0].literals == [(None, text)]


def test_cypher_labels_and_types(hostile: nx.MultiDiGraph) -> None:
    script = cypher.generate_cypher(hostile).decode("utf-8")
    assert "SET n:BrainSystem" not in script and "SET n:Drug, " in script and "SET n:NotAKnownType, " in script
    assert "-[r:ACTS_ON {claim: 'claim \"odd\" \\\\ <c>'}]->" in script
    assert cypher.cypher_identifier("a`b c") == "`a``b c`"
    assert cypher.type_label("brain-system") == "BrainSystem"
    assert cypher.relationship_type("acts_on") == "ACTS_ON"


def test_ttl_expands_xrefs_and_quotes_carry_the_source_language(shipped: nx.MultiDiGraph) -> None:
    g = rdflib.Graph()
    g.parse(data=ttl.generate_ttl(shipped), format="turtle")
    ketamine = ttl.ENTITY["ketamine"]
    assert rdflib.URIRef("http://purl.obolibrary.org/obo/CHEBI_6121") in set(g.objects(ketamine, SKOS.exactMatch))
    assert str(g.value(ketamine, rdflib.namespace.DCTERMS.description)) == shipped.nodes["ketamine"]["description"]
    exact = next(iter(g.objects(None, OA.exact)))
    assert isinstance(exact, rdflib.Literal) and exact.language == "en"
    assert ttl.xref_iri("NOPE:1") is None


def test_csv_cells_keep_newlines_and_quotes(hostile: nx.MultiDiGraph) -> None:
    tables = csvzip.tables(hostile)
    rows = list(csv.DictReader(io.StringIO(tables["nodes.csv"], newline="")))
    assert {r["label"] for r in rows} >= {"Ketamine " + HOSTILE, XSS_LABEL}
    assert all(t.endswith("\r\n") for t in tables.values())


# --- safe writing ----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_a_failed_write_keeps_the_old_file_and_leaves_nothing(
    name: str, shipped: nx.MultiDiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    spec = FORMATS[name]
    path = tmp_path / f"graph{spec.suffix}"
    path.write_bytes(b"the old export")

    def disk_full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("ketagraph.export._write.os.fsync", disk_full)
    with pytest.raises(ExportError, match=rf"^cannot write {re.escape(str(path))}: No space left on device$"):
        spec.write(shipped, path)
    assert path.read_bytes() == b"the old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_a_failure_while_generating_writes_nothing(
    shipped: nx.MultiDiGraph, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "graph.ttl"
    path.write_bytes(b"the old export")

    def broken(G: nx.MultiDiGraph) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(ttl, "to_rdf", broken)
    with pytest.raises(RuntimeError, match="boom"):
        exporters.write(shipped, path)
    assert path.read_bytes() == b"the old export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_unknown_formats_are_reported_with_the_choices(shipped: nx.MultiDiGraph, tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError) as e:
        exporters.get_format("xlsx")
    assert str(e.value) == (
        "unknown export format 'xlsx'; available: json, cytoscape, graphml, gexf, csv, html, dot, ttl, cypher"
    )
    with pytest.raises(UnknownFormatError, match=r"^cannot tell the format from '.*graph\.xlsx'; use --format"):
        exporters.write(shipped, tmp_path / "graph.xlsx")
    with pytest.raises(UnknownFormatError, match="a format is needed to write to a stream"):
        exporters.write(shipped, io.BytesIO())
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("name", NAMES)
def test_an_unwritable_path_is_a_clear_error(name: str, shipped: nx.MultiDiGraph, tmp_path: Path) -> None:
    spec = FORMATS[name]
    missing = tmp_path / "no" / "such" / f"graph{spec.suffix}"
    with pytest.raises(ExportError, match=rf"^cannot write {re.escape(str(missing))}: folder .* does not exist$"):
        spec.write(shipped, missing)
    (tmp_path / "file").write_text("x")
    below_a_file = tmp_path / "file" / f"graph{spec.suffix}"
    with pytest.raises(ExportError, match="does not exist"):
        spec.write(shipped, below_a_file)
    if name != "csv":  # a folder is where csv writes its tables
        folder = tmp_path / f"folder{spec.suffix}"
        folder.mkdir()
        with pytest.raises(ExportError, match=rf"^cannot write {re.escape(str(folder))}: it is a folder$"):
            spec.write(shipped, folder)


def test_csv_writes_a_folder_when_the_path_has_no_suffix(shipped: nx.MultiDiGraph, tmp_path: Path) -> None:
    csvzip.write_csv(shipped, tmp_path / "tables")
    zf = zipfile.ZipFile(io.BytesIO(csvzip.generate_csv(shipped)))
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == list(csvzip.TABLES)
    for name in csvzip.TABLES:
        assert (tmp_path / "tables" / name).read_bytes() == zf.read(name)
    csvzip.write_csv(shipped, tmp_path / "tables")  # again, into the existing folder
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == list(csvzip.TABLES)


# --- the CLI ---------------------------------------------------------------------------------------


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["export", *args], catch_exceptions=False)


def test_cli_lists_the_formats() -> None:
    result = run("--list")
    assert result.exit_code == 0
    listed = [line.split()[0] for line in result.stdout.splitlines()]
    assert listed == NAMES
    assert ".csv.zip" in result.stdout and "Cytoscape" in result.stdout


@pytest.mark.parametrize("name", NAMES)
def test_cli_infers_the_format_from_the_suffix(
    name: str, shipped: nx.MultiDiGraph, shipped_corpus: Corpus, tmp_path: Path
) -> None:
    out = tmp_path / f"ketamine{FORMATS[name].suffixes[-1]}"
    result = run("-o", str(out), str(SHIPPED))
    assert result.exit_code == 0, result.output
    counts = f"{shipped.number_of_nodes()} entities, {shipped.number_of_edges()} claims"
    assert f"wrote {out} ({name}: {counts})" in result.stderr
    # The CLI has the source texts: the formats that can use them (html) get them.
    assert out.read_bytes() == FORMATS[name].make(shipped, shipped_corpus)
    assert (out.read_bytes() == FORMATS[name].generate(shipped)) is not FORMATS[name].uses_texts


def test_the_html_page_shows_each_quote_in_its_paragraph_given_the_texts(
    shipped: nx.MultiDiGraph, shipped_corpus: Corpus
) -> None:
    with_texts = page_json(htmlpage.generate_html(shipped, shipped_corpus).decode("utf-8"))["details"]
    alone = page_json(htmlpage.generate_html(shipped).decode("utf-8"))["details"]
    # With the texts, the very data the app's panel is built from; without, each quote alone.
    assert with_texts == details_data(shipped, shipped_corpus)
    assert alone == details_data(shipped, None)
    claim = "ketamine-acts-on-nmda-receptor"
    (ev,) = with_texts["claims"][claim]["evidence"][:1]
    paragraph = with_texts["paragraphs"][ev["para"]]
    quote = paragraph[ev["start"] - ev["offset"] : ev["end"] - ev["offset"]]
    assert (
        len(paragraph) > len(quote)
        and quote == shipped.edges["ketamine", "nmda-receptor", claim]["evidence"][0]["quote"]
    )
    for c in alone["claims"].values():
        for e in c["evidence"]:
            assert e["offset"] == e["start"] and len(alone["paragraphs"][e["para"]]) == e["end"] - e["start"]


def test_cli_format_option_writes_to_stdout(shipped: nx.MultiDiGraph) -> None:
    result = run("-f", "cypher", str(SHIPPED))
    assert result.exit_code == 0
    assert result.stdout_bytes == FORMATS["cypher"].generate(shipped)
    result = run("--format", "ttl", "-o", "-", str(SHIPPED))
    assert result.exit_code == 0 and result.stdout_bytes == FORMATS["ttl"].generate(shipped)


def test_cli_format_option_wins_over_the_suffix(tmp_path: Path, shipped: nx.MultiDiGraph) -> None:
    out = tmp_path / "graph.txt"
    assert run("-f", "dot", "-o", str(out), str(SHIPPED)).exit_code == 0
    assert out.read_bytes() == FORMATS["dot"].generate(shipped)
    assert run("-f", "csv", "-o", str(tmp_path / "tables"), str(SHIPPED)).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "tables").iterdir()) == list(csvzip.TABLES)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-f", "xlsx"], "Error: unknown export format 'xlsx'; available: json, cytoscape,"),
        (["-o", "graph.xlsx"], "Error: cannot tell the format from 'graph.xlsx'; use --format, or one of: .json,"),
        ([], "Error: give --format, or an --output file whose suffix names the format"),
    ],
)
def test_cli_usage_errors_exit_2(
    args: list[str], message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run(*args, str(SHIPPED))
    assert result.exit_code == 2
    assert message in result.stderr
    assert not list(tmp_path.iterdir())


def test_cli_unwritable_output_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "missing" / "graph.json"
    result = run("-o", str(out), str(SHIPPED))
    assert result.exit_code == 1
    assert f"error: cannot write {out}: folder {out.parent} does not exist" in result.stderr


# --- the README ------------------------------------------------------------------------------------


def test_readme_lists_every_format() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Exports", 1)[1].split("\n## ", 1)[0]
    for name, spec in FORMATS.items():
        assert f"`{name}`" in section, f"README's Exports section does not list {name}"
        assert f"`{spec.suffix}`" in section, f"README's Exports section does not give {spec.suffix}"


def test_dot_of_the_shipped_graph_is_a_landscape_left_to_right(shipped: nx.MultiDiGraph) -> None:
    """A figure for a slide: wider than tall (dot's own ranks made a 2402 x 4269 pt portrait),
    the drug on the left, the conditions on the right."""
    svg, stderr = render_svg(dot.generate_dot(shipped))
    assert stderr == ""
    width, height = (float(svg.attrib[k].removesuffix("pt")) for k in ("width", "height"))
    assert 1.2 <= width / height <= 2.2, (width, height)
    text = dot.generate_dot(shipped).decode("utf-8")
    pos = {m.group(1): float(m.group(2)) for m in re.finditer(r'^  "([^"]+)" \[.*?pos="(-?[\d.]+),', text, re.M)}
    assert pos["ketamine"] < pos["nmda-receptor"] < pos["treatment-resistant-depression"]


def test_the_dot_legend_is_the_legend_of_every_view(shipped: nx.MultiDiGraph) -> None:
    """One legend: the figure's says what style.legend_data says (the app's and the HTML page's)."""
    text = dot.generate_dot(shipped).decode("utf-8")
    legend = legend_data({d["type"] for _, d in shipped.nodes(data=True)})
    for c in legend["certainties"]:
        assert f"{c['certainty']}: {c['pattern']} {c['width']:g} pt" in text
    assert legend["negated"]["text"] in text
    for t in legend["types"]:
        assert f'<TD BGCOLOR="{t["color"]}" BORDER="1" COLOR="{t["border"]}">' in text

"""The explorer page through Streamlit's AppTest: widgets in, what the page and the component get out.

AppTest runs ``app.py`` without a browser: the graph component is an unknown element whose
data (``proto.json``, or for the large data sets ``proto.bytes``: a ``KG1 <digest>`` line, then JSON)
is exactly what its JavaScript receives. Clicks on the canvas are simulated by
setting the selection in the session state (the browser tests in ``tests/browser`` click for real).
"""

from __future__ import annotations

import html
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from streamlit.testing.v1 import AppTest

from graph_helpers import SOURCE_YAML, MakeGraph, messages, one_claim
from ketagraph.build import EVIDENCE, LABEL
from ketagraph.export import FORMATS
from ketagraph.layout import compute_layout, perspective_graph
from ketagraph.load import Corpus
from ketagraph.panel import details_of
from ketagraph.present import claim_index, claim_view
from ketagraph.query import filter_graph, find_paths, neighbourhood
from ketagraph.render import vis_payload
from ketagraph.style import wrap_label
from ketagraph.ui import wire
from ketagraph.ui.markup import html_text
from ketagraph.ui.payloads import article_data, details_data

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture(autouse=True)
def plain_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app reads ``--graph`` from ``sys.argv`` and ``KETAGRAPH_GRAPH``: not pytest's."""
    monkeypatch.setattr(sys, "argv", ["app.py"])
    monkeypatch.delenv("KETAGRAPH_GRAPH", raising=False)


def start(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, kind: str, ident: str) -> AppTest:
    """A click on the graph, simulated: the selection the component reports, then the rerun."""
    at.session_state["kg_sel"] = {"kind": kind, "id": ident}
    return rerun(at)


def decode(proto: Any) -> dict[str, Any]:
    """A component's data as explorer.js reads it (readData there)."""
    if proto.WhichOneof("data") == "json":
        data: dict[str, Any] = json.loads(proto.json)
        return data
    assert proto.WhichOneof("data") == "bytes"
    return wire.read(bytes(proto.bytes))


def component(at: AppTest, role: str) -> dict[str, Any]:
    found = [decode(el.proto) for el in at.get("bidi_component")]
    (data,) = [d for d in found if d["role"] == role]
    return data


def graph_payload(at: AppTest) -> dict[str, Any]:
    payload: dict[str, Any] = component(at, "graph")["payload"]
    return payload


def details(at: AppTest) -> dict[str, Any]:
    """What the detail panel is built from in the browser (everything, sent once; above
    CLIENT_DETAILS_MAX_CLAIMS the selection's own, with each click)."""
    data = component(at, "details")
    return {k: v for k, v in data.items() if k not in {"role", "height"}}


def view(at: AppTest) -> dict[str, Any]:
    v: dict[str, Any] = component(at, "view")["view"]
    return v


def markdown(at: AppTest) -> str:
    """All Markdown of the page, as written (character references not decoded)."""
    return "\n".join(m.value for m in at.markdown)


def shown(at: AppTest) -> str:
    """All Markdown of the page as a reader sees its text (character references decoded)."""
    return html.unescape(markdown(at).replace("<br>", "\n"))


def texts(at: AppTest) -> list[str]:
    """Every text the page renders as Markdown: markdown, notes, captions, labels of buttons and options."""
    out = [m.value for m in at.markdown]
    out += [e.value for e in (*at.info, *at.error, *at.caption, *at.title, *at.header, *at.subheader)]
    out += [b.label for b in at.button]
    out += [o for r in at.radio for o in r.options]
    return out


def params(at: AppTest) -> dict[str, str]:
    return {k: v if isinstance(v, str) else ",".join(v) for k, v in at.query_params.items()}


# --- the page -------------------------------------------------------------------------------------


def test_the_page_runs_on_the_shipped_graph(shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus) -> None:
    G = shipped_graph
    at = start()
    (note,) = at.info
    assert "not medical advice" in note.value
    assert "What Does Ketamine Do to Your Brain?" in note.value
    elements = at.get("bidi_component")
    assert [decode(el.proto)["role"] for el in elements] == ["boot", "graph", "details", "view", "article"]
    for el in elements:  # the script is a served file, not inlined into every message
        assert (el.proto.component_name, el.proto.js_source_path, el.proto.js_content) == (
            "ketagraph.explorer",
            "explorer.bundle.js",
            "",
        )
    # The data sets go as bytes (no json.dumps of the large ones on every rerun; no nested dict for
    # Streamlit to probe for a data frame), only the boot's flat marker as JSON.
    kinds = {decode(el.proto)["role"]: el.proto.WhichOneof("data") for el in elements}
    assert kinds == {"boot": "json", "graph": "bytes", "details": "bytes", "view": "bytes", "article": "bytes"}
    # The page's compact style comes with the boot and graph mounts too (the component puts it in
    # the document's head before the graph is sized), not only as st.html, which may come later.
    from ketagraph.ui import page  # (imported by the app's run above: in a Streamlit runtime)

    assert component(at, "boot")["pageCss"] == component(at, "graph")["pageCss"] == page.PAGE_CSS
    assert "stMainBlockContainer" in page.PAGE_CSS and "<" not in page.PAGE_CSS
    # The component receives exactly the payload of the mechanism scene, laid out for itself.
    scene = perspective_graph(G, "mechanism")
    assert 10 < scene.number_of_nodes() < G.number_of_nodes()
    assert graph_payload(at) == vis_payload(scene, compute_layout(scene, "mechanism"))
    article = component(at, "article")
    assert {k: v for k, v in article.items() if k not in {"role", "height"}} == article_data(G, shipped_corpus)
    n, m = G.number_of_nodes(), G.number_of_edges()
    shown_n, shown_m = scene.number_of_nodes(), scene.number_of_edges()
    assert next(c.value for c in at.caption).startswith(
        f"Showing {shown_n} of {n} entities and {shown_m} of {m} claims"
    )
    # The detail panel gets every node and claim once, and shows what the view selects.
    assert details(at) == details_data(G, shipped_corpus)
    assert at.session_state["kg_sel"] is None
    assert view(at) == {"nodes": [], "edges": [], "claims": [], "center": None, "selected": None}
    assert params(at) == {}
    quoted = sum(len(d[EVIDENCE]) for _, _, d in G.edges(data=True))
    assert any(c.value.startswith(f"{quoted} quotes highlighted by certainty") for c in at.caption)


def test_search_selects_and_centres_a_node(shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus) -> None:
    at = start()
    at.text_input(key="kg_q").set_value("NMDA")
    rerun(at)
    assert at.session_state["kg_sel"] == {"kind": "node", "id": "nmda-receptor"}
    assert view(at)["center"] == {"id": "nmda-receptor", "n": 1}
    assert view(at)["nodes"] == ["nmda-receptor"]
    assert view(at)["selected"] == {"kind": "node", "id": "nmda-receptor"}
    assert view(at)["claims_of"] == "nmda-receptor"  # the browser lists its claims from the details
    assert html_text("NMDA receptor (receptor)") in [b.label for b in at.button]  # the matches, as buttons
    node = details(at)["nodes"]["nmda-receptor"]
    assert node["label"] == "NMDA receptor"
    assert "ketamine-acts-on-nmda-receptor" in {c for g in node["groups"] for c in g["claims"]}
    assert params(at) == {"node": "nmda-receptor"}
    # A search that finds nothing says so and keeps the selection.
    at.text_input(key="kg_q").set_value("no such entity at all")
    rerun(at)
    assert "No entity matches." in [c.value for c in at.caption]
    assert at.session_state["kg_sel"] == {"kind": "node", "id": "nmda-receptor"}


def test_a_second_search_centres_again(shipped_graph: nx.MultiDiGraph) -> None:
    at = start()
    at.text_input(key="kg_q").set_value("hallucinogenic properties")  # an alias of hallucinations
    rerun(at)
    assert view(at)["center"] == {"id": "hallucinations", "n": 1}
    at.text_input(key="kg_q").set_value("NMDA")
    rerun(at)
    assert view(at)["center"] == {"id": "nmda-receptor", "n": 2}


@pytest.mark.parametrize(
    ("key", "values", "param"),
    [
        ("kg_certainty", ["speculative"], "certainty"),
        ("kg_relations", ["acts_on", "modulates"], "relations"),
        ("kg_types", ["drug", "receptor", "brain-system"], "types"),
    ],
)
def test_filters_change_the_graph_the_component_gets(
    key: str, values: list[str], param: str, shipped_graph: nx.MultiDiGraph
) -> None:
    G = shipped_graph
    at = start(view="everything")
    full = graph_payload(at)
    article_version = component(at, "article")["version"]
    at.multiselect(key=key).set_value(values)
    rerun(at)
    payload = graph_payload(at)
    expected = filter_graph(
        G,
        types=set(values) if key == "kg_types" else None,
        relations=set(values) if key == "kg_relations" else None,
        certainties=set(values) if key == "kg_certainty" else None,
    )
    assert 0 < len(payload["nodes"]) == expected.number_of_nodes() < len(full["nodes"])
    assert 0 < len(payload["edges"]) == expected.number_of_edges() < len(full["edges"])
    index = claim_index(G)
    for edge in payload["edges"]:
        d = G.edges[(*index[edge["id"]], edge["id"])]
        if key == "kg_certainty":
            assert edge["certainty"] in values and d["certainty"] in values
        if key == "kg_relations":
            assert d["relation"] in values
    if key == "kg_types":
        assert {n["group"] for n in payload["nodes"]} <= set(values)
    # The same places as in the full graph: filtering never moves a node.
    where = {n["id"]: (n["x"], n["y"]) for n in full["nodes"]}
    assert all((n["x"], n["y"]) == where[n["id"]] for n in payload["nodes"])
    assert payload["version"] != full["version"]
    assert component(at, "article")["version"] == article_version  # the article is not re-sent
    assert params(at) == {param: ",".join(values), "view": "everything"}
    caption = next(c.value for c in at.caption)
    assert caption.startswith(f"Showing {len(payload['nodes'])} of {G.number_of_nodes()} entities")


def test_the_force_layout(shipped_graph: nx.MultiDiGraph) -> None:
    at = start(view="everything")
    at.radio(key="kg_layout").set_value("force")
    rerun(at)
    assert graph_payload(at) == vis_payload(shipped_graph, compute_layout(shipped_graph, "force"))
    assert params(at) == {"layout": "force", "view": "everything"}


def test_focus_limits_the_graph_to_the_neighbourhood(shipped_graph: nx.MultiDiGraph) -> None:
    G = shipped_graph
    at = start(node="nmda-receptor", view="everything")
    at.toggle(key="kg_focus").set_value(True)
    rerun(at)
    one = {n["id"] for n in graph_payload(at)["nodes"]}
    assert one == set(neighbourhood(G, "nmda-receptor", 1))
    assert {e["id"] for e in graph_payload(at)["edges"]} == {
        k for _, _, k in neighbourhood(G, "nmda-receptor", 1).edges(keys=True)
    }
    assert params(at) == {"node": "nmda-receptor", "focus": "1", "view": "everything"}
    at.radio(key="kg_depth").set_value(2)
    rerun(at)
    two = {n["id"] for n in graph_payload(at)["nodes"]}
    assert two == set(neighbourhood(G, "nmda-receptor", 2)) and one < two < set(G)
    assert params(at)["focus"] == "2"
    # With a claim selected, the focus is its subject.
    click(at, "claim", "calvin-stevens-affiliated-with-parke-davis")
    assert {n["id"] for n in graph_payload(at)["nodes"]} == set(neighbourhood(G, "calvin-stevens", 2))
    # Focus off: the whole graph again.
    at.toggle(key="kg_focus").set_value(False)
    rerun(at)
    assert len(graph_payload(at)["nodes"]) == G.number_of_nodes()


def open_paths(at: AppTest) -> AppTest:
    """Open the sidebar's path section (its pickers are made only while it is open)."""
    assert len(at.selectbox) == 0 and not at.session_state["kg_paths_open"]
    at.session_state["kg_paths_open"] = True
    return rerun(at)


def test_paths_from_ketamine_to_treatment_resistant_depression(shipped_graph: nx.MultiDiGraph) -> None:
    G = shipped_graph
    at = open_paths(start())
    at.selectbox(key="kg_from").set_value("ketamine")
    at.selectbox(key="kg_to").set_value("treatment-resistant-depression")
    rerun(at)
    paths = find_paths(G, "ketamine", "treatment-resistant-depression", max_hops=5, limit=12)
    assert paths and paths[0].nodes == ("ketamine", "treatment-resistant-depression")
    radio = at.radio(key="kg_path_choice")
    labels = [" → ".join(G.nodes[n][LABEL] for n in p.nodes) for p in paths]
    assert radio.options == [
        f"{i + 1}. {html_text(t)}  (weakest: {p.weakest})" for i, (t, p) in enumerate(zip(labels, paths, strict=True))
    ]
    assert radio.options[0] == "1. Ketamine → Treatment&#45;resistant depression  (weakest: established)"
    assert params(at) == {"from": "ketamine", "to": "treatment-resistant-depression"}
    # Pick a path of several hops: each hop is listed with its quote; the graph highlights it.
    i = next(i for i, p in enumerate(paths) if len(p.hops) > 1)
    radio.set_value(i)
    rerun(at)
    chosen = paths[i]
    text = markdown(at)
    index = claim_index(G)
    for hop in chosen.hops:
        c = claim_view(G, None, hop.claims[0][0], index)
        assert html_text(c.sentence) in text
        assert f"“{html_text(c.evidence[0].quote)}”" in text
    assert view(at)["nodes"] == list(chosen.nodes)
    assert view(at)["edges"] == [k for hop in chosen.hops for k, _, _ in hop.claims]
    assert view(at)["selected"] is None
    # Closing the section clears the path, and opening it again starts afresh.
    at.session_state["kg_paths_open"] = False
    rerun(at)
    assert len(at.selectbox) == 0 and view(at)["nodes"] == [] and params(at) == {}
    assert not any(m.value.startswith("#### Paths") for m in at.markdown)
    at.session_state["kg_paths_open"] = True
    rerun(at)
    assert at.selectbox(key="kg_from").value is None and at.checkbox(key="kg_directed").value is True


def test_paths_against_the_direction_of_claims(shipped_graph: nx.MultiDiGraph) -> None:
    G = shipped_graph
    at = start(**{"from": "ketamine", "to": "treatment-resistant-depression"})
    directed = len(at.radio(key="kg_path_choice").options)
    at.checkbox(key="kg_directed").uncheck()
    rerun(at)
    undirected = find_paths(G, "ketamine", "treatment-resistant-depression", max_hops=5, limit=12, directed=False)
    assert len(at.radio(key="kg_path_choice").options) == len(undirected) > directed
    assert params(at)["undirected"] == "1"
    i = next(i for i, p in enumerate(undirected) if any(h.reversed for h in p.hops))
    at.radio(key="kg_path_choice").set_value(i)
    rerun(at)
    assert html_text(" (against the claim's direction)") in markdown(at)


def test_no_path_says_so() -> None:
    at = start(**{"from": "treatment-resistant-depression", "to": "calvin-stevens"})
    assert "No path within the hop limit following claim direction." in [c.value for c in at.caption]


# --- simulated clicks and the panels ----------------------------------------------------------------


def test_a_click_on_an_edge_selects_its_claim_in_the_view_and_details(
    shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus
) -> None:
    claim = "calvin-stevens-affiliated-with-parke-davis"
    at = start(view="everything")
    click(at, "claim", claim)
    assert view(at) == {
        "nodes": ["calvin-stevens", "parke-davis"],
        "edges": [claim],
        "claims": [claim],
        "center": None,
        "selected": {"kind": "claim", "id": claim},
        "scroll": f"claim:{claim}",
    }
    assert params(at) == {"claim": claim, "view": "everything"}
    # The panel's text comes from the details data: the quote inside its paragraph, by offsets.
    d = details(at)
    c = claim_view(shipped_graph, shipped_corpus, claim, claim_index(shipped_graph))
    (ev,) = d["claims"][claim]["evidence"]
    para = d["paragraphs"][ev["para"]]
    assert para[ev["start"] - ev["offset"] : ev["end"] - ev["offset"]] == c.evidence[0].quote
    assert para == c.evidence[0].before + c.evidence[0].quote + c.evidence[0].after
    # (The panel's buttons, built in the browser, are clicked in tests/browser/test_explorer.py.)


@pytest.fixture
def selection_details(monkeypatch: pytest.MonkeyPatch) -> None:
    """Above CLIENT_DETAILS_MAX_CLAIMS the panel's data is the selection's own: force that mode."""
    import ketagraph.ui.page

    monkeypatch.setattr(ketagraph.ui.page, "CLIENT_DETAILS_MAX_CLAIMS", 0)


@pytest.mark.usefixtures("selection_details")
def test_a_large_graphs_panel_gets_the_data_of_the_claim_selected(
    shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus
) -> None:
    claim = "calvin-stevens-affiliated-with-parke-davis"
    at = start(view="everything")
    assert details(at) == details_data(shipped_graph, shipped_corpus, nodes=[], claims=[])  # "Nothing selected"
    click(at, "claim", claim)
    # The same data as the whole graph's, for this claim alone: the same browser code builds the panel.
    everything = details_data(shipped_graph, shipped_corpus)
    d = details(at)
    assert d == details_of(shipped_graph, shipped_corpus, "claim", claim)
    assert list(d["claims"]) == [claim] and d["nodes"] == {}
    assert d["claims"][claim] == everything["claims"][claim]
    (ev,) = d["claims"][claim]["evidence"]
    assert d["paragraphs"][ev["para"]] == everything["paragraphs"][ev["para"]]
    assert view(at)["selected"] == {"kind": "claim", "id": claim}
    assert params(at) == {"claim": claim, "view": "everything"}
    # The panel's buttons report a pick, as on any graph (clicked in tests/browser/test_explorer.py).
    at.session_state["kg_sel"] = None
    rerun(at)
    assert details(at)["claims"] == {} and params(at) == {"view": "everything"}


def test_a_node_selection_marks_its_claims_from_the_details(shipped_graph: nx.MultiDiGraph) -> None:
    at = start()
    click(at, "node", "ketamine")
    G = shipped_graph
    claims = {k for _, _, k in G.out_edges("ketamine", keys=True)} | {
        k for _, _, k in G.in_edges("ketamine", keys=True)
    }
    assert view(at)["claims"] == [] and view(at)["claims_of"] == "ketamine"
    node = details(at)["nodes"]["ketamine"]
    assert {c for g in node["groups"] for c in g["claims"]} == claims
    assert node["count"] == len(claims)


@pytest.mark.usefixtures("selection_details")
def test_a_large_graphs_panel_gets_a_nodes_claims(shipped_graph: nx.MultiDiGraph, shipped_corpus: Corpus) -> None:
    at = start()
    click(at, "node", "ketamine")
    G = shipped_graph
    claims = {k for _, _, k in G.out_edges("ketamine", keys=True)} | {
        k for _, _, k in G.in_edges("ketamine", keys=True)
    }
    d = details(at)
    everything = details_data(G, shipped_corpus)
    assert list(d["nodes"]) == ["ketamine"] and d["nodes"]["ketamine"] == everything["nodes"]["ketamine"]
    assert set(d["claims"]) == claims
    assert all(d["claims"][k] == everything["claims"][k] for k in claims)
    assert set(view(at)["claims"]) == claims and view(at)["nodes"] == ["ketamine"]


def test_a_selection_that_does_not_exist_is_dropped() -> None:
    at = start()
    click(at, "node", "no-such-entity")
    assert at.session_state["kg_sel"] is None
    assert view(at)["selected"] is None


# --- the URL ----------------------------------------------------------------------------------------


def test_the_url_opens_a_node() -> None:
    at = start(node="ketamine")
    assert at.session_state["kg_sel"] == {"kind": "node", "id": "ketamine"}
    assert view(at)["selected"] == {"kind": "node", "id": "ketamine"}
    assert view(at)["nodes"] == ["ketamine"]
    assert params(at) == {"node": "ketamine"}


def test_the_url_restores_filters_focus_layout_and_path() -> None:
    query = {
        "claim": "ketamine-acts-on-nmda-receptor",
        "types": "drug,receptor,bogus",
        "certainty": "established",
        "layout": "force",
        "focus": "2",
        "from": "ketamine",
        "to": "nmda-receptor",
        "undirected": "1",
    }
    at = start(**query)
    ss = at.session_state
    assert ss["kg_sel"] == {"kind": "claim", "id": "ketamine-acts-on-nmda-receptor"}
    assert ss["kg_types"] == ["drug", "receptor"]  # unknown values are dropped
    assert ss["kg_certainty"] == ["established"]
    assert ss["kg_layout"] == "force"
    assert ss["kg_focus"] is True and ss["kg_depth"] == 2
    assert (ss["kg_from"], ss["kg_to"], ss["kg_directed"]) == ("ketamine", "nmda-receptor", False)
    assert params(at) == {k: v for k, v in query.items() if k != "types"} | {"types": "drug,receptor"}


def test_a_url_naming_nothing_known_opens_the_plain_page() -> None:
    at = start(node="no-such-entity", layout="spiral", focus="9", certainty="sure")
    assert at.session_state["kg_sel"] is None
    assert at.session_state["kg_layout"] == "mechanism"
    assert at.session_state["kg_focus"] is False
    assert params(at) == {}


# --- other graph folders ----------------------------------------------------------------------------


def test_a_broken_graph_folder_shows_its_problems(make_graph: MakeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_graph(
        {
            "claims.yaml": one_claim(subject="subject: ketamin"),
            "source.yaml": SOURCE_YAML.replace("kind: clinic-marketing", "kind: clinic"),
        }
    )
    monkeypatch.setenv("KETAGRAPH_GRAPH", str(root))
    at = start()
    problems = messages(root)
    assert "graph/claims.yaml:3: claim 'a': unknown subject entity 'ketamin' (did you mean 'ketamine'?)" in problems
    assert any(
        p.startswith("graph/source.yaml:5: source 'article': 'kind' unknown source kind 'clinic'") for p in problems
    )
    (error,) = at.error
    assert error.value.startswith("The graph folder graph has 2 problems.")
    (code,) = at.code
    assert code.value.splitlines() == problems
    # No graph, article or panel: only the component's "boot" mount, which has no UI.
    assert [decode(el.proto)["role"] for el in at.get("bidi_component")] == ["boot"]


def test_markup_in_the_data_is_only_ever_text(make_graph: MakeGraph, monkeypatch: pytest.MonkeyPatch) -> None:
    label = "<img src=x onerror=alert(1)> **bold**"
    title = "**Title** <b>x</b> [link](javascript:alert(1))"
    root = make_graph()
    entities = root / "entities.yaml"
    entities.write_text(
        entities.read_text(encoding="utf-8").replace("label: Ketamine\n", f"label: {json.dumps(label)}\n"),
        encoding="utf-8",
    )
    source = root / "source.yaml"
    source.write_text(
        source.read_text(encoding="utf-8").replace("title: Ketamine and the brain", f"title: {json.dumps(title)}"),
        encoding="utf-8",
    )
    monkeypatch.setenv("KETAGRAPH_GRAPH", str(root))
    at = start(node="ketamine", view="everything", **{"from": "ketamine", "to": "depression"})
    at.text_input(key="kg_q").set_value("img")  # the label also shows on a search-result button
    rerun(at)
    rendered = texts(at)
    for raw in ("<img", "**bold**", "**Title**", "<b>x</b>", "](javascript"):
        assert not [t for t in rendered if raw in t], raw
    assert details(at)["nodes"]["ketamine"]["label"] == label  # raw: the browser sets it as text
    assert html_text(title) in at.info[0].value
    assert html_text(f"{label} (drug)") in [b.label for b in at.button]
    assert any(html_text(label) in o for o in at.radio(key="kg_path_choice").options)
    # The component gets the raw text: it sets it with textContent.
    # (Wrapped at spaces, so that the layout can make room for it.)
    assert {n["id"]: n["label"] for n in graph_payload(at)["nodes"]}["ketamine"] == wrap_label(label)
    assert label in shown(at)


def test_the_upload_and_export_sections_make_their_widgets_when_opened() -> None:
    # Closed, they make nothing, so a page load does not fetch the uploader's and buttons' code.
    at = start()
    assert at.get("file_uploader") == [] and at.get("download_button") == []
    at.session_state["kg_upload_open"] = True
    at.session_state["kg_export_open"] = True
    rerun(at)
    assert len(at.get("file_uploader")) == 1
    # Every export format, and the graph folder as a zip.
    assert len(at.get("download_button")) == len(FORMATS) + 1
    at.session_state["kg_export_open"] = False
    rerun(at)
    assert len(at.get("download_button")) == 1


def test_an_edited_folder_that_drops_the_path_ends_and_filters_keeps_the_page_working(
    make_graph: MakeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_graph()
    monkeypatch.setenv("KETAGRAPH_GRAPH", str(root))
    at = start(types="condition,drug", **{"from": "ketamine", "to": "depression"})
    assert any(m.value.startswith("#### Paths") for m in at.markdown)
    # The curator removes depression (and the one claim about it) while the page is open.
    entities, claims = root / "entities.yaml", root / "claims.yaml"
    entities.write_text(
        entities.read_text(encoding="utf-8").replace(
            "  - id: depression\n    label: Depression\n    type: condition\n", ""
        ),
        encoding="utf-8",
    )
    text = claims.read_text(encoding="utf-8")
    start_, end_ = text.index("  - id: ketamine-treats-depression"), text.index("  - id: ketamine-causes-addiction")
    claims.write_text(text[:start_] + text[end_:], encoding="utf-8")
    for _ in range(2):  # the run that sees the edit, and the next one
        rerun(at)
        assert not any(m.value.startswith("#### Paths") for m in at.markdown)
        assert {n["id"] for n in graph_payload(at)["nodes"]} == {"ketamine"}  # condition is gone from the graph
        assert at.sidebar.text_input(key="kg_q") is not None  # the sidebar is there to change things
    assert params(at) == {"types": "drug", "from": "ketamine"}


def test_a_source_filter_survives_its_source_leaving_the_folder(
    make_graph: MakeGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    second = {
        "second/source.yaml": SOURCE_YAML.replace("id: article", "id: second")
        .replace("Ketamine and the brain", "A second article")
        .replace("article.txt", "second.txt"),
        "second/second.txt": "Ketamine acts on NMDA receptors.\n",
        "second/claims.yaml": {
            "claims": [
                {
                    "id": "second-modulates",
                    "subject": "ketamine",
                    "relation": "modulates",
                    "object": "nmda-receptor",
                    "certainty": "established",
                    "evidence": [{"source": "second", "quote": "Ketamine acts on NMDA receptors."}],
                }
            ]
        },
    }
    root = make_graph(second)
    monkeypatch.setenv("KETAGRAPH_GRAPH", str(root))
    at = start(sources="second", view="everything")
    assert {e["id"] for e in graph_payload(at)["edges"]} == {"second-modulates"}
    for rel in second:  # the second article is taken out: one source left, no Sources filter
        (root / rel).unlink()
    for _ in range(2):
        rerun(at)
        assert len(graph_payload(at)["edges"]) == 3
    assert params(at) == {"view": "everything"}


def test_perspectives_are_one_click_away_and_kept_in_the_url(shipped_graph: nx.MultiDiGraph) -> None:
    G = shipped_graph
    at = start()
    assert at.session_state["kg_perspective"] == "mechanism" and "view" not in params(at)
    for name in ("uses", "risks", "history", "research", "everything"):
        at.radio(key="kg_perspective").set_value(name)
        rerun(at)
        scene = perspective_graph(G, name)
        assert {n["id"] for n in graph_payload(at)["nodes"]} == set(scene)
        assert params(at) == {"view": name}
    # Reopened from the URL.
    again = start(view="risks")
    assert {n["id"] for n in graph_payload(again)["nodes"]} == set(perspective_graph(G, "risks"))


def test_a_selection_outside_the_perspective_shows_everything(shipped_graph: nx.MultiDiGraph) -> None:
    at = start()
    assert "calvin-stevens" not in {n["id"] for n in graph_payload(at)["nodes"]}
    click(at, "node", "calvin-stevens")
    assert at.session_state["kg_perspective"] == "everything"
    assert "calvin-stevens" in {n["id"] for n in graph_payload(at)["nodes"]}
    assert params(at) == {"node": "calvin-stevens", "view": "everything"}


def test_expand_and_dismiss_grow_and_prune_the_scene(shipped_graph: nx.MultiDiGraph) -> None:
    """Bloom's Expand (a double-click, which the component reports) and Dismiss (the panel's button)."""
    G = shipped_graph
    at = start()
    scene = {n["id"] for n in graph_payload(at)["nodes"]}
    assert "out-of-body-experience" not in scene and "dissociation" in scene
    at.session_state["kg_expanded"] = ["dissociation"]
    rerun(at)
    grown = {n["id"] for n in graph_payload(at)["nodes"]}
    assert grown == scene | set(nx.all_neighbors(G, "dissociation"))
    assert params(at) == {"expand": "dissociation"}
    at.session_state["kg_dismissed"] = ["reward-system"]
    rerun(at)
    pruned = {n["id"] for n in graph_payload(at)["nodes"]}
    assert pruned == grown - {"reward-system"}
    assert params(at) == {"expand": "dissociation", "hide": "reward-system"}
    # Reopened from the URL; another perspective starts afresh.
    again = start(expand="dissociation", hide="reward-system")
    assert {n["id"] for n in graph_payload(again)["nodes"]} == pruned
    again.radio(key="kg_perspective").set_value("risks")
    rerun(again)
    assert params(again) == {"view": "risks"}


def test_a_page_run_does_not_import_pandas() -> None:
    """Streamlit imports pandas to ask whether a component's nested data is a data frame: 2.5 s of a
    fresh server's first page and ~50 MB per server, for an app that has no data frame."""
    script = (
        "import sys\n"
        "from streamlit.testing.v1 import AppTest\n"
        f"at = AppTest.from_file({APP!r}, default_timeout=120)\n"
        "at.run()\n"
        "assert not at.exception, at.exception\n"
        "print('pandas' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=180, check=True)
    assert out.stdout.strip().splitlines()[-1] == "False"

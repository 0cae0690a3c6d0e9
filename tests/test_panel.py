"""ketagraph.panel: the browser code the explorer and the HTML export share, and how each page
carries it (the component's bundle, the page's inline script under its Content-Security-Policy)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import networkx as nx
import pytest

from ketagraph.build import build_graph
from ketagraph.export import htmlpage
from ketagraph.load import load_corpus
from ketagraph.panel import ASSET_DIR, PANEL_CLAIMS_PER_GROUP, PANEL_MAX_CLAIMS, details_of, shared_css, shared_js
from ketagraph.style import certainty_css
from ketagraph.ui.bundle import bundle_css, component_js

ROOT = Path(__file__).resolve().parents[1]
EXPLORER_JS = Path(htmlpage.__file__).resolve().parents[1] / "ui" / "assets" / "explorer.js"


def node_check(path: Path) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (the browser tests run this code in Chromium)")
    proc = subprocess.run([node, "--check", str(path)], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr


def test_the_explorer_bundle_parses_as_one_module(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle.mjs"  # as the component is served, vis-network aside
    script = component_js()
    assert script.startswith(shared_js()) and script.endswith(EXPLORER_JS.read_text("utf-8"))
    assert f"const KG_COMPONENT_CSS = {json.dumps(bundle_css())};" in script  # its style sheet, adopted before it draws
    bundle.write_text(script, encoding="utf-8")
    node_check(bundle)


def test_the_export_page_script_parses_as_a_classic_script(tmp_path: Path) -> None:
    script = tmp_path / "page.js"
    script.write_text(htmlpage.page_js(), encoding="utf-8")
    node_check(script)


def test_the_panels_cut_is_the_same_in_python_and_in_the_browser() -> None:
    """ketagraph.panel sends a big graph's hub with the claims shared.js shows before "Show all"."""
    js = shared_js()
    for name, value in (("PANEL_MAX_CLAIMS", PANEL_MAX_CLAIMS), ("PANEL_CLAIMS_PER_GROUP", PANEL_CLAIMS_PER_GROUP)):
        found = re.search(rf"^const {name} = (\d+);$", js, re.M)
        assert found is not None and int(found.group(1)) == value, name


def test_a_node_with_few_claims_comes_whole() -> None:
    corpus = load_corpus(ROOT / "graph")
    G = build_graph(corpus)
    data = details_of(G, corpus, "node", "ketamine")  # 79 claims: under the cut
    assert data["nodes"]["ketamine"]["count"] <= PANEL_MAX_CLAIMS
    assert "partial" not in data["nodes"]["ketamine"]
    assert data == details_of(G, corpus, "node", "ketamine", everything=True)


def test_the_shared_code_is_plain_functions_for_both_pages() -> None:
    js = shared_js()
    # No module syntax (the page inlines it in a classic script), nothing that could end a <script>.
    assert not re.search(r"^\s*(import|export)\b", js, re.M)
    assert "</script" not in js.lower() and "<!--" not in js
    for name in ("renderPanel", "renderLegend", "searchEntities", "fade", "drawEdgeLabels", "clickedEdge"):
        assert re.search(rf"^function {name}\(", js, re.M), name
    assert shared_css().startswith(certainty_css())
    assert (ASSET_DIR / "shared.css").read_text("utf-8") in shared_css()


def test_the_pages_policy_hashes_exactly_the_inlined_script_and_style() -> None:
    G = nx.MultiDiGraph()
    G.add_node("a", label="A", type="drug")
    page = htmlpage.generate_html(G).decode("utf-8")
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp
    scripts = re.findall(r"<script>(.*?)</script>", page, re.S)
    (style,) = re.findall(r"<style>(.*?)</style>", page, re.S)
    assert scripts[-1] == htmlpage.page_js() and style == htmlpage.page_css()

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"

    policy = csp.group(1)
    assert f"script-src {digest(scripts[0])} {digest(scripts[1])};" in policy
    assert f"style-src {digest(style)};" in policy
    assert "connect-src" not in policy and "default-src 'none'" in policy

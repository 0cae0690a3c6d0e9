"""Many people on one server: two sessions upload different graphs, a third opens the page fresh.

Nobody sees another's graph, selection or downloads. The app's caches are shared by every session
(``st.cache_resource`` / ``st.cache_data`` in ``ketagraph.ui.loading``) and keyed by the graph folder's
path and a fingerprint of its files; each upload has its own private folder, so one session's key
can never name another's data.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from ketagraph.archive import zip_graph_folder

from .conftest import ROOT, AppServer, PageWatch

pytestmark = pytest.mark.browser


def _graph(tmp_path: Path, name: str, ketamine: str) -> bytes:
    """The shipped graph, zipped, with ketamine's label changed."""
    folder = tmp_path / name
    shutil.copytree(ROOT / "graph", folder)
    entities = folder / "entities.yaml"
    text = entities.read_text(encoding="utf-8")
    entities.write_text(text.replace("label: Ketamine\n", f"label: {ketamine}\n", 1), encoding="utf-8")
    return zip_graph_folder(folder)


class Session:
    def __init__(self, browser: Any, server: AppServer) -> None:
        self.context = browser.new_context(viewport={"width": 1500, "height": 1300}, accept_downloads=True)
        self.watch = PageWatch(self.context.new_page())
        self.page = self.watch.page
        self.page.goto(server.url)
        self.page.wait_for_function("window.ketagraph && window.ketagraph.firstDrawAt", timeout=60_000)

    def js(self, script: str, arg: Any = None) -> Any:
        return self.page.evaluate(script, arg)

    def label(self, node: str = "ketamine") -> str:
        return str(self.js("(id) => window.ketagraph.nodes.get(id).label", node))

    def open_uploads(self) -> None:
        self.page.get_by_text("Open your own graph").click()
        self.page.locator("[data-testid=stFileUploaderDropzoneInput]").wait_for(state="attached", timeout=30_000)

    def upload(self, name: str, data: bytes) -> None:
        self.page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
            files=[{"name": name, "mimeType": "application/zip", "buffer": data}]
        )

    def click_node(self, node: str) -> None:
        point = self.js(
            """(id) => { const n = window.ketagraph.network; n.stopSimulation();
               const c = n.canvasToDOM(n.getPositions([id])[id]); const r = n.body.container.getBoundingClientRect();
               return n.getNodeAt(c) === id ? [r.left + c.x, r.top + c.y] : null; }""",
            node,
        )
        assert point is not None, f"{node} is hidden under another node"
        self.page.mouse.click(*point)
        self.page.wait_for_url(f"**node={node}**", timeout=30_000)

    def selected(self) -> list[str]:
        return sorted(self.js("window.ketagraph.network.getSelectedNodes()"))

    def download(self, button: str) -> bytes:
        with self.page.expect_download(timeout=30_000) as d:
            self.page.get_by_role("button", name=button, exact=True).click()
        return Path(d.value.path()).read_bytes()

    def export_json(self) -> dict[str, Any]:
        self.page.get_by_text("Export", exact=True).click()
        data = json.loads(self.download("json"))
        assert isinstance(data, dict)
        return data

    def assert_clean(self) -> None:
        assert self.watch.errors == []
        assert self.watch.remote == []
        assert self.page.locator("[data-testid=stException]").count() == 0


def _ketamine_label(export: dict[str, Any]) -> str:
    return next(str(n["label"]) for n in export["nodes"] if n["id"] == "ketamine")


def test_three_sessions_never_see_each_others_graph_selection_or_downloads(
    browser: Any, app_server: AppServer, tmp_path: Path
) -> None:
    zip_a = _graph(tmp_path, "graph-a", "Ketamine (A)")
    zip_b = _graph(tmp_path, "graph-b", "Ketamine (B)")
    a, b = Session(browser, app_server), Session(browser, app_server)
    a.open_uploads()
    b.open_uploads()
    # Both uploads are sent before either is unpacked: the two sessions' scripts run at once.
    a.upload("a.zip", zip_a)
    b.upload("b.zip", zip_b)
    a.page.get_by_text("Exploring your upload: a.zip").wait_for(timeout=30_000)
    b.page.get_by_text("Exploring your upload: b.zip").wait_for(timeout=30_000)
    a.page.wait_for_function("window.ketagraph.nodes.get('ketamine').label === 'Ketamine (A)'", timeout=30_000)
    b.page.wait_for_function("window.ketagraph.nodes.get('ketamine').label === 'Ketamine (B)'", timeout=30_000)

    c = Session(browser, app_server)  # a fresh session after both uploads: the shipped graph
    assert c.label() == "Ketamine"
    assert c.page.get_by_text("Exploring your upload").count() == 0

    a.click_node("ketamine")
    b.click_node("nmda-receptor")
    assert a.selected() == ["ketamine"] and b.selected() == ["nmda-receptor"] and c.selected() == []
    assert "node=" not in c.page.url

    # Each session's reruns still show its own graph and selection after the others' clicks.
    c.click_node("ketamine")
    assert (a.label(), b.label(), c.label()) == ("Ketamine (A)", "Ketamine (B)", "Ketamine")
    assert a.selected() == ["ketamine"] and b.selected() == ["nmda-receptor"] and c.selected() == ["ketamine"]
    assert "node=ketamine" in a.page.url and "node=nmda-receptor" in b.page.url

    # Downloads: each gets its own graph folder back and its own export.
    assert a.download("Download this graph folder (.zip)") == zip_a
    assert b.download("Download this graph folder (.zip)") == zip_b
    c.open_uploads()
    assert c.download("Download this graph folder (.zip)") == zip_graph_folder(ROOT / "graph")
    assert _ketamine_label(a.export_json()) == "Ketamine (A)"
    assert _ketamine_label(b.export_json()) == "Ketamine (B)"
    assert _ketamine_label(c.export_json()) == "Ketamine"

    # One going back to the shipped graph changes nobody else's.
    a.page.get_by_role("button", name="Back to the shipped graph").click()
    a.page.wait_for_function("window.ketagraph.nodes.get('ketamine').label === 'Ketamine'", timeout=30_000)
    b.click_node("ketamine")
    assert b.label() == "Ketamine (B)" and b.selected() == ["ketamine"]
    assert c.label() == "Ketamine" and c.selected() == ["ketamine"]
    for s in (a, b, c):
        s.assert_clean()
        s.context.close()

"""Deployed for a team: served under a path prefix (``--server.baseUrlPath``, as behind a reverse
proxy), every request stays under the prefix and succeeds (the component's script included), and the
graph folder it serves is only read."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ketagraph.archive import zip_graph_folder

from .conftest import ROOT, AppServer, PageWatch

pytestmark = pytest.mark.browser

PREFIX = "team/ketagraph"


def _snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    out = {}
    for dirpath, _, filenames in os.walk(folder):
        for name in filenames:
            path = Path(dirpath) / name
            out[str(path.relative_to(folder))] = (
                hashlib.sha256(path.read_bytes()).hexdigest(),
                path.stat().st_mtime_ns,
            )
    return out


@pytest.fixture(scope="module")
def shipped_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("deploy") / "graph"
    shutil.copytree(ROOT / "graph", folder)
    return folder


@pytest.fixture(scope="module")
def server(shipped_copy: Path) -> Iterator[AppServer]:
    s = AppServer(graph=shipped_copy, base_path=PREFIX)
    yield s
    s.stop()


def test_under_a_path_prefix_every_asset_loads_and_clicks_work(
    watched_page: PageWatch, server: AppServer, shipped_copy: Path
) -> None:
    before = _snapshot(shipped_copy)
    page = watched_page.page
    responses: list[tuple[str, int]] = []
    failed: list[str] = []
    page.on("response", lambda r: responses.append((r.url, r.status)))
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.goto(f"{server.url}/")
    page.wait_for_function("window.ketagraph && window.ketagraph.firstDrawAt", timeout=60_000)
    page.wait_for_load_state("networkidle")

    local = [(u, s) for u, s in responses if u.startswith(f"http://localhost:{server.port}/")]
    outside = [u for u, _ in local if not u.startswith(f"{server.url}/")]
    assert outside == [], f"requests outside the prefix: {outside}"
    assert [(u, s) for u, s in local if s >= 400] == []
    assert failed == []
    script = [u for u, s in local if "explorer.bundle.js" in u]
    assert script and all(u.startswith(f"{server.url}/_stcore/") for u in script), script
    assert page.evaluate("typeof window.vis.Network === 'function' && window.ketagraph.isKetagraph")

    # A click reaches the server and back over the prefixed websocket.
    point = page.evaluate(
        """() => { const n = window.ketagraph.network; n.stopSimulation();
           const c = n.canvasToDOM(n.getPositions(['ketamine'])['ketamine']);
           const r = n.body.container.getBoundingClientRect(); return [r.left + c.x, r.top + c.y]; }"""
    )
    page.mouse.click(*point)
    page.wait_for_url("**node=ketamine**", timeout=30_000)
    assert page.url.startswith(f"{server.url}/")

    # Uploads and downloads go through the prefixed endpoints too.
    page.get_by_text("Open your own graph").click()
    data = zip_graph_folder(shipped_copy)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        files=[{"name": "mine.zip", "mimeType": "application/zip", "buffer": data}]
    )
    page.get_by_text("Exploring your upload: mine.zip").wait_for(timeout=30_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this graph folder (.zip)").click()
    assert Path(download.value.path()).read_bytes() == data

    outside = [u for u, _ in responses if u.startswith(f"http://localhost:{server.port}/")]
    assert [u for u in outside if not u.startswith(f"{server.url}/")] == []
    assert [(u, s) for u, s in responses if s >= 400] == []
    assert watched_page.errors == [] and watched_page.remote == []
    assert page.locator("[data-testid=stException]").count() == 0
    assert _snapshot(shipped_copy) == before  # the served graph folder is only read

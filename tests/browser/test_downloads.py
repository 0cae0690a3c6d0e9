"""The app's download buttons deliver every export format, for the whole graph or the current view,
and a PNG of the drawing, in a real browser."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import pytest

import ketagraph
from ketagraph.export import FORMATS

from .conftest import ROOT, AppServer, PageWatch

pytestmark = pytest.mark.browser


def _open(watch: PageWatch, url: str) -> Any:
    page = watch.page
    page.goto(url)
    page.wait_for_function("window.ketagraph && window.ketagraph.firstDrawAt", timeout=60_000)
    page.get_by_text("Export", exact=True).click()
    return page


def _settle(page: Any) -> None:
    """Wait until Streamlit has finished rerunning (its status widget is gone)."""
    page.wait_for_timeout(200)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=30_000)


def _download(page: Any, name: str) -> bytes:
    with page.expect_download(timeout=30_000) as download:
        page.locator("[data-testid=stSidebar]").get_by_role("button", name=name, exact=True).click()
    return Path(download.value.path()).read_bytes()


def test_every_format_downloads_the_whole_graph(watched_page: PageWatch, app_server: AppServer) -> None:
    page = _open(watched_page, app_server.url)
    corpus = ketagraph.load_corpus(ROOT / "graph")
    G = ketagraph.build_graph(corpus)
    for name, spec in FORMATS.items():
        # The app has the source texts: the HTML page shows each quote inside its paragraph.
        assert _download(page, name) == spec.make(G, corpus), name
    assert watched_page.remote == []
    assert watched_page.errors == []


def test_current_view_follows_the_filters(watched_page: PageWatch, app_server: AppServer) -> None:
    # (The "everything" perspective: the view is the whole graph, then filtered.)
    page = _open(watched_page, f"{app_server.url}/?certainty=speculative&view=everything")
    page.get_by_text("Current view").click()
    _settle(page)
    data = json.loads(_download(page, "json"))
    whole = ketagraph.load_graph(ROOT / "graph")
    expected = {k for _, _, k, c in whole.edges(keys=True, data="certainty") if c == "speculative"}
    assert {e["key"] for e in data["edges"]} == expected
    assert 0 < len(expected) < whole.number_of_edges()


def test_png_of_what_is_on_screen(watched_page: PageWatch, app_server: AppServer) -> None:
    page = watched_page.page
    page.goto(app_server.url)
    page.wait_for_function("window.ketagraph && window.ketagraph.firstDrawAt", timeout=60_000)
    with page.expect_download(timeout=30_000) as download:
        page.locator(".kg-toolbar button", has_text="PNG").click()
    assert download.value.suggested_filename == "ketagraph.png"
    png = Path(download.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    box = page.locator("[data-testid=kg-graph]").bounding_box()
    assert (width, height) == (round(box["width"]), round(box["height"]))
    assert len(png) > 5_000  # a drawing, not a blank image

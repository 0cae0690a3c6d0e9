"""Uploads leave with their session: the folder goes once the tab has been closed for longer than
Streamlit's disconnected-session TTL (2 s here, plus ketagraph's margin), and when the server exits."""

from __future__ import annotations

import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ketagraph.archive import zip_graph_folder
from ketagraph.ui.sessions import MARGIN_S

from .conftest import ROOT, AppServer

pytestmark = pytest.mark.browser

TTL_S = 2


@pytest.fixture
def upload_dir(tmp_path: Path) -> Path:
    return tmp_path / "uploads"


@pytest.fixture
def server(upload_dir: Path) -> Iterator[AppServer]:
    s = AppServer(
        extra_env={"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(TTL_S), "KETAGRAPH_UPLOAD_DIR": str(upload_dir)}
    )
    yield s
    s.stop()


def _upload_shipped_graph(browser: Any, server: AppServer) -> Any:
    context = browser.new_context(viewport={"width": 1500, "height": 1300})
    page = context.new_page()
    page.goto(server.url)
    page.wait_for_function("window.ketagraph && window.ketagraph.firstDrawAt", timeout=60_000)
    page.get_by_text("Open your own graph").click()
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        files=[{"name": "mine.zip", "mimeType": "application/zip", "buffer": zip_graph_folder(ROOT / "graph")}]
    )
    page.get_by_text("Exploring your upload: mine.zip").wait_for(timeout=30_000)
    return context


def _folders(upload_dir: Path) -> list[Path]:
    return sorted(upload_dir.glob("ketagraph-uploads-*/upload-*"))


def test_an_upload_folder_goes_after_its_tab_is_closed(browser: Any, server: AppServer, upload_dir: Path) -> None:
    context = _upload_shipped_graph(browser, server)
    [folder] = _folders(upload_dir)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(folder.parent.stat().st_mode) == 0o700
    assert [p.name for p in folder.rglob("entities.yaml")] == ["entities.yaml"]
    context.close()
    closed = time.monotonic()
    time.sleep(TTL_S)
    assert folder.exists(), "removed within the TTL: a tab that reconnects would have lost its upload"
    bound = TTL_S + MARGIN_S + 2 * 3.0 + 15  # TTL + margin + two sweeps (3 s at this TTL) + slack for load
    while folder.exists() and time.monotonic() - closed < bound:
        time.sleep(0.5)
    assert not folder.exists(), f"the upload folder is still there {bound:.0f} s after its tab closed"
    assert folder.parent.exists()  # the server's own folder stays while it runs


def test_upload_folders_go_when_the_server_exits(browser: Any, server: AppServer, upload_dir: Path) -> None:
    context = _upload_shipped_graph(browser, server)
    [folder] = _folders(upload_dir)
    server.stop()  # SIGTERM, as a service manager would
    context.close()
    assert not folder.exists() and not folder.parent.exists()
    assert list(upload_dir.iterdir()) == []

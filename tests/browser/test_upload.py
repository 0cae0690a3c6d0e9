"""Open your own graph in the app: upload a zip (good, broken, malicious), explore it, download it back."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest

from ketagraph.archive import zip_graph_folder

from .conftest import ROOT, AppServer, PageWatch

pytestmark = pytest.mark.browser


def _open(watch: PageWatch, server: AppServer) -> Any:
    page = watch.page
    page.goto(server.url)
    page.wait_for_function("window.ketagraph && window.ketagraph.firstDrawAt", timeout=60_000)
    page.get_by_text("Open your own graph").click()
    return page


def _upload(page: Any, name: str, data: bytes) -> None:
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
        files=[{"name": name, "mimeType": "application/zip", "buffer": data}]
    )


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.fixture(scope="module")
def server() -> Any:
    s = AppServer()
    yield s
    s.stop()


def test_upload_a_graph_explore_it_and_download_it_back(
    watched_page: PageWatch, server: AppServer, tmp_path: Path
) -> None:
    mine = tmp_path / "my-graph"
    shutil.copytree(ROOT / "graph", mine)
    entities = mine / "entities.yaml"
    entities.write_text(
        entities.read_text(encoding="utf-8").replace("label: Ketamine\n", "label: Ketamine (uploaded)\n", 1),
        encoding="utf-8",
    )
    data = zip_graph_folder(mine)
    page = _open(watched_page, server)
    _upload(page, "my-graph.zip", data)
    page.get_by_text("Exploring your upload: my-graph.zip").wait_for(timeout=30_000)
    page.wait_for_function(
        # (The tooltip's first line: the drawn label is wrapped to fit its column.)
        "window.ketagraph.nodes && window.ketagraph.nodes.get('ketamine').title.split('\\n')[0] === 'Ketamine (uploaded)'",
        timeout=30_000,
    )
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this graph folder (.zip)").click()
    assert Path(download.value.path()).read_bytes() == data
    page.get_by_role("button", name="Back to the shipped graph").click()
    page.wait_for_function(
        "window.ketagraph.nodes.get('ketamine').title.split('\\n')[0] === 'Ketamine'", timeout=30_000
    )
    assert watched_page.remote == []
    assert watched_page.errors == []
    assert page.locator("[data-testid=stException]").count() == 0


def test_broken_graph_in_a_zip_shows_its_problems(watched_page: PageWatch, server: AppServer) -> None:
    data = _zip({"bad/claims.yaml": b"claims:\n  - id: x\n    subject: [\n"})
    page = _open(watched_page, server)
    _upload(page, "bad.zip", data)
    page.get_by_text("has 1 problem").wait_for(timeout=30_000)
    problems = page.locator("[data-testid=stCode]").inner_text()
    assert "bad/claims.yaml:4: YAML syntax error: did not find expected node content" in problems
    assert page.locator("[data-testid=stException]").count() == 0
    page.get_by_role("button", name="Back to the shipped graph").click()
    page.get_by_text("About this source.").wait_for(timeout=30_000)


@pytest.mark.parametrize(
    ("entries", "message"),
    [
        (
            {"../evil.yaml": b"entities: []\n"},
            "evil.zip: entry '../evil.yaml' has an unsafe path (absolute, or with '..')",
        ),
        ({"g/bomb.txt": b"\0" * 3_000_000}, "evil.zip: entry 'g/bomb.txt' expands"),
        ({"g/run.py": b"import os\n"}, "evil.zip: entry 'g/run.py' is not part of a graph folder"),
    ],
    ids=["zip-slip", "zip-bomb", "foreign-file"],
)
def test_malicious_zip_is_refused_with_a_message(
    watched_page: PageWatch, server: AppServer, entries: dict[str, bytes], message: str
) -> None:
    page = _open(watched_page, server)
    _upload(page, "evil.zip", _zip(entries))
    page.get_by_text(message).wait_for(timeout=30_000)
    assert page.locator("[data-testid=stException]").count() == 0
    # the shipped graph is still what is shown
    assert page.evaluate("window.ketagraph.nodes.get('ketamine').label") == "Ketamine"
    assert not (ROOT.parent / "evil.yaml").exists()


def test_a_file_over_the_limit_is_refused_before_it_is_sent(
    watched_page: PageWatch, server: AppServer, tmp_path: Path
) -> None:
    page = _open(watched_page, server)
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/_stcore/upload_file/" in r.url else None)
    huge = tmp_path / "huge.zip"
    with open(huge, "wb") as f:
        f.truncate(20 * 1024 * 1024 + 1)  # one byte over ketagraph's limit (and server.maxUploadSize)
    page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(str(huge))
    page.get_by_text("File must be 20.0MB or smaller.").wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert sent == []
    assert page.get_by_text("Exploring your upload").count() == 0


def test_a_full_server_says_so_and_takes_uploads_again_when_one_leaves(browser: Any, tmp_path: Path) -> None:
    full = AppServer(extra_env={"KETAGRAPH_MAX_UPLOADS": "1", "KETAGRAPH_UPLOAD_DIR": str(tmp_path)})
    pages = []
    try:
        data = zip_graph_folder(ROOT / "graph")
        for _ in range(2):
            context = browser.new_context(viewport={"width": 1500, "height": 1300})
            pages.append(_open(PageWatch(context.new_page()), full))
        first, second = pages
        _upload(first, "one.zip", data)
        first.get_by_text("Exploring your upload: one.zip").wait_for(timeout=30_000)
        _upload(second, "two.zip", data)
        second.get_by_text(
            "two.zip was not opened: the server already holds 1 uploaded graph, the most it keeps at once. "
            "Try again when other people's sessions have ended, or run ketagraph on your own computer."
        ).wait_for(timeout=30_000)
        assert second.evaluate("window.ketagraph.nodes.get('ketamine').label") == "Ketamine"
        first.get_by_role("button", name="Back to the shipped graph").click()
        first.get_by_text("Exploring your upload").wait_for(state="detached", timeout=30_000)
        _upload(second, "three.zip", data)
        second.get_by_text("Exploring your upload: three.zip").wait_for(timeout=30_000)
        assert len(list(tmp_path.glob("ketagraph-uploads-*/upload-*"))) == 1
    finally:
        for page in pages:
            page.context.close()
        full.stop()

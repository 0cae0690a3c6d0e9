"""Upload folders by session: private, capped, removed once their session is gone for good."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from ketagraph.ui.sessions import UploadsFull, UploadStore, remove_stale_bases

MB = 1024 * 1024


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _store(tmp_path: Path, **kw: object) -> tuple[UploadStore, dict[str, bool], Clock, list[str]]:
    alive: dict[str, bool] = {}
    clock = Clock()
    freed: list[str] = []
    defaults: dict[str, object] = {"grace_s": 130.0, "max_uploads": 3, "max_bytes": 10 * MB, "reserve_bytes": 2 * MB}
    defaults.update(kw)
    store = UploadStore(
        tmp_path / "uploads",
        is_alive=lambda s: alive.get(s, False),
        on_gone=freed.append,
        clock=clock,
        **defaults,  # type: ignore[arg-type]
    )
    return store, alive, clock, freed


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_folders_are_private_and_counted_by_what_they_hold(tmp_path: Path) -> None:
    store, alive, _, _ = _store(tmp_path)
    alive["a"] = True
    folder = store.reserve("a")
    assert folder.parent == tmp_path / "uploads"
    assert _mode(tmp_path / "uploads") == 0o700 and _mode(folder) == 0o700
    assert store.usage() == (1, 2 * MB)  # the most an archive may unpack to, until it is measured
    (folder / "graph").mkdir()
    (folder / "graph" / "claims.yaml").write_bytes(b"x" * 1000)
    store.commit(folder)
    assert store.usage() == (1, 1000)
    store.release(folder)
    assert not folder.exists() and store.usage() == (0, 0)


def test_the_number_of_sessions_with_an_upload_is_capped(tmp_path: Path) -> None:
    store, *_ = _store(tmp_path, max_uploads=2)
    store.reserve("a")
    store.reserve("b")
    with pytest.raises(UploadsFull) as e:
        store.reserve("c")
    assert str(e.value) == (
        "the server already holds 2 uploaded graphs, the most it keeps at once. Try again when other "
        "people's sessions have ended, or run ketagraph on your own computer."
    )
    store.reserve("a")  # a session that holds one may replace it
    assert store.usage()[0] == 3


def test_the_bytes_of_all_uploads_together_are_capped(tmp_path: Path) -> None:
    store, *_ = _store(tmp_path, max_uploads=10, max_bytes=5 * MB, reserve_bytes=2 * MB)
    one = store.reserve("a")
    store.reserve("b")
    with pytest.raises(UploadsFull) as e:
        store.reserve("c")
    assert str(e.value).startswith("the server's space for uploads is full (4 MB of 5 MB in use).")
    store.commit(one)  # measured: empty
    store.reserve("c")
    assert store.usage() == (3, 4 * MB)


def test_a_gone_session_loses_its_folders_after_the_grace_period_and_not_before(tmp_path: Path) -> None:
    store, alive, clock, freed = _store(tmp_path, grace_s=130.0)
    alive.update(a=True, b=True)
    fa, fb = store.reserve("a"), store.reserve("b")
    store.watch("c")  # tried an upload that was refused: no folder, but bytes in the uploader
    alive["c"] = True
    assert store.sweep() == []
    alive["a"] = alive["c"] = False  # their tabs closed
    assert store.sweep() == []  # first seen gone now
    clock.now += 129
    assert store.sweep() == [] and fa.exists()
    clock.now += 2
    assert store.sweep() == ["a", "c"]
    assert not fa.exists() and fb.exists()
    assert freed == ["a", "c"]
    assert store.usage() == (1, 2 * MB) and not store.holds("a")


def test_a_session_that_reconnects_in_time_keeps_its_upload(tmp_path: Path) -> None:
    store, alive, clock, freed = _store(tmp_path, grace_s=130.0)
    folder = store.reserve("a")
    store.sweep()  # disconnected
    clock.now += 100
    alive["a"] = True  # the tab came back (same session id)
    store.sweep()
    clock.now += 100
    alive["a"] = False
    store.sweep()  # gone again: the grace period starts over
    clock.now += 100
    assert store.sweep() == [] and folder.exists() and freed == []
    clock.now += 31
    assert store.sweep() == ["a"] and not folder.exists()


def test_close_removes_everything(tmp_path: Path) -> None:
    store, *_ = _store(tmp_path)
    store.reserve("a")
    store.close()
    assert not (tmp_path / "uploads").exists()


def test_the_folders_of_a_killed_server_are_removed_by_the_next(tmp_path: Path) -> None:
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"ketagraph-uploads-{dead.pid}-abc"
    (stale / "upload-x").mkdir(parents=True)
    mine = tmp_path / f"ketagraph-uploads-{os.getpid()}-def"
    mine.mkdir()
    other = tmp_path / "ketagraph-uploads-notapid"
    other.mkdir()
    assert remove_stale_bases(tmp_path) == [stale]
    assert not stale.exists() and mine.exists() and other.exists()


def test_streamlits_upload_limit_is_ketagraphs() -> None:
    # server.maxUploadSize (MB = MiB) makes the server refuse a bigger body before reading it.
    import tomllib

    from ketagraph.archive import MAX_ZIP_BYTES

    config = tomllib.loads((Path(__file__).parents[1] / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["server"]["maxUploadSize"] * MB == MAX_ZIP_BYTES


def test_a_session_whose_upload_folder_is_gone_falls_back_to_the_served_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setattr(sys, "argv", ["app.py"])
    monkeypatch.delenv("KETAGRAPH_GRAPH", raising=False)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=60)
    at.session_state["kg_upload_root"] = str(tmp_path / "removed" / "graph")
    at.session_state["kg_upload_name"] = "mine.zip"
    at.session_state["kg_upload_open"] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == ["mine.zip: the uploaded graph is no longer on the server; upload it again."]
    assert "kg_upload_root" not in at.session_state
    assert "What Does Ketamine Do to Your Brain?" in at.info[0].value  # the served graph


def test_a_server_that_cannot_store_uploads_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from streamlit.testing.v1 import AppTest

    from ketagraph.archive import zip_graph_folder
    from ketagraph.ui import sessions

    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    monkeypatch.setenv("KETAGRAPH_UPLOAD_DIR", str(not_a_folder / "uploads"))
    monkeypatch.setattr(sessions, "_STORE", None)
    monkeypatch.setattr(sys, "argv", ["app.py"])
    monkeypatch.delenv("KETAGRAPH_GRAPH", raising=False)
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=60)
    at.session_state["kg_upload_open"] = True
    at.run()
    data = zip_graph_folder(Path(__file__).resolve().parents[1] / "graph")
    at.get("file_uploader")[0].upload("mine.zip", data, "application/zip").run()  # type: ignore[attr-defined]
    assert not at.exception, [e.value for e in at.exception]
    assert [e.value for e in at.error] == [
        "mine.zip was not opened: this server cannot store uploads (Not a directory)."
    ]
    assert sessions._STORE is None

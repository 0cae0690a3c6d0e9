"""Open your own graph: a zip of a graph folder, unpacked safely into a private temporary folder.

The upload lives as long as the browser session: :mod:`ketagraph.ui.sessions` removes its folder
once the session has been gone for longer than Streamlit's disconnected-session TTL, and when the
server exits; it also caps all uploads together. The shipped graph stays the default and is one
click away. Only the folder's path is kept in the session's state.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ketagraph.archive import MAX_ZIP_BYTES, ArchiveError, extract_graph_zip, zip_graph_folder
from ketagraph.ui import sessions, state

__all__ = ["current_root", "upload_section"]


def current_root() -> Path | None:
    """The uploaded graph folder of this session, if any (and if it is still there)."""
    ss = st.session_state
    root = ss.get("kg_upload_root")
    if not root:
        return None
    if not Path(root).is_dir():  # removed under us (the server's clean-up): say so, show the shipped graph
        name = ss.get("kg_upload_name", "your upload")
        for key in ("kg_upload_dir", "kg_upload_root", "kg_upload_name"):
            ss.pop(key, None)
        ss.kg_upload_error = f"{name}: the uploaded graph is no longer on the server; upload it again."
        _reset_view()
        return None
    return Path(root)


def _reset_view() -> None:
    """A different graph: forget selection, filters and the URL that described the old one (what a
    new graph keeps, the upload itself and its section, is marked in :data:`ketagraph.ui.state.KEYS`)."""
    state.reset_for_new_graph(st.session_state)
    st.query_params.clear()


def _on_upload() -> None:
    ss = st.session_state
    file = ss.get("kg_upload")
    if file is None:
        return
    ss.kg_upload_error = None
    try:
        store = sessions.store()
    except OSError as e:  # KETAGRAPH_UPLOAD_DIR cannot be made or written
        ss.kg_upload_error = f"{file.name} was not opened: this server cannot store uploads ({e.strerror or e})."
        return
    session_id = sessions.current_session_id() or "no-session"
    store.watch(session_id)  # even a refused upload's bytes stay in the uploader until the session ends
    data = file.getvalue()
    if len(data) > MAX_ZIP_BYTES:
        ss.kg_upload_error = f"{file.name}: the archive is {len(data):,} bytes, over the {MAX_ZIP_BYTES:,}-byte limit"
        return
    try:
        folder = store.reserve(session_id)
    except sessions.UploadsFull as e:
        ss.kg_upload_error = f"{file.name} was not opened: {e}"
        return
    try:
        root = extract_graph_zip(data, folder / "graph")
    except ArchiveError as e:
        store.release(folder)
        ss.kg_upload_error = f"{file.name}: {e}"
        return
    except OSError as e:  # the server's disk, not the archive (full, not writable)
        store.release(folder)
        ss.kg_upload_error = f"{file.name} was not opened: the server could not unpack it ({e.strerror or e})."
        return
    except BaseException:
        store.release(folder)
        raise
    store.commit(folder)
    old = ss.get("kg_upload_dir")
    ss.kg_upload_dir = str(folder)
    ss.kg_upload_root = str(root)
    ss.kg_upload_name = file.name
    if old is not None:
        store.release(Path(old))
    _reset_view()


def _back_to_shipped() -> None:
    ss = st.session_state
    old = ss.get("kg_upload_dir")
    for key in ("kg_upload_dir", "kg_upload_root", "kg_upload_name", "kg_upload_error"):
        ss.pop(key, None)
    if old is not None:
        sessions.store().release(Path(old))
    _reset_view()


def upload_section(root: Path) -> None:
    ss = st.session_state
    # (No `expanded=` that changes: it is part of the widget's identity, and a new identity would
    # forget whether the user opened the section.)
    section = st.expander("Open your own graph", key="kg_upload_open", on_change="rerun")
    if not section.open:  # its widgets are made when it opens, so a page load does not fetch their code
        return
    with section:
        st.file_uploader(
            "A graph folder as a .zip",
            type=["zip"],
            key="kg_upload",
            on_change=_on_upload,
            # The browser refuses a bigger file before sending it (the server's own
            # server.maxUploadSize, set to the same in .streamlit/config.toml, refuses it unread).
            max_upload_size=MAX_ZIP_BYTES // (1024 * 1024),
            help=f"YAML files and their source texts; at most {MAX_ZIP_BYTES // (1024 * 1024)} MB. "
            "It is unpacked into a private temporary folder and validated.",
        )
        if ss.get("kg_upload_error"):
            st.error(ss.kg_upload_error)
        if ss.get("kg_upload_root"):
            st.caption(f"Exploring your upload: {ss.get('kg_upload_name', '')}")
            st.button("Back to the shipped graph", key="kg_upload_back", on_click=_back_to_shipped)
        st.download_button(
            "Download this graph folder (.zip)",
            data=lambda: zip_graph_folder(root),
            file_name=f"{root.name or 'graph'}.zip",
            mime="application/zip",
            key="kg_download_folder",
            on_click="ignore",
        )

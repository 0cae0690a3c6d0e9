"""Open your own graph: a zip of a graph folder, unpacked safely into a private temporary folder.

The upload lives as long as the browser session (the folder is removed when the session's state
is dropped); the shipped graph stays the default and is one click away.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from ketagraph.archive import MAX_ZIP_BYTES, ArchiveError, extract_graph_zip, zip_graph_folder

__all__ = ["current_root", "upload_section"]

#: What a new graph does not reset: the upload itself, and the section the user is working in.
_KEEP = ("kg_upload_dir", "kg_upload_root", "kg_upload_name", "kg_upload_error", "kg_upload", "kg_upload_open")


def current_root() -> Path | None:
    """The uploaded graph folder of this session, if any."""
    root = st.session_state.get("kg_upload_root")
    return Path(root) if root else None


def _reset_view() -> None:
    """A different graph: forget selection, filters and the URL that described the old one."""
    for key in [k for k in st.session_state if str(k).startswith("kg_") and k not in _KEEP]:
        del st.session_state[key]
    st.query_params.clear()


def _on_upload() -> None:
    ss = st.session_state
    file = ss.get("kg_upload")
    if file is None:
        return
    ss.kg_upload_error = None
    data = file.getvalue()
    if len(data) > MAX_ZIP_BYTES:
        ss.kg_upload_error = f"{file.name}: the archive is {len(data):,} bytes, over the {MAX_ZIP_BYTES:,}-byte limit"
        return
    folder = tempfile.TemporaryDirectory(prefix="ketagraph-upload-")
    try:
        root = extract_graph_zip(data, Path(folder.name) / "graph")
    except ArchiveError as e:
        folder.cleanup()
        ss.kg_upload_error = f"{file.name}: {e}"
        return
    old = ss.get("kg_upload_dir")
    ss.kg_upload_dir = folder  # removed when the session's state goes (TemporaryDirectory's finaliser)
    ss.kg_upload_root = str(root)
    ss.kg_upload_name = file.name
    if old is not None:
        old.cleanup()
    _reset_view()


def _back_to_shipped() -> None:
    ss = st.session_state
    old = ss.get("kg_upload_dir")
    for key in ("kg_upload_dir", "kg_upload_root", "kg_upload_name", "kg_upload_error"):
        ss.pop(key, None)
    if old is not None:
        old.cleanup()
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

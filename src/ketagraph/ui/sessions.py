"""Upload folders that leave with their session, under a cap on all uploads together.

A server that many people share keeps each session's uploaded graph in its own folder, and must
remove it once that session is over. Streamlit does not say so directly: when a browser tab closes,
its session is *disconnected* and kept for ``server.disconnectedSessionTTL`` seconds (120 by
default) so that a reconnecting tab can resume it. Once that time is up, the session is no longer
offered for resuming, but it stays in Streamlit's in-memory storage until a later write to that
storage evicts it (another tab disconnecting) and is shut down only when it is then garbage
collected (``AppSession.__del__``); no public hook fires at the end of the TTL, and on a quiet
server that eviction can wait indefinitely. So this module watches instead:

* every upload folder is recorded with the id of the session that made it;
* a daemon thread asks the runtime every few seconds whether each such session is still active
  (``Runtime.is_active_session``, documented as safe from any thread). A session seen inactive for
  longer than the TTL plus :data:`MARGIN_S` can no longer be resumed, so its folders are removed,
  and so are the zip bytes Streamlit's uploader still holds for it in memory (the runtime frees
  them when it shuts the session down, which waits for the eviction above). A session
  that reconnects in time keeps its upload;
* all folders live in one folder per server process, readable by the server's user only (0700),
  removed when the server exits (``atexit``: Streamlit stops cleanly on SIGINT and SIGTERM); the
  folders of a server that was killed are removed by the next server started on the same parent;
* :meth:`UploadStore.reserve` refuses a new upload, with a message for the user, when the server
  already holds :data:`DEFAULT_MAX_UPLOADS` sessions' uploads or could exceed
  :data:`DEFAULT_MAX_TOTAL_BYTES` on disk (a new upload reserves the most an archive may unpack to
  until it is unpacked and measured).

The limits and the parent folder come from the environment: ``KETAGRAPH_UPLOAD_DIR`` (default: the
system's temporary folder), ``KETAGRAPH_MAX_UPLOADS``, ``KETAGRAPH_MAX_UPLOAD_MB``.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ketagraph.archive import MAX_UNPACKED_BYTES
from ketagraph.errors import KetagraphError

__all__ = [
    "DEFAULT_MAX_TOTAL_BYTES",
    "DEFAULT_MAX_UPLOADS",
    "MARGIN_S",
    "UploadStore",
    "UploadsFull",
    "current_session_id",
    "remove_stale_bases",
    "store",
]

MiB = 1024 * 1024
#: The app keeps 8 graphs in its shared caches (ketagraph.ui.loading: ``load``, ``details``,
#: ``article``): the served graph, 6 uploads and one being replaced. More uploads in use at once
#: would evict each other, and every click would load, lay out and encode its graph again.
DEFAULT_MAX_UPLOADS = 6
#: On disk; in memory a graph in use takes about 20 times its files (a 5k-claim graph: 2.7 MB of
#: files, 47 MB loaded, laid out and encoded), so this bounds the server's memory too.
DEFAULT_MAX_TOTAL_BYTES = 256 * MiB
#: How long after the session TTL a gone session's folder is kept (clocks, a slow reconnect).
MARGIN_S = 10.0
_PREFIX = "ketagraph-uploads-"


class UploadsFull(KetagraphError):
    """The server holds as many uploads as it may; the message is for the person uploading."""


@dataclass
class _Session:
    folders: dict[Path, int] = field(default_factory=dict)  # folder -> bytes (reserved, then measured)
    gone_since: float | None = None


class UploadStore:
    """The upload folders of one server process, by session.

    Parameters
    ----------
    base
        The folder that holds every upload folder; created with mode 0700.
    is_alive
        Whether a session id is still active (connected). Called from the sweeping thread.
    grace_s
        How long a session may stay inactive before its folders are removed.
    on_gone
        Called with a session id once its folders are removed (to free what else it held).
    """

    def __init__(
        self,
        base: Path,
        *,
        is_alive: Callable[[str], bool],
        grace_s: float,
        max_uploads: int = DEFAULT_MAX_UPLOADS,
        max_bytes: int = DEFAULT_MAX_TOTAL_BYTES,
        reserve_bytes: int = MAX_UNPACKED_BYTES,
        on_gone: Callable[[str], None] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base = base
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(base, 0o700)
        self.max_uploads = max_uploads
        self.max_bytes = max_bytes
        self.reserve_bytes = reserve_bytes
        self.grace_s = grace_s
        self._is_alive = is_alive
        self._on_gone = on_gone
        self._clock = clock
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    # -- what the page calls

    def watch(self, session_id: str) -> None:
        """Follow ``session_id`` even before it holds a folder (its uploader keeps bytes in memory)."""
        with self._lock:
            self._sessions.setdefault(session_id, _Session())

    def reserve(self, session_id: str) -> Path:
        """A new private folder for ``session_id``'s next upload, or :class:`UploadsFull`.

        The folder counts as :attr:`reserve_bytes` until :meth:`commit` measures it.
        """
        with self._lock:
            holders = {s for s, rec in self._sessions.items() if rec.folders and s != session_id}
            if len(holders) + 1 > self.max_uploads:
                raise UploadsFull(
                    f"the server already holds {len(holders)} uploaded graph{'' if len(holders) == 1 else 's'}, "
                    "the most it keeps at once. "
                    "Try again when other people's sessions have ended, or run ketagraph on your own computer."
                )
            used = self._used_bytes()
            if used + self.reserve_bytes > self.max_bytes:
                raise UploadsFull(
                    f"the server's space for uploads is full ({used / MiB:,.0f} MB of "
                    f"{self.max_bytes / MiB:,.0f} MB in use). Try again when other people's sessions have "
                    "ended, or run ketagraph on your own computer."
                )
            path = Path(tempfile.mkdtemp(prefix="upload-", dir=self.base))  # mode 0700
            self._sessions.setdefault(session_id, _Session()).folders[path] = self.reserve_bytes
            return path

    def commit(self, path: Path) -> None:
        """The upload in ``path`` is unpacked: count what it holds instead of the reservation."""
        size = _disk_bytes(path)
        with self._lock:
            for rec in self._sessions.values():
                if path in rec.folders:
                    rec.folders[path] = size

    def release(self, path: Path) -> None:
        """Remove the upload folder ``path`` (a failed upload, a new one, back to the shipped graph)."""
        with self._lock:
            for rec in self._sessions.values():
                rec.folders.pop(path, None)
        shutil.rmtree(path, ignore_errors=True)

    def usage(self) -> tuple[int, int]:
        """How many upload folders there are and how many bytes they count for."""
        with self._lock:
            return sum(len(r.folders) for r in self._sessions.values()), self._used_bytes()

    def holds(self, session_id: str) -> bool:
        with self._lock:
            return session_id in self._sessions

    # -- the sweeper and the exit

    def sweep(self) -> list[str]:
        """Remove the folders of sessions inactive for longer than :attr:`grace_s`; return their ids."""
        now = self._clock()
        with self._lock:
            ids = list(self._sessions)
        gone: list[str] = []
        for sid in ids:
            alive = self._is_alive(sid)  # outside the lock: it may take the runtime's own locks
            with self._lock:
                rec = self._sessions.get(sid)
                if rec is None:
                    continue
                if alive:
                    rec.gone_since = None
                    continue
                if rec.gone_since is None:
                    rec.gone_since = now
                    continue
                if now - rec.gone_since < self.grace_s:
                    continue
                del self._sessions[sid]
                folders = list(rec.folders)
            for path in folders:
                shutil.rmtree(path, ignore_errors=True)
            if self._on_gone is not None:
                with contextlib.suppress(Exception):  # freeing memory must not stop the sweeper
                    self._on_gone(sid)
            gone.append(sid)
        return gone

    def close(self) -> None:
        """Remove every upload folder and the base folder (the server is exiting)."""
        with self._lock:
            self._sessions.clear()
        shutil.rmtree(self.base, ignore_errors=True)

    def _used_bytes(self) -> int:
        return sum(sum(r.folders.values()) for r in self._sessions.values())


def _disk_bytes(path: Path) -> int:
    total = 0
    for dirpath, _, filenames in os.walk(path):
        for name in filenames:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def remove_stale_bases(parent: Path) -> list[Path]:
    """Remove the upload folders left in ``parent`` by servers that no longer run (killed, crashed)."""
    removed: list[Path] = []
    try:
        candidates = [p for p in parent.iterdir() if p.name.startswith(_PREFIX)]
    except OSError:
        return removed
    for path in candidates:
        pid_text = path.name[len(_PREFIX) :].split("-", 1)[0]
        try:
            if not pid_text.isdigit() or path.is_symlink() or path.stat().st_uid != os.getuid():
                continue
        except OSError:
            continue
        if _pid_alive(int(pid_text)):
            continue
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ------------------------------------------------------------------ the server's store


def current_session_id() -> str | None:
    """The id of the session whose script is running on this thread (None outside a script run)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    return ctx.session_id if ctx is not None else None


def _is_alive(session_id: str) -> bool:
    from streamlit import runtime

    if not runtime.exists():  # a script run outside a server (AppTest): nothing to sweep against
        return True
    return bool(runtime.get_instance().is_active_session(session_id))


def _free_uploader_bytes(session_id: str) -> None:
    from streamlit import runtime

    if runtime.exists():
        runtime.get_instance().uploaded_file_mgr.remove_session_files(session_id)


def _session_ttl() -> float:
    import streamlit as st

    try:
        return float(st.get_option("server.disconnectedSessionTTL"))
    except Exception:
        return 120.0


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else default


_STORE: UploadStore | None = None
_STORE_LOCK = threading.Lock()


def store() -> UploadStore:
    """This server's store, made on first use with its sweeping thread and exit hook."""
    global _STORE
    with _STORE_LOCK:
        if _STORE is not None:
            return _STORE
        parent = Path(os.environ.get("KETAGRAPH_UPLOAD_DIR") or tempfile.gettempdir())
        parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        remove_stale_bases(parent)
        base = Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-", dir=parent))
        grace = _session_ttl() + MARGIN_S
        s = UploadStore(
            base,
            is_alive=_is_alive,
            grace_s=grace,
            max_uploads=_env_int("KETAGRAPH_MAX_UPLOADS", DEFAULT_MAX_UPLOADS),
            max_bytes=_env_int("KETAGRAPH_MAX_UPLOAD_MB", DEFAULT_MAX_TOTAL_BYTES // MiB) * MiB,
            on_gone=_free_uploader_bytes,
        )
        atexit.register(s.close)
        interval = max(1.0, min(15.0, grace / 4))
        threading.Thread(
            target=_sweep_forever, args=(s, interval), name="ketagraph-upload-sweeper", daemon=True
        ).start()
        _STORE = s
        return s


def _sweep_forever(s: UploadStore, interval: float) -> None:
    while True:
        time.sleep(interval)
        with contextlib.suppress(Exception):  # one failed sweep must not end the clean-up for good
            s.sweep()

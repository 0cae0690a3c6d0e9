"""Writing export output safely: atomically to a file, or to a stream."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from ketagraph.errors import ExportError

__all__ = ["atomic_write"]


def atomic_write(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename.

    A reader never sees a half-written file, and a failure leaves whatever was at ``path`` before.
    """
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise ExportError(f"cannot write {target}: folder {folder} does not exist")
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as e:
        raise ExportError(f"cannot write {target}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        mode = 0o644 & ~_umask()
        os.chmod(tmp, mode)
        os.replace(tmp, target)
    except OSError as e:
        _unlink_quietly(tmp)
        raise ExportError(f"cannot write {target}: {e.strerror or e}") from None
    except BaseException:
        _unlink_quietly(tmp)
        raise


def write_bytes(dest: str | os.PathLike[str] | BinaryIO, data: bytes) -> None:
    """Write ``data`` atomically to a path, or to an open binary stream."""
    if isinstance(dest, (str, os.PathLike)):
        atomic_write(dest, data)
    else:
        dest.write(data)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _unlink_quietly(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)

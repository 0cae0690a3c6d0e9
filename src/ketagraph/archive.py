"""Zip archives: safe extraction of an uploaded graph folder, and reproducible zips (a graph folder,
the CSV export) whose bytes depend only on what they hold.

:func:`extract_graph_zip` never writes outside the folder it is given and refuses, with a message
that names the entry, every archive that could hurt: entries with absolute paths or ``..``
("zip slip"), symbolic links and other special files, more than :data:`MAX_ENTRIES` entries, more
than :data:`MAX_UNPACKED_BYTES` unpacked (counted while reading, not trusted from the headers),
or a compression ratio above :data:`MAX_RATIO` ("zip bomb"). On any refusal the partial output is
removed, so nothing is half-written.
"""

from __future__ import annotations

import io
import os
import shutil
import stat
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from ketagraph.errors import ArchiveError

__all__ = [
    "MAX_ENTRIES",
    "MAX_RATIO",
    "MAX_UNPACKED_BYTES",
    "MAX_ZIP_BYTES",
    "ArchiveError",
    "extract_graph_zip",
    "reproducible_zip",
    "zip_graph_folder",
]

MAX_ZIP_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 64 * 1024 * 1024
MAX_ENTRIES = 2_000
MAX_RATIO = 100
#: What a graph folder holds; anything else in an archive is refused.
ALLOWED_SUFFIXES = (".yaml", ".yml", ".txt", ".md")
_IGNORED = ("__MACOSX/", ".DS_Store")
#: The date of every entry of a reproducible zip: 1980-01-01, the earliest a zip can hold.
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def extract_graph_zip(data: bytes, dest: str | os.PathLike[str]) -> Path:
    """Unpack the zip ``data`` into the empty or new folder ``dest``; return the graph folder.

    When every entry sits under one top-level folder, that folder is the graph folder.

    Raises
    ------
    ArchiveError
        When the archive is not a zip, or breaks one of the limits above; ``dest`` is then removed.
    """
    if len(data) > MAX_ZIP_BYTES:
        raise ArchiveError(f"the archive is {len(data):,} bytes, over the {MAX_ZIP_BYTES:,}-byte limit")
    target = Path(dest)
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise ArchiveError(f"{target} is not empty")
    try:
        _extract(data, target.resolve())
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return _graph_root(target)


def _extract(data: bytes, target: Path) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise ArchiveError(f"not a zip archive ({e})") from None
    with archive:
        infos = [
            i
            for i in archive.infolist()
            if not i.filename.startswith(_IGNORED) and not i.filename.endswith("/.DS_Store")
        ]
        if len(infos) > MAX_ENTRIES:
            raise ArchiveError(f"the archive has {len(infos):,} entries, over the limit of {MAX_ENTRIES:,}")
        total = 0
        for info in infos:
            name = info.filename
            path = _safe_member_path(name)
            file_type = stat.S_IFMT(info.external_attr >> 16)  # 0 when the archiver did not say
            if file_type not in (0, stat.S_IFREG, stat.S_IFDIR):
                raise ArchiveError(f"entry {name!r} is a symbolic link or special file; only plain files are accepted")
            if info.flag_bits & 0x1:
                raise ArchiveError(f"entry {name!r} is encrypted")
            out = target.joinpath(*path.parts)
            if not out.resolve().is_relative_to(target):
                raise ArchiveError(f"entry {name!r} would be written outside the folder")
            if info.is_dir():
                out.mkdir(parents=True, exist_ok=True)
                continue
            if not name.lower().endswith(ALLOWED_SUFFIXES):
                raise ArchiveError(
                    f"entry {name!r} is not part of a graph folder (allowed: {', '.join(ALLOWED_SUFFIXES)})"
                )
            if info.compress_size and info.file_size / info.compress_size > MAX_RATIO:
                raise ArchiveError(f"entry {name!r} expands {info.file_size / info.compress_size:.0f}-fold (zip bomb?)")
            try:
                out.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(info) as src, open(out, "xb") as dst:
                    while chunk := src.read(1 << 16):
                        total += len(chunk)
                        if total > MAX_UNPACKED_BYTES:
                            raise ArchiveError(f"the archive unpacks to more than {MAX_UNPACKED_BYTES:,} bytes")
                        dst.write(chunk)
            except FileExistsError:
                raise ArchiveError(f"entry {name!r} appears more than once in the archive") from None
            except (OSError, zipfile.BadZipFile, EOFError, RuntimeError) as e:
                raise ArchiveError(f"cannot unpack entry {name!r}: {getattr(e, 'strerror', None) or e}") from None


def _safe_member_path(name: str) -> PurePosixPath:
    normalised = name.replace("\\", "/")
    path = PurePosixPath(normalised)
    if (
        normalised.startswith("/")
        or (len(normalised) > 1 and normalised[1] == ":")
        or ".." in path.parts
        or "\x00" in normalised
        or not path.parts
    ):
        raise ArchiveError(f"entry {name!r} has an unsafe path (absolute, or with '..')")
    return path


def _graph_root(folder: Path) -> Path:
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    if len(entries) == 1 and entries[0].is_dir():
        return entries[0]
    return folder


def reproducible_zip(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``(name, data)`` in the order given, with what else a zip records fixed: the date
    (:data:`ZIP_EPOCH`), permissions (a plain file, 0644, as Unix), compression (deflate, level 9).
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            info.create_system = 3  # Unix, so the permissions above are read as such everywhere
            zf.writestr(info, data, compresslevel=9)
    return buf.getvalue()


def zip_graph_folder(root: str | os.PathLike[str]) -> bytes:
    """The graph folder ``root`` as a reproducible zip (:func:`reproducible_zip`), files in sorted order.

    Symbolic links and files a graph folder does not hold are left out.
    """
    base = Path(root)
    files: list[tuple[str, bytes]] = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and not (Path(dirpath) / d).is_symlink())
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name.startswith(".") or path.is_symlink() or not name.lower().endswith(ALLOWED_SUFFIXES):
                continue
            files.append((f"{base.name}/{path.relative_to(base).as_posix()}", path.read_bytes()))
    return reproducible_zip(files)

"""Uploaded graph archives: good ones unpack and validate; malicious ones are refused whole."""

from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from ketagraph import archive, load_corpus, load_graph
from ketagraph.archive import ArchiveError, extract_graph_zip, zip_graph_folder

SHIPPED = Path(__file__).resolve().parents[1] / "graph"


def make_zip(entries: list[tuple[str, bytes] | zipfile.ZipInfo | tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for entry in entries:
            if isinstance(entry, tuple) and isinstance(entry[0], zipfile.ZipInfo):
                zf.writestr(entry[0], entry[1])
            elif isinstance(entry, tuple):
                zf.writestr(str(entry[0]), entry[1])
    return buf.getvalue()


def test_shipped_graph_round_trips_through_a_zip(tmp_path: Path) -> None:
    data = zip_graph_folder(SHIPPED)
    root = extract_graph_zip(data, tmp_path / "out")
    assert root == tmp_path / "out" / "graph"
    corpus = load_corpus(root)
    assert corpus.errors == []
    shipped = load_corpus(SHIPPED)
    assert len(corpus.claims) == len(shipped.claims) > 0
    assert {c.id for c in corpus.claims} == {c.id for c in shipped.claims}
    for rel in ("entities.yaml", "reyou-ketamine-brain/article.txt", "reyou-ketamine-brain/claims.yaml"):
        assert (root / rel).read_bytes() == (SHIPPED / rel).read_bytes()


def test_zip_of_a_folder_is_reproducible() -> None:
    assert zip_graph_folder(SHIPPED) == zip_graph_folder(SHIPPED)


def test_every_reproducible_zip_fixes_the_same_date_and_permissions(tmp_path: Path) -> None:
    # The graph folder's zip and the CSV export once used two different epochs.
    from ketagraph.export import csvzip

    G = load_graph(SHIPPED)
    for data in (zip_graph_folder(SHIPPED), csvzip.generate_csv(G), archive.reproducible_zip([("a.txt", b"x")])):
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
        assert infos and {i.date_time for i in infos} == {archive.ZIP_EPOCH} == {(1980, 1, 1, 0, 0, 0)}
        assert {(i.external_attr >> 16, i.create_system) for i in infos} == {(stat.S_IFREG | 0o644, 3)}
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "a.yaml").write_text("entities: []\n")
    first = zip_graph_folder(tmp_path / "g")
    (tmp_path / "g" / "a.yaml").touch()  # a new modification time changes nothing
    assert zip_graph_folder(tmp_path / "g") == first


def test_zip_of_a_folder_leaves_out_symlinks_and_foreign_files(tmp_path: Path) -> None:
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "a.yaml").write_text("entities: []\n")
    (tmp_path / "g" / "run.sh").write_text("echo hi\n")
    (tmp_path / "secret.txt").write_text("secret")
    (tmp_path / "g" / "link.txt").symlink_to(tmp_path / "secret.txt")
    names = zipfile.ZipFile(io.BytesIO(zip_graph_folder(tmp_path / "g"))).namelist()
    assert names == ["g/a.yaml"]


def test_flat_archive_is_its_own_graph_folder(tmp_path: Path) -> None:
    data = make_zip([("entities.yaml", b"entities: []\n"), ("more.yaml", b"claims: []\n")])
    assert extract_graph_zip(data, tmp_path / "x") == tmp_path / "x"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../evil.yaml", "entry '../evil.yaml' has an unsafe path (absolute, or with '..')"),
        ("g/../../evil.yaml", "entry 'g/../../evil.yaml' has an unsafe path (absolute, or with '..')"),
        ("/etc/evil.yaml", "entry '/etc/evil.yaml' has an unsafe path (absolute, or with '..')"),
        ("C:/evil.yaml", "entry 'C:/evil.yaml' has an unsafe path (absolute, or with '..')"),
        ("..\\evil.yaml", "entry '..\\\\evil.yaml' has an unsafe path (absolute, or with '..')"),
    ],
)
def test_zip_slip_is_refused_and_nothing_is_written(tmp_path: Path, name: str, message: str) -> None:
    data = make_zip([("g/ok.yaml", b"entities: []\n"), (name, b"claims: []\n")])
    with pytest.raises(ArchiveError) as e:
        extract_graph_zip(data, tmp_path / "out" / "x")
    assert str(e.value) == message
    assert not (tmp_path / "out" / "x").exists()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out"]


def test_symlink_entry_is_refused(tmp_path: Path) -> None:
    info = zipfile.ZipInfo("g/link.txt")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    data = make_zip([(info, b"/etc/passwd")])
    with pytest.raises(ArchiveError, match=r"entry 'g/link\.txt' is a symbolic link or special file"):
        extract_graph_zip(data, tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_foreign_file_is_refused(tmp_path: Path) -> None:
    data = make_zip([("g/a.yaml", b"entities: []\n"), ("g/tool.py", b"import os\n")])
    with pytest.raises(ArchiveError) as e:
        extract_graph_zip(data, tmp_path / "x")
    assert str(e.value) == "entry 'g/tool.py' is not part of a graph folder (allowed: .yaml, .yml, .txt, .md)"


def test_zip_bomb_by_ratio_is_refused(tmp_path: Path) -> None:
    data = make_zip([("g/bomb.txt", b"\0" * 5_000_000)])
    with pytest.raises(ArchiveError, match=r"entry 'g/bomb.txt' expands \d+-fold \(zip bomb\?\)"):
        extract_graph_zip(data, tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_total_unpacked_size_is_counted_while_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 1000)
    monkeypatch.setattr(archive, "MAX_RATIO", 10**9)
    data = make_zip([("g/a.txt", b"x" * 600), ("g/b.txt", b"y" * 600)])
    with pytest.raises(ArchiveError) as e:
        extract_graph_zip(data, tmp_path / "x")
    assert str(e.value) == "the archive unpacks to more than 1,000 bytes"
    assert not (tmp_path / "x").exists()


def test_too_many_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_ENTRIES", 3)
    data = make_zip([(f"g/{i}.yaml", b"entities: []\n") for i in range(4)])
    with pytest.raises(ArchiveError, match="the archive has 4 entries, over the limit of 3"):
        extract_graph_zip(data, tmp_path / "x")


def test_archive_too_large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_ZIP_BYTES", 10)
    with pytest.raises(ArchiveError, match="over the 10-byte limit"):
        extract_graph_zip(make_zip([("a.yaml", b"x: 1\n")]), tmp_path / "x")


def test_not_a_zip(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="not a zip archive"):
        extract_graph_zip(b"this is not a zip", tmp_path / "x")
    assert not (tmp_path / "x").exists()


def test_duplicate_entries_are_refused(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("g/a.yaml", b"entities: []\n")
        with pytest.warns(UserWarning, match="Duplicate name"):
            zf.writestr("g/a.yaml", b"claims: []\n")
    with pytest.raises(ArchiveError, match=r"entry 'g/a\.yaml' appears more than once in the archive"):
        extract_graph_zip(buf.getvalue(), tmp_path / "x")


def test_destination_must_be_empty(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "keep.txt").write_text("mine")
    with pytest.raises(ArchiveError, match="is not empty"):
        extract_graph_zip(make_zip([("a.yaml", b"x: 1\n")]), tmp_path / "x")
    assert (tmp_path / "x" / "keep.txt").read_text() == "mine"


def test_broken_graph_inside_a_good_archive_is_reported_not_raised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    data = make_zip([("g/claims.yaml", b"claims:\n  - id: x\n    subject: [\n")])
    root = extract_graph_zip(data, tmp_path / "x")
    corpus = load_corpus(root)
    assert [str(i) for i in corpus.errors] == [
        "x/g/claims.yaml:4: YAML syntax error: did not find expected node content (while parsing a flow node)"
    ]

"""output.py: atomic writes; a failure half-way leaves every previous file intact."""

from __future__ import annotations

import errno
import os
import pathlib

import pytest

from feedbuilder import output
from feedbuilder.errors import OutputError


def snapshot(folder: pathlib.Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_writes_and_skips_unchanged(tmp_path: pathlib.Path) -> None:
    """New bytes are written, identical bytes are left alone, no temporary files remain."""
    first = output.write_files({"a.xml": b"1", "sub/b.xml": b"2"}, tmp_path)
    assert first.changed == ("a.xml", "sub/b.xml")
    second = output.write_files({"a.xml": b"1", "sub/b.xml": b"3"}, tmp_path)
    assert (second.changed, second.unchanged) == (("sub/b.xml",), ("a.xml",))
    assert (tmp_path / "sub" / "b.xml").read_bytes() == b"3"
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["a.xml", "b.xml", "sub"]


def test_pieces_are_written_as_one_file_and_compared_without_joining(tmp_path: pathlib.Path) -> None:
    """A large file (the id record) may come in pieces, views into other bytes among them: it is written
    as their concatenation, and left alone, its time too, when the file already holds exactly that."""
    old = b"# header\nline one\nline two\n"
    pieces = [memoryview(old)[:9], b"line one\n", memoryview(old)[18:]]
    assert output.write_files({"ids": pieces}, tmp_path).changed == ("ids",)
    assert (tmp_path / "ids").read_bytes() == old
    before = (tmp_path / "ids").stat().st_mtime_ns
    again = output.write_files({"ids": [b"# header\n", b"line one\nline two\n"]}, tmp_path)
    assert (again.changed, again.unchanged) == ((), ("ids",))
    assert (tmp_path / "ids").stat().st_mtime_ns == before
    same_size = [b"# header\n", b"line ONE\nline two\n"]  # one byte differs, the size does not
    assert output.changed_files({"ids": same_size}, tmp_path) == ["ids"]
    output.write_files({"ids": same_size}, tmp_path)
    assert (tmp_path / "ids").read_bytes() == b"# header\nline ONE\nline two\n"


def test_disk_full_half_way_keeps_old_files(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC while writing the second file: both old files stay byte-identical, temporaries are gone."""
    output.write_files({"atom.xml": b"old atom", "rss.xml": b"old rss"}, tmp_path)
    real_fdopen = os.fdopen
    calls = []

    class FullDisk:
        def __init__(self, stream: object) -> None:
            self.stream = stream

        def __enter__(self) -> FullDisk:
            return self

        def __exit__(self, *exc: object) -> None:
            self.stream.close()  # type: ignore[attr-defined]

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd: int, mode: str = "r") -> object:
        calls.append(fd)
        stream = real_fdopen(fd, mode)
        return stream if len(calls) == 1 else FullDisk(stream)

    monkeypatch.setattr(os, "fdopen", fdopen)
    with pytest.raises(OutputError) as caught:
        output.write_files({"atom.xml": b"new atom", "rss.xml": b"new rss"}, tmp_path)
    assert "No space left on device" in str(caught.value)
    assert "the previous feeds are unchanged" in str(caught.value)
    assert snapshot(tmp_path) == {"atom.xml": b"old atom", "rss.xml": b"old rss"}


def test_rename_failure_keeps_old_files(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failing rename leaves the previous file whole and cleans up."""
    output.write_files({"rss.xml": b"old"}, tmp_path)

    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EACCES, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError):
        output.write_files({"rss.xml": b"new"}, tmp_path)
    assert snapshot(tmp_path) == {"rss.xml": b"old"}


def test_failed_rename_names_the_feed_not_the_temporary(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """os.replace errors carry the temporary's name; the message names the feed the user knows."""
    output.write_files({"rss.xml": b"old"}, tmp_path)

    def refuse(src: object, dst: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link", str(src), None, str(dst))

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OutputError) as caught:
        output.write_files({"rss.xml": b"new"}, tmp_path)
    assert str(caught.value).startswith("rss.xml: cannot write the feeds: Invalid cross-device link (")
    assert snapshot(tmp_path) == {"rss.xml": b"old"}


def test_interrupt_while_writing_leaves_no_temporary(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the second file is staged: the first file's temporary is removed too, old files intact."""
    output.write_files({"atom.xml": b"old atom", "rss.xml": b"old rss"}, tmp_path)
    real_fsync = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        output.write_files({"atom.xml": b"new atom", "rss.xml": b"new rss"}, tmp_path)
    assert snapshot(tmp_path) == {"atom.xml": b"old atom", "rss.xml": b"old rss"}


@pytest.mark.parametrize("count", [3, 40])
def test_every_file_is_on_disk_before_any_is_renamed(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, count: int
) -> None:
    """One by one or many at once: each new file's temporary is flushed, and only then are they renamed."""
    events: list[tuple[str, str]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append(("fsync", os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))))
        real_fsync(fd)

    def replace(src: str, dst: str) -> None:
        events.append(("replace", os.path.basename(src)))
        real_replace(src, dst)

    if not os.path.isdir("/proc/self/fd"):
        pytest.skip("needs /proc to name a file by its descriptor")
    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    files = {f"t{index}.xml": f"feed {index}".encode() for index in range(count)}
    output.write_files(files, tmp_path)
    kinds = [kind for kind, _ in events]
    assert kinds == ["fsync"] * count + ["replace"] * count
    assert sorted(name for kind, name in events if kind == "fsync") == sorted(
        name for kind, name in events if kind == "replace"
    )
    assert snapshot(tmp_path) == files


def test_interrupt_while_many_are_flushed_leaves_no_temporary(
    tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = {f"f{index}.xml": b"old" for index in range(30)}
    output.write_files(old, tmp_path)
    real_fsync = os.fsync
    calls = []

    def fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 7:
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(KeyboardInterrupt):
        output.write_files({name: b"new" for name in old}, tmp_path)
    assert snapshot(tmp_path) == old


WRITER = """
import pathlib, sys
from feedbuilder import output
folder = pathlib.Path(sys.argv[1])
versions = [b"A" * 3_000_000, b"B" * 3_000_000]
print("ready", flush=True)
n = 0
while True:
    output.write_files({"rss.xml": versions[n % 2], "atom.xml": versions[(n + 1) % 2]}, folder)
    n += 1
"""


def test_killed_mid_write_never_leaves_a_partial_file(tmp_path: pathlib.Path) -> None:
    """SIGKILL at any moment of a write loop: each feed file is a complete old or new version."""
    import signal
    import subprocess
    import sys
    import time

    complete = {b"A" * 3_000_000, b"B" * 3_000_000}
    for delay in (0.05, 0.13, 0.21, 0.34, 0.55):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)], stdout=subprocess.PIPE)
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        for name in ("rss.xml", "atom.xml"):
            path = tmp_path / name
            assert not path.exists() or path.read_bytes() in complete, f"{name} is partial after a kill"

"""A build that dies, however it dies, leaves no process and no temporary file behind."""

from __future__ import annotations

import contextlib
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from feedbuilder import output
from feedbuilder.cli.commands import cli

from conftest import SiteFolder, files, generated_site

pytestmark = pytest.mark.skipif(not pathlib.Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")


def _group_members(group: int) -> list[int]:
    """Processes (not zombies) whose process group is ``group``."""
    found = []
    for entry in pathlib.Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            found.append(int(entry.name))
    return found


@pytest.fixture(scope="module")
def big_site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """A generated site large enough that its build forks reader workers (800 articles)."""
    return generated_site(tmp_path_factory.mktemp("big"), 800).parent


@pytest.mark.parametrize("moment", [0.4, 0.8, 1.2, 1.8])
def test_sigkill_leaves_no_worker(big_site: pathlib.Path, tmp_path: pathlib.Path, moment: float) -> None:
    """SIGKILL to the build (only the build, as the OOM killer sends it) at several moments: within a
    second no process of its group is left (forked workers used to block for ever on a pipe)."""
    site = tmp_path / "site"
    shutil.copytree(big_site, site)
    command = [sys.executable, "-m", "feedbuilder", "build", "--no-cache", "--quiet"]
    child = subprocess.Popen(
        command, cwd=site, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    time.sleep(moment)
    finished = child.poll() is not None
    os.kill(child.pid, signal.SIGKILL) if not finished else None
    child.wait()
    deadline = time.monotonic() + 1.0
    while (left := _group_members(child.pid)) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in left:  # not to leave them to the next test
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"processes of the killed build still running after a second (killed at {moment} s)"
    assert not list((site / "public").rglob("*.tmp")) or not finished
    ran = subprocess.run(command, cwd=site, capture_output=True, text=True, timeout=120, check=False)
    assert ran.returncode == 0, ran.stderr
    assert list((site / "public").rglob("*.tmp")) == []  # the next build removes what the killed one left


# ---------------------------------------------------------------- failures while writing


POST = "---\ntitle: {title}\ndate: 2026-01-0{day}\n---\n{body}\n"


def _build() -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.fixture
def small_disk(tmp_path: pathlib.Path) -> Iterator[pathlib.Path]:
    """A 512 KB tmpfs (mounting needs root; skipped elsewhere)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], capture_output=True, check=False
    )
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_disk_full_under_the_feeds(folder: SiteFolder, small_disk: pathlib.Path) -> None:
    """Output on a full file system: one message naming the file, exit 1, no traceback, the previous feeds
    byte-identical and no temporary file left."""
    folder.configure(f"output: {small_disk / 'public'}\n")
    folder.article("a.md", POST.format(title="One", day=1, body="Short."))
    assert _build()[0] == 0
    before = files(small_disk)
    folder.article("b.md", POST.format(title="Two", day=2, body="Long text, long text, long text.\n" * 20_000))
    code, err = _build()
    assert code == 1
    (line,) = err.strip().splitlines()
    assert line.startswith("disk/public/")
    assert ": cannot write the feeds: No space left on device (" in line
    assert line.endswith("the previous feeds are unchanged)")
    assert files(small_disk) == before


def test_disk_full_under_the_whole_site(
    tmp_path: pathlib.Path, small_disk: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Config, articles, caches (the sqlite render cache too) and id record on a full file system: exit 1
    with messages naming paths, never a traceback; the articles are untouched."""
    monkeypatch.chdir(small_disk)
    site = SiteFolder(small_disk)
    site.article("a.md", POST.format(title="One", day=1, body="Short."))
    assert _build()[0] == 0
    filler = small_disk / "filler"
    handle = os.open(filler, os.O_WRONLY | os.O_CREAT)
    with contextlib.suppress(OSError):  # fill the disk, then give a little back
        while True:
            os.write(handle, b"x" * 4096)
    os.close(handle)
    os.truncate(filler, filler.stat().st_size - 16 * 4096)
    site.article("b.md", POST.format(title="Two", day=2, body="Some more words. " * 3000))
    code, err = _build()
    assert "Traceback" not in err
    assert code == 1, err
    assert "No space left on device" in err or "database or disk is full" in err
    assert (small_disk / "articles" / "a.md").read_text().startswith("---\ntitle: One")


def test_a_failed_rename_puts_back_what_it_replaced(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The third rename fails: the two files already replaced are put back, the new one removed, and the
    message says so (it used to say "unchanged" after replacing 8 files)."""
    output.write_files({"a.xml": b"old a", "b.xml": b"old b"}, tmp_path)
    real_replace = os.replace
    renames = []

    def replace(source: object, target: object) -> None:
        renames.append(target)
        if len(renames) == 3:
            raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(output.OutputError) as caught:
        output.write_files({"a.xml": b"new a", "b.xml": b"new b", "c.xml": b"new c"}, tmp_path)
    assert "every file replaced was put back: the previous feeds are unchanged" in str(caught.value)
    assert files(tmp_path) == {"a.xml": b"old a", "b.xml": b"old b"}


def test_files_that_cannot_be_put_back_are_named(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """When putting back fails too, the message names exactly the files that are this build's."""
    output.write_files({"a.xml": b"old a", "b.xml": b"old b"}, tmp_path)
    real_replace = os.replace
    calls = []

    def replace(source: object, target: object) -> None:
        calls.append(target)
        if len(calls) >= 2:
            raise OSError(5, "Input/output error")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(output.OutputError) as caught:
        output.write_files({"a.xml": b"new a", "b.xml": b"new b"}, tmp_path)
    assert "these files are already this build's, the rest are as before: a.xml" in str(caught.value)
    assert files(tmp_path) == {"a.xml": b"new a", "b.xml": b"old b"}


def test_an_id_record_that_cannot_be_written_leaves_the_feeds_as_they_were(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The id record is put in place with the feeds, last: when it fails, the feeds already renamed are
    put back (a failed record write used to claim the feeds were unchanged after changing them)."""
    folder.article("a.md", POST.format(title="One", day=1, body="Short."))
    assert _build()[0] == 0
    before = files(folder.root / "public")
    record = (folder.root / "feedbuilder.ids").read_bytes()
    real_replace = os.replace

    def replace(source: object, target: object) -> None:
        if str(target).endswith("feedbuilder.ids"):
            raise OSError(28, "No space left on device")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)
    folder.article("b.md", POST.format(title="Two", day=2, body="More."))
    code, err = _build()
    assert code == 1
    assert err.strip() == (
        "feedbuilder.ids: cannot write the feeds: No space left on device (check the folder exists, is writable "
        "and the disk has space; every file replaced was put back: the previous feeds are unchanged)"
    )
    assert files(folder.root / "public") == before
    assert (folder.root / "feedbuilder.ids").read_bytes() == record
    assert [path.name for path in folder.root.rglob("*.fb-*")] == []


def test_a_killed_builds_temporaries_are_removed_by_the_next(folder: SiteFolder) -> None:
    """Temporary files named as feedbuilder names them, of a process no longer running, go; anything else stays."""
    folder.article("a.md", POST.format(title="One", day=1, body="Short."))
    assert _build()[0] == 0
    public = folder.root / "public"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    leftovers = [public / f".rss.xml.fb-{dead.pid}-abc123.tmp", public / f".atom.xml.fb-{dead.pid}-x_9.old"]
    foreign = [public / ".rss.xml.abcdef.tmp", public / f".rss.xml.fb-{os.getpid()}x.tmp", public / "notes.tmp"]
    for path in leftovers + foreign:
        path.write_bytes(b"partial")
    folder.article("b.md", POST.format(title="Two", day=2, body="More."))
    assert _build()[0] == 0
    assert [path for path in leftovers if path.exists()] == []
    assert [path for path in foreign if path.exists()] == foreign


def test_a_page_in_place_of_a_feed_is_refused_before_writing(folder: SiteFolder) -> None:
    """pages: true and an article whose url is /rss.xml/: its page would need rss.xml to be a folder.
    An error before anything is written; later builds still work once it is fixed."""
    folder.configure("pages: true\n")
    folder.article("a.md", POST.format(title="One", day=1, body="Short."))
    assert _build()[0] == 0
    before = files(folder.root / "public")
    folder.article("b.md", "---\ntitle: Two\ndate: 2026-01-02\nurl: /rss.xml/\n---\nBody.\n")
    code, err = _build()
    assert code == 1
    assert err.strip() == (
        "articles/b.md: url: its page rss.xml/index.html would take the place of the output file or folder "
        "rss.xml (give the article another 'url' or 'slug')"
    )
    assert files(folder.root / "public") == before
    folder.article("b.md", "---\ntitle: Two\ndate: 2026-01-02\n---\nBody.\n")
    assert _build()[0] == 0


def test_the_render_cache_on_a_full_disk_is_an_os_error(small_disk: pathlib.Path) -> None:
    """sqlite's "database or disk is full" comes out as an OSError (which the build turns into a
    warning naming the file), never a sqlite3 traceback; no temporary database stays."""
    from feedbuilder.incremental import kept_bodies

    path = small_disk / ".feedbuilder" / kept_bodies.FILE_NAME
    with pytest.raises(OSError, match="full"):
        kept_bodies.save(path, {f"key{index}": ("summary " * 50, "<p>body</p>" * 50) for index in range(2000)})
    assert [p.name for p in path.parent.iterdir()] == [".gitignore"]

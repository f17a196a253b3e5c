"""lastbuild.py: a build with nothing to do stops early, and only when its files are exactly a full build's.

Each scenario changes one thing the output depends on, then builds with the
record (warm) and, in a copy made just before, with ``--no-cache`` (cold): the
warm build must not stop early, and both must write the same bytes.  A build
that does stop early must leave every file as it was and say what the full
build said.
"""

from __future__ import annotations

import datetime
import json
import os
import pathlib
import subprocess
import time
from collections.abc import Callable

import pytest
from click.testing import Result

from feedbuilder import build as pipeline
from feedbuilder.incremental import fingerprint, lastbuild
from feedbuilder.sources import cards

from conftest import build_like_cold, files
from conftest import run_build as build

RECORD = pathlib.Path(".feedbuilder") / "last-build.json"
CONFIG = """title: Harbour Notes
url: https://harbour.example.org/
description: Notes from the harbour office.
timezone: Europe/Berlin
id_authority: harbour.example.org,2026
"""
ARTICLE = "---\ntitle: {title}\ndate: 2026-10-{day:02d} 09:30\ntags: [ferries]\n---\nThe {title} story.\n"


@pytest.fixture
def site(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """Three articles; built once, so that the record exists; every file already settled."""
    root = tmp_path / "site"
    (root / "articles").mkdir(parents=True)
    (root / "feedbuilder.yaml").write_text(CONFIG, encoding="utf-8")
    for day, title in ((1, "Ferry timetable"), (2, "Quay repairs"), (3, "Harbour fete")):
        (root / "articles" / f"story-{day}.md").write_text(ARTICLE.format(title=title, day=day), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC).timestamp())))
    monkeypatch.setattr(fingerprint, "now_ns", lambda: time.time_ns() + 3600 * 10**9)  # files look settled
    monkeypatch.chdir(root)
    assert build().exit_code == 0
    assert (root / RECORD).is_file()
    return root


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Articles read afresh in brief (for their cards) from now on by builds of the site, not by the cold
    reference builds; articles read again in full to render a feed that carries a changed one are not counted."""
    seen: list[str] = []
    original = cards.read_card

    def counting(file, *, site):  # type: ignore[no-untyped-def]
        if not pathlib.Path.cwd().name.endswith("-cold"):
            seen.append(file.source)
        return original(file, site=site)

    monkeypatch.setattr(cards, "read_card", counting)
    return seen


@pytest.fixture
def full_builds(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """One entry for each build of the site (not of a cold reference) that ran the pipeline."""
    ran: list[str] = []
    original = pipeline.build

    def counting(site, options):  # type: ignore[no-untyped-def]
        if not pathlib.Path.cwd().name.endswith("-cold"):
            ran.append(site.title)
        return original(site, options)

    monkeypatch.setattr(pipeline, "build", counting)
    return ran


def stats(folder: pathlib.Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.rglob("*")}


def full_build_like_cold(root: pathlib.Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    """Build with the record: it must not stop early, and must write what a cold build of a copy writes."""
    return build_like_cold(root, monkeypatch, *args, build=build)


def stopped_early(root: pathlib.Path, reads: list[str], *args: str) -> Result:
    """A build that must stop early: nothing read, every file left exactly as it was."""
    before, record = stats(root / "public"), (root / "feedbuilder.ids").stat().st_mtime_ns
    reads.clear()
    result = build(*args)
    assert result.exit_code == 0, result.stderr
    assert reads == []
    assert stats(root / "public") == before
    assert (root / "feedbuilder.ids").stat().st_mtime_ns == record
    return result


def test_nothing_changed_stops_early_and_says_what_the_build_said(site: pathlib.Path, reads: list[str]) -> None:
    full = build("--no-cache")
    result = stopped_early(site, reads)
    summary = result.stderr.splitlines()[-1]
    assert summary.startswith("feedbuilder: 3 articles, 9 feed files; wrote 0 of ")
    assert summary.split(" wrote ")[0] == full.stderr.splitlines()[-1].split(" wrote ")[0]


def test_check_stops_early_with_nothing_pending(site: pathlib.Path, reads: list[str]) -> None:
    result = stopped_early(site, reads, "--check")
    assert result.stderr.splitlines()[-1] == "feedbuilder: 0 files would change"


def test_warnings_are_said_again(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]) -> None:
    config = site / "feedbuilder.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("id_authority: harbour.example.org,2026\n", ""))
    full = full_build_like_cold(site, monkeypatch)
    assert "warning: id_authority:" in full.stderr
    again = stopped_early(site, reads)
    assert again.stderr.splitlines()[:-1] == full.stderr.splitlines()[:-1]
    assert stopped_early(site, reads, "--quiet").stderr == ""


def _edit(site: pathlib.Path) -> None:
    story = site / "articles" / "story-2.md"
    story.write_text(story.read_text(encoding="utf-8").replace("story.", "story, revised."), encoding="utf-8")


def _same_size_edit(site: pathlib.Path) -> None:
    story = site / "articles" / "story-2.md"
    data, before = story.read_bytes(), story.stat()
    story.write_bytes(data.replace(b"Quay repairs", b"Quay rebuilt"))
    os.utime(story, ns=(before.st_atime_ns, before.st_mtime_ns))  # only its ctime shows the edit


def _append(path: pathlib.Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _foreign_record(site: pathlib.Path) -> None:
    data = json.loads((site / RECORD).read_bytes())
    (site / RECORD).write_text(json.dumps({**data, "kind": "something else"}), encoding="utf-8")


CHANGES: dict[str, Callable[[pathlib.Path], object]] = {
    "edit": _edit,
    "same-size-edit": _same_size_edit,
    "add": lambda site: (site / "articles" / "story-4.md").write_text(ARTICLE.format(title="Lighthouse", day=4)),
    "delete": lambda site: (site / "articles" / "story-2.md").unlink(),
    "rename": lambda site: (site / "articles" / "story-2.md").rename(site / "articles" / "quay.md"),
    "config": lambda site: _append(site / "feedbuilder.yaml", "limit: 2\n"),
    "id-record": lambda site: _append(site / "feedbuilder.ids", "# a comment\n"),
    "output-deleted": lambda site: (site / "public" / "atom.xml").unlink(),
    # written again (another stat), its bytes as feedbuilder wrote them: a file edited otherwise is not
    # replaced (tests/test_ownership.py)
    "output-rewritten": lambda site: (site / "public" / "rss.xml").write_bytes(
        (site / "public" / "rss.xml").read_bytes()
    ),
    "record-garbage": lambda site: (site / RECORD).write_bytes(b"\x00garbage{"),
    "record-foreign": _foreign_record,
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_any_change_builds_in_full(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str], full_builds: list[str], change: str
) -> None:
    CHANGES[change](site)
    reads.clear()
    warm = full_build_like_cold(site, monkeypatch)
    assert full_builds == ["Harbour Notes"]
    damaged = [line for line in warm.stderr.splitlines() if line.startswith(".feedbuilder/last-build.json:")]
    assert len(damaged) == (1 if change.startswith("record-") else 0), warm.stderr
    if change in {"edit", "same-size-edit", "add"}:
        assert len(reads) == 1
    stopped_early(site, reads)  # recorded again: the next build has nothing to do


def test_a_record_that_cannot_be_read_is_said_every_build(
    site: pathlib.Path, reads: list[str], full_builds: list[str]
) -> None:
    """A folder where the record should be: each build runs in full and says why, not silently slow."""
    before = files(site / "public")
    (site / RECORD).unlink()
    (site / RECORD).mkdir()
    for count in (1, 2):
        result = build()
        assert result.exit_code == 0, result.stderr
        assert full_builds == ["Harbour Notes"] * count
        assert [line for line in result.stderr.splitlines() if line.startswith(".feedbuilder/last-build.json:")] == [
            ".feedbuilder/last-build.json: warning: the record of the last build cannot be read (Is a directory);"
            " ignored and rebuilt (nothing to do; delete .feedbuilder/ if this repeats)"
        ]
    assert files(site / "public") == before
    (site / RECORD).rmdir()
    assert build().exit_code == 0
    stopped_early(site, reads)


def test_other_options_or_code_build_in_full(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str], full_builds: list[str]
) -> None:
    full_build_like_cold(site, monkeypatch, "--keep-going")
    assert full_builds == ["Harbour Notes"]
    stopped_early(site, reads, "--keep-going")
    monkeypatch.setattr(fingerprint, "code_digest", lambda: "edited")
    full_build_like_cold(site, monkeypatch, "--keep-going")
    assert full_builds == ["Harbour Notes"] * 2


def test_a_coarse_clock_cannot_hide_a_recent_edit(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """A file edited just before a build is recorded with its hash: an edit the stat cannot show is still seen."""
    monkeypatch.setattr(fingerprint, "now_ns", time.time_ns)  # the real clock: the files were written just now
    real = fingerprint.stat_of
    frozen: dict[str, fingerprint.Stat] = {}

    def coarse(path: pathlib.Path | str) -> fingerprint.Stat | None:
        found = real(path)
        if found is None:
            return None
        first = frozen.setdefault(str(path), found)
        return (found[0], found[1], found[2], first[3], first[4])  # the clock never ticked

    monkeypatch.setattr(fingerprint, "stat_of", coarse)
    (site / RECORD).unlink()
    (site / ".feedbuilder" / "cards").unlink()  # its cards were kept under the fixture's clock
    build()  # the files were written a moment ago: not settled, so the record keeps their hashes
    recorded = json.loads((site / RECORD).read_bytes())
    assert (
        sorted(recorded["recent"])
        == sorted(recorded["inputs"].split("\x00"))
        == ["story-1.md", "story-2.md", "story-3.md"]
    )
    story = site / "articles" / "story-2.md"
    story.write_bytes(story.read_bytes().replace(b"Quay repairs", b"Quay rebuilt"))
    reads.clear()
    full_build_like_cold(site, monkeypatch)
    assert reads == ["story-2.md"]
    assert b"Quay rebuilt" in (site / "public" / "rss.xml").read_bytes()


def test_time_passing_a_future_article_builds_in_full(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    (site / "articles" / "later.md").write_text(ARTICLE.format(title="Regatta", day=20), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime(2026, 10, 10, tzinfo=datetime.UTC).timestamp())))
    full_build_like_cold(site, monkeypatch)
    assert b"Regatta" not in (site / "public" / "rss.xml").read_bytes()
    stopped_early(site, reads)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime(2026, 10, 25, tzinfo=datetime.UTC).timestamp())))
    full_build_like_cold(site, monkeypatch)
    assert b"Regatta" in (site / "public" / "rss.xml").read_bytes()


def test_clock_set_back_before_the_newest_article_builds_in_full(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime.datetime(2026, 10, 2, tzinfo=datetime.UTC).timestamp())))
    full_build_like_cold(site, monkeypatch)
    assert b"Harbour fete" not in (site / "public" / "rss.xml").read_bytes()


def test_errors_are_never_skipped(site: pathlib.Path) -> None:
    (site / "articles" / "bad.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    for _ in range(2):
        result = build("--keep-going")
        assert result.exit_code == 1
        assert "bad.md" in result.stderr
    assert not (site / RECORD).exists()


def test_no_cache_never_stops_early(site: pathlib.Path, reads: list[str]) -> None:
    reads.clear()
    assert build("--no-cache").exit_code == 0
    assert len(reads) == 3


def test_installing_a_library_changes_the_key(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """pip adds or removes a package's metadata folder: the site-packages folder's time stamp moves."""
    packages = tmp_path / "lib" / "site-packages"
    packages.mkdir(parents=True)
    monkeypatch.setattr("sys.path", [str(packages)])
    before = fingerprint.installed()
    os.utime(packages, ns=(1, 1))
    assert fingerprint.installed() != before
    settled = fingerprint.installed()
    (packages / "nh3-9.9.dist-info").mkdir()
    assert fingerprint.installed() != settled


def test_settled_folders_are_not_listed_again(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    """With no folder changed since it was listed, only the files' stats are taken; a change in any
    folder (a new file deep down) makes the check list the folders again and build in full."""
    listed: list[int] = []
    original = lastbuild.article_paths

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        listed.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(lastbuild, "article_paths", counting)
    stopped_early(site, reads)
    assert listed == []
    deep = site / "articles" / "2026" / "10"
    deep.mkdir(parents=True)
    (deep / "regatta.md").write_text(ARTICLE.format(title="Regatta", day=5), encoding="utf-8")
    full_build_like_cold(site, monkeypatch)
    assert listed
    assert b"Regatta" in (site / "public" / "rss.xml").read_bytes()
    listed.clear()
    (deep / "regatta.md").rename(deep / "regatta-day.md")  # only the deepest folder changes
    full_build_like_cold(site, monkeypatch)
    assert listed
    assert b"regatta-day" in (site / "feedbuilder.ids").read_bytes()


def test_folders_changed_just_before_a_build_are_listed_next_time(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, reads: list[str]
) -> None:
    monkeypatch.setattr(fingerprint, "now_ns", time.time_ns)  # the real clock: the folder changed just now
    (site / "articles" / "story-5.md").write_text(ARTICLE.format(title="Buoys", day=5), encoding="utf-8")
    full_build_like_cold(site, monkeypatch)
    assert json.loads((site / RECORD).read_bytes())["folders"] is None


def test_an_enclosure_with_its_length_given_does_not_stop_recording(site: pathlib.Path, reads: list[str]) -> None:
    story = site / "articles" / "story-1.md"
    given = "enclosure: {url: /media/talk.mp3, length: 1200, type: audio/mpeg}\n"
    story.write_text(story.read_text(encoding="utf-8").replace("tags:", given + "tags:", 1), encoding="utf-8")
    assert build().exit_code == 0
    stopped_early(site, reads)


def test_an_enclosure_measured_on_disk_is_looked_at_every_time(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, full_builds: list[str]
) -> None:
    """Its length is the size of a file beside the article, which the record does not watch."""
    story = site / "articles" / "story-1.md"
    local = "enclosure: {url: talk.mp3, type: audio/mpeg}\n"
    story.write_text(story.read_text(encoding="utf-8").replace("tags:", local + "tags:", 1), encoding="utf-8")
    (site / "articles" / "talk.mp3").write_bytes(b"x" * 1200)
    assert build().exit_code == 0
    assert not (site / RECORD).exists()
    (site / "articles" / "talk.mp3").write_bytes(b"x" * 3400)
    full_build_like_cold(site, monkeypatch)
    assert b'length="3400"' in (site / "public" / "rss.xml").read_bytes()
    assert full_builds == ["Harbour Notes"] * 2


def test_dates_from_git_are_looked_at_every_time(site: pathlib.Path) -> None:
    """An undated article takes the date of the commit that added it: a commit moves no file's stat."""
    subprocess.run(["git", "init", "-q"], cwd=site, check=True)
    (site / "articles" / "undated.md").write_text("---\ntitle: Undated\n---\nNo date here.\n", encoding="utf-8")
    git = ["git", "-c", "user.name=T", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "add", "articles"], cwd=site, check=True)
    env = {**os.environ, "GIT_AUTHOR_DATE": "2026-10-09T10:00:00Z", "GIT_COMMITTER_DATE": "2026-10-09T10:00:00Z"}
    subprocess.run([*git, "commit", "-qm", "add"], cwd=site, check=True, env=env)
    assert build().exit_code == 0
    assert b"Undated" in (site / "public" / "rss.xml").read_bytes()
    assert not (site / RECORD).exists()

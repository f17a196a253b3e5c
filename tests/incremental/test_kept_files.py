"""kept_files.py: a build renders only the feed files whose inputs changed; the rest come from disk unchanged.

Every scenario compares with a cold build (``--no-cache``) of a copy of the
site: same bytes, same problem lines.
"""

from __future__ import annotations

import dataclasses
import datetime
import pathlib

import pytest
from click.testing import Result

from feedbuilder import build as pipeline
from feedbuilder.incremental import kept_files, lastbuild
from feedbuilder.render import plan

from conftest import build_like_cold as like_cold
from conftest import make_article
from conftest import run_build as build

CONFIG = """title: Harbour Notes
url: https://harbour.example.org/
description: Notes from the harbour office.
timezone: Europe/Berlin
id_authority: harbour.example.org,2026
"""
ARTICLE = "---\ntitle: {title}\ndate: 2026-10-{day:02d} 09:30\ntags: [{tag}]\n---\nThe {title} story.\n"


@pytest.fixture
def site(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    root = tmp_path / "site"
    (root / "articles").mkdir(parents=True)
    (root / "feedbuilder.yaml").write_text(CONFIG, encoding="utf-8")
    for day, tag in enumerate(["ferries", "ferries", "quay", "fete"], start=1):
        text = ARTICLE.format(title=f"Story {day}", day=day, tag=tag)
        (root / "articles" / f"story-{day}.md").write_text(text, encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1793491200")  # 2026-11-01
    monkeypatch.setattr(lastbuild, "check", _never_stop_early(lastbuild.check))  # this is about the feeds
    monkeypatch.chdir(root)
    assert build().exit_code == 0
    return root


def _never_stop_early(check):  # type: ignore[no-untyped-def]
    def without_outcome(*args, **kwargs):  # type: ignore[no-untyped-def]
        found = check(*args, **kwargs)
        found.outcome = None
        return found

    return without_outcome


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The feed files rendered (not taken from disk) by builds of the site, not of the cold copies."""
    seen: list[str] = []
    for name, form in list(pipeline.FORMATS.items()):

        def counting(feed, render=form.render, name=name):  # type: ignore[no-untyped-def]
            if not pathlib.Path.cwd().name.endswith("-cold"):
                seen.append(f"{feed.path}{name}")
            return render(feed)

        monkeypatch.setitem(pipeline.FORMATS, name, pipeline.Format(form.file_name, form.media_type, counting))
    return seen


def build_like_cold(root: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> Result:
    """conftest.build_like_cold with the last build's record left in place (the check never stops early here)."""
    return like_cold(root, monkeypatch, build=build)


def test_unchanged_site_renders_no_feed(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, rendered: list) -> None:
    build_like_cold(site, monkeypatch)
    assert rendered == []


def test_edit_renders_only_the_feeds_that_carry_the_article(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, rendered: list[str]
) -> None:
    path = site / "articles" / "story-3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("story.", "story, revised."), encoding="utf-8")
    build_like_cold(site, monkeypatch)
    assert sorted(rendered) == sorted(
        f"{folder}{name}" for folder in ("", "tags/quay/", "authors/harbour-notes/") for name in ("rss", "atom", "json")
    )


def test_edited_or_deleted_output_is_rendered_again(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, rendered: list[str]
) -> None:
    (site / "public" / "tags" / "fete" / "rss.xml").write_bytes(b"<rss>stale</rss>")
    (site / "public" / "tags" / "quay" / "feed.json").unlink()
    build_like_cold(site, monkeypatch)
    assert sorted(rendered) == ["tags/fete/rss", "tags/quay/json"]


def test_budget_warnings_are_said_again_for_kept_files(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, rendered: list[str]
) -> None:
    for day in (1, 2, 3):
        with (site / "articles" / f"story-{day}.md").open("a", encoding="utf-8") as stream:
            stream.write("\nA long paragraph about tides and timetables. " * 120)
    config = site / "feedbuilder.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "max_bytes: 10000\n", encoding="utf-8")
    first = build_like_cold(site, monkeypatch)
    assert "carries its summary instead of its full text" in first.stderr
    rendered.clear()
    again = build_like_cold(site, monkeypatch)
    assert rendered == []
    assert again.stderr.splitlines()[:-1] == first.stderr.splitlines()[:-1]


def test_damaged_record_renders_everything(
    site: pathlib.Path, monkeypatch: pytest.MonkeyPatch, rendered: list[str]
) -> None:
    damaged = b'{"kind": "feedbuilder-feed-files", "schema": %d, "files": 7}' % kept_files.SCHEMA
    (site / ".feedbuilder" / "feeds.json").write_bytes(damaged)
    warm = build_like_cold(site, monkeypatch)
    assert len(rendered) == 15
    assert ".feedbuilder/feeds.json: warning: the record of feed files cannot be used" in warm.stderr
    rendered.clear()
    assert "feeds.json" not in build_like_cold(site, monkeypatch).stderr  # rebuilt: said once
    assert rendered == []


def test_kept_feed_keeps_its_file_untouched(site: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files taken from disk are not rewritten: servers' ETag and Last-Modified stay valid."""
    before = (site / "public" / "tags" / "fete" / "atom.xml").stat()
    path = site / "articles" / "story-1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("story.", "story, revised."), encoding="utf-8")
    build_like_cold(site, monkeypatch)
    after = (site / "public" / "tags" / "fete" / "atom.xml").stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_every_field_an_article_shows_is_in_its_key() -> None:
    """A change to any field of an article but the explanation of where fields came from changes its key."""
    base = make_article()
    key = plan.article_digest(base)
    assert plan.article_digest(dataclasses.replace(base, origins={"date": "git"})) == key
    changed = {
        "title": "Another title",
        "body_utf8": base.body_utf8 + b"!",
        "tags": ("one", "two"),
        "draft": not base.draft,
        "image": "https://lakeside.example.org/x.jpg",
        "updated": base.updated + datetime.timedelta(seconds=1),
    }
    for name, value in changed.items():
        assert plan.article_digest(dataclasses.replace(base, **{name: value})) != key, name
    # the parts are told apart by their lengths: text moved from one field to the next is another article
    assert plan.article_digest(dataclasses.replace(base, title="ab", url="c")) != plan.article_digest(
        dataclasses.replace(base, title="a", url="bc")
    )

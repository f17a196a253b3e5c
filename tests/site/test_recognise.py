"""Renamed and edited articles recognised by the rule of recognise.py, or the build stopped: never a silent new id."""

from __future__ import annotations

import pathlib
import time

import feedparser
import pytest
from click.testing import CliRunner

from feedbuilder.cli.commands import cli
from feedbuilder.site import recognise
from feedbuilder.sources.likeness import sketch

from conftest import SiteFolder, read_items

PARAGRAPHS = [
    "The harbour board voted on Tuesday to reopen the north quay after two years of repairs.",
    "Fishing boats will moor there again from the first of May, the board's chair said.",
    "The repairs cost four million and were paid for by the port and the regional council.",
    "Residents asked for the quay's old crane to be kept, and the board agreed to restore it.",
    "A festival on the quay is planned for the weekend after it opens, with music and a market.",
]


def story(title: str, *, date: str | None = "2026-03-01", paragraphs: list[str] | None = None) -> str:
    head = f"title: {title}\n" + (f"date: {date}\n" if date else "")
    return f"---\n{head}---\n" + "\n\n".join(paragraphs or PARAGRAPHS) + "\n"


def build(monkeypatch: pytest.MonkeyPatch, epoch: int = 1_780_000_000) -> tuple[int, str]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    result = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    return result.exit_code, result.stderr


def ids(folder: SiteFolder) -> dict[str, set[str]]:
    """Each format's item ids."""
    return {
        name: {item["id"] for item in read_items(folder.root / "public" / name)}
        for name in ("rss.xml", "atom.xml", "feed.json")
    }


def move(folder: SiteFolder, old: str, new: str, text: str) -> None:
    (folder.root / "articles" / old).unlink()
    folder.article(new, text)


EDITED = [PARAGRAPHS[0].replace("Tuesday", "Monday"), *PARAGRAPHS[1:3], PARAGRAPHS[4]]


@pytest.mark.parametrize(
    ("step", "text", "clues"),
    [
        ("title and rename", story("North quay to reopen in May"), "same body and same date"),
        ("title and rename, undated", story("North quay to reopen in May", date=None), "same body"),
        ("edit and rename", story("Harbour quay reopens", paragraphs=EDITED), "most of its body, same title"),
        ("edit, title and rename", story("North quay reopens", paragraphs=EDITED), "most of its body and same date"),
    ],
)
def test_an_article_renamed_and_changed_keeps_its_id_in_every_format(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch, step: str, text: str, clues: str
) -> None:
    """Renamed together with a new title, an edit or both: the same id in RSS, Atom and JSON Feed, said."""
    undated = "undated" in step
    now = int(time.time()) + 10 if undated else 1_780_000_000  # the file's time is its date: not in the future
    folder.article("quay.md", story("Harbour quay reopens", date=None if undated else "2026-03-01"))
    assert build(monkeypatch, now)[0] == 0
    before = ids(folder)
    move(folder, "quay.md", "news/north-quay.md", text)
    code, err = build(monkeypatch, now + 100)
    assert code == 0, err
    assert f"articles/news/north-quay.md: warning: id: was quay.md ({clues}" in err
    assert ids(folder) == before == {name: {"tag:example.org,2026:quay"} for name in before}
    titles = {e.title for e in feedparser.parse((folder.root / "public" / "atom.xml").read_bytes()).entries}
    assert titles == {text.split("title: ")[1].split("\n", maxsplit=1)[0]}


def test_an_article_edited_retitled_and_renamed_without_a_date_stops_the_build(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only most of the body in common: a likely rename, stopped with both paths and the line to add."""
    now = int(time.time()) + 10  # the file's time is its date: not in the future
    folder.article("quay.md", story("Harbour quay reopens", date=None))
    assert build(monkeypatch, now)[0] == 0
    move(folder, "quay.md", "north.md", story("North quay reopens", date=None, paragraphs=EDITED))
    code, err = build(monkeypatch, now + 100)
    assert code == 1
    assert (
        "articles/north.md: id: looks like quay.md moved or renamed, which subscribers know as "
        "tag:example.org,2026:quay (to keep that id add 'id: tag:example.org,2026:quay' to its front matter; "
        "if it is a new article, delete the line of quay.md from feedbuilder.ids)"
    ) in err.splitlines()


def test_delete_and_create_another_article_is_a_new_one(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing in common with the deleted article: a new id, no message."""
    folder.article("quay.md", story("Harbour quay reopens"))
    build(monkeypatch)
    other = ["Library hours change in winter, the council said, from the first of November on."]
    move(folder, "quay.md", "library.md", story("Library hours", date="2026-03-05", paragraphs=other))
    code, err = build(monkeypatch, 1_780_000_100)
    assert code == 0 and [line.split(",")[0] for line in err.splitlines()] == ["feedbuilder: 1 article"]
    assert ids(folder)["atom.xml"] == {"tag:example.org,2026:library"}


@pytest.mark.parametrize("how", ["split", "copy"])
def test_two_files_that_are_one_published_article_stop_the_build(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    """A split (each half with the date) or a copy and a rename: two candidates, never one guessed."""
    folder.article("quay.md", story("Harbour quay reopens"))
    build(monkeypatch)
    (folder.root / "articles" / "quay.md").unlink()
    if how == "split":
        folder.article("quay-1.md", story("Quay reopens, part one", paragraphs=PARAGRAPHS[:3]))
        folder.article("quay-2.md", story("Quay reopens, part two", paragraphs=PARAGRAPHS[2:]))
    else:
        folder.article("quay-1.md", story("Harbour quay reopens"))
        folder.article("quay-2.md", story("Harbour quay reopens"))
    code, err = build(monkeypatch, 1_780_000_100)
    assert code == 1
    assert (
        "articles/quay-1.md: id: and articles/quay-2.md both look like quay.md, which subscribers know as "
        "tag:example.org,2026:quay (add 'id: tag:example.org,2026:quay' to the front matter of the one that is "
        "that article; if none is, delete the line of quay.md from feedbuilder.ids)"
    ) in err.splitlines()
    text = (folder.root / "articles" / "quay-2.md").read_text()
    folder.article("quay-2.md", text.replace("---\ntitle", "---\nid: tag:example.org,2026:quay\ntitle"))
    assert build(monkeypatch, 1_780_000_200)[0] == 0
    assert ids(folder)["atom.xml"] == {"tag:example.org,2026:quay", "tag:example.org,2026:quay-1"}


def test_a_file_like_two_published_articles_stops_the_build(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two articles merged into one file that has the body of both: both lines named."""
    folder.article("a.md", story("Quay", paragraphs=PARAGRAPHS[:3]))
    folder.article("b.md", story("Quay", paragraphs=PARAGRAPHS[:3]))
    build(monkeypatch)
    (folder.root / "articles" / "a.md").unlink()
    (folder.root / "articles" / "b.md").unlink()
    folder.article("c.md", story("Quay", paragraphs=PARAGRAPHS[:3]))
    code, err = build(monkeypatch, 1_780_000_100)
    assert code == 1
    assert "articles/c.md: id: looks like both a.md (tag:example.org,2026:a) and b.md (tag:example.org,2026:b)" in err


def test_a_record_of_an_earlier_feedbuilder_is_read_and_rewritten(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Five-column lines (no body sample, no date) still keep ids; the next build writes seven columns."""
    folder.article("quay.md", story("Harbour quay reopens"))
    build(monkeypatch)
    record = folder.root / "feedbuilder.ids"
    lines = record.read_text().splitlines()
    old = "\t".join(lines[-1].split("\t")[:4] + lines[-1].split("\t")[6:])
    record.write_text("\n".join(lines[:-1]) + "\n" + old + "\n")
    assert build(monkeypatch)[0] == 0
    assert len(record.read_text().splitlines()[-1].split("\t")) == 7
    assert ids(folder)["rss.xml"] == {"tag:example.org,2026:quay"}


def test_sketches_of_bodies() -> None:
    """Alike bodies share most samples; an empty or one-word body samples nothing; HTML tags do not count."""
    assert sketch("") == sketch("Hi.") == ""
    whole = sketch("\n\n".join(PARAGRAPHS))
    assert len(whole) == 4 * len(PARAGRAPHS)
    assert whole == sketch("\n\n".join(f"  {p}\n" for p in PARAGRAPHS))  # the space around a paragraph does not count
    assert sketch("".join(f"<p>{p}</p>\n" for p in PARAGRAPHS)) == whole
    assert recognise._body_alike(whole, sketch("\n\n".join(EDITED))) == 1
    assert recognise._body_alike(whole, whole) == 2
    assert recognise._body_alike(whole, sketch("\n\n".join(PARAGRAPHS[:1]))) == 0


def test_many_published_lines_are_searched_by_their_clues(tmp_path: pathlib.Path) -> None:
    """Among many vanished lines, only those sharing a clue are scored, with the same verdicts."""
    body = sketch("\n\n".join(PARAGRAPHS))
    gone = [
        (recognise.Clues(f"old{n}.md", f"{n:020}", f"{n:08x}", "", "2026-01-01", f"old{n}"), f"tag:x:{n}")
        for n in range(100)
    ]
    gone.append((recognise.Clues("quay.md", "d" * 20, "t" * 8, body, "2026-03-01", "quay"), "tag:x:quay"))
    new = recognise.Clues("articles/n.md", "e" * 20, "u" * 8, body, "", "n")
    verdicts, problems = recognise.recognise([(7, new, None)], gone, record_path="feedbuilder.ids")
    assert problems == [] and verdicts == [recognise.Verdict(7, 100, ("same body",))]


def test_a_folder_of_lookalike_articles_moved_and_edited_is_recognised_one_to_one() -> None:
    """2,000 articles written from one template, each moved, retitled and edited in a paragraph: each
    keeps its own id, none is taken for another (crc32's linearity once made '106' look like '208'),
    and only lines sharing a clue are scored."""
    count = 2000

    def body(n: int, second: str) -> str:
        return f"Para one of {n} here.\n\nPara two of {n} {second}.\n\nThe same boiler plate text.\n\nMore on {n} here"

    gone = [
        (
            recognise.Clues(f"a{n}.md", f"a{n:019x}", f"{n:08x}", sketch(body(n, "here")), "2026-01-01", f"a{n}"),
            f"t:{n}",
        )
        for n in range(count)
    ]
    fresh = [
        (
            n,
            recognise.Clues(f"b{n}.md", f"b{n:019x}", f"c{n:07x}", sketch(body(n, "changed")), "2026-01-01", f"b{n}"),
            None,
        )
        for n in range(count)
    ]
    verdicts, problems = recognise.recognise(fresh, gone, record_path="feedbuilder.ids")
    assert problems == []
    assert [(v.file, v.line) for v in verdicts] == [(n, n) for n in range(count)]


def test_keep_going_leaves_an_article_in_doubt_out_and_the_record_as_it_was(
    folder: SiteFolder, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--keep-going writes the rest, but not the doubtful article under a new id, and the record keeps
    the vanished line: the next build asks again instead of settling the doubt by a guess."""
    folder.article("quay.md", story("Harbour quay reopens"))
    folder.article("market.md", story("Market", date="2026-03-02", paragraphs=EDITED[:1]))
    build(monkeypatch)
    record = (folder.root / "feedbuilder.ids").read_bytes()
    other = ["Entirely other words about the quay and the town, written again from the start."]
    move(folder, "quay.md", "quay-again.md", story("Harbour quay reopens", date="2026-03-07", paragraphs=other))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000100")
    result = CliRunner().invoke(cli, ["build", "--keep-going"], catch_exceptions=False)
    assert result.exit_code == 1 and "articles/quay-again.md: id: looks like quay.md" in result.stderr
    assert ids(folder)["atom.xml"] == {"tag:example.org,2026:market"}
    assert (folder.root / "feedbuilder.ids").read_bytes() == record
    code, err = build(monkeypatch, 1_780_000_200)
    assert code == 1 and "articles/quay-again.md: id: looks like quay.md" in err


def test_page_bundles_are_named_by_their_folder() -> None:
    """posts/a/index.md and posts/b/index.md share no file name (a Hugo bundle's file is always index)."""
    assert recognise.stem("posts/quay/index.md") == "quay"
    assert recognise.stem("posts/2026-03-01-quay.md") == "quay"
    assert recognise.stem("index.md") == "index"
    new = recognise.Clues(
        "articles/posts/b/index.md", "1" * 20, "b" * 8, "", "2026-03-01", recognise.stem("posts/b/index.md")
    )
    old = recognise.Clues("posts/a/index.md", "2" * 20, "a" * 8, "", "2026-03-01", recognise.stem("posts/a/index.md"))
    assert recognise.score(new, old) == (1, ["same date"])


def test_boilerplate_paragraphs_are_no_clue() -> None:
    """Two short articles sharing only a site's standard paragraphs (as three or more articles do) and a
    date are different articles; the same two sharing their own paragraphs are one."""
    standard = ["Subscribe to our newsletter for the news of the week.", "Follow the Gazette on every app."]

    def article(name: str, own: list[str]) -> recognise.Clues:
        body = sketch("\n\n".join([*own, *standard]))
        return recognise.Clues(name, name * 4, name[:1] * 8, body, "2026-03-01", name)

    gone = [(article(n, [f"Text of article {n} alone.", f"More of article {n} here."]), f"t:{n}") for n in "abc"]
    fresh = [(9, article("z", ["Quite another article about the harbour."]), None)]
    verdicts, problems = recognise.recognise(fresh, gone, record_path="feedbuilder.ids")
    assert (verdicts, problems) == ([], [])
    own = ["Text of article a alone.", "More of article a here.", "And one line more on it."]
    moved = [(9, article("y", own), None)]
    verdicts, problems = recognise.recognise(moved, gone, record_path="feedbuilder.ids")
    assert problems == [] and [(v.file, v.line) for v in verdicts] == [(9, 0)]

"""Hostile articles and configs: every limit is a one-line message naming file, line and limit; no path
leaves its folder; two things with one name are an error naming both."""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import subprocess
import sys
import time
import unicodedata

import feedparser
import pytest
from click.testing import CliRunner

from feedbuilder.cli.commands import cli

from conftest import BASIC_CONFIG, SiteFolder, files, problems, run_build

DATED = "---\ntitle: {title}\ndate: 2026-01-01\n{extra}---\n{body}\n"


def article(title: str = "Post", extra: str = "", body: str = "Body.") -> str:
    return DATED.format(title=title, extra=extra, body=body)


def refused(*args: str) -> list[str]:
    """The problem lines of a build that must fail (exit 1) and write no feed."""
    result = run_build(*args)
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr
    return problems(result)


# ---------------------------------------------------------------- limits per article


@pytest.mark.parametrize("field", ["tags", "categories", "authors"])
def test_more_than_100_names_are_refused(folder: SiteFolder, field: str) -> None:
    """101 tags (or categories, authors) in one article: one error at the field's line, before any feed
    is made for them (20,000 tags took 24 GB)."""
    names = "".join(f"  - name {index}\n" for index in range(101))
    folder.article("many.md", article(extra=f"{field}:\n{names}"))
    assert refused() == [
        f"articles/many.md:4: {field}: 101 names, over the limit of 100 per article "
        "(keep the 100 that matter most: each name gets feeds of its own)"
    ]
    assert not (folder.root / "public").exists()


def test_100_names_are_fine(folder: SiteFolder) -> None:
    """The limit itself is allowed, as a list or as comma-separated text."""
    folder.article("a.md", article(extra="tags: " + ", ".join(f"t{index}" for index in range(100)) + "\n"))
    assert run_build().exit_code == 0


@pytest.mark.parametrize("pattern", ["<div></i>", "<b><div></b>", "<div></span>"])
def test_unmatched_end_tags_do_not_hide_nesting(folder: SiteFolder, pattern: str) -> None:
    """End tags that close nothing no longer lower the depth: the nesting limit holds (900 KB of
    <div></i> took 108 s)."""
    folder.article("deep.html", article(body="<p>Start</p>\n" + pattern * 1500))
    assert refused() == [
        "articles/deep.html:6: HTML elements nest more than 1,000 deep "
        "(close the tags you open (</div>); HTML sanitisers take minutes over markup this deep)"
    ]


def test_closed_elements_do_not_count(folder: SiteFolder) -> None:
    """Properly closed elements, however many, and end tags without a start nest nothing."""
    folder.article("flat.html", article(body="<div><span>x</span></div>" * 5000 + "</i>" * 5000))
    assert run_build().exit_code == 0


def test_a_table_over_20000_cells_is_refused(folder: SiteFolder) -> None:
    """A Markdown table of 6,700 rows of 3 cells: refused at the row that passes the limit."""
    rows = "".join(f"| {index} | b | c |\n" for index in range(6700))
    folder.article("table.md", article(body="| a | b | c |\n|---|---|---|\n" + rows))
    assert refused() == [
        "articles/table.md:6672: table has more than 20,000 cells "
        "(split it into several tables, or link to a file that holds the data)"
    ]


def test_a_line_over_200000_characters_is_refused(folder: SiteFolder) -> None:
    """One Markdown line of 200,001 characters, on the body's third line."""
    folder.article("line.md", article(body="Intro.\n\n" + "[a](b) " * 28572))
    assert refused() == [
        "articles/line.md:7: line is 200,004 characters, over the limit of 200,000 (break it into lines or paragraphs)"
    ]


def test_a_huge_summary_is_cut_to_max_bytes(folder: SiteFolder) -> None:
    """A 3 MB front-matter summary: every feed stays within max_bytes (our own check passes), with a warning."""
    folder.article("long.md", article(extra=f"summary: {'word & <b> ' * 300_000}\n"))
    result = run_build()
    assert result.exit_code == 0, result.stderr
    for name in ("rss.xml", "atom.xml", "feed.json"):
        assert (folder.root / "public" / name).stat().st_size <= 1_000_000
    assert "public/feed.json: warning: articles/long.md has its summary cut to" in result.stderr
    summary = json.loads((folder.root / "public" / "feed.json").read_bytes())["items"][0]["summary"]
    assert summary.startswith("word & word & word") and summary.endswith("…")
    check = CliRunner().invoke(cli, ["check", "public/rss.xml", "public/atom.xml", "public/feed.json"])
    assert check.exit_code == 0, check.output


def _peak_of(command: list[str], cwd: pathlib.Path) -> tuple[int, float, str]:
    """Exit code, peak memory (MB, the child's VmHWM as last seen: ru_maxrss would carry over this
    process's own peak, which Linux keeps across fork and exec) and stderr of a child process."""
    started = time.monotonic()
    child = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while child.poll() is None:
        with contextlib.suppress(OSError, ValueError, IndexError):
            status = pathlib.Path(f"/proc/{child.pid}/status").read_text()
            peak = max(peak, int(status.split("VmHWM:")[1].split()[0]))
        time.sleep(0.01)
        assert time.monotonic() - started < 30, "took over 30 s"
    assert child.stderr is not None
    err = child.stderr.read().decode()
    child.stderr.close()
    return child.returncode, peak / 1024, err


def test_a_4_gb_file_is_refused_before_it_is_read(folder: SiteFolder) -> None:
    """A sparse 4 GB article just written (so the caches would hash it): refused by its size, built twice,
    without reading it (4.2 GB and 8.6 s before)."""
    huge = folder.root / "articles" / "huge.md"
    with huge.open("wb") as stream:
        stream.truncate(4 * 1024**3)
    folder.article("ok.md", article())
    command = [sys.executable, "-m", "feedbuilder", "build"]
    for _ in range(2):
        code, peak, err = _peak_of(command, folder.root)
        assert code == 1
        assert "articles/huge.md: file is 4,294,967,296 bytes, over the 10,000,000 byte limit" in err
        assert peak < 150, f"{peak:.0f} MB"


def test_a_fifo_among_the_articles_does_not_hang(folder: SiteFolder) -> None:
    """A FIFO named like an article is not opened for reading (it would wait for a writer for ever)."""
    os.mkfifo(folder.root / "articles" / "pipe.md")
    folder.article("ok.md", article())
    ran = subprocess.run(
        [sys.executable, "-m", "feedbuilder", "build"], cwd=folder.root, capture_output=True, timeout=60, check=False
    )
    assert ran.returncode == 0, ran.stderr


def test_a_config_that_is_a_device_is_refused(folder: SiteFolder) -> None:
    """--config /dev/zero would fill memory: refused before it is read."""
    result = CliRunner().invoke(cli, ["build", "--config", "/dev/zero"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "/dev/zero: is not a regular file (pass a file)"


# ---------------------------------------------------------------- paths stay home


def test_an_enclosure_outside_the_articles_folder_is_not_measured(folder: SiteFolder) -> None:
    """``url: ../../../../etc/passwd`` would publish that file's size: only files inside the articles
    folder are measured; one there is."""
    (folder.root / "articles" / "episode.mp3").write_bytes(b"x" * 1234)
    folder.article("a.md", article("Outside", "enclosure: {url: ../../../../../../../etc/passwd, type: audio/mpeg}\n"))
    folder.article(
        "b.md", article("Inside", "date: 2026-01-02\nenclosure: episode.mp3\n").replace("date: 2026-01-01\n", "")
    )
    assert run_build().exit_code == 0
    lengths = {
        entry.title: entry.enclosures[0].length
        for entry in feedparser.parse((folder.root / "public" / "rss.xml").read_bytes()).entries
    }
    assert lengths == {"Outside": "0", "Inside": "1234"}


INSIDE_HINT = (
    "(write the feeds elsewhere (output: public beside the articles folder), or narrow 'articles' to the folder "
    "that holds the articles (articles: _posts))"
)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("output: /\n", "4: output: / is the file system's root (name a folder of its own, e.g. output: output)"),
        (
            "articles: /\n",
            "4: articles: / is the file system's root (name a folder of its own, e.g. articles: articles)",
        ),
        (
            "output: articles/public\n",
            f"4: output: articles/public is inside the articles folder articles {INSIDE_HINT}",
        ),
        ("articles: .\n", f"5: output: public is inside the articles folder . {INSIDE_HINT}"),
        ("output: articles\n", f"4: output: articles is the articles folder articles {INSIDE_HINT}"),
        (
            "output: site\narticles: site/posts\n",
            "5: articles: site/posts is inside the output folder site (keep the articles out of the folder "
            "feedbuilder writes)",
        ),
    ],
)
def test_folders_that_are_refused(folder: SiteFolder, extra: str, message: str) -> None:
    """The root, and the articles and output folders inside each other: one error each, nothing written."""
    folder.article("a.md", article())
    text = BASIC_CONFIG + extra
    if extra == "articles: .\n":
        text += "output: public\n"
    folder.config.write_text(text)
    assert refused() == ["feedbuilder.yaml:" + message]
    assert not (folder.root / "articles" / "public").exists()


def test_the_home_folder_is_refused(folder: SiteFolder, monkeypatch: pytest.MonkeyPatch) -> None:
    """output: ~ (the home folder) is refused."""
    monkeypatch.setenv("HOME", str(folder.root / "home"))
    (folder.root / "home").mkdir()
    folder.configure(f"output: {folder.root / 'home'}\n")
    assert refused() == [
        f"feedbuilder.yaml:4: output: {(folder.root / 'home').resolve()} is the home folder "
        "(name a folder of its own, e.g. output: output)"
    ]


def test_a_generators_sources_are_refused_as_output(folder: SiteFolder) -> None:
    """output: content beside hugo.toml would write feeds among Hugo's articles."""
    (folder.root / "hugo.toml").write_text("title = 'x'\n")
    folder.configure("output: content\n")
    folder.article("a.md", article())
    assert refused() == [
        "feedbuilder.yaml:4: output: content is where a generator keeps its sources (hugo.toml is beside it) "
        "(write the feeds to a folder of their own, e.g. output: public)"
    ]


# ---------------------------------------------------------------- the site's own values


@pytest.mark.parametrize(
    ("url", "what"),
    [
        ("https://user:secret@example.org/", "a user name"),
        ("https://example.org/?ref=feed", "a query"),
        ("https://example.org/#top", "a fragment"),
    ],
)
def test_site_url_with_user_query_or_fragment_is_refused(folder: SiteFolder, url: str, what: str) -> None:
    """feed_url used to land in the fragment: such a url is an error."""
    folder.config.write_text(BASIC_CONFIG.replace("https://example.org/", url))
    lines = refused()
    assert len(lines) == 1 and lines[0].startswith("feedbuilder.yaml:2: url: ") and f"has {what}" in lines[0]


@pytest.mark.parametrize("title", ["My <b>Site</b>", "Tom &amp; Jerry", "\u200b\u200c"])
def test_site_title_is_plain_visible_text(folder: SiteFolder, title: str) -> None:
    """HTML in the site title reached the feeds; a title of zero-width characters showed nothing."""
    folder.config.write_text(BASIC_CONFIG.replace("title: Test Site", f'title: "{title}"'))
    lines = refused()
    assert len(lines) == 1 and lines[0].startswith("feedbuilder.yaml:1: title: ")


def test_an_invisible_title_is_refused(folder: SiteFolder) -> None:
    """A title of zero-width characters is as blank as an empty one."""
    folder.article("a.md", article(title='"\u200b\u2060\ufeff"'))
    lines = refused()
    assert len(lines) == 1
    assert lines[0].startswith("articles/a.md:2: title: ") and "has no visible characters" in lines[0]


# ---------------------------------------------------------------- two of one


def test_two_files_differing_in_case_are_an_error(folder: SiteFolder) -> None:
    """Post.md and post.md have one slug, so one address: one error naming both."""
    folder.article("Post.md", article("One"))
    folder.article("post.md", article("Two"))
    assert refused() == [
        "articles/post.md: url: https://example.org/post/ is also the address of articles/Post.md "
        "(give one of them another 'slug' or 'url', or rename its file)"
    ]


def test_nfc_and_nfd_names_are_an_error(folder: SiteFolder) -> None:
    """café.md written once in NFC and once in NFD (two files on Linux): one id, one address, an error."""
    nfc, nfd = unicodedata.normalize("NFC", "café.md"), unicodedata.normalize("NFD", "café.md")
    folder.article(nfc, article("One"))
    folder.article(nfd, article("Two"))
    lines = refused()
    assert len(lines) == 1
    assert lines[0].startswith(f"articles/{nfc}: id: 'tag:example.org,2026:caf%C3%A9' is also the id of articles/{nfd}")


def test_two_articles_with_one_url_are_an_error(folder: SiteFolder) -> None:
    """The same front-matter url in two articles, once with a capital and percent-encoded."""
    folder.article("a.md", article("One", "url: /news/Caf%C3%A9/\n"))
    folder.article("b.md", article("Two", "url: /news/café/\n"))
    assert refused() == [
        "articles/b.md: url: https://example.org/news/caf%C3%A9/ is also the address of articles/a.md "
        "(give one of them another 'slug' or 'url', or rename its file)"
    ]


def test_ids_from_nfd_file_names_are_nfc(folder: SiteFolder) -> None:
    """A file named in NFD (as macOS writes names) gets the id its NFC name would get."""
    folder.article(unicodedata.normalize("NFD", "café.md"), article())
    assert run_build().exit_code == 0
    (entry,) = feedparser.parse((folder.root / "public" / "atom.xml").read_bytes()).entries
    assert entry.id == "tag:example.org,2026:caf%C3%A9"


@pytest.mark.parametrize(
    "front",
    [
        "title: One\ndate: 2026-01-01\ntitle: Two\n",  # the quick reader's shape
        "title: One\ndate: 2026-01-01\ntags: &t [a]\ntitle: 'Two' # quoted, commented\n",  # PyYAML's
    ],
)
def test_duplicate_yaml_keys_are_an_error_naming_both_lines(folder: SiteFolder, front: str) -> None:
    """YAML keeps the last of two equal keys without a word: now an error with both lines."""
    folder.article("a.md", f"---\n{front}---\nBody.\n")
    last = front.count("\n") + 1
    assert refused() == [
        f"articles/a.md:{last}: title: 'title' is given twice, on lines 2 and {last} "
        "(keep one of them: YAML would silently use the last)"
    ]


def test_new_with_a_300_character_title(folder: SiteFolder) -> None:
    """`new` with a very long title writes an article whose file name fits, and it builds."""
    title = "A very long headline " * 15
    result = CliRunner().invoke(cli, ["new", title])
    assert result.exit_code == 0, result.output
    (made,) = (folder.root / "articles").iterdir()
    assert len(made.name.encode()) <= 103
    made.write_text(made.read_text().replace("One sentence that says", "A sentence on"))  # new's example
    assert run_build().exit_code == 0
    assert feedparser.parse((folder.root / "public" / "rss.xml").read_bytes()).entries[0].title == title.strip()


def test_nothing_written_when_refused(folder: SiteFolder) -> None:
    """A refused build leaves an earlier output byte-identical."""
    folder.article("a.md", article())
    assert run_build().exit_code == 0
    before = files(folder.root / "public")
    folder.article("b.md", article(extra="tags: [" + ", ".join(map(str, range(101))) + "]\n"))
    refused()
    assert files(folder.root / "public") == before


def test_a_name_of_a_kilobyte_is_refused(folder: SiteFolder) -> None:
    """A tag of 1,200 bytes (repeated in every feed of its article): refused at its line."""
    folder.article("a.md", article(extra=f"tags: [short, {'é' * 600}]\n"))
    (line,) = refused()
    assert line.startswith("articles/a.md:4: tags: '") and "is 1,200 bytes, over the limit of 1,000 for a name" in line


def test_a_title_of_a_megabyte_is_refused(folder: SiteFolder) -> None:
    """Every feed carrying an article repeats its title (up to 300 feeds with 100 tags): 2,000 characters at most."""
    folder.article("a.md", article(title="word " * 200_000))
    assert refused() == [
        "articles/a.md:2: title: is 999,999 characters long, over the limit of 2,000 for a title "
        "(shorten it; the summary holds the rest)"
    ]


def test_deeply_indented_restructuredtext_is_an_error_not_a_traceback(folder: SiteFolder) -> None:
    """docutils recurses once per level of indentation: 200 levels is a one-line error."""
    body = "".join(" " * (index % 200) + "x\n\n" for index in range(400))
    folder.article("a.rst", "Title\n#####\n\n:date: 2026-01-01\n\n" + body)
    assert refused() == ["articles/a.rst: reStructuredText nests too deep to read (indent less)"]


def test_a_large_restructuredtext_file_is_refused(folder: SiteFolder) -> None:
    """A .rst file over a million characters (docutils: about 20 s a megabyte) is refused unread."""
    folder.article("a.rst", "Title\n#####\n\n:date: 2026-01-01\n\n" + "Some words.\n\n" * 80_000)
    assert refused() == [
        "articles/a.rst: reStructuredText of 1,040,032 characters, over the limit of 1,000,000 "
        "(split it: docutils takes about 20 µs a character)"
    ]


def test_urls_ids_and_slugs_over_2048_characters_are_refused(folder: SiteFolder) -> None:
    """A 300 KB slug or id (repeated in every feed of the article) is refused at its line."""
    folder.article("a.md", article(extra=f"slug: {'y' * 3000}\nid: tag:example.org,2026:{'x' * 3000}\n"))
    assert refused() == [
        f"articles/a.md:5: id: 'tag:example.org,2026:{'x' * 19}…' is 3,021 characters, over the limit of 2,048 "
        "for an id (shorten it)",
        f"articles/a.md:4: slug: '{'y' * 40}…' is 3,000 characters, over the limit of 2,048 for a slug (shorten it)",
    ]

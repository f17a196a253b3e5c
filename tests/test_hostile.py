"""Hostile articles through the real CLI: each is a named error or a reported repair, never a crash.

The articles are in tests/fixtures/hostile/ (three good ones among them); the
cases that would be large or would point outside the repository (a 10 MB file,
symlinks, a file name that is not UTF-8) are made by the tests.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner
from lxml import etree

from feedbuilder.check.checker import check_feed
from feedbuilder.cli.commands import cli
from feedbuilder.sources.articles import MAX_BYTES

from conftest import NOW, ROOT, SiteFolder

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"
GOOD = ("good-harbour.md", "good-market.html", "good-council.txt")
GOOD_TITLES = ["Night market returns", "Harbour reopens after the storm", "Council agrees the budget"]
BAD = (
    "billion-laughs.md",
    "binary.md",
    "duplicate-id-b.md",
    "empty.md",
    "front-matter-list.md",
    "impossible-date.md",
    "latin1.md",
    "no-title.md",
    "python-object-tag.md",
    "unclosed-front-matter.md",
    "wrong-types.md",
    "yaml-syntax-error.md",
)
YAML_HINT = "(check quotes and indentation; quote values that contain ': ')"
DATE_HINT = "(write 2024-07-01, 2024-07-01T09:30:00+02:00 or 'July 1, 2024 9:30 am')"
NO_TITLE_HINT = "(add 'title: ...' to the front matter, or start the body with '# Title')"
RSS_ITEM_TITLES = "/rss/channel/item/title/text()"
CONTENT_NS = {"content": "http://purl.org/rss/1.0/modules/content/"}


def run(*args: str) -> tuple[int, list[str]]:
    """Run feedbuilder; the exit code and the problem lines (the summary line left out)."""
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert "Traceback" not in result.stderr
    return result.exit_code, [line for line in result.stderr.splitlines() if not line.startswith("feedbuilder: ")]


def copy(folder: SiteFolder, *names: str) -> None:
    for name in names:
        shutil.copy(HOSTILE / name, folder.root / "articles" / name)


def build_with(folder: SiteFolder, *names: str) -> tuple[int, list[str]]:
    """Build the good articles and the named hostile ones."""
    copy(folder, *GOOD, *names)
    return run("build")


def rss_titles(folder: SiteFolder) -> list[str]:
    tree = etree.fromstring((folder.root / "public" / "rss.xml").read_bytes())
    return [str(t) for t in tree.xpath(RSS_ITEM_TITLES)]


def feeds_of(folder: SiteFolder) -> dict[str, bytes]:
    public = folder.root / "public"
    return {
        p.relative_to(public).as_posix(): p.read_bytes() for p in public.rglob("*") if p.suffix in (".xml", ".json")
    }


def assert_feeds_clean(folder: SiteFolder) -> None:
    for name, data in feeds_of(folder).items():
        assert check_feed(data, path=name, now=NOW, expected_url=f"https://example.org/{name}") == [], name


# --- front matter ------------------------------------------------------------------------------------------------


def test_yaml_syntax_error(folder: SiteFolder) -> None:
    """A YAML typo is one error at its line, saying where the unclosed list began."""
    assert build_with(folder, "yaml-syntax-error.md") == (
        1,
        [
            "articles/yaml-syntax-error.md:5: front matter is not valid YAML: did not find expected ',' or ']' "
            f"while parsing a flow sequence that starts on line 4 {YAML_HINT}"
        ],
    )


def test_front_matter_that_is_a_list(folder: SiteFolder) -> None:
    """Front matter that is a YAML list, not key: value lines, is refused at its line."""
    assert build_with(folder, "front-matter-list.md") == (
        1,
        [
            "articles/front-matter-list.md:2: front matter is not a list of 'key: value' lines "
            "(write one 'key: value' per line, e.g. 'title: Hello')"
        ],
    )


def test_unclosed_front_matter(folder: SiteFolder) -> None:
    """Front matter without its closing '---' is named, not read as body."""
    assert build_with(folder, "unclosed-front-matter.md") == (
        1,
        [
            "articles/unclosed-front-matter.md:1: front matter opened with '---' is never closed "
            "(add a line '---' after the last front matter key)"
        ],
    )


def test_python_object_tag_runs_nothing(folder: SiteFolder) -> None:
    """!!python/object/apply:os.system is refused by name, and the command it holds never runs."""
    assert build_with(folder, "python-object-tag.md") == (
        1,
        [
            "articles/python-object-tag.md:2: front matter may not use the tag '!!python/object/apply:os.system' "
            "(remove the tag: front matter holds text, numbers, dates, lists and mappings, never code)"
        ],
    )
    assert not (folder.root / "feedbuilder-was-exploited").exists()


def test_bad_implicit_number_is_an_error_not_a_crash(folder: SiteFolder) -> None:
    """'0x_' looks like a YAML int to PyYAML's resolver but int() refuses it: an error at its line."""
    copy(folder, *GOOD)
    folder.article("hex.md", "---\ntitle: T\ndate: 2026-03-05\nslug: 0x_\n---\n")
    assert run("build") == (
        1,
        [f"articles/hex.md:4: front matter is not valid YAML: '0x_' is not a valid int {YAML_HINT}"],
    )


def test_deep_toml_nesting_is_an_error_not_a_crash(folder: SiteFolder) -> None:
    """tomllib recurses per level: 2,000 nested arrays give an error instead of a RecursionError traceback."""
    copy(folder, *GOOD)
    folder.article("deep.md", "+++\ntitle = 'T'\nx = " + "[" * 2000 + "]" * 2000 + "\n+++\n")
    assert run("build") == (
        1,
        [
            "articles/deep.md:2: front matter is nested too deeply "
            "(front matter needs a few levels at most: title, tags: [a, b], author: {name: ...})"
        ],
    )


BILLION_LAUGHS_CHILD = """
import resource, sys
from feedbuilder.cli.commands import cli
try:
    cli.main(["build"], prog_name="feedbuilder")
except SystemExit as exc:
    code = exc.code
print(code, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stdout)
"""


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (4 * 2**30, 4 * 2**30))  # a regression fails the test, not the machine


def test_billion_laughs_is_refused_fast_and_small(folder: SiteFolder) -> None:
    """Aliases of aliases (9**9 values) are refused at once, in little memory, before anything walks them."""
    copy(folder, *GOOD, "billion-laughs.md")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", BILLION_LAUGHS_CHILD],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        preexec_fn=_limit_memory,
    )
    elapsed = time.perf_counter() - started
    assert done.stderr.splitlines() == [
        "articles/billion-laughs.md:7: f: aliases (*name) expand to more than 100,000 values "
        "(write the values out instead of repeating aliases of aliases)"
    ]
    code, max_rss_kib = map(int, done.stdout.split())
    assert code == 1
    assert elapsed < 10
    assert max_rss_kib < 300_000


def test_an_alias_inside_itself_is_refused(folder: SiteFolder) -> None:
    """A value that contains itself through an alias ('&a [*a]') is named instead of looping."""
    copy(folder, *GOOD)
    folder.article("self.md", "---\ntitle: &a [*a]\ndate: 2026-03-05\n---\n")
    assert run("build") == (
        1,
        [
            "articles/self.md:2: title: an alias (*name) is used inside the value it names "
            "(an alias can only repeat a value that is complete before it)"
        ],
    )


def test_wrong_types(folder: SiteFolder) -> None:
    """A list title, a mapping of tags and a list date: three errors, each at its line."""
    assert build_with(folder, "wrong-types.md") == (
        1,
        [
            "articles/wrong-types.md:2: title: [1, 2] is not text (write plain text, not a list or mapping)",
            f"articles/wrong-types.md:4: date: [2024] is not a date {DATE_HINT}",
            "articles/wrong-types.md:3: tags: {'a': 1} is not a list (write [a, b] or 'a, b')",
        ],
    )


# --- text ---------------------------------------------------------------------------------------------------------


def test_latin1_file(folder: SiteFolder) -> None:
    """A Latin-1 file: the byte, its line and 'save as UTF-8'."""
    assert build_with(folder, "latin1.md") == (
        1,
        ["articles/latin1.md:2: byte 0xe9 at offset 14 is not UTF-8 (re-save the file as UTF-8)"],
    )


def test_bom_and_crlf_are_fine(folder: SiteFolder) -> None:
    """A BOM and Windows line endings build without a word."""
    assert build_with(folder, "bom-crlf.md") == (0, [])
    assert "Written on Windows" in rss_titles(folder)


def test_control_characters_are_removed_with_a_warning(folder: SiteFolder) -> None:
    """Control characters from the file and from YAML escapes ("\\e") are removed, and the file is named."""
    assert build_with(folder, "control-characters.md") == (
        0,
        [
            "articles/control-characters.md: warning: removed characters that feeds may not contain "
            '(control characters) (delete them from the file (or the escapes such as "\\e" that make them) '
            "to silence this warning)"
        ],
    )
    assert "Bell and escape in a title" in rss_titles(folder)
    assert_feeds_clean(folder)


def test_html_in_a_title_is_removed(folder: SiteFolder) -> None:
    """Tags in a title are dropped (a script with its content); the entity is decoded once."""
    assert build_with(folder, "html-title.md") == (0, [])
    assert "Bold & brave" in rss_titles(folder)
    assert b"alert" not in (folder.root / "public" / "rss.xml").read_bytes()
    assert_feeds_clean(folder)


def test_cdata_end_in_title_and_body(folder: SiteFolder) -> None:
    """']]>' in a title and a body is escaped: every feed parses and keeps the title as written."""
    assert build_with(folder, "cdata-end.md") == (0, [])
    assert "Ends a CDATA section ]]> early" in rss_titles(folder)
    assert_feeds_clean(folder)


def test_unsafe_html_body_is_sanitised(folder: SiteFolder) -> None:
    """Scripts, frames, handlers, javascript: URLs, layout styles and forms never reach a feed; the frame is a link."""
    assert build_with(folder, "unsafe-body.html") == (0, [])
    for name, data in feeds_of(folder).items():
        text = data.decode().lower()
        for unsafe in ("<script", "&lt;script", "iframe", "onclick", "onerror", "javascript:", "style=", "position"):
            assert unsafe not in text, (name, unsafe)
        assert "<form" not in text and "&lt;form" not in text
    rss = etree.fromstring((folder.root / "public" / "rss.xml").read_bytes())
    [body] = rss.xpath("//item[title='Unsafe markup in the body']/content:encoded/text()", namespaces=CONTENT_NS)
    assert '<a href="https://video.example.com/embed/42">' in body
    assert "Overlay" in body
    assert_feeds_clean(folder)


@pytest.mark.parametrize(
    ("field", "value"),
    [("url", "javascript:alert(1)"), ("image", "javascript:alert(1)"), ("enclosure", "file:///etc/passwd")],
)
def test_non_web_urls_in_front_matter_are_refused(folder: SiteFolder, field: str, value: str) -> None:
    """An article address, image or enclosure must be http(s) or relative: never javascript: or file:."""
    copy(folder, *GOOD)
    folder.article("link.md", f"---\ntitle: T\ndate: 2026-03-05\n{field}: '{value}'\n---\n")
    assert run("build") == (
        1,
        [
            f"articles/link.md:4: {field}: '{value}' is not a web address "
            "(write https://example.org/... or a path such as media/photo.jpg)"
        ],
    )


def test_broken_host_in_a_url_is_an_error_not_a_crash(folder: SiteFolder) -> None:
    """'http://[::1' makes urllib raise ValueError: it is a named error instead."""
    copy(folder, *GOOD)
    folder.article("ipv6.md", "---\ntitle: T\ndate: 2026-03-05\nurl: 'http://[::1'\n---\n")
    assert run("build") == (1, ["articles/ipv6.md:4: url: 'http://[::1' is not a valid URL (check the host and port)"])


def test_markup_in_tags_is_removed(folder: SiteFolder) -> None:
    """Tags are plain text like titles: '<b>x</b>' becomes 'x', so no feed warns of HTML in a category."""
    copy(folder, *GOOD)
    folder.article("tags.md", "---\ntitle: T\ndate: 2026-03-05\ntags: ['<b>bold</b>', 'a & b']\n---\n")
    assert run("build") == (0, [])
    rss = etree.fromstring((folder.root / "public" / "rss.xml").read_bytes())
    assert rss.xpath("//item[title='T']/category/text()") == ["bold", "a & b"]


# --- missing pieces ---------------------------------------------------------------------------------------------


def test_empty_file(folder: SiteFolder) -> None:
    """An empty file is an article without a title."""
    assert build_with(folder, "empty.md") == (1, [f"articles/empty.md: has no title {NO_TITLE_HINT}"])


def test_file_without_a_title(folder: SiteFolder) -> None:
    """No title and no heading: an error saying both ways to give one."""
    assert build_with(folder, "no-title.md") == (1, [f"articles/no-title.md: has no title {NO_TITLE_HINT}"])


def test_heading_serves_as_the_title(folder: SiteFolder) -> None:
    """A first '# Heading' is the title."""
    assert build_with(folder, "heading-title.md") == (0, [])
    assert "A heading serves as the title" in rss_titles(folder)


def test_impossible_date(folder: SiteFolder) -> None:
    """2024-13-45 is named with the forms that work."""
    assert build_with(folder, "impossible-date.md") == (
        1,
        [f"articles/impossible-date.md:3: date: '2024-13-45' is not a date {DATE_HINT}"],
    )


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("9999-12-31T23:00:00-05:00", "'9999-12-31T23:00:00-05:00' is after 9000"),
        ("'12'", "'12' is not a date"),
    ],
)
def test_dates_that_overflow_or_guess(folder: SiteFolder, date: str, message: str) -> None:
    """A year-9999 date (OverflowError in UTC) and a bare '12' (dateutil would invent month and year) are errors."""
    copy(folder, *GOOD)
    folder.article("d.md", f"---\ntitle: T\ndate: {date}\n---\n")
    assert run("build", "--future") == (1, [f"articles/d.md:3: date: {message} {DATE_HINT}"])


def test_jekyll_name_before_1900_is_not_a_crash(folder: SiteFolder) -> None:
    """'1800-01-01-old.md' is not taken for a date (it would raise past the error report)."""
    copy(folder, *GOOD)
    path = folder.article("1800-01-01-old.md", "---\ntitle: Old\n---\n")
    os.utime(path, (1767225600, 1767225600))
    assert run("build") == (
        0,
        [
            "articles/1800-01-01-old.md: warning: date: no date; using the file's modification time "
            "2026-01-01T00:00:00Z (add 'date: 2026-01-01' to the front matter)"
        ],
    )


def test_duplicate_ids_name_both_files(folder: SiteFolder) -> None:
    """Two files with one id: the error names both."""
    assert build_with(folder, "duplicate-id-a.md", "duplicate-id-b.md") == (
        1,
        [
            "articles/duplicate-id-b.md: id: 'https://old.example.org/p/1' is also the id of "
            "articles/duplicate-id-a.md (every article needs its own id: change or remove 'id' in one of them)"
        ],
    )


def test_same_name_with_two_extensions_says_rename(folder: SiteFolder) -> None:
    """a.md and a.html get one id from their path; the hint said to edit an 'id' neither file has."""
    copy(folder, *GOOD)
    folder.article("a.md", "---\ntitle: A\ndate: 2026-03-05\n---\n")
    folder.article("a.html", "---\ntitle: A too\ndate: 2026-03-06\n---\n")
    assert run("build") == (
        1,
        [
            "articles/a.md: id: 'tag:example.org,2026:a' is also the id of articles/a.html "
            "(ids are made from the path without its extension: rename one of the files)"
        ],
    )


def test_binary_file_with_an_article_extension(folder: SiteFolder) -> None:
    """A PNG saved as .md is refused as binary."""
    assert build_with(folder, "binary.md") == (
        1,
        ["articles/binary.md: is a binary file, not text (remove it or give it another extension)"],
    )


def test_very_large_file(folder: SiteFolder) -> None:
    """A file over the size limit is refused with its size, before it is read."""
    copy(folder, *GOOD)
    with (folder.root / "articles" / "export.md").open("wb") as stream:
        stream.write(b"---\ntitle: Export\ndate: 2026-03-05\n---\n")
        stream.truncate(MAX_BYTES + 1)
    assert run("build") == (
        1,
        [
            "articles/export.md: file is 10,000,001 bytes, over the 10,000,000 byte limit "
            "(split it, or move large media out of the article)"
        ],
    )


# --- the folder ---------------------------------------------------------------------------------------------------


def test_symlinks_out_of_the_folder_and_in_a_loop(folder: SiteFolder) -> None:
    """A link outside the folder and a link loop are skipped with a warning each (a loop used to crash)."""
    copy(folder, *GOOD)
    (folder.root / "secret.md").write_text("---\ntitle: Secret\ndate: 2026-01-01\n---\n")
    (folder.root / "articles" / "secret.md").symlink_to(folder.root / "secret.md")
    (folder.root / "articles" / "loop.md").symlink_to("loop.md")
    assert run("build") == (
        0,
        [
            "articles/loop.md: warning: symlink leads nowhere (its target is missing, or links loop); skipped "
            "(delete the link or point it at an article)",
            "articles/secret.md: warning: symlink points outside the articles folder; not followed "
            "(copy the file into the folder instead of linking to it)",
        ],
    )
    assert "Secret" not in rss_titles(folder)


def test_file_name_that_is_not_utf8(folder: SiteFolder) -> None:
    """A Latin-1 file name is named (its byte escaped) instead of crashing when its id is made."""
    copy(folder, *GOOD)
    (folder.root / "articles").joinpath(os.fsdecode(b"caf\xe9.md")).write_text("---\ntitle: C\ndate: 2026-03-05\n---\n")
    assert run("build") == (
        1,
        [
            "articles/caf\\xe9.md: the file name is not UTF-8 "
            "(rename the file; ids and addresses are made from its name)"
        ],
    )


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("spaces.md", "# a" + " " * 3_000 + "b\n"),  # about 30 s before: the pattern backtracked cubically
        ("h1.html", "---\ndate: 2026-03-05\n---\n" + "<h1 " * 100_000),
        ("headline.txt", "section\n\nA" + " " * 100_000 + "b\n"),
        ("email.md", "---\ntitle: T\ndate: 2026-03-05\nauthor: {name: A, email: 'a@" + "b." * 50_000 + "@'}\n---\n"),
    ],
)
def test_pathological_lines_are_read_in_linear_time(folder: SiteFolder, name: str, text: str) -> None:
    """Long runs of spaces, '<h1' or dots made the title, headline and e-mail patterns backtrack for minutes."""
    copy(folder, *GOOD)
    folder.article(name, text)
    started = time.perf_counter()
    code, _ = run("build")
    assert time.perf_counter() - started < 5
    assert code in (0, 1)


def test_deeply_nested_markup_is_refused_fast(folder: SiteFolder) -> None:
    """100,000 nested <div>s took nh3 over a minute per article; they are refused at once, lists stay fine."""
    copy(folder, *GOOD)
    folder.article("nest.html", "---\ntitle: Nest\ndate: 2026-03-05\n---\n" + "<div>" * 100_000)
    folder.article("list.html", "---\ntitle: List\ndate: 2026-03-05\n---\n" + "<ul><li>item" * 300 + "<p>x" * 5000)
    started = time.perf_counter()
    code, lines = run("build", "--keep-going")
    assert time.perf_counter() - started < 10
    assert (code, lines) == (
        1,
        [
            "articles/nest.html:5: HTML elements nest more than 1,000 deep "
            "(close the tags you open (</div>); HTML sanitisers take minutes over markup this deep)"
        ],
    )
    assert "List" in rss_titles(folder)


def test_huge_body_gives_its_summary_to_stay_under_max_bytes(folder: SiteFolder) -> None:
    """Over max_bytes, the largest item carries its summary instead of its full text, with a warning."""
    folder.configure("max_bytes: 20000\n")
    copy(folder, *GOOD)
    folder.article("huge.md", "---\ntitle: Huge\ndate: 2026-03-05\nsummary: Short.\n---\n" + "Word " * 10_000)
    code, lines = run("build")
    assert code == 0
    assert (
        "public/rss.xml: warning: articles/huge.md carries its summary instead of its full text: the feed would be "
        "over 20,000 bytes (raise max_bytes, lower limit, or use content: summary)"
    ) in lines
    rss = (folder.root / "public" / "rss.xml").read_bytes()
    assert len(rss) <= 20_000 and b"Word Word" not in rss
    assert {*GOOD_TITLES, "Huge"} <= set(rss_titles(folder))
    assert_feeds_clean(folder)


def test_oldest_items_are_dropped_when_summaries_are_not_enough(folder: SiteFolder) -> None:
    """When summaries alone are over max_bytes, the oldest items are left out, each with a warning."""
    folder.configure("max_bytes: 10000\n")
    for day in range(1, 10):
        folder.article(f"a{day}.md", f"---\ntitle: A{day}\ndate: 2026-03-0{day}\nsummary: {'s' * 1500}\n---\nText.\n")
    code, lines = run("build")
    assert code == 0
    dropped = [line for line in lines if line.startswith("public/rss.xml: ") and " is left out: " in line]
    assert dropped and dropped[0] == (
        "public/rss.xml: warning: articles/a1.md is left out: the feed would be over 10,000 bytes "
        "(raise max_bytes, lower limit, or use content: summary)"
    )
    titles = rss_titles(folder)
    assert len((folder.root / "public" / "rss.xml").read_bytes()) <= 10_000
    assert "A9" in titles and "A1" not in titles and len(titles) == 9 - len(dropped)


# --- the whole hostile folder -------------------------------------------------------------------------------------


def test_whole_hostile_folder_fails_fast_naming_every_bad_file(folder: SiteFolder) -> None:
    """Every bad file is named in an error, nothing is written, the previous feeds stay byte-identical."""
    copy(folder, *GOOD)
    assert run("build")[0] == 0
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (folder.root / "public").rglob("*") if p.is_file()}
    shutil.rmtree(folder.root / "articles")
    shutil.copytree(HOSTILE, folder.root / "articles")
    started = time.perf_counter()
    code, lines = run("build")
    assert time.perf_counter() - started < 10
    assert code == 1
    errors = [line for line in lines if ": warning: " not in line]
    assert sorted({line.split(":")[0] for line in errors}) == sorted(f"articles/{name}" for name in BAD)
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (folder.root / "public").rglob("*") if p.is_file()}
    assert after == before
    assert not (folder.root / "feedbuilder-was-exploited").exists()


def test_whole_hostile_folder_keep_going_writes_clean_feeds_of_the_rest(folder: SiteFolder) -> None:
    """--keep-going: still exit 1, but feeds of the good and repaired articles, with no problem by our checker."""
    shutil.rmtree(folder.root / "articles")
    shutil.copytree(HOSTILE, folder.root / "articles")
    code, _ = run("build", "--keep-going")
    assert code == 1
    titles = rss_titles(folder)
    assert set(GOOD_TITLES) <= set(titles)
    assert "Caf" not in " ".join(titles) and "Impossible date" not in titles and "Second with the id" not in titles
    assert len(titles) == len(list(HOSTILE.iterdir())) - len(BAD)
    assert_feeds_clean(folder)


def test_check_lists_the_same_errors_and_writes_nothing(folder: SiteFolder) -> None:
    """feedbuilder check on the hostile folder: exit 1, the same error lines as build, no output folder."""
    shutil.rmtree(folder.root / "articles")
    shutil.copytree(HOSTILE, folder.root / "articles")
    build_errors = [line for line in run("build")[1] if ": warning: " not in line]
    code, lines = run("check")
    assert code == 1
    assert [line for line in lines if ": warning: " not in line] == build_errors
    assert not (folder.root / "public").exists()


def test_hostile_fixture_is_what_the_tests_expect() -> None:
    """The fixture folder holds exactly the good, bad and repaired articles named here (none lost or added)."""
    names = {p.name for p in HOSTILE.iterdir()}
    repaired = {"bom-crlf.md", "control-characters.md", "html-title.md", "cdata-end.md", "unsafe-body.html"}
    assert names == set(GOOD) | set(BAD) | repaired | {"heading-title.md", "duplicate-id-a.md"}
    assert pathlib.Path(HOSTILE / "latin1.md").read_bytes().count(b"\xe9") == 1

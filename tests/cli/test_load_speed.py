"""The short ways that make reading articles fast give exactly what the general ways give.

Each fast path is checked against the code it stands in for, kept here as it was:
joining URLs, tag URIs, splitting front matter, reading a file's bytes; and reading
many files in worker processes, or through the article cache many entries to a
query, gives the Drafts and problems, in their order, that one file after another gives.
"""

from __future__ import annotations

import dataclasses
import datetime
import multiprocessing
import os
import pathlib
import time
import urllib.parse
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from feedbuilder.config import load_site
from feedbuilder.errors import Problem, Report
from feedbuilder.incremental import fingerprint, kept_cards
from feedbuilder.model import Site
from feedbuilder.sources import addresses, articles, cards, dates, forking, frontmatter, values
from feedbuilder.sources.discover import SourceFile, find_articles
from feedbuilder.sources.frontmatter import FrontMatterError
from feedbuilder.sources.values import BadValue

from conftest import ROOT

HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


# --- values.join_url ---------------------------------------------------------------------------------------------


def old_join_url(base: str, reference: str) -> str:
    """values.join_url before its short way: urljoin, then canonical_url."""
    try:
        joined = urllib.parse.urljoin(base, values.quote_iri(reference.strip()))
    except ValueError:
        raise BadValue(f"{values.show(reference)} is not a valid URL", "check the host and port") from None
    return values.canonical_url(joined)


def joined(join: object, base: str, reference: str) -> tuple[str, str]:
    """What a join gives: the address, or the message it refuses with."""
    try:
        return "joined", join(base, reference)  # type: ignore[operator]
    except BadValue as exc:
        return "refused", f"{exc.message} ({exc.hint})"


_BASES = [
    "https://example.org/",
    "http://example.org/",
    "https://news.example.org/blog/",
    "https://example.org/blog/2026/",
    "https://example.org:8080/",
    "https://example.org:443/",
    "HTTPS://Example.org/",
    "https://example.org",
    "https://example.org/blog",
    "https://example.org/blog/index.html",
    "https://example.org/?q=1",
    "https://example.org/#top",
    "https://example.org/a;b/",
    "https://example.org//a/",
    "https://example.org/./a/",
    "https://example.org/../",
    "https://example.org/caf%C3%A9/",
    "https://user@example.org/",
    "https://user:secret@example.org/",
    "https://[::1]/",
    "http://[::1/",
    "https://example.org:99999/",
    "https://xn--caf-dma.example/",
    "https://café.example/",
    "ftp://example.org/",
    "example.org/",
    "/relative/",
    "",
]
_PIECES = ["a", "Z9", "slug", "2026", ".", "..", "...", "/", "//", "%", "%2e", "-", "_", "~", "é", "中朝"]
_ODD_PIECES = [" ", ":", "?", "#", ";", "@", "\\", "\t", "\n", "http:", "https://other.example/", "[::1", "\udce9"]


@settings(max_examples=2000, deadline=None)
@given(
    base=st.sampled_from(_BASES) | st.text(max_size=30),
    reference=st.lists(st.sampled_from(_PIECES + _ODD_PIECES), max_size=12).map("".join) | st.text(max_size=20),
)
@example(base="https://example.org/", reference="2026/07/slug/")
@example(base="https://example.org/blog/", reference="/media/photo.jpg")
@example(base="https://example.org/", reference="/")
@example(base="https://example.org/", reference="a//b")
@example(base="https://example.org/", reference="./a")
@example(base="https://example.org/", reference="a/../b")
@example(base="https://example.org/", reference="\udce9")
def test_join_url_equals_the_general_way(base: str, reference: str) -> None:
    """The short way of join_url gives the old address (or the old refusal) for any base and reference."""
    assert joined(values.join_url, base, reference) == joined(old_join_url, base, reference)


def test_join_url_takes_the_short_way_for_articles() -> None:
    """An article's address under the site's address does not go through urljoin; odd ones do."""
    assert values._joined_directly("https://example.org/", "2026/07/slug/") == "https://example.org/2026/07/slug/"
    assert values._joined_directly("https://example.org/blog/", "/about/") == "https://example.org/about/"
    assert values._joined_directly("https://example.org/", "a/./b") is None
    assert values._joined_directly("https://Example.org/", "slug/") is None


# --- addresses.tag_uri ---------------------------------------------------------------------------------------------


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "b.md", ".", "..", "", ".md", "x.", "a.b.txt", "中朝.html", "/"]), max_size=6))
@example(["news", "2026-07-01-treaty.md"])
def test_tag_uri_equals_pathlib(parts: list[str]) -> None:
    """The path without its suffix, as PurePosixPath.with_suffix('') gives it (or the same error)."""
    source = "/".join(parts)
    try:
        expected: object = str(pathlib.PurePosixPath(source).with_suffix(""))
    except ValueError as exc:
        expected = str(exc)
    try:
        found: object = addresses._without_suffix(source)
    except ValueError as exc:
        found = str(exc)
    assert found == expected


@settings(max_examples=800, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["a", "b.md", ".", "..", "", ".md", "x.", "a.b.txt", "中朝.html", "/", "a b", "%", "é.md", "..x"]
        ),
        max_size=6,
    )
)
@example(["news", "2026-07-01-treaty.md"])
def test_tag_uri_takes_the_short_way_only_where_it_gives_the_same(parts: list[str]) -> None:
    """tag_uri's short way for plain paths equals quoting the path without its suffix (or fails alike)."""
    source = "/".join(parts)
    try:
        expected: object = f"tag:x,2026:{values.quote_iri(addresses._without_suffix(source))}"
    except ValueError as exc:
        expected = str(exc)
    try:
        found: object = addresses.tag_uri("x,2026", source)
    except ValueError as exc:
        found = str(exc)
    assert found == expected


# --- dates: 'July 1, 2026 9:30 am' without dateutil -------------------------------------------------------------


def dateutil_reads(written: str) -> object:
    """What dates._parse_written gave before its short way: dateutil's reading, or its refusal."""
    from dateutil import parser

    try:
        return parser.parse(written, default=datetime.datetime(2000, 1, 1))
    except (ValueError, OverflowError):
        return "refused"


_MONTH_NAMES = ["January", "February", "June", "September", "December", "july", "Febuary", "Sept"]


@settings(max_examples=1000, deadline=None)
@given(
    month=st.sampled_from(_MONTH_NAMES),
    day=st.sampled_from(["0", "1", "01", "9", "10", "28", "29", "30", "31", "32", "001"]),
    year=st.sampled_from(["1900", "1999", "2024", "2026", "2100", "9000", "9999", "0099", "10000"]),
    time=st.one_of(
        st.just(""),
        st.tuples(
            st.sampled_from(["0", "00", "1", "01", "9", "09", "11", "12", "13", "23", "24"]),
            st.sampled_from(["00", "05", "30", "59", "60", "7"]),
            st.sampled_from(["am", "pm", "AM", "p.m.", ""]),
        ).map(lambda t: f" {t[0]}:{t[1]} {t[2]}".rstrip()),
    ),
)
@example(month="July", day="1", year="2026", time=" 9:30 am")
@example(month="July", day="1", year="2026", time=" 12:30 am")
@example(month="July", day="1", year="2026", time=" 12:30 pm")
@example(month="February", day="29", year="2024", time="")
def test_month_day_year_reads_as_dateutil_does(month: str, day: str, year: str, time: str) -> None:
    """Where the short way reads a date, dateutil reads the same; where dateutil refuses, so does the short way."""
    written = f"{month} {day}, {year}{time}"
    quick = dates._month_day_year(written)
    if quick is not None:
        assert quick == dateutil_reads(written)
    elif dates._MONTH_DAY_YEAR.fullmatch(written):
        assert dateutil_reads(written) == "refused"


def test_month_day_year_is_taken_for_the_usual_forms() -> None:
    assert dates._month_day_year("July 1, 2026 9:30 pm") == datetime.datetime(2026, 7, 1, 21, 30)
    assert dates._month_day_year("July 1, 2026") == datetime.datetime(2026, 7, 1)
    assert dates._month_day_year("1 July 2026") is None


# --- frontmatter.split --------------------------------------------------------------------------------------------


def old_split(text: str, *, path: str) -> frontmatter.Parsed:
    """frontmatter.split before it stopped splitting the whole text into lines."""
    first = text.split("\n", 1)[0].rstrip()
    if first not in ("---", "+++"):
        return frontmatter.Parsed({}, {}, text, 1, False)
    closers = ("---", "...") if first == "---" else ("+++",)
    lines = text.split("\n")
    for index in range(1, len(lines)):
        if lines[index].rstrip() in closers:
            break
    else:
        raise FrontMatterError(
            Problem(
                path=path,
                line=1,
                message=f"front matter opened with '{first}' is never closed",
                hint=f"add a line '{closers[0]}' after the last front matter key",
            )
        )
    inner = "\n".join(lines[1:index])
    loader = frontmatter.parse_yaml_mapping if first == "---" else frontmatter._load_toml
    meta, key_lines = loader(inner, path=path, first_line=2)
    removed = frontmatter.clean_strings(meta)
    body = "\n".join(lines[index + 1 :])
    return frontmatter.Parsed(meta, key_lines, body, index + 2, True, removed)


def split_outcome(split: object, text: str) -> str:
    try:
        return repr(split(text, path="a.md"))  # type: ignore[operator]
    except FrontMatterError as exc:
        return repr(exc.problem)


_LINES = ["---", "--- ", "---\t", "+++", "...", "---x", "", " ", "title: Hello", 'title = "Hi"', "a: &x [1]", "b: *x"]
_LINES += ["tags: [a, b]", "date: 2026-07-01", "body text", "# Heading", "<!--more-->", ": bad"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_LINES), max_size=10), st.booleans())
@example(["---", "title: A", "---"], False)
@example(["---", "---"], True)
@example(["+++", 'title = "A"', "+++", "Body."], True)
def test_split_equals_the_old_split(lines: list[str], final_newline: bool) -> None:
    """Front matter, body, lines and errors as the old split gave them, for any arrangement of lines."""
    text = "\n".join(lines) + ("\n" if final_newline else "")
    assert split_outcome(frontmatter.split, text) == split_outcome(old_split, text)


# --- reading a file's bytes ---------------------------------------------------------------------------------------


def old_read_bytes(path: pathlib.Path) -> tuple[bytes, int]:
    """How _read_text read a file before: ask for the limit and one byte more."""
    with path.open("rb") as stream:
        data = stream.read(articles.MAX_BYTES + 1)
        return data, max(len(data), os.fstat(stream.fileno()).st_size)


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 18, 100])
def test_read_bytes_equals_the_old_read(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    """Files below and at the limit (16 bytes here) give the old bytes and size; one over it gives its size
    and not a byte of it (the limit applies before anything is read)."""
    monkeypatch.setattr(articles, "MAX_BYTES", 16)
    path = tmp_path / "a.md"
    path.write_bytes(bytes(range(65, 65 + size)))
    if size <= 16:
        assert articles._read_bytes(path) == old_read_bytes(path)
    else:
        assert articles._read_bytes(path) == (b"", size)


@pytest.mark.parametrize("limit", [16, 10_000_000])
def test_read_bytes_of_a_file_larger_than_its_stat(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    """A file whose stat says 0 bytes but which holds more (as if it grew after the stat) is read on."""
    path = pathlib.Path("/proc/version")
    if not path.exists() or path.stat().st_size != 0:
        pytest.skip("needs Linux's /proc")
    monkeypatch.setattr(articles, "MAX_BYTES", limit)
    data, size = articles._read_bytes(path)
    assert (data, size) == old_read_bytes(path)
    assert data.startswith(b"Linux")


# --- many files at once -------------------------------------------------------------------------------------------


def _sites() -> Iterator[tuple[pathlib.Path, Site]]:
    sample = load_site(ROOT / "feedbuilder.yaml")
    yield ROOT / "articles", sample
    yield HOSTILE, dataclasses.replace(sample, articles_dir=HOSTILE)


def use_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading goes to worker processes from two files on, three files per task, even on one core."""
    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork")
    monkeypatch.setattr(forking, "PARALLEL_FROM", 2)
    monkeypatch.setattr(forking, "_CHUNK", 3)
    monkeypatch.setattr(forking, "cores", lambda: 2)
    monkeypatch.setattr(forking, "LARGE_PROCESS", 10**12)  # the test process itself may be larger than a build


@pytest.fixture
def workers(monkeypatch: pytest.MonkeyPatch) -> None:
    use_workers(monkeypatch)


def one_after_another(files: list[SourceFile], site: Site) -> tuple[list[object], list[Problem]]:
    """The cards and problems of reading each file in turn."""
    found, report = [], Report()
    for file in files:
        card, problems = cards.read_card(file, site=site)
        report.extend(problems)
        if card is not None:
            found.append(card)
    return found, list(report)


def _process_id(item: int) -> tuple[int, int]:
    return item, os.getpid()


def test_in_order_uses_workers_and_keeps_the_order(workers: None) -> None:
    """Results come back in the order of the items, from processes other than this one."""
    done = list(forking.in_order(_process_id, range(20)))
    assert [item for item, _ in done] == list(range(20))
    assert os.getpid() not in {pid for _, pid in done}


def test_in_order_without_workers_below_the_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(forking, "PARALLEL_FROM", 300)
    assert {pid for _, pid in forking.in_order(_process_id, range(20))} == {os.getpid()}


def test_reading_in_workers_equals_one_file_after_another(workers: None) -> None:
    """Every card and every problem (errors, warnings), in the order of the files."""
    for folder, site in _sites():
        files = find_articles(folder, report=Report(), shown_root="articles")
        assert len(files) > forking.PARALLEL_FROM
        report = Report()
        found = cards.scan(files, site=site, report=report)
        assert (list(found), list(report)) == one_after_another(files, site)


def test_cache_reads_like_one_file_after_another(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Through the cache, cold (files read, in this process or in workers) and warm: the cards and
    problems of reading each file in turn, and the same entries kept either way."""
    monkeypatch.setattr(fingerprint, "now_ns", lambda: time.time_ns() + 10**13)  # settled: no hashes of files
    for folder, site in _sites():
        files = find_articles(folder, report=Report(), shown_root="articles")
        expected = one_after_another(files, site)
        for way in ("here", "workers"):
            if way == "workers":
                use_workers(monkeypatch)
            path = tmp_path / folder.name / way / "cards"
            for _ in range(2):  # cold, then warm
                cache, report = kept_cards.CardCache.open(path, site), Report()
                found = cache.scan(files, site=site, report=report)
                assert (list(found), list(report)) == expected
                cache.save(report=report)
        here = kept_cards.CardCache.open(tmp_path / folder.name / "here" / "cards", site)
        there = kept_cards.CardCache.open(path, site)
        assert list(here._kept.cards) == list(there._kept.cards)
        assert (here._kept.stats, here._kept.settled, here._kept.problems) == (
            there._kept.stats,
            there._kept.settled,
            there._kept.problems,
        )
        monkeypatch.undo()
        monkeypatch.setattr(fingerprint, "now_ns", lambda: time.time_ns() + 10**13)

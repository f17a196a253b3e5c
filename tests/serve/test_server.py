"""`feedbuilder serve` over real HTTP on loopback: headers, validators, traversal, watch, readers."""

from __future__ import annotations

import collections
import contextlib
import email.utils
import gzip
import hashlib
import http.client
import os
import pathlib
import queue
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from typing import IO

import feedparser
import pytest
from click.testing import CliRunner
from lxml import etree

from feedbuilder.check.checker import check_feed
from feedbuilder.cli.commands import cli
from feedbuilder.serve import watch
from feedbuilder.serve.server import (
    LISTING,
    Server,
    Snapshot,
    accepts_gzip,
    etag_matches,
    make_entry,
    resolve,
    served_url,
)
from feedbuilder.site.identity import RECORD_NAME

from conftest import SiteFolder

TIMEOUT = 5  # seconds for every request
WAIT = 10  # seconds to wait for a rebuild, a subprocess line
FIRST = "---\ntitle: First post\ndate: 2026-01-01\n---\nHello.\n"
SECOND = "---\ntitle: Second & <last>\ndate: 2026-01-02\ntags: [news]\n---\nSee [about](/about/).\n"
TITLES = ["Second & <last>", "First post"]
ATOM_NS = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def site(folder: SiteFolder) -> SiteFolder:
    folder.article("first.md", FIRST)
    folder.article("second.md", SECOND)
    return folder


@pytest.fixture
def log() -> list[str]:
    return []


@pytest.fixture
def server(site: SiteFolder, log: list[str]) -> Iterator[Server]:
    with Server(site.config, port=0, say=lambda _line: None, log=log.append) as started:
        assert started.rebuild().ok
        yield started.start()


def fetch(
    server: Server,
    target: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
) -> tuple[int, http.client.HTTPMessage, bytes]:
    parts = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=TIMEOUT)
    try:
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def wait_for(condition: Callable[[], bool], what: str) -> float:
    """Poll ``condition`` every 50 ms for up to WAIT seconds; the seconds it took."""
    started = time.monotonic()
    while not condition():
        if time.monotonic() - started > WAIT:
            pytest.fail(f"waited {WAIT} s for {what}")
        time.sleep(0.05)
    return time.monotonic() - started


def items_of(data: bytes) -> list[str]:
    """The item titles of an RSS or Atom feed; raises unless the bytes are well-formed XML."""
    return [
        str(t)
        for t in etree.fromstring(data).xpath(
            "//item/title/text() | //*[local-name()='entry']/*[local-name()='title']/text()"
        )
    ]


# -- pure pieces ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "expected"),
    [("gzip", True), ("deflate, gzip;q=0.5", True), ("br, *;q=0.1", True), ("x-gzip", True), ("identity", False),
     ("gzip;q=0", False), ("*, gzip;q=0", False), ("", False), ("gzip;q=abc", False)],
)  # fmt: skip
def test_accept_encoding(field: str, expected: bool) -> None:
    """gzip only when Accept-Encoding allows it: q-values, `*`, and `q=0` refusals."""
    assert accepts_gzip([field]) is expected


@pytest.mark.parametrize(
    ("field", "expected"),
    [('"abc"', True), ('W/"abc"', True), ('"x", "abc"', True), ('"x",W/"abc"', True), ("*", True),
     ('"abcd"', False), ('"ab"', False), ("abc", False)],
)  # fmt: skip
def test_if_none_match_forms(field: str, expected: bool) -> None:
    """If-None-Match matches lists, weak W/ forms and `*`, and nothing else."""
    assert etag_matches(field, '"abc"') is expected


def test_request_targets_name_built_files() -> None:
    """Targets decode segment by segment; queries are ignored; `/` is the index page, else the listing."""
    snapshot = Snapshot({"index.html": make_entry("index.html", b"", 0)})
    assert resolve("/tags/caf%C3%A9/rss.xml?utm=1", snapshot) == "tags/café/rss.xml"
    assert resolve("/?x=1", snapshot) == "index.html"
    assert resolve("/", Snapshot({})) == LISTING
    assert resolve("http://example.org/atom.xml", snapshot) == "atom.xml"


def test_served_url_of_wildcard_and_ipv6_binds() -> None:
    """A wildcard bind still gives feeds an address a reader can fetch; IPv6 hosts get brackets."""
    assert served_url("0.0.0.0", 8000) == "http://127.0.0.1:8000/"  # noqa: S104
    assert served_url("::1", 80) == "http://[::1]:80/"
    assert served_url("localhost", 1) == "http://localhost:1/"


# -- HTTP ----------------------------------------------------------------------------------------


def test_content_types_of_each_kind(server: Server) -> None:
    """Every kind of file gets the Content-Type (with charset) that readers and feedparser expect."""
    json_feed = b'{"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": []}'
    files = {
        "rss.xml": b"<rss version='2.0'/>",
        "atom.xml": b"<feed xmlns='http://www.w3.org/2005/Atom'/>",
        "tags/news/rss.xml": b"<rss version='2.0'/>",
        "tags/news/feed.xml": b"<?xml version='1.0'?><!-- x --><feed xmlns='http://www.w3.org/2005/Atom'/>",
        "feed.json": json_feed,
        "index.html": b"<!DOCTYPE html><title>x</title>",
        "feeds.opml": b"<opml version='2.0'/>",
        "other.json": b"{}",
        "photo.jpg": b"\xff\xd8",
    }
    server.publish(files, "T")
    expected = {
        "/rss.xml": "application/rss+xml; charset=utf-8",
        "/atom.xml": "application/atom+xml; charset=utf-8",
        "/tags/news/rss.xml": "application/rss+xml; charset=utf-8",
        "/tags/news/feed.xml": "application/atom+xml; charset=utf-8",
        "/feed.json": "application/feed+json; charset=utf-8",
        "/index.html": "text/html; charset=utf-8",
        "/": "text/html; charset=utf-8",
        "/feeds.opml": "text/x-opml; charset=utf-8",
        "/other.json": "application/json; charset=utf-8",
        "/photo.jpg": "image/jpeg",
    }
    assert {target: fetch(server, target)[1]["Content-Type"] for target in expected} == expected


def test_built_feeds_are_served_with_feed_types(server: Server) -> None:
    """The real build's rss.xml and atom.xml are served as RSS and Atom, never text/xml or octet-stream."""
    assert fetch(server, "/rss.xml")[1]["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert fetch(server, "/atom.xml")[1]["Content-Type"] == "application/atom+xml; charset=utf-8"


def test_root_lists_the_feeds_without_an_index_page(server: Server) -> None:
    """`/` without an index.html is a page that links and autodiscovers every feed."""
    server.publish({"rss.xml": b"<rss version='2.0'/>", "atom.xml": b"<feed/>"}, "T & Co")
    status, headers, body = fetch(server, "/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b'<link rel="alternate" type="application/rss+xml" title="T &amp; Co (rss.xml)" href="rss.xml">' in body
    assert b'<a href="atom.xml">atom.xml</a>' in body
    server.publish({"rss.xml": b"<rss/>", "index.html": b"<p>mine</p>"}, "T")
    assert fetch(server, "/")[2] == b"<p>mine</p>"


def test_folders_are_served_by_their_index_page(server: Server) -> None:
    """`/a/` serves a/index.html; `/a` is redirected there, as static hosts do; `/b/` without one is 404."""
    server.publish({"a/index.html": b"<p>a</p>", "b/rss.xml": b"<rss/>"}, "T")
    assert fetch(server, "/a/")[::2] == (200, b"<p>a</p>")
    status, headers, _ = fetch(server, "/a?x=1")
    assert (status, headers["Location"]) == (301, "/a/?x=1")
    assert fetch(server, "/b/")[0] == fetch(server, "/b")[0] == 404


def test_etag_and_if_none_match(server: Server) -> None:
    """A strong ETag from the bytes; If-None-Match (exact, list, weak, `*`) gives 304 without a body."""
    status, headers, body = fetch(server, "/rss.xml")
    etag = headers["ETag"]
    assert status == 200 and etag == f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    assert headers["Cache-Control"] == "no-cache"
    for field in (etag, f'"nope", {etag}', f"W/{etag}", "*"):
        status, headers, body = fetch(server, "/rss.xml", headers={"If-None-Match": field})
        assert (status, headers["ETag"], body) == (304, etag, b""), field
    assert fetch(server, "/rss.xml", headers={"If-None-Match": '"nope"'})[0] == 200


def test_if_modified_since(server: Server) -> None:
    """If-Modified-Since at or after Last-Modified gives 304, unless an If-None-Match says otherwise."""
    modified = fetch(server, "/atom.xml")[1]["Last-Modified"]
    earlier = email.utils.formatdate(email.utils.parsedate_to_datetime(modified).timestamp() - 1, usegmt=True)
    assert fetch(server, "/atom.xml", headers={"If-Modified-Since": modified})[0] == 304
    assert fetch(server, "/atom.xml", headers={"If-Modified-Since": earlier})[0] == 200
    assert fetch(server, "/atom.xml", headers={"If-Modified-Since": "yesterday"})[0] == 200
    both = {"If-Modified-Since": modified, "If-None-Match": '"other"'}
    assert fetch(server, "/atom.xml", headers=both)[0] == 200


def test_last_modified_is_when_the_bytes_changed(server: Server, site: SiteFolder) -> None:
    """Last-Modified stays across requests and no-op rebuilds, and moves forward at once when bytes change."""
    headers = fetch(server, "/rss.xml")[1]
    second = int(time.time())
    wait_for(lambda: int(time.time()) > second, "the next second")
    assert server.rebuild().changed == ()
    assert fetch(server, "/rss.xml")[1]["Last-Modified"] == headers["Last-Modified"]
    site.article("first.md", FIRST.replace("Hello", "Changed"))
    assert {"atom.xml", "rss.xml"} <= set(server.rebuild().changed)
    status, after, _ = fetch(server, "/rss.xml", headers={"If-Modified-Since": headers["Last-Modified"]})
    assert status == 200 and after["ETag"] != headers["ETag"]
    assert email.utils.parsedate_to_datetime(after["Last-Modified"]) > email.utils.parsedate_to_datetime(
        headers["Last-Modified"]
    )
    site.article("first.md", FIRST.replace("Hello", "Changed again"))  # a second change within the same second
    assert server.rebuild().ok
    assert fetch(server, "/rss.xml", headers={"If-Modified-Since": after["Last-Modified"]})[0] == 200


def test_head_has_the_headers_and_no_body(server: Server) -> None:
    """HEAD sends GET's headers and no body: the next response on the same connection is intact."""
    parts = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=TIMEOUT)
    try:
        connection.request("HEAD", "/atom.xml")
        head = connection.getresponse()
        assert head.read() == b""
        connection.request("GET", "/atom.xml")
        got = connection.getresponse()
        body = got.read()
    finally:
        connection.close()
    assert head.status == got.status == 200 and etree.fromstring(body) is not None
    for field in ("Content-Type", "Content-Length", "ETag", "Last-Modified", "Cache-Control"):
        assert head.headers[field] == got.headers[field], field
    assert int(head.headers["Content-Length"]) == len(body)


def test_keep_alive_replies_are_not_delayed(server: Server) -> None:
    """Replies on a kept-alive connection come at once, not 40 ms late (Nagle against delayed ACKs)."""
    parts = urllib.parse.urlsplit(server.url)
    with _Client(str(parts.hostname), parts.port or 0) as client:
        client.get("/rss.xml")
        started = time.monotonic()
        for _ in range(50):
            assert client.get("/rss.xml")[0] == 200
        assert time.monotonic() - started < 1.0


def test_reader_hanging_up_is_not_an_error(server: Server, capfd: pytest.CaptureFixture[str]) -> None:
    """A reader that resets the connection mid-download leaves no traceback on the terminal."""
    server.publish({"big.xml": os.urandom(8_000_000)}, "T")
    threads = threading.active_count()
    parts = urllib.parse.urlsplit(server.url)
    for _ in range(3):
        with socket.create_connection((str(parts.hostname), parts.port or 0), timeout=TIMEOUT) as reader:
            reader.sendall(b"GET /big.xml HTTP/1.1\r\nHost: x\r\n\r\n")
            assert reader.recv(12) == b"HTTP/1.1 200"
            reader.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # close with a reset
    wait_for(lambda: threading.active_count() <= threads, "the answering threads to end")
    assert fetch(server, "/big.xml", method="HEAD")[0] == 200
    assert "Traceback" not in capfd.readouterr().err


def test_gzip_when_asked(server: Server) -> None:
    """gzip for readers that accept it, with Vary and its own ETag; identity for the others."""
    plain = fetch(server, "/rss.xml")
    status, headers, body = fetch(server, "/rss.xml", headers={"Accept-Encoding": "gzip, deflate"})
    assert status == 200 and headers["Content-Encoding"] == "gzip" and headers["Vary"] == "Accept-Encoding"
    assert gzip.decompress(body) == plain[2] and len(body) < len(plain[2])
    assert headers["ETag"] != plain[1]["ETag"] and plain[1]["Vary"] == "Accept-Encoding"
    again = fetch(server, "/rss.xml", headers={"Accept-Encoding": "gzip", "If-None-Match": headers["ETag"]})
    assert again[0] == 304 and again[1]["ETag"] == headers["ETag"]
    refused = fetch(server, "/rss.xml", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert refused[1]["Content-Encoding"] is None and refused[2] == plain[2]


@pytest.mark.parametrize(
    "target",
    ["/../feedbuilder.yaml", "/%2e%2e/feedbuilder.yaml", "/%2E%2E/feedbuilder.yaml", "/..%2ffeedbuilder.yaml",
     "/..%2Ffeedbuilder.yaml", "/..\\feedbuilder.yaml", "/..%5cfeedbuilder.yaml", "/.%2e/feedbuilder.yaml",
     "/tags/../rss.xml", "/./rss.xml", "/tags//rss.xml", "/rss.xml%00", "/rss.xml%00.txt", "/%ff", "/feedbuilder.yaml",
     "/articles/first.md", "http://127.0.0.1/../feedbuilder.yaml", "rss.xml", "/nothing.xml", "/tags/"],
)  # fmt: skip
def test_nothing_outside_the_served_files(server: Server, target: str) -> None:
    """`..` in every spelling, encoded slashes, backslashes, NUL and unknown names give 404."""
    (server.folder / "tags").mkdir(exist_ok=True)
    status, _, body = fetch(server, target)
    assert status == 404 and b"Test Site" not in body


def test_symlink_in_the_served_folder_is_not_served(server: Server, site: SiteFolder) -> None:
    """A symlink put into the served folder, pointing out of it, is a 404 (only built files are served)."""
    (server.folder / "secret.xml").symlink_to(site.config)
    (server.folder / "outside").symlink_to(site.root, target_is_directory=True)
    assert (server.folder / "secret.xml").read_bytes() == site.config.read_bytes()
    assert fetch(server, "/secret.xml")[0] == 404
    assert fetch(server, "/outside/feedbuilder.yaml")[0] == 404


def test_other_methods_are_refused(server: Server) -> None:
    """POST, PUT, DELETE and made-up methods give 405 with Allow, and the connection closes."""
    for method in ("POST", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"):
        status, headers, _ = fetch(server, "/rss.xml", method=method, body=b"x=1")
        assert (status, headers["Allow"], headers["Connection"]) == (405, "GET, HEAD", "close"), method


def test_served_feeds_pass_the_checker_at_their_address(server: Server) -> None:
    """The served feeds have self links naming the server, and feedcheck finds nothing at that address."""
    names = [n for n in server.snapshot.files if n.endswith((".xml", ".json"))]
    assert {"rss.xml", "atom.xml"} <= set(names)
    for name in names:
        data = fetch(server, f"/{name}")[2]
        assert check_feed(data, path=name, expected_url=server.url + name) == []
    self_links = etree.fromstring(fetch(server, "/rss.xml")[2]).xpath("//*[local-name()='link'][@rel='self']/@href")
    assert self_links == [server.url + "rss.xml"]
    assert server.url.startswith("http://127.0.0.1:")


@pytest.mark.parametrize(("name", "version"), [("rss.xml", "rss20"), ("atom.xml", "atom10")])
def test_feedparser_fetches_cleanly_and_revalidates(
    server: Server, name: str, version: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """feedparser, fetching over HTTP, flags no content type or encoding problem and gets 304 when it asks again."""
    for variable in [v for v in os.environ if "proxy" in v.lower()]:
        monkeypatch.delenv(variable)  # loopback must not go through a proxy
    first = feedparser.parse(server.url + name)
    assert (first.status, first.bozo, first.version, first.encoding) == (200, False, version, "utf-8")
    assert sorted(entry.title for entry in first.entries) == sorted(TITLES)
    again = feedparser.parse(server.url + name, etag=first.etag, modified=first.modified)
    assert again.status == 304 and again.entries == []


def test_ids_keep_the_configured_authority(folder: SiteFolder, log: list[str]) -> None:
    """Without id_authority the ids (and the warning's advice) use the configured url, not the server's."""
    folder.config.write_text("title: T\nurl: https://example.org/\n", encoding="utf-8")
    folder.article("first.md", FIRST)
    with Server(folder.config, say=lambda _line: None, log=log.append) as server:
        assert server.rebuild().ok
        data = server.snapshot.files["atom.xml"].data
    assert b"tag:example.org,2026:first" in data and b"127.0.0.1," not in data
    assert any("add 'id_authority: example.org,2026'" in line for line in log)
    assert not any("127.0.0.1," in line for line in log)


def test_urls_printed_main_ones_first(site: SiteFolder) -> None:
    """The index and the site's feeds are said once each, index first; other feeds as a count and where listed."""
    said: list[str] = []
    with Server(site.config, say=said.append, log=lambda _line: None) as server:
        tags = {f"tags/{n}/{f}": b"<rss/>" for n in "ab" for f in ("rss.xml", "atom.xml")}
        server.publish({**tags, "rss.xml": b"<rss/>", "atom.xml": b"<feed/>", "index.html": b""}, "T")
        server.publish({"feed.json": b"{}", "rss.xml": b"<rss/>", "tags/c/rss.xml": b"<rss/>"}, "T")
        url = server.url
        assert said == [
            *(url + n for n in ("", "rss.xml", "atom.xml")),
            f"2 more feeds listed at {url}index.html",
            url + "feed.json",
            f"1 more feed listed at {url}",
        ]
        folder = server.folder
    assert not folder.exists()


# -- watch and rebuilds --------------------------------------------------------------------------


def save_by_rename(path: pathlib.Path, text: str) -> None:
    """Save the way many editors do: a new file renamed over the old one."""
    temporary = path.with_name(path.name + ".new~")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_watch_rebuilds_after_an_edit(server: Server, site: SiteFolder, log: list[str]) -> None:
    """Under watch, an edited article and a config saved by rename (twice) are served within seconds."""

    def shows(text: str) -> Callable[[], bool]:
        return lambda: text.encode() in fetch(server, "/rss.xml")[2]

    server.watch()
    site.article("first.md", FIRST.replace("First post", "Edited title"))
    wait_for(shows("Edited title"), "the edited article")
    for title in ("Renamed Site", "Renamed Again"):
        save_by_rename(site.config, site.config.read_text(encoding="utf-8").replace("Test Site", title, 1))
        wait_for(shows(f"<title>{title}</title>"), title)
        site.config.write_text(site.config.read_text(encoding="utf-8").replace(title, "Test Site"), encoding="utf-8")
        wait_for(shows("<title>Test Site</title>"), "the title back")
    assert all(line.startswith("serve: built ") for line in log)


def test_watch_follows_the_articles_folder_the_config_names(server: Server, site: SiteFolder) -> None:
    """When the config moves the articles folder, the new folder is built and watched."""
    server.watch()
    (site.root / "posts").mkdir()
    (site.root / "posts" / "moved.md").write_text(FIRST.replace("First post", "Moved post"), encoding="utf-8")
    site.configure("articles: posts\n")
    wait_for(lambda: b"Moved post" in fetch(server, "/rss.xml")[2], "the new folder's article")
    (site.root / "posts" / "moved.md").write_text(FIRST.replace("First post", "Edited post"), encoding="utf-8")
    wait_for(lambda: b"Edited post" in fetch(server, "/rss.xml")[2], "an edit in the new folder")


def test_a_crashing_rebuild_does_not_end_the_watch(
    server: Server, site: SiteFolder, log: list[str], monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """A bug during a watched rebuild shows its traceback; the last good feeds stay and watching goes on."""
    real_build = watch.pipeline.build

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("a bug")

    server.watch()
    monkeypatch.setattr(watch.pipeline, "build", broken)
    site.article("first.md", FIRST.replace("First post", "Crash"))
    wait_for(lambda: any("rebuild crashed" in line for line in log), "the crash report")
    assert "RuntimeError: a bug" in capfd.readouterr().err
    assert b"First post" in fetch(server, "/rss.xml")[2]
    monkeypatch.setattr(watch.pipeline, "build", real_build)
    site.article("first.md", FIRST.replace("First post", "After the crash"))
    wait_for(lambda: b"After the crash" in fetch(server, "/rss.xml")[2], "the next rebuild")


def test_broken_article_keeps_the_last_good_feeds(server: Server, site: SiteFolder, log: list[str]) -> None:
    """A broken article under watch prints build's own error lines; the last good feeds stay served."""
    server.watch()
    before = fetch(server, "/rss.xml")[2]
    site.article("bad.md", "---\ntitle: Bad\ndate: 2024-13-45\n---\n")
    site.article("first.md", FIRST.replace("First post", "Not yet"))
    wait_for(lambda: any(line.startswith("serve: build failed") for line in log), "the failed build")
    assert fetch(server, "/rss.xml")[2] == before
    build = CliRunner().invoke(cli, ["build", "--output", str(site.root / "elsewhere")])
    assert build.exit_code == 1
    assert build.stderr.splitlines()[0] in log
    assert log[-1] == "serve: build failed (1 error); still serving the last good feeds"
    (site.root / "articles" / "bad.md").unlink()
    wait_for(lambda: b"Not yet" in fetch(server, "/rss.xml")[2], "the fixed build")


def test_readers_get_whole_feeds_during_rebuilds(server: Server, site: SiteFolder) -> None:
    """A reader fetching in a loop while the site rebuilds again and again only ever gets a whole feed."""
    paragraphs = "\n\n".join(f"Paragraph {i} of a long article, with *some* markup." for i in range(1500))
    versions = [f"---\ntitle: Version {v}\ndate: 2026-01-03\n---\n{paragraphs}\n" for v in "AB"]
    stop = threading.Event()
    seen: collections.Counter[str] = collections.Counter()
    failures: list[str] = []

    def read() -> None:
        encodings = ["gzip", "identity"]
        while not stop.is_set():
            encoding = encodings[sum(seen.values()) % 2]
            try:
                status, headers, body = fetch(server, "/atom.xml", headers={"Accept-Encoding": encoding})
                data = gzip.decompress(body) if headers["Content-Encoding"] == "gzip" else body
                titles = items_of(data)
                assert status == 200 and len(titles) == 3, titles
                assert headers["ETag"].startswith(f'"{hashlib.sha256(data).hexdigest()[:32]}')
                seen[titles[0]] += 1
            except Exception as exc:
                failures.append(repr(exc))

    site.article("long.md", versions[1])
    assert server.rebuild().ok
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        for round_ in range(30):
            site.article("long.md", versions[round_ % 2])
            assert server.rebuild().ok
    finally:
        stop.set()
        reader.join(WAIT)
    assert failures == []
    assert seen["Version A"] > 0 and seen["Version B"] > 0, seen


# -- the command ---------------------------------------------------------------------------------


class Lines:
    """A subprocess's output, line by line, readable with a timeout."""

    def __init__(self, stream: IO[str] | None) -> None:
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, args=(stream,), daemon=True).start()

    def _pump(self, stream: IO[str] | None) -> None:
        for line in stream or ():
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def next(self) -> str:
        line = self._lines.get(timeout=WAIT)
        assert line is not None, "the output ended"
        return line

    def rest(self) -> list[str]:
        """Every line to the end (of a finished process)."""
        rest = []
        while (line := self._lines.get(timeout=WAIT)) is not None:
            rest.append(line)
        return rest


def test_cli_serves_watches_and_stops_on_ctrl_c(site: SiteFolder) -> None:
    """`serve --port 0 --watch` prints URLs, serves, rebuilds, exits 0 on SIGINT; writes nothing of the site's."""
    command = [sys.executable, "-m", "feedbuilder", "serve", "--port", "0", "--watch"]
    process = subprocess.Popen(command, cwd=site.root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        out, err = Lines(process.stdout), Lines(process.stderr)
        urls = [out.next(), out.next(), out.next()]
        assert [u.rpartition("/")[2] for u in urls] == ["", "rss.xml", "atom.xml"]
        assert err.next().startswith("serve: built 2 articles in ")
        assert err.next() == f"serve: serving {urls[0]} (Ctrl-C to stop)"
        urls = urls[1:]
        parts = urllib.parse.urlsplit(urls[0])
        with _Client(str(parts.hostname), parts.port or 0) as client:
            assert client.get("/rss.xml")[0] == 200
            site.article("first.md", FIRST.replace("First post", "Live edit"))
            wait_for(lambda: b"Live edit" in client.get("/rss.xml")[1], "the rebuild")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=WAIT) == 0
        rest = err.rest()
        assert rest[-1] == "serve: stopped" and not any("Traceback" in line for line in rest), rest
        assert not (site.root / "public").exists()  # never the configured output folder,
        assert not (site.root / RECORD_NAME).exists()  # and a preview publishes no ids
    finally:
        process.kill()
        process.wait(timeout=WAIT)


class _Client:
    def __init__(self, host: str, port: int) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=TIMEOUT)

    def get(self, target: str) -> tuple[int, bytes]:
        self.connection.request("GET", target)
        response = self.connection.getresponse()
        return response.status, response.read()

    def __enter__(self) -> _Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.connection.close()


def test_cli_port_in_use(site: SiteFolder) -> None:
    """A port in use: exit 1 and one line that says what to do."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--port", str(port)])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"serve: port {port} is in use (pick another with --port, or --port 0 for any free port)\n"


def test_cli_broken_site_without_watch_exits_1(site: SiteFolder) -> None:
    """Without --watch there is nothing to wait for: a broken site prints its problems and exits 1."""
    site.article("bad.md", "---\ntitle: Bad\ndate: 2024-13-45\n---\n")
    command = [sys.executable, "-m", "feedbuilder", "serve", "--port", "0"]
    done = subprocess.run(command, cwd=site.root, capture_output=True, text=True, timeout=WAIT * 3, check=False)
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr.startswith("articles/bad.md:3: date: '2024-13-45' is not a date")
    assert done.stderr.endswith("serve: build failed (1 error); no feeds to serve yet\n")


# -- a real reader -------------------------------------------------------------------------------


def test_newsboat_shows_every_article_once(site: SiteFolder, tmp_path: pathlib.Path) -> None:
    """newsboat reads every article of each served feed once, and its third reload gets 304s (gzip ETags)."""
    newsboat = shutil.which("newsboat")
    if newsboat is None:
        if os.environ.get("CI"):
            pytest.fail("newsboat is not installed; .ci/run installs it")
        pytest.skip("newsboat is not installed (apt-get install newsboat)")
    requests: list[tuple[object, ...]] = []
    with Server(
        site.config, say=lambda _line: None, log=lambda _line: None, on_request=lambda *r: requests.append(r)
    ) as server:
        server.rebuild()
        server.start()
        feeds = [server.url + "rss.xml", server.url + "atom.xml"]
        for feed in feeds:  # each feed alone: all its items
            assert sorted(read_with_newsboat(newsboat, tmp_path / feed.rpartition("/")[2], [feed])) == sorted(TITLES)
        requests.clear()
        both = read_with_newsboat(newsboat, tmp_path / "both", feeds, reloads=3)
    # Both feeds in one cache: RSS and Atom share their ids, so every article is there once, not twice.
    assert sorted(both) == sorted(TITLES)
    # newsboat 2.21 keeps a feed's validators from its second fetch on: the third reload is conditional.
    assert [status for _, _, status in requests] == [200, 200, 200, 200, 304, 304]


def read_with_newsboat(newsboat: str, home: pathlib.Path, feeds: list[str], *, reloads: int = 1) -> list[str]:
    """The item titles newsboat keeps in its cache after `newsboat -x reload` (in a home of its own)."""
    home.mkdir()
    (home / "urls").write_text("\n".join(feeds) + "\n", encoding="utf-8")
    (home / "config").write_text("", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    env.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config.d"), XDG_DATA_HOME=str(home / "data.d"))
    files = ["-u", str(home / "urls"), "-c", str(home / "cache.db"), "-C", str(home / "config")]
    for _ in range(reloads):
        done = subprocess.run(
            [newsboat, "-x", "reload", *files], env=env, capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0, done.stdout + done.stderr
    with contextlib.closing(sqlite3.connect(home / "cache.db")) as db:
        return [title for (title,) in db.execute("SELECT title FROM rss_item")]


# -- a crowd ------------------------------------------------------------------------------------


def _crowd(server: Server, clients: int, *, seconds: float) -> tuple[int, int]:
    """``clients`` connections opened at once, then each sends a GET of rss.xml (kept alive, as readers
    ask), all read in one bounded loop: how many got a whole 200 answer, and how many failed."""
    import selectors

    parts = urllib.parse.urlsplit(server.url)
    address = (parts.hostname or "", parts.port or 0)
    request = f"GET /rss.xml HTTP/1.1\r\nHost: {parts.netloc}\r\n\r\n".encode()
    sockets = []
    for _ in range(clients):
        client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        client.setblocking(False)
        client.connect_ex(address)
        sockets.append(client)
    chooser = selectors.DefaultSelector()
    for client in sockets:
        chooser.register(client, selectors.EVENT_WRITE, bytearray())
    answered = failed = 0
    deadline = time.monotonic() + seconds
    try:
        while chooser.get_map() and time.monotonic() < deadline:
            for key, events in chooser.select(timeout=0.2):
                client, got = key.fileobj, key.data
                assert isinstance(client, socket.socket)
                if events & selectors.EVENT_WRITE:
                    try:
                        client.sendall(request)
                    except OSError:
                        failed += 1
                        chooser.unregister(client)
                        continue
                    chooser.modify(client, selectors.EVENT_READ, got)
                    continue
                try:
                    chunk = client.recv(65536)
                except OSError:
                    chunk = b""
                got += chunk
                head, _, body = bytes(got).partition(b"\r\n\r\n")
                length = next(
                    (
                        int(line.split(b":")[1])
                        for line in head.split(b"\r\n")
                        if line.lower().startswith(b"content-length:")
                    ),
                    None,
                )
                if length is not None and len(body) >= length:
                    answered += head.startswith(b"HTTP/1.1 200")
                    chooser.unregister(client)
                elif not chunk:
                    failed += 1
                    chooser.unregister(client)
    finally:
        for client in sockets:
            client.close()
        chooser.close()
    return answered, failed


def test_a_thousand_readers_at_once_are_all_answered(server: Server) -> None:
    """1,000 connections opened at once (a backlog of 5 timed out 10-30 % of them): every one gets its
    feed within the loop's 60 seconds, and the server still answers afterwards."""
    answered, failed = _crowd(server, 1000, seconds=60)
    assert (answered, failed) == (1000, 0)
    assert fetch(server, "/rss.xml")[0] == 200


def test_a_slow_client_is_cut_off_and_others_are_served(server: Server, monkeypatch: pytest.MonkeyPatch) -> None:
    """A client sending its request a byte at a time loses its connection after the head deadline;
    meanwhile every other reader is answered."""
    from feedbuilder.serve import crowd

    monkeypatch.setattr(crowd, "HEAD_SECONDS", 1.0)
    parts = urllib.parse.urlsplit(server.url)
    slow = socket.create_connection((parts.hostname or "", parts.port or 0), timeout=TIMEOUT)
    started = time.monotonic()
    try:
        slow.sendall(b"GET /rss.xml HTTP/1.1\r\n")
        closed = False
        while time.monotonic() - started < 6:
            assert fetch(server, "/atom.xml")[0] == 200
            try:
                slow.sendall(b"X")
                slow.settimeout(0.3)
                closed = slow.recv(1) == b""
            except TimeoutError:
                continue
            except OSError:
                closed = True
            if closed:
                break
        assert closed, "the slow client was never cut off"
        assert time.monotonic() - started < 4
    finally:
        slow.close()

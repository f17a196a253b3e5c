"""`feedbuilder check FEED` as a user runs it: by path or URL, within bounds, naming non-feeds, fast to start."""

from __future__ import annotations

import contextlib
import gzip
import http.server
import os
import pathlib
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import ClassVar

import pytest
from click.testing import CliRunner

from feedbuilder.check.checker import NOT_A_FEED, check_feed, check_files
from feedbuilder.check.reading import READ_LIMIT, ReadError, read_file, read_url
from feedbuilder.cli.commands import cli

from conftest import SiteFolder

FIXTURES = pathlib.Path(__file__).parent.parent / "fixtures" / "feeds"
GOOD_RSS = (FIXTURES / "good-rss.xml").read_bytes()


def feedbuilder(*args: str, cwd: pathlib.Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """`python -X importtime -m feedbuilder ...`: every module it imports is listed on stderr."""
    environment = {**os.environ, "SOURCE_DATE_EPOCH": "1767225600", "PYTHONIOENCODING": "utf-8"}
    command = [sys.executable, "-X", "importtime", "-m", "feedbuilder", *args]
    return subprocess.run(
        command, cwd=cwd, env=environment, capture_output=True, text=True, timeout=timeout, check=False
    )


def said(process: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in process.stderr.splitlines() if not line.startswith("import time:")]


def imported(process: subprocess.CompletedProcess[str]) -> set[str]:
    return {line.split("|")[-1].strip() for line in process.stderr.splitlines() if line.startswith("import time:")}


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, bytes, dict[str, str]]]] = {}

    def do_GET(self) -> None:
        status, body, headers = self.routes.get(self.path, (404, b"not here", {}))
        if self.path == "/slow.xml":
            time.sleep(3)
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **headers}.items():
            self.send_header(name, value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
            self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    """A real HTTP server on loopback: /rss.xml, /page.html, /big.xml (claims 30 MB), anything else 404."""
    _Handler.routes = {
        "/rss.xml": (200, GOOD_RSS, {"Content-Type": "application/rss+xml"}),
        "/page.html": (200, b"<!DOCTYPE html><html><head><title>Hi</title></head></html>", {}),
        "/big.xml": (200, b"<rss/>", {"Content-Length": str(30_000_000)}),
        "/moved.xml": (301, b"", {"Location": "/rss.xml"}),
    }
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_check_feed_imports_only_the_checker(tmp_path: pathlib.Path) -> None:
    """`check FEED` loads the checker and click, not the build pipeline, its readers or feedgen."""
    (tmp_path / "rss.xml").write_bytes(GOOD_RSS)
    done = feedbuilder("check", "rss.xml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    modules = imported(done)
    assert "feedbuilder.check.checker" in modules
    pipeline = {"feedbuilder.build", "feedbuilder.config", "feedbuilder.render", "feedbuilder.sources", "feedgen"}
    pipeline |= {"yaml", "feedbuilder.incremental", "feedbuilder.cli.check_site", "markdown_it"}
    assert not modules & pipeline


def test_check_by_url_on_loopback(tmp_path: pathlib.Path, server: str) -> None:
    """A feed fetched over HTTP is checked like a file; the URL names it in every finding."""
    done = feedbuilder("check", f"{server}/rss.xml", f"{server}/moved.xml", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert said(done) == ["feedbuilder: no problems"]
    missing = feedbuilder("check", f"{server}/gone.xml", cwd=tmp_path)
    assert missing.returncode == 1
    assert said(missing)[0] == (
        f"{server}/gone.xml: cannot be fetched: HTTP 404 Not Found (check the URL) [file-unreadable]"
    )


def test_url_says_what_the_page_is(server: str) -> None:
    """A web page given instead of its feed is named as one."""
    [problem] = check_files([f"{server}/page.html"])
    assert problem.message.startswith(f"{NOT_A_FEED}: it is an HTML page")


def test_url_size_limit_and_timeout(server: str) -> None:
    """A response that says it is too big is refused before its body is read; a slow one times out."""
    with pytest.raises(ReadError, match="is 30,000,000 bytes, over the limit of 20,000,000 bytes"):
        read_url(f"{server}/big.xml")
    _Handler.routes["/slow.xml"] = (200, GOOD_RSS, {})
    started = time.monotonic()
    with pytest.raises(ReadError, match=r"cannot be fetched: .*timed out"):
        read_url(f"{server}/slow.xml", timeout=0.5)
    assert time.monotonic() - started < 2.5


def test_unreachable_url() -> None:
    """Nothing listening: one finding, no traceback."""
    [problem] = check_files(["http://127.0.0.1:9/rss.xml"])
    assert problem.message.startswith("cannot be fetched: ") and problem.code == "file-unreadable"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_devices_are_refused_at_once(tmp_path: pathlib.Path) -> None:
    """`check /dev/zero` says it is a device, at once, without reading from it."""
    started = time.monotonic()
    done = feedbuilder("check", "/dev/zero", cwd=tmp_path, timeout=30)
    assert done.returncode == 1
    assert said(done) == [
        "/dev/zero: is a character device, not a regular file "
        "(give the path of a feed file, or its http(s) URL) [file-unreadable]"
    ]
    assert time.monotonic() - started < 10


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_does_not_block(tmp_path: pathlib.Path) -> None:
    """A FIFO with no writer is refused, not waited on."""
    os.mkfifo(tmp_path / "pipe.xml")
    done = feedbuilder("check", "pipe.xml", cwd=tmp_path, timeout=30)
    assert done.returncode == 1
    assert said(done)[0].startswith("pipe.xml: is a FIFO (named pipe), not a regular file")


def test_folder_and_missing_file(tmp_path: pathlib.Path) -> None:
    """A folder and a missing path are one finding each."""
    problems = check_files([tmp_path, tmp_path / "missing.xml"])
    assert [p.message for p in problems] == [
        "is a folder, not a regular file",
        "cannot be read: No such file or directory",
    ]


def test_huge_file_refused_before_reading(tmp_path: pathlib.Path) -> None:
    """A 10 GB (sparse) file is refused from its size alone, in constant memory."""
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as stream:
        stream.truncate(10 * 1024**3)
    with pytest.raises(ReadError, match="is 10,737,418,240 bytes, over the limit of 20,000,000 bytes"):
        read_file(str(huge))
    exact = tmp_path / "limit.xml"
    exact.write_bytes(b" " * 10)
    assert read_file(str(exact), limit=10) == b" " * 10
    with pytest.raises(ReadError):
        read_file(str(exact), limit=9)
    assert READ_LIMIT == 20_000_000


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"", "it is empty"),
        (b" \n\t", "it is only white space"),
        (gzip.compress(GOOD_RSS), "it is gzip-compressed data (decompress it first: gunzip)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "it is a PNG image"),
        (b"\x00\x01\x02binary\x00", "it is binary data"),
        (b"<!-- x -->\n<!DOCTYPE html>\n<html lang=en><body>Hi</body></html>", "it is an HTML page"),
        (b"<?xml version='1.0'?><opml version='2.0'><body/></opml>", "it is an OPML outline (a list of feeds)"),
    ],
)
def test_says_what_a_non_feed_is(tmp_path: pathlib.Path, data: bytes, what: str) -> None:
    """Empty, binary, compressed, HTML and OPML files are named, not called broken XML."""
    path = tmp_path / "thing"
    path.write_bytes(data)
    [problem] = check_files([path])
    assert problem.message.startswith(f"{NOT_A_FEED}: {what}")
    assert problem.code == "not-a-feed"


def test_deep_well_formed_feed_is_read(tmp_path: pathlib.Path) -> None:
    """A well-formed feed with an extension nested 300 deep is read and checked, not called broken."""
    deep = b"<x:a xmlns:x='urn:example:x'>" * 300 + b"deep" + b"</x:a>" * 300
    path = tmp_path / "deep.xml"
    path.write_bytes(GOOD_RSS.replace(b"</channel>", deep + b"</channel>"))
    assert check_files([path]) == []


@pytest.mark.parametrize("piece", ["<!--", "<a ", '<a href="', "<b>", "<", "&#", "</x", "<!x", "<?"], ids=repr)
def test_hostile_html_costs_linear_time(piece: str) -> None:
    """200,000 repeats of an unclosed construct in content: checked in about a second, not minutes
    (html.parser took 47 s for 20,000 repeats of '<a ')."""
    markup = "<![CDATA[" + piece * 200_000 + "]]>"
    data = GOOD_RSS.replace(
        b"<description>A first post.</description>", f"<description>{markup}</description>".encode()
    )
    started = time.monotonic()
    problems = check_feed(data, path="hostile.xml")
    assert time.monotonic() - started < 10
    assert all(problem.code for problem in problems)


def test_nesting_beyond_the_parser_limit_is_said_plainly() -> None:
    deep = b"<x:a xmlns:x='urn:example:x'>" * 3000 + b"</x:a>" * 3000
    [problem] = check_feed(GOOD_RSS.replace(b"</channel>", deep + b"</channel>"), path="deep.xml")
    assert (problem.message, problem.code) == (
        "is not well-formed XML: elements nested over 2,048 deep",
        "xml-not-well-formed",
    )


def test_our_own_feeds_pass_strict(folder: SiteFolder) -> None:
    """What `feedbuilder build` writes passes `check --strict` (feedbuilder's own rules, warnings failing)."""
    folder.article(
        "tides.md", "---\ntitle: Tides & currents\ndate: 2025-03-02\ntags: [sea]\n---\nSpring <b>tides</b>.\n"
    )
    folder.article("wind.md", "---\ntitle: Wind\ndate: 2025-03-03\nauthor: Ines\n---\nA [gale](/gale/) is coming.\n")
    built = CliRunner().invoke(cli, ["build"], catch_exceptions=False)
    assert built.exit_code == 0, built.stderr
    feeds = sorted(str(path) for pattern in ("*.xml", "*.json") for path in (folder.root / "public").rglob(pattern))
    assert len(feeds) >= 3
    checked = CliRunner().invoke(cli, ["check", "--strict", *feeds], catch_exceptions=False)
    assert (checked.exit_code, checked.stderr) == (0, "feedbuilder: no problems\n")


def test_a_sites_kept_checks_keep_their_rule_codes(tmp_path: pathlib.Path) -> None:
    """`check` on a site replays a feed's findings from .feedbuilder/checks.json: with their rule codes."""
    from feedbuilder.incremental import kept_checks

    found = check_feed(GOOD_RSS.replace(b"<guid>https://example.com/articles/hello/</guid>", b""), path="rss.xml")
    assert found and all(problem.code for problem in found)
    record = tmp_path / kept_checks.FILE_NAME
    kept_checks.save(record, {"rss.xml": ("key", tuple(found))})
    assert kept_checks.load(record) == {"rss.xml": ("key", tuple(found))}

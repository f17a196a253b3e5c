"""`feedbuilder check FEED...`: judge feed files (ours or anyone's) by URL or path, at two levels.

The format is detected from the bytes: RSS (2.0, also 0.91 and 0.92), Atom 1.0 or JSON Feed 1.x; anything
else is named (an HTML page, OPML, gzip, binary, empty). The rules live in one module per format
(:mod:`rss_rules`, :mod:`atom_rules`, :mod:`json_rules`); HTML and plain-text checks in :mod:`html_rules`;
dates, URLs, ids and characters in :mod:`common`; every rule's code and levels in :mod:`rules`. Fields
name the element: `channel/link`, `item[3]/guid`, `entry[2]/updated` (items and entries counted from 1).
"""

from __future__ import annotations

import datetime
import os
import pathlib
import re
from collections.abc import Iterable

from feedbuilder.check.atom_rules import check_atom
from feedbuilder.check.common import Sink, show
from feedbuilder.check.json_rules import check_json
from feedbuilder.check.reading import ReadError, is_url, read_source
from feedbuilder.check.rss_rules import check_rss
from feedbuilder.check.xml_reading import ATOM, XmlFeed, check_all_text, line_of, local_name, parse_xml
from feedbuilder.errors import Problem, shown_path

VALIDATOR_LIMIT = 5_000_000  # bytes: the W3C validator refuses larger feeds
LARGE_FEED = 1_000_000  # bytes: readers fetch it on every poll
NOT_A_FEED = "not an RSS 2.0, Atom 1.0 or JSON Feed file"
RSS_VERSIONS = ("2.0", "0.91", "0.92")
_MAGIC = {
    b"\x1f\x8b": "gzip-compressed data (decompress it first: gunzip)",
    b"PK\x03\x04": "a ZIP archive",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x7fELF": "a program (ELF)",
}
_LEAD = re.compile(rb"(?:\s+|<\?xml[^>]*>|<!--.*?-->)*", re.S)
_HTML_START = re.compile(rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]", re.I)


def check_feed(
    data: bytes,
    *,
    path: str,
    now: datetime.datetime | None = None,
    expected_url: str | None = None,
    strict: bool = True,
) -> list[Problem]:
    """Detect the format (RSS 2.0, Atom 1.0, JSON Feed 1.x) and check it.

    `now` (aware) defaults to the current time: dates after now + 1 day are
    'in the future'. `expected_url`: where the file is served; if given, the
    self link (JSON: feed_url) must equal it. `strict`: feedbuilder's own
    stricter rules too (the command line's --strict; our own feeds meet them).
    Never raises on any input bytes: malformed XML or JSON gives one error
    with the parser's line, and a file that is no feed says what it is.
    """
    if now is not None and now.utcoffset() is None:
        raise ValueError("check_feed: now must be an aware datetime")
    sink = Sink(path, now or datetime.datetime.now(datetime.UTC), strict)
    _check_size(sink, len(data))
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    what = _not_a_feed(data, start)
    if what is not None:
        sink.add("not-a-feed", None, f"{NOT_A_FEED}: it is {what}", "give the feed's own file or URL")
    elif start.startswith((b"{", b"[")):
        check_json(data, sink, expected_url)
    else:
        _check_xml(data, sink, expected_url)
    return sink.problems


def _not_a_feed(data: bytes, start: bytes) -> str | None:
    """What the bytes are when they are plainly no feed: empty, binary, an HTML page."""
    if not start:
        return "empty" if not data else "only white space"
    for magic, what in _MAGIC.items():
        if data.startswith(magic):
            return what
    if b"\x00" in data[:1024] and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and b"<\x00" not in data[:64]:
        return "binary data"
    body = start[_LEAD.match(start).end() :]  # type: ignore[union-attr]  # the pattern matches ''
    if _HTML_START.match(body):
        return 'an HTML page (find the feed\'s address in its <link rel="alternate"> tags)'
    return None


def check_files(
    sources: Iterable[str | os.PathLike[str]], *, now: datetime.datetime | None = None, strict: bool = False
) -> list[Problem]:
    """Check every file path or http(s) URL; one that cannot be read (within bounds) is one problem."""
    problems: list[Problem] = []
    for named in sources:
        source = os.fspath(named)
        shown = source if is_url(source) else shown_path(pathlib.Path(source))
        try:
            data = read_source(source)
        except ReadError as exc:
            message, hint = exc.args
            problems.append(Problem(path=shown, message=message, hint=hint, code="file-unreadable"))
            continue
        problems += check_feed(data, path=shown, now=now, strict=strict)
    return problems


def _check_size(sink: Sink, size: int) -> None:
    if size > VALIDATOR_LIMIT:
        message = f"is {size:,} bytes, over the W3C validator's limit of {VALIDATOR_LIMIT:,}"
        sink.add("file-too-large", None, message, "show fewer items or only summaries")
    elif size > LARGE_FEED:
        message = f"is {size:,} bytes; readers download it all on every poll"
        sink.add("file-large", None, message, "show fewer items or only summaries")


def _check_xml(data: bytes, sink: Sink, expected_url: str | None) -> None:
    root = parse_xml(data, sink)
    if root is None:
        return
    feed = XmlFeed.read(root, data, sink, expected_url)
    version = root.get("version")
    if root.tag == "rss" and version in RSS_VERSIONS:
        check_all_text(feed, keep_root=False)
        check_rss(feed)
    elif root.tag == f"{{{ATOM}}}feed":
        check_all_text(feed, keep_root=True)
        check_atom(feed)
    elif local_name(root) == "rss":
        hint = "remove the xmlns from <rss>: RSS 2.0 elements have no namespace"
        sink.add(
            "rss-namespace", "rss", f"is in the namespace {show(root.nsmap.get(root.prefix))}", hint, line_of(root)
        )
    elif local_name(root) == "opml":
        hint = "check the feeds it lists, each by its own URL"
        sink.add("not-a-feed", None, f"{NOT_A_FEED}: it is an OPML outline (a list of feeds)", hint, line_of(root))
    else:
        said = f"<{local_name(root)}>" if version is None else f"<{local_name(root)} version={show(version)}>"
        message = f"{NOT_A_FEED}: the root element is {said}"
        sink.add("not-a-feed", None, message, "write RSS 2.0 or Atom 1.0", line_of(root))

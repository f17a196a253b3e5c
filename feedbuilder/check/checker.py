"""`feedbuilder check FEED...`: judge built feed files (ours or anyone's) against STANDARDS.md.

The format is detected from the bytes: RSS 2.0, Atom 1.0 or JSON Feed 1.x.
The rules live in one module per format (:mod:`feedcheck_rss`,
:mod:`feedcheck_atom`, :mod:`feedcheck_json`); HTML and plain-text checks in
:mod:`feedcheck_html`; dates, URLs, ids and characters in
:mod:`feedcheck_common`. Fields name the element: `channel/link`,
`item[3]/guid`, `entry[2]/updated` (items and entries counted from 1).
"""

from __future__ import annotations

import datetime
import pathlib
from collections.abc import Iterable

from feedbuilder.check.atom_rules import check_atom
from feedbuilder.check.common import Sink, show
from feedbuilder.check.json_rules import check_json
from feedbuilder.check.rss_rules import check_rss
from feedbuilder.check.xml_reading import ATOM, XmlFeed, check_all_text, line_of, local_name, parse_xml
from feedbuilder.errors import Problem, shown_path

VALIDATOR_LIMIT = 5_000_000  # bytes: the W3C validator refuses larger feeds
LARGE_FEED = 1_000_000  # bytes: readers fetch it on every poll
NOT_A_FEED = "not an RSS 2.0, Atom 1.0 or JSON Feed file"


def check_feed(
    data: bytes,
    *,
    path: str,
    now: datetime.datetime | None = None,
    expected_url: str | None = None,
) -> list[Problem]:
    """Detect the format (RSS 2.0, Atom 1.0, JSON Feed 1.x) and check it.

    `now` (aware) defaults to the current time: dates after now + 1 day are
    'in the future'. `expected_url`: where the file is served; if given, the
    self link (JSON: feed_url) must equal it. Never raises on any input bytes:
    malformed XML or JSON gives one error with the parser's line.
    """
    if now is not None and now.utcoffset() is None:
        raise ValueError("check_feed: now must be an aware datetime")
    sink = Sink(path, now or datetime.datetime.now(datetime.UTC))
    _check_size(sink, len(data))
    if data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith((b"{", b"[")):
        check_json(data, sink, expected_url)
    else:
        _check_xml(data, sink, expected_url)
    return sink.problems


def check_files(paths: Iterable[pathlib.Path], *, now: datetime.datetime | None = None) -> list[Problem]:
    """Check every file; a file that cannot be read is one problem, not an exception."""
    problems: list[Problem] = []
    for path in paths:
        shown = shown_path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            problems.append(Problem(path=shown, message=f"cannot be read: {exc.strerror or exc}"))
            continue
        problems += check_feed(data, path=shown, now=now)
    return problems


def _check_size(sink: Sink, size: int) -> None:
    if size > VALIDATOR_LIMIT:
        message = f"is {size:,} bytes, over the W3C validator's limit of {VALIDATOR_LIMIT:,}"
        sink.error(None, message, "show fewer items or only summaries")
    elif size > LARGE_FEED:
        message = f"is {size:,} bytes; readers download it all on every poll"
        sink.warn(None, message, "show fewer items or only summaries")


def _check_xml(data: bytes, sink: Sink, expected_url: str | None) -> None:
    root = parse_xml(data, sink)
    if root is None:
        return
    feed = XmlFeed.read(root, data, sink, expected_url)
    version = root.get("version")
    if root.tag == "rss" and version == "2.0":
        check_all_text(feed, keep_root=False)
        check_rss(feed)
    elif root.tag == f"{{{ATOM}}}feed":
        check_all_text(feed, keep_root=True)
        check_atom(feed)
    else:
        said = f"<{local_name(root)}>" if version is None else f"<{local_name(root)} version={show(version)}>"
        sink.error(None, f"{NOT_A_FEED}: the root element is {said}", "write RSS 2.0 or Atom 1.0", line_of(root))

"""Ids and ``updated`` dates that readers can trust, kept in a committed record.

``feedbuilder.ids`` (next to the config, meant to be committed) holds one line
per published article: its path, the id it was published with, a hash of what
readers see (title, summary, body) and the ``updated`` time that goes with
that hash.  With it:

- an article keeps the id it was first published with, whatever later
  changes (site URL, scheme, id scheme, authority, slug, title);
- a file that was moved or renamed with its content unchanged is recognised
  by its hash and keeps its id;
- a moved *and* edited file that looks like a published one (same title or
  file name) stops the build with a message that says how to keep its id;
- ``updated`` moves only when the hash changes, never on a rename, a touch, a
  fresh clone or a rebuild.

The record is in path order, as the articles are, so :func:`reconcile` walks
the two side by side: it holds no parsed copy of the record, and writes each
unchanged line back as the very bytes it read.  Everything here is pure.
"""

from __future__ import annotations

import array
import dataclasses
import datetime
import hashlib
import pathlib
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import NamedTuple, Protocol

from feedbuilder.dates import rfc3339
from feedbuilder.errors import Level, Problem
from feedbuilder.model import Placed

RECORD_NAME = "feedbuilder.ids"
HEADER = (
    "# feedbuilder.ids: the id each published article was given, so that it never changes.\n"
    "# Commit this file. Written by 'feedbuilder build'; edit only as its messages say.\n"
    "# path\tid\tcontent hash\ttitle hash\tupdated\n"
)
_JEKYLL = re.compile(r"^\d{4}-\d{2}-\d{2}-")
# Line breaks other than "\n" that str.splitlines also breaks at (a record edited by hand).
_OTHER_BREAKS = re.compile(rb"\r|\x0b|\x0c|\x1c|\x1d|\x1e|\xc2\x85|\xe2\x80[\xa8\xa9]")


class Published(NamedTuple):
    """One line of the record."""

    path: str
    id: str
    digest: str
    title: str  # a short hash of the title, to recognise a renamed and edited file
    updated: datetime.datetime


class _Line(NamedTuple):
    """A line of the record, and where its bytes are (``end``: its line break, or the end of the record)."""

    entry: Published
    start: int
    end: int


@dataclasses.dataclass(frozen=True)
class Reconciled:
    placed: list[Placed]
    record: bytes  # the record's next text, UTF-8
    problems: list[Problem]


class Shown(Protocol):
    """What a reader sees of an article (Draft and Article both have it)."""

    @property
    def title(self) -> str: ...
    @property
    def summary(self) -> str | None: ...
    @property
    def body_utf8(self) -> bytes: ...


def digest(article: Shown) -> str:
    """A hash of what a reader sees of the article."""
    joined = hashlib.sha256("\x00".join((article.title, article.summary or "", "")).encode("utf-8", "surrogatepass"))
    joined.update(article.body_utf8)  # the same bytes as the body's text joined in and encoded
    return joined.hexdigest()[:20]


def title_key(title: str) -> str:
    return hashlib.sha256(" ".join(title.casefold().split()).encode("utf-8", "surrogatepass")).hexdigest()[:8]


def reconcile(
    placed: Sequence[Placed],
    record: bytes,
    *,
    now: datetime.datetime,
    public: Callable[[Placed], bool],
    shown_root: str,
    record_path: str = RECORD_NAME,
) -> Reconciled:
    """Apply the record to the placed articles and make the next record.

    ``public``: whether readers can see the article now (not a draft, not in
    the future); only those are recorded.  ``shown_root``: the articles folder
    as messages name it.
    """
    record = _with_plain_breaks(record)
    order = sorted(range(len(placed)), key=lambda i: placed[i].source)  # already so, as files are found
    problems: list[Problem] = []
    try:
        walked = _walk(placed, order, _lines(record, path=record_path, problems=problems, in_order=True), now, record)
    except _Unsorted:  # lines moved by hand: sort a copy
        problems.clear()
        lines = sorted(_lines(record, path=record_path, problems=problems, in_order=False), key=lambda x: x.entry.path)
        walked = _walk(placed, order, iter(lines), now, record)
    result, kept, fresh, gone = walked
    gone_by_id = {line.entry.id: line.entry for line in gone.values()}
    gone_by_digest: dict[str, list[Published]] = {}
    for line in gone.values():
        gone_by_digest.setdefault(line.entry.digest, []).append(line.entry)
    unknown = []
    for index in fresh:
        article = result[index]
        same_id = gone_by_id.get(article.id)
        moved = [same_id] if same_id else gone_by_digest.get(article.card.digest, [])
        if len(moved) == 1 and moved[0].path in gone:
            before = gone.pop(moved[0].path).entry
            if before.id != article.id:
                problems.append(_moved_notice(article, before, shown_root))
            result[index] = _apply(article, before, now)
        else:
            unknown.append(article)
    problems.extend(_lost_ids(unknown, [line.entry for line in gone.values()], record_path, shown_root))
    text = _next_record(record, [result[i] for i in order], [kept[i] for i in order], public)
    return Reconciled(result, text, problems)


class _Unsorted(Exception):
    """The record's lines are not in path order."""


def _walk(
    placed: Sequence[Placed], order: list[int], lines: Iterator[_Line], now: datetime.datetime, record: bytes
) -> tuple[list[Placed], array.array[int], list[int], dict[str, _Line]]:
    """The articles and the record's lines side by side, both in path order.

    Returns the articles with their lines applied, where each one's line can be written back as it
    is (-1 where it cannot), the indexes of articles without a line, and the lines of no article
    (path -> line).  Of lines that name one path twice the last counts, as it would in a dict.
    """
    result = list(placed)
    kept = array.array("q", [-1]) * len(placed)
    fresh: list[int] = []
    gone: dict[str, _Line] = {}
    line = next(lines, None)
    for index in order:
        article = placed[index]
        while line is not None and line.entry.path < article.source:
            gone[line.entry.path] = line
            line = next(lines, None)
        found = None
        while line is not None and line.entry.path == article.source:
            found, line = line, next(lines, None)
        if found is None:
            fresh.append(index)
            continue
        now_placed = result[index] = _apply(article, found.entry, now)
        written = record[found.start : found.end]
        if _line_of(now_placed).encode("utf-8", "surrogatepass") == written + b"\n":
            kept[index] = found.start
    while line is not None:
        gone[line.entry.path] = line
        line = next(lines, None)
    return result, kept, fresh, gone


def _apply(article: Placed, before: Published, now: datetime.datetime) -> Placed:
    """The article as the record says it was published: its first id, and ``updated`` moved only by an edit."""
    identity, id_origin = article.id, article.id_origin
    if article.card.given_id is None and article.id != before.id:
        identity, id_origin = before.id, f"{RECORD_NAME} (first published as {before.path})"
    if article.card.updated is not None:  # an updated time in the front matter wins
        return article._replace(id=identity, id_origin=id_origin)
    if article.card.digest == before.digest:
        updated, updated_origin = max(before.updated, article.published), _UNCHANGED
    else:
        updated, updated_origin = max(now, article.published), _CHANGED
    return article._replace(id=identity, updated=updated, id_origin=id_origin, updated_origin=updated_origin)


_UNCHANGED = f"{RECORD_NAME} (content unchanged since then)"
_CHANGED = "this build (content changed since the last build)"


def _line_of(article: Placed) -> str:
    card = article.card
    return _format(card.source, article.id, card.digest, card.title_key, article.updated)


def _format(path: str, ident: str, hashed: str, titled: str, updated: datetime.datetime) -> str:
    quoted = path if _PLAIN_PATH.fullmatch(path) else urllib.parse.quote(path, safe="/ ")
    return f"{quoted}\t{ident}\t{hashed}\t{titled}\t{rfc3339(updated)}\n"


_PLAIN_PATH = re.compile(r"[A-Za-z0-9_.~/ -]*")  # what urllib.parse.quote(path, safe="/ ") leaves as it is


def _next_record(
    record: bytes, articles: Sequence[Placed], kept: Sequence[int], public: Callable[[Placed], bool]
) -> bytes:
    """The header and a line per public article, in path order: lines that did not change are copied
    from ``record`` (runs of them in one piece), the others written."""
    out = bytearray(HEADER.encode())
    view = memoryview(record)
    run_start = run_end = -1  # the run of unchanged lines not yet copied
    for article, start in zip(articles, kept, strict=True):
        if not public(article):
            continue
        if start >= 0 and start == run_end:
            run_end = _after_line(record, start)
            continue
        if run_start >= 0:
            out += _whole_lines(view, run_start, run_end)
        if start >= 0:
            run_start, run_end = start, _after_line(record, start)
        else:
            run_start = run_end = -1
            out += _line_of(article).encode("utf-8", "surrogatepass")
    if run_start >= 0:
        out += _whole_lines(view, run_start, run_end)
    return bytes(out)


def _after_line(record: bytes, start: int) -> int:
    end = record.find(b"\n", start)
    return len(record) if end < 0 else end + 1


def _whole_lines(view: memoryview, start: int, end: int) -> bytes | memoryview:
    """Lines ``start:end`` of the record, the last one's line break added if the record lacked it."""
    return view[start:end] if view[end - 1] == 0x0A else bytes(view[start:end]) + b"\n"


def _with_plain_breaks(record: bytes) -> bytes:
    """A record edited with other line breaks ("\\r\\n") read as str.splitlines would read it."""
    if not _OTHER_BREAKS.search(record):
        return record
    try:
        return "\n".join(record.decode("utf-8").splitlines()).encode("utf-8")
    except UnicodeDecodeError:
        return record  # each line is reported as it is met


def _lines(record: bytes, *, path: str, problems: list[Problem], in_order: bool) -> Iterator[_Line]:
    """The record's lines that name an article; a damaged line is reported, never guessed.

    With ``in_order``, raises :class:`_Unsorted` at the first line whose path comes before the last one's.
    """
    last = ""
    number, start, size = 0, 0, len(record)
    while start < size:
        end = record.find(b"\n", start)
        if end < 0:
            end = size
        number += 1
        entry = _entry(record[start:end], path=path, number=number, problems=problems)
        if entry is not None:
            if in_order and entry.path < last:
                raise _Unsorted
            last = entry.path
            yield _Line(entry, start, end)
        start = end + 1


def _entry(raw: bytes, *, path: str, number: int, problems: list[Problem]) -> Published | None:
    if raw.startswith(b"#") or not raw.strip():
        return None
    try:
        source, ident, hashed, titled, updated = raw.decode("utf-8").split("\t")
        when = datetime.datetime.fromisoformat(updated.replace("Z", "+00:00"))
        if when.tzinfo is None:
            raise ValueError(updated)
    except ValueError:  # UnicodeDecodeError too
        problems.append(
            Problem(
                path=path,
                line=number,
                message="is not 'path<TAB>id<TAB>hash<TAB>title hash<TAB>updated'",
                hint=f"restore the line from version control; {RECORD_NAME} is written by feedbuilder",
            )
        )
        return None
    return Published(urllib.parse.unquote(source) if "%" in source else source, ident, hashed, titled, when)


def read_record(text: str, *, path: str) -> tuple[list[Published], list[Problem]]:
    """Every line of the record's text, in the order written; damaged lines reported."""
    problems: list[Problem] = []
    data = _with_plain_breaks(text.encode("utf-8", "surrogatepass"))
    return [line.entry for line in _lines(data, path=path, problems=problems, in_order=False)], problems


def _moved_notice(article: Placed, before: Published, shown_root: str) -> Problem:
    return Problem(
        path=f"{shown_root}/{article.source}",
        field="id",
        level=Level.WARNING,
        message=f"was {before.path}; keeps its id {before.id}",
        hint=f"nothing to do: {RECORD_NAME} now records the new path",
    )


def _lost_ids(fresh: Sequence[Placed], gone: Iterable[Published], record_path: str, shown_root: str) -> list[Problem]:
    """A new file that looks like a vanished published one (same file name or title) is a likely rename."""
    problems = []
    gone_list = list(gone)
    for article in fresh:
        for entry in gone_list:
            if _looks_alike(article, entry):
                problems.append(
                    Problem(
                        path=f"{shown_root}/{article.source}",
                        field="id",
                        message=f"looks like {entry.path} moved or renamed, which subscribers know as {entry.id}",
                        hint=f"to keep that id add 'id: {entry.id}' to its front matter; if it is a new article, "
                        f"delete the line of {entry.path} from {record_path}",
                    )
                )
                break
    return problems


def _looks_alike(article: Placed, entry: Published) -> bool:
    return _stem(article.source) == _stem(entry.path) or article.card.title_key == entry.title


def _stem(path: str) -> str:
    return _JEKYLL.sub("", pathlib.PurePosixPath(path).stem)

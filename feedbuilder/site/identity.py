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
import datetime
import itertools
import re
import urllib.parse
import zlib
from collections.abc import Iterable, Iterator, Sequence
from typing import NamedTuple, Protocol, overload

from feedbuilder.errors import Problem
from feedbuilder.site import recognise
from feedbuilder.sources.cards import NO_TIME, Cards
from feedbuilder.sources.dates import from_seconds, rfc3339, to_seconds

RECORD_NAME = "feedbuilder.ids"
HEADER = (
    "# feedbuilder.ids: the id each published article was given, so that it never changes.\n"
    "# Commit this file. Written by 'feedbuilder build'; edit only as its messages say.\n"
    "# path\tid\tcontent hash\ttitle hash\tbody sample\tdate\tupdated\n"
)
UNCHANGED = f"{RECORD_NAME} (content unchanged since then)"  # where ``updated`` came from
CHANGED = "this build (content changed since the last build)"
UNCHANGED_CODE, CHANGED_CODE = 1, 2  # in Columns.updated_origins
# Line breaks other than "\n" that str.splitlines also breaks at (a record edited by hand).
_OTHER_BREAKS = (b"\r", b"\x0b", b"\x0c", b"\x1c", b"\x1d", b"\x1e", b"\xc2\x85", b"\xe2\x80\xa8", b"\xe2\x80\xa9")
_PLAIN_PATH = re.compile(r"[A-Za-z0-9_.~/ -]*")  # what urllib.parse.quote(path, safe="/ ") leaves as it is
_PLAIN_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # as dates.rfc3339 writes it
_PLAIN_TIME_BYTES = re.compile(_PLAIN_TIME.pattern.encode())


class Published(NamedTuple):
    """One line of the record."""

    path: str
    id: str
    digest: str
    title: str  # a short hash of the title, to recognise a renamed and edited file
    updated: int  # seconds since the epoch
    plain: bool = False  # written as feedbuilder writes it: the same fields give the same line
    sketch: str = ""  # likeness.sketch of the body ("" in a line of an older feedbuilder, or no body)
    day: str = ""  # the date the file wrote, YYYY-MM-DD in UTC ("" when it wrote none)


class _Line(NamedTuple):
    """A line of the record, and where its bytes are (``end``: its line break, or the end of the record)."""

    entry: Published
    start: int
    end: int


class Columns(Protocol):
    """What the record reads and changes of the placed articles (placing.Placement), by index."""

    cards: Cards
    published: array.array[int]
    updated: array.array[int]
    ids: list[str]
    id_origins: dict[int, str]
    updated_origins: bytearray

    def indexes(self) -> Iterator[int]: ...
    def count(self) -> int: ...
    def visible(self, index: int, *, now: int, drafts: bool, future: bool) -> bool: ...
    def path(self, index: int) -> str: ...


def reconcile(
    placed: Columns, record: bytes, *, now: datetime.datetime, record_path: str = RECORD_NAME
) -> tuple[NextRecord, list[Problem]]:
    """Apply the record to the placed articles (their ids, ``updated`` times and origins change in
    place); return the next record and the problems met.  Only articles that readers can see now (not
    drafts, not in the future) are recorded."""
    record = _with_plain_breaks(record)
    order = _by_path(placed)
    seconds = to_seconds(now)
    problems: list[Problem] = []
    as_placed = (list(placed.ids), array.array("q", placed.updated), bytearray(placed.updated_origins))
    origins = dict(placed.id_origins)
    try:
        kept, fresh, gone = _walk(placed, order, _Lines(record, path=record_path, problems=problems), seconds)
    except _Unsorted:  # lines moved by hand: walk a sorted copy, then take the vanished ones in the record's order
        placed.ids[:], placed.updated[:], placed.updated_origins[:] = as_placed  # as they were before the walk
        placed.id_origins.clear()
        placed.id_origins.update(origins)
        problems.clear()
        everything = _Lines(record, path=record_path, problems=problems, in_order=False).all()
        first: dict[str, int] = {}
        for line in everything:
            first.setdefault(line.entry.path, line.start)
        everything.sort(key=lambda line: line.entry.path)
        sorted_lines = _Lines(record, path=record_path, problems=[], given=everything)
        kept, fresh, gone = _walk(placed, order, sorted_lines, seconds)
        gone = dict(sorted(gone.items(), key=lambda item: first[item[0]]))
    gone_by_id = {line.entry.id: line.entry for line in gone.values()}
    unknown = []
    for index in fresh:
        same_id = gone_by_id.get(placed.ids[index])
        if same_id is not None and same_id.path in gone:
            before = gone.pop(same_id.path).entry
            _apply(placed, index, before, seconds)
        else:
            unknown.append(index)
    if _recognise(placed, unknown, gone, record_path=record_path, problems=problems, now=seconds):
        # an id in doubt: the record stays as it is (no line of the vanished file dropped, none of the new
        # one added), so the next build asks again instead of settling it by the guess of a new id
        return NextRecord([record], unchanged=True), problems
    public = (index for index in order if placed.visible(index, now=seconds, drafts=False, future=False))
    return _next_record(record, placed, public, kept), problems


def _recognise(
    placed: Columns, fresh: list[int], gone: dict[str, _Line], *, record_path: str, problems: list[Problem], now: int
) -> set[int]:
    """New files that are published articles moved or renamed, maybe edited too (recognise.py); returns
    those in doubt (each with an error): left out of the next record, so that no id is settled by a guess."""
    if not fresh or not gone:
        return set()
    lines = [line.entry for line in gone.values()]
    olds = [(_clues_of_line(entry), entry.id) for entry in lines]
    news = [(index, _clues(placed, index), placed.cards.given_slug(index)) for index in fresh]
    verdicts, found = recognise.recognise(news, olds, record_path=record_path)
    for verdict in verdicts:
        before = gone.pop(lines[verdict.line].path).entry
        if before.id != placed.ids[verdict.file]:
            problems.append(
                recognise.kept_notice(
                    placed.path(verdict.file), olds[verdict.line][0], before.id, verdict.clues, record_path
                )
            )
        _apply(placed, verdict.file, before, now)
    problems.extend(found)
    named = {placed.path(index): index for index in fresh}
    return {named[problem.path] for problem in found if problem.path in named}


def _clues(placed: Columns, index: int) -> recognise.Clues:
    cards = placed.cards
    source = cards.sources[index]
    return recognise.Clues(
        placed.path(index),
        cards.digest(index),
        cards.title_key(index),
        cards.sketch(index),
        _day(cards, index),
        recognise.stem(source),
    )


def _clues_of_line(entry: Published) -> recognise.Clues:
    return recognise.Clues(entry.path, entry.digest, entry.title, entry.sketch, entry.day, recognise.stem(entry.path))


def _day(cards: Cards, index: int) -> str:
    """The date the file writes (front matter or name), as the record keeps it."""
    stamp = cards.published[index]
    return "" if stamp == NO_TIME else rfc3339(from_seconds(stamp))[:10]


def _by_path(placed: Columns) -> Sequence[int]:
    """The articles' indexes in path order (the order files are found in: then no list of them is made)."""
    sources = placed.cards.sources
    usable = list(placed.indexes()) if placed.count() != len(sources) else range(len(sources))
    if all(sources[a] < sources[b] for a, b in itertools.pairwise(usable)):
        return usable
    return sorted(usable, key=sources.__getitem__)


class _Unsorted(Exception):
    """The record's lines are not in path order."""


def _walk(
    placed: Columns, order: Sequence[int], lines: _Lines, now: int
) -> tuple[array.array[int], list[int], dict[str, _Line]]:
    """The articles (``order``: by path) and the record's lines side by side, both in path order.

    Applies each line to its article; returns where the lines that can be written back as they are
    start (by article), the articles without a line, and the lines of no article (by path).  Of lines
    that name one path twice the last counts, as it would in a dict.
    """
    cards = placed.cards
    sources = cards.sources
    kept = array.array("q", [-1]) * len(sources)
    fresh: list[int] = []
    gone: dict[str, _Line] = {}
    for index in order:
        source = sources[index]
        quick = lines.take_unchanged(_prefix(placed, index), source)
        if quick is not None:  # the line as it would be written, but perhaps its time: the usual case, quickly
            start, updated = quick
            if cards.updated[index] == NO_TIME:
                placed.updated[index] = max(updated, placed.published[index])
                placed.updated_origins[index] = UNCHANGED_CODE
            if placed.updated[index] == updated:
                kept[index] = start
            continue
        line = lines.peek()
        while line is not None and line.entry.path < source:
            gone[line.entry.path] = lines.take()  # type: ignore[assignment]
            line = lines.peek()
        found = None
        while line is not None and line.entry.path == source:
            found = lines.take()
            if lines.given is None:  # a line of this path again would restart the walk (lines.quick)
                lines.quick = source
                break
            line = lines.peek()
        if found is None:
            fresh.append(index)
            continue
        _apply(placed, index, found.entry, now)
        if _as_written(placed, index, found.entry):
            kept[index] = found.start
    while (line := lines.take()) is not None:
        gone[line.entry.path] = line
    return kept, fresh, gone


def _as_written(placed: Columns, index: int, before: Published) -> bool:
    """Whether the article's line, written now, would be ``before``'s bytes."""
    cards = placed.cards
    now = (placed.ids[index], placed.updated[index], cards.digest(index), cards.title_key(index))
    return (
        before.plain
        and now == (before.id, before.updated, before.digest, before.title)
        and (before.sketch, before.day) == (cards.sketch(index), _day(cards, index))
    )


def _prefix(placed: Columns, index: int) -> bytes:
    """How the article's line begins when its id and hashes are those it has now: all of it but the time."""
    cards = placed.cards
    source = cards.sources[index]
    head = f"{quoted_path(source)}\t{placed.ids[index]}\t{cards.digest(index)}\t{cards.title_key(index)}\t"
    return f"{head}{cards.sketch(index) or '-'}\t{_day(cards, index) or '-'}\t".encode("utf-8", "surrogatepass")


def _apply(placed: Columns, index: int, before: Published, now: int) -> None:
    """The article as the record says it was published: its first id, and ``updated`` moved only by an edit."""
    cards = placed.cards
    if cards.given_id(index) is None and placed.ids[index] != before.id:
        placed.ids[index] = before.id
        placed.id_origins[index] = f"{RECORD_NAME} (first published as {before.path})"
    if cards.updated[index] != NO_TIME:  # an updated time in the front matter wins
        return
    published = placed.published[index]
    if cards.digest(index) == before.digest:
        placed.updated[index] = max(before.updated, published)
        placed.updated_origins[index] = UNCHANGED_CODE
    else:
        placed.updated[index] = max(now, published)
        placed.updated_origins[index] = CHANGED_CODE


def _line_of(placed: Columns, index: int) -> bytes:
    """The record's line for the article as it now is."""
    return line_for(placed.cards, index, placed.ids[index], placed.updated[index])


def line_for(cards: Cards, index: int, ident: str, updated: int) -> bytes:
    """The record's line for card ``index`` with this id and updated time."""
    return format_line(
        cards.sources[index],
        ident,
        cards.digest(index),
        cards.title_key(index),
        updated,
        sketch=cards.sketch(index),
        day=_day(cards, index),
    )


def format_line(source: str, ident: str, hashed: str, titled: str, updated: int, *, sketch: str, day: str) -> bytes:
    """A line of the record, as feedbuilder writes it."""
    line = f"{quoted_path(source)}\t{ident}\t{hashed}\t{titled}\t{sketch or '-'}\t{day or '-'}\t"
    return f"{line}{rfc3339(from_seconds(updated))}\n".encode("utf-8", "surrogatepass")


def quoted_path(source: str) -> str:
    """The path as the record writes it."""
    return source if _PLAIN_PATH.fullmatch(source) else urllib.parse.quote(source, safe="/ ")


class NextRecord:
    """The record's next text, in pieces: runs of the last record's lines (views into its bytes) and lines
    written anew; joined only when it is written (a large record is then not held twice meanwhile)."""

    def __init__(self, pieces: Sequence[bytes | memoryview], *, unchanged: bool) -> None:
        self.pieces = pieces
        self.unchanged = unchanged  # every line as the last record had it: the file needs no writing

    def __bytes__(self) -> bytes:
        if not self.pieces:
            raise ValueError("the record was left as it was and its bytes let go: there is nothing to write")
        return self.pieces[0] if len(self.pieces) == 1 and isinstance(self.pieces[0], bytes) else b"".join(self.pieces)

    def let_go(self) -> NextRecord:
        """This record, without the last record's bytes if it is to be left as it was (a large one is
        then not held while the feeds are made; only ``unchanged`` is asked of it afterwards)."""
        return NextRecord([], unchanged=True) if self.unchanged else self


class Pieces(Sequence[bytes | memoryview]):
    """A record's pieces in order, long runs of lines written anew held compressed until they are read
    (a piece at a time): a first record of 100,000 lines is held in 5 MB instead of 20 MB while the
    feeds are made."""

    def __init__(self, first: bytes) -> None:
        self._pieces: list[bytes | memoryview] = [first]
        self._packed: set[int] = set()  # which pieces are compressed

    def append(self, piece: bytes | memoryview) -> None:
        self._pieces.append(piece)

    def add_written(self, run: bytes) -> None:
        """A run of lines written anew: compressed if it is long enough for that to matter."""
        if len(run) >= _PACKED_FROM:
            self._packed.add(len(self._pieces))
            run = zlib.compress(run, 1)
        self._pieces.append(run)

    def __len__(self) -> int:
        return len(self._pieces)

    def held(self) -> int:
        """Bytes held, compressed runs as they are held."""
        return sum(len(piece) for piece in self._pieces)

    @overload
    def __getitem__(self, index: int) -> bytes | memoryview: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[bytes | memoryview]: ...
    def __getitem__(self, index: int | slice) -> bytes | memoryview | Sequence[bytes | memoryview]:
        if isinstance(index, slice):
            return [self[at] for at in range(*index.indices(len(self)))]
        piece = self._pieces[index]
        return zlib.decompress(piece) if index % len(self) in self._packed else piece


_PACKED_FROM = 64 * 1024  # bytes of lines written anew in one run; shorter runs are held as they are


def _next_record(record: bytes, placed: Columns, public: Iterable[int], kept: array.array[int]) -> NextRecord:
    """The header and a line per public article, in path order: lines that did not change are copied
    from ``record`` (runs of them in one piece), the others written."""
    header = HEADER.encode()
    pieces = Pieces(header)
    runs: list[tuple[int, int]] = []  # where the copied runs are in ``record``, and the written lines are not
    view = memoryview(record)
    run_start = run_end = -1  # the run of unchanged lines not yet copied
    written: list[bytes] = []  # a run of lines written anew, joined into one piece when it ends
    for index in public:
        start = kept[index]
        if start >= 0 and start == run_end:
            run_end = _after_line(record, start)
            continue
        if run_start >= 0:
            pieces.append(_whole_lines(view, run_start, run_end))
            runs.append((run_start, run_end))
        if start >= 0:
            _add_written(pieces, written)
            run_start, run_end = start, _after_line(record, start)
        else:
            run_start = run_end = -1
            written.append(_line_of(placed, index))
            runs.append((-1, -1))
            if len(written) >= _WRITTEN_RUN:
                _add_written(pieces, written)
    _add_written(pieces, written)
    if run_start >= 0:
        pieces.append(_whole_lines(view, run_start, run_end))
        runs.append((run_start, run_end))
    if runs == [(len(header), len(record))] and record.startswith(header) and record.endswith(b"\n"):
        return NextRecord([record], unchanged=True)  # every line as it was
    return NextRecord(pieces, unchanged=False)


_WRITTEN_RUN = 4096  # lines written anew joined into one piece (compressed: Pieces): not an object each
# (a new record of 100,000 lines held as 100,000 bytes objects costs 5 MB more), nor one the size of the record


def _add_written(pieces: Pieces, written: list[bytes]) -> None:
    """The run of lines written anew, if any, as one more piece; the run starts again empty."""
    if written:
        pieces.add_written(b"".join(written))
        written.clear()


def _after_line(record: bytes, start: int) -> int:
    end = record.find(b"\n", start)
    return len(record) if end < 0 else end + 1


def _whole_lines(view: memoryview, start: int, end: int) -> bytes | memoryview:
    """Lines ``start:end`` of the record, the last one's line break added if the record lacked it."""
    return view[start:end] if view[end - 1] == 0x0A else bytes(view[start:end]) + b"\n"


def _with_plain_breaks(record: bytes) -> bytes:
    """A record edited with other line breaks ("\\r\\n") read as str.splitlines would read it."""
    if not any(mark in record for mark in _OTHER_BREAKS):  # each a quick search of the bytes
        return record
    try:
        return "\n".join(record.decode("utf-8").splitlines()).encode("utf-8")
    except UnicodeDecodeError:
        return record  # each line is reported as it is met


class _Lines:
    """The record's lines that name an article, one at a time; a damaged line is reported, never guessed.

    With ``in_order``, raises :class:`_Unsorted` at the first line whose path comes before the last
    one's, or names again the path of a line taken by :meth:`take_unchanged`.  ``given``: the lines,
    parsed and sorted already.
    """

    def __init__(
        self,
        record: bytes,
        *,
        path: str,
        problems: list[Problem],
        in_order: bool = True,
        given: list[_Line] | None = None,
    ) -> None:
        self.record, self.path, self.problems, self.in_order = record, path, problems, in_order
        self.given = iter(given) if given is not None else None
        self.at = self.number = 0  # where the next line starts, and the number of the last one read
        self.last = ""  # the path of the last line read
        self.quick = ""  # the path of the last line taken by take_unchanged
        self.next: _Line | None = None
        self.peeked = False

    def peek(self) -> _Line | None:
        if not self.peeked:
            self.next, self.peeked = self._read(), True
        return self.next

    def take(self) -> _Line | None:
        line = self.peek()
        self.peeked = False
        return line

    def all(self) -> list[_Line]:
        return list(iter(self.take, None))

    def take_unchanged(self, prefix: bytes, source: str) -> tuple[int, int] | None:
        """If the next line is ``prefix`` and a time as feedbuilder writes it: take it, and return where it
        starts and that time; else None, and nothing taken."""
        record, start = self.record, self.at
        if self.given is not None or self.peeked or not record.startswith(prefix, start):
            return None
        end = start + len(prefix) + 20
        if record[end : end + 1] not in (b"\n", b"") or not _PLAIN_TIME_BYTES.fullmatch(record, end - 20, end):
            return None
        if self.in_order and source < self.last:
            raise _Unsorted
        self.last = self.quick = source
        self.at, self.number = end + 1, self.number + 1
        return start, to_seconds(datetime.datetime.fromisoformat(record[end - 20 : end].decode()))

    def _read(self) -> _Line | None:
        if self.given is not None:
            return next(self.given, None)
        record, size = self.record, len(self.record)
        while self.at < size:
            start = self.at
            end = record.find(b"\n", start)
            if end < 0:
                end = size
            self.at, self.number = end + 1, self.number + 1
            entry = _entry(record[start:end], path=self.path, number=self.number, problems=self.problems)
            if entry is not None:
                if self.in_order and (entry.path < self.last or entry.path == self.quick):
                    raise _Unsorted
                self.last = entry.path
                return _Line(entry, start, end)
        return None


def parse_line(raw: bytes, *, problems: list[Problem], path: str = RECORD_NAME, number: int = 0) -> Published | None:
    """A line of the record (None for a comment or a blank line, and for a damaged one, reported)."""
    return _entry(raw, path=path, number=number, problems=problems)


def _entry(raw: bytes, *, path: str, number: int, problems: list[Problem]) -> Published | None:
    if raw.startswith(b"#") or not raw.strip():
        return None
    try:
        fields = raw.decode("utf-8").split("\t")
        earlier = len(fields) == 5
        if earlier:  # written by an earlier feedbuilder: no body sample nor date
            fields[4:4] = ["", ""]
        source, ident, hashed, titled, sketched, day, updated = fields
        when = datetime.datetime.fromisoformat(updated)  # "Z" too
        seconds = to_seconds(when) if when.tzinfo is not None else None
        if seconds is None:
            raise ValueError(updated)
    except ValueError:  # UnicodeDecodeError too
        problems.append(
            Problem(
                path=path,
                line=number,
                message="is not 'path<TAB>id<TAB>hash<TAB>title hash<TAB>body sample<TAB>date<TAB>updated'",
                hint=f"restore the line from version control; {RECORD_NAME} is written by feedbuilder",
            )
        )
        return None
    plain = "%" not in source and bool(_PLAIN_PATH.fullmatch(source)) and bool(_PLAIN_TIME.fullmatch(updated))
    plain = plain and not earlier
    return Published(
        urllib.parse.unquote(source) if "%" in source else source,
        ident,
        hashed,
        titled,
        seconds,
        plain,
        "" if sketched == "-" else sketched,
        "" if day == "-" else day,
    )


def read_record(text: str, *, path: str) -> tuple[list[Published], list[Problem]]:
    """Every line of the record's text, in the order written; damaged lines reported."""
    problems: list[Problem] = []
    data = _with_plain_breaks(text.encode("utf-8", "surrogatepass"))
    return [line.entry for line in _Lines(data, path=path, problems=problems, in_order=False).all()], problems

"""Articles already read, kept between builds in ``.feedbuilder/articles.sqlite``.

Reading an article (its bytes, front matter and fields: ``read_draft``)
depends only on the file, on the site's time zone, and on the code and
libraries that read it.  An entry holds the :class:`Draft` a file gave and the
warnings reading it reported, and is used only while everything it came from
is exactly as it was:

- the file's stat (device, inode, size, mtime and ctime in nanoseconds) is
  *equal* to the one recorded, never merely "not newer", so a clock that jumps
  or an ``mtime`` set back cannot make an old entry look current;
- a file changed within ``fingerprint.SETTLE_NS`` of being read (or dated in the future)
  may change again without its stat changing (coarse time stamps), so its
  entry also records a hash of the bytes, checked on every later use;
- the cache's key (see :func:`cache_key`) matches: the config fields reading
  uses, this code, the libraries and the time zone's rules.

Files with errors are never kept; deleted ones drop out.  A file that is not
a cache of ours (garbage, truncated, other tables) is ignored with one warning
and replaced, never trusted; an entry that fails its check (a hash of the
whole row) is one warning, and its file is read again.  Entries are fetched
only for files whose stat matches, a few hundred to a query, and each is checked
and decoded on its own; the files the cache cannot answer for are read after
that, in worker processes when there are many.  Drafts and problems come out in
the order of the files, as if each file had been looked up and read in turn.
When something changed, the old file (as read, even if another build replaced
it meanwhile) is copied to a temporary file, only the changed rows are
rewritten, and the copy is renamed over the old one.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import functools
import hashlib
import itertools
import json
import os
import pathlib
import sqlite3
import tempfile
from collections.abc import Sequence
from typing import Any, NamedTuple

from feedbuilder import articles, fingerprint
from feedbuilder.articles import Draft
from feedbuilder.discover import SourceFile
from feedbuilder.errors import Level, Problem, Report, shown_path
from feedbuilder.model import Author, Enclosure, Site

FOLDER = fingerprint.FOLDER
FILE_NAME = "articles.sqlite"
KIND = "feedbuilder-draft-cache"
SCHEMA = "5"
READ_FIELDS = ("timezone",)  # the Site fields read_draft uses (tests/test_cache.py checks this list)
Stat = fingerprint.Stat
_stat = fingerprint.stat_of  # tests replace these two: a coarse clock, a clock that moves
_now_ns = fingerprint.now_ns
_settled = fingerprint.settled
_digest_of = fingerprint.digest_of
_hash = fingerprint.digest


class _Unusable(Exception):
    """A value the cache cannot store or a stored value it cannot trust."""


@dataclasses.dataclass(frozen=True)
class _Row:
    """One entry as stored: the file's stat (and hash), its body, the rest of its Draft and its warnings (JSON)."""

    source: str
    stat: Stat
    digest: str | None  # hash of the bytes, for files that were changed just before being read
    body: bytes  # UTF-8, apart from the JSON: most of the bytes, and text that JSON would only escape
    record: bytes  # UTF-8 JSON

    @property
    def check(self) -> str:
        """A hash of the whole row: a row changed by anything but this module fails it."""
        head = f"{self.source}\x00{self.stat}\x00{self.digest}\x00{len(self.body)}\x00".encode()
        check = hashlib.blake2b(head, digest_size=20)
        check.update(self.body)
        check.update(self.record)
        return check.hexdigest()


class _Fresh(NamedTuple):
    """An entry of this build, its text shared with the Draft (encoded only when it is written)."""

    stat: Stat
    digest: str | None
    body: bytes  # the Draft's own body_utf8
    record: str

    def row(self, source: str) -> _Row:
        return _Row(source, self.stat, self.digest, self.body, self.record.encode())


class _LookedUp(NamedTuple):
    """A file as the cache found it: its stat (taken at ``started``), and its Draft if the cache answers for it."""

    file: SourceFile
    started: int
    stat: Stat | None
    draft: Draft | None
    problems: list[Problem]  # the entry's warnings, or the cache's own


_FETCH = 500  # entries fetched per query


class DraftCache:
    """Reads articles through the cache: unchanged files are not read again.

    The old file stays open (read-only) during the build: an entry's Draft is
    fetched, checked and decoded only when its file turns out unchanged, and
    :meth:`save` copies the old file and changes only the rows that changed.
    """

    def __init__(self, path: pathlib.Path, key: str) -> None:
        self.path, self.key = path, key
        self.problems: list[Problem] = []  # a warning if the file on disk is not a usable cache
        self._db: sqlite3.Connection | None = None  # the old cache, if it is ours and of this key
        self._known: dict[str, tuple[Stat, str | None]] = {}  # its entries: source -> (stat, digest)
        self._kept: set[str] = set()  # entries used as they are
        self._fresh: dict[str, _Fresh] = {}  # entries of files read in this build
        self._damaged = False  # an entry failed its check: the old file is not copied

    @classmethod
    def open(cls, path: pathlib.Path, site: Site) -> DraftCache:
        """The cache at ``path`` for ``site``; empty if absent, made for another key, or not ours."""
        cache = cls(path, cache_key(site))
        try:
            cache._db, cache._known = _open(path, cache.key)
        except (sqlite3.Error, _Unusable, OSError) as exc:
            cache._give_up(f"cannot be used ({exc})")
        return cache

    @property
    def changed(self) -> bool:
        """Whether the file on disk differs from what this build found (so :meth:`save` writes it)."""
        return bool(self._fresh) or set(self._known) != self._kept or bool(self.problems)

    def read(self, file: SourceFile, *, site: Site, report: Report) -> Draft | None:
        """``read_draft`` for ``file``, from the cache when the file is exactly as it was."""
        found = self.read_all([file], site=site, report=report)
        return found[0] if found else None

    def read_all(self, files: Sequence[SourceFile], *, site: Site, report: Report) -> list[Draft]:
        """:meth:`read` for every file: the Drafts of the usable ones, and every file's problems,
        in the order of ``files``, exactly as one :meth:`read` after another gives them.

        Entries are fetched many to a query; the files the cache cannot answer for are read
        afterwards, in worker processes when there are many (``articles.in_order``).
        """
        looked_up = self._look_up_all(files)
        missing = [(found.file, found.started, found.stat) for found in looked_up if found.draft is None]
        read = iter(articles.in_order(functools.partial(_read_entry, site=site), missing))
        drafts = []
        for found in looked_up:
            report.extend(found.problems)
            draft = found.draft
            if draft is None:
                draft, problems, fresh = next(read)
                report.extend(problems)
                if fresh is not None:
                    self._fresh[found.file.source] = fresh
            if draft is not None:
                drafts.append(draft)
        return drafts

    def _look_up_all(self, files: Sequence[SourceFile]) -> list[_LookedUp]:
        """Each file's stat, and its Draft from the cache when the file is exactly as it was."""
        seen = [(file, _now_ns(), _stat(file.path)) for file in files]
        looked_up = []
        for start in range(0, len(seen), _FETCH):
            batch = seen[start : start + _FETCH]
            stored = self._stored_many([file.source for file, _, stat in batch if self._matches(file, stat)])
            for file, started, stat in batch:
                problems: list[Problem] = []
                found = None
                if self._matches(file, stat):  # never once the old file is given up
                    found = self._use(file, self._known[file.source][1], problems, stored)
                looked_up.append(_LookedUp(file, started, stat, found, problems))
        return looked_up

    def _matches(self, file: SourceFile, stat: Stat | None) -> bool:
        """Whether the file's stat is the one its entry (if any) was made with."""
        known = self._known.get(file.source)
        return stat is not None and known is not None and known[0] == stat

    def _stored_many(self, sources: list[str]) -> dict[str, tuple[Any, ...]] | None:
        """The stored (body, record, check) of these entries, in one query; None if the query fails
        (each entry is then fetched alone, so that the failure is met where one at a time meets it)."""
        if self._db is None or not sources:
            return None
        marks = ",".join("?" * len(sources))
        query = f"SELECT source, body, record, check_ FROM drafts WHERE source IN ({marks})"  # noqa: S608 (only '?'s)
        try:
            return {source: tuple(rest) for source, *rest in self._db.execute(query, sources)}
        except sqlite3.Error:
            return None

    def _use(
        self, file: SourceFile, digest: str | None, problems: list[Problem], stored: dict[str, tuple[Any, ...]] | None
    ) -> Draft | None:
        """The entry's Draft, its warnings added to ``problems``; None (perhaps with a warning about the
        cache) if the entry cannot be used.  ``stored``: the entries fetched already, if the query worked."""
        if digest is not None and _digest_of(file.path) != digest:
            return None
        try:
            found = self._fetch(file, self._stored(file.source) if stored is None else stored.get(file.source))
        except sqlite3.Error as exc:  # the file itself is damaged: trust none of it
            problems.extend(self._give_up(f"cannot be used ({exc})"))
            return None
        except (_Unusable, ValueError, TypeError, KeyError, IndexError) as exc:  # one entry: read the file again
            problems.extend(self._warn(f"holds an entry for {file.shown} that cannot be used ({exc})"))
            self._damaged = True
            return None
        if found is None:
            return None
        draft, warnings = found
        problems.extend(warnings)
        self._kept.add(file.source)
        return draft

    def _fetch(self, file: SourceFile, stored: tuple[Any, ...] | None) -> tuple[Draft, list[Problem]] | None:
        """The entry's Draft and warnings; None if it names the file otherwise (built from another folder)."""
        row = self._row(file.source, stored)
        entry = json.loads(row.record)
        if entry["file"] != [file.source, file.shown]:
            return None
        entry["draft"]["body_utf8"] = row.body
        return _decode_draft(entry["draft"], file), [_decode_problem(p) for p in _list(entry["problems"])]

    def _stored(self, source: str) -> tuple[Any, ...] | None:
        """The stored (body, record, check) of the entry for ``source``; None if there is none."""
        if self._db is None:
            raise _Unusable("the cache is closed")
        found: tuple[Any, ...] | None = self._db.execute(
            "SELECT body, record, check_ FROM drafts WHERE source = ?", (source,)
        ).fetchone()
        return found

    def _row(self, source: str, stored: tuple[Any, ...] | None) -> _Row:
        """The old file's entry for ``source`` as stored, if it passes its check."""
        if self._db is None:
            raise _Unusable("the cache is closed")
        body, record, check = stored  # type: ignore[misc]  # None (no entry) raises TypeError: read the file
        if not (isinstance(body, bytes) and isinstance(record, bytes)):
            raise _Unusable("an entry of the wrong types")
        stat, digest = self._known[source]
        row = _Row(source, stat, digest, body, record)
        if row.check != check:
            raise _Unusable("the entry fails its check")
        return row

    def _checked_again(self) -> dict[str, _Row]:
        found = {}
        for source in sorted(self._kept):
            with contextlib.suppress(sqlite3.Error, _Unusable, TypeError):
                found[source] = self._row(source, self._stored(source))
        return found

    def _give_up(self, what: str) -> list[Problem]:
        """Stop trusting the old file: from now on every file is read."""
        self.close()
        self._known, self._kept = {}, set()
        return self._warn(what)

    def _warn(self, what: str) -> list[Problem]:
        """The warning, the first time only."""
        if self.problems:
            return []
        self.problems.append(_warning(self.path, what))
        return self.problems

    def save(self, *, report: Report) -> bool:
        """Write the entries of this build's files if anything changed; whether it wrote.

        A cache that cannot be written is only a warning: the next build reads every file."""
        try:
            if self.changed:
                self._write()
                return True
            return False
        except (OSError, sqlite3.Error) as exc:
            reason = getattr(exc, "strerror", None) or exc
            report.warn(shown_path(self.path), f"cannot write the article cache: {reason}")
            return False
        finally:
            self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        ignore = self.path.parent / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="utf-8")
        handle, name = tempfile.mkstemp(prefix=f".{FILE_NAME}.", suffix=".tmp", dir=self.path.parent)
        os.close(handle)
        temporary = pathlib.Path(name)
        try:
            with contextlib.closing(sqlite3.connect(temporary)) as db:
                db.execute("PRAGMA journal_mode = OFF")  # a temporary file: a crash leaves it unused
                db.execute("PRAGMA synchronous = OFF")
                if self._db is not None and not self._damaged:
                    self._db.backup(db)  # the old file as this build read it, even if it was replaced meanwhile
                    gone = set(self._known) - self._kept - set(self._fresh)
                    db.executemany("DELETE FROM drafts WHERE source = ?", ((source,) for source in sorted(gone)))
                    kept = {}
                else:  # a new file; of a damaged one, only the entries used (checked again) move to it
                    _create(db, self.key)
                    kept = self._checked_again()
                new = (fresh.row(source) for source, fresh in sorted(self._fresh.items()))  # encoded one at a time
                rows = itertools.chain(kept.values(), new)
                db.executemany(
                    "INSERT OR REPLACE INTO drafts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    ((r.source, *r.stat, r.digest, r.body, r.record, r.check) for r in rows),
                )
                db.commit()
            temporary.replace(self.path)
        finally:
            temporary.unlink(missing_ok=True)


def _read_entry(
    job: tuple[SourceFile, int, Stat | None], *, site: Site
) -> tuple[Draft | None, list[Problem], _Fresh | None]:
    """Read a file the cache cannot answer for (perhaps in a worker process): its Draft (None if
    unusable), its problems, and the entry to keep for it (None if it may not be kept)."""
    file, started, stat = job
    digest = None if stat is None or _settled(stat, started) else _digest_of(file.path)
    local = Report()
    draft = articles.read_draft(file, site=site, report=local)
    problems = list(local)
    if draft is None or stat is None or local.errors or (digest is None and not _settled(stat, started)):
        return draft, problems, None
    try:
        entry = _encode_entry(file, draft, problems)
        body = entry["draft"].pop("body_utf8")
        fresh = _Fresh(stat, digest, body, json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
        fresh.row(file.source)  # raises for text that cannot be stored
    except (_Unusable, UnicodeEncodeError):
        return draft, problems, None
    return draft, problems, fresh


def cache_path(site: Site) -> pathlib.Path | None:
    """``.feedbuilder/articles.sqlite`` next to the config; None for a site without a config file."""
    return site.config_path.parent / FOLDER / FILE_NAME if site.config_path else None


def cache_key(site: Site) -> str:
    """Everything besides the file that reading depends on, hashed."""
    return fingerprint.combined(
        [
            KIND,
            SCHEMA,
            fingerprint.software(),
            *(repr(getattr(site, name)) for name in READ_FIELDS),
            fingerprint.zone_digest(site.timezone),
            str(site.articles_dir.resolve()),
            *fingerprint.mime_files(),
            ",".join(field.name for field in dataclasses.fields(Draft)),
        ]
    )


# ---------------------------------------------------------------- the file


def _open(path: pathlib.Path, key: str) -> tuple[sqlite3.Connection | None, dict[str, tuple[Stat, str | None]]]:
    """The old cache, open, and its entries' stats; (None, {}) if there is none of this key; raise if not ours."""
    if not path.exists():
        return None, {}
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"  # never changed in place: only replaced
    db = sqlite3.connect(uri, uri=True)
    try:
        meta = dict(db.execute("SELECT name, value FROM meta").fetchall())
        if meta.get("kind") != KIND:
            raise _Unusable("not a feedbuilder article cache")
        if meta.get("schema") != SCHEMA or meta.get("key") != key:
            db.close()
            return None, {}  # another version of feedbuilder, or another config: start afresh, silently
        known = {}
        for source, *numbers, digest in db.execute(
            "SELECT source, dev, ino, size, mtime_ns, ctime_ns, digest FROM drafts"
        ):
            if not (
                isinstance(source, str) and all(type(n) is int for n in numbers) and type(digest) in (str, type(None))
            ):
                raise _Unusable(f"an entry of the wrong types for {source!r}")
            known[source] = ((numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]), digest)
    except BaseException:
        db.close()
        raise
    return db, known


def _create(db: sqlite3.Connection, key: str) -> None:
    db.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute(
        "CREATE TABLE drafts (source TEXT PRIMARY KEY, dev INTEGER, ino INTEGER, size INTEGER,"
        " mtime_ns INTEGER, ctime_ns INTEGER, digest TEXT, body BLOB, record BLOB, check_ TEXT)"
    )
    db.executemany("INSERT INTO meta VALUES (?, ?)", [("kind", KIND), ("schema", SCHEMA), ("key", key)])


def _warning(path: pathlib.Path, what: str) -> Problem:
    return Problem(
        path=shown_path(path),
        level=Level.WARNING,
        message=f"the article cache {what}; ignored and rebuilt",
        hint=f"nothing to do; delete {FOLDER}/ if this repeats",
    )


# ---------------------------------------------------------------- Draft <-> JSON


def _encode_entry(file: SourceFile, draft: Draft, problems: list[Problem]) -> dict[str, Any]:
    if draft.file != file:
        raise _Unusable("the draft is of another file")
    return {
        "file": [file.source, file.shown],  # warnings name the file as shown: replayed only under that name
        "draft": _encode_draft(draft),
        "problems": [_encode_problem(p) for p in problems],
    }


def _encode_draft(draft: Draft) -> dict[str, Any]:
    encoded = {
        "title": _text(draft.title),
        "published": _encode_time(draft.published),
        "updated": _encode_time(draft.updated),
        "given_id": _optional_text(draft.given_id),
        "given_url": _optional_text(draft.given_url),
        "slug": _text(draft.slug),
        "summary": _optional_text(draft.summary),
        "authors": [_encode_author(author) for author in _tuple(draft.authors)],
        "tags": [_text(tag) for tag in _tuple(draft.tags)],
        "categories": [_text(category) for category in _tuple(draft.categories)],
        "draft": _flag(draft.draft),
        "lang": _optional_text(draft.lang),
        "image": _optional_text(draft.image),
        "enclosure": _encode_enclosure(draft.enclosure),
        "body_utf8": _bytes(draft.body_utf8),
        "body_format": _text(draft.body_format),
        "origins": _text_map(draft.origins),
    }
    if set(encoded) | {"file"} != {field.name for field in dataclasses.fields(Draft)}:
        raise _Unusable("Draft has fields this cache does not know")
    return encoded


def _decode_draft(data: dict[str, Any], file: SourceFile) -> Draft:
    body_format = _text(data["body_format"])
    if body_format not in ("markdown", "html", "text"):
        raise _Unusable(f"body format {body_format!r}")
    return Draft(
        file=file,
        title=_text(data["title"]),
        published=_decode_time(data["published"]),
        updated=_decode_time(data["updated"]),
        given_id=_optional_text(data["given_id"]),
        given_url=_optional_text(data["given_url"]),
        slug=_text(data["slug"]),
        summary=_optional_text(data["summary"]),
        authors=tuple(_decode_author(author) for author in _list(data["authors"])),
        tags=_texts(data["tags"]),
        categories=_texts(data["categories"]),
        draft=_flag(data["draft"]),
        lang=_optional_text(data["lang"]),
        image=_optional_text(data["image"]),
        enclosure=_decode_enclosure(data["enclosure"]),
        body_utf8=_bytes(data["body_utf8"]),
        body_format=body_format,  # type: ignore[arg-type]  # checked above
        origins=_text_map(data["origins"]),
    )


def _encode_time(value: datetime.datetime | None) -> str | None:
    """Only aware UTC times (what dates.parse_date gives) are stored; anything else is not cached."""
    if value is None:
        return None
    if value.tzinfo is not datetime.UTC:
        raise _Unusable(f"a time in {value.tzinfo!r}, not UTC")
    return value.replace(tzinfo=None).isoformat()


def _decode_time(value: object) -> datetime.datetime | None:
    if value is None:
        return None
    parsed = datetime.datetime.fromisoformat(_text(value))
    if parsed.tzinfo is not None:
        raise _Unusable("a time with a zone")
    return parsed.replace(tzinfo=datetime.UTC)


def _encode_author(author: Author) -> list[str | None]:
    if type(author) is not Author:
        raise _Unusable(f"an author of type {type(author).__name__}")
    return [_text(author.name), _optional_text(author.email), _optional_text(author.url)]


def _decode_author(value: object) -> Author:
    name, email, url = _list(value)
    return Author(name=_text(name), email=_optional_text(email), url=_optional_text(url))


def _encode_enclosure(enclosure: Enclosure | None) -> list[str | int] | None:
    if enclosure is None:
        return None
    if type(enclosure) is not Enclosure or type(enclosure.length) is not int:
        raise _Unusable("an enclosure of unknown shape")
    return [_text(enclosure.url), enclosure.length, _text(enclosure.type)]


def _decode_enclosure(value: object) -> Enclosure | None:
    if value is None:
        return None
    url, length, kind = _list(value)
    if type(length) is not int:
        raise _Unusable("an enclosure length that is not a number")
    return Enclosure(url=_text(url), length=length, type=_text(kind))


def _encode_problem(problem: Problem) -> list[Any]:
    line = problem.line
    if line is not None and type(line) is not int:
        raise _Unusable("a problem line that is not a number")
    return [
        _text(problem.path),
        _text(problem.message),
        line,
        _optional_text(problem.field),
        _optional_text(problem.hint),
        problem.level.value,
    ]


def _decode_problem(value: object) -> Problem:
    path, message, line, field, hint, level = _list(value)
    if line is not None and type(line) is not int:
        raise _Unusable("a problem line that is not a number")
    return Problem(
        path=_text(path),
        message=_text(message),
        line=line,
        field=_optional_text(field),
        hint=_optional_text(hint),
        level=Level(level),
    )


def _text(value: object) -> str:
    if type(value) is not str:
        raise _Unusable(f"{type(value).__name__} where text belongs")
    return value


def _bytes(value: object) -> bytes:
    if type(value) is not bytes:
        raise _Unusable(f"{type(value).__name__} where bytes belong")
    return value


def _optional_text(value: object) -> str | None:
    return None if value is None else _text(value)


def _flag(value: object) -> bool:
    if type(value) is not bool:
        raise _Unusable(f"{type(value).__name__} where true or false belongs")
    return value


def _texts(value: object) -> tuple[str, ...]:
    """A list of text, as a tuple."""
    items = _list(value)
    for item in items:
        _text(item)
    return tuple(items)


def _text_map(value: object) -> dict[str, str]:
    """A mapping of text to text: ``value`` itself, once checked."""
    if type(value) is not dict:
        raise _Unusable(f"{type(value).__name__} where a mapping belongs")
    for key, text in value.items():
        _text(key)
        _text(text)
    return value


def _tuple(value: object) -> tuple[Any, ...]:
    if type(value) is not tuple:
        raise _Unusable(f"{type(value).__name__} where a tuple belongs")
    return value


def _list(value: object) -> list[Any]:
    if type(value) is not list:
        raise _Unusable(f"{type(value).__name__} where a list belongs")
    return value

"""The last build's places and choice, kept in ``.feedbuilder/places``: a rebuild after a few articles
changed only in what they say reuses them.

Placing the folder (placing.py) and choosing what the feeds carry (select.chosen) look at every card.
When the only cards that changed since the last build changed in what readers see of the article (its
title, summary or body: the hashes the id record keeps) and not in anything that places it (its dates,
id, address, draft flag, tags, categories, authors, enclosure), every article keeps its place and every
feed the same articles; only the changed articles' ``updated`` times and id record lines move, and
those are worked out again from the record, as placing does.  The kept places are used only when:

- they were made with this feedbuilder, this config (all of it) and these options (drafts, future),
  from these very cards (the article cache's hash) and for the id record now on disk (its hash);
- the article files are those of the last build, in the same order (kept_cards.py says which changed);
- "now" is still in the span where no article moves between past and future;
- no article's date comes from git history or a file's time (which no card holds).

Anything else places the folder afresh, and keeps the new places.  A damaged or foreign file is ignored
and replaced (it is never trusted: its hash is checked).  tests/incremental/test_kept_places.py holds every rebuild
equal to a cold build.
"""

from __future__ import annotations

import array
import contextlib
import dataclasses
import hashlib
import marshal
import pathlib
from collections.abc import Sequence
from typing import Any

from feedbuilder.errors import Problem, decode_problem, encode_problem
from feedbuilder.incremental import fingerprint
from feedbuilder.model import Card, Placed, Site
from feedbuilder.site import identity
from feedbuilder.site.choose import Chosen
from feedbuilder.site.identity import NextRecord
from feedbuilder.site.placing import DATE_ORIGINS, UPDATED_ORIGINS, Placement
from feedbuilder.site.select import Names
from feedbuilder.sources.addresses import tag_uri
from feedbuilder.sources.cards import NO_TIME, Cards
from feedbuilder.sources.dates import from_seconds

FILE_NAME = "places"
MAGIC = b"feedbuilder-places\n"
SCHEMA = 1
_CHECK = 32
_PLACING_FIELDS = tuple(name for name in Card._fields if name not in ("digest", "title_key", "sketch", "file_hash"))


@dataclasses.dataclass
class Kept:
    """The places as a build left them: the columns of its Placement, and its choice."""

    published: array.array[int]
    updated: array.array[int]
    ids: dict[int, str]  # the ids that are not the ones the file and the authority make
    id_origins: dict[int, str]
    date_origins: bytes
    updated_origins: bytearray
    usable: bytes
    carried: array.array[int]
    chosen: Chosen


def path_of(site: Site) -> pathlib.Path | None:
    return site.config_path.parent / fingerprint.FOLDER / FILE_NAME if site.config_path else None


def key_of(site: Site, *, drafts: bool, future: bool, cards: bytes) -> str:
    """Everything besides the changed cards and the record that the places depend on."""
    return fingerprint.combined(
        [
            str(SCHEMA),
            fingerprint.software(),
            repr(site),
            repr((drafts, future)),
            fingerprint.zone_digest(site.timezone),
            cards.hex(),
        ]
    )


def kept_of(placement: Placement, carried: Sequence[int], chosen: Chosen) -> Kept:
    """The places of a build that placed the folder afresh, as they are kept."""
    authority, sources = placement.authority, placement.cards.sources
    return Kept(
        published=placement.published,
        updated=placement.updated,
        ids={i: ident for i, ident in enumerate(placement.ids) if ident != tag_uri(authority, sources[i])},
        id_origins=placement.id_origins,
        date_origins=bytes(placement.date_origins),
        updated_origins=placement.updated_origins,
        usable=bytes(placement.usable),
        carried=array.array("q", carried),
        chosen=chosen,
    )


def save(path: pathlib.Path, key: str, kept: Kept) -> None:
    """Keep the places (a file that cannot be written only means a full placing next time)."""
    chosen = kept.chosen
    if chosen.record is None or not chosen.repeatable or any(kept.date_origins):
        forget(path)  # no record to keep up to date, or dates from git or file times (no card holds them)
        return
    if any(p.is_error for p in chosen.problems):
        forget(path)
        return
    columns = {
        "published": kept.published,
        "updated": kept.updated,
        "ids": kept.ids,
        "id_origins": kept.id_origins,
        "date_origins": kept.date_origins,
        "updated_origins": kept.updated_origins,
        "usable": kept.usable,
        "carried": kept.carried,
        "names": chosen.names,
        "authority": chosen.authority,
        "count": chosen.count,
        "span": chosen.span,
        "scheduled": list(chosen.scheduled),
        "problems": [encode_problem(p) for p in chosen.problems],
        "record": _record_hash(chosen.record),
    }
    data = marshal.dumps((SCHEMA, key, columns))
    if not fingerprint.replace_file(path, (MAGIC, hashlib.blake2b(data, digest_size=_CHECK).digest(), data)):
        forget(path)


def forget(path: pathlib.Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def reuse(
    path: pathlib.Path,
    key: str,
    *,
    cards: Cards,
    changes: Sequence[tuple[int, Card]],
    record: bytes,
    now: int,
) -> tuple[Kept, Chosen] | None:
    """The kept places brought up to date with the changed cards, or None if they cannot be."""
    if any(_placing(old) != _placing(cards.card(index)) for index, old in changes):
        return None
    try:
        kept = _read(path, key, cards=cards, record=record)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise Damaged(exc.strerror or str(exc)) from None
    except (ValueError, TypeError, KeyError, EOFError, IndexError, AttributeError) as exc:
        raise Damaged(f"a column of the wrong shape ({exc})") from None
    if kept is None:
        return None
    since, until = kept.chosen.span
    if (since is not None and now < since) or (until is not None and now >= until):
        return None
    lines = _changed_lines(kept, cards, changes, record, now)
    if lines is None:
        return None
    kept.chosen.record = _spliced(record, lines)
    return kept, kept.chosen


def _placing(card: Card) -> tuple[object, ...]:
    return tuple(getattr(card, name) for name in _PLACING_FIELDS)


def _changed_lines(
    kept: Kept, cards: Cards, changes: Sequence[tuple[int, Card]], record: bytes, now: int
) -> list[tuple[int, int, bytes]] | None:
    """Each changed article's ``updated`` time and origin worked out again from its line of the record
    (as placing does), and its new line: (where the old line starts, where it ends, the new line)."""
    lines = []
    for index, _ in changes:
        if not kept.usable[index]:
            continue
        source = cards.sources[index]
        start = _line_start(record, source)
        if start < 0:
            continue  # not recorded: a draft, or in the future
        end = record.find(b"\n", start)
        end = len(record) if end < 0 else end
        problems: list[Problem] = []
        before = identity.parse_line(record[start:end], problems=problems)
        if before is None or problems:
            return None
        published = kept.published[index]
        if cards.updated[index] == NO_TIME:  # else the front matter's time, kept (as placing does)
            unchanged = cards.digest(index) == before.digest
            kept.updated[index] = max(before.updated, published) if unchanged else max(now, published)
            kept.updated_origins[index] = identity.UNCHANGED_CODE if unchanged else identity.CHANGED_CODE
        ident = kept.ids.get(index) or tag_uri(kept.chosen.authority, source)
        line = identity.line_for(cards, index, ident, kept.updated[index])
        lines.append((start, min(end + 1, len(record)), line))
    return sorted(lines)


def _line_start(record: bytes, source: str) -> int:
    """Where the record's line for ``source`` starts (-1 if it has none)."""
    found = record.find(b"\n" + identity.quoted_path(source).encode("utf-8", "surrogatepass") + b"\t")
    return found + 1 if found >= 0 else -1


def _spliced(record: bytes, lines: list[tuple[int, int, bytes]]) -> NextRecord:
    if not lines:
        return NextRecord([record], unchanged=True)
    view, at = memoryview(record), 0
    pieces: list[bytes | memoryview] = []
    for start, end, line in lines:
        pieces += [view[at:start], line]
        at = end
    pieces.append(view[at:])
    return NextRecord(pieces, unchanged=False)


def placed(kept: Kept, cards: Cards, index: int) -> Placed:
    """Article ``index`` in its kept place."""
    return Placed(
        card=cards.card(index),
        published=from_seconds(kept.published[index]),
        updated=from_seconds(kept.updated[index]),
        id=kept.ids.get(index) or tag_uri(kept.chosen.authority, cards.sources[index]),
        date_origin=DATE_ORIGINS[kept.date_origins[index]],
        id_origin=kept.id_origins.get(index),
        updated_origin=UPDATED_ORIGINS[kept.updated_origins[index]],
    )


def _record_hash(record: NextRecord) -> bytes:
    hashed = hashlib.blake2b(digest_size=_CHECK)
    for piece in record.pieces:
        hashed.update(piece)
    return hashed.digest()


class Damaged(Exception):
    """A file of kept places that is not ours, or not whole: ignored (with a warning) and replaced."""


def _read(path: pathlib.Path, key: str, *, cards: Cards, record: bytes) -> Kept | None:
    """The kept places, if they were made with ``key`` for this record; raise Damaged if the file is not
    kept places (ValueError and the like if it holds values of the wrong shape)."""
    data = path.read_bytes()
    if not data.startswith(MAGIC):
        raise Damaged("not kept places of feedbuilder")
    check, payload = data[len(MAGIC) : len(MAGIC) + _CHECK], memoryview(data)[len(MAGIC) + _CHECK :]
    if hashlib.blake2b(payload, digest_size=_CHECK).digest() != check:
        raise Damaged("it fails its check: damaged or cut short")
    schema, stored_key, columns = marshal.loads(payload)  # noqa: S302 (our own file, its hash checked above)
    if schema != SCHEMA or stored_key != key:
        return None
    if columns["record"] != hashlib.blake2b(record, digest_size=_CHECK).digest():
        return None  # the id record is not the one the places were made with
    count = len(cards)
    published, updated, carried = (
        array.array("q", _sized(columns[name])) for name in ("published", "updated", "carried")
    )
    if len(published) != count or len(updated) != count or any(not 0 <= i < count for i in carried):
        raise ValueError("columns of another folder")
    chosen = Chosen(
        articles=[],
        names=_names(columns["names"]),
        authority=_text(columns["authority"]),
        count=int(columns["count"]),
        span=_span(columns["span"]),
        scheduled=_span(columns["scheduled"]),  # type: ignore[arg-type]
        record=None,
        repeatable=True,
        problems=[decode_problem(list(p)) for p in columns["problems"]],
    )
    return Kept(
        published=published,
        updated=updated,
        ids=_texts_by_index(columns["ids"], count),
        id_origins=_texts_by_index(columns["id_origins"], count),
        date_origins=_sized(columns["date_origins"], count),
        updated_origins=bytearray(_sized(columns["updated_origins"], count)),
        usable=_sized(columns["usable"], count),
        carried=carried,
        chosen=chosen,
    )


def _sized(value: object, count: int | None = None) -> bytes:
    if type(value) is not bytes or (count is not None and len(value) != count):
        raise ValueError("a column of the wrong size")
    return value


def _text(value: object) -> str:
    if type(value) is not str:
        raise TypeError("not text")
    return value


def _texts_by_index(value: object, count: int) -> dict[int, str]:
    if not isinstance(value, dict) or not all(
        type(k) is int and 0 <= k < count and type(v) is str for k, v in value.items()
    ):
        raise TypeError("texts of no article")
    return value


def _names(value: object) -> Names:
    if not isinstance(value, dict) or not all(
        type(kind) is str
        and isinstance(spelled, dict)
        and all(type(k) is str and type(v) is str for k, v in spelled.items())
        for kind, spelled in value.items()
    ):
        raise TypeError("names of the wrong shape")
    return value


def _span(value: Any) -> tuple[int | None, int | None]:
    since, until = value
    if not all(v is None or type(v) is int for v in (since, until)):
        raise TypeError("a span of the wrong shape")
    return since, until

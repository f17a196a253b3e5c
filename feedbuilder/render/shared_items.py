"""Items made once per build and reused by every feed that carries them.

A build puts one article into many feeds: the site's, and one per tag,
category and author it has.  Its item is the same in each of them as long as
the entry is the same (an entry is the article *and* how the feed shows it:
full text or summary, the authors credited), so each format keeps the items
it has written in an :class:`ItemCache` and writes only the others.

For RSS and Atom the writer is still feedgen: a feed's document is feedgen's
rendering of the feed with only its new items, and :func:`splice` puts the
items written for earlier feeds back in their places.  An item's bytes do not
depend on the document around it: it sits at the same depth in every feed,
and every namespace it uses is declared on the root, always with the same
prefix.  Neither XML format writes CDATA, so ``<item>`` and ``<entry>`` can
only be start tags: in text and attributes ``<`` is always escaped.

A cached item is a view into the document it was first written into, which
the build keeps anyway as a file's bytes: the cache costs a few hundred bytes
of bookkeeping per entry, shared by the formats, not a copy of each item.

No feedgen here (rss.py and atom.py are the only modules that import it).
"""

from __future__ import annotations

import dataclasses
import typing
import weakref
from collections.abc import Callable, Iterator, Sequence

from feedbuilder.model import Article, Entry, FeedFormat

Piece = bytes | memoryview
_SLOTS = {name: index for index, name in enumerate(typing.get_args(FeedFormat))}  # an entry's items, one per format


class ItemCache:
    """One format's items, by the entry they show.

    Found by the entry's article (the very object: a build hands the same
    Article to every feed) and the value of the rest of the entry, so two
    feeds that show an article the same way share its item, and a feed that
    shows it differently (summary only, other authors) gets its own.  Items
    are kept only while their article is alive: a build's articles are
    dropped when the build ends, and their items with them, so the cache
    holds one build at most and never a stale item.

    The formats share one store (see :class:`_Store`), so that the
    bookkeeping per article and entry is paid once, not once per format.
    """

    def __init__(self, name: FeedFormat) -> None:
        self._slot = _SLOTS[name]

    def get(self, entry: Entry) -> memoryview | None:
        """The item written before for this entry (this article, shown this way), or None."""
        items = _STORE.find(entry)
        return items[self._slot] if items is not None else None

    def put(self, entry: Entry, item: memoryview) -> None:
        _STORE.slots(entry)[self._slot] = item

    def clear(self) -> None:
        """Forget this format's items (tests; a build never needs to)."""
        for items in _STORE.every():
            items[self._slot] = None

    def __len__(self) -> int:
        return sum(items[self._slot] is not None for items in _STORE.every())


class _Watch(weakref.ref[Article]):
    """A weak reference to an article that still knows the article's key once the article is gone."""

    __slots__ = ("key",)
    key: int


class _Store:
    """For each live article, each of its entries' items in every format.

    Keyed by ``id(article)``; a weak reference drops the article's items when
    it goes, before its id can be given to another object.
    """

    def __init__(self) -> None:
        self._articles: dict[int, tuple[_Watch, dict[tuple[object, ...], list[memoryview | None]]]] = {}

    def find(self, entry: Entry) -> list[memoryview | None] | None:
        """The entry's items, one slot per format, if any was kept."""
        found = self._articles.get(id(entry.article))
        return found[1].get(entry.shown_as()) if found is not None else None

    def slots(self, entry: Entry) -> list[memoryview | None]:
        """The entry's items, one slot per format; empty slots, and a watch on its article, if it had none."""
        key = id(entry.article)
        found = self._articles.get(key)
        if found is None:
            watch = _Watch(entry.article, self._forget)
            watch.key = key
            found = self._articles[key] = (watch, {})
        by_rest = found[1]
        rest = entry.shown_as()
        items = by_rest.get(rest)
        if items is None:
            items = by_rest[rest] = [None] * len(_SLOTS)
        return items

    def every(self) -> Iterator[list[memoryview | None]]:
        for _, by_rest in list(self._articles.values()):
            yield from by_rest.values()

    def _forget(self, watch: weakref.ref[Article]) -> None:
        self._articles.pop(typing.cast(_Watch, watch).key, None)


_STORE = _Store()


def join(
    head: Piece, items: Sequence[Piece], tail: Piece, *, first: bytes, between: bytes, whole: bytes | None = None
) -> tuple[bytes, list[memoryview]]:
    """``head``, the items (``first`` before the first one, ``between`` before
    each other one) and ``tail`` as one document, and a view of each item in it.

    ``whole`` is that document if the caller has it already (it is not made again).
    """
    if whole is None:
        parts = [head]
        for index, item in enumerate(items):
            parts += (between if index else first, item)
        parts.append(tail)
        whole = b"".join(parts)
    view = memoryview(whole)
    places = []
    at = len(head)
    for index, item in enumerate(items):
        at += len(between if index else first)
        places.append(view[at : at + len(item)])
        at += len(item)
    return whole, places


@dataclasses.dataclass(frozen=True)
class Layout:
    """Where a format's items sit in its pretty-printed XML document."""

    tag: bytes  # b"item": each item starts with b"<item>" (no attributes)
    before: bytes  # what precedes each item: a newline and the item's indentation
    closing: bytes  # what follows the last item: the end tag of the items' parent, on its own line


def splice(
    entries: Sequence[Entry], cache: ItemCache | None, render: Callable[[Sequence[Entry]], bytes], layout: Layout
) -> bytes:
    """The XML document of ``entries``; ``render`` is asked only for the items ``cache`` lacks.

    ``render(some)`` must write the feed's document with exactly the entries
    ``some``, in their order.  Its items are kept in ``cache`` and the known
    ones put back among them.  Without a cache, or if the document cannot be
    cut into as many items as were asked for (never seen: it would take a
    start tag in text), the document is ``render(entries)`` as it is.
    """
    if cache is None:
        return render(entries)
    known = [cache.get(entry) for entry in entries]
    new = [entry for entry, item in zip(entries, known, strict=True) if item is None]
    document = render(new)
    head, made, tail = _split(document, layout)
    if len(made) != len(new):
        return document if len(new) == len(entries) else render(entries)
    fresh = iter(made)
    items = [item if item is not None else next(fresh) for item in known]
    as_made = document if len(new) == len(entries) else None  # nothing to put back: feedgen's document as it is
    whole, places = join(head, items, tail, first=layout.before, between=layout.before, whole=as_made)
    for entry, item, place in zip(entries, known, places, strict=True):
        if item is None:
            cache.put(entry, place)
    return whole


def _split(document: bytes, layout: Layout) -> tuple[memoryview, list[memoryview], memoryview]:
    """``document`` as what comes before its items, each item, and what comes after them."""
    view = memoryview(document)
    end = document.rindex(layout.closing)
    start = layout.before + b"<" + layout.tag + b">"
    at = document.find(start, 0, end)
    head = view[: at if at >= 0 else end]
    items = []
    while at >= 0:
        following = document.find(start, at + len(start), end)
        items.append(view[at + len(layout.before) : following if following >= 0 else end])
        at = following
    return head, items, view[end:]

"""The one door between the pipeline and ``.feedbuilder/``: each stage asks here for its result, by what it depends on.

build.py calls the same methods whether caching is on or off; only this class knows which kept results
exist, how each is keyed (fingerprint.py) and when one may be used.  What each kept result depends on:

==================  ==================================  ==================================================
kept result         file in .feedbuilder/               depends on
==================  ==================================  ==================================================
last build          last-build.json (lastbuild.py)      config bytes, command line, code, Python, libraries,
                                                        time zone rules, every article's and output file's
                                                        stat, the span of "now" that changes nothing
a file's card       cards (kept_cards.py)               the file's stat and bytes, config, code
places and choice   places (kept_places.py)             the cards (their hash), config, options, code, the
                                                        id record's bytes, the span of "now"
a body's HTML       render.sqlite (kept_bodies.py)      body text and format, the article's URL and
                                                        summary, code (render.entries.key_of)
an output file      feeds.json (kept_files.py)          config, code, every shown field of each article it
                                                        carries (render.plan), the file's stat on disk
==================  ==================================  ==================================================
"""

from __future__ import annotations

import contextlib
import pathlib
from collections.abc import Callable, Sequence

from feedbuilder.errors import Report, shown_path, unusable_record
from feedbuilder.incremental import fingerprint, kept_bodies, kept_cards, kept_places, lastbuild
from feedbuilder.incremental.kept_files import FeedCache
from feedbuilder.model import Progress, Site
from feedbuilder.render.entries import Rendered
from feedbuilder.site.choose import Choice, Chosen
from feedbuilder.site.placing import Placement, Record
from feedbuilder.sources import cards
from feedbuilder.sources.cards import Cards
from feedbuilder.sources.dates import to_seconds
from feedbuilder.sources.discover import Files

Place = Callable[[], tuple[Chosen, Placement, Sequence[int]]]


class Incremental:
    """Kept results for one build of ``site``; with ``enabled`` false, every stage works afresh and nothing is kept."""

    def __init__(self, site: Site, *, enabled: bool, report: Report) -> None:
        self.site, self.enabled, self._report = site, enabled, report
        self._off = fingerprint.measured_without() if enabled else frozenset()
        self._cards: kept_cards.CardCache | None = None
        self._bodies_path = _bodies_path(site) if enabled and "bodies" not in self._off else None
        self._bodies: dict[str, Rendered] = {}
        self.files: FeedCache | None = None  # the output files of the last build (render.plan.Kept)

    def cards(self, files: Files, *, listing: lastbuild.Listing | None, progress: Progress | None) -> Cards:
        """Every file read in brief: unchanged ones from the article cache, the others read (cards.scan)."""
        path = kept_cards.cache_path(self.site) if self.enabled and "cards" not in self._off else None
        if path is None:
            return cards.scan(files, site=self.site, report=self._report, progress=progress)
        kept = self._cards = kept_cards.CardCache.open(path, self.site)
        self._report.extend(kept.problems)
        found = kept.scan(files, site=self.site, report=self._report, seen=listing, progress=progress)
        kept.save(report=self._report)  # even if the build then fails: the next one reads only what changed
        return found

    def chosen(self, found: Cards, *, record: Record | None, choice: Choice, place: Place) -> Chosen:
        """The last build's places and choice brought up to date when only what some articles say changed,
        else ``place()`` (whose result is kept for the next build)."""
        reused = self._reused(found, record=record, choice=choice) if "places" not in self._off else None
        if reused is not None:
            return reused
        result, placement, carried = place()
        path = kept_places.path_of(self.site) if self._cards is not None and "places" not in self._off else None
        if path is not None and self._cards is not None:
            key = kept_places.key_of(self.site, drafts=choice.drafts, future=choice.future, cards=self._cards.check)
            kept_places.save(path, key, kept_places.kept_of(placement, carried, result))
        return result

    def _reused(self, found: Cards, *, record: Record | None, choice: Choice) -> Chosen | None:
        cache, path = self._cards, kept_places.path_of(self.site)
        if cache is None or path is None or cache.changes is None or record is None or not cache.loaded_check:
            return None
        key = kept_places.key_of(self.site, drafts=choice.drafts, future=choice.future, cards=cache.loaded_check)
        try:
            reused = kept_places.reuse(
                path, key, cards=found, changes=cache.changes, record=record.text, now=to_seconds(choice.now)
            )
        except kept_places.Damaged as exc:
            self._report.add(
                unusable_record(shown_path(path), f"the kept places of the last build cannot be used ({exc})")
            )
            kept_places.forget(path)
            return None
        if reused is None:
            return None
        kept, result = reused
        result.articles = [kept_places.placed(kept, found, index) for index in kept.carried]
        self._report.extend(result.problems)
        key = kept_places.key_of(self.site, drafts=choice.drafts, future=choice.future, cards=cache.check)
        kept_places.save(path, key, kept)
        return result

    def let_go_of_cards(self) -> None:
        """The rest of a build needs only the chosen articles' cards."""
        self._cards = None

    def open_for_rendering(self) -> dict[str, Rendered]:
        """The kept bodies (render.entries.EntryCache starts from them); the last build's output files opened."""
        if self._bodies_path is not None:
            self._bodies, problems = kept_bodies.load(self._bodies_path)
            self._report.extend(problems)
        if self.enabled and "files" not in self._off:
            self.files = FeedCache.open(self.site)
            self._report.extend(self.files.problems)
        return self._bodies

    def keep_bodies(self, used: dict[str, Rendered]) -> None:
        """Keep the bodies this build rendered or used (only those: the cache never grows without bound)."""
        path = self._bodies_path
        if path is None or used == self._bodies:
            return
        try:
            kept_bodies.save(path, used)
        except OSError as exc:
            self._report.warn(
                shown_path(path),
                f"cannot write the render cache: {exc.strerror or exc}",
                hint=f"make {kept_bodies.FOLDER}/ a folder you can write",
            )

    def forget_cards(self) -> None:
        """A card no longer tells the file's bytes (an article failed late): the next build reads every file."""
        path = kept_cards.cache_path(self.site)
        if path is not None:
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)


def _bodies_path(site: Site) -> pathlib.Path | None:
    if site.config_path is None:
        return None
    return site.config_path.parent / kept_bodies.FOLDER / kept_bodies.FILE_NAME

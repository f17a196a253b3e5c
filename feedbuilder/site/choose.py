"""Placing the folder and choosing what each feed carries, in one call: the middle of the pipeline (pure).

Some of an article depends on the others (a date only git knows, ids shared with the record, a slug two
files want), so the folder is placed as a whole (placing.py), then select.chosen picks the articles each
feed carries.  Nothing here reads or writes a file.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Sequence

from feedbuilder.errors import ArticleError, Problem, Report
from feedbuilder.model import Placed, Site
from feedbuilder.site.identity import NextRecord
from feedbuilder.site.placing import Placement, Record, place
from feedbuilder.site.select import Names, chosen
from feedbuilder.sources.cards import Cards
from feedbuilder.sources.dates import to_seconds


@dataclasses.dataclass
class Chosen:
    """What the rest of a build needs of the folder: the articles the feeds carry, and a few totals."""

    articles: list[Placed]  # the ones some feed carries, newest first
    names: Names  # how each taxonomy feed spells its name
    authority: str
    count: int  # every usable article
    span: tuple[int | None, int | None]  # seconds: "now" may move within it without changing the choice
    record: NextRecord | None
    repeatable: bool
    problems: list[Problem]  # what placing said (said again when the places are reused)
    scheduled: tuple[int, int | None] = (0, None)  # articles left out as dated in the future, and the first's time


@dataclasses.dataclass(frozen=True, kw_only=True)
class Choice:
    """Options that decide what is shown: the build's "now", drafts, future articles, going on past errors."""

    now: datetime.datetime
    drafts: bool = False
    future: bool = False
    keep_going: bool = False


def place_and_choose(
    found: Cards, *, site: Site, report: Report, shown_root: str, record: Record | None, choice: Choice
) -> tuple[Chosen, Placement, Sequence[int]]:
    """The folder placed and the feeds' articles chosen; also the placement and the chosen indexes (which
    the incremental layer keeps).  Raises ArticleError on a bad article unless ``keep_going``."""
    before = len(report)
    placement = place(found, site=site, report=report, shown_root=shown_root, record=record)
    if report.errors and not choice.keep_going:
        raise ArticleError(list(report))
    shown = placement.newest_first(now=choice.now, drafts=choice.drafts, future=choice.future)
    carried, names = chosen(site, shown, functools.partial(placement.names, site=site))
    since, until = placement.span(choice.now)
    result = Chosen(
        articles=[placement.placed(index) for index in carried],
        names=names,
        authority=placement.authority,
        count=placement.count(),
        span=(to_seconds(since) if since else None, to_seconds(until) if until else None),
        scheduled=placement.scheduled(choice.now) if not choice.future else (0, None),
        record=placement.record,
        repeatable=not any(map(placement.reads_more, placement.indexes())),
        problems=list(report)[before:],
    )
    return result, placement, carried

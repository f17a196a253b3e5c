"""Every article file in brief: one :class:`Card` each.

A build must read every file (any of them may be the newest, or carry a tag),
but holds on to very little of each: its dates, tags, categories, author
names, ids and addresses as written, and hashes of what readers see and of
the file's bytes.  From the cards alone the folder is placed (placing.py) and
the feeds' articles chosen (select.py); only those are then read in full
(articles.py).  So what a build holds grows with its feeds, not with the
archive.  Files are read in worker processes when there are many.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from feedbuilder import articles, identity
from feedbuilder.articles import Draft
from feedbuilder.dates import to_seconds
from feedbuilder.discover import SourceFile
from feedbuilder.errors import Problem, Report
from feedbuilder.model import Card, Site
from feedbuilder.placing import is_http


def card_of(draft: Draft) -> Card:
    """The draft in brief."""
    enclosure = draft.enclosure
    return Card(
        source=draft.file.source,
        published=to_seconds(draft.published),
        updated=to_seconds(draft.updated),
        given_id=draft.given_id,
        given_url=draft.given_url,
        slug=draft.slug,
        draft=draft.draft,
        tags=draft.tags,
        categories=draft.categories,
        authors=tuple(author.name for author in draft.authors),
        digest=identity.digest(draft),
        title_key=identity.title_key(draft.title),
        file_hash=draft.file_hash,
        measured=enclosure is not None and not enclosure.length and not is_http(enclosure.url),
    )


def read_card(file: SourceFile, *, site: Site) -> tuple[Card | None, list[Problem]]:
    """The file's card (None if it is unusable) and its problems."""
    local = Report()
    draft = articles.read_draft(file, site=site, report=local)
    return (card_of(draft) if draft is not None else None), list(local)


def scan(files: Sequence[SourceFile], *, site: Site, report: Report) -> list[Card]:
    """A card for every usable file, in the order of ``files``; every file's problems go to ``report``."""
    cards = []
    for card, problems in articles.in_order(functools.partial(read_card, site=site), files):
        report.extend(problems)
        if card is not None:
            cards.append(card)
    return cards

"""What every generator's rules share: the values they give and helpers for paths, globs and dates."""

from __future__ import annotations

import datetime
import fnmatch
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from feedbuilder.model import Card, Generator, Site


class Found(NamedTuple):
    """A generator's site, recognised by its config: what it says in our config's terms."""

    generator: Generator
    settings: dict[str, Any]  # our config's keys (title, url, timezone, language, articles, ...), as read
    notes: list[str]  # what could not be read, one line each


class Reading(NamedTuple):
    """What a post's front matter and path say, by its generator's rules."""

    slug: str | None = None  # the slug as the generator holds it (Card.slug)
    url: str | None = None  # its address inside the site, "/..."; may hold date tokens (:year, :month, :day)
    published: object = None  # the date value the generator's feed gives (front matter, name or path), if it knows
    draft: bool = False
    categories: tuple[str, ...] | None = None  # when the generator makes them otherwise
    # the front matter's date is a word, not a date (Eleventy's "git Created"): from git, or the file, instead
    date_word: bool = False


class Rules(NamedTuple):
    """One generator's rules (see the module's docstring)."""

    detect: Callable[[Any], Found | None]
    posts: Callable[[Sequence[str], Generator], list[str]]
    left_out: Callable[[Mapping[str, Any], str, Generator], bool]
    reading: Callable[[Mapping[str, Any], str, str, Generator], Reading]
    address: Callable[[Card, datetime.datetime, Generator], str]
    feed_id: Callable[[str, Card, datetime.datetime, Site], str]


def matches(source: str, globs: Sequence[str]) -> bool:
    """Whether the path matches one of the globs (``**`` any folders, ``*`` within one; a folder's
    name matches everything under it)."""
    return any(_glob(pattern).match(source) for pattern in globs)


_GLOBS: dict[str, re.Pattern[str]] = {}


def _glob(pattern: str) -> re.Pattern[str]:
    found = _GLOBS.get(pattern)
    if found is None:
        parts = []
        for piece in re.split(r"(\*\*/?)", pattern.strip("/")):
            if piece.startswith("**"):
                parts.append("(?:.*/)?" if piece.endswith("/") else ".*")
            else:
                parts.append(fnmatch.translate(piece)[4:-3].replace(".*", "[^/]*"))
        found = _GLOBS[pattern] = re.compile("".join(parts) + "(?:/.*)?\\Z")
    return found


_PATH_DATE = re.compile(r"(?:^|/)(\d{4})/(\d{2})/(\d{2})(?:/|$)")


def path_date(*places: str | None) -> datetime.date | None:
    """A ``YYYY/MM/DD/`` date in the first of these addresses or paths that holds one."""
    for place in places:
        found = _PATH_DATE.search(place or "")
        if found:
            try:
                return datetime.date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
            except ValueError:
                continue
    return None


def inside_content(source: str, generator: Generator) -> str:
    """The article's path inside the generator's content folder."""
    return generator.prefix + source


def expand_dates(pattern: str, local: datetime.datetime, tokens: Mapping[str, str]) -> str:
    """``:year``-style tokens of the date in a pattern (the longest names first)."""
    if ":" not in pattern:
        return pattern
    values = {name: local.strftime(form) for name, form in tokens.items()}
    names = sorted(values, key=len, reverse=True)
    return re.sub(":(" + "|".join(names) + r")\b", lambda m: values[m.group(1)], pattern)


def strings(value: object) -> tuple[str, ...]:
    """A list of names, or one string of names separated by commas."""
    if isinstance(value, str):
        return tuple(part.strip() for part in value.split(",") if part.strip())
    if isinstance(value, list):
        return tuple(str(item).strip() for item in value if str(item).strip())
    return ()

"""A published article renamed or moved, and edited at the same time, recognised by several clues.

The rule (README, "Identity"): a file that is new to the id record is set beside
each published line whose file is gone, and each clue they share scores:

- the same body (at least three paragraphs or sentences, all alike): 2
- a body recognisably the same, edited (alike in at least two of its sampled
  paragraphs or sentences, and in at least 40% of them; paragraphs that
  several articles have, a site's boilerplate, do not count): 1
- the same title: 1
- the same file name (without a Jekyll date; a page bundle's index file by its
  folder's name) or the new slug the old file name: 1
- the same date, as the file writes it (front matter or file name): 1

Two points or more: the same article.  It keeps its id, with a warning saying
which clues; but only when it is the one such file for that line and that line
the one such line for the file: a line two files match (a split, a copy) or a
file that matches two lines stops the build naming all of them.  One point
(not the date alone, which many articles share): a likely rename, which stops
the build with the line that keeps the id.  Nothing shared: a new article.

Everything here is pure.
"""

from __future__ import annotations

import pathlib
import re
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from feedbuilder.errors import Level, Problem
from feedbuilder.sources.likeness import SKETCH_SIZE, sample_values

_SAME_BODY_FROM = 3  # a body of fewer units is too short to recognise an article by alone

_JEKYLL = re.compile(r"^\d{4}-\d{2}-\d{2}-")


class Clues(NamedTuple):
    """What recognises an article (a file now, or a line of the record)."""

    path: str  # a file's as messages name it; a line's as the record has it
    digest: str  # of what readers see
    title: str  # the title's hash
    sketch: str  # of the body ("" when unknown: a line written before feedbuilder kept it)
    day: str  # the date the file writes, YYYY-MM-DD ("" when it writes none)
    name: str  # the file name without extension and Jekyll date; or the slug written in a new file


_BUNDLE_FILES = frozenset(("index", "_index", "readme"))  # a page bundle's file: its folder names it


def stem(path: str) -> str:
    """The name a file gives its article: its own without extension and Jekyll date, or its folder's
    for a page bundle (posts/quay/index.md is 'quay': every bundle's file is 'index')."""
    where = pathlib.PurePosixPath(path)
    name = where.stem
    if name.casefold() in _BUNDLE_FILES and where.parent.name:
        name = where.parent.name
    return _JEKYLL.sub("", name)


def score(
    new: Clues, old: Clues, *, slug: str | None = None, common: frozenset[int] = frozenset()
) -> tuple[int, list[str]]:
    """The points of the clues the two share, and those clues in words.  ``common``: sampled paragraphs
    that many of the articles in question have (boilerplate): shared, they show nothing."""
    if new.digest == old.digest:
        return 3, []  # moved as it was: nothing to say but that
    clues = []
    points = 0
    body = _body_alike(new.sketch, old.sketch, common)
    if body == 2:
        points, clues = 2, ["same body"]
    elif body == 1:
        points, clues = 1, ["most of its body"]
    for alike, words in (
        (new.title == old.title, "same title"),
        (new.name == old.name or (slug is not None and slug == old.name), "same file name"),
        (bool(new.day) and new.day == old.day, "same date"),
    ):
        if alike:
            points += 1
            clues.append(words)
    return points, clues


def _body_alike(new: str, old: str, common: frozenset[int] = frozenset()) -> int:
    """2: the same sampled body; 1: recognisably the same, edited; 0: neither (or unknown)."""
    if not new or not old:
        return 0
    if new == old and not common.intersection(sample_values(new)):
        return 2 if len(new) >= 4 * _SAME_BODY_FROM else 1
    ours, theirs = sample_values(new), sample_values(old)
    union = sorted(set(ours) | set(theirs))[:SKETCH_SIZE]  # the sample of both bodies together
    shared = sum(1 for value in union if value in ours and value in theirs and value not in common)
    return 1 if shared >= 2 and shared * 10 >= 4 * len(union) else 0


class Verdict(NamedTuple):
    """A new file and the published line it is: it keeps that line's id."""

    file: int  # the article's index
    line: int  # of ``gone``
    clues: tuple[str, ...]


def recognise(
    fresh: Sequence[tuple[int, Clues, str | None]],
    gone: Sequence[tuple[Clues, str]],
    *,
    record_path: str,
) -> tuple[list[Verdict], list[Problem]]:
    """Which new files (index, clues, slug written) are which published lines (clues, id): the same
    article when unambiguous; every doubt an error naming the paths and the line that keeps the id."""
    same: dict[int, list[tuple[int, list[str]]]] = {}  # file -> lines it is
    likely: dict[int, int] = {}  # file -> the first line it looks like
    lookup = _Index(gone)
    common = _boilerplate([clues.sketch for _, clues, _ in fresh], [old.sketch for old, _ in gone])
    for position, (_, clues, slug) in enumerate(fresh):
        for line in lookup.candidates(clues, slug):
            points, words = score(clues, gone[line][0], slug=slug, common=common)
            if points >= 2:
                same.setdefault(position, []).append((line, words))
            elif points == 1 and words != ["same date"]:
                likely.setdefault(position, line)
    files_of: dict[int, list[int]] = {}
    for position, lines in same.items():
        for line, _ in lines:
            files_of.setdefault(line, []).append(position)
    verdicts, problems = [], []
    for position, (index, clues, _) in enumerate(fresh):
        lines = same.get(position, [])
        if len(lines) == 1 and len(files_of[lines[0][0]]) == 1:
            verdicts.append(Verdict(index, lines[0][0], tuple(lines[0][1])))
        elif len(lines) > 1:
            problems.append(_two_lines(clues.path, [gone[line] for line, _ in lines], record_path))
        elif lines:
            others = [fresh[other][1].path for other in files_of[lines[0][0]] if other != position]
            problems.append(_two_files(clues.path, others, gone[lines[0][0]], record_path))
        elif position in likely:
            problems.append(_likely(clues.path, gone[likely[position]], record_path))
    return verdicts, problems


def _boilerplate(*groups: Sequence[str]) -> frozenset[int]:
    """Sampled paragraphs that several articles of one group (the new files, or the vanished lines) have:
    a site's boilerplate.  An article's own paragraph is in both groups once; 16-bit samples of thousands
    of articles meet by chance, hence more than three in a large group."""
    common: set[int] = set()
    for sketches in groups:
        seen: dict[int, int] = {}
        for sketched in sketches:
            for value in set(sample_values(sketched)):
                seen[value] = seen.get(value, 0) + 1
        least = max(3, len(sketches) // 200)
        common.update(value for value, times in seen.items() if times >= least)
    return frozenset(common)


class _Index:
    """The vanished lines by each clue they can share with a file, so that a file is scored only against
    the lines it shares one with (a folder of 10,000 moved is not 10,000 times 10,000 pairs)."""

    _COMMON = 50  # a sampled paragraph in more lines than this is boilerplate: no clue

    def __init__(self, gone: Sequence[tuple[Clues, str]]) -> None:
        self.gone = gone
        self.by: dict[tuple[str, str | int | None], list[int]] = {}
        for line, (old, _) in enumerate(gone):
            keys: set[tuple[str, str | int | None]] = {("digest", old.digest), ("title", old.title), ("name", old.name)}
            keys.update(("sample", value) for value in sample_values(old.sketch))
            for key in keys:
                self.by.setdefault(key, []).append(line)

    def candidates(self, clues: Clues, slug: str | None) -> Iterable[int]:
        """The lines that share a digest, a title, a name or a sampled paragraph with the file."""
        keys: list[tuple[str, str | int | None]] = [
            ("digest", clues.digest),
            ("title", clues.title),
            ("name", clues.name),
            ("name", slug),
        ]
        keys += [("sample", value) for value in sample_values(clues.sketch)]
        found: set[int] = set()
        for key in keys:
            lines = self.by.get(key, ())
            if key[0] != "sample" or len(lines) <= self._COMMON:
                found.update(lines)
        return sorted(found)


def kept_notice(path: str, old: Clues, ident: str, clues: Sequence[str], record_path: str) -> Problem:
    listed = ", ".join(clues[:-1]) + " and " + clues[-1] if len(clues) > 1 else "".join(clues)
    why = f" ({listed})" if clues else ""
    return Problem(
        path=path,
        field="id",
        level=Level.WARNING,
        message=f"was {old.path}{why}; keeps its id {ident}",
        hint=f"nothing to do: {record_path} now records the new path (if it is another article, "
        "give it an 'id: ...' of its own)",
    )


def _likely(path: str, line: tuple[Clues, str], record_path: str) -> Problem:
    old, ident = line
    return Problem(
        path=path,
        field="id",
        message=f"looks like {old.path} moved or renamed, which subscribers know as {ident}",
        hint=f"to keep that id add 'id: {ident}' to its front matter; if it is a new article, "
        f"delete the line of {old.path} from {record_path}",
    )


def _two_files(path: str, others: Sequence[str], line: tuple[Clues, str], record_path: str) -> Problem:
    old, ident = line
    return Problem(
        path=path,
        field="id",
        message=f"and {', '.join(others)} both look like {old.path}, which subscribers know as {ident}",
        hint=f"add 'id: {ident}' to the front matter of the one that is that article; if none is, "
        f"delete the line of {old.path} from {record_path}",
    )


def _two_lines(path: str, lines: Sequence[tuple[Clues, str]], record_path: str) -> Problem:
    named = " and ".join(f"{old.path} ({ident})" for old, ident in lines)
    return Problem(
        path=path,
        field="id",
        message=f"looks like both {named}",
        hint=f"add 'id: ...' with the id of the one it is to its front matter; "
        f"delete the other's line from {record_path} if that article is gone",
    )

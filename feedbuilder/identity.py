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

Everything here is pure; :func:`read_record` and :func:`record_text` are the
only functions that deal with the file's text.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import pathlib
import re
import urllib.parse
from collections.abc import Iterable, Sequence

from feedbuilder.dates import rfc3339
from feedbuilder.errors import Level, Problem
from feedbuilder.model import Article

RECORD_NAME = "feedbuilder.ids"
_HEADER = (
    "# feedbuilder.ids: the id each published article was given, so that it never changes.\n"
    "# Commit this file. Written by 'feedbuilder build'; edit only as its messages say.\n"
    "# path\tid\tcontent hash\ttitle hash\tupdated\n"
)
_JEKYLL = re.compile(r"^\d{4}-\d{2}-\d{2}-")


@dataclasses.dataclass(frozen=True)
class Published:
    """One line of the record."""

    path: str
    id: str
    digest: str
    title: str  # a short hash of the title, to recognise a renamed and edited file
    updated: datetime.datetime


@dataclasses.dataclass(frozen=True)
class Reconciled:
    articles: list[Article]
    record: list[Published]
    problems: list[Problem]


def mint_url_ids(articles: Sequence[Article], *, tag_ids: Sequence[str]) -> list[Article]:
    """``ids: url``: an article whose id was made from its path takes its URL
    as id instead, as jekyll-feed and Hugo did (and the record then keeps it
    when the URL later changes)."""
    return [
        dataclasses.replace(a, id=a.url, origins={**a.origins, "id": "its URL when first published (ids: url)"})
        if a.id == minted
        else a
        for a, minted in zip(articles, tag_ids, strict=True)
    ]


def _hash(text: str, size: int) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:size]


def digest(article: Article) -> str:
    """A hash of what a reader sees of the article."""
    joined = hashlib.sha256("\x00".join((article.title, article.summary or "", "")).encode("utf-8", "surrogatepass"))
    joined.update(article.body_utf8)  # the same bytes as the body's text joined in and encoded
    return joined.hexdigest()[:20]


def title_key(title: str) -> str:
    return _hash(" ".join(title.casefold().split()), 8)


def reconcile(
    articles: Sequence[Article],
    record: Iterable[Published],
    *,
    now: datetime.datetime,
    published: set[str],
    record_path: str = RECORD_NAME,
) -> Reconciled:
    """Apply the record to freshly read articles and make the next record.

    ``published``: the sources of the articles that readers can see now
    (not drafts, not in the future); only those are recorded.
    """
    known = {entry.path: entry for entry in record}
    current = {a.source for a in articles}
    gone = {path: entry for path, entry in known.items() if path not in current}
    gone_by_id = {entry.id: entry for entry in gone.values()}
    gone_by_digest: dict[str, list[Published]] = {}
    for entry in gone.values():
        gone_by_digest.setdefault(entry.digest, []).append(entry)
    result, problems, fresh, digests = [], [], [], []
    for article in articles:
        hashed = digest(article)
        digests.append(hashed)
        before = known.get(article.source)
        if before is None:
            same_id = gone_by_id.get(article.id)
            moved = [same_id] if same_id else gone_by_digest.get(hashed, [])
            if len(moved) == 1 and moved[0].path in gone:
                before = gone.pop(moved[0].path)
                if before.id != article.id:
                    problems.append(_moved_notice(article, before))
            else:
                fresh.append(article)
        result.append(_apply(article, before, hashed, now) if before else article)
    problems.extend(_lost_ids(fresh, gone.values(), record_path))
    next_record = [
        Published(path=a.source, id=a.id, digest=hashed, title=title_key(a.title), updated=a.updated)
        for a, hashed in zip(result, digests, strict=True)
        if a.source in published
    ]
    return Reconciled(result, sorted(next_record, key=lambda p: p.path), problems)


def _apply(article: Article, before: Published, hashed: str, now: datetime.datetime) -> Article:
    origins = dict(article.origins)
    changes: dict[str, object] = {}
    if not origins.get("id", "").startswith("front matter") and article.id != before.id:
        changes["id"] = before.id
        origins["id"] = f"{RECORD_NAME} (first published as {before.path})"
    if not origins.get("updated", "").startswith("front matter"):
        if hashed == before.digest:
            changes["updated"] = max(before.updated, article.published)
            origins["updated"] = f"{RECORD_NAME} (content unchanged since then)"
        else:
            changes["updated"] = max(now, article.published)
            origins["updated"] = "this build (content changed since the last build)"
    return dataclasses.replace(article, origins=origins, **changes)  # type: ignore[arg-type]


def _moved_notice(article: Article, before: Published) -> Problem:
    return Problem(
        path=article.path,
        field="id",
        level=Level.WARNING,
        message=f"was {before.path}; keeps its id {before.id}",
        hint=f"nothing to do: {RECORD_NAME} now records the new path",
    )


def _lost_ids(fresh: Sequence[Article], gone: Iterable[Published], record_path: str) -> list[Problem]:
    """A new file that looks like a vanished published one (same file name or title) is a likely rename."""
    problems = []
    gone_list = list(gone)
    for article in fresh:
        for entry in gone_list:
            if _looks_alike(article, entry):
                problems.append(
                    Problem(
                        path=article.path,
                        field="id",
                        message=f"looks like {entry.path} moved or renamed, which subscribers know as {entry.id}",
                        hint=f"to keep that id add 'id: {entry.id}' to its front matter; if it is a new article, "
                        f"delete the line of {entry.path} from {record_path}",
                    )
                )
                break
    return problems


def _looks_alike(article: Article, entry: Published) -> bool:
    return _stem(article.source) == _stem(entry.path) or title_key(article.title) == entry.title


def _stem(path: str) -> str:
    return _JEKYLL.sub("", pathlib.PurePosixPath(path).stem)


def read_record(text: str, *, path: str) -> tuple[list[Published], list[Problem]]:
    """Parse the record's text; a damaged line is reported, never guessed."""
    entries, problems = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        try:
            source, ident, hashed, titled, updated = fields
            when = datetime.datetime.fromisoformat(updated.replace("Z", "+00:00"))
            if when.tzinfo is None:
                raise ValueError(updated)
        except ValueError:
            problems.append(
                Problem(
                    path=path,
                    line=number,
                    message="is not 'path<TAB>id<TAB>hash<TAB>title hash<TAB>updated'",
                    hint=f"restore the line from version control; {RECORD_NAME} is written by feedbuilder",
                )
            )
            continue
        entries.append(Published(urllib.parse.unquote(source), ident, hashed, titled, when))
    return entries, problems


def record_text(entries: Iterable[Published]) -> str:
    lines = [
        f"{urllib.parse.quote(e.path, safe='/ ')}\t{e.id}\t{e.digest}\t{e.title}\t{rfc3339(e.updated)}\n"
        for e in entries
    ]
    return _HEADER + "".join(lines)

"""Article files -> :class:`Article` values, every problem reported.

Reading happens in two passes: each file alone (front matter, layout,
fields; in worker processes when there are many files, or from the article
cache), then the folder as a whole (dates from git or file times for the
files that give none, ties between equal dates, ids, duplicate ids).
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime
import functools
import multiprocessing
import os
import pathlib
import re
import urllib.parse
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from feedbuilder import bodies, clock, content, dates, gitdates, textlayout, values
from feedbuilder.discover import ARTICLE_SUFFIXES, SourceFile, find_articles
from feedbuilder.errors import Level, Problem, Report, shown_path
from feedbuilder.frontmatter import FrontMatterError, split
from feedbuilder.model import Article, Author, BodyFormat, Enclosure, Site, decode_body, encode_body
from feedbuilder.values import BadValue

if TYPE_CHECKING:
    from feedbuilder.draftcache import DraftCache

MAX_BYTES = 10_000_000
LOCAL_FILE = "the size of the file it names, beside the article or in the articles folder"
GIT_DATE = "the git commit that added the file"  # the origin of a date taken from git history
_JEKYLL_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)")


@dataclasses.dataclass(frozen=True, kw_only=True)
class Draft:
    """An article read on its own; its date may still be unknown."""

    file: SourceFile
    title: str
    published: datetime.datetime | None
    updated: datetime.datetime | None
    given_id: str | None
    given_url: str | None
    slug: str
    summary: str | None
    authors: tuple[Author, ...]
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    draft: bool
    lang: str | None
    image: str | None
    enclosure: Enclosure | None
    body_utf8: bytes  # the body's text, from model.encode_body
    body_format: BodyFormat
    origins: dict[str, str] = dataclasses.field(default_factory=dict)  # field -> where its value came from

    @property
    def body(self) -> str:
        """The body's text."""
        return decode_body(self.body_utf8)


@dataclasses.dataclass(frozen=True)
class Loaded:
    """Every article of the folder, and the id authority their ids were minted with."""

    articles: list[Article]
    id_authority: str


def load_articles(
    site: Site, *, report: Report, shown_root: str | None = None, cache: DraftCache | None = None
) -> Loaded:
    """Read every article under the site's folder (unchanged ones from ``cache``); problems go to ``report``."""
    shown_root = shown_root or shown_path(site.articles_dir)
    files = find_articles(site.articles_dir, report=report, shown_root=shown_root)
    if cache is not None:
        drafts = cache.read_all(files, site=site, report=report)
    else:
        drafts = read_all(files, site=site, report=report)
    return finish_articles(drafts, site=site, report=report)


# ---------------------------------------------------------------- many files at once


def read_all(files: Sequence[SourceFile], *, site: Site, report: Report) -> list[Draft]:
    """``read_draft`` for every file, in worker processes when there are many.

    The Drafts of the usable files, and every file's problems, come in the order of ``files``.
    """
    drafts = []
    for draft, problems in in_order(functools.partial(read_alone, site=site), files):
        report.extend(problems)
        if draft is not None:
            drafts.append(draft)
    return drafts


def read_alone(file: SourceFile, *, site: Site) -> tuple[Draft | None, list[Problem]]:
    """``read_draft`` with a report of its own: the Draft (None if unusable) and the file's problems."""
    local = Report()
    draft = read_draft(file, site=site, report=local)
    return draft, list(local)


PARALLEL_FROM = 300  # files to read; below this, starting worker processes costs more than it saves
_CHUNK = 200  # the most files a worker reads per task (fewer tasks: less sending back and forth)
_Item = TypeVar("_Item")
_Result = TypeVar("_Result")


def in_order(work: Callable[[_Item], _Result], items: Sequence[_Item]) -> list[_Result]:
    """``work(item)`` for every item, results in the order of ``items``.

    Above PARALLEL_FROM items, on a machine with more than one core that can fork, the
    work is shared by forked worker processes (``work`` must then be picklable: a
    module's function, or a ``functools.partial`` of one).
    """
    workers = cores()
    if len(items) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [work(item) for item in items]
    size = max(1, min(_CHUNK, len(items) // (4 * workers)))  # four tasks a worker or more: they end together
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        return [result for done in pool.map(functools.partial(_each, work), chunks) for result in done]


def _each(work: Callable[[_Item], _Result], chunk: Sequence[_Item]) -> list[_Result]:
    return [work(item) for item in chunk]


def cores() -> int:
    """The cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - macOS and Windows


# ---------------------------------------------------------------- one file


def read_draft(file: SourceFile, *, site: Site, report: Report) -> Draft | None:
    """One file on its own; ``None`` (with errors reported) if it is unusable."""
    text = _read_text(file, report=report)
    if text is None:
        return None
    text, removed = content.clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    try:
        parsed = split(text, path=file.shown)
    except FrontMatterError as exc:
        report.add(exc.problem)
        return None
    if removed or parsed.removed_characters:
        report.warn(
            file.shown,
            "removed characters that feeds may not contain (control characters)",
            hint='delete them from the file (or the escapes such as "\\e" that make them) to silence this warning',
        )
    fields = _Fields(parsed.meta, parsed.lines, file=file, report=report)
    before = len(report.errors)
    if ARTICLE_SUFFIXES[file.path.suffix.lower()] != "text" and bodies.nesting(parsed.body) > bodies.MAX_NESTING:
        report.error(
            file.shown,
            f"HTML elements nest more than {bodies.MAX_NESTING:,} deep",
            line=parsed.body_line,
            hint="close the tags you open (</div>); HTML sanitisers take minutes over markup this deep",
        )
    draft = _draft(fields, parsed.body, parsed.body_line, file=file, site=site)
    return draft if len(report.errors) == before else None


def _read_text(file: SourceFile, *, report: Report) -> str | None:
    try:
        data, size = _read_bytes(file.path)
    except OSError as exc:
        report.error(file.shown, f"cannot read the file: {exc.strerror}")
        return None
    if size > MAX_BYTES:
        report.error(
            file.shown,
            f"file is {size:,} bytes, over the {MAX_BYTES:,} byte limit",
            hint="split it, or move large media out of the article",
        )
        return None
    if b"\x00" in data:
        report.error(file.shown, "is a binary file, not text", hint="remove it or give it another extension")
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(
            file.shown,
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8",
            line=line,
            hint="re-save the file as UTF-8",
        )
        return None


def _read_bytes(path: pathlib.Path) -> tuple[bytes, int]:
    """The file's first MAX_BYTES + 1 bytes, and its size: what stat says, or what was read if more.

    Asks for the size stat gives (plus one, to see a file that grew meanwhile): asking
    for the limit would set aside 10 MB for every file.
    """
    with path.open("rb") as stream:
        expected = os.fstat(stream.fileno()).st_size
        data = stream.read(min(expected, MAX_BYTES) + 1)
        if len(data) > expected:  # it grew: read on, up to the limit
            data += stream.read(MAX_BYTES + 1 - len(data))
        return data, max(len(data), os.fstat(stream.fileno()).st_size)


class _Fields:
    """Front-matter values, converted, with problems reported at their line."""

    def __init__(self, meta: dict[str, Any], lines: dict[str, int], *, file: SourceFile, report: Report) -> None:
        self.meta, self.lines, self.file, self.report = meta, lines, file, report

    def get(self, *keys: str, convert: Callable[[Any], Any], default: Any = None) -> Any:
        for key in keys:
            if self.meta.get(key) is not None:
                try:
                    return convert(self.meta[key])
                except BadValue as exc:
                    self.error(key, exc.message, exc.hint)
                    return default
        return default

    def error(self, key: str | None, message: str, hint: str | None = None) -> None:
        line = self.lines.get(key) if key else None
        self.report.error(self.file.shown, message, line=line, field=key, hint=hint)

    def warn(self, key: str, message: str, hint: str | None = None) -> None:
        self.report.warn(self.file.shown, message, line=self.lines.get(key), field=key, hint=hint)


def _draft(fields: _Fields, body: str, body_line: int, *, file: SourceFile, site: Site) -> Draft:
    body_format: BodyFormat = ARTICLE_SUFFIXES[file.path.suffix.lower()]  # type: ignore[assignment]
    layout = textlayout.parse(body, first_line=body_line) if body_format == "text" else None
    if layout is not None:
        body, body_format = layout.body_html, "html"
    title, body = _resolve_title(fields, layout, body, body_format)
    published = fields.get("date", "pubDate", "publishDate", convert=lambda v: dates.parse_date(v, tz=site.timezone)[0])
    stem = file.path.stem
    jekyll = _JEKYLL_DATE.fullmatch(stem)
    if jekyll:
        stem = jekyll.group(4)
        if published is None and "date" not in fields.meta:
            published = _jekyll_date(jekyll, site)
    if published is not None and published.year < dates.PLAUSIBLE_YEAR:
        key = next((k for k in ("date", "pubDate", "publishDate") if fields.meta.get(k) is not None), "date")
        fields.warn(
            key,
            f"{dates.rfc3339(published)} is before {dates.PLAUSIBLE_YEAR}",
            "the W3C Feed Validator calls such dates implausible: check the year",
        )
    if stem in ("index", "_index") and "/" in file.source:
        stem = file.source.rsplit("/", 2)[-2]
    categories = fields.get("categories", "category", convert=_names, default=())
    if not categories and layout is not None and layout.section:
        categories = _names(layout.section)
    origins = _origins(fields, layout, from_file_name=bool(jekyll) and published is not None)
    return Draft(
        origins=origins,
        file=file,
        title=title,
        published=published,
        updated=fields.get(
            "updated", "lastmod", "last_modified_at", convert=lambda v: dates.parse_date(v, tz=site.timezone)[0]
        ),
        given_id=fields.get("id", "guid", convert=_given_id),
        given_url=fields.get("url", "link", "permalink", convert=values.web_reference),
        slug=fields.get("slug", convert=lambda v: values.slugify(values.text(v))) or values.slugify(stem),
        summary=fields.get("summary", "description", "excerpt", convert=_plain)
        or (layout.standfirst if layout is not None else None),
        authors=fields.get("authors", "author", convert=_people, default=()),
        tags=fields.get("tags", "keywords", convert=_names, default=()),
        categories=categories,
        draft=fields.get("draft", convert=values.boolean, default=False)
        or fields.get("published", convert=values.boolean, default=True) is False,
        lang=fields.get("lang", "language", convert=values.language),
        image=fields.get("image", "cover", convert=values.web_reference),
        enclosure=fields.get("enclosure", convert=values.enclosure),
        body_utf8=encode_body(body),
        body_format=body_format,
    )


def _resolve_title(
    fields: _Fields, layout: textlayout.Layout | None, body: str, body_format: BodyFormat
) -> tuple[str, str]:
    """The front matter's title, else the layout's headline, else a heading first in the body."""
    title: str | None
    if fields.meta.get("title") is not None:
        title = fields.get("title", convert=_plain)
        if title is None:  # a bad value, already reported
            return "", body
    else:
        title = _plain(layout.headline) if layout is not None and layout.headline else ""
        if not title:
            written, body = bodies.heading(body, body_format)
            title = _plain(written) if written else ""
    if not title:
        fields.error(None, "has no title", "add 'title: ...' to the front matter, or start the body with '# Title'")
    return title, body


def _plain(value: object) -> str:
    written = values.text(value)
    if "<" not in written and "&" not in written:
        return " ".join(written.split())
    return _name_to_text(written) if len(written) <= _NAME_LENGTH else content.html_to_text(written)


_NAME_LENGTH = 200  # longer text is not remembered: a hostile file could make the memory large


@functools.lru_cache(maxsize=1024)
def _name_to_text(written: str) -> str:
    """content.html_to_text, remembered: the same tags and names ('Arts &amp; Culture') recur in many files."""
    return content.html_to_text(written)


def _names(value: object) -> tuple[str, ...]:
    """Tags or categories as plain text, like titles: HTML removed, empties and repeats dropped.

    'Rust' and 'rust' are one name (the first spelling is kept), as the tag feeds group them.
    """
    found: dict[str, str] = {}
    for name in map(_plain, values.string_list(value)):
        if name:
            found.setdefault(name.casefold(), name)
    return tuple(found.values())


def _people(value: object) -> tuple[Author, ...]:
    """Authors whose names are plain text, like titles; a name given twice counts once (the first)."""
    found: dict[str, Author] = {}
    for person in values.authors(value):
        name = _plain(person.name)
        if not name:
            raise BadValue(f"{values.show(person.name)} is not a name", "write the name as plain text")
        found.setdefault(name.casefold(), Author(name=name, email=person.email, url=person.url))
    return tuple(found.values())


_ID_SCHEMES = ("tag", "urn", "http", "https")  # others draw the W3C validator's "URI scheme not IANA registered"


def _given_id(value: object) -> str:
    given = values.text(value, what="an id")
    if not values.is_absolute_uri(given):
        raise BadValue(
            f"{values.show(given)} is not an absolute URI",
            "write a URL or tag: URI, e.g. tag:example.org,2026:my-post, or remove 'id' to get one",
        )
    if given.split(":", 1)[0].lower() not in _ID_SCHEMES:
        raise BadValue(
            f"{values.show(given)} is not a tag:, urn: or http(s) URI",
            "write e.g. tag:example.org,2026:my-post, or remove 'id' to get one",
        )
    return values.quote_iri(given)


def _jekyll_date(match: re.Match[str], site: Site) -> datetime.datetime | None:
    """The date of a Jekyll-style name; None for an impossible one (2024-13-45, 1800-01-01)."""
    try:
        day = datetime.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        return dates.parse_date(day, tz=site.timezone)[0]
    except (ValueError, BadValue):
        return None


_FRONT_MATTER_KEYS = {  # field -> the front matter keys that give it, the first present wins
    "title": ("title",),
    "date": ("date", "pubDate", "publishDate"),
    "updated": ("updated", "lastmod", "last_modified_at"),
    "id": ("id", "guid"),
    "url": ("url", "link", "permalink"),
    "slug": ("slug",),
    "summary": ("summary", "description", "excerpt"),
    "authors": ("authors", "author"),
    "tags": ("tags", "keywords"),
    "categories": ("categories", "category"),
}


def _origins(fields: _Fields, layout: textlayout.Layout | None, *, from_file_name: bool) -> dict[str, str]:
    """Where each field came from, for ``feedbuilder explain``; "front matter ..." when written there."""
    origins = {}
    meta = fields.meta
    for field, keys in _FRONT_MATTER_KEYS.items():
        for key in keys:
            if meta.get(key) is not None:
                line = fields.lines.get(key)
                origins[field] = f"front matter '{key}'" + (f", line {line}" if line else "")
                break
    if layout is not None:
        origins.setdefault("title", "the headline of the text layout")
        origins.setdefault("summary", "the standfirst of the text layout")
        origins.setdefault("categories", "the section of the text layout")
    if from_file_name:
        origins.setdefault("date", "the file name (YYYY-MM-DD-)")
    origins.setdefault("title", "the first heading of the body")
    origins.setdefault("slug", "the file name")
    origins.setdefault("summary", "the body: text before <!--more-->, else its first paragraph")
    origins.setdefault("authors", "the config's author, else the site title")
    origins.setdefault("updated", "the publication date")
    return origins


def finish_articles(drafts: Sequence[Draft], *, site: Site, report: Report) -> Loaded:
    """The folder as a whole: missing dates, ties, ids, duplicate ids."""
    dated = _fill_dates(drafts, site=site, report=report)
    published = [stamp for stamp, _ in dated]
    owners = [d.file.source for d in drafts]
    published = dates.spread_ties(published, owners)
    updated = [max(d.updated or p, p) for d, p in zip(drafts, published, strict=True)]
    updated = dates.spread_ties(updated, owners)
    authority = site.id_authority or _default_authority(site, published, report)
    articles = [
        _article(draft, published=p, updated=u, site=site, authority=authority, date_origin=origin)
        for draft, p, u, (_, origin) in zip(drafts, published, updated, dated, strict=True)
    ]
    given = {d.file.source for d in drafts if d.given_id}
    return Loaded(without_duplicate_ids(articles, report, given=given), authority)


def _fill_dates(drafts: Sequence[Draft], *, site: Site, report: Report) -> list[tuple[datetime.datetime, str | None]]:
    """Each article's publication time and, when not from its own text, where it came from."""
    undated = [d for d in drafts if d.published is None]
    added = (
        gitdates.dates_added(site.articles_dir, report=report, shown=shown_path(site.articles_dir)) if undated else {}
    )
    result: list[tuple[datetime.datetime, str | None]] = []
    for draft in drafts:
        if draft.published is not None:
            result.append((draft.published, None))
        elif draft.file.source in added:
            result.append((added[draft.file.source], GIT_DATE))
        else:
            stamp = clock.from_timestamp(draft.file.path.stat().st_mtime)
            report.warn(
                draft.file.shown,
                f"no date; using the file's modification time {dates.rfc3339(stamp)}",
                field="date",
                hint=f"add 'date: {stamp.date().isoformat()}' to the front matter",
            )
            result.append((stamp, "the file's modification time"))
    return result


def _default_authority(site: Site, published: Sequence[datetime.datetime], report: Report) -> str:
    host = (urllib.parse.urlsplit(site.url).hostname or "localhost").lower()
    year = min(published).year if published else 2026
    authority = f"{host},{year}"
    report.warn(
        shown_path(site.config_path) if site.config_path else "feedbuilder.yaml",
        f"no id_authority; article ids use '{authority}', taken from url",
        field="id_authority",
        hint=f"add 'id_authority: {authority}' so ids survive a move to another domain",
    )
    return authority


def _article(
    draft: Draft,
    *,
    published: datetime.datetime,
    updated: datetime.datetime,
    site: Site,
    authority: str,
    date_origin: str | None = None,
) -> Article:
    url = _article_url(draft, published, site)
    origins = dict(draft.origins)
    if date_origin:
        origins["date"] = date_origin
    origins.setdefault("id", f"the file's path and id_authority ({authority})")
    origins.setdefault("url", f"the permalink pattern {site.permalink}")
    if draft.enclosure is not None and not draft.enclosure.length and not _is_http(draft.enclosure.url):
        origins["enclosure length"] = LOCAL_FILE  # found on disk when the build ran (or not found)
    return Article(
        origins=origins,
        source=draft.file.source,
        path=draft.file.shown,
        id=draft.given_id or tag_uri(authority, draft.file.source),
        title=draft.title,
        url=url,
        slug=draft.slug,
        published=published,
        updated=updated,
        summary=draft.summary,
        authors=draft.authors,
        tags=draft.tags,
        categories=draft.categories,
        draft=draft.draft,
        lang=draft.lang,
        image=values.join_url(url, draft.image) if draft.image else None,
        enclosure=_enclosure(draft, url, site),
        body_utf8=draft.body_utf8,
        body_format=draft.body_format,
    )


def tag_uri(authority: str, source: str) -> str:
    """``tag:example.org,2026:news/treaty`` from the file's path without its suffix."""
    return f"tag:{authority}:{values.quote_iri(_without_suffix(source))}"


def _without_suffix(source: str) -> str:
    """The path without the suffix of its last part, as ``PurePosixPath(source).with_suffix("")`` writes it."""
    parts = source.split("/")
    if "" in parts or "." in parts:  # a path that pathlib tidies first ('a//b', './a', 'a/')
        return str(pathlib.PurePosixPath(source).with_suffix(""))
    name = parts[-1]
    dot = name.rfind(".")
    return source[: len(source) - len(name) + dot] if 0 < dot < len(name) - 1 else source


def _article_url(draft: Draft, published: datetime.datetime, site: Site) -> str:
    if draft.given_url:
        return values.join_url(
            site.url, draft.given_url.lstrip("/") if not _is_http(draft.given_url) else draft.given_url
        )
    local = published.astimezone(site.timezone)
    path = site.permalink.format(
        year=f"{local.year:04d}",
        month=f"{local.month:02d}",
        day=f"{local.day:02d}",
        slug=draft.slug,
        category=_category_slug(draft.categories[0]) if draft.categories else "articles",
    )
    return values.join_url(site.url, path.lstrip("/"))


def _category_slug(category: str) -> str:
    """values.slugify, remembered for short names: a site has few categories and many articles in each."""
    return _slug_of_name(category) if len(category) <= _NAME_LENGTH else values.slugify(category)


@functools.lru_cache(maxsize=1024)
def _slug_of_name(name: str) -> str:
    return values.slugify(name)


def _is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _enclosure(draft: Draft, url: str, site: Site) -> Enclosure | None:
    enclosure = draft.enclosure
    if enclosure is None:
        return None
    length = enclosure.length
    if not length and not _is_http(enclosure.url):
        for folder in (draft.file.path.parent, site.articles_dir):
            local = folder / enclosure.url.lstrip("/")
            if local.is_file():
                length = local.stat().st_size
                break
    return dataclasses.replace(enclosure, url=values.join_url(url, enclosure.url), length=length)


def without_duplicate_ids(articles: list[Article], report: Report, *, given: set[str]) -> list[Article]:
    """The first article with each id; the others reported.  ``given``: sources whose id is in the front matter."""
    first: dict[str, Article] = {}
    kept = []
    for article in articles:
        other = first.setdefault(article.id, article)
        if other is article:
            kept.append(article)
            continue
        if article.source in given or other.source in given:
            hint = "every article needs its own id: change or remove 'id' in one of them"
        else:  # 'a.md' and 'a.html'
            hint = "ids are made from the path without its extension: rename one of the files"
        report.add(
            Problem(
                path=article.path,
                field="id",
                level=Level.ERROR,
                message=f"{values.show(article.id)} is also the id of {other.path}",
                hint=hint,
            )
        )
    return kept

"""Article files -> :class:`Draft` and :class:`Article` values, every problem reported.

A file is read on its own into a Draft (front matter, layout, fields).  Every
file is read so once per build, in brief (cards.py); the articles some feed
carries are read again and made into Articles in their place among the others
(placing.py), which gives their final dates and ids.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import errno
import functools
import os
import pathlib
import re
import stat
from collections.abc import Callable, Sequence
from typing import Any

from feedbuilder.errors import ArticleError, Problem, Report
from feedbuilder.model import Article, Author, BodyFormat, Enclosure, Placed, Progress, Site, decode_body, encode_body
from feedbuilder.sources import (
    bodies,
    dates,
    discover,
    forking,
    generators,
    pelican,
    people,
    syntax,
    textlayout,
    values,
)
from feedbuilder.sources.addresses import JEKYLL_DATE, article_url, file_slug, is_http, is_jekyll_post
from feedbuilder.sources.chars import clean_text
from feedbuilder.sources.discover import ARTICLE_SUFFIXES, SourceFile, file_hash
from feedbuilder.sources.frontmatter import FrontMatterError, Parsed, split
from feedbuilder.sources.keys import examples, near_misses
from feedbuilder.sources.plaintext import html_to_text
from feedbuilder.sources.values import BadValue

MAX_BYTES = discover.MAX_BYTES  # 10 MB
MAX_NAMES = 100  # tags, categories or authors per article: each name is a feed per format (20,000 tags: 24 GB)
MAX_NAME_BYTES = 1_000  # of one name, in UTF-8: each is repeated in every feed, page and listing of its article
MAX_RST = 1_000_000  # characters of a .rst file: docutils is linear but slow (a megabyte: about 20 s)
MAX_TITLE = 2_000  # characters: a title is repeated in every feed that carries the article
LOCAL_FILE = "the size of the file it names, beside the article or in the articles folder"


@dataclasses.dataclass(frozen=True, kw_only=True)
class Draft:
    """An article read on its own; its date may still be unknown."""

    file: SourceFile
    file_hash: bytes  # of the file's bytes
    title: str
    published: datetime.datetime | None
    updated: datetime.datetime | None
    given_id: str | None
    given_url: str | None
    given_slug: str | None  # the front matter's; without one, the file name makes it (see :attr:`slug`)
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
    # what :attr:`origins` is worked out from, when it is asked for: the front matter's keys with a value
    # (and their lines), whether the text layout gave fields, whether the date came from the file name
    written: dict[str, int | None] = dataclasses.field(default_factory=dict)
    text_layout: bool = False
    date_from_name: bool = False

    @property
    def body(self) -> str:
        """The body's text."""
        return decode_body(self.body_utf8)

    @property
    def slug(self) -> str:
        return self.given_slug or file_slug(self.file.source)

    @property
    def origins(self) -> dict[str, str]:
        """Where each field came from, for ``feedbuilder explain``: "front matter ..." when written there."""
        origins = {}
        for field, keys in _FRONT_MATTER_KEYS.items():
            for key in keys:
                if key in self.written:
                    line = self.written[key]
                    origins[field] = f"front matter '{key}'" + (f", line {line}" if line else "")
                    break
        if self.text_layout:
            origins.setdefault("title", "the headline of the text layout")
            origins.setdefault("summary", "the standfirst of the text layout")
            origins.setdefault("categories", "the section of the text layout")
        if self.date_from_name:
            origins.setdefault("date", "the file name (YYYY-MM-DD-)")
        origins.setdefault("title", "the first heading of the body")
        origins.setdefault("slug", "the file name")
        origins.setdefault("summary", "the body: text before <!--more-->, else its first paragraph")
        origins.setdefault("authors", "the config's author, else the site title")
        origins.setdefault("updated", "the publication date")
        return origins


@dataclasses.dataclass(frozen=True)
class Loaded:
    """Articles of the folder, and the id authority their ids were minted with."""

    articles: list[Article]
    id_authority: str


# ---------------------------------------------------------------- one file


def read_draft(file: SourceFile, *, site: Site, report: Report) -> Draft | None:
    """One file on its own; ``None`` (with errors reported) if it is unusable."""
    read = _read_text(file, report=report)
    if read is None:
        return None
    text, file_hash = read
    text, removed = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    try:
        parsed = _parsed(text, file, report)
    except FrontMatterError as exc:
        report.add(exc.problem)
        return None
    if removed or parsed.removed_characters:
        report.warn(
            file.shown,
            "removed characters that feeds may not contain (control characters)",
            hint='delete them from the file (or the escapes such as "\\e" that make them) to silence this warning',
        )
    generator = generators.ruling(site)
    if generator is not None and generators.rules(generator.name).left_out(parsed.meta, file.source, generator):
        return None  # not a post by its generator's rules (a headless bundle, an undated Zola page, ...)
    fields = _Fields(parsed.meta, parsed.lines, file=file, report=report)
    for key, meant in near_misses(parsed.meta, jekyll=_as_jekyll(file, site)):
        fields.warn(key, f"is not a field feedbuilder reads: did you mean '{meant}'?", f"rename it to '{meant}'")
    for key in examples(parsed.meta) if parsed.meta.get("draft") is not True else ():
        fields.error(key, "is still the example feedbuilder wrote", f"write the article's own {key}, or remove it")
    before = len(report.errors)
    stem, suffix = file.name_parts
    over = bodies.over_limit(parsed.body, ARTICLE_SUFFIXES[suffix.lower()])  # type: ignore[arg-type]
    if over is not None:
        report.error(file.shown, over.message, line=parsed.body_line + over.line - 1, hint=over.hint)
    draft = _draft(fields, parsed.body, parsed.body_line, file=file, site=site, file_hash=file_hash, stem=stem)
    return draft if len(report.errors) == before else None


def _parsed(text: str, file: SourceFile, report: Report) -> Parsed:
    """Front matter and body: YAML or TOML front matter; Pelican's metadata header; reStructuredText."""
    suffix = file.name_parts[1].lower()
    if suffix == ".rst":
        from feedbuilder.sources import rst  # docutils is loaded only for sites that have .rst files

        if len(text) > MAX_RST:
            raise FrontMatterError(
                Problem(
                    path=file.shown,
                    message=f"reStructuredText of {len(text):,} characters, over the limit of {MAX_RST:,}",
                    hint="split it: docutils takes about 20 µs a character",
                )
            )
        try:
            parsed, problems = rst.read(text, path=file.shown, name=file.name_parts[0])
        except RecursionError:  # docutils recurses once per level of indentation
            raise FrontMatterError(
                Problem(path=file.shown, message="reStructuredText nests too deep to read", hint="indent less")
            ) from None
        for line, message in problems[:1]:  # the first says where to look; docutils repeats itself
            report.warn(file.shown, f"reStructuredText: {message}", line=line, hint="fix the markup there")
        return parsed
    parsed = split(text, path=file.shown)
    if not parsed.has_front_matter and ARTICLE_SUFFIXES[suffix] == "markdown":
        return pelican.metadata_header(text, name=file.name_parts[0]) or parsed
    return parsed


def _read_text(file: SourceFile, *, report: Report) -> tuple[str, bytes] | None:
    """The file's text and a hash of its bytes; None (with an error reported) if it is not usable text."""
    try:
        data, size = _read_bytes(file.location)
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
        return data.decode("utf-8-sig"), file_hash(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        report.error(
            file.shown,
            f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8",
            line=line,
            hint="re-save the file as UTF-8",
        )
        return None


def _read_bytes(path: str) -> tuple[bytes, int]:
    """The file's first MAX_BYTES + 1 bytes, and its size: what stat says, or what was read if more.

    Asks for the size stat gives (plus one, to see a file that grew meanwhile): asking
    for the limit would set aside 10 MB for every file.
    """
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        found = os.fstat(handle)
        if not stat.S_ISREG(found.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        expected = found.st_size
        if expected > MAX_BYTES:  # refused before a byte is read (a 4 GB file: no 10 MB read, no hash)
            return b"", expected
        data = _read_up_to(handle, min(expected, MAX_BYTES) + 1)
        if len(data) > expected:  # it grew: read on, up to the limit
            data += _read_up_to(handle, MAX_BYTES + 1 - len(data))
        return data, max(len(data), os.fstat(handle).st_size)
    finally:
        os.close(handle)


def _read_up_to(handle: int, size: int) -> bytes:
    """``size`` bytes, or fewer at the end of the file."""
    parts, got = [], 0
    while got < size and (part := os.read(handle, size - got)):
        parts.append(part)
        got += len(part)
    return b"".join(parts)


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


def _draft(
    fields: _Fields, body: str, body_line: int, *, file: SourceFile, site: Site, file_hash: bytes, stem: str
) -> Draft:
    body_format: BodyFormat = ARTICLE_SUFFIXES[file.name_parts[1].lower()]  # type: ignore[assignment]
    layout = textlayout.parse(body, first_line=body_line) if body_format == "text" else None
    if layout is not None:
        body, body_format = layout.body_html, "html"
    elif syntax.applies(site):  # the generator's template syntax, rendered as the site would
        body = _templated(body, fields, site=site, first_line=body_line)
    title, body = _resolve_title(fields, layout, body, body_format)
    reading = _generator_reading(fields, file, title, site)
    jekyll_post = _as_jekyll(file, site)  # read as Jekyll reads it: tags split at spaces, dates day first
    published, from_name = _published(fields, stem, reading, file=file, site=site)
    categories = (
        _jekyll_pair(fields, "category", "categories")
        if jekyll_post
        else fields.get("categories", "category", convert=_names, default=())
    )
    if not categories and layout is not None and layout.section:
        try:
            categories = _names(layout.section)
        except BadValue as exc:
            fields.report.error(file.shown, exc.message, line=body_line, field="section", hint=exc.hint)
    if reading is not None and reading.categories is not None:
        categories = _names(list(reading.categories))
    parse = _date_parser(site, file)
    return Draft(
        written={key: fields.lines.get(key) for key, value in fields.meta.items() if value is not None},
        text_layout=layout is not None,
        date_from_name=from_name,
        file=file,
        file_hash=file_hash,
        title=title,
        published=published,
        updated=fields.get("updated", "lastmod", "last_modified_at", convert=lambda v: parse(v, tz=site.timezone)[0]),
        given_id=fields.get("id", "guid", convert=_given_id),
        given_url=reading.url if reading else fields.get("url", "link", "permalink", convert=values.web_reference),
        given_slug=reading.slug if reading else fields.get("slug", convert=_slug) or None,
        summary=fields.get("summary", "description", "excerpt", convert=lambda v: _plain(_templated(v, site=site)))
        or (layout.standfirst if layout is not None else None),
        authors=fields.get("authors", "author", convert=_people, default=()),
        tags=_jekyll_pair(fields, "tag", "tags")
        if jekyll_post
        else fields.get("tags", "keywords", convert=_names, default=()),
        categories=categories,
        draft=_is_draft(fields, site, reading),
        lang=fields.get("lang", "language", convert=values.language),
        image=fields.get("image", "cover", convert=values.web_reference),
        enclosure=fields.get("enclosure", convert=values.enclosure),
        body_utf8=encode_body(body),
        body_format=body_format,
    )


def _date_parser(site: Site, file: SourceFile) -> Callable[..., tuple[datetime.datetime, bool]]:
    """How the site's dates are read: also in the forms its generator reads (Ruby's, Go's), if it has one;
    a date such as 12/06/2026 day first in a Jekyll post (Ruby's Time.parse), else refused (dates.py)."""
    parse = dates.parse_loose if generators.ruling(site) is not None else dates.parse_date
    order: dates.SlashOrder | None = "day first" if _as_jekyll(file, site) else None
    return functools.partial(parse, slash_order=order)


def _published(
    fields: _Fields, stem: str, reading: generators.Reading | None, *, file: SourceFile, site: Site
) -> tuple[datetime.datetime | None, bool]:
    """The publication date, and whether the file's name gave it: the front matter's, else a Jekyll-style
    name's, else where the site's generator finds one (another key, a YYYY/MM/DD/ in the address)."""
    parse = _date_parser(site, file)
    keys = (
        ("pubDate", "publishDate") if reading is not None and reading.date_word else ("date", "pubDate", "publishDate")
    )
    published = fields.get(*keys, convert=lambda v: parse(v, tz=site.timezone)[0])
    if reading is not None and reading.published is not None:  # the date the generator's feed gives
        published = _date_from(reading, fields, file, site)
    jekyll = JEKYLL_DATE.fullmatch(stem)
    from_name = False
    if jekyll and published is None and "date" not in fields.meta:
        published = _jekyll_date(jekyll, site)
        from_name = published is not None
    if published is None and reading is not None:
        published = _date_from(reading, fields, file, site)
    if published is not None and published.year < dates.PLAUSIBLE_YEAR:
        key = next((k for k in ("date", "pubDate", "publishDate") if fields.meta.get(k) is not None), "date")
        fields.warn(
            key,
            f"{dates.rfc3339(published)} is before {dates.PLAUSIBLE_YEAR}",
            "the W3C Feed Validator calls such dates implausible: check the year",
        )
    return published, from_name


def _is_draft(fields: _Fields, site: Site, reading: generators.Reading | None) -> bool:
    """``draft: true``, ``published: false``, or a draft by the site's generator's rules (Jekyll's _drafts/)."""
    if fields.get("draft", convert=values.boolean, default=False) or (reading is not None and reading.draft):
        return True
    if generators.ruling(site) is not None and not isinstance(fields.meta.get("published"), bool):
        return False  # Hugo's 'published' may be a date (its publishDate)
    return fields.get("published", convert=values.boolean, default=True) is False


def _slug(value: object) -> str:
    return values.slugify(values.short(values.text(value), "a slug"))


def _generator_reading(fields: _Fields, file: SourceFile, title: str, site: Site) -> generators.Reading | None:
    """What the site's generator makes of the file's front matter and path (None for no generator)."""
    generator = generators.ruling(site)
    if generator is None:
        return None
    return generators.rules(generator.name).reading(fields.meta, file.source, title, generator)


def _date_from(reading: generators.Reading, fields: _Fields, file: SourceFile, site: Site) -> datetime.datetime | None:
    """The date the generator reads elsewhere (another key, the file's name), else a ``YYYY/MM/DD/``
    date in the article's address or path."""
    value = reading.published
    if value is None:
        value = generators.path_date(reading.url, file.source)
    if value is None:
        return None
    try:
        return dates.parse_loose(value, tz=site.timezone)[0]
    except BadValue as exc:
        fields.error("date", exc.message, exc.hint)
        return None


def _templated(text: object, fields: _Fields | None = None, *, site: Site, first_line: int = 1) -> Any:
    """Text with the site generator's template syntax rendered (syntax.transform); its warnings reported
    when ``fields`` is given (a body), else dropped (a summary: the body's warnings tell the same)."""
    if not isinstance(text, str) or not syntax.applies(site):
        return text
    done, notes = syntax.transform(text, site=site, page=fields.meta if fields else {}, first_line=first_line)
    if fields is not None:
        for note in notes:
            fields.report.warn(fields.file.shown, note.message, line=note.line, hint=note.hint)
    return done


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
    elif len(title) > MAX_TITLE:
        fields.error(
            "title" if "title" in fields.meta else None,
            f"is {len(title):,} characters long, over the limit of {MAX_TITLE:,} for a title",
            "shorten it; the summary holds the rest",
        )
        title = ""
    elif not values.visible(title):
        fields.error(
            "title" if "title" in fields.meta else None,
            f"{values.show(title)} has no visible characters (only spaces, zero-width or format characters)",
            "write a title readers can see",
        )
        title = ""
    return title, body


def _plain(value: object) -> str:
    written = values.text(value)
    if "<" not in written and "&" not in written:
        return " ".join(written.split())
    return _name_to_text(written) if len(written) <= _NAME_LENGTH else html_to_text(written)


_NAME_LENGTH = 200  # longer text is not remembered: a hostile file could make the memory large


@functools.lru_cache(maxsize=1024)
def _name_to_text(written: str) -> str:
    """plaintext.html_to_text, remembered: the same tags and names ('Arts &amp; Culture') recur in many files."""
    return html_to_text(written)


def _as_jekyll(file: SourceFile, site: Site) -> bool:
    """Whether the file is read as Jekyll reads it (addresses.is_jekyll_post)."""
    return is_jekyll_post(site, file.source, folder=file.folder)


def _jekyll_pair(fields: _Fields, singular: str, plural: str) -> tuple[str, ...]:
    """Jekyll's tags or categories: the singular key's value whole ('tag: foo bar' is one tag), then the
    plural key's split at spaces ('tags: foo bar' is two)."""
    one = fields.get(singular, convert=_names, default=())
    many = fields.get(plural, convert=_jekyll_names, default=())
    return _names([*one, *many]) if one and many else one or many


def _jekyll_names(value: object) -> tuple[str, ...]:
    """Tags or categories as Jekyll reads them: a string is split at spaces ('tags: foo bar' is two)."""
    return _names(value.split() if isinstance(value, str) else value)


def _names(value: object) -> tuple[str, ...]:
    """Tags or categories as plain text, like titles: HTML removed, empties and repeats dropped.

    'Rust' and 'rust' are one name (the first spelling is kept), as the tag feeds group them.
    """
    _count_names(value.split(",") if isinstance(value, str) else value)
    written = _frozen(value)
    return _names_of(written) if written is not None else _names_written(value)


def _names_written(value: object) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for name in map(_plain, values.string_list(value)):
        if name:
            _check_name_length(name)
            found.setdefault(name.casefold(), name)
    return tuple(found.values())


def _check_name_length(name: str) -> None:
    """Refuse a name longer than any name is (its folder's name is capped: select.capped)."""
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise BadValue(
            f"{values.show(name[:40] + '…')} is {len(name.encode('utf-8')):,} bytes, over the limit of "
            f"{MAX_NAME_BYTES:,} for a name",
            "shorten it: each name is repeated in every feed that carries the article",
        )


def _people(value: object) -> tuple[Author, ...]:
    """Authors whose names are plain text, like titles; a name given twice counts once (the first)."""
    _count_names(value)
    written = _frozen(value)
    return _people_of(written) if written is not None else _people_written(value)


def _people_written(value: object) -> tuple[Author, ...]:
    found: dict[str, Author] = {}
    for person in map(_unmarked, values.authors(value)):
        for each in person:
            name = _plain(each.name)
            if not name:
                raise BadValue(f"{values.show(each.name)} is not a name", "write the name as plain text")
            _check_name_length(name)
            found.setdefault(name.casefold(), dataclasses.replace(each, name=name))
    return tuple(found.values())


def _unmarked(person: Author) -> list[Author]:
    """The people a name written with links names (people.py), each link their address; else the person."""
    if not people.has_markup(person.name):
        return [person]
    found = []
    for name, link in people.people(person.name):
        email, url = person.email, person.url
        if link and link.lower().startswith("mailto:"):
            email = email or link[7:] or None
        elif link:
            with contextlib.suppress(BadValue):  # a link within the site: no address of the person's own
                url = values.absolute_url(link)
        found.append(Author(name=name, email=email, url=url))
    return found


def _count_names(value: object) -> None:
    """Refuse more than MAX_NAMES names, before any is read."""
    if isinstance(value, list | tuple) and len(value) > MAX_NAMES:
        raise BadValue(
            f"{len(value):,} names, over the limit of {MAX_NAMES} per article",
            f"keep the {MAX_NAMES} that matter most: each name gets feeds of its own",
        )


# The same tags, categories and authors recur in many files: each way of writing them is worked out once.
# (A value that is refused raises again each time: lru_cache keeps no exceptions.)


def _frozen(value: object) -> tuple[str, object] | None:
    """A short value of text, a list of texts, or of mappings of text to text, as a key to remember it by."""
    if isinstance(value, str):
        return ("text", value) if len(value) <= _NAME_LENGTH else None
    if isinstance(value, list) and len(value) <= 20:
        items: list[object] = []
        for item in value:
            if isinstance(item, str) and len(item) <= _NAME_LENGTH:
                items.append(item)
            elif isinstance(item, dict) and all(
                isinstance(k, str) and isinstance(v, str) and len(v) <= _NAME_LENGTH for k, v in item.items()
            ):
                items.append(("mapping", tuple(item.items())))
            else:
                return None
        return ("list", tuple(items))
    return None


def _thawed(written: tuple[str, object]) -> object:
    kind, value = written
    if kind == "text":
        return value
    return [dict(item[1]) if isinstance(item, tuple) else item for item in value]  # type: ignore[attr-defined]


@functools.lru_cache(maxsize=4096)
def _names_of(written: tuple[str, object]) -> tuple[str, ...]:
    return _names_written(_thawed(written))


@functools.lru_cache(maxsize=4096)
def _people_of(written: tuple[str, object]) -> tuple[Author, ...]:
    return _people_written(_thawed(written))


_ID_SCHEMES = ("tag", "urn", "http", "https")  # others draw the W3C validator's "URI scheme not IANA registered"


def _given_id(value: object) -> str:
    given = values.short(values.text(value, what="an id"), "an id")
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


def read_articles(
    chosen: Sequence[Placed],
    *,
    site: Site,
    shown_root: str,
    authority: str,
    bodies: Sequence[bool] | None = None,
    progress: Progress | None = None,
) -> list[Article]:
    """The chosen articles in full, in their order: each file read again (in worker processes when there
    are many) and made into an Article in its place; ``progress`` shows the reading.

    ``bodies``: which of them need their body even when they give a summary (a feed shows their full
    text); the others that give one are made without it, to hold less.  Raises ArticleError if a file
    no longer is what its card says (it changed during the build)."""
    folder = str(site.articles_dir)
    jobs = [
        (SourceFile(folder, item.source, shown_root), bodies is None or bodies[index])
        for index, item in enumerate(chosen)
    ]
    read = functools.partial(_read_quietly, site=site)
    # a large process reads on its own: a forked worker would soon hold copies of much of it
    each = (read(job) for job in jobs) if forking.large_process() else forking.each_in_order(read, jobs)
    drafts = list(progress(each, len(jobs), "reading") if progress and jobs else each)
    changed = [
        file
        for (file, _), draft, item in zip(jobs, drafts, chosen, strict=True)
        if draft is None or draft.file_hash != item.card.file_hash
    ]
    if changed:
        raise ArticleError(
            [
                Problem(path=file.shown, message="changed while the build was reading it", hint="build again")
                for file in changed
            ]
        )
    return [
        article_of(draft, item, site=site, authority=authority)
        for draft, item in zip(drafts, chosen, strict=True)
        if draft is not None
    ]


def _read_quietly(job: tuple[SourceFile, bool], *, site: Site) -> Draft | None:
    """read_draft, its problems left out (they were reported when the folder was read); without its body
    if it is not needed (``job[1]`` false) and the article gives a summary."""
    file, body = job
    draft = read_draft(file, site=site, report=Report())
    if draft is not None and not body and draft.summary:
        return dataclasses.replace(draft, body_utf8=b"")
    return draft


def article_of(draft: Draft, placed: Placed, *, site: Site, authority: str) -> Article:
    """The article of the draft, in its place among the others."""
    url = article_url(placed.card, placed.published, site)
    origins = dict(draft.origins)
    for field, origin in (("date", placed.date_origin), ("id", placed.id_origin), ("updated", placed.updated_origin)):
        if origin:
            origins[field] = origin
    origins.setdefault("id", f"the file's path and id_authority ({authority})")
    ruling = generators.ruling(site)
    if ruling is not None:
        origins["url"] = f"as {ruling.name} makes it (its config, the file's path and front matter)"
    origins.setdefault("url", f"the permalink pattern {site.permalink}")
    if placed.card.measured:
        origins["enclosure length"] = LOCAL_FILE  # found on disk when the build ran (or not found)
    return Article(
        origins=origins,
        source=draft.file.source,
        path=draft.file.shown,
        id=placed.id,
        title=draft.title,
        url=url,
        slug=draft.slug,
        published=placed.published,
        updated=placed.updated,
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


def _enclosure(draft: Draft, url: str, site: Site) -> Enclosure | None:
    enclosure = draft.enclosure
    if enclosure is None:
        return None
    length = enclosure.length
    if not length and not is_http(enclosure.url):
        length = _local_length(enclosure.url, draft.file.path.parent, site.articles_dir)
    return dataclasses.replace(enclosure, url=values.join_url(url, enclosure.url), length=length)


def _local_length(reference: str, beside: pathlib.Path, articles_dir: pathlib.Path) -> int:
    """The size of the file a relative enclosure names, beside the article or in the articles folder; 0 if
    there is none there.  Only a file inside the articles folder (links resolved) is measured: a path
    such as ../../etc/shadow would publish the size of a file the site does not hold."""
    home = articles_dir.resolve()
    for folder in (beside, articles_dir):
        try:
            local = (folder / reference.lstrip("/")).resolve()
            if local.is_relative_to(home) and local.is_file():
                return local.stat().st_size
        except (OSError, ValueError):
            continue
    return 0

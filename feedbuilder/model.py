"""The contract between the pipeline's stages: frozen values, no behaviour.

read (config.py, cards.py)    -> Site, Card (every file in brief)
place (placing.py)            -> Placed (dates, ids and the id record, folder-wide)
choose (select.py)            -> the Articles some feed carries (articles.py reads them in full)
select (select.py)            -> Feed of Entry
render (rss.py, atom.py)      -> bytes
write (output.py)             -> files
"""

from __future__ import annotations

import dataclasses
import datetime
import pathlib
from collections.abc import Iterator
from typing import Any, Generic, Literal, NamedTuple, Protocol, TypeVar
from zoneinfo import ZoneInfo

BodyFormat = Literal["markdown", "html", "text"]
ContentMode = Literal["full", "summary"]
T = TypeVar("T")
FeedFormat = Literal["rss", "atom", "json"]
Stylesheet = Literal["css", "xslt"]  # CSS for the XML itself; or XSLT to a page, with the CSS where XSLT is gone
FeedKind = Literal["site", "tags", "categories", "authors"]
GeneratorName = Literal["jekyll", "hugo", "zola", "eleventy", "pelican", "astro"]
GENERATOR_NAMES: tuple[GeneratorName, ...] = ("jekyll", "hugo", "zola", "eleventy", "pelican", "astro")
TAXONOMIES: tuple[FeedKind, ...] = ("tags", "categories", "authors")


def encode_body(text: str) -> bytes:
    """A body as Article and Draft keep it: UTF-8, which takes half the memory (or less) of a str
    holding characters beyond Latin-1, for text most of which is never rendered; ``surrogatepass``
    so that every str comes back exactly (see :func:`decode_body`)."""
    return text.encode("utf-8", "surrogatepass")


def decode_body(data: bytes) -> str:
    """The text :func:`encode_body` was given."""
    return data.decode("utf-8", "surrogatepass")


class Progress(Protocol):
    """Shows how far a long step has got (the CLI's progress bar): yields ``items`` as they come, which
    are ``total`` in all, the step saying ``what`` it does ("reading", "rendering")."""

    def __call__(self, items: Iterator[T], total: int, what: str) -> Iterator[T]: ...


@dataclasses.dataclass(frozen=True, kw_only=True)
class Author:
    """A person credited with an article or a site."""

    name: str
    email: str | None = None
    url: str | None = None


@dataclasses.dataclass(frozen=True, kw_only=True)
class Enclosure:
    """A media file attached to an article (a podcast episode, a PDF)."""

    url: str
    length: int
    type: str


@dataclasses.dataclass(frozen=True, kw_only=True)
class Podcast:
    """Podcast mode: what the iTunes elements of the main RSS feed say."""

    owner: Author  # name and e-mail
    category: str  # "Technology" or "Society & Culture > Documentary"
    explicit: bool
    artwork: str  # absolute URL of a .jpg or .png


@dataclasses.dataclass(frozen=True, kw_only=True)
class FeedOptions:
    """How one family of feeds (the site's, or one taxonomy's) is built."""

    content: ContentMode
    limit: int


@dataclasses.dataclass(frozen=True, kw_only=True)
class Generator:
    """The static site generator whose folder this is (sources/generators/): what it counts as a post,
    how it dates them, and how it makes their addresses and feed ids."""

    name: str  # "jekyll", "hugo", "zola", "eleventy", "pelican", "astro"
    root: pathlib.Path  # the site's root folder, where its config is
    config_file: str  # the generator's config file, as found in root ("" when named by feedbuilder.yaml only)
    content: str  # its content folder inside root, "/"-separated ("" for the root itself)
    prefix: str = ""  # the articles folder inside the content folder, "" or ending with "/"
    permalink: str = ""  # its own address pattern for posts, as written in its config
    # the other settings its rules read (Hugo's uglyURLs, Jekyll's exclude, Zola's slugify, ...), sorted
    options: tuple[tuple[str, object], ...] = ()
    notes: tuple[str, ...] = dataclasses.field(default=(), compare=False, repr=False)  # what could not be read

    def option(self, name: str, default: Any = None) -> Any:
        return dict(self.options).get(name, default)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Site:
    """feedbuilder.yaml, checked and completed with defaults."""

    title: str
    url: str  # home page, absolute, ends with "/"
    description: str
    language: str | None
    author: Author | None
    timezone: ZoneInfo
    articles_dir: pathlib.Path
    output_dir: pathlib.Path
    feed_url: str  # where output_dir is served, ends with "/"
    permalink: str
    limit: int
    content: ContentMode
    id_authority: str | None
    formats: tuple[FeedFormat, ...] = ("rss", "atom", "json")
    taxonomies: dict[FeedKind, FeedOptions] = dataclasses.field(default_factory=dict)
    podcast: Podcast | None = None
    hubs: tuple[str, ...] = ()
    max_bytes: int = 1_000_000
    archive: bool = False
    pages: bool = False
    stylesheet: Stylesheet | None = "css"  # how a browser shows a feed file (render/feedstyle.py); None: raw
    ids: Literal["tag", "url"] = "tag"  # how new ids are minted; published ones never change
    config_path: pathlib.Path | None = None
    generator: Generator | None = None  # the site generator whose rules decide posts, dates, addresses, syntax
    exclude: tuple[str, ...] = ()  # globs of article paths that are no articles
    include: tuple[str, ...] = ()  # globs of article paths that are articles even where the rules say not
    # values that {{ site.NAME }} (Jekyll, Eleventy), {{< param NAME >}} (Hugo) and config.extra (Zola) give
    variables: dict[str, object] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass(frozen=True, kw_only=True)
class Article:
    """One article file, its metadata resolved; the body not yet rendered."""

    source: str  # path inside the articles folder, "/"-separated
    path: str  # path as shown to the user in messages
    id: str
    title: str
    url: str
    slug: str
    published: datetime.datetime  # aware, UTC, whole seconds
    updated: datetime.datetime
    summary: str | None  # as given; None when it is to be derived from the body
    authors: tuple[Author, ...]
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    draft: bool
    lang: str | None
    image: str | None
    enclosure: Enclosure | None
    body_utf8: bytes  # the body's text, from encode_body: a large archive is mostly bodies, few ever rendered
    body_format: BodyFormat
    # where each field's value came from, for 'feedbuilder explain': {"date": "front matter", ...}
    origins: dict[str, str] = dataclasses.field(default_factory=dict, compare=False)

    @property
    def body(self) -> str:
        """The body's text (decoded anew each time: keep it only while it is needed)."""
        return decode_body(self.body_utf8)

    @property
    def author_names(self) -> tuple[str, ...]:
        return tuple(author.name for author in self.authors)


class Card(NamedTuple):
    """An article file in brief: all that dating the folder, the id record and the choice of feeds need
    of it (cards.py).  A build holds one per file; only the articles some feed carries are read in full."""

    source: str  # path inside the articles folder, "/"-separated
    published: int | None  # as the file gives it (front matter or name), in seconds since the epoch; None if not
    updated: int | None  # as the front matter gives it, in seconds since the epoch
    given_id: str | None
    given_url: str | None
    slug: str | None  # None: the one made from the file's name (placing.file_slug)
    draft: bool
    tags: tuple[str, ...]
    categories: tuple[str, ...]
    authors: tuple[str, ...]  # the names; () when the file names none
    digest: str  # what a reader sees of it (identity.digest): the id record's hash
    title_key: str  # identity.title_key of its title
    file_hash: bytes  # of its bytes: with its place (Placed), everything its entries are made from
    measured: bool  # it has an enclosure whose length is read from disk when the build runs
    sketch: str = ""  # likeness.sketch of its body: recognises it edited after a rename (identity.py)


class Placed(NamedTuple):
    """A card in its place among the others: its final dates and id (placing.py).

    Where those came from, when not from the file itself, is said by the ``*_origin`` fields (for
    ``feedbuilder explain``)."""

    card: Card
    published: datetime.datetime  # aware, UTC, whole seconds: ties spread; from git or the file's time if need be
    updated: datetime.datetime
    id: str
    date_origin: str | None = None
    id_origin: str | None = None
    updated_origin: str | None = None

    @property
    def source(self) -> str:
        return self.card.source

    @property
    def draft(self) -> bool:
        return self.card.draft

    @property
    def tags(self) -> tuple[str, ...]:
        return self.card.tags

    @property
    def categories(self) -> tuple[str, ...]:
        return self.card.categories

    @property
    def author_names(self) -> tuple[str, ...]:
        return self.card.authors


@dataclasses.dataclass(frozen=True, kw_only=True)
class Entry:
    """An article as one feed carries it: the body rendered to safe HTML."""

    article: Article
    summary: str  # plain text
    content_html: str | None  # None when the feed shows summaries only
    authors: tuple[Author, ...]  # never empty: falls back to the site's

    def shown_as(self) -> tuple[object, ...]:
        """Everything the entry holds besides its article: how this feed shows it (a new field joins by itself)."""
        return tuple(getattr(self, name) for name in _ENTRY_REST)


_ENTRY_REST = tuple(field.name for field in dataclasses.fields(Entry) if field.name != "article")


E = TypeVar("E")  # what a feed's entries are: Entry, or a stand-in while the feeds are planned


@dataclasses.dataclass(frozen=True, kw_only=True)
class Feed(Generic[E]):
    """What one feed shows, format-neutral; each renderer adds its file name."""

    id: str
    title: str
    description: str
    home_url: str
    base_url: str  # the folder URL the feed files are served from, ends with "/", ASCII
    path: str  # that folder inside the output folder: "" or "tags/中朝/"
    language: str | None
    authors: tuple[Author, ...]
    updated: datetime.datetime
    entries: tuple[E, ...]
    generator_version: str
    kind: FeedKind = "site"
    name: str = ""  # the tag, category or author a taxonomy feed is for
    hubs: tuple[str, ...] = ()
    podcast: Podcast | None = None
    # RFC 5005 paging: (rel, file name inside base_url) such as ("prev-archive", "archive/3.xml")
    archive_links: tuple[tuple[str, str], ...] = ()
    is_archive: bool = False
    stylesheet: Stylesheet | None = None  # the <?xml-stylesheet?> lines the XML files carry (render/feedstyle.py)

    def url_of(self, file_name: str) -> str:
        return self.base_url + file_name

    def with_entries(self, entries: tuple[T, ...]) -> Feed[T]:
        """The same feed with other entries: the entries themselves in place of the stand-ins it was planned with."""
        return dataclasses.replace(self, entries=entries)  # type: ignore[arg-type, return-value]


@dataclasses.dataclass(frozen=True, kw_only=True)
class FeedLink:
    """One written feed file, as the index page and the OPML list name it."""

    title: str
    url: str  # absolute
    path: str  # inside the output folder
    format: FeedFormat
    media_type: str
    kind: FeedKind
    name: str  # the tag, category or author; "" for the site's feeds
    items: int

"""Where the feeds can be found: the index page, the OPML list, and a page per article.

All pure: values in, UTF-8 bytes out, no disk and no clock, so two builds give
the same bytes.  Every text from articles or config is escaped here; only
``Entry.content_html`` (sanitised by content.py) is inserted as markup.
"""

from __future__ import annotations

import datetime
import html
import pathlib
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from zoneinfo import ZoneInfo

from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from feedbuilder.model import TAXONOMIES, Article, Author, Entry, FeedFormat, FeedKind, FeedLink, Site
from feedbuilder.render import atom, jsonfeed, rss, templates
from feedbuilder.sources.chars import clean_text

INDEX_FILE = "index.html"
OPML_FILE = "feeds.opml"  # what a person subscribes to: the site's feeds
NAMES_OPML_FILE = "feeds-by-name.opml"  # the feed of every tag, category and author
SUBSCRIBE_FILE = "subscribe.html"  # beside each feed's files: what a feed is, how to subscribe

LABELS: dict[FeedFormat, str] = {"rss": "RSS", "atom": "Atom", "json": "JSON Feed"}
# The site's feed files, for pages that are not handed the list of written feeds.
SITE_FILES: dict[FeedFormat, tuple[str, str]] = {
    "rss": (rss.FILE_NAME, rss.MEDIA_TYPE),
    "atom": (atom.FILE_NAME, atom.MEDIA_TYPE),
    "json": (jsonfeed.FILE_NAME, jsonfeed.MEDIA_TYPE),
}
# One format per feed in the OPML list, so a reader does not subscribe to the same items three times.
OPML_PREFERENCE: tuple[FeedFormat, ...] = ("atom", "rss", "json")
KINDS: tuple[FeedKind, ...] = ("site", *TAXONOMIES)
HEADINGS: dict[FeedKind, str] = {"site": "Site", "tags": "Tags", "categories": "Categories", "authors": "Authors"}
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
PAGE_SUFFIXES = (".html", ".htm")
MAX_SEGMENT_BYTES = 255  # the longest file name most file systems allow
SUBSCRIBE = (
    "To subscribe, copy a feed address into your feed reader. RSS, Atom and JSON Feed carry the same "
    "articles in different formats: pick one your reader understands."
)
HOW_TO = "paste its address into your feed reader, or open it to subscribe in one click."


# ------------------------------------------------------------------------------------------ the index page


def index_html(site: Site, feeds: Sequence[FeedLink], latest: Sequence[Entry]) -> bytes:
    """``index.html``: the site's latest items and every feed, with autodiscovery links for the site's feeds."""
    site_feeds = [link for link in feeds if link.kind == "site"]
    head = _meta_description(site.description) + "".join(
        _alternate(link.media_type, link.title, link.url) for link in site_feeds
    )
    header = f"<h1>{_text(site.title)}</h1>\n"
    if site.description and site.description != site.title:
        header += f'<p class="lede">{_text(site.description)}</p>\n'
    header += _subscribe_line(site_feeds)
    main = _latest_section(site, latest) + _feeds_section(site, feeds)
    footer = f"<p>{_text(site.title)} · {_opml_links(site, feeds)}</p>\n"
    return templates.page(
        lang=_lang(site.language), title=_text(site.title), head=head, header=header, main=main, footer=footer
    )


def _subscribe_line(site_feeds: Sequence[FeedLink]) -> str:
    """The first screen's line: the site's feeds (to their subscribe page) and how to subscribe."""
    if not site_feeds:
        return ""
    links = " · ".join(_link(subscribe_url(link.url, link.format), LABELS[link.format]) for link in site_feeds)
    how = _text(f"A feed brings new articles to your reader: {HOW_TO}")
    return f'<p class="subscribe"><strong>Subscribe:</strong> {links}. {how}</p>\n'


def subscribe_url(feed_file_url: str, feed_format: FeedFormat | None = None) -> str:
    """The address of the subscribe page beside a feed file; with a format, of that format's address on it."""
    return feed_file_url.rpartition("/")[0] + "/" + SUBSCRIBE_FILE + (f"#{feed_format}" if feed_format else "")


def _opml_links(site: Site, feeds: Sequence[FeedLink]) -> str:
    named = any(link.kind != "site" for link in feeds)
    site_list = _link(site.feed_url + OPML_FILE, "The site's feeds as OPML")
    if not named:
        return site_list
    return f"{site_list} · {_link(site.feed_url + NAMES_OPML_FILE, 'Every tag, category and author feed as OPML')}"


def _latest_section(site: Site, latest: Sequence[Entry]) -> str:
    parts = ['<section aria-labelledby="latest">\n<h2 id="latest">Latest articles</h2>\n']
    if not latest:
        parts.append("<p>No articles yet.</p>\n")
    parts.extend(_item(site, entry) for entry in latest)
    parts.append("</section>\n")
    return "".join(parts)


def _item(site: Site, entry: Entry) -> str:
    article = entry.article
    lang = _lang(article.lang) if article.lang and article.lang != site.language else ""
    title = _link(article.url, article.title)
    summary = f"<p>{_text(entry.summary)}</p>\n" if entry.summary else ""
    return f'<article class="item"{lang}>\n<h3>{title}</h3>\n{_byline(site, entry)}{summary}</article>\n'


def _feeds_section(site: Site, feeds: Sequence[FeedLink]) -> str:
    parts = ['<section aria-labelledby="feeds">\n<h2 id="feeds">Feeds</h2>\n', f"<p>{_text(SUBSCRIBE)}</p>\n"]
    groups = group_feeds(feeds)
    for kind in KINDS:
        rows = [links for (k, _), links in groups.items() if k == kind]
        if rows:
            heading = "This site" if kind == "site" else HEADINGS[kind]
            parts.append(f"<h3>{heading}</h3>\n")
            parts.append(_site_feeds(rows[0]) if kind == "site" else _taxonomy_feeds(rows))
    parts.append(f"<p>To import into a reader: {_opml_links(site, feeds)}.</p>\n</section>\n")
    return "".join(parts)


def _site_feeds(links: Sequence[FeedLink]) -> str:
    """The site's feeds with their addresses shown, ready to be copied."""
    rows = [f'<p>All articles {_count(links)}:</p>\n<ul class="feeds">\n']
    for link in links:
        label = _link(subscribe_url(link.url, link.format), LABELS[link.format])
        rows.append(f"<li>{label}: <code>{_text(link.url)}</code></li>\n")
    rows.append("</ul>\n")
    return "".join(rows)


def _taxonomy_feeds(groups: Iterable[Sequence[FeedLink]]) -> str:
    rows = ['<ul class="feeds">\n']
    for links in groups:
        formats = " · ".join(_link(subscribe_url(link.url, link.format), LABELS[link.format]) for link in links)
        rows.append(f"<li>{_text(links[0].name)} {_count(links)}: {formats}</li>\n")
    rows.append("</ul>\n")
    return "".join(rows)


def _count(links: Sequence[FeedLink]) -> str:
    items = max(link.items for link in links)
    return f'<span class="count">({items} item{"" if items == 1 else "s"})</span>'


def group_feeds(feeds: Iterable[FeedLink]) -> dict[tuple[FeedKind, str], list[FeedLink]]:
    """The feeds' files by (kind, name), site first, then tags, categories, authors, each in the given order."""
    groups: dict[tuple[FeedKind, str], list[FeedLink]] = {}
    for link in feeds:
        groups.setdefault((link.kind, link.name), []).append(link)
    return dict(sorted(groups.items(), key=lambda item: KINDS.index(item[0][0])))


# ------------------------------------------------------------------------------------------ the OPML list


def opml(site: Site, feeds: Sequence[FeedLink], *, named: bool = False) -> bytes:
    """An OPML 2.0 list, each feed once in its preferred format, in folders by kind: ``feeds.opml`` holds the
    site's feeds (what a person subscribes to), ``named=True`` (feeds-by-name.opml) every tag, category and
    author feed."""
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = _clean(f"{site.title}: {'feeds by name' if named else 'feeds'}")
    body = etree.SubElement(root, "body")
    folders: dict[FeedKind, etree._Element] = {}
    for (kind, _), links in group_feeds(feeds).items():
        if (kind != "site") != named:
            continue
        if kind not in folders:
            name = HEADINGS[kind]
            folders[kind] = etree.SubElement(body, "outline", text=name, title=name)
        link = preferred(links)
        title = _clean(feed_title(link))
        etree.SubElement(
            folders[kind], "outline", type="rss", text=title, title=title, xmlUrl=link.url, htmlUrl=site.url
        )
    data: bytes = etree.tostring(root, encoding="UTF-8", xml_declaration=True, pretty_print=True)
    return data


def preferred(links: Sequence[FeedLink]) -> FeedLink:
    """Atom if written, else RSS, else JSON Feed."""
    return min(links, key=lambda link: OPML_PREFERENCE.index(link.format))


def feed_title(link: FeedLink) -> str:
    """The feed's own title: the link's title without its format label ("Site (Atom)" -> "Site")."""
    suffix = f" ({LABELS[link.format]})"
    return link.title.removesuffix(suffix) if link.title != suffix else link.title


# ------------------------------------------------------------------------------------------ article pages


def article_page(site: Site, entry: Entry, feed_pages: Mapping[tuple[FeedKind, str], str] | None = None) -> bytes:
    """A minimal page for one article, so its link resolves on a site that has no other pages.

    ``feed_pages``: the subscribe page's address of each tag, category and author feed, (kind, name) -> URL;
    the article's tags and categories link to theirs."""
    pages = feed_pages or {}
    article = entry.article
    head = (
        _meta_description(entry.summary)
        + f'<link rel="canonical" href="{_attr(article.url)}">\n'
        + "".join(_alternate(media, f"{site.title} ({LABELS[kind]})", url) for kind, url, media in _site_files(site))
    )
    header = f'<p><a href="{_attr(site.feed_url)}">{_text(site.title)}</a></p>\n'
    body = entry.content_html if entry.content_html else f"<p>{_text(entry.summary)}</p>"
    main = (
        "<article>\n"
        f"<h1>{_text(article.title)}</h1>\n{_byline(site, entry)}"
        f'<div class="content">\n{body}\n</div>\n'
        f"{_enclosure(article)}{_terms('Categories', article.categories, 'categories', pages)}"
        f"{_terms('Tags', article.tags, 'tags', pages)}"
        "</article>\n"
    )
    subscribe = " · ".join(_link(subscribe_url(url, kind), LABELS[kind]) for kind, url, _ in _site_files(site))
    footer = f'<p><a href="{_attr(site.feed_url)}">All articles</a> · Subscribe: {subscribe}</p>\n'
    return templates.page(
        lang=_lang(article.lang or site.language),
        title=_text(f"{article.title} · {site.title}"),
        head=head,
        header=header,
        main=main,
        footer=footer,
    )


def _site_files(site: Site) -> list[tuple[FeedFormat, str, str]]:
    """(format, absolute URL, media type) of each of the site's feeds."""
    return [(kind, site.feed_url + SITE_FILES[kind][0], SITE_FILES[kind][1]) for kind in site.formats]


def _enclosure(article: Article) -> str:
    if article.enclosure is None:
        return ""
    enclosure = article.enclosure
    size = f", {enclosure.length / 1_000_000:.1f} MB" if enclosure.length else ""
    return f"<p>Attached: {_link(enclosure.url, 'the media file')} ({_text(enclosure.type)}{size})</p>\n"


def _terms(label: str, names: Sequence[str], kind: FeedKind, pages: Mapping[tuple[FeedKind, str], str]) -> str:
    """The article's tags or categories, each a link to its feed's subscribe page when it has a feed."""
    if not names:
        return ""
    shown = [_link(pages[kind, name], name) if (kind, name) in pages else _text(name) for name in names]
    return f'<p class="meta">{label}: {", ".join(shown)}</p>\n'


def page_path(site: Site, url: str) -> str | None:
    """Where the page of the article at ``url`` goes in the output folder, or None when it can't be served there.

    The output folder is served at ``site.feed_url``, so the page goes at the
    article URL's path below it, percent-decoded: ``/2026/café/`` ->
    ``2026/café/index.html``, ``/notes/hello`` -> ``notes/hello/index.html``,
    ``/old/page.html`` as it is.  None for a URL on another origin or outside
    that folder, with a query, any other file extension, the index page's own
    address, or a segment that is no plain file name ("..", "a%2Fb", "").
    """
    base = urllib.parse.urlsplit(site.feed_url)
    target = urllib.parse.urlsplit(url)
    if _origin(base) != _origin(target) or target.query:
        return None
    folder = _segments(base.path)
    segments = _segments(target.path)
    if folder is None or segments is None or segments[: len(folder)] != folder:
        return None
    rest = segments[len(folder) :]
    if not rest:
        return None
    if target.path.endswith("/") or not pathlib.PurePosixPath(rest[-1]).suffix:
        rest.append(INDEX_FILE)
    elif pathlib.PurePosixPath(rest[-1]).suffix.lower() not in PAGE_SUFFIXES:
        return None
    path = "/".join(rest)
    return None if path == INDEX_FILE else path


def _origin(parts: urllib.parse.SplitResult) -> tuple[str, str, int | None] | None:
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme.lower())
    except ValueError:
        return None
    return parts.scheme.lower(), (parts.hostname or "").lower(), port


def _segments(path: str) -> list[str] | None:
    """The path's segments, each percent-decoded; None if one is not a safe file name."""
    inner = path.strip("/")
    if not inner:
        return []
    decoded = []
    for raw in inner.split("/"):
        try:
            segment = urllib.parse.unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return None
        if not _safe_segment(segment):
            return None
        decoded.append(segment)
    return decoded


def _safe_segment(segment: str) -> bool:
    return (
        bool(segment)
        and not segment.startswith(".")
        and not any(char in segment for char in "/\\\x00")
        and segment.isprintable()
        and len(segment.encode("utf-8")) <= MAX_SEGMENT_BYTES
    )


# ------------------------------------------------------------------------------------------ small pieces


def _byline(site: Site, entry: Entry) -> str:
    """Date (in the site's zone) and authors."""
    when = _time(entry.article.published, site.timezone)
    names = [_author(author) for author in entry.authors]
    by = f" · by {_and(names)}" if names else ""
    return f'<p class="meta">{when}{by}</p>\n'


def _time(moment: datetime.datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    human = f"{local.day} {MONTHS[local.month - 1]} {local.year}"
    return f'<time datetime="{local.isoformat(timespec="seconds")}">{human}</time>'


def _author(author: Author) -> str:
    return _link(author.url, author.name) if author.url else _text(author.name)


def _and(parts: Sequence[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def _alternate(media_type: str, title: str, url: str) -> str:
    return f'<link rel="alternate" type="{_attr(media_type)}" title="{_attr(title)}" href="{_attr(url)}">\n'


def _meta_description(text: str) -> str:
    return f'<meta name="description" content="{_attr(text)}">\n' if text else ""


def _link(url: str, text: str) -> str:
    """A link to an http(s) URL; other schemes (javascript:, data:) are shown as text only."""
    if urllib.parse.urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
        return _text(text)
    return f'<a href="{_attr(url)}">{_text(text)}</a>'


def _lang(language: str | None) -> str:
    return f' lang="{_attr(language)}"' if language else ""


def _clean(value: str) -> str:
    return clean_text(value)[0]


def _text(value: str) -> str:
    return html.escape(_clean(value), quote=False)


def _attr(value: str) -> str:
    return html.escape(_clean(value), quote=True)


# The pieces the subscribe pages (subscribe.py) are built from, escaped and checked as here.
text, attribute, link, byline, lang_attribute, alternate = _text, _attr, _link, _byline, _lang, _alternate

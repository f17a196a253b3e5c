"""An article's id and address, as its file and the site's config make them (pure)."""

from __future__ import annotations

import datetime
import functools
import os
import pathlib
import re
import unicodedata
import urllib.parse

from feedbuilder.model import Card, Site
from feedbuilder.sources import generators, values
from feedbuilder.sources.discover import name_parts


def tag_uri(authority: str, source: str) -> str:
    """``tag:example.org,2026:news/treaty`` from the file's path without its suffix."""
    if _PLAIN_SOURCE.fullmatch(source):  # the usual path: nothing to tidy or quote, only the suffix to drop
        name = source.rfind("/") + 1
        dot = source.rfind(".", name)
        return f"tag:{authority}:{source[:dot] if name < dot < len(source) - 1 else source}"
    return f"tag:{authority}:{values.quote_iri(unicodedata.normalize('NFC', _without_suffix(source)))}"


# Names of characters quote_iri keeps, in parts that are not empty, "." or "..": PurePosixPath leaves them be.
_PART = r"(?!\.\.?(?:/|$))[A-Za-z0-9!#$%&'()*+,:;=?@\[\]~._-]+"
_PLAIN_SOURCE = re.compile(f"{_PART}(?:/{_PART})*")


def _without_suffix(source: str) -> str:
    """The path without the suffix of its last part, as ``PurePosixPath(source).with_suffix("")`` writes it."""
    parts = source.split("/")
    if "" in parts or "." in parts:  # a path that pathlib tidies first ('a//b', './a', 'a/')
        return str(pathlib.PurePosixPath(source).with_suffix(""))
    name = parts[-1]
    dot = name.rfind(".")
    return source[: len(source) - len(name) + dot] if 0 < dot < len(name) - 1 else source


JEKYLL_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})-(.+)")  # a Jekyll-style file name: its date, then its slug


def file_slug(source: str) -> str:
    """The slug made from the file's name: without a YYYY-MM-DD- prefix; an index file takes its folder's name."""
    stem = name_parts(source)[0]
    jekyll = JEKYLL_DATE.fullmatch(stem)
    if jekyll:
        stem = jekyll.group(4)
    if stem in ("index", "_index") and "/" in source:
        stem = source.rsplit("/", 2)[-2]
    return values.slugify(stem)


def article_url(card: Card, published: datetime.datetime, site: Site) -> str:
    """The article's address: as its front matter gives it, else made from the site's permalink pattern;
    on another generator's site, as that generator makes it."""
    generator = generators.ruling(site)
    if generator is not None:
        local = published.astimezone(site.timezone)
        path = generators.rules(generator.name).address(card, local, generator)
        return values.join_url(site.url, path.lstrip("/"))
    if card.given_url:
        return _given_url(card.given_url, site)
    return values.join_url(site.url, _permalink_path(site, card.source, card.slug, card.categories, published))


def address_key(
    site: Site,
    *,
    source: str,
    slug: str | None,
    given_url: str | None,
    categories: tuple[str, ...],
    published: datetime.datetime,
) -> str:
    """The article's address as two addresses that a server or reader takes for one compare equal:
    percent-decoded, NFC, case folded (the permalink's path is not made into a URL first: a tenth of
    the cost of :func:`article_url`, for every article of the folder)."""
    if given_url:
        url = urllib.parse.unquote(_given_url(given_url, site))
    else:
        url = site.url + _permalink_path(site, source, slug, categories, published)
    return unicodedata.normalize("NFC", url).casefold()


def _given_url(given: str, site: Site) -> str:
    return values.join_url(site.url, given.lstrip("/") if not is_http(given) else given)


def _permalink_path(
    site: Site, source: str, slug: str | None, categories: tuple[str, ...], published: datetime.datetime
) -> str:
    """The permalink pattern filled in, without its leading "/"."""
    local = published.astimezone(site.timezone)
    path = site.permalink.format(
        year=f"{local.year:04d}",
        month=f"{local.month:02d}",
        day=f"{local.day:02d}",
        slug=slug if slug is not None else file_slug(source),
        category=_categories(categories, jekyll=is_jekyll_post(site, source)),
    )
    return path.lstrip("/")


def _categories(categories: tuple[str, ...], *, jekyll: bool) -> str:
    """{category}: the first category; for a Jekyll post all of them, as Jekyll's :categories."""
    if not categories:
        return "articles"
    if jekyll:
        return "/".join(map(_category_slug, categories))
    return _category_slug(categories[0])


def is_jekyll_post(site: Site, source: str, *, folder: str | None = None) -> bool:
    """Whether the file is read as Jekyll reads it: the site says it is Jekyll's (generator: jekyll), or
    the file is in a _posts folder (the articles folder itself, or one inside it).  ``folder``: the
    articles folder, when the caller has it (else the site's)."""
    if site.generator is not None and site.generator.name == "jekyll":
        return True
    if "_posts" not in source and "_posts" not in (folder if folder is not None else str(site.articles_dir)):
        return False  # the usual case, answered without taking paths apart (every file asks, several times)
    name = os.path.basename(os.path.normpath(folder)) if folder is not None else site.articles_dir.name
    return "_posts" in (name, *source.split("/")[:-1])


_NAME_LENGTH = 200  # longer names are not remembered: a hostile file could make the memory large


def _category_slug(category: str) -> str:
    """values.slugify, remembered for short names: a site has few categories and many articles in each."""
    return _slug_of_name(category) if len(category) <= _NAME_LENGTH else values.slugify(category)


@functools.lru_cache(maxsize=1024)
def _slug_of_name(name: str) -> str:
    return values.slugify(name)


def url_id(card: Card, published: datetime.datetime, site: Site) -> str:
    """The id made from the article's address (``ids: url``): the address itself, or what the site's
    generator's feed made of it (jekyll-feed: no suffix; Pelican: a tag: URI)."""
    url = article_url(card, published, site)
    generator = generators.ruling(site)
    if generator is None:
        return url
    return generators.rules(generator.name).feed_id(url, card, published.astimezone(site.timezone), site)


def is_http(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))

"""``feedbuilder init`` and ``feedbuilder new``: files to start from."""

from __future__ import annotations

import datetime
import pathlib

from feedbuilder.config import load_site
from feedbuilder.errors import FeedbuilderError, Problem, shown_path
from feedbuilder.sources.values import slugify

CONFIG_TEMPLATE = """\
# feedbuilder.yaml: how your articles become feeds.  Every key is optional
# except title and url.  Run 'feedbuilder build' after changing it.

title: My Site                     # the feeds' title
url: https://example.org/          # your site's home page (absolute http or https)
description: News from My Site     # one line about the site
language: en                       # BCP 47: en, en-GB, de, zh-Hans
author: My Name                    # or {{name: ..., email: ..., url: ...}}
timezone: UTC                      # IANA name for dates written without one
# The one thing never to change once subscribers exist: the id authority,
# a domain you own and a date you owned it on.  Article ids are built from it
# and the file's path, so they survive moves to another domain or to https.
id_authority: example.org,{year}

# articles: articles               # where the articles are
# output: public                   # where the feeds go
# feed_url: https://example.org/   # where the output folder is served (default: url)
# permalink: /{{slug}}/              # article address: {{year}} {{month}} {{day}} {{slug}} {{category}}
# limit: 50                        # items per feed
# content: full                    # full or summary
"""

ARTICLE_TEMPLATE = """\
---
title: {title}
date: {date}
author: {author}
tags: []
summary: One sentence that says what this article is about.
---

Write the article here in Markdown. Links and images may be relative to the
article's own address; feedbuilder makes them absolute in the feeds.
"""


def _create(path: pathlib.Path, text: str) -> None:
    """Write a new file; never replace one."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise FeedbuilderError(
            Problem(path=shown_path(path), message="already exists; left as it is", hint="move it away to start afresh")
        ) from None
    except OSError as exc:
        raise FeedbuilderError(
            Problem(path=shown_path(path), message=f"cannot write it: {exc.strerror or exc}", hint="check the folder")
        ) from None


_SLUG_BYTES = 100  # of a new article's file name: a long title still gives a name every file system takes


def _file_slug(title: str) -> str:
    """The title's slug, cut at a word to at most _SLUG_BYTES bytes of UTF-8."""
    slug = slugify(title)
    if len(slug.encode("utf-8")) <= _SLUG_BYTES:
        return slug
    cut = slug.encode("utf-8")[:_SLUG_BYTES].decode("utf-8", errors="ignore")
    return (cut.rsplit("-", 1)[0] if "-" in cut else cut).strip("-") or "untitled"


def init(folder: pathlib.Path, *, today: datetime.date) -> list[pathlib.Path]:
    """Write feedbuilder.yaml and articles/hello-world.md in ``folder``."""
    config = folder / "feedbuilder.yaml"
    article = folder / "articles" / "hello-world.md"
    existing = [p for p in (config, article) if p.exists()]
    if existing:
        raise FeedbuilderError(
            [
                Problem(
                    path=shown_path(p), message="already exists; nothing written", hint="init only starts new sites"
                )
                for p in existing
            ]
        )
    _create(config, CONFIG_TEMPLATE.format(year=today.year))
    _create(article, ARTICLE_TEMPLATE.format(title="Hello, world", date=today.isoformat(), author="My Name"))
    return [config, article]


def new_article(config_path: pathlib.Path, title: str) -> pathlib.Path:
    """Write ``articles/<slug>.md`` for ``title``, dated now in the site's time zone."""
    site = load_site(config_path)
    now = datetime.datetime.now(site.timezone).replace(microsecond=0)
    path = site.articles_dir / f"{_file_slug(title)}.md"
    generator = site.generator
    if (
        generator is not None
        and generator.config_file
        and generator.name == "jekyll"
        and "_posts" not in site.articles_dir.parts
    ):
        # a Jekyll post is a dated file in _posts/
        path = site.articles_dir / "_posts" / f"{now.date().isoformat()}-{_file_slug(title)}.md"
    author = site.author.name if site.author else site.title
    quoted = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    _create(path, ARTICLE_TEMPLATE.format(title=quoted, date=now.isoformat(), author=author))
    return path

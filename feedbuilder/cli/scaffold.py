"""``feedbuilder init`` and ``feedbuilder new``: files to start from."""

from __future__ import annotations

import datetime
import pathlib
import re
import urllib.parse

from feedbuilder.config import load_site
from feedbuilder.errors import FeedbuilderError, Level, Problem, shown_path
from feedbuilder.model import Site
from feedbuilder.site.identity import RECORD_NAME
from feedbuilder.sources.keys import EXAMPLE_AUTHOR, EXAMPLE_SUMMARY
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
summary: {summary}
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
    _create(
        article,
        ARTICLE_TEMPLATE.format(
            title="Hello, world", date=today.isoformat(), author=EXAMPLE_AUTHOR, summary=EXAMPLE_SUMMARY
        ),
    )
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
    _create(path, ARTICLE_TEMPLATE.format(title=quoted, date=now.isoformat(), author=author, summary=EXAMPLE_SUMMARY))
    return path


AFTER_INIT = (
    "next: set title, url, id_authority, author and description in feedbuilder.yaml (the build refuses "
    'init\'s examples), then run: feedbuilder new "My first article"'
)
AFTER_NEW = "next: write it (and its summary), then run: feedbuilder serve --watch  (to preview), or feedbuilder build"

# The config's lines as init writes them, value unchanged: each an example that must not go live.
_EXAMPLES = {
    "title": (re.compile(r"title: My Site +# the feeds' title"), "set the feeds' title: readers show it"),
    "url": (re.compile(r"url: https://example\.org/ +# your site's home page.*"), "set your site's address"),
    "description": (
        re.compile(r"description: News from My Site +# one line.*"),
        "set one line about the site: readers show it",
    ),
    "author": (re.compile(r"author: My Name +# or .*"), "set your name, or {name: ..., email: ...}"),
    "id_authority": (
        re.compile(r"id_authority: example\.org,\d{4}"),
        "set a domain you own and this year, e.g. yourdomain.org,2026: every article's id is made from it, "
        "and never changes once published",
    ),
}


def placeholders(site: Site) -> list[Problem]:
    """init's example values still in the config (each an error), and an id authority that is not the
    url's domain before anything is published (a warning: it is permanent)."""
    if site.config_path is None:
        return []
    shown = shown_path(site.config_path)
    try:
        text = site.config_path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []  # load_site read it a moment ago: it says what is wrong
    problems = []
    written = re.search(r"^url:\s*['\"]?([^\s'\"#]+)", text, re.MULTILINE)  # the file's, not --base-url's
    host = (urllib.parse.urlsplit(written.group(1) if written else site.url).hostname or "").lower()
    examples = {
        key: value
        for key, value in _EXAMPLES.items()
        # init's example.org as the authority goes live with another url (with example.org's, the url is said)
        if key != "id_authority"
        or (text.startswith(CONFIG_TEMPLATE.split("\n", 1)[0]) and host.rsplit(".", 2)[-2:] != ["example", "org"])
    }
    for number, line in enumerate(text.splitlines(), start=1):
        for key, (example, hint) in examples.items():
            if example.fullmatch(line.strip()):
                value = line.split(":", 1)[1].split("#", 1)[0].strip()
                problems.append(
                    Problem(
                        path=shown,
                        line=number,
                        field=key,
                        message=f"'{value}' is the example 'feedbuilder init' wrote",
                        hint=hint,
                    )
                )
    if not any(p.field == "id_authority" for p in problems):
        problems.extend(_authority_warning(site, shown, host))
    return problems


def _authority_warning(site: Site, shown: str, host: str) -> list[Problem]:
    """An id authority of another domain than the url's, while no id is published yet (no record)."""
    authority = site.id_authority
    record = site.config_path.parent / RECORD_NAME if site.config_path else None
    if authority is None or record is None or _published(record):
        return []
    domain = authority.split(",", 1)[0].rsplit("@", 1)[-1]
    if host == domain or host.endswith("." + domain):
        return []
    return [
        Problem(
            path=shown,
            field="id_authority",
            level=Level.WARNING,
            message=f"{domain} is not the domain of url ({host}); every article id is made from it, for ever",
            hint=f"if you do not own {domain}, set id_authority to {host},{authority.split(',', 1)[1]} "
            "before the first build you publish: once published it must never change",
        )
    ]


def _published(record: pathlib.Path) -> bool:
    """Whether the id record holds a published article."""
    try:
        with record.open("rb") as stream:
            return any(line.strip() and not line.startswith(b"#") for line in stream)
    except OSError:
        return False

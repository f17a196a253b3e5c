"""Pelican's rules (pelicanconf.py read as plain assignments, never run; Status; ARTICLE_URL; tag: ids)."""

from __future__ import annotations

import datetime
import pathlib
import posixpath
import re
import unicodedata
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

from feedbuilder.model import Card, Generator, Site
from feedbuilder.sources.generators.base import Found, Reading, Rules
from feedbuilder.sources.generators.reading import python_assignments

_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm")


def detect(root: pathlib.Path) -> Found | None:
    path = root / "pelicanconf.py"
    if not path.is_file():
        return None
    config, notes = python_assignments(path)
    if (root / "publishconf.py").is_file():  # the settings a site is published with win
        published, more = python_assignments(root / "publishconf.py")
        config.update({k: v for k, v in published.items() if k.isupper()})
        notes.extend(more)
    content = str(config.get("PATH") or "content").strip("/").removeprefix("./")
    settings: dict[str, Any] = {"articles": content or "."}
    for ours, theirs in (("title", "SITENAME"), ("timezone", "TIMEZONE"), ("language", "DEFAULT_LANG")):
        if isinstance(config.get(theirs), str) and config[theirs]:
            settings[ours] = config[theirs]
    site_url = config.get("FEED_DOMAIN") or config.get("SITEURL")
    if isinstance(site_url, str) and site_url.startswith("http"):
        settings["url"] = site_url.rstrip("/") + "/"
    limit = config.get("FEED_MAX_ITEMS")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        settings["limit"] = limit
    if isinstance(config.get("AUTHOR"), str) and config["AUTHOR"]:
        settings["author"] = config["AUTHOR"]
    options = {
        "article_paths": tuple(_list(config.get("ARTICLE_PATHS"), [""])),
        "excluded": tuple(_list(config.get("ARTICLE_EXCLUDES"), []) + _list(config.get("PAGE_PATHS"), ["pages"])),
        "article_url": str(config.get("ARTICLE_URL") or "{slug}.html"),
        "slug_source": str(config.get("SLUGIFY_SOURCE") or "title"),
        "folder_category": config.get("USE_FOLDER_AS_CATEGORY", True) is not False,
        "default_category": str(config.get("DEFAULT_CATEGORY") or "misc"),
    }
    generator = Generator(
        name="pelican", root=root, config_file=path.name, content=content, options=tuple(sorted(options.items()))
    )
    return Found(generator, settings, notes)


def _list(value: object, default: list[str]) -> list[str]:
    return [str(v).strip("/") for v in value] if isinstance(value, list | tuple) else default


def posts(sources: Sequence[str], generator: Generator) -> list[str]:
    within = generator.option("article_paths", ("",))
    excluded = generator.option("excluded", ())
    found = []
    for source in sources:
        path = generator.prefix + source
        if not path.lower().endswith(_SUFFIXES) or any(p.startswith(".") for p in path.split("/")):
            continue
        if not any(not p or path.startswith(p + "/") for p in within):
            continue
        if any(p and path.startswith(p + "/") for p in excluded):
            continue
        found.append(source)
    return found


def left_out(meta: Mapping[str, Any], source: str, generator: Generator) -> bool:
    """``Status: hidden`` and ``skip`` are not in feeds (``draft`` is a draft)."""
    return _status(meta) in ("hidden", "skip")


def _status(meta: Mapping[str, Any]) -> str:
    lower = {str(k).lower(): v for k, v in meta.items()}
    return str(lower.get("status") or "published").strip()


def reading(meta: Mapping[str, Any], source: str, title: str, generator: Generator) -> Reading:
    lower = {str(k).lower(): v for k, v in meta.items()}
    path = generator.prefix + source
    stem = posixpath.splitext(posixpath.basename(path))[0]
    if lower.get("slug") is not None:
        slug = str(lower["slug"]).strip()
    else:
        slug = slugify(stem if generator.option("slug_source") == "basename" else title)
    folder = posixpath.basename(posixpath.dirname(path))
    category = str(lower.get("category") or "").strip()
    if not category:
        category = (
            folder if folder and generator.option("folder_category") else str(generator.option("default_category"))
        )
    words = {"slug": slug, "category": slugify(category), "lang": str(lower.get("lang") or ""), "path": path}
    pattern = str(lower.get("url") or generator.option("article_url", "{slug}.html"))
    url = re.sub(r"\{(slug|category|lang|path)\}", lambda m: words[m.group(1)], pattern)
    return Reading(slug=slug, url="/" + url.lstrip("/"), draft=_status(meta) == "draft", categories=(category,))


def slugify(text: str) -> str:
    """Pelican's slugify: tags stripped, NFKC, to ASCII, ``[^\\w\\s-]`` removed, runs of space and ``-``
    to one ``-``, lower-cased."""
    text = re.sub(r"<[^>]*>", "", text)
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text)).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text).strip()
    return re.sub(r"[-\s]+", "-", text).lower()


def address(card: Card, local: datetime.datetime, generator: Generator) -> str:
    return re.sub(r"\{date:([^}]*)\}", lambda m: local.strftime(m.group(1)), card.given_url or "/")


def feed_id(url: str, card: Card, local: datetime.datetime, site: Site) -> str:
    """Pelican's ``get_tag_uri(link, date)``: ``tag:HOST,YYYY-MM-DD:/path``."""
    parts = urllib.parse.urlsplit(url)
    fragment = f"/{parts.fragment}" if parts.fragment else ""
    return f"tag:{(parts.hostname or '').lower()},{local.strftime('%Y-%m-%d')}:{parts.path}{fragment}"


RULES = Rules(detect, posts, left_out, reading, address, feed_id)

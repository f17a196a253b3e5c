"""Astro's rules (astro.config.* read as text; a content collection; @astrojs/rss links and guids)."""

from __future__ import annotations

import datetime
import pathlib
import posixpath
import re
from collections.abc import Mapping, Sequence
from typing import Any

from feedbuilder.model import Card, Generator, Site
from feedbuilder.sources.generators.base import Found, Reading, Rules
from feedbuilder.sources.generators.reading import js_string

CONFIGS = ("astro.config.mjs", "astro.config.js", "astro.config.ts", "astro.config.mts", "astro.config.cjs")


def detect(root: pathlib.Path) -> Found | None:
    name = next((n for n in CONFIGS if (root / n).is_file()), None)
    if name is None:
        return None
    text = (root / name).read_text(encoding="utf-8", errors="replace")
    collections = root / "src" / "content"
    found = (
        sorted(p.name for p in collections.iterdir() if p.is_dir() and not p.name.startswith(("_", ".")))
        if collections.is_dir()
        else []
    )
    collection = "blog" if "blog" in found else (found[0] if found else "blog")
    content = f"src/content/{collection}"
    settings: dict[str, Any] = {"articles": content, "timezone": "UTC"}
    site = js_string(text, "site")
    if site and site.startswith("http"):
        settings["url"] = site
    for constants in ("src/consts.ts", "src/consts.js", "src/config.ts"):  # where the example blog keeps them
        if (root / constants).is_file():
            text = (root / constants).read_text(encoding="utf-8", errors="replace")
            for ours, theirs in (("title", "SITE_TITLE"), ("description", "SITE_DESCRIPTION")):
                value = js_string(text, theirs)
                if value:
                    settings[ours] = value
            break
    notes = [] if found else [f"{name}: no src/content/ collection found"]
    generator = Generator(
        name="astro", root=root, config_file=name, content=content, options=(("collection", collection),)
    )
    return Found(generator, settings, notes)


def posts(sources: Sequence[str], generator: Generator) -> list[str]:
    return [
        s
        for s in sources
        if s.lower().endswith((".md", ".markdown"))
        and not any(p.startswith(("_", ".")) for p in (generator.prefix + s).split("/"))
    ]


def left_out(meta: Mapping[str, Any], source: str, generator: Generator) -> bool:
    return False


def reading(meta: Mapping[str, Any], source: str, title: str, generator: Generator) -> Reading:
    if meta.get("slug") is not None:
        entry = str(meta["slug"])
    else:
        path = posixpath.splitext(generator.prefix + source)[0]
        entry = "/".join(slug(part) for part in path.split("/"))
        entry = entry.removesuffix("/index") if entry != "index" else ""
    url = f"/{generator.option('collection', 'blog')}/{entry}/"
    return Reading(slug=entry, url=re.sub("/+", "/", url))


def slug(text: str) -> str:
    """github-slugger: lower-cased, punctuation but ``-`` and ``_`` removed, each space a ``-``."""
    kept = "".join(c for c in text.lower() if c.isalnum() or c in "-_ " or (not c.isascii() and c.isalpha()))
    return kept.replace(" ", "-")


def address(card: Card, local: datetime.datetime, generator: Generator) -> str:
    return card.given_url or "/"


def feed_id(url: str, card: Card, local: datetime.datetime, site: Site) -> str:
    """@astrojs/rss: the guid is the item's link."""
    return url


RULES = Rules(detect, posts, left_out, reading, address, feed_id)

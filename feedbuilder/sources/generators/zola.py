"""Zola's rules (config.toml with base_url; pages, sections, ``path``; its Atom and RSS ids)."""

from __future__ import annotations

import datetime
import pathlib
import posixpath
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from feedbuilder.model import Card, Generator, Site
from feedbuilder.sources.generators.base import Found, Reading, Rules, matches, path_date
from feedbuilder.sources.generators.reading import read_toml, table

_DATED_NAME = re.compile(r"(\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))?)(?:\s?[_-](.+))?")


def detect(root: pathlib.Path) -> Found | None:
    path = root / "config.toml"
    if not path.is_file() or (root / "zola.toml").is_file():
        path = root / "zola.toml"
    if not path.is_file():
        return None
    config, notes = read_toml(path)
    if "base_url" not in config:
        return None
    settings: dict[str, Any] = {"articles": "content", "timezone": "UTC"}  # Zola reads zone-less dates as UTC
    if isinstance(config.get("base_url"), str):
        settings["url"] = config["base_url"]
    for key in ("title", "description"):
        if isinstance(config.get(key), str):
            settings[key] = config[key]
    if isinstance(config.get("default_language"), str):
        settings["language"] = config["default_language"]
    limit = config.get("feed_limit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        settings["limit"] = limit
    if isinstance(config.get("author"), str):
        settings["author"] = config["author"]
    slugify = table(config, "slugify")
    languages = table(config, "languages")
    options = {
        "ignored": tuple(str(g) for g in config.get("ignored_content") or () if isinstance(g, str)),
        "slugify": str(slugify.get("paths") or "on"),
        "languages": tuple(sorted(str(k) for k in languages)),
    }
    generator = Generator(
        name="zola", root=root, config_file=path.name, content="content", options=tuple(sorted(options.items()))
    )
    return Found(generator, settings, notes)


def posts(sources: Sequence[str], generator: Generator) -> list[str]:
    """Markdown files that are not sections (``_index.md``), other languages' or ignored."""
    # Zola's globs are not held to one folder: '*.draft.md' leaves out such files in every folder
    ignored = tuple(g if "/" in g else f"**/{g}" for g in generator.option("ignored", ()))
    languages = set(generator.option("languages", ()))
    found = []
    for source in sources:
        path = generator.prefix + source
        name = posixpath.basename(path)
        if not name.endswith(".md") or name.startswith(("_index.", ".")):
            continue
        if name.count(".") > 1 and name.rsplit(".", 2)[1] in languages:
            continue
        if ignored and matches(path, ignored):
            continue
        found.append(source)
    return found


def left_out(meta: Mapping[str, Any], source: str, generator: Generator) -> bool:
    """Zola's feeds leave out undated pages (a date in the name or in ``path`` counts)."""
    stem = _stem(generator.prefix + source)
    path = meta.get("path") if isinstance(meta.get("path"), str) else None
    return meta.get("date") is None and not _DATED_NAME.match(stem) and path_date(path) is None


def _stem(path: str) -> str:
    folder, name = posixpath.split(path)
    return posixpath.basename(folder) if name == "index.md" else name[: -len(".md")]


def reading(meta: Mapping[str, Any], source: str, title: str, generator: Generator) -> Reading:
    path = generator.prefix + source
    stem = _stem(path)
    dated = _DATED_NAME.fullmatch(stem)
    mode = str(generator.option("slugify", "on"))
    slug = slugify(
        str(meta["slug"]) if meta.get("slug") is not None else (dated.group(2) or stem) if dated else stem, mode
    )
    written = meta.get("path") if isinstance(meta.get("path"), str) else None
    if written is not None:
        url = "/" + written.strip().lstrip("/")
    else:
        folders = posixpath.dirname(path)
        if posixpath.basename(path) == "index.md":
            folders = posixpath.dirname(folders)
        url = "/" + "/".join([*(p for p in folders.split("/") if p), slug])
    url = url if url.endswith("/") else url + "/"
    published = meta.get("date")
    if published is None and dated:
        published = dated.group(1)
    if published is None:
        published = path_date(written)
    return Reading(slug=slug, url=url, published=published, draft=meta.get("draft") is True)


def slugify(text: str, mode: str = "on") -> str:
    """Zola's slugify_paths: ``on`` ASCII ``a-z0-9`` joined by ``-``; ``safe`` only unsafe characters
    removed; ``off`` as written.  (``on`` transliterates by Unicode decomposition, not deunicode:
    letters with no ASCII form are dropped.)"""
    if mode == "off":
        return text
    if mode == "safe":
        return re.sub(r'[<>:"/\\|?*]', "", text).rstrip(" .")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    # a name with no letter of Latin form keeps its own letters rather than becoming no slug at all
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text)) or "-".join(re.findall(r"\w+", text.lower()))


def address(card: Card, local: datetime.datetime, generator: Generator) -> str:
    return card.given_url or "/"


def feed_id(url: str, card: Card, local: datetime.datetime, site: Site) -> str:
    """Zola's Atom id and RSS guid are the page's permalink."""
    return url


RULES = Rules(detect, posts, left_out, reading, address, feed_id)

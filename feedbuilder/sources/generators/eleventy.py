"""Eleventy's rules (eleventy.config.* or .eleventy.js read as text; collections; permalinks; the RSS plugin's ids)."""

from __future__ import annotations

import datetime
import os
import pathlib
import posixpath
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from feedbuilder.model import Card, Generator, Site
from feedbuilder.sources.generators.base import Found, Reading, Rules, matches, strings
from feedbuilder.sources.generators.reading import js_string, js_strings

CONFIGS = (
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
    "eleventy.config.ts",
    ".eleventy.js",
    ".eleventy.cjs",
)
_SUFFIXES = (".md", ".markdown", ".html", ".htm")
_DATE_IN_PATH = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATE_WORDS = ("git created", "created", "git last modified", "last modified")  # Eleventy's dates by name


def detect(root: pathlib.Path) -> Found | None:
    name = next((n for n in CONFIGS if (root / n).is_file()), None)
    if name is None:
        return None
    text = (root / name).read_text(encoding="utf-8", errors="replace")
    content = (js_string(text, "input") or ".").strip("/").removeprefix("./").strip(".") or ""
    settings: dict[str, Any] = {"articles": content or ".", "timezone": "UTC"}  # zone-less ISO dates are UTC
    notes: list[str] = []
    data_dir = root / content / (js_string(text, "data") or "_data")
    metadata = next(
        (data_dir / f"metadata.{s}" for s in ("js", "mjs", "cjs", "json") if (data_dir / f"metadata.{s}").is_file()),
        None,
    )
    meta_text = metadata.read_text(encoding="utf-8", errors="replace") if metadata else ""
    for ours, theirs in (("title", "title"), ("description", "description"), ("language", "language")):
        value = js_string(meta_text, theirs) or js_string(text, theirs)
        if value:
            settings[ours] = value
    base = js_string(text, "base") or js_string(meta_text, "url")
    if base and base.startswith("http"):
        settings["url"] = base
    collection = _feed_collection(text, root / content)
    if not collection:
        notes.append(f"{name}: no feed's collection found (feed plugin or feed template); every page counts as a post")
    limit = re.search(r"collection\s*:\s*\{[^}]*?limit\s*:\s*(\d+)", text)
    if limit and int(limit.group(1)) > 0:
        settings["limit"] = int(limit.group(1))  # the feed plugin's (0 is no limit)
    globs = _collection_globs(text).get(collection, ())
    prefix = f"{content}/" if content else ""
    options = {
        "collection": collection,
        "collection_globs": tuple(g.removeprefix("./").removeprefix(prefix) for g in globs),
        "ignored": (
            js_string(text, "includes") or "_includes",
            "_data",
            js_string(text, "output") or "_site",
            "node_modules",
            *(g.removeprefix(prefix) for g in _ignore_file(root / ".eleventyignore")),
        ),
        "folder_tags": _folder_tags(root / content),
    }
    generator = Generator(
        name="eleventy", root=root, config_file=name, content=content, options=tuple(sorted(options.items()))
    )
    return Found(generator, settings, notes)


_FEED_TEMPLATE = re.compile(
    r"[^/]*(?:atom|rss|feed)[^/]*\.(?:njk|liquid|11ty\.js|11ty\.cjs)|[^/]*\.(?:xml|json)\.(?:njk|liquid)"
)


def _feed_collection(config: str, content: pathlib.Path) -> str:
    """The collection the site's feed is made from: the feed plugin's ``collection.name``, else the
    ``collections.NAME`` a feed template (``blog.atom.njk``, ``feed.njk``) loops over."""
    plugin = re.search(r"collection\s*:\s*\{[^}]*?name\s*:\s*[\"'`]([^\"'`]+)", config)
    if plugin:
        return plugin.group(1)
    try:
        names = sorted(p.name for p in content.iterdir() if p.is_file())
    except OSError:
        return ""
    for template in (n for n in names if _FEED_TEMPLATE.fullmatch(n)):
        used = re.search(r"collections\.(\w+)", (content / template).read_text(encoding="utf-8", errors="replace"))
        if used and used.group(1) != "all":
            return used.group(1)
    return ""


def _collection_globs(config: str) -> dict[str, tuple[str, ...]]:
    """Collections made with ``addCollection(NAME, c => c.getFilteredByGlob(GLOB))``: their globs,
    ``{a,b}`` alternatives expanded."""
    found: dict[str, tuple[str, ...]] = {}
    pattern = r"addCollection\(\s*[\"'`](\w+)[\"'`][^;]*?getFilteredByGlob\(\s*(\[[^\]]*\]|[\"'`][^\"'`]+[\"'`])"
    for name, written in re.findall(pattern, config):
        globs = [g for _, g in re.findall(r"([\"'`])([^\"'`]+)\1", written)]
        found.setdefault(name, tuple(expanded for g in globs for expanded in _braces(g)))
    return found


def _braces(glob: str) -> list[str]:
    found = re.search(r"\{([^{}]*)\}", glob)
    if not found:
        return [glob]
    return [
        e for part in found.group(1).split(",") for e in _braces(glob[: found.start()] + part + glob[found.end() :])
    ]


def _ignore_file(path: pathlib.Path) -> tuple[str, ...]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return ()
    return tuple(line.strip().removeprefix("./") for line in lines if line.strip() and not line.startswith("#"))


def _folder_tags(content: pathlib.Path) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Each folder's tags from its directory data file (``blog/blog.11tydata.js``: ``tags: ["posts"]``)."""
    found = []
    for folder, names, files in os.walk(content):
        names[:] = sorted(n for n in names if n not in ("node_modules", "_site") and not n.startswith("."))
        base = os.path.basename(folder)
        for file in files:
            if file.startswith(base + ".11tydata.") or file.startswith(base + ".json"):
                text = pathlib.Path(folder, file).read_text(encoding="utf-8", errors="replace")
                tags = js_strings(text, "tags")
                if tags:
                    relative = os.path.relpath(folder, content).replace(os.sep, "/")
                    found.append(("" if relative == "." else relative, tags))
    return tuple(sorted(found))


def posts(sources: Sequence[str], generator: Generator) -> list[str]:
    """Markdown and HTML templates not ignored; of a collection made from globs, those it matches."""
    ignored = tuple(f"**/{g}" if "/" not in g.strip("/") else g for g in generator.option("ignored", ()))
    globs = generator.option("collection_globs", ())
    return [
        s
        for s in sources
        if s.lower().endswith(_SUFFIXES)
        and not matches(generator.prefix + s, ignored)
        and (not globs or matches(generator.prefix + s, globs))
    ]


def left_out(meta: Mapping[str, Any], source: str, generator: Generator) -> bool:
    """Out of collections (``eleventyExcludeFromCollections``), not written (``permalink: false``),
    or not tagged with the collection the site's feed is made from."""
    collection = str(generator.option("collection", ""))
    excluded = meta.get("eleventyExcludeFromCollections")
    if excluded is True or (collection and collection in strings(excluded)):
        return True
    if meta.get("permalink") is False:
        return True
    if generator.option("collection_globs"):
        return False  # the collection is made from globs (see posts), not from tags
    return bool(collection) and collection not in tags(meta, source, generator)


def tags(meta: Mapping[str, Any], source: str, generator: Generator) -> tuple[str, ...]:
    """The page's tags: its front matter's and its folders' directory data."""
    path = generator.prefix + source
    found = list(strings(meta.get("tags")))
    for folder, given in generator.option("folder_tags", ()):
        if not folder or path.startswith(folder + "/"):
            found.extend(given)
    return tuple(dict.fromkeys(found))


def reading(meta: Mapping[str, Any], source: str, title: str, generator: Generator) -> Reading:
    path = generator.prefix + source
    folder, name = posixpath.split(path)
    stem = posixpath.splitext(name)[0]
    named = posixpath.basename(folder) if stem == "index" else stem  # page.fileSlug, before its date goes
    slug = re.sub(r".*?\d{4}-\d{2}-\d{2}-", "", named, count=1) if _DATE_IN_PATH.search(named) else named
    permalink = meta.get("permalink")
    if isinstance(permalink, str):
        permalink = _rendered(permalink, slug=slug, stem="/" + (folder + "/" if folder else "") + stem, title=title)
    if isinstance(permalink, str):
        url = "/" + permalink.strip().lstrip("/")
        url = url[: -len("index.html")] if url.endswith("/index.html") else url
    elif stem == "index" or stem == posixpath.basename(folder):
        url = "/" + folder + "/" if folder else "/"
    else:
        url = "/" + (folder + "/" if folder else "") + stem + "/"
    if isinstance(meta.get("date"), str) and meta["date"].strip().lower() in _DATE_WORDS:
        return Reading(slug=slug, url=re.sub("/+", "/", url), date_word=True)
    published = None
    if meta.get("date") is None:
        found = _DATE_IN_PATH.search(path)
        published = found.group(0) if found else None
    return Reading(slug=slug, url=re.sub("/+", "/", url), published=published)


_VALUE = re.compile(r"\{\{-?\s*(page\.fileSlug|page\.filePathStem|title\s*\|\s*slugify|title\s*\|\s*slug)\s*-?\}\}")


def _rendered(permalink: str, *, slug: str, stem: str, title: str) -> str | None:
    """A permalink's common values (``{{ page.fileSlug }}``, ``{{ page.filePathStem }}``, ``{{ title |
    slugify }}``) filled in; None when it holds other template syntax (the default permalink is used)."""
    values = {"page.fileSlug": slug, "page.filePathStem": stem}

    def value(found: re.Match[str]) -> str:
        name = re.sub(r"\s+", "", found.group(1))
        return values.get(name) or slugify(title)

    rendered = _VALUE.sub(value, permalink)
    return None if "{{" in rendered or "{%" in rendered else rendered


def slugify(text: str) -> str:
    """@sindresorhus/slugify as Eleventy's slugify filter uses it: to ASCII, ``&`` as ``and``, lower case,
    runs of anything else one ``-``."""
    ascii_text = unicodedata.normalize("NFKD", text.replace("&", " and ")).encode("ascii", "ignore").decode()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text.lower()))


def address(card: Card, local: datetime.datetime, generator: Generator) -> str:
    return card.given_url or "/"


def feed_id(url: str, card: Card, local: datetime.datetime, site: Site) -> str:
    """eleventy-plugin-rss: ``post.url | htmlBaseUrl(base)`` is the id."""
    return url


RULES = Rules(detect, posts, left_out, reading, address, feed_id)

"""Jekyll's rules (_config.yml; posts in _posts/, drafts in _drafts/; permalinks; jekyll-feed's ids)."""

from __future__ import annotations

import datetime
import fnmatch
import pathlib
import posixpath
import re
import unicodedata
import urllib.parse
from collections.abc import Mapping, Sequence
from typing import Any

from feedbuilder.model import Card, Generator, Site
from feedbuilder.sources import values
from feedbuilder.sources.generators.base import Found, Reading, Rules, expand_dates, inside_content
from feedbuilder.sources.generators.reading import read_yaml, table

CONFIGS = ("_config.yml", "_config.yaml")
STYLES = {  # Jekyll's named permalink styles (configuration.rb)
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
# Jekyll's own exclusions, whatever the config says (configuration.rb): a gem's test posts under vendor/
DEFAULT_EXCLUDES = (
    ".sass-cache",
    ".jekyll-cache",
    ".ruby-lsp",
    "gemfiles",
    "Gemfile",
    "Gemfile.lock",
    "node_modules",
    "vendor/bundle",
    "vendor/cache",
    "vendor/gems",
    "vendor/ruby",
)
_POST_NAME = re.compile(r"(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^.]+)")
_SUFFIXES = (".md", ".markdown", ".html", ".htm")
DATE_TOKENS = {
    "year": "%Y",
    "month": "%m",
    "day": "%d",
    "hour": "%H",
    "minute": "%M",
    "second": "%S",
    "i_day": "%-d",
    "i_month": "%-m",
    "short_month": "%b",
    "long_month": "%B",
    "short_year": "%y",
    "y_day": "%j",
    "w_year": "%G",
    "week": "%V",
    "w_day": "%u",
    "short_day": "%a",
    "long_day": "%A",
}


def detect(root: pathlib.Path) -> Found | None:
    name = next((n for n in CONFIGS if (root / n).is_file()), None)
    if name is None:
        return None
    config, notes = read_yaml(root / name)
    source = str(config.get("source") or "").strip("/.")
    url = str(config.get("url") or "").rstrip("/")
    base = str(config.get("baseurl") or "").strip("/")
    settings: dict[str, Any] = {"articles": source or "."}
    if url:
        settings["url"] = f"{url}/{base}/" if base else f"{url}/"
    for ours, theirs in (
        ("title", "name"),
        ("title", "title"),
        ("description", "description"),
        ("timezone", "timezone"),
    ):
        if isinstance(config.get(theirs), str):
            settings[ours] = config[theirs]  # jekyll-feed's title: site.title, else site.name
    lang = config.get("lang") or config.get("locale")
    if isinstance(lang, str):
        settings["language"] = lang.replace("_", "-")
    permalink = _posts_permalink(config)
    settings["variables"] = {str(k): v for k, v in config.items()}  # {{ site.NAME }} in posts
    feed = table(config, "feed")
    if _positive(feed.get("posts_limit")):
        settings["limit"] = feed["posts_limit"]  # jekyll-feed's (its default is 10)
    options = {
        "exclude": tuple(str(e) for e in config.get("exclude") or () if isinstance(e, str)),
        "include": tuple(str(e) for e in config.get("include") or () if isinstance(e, str)),
    }
    generator = Generator(
        name="jekyll",
        root=root,
        config_file=name,
        content=source,
        permalink=STYLES.get(permalink, permalink),
        options=tuple(sorted(options.items())),
    )
    return Found(generator, settings, notes)


def _positive(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _posts_permalink(config: dict[str, Any]) -> str:
    """The posts' permalink: front matter defaults for posts, else the posts collection's, else the site's."""
    for default in config.get("defaults") or ():
        scope = default.get("scope") if isinstance(default, dict) else None
        given = default.get("values") if isinstance(default, dict) else None
        if (
            isinstance(scope, dict)
            and isinstance(given, dict)
            and isinstance(given.get("permalink"), str)
            and (scope.get("type") == "posts" or str(scope.get("path", "")).strip("/") in ("", "_posts"))
        ):
            return str(given["permalink"])
    collections = config.get("collections")
    posts = collections.get("posts") if isinstance(collections, dict) else None
    if isinstance(posts, dict) and isinstance(posts.get("permalink"), str):
        return str(posts["permalink"])
    return str(config.get("permalink") or "date")


def posts(sources: Sequence[str], generator: Generator) -> list[str]:
    """Files in a ``_posts`` folder named ``YYYY-MM-DD-slug.ext``, and every file in ``_drafts``;
    none under a folder Jekyll skips (``_``, ``.``, ``#``, ``~``) or the config excludes."""
    exclude = (*generator.option("exclude", ()), *DEFAULT_EXCLUDES)
    include = generator.option("include", ())
    found = []
    for source in sources:
        path = inside_content(source, generator)
        parts = path.split("/")
        if not path.lower().endswith(_SUFFIXES) or ("_posts" not in parts[:-1] and "_drafts" not in parts[:-1]):
            continue
        kind = "_posts" if "_posts" in parts[:-1] else "_drafts"
        if kind == "_posts" and not _POST_NAME.fullmatch(parts[-1]):
            continue
        special = [p for p in parts if p not in ("_posts", "_drafts")]
        if any(_skipped(p) and p not in include for p in special):
            continue
        if any(_excluded(path, pattern) for pattern in exclude):
            continue
        found.append(source)
    return found


def _skipped(name: str) -> bool:
    return name.startswith((".", "_", "#", "~")) or name.endswith("~")


def _excluded(path: str, pattern: str) -> bool:
    pattern = pattern.strip("/")
    return path == pattern or path.startswith(pattern + "/") or fnmatch.fnmatch(path, pattern)


def left_out(meta: Mapping[str, Any], source: str, generator: Generator) -> bool:
    return meta.get("published") is False


def reading(meta: Mapping[str, Any], source: str, title: str, generator: Generator) -> Reading:
    path = inside_content(source, generator)
    parts = path.split("/")
    draft = "_drafts" in parts[:-1]
    stem = posixpath.splitext(parts[-1])[0]
    named = _POST_NAME.fullmatch(parts[-1])
    raw = str(meta["slug"]) if meta.get("slug") is not None else (named.group(2) if named else stem).rstrip(".")
    kind = "_drafts" if draft else "_posts"
    folders = parts[: parts.index(kind)] if kind in parts else []  # a page brought in by include: no categories
    written = meta.get("category") if meta.get("category") is not None else meta.get("categories")
    given = written.split() if isinstance(written, str) else [str(c) for c in written or ()]
    categories = tuple(dict.fromkeys([*folders, *given]))
    written_pattern = meta.get("permalink")
    pattern = written_pattern if isinstance(written_pattern, str) else generator.permalink
    pattern = STYLES.get(pattern, pattern)
    named_tokens = {
        "title": slugify(raw, pretty=True),
        "slug": slugify(raw),
        "name": slugify(stem),
        "categories": "/".join(c.lower() for c in categories),
        "slugified_categories": "/".join(slugify(c) for c in categories),
        "output_ext": ".html",
        "path": path,
        "basename": stem,
    }
    url = re.sub(
        r":([a-z_]+)",
        lambda m: escape_path(named_tokens[m.group(1)]) if m.group(1) in named_tokens else m.group(0),
        pattern,
    )
    # the name's date when the front matter gives none (its month and day may be one digit: 2023-1-5)
    published = named.group(1) if named and meta.get("date") is None else None
    return Reading(slug=raw, url=url, draft=draft, categories=categories, published=published)


def address(card: Card, local: datetime.datetime, generator: Generator) -> str:
    url = expand_dates(card.given_url or "", local, DATE_TOKENS)
    url = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub("/+", "/", url)


def feed_id(url: str, card: Card, local: datetime.datetime, site: Site) -> str:
    """jekyll-feed's ``post.id | absolute_url``: the address's folder and the raw slug, no suffix, no slash."""
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    base = urllib.parse.urlsplit(site.url).path.rstrip("/")
    inside = path[len(base) :] if path.startswith(base) else path
    folder = posixpath.dirname(inside.rstrip("/")) or "/"
    return values.join_url(site.url, posixpath.join(folder, card.slug or "").lstrip("/"))


def slugify(text: str, *, pretty: bool = False) -> str:
    """Jekyll's slugify: 'default' mode lower-cased; 'pretty' (for :title) keeping case and ``._~!$&'()+,;=@``."""
    kept = "._~!$&'()+,;=@" if pretty else ""
    out: list[str] = []
    for char in text:
        if char in kept or unicodedata.category(char)[0] in "LM" or unicodedata.category(char) == "Nd":
            out.append(char)
        elif not out or out[-1] != "-":
            out.append("-")
    slug = "".join(out).strip("-")
    return slug if pretty else slug.lower()


def escape_path(value: str) -> str:
    """Jekyll's URL.escape_path: kept as is when plain, else percent-encoded (``#`` too)."""
    if not value or re.fullmatch(r"[a-zA-Z0-9./-]+", value):
        return value
    return urllib.parse.quote(value, safe="/!$&'()*+,;=:@-._~").replace("#", "%23")


RULES = Rules(detect, posts, left_out, reading, address, feed_id)

"""Hugo's rules (hugo.toml or config.*; sections, bundles, _index.md, build options; its RSS guids)."""

from __future__ import annotations

import datetime
import pathlib
import posixpath
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from feedbuilder.model import Card, Generator, Site
from feedbuilder.sources.generators.base import Found, Reading, Rules, expand_dates, inside_content
from feedbuilder.sources.generators.reading import read_any, table

CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json")
_HUGO_KEYS = ("baseurl", "contentdir", "languagecode", "theme", "permalinks", "defaultcontentlanguage", "publishdir")
_SUFFIXES = (".md", ".markdown", ".html", ".htm")
_INDEX = re.compile(r"index(\.[a-z]{2,3}(?:-[a-z0-9]+)?)?\.(md|markdown|html|htm)", re.IGNORECASE)
DATE_TOKENS = {
    "year": "%Y",
    "month": "%m",
    "monthname": "%B",
    "day": "%d",
    "weekday": "%w",
    "weekdayname": "%A",
    "yearday": "%j",
}


def detect(root: pathlib.Path) -> Found | None:
    for name in (*CONFIGS, *(f"config/_default/{n}" for n in CONFIGS)):
        path = root / name
        if not path.is_file():
            continue
        config, notes = read_any(path)
        config = {str(k).lower(): v for k, v in config.items()}
        if name.startswith("config/"):  # a config folder: each other file is one of its keys
            for other in sorted(path.parent.iterdir()):
                key = other.stem.lower()
                if other != path and other.suffix in (".toml", ".yaml", ".yml", ".json") and key not in config:
                    value, more = read_any(other)
                    config[key], notes = value, notes + more
        elif name.startswith("config.") and ("base_url" in config or not any(key in config for key in _HUGO_KEYS)):
            continue  # another generator's config.toml (Zola's has base_url, and may have a theme)
        return _found(root, name, config, notes)
    return None


def _content_folder(root: pathlib.Path, config: dict[str, Any], language: str, notes: list[str]) -> str:
    """The default language's content folder: its ``contentDir``, a module mount of a folder onto
    ``content``, else ``content/<language>`` when the site has several languages and that folder."""
    languages = table(config, "languages")
    own = {str(k).lower(): v for k, v in (languages.get(language) or {}).items()} if language else {}
    if own.get("contentdir") or config.get("contentdir"):
        return str(own.get("contentdir") or config.get("contentdir")).strip("/")
    for mount in table(config, "module").get("mounts") or ():
        if (
            isinstance(mount, dict)
            and mount.get("target") == "content"
            and isinstance(mount.get("source"), str)
            and mount.get("lang") in (None, language)
            and "sites" not in mount
        ):
            return str(mount["source"]).strip("/")
    if len(languages) > 1 and language and (root / "content" / language).is_dir():
        notes.append(f"the {language} pages taken from content/{language}/ (one folder per language)")
        return f"content/{language}"
    return "content"


def _found(root: pathlib.Path, name: str, config: dict[str, Any], notes: list[str]) -> Found:
    language = str(config.get("defaultcontentlanguage") or "")
    languages = table(config, "languages")
    own = {str(k).lower(): v for k, v in (languages.get(language) or {}).items()} if language else {}
    content = _content_folder(root, config, language, notes)
    settings: dict[str, Any] = {"articles": content}
    if isinstance(config.get("baseurl"), str) and config["baseurl"].startswith("http"):
        settings["url"] = config["baseurl"]
    title = own.get("title") or config.get("title")
    if isinstance(title, str):
        settings["title"] = title
    code = own.get("languagecode") or own.get("locale") or config.get("languagecode") or language
    if isinstance(code, str) and code:
        settings["language"] = code.replace("_", "-")
    zone = own.get("timezone") or config.get("timezone")
    if isinstance(zone, str) and zone:
        settings["timezone"] = zone
    params = table(config, "params")
    if params:
        settings["variables"] = {"params": params}  # {{< param NAME >}} in pages
    if isinstance(params.get("description"), str):
        settings["description"] = params["description"]
    limit = table(table(config, "services"), "rss").get("limit") or config.get("rsslimit")
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        settings["limit"] = limit
    permalinks = table(config, "permalinks")
    if isinstance(permalinks.get("page"), dict):
        permalinks = permalinks["page"]
    options = {
        "permalinks": tuple(sorted((str(k), str(v)) for k, v in permalinks.items() if isinstance(v, str))),
        "ugly": bool(config.get("uglyurls")),
        "cased": bool(config.get("disablepathtolower")),
        # other languages' pages by their file name (post.fr.md) belong to those languages' feeds
        "language": language.lower(),
        "other_languages": tuple(sorted(str(k).lower() for k in languages if str(k).lower() != language.lower())),
    }
    generator = Generator(
        name="hugo", root=root, config_file=name, content=content, options=tuple(sorted(options.items()))
    )
    return Found(generator, settings, notes)


def posts(sources: Sequence[str], generator: Generator) -> list[str]:
    """Regular pages: no ``_index`` (a section's list page), and in a leaf bundle (a folder with an
    ``index.md``) only that file: the others beside or below it are its resources."""
    paths = {source: inside_content(source, generator) for source in sources}
    bundles = {posixpath.dirname(p) for p in paths.values() if _INDEX.fullmatch(posixpath.basename(p))}
    found = []
    for source, path in paths.items():
        name = posixpath.basename(path)
        if not name.lower().endswith(_SUFFIXES) or name.startswith("_index."):
            continue
        parts = name.split(".")
        if len(parts) > 2 and parts[-2].lower() in generator.option("other_languages", ()):
            continue
        folder = posixpath.dirname(path)
        if _INDEX.fullmatch(name):
            folder = posixpath.dirname(folder)  # its own bundle is itself; a bundle above makes it a resource
        if _in_bundle(folder, bundles):
            continue
        found.append(source)
    return found


def _in_bundle(folder: str, bundles: set[str]) -> bool:
    while folder:
        if folder in bundles:
            return True
        folder = posixpath.dirname(folder)
    return "" in bundles


def left_out(meta: Mapping[str, Any], source: str, generator: Generator) -> bool:
    """Headless bundles, ``build: {list: never|local}`` or ``{render: never}``, and expired pages."""
    lower = {str(k).lower(): v for k, v in meta.items()}
    if lower.get("headless") is True:
        return True
    build = lower.get("build") if isinstance(lower.get("build"), dict) else lower.get("_build")
    if isinstance(build, dict):
        options = {str(k).lower(): v for k, v in build.items()}
        if options.get("list") in ("never", "local", False) or options.get("render") in ("never", False):
            return True
    expiry = lower.get("expirydate") or lower.get("unpublishdate")
    if expiry is not None:
        from feedbuilder.sources import dates

        try:
            when = dates.parse_loose(expiry, tz=datetime.UTC)[0]
        except ValueError:
            return False
        return when <= datetime.datetime.now(datetime.UTC)
    return False


def reading(meta: Mapping[str, Any], source: str, title: str, generator: Generator) -> Reading:
    lower = {str(k).lower(): v for k, v in meta.items()}
    path = inside_content(source, generator)
    folders, name = posixpath.split(path)
    stem = posixpath.splitext(name)[0]
    if _INDEX.fullmatch(name):
        folders, stem = posixpath.split(folders)
    language = str(generator.option("language", ""))
    if language and stem.lower().endswith("." + language):  # post.en.md, in its own language: post
        stem = stem[: -len(language) - 1]
    cased = bool(generator.option("cased"))
    slug = str(lower["slug"]).strip("-") if lower.get("slug") is not None else None
    # the RSS template's .PublishDate: publishDate (or its aliases), else date, else lastmod
    keys = ("publishdate", "pubdate", "published", "date", "lastmod", "modified")
    published = next((lower[k] for k in keys if _is_date(lower.get(k))), None)
    if isinstance(lower.get("url"), str) and lower["url"].strip():
        url = "/" + lower["url"].strip().lstrip("/")
        if url.endswith("/") or "." not in posixpath.basename(url):
            url = url.rstrip("/") + "/"
        return Reading(slug=slug, url=url, published=published)
    sections = [sanitize(part, cased) for part in folders.split("/") if part]
    section = folders.split("/")[0] if folders else ""
    pattern = dict(generator.option("permalinks", ())).get(section)
    base = sanitize(slug if slug is not None else stem, cased)
    if pattern:
        words = {
            "slug": sanitize(slug or title, cased),
            "title": sanitize(title, cased),
            "section": sections[0] if sections else "",
            "sectionslug": sections[0] if sections else "",
            "sections": "/".join(sections),
            "sectionslugs": "/".join(sections),
            "filename": sanitize(stem, cased),
            "contentbasename": sanitize(stem, cased),
            "slugorfilename": base,
            "slugorcontentbasename": base,
        }
        url = re.sub(r":([a-z]+)", lambda m: words.get(m.group(1), m.group(0)), pattern)
        url = "/" + url.lstrip("/")
        if generator.option("ugly") and url.endswith("/"):
            url = url.rstrip("/") + ".html"
    elif generator.option("ugly"):
        url = "/" + "/".join([*sections, base]) + ".html"
    else:
        url = "/" + "/".join([*sections, base]) + "/"
    return Reading(slug=slug, url=re.sub("/+", "/", url), published=published)


def _is_date(value: object) -> bool:
    return value is not None and not isinstance(value, bool)


def sanitize(text: str, cased: bool = False) -> str:
    """Hugo's MakePathSanitized: letters, digits, marks and ``./\\_#+~-@`` kept, spaces to ``-``, the
    rest dropped; lower-cased unless ``disablePathToLower``."""
    out: list[str] = []
    space = False
    for char in text.strip():
        if char.isspace():
            space = True
            continue
        if space and out:
            out.append("-")
        space = False
        if char in "./\\_#+~-@%" or unicodedata.category(char)[0] in "LMN":
            out.append(char)
    slug = "".join(out)
    return slug if cased else slug.lower()


def address(card: Card, local: datetime.datetime, generator: Generator) -> str:
    return expand_dates(card.given_url or "/", local, DATE_TOKENS)


def feed_id(url: str, card: Card, local: datetime.datetime, site: Site) -> str:
    """Hugo's RSS guid is the page's permalink."""
    return url


RULES = Rules(detect, posts, left_out, reading, address, feed_id)

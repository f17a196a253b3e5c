"""feedbuilder.yaml -> a checked, complete :class:`Site`."""

from __future__ import annotations

import dataclasses
import difflib
import errno
import os
import pathlib
import re
import stat
import urllib.parse
from collections.abc import Callable, Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from feedbuilder.errors import ConfigError, Problem, shown_path
from feedbuilder.model import GENERATOR_NAMES, TAXONOMIES, FeedFormat, FeedKind, FeedOptions, Generator, Podcast, Site
from feedbuilder.sources import values
from feedbuilder.sources.frontmatter import FrontMatterError, load_yaml_mapping
from feedbuilder.sources.generators import NAMES, Found, ruling
from feedbuilder.sources.generators import detect as site_generators
from feedbuilder.sources.values import BadValue

CONFIG_NAME = "feedbuilder.yaml"

KNOWN_KEYS = (
    "title",
    "url",
    "description",
    "language",
    "author",
    "timezone",
    "articles",
    "output",
    "feed_url",
    "permalink",
    "limit",
    "content",
    "id_authority",
    "formats",
    "taxonomies",
    "podcast",
    "hub",
    "max_bytes",
    "archive",
    "pages",
    "stylesheet",
    "ids",
    "generator",
    "exclude",
    "include",
    "variables",
)
PERMALINK_FIELDS = ("year", "month", "day", "slug", "category")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
_AUTHORITY = re.compile(
    r"([a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*|[^@\s,]+@[^@\s,]+),\d{4}(-\d{2}(-\d{2})?)?"
)


@dataclasses.dataclass(frozen=True)
class Overrides:
    """Command-line flags that win over the config file."""

    articles: pathlib.Path | None = None
    output: pathlib.Path | None = None
    base_url: str | None = None
    limit: int | None = None


def load_site(path: pathlib.Path, overrides: Overrides = Overrides()) -> Site:
    """Read and check the config file; every problem is reported at once.  Without one, in the root of
    another generator's site, that site's own config (sources/generators/) is read instead."""
    shown = shown_path(path)
    generators_config = path.name in site_generators.CONFIG_NAMES  # --config _config.yml: that site's
    if (path.name == CONFIG_NAME and not path.exists()) or generators_config:
        found = site_generators.detect(path.parent)
        if found is not None:
            config = path.parent / found.generator.config_file
            data = _served_at(found, _generator_defaults(found))
            return site_from_mapping(data, path=config, overrides=overrides, generator=_noted(found))
    try:
        raw_text = _read_config(path)
    except FileNotFoundError:
        raise ConfigError(
            Problem(
                path=shown,
                message="no config file here",
                hint="run 'feedbuilder init' to write one, or pass --config FILE",
            )
        ) from None
    except OSError as exc:
        raise ConfigError(Problem(path=shown, message=f"cannot read the config: {exc.strerror}")) from None
    try:
        text_ = raw_text.decode("utf-8-sig").replace("\r\n", "\n")
        data, lines = load_yaml_mapping(text_, path=shown)
    except UnicodeDecodeError as exc:
        raise ConfigError(
            Problem(path=shown, message=f"byte {exc.start} is not UTF-8", hint="save the file as UTF-8")
        ) from None
    except FrontMatterError as exc:
        raise ConfigError(
            dataclasses.replace(exc.problem, message=exc.problem.message.replace("front matter", "config"))
        ) from None
    found = _named_generator(data, path.parent)
    if found is not None:
        if "permalink" in data:
            found.notes.append(
                f"{shown}:{lines.get('permalink', 1)}: permalink: not used: addresses are made as "
                f"{found.generator.name} makes them (write 'generator: none' to use it)"
            )
        data = _served_at(found, {**_generator_defaults(found), **data})  # feedbuilder.yaml wins key by key
    return site_from_mapping(
        data, lines=lines, path=path, overrides=overrides, generator=_noted(found) if found else None
    )


def _served_at(found: Found, data: dict[str, Any]) -> dict[str, Any]:
    """Feeds written to feeds/ in the site's root are published with the site at <url>/feeds/."""
    url = data.get("url")
    if "feed_url" in data or data.get("output") != "feeds" or not isinstance(url, str):
        return data
    return {**data, "feed_url": url.rstrip("/") + "/feeds/"}


def _noted(found: Found) -> Generator:
    return dataclasses.replace(found.generator, notes=tuple(found.notes))


def _named_generator(data: Mapping[str, Any], folder: pathlib.Path) -> Found | None:
    """The generator feedbuilder.yaml names (``generator: hugo``), else the one found in its folder;
    none with ``generator: none`` (or a name that is not one: site_from_mapping says so)."""
    name = data.get("generator")
    name = name.lower() if isinstance(name, str) else name
    if name is False or name == "none" or (name is not None and name not in NAMES):
        return None  # (site_from_mapping says what is wrong with a name)
    return site_generators.detect(folder, name, defaults=False)


def _generator_defaults(found: Found) -> dict[str, Any]:
    """What another generator's config says, in our keys; our feeds in a folder of their own, and the
    ids its feeds gave (article addresses)."""
    settings = {"output": "feeds", "ids": "url", **found.settings}
    if "title" not in settings and isinstance(settings.get("url"), str):  # Astro keeps it in its own code
        settings["title"] = urllib.parse.urlsplit(settings["url"]).hostname or settings["url"]
    return settings


MAX_CONFIG_BYTES = 1_000_000


def _read_config(path: pathlib.Path) -> bytes:
    """The config file's bytes: a regular file of at most MAX_CONFIG_BYTES, checked before it is read
    (``--config /dev/zero`` or a FIFO would fill memory or wait for ever)."""
    handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    try:
        found = os.fstat(handle)
        if stat.S_ISDIR(found.st_mode):
            raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
        if not stat.S_ISREG(found.st_mode):
            raise ConfigError(Problem(path=shown_path(path), message="is not a regular file", hint="pass a file"))
        if found.st_size > MAX_CONFIG_BYTES:
            raise ConfigError(
                Problem(
                    path=shown_path(path),
                    message=f"is {found.st_size:,} bytes, over the {MAX_CONFIG_BYTES:,} byte limit of a config",
                    hint="is this the right file?",
                )
            )
        data = os.read(handle, MAX_CONFIG_BYTES + 1)
        return data[:MAX_CONFIG_BYTES]
    finally:
        os.close(handle)


def site_from_mapping(
    data: Mapping[str, Any],
    *,
    lines: Mapping[str, int] | None = None,
    path: pathlib.Path | None = None,
    overrides: Overrides = Overrides(),
    generator: Generator | None = None,
) -> Site:
    """Check a config mapping and complete it with defaults (pure).  ``generator``: the site generator
    whose folder this is, if any (its settings are already in ``data``)."""
    lines = lines or {}
    shown = shown_path(path) if path else CONFIG_NAME
    problems: list[Problem] = []
    folder = path.parent if path else pathlib.Path(".")

    def where(key: str, message: str, hint: str | None) -> None:
        problems.append(Problem(path=shown, line=lines.get(key), field=key, message=message, hint=hint))

    for key in data:
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(KNOWN_KEYS)}"
            where(key, "unknown key", hint)

    def get(key: str, convert: Callable[[Any], Any], default: Any = None) -> Any:
        if key not in data or data[key] is None:
            return default
        try:
            return convert(data[key])
        except BadValue as exc:
            where(key, exc.message, exc.hint)
            return default

    if overrides.base_url:
        site_url = _folder_url(_checked_override(overrides.base_url, where))
        feed_url = site_url
    else:
        if data.get("url") is None:
            where("url", "missing", "add 'url: https://example.org/' (your site's home page)")
        site_url = _folder_url(get("url", _site_url, "https://example.invalid/"))
        feed_url = _folder_url(get("feed_url", _site_url, site_url))
    title = get("title", _plain_title, "")
    if data.get("title") is None:
        where("title", "missing", "add 'title: My Site'")
    site = Site(
        title=title,
        url=site_url,
        description=get("description", values.text, "") or title,
        language=get("language", _language),
        author=get("author", values.author),
        timezone=get("timezone", _timezone, ZoneInfo("UTC")),
        articles_dir=overrides.articles or folder / get("articles", values.text, "articles"),
        output_dir=overrides.output or folder / get("output", values.text, "public"),
        feed_url=feed_url,
        permalink=get("permalink", _permalink, "/{slug}/"),
        limit=overrides.limit if overrides.limit is not None else get("limit", _limit, 50),
        content=get("content", _content_mode, "full"),
        id_authority=get("id_authority", _id_authority),
        formats=get("formats", _formats, ("rss", "atom", "json")),
        podcast=get("podcast", _podcast),
        hubs=get("hub", _hubs, ()),
        max_bytes=get("max_bytes", _max_bytes, 1_000_000),
        archive=get("archive", values.boolean, False),
        pages=get("pages", values.boolean, False),
        stylesheet=get("stylesheet", _stylesheet, "css"),
        ids=get("ids", _id_scheme, "tag"),
        config_path=path,
        exclude=get("exclude", _globs, ()),
        include=get("include", _globs, ()),
        variables=get("variables", _variables, {}),
    )
    named = get("generator", _generator)
    if generator is None and named not in (None, "none"):  # named, with no config of it read: its defaults
        generator = site_generators.named(named, folder)
    if generator is not None:
        generator = dataclasses.replace(generator, prefix=site_generators.prefix(generator, site.articles_dir))
        site = dataclasses.replace(site, generator=generator)
    # Per-name feeds repeat the site feed's articles many times over: summaries keep them small (and quick)
    defaults = FeedOptions(content="summary", limit=site.limit)
    site = dataclasses.replace(
        site, taxonomies=get("taxonomies", lambda v: _taxonomies(v, defaults), dict.fromkeys(TAXONOMIES, defaults))
    )
    if not problems:
        problems.extend(folder_problems(site, lines=lines, shown=shown))
    if problems:
        raise ConfigError(problems)
    return site


def _globs(value: object) -> tuple[str, ...]:
    return tuple(values.string_list(value))


def _site_url(value: object) -> str:
    """An absolute http(s) URL with no user, password, query or fragment: feed and article addresses are
    made by appending to it."""
    url = values.absolute_url(value)
    parts = urllib.parse.urlsplit(url)
    for present, what in (
        (parts.username is not None, "a user name"),
        (parts.query, "a query"),
        (parts.fragment, "a fragment"),
    ):
        if present:
            raise BadValue(
                f"{values.show(url)} has {what}",
                f"write the site's address alone: {parts.scheme}://{parts.hostname}{parts.path or '/'}",
            )
    return url


_MARKUP = re.compile(r"<[A-Za-z/!?]|&[#A-Za-z0-9]+;")


def _plain_title(value: object) -> str:
    """The site's title: plain text, not HTML (feeds carry it as text: tags would show as written)."""
    title = values.text(value)
    if _MARKUP.search(title):
        raise BadValue(f"{values.show(title)} holds HTML", "write the title as plain text, without tags or entities")
    if title and not values.visible(title):
        raise BadValue(f"{values.show(title)} has no visible characters", "write a title readers can see")
    return " ".join(title.split())


# Folders where a generator keeps its sources, by a file that marks the generator's site folder: the
# output folder is refused there (feeds written among the articles would be read again, or overwrite them).
GENERATOR_SOURCES = {
    "_config.yml": ("_posts", "_drafts", "_layouts", "_includes", "_data", "_sass"),  # Jekyll
    "hugo.toml": ("content", "layouts", "archetypes", "data", "themes", "assets", "i18n"),  # Hugo
    "hugo.yaml": ("content", "layouts", "archetypes", "data", "themes", "assets", "i18n"),
    "config.toml": ("content", "layouts", "templates", "themes", "sass"),  # Hugo (old name) or Zola
    "pelicanconf.py": ("content", "theme", "themes"),  # Pelican
    "astro.config.mjs": ("src",),  # Astro
    "eleventy.config.js": ("_includes", "_data", "src"),  # Eleventy
    ".eleventy.js": ("_includes", "_data", "src"),
}


def folder_problems(site: Site, *, lines: Mapping[str, int] | None = None, shown: str = CONFIG_NAME) -> list[Problem]:
    """The articles and output folders where they may not be: the file system's root, the home folder,
    one inside the other (the feeds would be read as articles), the output in a generator's sources."""
    lines = lines or {}
    articles, output = site.articles_dir.resolve(), site.output_dir.resolve()
    found: list[Problem] = []

    def refuse(key: str, message: str, hint: str) -> None:
        found.append(Problem(path=shown, line=lines.get(key), field=key, message=message, hint=hint))

    home = _home()
    for key, where in (("articles", articles), ("output", output)):
        if where == pathlib.Path(where.anchor):
            refuse(key, f"{where} is the file system's root", f"name a folder of its own, e.g. {key}: {key}")
        elif home is not None and where == home:
            refuse(key, f"{where} is the home folder", f"name a folder of its own, e.g. {key}: {key}")
    if found:
        return found
    for marker, folders in GENERATOR_SOURCES.items():
        if output.name in folders and (output.parent / marker).is_file():
            refuse(
                "output",
                f"{shown_path(site.output_dir)} is where a generator keeps its sources ({marker} is beside it)",
                "write the feeds to a folder of their own, e.g. output: public",
            )
    if found:  # the more telling reason: the output among a generator's sources (often also the articles)
        return found
    if output == articles or (output.is_relative_to(articles) and ruling(site) is None):
        # (a generator's site chooses its posts by its rules, and never from our output: feeds/ at a Jekyll
        # site's root, which is its articles folder, is fine)
        relation = "is" if output == articles else "is inside"
        refuse(
            "output",
            f"{shown_path(site.output_dir)} {relation} the articles folder {shown_path(site.articles_dir)}",
            "write the feeds elsewhere (output: public beside the articles folder), or narrow 'articles' to the "
            "folder that holds the articles (articles: _posts)",
        )
    elif articles.is_relative_to(output):
        refuse(
            "articles",
            f"{shown_path(site.articles_dir)} is inside the output folder {shown_path(site.output_dir)}",
            "keep the articles out of the folder feedbuilder writes",
        )
    return found


def _home() -> pathlib.Path | None:
    try:
        return pathlib.Path.home().resolve()
    except (RuntimeError, KeyError, OSError):
        return None


def _checked_override(url: str, where: Callable[[str, str, str | None], None]) -> str:
    try:
        return values.absolute_url(url)
    except BadValue as exc:
        where("url", f"--base-url {exc.message}", exc.hint)
        return "https://example.invalid/"


def _folder_url(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _language(value: object) -> str:
    lang = values.text(value, what="a language")
    if not _LANGUAGE.fullmatch(lang):
        fixed = lang.replace("_", "-")
        hint = f"write '{fixed}'" if _LANGUAGE.fullmatch(fixed) else "write a BCP 47 tag such as en or en-GB"
        raise BadValue(f"{values.show(lang)} is not a language tag", hint)
    return lang


def _timezone(value: object) -> ZoneInfo:
    name = values.text(value, what="a time zone")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise BadValue(
            f"{values.show(name)} is not a time zone", "write an IANA name such as Europe/Berlin or UTC"
        ) from None


def _permalink(value: object) -> str:
    pattern = values.text(value, what="a permalink pattern")
    for name in re.findall(r"\{([^}]*)\}", pattern):
        if name not in PERMALINK_FIELDS:
            raise BadValue(f"unknown placeholder {{{name}}}", "use {year}, {month}, {day}, {slug} and {category}")
    if "{slug}" not in pattern:
        raise BadValue(f"{values.show(pattern)} has no {{slug}}", "articles would share one address: include {slug}")
    return pattern


def _limit(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise BadValue(f"{values.show(value)} is not a positive whole number", "write limit: 50")
    return value


def _content_mode(value: object) -> str:
    mode = values.text(value, what="full or summary")
    if mode not in ("full", "summary"):
        raise BadValue(f"{values.show(mode)} is not full or summary", "write content: full")
    return mode


def _id_authority(value: object) -> str:
    authority = values.text(value, what="an id authority")
    if not _AUTHORITY.fullmatch(authority):
        raise BadValue(
            f"{values.show(authority)} is not DOMAIN,YEAR",
            "write a lower-case domain or e-mail you owned on a date, then that date: example.org,2026",
        )
    return authority


def _formats(value: object) -> tuple[FeedFormat, ...]:
    names = values.string_list(value)
    unknown = [n for n in names if n not in ("rss", "atom", "json")]
    if unknown or not names:
        raise BadValue(
            f"{values.show(unknown[0] if unknown else value)} is not a feed format", "write formats: [rss, atom, json]"
        )
    return tuple(n for n in ("rss", "atom", "json") if n in names)


def _taxonomies(value: object, defaults: FeedOptions) -> dict[FeedKind, FeedOptions]:
    """``[tags, authors]``, or a mapping of each to ``{content: summary, limit: 20}``; ``false`` for none."""
    if value is False:
        return {}
    mapping = value if isinstance(value, dict) else dict.fromkeys(values.string_list(value))
    chosen: dict[FeedKind, FeedOptions] = {}
    for name, given in mapping.items():
        if name not in TAXONOMIES:
            raise BadValue(f"{values.show(name)} is not a taxonomy", "use tags, categories and authors")
        if given is not None and not isinstance(given, dict):
            raise BadValue(f"{values.show(given)} is not a mapping", "write tags: {content: summary, limit: 20}")
        options = given or {}
        extra = sorted(set(options) - {"content", "limit"})
        if extra:
            raise BadValue(f"unknown key {values.show(extra[0])} for {name}", "use content and limit")
        content = _content_mode(options["content"]) if "content" in options else defaults.content
        limit = _limit(options["limit"]) if "limit" in options else defaults.limit
        chosen[name] = FeedOptions(content=content, limit=limit)  # type: ignore[arg-type]
    return {kind: chosen[kind] for kind in TAXONOMIES if kind in chosen}


def _podcast(value: object) -> Podcast:
    hint = "write podcast: {owner: {name: ..., email: ...}, category: Technology, explicit: false, artwork: https://.../art.jpg}"
    if not isinstance(value, dict):
        raise BadValue(f"{values.show(value)} is not a mapping", hint)
    missing = [k for k in ("owner", "category", "explicit", "artwork") if k not in value]
    if missing:
        raise BadValue(f"podcast needs {', '.join(missing)}", hint)
    owner = values.author(value["owner"])
    if not owner.email:
        raise BadValue("the podcast owner needs an e-mail address", "write owner: {name: ..., email: ...}")
    artwork = values.absolute_url(value["artwork"])
    if not artwork.lower().split("?")[0].endswith((".jpg", ".jpeg", ".png")):
        raise BadValue(
            f"artwork {values.show(artwork)} is not a .jpg or .png", "podcast directories take JPEG or PNG art"
        )
    return Podcast(
        owner=owner,
        category=values.text(value["category"]),
        explicit=values.boolean(value["explicit"]),
        artwork=artwork,
    )


def _hubs(value: object) -> tuple[str, ...]:
    return tuple(values.absolute_url(v) for v in (value if isinstance(value, list) else [value]))


def _max_bytes(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 10_000:
        raise BadValue(
            f"{values.show(value)} is too small or not a number", "write max_bytes: 1000000 (at least 10000)"
        )
    return value


def _stylesheet(value: object) -> str | None:
    """``stylesheet``: css (the default), xslt, or false; true means css."""
    if isinstance(value, bool) or value is None:
        return "css" if value else None
    if value in ("css", "xslt"):
        return str(value)
    raise BadValue(f"{values.show(value)} is not css, xslt or false", "write stylesheet: css, or false to leave it out")


def _id_scheme(value: object) -> str:
    scheme = values.text(value, what="an id scheme")
    if scheme not in ("tag", "url"):
        raise BadValue(
            f"{values.show(scheme)} is not tag or url",
            "write ids: url to keep the article-URL ids of jekyll-feed or Hugo, else leave it out",
        )
    return scheme


def _generator(value: object) -> str:
    if value is False:
        return "none"
    name = values.text(value, what="a generator").lower()
    if name not in (*GENERATOR_NAMES, "none"):  # 'none': no generator's rules, even where a config of one is
        raise BadValue(f"{values.show(name)} is not a generator I know", f"write one of {', '.join(GENERATOR_NAMES)}")
    return name


def _variables(value: object) -> dict[str, object]:
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise BadValue(f"{values.show(value)} is not a mapping", "write variables: {repository: jekyll/jekyll}")
    return dict(value)

"""The address of a post that another post links to (``{% post_url %}``, ``{{< relref >}}``,
``{filename}``), as the site's generator makes it: the linked file found and its front matter read."""

from __future__ import annotations

import datetime
import pathlib
from typing import Any

from feedbuilder.model import Card, Site
from feedbuilder.sources import dates
from feedbuilder.sources.frontmatter import FrontMatterError, split
from feedbuilder.sources.generators import path_date, rules, ruling
from feedbuilder.sources.values import BadValue

_SUFFIXES = ("", ".md", ".markdown", ".html", ".htm", ".rst")
_MAX_BYTES = 1_000_000  # a linked file is read for its front matter only


def linked_card(site: Site, target: str) -> tuple[Card, datetime.datetime] | None:
    """A card of the file ``target`` names (its path, a post's name, with or without its suffix) and its
    date, as its generator reads them; None when the site has no generator's rules or no such file."""
    generator = ruling(site)
    if generator is None:
        return None
    found = _find(site, target.strip().strip("/"))
    if found is None:
        return None
    source, meta = found
    title = str(meta.get("title") or meta.get("Title") or "")
    reading = rules(generator.name).reading(meta, source, title, generator)
    written = meta.get("date") if reading.published is None else reading.published
    when = _date(written, site) or _date(path_date(reading.url, source), site) or _name_date(source, site)
    card = Card(
        source=source,
        published=None,
        updated=None,
        given_id=None,
        given_url=reading.url,
        slug=reading.slug,
        draft=False,
        tags=(),
        categories=reading.categories or (),
        authors=(),
        digest="",
        title_key="",
        file_hash=b"",
        measured=False,
    )
    return card, when or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)


def _find(site: Site, target: str) -> tuple[str, dict[str, Any]] | None:
    """The file's path inside the articles folder, and its front matter."""
    root = site.articles_dir
    generator = ruling(site)
    content = generator.root / generator.content if generator is not None else root
    places = [root / target, root / "_posts" / target, content / target]
    places += sorted(root.glob(f"**/_posts/{target}*"))[:1] if "*" not in target and "[" not in target else []
    for place in places:
        for suffix in _SUFFIXES:
            path = place.with_name(place.name + suffix) if suffix else place
            if path.is_file():
                try:
                    source = path.resolve().relative_to(root.resolve()).as_posix()
                except ValueError:
                    continue
                return source, _front_matter(path)
    return None


def _front_matter(path: pathlib.Path) -> dict[str, Any]:
    try:
        text = path.read_bytes()[:_MAX_BYTES].decode("utf-8-sig", "replace").replace("\r\n", "\n")
        meta = split(text, path=str(path)).meta
    except (OSError, FrontMatterError):
        return {}
    if meta:
        return meta
    from feedbuilder.sources import pelican  # Pelican's metadata header, when the file has no front matter

    header = pelican.metadata_header(text, name=path.stem)
    return header.meta if header is not None else {}


def _date(value: object, site: Site) -> datetime.datetime | None:
    if value is None:
        return None
    try:
        return dates.parse_loose(value, tz=site.timezone)[0]
    except BadValue:
        return None


def _name_date(source: str, site: Site) -> datetime.datetime | None:
    name = source.rsplit("/", 1)[-1]
    return _date(name[:10], site) if len(name) > 10 and name[4] == "-" and name[7] == "-" else None

"""``feedbuilder explain ARTICLE``: every field of one article as the feeds carry it, and where it came from."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Mapping
from xml.sax.saxutils import escape

import feedbuilder.build as pipeline
from feedbuilder.errors import FeedbuilderError, Problem, Report, shown_path
from feedbuilder.model import Article, Author, Site
from feedbuilder.render.entries import to_entry
from feedbuilder.sources.dates import rfc3339


def explain(
    site: Site, target: pathlib.Path, options: pipeline.Options, *, built: Mapping[str, bytes] | None = None
) -> list[str]:
    """Lines describing the article at ``target`` after the whole folder has been read, and the feed
    files that carry it as a build would write them (after drafts, dates, limits and byte budgets).

    ``built``: the files of a build with these options, when the caller has them (else one is made)."""
    report = Report()
    wanted = target.resolve()
    try:
        source = wanted.relative_to(site.articles_dir.resolve()).as_posix()
    except ValueError:
        source = ""
    loaded = pipeline.load_article(site, source, report=report, options=options) if source else None
    article = loaded.articles[0] if loaded and loaded.articles else None
    if article is None:
        own = [p for p in report.errors if p.path == shown_path(target)]
        raise FeedbuilderError(
            own
            or Problem(
                path=shown_path(target),
                message="is not an article of this site",
                hint=_where_articles_are(site),
            )
        )
    mode = site.content
    entry = to_entry(article, site=site, mode=mode)
    rows = [
        ("id", article.id, "id"),
        ("title", article.title, "title"),
        ("url", article.url, "url"),
        ("slug", article.slug, "slug"),
        ("published", rfc3339(article.published), "date"),
        ("updated", rfc3339(article.updated), "updated"),
        ("summary", entry.summary, "summary"),
        ("authors", _people(entry.authors), "authors"),
        ("tags", ", ".join(article.tags) or "-", "tags"),
        ("categories", ", ".join(article.categories) or "-", "categories"),
        ("draft", "yes" if article.draft else "no", "draft"),
        ("image", article.image or "-", "image"),
        ("enclosure", _enclosure(article), "enclosure"),
        ("content", f"{len(entry.content_html or '')} characters of HTML ({mode})", "body"),
        ("feeds", _feeds(site, article, options, built), None),
    ]
    lines = [article.path]
    for label, value, origin_key in rows:
        origin = article.origins.get(origin_key, "") if origin_key else ""
        lines.append(f"  {label:<11} {value}" + (f"   <- {origin}" if origin else ""))
    lines.extend(str(p) for p in report if p.path == article.path)
    return lines


def _people(authors: tuple[Author, ...]) -> str:
    return ", ".join(a.name + (f" <{a.email}>" if a.email else "") for a in authors)


def _enclosure(article: Article) -> str:
    if article.enclosure is None:
        return "-"
    e = article.enclosure
    return f"{e.url} ({e.type}, {e.length} bytes)"


def _feeds(site: Site, article: Article, options: pipeline.Options, built: Mapping[str, bytes] | None) -> str:
    """The feed files a build writes that carry the article (its id is an item's), or why none does."""
    if article.draft and not options.drafts:
        return "none: a draft (build --drafts shows it)"
    if article.published > options.now and not options.future:
        return f"none: dated in the future; it appears at {rfc3339(article.published)}"
    if built is None:
        built = pipeline.build(site, options).files  # from the build's caches, as check is
    names = carrying(built, article.id)
    if not names:
        return f"none: past the limit of {site.limit} newest items, or over max_bytes"
    return ", ".join(names)


def carrying(files: Mapping[str, bytes], ident: str) -> list[str]:
    """The feed files among ``files`` with an item whose id is ``ident``: site feeds first, then by name."""
    in_xml = (f">{escape(ident)}</guid>".encode(), f"<id>{escape(ident)}</id>".encode())
    in_json = b'"id": ' + json.dumps(ident).encode() + b","
    found = []
    for name in files:
        if name.endswith(".json"):
            if in_json in files[name]:
                found.append(name)
        elif name.endswith(".xml") and any(mark in files[name] for mark in in_xml):
            found.append(name)
    return sorted(found, key=lambda name: (name.count("/"), name))


def _where_articles_are(site: Site) -> str:
    folder = shown_path(site.articles_dir)
    if site.generator is not None and site.generator.config_file:
        return f"posts are the files {site.generator.name} publishes as posts, under {folder}/"
    return f"articles are under {folder}/"

"""The local files an article's page links to (images, audio, video, downloads), for ``pages: true``.

A link in the body (``src``, ``srcset``, ``poster``, ``href`` to a file), the ``image`` and the enclosure,
once made absolute, that points inside the output folder's address is looked for on disk: beside the
article's file (a Hugo-style bundle: ``photo.jpg`` next to ``index.md``), else at the same path in the
articles folder (``/media/photo.jpg`` -> ``articles/media/photo.jpg``).  Found, it is copied to the output
folder at the link's path, so the page shows it; not found, a warning names the article and the file.
"""

from __future__ import annotations

import pathlib
import re
import urllib.parse
from collections.abc import Iterator

from feedbuilder.errors import Report, shown_path
from feedbuilder.model import Entry, Site
from feedbuilder.render import pages

_URL_ATTRIBUTE = re.compile(r'\s(?:src|href|poster)="([^"]+)"')
_SRCSET = re.compile(r'\ssrcset="([^"]+)"')
_NOT_MEDIA = (".html", ".htm", ".xml", ".json", ".opml")


def linked_files(site: Site, entry: Entry, report: Report) -> dict[str, pathlib.Path]:
    """Output path -> file on disk, for each local file the entry's page links to; a warning per missing one."""
    article = entry.article
    source = site.articles_dir / article.source
    found: dict[str, pathlib.Path] = {}
    for url in _urls(entry):
        path = pages.page_path(site, url)  # None unless on the site, inside the output folder, a plain file name
        rest = _below(site, url)
        if rest is None or path is not None or rest.lower().endswith(_NOT_MEDIA) or rest in found:
            continue
        local = _on_disk(source.parent, site.articles_dir, rest, url, article.url)
        if local is None:
            report.warn(
                article.path,
                f"links to {rest}, which is not in the articles folder, so the article's page shows it broken",
                hint=f"put the file at {shown_path(site.articles_dir / rest)}, or link to where it is served",
            )
        else:
            found[rest] = local
    return found


def _urls(entry: Entry) -> Iterator[str]:
    html = entry.content_html or ""
    yield from (_unescape(url) for url in _URL_ATTRIBUTE.findall(html))
    for srcset in _SRCSET.findall(html):
        yield from (_unescape(part.split()[0]) for part in srcset.split(",") if part.strip())
    if entry.article.image:
        yield entry.article.image
    if entry.article.enclosure:
        yield entry.article.enclosure.url


def _unescape(value: str) -> str:
    return value.replace("&amp;", "&").replace("&quot;", '"').replace("&#x27;", "'")


def _below(site: Site, url: str) -> str | None:
    """The URL's path below the output folder's address, percent-decoded, if it is a safe relative file path."""
    target = urllib.parse.urlsplit(url)
    base = urllib.parse.urlsplit(site.feed_url)
    if (target.scheme, target.netloc) != (base.scheme, base.netloc) or target.query:
        return None
    if not target.path.startswith(base.path) or target.path.endswith("/"):
        return None
    rest = urllib.parse.unquote(target.path[len(base.path) :])
    parts = rest.split("/")
    if not rest or any(part in ("", ".", "..") or part.startswith(".") or "\\" in part for part in parts):
        return None
    return rest


def _on_disk(folder: pathlib.Path, articles: pathlib.Path, rest: str, url: str, page_url: str) -> pathlib.Path | None:
    """The file for output path ``rest``: beside the article (its link relative to the page), else in the articles
    folder at that path; never outside the articles folder."""
    candidates = []
    page = urllib.parse.urlsplit(page_url).path
    target = urllib.parse.urlsplit(url).path
    if target.startswith(page.rsplit("/", 1)[0] + "/"):
        candidates.append(folder / urllib.parse.unquote(target[len(page.rsplit("/", 1)[0]) + 1 :]))
    candidates.append(articles / rest)
    root = articles.resolve()
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved.is_file() and resolved.is_relative_to(root):
            return resolved
    return None

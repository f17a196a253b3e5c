"""Feed -> JSON Feed 1.1 bytes (jsonfeed.org/version/1.1)."""

from __future__ import annotations

import json
from typing import Any

from feedbuilder.dates import rfc3339
from feedbuilder.model import Author, Entry, Feed

FILE_NAME = "feed.json"
MEDIA_TYPE = "application/feed+json"
VERSION = "https://jsonfeed.org/version/1.1"


def render(feed: Feed, *, file_name: str = FILE_NAME) -> bytes:
    """The JSON Feed document for ``feed``: indented, keys in a fixed order, UTF-8."""
    document: dict[str, Any] = {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.url_of(file_name),
        "description": feed.description,
        "authors": [_person(a) for a in feed.authors],
    }
    if feed.language:
        document["language"] = feed.language
    if feed.hubs:
        document["hubs"] = [{"type": "WebSub", "url": hub} for hub in feed.hubs]
    document["items"] = [_item(entry) for entry in feed.entries]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _item(entry: Entry) -> dict[str, Any]:
    article = entry.article
    item: dict[str, Any] = {"id": article.id, "url": article.url, "title": article.title}
    if entry.content_html:
        item["content_html"] = entry.content_html
    else:
        item["content_text"] = entry.summary or article.title
    if entry.summary:
        item["summary"] = entry.summary
    if article.image:
        item["image"] = article.image
    item["date_published"] = rfc3339(article.published)
    item["date_modified"] = rfc3339(article.updated)
    item["authors"] = [_person(a) for a in entry.authors]
    tags = list(dict.fromkeys(article.tags + article.categories))
    if tags:
        item["tags"] = tags
    if article.lang:
        item["language"] = article.lang
    if article.enclosure:
        enclosure = article.enclosure
        attachment: dict[str, Any] = {"url": enclosure.url, "mime_type": enclosure.type}
        if enclosure.length:
            attachment["size_in_bytes"] = enclosure.length
        item["attachments"] = [attachment]
    return item


def _person(author: Author) -> dict[str, str]:
    person = {"name": author.name}
    if author.url:
        person["url"] = author.url
    elif author.email:
        person["url"] = f"mailto:{author.email}"
    return person

"""What RSS 2.0 (and the namespaces feeds commonly carry in it) defines: the children of each element,
what kind of value each holds, and which may appear only once.

Keys are element names in Clark notation (`{namespace}local`, or the bare name for RSS's own). A kind
names a value check in :mod:`feedbuilder.check.rss_rules`; `once`: the element may appear only once
in its parent. Elements in namespaces not listed here are extensions and are not judged.
"""

from __future__ import annotations

from typing import NamedTuple

DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
SY = "http://purl.org/rss/1.0/modules/syndication/"
ADMIN = "http://webns.net/mvcb/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
SLASH = "http://purl.org/rss/1.0/modules/slash/"
ATOM = "http://www.w3.org/2005/Atom"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
GEO = "http://www.w3.org/2003/01/geo/wgs84_pos#"
ICBM = "http://postneo.com/icbm"
GEOURL = "http://geourl.org/rss/module/"
CREATIVE_COMMONS = "http://backend.userland.com/creativeCommonsRssModule"
BLOG_CHANNEL = "http://backend.userland.com/blogChannelModule"
TRACKBACK = "http://madskills.com/public/xml/rss/module/trackback/"
# namespaces whose every element is listed below: any other element in them is undefined
CLOSED = frozenset({"", DC, SY, ADMIN, CONTENT, SLASH})


class Spec(NamedTuple):
    kind: str
    once: bool = True


def _dc(names: str, *, once: bool) -> dict[str, Spec]:
    kinds = {"date": "w3cdtf", "language": "language"}
    return {f"{{{DC}}}{name}": Spec(kinds.get(name, "text"), once) for name in names.split()}


_DC_ALL = "title creator subject description publisher contributor date type format identifier source language"
_DC_ALL += " relation coverage rights"
_DC_CHANNEL = {**_dc(_DC_ALL, once=False), **_dc("date language rights title description", once=True)}
_DC_ITEM = {**_dc(_DC_ALL, once=False), **_dc("date language rights", once=True)}
_GEO = {
    f"{{{GEO}}}lat": Spec("latitude"),
    f"{{{GEO}}}long": Spec("longitude"),
    f"{{{ICBM}}}latitude": Spec("latitude"),
    f"{{{ICBM}}}longitude": Spec("longitude"),
    f"{{{GEOURL}}}latitude": Spec("latitude"),
    f"{{{GEOURL}}}longitude": Spec("longitude"),
}

CHANNEL: dict[str, Spec] = {
    "title": Spec("plain"),
    "link": Spec("link"),
    "description": Spec("plain"),
    "language": Spec("language"),
    "copyright": Spec("plain"),
    "managingEditor": Spec("email"),
    "webMaster": Spec("email"),
    "pubDate": Spec("rfc822"),
    "lastBuildDate": Spec("rfc822"),
    "category": Spec("plain", once=False),
    "generator": Spec("text"),
    "docs": Spec("link"),
    "cloud": Spec("cloud"),
    "ttl": Spec("ttl"),
    "image": Spec("image"),
    "rating": Spec("text"),
    "textInput": Spec("textInput"),
    "skipHours": Spec("skipHours"),
    "skipDays": Spec("skipDays"),
    "item": Spec("item", once=False),
    **_DC_CHANNEL,
    f"{{{SY}}}updatePeriod": Spec("period"),
    f"{{{SY}}}updateFrequency": Spec("frequency"),
    f"{{{SY}}}updateBase": Spec("w3cdtf"),
    f"{{{ADMIN}}}generatorAgent": Spec("resource"),
    f"{{{ADMIN}}}errorReportsTo": Spec("resource"),
    f"{{{DCTERMS}}}modified": Spec("w3cdtf"),
    f"{{{CREATIVE_COMMONS}}}license": Spec("link", once=False),
    f"{{{BLOG_CHANNEL}}}blogRoll": Spec("link"),
    f"{{{BLOG_CHANNEL}}}mySubscriptions": Spec("link"),
    f"{{{BLOG_CHANNEL}}}blink": Spec("link"),
    **_GEO,
}

ITEM: dict[str, Spec] = {
    "title": Spec("plain"),
    "link": Spec("link"),
    "description": Spec("html"),
    "author": Spec("email"),
    "category": Spec("plain", once=False),
    "comments": Spec("link"),
    "enclosure": Spec("enclosure", once=False),
    "guid": Spec("guid"),
    "pubDate": Spec("rfc822"),
    "source": Spec("source"),
    **_DC_ITEM,
    f"{{{CONTENT}}}encoded": Spec("html"),
    f"{{{SLASH}}}comments": Spec("count"),
    f"{{{SLASH}}}section": Spec("text"),
    f"{{{SLASH}}}department": Spec("text"),
    f"{{{SLASH}}}hit_parade": Spec("counts"),
    f"{{{DCTERMS}}}modified": Spec("w3cdtf"),
    f"{{{CREATIVE_COMMONS}}}license": Spec("link", once=False),
    f"{{{TRACKBACK}}}ping": Spec("link"),
    f"{{{TRACKBACK}}}about": Spec("link", once=False),
    **_GEO,
}

IMAGE: dict[str, Spec] = {
    "url": Spec("link"),
    "title": Spec("plain"),
    "link": Spec("link"),
    "width": Spec("width"),
    "height": Spec("height"),
    "description": Spec("plain"),
}

TEXT_INPUT: dict[str, Spec] = {
    "title": Spec("plain"),
    "description": Spec("plain"),
    "name": Spec("name"),
    "link": Spec("link"),
}

SKIP_HOURS: dict[str, Spec] = {"hour": Spec("hour", once=False)}
SKIP_DAYS: dict[str, Spec] = {"day": Spec("day", once=False)}
CHILDREN = {
    "channel": CHANNEL,
    "item": ITEM,
    "image": IMAGE,
    "textInput": TEXT_INPUT,
    "skipHours": SKIP_HOURS,
    "skipDays": SKIP_DAYS,
}
REQUIRED = {
    "channel": ("title", "link", "description"),
    "image": ("url", "title", "link"),
    "textInput": ("title", "description", "name", "link"),
    "skipHours": ("hour",),
    "skipDays": ("day",),
}
# the attributes (without namespace) each element may carry, and those it must
ATTRIBUTES = {
    "guid": ({"isPermaLink"}, ()),
    "enclosure": ({"url", "length", "type"}, ("url", "length", "type")),
    "source": ({"url"}, ("url",)),
    "category": ({"domain"}, ()),
    "cloud": (
        {"domain", "port", "path", "registerProcedure", "protocol"},
        ("domain", "port", "path", "registerProcedure", "protocol"),
    ),
}
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PERIODS = ("hourly", "daily", "weekly", "monthly", "yearly")
IMAGE_LIMITS = {"width": 144, "height": 400}
CC = "http://web.resource.org/cc/"
XHTML = "http://www.w3.org/1999/xhtml"
# (the RSS element, the extension element that says the same) for channels and items
SAME_CHANNEL = (
    ("generator", f"{{{ADMIN}}}generatorAgent"),
    ("copyright", f"{{{DC}}}rights"),
    ("managingEditor", f"{{{DC}}}creator"),
    ("language", f"{{{DC}}}language"),
    ("webMaster", f"{{{DC}}}publisher"),
    ("pubDate", f"{{{DC}}}date"),
    ("lastBuildDate", f"{{{DCTERMS}}}modified"),
    (f"{{{CREATIVE_COMMONS}}}license", f"{{{CC}}}license"),
)
SAME_ITEM = (
    ("guid", f"{{{ATOM}}}id"),
    ("author", f"{{{DC}}}creator"),
    ("category", f"{{{DC}}}subject"),
    ("source", f"{{{DC}}}source"),
    ("pubDate", f"{{{DC}}}date"),
    (f"{{{CREATIVE_COMMONS}}}license", f"{{{CC}}}license"),
    ("description", f"{{{ATOM}}}content"),
    ("description", f"{{{XHTML}}}body"),
)

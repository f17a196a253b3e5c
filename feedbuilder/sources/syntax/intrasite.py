"""Pelican's intrasite links (``{filename}other.md``, ``{static}/images/a.png``, ``{tag}python``, and the
older ``|filename|`` form) as the addresses they stand for, so no reader follows a link to ``{filename}``.

Pelican replaces them in link and image addresses; so does this, in a Markdown
link or image target and in an HTML attribute, never inside code.
"""

from __future__ import annotations

import re

from feedbuilder.sources import values
from feedbuilder.sources.syntax.code import Code
from feedbuilder.sources.syntax.common import Context, absolute, article_address

_LINK = re.compile(r"""(?<=[("'=])\s*[{|](filename|static|attach|category|tag|author|index)[}|]([^\s"'()<>]{0,2000})""")
_LISTS = {"category": "category/{}.html", "tag": "tag/{}.html", "author": "author/{}.html"}  # Pelican's defaults


def render(text: str, context: Context) -> str:
    """The body with its intrasite links as addresses."""
    if "{" not in text and "|" not in text:
        return text
    code = Code(text)
    return _LINK.sub(lambda found: found.group() if code.holds(found.start()) else _address(found, context), text)


def _address(found: re.Match[str], context: Context) -> str:
    what, target = found.group(1), found.group(2)
    site = context.site
    if what == "index":
        return site.url
    if what in _LISTS:
        return absolute(site, _LISTS[what].format(values.slugify(target)))
    path, hash_mark, fragment = target.partition("#")
    if what == "filename" and path.lower().endswith((".md", ".markdown", ".mkd", ".mdown", ".rst", ".html", ".htm")):
        url = article_address(site, path) or site.url
        return url + hash_mark + fragment
    return absolute(site, path) + hash_mark + fragment

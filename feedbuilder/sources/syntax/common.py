"""What every body syntax needs: the article's context, warnings once per kind, addresses of other articles."""

from __future__ import annotations

import dataclasses
import datetime
import html
import re
from collections.abc import Mapping

from feedbuilder.model import Card, Site
from feedbuilder.sources import addresses, values
from feedbuilder.sources.addresses import JEKYLL_DATE
from feedbuilder.sources.generators.linked import linked_card


@dataclasses.dataclass(frozen=True)
class Note:
    """A warning about the body: its line in the file, what it says, how to fix it."""

    line: int
    message: str
    hint: str


class Context:
    """The article a body belongs to, and the warnings its syntax gave (one per kind)."""

    def __init__(self, *, site: Site, page: Mapping[str, object], text: str, first_line: int) -> None:
        self.site, self.page, self.first_line = site, page, first_line
        self.notes: list[Note] = []
        self.unclosed: dict[str, int] = {}  # shortcodes.py: from where each paired name has no closing tag
        self._kinds: set[str] = set()
        self._newlines = [at for at, char in enumerate(text) if char == "\n"] if "\n" in text else []

    def line_of(self, position: int) -> int:
        """The file's line at ``position`` in the body as the current pass reads it."""
        import bisect

        return self.first_line + bisect.bisect_left(self._newlines, position)

    def warn(self, kind: str, position: int, message: str, hint: str) -> None:
        """Warn once per kind of syntax."""
        if kind not in self._kinds:
            self._kinds.add(kind)
            self.notes.append(Note(self.line_of(position), message, hint))

    def variable(self, scope: str, path: str) -> object | None:
        """``site.NAME`` / ``page.NAME`` (dotted names go into mappings); None if there is none."""
        if scope == "page":
            found: object = self.page
        else:
            found = {**_site_values(self.site), **self.site.variables}
        for part in path.split("."):
            if not isinstance(found, Mapping) or part not in found:
                return None
            found = found[part]
        return found


def _site_values(site: Site) -> dict[str, object]:
    url = site.url.rstrip("/")
    base = re.sub(r"^[a-z]+://[^/]+", "", url)
    return {
        "title": site.title,
        "url": url.removesuffix(base) if base else url,
        "baseurl": base,
        "description": site.description,
        "author": site.author.name if site.author else None,
        "lang": site.language,
        "language": site.language,
    }


def shown(value: object) -> str:
    """A variable's value as a template prints it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "".join(map(shown, value))
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def escape(text: str) -> str:
    return html.escape(text, quote=True)


def code_block(code: str, language: str) -> str:
    """A highlighted block as plain HTML code (on lines of its own, so Markdown leaves it be)."""
    kind = f' class="language-{escape(language)}"' if language else ""
    return f"\n<pre><code{kind}>{escape(code.strip(chr(10)))}</code></pre>\n"


def link(url: str, text: str) -> str:
    return f'<p><a href="{escape(url)}">{escape(text)}</a></p>'


def article_address(site: Site, target: str) -> str | None:
    """The address of the article at ``target`` (a path as a post names another), made from what the path
    tells (its name's date and slug) the way the site's permalink pattern makes addresses; None if the
    pattern needs a date the path does not give."""
    target = target.strip().strip("/")
    if not target:
        return None
    linked = linked_card(site, target)  # on a generator's site: the file found, its address as it makes it
    if linked is not None:
        return addresses.article_url(*linked, site)
    name = target.rsplit("/", 1)[-1]
    stem = name.rsplit(".", 1)[0] if "." in name and not name.endswith(".") else name
    dated = JEKYLL_DATE.fullmatch(stem)
    if dated:
        try:
            day = datetime.datetime(int(dated[1]), int(dated[2]), int(dated[3]), tzinfo=site.timezone)
        except ValueError:
            day = None
    else:
        day = None
    if day is None and any(f"{{{part}}}" in site.permalink for part in ("year", "month", "day")):
        return None
    source = target if "." in name else target + ".md"
    card = Card(
        source=source,
        published=None,
        updated=None,
        given_id=None,
        given_url=None,
        slug=None,
        draft=False,
        tags=(),
        categories=(),
        authors=(),
        digest="",
        title_key="",
        file_hash=b"",
        measured=False,
    )
    return addresses.article_url(card, day or datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC), site)


def absolute(site: Site, path: str) -> str:
    """A site path (``/docs/x/``) as an absolute URL of the site."""
    return values.join_url(site.url, path.lstrip("/")) if not addresses.is_http(path) else path

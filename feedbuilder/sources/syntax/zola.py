"""Zola shortcodes in article bodies: ``{{ name(args) }}`` and ``{% name(args) %}...{% end %}``.

Zola ships none; a site's own are templates feeds cannot run.  The common
embeds (``youtube``, ``vimeo``, ``gist``) are written as links, any other is
removed with one warning per name (a body shortcode keeps what it holds).  The
escaped forms ``{{/* ... */}}`` and ``{%/* ... */%}`` are shown as written.
"""

from __future__ import annotations

import re

from feedbuilder.sources.syntax.code import Code, rewrite_each
from feedbuilder.sources.syntax.common import Context, link

_ESCAPED = re.compile(r"\{([{%])/\*(.{0,4000}?)\*/([}%])\}", re.DOTALL)
# bounded, and never into the next shortcode: a body of unclosed ones costs linear time
_INLINE = re.compile(r"\{\{\s*([A-Za-z_]\w*)\(((?:[^)\"'{]|\"[^\"{]{0,1000}\"|'[^'{]{0,1000}'){0,4000})\)\s*\}\}")
_BODY = re.compile(r"\{%\s*([A-Za-z_]\w*)\(((?:[^)\"'{]|\"[^\"{]{0,1000}\"|'[^'{]{0,1000}'){0,4000})\)\s*%\}")
_END = re.compile(r"\{%\s*end\s*%\}")
_OPEN = re.compile(r"\{\{|\{%")
_ARGUMENT = re.compile(r"""([A-Za-z_]\w*)\s*=\s*("[^"]*"|'[^']*'|`[^`]*`|[^,\s]+)""")
HINT = "feeds cannot run the site's own shortcodes: write the HTML it gives, or leave it to the site"


def render(text: str, context: Context) -> str:
    """The body with its shortcodes rendered or removed."""
    if "{{" not in text and "{%" not in text:
        return text
    code = Code(text)
    return rewrite_each(text, _OPEN, lambda start, out: _one(text, start, context, code, out))


def _one(text: str, start: int, context: Context, code: Code, out: list[str]) -> int:
    escaped = _ESCAPED.match(text, start)
    if escaped is not None:
        out.append("{" + escaped.group(1) + escaped.group(2) + escaped.group(3) + "}")
        return escaped.end()
    shortcode = _INLINE.match(text, start) or _BODY.match(text, start)
    if shortcode is None:  # Zola leaves other braces as text
        out.append(text[start : start + 2])
        return start + 2
    end, inner = shortcode.end(), None
    if shortcode.re is _BODY:
        closing = _END.search(text, end)
        inner = text[end : closing.start() if closing else len(text)]
        end = closing.end() if closing else len(text)
    arguments = {key: value.strip("\"'`") for key, value in _ARGUMENT.findall(shortcode.group(2))}
    written = _known(shortcode.group(1), arguments)
    if written is not None:
        out.append(written)
    elif code.holds(start):
        out.append(text[start:end])
    else:
        name = shortcode.group(1)
        kept = " (what it holds is kept)" if inner else ""
        context.warn(f"shortcode {name}", start, f"shortcode '{name}' is not rendered in feeds: removed{kept}", HINT)
        if inner:
            out.append(render(inner, context))
    return end


def _known(name: str, arguments: dict[str, str]) -> str | None:
    video = arguments.get("id", "")
    if name == "youtube" and video:
        return link(f"https://www.youtube.com/watch?v={video}", "YouTube video")
    if name == "vimeo" and video:
        return link(f"https://vimeo.com/{video}", "Vimeo video")
    if name == "gist" and arguments.get("url"):
        return link(arguments["url"], "Gist")
    return None

"""Hugo shortcodes in article bodies rendered as the site would, or removed with a warning.

Both forms (``{{< name >}}`` and ``{{% name %}}``), paired (closed by
``{{< /name >}}``) and self-closing (``{{< name />}}``); the escaped form
``{{</* name */>}}`` is shown as written.  The built-ins Hugo ships are
rendered (``figure``, ``youtube``, ``vimeo``, ``x``/``tweet``, ``gist``,
``instagram``, ``highlight``, ``param``, ``ref``/``relref``, ``details``;
``comment`` hides what it holds); any other shortcode is removed with one
warning per name, keeping what a pair of it holds.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping

from markdown_it import MarkdownIt

from feedbuilder.sources.syntax.code import Code, rewrite_each
from feedbuilder.sources.syntax.common import Context, absolute, article_address, code_block, escape, link, shown

_LIMIT = 4000
_OPEN = re.compile(r"\{\{([<%])")
_ESCAPED = re.compile(r"\{\{([<%])/\*(.{0,4000}?)\*/([>%])\}\}", re.DOTALL)
_NAME = re.compile(r"\s*(/)?\s*([A-Za-z0-9_][\w./-]*)")
# bounded, and a bare value never runs into the next shortcode: a body of unclosed ones costs linear time
_ARGUMENT = re.compile(
    r"""\s*(?:([A-Za-z_][\w-]*)\s*=\s*)?("(?:[^"\\]|\\.){0,2000}"|`[^`]{0,2000}`|(?:(?!\{\{[<%])[^\s"`])+)"""
)
HINT = "feeds cannot run the site's own shortcodes: write the HTML it gives, or leave it to the site"
_HINTS = {"param": "give the site's value under 'variables:' in feedbuilder.yaml (or params: in the front matter)"}
Handler = Callable[["Shortcode", Context], str | None]


class Shortcode:
    """One shortcode as written: its name, arguments (positional and named) and inner text if paired."""

    def __init__(self, name: str, arguments: list[tuple[str | None, str]]) -> None:
        self.name = name
        self.positional = [value for key, value in arguments if key is None]
        self.named = {key: value for key, value in arguments if key is not None}
        self.inner: str | None = None

    def get(self, key: str, index: int | None = None) -> str:
        if key in self.named:
            return self.named[key]
        if index is not None and index < len(self.positional):
            return self.positional[index]
        return ""


def render(text: str, context: Context) -> str:
    """The body with its shortcodes rendered or removed."""
    if "{{<" not in text and "{{%" not in text:
        return text
    code = Code(text)
    return rewrite_each(text, _OPEN, lambda start, out: _one(text, start, context, code, out))


def _one(text: str, start: int, context: Context, code: Code, out: list[str]) -> int:
    escaped = _ESCAPED.match(text, start)
    if escaped is not None:
        out.append("{{" + escaped.group(1) + escaped.group(2) + escaped.group(3) + "}}")
        return escaped.end()
    parsed = _parse(text, start)
    if parsed is None:
        out.append(text[start : start + 3])
        return start + 3
    shortcode, closing, end = parsed
    if closing:  # a closing tag without its opening: nothing to show
        return end
    pair = _closing(text, end, shortcode.name, context.unclosed)
    if pair is not None:
        shortcode.inner = text[end : pair[0]]
        end = pair[1]
    handler = HANDLERS.get(shortcode.name.lower())
    written = handler(shortcode, context) if handler else None
    if written is not None:
        out.append(written)
    elif code.holds(start):
        out.append(text[start:end])
    elif handler is not None:  # a built-in whose arguments name nothing this site has
        message = f"shortcode '{shortcode.name}' gives nothing here ({text[start:end][:60]}): removed"
        context.warn(f"shortcode {shortcode.name}", start, message, _HINTS.get(shortcode.name.lower(), HINT))
    else:
        kept = " (what it holds is kept)" if shortcode.inner else ""
        message = f"shortcode '{shortcode.name}' is not rendered in feeds: removed{kept}"
        context.warn(f"shortcode {shortcode.name}", start, message, HINT)
        if shortcode.inner and not shortcode.name.endswith(".inline"):  # an inline one's inner is its template
            out.append(render(shortcode.inner, context))
    return end


def _parse(text: str, start: int) -> tuple[Shortcode, bool, int] | None:
    """The shortcode at ``start``, whether it is a closing tag, and where it ends; None if it is not one."""
    delimiter = text[start + 2]
    ending = ">}}" if delimiter == "<" else "%}}"
    named = _NAME.match(text, start + 3)
    if named is None:
        return None
    position = named.end()
    arguments: list[tuple[str | None, str]] = []
    limit = min(len(text), start + _LIMIT)
    while position < limit:
        stripped = len(text[position:limit]) - len(text[position:limit].lstrip())
        position += stripped
        if text.startswith(ending, position) or text.startswith("/" + ending, position):
            end = position + len(ending) + (1 if text[position] == "/" else 0)
            return Shortcode(named.group(2), arguments), bool(named.group(1)), end
        argument = _ARGUMENT.match(text, position, limit)
        if argument is None or argument.end() == position:
            return None
        value = argument.group(2)
        if value.endswith(ending[0] + "}}"):  # "id>}}" written without a space
            value = value[: -len(ending)]
            arguments.append((argument.group(1), _unquote(value)))
            end = argument.end()
            return Shortcode(named.group(2), arguments), bool(named.group(1)), end
        arguments.append((argument.group(1), _unquote(value)))
        position = argument.end()
    return None


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "`":
        return value[1:-1]
    return value


def _closing(text: str, position: int, name: str, unclosed: dict[str, int]) -> tuple[int, int] | None:
    """Where the pair's inner text ends and its closing tag ends, same-named pairs nesting; None if unpaired.
    ``unclosed``: from where on each name is known to have no closing tag (each name's tail searched once)."""
    if position >= unclosed.get(name, len(text) + 1):
        return None
    start = position
    tags = re.compile(r"\{\{[<%]\s*(/?)\s*" + re.escape(name) + r"(?=[\s/>%])(?:[^}{]|\}(?!\})|\{(?!\{)){0,4000}?\}\}")
    depth, closings = 1, 0
    while (found := tags.search(text, position)) is not None:
        if found.group(1):
            depth, closings = depth - 1, closings + 1
            if depth == 0:
                return found.start(), found.end()
        elif not found.group().rstrip("}").rstrip(">%").rstrip().endswith("/"):
            depth += 1
        position = found.end()
    if not closings:  # none at all after ``start``: none after any later place either
        unclosed[name] = start
    return None


@functools.cache
def _inline_markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True})


def _figure(shortcode: Shortcode, context: Context) -> str:
    source = shortcode.get("src")
    image = f'<img src="{escape(source)}"'
    for key in ("alt", "width", "height"):
        if shortcode.get(key):
            image += f' {key}="{escape(shortcode.get(key))}"'
    image += ">"
    if shortcode.get("link"):
        image = f'<a href="{escape(shortcode.get("link"))}">{image}</a>'
    caption = ""
    if shortcode.get("title"):
        caption += f"<h4>{escape(shortcode.get('title'))}</h4>"
    words = " ".join(part for part in (shortcode.get("caption"), shortcode.get("attr")) if part)
    if words:
        caption += f"<p>{_inline_markdown().renderInline(words)}</p>"
    figcaption = f"<figcaption>{caption}</figcaption>" if caption else ""
    return f"<figure>{image}{figcaption}</figure>"


def _video(site: str, address: str) -> Handler:
    def made(shortcode: Shortcode, context: Context) -> str | None:
        video = shortcode.get("id", 0)
        return link(address + video, shortcode.get("title") or f"{site} video") if video else None

    return made


def _post(shortcode: Shortcode, context: Context) -> str | None:
    user, post = shortcode.get("user", 0), shortcode.get("id", 1)
    if not post and user.isdigit():  # the old {{< tweet 12345 >}}
        user, post = "i", user
    if not post:
        return None
    return link(f"https://x.com/{user}/status/{post}", f"Post by @{user}" if user != "i" else "Post on X")


def _gist(shortcode: Shortcode, context: Context) -> str | None:
    user, gist = shortcode.get("user", 0), shortcode.get("id", 1)
    return link(f"https://gist.github.com/{user}/{gist}", f"Gist {gist} by {user}") if user and gist else None


def _highlight(shortcode: Shortcode, context: Context) -> str:
    return code_block(shortcode.inner or "", shortcode.get("lang", 0))


def _param(shortcode: Shortcode, context: Context) -> str | None:
    key = shortcode.get("key", 0) or shortcode.get("name", 0)
    page = {name.lower(): value for name, value in context.page.items()}
    value = _dotted(page, key.lower())
    if value is None:
        site = {name.lower(): value for name, value in context.site.variables.items()}
        value = _dotted(site, key.lower())
        params = site.get("params")
        if value is None and isinstance(params, Mapping):
            value = _dotted({name.lower(): v for name, v in params.items()}, key.lower())
    return None if value is None else shown(value)


def _dotted(found: object, key: str) -> object | None:
    for part in key.split("."):
        if not isinstance(found, Mapping) or part not in found:
            return None
        found = found[part]
    return found


def _reference(shortcode: Shortcode, context: Context) -> str | None:
    target = shortcode.get("path", 0)
    if not target:
        return None
    target, hash_mark, anchor = target.partition("#")
    fragment = hash_mark + anchor
    if not target:
        return fragment
    url = article_address(context.site, target)
    if url is None:
        path = re.sub(r"(?:/_?index)?\.\w+$", "", target.strip("/"))
        url = absolute(context.site, path + "/")
    return url + fragment


def _details(shortcode: Shortcode, context: Context) -> str:
    summary = escape(shortcode.get("summary") or "Details")
    opened = " open" if shortcode.get("open").lower() == "true" else ""
    return f"<details{opened}><summary>{summary}</summary>\n\n{render(shortcode.inner or '', context)}\n\n</details>"


def _instagram(shortcode: Shortcode, context: Context) -> str | None:
    post = shortcode.get("id", 0)
    return link(f"https://www.instagram.com/p/{post}/", "Instagram post") if post else None


HANDLERS: dict[str, Handler] = {
    "figure": _figure,
    "youtube": _video("YouTube", "https://www.youtube.com/watch?v="),
    "vimeo": _video("Vimeo", "https://vimeo.com/"),
    "x": _post,
    "tweet": _post,
    "twitter": _post,
    "gist": _gist,
    "instagram": _instagram,
    "highlight": _highlight,
    "param": _param,
    "ref": _reference,
    "relref": _reference,
    "details": _details,
    "comment": lambda shortcode, context: "",
}

"""Liquid in article bodies (Jekyll; Eleventy's default Markdown engine) rendered as the site would.

``{% raw %}`` is kept as written, ``{% highlight %}`` becomes a code block,
``{% link %}`` and ``{% post_url %}`` the address of the post they name,
``{{ site.* }}`` and ``{{ page.* }}`` their values (with the common filters);
comments are dropped; anything else (includes, loops, conditions, unknown
variables) is removed with one warning per kind, or left as written inside code.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from feedbuilder.sources.syntax.code import Code
from feedbuilder.sources.syntax.common import Context, absolute, article_address, code_block, escape, shown

_LIMIT = 4000  # characters a tag may hold: an unclosed "{%" costs a bounded look ahead
_OPEN = re.compile(r"\{%|\{\{")
# A tag or output ends at its closing braces, and never runs into the next one: each attempt looks no
# further than the next opening, so a body full of unclosed "{%" costs time in proportion to its length.
_TAG = re.compile(r"\{%-?\s*([A-Za-z_]\w*)?((?:[^%{]|%(?!\})|\{(?!%))" + f"{{0,{_LIMIT}}}" + r"?)-?%\}")
_OUTPUT = re.compile(r"\{\{-?((?:[^}{]|\}(?!\})|\{(?!\{))" + f"{{0,{_LIMIT}}}" + r"?)-?\}\}")
_BLOCKS = frozenset(["for", "if", "unless", "case", "capture", "tablerow", "comment", "raw", "highlight"])
_VARIABLE = re.compile(r"(site|page)\.([A-Za-z_][\w.-]*)")
_STRING = re.compile(r"""(['"])(.*?)\1""", re.DOTALL)
_FILTER = re.compile(r"""\s*([A-Za-z_]\w*)\s*(?::\s*(['"])(.*?)\2)?\s*""", re.DOTALL)
HINT = "feeds cannot run Liquid: write the text it would give, or wrap it in {% raw %} to show it as written"


def render(text: str, context: Context) -> str:
    """The body with its Liquid rendered or removed."""
    if "{%" not in text and "{{" not in text:
        return text
    code = Code(text)
    out: list[str] = []
    position = 0
    while (found := _OPEN.search(text, position)) is not None:
        out.append(text[position : found.start()])
        position = _one(text, found.start(), context, code, out)
    out.append(text[position:])
    return "".join(out)


def _one(text: str, start: int, context: Context, code: Code, out: list[str]) -> int:
    """Render the tag or output at ``start`` into ``out``; where the text goes on after it."""
    if text.startswith("{{", start):
        output = _OUTPUT.match(text, start)
        if output is None:
            out.append("{{")
            return start + 2
        value = _expression(output.group(1), context)
        if value is not None:
            out.append(value)
        elif code.holds(start):
            out.append(output.group())
        else:
            context.warn(f"liquid output {output.group(1).strip()}", start, _unknown_output(output.group()), HINT)
        return output.end()
    tag = _TAG.match(text, start)
    if tag is None or tag.group(1) is None:
        out.append("{%")
        return start + 2
    name, argument = tag.group(1), tag.group(2).strip()
    if name in _BLOCKS:
        return _block(text, tag, context, code, out)
    value = _simple_tag(name, argument, context)
    if value is not None:
        out.append(value)
    elif code.holds(start):
        out.append(tag.group())
    else:
        context.warn(f"liquid tag {name}", start, f"Liquid tag '{name}' is not rendered in feeds: removed", HINT)
    return tag.end()


def _unknown_output(written: str) -> str:
    shown_text = written if len(written) <= 60 else written[:57] + "..."
    return f"Liquid output {shown_text} has no value here: removed"


def _block(text: str, tag: re.Match[str], context: Context, code: Code, out: list[str]) -> int:
    name = tag.group(1)
    inner_end, after = _end_of(text, tag.end(), name)
    inner = text[tag.end() : inner_end]
    if name == "raw":
        out.append(inner)
    elif name == "highlight":
        language = tag.group(2).split()[0] if tag.group(2).split() else ""
        out.append(code_block(inner, language))
    elif name != "comment":
        if code.holds(tag.start()):
            out.append(text[tag.start() : after])
        else:
            message = f"Liquid '{name}' blocks are not run in feeds: removed with what they hold"
            context.warn(f"liquid tag {name}", tag.start(), message, HINT)
    return after


def _end_of(text: str, position: int, name: str) -> tuple[int, int]:
    """Where the block's content ends and where its end tag ends (same-named blocks nest; raw does not)."""
    ends = re.compile(r"\{%-?\s*(end" + name + r"|" + name + r")\b(?:[^%]|%(?!\}))*?-?%\}")
    depth = 1
    while (found := ends.search(text, position)) is not None:
        if found.group(1) == name and name not in ("raw", "comment", "highlight"):
            depth += 1
        elif found.group(1) != name:
            depth -= 1
            if depth == 0:
                return found.start(), found.end()
        position = found.end()
    return len(text), len(text)  # never closed: Liquid fails; the rest is its content


def _simple_tag(name: str, argument: str, context: Context) -> str | None:
    """What a tag without a body writes; None for a tag feeds cannot render."""
    if name not in ("link", "post_url"):
        return None
    target = _expand(argument, context)
    if name == "post_url":
        target += ".md"  # a post's name without its suffix; the suffix makes no address
    elif "_posts/" not in f"/{target}":  # a page or another collection's document: its address as written
        return absolute(context.site, _page_path(target))
    return article_address(context.site, target) or context.site.url


def _page_path(target: str) -> str:
    """``_docs/history.md`` -> ``docs/history/``: a collection's folder without its '_', the name without
    its suffix (an index file names its folder), as Jekyll's pretty permalinks write them."""
    parts = target.strip("/").split("/")
    parts[0] = parts[0].removeprefix("_")
    parts[-1] = parts[-1].rsplit(".", 1)[0] if "." in parts[-1] else parts[-1]
    if parts[-1] == "index":
        parts.pop()
    return "/".join(parts) + "/" if parts else ""


def _expand(argument: str, context: Context) -> str:
    """Liquid inside a tag's argument rendered (Jekyll's link tag allows it)."""
    return _OUTPUT.sub(lambda m: _expression(m.group(1), context) or "", argument).strip()


def _expression(written: str, context: Context) -> str | None:
    """``site.x | filter`` and the like; None when it names nothing this article has."""
    parts = written.strip().split("|")
    head = parts[0].strip()
    string = _STRING.fullmatch(head)
    variable = _VARIABLE.fullmatch(head)
    if string is not None:
        value: object = string.group(2)
    elif variable is not None:
        value = context.variable(variable.group(1), variable.group(2))
    else:
        return None
    for written_filter in parts[1:]:
        found = _FILTER.fullmatch(written_filter)
        if found is None:
            return None
        value = _filter(found.group(1), value, found.group(3), context)
    return None if value is None else shown(value)


def _filter(name: str, value: object, argument: str | None, context: Context) -> object:
    text = shown(value)
    if name in ("relative_url", "absolute_url"):
        return absolute(context.site, text)
    if name in ("escape", "xml_escape"):
        return escape(text)
    if name == "default":
        return value if value not in (None, "", False) else argument
    simple: dict[str, Callable[[str], str]] = {
        "downcase": str.lower,
        "upcase": str.upper,
        "strip": str.strip,
        "capitalize": str.capitalize,
    }
    return simple[name](text) if name in simple else value

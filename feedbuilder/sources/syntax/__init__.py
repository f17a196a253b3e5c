"""Template syntax in article bodies, rendered the way the site's generator would before Markdown.

Which syntax a body may hold depends on the generator (``generator:`` in the
config): Liquid for Jekyll and Eleventy, shortcodes for Hugo and Zola,
markdown-it containers for Eleventy and Astro, intrasite links for Pelican.  A plain folder (no generator)
is left exactly as written.  :func:`transform` is pure: the same body, front
matter and site always give the same text and the same warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from feedbuilder.model import Site
from feedbuilder.sources.syntax import containers, intrasite, liquid, shortcodes, zola
from feedbuilder.sources.syntax.common import Context, Note

__all__ = ["Note", "applies", "transform"]

_Pass = Callable[[str, Context], str]
_PASSES: dict[str, tuple[_Pass, ...]] = {
    "jekyll": (liquid.render,),
    "eleventy": (liquid.render, lambda text, _: containers.render(text)),
    "hugo": (shortcodes.render,),
    "zola": (zola.render,),
    "astro": (lambda text, _: containers.render(text),),
    "pelican": (intrasite.render,),
}
_MARKERS = (
    "{%",
    "{{",
    ":::",
    "{filename}",
    "{static}",
    "{attach}",
    "{tag}",
    "{category}",
    "{author}",
    "{index}",
    "|filename|",
    "|static|",
)


def generator_name(site: Site) -> str:
    """The name of the site's generator ("" for none): the config's name, or the name of what the site's
    detection found (an object with a ``name``)."""
    found: object = site.generator
    return found if isinstance(found, str) else str(getattr(found, "name", "") or "")


def applies(site: Site) -> bool:
    """Whether bodies of this site hold template syntax to render."""
    return generator_name(site) in _PASSES


def transform(body: str, *, site: Site, page: Mapping[str, object], first_line: int = 1) -> tuple[str, list[Note]]:
    """The body with the generator's syntax rendered or removed, and a warning per kind of syntax removed
    (naming the line in the file: the body starts at ``first_line``)."""
    passes = _PASSES.get(generator_name(site), ())
    if not passes or not any(marker in body for marker in _MARKERS):
        return body, []
    context = Context(site=site, page=page, text=body, first_line=first_line)
    for each in passes:
        body = each(body, context)
    return body, context.notes

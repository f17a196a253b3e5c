"""Other site generators' folders read by their own rules: one module each, and what they share.

Each generator's module gives a :class:`Rules`: its config read into ours (``detect``), which of its
files are posts (``posts``, by path; ``left_out``, by front matter), what a post's front matter and
path say of its slug, address and date (``reading``), and its address and feed id once its date is
known (``address``, ``feed_id``).  detect.py finds which generator a folder belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence

from feedbuilder.model import Generator, Site
from feedbuilder.sources.generators.base import Found, Reading, Rules, matches, path_date

__all__ = ["NAMES", "Found", "Reading", "Rules", "chosen", "matches", "path_date", "rules", "ruling"]


def rules(name: str) -> Rules:
    """The rules of the generator called ``name`` (one of NAMES)."""
    from feedbuilder.sources.generators import astro, eleventy, hugo, jekyll, pelican, zola

    return {
        "jekyll": jekyll.RULES,
        "hugo": hugo.RULES,
        "zola": zola.RULES,
        "eleventy": eleventy.RULES,
        "pelican": pelican.RULES,
        "astro": astro.RULES,
    }[name]


NAMES = ("jekyll", "hugo", "zola", "eleventy", "pelican", "astro")


def ruling(site: Site) -> Generator | None:
    """The generator whose rules decide the site's posts, dates, addresses and ids: one whose config is in
    the site's folder.  A generator only named in feedbuilder.yaml (no config of it there) gives its body
    syntax (sources/syntax), not its rules: the folder is no site of its."""
    generator = site.generator
    return generator if generator is not None and generator.config_file else None


def chosen(sources: Sequence[str], site: Site) -> list[str]:
    """The article files that are posts: by the generator's rules, then the config's exclude and include."""
    generator = ruling(site)
    sources = _not_output(sources, site)
    posts = rules(generator.name).posts(sources, generator) if generator is not None else list(sources)
    if site.exclude:
        posts = [source for source in posts if not matches(source, site.exclude)]
    if site.include:
        kept = set(posts)
        posts = [source for source in sources if source in kept or matches(source, site.include)]
    return posts


def _not_output(sources: Sequence[str], site: Site) -> Sequence[str]:
    """Our own output folder, when it is inside the articles folder, holds no articles."""
    try:
        inside = site.output_dir.resolve().relative_to(site.articles_dir.resolve()).as_posix() + "/"
    except (ValueError, OSError):
        return sources
    return [source for source in sources if not source.startswith(inside)]

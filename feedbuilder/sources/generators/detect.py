"""Which site generator a folder belongs to, from its config file; and the one line that says so."""

from __future__ import annotations

import dataclasses
import os
import pathlib

from feedbuilder.errors import shown_path
from feedbuilder.model import Generator, Site
from feedbuilder.sources.generators import Found, rules

TITLES = {
    "jekyll": "Jekyll",
    "hugo": "Hugo",
    "zola": "Zola",
    "eleventy": "Eleventy",
    "pelican": "Pelican",
    "astro": "Astro",
}
_CONTENT = {
    "jekyll": "",
    "hugo": "content",
    "zola": "content",
    "eleventy": "",
    "pelican": "content",
    "astro": "src/content/blog",
}
ORDER = ("jekyll", "hugo", "zola", "eleventy", "pelican", "astro")  # hugo before zola: both may have config.toml


# The names of the config files that may be a generator's: a folder holding none is no generator's site,
# known from one listing of it, without loading the generators' rules (the usual feedbuilder.yaml site)
MARKERS = {
    "jekyll": ("_config.yml", "_config.yaml"),
    "hugo": (
        "hugo.toml",
        "hugo.yaml",
        "hugo.yml",
        "hugo.json",
        "config.toml",
        "config.yaml",
        "config.yml",
        "config.json",
        "config",  # a folder: config/_default/hugo.yaml
    ),
    "zola": ("config.toml", "zola.toml"),
    "eleventy": (*(f"eleventy.config.{s}" for s in ("js", "mjs", "cjs", "ts")), ".eleventy.js", ".eleventy.cjs"),
    "pelican": ("pelicanconf.py",),
    "astro": tuple(f"astro.config.{s}" for s in ("mjs", "js", "ts", "mts", "cjs")),
}


CONFIG_NAMES = frozenset(name for names in MARKERS.values() for name in names if "." in name)


def detect(root: pathlib.Path, name: str | None = None, *, defaults: bool = True) -> Found | None:
    """The generator whose config is in ``root`` (only ``name``'s when given: then, with ``defaults``,
    its defaults if it has no config there)."""
    try:
        present = set(os.listdir(root))
    except OSError:
        present = set()
    for candidate in (name,) if name else ORDER:
        if present.isdisjoint(MARKERS[candidate]):
            continue
        found = rules(candidate).detect(root)
        if found is not None:
            return found
    if name and defaults:
        content = _CONTENT[name]
        permalink = "/:categories/:year/:month/:day/:title:output_ext" if name == "jekyll" else ""
        generator = Generator(name=name, root=root, config_file="", content=content, permalink=permalink)
        return Found(generator, {"articles": content or "."}, [])
    return None


def named(name: str, folder: pathlib.Path) -> Generator:
    """A generator feedbuilder.yaml names whose own config is not in its folder: its rules for what a
    post says (dates, addresses, ids, body syntax), but no folder layout assumed (config_file "")."""
    found = detect(folder, name)
    assert found is not None  # noqa: S101 - a name always gives its defaults
    return dataclasses.replace(found.generator, config_file="", content="")


def prefix(generator: Generator, articles: pathlib.Path) -> str:
    """The articles folder inside the generator's content folder ("" or ending with "/")."""
    try:
        inside = articles.resolve().relative_to((generator.root / generator.content).resolve())
    except (ValueError, OSError):
        return ""
    text = inside.as_posix()
    return "" if text == "." else text + "/"


def described(site: Site) -> list[str]:
    """One line of what was recognised, where posts are read from and feeds written; then what of the
    generator's config could not be read."""
    generator = site.generator
    if generator is None or not generator.config_file:
        return []
    config = f" ({generator.config_file})" if generator.config_file else ""
    line = (
        f"feedbuilder: {TITLES[generator.name]} site '{site.title}'{config} at {site.url}: posts read from "
        f"{shown_path(site.articles_dir)}/, feeds written to {shown_path(site.output_dir)}/"
    )
    return [line, *generator.notes]

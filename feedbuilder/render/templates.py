"""The HTML around pages.py's pages: one document shell and its small stylesheet.

Every value substituted here is already escaped (or, for article bodies,
already sanitised) by :mod:`feedbuilder.render.pages`; this module holds no logic.
"""

from __future__ import annotations

from string import Template

# Readable without it; with it, a narrow column in the reader's own colours (light or dark).
STYLE = """\
:root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.55; }
body { max-width: 42rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
header { border-bottom: 1px solid #8886; padding-bottom: .75rem; margin-bottom: 1.5rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: .75rem 0 .25rem; }
h2 { font-size: 1.35rem; margin: 2rem 0 .75rem; }
h3 { font-size: 1.1rem; margin: 1.25rem 0 .25rem; }
.lede { margin: 0; font-size: 1.1rem; }
.item { margin: 0 0 1.5rem; }
.item h3 { margin: 0 0 .15rem; }
.item p { margin: .3rem 0 0; }
.meta { margin: 0 0 .35rem; font-size: .9rem; color: #555; }
.feeds { padding-left: 1.25rem; }
.feeds li { margin: .2rem 0; }
.count { color: #555; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
.content img, .content video { max-width: 100%; height: auto; }
.content pre { overflow-x: auto; }
footer { border-top: 1px solid #8886; margin-top: 2.5rem; padding-top: .75rem; font-size: .9rem; }
@media (prefers-color-scheme: dark) { .meta, .count { color: #bbb; } }
"""

PAGE = Template("""\
<!DOCTYPE html>
<html$lang>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>$title</title>
$head<link rel="icon" href="data:,">
<style>
$style</style>
</head>
<body>
<header>
$header</header>
<main>
$main</main>
<footer>
$footer</footer>
</body>
</html>
""")


def page(*, lang: str, title: str, head: str, header: str, main: str, footer: str) -> bytes:
    """The whole document as UTF-8; ``lang`` is a ready attribute (`` lang="en"``) or ""."""
    text = PAGE.substitute(lang=lang, title=title, head=head, header=header, main=main, footer=footer, style=STYLE)
    return text.encode("utf-8")

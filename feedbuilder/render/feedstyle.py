"""How a feed file looks when a person opens its address in a browser: feed.css, feed.xsl and the instructions.

``stylesheet: css`` (the default): the feed names feed.css, which lays the
XML out as text (title, "this is a web feed: copy its address", each item's
title, summary and date) instead of an XML tree.  ``stylesheet: xslt`` also
names feed.xsl: a browser that still runs XSLT turns the feed into an HTML
page with links (to the feed's subscribe page, to each article); Chromium 156
does, under a banner that says XSLT is being removed, so it is not the
default.  Either applies only where the browser shows the file as XML: served
as ``application/xml`` or ``text/xml`` (what most static hosts send for
``.xml``); Chromium shows ``application/rss+xml`` and ``application/atom+xml``
as plain text.  Feed readers ignore processing instructions.
"""

from __future__ import annotations

from feedbuilder.model import Stylesheet

XSL_FILE = "feed.xsl"
CSS_FILE = "feed.css"
MEDIA_TYPE_XSL = "text/xsl"


def instructions(feed_path: str, kind: Stylesheet) -> bytes:
    """The ``<?xml-stylesheet?>`` lines for a feed in the output folder at ``feed_path`` ("" or "tags/x/").

    Relative addresses, so they work wherever the folder is served (also by ``feedbuilder serve``): a
    browser fetches a stylesheet only from the feed's own origin.  Short, so the root element stays
    within the first 512 bytes, where the W3C validator looks for it in a feed served as application/xml."""
    up = "../" * feed_path.count("/")
    css = f'<?xml-stylesheet type="text/css" href="{up}{CSS_FILE}"?>\n'
    xsl = f'<?xml-stylesheet type="{MEDIA_TYPE_XSL}" href="{up}{XSL_FILE}"?>\n' if kind == "xslt" else ""
    return (xsl + css).encode("ascii")


def with_instructions(document: bytes, feed_path: str, kind: Stylesheet) -> bytes:
    """``document`` (starting with its XML declaration line) with the stylesheet lines after that line."""
    declaration, newline, rest = document.partition(b"\n")
    return declaration + newline + instructions(feed_path, kind) + rest


# Shared by the XSLT page and the CSS view: the reader's own colours, a narrow column.
_PAGE_STYLE = """\
:root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.55; }
body { max-width: 42rem; margin: 0 auto; padding: 1rem 1.25rem 3rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: .75rem 0 .25rem; }
.about { border: 1px solid #8886; border-radius: .5rem; padding: .75rem 1rem; margin: 1rem 0 1.5rem; }
.address { font-family: ui-monospace, Menlo, Consolas, monospace; overflow-wrap: anywhere; font-size: .95rem; }
.item { margin: 0 0 1.25rem; }
.item h3 { margin: 0 0 .15rem; font-size: 1.1rem; }
.meta { margin: 0; font-size: .9rem; opacity: .8; }
"""

XSL = f"""\
<?xml version="1.0" encoding="UTF-8"?>
<!-- Shows an RSS or Atom feed written by feedbuilder as a page when its address is opened in a browser. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:fh="http://purl.org/syndication/history/1.0" exclude-result-prefixes="atom dc fh">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>
  <xsl:template match="/">
    <xsl:variable name="title" select="(rss/channel/title | atom:feed/atom:title)[1]"/>
    <xsl:variable name="about" select="(rss/channel/description | atom:feed/atom:subtitle)[1]"/>
    <xsl:variable name="self"
        select="(rss/channel/atom:link[@rel='self']/@href | atom:feed/atom:link[@rel='self']/@href)[1]"/>
    <xsl:variable name="home" select="(rss/channel/link | atom:feed/atom:link[@rel='alternate']/@href)[1]"/>
    <html>
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> (web feed)</title>
        <style>
{_PAGE_STYLE}</style>
      </head>
      <body>
        <header>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="$about"/></p>
        </header>
        <main>
          <section class="about">
            <p><strong>This is a web feed.</strong> A feed reader checks it for you and shows each new article:
              copy its address into your reader to subscribe. No account or e-mail needed.</p>
            <p class="address"><xsl:value-of select="$self"/></p>
            <xsl:if test="not(//fh:archive)">
              <p><a href="subscribe.html">Subscribe in one click</a> with a common reader,
                or <a href="{{$home}}">visit the website</a>.</p>
            </xsl:if>
          </section>
          <h2>Latest articles</h2>
          <xsl:apply-templates select="rss/channel/item | atom:feed/atom:entry"/>
        </main>
      </body>
    </html>
  </xsl:template>
  <xsl:template match="item">
    <article class="item">
      <h3><a href="{{link}}"><xsl:value-of select="title"/></a></h3>
      <p class="meta"><xsl:value-of select="pubDate"/>
        <xsl:for-each select="dc:creator"> · <xsl:value-of select="."/></xsl:for-each></p>
      <p><xsl:value-of select="description" disable-output-escaping="yes"/></p>
    </article>
  </xsl:template>
  <xsl:template match="atom:entry">
    <article class="item">
      <h3><a href="{{atom:link[@rel='alternate']/@href}}"><xsl:value-of select="atom:title"/></a></h3>
      <p class="meta"><xsl:value-of select="substring(atom:published, 1, 10)"/>
        <xsl:for-each select="atom:author"> · <xsl:value-of select="atom:name"/></xsl:for-each></p>
      <p><xsl:value-of select="atom:summary"/></p>
    </article>
  </xsl:template>
</xsl:stylesheet>
"""

# CSS for the XML itself: everything hidden but the titles, dates and summaries, laid out as text.
CSS = f"""\
/* Shows an RSS or Atom feed written by feedbuilder as text in a browser that styles XML with CSS. */
{_PAGE_STYLE}* {{ display: none; }}
rss, channel, feed, item, entry {{ display: block; }}
rss, feed {{ max-width: 42rem; margin: 0 auto; padding: 1rem 1.25rem 3rem;
  font-family: system-ui, -apple-system, "Segoe UI", sans-serif; line-height: 1.55; }}
channel > title, feed > title {{ display: block; font-size: 2rem; font-weight: bold; margin: .75rem 0 .25rem; }}
channel > description, feed > subtitle {{ display: block; margin-bottom: 1rem; }}
channel > title::after, feed > title::after {{ content: "This is a web feed: copy its address from the address bar \
into your feed reader to subscribe."; display: block; font-size: 1rem; font-weight: normal;
  border: 1px solid #8886; border-radius: .5rem; padding: .75rem 1rem; margin: 1rem 0; }}
item, entry {{ margin: 0 0 1.25rem; }}
item > title, entry > title {{ display: block; font-weight: bold; font-size: 1.1rem; }}
item > pubDate, entry > published {{ display: block; font-size: .9rem; opacity: .8; }}
item > description, entry > summary {{ display: block; }}
"""

"""The sample site as a person sees it in headless Chromium: subscribing in the first screen, readable feed URLs.

The built site is served over loopback the way static hosts serve it (``.xml`` as ``application/xml``, the
type under which Chromium shows a feed as XML and applies its stylesheet).  Layout is measured by a small
script the test server adds to the page it serves; what is drawn is checked on Chromium's screenshots.
"""

from __future__ import annotations

import dataclasses
import functools
import http.server
import os
import pathlib
import struct
import subprocess
import threading
import zlib
from collections.abc import Iterator
from typing import ClassVar

import lxml.html
import pytest

from feedbuilder.build import Options, build
from feedbuilder.config import load_site
from feedbuilder.output import write_files

from conftest import CHROMIUM_FLAGS, NOW, ROOT

MEASURE = b"""<script>
addEventListener("load", () => {
  const link = document.querySelector("header .subscribe a");
  const box = link.getBoundingClientRect();
  const where = [box.top, box.bottom, box.left, box.right, innerWidth, innerHeight];
  parent.document.body.dataset.measured = where.join(" ");
});
</script>
</body>"""
# The index in a frame of a phone's or a laptop's viewport (headless Chromium's window is at least 500 px wide).
FRAME = '<!DOCTYPE html><body style="margin:0"><iframe src="/index.html" width="{0}" height="{1}" style="border:0">'


def _site_folder(root: pathlib.Path, stylesheet: str) -> pathlib.Path:
    cwd = pathlib.Path.cwd()
    os.chdir(ROOT)
    try:
        site = dataclasses.replace(load_site(ROOT / "feedbuilder.yaml"), stylesheet=stylesheet)  # type: ignore[arg-type]
        result = build(site, Options(now=NOW))
    finally:
        os.chdir(cwd)
    write_files(result.files, root)
    return root


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """Like GitHub Pages or Netlify: .xml as application/xml, .xsl as text/xsl; index.html gets the measuring script."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".xml": "application/xml; charset=utf-8",
        ".xsl": "text/xsl; charset=utf-8",
        ".css": "text/css; charset=utf-8",
        ".html": "text/html; charset=utf-8",
    }

    def send_head(self):  # type: ignore[no-untyped-def]
        path = self.path.split("?")[0]
        if path.startswith("/frame-"):
            data = FRAME.format(*path.removeprefix("/frame-").split("x")).encode("ascii") + b"</iframe></body>"
        elif path == "/index.html":
            data = (pathlib.Path(self.directory) / "index.html").read_bytes().replace(b"</body>", MEASURE)
        else:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return _Bytes(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Bytes:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, *_: object) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@pytest.fixture(scope="module", params=["css", "xslt"])
def host(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The sample site (with each kind of stylesheet) on a loopback port; yields (stylesheet, base URL)."""
    root = _site_folder(tmp_path_factory.mktemp("site") / "public", request.param)
    handler = functools.partial(_StaticHost, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield request.param, f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def _chromium(chromium: str, profile: pathlib.Path, *args: str) -> bytes:
    command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--hide-scrollbars", *args]
    done = subprocess.run(command, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-2000:]
    return done.stdout


@pytest.mark.parametrize("size", [(375, 667), (1280, 800)])
def test_index_feed_links_in_the_first_screen(
    chromium: str, host: tuple[str, str], size: tuple[int, int], tmp_path: pathlib.Path
) -> None:
    """Catches a subscribe line pushed below the first screen (by the article list) on a phone or a laptop."""
    _, url = host
    width, height = size
    frame = f"{url}frame-{width}x{height}"
    dom = _chromium(chromium, tmp_path, "--window-size=1400,1000", "--virtual-time-budget=5000", "--dump-dom", frame)
    measured = lxml.html.document_fromstring(dom.decode("utf-8")).body.get("data-measured")
    assert measured, "the index did not load in its frame"
    top, bottom, left, right, shown_width, shown_height = map(float, measured.split())
    assert (shown_width, shown_height) == (width, height)
    assert top >= 0 and bottom <= shown_height and left >= 0 and right <= shown_width, (top, bottom, left, right)


@pytest.mark.parametrize("path", ["rss.xml", "atom.xml", "tags/river-lune/rss.xml"])
def test_feed_address_opens_as_a_readable_page(
    chromium: str, host: tuple[str, str], path: str, tmp_path: pathlib.Path
) -> None:
    """Catches a feed URL that shows raw markup or an XML tree in a browser instead of its titles as text."""
    stylesheet, url = host
    dom = _chromium(chromium, tmp_path / "dom", "--dump-dom", url + path).decode("utf-8")
    assert 'id="xml-viewer-style"' not in dom and "&lt;channel&gt;" not in dom  # no XML tree, no raw text
    if stylesheet == "xslt":  # Chromium 156 still runs XSLT: the feed becomes an HTML page with links
        page = lxml.html.document_fromstring(dom)
        assert "This is a web feed." in page.text_content()
        assert page.xpath("//a[@href='subscribe.html']")
        assert len(page.xpath("//article/h3/a")) >= 1
    else:  # CSS for XML: the document stays the feed, laid out by feed.css
        assert dom.lstrip().startswith(("<rss", "<feed"))
    shot = tmp_path / "shot.png"
    _chromium(chromium, tmp_path / "shot", "--window-size=800,900", f"--screenshot={shot}", url + path)
    rows = _inked_rows(shot.read_bytes())
    assert rows >= 80, f"only {rows} rows of the screenshot hold text"


def test_subscribe_page_renders(chromium: str, host: tuple[str, str], tmp_path: pathlib.Path) -> None:
    """Catches a subscribe page that renders without its heading, reader links or addresses."""
    _, url = host
    dom = _chromium(chromium, tmp_path / "dom", "--dump-dom", url + "tags/river-lune/subscribe.html")
    page = lxml.html.document_fromstring(dom.decode("utf-8"))
    assert page.find(".//h1").text_content() == "Subscribe to Lakeside Gazette: river Lune"
    assert [a.text for a in page.xpath("//section[@aria-labelledby='one-click']//a")] == [
        "Feedly", "Inoreader", "NewsBlur", "The Old Reader",
    ]  # fmt: skip
    assert page.xpath("//li[@id='rss']/code")[0].text == "https://lakeside.example.org/tags/river-lune/rss.xml"
    shot = tmp_path / "shot.png"
    _chromium(chromium, tmp_path / "shot", "--window-size=375,667", f"--screenshot={shot}", url + "subscribe.html")
    assert _inked_rows(shot.read_bytes()) >= 80


def _inked_rows(png: bytes) -> int:
    """How many pixel rows of a PNG screenshot hold dark or light ink against the page's background colour."""
    width, height, pixels = _decode_png(png)
    background = pixels[0][:3]
    inked = 0
    for row in pixels:
        for x in range(0, width * 4, 4):
            if sum(abs(row[x + c] - background[c]) for c in range(3)) > 200:
                inked += 1
                break
    assert height > 0
    return inked


def _decode_png(png: bytes) -> tuple[int, int, list[bytearray]]:
    """8-bit RGB or RGBA, non-interlaced (what Chromium writes) -> rows of RGBA bytes."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    offset, data, header = 8, b"", b""
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind, body = png[offset + 4 : offset + 8], png[offset + 8 : offset + 8 + length]
        header = body if kind == b"IHDR" else header
        data += body if kind == b"IDAT" else b""
        offset += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert depth == 8 and colour in (2, 6), (depth, colour)
    step = 4 if colour == 6 else 3
    raw = zlib.decompress(data)
    rows, previous, stride = [], bytearray(width * step), width * step
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - step] if i >= step else 0
            up, corner = previous[i], previous[i - step] if i >= step else 0
            line[i] = (line[i] + _predict(kind, left, up, corner)) & 0xFF
        rows.append(line)
        previous = line
    if step == 3:
        rows = [bytearray(b for i in range(0, len(r), 3) for b in (*r[i : i + 3], 255)) for r in rows]
    return width, height, rows


def _predict(kind: int, left: int, up: int, corner: int) -> int:
    if kind == 0:
        return 0
    if kind == 1:
        return left
    if kind == 2:
        return up
    if kind == 3:
        return (left + up) // 2
    guess = left + up - corner
    near = min((abs(guess - left), 0, left), (abs(guess - up), 1, up), (abs(guess - corner), 2, corner))
    return near[2]

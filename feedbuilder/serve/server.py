"""`feedbuilder serve`: the feeds built for this server's own address, served over HTTP.

The site is built with its URL replaced by the server's (as `hugo server`
does), written to a folder of its own, and served from an in-memory
:class:`Snapshot` (name -> bytes, gzip variant, ETag, Last-Modified). A
rebuild makes a new snapshot and swaps it in with one assignment, and each
request reads the snapshot once, so every response is whole: from the old
build or the new one. A build with problems keeps the last good snapshot.
"""

from __future__ import annotations

import dataclasses
import email.utils
import errno
import gzip
import hashlib
import html
import http.server
import mimetypes
import pathlib
import re
import signal
import socket
import socketserver
import sys
import tempfile
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterable, Mapping
from email.message import Message
from types import FrameType, TracebackType
from typing import Any

from feedbuilder import __version__
from feedbuilder.config import Overrides
from feedbuilder.errors import FeedbuilderError, Problem
from feedbuilder.output import write_files
from feedbuilder.serve import crowd
from feedbuilder.serve.watch import Builder, Outcome, Say

OnRequest = Callable[[str, str, int], None]  # method, target, status

LISTING = ""  # the snapshot's name for the page made for "/" when the build wrote no index.html
_MAIN_FILES = ("rss.xml", "atom.xml", "feed.json", "index.html", "feeds.opml")  # printed first, in this order
_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
_BY_SUFFIX = {".opml": "text/x-opml", ".xsl": "text/xsl"}  # the rest from mimetypes
_BY_ROOT = {b"rss": "application/rss+xml", b"feed": "application/atom+xml", b"RDF": "application/rdf+xml"}


class ServeError(FeedbuilderError):
    """The server cannot listen where it was asked to."""


# -- the snapshot: what is served ---------------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Entry:
    """One served file: its bytes, their gzip variant if smaller, and its validators."""

    data: bytes
    gzipped: bytes | None
    content_type: str
    etag: str  # strong: a hash of the bytes
    modified: int  # seconds since the epoch: when these bytes first appeared

    @property
    def gzip_etag(self) -> str:
        return self.etag[:-1] + '-gzip"'


@dataclasses.dataclass(frozen=True)
class Snapshot:
    files: Mapping[str, Entry]


def content_type(name: str, data: bytes) -> str:
    """The Content-Type a good feed host sends for this file (feeds sniffed from their root element)."""
    suffix = pathlib.PurePosixPath(name).suffix.lower()
    if name.endswith("rss.xml"):
        kind = "application/rss+xml"
    elif name.endswith("atom.xml"):
        kind = "application/atom+xml"
    elif suffix == ".xml":
        root = re.search(rb"<(?:[\w.-]+:)?([A-Za-z_][\w.-]*)", data[:4096])
        kind = _BY_ROOT.get(root.group(1) if root else b"", "application/xml")
    elif suffix == ".json":
        kind = "application/feed+json" if b"jsonfeed.org/version" in data[:4096] else "application/json"
    else:
        kind = _BY_SUFFIX.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"
    textual = kind.startswith("text/") or kind.endswith(("xml", "json"))
    return f"{kind}; charset=utf-8" if textual else kind


def make_entry(name: str, data: bytes, modified: int) -> Entry:
    packed = gzip.compress(data, compresslevel=6, mtime=0)
    return Entry(
        data=data,
        gzipped=packed if len(packed) < len(data) else None,
        content_type=content_type(name or "index.html", data),
        etag=f'"{hashlib.sha256(data).hexdigest()[:32]}"',
        modified=modified,
    )


def make_snapshot(files: Mapping[str, bytes], *, title: str, previous: Snapshot, now: float) -> Snapshot:
    """Entries for ``files``; a file whose bytes did not change keeps its entry and so its Last-Modified.

    A changed file's Last-Modified is later than its previous one even when
    both builds fall in the same second, so `If-Modified-Since` never hides it.
    """
    entries: dict[str, Entry] = {}

    def add(name: str, data: bytes) -> None:
        old = previous.files.get(name)
        if old is not None and old.data == data:
            entries[name] = old
        else:
            entries[name] = make_entry(name, data, int(now) if old is None else max(int(now), old.modified + 1))

    for name in sorted(files):
        add(name, files[name])
    if "index.html" not in files:
        add(LISTING, listing_page(title, {name: entry.content_type for name, entry in entries.items()}))
    return Snapshot(entries)


def main_first(names: Iterable[str]) -> list[str]:
    """Feeds, index pages and OPML lists, folder by folder from the top; in each rss, atom, json, index, opml."""

    def key(name: str) -> tuple[int, str, int, str]:
        folder, _, base = name.rpartition("/")
        rank = _MAIN_FILES.index(base) if base in _MAIN_FILES else len(_MAIN_FILES)
        return name.count("/"), folder, rank, base

    wanted = (n for n in names if n.endswith((".xml", ".json", ".opml")) or n.rpartition("/")[2] == "index.html")
    return sorted(wanted, key=key)


def said_first(names: Iterable[str]) -> tuple[list[str], list[str]]:
    """What serve prints: the index and the site's feeds (by URL), and the other feed files (as a count)."""
    ordered = main_first(names)
    main = [n for n in ordered if "/" not in n and n.rpartition(".")[2] != "opml"]
    main.sort(key=lambda name: name != "index.html")  # the index first: it lists and links every feed
    more = [n for n in ordered if "/" in n and not n.startswith("archive/") and n.endswith((".xml", ".json"))]
    return main, more


def listing_page(title: str, types: Mapping[str, str]) -> bytes:
    """A small HTML page that links every feed (and lets browsers discover them)."""
    feeds = [n for n in main_first(types) if types[n].partition(";")[0] in _FEED_TYPES]
    heading = html.escape(title or "feedbuilder serve")
    links = [
        f'<link rel="alternate" type="{types[n].partition(";")[0]}" title="{heading} ({html.escape(n)})"'
        f' href="{html.escape(urllib.parse.quote(n))}">'
        for n in feeds
    ]
    items = [f'<li><a href="{html.escape(urllib.parse.quote(n))}">{html.escape(n)}</a></li>' for n in feeds]
    body = f"<ul>\n{chr(10).join(items)}\n</ul>" if items else "<p>No feeds yet: see the terminal for the problems.</p>"
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{heading}: feeds</title>\n{chr(10).join(links)}\n</head>\n<body>\n<h1>{heading}</h1>\n"
        "<p>A preview by <code>feedbuilder serve</code>. Paste a link into your reader:</p>\n"
        f"{body}\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


# -- HTTP: pure decisions, then a thin handler ---------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Response:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


def resolve(target: str, snapshot: Snapshot) -> str | None:
    """The snapshot name a request target asks for; None for anything that could leave the folder.

    Each segment is percent-decoded on its own, so `%2f` cannot make a new
    one; `.`, `..`, empty segments, backslashes and NUL are refused.
    """
    if target[:8].lower().startswith(("http://", "https://")):
        target = urllib.parse.urlsplit(target).path or "/"
    path = target.partition("?")[0].partition("#")[0]
    if not path.startswith("/"):
        return None
    segments = [_segment(raw) for raw in path[1:].split("/")]
    if None in segments or "" in segments[:-1]:
        return None
    name = "/".join(s for s in segments if s is not None)
    if name and not name.endswith("/"):
        return name
    index = name + "index.html"
    return index if index in snapshot.files or name else LISTING


def _segment(raw: str) -> str | None:
    try:
        text = urllib.parse.unquote(raw, errors="strict")
    except UnicodeDecodeError:
        return None
    if text in (".", "..") or any(c in text for c in "/\\\x00"):
        return None
    return text


def accepts_gzip(fields: Iterable[str]) -> bool:
    """Whether `Accept-Encoding` allows gzip (q-values honoured, `*` counts, `q=0` refuses)."""
    weights: dict[str, float] = {}
    for part in ",".join(fields).split(","):
        coding, _, params = part.partition(";")
        found = re.search(r"\bq\s*=\s*([^\s;]*)", params)
        try:
            weights[coding.strip().lower()] = float(found.group(1)) if found else 1.0
        except ValueError:
            weights[coding.strip().lower()] = 0.0
    return weights.get("gzip", weights.get("x-gzip", weights.get("*", 0.0))) > 0


def etag_matches(field: str, etag: str) -> bool:
    """`If-None-Match` (a list, `*`, weak `W/` forms) against our ETag, by weak comparison."""
    if field.strip() == "*":
        return True
    return etag in re.findall(r'(?:W/)?("[^"]*")', field)


def not_modified(headers: Message, etag: str, modified: int, now: float) -> bool:
    """RFC 9110: `If-None-Match` decides when present; else `If-Modified-Since` (not in the future)."""
    matches = headers.get_all("If-None-Match")
    if matches:
        return etag_matches(", ".join(matches), etag)
    since = headers.get("If-Modified-Since")
    if not since:
        return False
    try:
        stamp = email.utils.parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return False
    return modified <= stamp <= now


def respond(snapshot: Snapshot, target: str, headers: Message, *, now: float) -> Response:
    """The answer to GET ``target`` (HEAD sends the same without the body)."""
    name = resolve(target, snapshot)
    entry = snapshot.files.get(name) if name is not None else None
    if entry is None and name and f"{name}/index.html" in snapshot.files:  # a folder, asked without its "/"
        path, _, query = target.partition("?")
        return plain(301, "moved permanently", ("Location", f"{path}/?{query}" if query else f"{path}/"))
    if entry is None:
        return plain(404, "not found")
    packed = entry.gzipped if accepts_gzip(headers.get_all("Accept-Encoding") or ()) else None
    etag = entry.etag if packed is None else entry.gzip_etag
    validators = (
        ("ETag", etag),
        ("Last-Modified", email.utils.formatdate(entry.modified, usegmt=True)),
        ("Cache-Control", "no-cache"),
        ("Vary", "Accept-Encoding"),
    )
    if not_modified(headers, etag, entry.modified, now):
        return Response(304, validators, b"")
    encoding = () if packed is None else (("Content-Encoding", "gzip"),)
    return Response(200, (("Content-Type", entry.content_type), *validators, *encoding), packed or entry.data)


def plain(status: int, text: str, *extra: tuple[str, str]) -> Response:
    headers = (("Content-Type", "text/plain; charset=utf-8"), ("Cache-Control", "no-cache"), *extra)
    return Response(status, headers, f"{status} {text}\n".encode())


class _Handler(http.server.BaseHTTPRequestHandler):
    server: _HTTPServer
    protocol_version = "HTTP/1.1"
    server_version = f"feedbuilder/{__version__}"
    timeout = crowd.IDLE_SECONDS  # seconds an idle keep-alive connection holds its thread
    disable_nagle_algorithm = True  # headers and body are two writes: without this, 40 ms per keep-alive reply

    def do_GET(self) -> None:
        self._send(respond(self.server.snapshot, self.path, self.headers, now=time.time()), body=True)

    def do_HEAD(self) -> None:
        self._send(respond(self.server.snapshot, self.path, self.headers, now=time.time()), body=False)

    def __getattr__(self, name: str) -> Callable[[], None]:
        if name.startswith("do_"):  # every other method: 405, and close (its body was not read)
            return lambda: self._send(plain(405, "method not allowed", ("Allow", "GET, HEAD"), ("Connection", "close")))
        raise AttributeError(name)

    def handle_one_request(self) -> None:
        self.server.reading(self.connection, True)  # the request's head must come within crowd.HEAD_SECONDS
        try:
            super().handle_one_request()
        finally:
            self.server.reading(self.connection, False)

    def _send(self, response: Response, *, body: bool = True) -> None:
        self.server.reading(self.connection, False)
        self.send_response(response.status)
        if self.server.crowded():  # others wait for this thread: answer, then close
            self.send_header("Connection", "close")
            self.close_connection = True
        for field, value in response.headers:
            self.send_header(field, value)
        if response.status != 304:
            self.send_header("Content-Length", str(len(response.body)))
        self.end_headers()
        if body:
            self.wfile.write(response.body)

    def version_string(self) -> str:
        return self.server_version

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if self.server.on_request:
            self.server.on_request(self.command or "", getattr(self, "path", ""), int(code))  # no path: a bad request

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: a reader polling every few seconds would drown the rebuild lines."""


class _HTTPServer(crowd.CrowdServer, http.server.HTTPServer):
    def __init__(self, address: tuple[str, int]) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.snapshot = make_snapshot({}, title="", previous=Snapshot({}), now=time.time())  # "no feeds yet"
        self.on_request: OnRequest | None = None
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A reader hanging up mid-answer is normal; anything else is a bug and shows its traceback."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse DNS lookup of the address (it can take seconds)."""
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])


def _listen(host: str, port: int) -> _HTTPServer:
    try:
        return _HTTPServer((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            hint = "pick another with --port, or --port 0 for any free port"
            raise ServeError(Problem(path="serve", message=f"port {port} is in use", hint=hint)) from None
        message = f"cannot listen on {host} port {port}: {exc.strerror or exc}"
        raise ServeError(Problem(path="serve", message=message, hint="check --bind and --port")) from None


def served_url(host: str, port: int) -> str:
    """The server's own address, as readers should use it (a wildcard bind means this machine)."""
    shown = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(host, host)  # noqa: S104 (a lookup, not a bind)
    return f"http://[{shown}]:{port}/" if ":" in shown else f"http://{shown}:{port}/"


# -- the server --------------------------------------------------------------------------------


def _stdout(line: str) -> None:
    print(line, flush=True)


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class Server:
    """One site's feeds, built for and served at ``url``; it listens from construction on.

    ``say`` gets each feed's URL once (stdout in the CLI), ``log`` the
    problems and one line per (re)build (stderr), ``on_request`` each
    answered request (none by default: readers poll often).
    """

    def __init__(
        self,
        config: pathlib.Path,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        drafts: bool = False,
        future: bool = False,
        folder: pathlib.Path | None = None,
        say: Say = _stdout,
        log: Say = _stderr,
        on_request: OnRequest | None = None,
    ) -> None:
        self._httpd = _listen(host, port)
        self._httpd.on_request = on_request
        self.url = served_url(host, int(self._httpd.server_address[1]))
        self._temporary = None if folder else tempfile.TemporaryDirectory(prefix="feedbuilder-serve-")
        self.folder = folder or pathlib.Path(self._temporary.name if self._temporary else ".")
        self._say = say
        self._announced: set[str] = set()
        self._threads: list[threading.Thread] = []
        self._serving = False
        self._builder = Builder(
            config,
            Overrides(base_url=self.url, output=self.folder),
            drafts=drafts,
            future=future,
            publish=self.publish,
            log=log,
        )

    @property
    def snapshot(self) -> Snapshot:
        return self._httpd.snapshot

    def url_of(self, name: str) -> str:
        """The address of a served file; an index page by its folder's address."""
        folder, _, base = name.rpartition("/")
        path = (folder + "/" if folder else "") if base == "index.html" else name
        return self.url + urllib.parse.quote(path)

    def rebuild(self) -> Outcome:
        """Build again and serve the result; with problems, log them and keep serving the last good build."""
        return self._builder.rebuild()

    def watch(self) -> None:
        """Rebuild after the articles or the config change; returns once the watch is in place."""
        self._builder.watch()

    def publish(self, files: Mapping[str, bytes], title: str) -> tuple[str, ...]:
        """Write ``files`` to the folder and serve them from now on; the names whose bytes changed.

        The swap is one assignment: a request in flight keeps the snapshot it started with.
        """
        previous = self.snapshot
        snapshot = make_snapshot(files, title=title, previous=previous, now=time.time())
        write_files(files, self.folder)
        for gone in set(previous.files) - set(files) - {LISTING}:
            (self.folder / gone).unlink(missing_ok=True)
        self._httpd.snapshot = snapshot
        self._announce(files)
        return tuple(n for n in sorted(files) if previous.files.get(n) is not snapshot.files[n])

    def _announce(self, files: Mapping[str, bytes]) -> None:
        """Say the index and the site's feeds once each, and how many other feeds appeared, where listed."""
        main, more = said_first(files)
        for name in main:
            if name not in self._announced:
                self._announced.add(name)
                self._say(self.url_of(name))
        new = [name for name in more if name not in self._announced]
        self._announced.update(new)
        if new:
            where = self.url + "index.html" if "index.html" in files else self.url
            count = len({name.rpartition("/")[0] for name in new})
            self._say(f"{count} {'more feed' if count == 1 else 'more feeds'} listed at {where}")

    def start(self) -> Server:
        """Serve in a background thread (for tests and embedding); returns self."""
        thread = threading.Thread(target=self.serve_forever, name="feedbuilder serve", daemon=True)
        self._threads.append(thread)
        thread.start()
        return self

    def serve_forever(self) -> None:
        self._serving = True
        self._httpd.serve_forever(poll_interval=0.05)

    def close(self) -> None:
        """Stop watching and serving, and remove the temporary folder."""
        self._builder.close()
        if self._serving:
            self._httpd.shutdown()
        self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=10)
        if self._temporary:
            self._temporary.cleanup()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()


# -- the command ---------------------------------------------------------------------------------


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def run(config: pathlib.Path, *, host: str, port: int, watch: bool, drafts: bool, future: bool) -> int:
    """`feedbuilder serve`: build, print the feed URLs, serve until Ctrl-C (or SIGTERM); the exit code."""
    server = None
    previous_term = signal.signal(signal.SIGTERM, _interrupt)
    try:
        server = Server(config, host=host, port=port, drafts=drafts, future=future)
        if not server.rebuild().ok and not watch:
            return 1
        if watch:
            server.watch()
        _stderr(f"serve: serving {server.url} (Ctrl-C to stop)")
        server.serve_forever()
    except KeyboardInterrupt:
        _stderr("serve: stopped")
    finally:
        previous_int = signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not break the cleanup
        if server:
            server.close()
        signal.signal(signal.SIGINT, previous_int)
        signal.signal(signal.SIGTERM, previous_term)
    return 0

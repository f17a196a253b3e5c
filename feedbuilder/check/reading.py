"""Reading a feed to check, within bounds: regular files or http(s) URLs, never more than READ_LIMIT bytes.

A device (`/dev/zero`), a FIFO, a socket or a folder is refused before a byte is read, and opening never
waits for a writer (O_NONBLOCK), so nothing blocks and memory stays bounded whatever the path names.
"""

from __future__ import annotations

import os
import stat
import time
from typing import BinaryIO

READ_LIMIT = 20_000_000  # bytes: four times the W3C validator's limit; a larger file is refused unread
URL_TIMEOUT = 10.0  # seconds, for connecting and for each read
URL_DEADLINE = 30.0  # seconds for the whole download
_KINDS = {
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFIFO: "a FIFO (named pipe)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFDIR: "a folder",
}


class ReadError(Exception):
    """The feed cannot be read within bounds; args are (message, hint)."""


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def read_source(source: str, *, limit: int = READ_LIMIT) -> bytes:
    """The bytes of a file or an http(s) URL; ReadError when it is not a regular file, too big or unreachable."""
    return read_url(source, limit=limit) if is_url(source) else read_file(source, limit=limit)


def _refuse_kind(mode: int) -> None:
    if not stat.S_ISREG(mode):
        kind = _KINDS.get(stat.S_IFMT(mode), "not a regular file")
        raise ReadError(f"is {kind}, not a regular file", "give the path of a feed file, or its http(s) URL")


def _too_big(size: int, limit: int) -> ReadError:
    said = f"{size:,} bytes" if size else "more"
    return ReadError(f"is {said}, over the limit of {limit:,} bytes", "no feed is that big; check the path")


def read_file(path: str, *, limit: int = READ_LIMIT) -> bytes:
    try:
        _refuse_kind(os.stat(path).st_mode)
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReadError(f"cannot be read: {exc.strerror or exc}", "check the path") from None
    try:
        status = os.fstat(descriptor)
        _refuse_kind(status.st_mode)  # it may have changed between stat and open
        if status.st_size > limit:
            raise _too_big(status.st_size, limit)
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(descriptor, min(1 << 20, limit + 1 - total)):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise _too_big(0, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise ReadError(f"cannot be read: {exc.strerror or exc}", "check the path") from None
    finally:
        os.close(descriptor)


def read_url(url: str, *, limit: int = READ_LIMIT, timeout: float = URL_TIMEOUT) -> bytes:
    """GET an http(s) URL: redirects followed, no compression asked for, at most `limit` bytes."""
    import urllib.error
    import urllib.request

    class _HttpOnly(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]  # noqa: PLR0917
            if not is_url(newurl):
                raise urllib.error.URLError(f"redirected to {newurl}, not an http(s) URL")
            return super().redirect_request(req, fp, code, msg, headers, newurl)

    # only http(s) URLs come here (is_url), and redirects may only lead to others
    request = urllib.request.Request(url, headers={"User-Agent": "feedbuilder-check", "Accept": "*/*"})  # noqa: S310
    opener = urllib.request.build_opener(_HttpOnly)
    try:
        with opener.open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise _too_big(int(declared), limit)
            data = _read_response(response, limit, time.monotonic() + URL_DEADLINE)
    except urllib.error.HTTPError as exc:
        raise ReadError(f"cannot be fetched: HTTP {exc.code} {exc.reason}", "check the URL") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ReadError(f"cannot be fetched: {reason}", "check the URL and that the server is up") from None
    return data


def _read_response(response: BinaryIO, limit: int, deadline: float) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while chunk := response.read1(65536) if hasattr(response, "read1") else response.read(65536):
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise _too_big(0, limit)
        if time.monotonic() > deadline:
            raise ReadError(f"took over {URL_DEADLINE:.0f} s to download", "check the URL and the server")
    return b"".join(chunks)

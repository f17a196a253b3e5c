"""Serving a crowd: a deep listen backlog, a fixed pool of connection threads, and slow clients cut off.

``http.server.ThreadingHTTPServer`` listens with a backlog of 5 and starts a
thread per connection: a thousand readers connecting at once overflow the
backlog (their connections time out) or start a thousand threads. Here the
kernel queues up to :data:`BACKLOG` connections, :data:`WORKERS` threads
answer them in turn, a connection that others wait behind is closed after its
answer instead of kept alive, and a client that takes longer than
:data:`HEAD_SECONDS` to send its request (one byte at a time, say) is cut off.
"""

from __future__ import annotations

import contextlib
import queue
import socket
import socketserver
import threading
import time
from typing import Any

BACKLOG = 1024  # connections the kernel holds for us (it may cap this at net.core.somaxconn)
WORKERS = 32  # threads answering connections
HEAD_SECONDS = 10.0  # to send a request's line and headers
IDLE_SECONDS = 5.0  # a kept-alive connection may wait this long for its next request


class CrowdServer(socketserver.TCPServer):
    """A TCPServer whose connections are answered by a fixed pool of threads (mix in before it)."""

    request_queue_size = BACKLOG

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._waiting: queue.SimpleQueue[tuple[Any, Any] | None] = queue.SimpleQueue()
        self._reading: dict[socket.socket, float] = {}  # connection -> when its request head must be in
        self._lock = threading.Lock()
        self._stopped = threading.Event()
        self._pool = [threading.Thread(target=self._work, name="serve", daemon=True) for _ in range(WORKERS)]
        self._pool.append(threading.Thread(target=self._cut_off_slow, name="serve deadlines", daemon=True))
        super().__init__(*args, **kwargs)
        for thread in self._pool:
            thread.start()

    def process_request(self, request: Any, client_address: Any) -> None:
        self._waiting.put((request, client_address))

    def crowded(self) -> bool:
        """Whether connections are waiting for a thread (then none is kept alive)."""
        return not self._waiting.empty()

    def reading(self, connection: socket.socket, started: bool) -> None:
        """A request's head is being read from ``connection`` (``started``), or has been."""
        with self._lock:
            if started:
                self._reading[connection] = time.monotonic() + HEAD_SECONDS
            else:
                self._reading.pop(connection, None)

    def server_close(self) -> None:
        super().server_close()
        self._stopped.set()
        for _ in range(WORKERS):
            self._waiting.put(None)

    def _work(self) -> None:
        while (job := self._waiting.get()) is not None:
            request, client_address = job
            try:
                self.finish_request(request, client_address)
            except Exception:
                self.handle_error(request, client_address)
            finally:
                self.reading(request, False)
                self.shutdown_request(request)

    def _cut_off_slow(self) -> None:
        while not self._stopped.wait(0.5):
            now = time.monotonic()
            with self._lock:
                late = [connection for connection, deadline in self._reading.items() if deadline < now]
                for connection in late:
                    del self._reading[connection]
            for connection in late:
                with contextlib.suppress(OSError):  # closed meanwhile
                    connection.shutdown(socket.SHUT_RDWR)

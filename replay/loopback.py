"""Serving a request handler on loopback from a background thread: what both replay services share."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class TrackedHandler(BaseHTTPRequestHandler):
    """A keep-alive handler that its service can close at stop, quiet in the console."""

    owner: LoopbackService
    # Keep-alive matters: the real clients reuse one pooled connection for every request.
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def setup(self) -> None:
        super().setup()
        self.owner._track(self.connection)

    def finish(self) -> None:
        self.owner._untrack(self.connection)
        super().finish()


class LoopbackService:
    """Binds `handler` (bound to this service under the name `bound_as`) on host:port in a daemon thread."""

    handler: type[TrackedHandler]
    bound_as = "service"
    thread_name = "replay"

    def __init__(self, host: str = "127.0.0.1", port: int = 0) -> None:
        self.host, self.port = host, port
        self._lock = threading.Lock()
        self._connections: set[socket.socket] = set()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL (http://host:port) once started."""
        if self._server is None:
            raise RuntimeError(f"{type(self).__name__} is not started")
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self):
        """Bind and serve in a background daemon thread."""
        if self._server is not None:
            return self
        bound = type("_BoundHandler", (self.handler,), {"owner": self, self.bound_as: self})
        self._server = ThreadingHTTPServer((self.host, self.port), bound)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name=self.thread_name, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and release the port."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
        with self._lock:
            connections, self._connections = list(self._connections), set()
        for connection in connections:
            # Idle keep-alive threads would otherwise keep answering pooled client connections after stop().
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def serve_forever(self) -> None:
        """Start and block until interrupted (for the command line)."""
        self.start()
        assert self._thread is not None
        try:
            while self._thread.is_alive():
                self._thread.join(timeout=0.5)
        finally:
            self.stop()

    def __enter__(self):
        """Start on entering a with-block."""
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        """Stop on leaving a with-block."""
        self.stop()

    def _track(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.add(connection)

    def _untrack(self, connection: socket.socket) -> None:
        with self._lock:
            self._connections.discard(connection)

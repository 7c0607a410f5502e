"""The mixed run's load generator: one process per connection, each with a small HTTP/1.1
client on a plain socket (bench/mixed.py's default, `--generator processes`).

The earlier generator (`--generator httpx`) ran 16 threads with httpx in one Python process on
the server's own 2 cores: about 2 ms of CPU per request, a fifth of the machine, and its
latencies included each thread's wait for the process's one interpreter lock. Here each
connection is a process of its own that blocks on its socket (no lock shared with the others),
writes the request's bytes itself and reads the answer by its Content-Length (or its chunks, or
to the end of the connection): the time between the request's first byte and the answer's last
is what the server took, plus this process's own parse of a few header lines.

A connection is kept when the server keeps it (HTTP/1.1's default) and opened afresh when the
server closes it, as gunicorn's sync worker does after every answer.
"""

from __future__ import annotations

import socket
from urllib.parse import urlencode, urlsplit


class ProtocolError(Exception):
    """The server's answer could not be read as HTTP/1.1."""


class Response:
    """What the mix reads of an answer (the names httpx gives them)."""

    __slots__ = ("status_code", "content", "headers")

    def __init__(self, status_code: int, content: bytes, headers: dict[str, str]) -> None:
        self.status_code = status_code
        self.content = content
        self.headers = headers

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", "replace")


class RawClient:
    """A blocking HTTP/1.1 client on one socket, with the part of httpx's interface the mix
    uses: `request(method, path, headers=..., data=...)` and `get(path, headers=...)`."""

    def __init__(self, base_url: str, timeout: float = 30) -> None:
        parts = urlsplit(base_url)
        self.address = (parts.hostname or "127.0.0.1", parts.port or 80)
        self.host = parts.netloc.encode()
        self.timeout = timeout
        self.sock: socket.socket | None = None

    def __enter__(self) -> RawClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self.sock is not None:
            self.sock.close()
            self.sock = None

    def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return self.request("GET", path, headers=headers)

    def request(
        self,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        data: dict[str, object] | None = None,
    ) -> Response:
        lines = [f"{method} {path} HTTP/1.1".encode(), b"Host: " + self.host]
        lines += [f"{name}: {value}".encode() for name, value in (headers or {}).items()]
        body = b""
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            lines.append(b"Content-Type: application/x-www-form-urlencoded")
        if body or method == "POST":
            lines.append(b"Content-Length: %d" % len(body))
        message = b"\r\n".join(lines) + b"\r\n\r\n" + body
        reused = self.sock is not None
        try:
            return self._exchange(message)
        except (OSError, ProtocolError):
            self.close()
            if not reused:
                raise
        # A kept connection the server had closed meanwhile: once more on a new one.
        return self._exchange(message)

    def _exchange(self, message: bytes) -> Response:
        if self.sock is None:
            self.sock = socket.create_connection(self.address, timeout=self.timeout)
            self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock = self.sock
        sock.sendall(message)
        buffer = bytearray()
        while (end := buffer.find(b"\r\n\r\n")) < 0:
            chunk = sock.recv(65536)
            if not chunk:
                raise ProtocolError("the connection closed before the answer's headers")
            buffer += chunk
        head = bytes(buffer[:end]).decode("latin-1").split("\r\n")
        del buffer[: end + 4]
        try:
            status = int(head[0].split(" ", 2)[1])
        except (IndexError, ValueError) as error:
            raise ProtocolError(f"no status line: {head[0]!r}") from error
        headers = {}
        for line in head[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            content = self._read_exactly(buffer, int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            content = self._read_chunked(buffer)
        else:
            content = self._read_to_close(buffer)
        if headers.get("connection", "").lower() == "close" or self.sock is None:
            self.close()
        return Response(status, content, headers)

    def _read_exactly(self, buffer: bytearray, length: int) -> bytes:
        while len(buffer) < length:
            chunk = self.sock.recv(max(65536, length - len(buffer)))  # type: ignore[union-attr]
            if not chunk:
                raise ProtocolError("the connection closed inside the answer's body")
            buffer += chunk
        return bytes(buffer[:length])

    def _read_line(self, buffer: bytearray) -> bytes:
        while (end := buffer.find(b"\r\n")) < 0:
            chunk = self.sock.recv(65536)  # type: ignore[union-attr]
            if not chunk:
                raise ProtocolError("the connection closed inside a chunk")
            buffer += chunk
        line = bytes(buffer[:end])
        del buffer[: end + 2]
        return line

    def _read_chunked(self, buffer: bytearray) -> bytes:
        content = bytearray()
        while size := int(self._read_line(buffer).split(b";")[0], 16):
            content += self._read_exactly(buffer, size + 2)[:size]
            del buffer[: size + 2]
        while self._read_line(buffer):  # trailers, up to the empty line
            pass
        return bytes(content)

    def _read_to_close(self, buffer: bytearray) -> bytes:
        while chunk := self.sock.recv(65536):  # type: ignore[union-attr]
            buffer += chunk
        self.close()
        return bytes(buffer)

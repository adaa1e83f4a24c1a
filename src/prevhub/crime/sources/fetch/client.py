"""HTTP access to data.police.uk: the published rate limit, retries, resumable Range reads.

:class:`PoliceUkClient` sends every request through a :class:`TokenBucket` (at most 15 a
second), retries 429, 503 and dropped connections after ``Retry-After`` or an exponential
back-off, and reads byte ranges that resume where a dropped connection cut. :class:`RemoteFile`
turns those range reads into a seekable file, so :mod:`zipfile` reads an archive's directory
and chosen members without downloading the whole zip.
"""

from __future__ import annotations

import email.utils
import io
import json
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx

from prevhub.errors import PrevhubError

DEFAULT_BASE_URL = "https://data.police.uk"
MAX_REQUESTS_PER_SECOND = 15.0
RANGE_BLOCK = 2 * 1024 * 1024  # bytes per Range request when reading an archive

ERR_GAVE_UP = "data.police.uk kept failing ({last}) after {tries} tries for {url}; try again later."


class TokenBucket:
    """A token bucket: at most ``rate`` acquisitions per second, bursts of at most ``burst``.

    data.police.uk allows 15 requests a second. With the default ``burst=1`` the requests are
    spaced evenly, so any one-second window holds at most ``rate`` of them. ``margin`` stretches
    the spacing a little so that network jitter never pushes a server-side count over the limit.
    """

    def __init__(
        self,
        rate: float = MAX_REQUESTS_PER_SECOND,
        *,
        burst: int = 1,
        margin: float = 0.02,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0 or burst < 1:
            raise ValueError("rate must be positive and burst at least 1")
        self.interval = (1.0 / rate) * (1.0 + margin)
        self.capacity = float(burst)
        self._tokens = float(burst)
        self._clock = clock
        self._sleep = sleep
        self._updated = clock()
        self._lock = threading.Lock()

    def acquire(self) -> None:
        """Block until a token is free, then take it."""
        with self._lock:
            while True:
                now = self._clock()
                self._tokens = min(
                    self.capacity, self._tokens + (now - self._updated) / self.interval
                )
                self._updated = now
                if self._tokens >= 1.0 - 1e-9:  # tolerance: float sums land a hair short of 1
                    self._tokens = max(0.0, self._tokens - 1.0)
                    return
                self._sleep((1.0 - self._tokens) * self.interval)


def _retry_after(response: httpx.Response) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date)."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class PoliceUkClient:
    """HTTP access to data.police.uk with the rate limit, back-off and resumable range reads.

    Parameters
    ----------
    base_url
        ``https://data.police.uk`` or a mirror / test server.
    rate
        Requests per second (default 15, the published limit).
    max_retries
        Retries after a 429, a 503 or a dropped connection before giving up.
    backoff
        First back-off in seconds when the server gives no ``Retry-After``; doubles each try.
    max_wait
        Longest single wait, whatever ``Retry-After`` says.
    block_size
        Bytes per ``Range`` request when reading an archive zip.
    """

    def __init__(
        self,
        base_url: str = DEFAULT_BASE_URL,
        *,
        rate: float = MAX_REQUESTS_PER_SECOND,
        max_retries: int = 5,
        backoff: float = 1.0,
        max_wait: float = 120.0,
        timeout: float = 60.0,
        block_size: int = RANGE_BLOCK,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.block_size = block_size
        self.bucket = TokenBucket(rate, sleep=sleep)
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self._sleep = sleep
        self._http = httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            headers={"User-Agent": "prevention-hub (prevhub fetch police-uk)"},
        )

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> PoliceUkClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str) -> str:
        """Absolute URL for a path on the server."""
        return path if path.startswith("http") else f"{self.base_url}/{path.lstrip('/')}"

    def _wait(self, attempt: int, response: httpx.Response | None = None) -> None:
        delay = _retry_after(response) if response is not None else None
        if delay is None:
            delay = self.backoff * (2**attempt)
        self._sleep(min(delay, self.max_wait))

    @contextmanager
    def stream(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        allow: Iterable[int] = (),
    ) -> Iterator[httpx.Response]:
        """Send one request (rate-limited, retried on 429/503/connection errors), streaming.

        Statuses other than 2xx and those in ``allow`` raise :class:`PrevhubError`.
        """
        url = self.url(path)
        last = "no answer"
        for attempt in range(self.max_retries + 1):
            self.bucket.acquire()
            request = self._http.build_request(
                method, url, params=params, data=data, headers=headers
            )
            try:
                response = self._http.send(request, stream=True)
            except httpx.TransportError as exc:
                last = f"{type(exc).__name__}: {exc}"
                if attempt < self.max_retries:
                    self._wait(attempt)
                continue
            if response.status_code in (429, 503):
                last = f"HTTP {response.status_code}"
                response.close()
                if attempt < self.max_retries:
                    self._wait(attempt, response)
                continue
            try:
                if response.status_code >= 400 and response.status_code not in set(allow):
                    raise PrevhubError(
                        f"data.police.uk answered HTTP {response.status_code} for {url}"
                    )
                yield response
            finally:
                response.close()
            return
        raise PrevhubError(ERR_GAVE_UP.format(last=last, tries=self.max_retries + 1, url=url))

    def get_json(
        self,
        path: str,
        *,
        params: dict[str, str] | None = None,
        data: dict[str, str] | None = None,
        allow: Iterable[int] = (),
    ) -> Any:
        """GET (or POST when ``data`` is given) a JSON document; ``None`` for an allowed 4xx."""
        method = "POST" if data is not None else "GET"
        for attempt in range(self.max_retries + 1):
            with self.stream(method, path, params=params, data=data, allow=allow) as response:
                if response.status_code >= 400:
                    return None
                try:
                    body = response.read()
                except httpx.TransportError:
                    if attempt < self.max_retries:
                        self._wait(attempt)
                    continue
            return json.loads(body) if body.strip() else []
        raise PrevhubError(
            ERR_GAVE_UP.format(
                last="connection dropped", tries=self.max_retries + 1, url=self.url(path)
            )
        )

    def size(self, path: str) -> tuple[int, bool] | None:
        """``(length, accepts_ranges)`` of a file, or ``None`` when the server has no such file."""
        with self.stream("HEAD", path, allow=(403, 404)) as response:
            if response.status_code in (403, 404):
                return None
            length = int(response.headers.get("Content-Length", "0"))
            ranges = response.headers.get("Accept-Ranges", "").lower() == "bytes"
            return length, ranges

    def read_range(self, path: str, start: int, end: int) -> bytes:
        """Bytes ``start..end`` (inclusive) of a file; a dropped connection resumes where it cut.

        Each resumption is a new ``Range`` request starting at the first byte not yet received,
        so a connection killed half-way through costs only the rest of the block.
        """
        want = end - start + 1
        buffer = bytearray()
        drops = 0
        while len(buffer) < want:
            position = start + len(buffer)
            headers = {"Range": f"bytes={position}-{end}"}
            with self.stream("GET", path, headers=headers) as response:
                if response.status_code != 206:
                    raise NoRangeSupport
                try:
                    for chunk in response.iter_bytes():
                        buffer.extend(chunk)
                except httpx.TransportError as exc:
                    drops += 1
                    if drops > self.max_retries:
                        raise PrevhubError(
                            ERR_GAVE_UP.format(
                                last=f"connection dropped: {exc}",
                                tries=drops,
                                url=self.url(path),
                            )
                        ) from exc
                    self._wait(drops - 1)
        return bytes(buffer[:want])


class NoRangeSupport(Exception):
    """The server ignored a Range header."""


class RemoteFile(io.RawIOBase):
    """A read-only, seekable view of a remote file through Range requests, block-cached.

    :class:`zipfile.ZipFile` reads the end-of-archive record, the central directory and then
    the wanted members through this, so only those bytes cross the network.
    """

    def __init__(self, client: PoliceUkClient, path: str, size: int) -> None:
        super().__init__()
        self._client = client
        self._path = path
        self._size = size
        self._position = 0
        self._blocks: dict[int, bytes] = {}

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        self._position = max(0, base + offset)
        return self._position

    def _block(self, index: int) -> bytes:
        block = self._blocks.get(index)
        if block is None:
            start = index * self._client.block_size
            end = min(self._size, start + self._client.block_size) - 1
            block = self._client.read_range(self._path, start, end)
            if len(self._blocks) >= 4:  # a small cache: reads are mostly sequential
                self._blocks.pop(next(iter(self._blocks)))
            self._blocks[index] = block
        return block

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = self._size - self._position
        size = max(0, min(size, self._size - self._position))
        out = bytearray()
        while len(out) < size:
            index, offset = divmod(self._position, self._client.block_size)
            piece = self._block(index)[offset : offset + size - len(out)]
            if not piece:
                break
            out.extend(piece)
            self._position += len(piece)
        return bytes(out)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

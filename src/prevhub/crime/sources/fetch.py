"""Download data.police.uk files for one force and a range of months, politely and resumably.

data.police.uk serves the same data two ways:

- **Archive zips** at ``/data/archive/YYYY-MM.zip``: every force's street, outcomes and
  stop-and-search CSVs for the 36 months ending ``YYYY-MM``, laid out as
  ``YYYY-MM/YYYY-MM-<force>-<kind>.csv``. A zip is well over a gigabyte, so we never download it
  whole: we read its central directory and the wanted members with HTTP ``Range`` requests and
  write only the force's files. A member's CRC is checked as it is read.
- **The JSON API** at ``/api/...``: used only for months no archive serves yet. Street crimes
  come from ``crimes-street`` queried with each neighbourhood's boundary polygon plus
  ``crimes-no-location``; stop and search from ``stops-force``. The API has no force-wide
  outcomes query, so outcomes come only from archives. API rows are converted to the archive's
  CSV columns; the API gives no LSOA, so ``LSOA code`` and ``LSOA name`` are left empty (such
  rows count in force totals but not in area breakdowns until an LSOA is assigned from the
  coordinates).

Rules we keep: at most 15 requests a second (data.police.uk's published limit) through a token
bucket; HTTP 429 and 503 are retried after ``Retry-After`` (or an exponential back-off), a
bounded number of times, then stop with a clear error; a file is written to ``<name>.part`` and
renamed only once complete and verified; a month's completion marker (sizes and SHA-256 of its
files) is written atomically, and months whose marker matches the files on disk are skipped on
the next run.
"""

from __future__ import annotations

import csv
import email.utils
import hashlib
import io
import json
import os
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from prevhub.crime.periods import month_from_index, month_index, months_in
from prevhub.errors import PrevhubError

DEFAULT_BASE_URL = "https://data.police.uk"
MAX_REQUESTS_PER_SECOND = 15.0
ARCHIVE_MONTHS = 36

STREET = "street"
OUTCOMES = "outcomes"
STOP_AND_SEARCH = "stop-and-search"
KINDS = (STREET, OUTCOMES, STOP_AND_SEARCH)

STREET_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
STOP_AND_SEARCH_COLUMNS = (
    "Type",
    "Date",
    "Part of a policing operation",
    "Policing operation",
    "Latitude",
    "Longitude",
    "Gender",
    "Age range",
    "Self-defined ethnicity",
    "Officer-defined ethnicity",
    "Legislation",
    "Object of search",
    "Outcome",
    "Outcome linked to object of search",
    "Removal of more than just outer clothing",
)

MARKER_PREFIX = ".prevhub-fetch-"
RANGE_BLOCK = 2 * 1024 * 1024  # bytes per Range request when reading an archive

ERR_UNKNOWN_FORCE = "Unknown force id {force!r}: data.police.uk knows {known}."
ERR_NOT_PUBLISHED = (
    "data.police.uk has not published {month} (published months: {first} to {last})."
)
ERR_FORCE_MONTH_MISSING = (
    "data.police.uk has no {kind} file for {force} in {month} (the archive {archive} does not "
    "contain {member})."
)
ERR_NO_STOP_SEARCH = "data.police.uk has no stop-and-search data for {force} in {month}."
ERR_OUTCOMES_NEED_ARCHIVE = (
    "Outcomes for {month} are not in any archive yet, and the API has no force-wide outcomes "
    "query; fetch them once the {month} archive is published."
)
ERR_UNAVAILABLE = (
    "No archive or API serves {month}: it is older than the API's months ({first} to {last}) "
    "and the server has no archive {archive}.zip."
)
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
                    raise _NoRangeSupport
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


class _NoRangeSupport(Exception):
    """The server ignored a Range header."""


class _RemoteFile(io.RawIOBase):
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


# --- markers: what is complete on disk ---------------------------------------------------------


def file_name(month: str, force: str, kind: str) -> str:
    """The archive's name for one force's file of one kind for one month."""
    return f"{month}-{force}-{kind}.csv"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _marker_path(dest: Path, month: str, force: str) -> Path:
    return dest / month / f"{MARKER_PREFIX}{force}.json"


def verified_kinds(dest: Path, month: str, force: str) -> set[str]:
    """Kinds of a month whose files match the completion marker (size and SHA-256)."""
    marker = _marker_path(dest, month, force)
    try:
        recorded = json.loads(marker.read_text())["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    good = set()
    for kind, entry in recorded.items():
        path = dest / month / entry["name"]
        try:
            if path.stat().st_size == entry["size"] and _sha256(path) == entry["sha256"]:
                good.add(kind)
        except OSError:
            continue
    return good


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(path.name + ".part")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def _record(dest: Path, month: str, force: str, kind: str, path: Path, source: str) -> None:
    """Add one verified file to the month's marker (read, update, atomic replace)."""
    marker = _marker_path(dest, month, force)
    try:
        content = json.loads(marker.read_text())
    except (OSError, ValueError):
        content = {"force": force, "month": month, "files": {}}
    content["files"][kind] = {
        "name": path.name,
        "size": path.stat().st_size,
        "sha256": _sha256(path),
        "source": source,
        "fetched_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    _write_atomically(marker, json.dumps(content, indent=2, sort_keys=True))


# --- the fetch ---------------------------------------------------------------------------------


@dataclass
class FetchReport:
    """What a fetch did: files written (with their source) and months skipped as complete."""

    written: list[Path] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)  # file name -> "archive:..."/"api"
    skipped: list[str] = field(default_factory=list)  # "YYYY-MM <kind>" already complete


class Progress:
    """What the fetch tells a progress display; the CLI's Rich bar implements it."""

    def start(self, total: int) -> None:
        """Called once with the number of files to fetch."""

    def advance(self, description: str) -> None:
        """Called after each file is written (or skipped)."""


def fetch_police_uk(
    force: str,
    first: str,
    last: str,
    dest: Path | str,
    *,
    kinds: Iterable[str] = (STREET,),
    base_url: str = DEFAULT_BASE_URL,
    client: PoliceUkClient | None = None,
    progress: Progress | None = None,
) -> FetchReport:
    """Download one force's files for ``first``..``last`` into ``dest`` in archive layout.

    Parameters
    ----------
    force
        data.police.uk force id, e.g. ``nottinghamshire``.
    first, last
        Months ``YYYY-MM``, inclusive.
    dest
        Folder; files go to ``dest/YYYY-MM/YYYY-MM-<force>-<kind>.csv``.
    kinds
        Any of ``street``, ``outcomes``, ``stop-and-search``.
    base_url
        Server to use (ignored when ``client`` is given).
    client
        A configured :class:`PoliceUkClient` (tests pass one with short back-offs).
    progress
        Receives progress events.

    Raises
    ------
    PrevhubError
        For an unknown force, a month not published, a file missing from an archive, or a
        server that keeps failing.
    """
    wanted_kinds = tuple(dict.fromkeys(kinds))
    for kind in wanted_kinds:
        if kind not in KINDS:
            raise PrevhubError(f"Unknown kind {kind!r}; choose from {', '.join(KINDS)}.")
    months = months_in((first, last))
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    own_client = client is None
    client = client or PoliceUkClient(base_url)
    progress = progress or Progress()
    report = FetchReport()
    try:
        forces = client.get_json("/api/forces")
        names = {entry["id"]: entry["name"] for entry in forces}
        if force not in names:
            raise PrevhubError(
                ERR_UNKNOWN_FORCE.format(force=force, known=", ".join(sorted(names)))
            )
        dates = client.get_json("/api/crimes-street-dates")
        published = {entry["date"]: entry.get("stop-and-search", []) for entry in dates}
        newest = max(published)
        oldest = min(published)
        for month in months:
            if month > newest:
                raise PrevhubError(ERR_NOT_PUBLISHED.format(month=month, first=oldest, last=newest))
            if (
                STOP_AND_SEARCH in wanted_kinds
                and month in published
                and force not in published[month]
            ):
                raise PrevhubError(ERR_NO_STOP_SEARCH.format(force=force, month=month))

        pending: dict[str, list[str]] = {}
        for month in months:
            done = verified_kinds(dest, month, force)
            missing = [kind for kind in wanted_kinds if kind not in done]
            report.skipped.extend(f"{month} {kind}" for kind in wanted_kinds if kind in done)
            if missing:
                pending[month] = missing
        progress.start(sum(len(kinds) for kinds in pending.values()))

        # The newest archive holds the latest revision of every month in its 36; older months
        # come from older archives, and a month whose archive is not out yet from the API.
        queue = sorted(pending, reverse=True)
        api = _ApiSource(client, force, names[force])
        candidate = newest
        while queue:
            candidate = min(candidate, month_from_index(month_index(queue[0]) + ARCHIVE_MONTHS - 1))
            archive = _open_archive(client, candidate)
            if archive is None:
                if candidate == queue[0]:
                    month = queue.pop(0)
                    if month not in published:
                        raise PrevhubError(
                            ERR_UNAVAILABLE.format(
                                month=month, first=oldest, last=newest, archive=candidate
                            )
                        )
                    for kind in pending[month]:
                        path = api.fetch(month, kind, dest)
                        _record(dest, month, force, kind, path, "api")
                        report.written.append(path)
                        report.sources[path.name] = "api"
                        progress.advance(path.name)
                candidate = month_from_index(month_index(candidate) - 1)
                continue
            archive_month = candidate
            low = month_index(archive_month) - ARCHIVE_MONTHS + 1
            covered = [m for m in queue if low <= month_index(m) <= month_index(archive_month)]
            with archive:
                for month in covered:
                    for kind in pending[month]:
                        path = _extract(archive, archive_month, force, month, kind, dest)
                        source = f"archive:{archive_month}.zip"
                        _record(dest, month, force, kind, path, source)
                        report.written.append(path)
                        report.sources[path.name] = source
                        progress.advance(path.name)
            queue = [m for m in queue if m not in covered]
    finally:
        if own_client:
            client.close()
    return report


def _open_archive(client: PoliceUkClient, month: str) -> zipfile.ZipFile | None:
    """Open ``/data/archive/<month>.zip`` remotely, or ``None`` if the server has none."""
    path = f"/data/archive/{month}.zip"
    found = client.size(path)
    if found is None:
        return None
    size, ranges = found
    if ranges and size > 0:
        try:
            return zipfile.ZipFile(_RemoteFile(client, path, size))
        except _NoRangeSupport:
            pass
    # A server without Range support: the whole zip, spooled to a temporary file.
    import tempfile

    spool = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the ZipFile returned
    with client.stream("GET", path) as response:
        for chunk in response.iter_bytes():
            spool.write(chunk)
    spool.seek(0)
    return zipfile.ZipFile(spool)


def _extract(
    archive: zipfile.ZipFile, archive_month: str, force: str, month: str, kind: str, dest: Path
) -> Path:
    """Copy one member to ``<name>.part`` (CRC-checked by zipfile), then rename it into place."""
    name = file_name(month, force, kind)
    member = f"{month}/{name}"
    try:
        info = archive.getinfo(member)
    except KeyError:
        raise PrevhubError(
            ERR_FORCE_MONTH_MISSING.format(
                kind=kind, force=force, month=month, archive=f"{archive_month}.zip", member=member
            )
        ) from None
    target = dest / month / name
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(name + ".part")
    with archive.open(info) as source, partial.open("wb") as sink:
        for chunk in iter(lambda: source.read(1 << 20), b""):
            sink.write(chunk)
        sink.flush()
        os.fsync(sink.fileno())
    if partial.stat().st_size != info.file_size:
        raise PrevhubError(
            f"{member} came out {partial.stat().st_size} bytes, not {info.file_size}"
        )
    os.replace(partial, target)
    return target


class _ApiSource:
    """Builds archive-format CSVs from the JSON API for months no archive serves yet."""

    def __init__(self, client: PoliceUkClient, force: str, force_name: str) -> None:
        self.client = client
        self.force = force
        self.force_name = force_name
        self._polygons: list[str] | None = None

    def fetch(self, month: str, kind: str, dest: Path) -> Path:
        if kind == OUTCOMES:
            raise PrevhubError(ERR_OUTCOMES_NEED_ARCHIVE.format(month=month))
        rows = self._street(month) if kind == STREET else self._stop_and_search(month)
        columns = STREET_COLUMNS if kind == STREET else STOP_AND_SEARCH_COLUMNS
        target = dest / month / file_name(month, self.force, kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        with partial.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
        return target

    def _neighbourhood_polygons(self) -> list[str]:
        """Each neighbourhood boundary as the API's ``lat,lng:lat,lng`` poly string."""
        if self._polygons is None:
            polygons = []
            for area in self.client.get_json(f"/api/{self.force}/neighbourhoods"):
                points = self.client.get_json(f"/api/{self.force}/{area['id']}/boundary")
                if points:
                    polygons.append(":".join(f"{p['latitude']},{p['longitude']}" for p in points))
            self._polygons = polygons
        return self._polygons

    def _street(self, month: str) -> list[list[str]]:
        categories = {
            entry["url"]: entry["name"]
            for entry in self.client.get_json("/api/crime-categories", params={"date": month})
        }
        crimes: dict[Any, dict] = {}
        for poly in self._neighbourhood_polygons():
            found = self.client.get_json(
                "/api/crimes-street/all-crime", data={"poly": poly, "date": month}
            )
            for crime in found:
                crimes.setdefault(crime["id"], crime)
        no_location = self.client.get_json(
            "/api/crimes-no-location",
            params={"category": "all-crime", "force": self.force, "date": month},
        )
        for crime in no_location:
            crimes.setdefault(crime["id"], crime)
        return [self._street_row(crime, categories) for crime in crimes.values()]

    def _street_row(self, crime: dict, categories: dict[str, str]) -> list[str]:
        location = crime.get("location") or {}
        street = location.get("street") or {}
        outcome = crime.get("outcome_status") or {}
        has_point = bool(location.get("latitude"))
        return [
            crime.get("persistent_id") or "",
            crime.get("month") or "",
            self.force_name,
            self.force_name,
            location.get("longitude") or "",
            location.get("latitude") or "",
            street.get("name") or ("" if has_point else "No Location"),
            "",  # LSOA code: not in the API
            "",  # LSOA name: not in the API
            categories.get(crime.get("category", ""), crime.get("category", "")),
            outcome.get("category") or "",
            crime.get("context") or "",
        ]

    def _stop_and_search(self, month: str) -> list[list[str]]:
        stops = self.client.get_json(
            "/api/stops-force", params={"force": self.force, "date": month}
        )
        return [self._stop_row(stop) for stop in stops]

    @staticmethod
    def _stop_row(stop: dict) -> list[str]:
        location = stop.get("location") or {}

        def text(value: Any) -> str:
            return "" if value is None else str(value)

        return [
            text(stop.get("type")),
            text(stop.get("datetime")),
            text(stop.get("operation")),
            text(stop.get("operation_name")),
            text(location.get("latitude")),
            text(location.get("longitude")),
            text(stop.get("gender")),
            text(stop.get("age_range")),
            text(stop.get("self_defined_ethnicity")),
            text(stop.get("officer_defined_ethnicity")),
            text(stop.get("legislation")),
            text(stop.get("object_of_search")),
            text(stop.get("outcome")),
            text(stop.get("outcome_linked_to_object_of_search")),
            text(stop.get("removal_of_more_than_outer_clothing")),
        ]

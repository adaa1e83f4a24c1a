"""`prevhub fetch police-uk` against a real HTTP server on 127.0.0.1.

The server speaks data.police.uk's URLs and shapes: it serves the real shared archive zip as
``/data/archive/YYYY-MM.zip`` (with HTTP Range support, as the real archive host has) and API
JSON built from real rows of the shared CSVs, in the shapes the API documentation shows
(``/api/forces`` is the real forces list from ``shared/data/reference``). It can answer 429/503,
cut a connection half-way through a body, and it records every request's arrival time so the
request rate is measured where it matters: at the server. No part of httpx is mocked.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import socket
import threading
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from prevhub.cli.fetch import fetch_app
from prevhub.crime.sources.fetch import (
    STREET_COLUMNS,
    PoliceUkClient,
    TokenBucket,
    fetch_police_uk,
    verified_kinds,
)
from prevhub.errors import PrevhubError

SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"
NOTTS_ZIP = SHARED / "police-uk" / "street-2023-01_2024-12-nottinghamshire-derbyshire.zip"
NORTHUMBRIA_ZIP = (
    SHARED / "police-uk" / "northumbria-2022-06_2022-12-street-outcomes-stop-and-search.zip"
)
REFERENCE = SHARED / "reference"

pytestmark = pytest.mark.skipif(
    not NOTTS_ZIP.exists(), reason="shared real data folder ../shared/data is absent"
)


# --- the server ----------------------------------------------------------------------------


@dataclass
class Logged:
    at: float
    method: str
    path: str
    range: str | None
    status: int = 200


@dataclass
class FakePoliceUk:
    """State behind the handler: what it serves, what goes wrong, what it saw."""

    archives: dict[str, bytes] = field(default_factory=dict)
    dates: list[dict] = field(default_factory=list)
    street: dict[tuple[str, str], list[dict]] = field(default_factory=dict)  # (force, month)
    stops: dict[tuple[str, str], list[dict]] = field(default_factory=dict)
    neighbourhoods: dict[str, list[tuple[str, list[dict]]]] = field(default_factory=dict)
    # fault(method, path, range) -> None | ("status", code, headers) | ("cut",)
    fault: Callable[[str, str, str | None], tuple | None] | None = None
    log: list[Logged] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    forces = json.loads((REFERENCE / "data_police_uk_forces.json").read_text())
    categories = json.loads((REFERENCE / "data_police_uk_crime_categories.json").read_text())


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, *args: object) -> None:  # keep pytest output clean
        pass

    def do_HEAD(self) -> None:
        self._handle("HEAD")

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def _handle(self, method: str) -> None:
        app = self.server.app
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if method == "POST":
            length = int(self.headers.get("Content-Length", "0"))
            query.update({k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()})
        entry = Logged(time.monotonic(), method, parts.path, self.headers.get("Range"))
        with app.lock:
            app.log.append(entry)
        action = app.fault(method, parts.path, entry.range) if app.fault else None
        if action and action[0] == "status":
            entry.status = action[1]
            self._send(action[1], b"", dict(action[2]))
            return
        self._route(method, parts.path, query, entry, cut=bool(action and action[0] == "cut"))

    def _route(self, method: str, path: str, q: dict, entry: Logged, *, cut: bool) -> None:
        app = self.server.app
        segments = [s for s in path.split("/") if s]
        if path.startswith("/data/archive/"):
            body = app.archives.get(segments[-1].removesuffix(".zip"))
            if body is None:
                entry.status = 404
                return self._send(404, b"Not Found")
            return self._send_file(method, body, entry, cut=cut)
        if path == "/api/forces":
            return self._json(app.forces)
        if path == "/api/crimes-street-dates":
            return self._json(app.dates)
        if path == "/api/crime-categories":
            return self._json(app.categories)
        if path == "/api/crimes-street/all-crime":
            south, west, north, east = _bbox(q["poly"])
            rows = [
                crime
                for (_, month), crimes in app.street.items()
                if month == q["date"]
                for crime in crimes
                if crime["location"]
                and south <= float(crime["location"]["latitude"]) <= north
                and west <= float(crime["location"]["longitude"]) <= east
            ]
            return self._json(rows)
        if path == "/api/crimes-no-location":
            crimes = app.street.get((q["force"], q["date"]), [])
            return self._json([c for c in crimes if c["location"] is None])
        if path == "/api/stops-force":
            return self._json(app.stops.get((q["force"], q["date"]), []))
        if len(segments) == 3 and segments[2] == "neighbourhoods":
            areas = app.neighbourhoods.get(segments[1])
            if areas is None:
                entry.status = 404
                return self._send(404, b"Not Found")
            return self._json([{"id": ident, "name": f"Area {ident}"} for ident, _ in areas])
        if len(segments) == 4 and segments[3] == "boundary":
            areas = dict(app.neighbourhoods.get(segments[1], []))
            return self._json(areas.get(segments[2], []))
        entry.status = 404
        self._send(404, b"Not Found")

    def _json(self, value: object) -> None:
        self._send(200, json.dumps(value).encode(), {"Content-Type": "application/json"})

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_file(self, method: str, body: bytes, entry: Logged, *, cut: bool) -> None:
        header = self.headers.get("Range")
        if method == "HEAD" or not header:
            self.send_response(200)
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if method == "GET":
                self.wfile.write(body)
            return
        start_text, end_text = header.removeprefix("bytes=").split("-")
        start = int(start_text)
        end = min(int(end_text) if end_text else len(body) - 1, len(body) - 1)
        piece = body[start : end + 1]
        entry.status = 206
        self.send_response(206)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{len(body)}")
        self.send_header("Content-Length", str(len(piece)))
        self.end_headers()
        if cut:  # promise the whole range, send half, then kill the connection
            self.wfile.write(piece[: len(piece) // 2])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.wfile.write(piece)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    app: FakePoliceUk


def _bbox(poly: str) -> tuple[float, float, float, float]:
    points = [tuple(map(float, pair.split(","))) for pair in poly.split(":")]
    lats = [p[0] for p in points]
    lngs = [p[1] for p in points]
    return min(lats), min(lngs), max(lats), max(lngs)


@pytest.fixture
def police_uk() -> Iterator[tuple[FakePoliceUk, str]]:
    app = FakePoliceUk()
    server = _Server(("127.0.0.1", 0), _Handler)
    server.app = app
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield app, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


# --- real data, served in real shapes ------------------------------------------------------


def _months(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    out = []
    while f"{year:04d}-{month:02d}" <= last:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _dates(first: str, last: str, stop_forces: list[str]) -> list[dict]:
    """``/api/crimes-street-dates`` shape: newest first, forces with stop and search."""
    return [{"date": m, "stop-and-search": stop_forces} for m in reversed(_months(first, last))]


def _member(zip_path: Path, name: str) -> bytes:
    with zipfile.ZipFile(zip_path) as archive:
        return archive.read(name)


def _csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _street_json(rows: list[dict[str, str]]) -> list[dict]:
    """Real CSV rows in the API's crimes-street / crimes-no-location JSON shape."""
    slug = {entry["name"]: entry["url"] for entry in FakePoliceUk.categories}
    crimes = []
    for number, row in enumerate(rows, start=1):
        located = bool(row["Latitude"])
        crimes.append(
            {
                "category": slug[row["Crime type"]],
                "location_type": "Force" if located else None,
                "location": (
                    {
                        "latitude": row["Latitude"],
                        "street": {"id": 900000 + number, "name": row["Location"]},
                        "longitude": row["Longitude"],
                    }
                    if located
                    else None
                ),
                "context": row["Context"],
                "outcome_status": (
                    {"category": row["Last outcome category"], "date": row["Month"]}
                    if row["Last outcome category"]
                    else None
                ),
                "persistent_id": row["Crime ID"],
                "id": 120000000 + number,
                "location_subtype": "",
                "month": row["Month"],
            }
        )
    return crimes


def _boundaries(crimes: list[dict]) -> list[tuple[str, list[dict]]]:
    """Two overlapping rectangles covering every located crime (so some are found twice)."""
    lats = [float(c["location"]["latitude"]) for c in crimes if c["location"]]
    lngs = [float(c["location"]["longitude"]) for c in crimes if c["location"]]
    south, north, west, east = min(lats), max(lats), min(lngs), max(lngs)
    middle = sorted(lats)[len(lats) // 2]

    def rectangle(s: float, n: float) -> list[dict]:
        corners = [(s, west), (s, east), (n, east), (n, west)]
        return [{"latitude": f"{a:.10f}", "longitude": f"{b:.10f}"} for a, b in corners]

    return [("NC01", rectangle(south, middle + 0.01)), ("NC02", rectangle(middle - 0.01, north))]


def _serve_notts_archive(app: FakePoliceUk, name: str = "2024-12") -> None:
    app.archives[name] = NOTTS_ZIP.read_bytes()
    app.dates = _dates("2022-01", "2024-12", ["nottinghamshire", "derbyshire"])


def _client(base: str, **kwargs) -> PoliceUkClient:
    options = {"max_retries": 3, "backoff": 0.01, "block_size": 256 * 1024}
    options.update(kwargs)
    return PoliceUkClient(base, **options)


# --- archive downloads ---------------------------------------------------------------------


def test_archive_months_are_written_in_archive_layout_byte_for_byte(police_uk, tmp_path) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    with _client(base) as client:
        report = fetch_police_uk("nottinghamshire", "2024-10", "2024-12", tmp_path, client=client)
    assert len(report.written) == 3
    for month in ("2024-10", "2024-11", "2024-12"):
        name = f"{month}-nottinghamshire-street.csv"
        written = (tmp_path / month / name).read_bytes()
        assert written == _member(NOTTS_ZIP, f"{month}/{name}")
        assert report.sources[name] == "archive:2024-12.zip"
        assert verified_kinds(tmp_path, month, "nottinghamshire") == {"street"}
    assert not list(tmp_path.rglob("*.part"))
    # Only the wanted bytes crossed the network: far less than the 21 MB zip.
    ranges = [entry.range for entry in app.log if entry.range]
    fetched = sum(int(r.split("-")[1]) - int(r.split("=")[1].split("-")[0]) + 1 for r in ranges)
    assert fetched < len(app.archives["2024-12"]) / 5


def test_months_already_complete_on_disk_are_skipped(police_uk, tmp_path) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    with _client(base) as client:
        fetch_police_uk("nottinghamshire", "2024-11", "2024-12", tmp_path, client=client)
        app.log.clear()
        report = fetch_police_uk("nottinghamshire", "2024-11", "2024-12", tmp_path, client=client)
    assert report.written == []
    assert report.skipped == ["2024-11 street", "2024-12 street"]
    assert not any(entry.path.startswith("/data/archive") for entry in app.log)


def test_a_damaged_file_with_the_right_size_is_fetched_again(police_uk, tmp_path) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    target = tmp_path / "2024-12" / "2024-12-nottinghamshire-street.csv"
    with _client(base) as client:
        fetch_police_uk("nottinghamshire", "2024-12", "2024-12", tmp_path, client=client)
        data = bytearray(target.read_bytes())
        data[100] ^= 0x01  # same size, different checksum
        target.write_bytes(bytes(data))
        report = fetch_police_uk("nottinghamshire", "2024-12", "2024-12", tmp_path, client=client)
    assert report.written == [target]
    assert target.read_bytes() == _member(NOTTS_ZIP, "2024-12/2024-12-nottinghamshire-street.csv")


def test_a_connection_killed_mid_file_resumes_from_the_byte_where_it_stopped(
    police_uk, tmp_path
) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    cuts = {"left": 3}

    def cut_three_range_reads(method: str, path: str, byte_range: str | None):
        if byte_range and cuts["left"] > 0:
            cuts["left"] -= 1
            return ("cut",)
        return None

    app.fault = cut_three_range_reads
    with _client(base) as client:
        fetch_police_uk("nottinghamshire", "2024-12", "2024-12", tmp_path, client=client)
    name = "2024-12-nottinghamshire-street.csv"
    assert (tmp_path / "2024-12" / name).read_bytes() == _member(NOTTS_ZIP, f"2024-12/{name}")
    # After the cut the client asked for the rest of the block, not the block again.
    ranges = [entry.range for entry in app.log if entry.range]
    first_start, first_end = map(int, ranges[0].removeprefix("bytes=").split("-"))
    resumed_start, resumed_end = map(int, ranges[1].removeprefix("bytes=").split("-"))
    assert resumed_end == first_end
    assert resumed_start == first_start + (first_end - first_start + 1) // 2


def test_an_interrupted_fetch_keeps_finished_months_and_a_rerun_completes_it(
    police_uk, tmp_path
) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    with zipfile.ZipFile(NOTTS_ZIP) as archive:
        info = archive.getinfo("2024-10/2024-10-nottinghamshire-street.csv")
        poisoned = (info.header_offset + 200, info.header_offset + info.compress_size - 200)

    def kill_every_read_of_october(method: str, path: str, byte_range: str | None):
        if byte_range:
            start, end = map(int, byte_range.removeprefix("bytes=").split("-"))
            if start <= poisoned[1] and end >= poisoned[0]:
                return ("cut",)
        return None

    app.fault = kill_every_read_of_october
    with _client(base, max_retries=2) as client, pytest.raises(PrevhubError, match="kept failing"):
        fetch_police_uk("nottinghamshire", "2024-10", "2024-12", tmp_path, client=client)
    assert verified_kinds(tmp_path, "2024-12", "nottinghamshire") == {"street"}
    assert verified_kinds(tmp_path, "2024-11", "nottinghamshire") == {"street"}
    assert not (tmp_path / "2024-10" / "2024-10-nottinghamshire-street.csv").exists()

    app.fault = None
    with _client(base) as client:
        report = fetch_police_uk("nottinghamshire", "2024-10", "2024-12", tmp_path, client=client)
    assert report.skipped == ["2024-11 street", "2024-12 street"]
    october = tmp_path / "2024-10" / "2024-10-nottinghamshire-street.csv"
    assert report.written == [october]
    assert (
        hashlib.sha256(october.read_bytes()).digest()
        == hashlib.sha256(_member(NOTTS_ZIP, "2024-10/2024-10-nottinghamshire-street.csv")).digest()
    )
    assert not list(tmp_path.rglob("*.part"))


# --- rate limit and back-off ---------------------------------------------------------------


def test_requests_never_exceed_fifteen_in_any_second_at_the_server(police_uk, tmp_path) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    # Small blocks make many requests: central directory plus three ~0.5 MB members.
    with _client(base, block_size=48 * 1024) as client:
        fetch_police_uk("nottinghamshire", "2024-10", "2024-12", tmp_path, client=client)
    arrivals = sorted(entry.at for entry in app.log)
    assert len(arrivals) >= 30
    busiest = max(
        sum(1 for t in arrivals[i:] if t < start + 1.0) for i, start in enumerate(arrivals)
    )
    assert busiest <= 15
    assert arrivals[-1] - arrivals[0] >= (len(arrivals) - 1) / 15


def test_token_bucket_spaces_acquisitions_evenly() -> None:
    clock = {"now": 0.0}
    bucket = TokenBucket(
        15,
        margin=0.0,
        clock=lambda: clock["now"],
        sleep=lambda s: clock.update(now=clock["now"] + s),
    )
    times = []
    for _ in range(31):
        bucket.acquire()
        times.append(clock["now"])
    assert times[-1] == pytest.approx(30 / 15)


def test_429_waits_for_retry_after_then_503_backs_off_and_the_fetch_succeeds(
    police_uk, tmp_path
) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    answers = [("status", 429, {"Retry-After": "1"}), ("status", 503, {})]

    def busy_then_fine(method: str, path: str, byte_range: str | None):
        if path == "/api/forces" and answers:
            return answers.pop(0)
        return None

    app.fault = busy_then_fine
    with _client(base) as client:
        fetch_police_uk("nottinghamshire", "2024-12", "2024-12", tmp_path, client=client)
    forces_calls = [entry for entry in app.log if entry.path == "/api/forces"]
    assert [entry.status for entry in forces_calls] == [429, 503, 200]
    assert forces_calls[1].at - forces_calls[0].at >= 1.0  # Retry-After: 1 honoured
    assert (tmp_path / "2024-12" / "2024-12-nottinghamshire-street.csv").exists()


def test_a_server_that_stays_unavailable_gives_a_clear_error_after_bounded_retries(
    police_uk, tmp_path
) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    app.fault = lambda method, path, byte_range: ("status", 503, {"Retry-After": "0"})
    with _client(base, max_retries=3) as client, pytest.raises(PrevhubError) as caught:
        fetch_police_uk("nottinghamshire", "2024-12", "2024-12", tmp_path, client=client)
    assert "kept failing (HTTP 503) after 4 tries" in str(caught.value)
    assert len(app.log) == 4


# --- user errors ---------------------------------------------------------------------------


def test_an_unknown_force_id_is_a_clear_error(police_uk, tmp_path) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    with _client(base) as client, pytest.raises(PrevhubError, match="Unknown force id 'notts'"):
        fetch_police_uk("notts", "2024-12", "2024-12", tmp_path, client=client)


def test_a_month_not_yet_published_is_a_clear_error(police_uk, tmp_path) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    with _client(base) as client, pytest.raises(PrevhubError, match="not published 2025-01"):
        fetch_police_uk("nottinghamshire", "2024-12", "2025-01", tmp_path, client=client)
    assert not any(entry.path.startswith("/data/archive") for entry in app.log)


def test_a_month_missing_for_the_force_names_the_file(police_uk, tmp_path) -> None:
    app, base = police_uk
    _serve_notts_archive(app)  # the archive covers 2022-01.. but holds only 2023-01 onwards
    with _client(base) as client, pytest.raises(PrevhubError, match="no street file for"):
        fetch_police_uk("nottinghamshire", "2022-12", "2023-01", tmp_path, client=client)


# --- the API for months no archive serves yet -----------------------------------------------


def test_the_newest_month_comes_from_the_api_in_archive_columns(police_uk, tmp_path) -> None:
    app, base = police_uk
    # The 2024-12 archive is not out yet; 2024-11's is. The API already serves 2024-12.
    app.archives["2024-11"] = NOTTS_ZIP.read_bytes()
    app.dates = _dates("2022-01", "2024-12", ["nottinghamshire"])
    real = _csv_rows(_member(NOTTS_ZIP, "2024-12/2024-12-nottinghamshire-street.csv"))
    crimes = _street_json(real)
    app.street[("nottinghamshire", "2024-12")] = crimes
    app.neighbourhoods["nottinghamshire"] = _boundaries(crimes)

    with _client(base) as client:
        report = fetch_police_uk("nottinghamshire", "2024-11", "2024-12", tmp_path, client=client)
    assert report.sources["2024-12-nottinghamshire-street.csv"] == "api"
    assert report.sources["2024-11-nottinghamshire-street.csv"] == "archive:2024-11.zip"

    written = (tmp_path / "2024-12" / "2024-12-nottinghamshire-street.csv").read_text()
    header = written.splitlines()[0].split(",")
    assert tuple(header) == STREET_COLUMNS
    got = _csv_rows(written.encode())
    assert all(row["LSOA code"] == "" and row["LSOA name"] == "" for row in got)
    compared = [c for c in STREET_COLUMNS if c not in ("LSOA code", "LSOA name")]
    # Every real row, once: crimes found in both overlapping neighbourhoods are not doubled.
    assert Counter(tuple(r[c] for c in compared) for r in got) == Counter(
        tuple(r[c] for c in compared) for r in real
    )
    assert len(got) == len(real)


def test_stop_and_search_from_the_api_round_trips_to_archive_columns(police_uk, tmp_path) -> None:
    app, base = police_uk
    app.dates = _dates("2022-06", "2022-06", ["northumbria"])
    real = _csv_rows(_member(NORTHUMBRIA_ZIP, "2022-06/2022-06-northumbria-stop-and-search.csv"))

    def flag(text: str) -> bool | None:
        return {"True": True, "False": False}.get(text)

    app.stops[("northumbria", "2022-06")] = [
        {
            "age_range": row["Age range"] or None,
            "officer_defined_ethnicity": row["Officer-defined ethnicity"] or None,
            "involved_person": True,
            "self_defined_ethnicity": row["Self-defined ethnicity"] or None,
            "gender": row["Gender"] or None,
            "legislation": row["Legislation"] or None,
            "outcome_linked_to_object_of_search": flag(row["Outcome linked to object of search"]),
            "datetime": row["Date"],
            "removal_of_more_than_outer_clothing": flag(
                row["Removal of more than just outer clothing"]
            ),
            "outcome_object": {"id": "", "name": row["Outcome"]},
            "location": (
                {
                    "latitude": row["Latitude"],
                    "street": {"id": 1, "name": "On or near"},
                    "longitude": row["Longitude"],
                }
                if row["Latitude"]
                else None
            ),
            "operation": flag(row["Part of a policing operation"]),
            "outcome": row["Outcome"] or None,
            "type": row["Type"],
            "operation_name": row["Policing operation"] or None,
            "object_of_search": row["Object of search"] or None,
        }
        for row in real
    ]
    with _client(base) as client:
        fetch_police_uk(
            "northumbria", "2022-06", "2022-06", tmp_path, kinds=["stop-and-search"], client=client
        )
    got = _csv_rows((tmp_path / "2022-06" / "2022-06-northumbria-stop-and-search.csv").read_bytes())
    assert got == real


def test_outcomes_for_a_month_without_an_archive_are_refused_clearly(police_uk, tmp_path) -> None:
    app, base = police_uk
    app.dates = _dates("2022-06", "2022-06", ["northumbria"])
    with _client(base) as client, pytest.raises(PrevhubError, match="no force-wide outcomes"):
        fetch_police_uk(
            "northumbria", "2022-06", "2022-06", tmp_path, kinds=["outcomes"], client=client
        )


def test_all_three_kinds_come_from_one_archive(police_uk, tmp_path) -> None:
    app, base = police_uk
    app.archives["2022-12"] = NORTHUMBRIA_ZIP.read_bytes()
    app.dates = _dates("2022-01", "2022-12", ["northumbria"])
    kinds = ["street", "outcomes", "stop-and-search"]
    with _client(base) as client:
        fetch_police_uk("northumbria", "2022-11", "2022-12", tmp_path, kinds=kinds, client=client)
    for month in ("2022-11", "2022-12"):
        assert verified_kinds(tmp_path, month, "northumbria") == set(kinds)
        for kind in kinds:
            name = f"{month}-northumbria-{kind}.csv"
            assert (tmp_path / month / name).read_bytes() == _member(
                NORTHUMBRIA_ZIP, f"{month}/{name}"
            )


# --- the command ---------------------------------------------------------------------------


def test_the_command_downloads_and_reports(police_uk, tmp_path) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    args = ["police-uk", "--force", "nottinghamshire", "--from", "2024-11", "--to", "2024-12"]
    args += ["--dest", str(tmp_path), "--base-url", base, "--kind", "street", "--quiet"]
    result = CliRunner().invoke(fetch_app, args)
    assert result.exit_code == 0, result.output
    assert "Fetched 2 file(s)" in result.output
    assert (tmp_path / "2024-11" / "2024-11-nottinghamshire-street.csv").exists()


def test_the_command_exits_1_with_a_readable_message_for_a_bad_force(police_uk, tmp_path) -> None:
    app, base = police_uk
    _serve_notts_archive(app)
    args = ["police-uk", "--force", "nope", "--from", "2024-12", "--to", "2024-12"]
    args += ["--dest", str(tmp_path), "--base-url", base, "--quiet"]
    result = CliRunner().invoke(fetch_app, args)
    assert result.exit_code == 1
    assert "Unknown force id 'nope'" in result.output


def test_the_command_rejects_an_unknown_kind(police_uk, tmp_path) -> None:
    _, base = police_uk
    args = ["police-uk", "--force", "nottinghamshire", "--from", "2024-12", "--to", "2024-12"]
    args += ["--dest", str(tmp_path), "--base-url", base, "--kind", "street,arrests", "--quiet"]
    result = CliRunner().invoke(fetch_app, args)
    assert result.exit_code == 1
    assert "--kind takes" in result.output

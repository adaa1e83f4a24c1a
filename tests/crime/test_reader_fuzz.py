"""Any bytes, every reader: a load, or one clear error naming file and line; never a traceback.

Property-based (hypothesis): each reader is given real files (the first rows of published
data.police.uk files, the invented force extract in tests/crime/data) with random bytes put in,
spliced over, or instead of them, and strings of the characters that break CSV (line breaks on
their own, quotes, commas, invalid UTF-8). Each example is ingested strictly and with
``--lenient``. The outcome must be either

* a load, and then the store holds exactly the rows and quarantined rows the report gives; or
* a :class:`~prevhub.errors.PrevhubError` naming the file and a line, with no DuckDB or Python
  engine text, and the store exactly as it was (no partial load).

Before this, 4 KB of random bytes inside a police.uk CSV ended the ingest with DuckDB's
"CSV Parser state machine reached an invalid state" naming no file or line. Examples are
bounded (``max_examples``) so the file runs in well under a minute.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prevhub.crime import CrimeStore
from prevhub.crime.schema import KIND_TABLES
from prevhub.crime.sources.csv_faults import MAX_FIELD_CHARS
from prevhub.errors import PrevhubError
from tests.insights.store_fixtures import DEMO_ZIP

from .conftest import POLICE_UK, TEST_DATA, store_fingerprint

NORTHUMBRIA = POLICE_UK / "northumbria-2022-06_2022-12-street-outcomes-stop-and-search.zip"
EXTRACT = TEST_DATA / "recorded_crime_extract_nottinghamshire.csv"
MAPPING = TEST_DATA / "recorded_crime_mapping.toml"
ENGINE_WORDS = re.compile(
    r"duckdb|IO Error|Invalid Input Error|Conversion Error|Binder Error|Catalog Error|"
    r"Parser Error|state machine|Traceback|Exception|strict_mode|UnicodeDecodeError",
    re.I,
)
FUZZ = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

#: What breaks CSV, so that the random bytes hit the reader's hard cases often.
TOKENS = [b"\r", b"\n", b"\r\n", b'"', b'""', b",", b"\xff", b"\xc3", b"\x00", b"\xef\xbb\xbf"]
junk = st.one_of(
    st.binary(min_size=1, max_size=4096),
    st.lists(st.sampled_from(TOKENS) | st.binary(max_size=16), min_size=1, max_size=40).map(
        b"".join
    ),
)


@st.composite
def damaged(draw: st.DrawFn, base: bytes) -> bytes:
    """``base`` with junk inserted, spliced over part of it, or instead of it."""
    how = draw(st.sampled_from(["insert", "splice", "instead"]))
    bytes_ = draw(junk)
    if how == "instead":
        return bytes_
    start = draw(st.integers(0, len(base)))
    end = start if how == "insert" else draw(st.integers(start, min(len(base), start + 300)))
    return base[:start] + bytes_ + base[end:]


def _first_lines(archive: Path, member: str, lines: int = 25) -> bytes:
    with zipfile.ZipFile(archive) as zf:
        name = next(n for n in zf.namelist() if n.endswith(member))
        with zf.open(name) as raw:
            return b"".join(raw.readline() for _ in range(lines))


def _fingerprint(store_path: Path) -> dict[str, object]:
    with CrimeStore(store_path, read_only=True) as store:
        return store_fingerprint(store) | {
            "neighbourhoods": store.con.execute(
                "SELECT count(*), coalesce(sum(hash(n)), 0) FROM neighbourhoods n"
            ).fetchone()
        }


def _assert_load_or_clear_error(
    store_path: Path, file: Path, ingest: Callable[[CrimeStore], object]
) -> None:
    before = _fingerprint(store_path)
    try:
        with CrimeStore(store_path) as store:
            report = ingest(store)
    except PrevhubError as exc:
        message = str(exc)
        assert str(file) in message, message
        assert re.search(r"\bline \d+", message), message
        assert not ENGINE_WORDS.search(message.replace(str(file), "")), message
        assert len(message) < 2 * MAX_FIELD_CHARS + 500, message  # no field's contents dumped
        assert _fingerprint(store_path) == before
        return
    if isinstance(report, int):  # neighbourhoods: the rows imported
        with CrimeStore(store_path, read_only=True) as store:
            assert store.count("neighbourhoods") == report
        return
    with CrimeStore(store_path, read_only=True) as store:
        for load in report.loads:  # type: ignore[attr-defined]
            table = KIND_TABLES[load.kind]
            held = store.count(
                table,
                "load_id IN (SELECT load_id FROM loads WHERE current AND kind = ? AND force = ? "
                "AND month = ?)",
                [load.kind, load.force, load.month],
            )
            assert held == load.rows
        quarantined = store.count(
            "quarantine",
            "load_id IN (SELECT load_id FROM loads WHERE current AND file = ?)",
            [str(file)],
        )
        assert quarantined == report.quarantined  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("fuzz") / "crime.duckdb"
    CrimeStore(path).close()
    return path


def _police_uk_property(archive: Path, member: str) -> Callable[..., None]:
    base = _first_lines(archive, member)

    @FUZZ
    @given(data=damaged(base), lenient=st.booleans())
    def check(store_path: Path, data: bytes, lenient: bool) -> None:
        with tempfile.TemporaryDirectory() as folder:
            file = Path(folder) / member
            file.write_bytes(data)
            _assert_load_or_clear_error(
                store_path, file, lambda s: s.ingest_police_uk([file], lenient=lenient)
            )

    return check


def test_street_reader_fuzz(store_path: Path) -> None:
    _police_uk_property(DEMO_ZIP, "2024-01-nottinghamshire-street.csv")(store_path)


def test_outcomes_reader_fuzz(shared_data: Path, store_path: Path) -> None:
    _police_uk_property(NORTHUMBRIA, "2022-06-northumbria-outcomes.csv")(store_path)


def test_stop_and_search_reader_fuzz(shared_data: Path, store_path: Path) -> None:
    _police_uk_property(NORTHUMBRIA, "2022-06-northumbria-stop-and-search.csv")(store_path)


EXTRACT_BASE = b"".join(EXTRACT.read_bytes().splitlines(keepends=True)[:25])


@FUZZ
@given(data=damaged(EXTRACT_BASE), lenient=st.booleans())
def test_recorded_crime_reader_fuzz(store_path: Path, data: bytes, lenient: bool) -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "extract.csv"
        file.write_bytes(data)
        _assert_load_or_clear_error(
            store_path,
            file,
            lambda s: s.ingest_recorded_crime(file, mapping=MAPPING, lenient=lenient),
        )


NEIGHBOURHOODS_BASE = b"lsoa_code,neighbourhood\r\nE01013843,Arboretum\r\nE01013837,Radford\r\n"


@FUZZ
@given(data=damaged(NEIGHBOURHOODS_BASE))
def test_neighbourhood_mapping_reader_fuzz(store_path: Path, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "neighbourhoods.csv"
        file.write_bytes(data)
        _assert_load_or_clear_error(store_path, file, lambda s: s.import_neighbourhoods(file))


# --- the two findings, exactly as reported -------------------------------------------------


def _street_with(tmp_path: Path, make: Callable[[list[bytes]], list[bytes]]) -> Path:
    lines = _first_lines(DEMO_ZIP, "2024-01-nottinghamshire-street.csv", 200).splitlines(
        keepends=True
    )
    file = tmp_path / "2024-01-nottinghamshire-street.csv"
    file.write_bytes(b"".join(make(lines)))
    return file


@pytest.mark.parametrize("lenient", [False, True])
def test_4_kb_of_random_bytes_name_file_line_and_field(
    store_path: Path, tmp_path: Path, lenient: bool
) -> None:
    import random

    noise = random.Random(1).randbytes(4096)  # fixed seed: the same bytes every run
    file = _street_with(tmp_path, lambda lines: [*lines[:100], noise, *lines[100:]])
    before = _fingerprint(store_path)
    with CrimeStore(store_path) as store, pytest.raises(PrevhubError) as caught:
        store.ingest_police_uk([file], lenient=lenient)
    message = str(caught.value)
    # The noise starts line 101 (the header is line 1) and holds line breaks on their own.
    assert re.match(rf"{re.escape(str(file))}, line 10[1-9], field '[^']+': ", message), message
    assert not ENGINE_WORDS.search(message.replace(str(file), ""))
    assert _fingerprint(store_path) == before


def test_a_1_mb_location_is_refused_with_its_line_and_quarantined_with_lenient(
    store_path: Path, tmp_path: Path
) -> None:
    def long_location(lines: list[bytes]) -> list[bytes]:
        fields = lines[5].split(b",")
        fields[6] = b"On or near " + b"x" * 1_000_000  # "Location" is the 7th column
        return [*lines[:5], b",".join(fields), *lines[6:]]

    file = _street_with(tmp_path, long_location)
    with CrimeStore(store_path) as store, pytest.raises(PrevhubError) as caught:
        store.ingest_police_uk([file])
    assert str(caught.value).startswith(f"{file}, line 6, field 'Location': line longer than")
    with CrimeStore(store_path) as store:
        report = store.ingest_police_uk([file], lenient=True)
    assert report.quarantined == 1
    assert report.rows == 199 - 1  # 199 data lines in the file, one set aside
    with CrimeStore(store_path, read_only=True) as store:
        longest = store.con.execute(
            "SELECT max(length(location)), max(length(raw)) FROM street_crimes, quarantine"
        ).fetchone()
    assert longest is not None and longest[0] <= MAX_FIELD_CHARS and longest[1] <= 1100


def test_a_field_over_the_limit_but_within_a_line_is_a_bad_row(
    store_path: Path, tmp_path: Path
) -> None:
    def long_context(lines: list[bytes]) -> list[bytes]:
        fields = lines[9].rstrip(b"\r\n").split(b",")
        fields[11] = b"y" * (MAX_FIELD_CHARS + 1)  # "Context", 501 characters
        return [*lines[:9], b",".join(fields) + b"\r\n", *lines[10:]]

    file = _street_with(tmp_path, long_context)
    with CrimeStore(store_path) as store, pytest.raises(PrevhubError) as caught:
        store.ingest_police_uk([file])
    assert str(caught.value).startswith(
        f"{file}, line 10, field 'Context': longer than {MAX_FIELD_CHARS} characters (501)"
    )


def test_the_fuzz_bases_load_cleanly(shared_data: Path, tmp_path: Path) -> None:
    """Without damage every base loads whole (so the properties above test the damage)."""
    store = tmp_path / "clean.duckdb"
    for archive, member in [
        (DEMO_ZIP, "2024-01-nottinghamshire-street.csv"),
        (NORTHUMBRIA, "2022-06-northumbria-outcomes.csv"),
        (NORTHUMBRIA, "2022-06-northumbria-stop-and-search.csv"),
    ]:
        file = tmp_path / member
        file.write_bytes(_first_lines(archive, member))
        with CrimeStore(store) as s:
            report = s.ingest_police_uk([file])
        assert report.rows == 24 and report.quarantined == 0
    with CrimeStore(store) as s:
        report = s.ingest_recorded_crime(
            _write(tmp_path / "extract.csv", EXTRACT_BASE), mapping=MAPPING
        )
        assert report.rows == 24
        assert s.import_neighbourhoods(_write(tmp_path / "n.csv", NEIGHBOURHOODS_BASE)) == 2


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path

"""Spark over the Parquet export gives what DuckDB gives, on the shared real data.

Spark runs in local mode (``local[2]``, web UI off, driver bound to 127.0.0.1). The months are
a few of the real Nottinghamshire and Derbyshire files (2023-01..03 and 2024-01..03) to keep the
run short. Besides engine-against-engine, one count is checked against the CSV files themselves
(csv module), so that both engines agreeing on a wrong figure would still fail.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prevhub.cli import app
from prevhub.crime.measures import BY_CHOICES, measure
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

from .conftest import NOTTS_DERBYS, TEST_DATA, VICTIM_BASED_TYPES, independent_counts

pytestmark = [pytest.mark.spark, pytest.mark.slow]

MONTHS = ("2023-01", "2023-02", "2023-03", "2024-01", "2024-02", "2024-03")
PERIOD = "2024-01:2024-03"


@pytest.fixture(scope="module")
def session() -> Iterator[object]:
    from prevhub.crime.spark import spark_session

    spark = spark_session("local[2]")
    yield spark
    spark.stop()


@pytest.fixture(scope="module")
def stores(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(DuckDB store, its Parquet export): six real months and the force extract."""
    root = tmp_path_factory.mktemp("spark")
    folder = root / "csv"
    with zipfile.ZipFile(NOTTS_DERBYS) as zf:
        for member in zf.namelist():
            if member.endswith(".csv") and member[:7] in MONTHS:
                zf.extract(member, folder)
    store = root / "crime.duckdb"
    with CrimeStore(store) as writable:
        writable.ingest_police_uk([folder])
        writable.ingest_recorded_crime(
            TEST_DATA / "recorded_crime_extract_nottinghamshire.csv",
            mapping=TEST_DATA / "recorded_crime_mapping.toml",
        )
        # An invented neighbourhood for each of the 60 busiest LSOAs (by = neighbourhood needs
        # a mapping).
        lsoas = writable.query(
            "SELECT lsoa_code FROM street_crimes WHERE lsoa_code IS NOT NULL "
            "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 60"
        )
        mapping = root / "neighbourhoods.csv"
        mapping.write_text(
            "lsoa_code,neighbourhood\n"
            + "".join(f"{code},Area {i % 4}\n" for i, (code,) in enumerate(lsoas)),
            encoding="utf-8",
        )
        writable.import_neighbourhoods(mapping)
    with CrimeStore(store, read_only=True) as reader:
        reader.export_parquet(root / "parquet")
    return store, root / "parquet"


@pytest.fixture(scope="module")
def spark_store(session: object, stores: tuple[Path, Path]) -> Iterator[object]:
    from prevhub.crime.spark import SparkStore

    with SparkStore(stores[1], session=session) as store:
        yield store


def test_the_session_is_local_with_no_ui_and_bound_to_localhost(session) -> None:  # type: ignore[no-untyped-def]
    conf = session.sparkContext.getConf()
    assert session.sparkContext.master == "local[2]"
    assert conf.get("spark.ui.enabled") == "false"
    assert conf.get("spark.driver.bindAddress") == "127.0.0.1"


@pytest.mark.parametrize("by", BY_CHOICES)
def test_spark_and_duckdb_give_identical_counts_and_tests(
    by: str, stores: tuple[Path, Path], spark_store
) -> None:  # type: ignore[no-untyped-def]
    with CrimeStore(stores[0], read_only=True) as duck:
        expected = measure(duck, PERIOD, "last-year", by).to_dict()
    got = measure(spark_store, PERIOD, "last-year", by).to_dict()
    assert got == expected
    assert len(got["rows"]) > 1


def test_the_options_give_identical_results_too(stores: tuple[Path, Path], spark_store) -> None:  # type: ignore[no-untyped-def]
    cases = [
        ({"force": "derbyshire", "include_outside": True, "crime_class": "victim-based"}, "lsoa"),
        ({"source": "recorded-crime", "allow_incomplete": True}, "subgroup"),
    ]
    with CrimeStore(stores[0], read_only=True) as duck:
        for kwargs, by in cases:
            period, baseline = (
                (PERIOD, "last-year") if "source" not in kwargs else ("2020-01:2020-12", "previous")
            )
            expected = measure(duck, period, baseline, by, **kwargs).to_dict()
            assert measure(spark_store, period, baseline, by, **kwargs).to_dict() == expected


def test_spark_counts_what_the_files_hold(spark_store) -> None:  # type: ignore[no-untyped-def]
    # csv module over the zip: Nottinghamshire's victim-based rows (police.uk crime types in
    # ONS victim-based crime) in 2024-01..03, every published row (include_outside).
    counts = independent_counts(NOTTS_DERBYS)["street"]
    expected = sum(
        n
        for (force, month, crime_type), n in counts.items()
        if force == "nottinghamshire" and "2024-01" <= month <= "2024-03"
        if crime_type in VICTIM_BASED_TYPES
    )
    result = measure(
        spark_store, PERIOD, "last-year", "class", force="nottinghamshire", include_outside=True
    )
    assert result.row(**{"class": "victim-based"}).current == expected


def test_the_command_prints_the_same_on_both_engines(
    stores: tuple[Path, Path], spark_store
) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    common = ["measure", "--period", PERIOD, "--baseline", "last-year", "--by", "district"]
    for fmt in ("table", "csv"):
        duck = runner.invoke(app, [*common, "--store", str(stores[0]), "--format", fmt])
        spark = runner.invoke(
            app, [*common, "--engine", "spark", "--parquet", str(stores[1]), "--format", fmt]
        )
        assert duck.exit_code == 0 and spark.exit_code == 0, spark.output
        assert spark.stdout == duck.stdout
        assert "Nottingham" in spark.stdout


def test_spark_refuses_a_partial_export(stores: tuple[Path, Path], tmp_path: Path) -> None:
    import shutil

    from prevhub.crime.spark import SparkStore

    partial = tmp_path / "partial"
    shutil.copytree(stores[1], partial)
    (partial / "manifest.json").unlink()
    with pytest.raises(PrevhubError, match="not a complete Parquet export"):
        SparkStore(partial)


def test_the_spark_engine_needs_a_parquet_folder(stores: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(
        app, ["measure", "--period", PERIOD, "--engine", "spark", "--store", str(stores[0])]
    )
    assert result.exit_code != 0
    assert isinstance(result.exception, PrevhubError)
    assert "--parquet" in str(result.exception)

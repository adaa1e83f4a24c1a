"""The crime commands, through Typer's runner and through the real `prevhub` executable."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prevhub.cli import app

from .conftest import TEST_DATA

SRC = Path(__file__).resolve().parents[2] / "src"
runner = CliRunner()


@pytest.fixture()
def demo_store(tmp_path: Path) -> Path:
    store = tmp_path / "crime.duckdb"
    result = runner.invoke(
        app, ["crime", "demo", "--sample", "--store", str(store), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    return store


def test_measure_prints_the_documented_json(demo_store: Path) -> None:
    result = runner.invoke(
        app,
        [
            "measure",
            "--period",
            "2024-01:2024-03",
            "--baseline",
            "last-year",
            "--by",
            "class",
            "--force",
            "nottinghamshire",
            "--store",
            str(demo_store),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["period"] == {"from": "2024-01", "to": "2024-03"}
    assert data["baseline"] == {"from": "2023-01", "to": "2023-03"}
    assert [r["key"] for r in data["rows"]] == [
        {"class": "victim-based"},
        {"class": "other-crimes-against-society"},
    ]


def test_measure_by_district_prints_csv(demo_store: Path) -> None:
    result = runner.invoke(
        app,
        [
            "measure",
            "--period",
            "2024-01:2024-03",
            "--baseline",
            "last-year",
            "--by",
            "district",
            "--store",
            str(demo_store),
            "--format",
            "csv",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 8  # Nottinghamshire's eight districts (reference/force_districts.csv)
    assert list(rows[0])[:1] == ["district"]
    assert {"current", "baseline", "rate_ratio", "ci95_low", "ci95_high", "p_value"} <= set(rows[0])
    for row in rows:  # every number is a plain number a spreadsheet reads: no 1,234 or 0.9; 1.1
        assert int(row["current"]) >= 0 and "," not in row["harm_current"]
        assert float(row["ci95_low"]) < float(row["rate_ratio"]) < float(row["ci95_high"])


def test_headline_prints_the_hubs_sentence(demo_store: Path) -> None:
    result = runner.invoke(
        app,
        [
            "headline",
            "--period",
            "2024-01:2024-03",
            "--baseline",
            "last-year",
            "--store",
            str(demo_store),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "victim-based crimes" in result.stdout
    assert "the same months a year earlier" in result.stdout
    assert "[counting-rule-change]" in result.stdout.replace("\n", "")


def test_ingest_recorded_crime_and_freshness(tmp_path: Path) -> None:
    store = tmp_path / "crime.duckdb"
    result = runner.invoke(
        app,
        [
            "ingest",
            "recorded-crime",
            str(TEST_DATA / "recorded_crime_extract_nottinghamshire.csv"),
            "--mapping",
            str(TEST_DATA / "recorded_crime_mapping.toml"),
            "--store",
            str(store),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"] > 1000
    fresh = runner.invoke(app, ["crime", "freshness", "--store", str(store), "--format", "json"])
    assert json.loads(fresh.stdout)[0]["latest_month"] == "2021-03"


def test_export_parquet_writes_the_partitioned_layout(demo_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "parquet"
    result = runner.invoke(
        app, ["crime", "export-parquet", str(out), "--store", str(demo_store), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert (out / "street_crimes" / "force=nottinghamshire" / "month=2024-01").is_dir()


def test_a_bad_file_is_exit_code_one_with_file_line_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "2024-01-nottinghamshire-street.csv"
    bad.write_text(
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        "LSOA name,Crime type,Last outcome category,Context\n"
        "abc,2024-01,Nottinghamshire Police,Nottinghamshire Police,-1.1,52.9,On or near X,"
        "E01013843,Nottingham 001A,Burglary,Under investigation,\n"
        "abd,2024-01,Nottinghamshire Police,Nottinghamshire Police,-1.1,north,On or near X,"
        "E01013843,Nottingham 001A,Burglary,Under investigation,\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from prevhub.cli import main; main()",
            "ingest",
            "police-uk",
            str(bad),
            "--store",
            str(tmp_path / "crime.duckdb"),
        ],
        env={**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "200"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    message = " ".join(result.stderr.split())
    assert "line 3" in message and "Latitude" in message and "not a number: north" in message


def test_the_measure_table_fits_80_columns(demo_store: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(SRC), "COLUMNS": "80"}
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from prevhub.cli import main; main()",
            "measure",
            "--period",
            "2024-01:2024-03",
            "--baseline",
            "last-year",
            "--by",
            "crime_type",
            "--store",
            str(demo_store),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    # Not cropped to fit: every line of the table ends with its right-hand border.
    table = [line for line in lines if line[:1] in "┏┃┡│└"]
    assert table and all(line[-1] in "┓┃┩│┘" for line in table)
    assert any("Shoplifting" in line for line in lines)  # names are not cut to nothing

"""CSV and JSON from the CLI carry plain numbers, checked against a store small enough to count.

The store holds eleven hand-written police.uk street rows for Nottinghamshire, in two districts
(Nottingham and Mansfield, whose LSOA names give the district) and four months:

=========  ===========================================  =====================================
district   2024-01 and 2024-02 (the period)             2023-01 and 2023-02 (the baseline)
=========  ===========================================  =====================================
Nottingham 4 burglaries, 1 shoplifting  -> 5 crimes      2 burglaries               -> 2
Mansfield  2 shoplifting                -> 2 crimes      1 shoplifting, 1 burglary  -> 2
=========  ===========================================  =====================================

Harm is the Cambridge Crime Harm Index days the package holds for Nottinghamshire
(``reference/cchi_weights_by_force_category.csv``: Burglary 245.14, Shoplifting 1.0).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from scipy import stats
from typer.testing import CliRunner

from prevhub.cli import app
from prevhub.cli.output import Column, cell, emit, plain

runner = CliRunner()

HEADER = (
    "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
    "LSOA name,Crime type,Last outcome category,Context\n"
)
NOTTINGHAM = "-1.15,52.95,On or near X,E01013843,Nottingham 001A"
MANSFIELD = "-1.20,53.14,On or near Y,E01028284,Mansfield 001A"
ROWS = {
    "2024-01": [(NOTTINGHAM, "Burglary")] * 3
    + [(NOTTINGHAM, "Shoplifting")]
    + [(MANSFIELD, "Shoplifting")] * 2,
    "2024-02": [(NOTTINGHAM, "Burglary")],
    "2023-01": [(NOTTINGHAM, "Burglary")] * 2 + [(MANSFIELD, "Shoplifting")],
    "2023-02": [(MANSFIELD, "Burglary")],
}
BURGLARY, SHOPLIFTING = 245.14, 1.0


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small")
    files = []
    for month, rows in ROWS.items():
        path = folder / f"{month}-nottinghamshire-street.csv"
        lines = [
            f"id{month}{i},{month},Nottinghamshire Police,Nottinghamshire Police,{place},"
            f"{crime_type},Under investigation,\n"
            for i, (place, crime_type) in enumerate(rows)
        ]
        path.write_text(HEADER + "".join(lines), encoding="utf-8")
        files.append(str(path))
    store = folder / "crime.duckdb"
    result = runner.invoke(app, ["ingest", "police-uk", *files, "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store


def _measure(store: Path, fmt: str, by: str = "district") -> str:
    result = runner.invoke(
        app,
        [
            "measure",
            "--period",
            "2024-01:2024-02",
            "--baseline",
            "last-year",
            "--by",
            by,
            "--store",
            str(store),
            "--format",
            fmt,
        ],
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_measure_csv_has_the_by_name_and_two_interval_columns(small_store: Path) -> None:
    reader = csv.reader(io.StringIO(_measure(small_store, "csv")))
    assert next(reader) == [
        "district",
        "current",
        "baseline",
        "change",
        "pct_change",
        "rate_ratio",
        "ci95_low",
        "ci95_high",
        "p_value",
        "harm_current",
        "harm_baseline",
        "flags",
    ]


def test_measure_csv_numbers_are_the_hand_counts_as_plain_numbers(small_store: Path) -> None:
    rows = {r["district"]: r for r in csv.DictReader(io.StringIO(_measure(small_store, "csv")))}
    notts, mansfield = rows["Nottingham"], rows["Mansfield"]
    # Counts: exactly the digits, no thousands separators or trailing dots.
    assert (notts["current"], notts["baseline"], notts["change"]) == ("5", "2", "3")
    assert (mansfield["current"], mansfield["baseline"], mansfield["change"]) == ("2", "2", "0")
    # 5 against 2 is +150 %, rate ratio 2.5; 2 against 2 is 0 % and 1.
    assert float(notts["pct_change"]) == 150.0 and float(notts["rate_ratio"]) == 2.5
    assert float(mansfield["pct_change"]) == 0.0 and float(mansfield["rate_ratio"]) == 1.0
    # Harm days: 4 x 245.14 + 1 x 1.0 = 981.56 now, 2 x 245.14 = 490.28 before (Nottingham);
    # 2 x 1.0 = 2.0 now, 1.0 + 245.14 = 246.14 before (Mansfield).
    assert float(notts["harm_current"]) == pytest.approx(4 * BURGLARY + SHOPLIFTING)
    assert float(notts["harm_baseline"]) == pytest.approx(2 * BURGLARY)
    assert float(mansfield["harm_current"]) == pytest.approx(2 * SHOPLIFTING)
    assert float(mansfield["harm_baseline"]) == pytest.approx(SHOPLIFTING + BURGLARY)
    # p-value of 5 against 2 (equal exposure): the two-sided exact binomial test of 5 of 7 at
    # 1/2 is 2 x (C(7,5) + C(7,6) + C(7,7)) / 2^7 = 2 x 29 / 128 = 0.453125; 2 of 4 gives 1.
    assert float(notts["p_value"]) == pytest.approx(58 / 128, rel=1e-9)
    assert float(mansfield["p_value"]) == pytest.approx(1.0)
    # Interval: Clopper-Pearson for 5 of 7 (scipy.stats.binomtest), mapped p -> p / (1 - p).
    share = stats.binomtest(5, 7).proportion_ci(method="exact")
    assert float(notts["ci95_low"]) == pytest.approx(share.low / (1 - share.low), rel=1e-6)
    assert float(notts["ci95_high"]) == pytest.approx(share.high / (1 - share.high), rel=1e-6)
    # Fewer than 20 either side: both rows are flagged, one flag per cell, as text.
    assert notts["flags"] == mansfield["flags"] == "small-numbers"


def test_measure_csv_by_month_names_both_month_columns(small_store: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(_measure(small_store, "csv", by="month"))))
    assert [(r["month"], r["baseline_month"], r["current"], r["baseline"]) for r in rows] == [
        ("2024-01", "2023-01", "6", "3"),  # 3 + 1 + 2 against 2 + 1
        ("2024-02", "2023-02", "1", "1"),
    ]


def test_measure_json_carries_numbers_as_json_numbers(small_store: Path) -> None:
    data = json.loads(_measure(small_store, "json"))
    notts = next(r for r in data["rows"] if r["key"] == {"district": "Nottingham"})
    assert notts["current"] == 5 and isinstance(notts["current"], int)
    assert notts["rate_ratio"] == 2.5
    assert notts["p_value"] == pytest.approx(58 / 128, rel=1e-9)
    assert notts["harm_current"] == pytest.approx(981.56)
    assert isinstance(notts["ci95"][0], float) and notts["ci95"][0] < 2.5 < notts["ci95"][1]
    assert data["baseline"] == {"from": "2023-01", "to": "2023-02"}


def test_an_interval_with_no_upper_end_is_null_in_json_and_empty_in_csv() -> None:
    rows = [{"area": "A", "ci95_low": 0.5, "ci95_high": float("inf"), "note": None}]
    out = io.StringIO()
    emit(rows, "csv", out=out)
    assert out.getvalue() == "area,ci95_low,ci95_high,note\r\nA,0.5,,\r\n"
    out = io.StringIO()
    emit(rows, "json", out=out)
    assert json.loads(out.getvalue()) == [
        {"area": "A", "ci95_low": 0.5, "ci95_high": None, "note": None}
    ]


def test_plain_cells_keep_every_digit_and_table_cells_are_for_reading() -> None:
    assert plain(1275004) == "1275004" and plain(1275004.0) == "1275004.0"
    assert plain(0.9350462) == "0.9350462"
    assert cell(1275004) == "1,275,004" and cell(1275004.0) == "1,275,004"
    assert cell(None) == "—" and cell(3.7e-10, "p_value") == "< 0.001"
    assert cell((0.935, 0.9612), "interval") == "0.94–0.96"


def test_the_table_format_uses_the_column_headers(capsys: pytest.CaptureFixture[str]) -> None:
    emit(
        [{"district": "Nottingham", "current": 12345}],
        "table",
        columns=[Column("district", kind="text"), Column("current", "now")],
    )
    text = capsys.readouterr().out
    assert "now" in text and "12,345" in text and "Nottingham" in text

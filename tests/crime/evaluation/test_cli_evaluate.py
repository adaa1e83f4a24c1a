"""`prevhub evaluate`: the published WDD example from the command line, and store-backed
commands against counts made independently from the demo CSVs.

WDD source: Wheeler & Ratcliffe (2018), Crime Science 7:11 (the worked example: total −118,
SE √1568, z −2.98, 95 % CI −196 to −40; local −107 and displacement −11 by hand).
"""

from __future__ import annotations

import csv
import io
import json
import math
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prevhub.cli import app
from tests.insights.store_fixtures import DEMO_ZIP

runner = CliRunner()


def test_wdd_json_is_the_papers_example() -> None:
    result = runner.invoke(
        app,
        [
            "evaluate",
            "wdd",
            "--control",
            "308,318",
            "--treated",
            "207,110",
            "--displacement-control",
            "150,140",
            "--displacement",
            "178,157",
            "--alpha",
            "0.05",
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"local", "displacement", "total", "alpha"}
    assert data["alpha"] == 0.05
    total = data["total"]
    assert set(total) == {"estimate", "se", "z", "ci"}
    assert total["estimate"] == -118 and total["se"] == pytest.approx(math.sqrt(1568))
    assert round(total["z"], 2) == -2.98 and [round(x) for x in total["ci"]] == [-196, -40]
    assert data["local"]["estimate"] == -107 and data["displacement"]["estimate"] == -11


def test_wdd_weights_and_bad_input() -> None:
    ok = runner.invoke(
        app,
        [
            "evaluate",
            "wdd",
            "--control",
            "100,50",
            "--treated",
            "80,20",
            "--time-weights",
            "2,1",
            "--format",
            "json",
        ],
    )
    assert json.loads(ok.stdout)["total"]["se"] == pytest.approx(math.sqrt(115))  # Wheeler 2021
    bad = runner.invoke(app, ["evaluate", "wdd", "--control", "1,2,3", "--treated", "1,2"])
    assert bad.exit_code != 0
    assert "--control takes 2 numbers" in str(bad.exception) + bad.output


def _district_total(months: set[str], district: str, crime_type: str) -> int:
    n = 0
    with zipfile.ZipFile(DEMO_ZIP) as archive:
        for name in archive.namelist():
            if name.endswith("-street.csv"):
                with archive.open(name) as raw:
                    for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                        if (
                            row["Month"] in months
                            and row["Crime type"] == crime_type
                            and row["LSOA name"].rsplit(" ", 1)[0] == district
                        ):
                            n += 1
    return n


def test_did_over_the_store_is_the_ratio_of_csv_totals(demo_store: Path) -> None:
    result = runner.invoke(
        app,
        [
            "evaluate",
            "did",
            "--force",
            "nottinghamshire",
            "--treated-area",
            "Mansfield",
            "--comparison-area",
            "Ashfield",
            "--period",
            "2024-01:2024-03",
            "--baseline",
            "last-year",
            "--crime-type",
            "Shoplifting",
            "--store",
            str(demo_store),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    before, after = {"2023-01", "2023-02", "2023-03"}, {"2024-01", "2024-02", "2024-03"}
    tb, ta = (_district_total(m, "Mansfield", "Shoplifting") for m in (before, after))
    cb, ca = (_district_total(m, "Ashfield", "Shoplifting") for m in (before, after))
    assert data["estimate"] == pytest.approx((ta / tb) / (ca / cb))
    assert data["method"] == "did-poisson" and data["caveats"]

"""The register's commands: the CSV import (refusal names file, line and field; exit code 1)
and the monthly report as CSV, small numbers withheld."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

from prevhub.cli import main
from prevhub.suicide_prevention.models import SurveillanceRecord
from tests.suicide_prevention.helpers import at, make_record

pytestmark = pytest.mark.django_db

HEADER = (
    "source_reference,kind,occurred_at,latitude,longitude,place_type,method,age_band,sex,status\n"
)


def _run(args: list[str]) -> tuple[int, str]:
    from prevhub.cli import app

    result = CliRunner().invoke(app, args)
    return result.exit_code, result.output


def test_import_command_loads_once_and_refuses_a_bad_file(tmp_path: Path, capsys) -> None:
    good = tmp_path / "rts.csv"
    good.write_text(
        HEADER + "R1,death,2026-03-01T10:00,52.9,-1.1,height,fall,25-34,male,suspected\n"
    )
    code, out = _run(["suicide-prevention", "import", str(good)])
    assert code == 0 and "1 record(s) added" in out
    code, out = _run(["suicide-prevention", "import", str(good)])
    assert code == 0 and "0 record(s) added, 1 already loaded" in out
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + "R2,death,2026-03-01T10:00,52.9,-1.1,height,fall,25-34,male,maybe\n")
    import sys

    argv = sys.argv
    sys.argv = ["prevhub", "suicide-prevention", "import", str(bad)]
    try:
        with pytest.raises(SystemExit) as exited:
            main()
    finally:
        sys.argv = argv
    assert exited.value.code == 1
    assert "bad.csv, line 2, field status" in capsys.readouterr().err.replace("\n", "")
    assert SurveillanceRecord.objects.count() == 1


def test_report_command_writes_the_suppressed_tables_as_csv() -> None:
    for day in (1, 2, 3):  # three suspected deaths in March: withheld
        make_record(occurred_at=at(2026, 3, day))
    code, out = _run(["suicide-prevention", "report", "--from", "2026-03", "--to", "2026-03",
                      "--format", "csv"])  # fmt: skip
    assert code == 0, out
    rows = list(csv.DictReader(io.StringIO(out)))
    cell = {(r["group"], r["breakdown"], r["month"], r["category"]): r["count"] for r in rows}
    assert cell[("Suspected suicides awaiting the coroner", "Sex", "2026-03", "Male")] == "[c]"
    assert cell[("Suspected suicides awaiting the coroner", "Sex", "All", "All")] == "[c]"
    assert cell[("Suicides concluded by the coroner", "Sex", "All", "All")] == "0"

"""The hub's one grammar of months and periods (``prevhub.crime.periods``).

Expected values are worked by hand from the calendar: a baseline 'previous' is as many months
ending the month before the period starts; 'last-year' is the same months twelve months
earlier.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from prevhub.crime import periods
from prevhub.crime.periods import (
    PeriodError,
    add_months,
    is_month,
    iter_months,
    month_count,
    month_from_index,
    month_index,
    month_parts,
    months_in,
    parse_month,
    parse_period,
    period_length,
    resolve_baseline,
)
from prevhub.errors import PrevhubError


def test_the_baseline_of_a_calendar_year_is_the_year_before() -> None:
    assert resolve_baseline(("2024-01", "2024-12"), "previous") == ("2023-01", "2023-12")


def test_last_year_is_the_same_months_twelve_months_earlier() -> None:
    assert resolve_baseline(("2024-03", "2024-05"), "last-year") == ("2023-03", "2023-05")


def test_a_period_crossing_a_year_end_has_its_months_in_order() -> None:
    # November 2023 to February 2024: Nov, Dec, Jan, Feb (4 months).
    assert months_in("2023-11:2024-02") == ["2023-11", "2023-12", "2024-01", "2024-02"]
    assert period_length("2023-11:2024-02") == 4
    # Its 'previous' baseline is the 4 months before: July to October 2023.
    assert resolve_baseline("2023-11:2024-02", "previous") == ("2023-07", "2023-10")
    # Its 'last-year' baseline crosses the year end before: Nov 2022 to Feb 2023.
    assert resolve_baseline("2023-11:2024-02", "last-year") == ("2022-11", "2023-02")


def test_previous_of_a_quarter_starting_in_january_reaches_back_into_the_old_year() -> None:
    assert resolve_baseline("2024-01:2024-03", "previous") == ("2023-10", "2023-12")
    assert resolve_baseline("2024-02", "previous") == ("2024-01", "2024-01")


def test_an_explicit_baseline_is_taken_as_written() -> None:
    assert resolve_baseline("2024-01:2024-03", "2022-06:2022-11") == ("2022-06", "2022-11")
    assert resolve_baseline("2024-01:2024-03", ["2023-01", "2023-03"]) == ("2023-01", "2023-03")


def test_a_baseline_overlapping_the_period_is_refused() -> None:
    with pytest.raises(PeriodError, match="overlaps the period 2024-01:2024-12"):
        resolve_baseline("2024-01:2024-12", "2024-06:2025-01")


def test_last_year_of_a_period_longer_than_a_year_overlaps_and_is_refused() -> None:
    # 2023-01..2024-06 against 2022-01..2023-06: the first half of 2023 is in both.
    with pytest.raises(PeriodError, match="overlaps"):
        resolve_baseline("2023-01:2024-06", "last-year")


def test_an_unknown_baseline_word_says_what_is_accepted() -> None:
    with pytest.raises(PeriodError, match="previous, last-year or a period FROM:TO"):
        resolve_baseline("2024-01:2024-03", "last-month")


def test_a_month_alone_is_a_one_month_period() -> None:
    assert parse_period("2024-03") == ("2024-03", "2024-03")
    assert parse_period(" 2024-01 : 2024-12 ") == ("2024-01", "2024-12")


@pytest.mark.parametrize(
    "text",
    [
        "2024-13",
        "2024-00",
        "2024-1",
        "24-01",
        "2024/01",
        "2024-01-15",
        "",
        "٢٠٢٤-٠١",
        "２０２４-01",
    ],  # noqa: E501
)
def test_anything_but_yyyy_mm_is_not_a_month(text: str) -> None:
    # The last two are Arabic-Indic and full-width digits, which regex \d would accept.
    assert not is_month(text)
    with pytest.raises(PeriodError, match="write it as YYYY-MM"):
        parse_month(text)


def test_a_period_with_three_parts_or_backwards_is_refused_with_the_reason() -> None:
    with pytest.raises(PeriodError, match="write it as FROM:TO"):
        parse_period("2024-01:2024-02:2024-03")
    with pytest.raises(PeriodError, match="2024-12:2024-01 ends before it starts"):
        parse_period("2024-12:2024-01")


def test_period_errors_are_project_errors_so_the_cli_exits_1() -> None:
    assert issubclass(PeriodError, PrevhubError)


def test_month_arithmetic_crosses_year_ends() -> None:
    assert month_parts("2024-03") == (2024, 3)
    assert month_index("2024-01") - month_index("2023-12") == 1
    assert month_from_index(month_index("2023-12") + 1) == "2024-01"
    assert add_months("2024-11", 3) == "2025-02"
    assert add_months("2024-01", -1) == "2023-12"
    assert add_months("2024-01", -25) == "2021-12"
    assert month_count("2023-11", "2024-02") == 4
    assert month_count("2024-02", "2024-01") == 0
    assert list(iter_months("2024-12", "2025-01")) == ["2024-12", "2025-01"]
    assert list(iter_months("2025-01", "2024-12")) == []


def test_a_month_before_year_0000_is_refused() -> None:
    with pytest.raises(PeriodError, match="outside the years"):
        resolve_baseline("0000-01:0000-03", "previous")


def test_every_part_of_the_hub_uses_this_grammar() -> None:
    """The month helpers the other modules use are these functions, not copies."""
    from prevhub.crime import measures
    from prevhub.crime.sources import fetch
    from prevhub.safeguarding import params

    assert measures.parse_period is periods.parse_period
    assert measures.resolve_baseline is periods.resolve_baseline
    assert fetch.run.months_in is periods.months_in
    assert not hasattr(fetch, "parse_month")
    # The safeguarding parameters keep their own messages but read months the same way.
    with pytest.raises(params.ParameterError) as refused:
        params.month("２０２４-01", "from")
    assert refused.value.errors == {"from": params.MONTH_INVALID}
    assert params.month_range("2023-11", "2024-02") == ("2023-11", "2024-02")
    assert params.month_count("2023-11", "2024-02") == 4


def test_the_ingest_checks_the_month_column_with_the_same_grammar(tmp_path: Path) -> None:
    """A street file's Month column is checked in SQL with periods.MONTH_PATTERN."""
    from prevhub.crime.store import CrimeStore

    header = (
        "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
        "LSOA name,Crime type,Last outcome category,Context\n"
    )
    row = (
        "{id},{month},Nottinghamshire Police,Nottinghamshire Police,-1.15,52.95,On or near X,"
        "E01013843,Nottingham 001A,Burglary,Under investigation,\n"
    )
    path = tmp_path / "2024-01-nottinghamshire-street.csv"
    months = ["2024-01", "2024-13", "٢٠٢٤-٠١", "2024-1"]
    path.write_text(
        header + "".join(row.format(id=f"c{i}", month=m) for i, m in enumerate(months)),
        encoding="utf-8",
    )
    with CrimeStore(tmp_path / "crime.duckdb") as store:
        report = store.ingest_police_uk([path], lenient=True)
    assert report.rows == 1 and report.quarantined == 3
    assert dict(report.quarantine_reasons) == {"Month: not a YYYY-MM month": 3}

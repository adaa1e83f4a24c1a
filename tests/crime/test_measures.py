"""Period comparisons on real Nottinghamshire data, checked against independent counts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prevhub.crime import headline, measure, monthly_counts
from prevhub.crime.measures import (
    months_in,
    parse_period,
    resolve_baseline,
)
from prevhub.crime.stats import compare_poisson_counts
from prevhub.crime.store import CrimeStore
from prevhub.errors import PrevhubError

from .conftest import (
    NOTTINGHAMSHIRE_DISTRICTS,
    NOTTS_DERBYS,
    VICTIM_BASED_TYPES,
    iter_csv_members,
)


def _independent_victim_based(force: str, year: str) -> tuple[int, int]:
    """(inside the force's districts or unlocated, every row) victim-based counts for a year,
    counted from the CSVs with the csv module and the ONS district list."""
    inside = every = 0
    for _member, month, file_force, _kind, reader in iter_csv_members(NOTTS_DERBYS):
        if file_force != force or not month.startswith(year):
            continue
        for row in reader:
            if row["Crime type"] not in VICTIM_BASED_TYPES:
                continue
            every += 1
            name = row["LSOA name"]
            district = name.rsplit(" ", 1)[0] if name else None
            if district is None or district in NOTTINGHAMSHIRE_DISTRICTS:
                inside += 1
    return inside, every


@pytest.fixture(scope="module")
def notts_expected(shared_data: Path) -> dict[str, tuple[int, int]]:
    return {
        "2024": _independent_victim_based("nottinghamshire", "2024"),
        "2023": _independent_victim_based("nottinghamshire", "2023"),
    }


def test_nottinghamshire_2024_victim_based_crime_equals_an_independent_count(
    notts_derbys_store: Path, notts_expected: dict[str, tuple[int, int]]
) -> None:
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        result = measure(store, "2024-01:2024-12", "previous", "class", force="nottinghamshire")
    row = result.row(**{"class": "victim-based"})
    assert row.current == notts_expected["2024"][0]
    assert row.baseline == notts_expected["2023"][0]
    assert row.change == row.current - row.baseline
    # Rate test recomputed from the independent counts.
    test = compare_poisson_counts(notts_expected["2024"][0], notts_expected["2023"][0])
    assert row.rate_ratio == pytest.approx(test.rate_ratio)
    assert row.p_value == pytest.approx(test.p_value)
    assert row.ci95 == pytest.approx(test.ci95)


def test_include_outside_counts_every_published_row(
    notts_derbys_store: Path, notts_expected: dict[str, tuple[int, int]]
) -> None:
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        result = measure(
            store,
            "2024-01:2024-12",
            "last-year",
            "class",
            force="nottinghamshire",
            include_outside=True,
        )
    row = result.row(**{"class": "victim-based"})
    assert (row.current, row.baseline) == (notts_expected["2024"][1], notts_expected["2023"][1])


def test_unlocated_rows_stay_in_totals_but_leave_area_breakdowns(
    notts_derbys_store: Path,
) -> None:
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        total = measure(store, "2024-01:2024-12", by="class", force="nottinghamshire")
        by_district = measure(store, "2024-01:2024-12", by="district", force="nottinghamshire")
        unlocated = store.count(
            "street_crimes s JOIN crime_type_classes c USING (crime_type)",
            "force = 'nottinghamshire' AND month LIKE '2024-%' AND lsoa_code IS NULL "
            "AND crime_class <> 'not-a-crime'",
        )
    assert {r.key["district"] for r in by_district.rows} == NOTTINGHAMSHIRE_DISTRICTS
    assert sum(r.current for r in total.rows) == sum(r.current for r in by_district.rows) + (
        unlocated
    )
    assert by_district.excluded["no_location_rows_left_out"] > 0


def test_every_breakdown_adds_up_to_the_force_total(notts_derbys_store: Path) -> None:
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        totals = {
            by: (
                sum(r.current for r in m.rows),
                sum(r.baseline for r in m.rows),
            )
            for by in ("class", "group", "subgroup", "crime_type", "month")
            for m in [measure(store, "2024-01:2024-06", "last-year", by, force="nottinghamshire")]
        }
    assert len(set(totals.values())) == 1


def test_the_json_has_exactly_the_documented_shape(notts_derbys_store: Path) -> None:
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        data = measure(
            store, "2024-01:2024-12", "previous", "class", force="nottinghamshire"
        ).to_dict()
    json.dumps(data)  # serialisable
    assert data["period"] == {"from": "2024-01", "to": "2024-12"}
    assert data["baseline"] == {"from": "2023-01", "to": "2023-12"}
    assert {"test", "notes", "rows"} <= set(data)
    assert "binomial" in data["test"]
    assert any("Regression to the mean" in n for n in data["notes"])
    keys = [row["key"] for row in data["rows"]]
    assert keys == [{"class": "victim-based"}, {"class": "other-crimes-against-society"}]
    for row in data["rows"]:
        assert set(row) == {
            "key",
            "current",
            "baseline",
            "change",
            "pct_change",
            "rate_ratio",
            "ci95",
            "p_value",
            "harm_current",
            "harm_baseline",
            "flags",
        }
        assert len(row["ci95"]) == 2
        assert row["harm_current"] > 0


def test_a_missing_month_is_an_error_unless_allowed(notts_derbys_store: Path) -> None:
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        with pytest.raises(PrevhubError, match="2022-12"):
            measure(store, "2023-01:2023-12", "previous", force="nottinghamshire")
        result = measure(
            store, "2023-01:2023-12", "previous", force="nottinghamshire", allow_incomplete=True
        )
    assert all("month-missing" in r.flags for r in result.rows)


def test_a_window_straddling_a_counting_rule_change_is_flagged(notts_derbys_store: Path) -> None:
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        straddles = measure(store, "2024-01:2024-12", "previous", "crime_type", force="derbyshire")
        after = measure(store, "2024-01:2024-06", "previous", "crime_type", force="derbyshire")
    violence = {"crime_type": "Violence and sexual offences"}
    assert "counting-rule-change" in straddles.row(**violence).flags
    assert "counting-rule-change" not in after.row(**violence).flags
    assert "counting-rule-change" not in straddles.row(crime_type="Shoplifting").flags


def test_small_counts_are_flagged(notts_derbys_store: Path) -> None:
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        result = measure(store, "2024-12:2024-12", "previous", "lsoa", force="nottinghamshire")
    assert any("small-numbers" in r.flags for r in result.rows)
    assert all(
        ("small-numbers" in r.flags) == (min(r.current, r.baseline) < 20) for r in result.rows
    )


def test_monthly_counts_give_the_trend_chart_one_row_per_month_and_class(
    notts_derbys_store: Path,
) -> None:
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        rows = monthly_counts(store, "nottinghamshire", "2023-01:2024-12")
        by_class = measure(store, "2024-01:2024-12", force="nottinghamshire")
    assert len(rows) == 24 * 2
    victim_2024 = sum(
        r["count"] for r in rows if r["class"] == "victim-based" and r["month"] >= "2024-01"
    )
    assert victim_2024 == by_class.row(**{"class": "victim-based"}).current


def test_the_headline_gives_the_nottinghamshire_2024_figure_and_its_neighbour(
    notts_derbys_store: Path, notts_expected: dict[str, tuple[int, int]]
) -> None:
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        result = headline(store, "2024-01:2024-12", "nottinghamshire")
    fewer = notts_expected["2023"][0] - notts_expected["2024"][0]
    first = result.sentences[0]
    assert first.startswith(f"{fewer:,} fewer victim-based crimes (−")
    assert "rate ratio" in first and "95% CI" in first and "p < 0.001" in first
    assert "than the previous 12 months" in first
    assert [n.force for n in result.neighbours] == ["derbyshire"]
    assert any("not the hub's alone" in c or "differently" in c for c in result.context)


def test_neighbourhoods_come_from_an_imported_mapping(shared_data: Path, tmp_path: Path) -> None:
    from prevhub.crime import load_demo

    store_path = tmp_path / "crime.duckdb"
    load_demo(store_path)
    with CrimeStore(store_path) as store:
        lsoas = [
            r[0]
            for r in store.con.execute(
                "SELECT DISTINCT lsoa_code FROM street_crimes WHERE district = 'Mansfield' "
                "ORDER BY 1"
            ).fetchall()
        ]
        mapping = tmp_path / "neighbourhoods.csv"
        mapping.write_text(
            "lsoa_code,neighbourhood\n"
            + "".join(
                f"{c},{'Mansfield North' if i % 2 else 'Mansfield South'}\n"
                for i, c in enumerate(lsoas)
            ),
            encoding="utf-8",
        )
        assert store.import_neighbourhoods(mapping) == len(lsoas)
        hoods = measure(
            store, "2024-01:2024-03", "last-year", "neighbourhood", force="nottinghamshire"
        )
        district = measure(
            store, "2024-01:2024-03", "last-year", "district", force="nottinghamshire"
        )
    counts = Counter({r.key["neighbourhood"]: r.current for r in hoods.rows})
    assert (
        counts["Mansfield North"] + counts["Mansfield South"]
        == district.row(district="Mansfield").current
    )


# -- period arithmetic ---------------------------------------------------------------------

months = st.builds(lambda y, m: f"{y:04d}-{m:02d}", st.integers(2005, 2035), st.integers(1, 12))


@given(months, st.integers(1, 36))
def test_the_previous_baseline_is_as_long_as_the_period_and_ends_just_before_it(
    start: str, length: int
) -> None:
    from prevhub.crime.measures import month_from_index, month_index

    period = (start, month_from_index(month_index(start) + length - 1))
    base = resolve_baseline(period, "previous")
    assert len(months_in(base)) == len(months_in(period))
    assert month_index(base[1]) + 1 == month_index(period[0])


@given(months, st.integers(1, 12))
def test_the_last_year_baseline_is_the_same_months_a_year_earlier(start: str, length: int) -> None:
    from prevhub.crime.measures import month_from_index, month_index

    period = (start, month_from_index(month_index(start) + length - 1))
    base = resolve_baseline(period, "last-year")
    assert [m[5:] for m in months_in(base)] == [m[5:] for m in months_in(period)]
    assert int(base[0][:4]) == int(period[0][:4]) - 1


def test_a_malformed_period_is_a_user_error() -> None:
    for bad in ("2024-13:2024-12", "2024-01-2024-12", "2024-06:2024-01"):
        with pytest.raises(PrevhubError):
            parse_period(bad)
    with pytest.raises(PrevhubError, match="overlaps"):
        resolve_baseline(("2024-01", "2024-12"), "2024-06:2025-01")


def test_the_counting_rule_change_flags_only_the_groups_it_affects(
    notts_derbys_store: Path,
) -> None:
    # 2023-05: stalking, harassment and coercive control counting (inside police.uk's
    # "Violence and sexual offences"); theft and the other groups are untouched.
    with CrimeStore(notts_derbys_store, read_only=True) as store:
        by_group = measure(store, "2024-01:2024-12", "previous", "group", force="derbyshire")
        other = measure(
            store,
            "2024-01:2024-12",
            "previous",
            "crime_type",
            force="derbyshire",
            crime_class="other-crimes-against-society",
        )
    flagged = {r.key["group"] for r in by_group.rows if "counting-rule-change" in r.flags}
    assert flagged and all("theft" not in str(g).lower() for g in flagged)
    assert any("Counting-rule change" in n for n in by_group.notes)
    assert not any("counting-rule-change" in r.flags for r in other.rows)
    assert not any("Counting-rule change" in n for n in other.notes)

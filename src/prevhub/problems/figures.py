"""The crime engine's figures for a problem's area: the only place problems read crime data.

Numbers come from :mod:`prevhub.crime.area_figures` (never re-counted here), on the store the
Measure page uses, opened read-only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from prevhub.crime import CrimeStore
from prevhub.crime.area_figures import AreaSelection, scanning_figures
from prevhub.errors import PrevhubError
from prevhub.insights.selectors import default_query
from prevhub.paths import crime_store_path
from prevhub.problems.models import Problem


def open_store() -> CrimeStore:
    return CrimeStore(crime_store_path(), read_only=True)


def selection(problem: Problem) -> AreaSelection:
    return AreaSelection(
        force=problem.force,
        districts=tuple(problem.districts),
        lsoas=tuple(problem.lsoas),
        crime_types=tuple(problem.crime_types),
    )


def comparison_selection(
    problem: Problem, districts: list[str], lsoas: list[str]
) -> AreaSelection | None:
    if not districts and not lsoas:
        return None
    return AreaSelection(
        force=problem.force,
        districts=tuple(districts),
        lsoas=tuple(lsoas),
        crime_types=tuple(problem.crime_types),
    )


def _home_district(store: CrimeStore, problem: Problem) -> str | None:
    """The one district the problem's area lies in, to compare it with the rest of it."""
    if len(problem.districts) == 1 and not problem.lsoas:
        return problem.districts[0]
    if problem.lsoas and not problem.districts:
        rows = store.con.execute(
            "SELECT DISTINCT district FROM street_crimes WHERE force = ? "
            "AND lsoa_code IN (SELECT unnest(?::VARCHAR[])) AND district IS NOT NULL",
            [problem.force, list(problem.lsoas)],
        ).fetchall()
        if len(rows) == 1:
            return str(rows[0][0])
    return None


def scanning_snapshot(problem: Problem) -> dict[str, Any]:
    """Counts for the latest fully loaded window and its baseline, the monthly trend, and the
    area's share of its district: stored with the problem as the evidence it existed."""
    with open_store() as store:
        if problem.force not in store.forces("street"):
            raise PrevhubError(f"The crime store holds no data for {problem.force!r}.")
        query = default_query(store, problem.force)
        result = scanning_figures(
            store,
            selection(problem),
            query.period,
            query.baseline,
            district=_home_district(store, problem),
        )
    data = result.to_dict()
    data["baseline_rule"] = query.baseline
    return data


def store_choices() -> dict[str, Any]:
    """Forces, districts and crime types of the crime store (``area_choices``), remembered
    until the store file changes (an ingest) or another store is configured."""
    path = crime_store_path()
    key = (str(path), path.stat().st_mtime_ns if path.exists() else None)
    return _choices_for(key)


@lru_cache(maxsize=4)
def _choices_for(key: tuple[str, int | None]) -> dict[str, Any]:
    return area_choices()


def area_choices() -> dict[str, Any]:
    """Forces, their districts and the crime types, for the problem form's choices."""
    from prevhub.crime.area_figures import crime_types, districts

    try:
        with open_store() as store:
            forces = store.forces("street")
            return {
                "forces": forces,
                "districts": {f: districts(store, f) for f in forces},
                "crime_types": crime_types(store),
            }
    except PrevhubError:
        return {"forces": [], "districts": {}, "crime_types": []}

"""Assessing a problem by WDD, DiD and synthetic control: the figures equal independent
counts of the demo CSVs put through the published formulas, and the stored assessment is
kept as it was computed.

Counts come from the csv module over the packaged data.police.uk files (``csv_counts`` in
test_figures); the WDD arithmetic is Wheeler & Ratcliffe's (2018) formula written out here;
the buffer is checked by brute force against the LSOA polygons.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.crime.evaluation import EVALUATION_VERSION
from prevhub.errors import PrevhubError
from prevhub.problems import services
from prevhub.problems.models import Problem, Stage
from tests.problems.test_figures import Q1_2023, Q1_2024, count, truth  # noqa: F401 (fixture)
from tests.problems.test_problem_access import make_problem

pytestmark = pytest.mark.django_db

TARGET = ["E01028268", "E01028284"]  # two Mansfield LSOAs
CONTROL = ["E01028300", "E01028301"]
BEFORE, AFTER = ("2023-01", "2023-03"), ("2024-01", "2024-03")


def _buffer(codes: list[str]) -> list[str]:
    """Every LSOA polygon within a metre of the area (brute force over all polygons)."""
    import shapely

    from prevhub.crime.geography import force_boundaries

    b = force_boundaries("nottinghamshire")
    assert b is not None
    idx = {c: i for i, c in enumerate(b.lsoa_code)}
    area = shapely.union_all(b.lsoa_bng[[idx[c] for c in codes]])
    return sorted(
        c
        for c, shape in zip(b.lsoa_code, b.lsoa_bng, strict=True)
        if c not in codes and shapely.distance(area, shape) <= 1.0
    )


def test_wdd_assessment_equals_the_formula_on_csv_counts(
    use_demo_store: Any,
    truth: Counter,  # noqa: F811
) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = make_problem(
        owner=coordinator, districts=[], lsoas=TARGET, crime_types=["Shoplifting"]
    )
    result = services.problem_assess(
        problem=problem,
        user=coordinator,
        before=BEFORE,
        after=AFTER,
        method="wdd",
        comparison_lsoas=CONTROL,
    )
    shop = ("Shoplifting",)
    buffer = _buffer(TARGET)
    buffer_control = [
        c for c in _buffer(CONTROL) if c not in set(buffer) | set(TARGET) and c not in CONTROL
    ]
    assert result["inputs"]["buffer"] == buffer
    assert result["inputs"]["buffer_control"] == buffer_control

    def pair(lsoas: list[str]) -> tuple[int, int]:
        return (
            count(truth, Q1_2023, lsoas=set(lsoas), types=shop),
            count(truth, Q1_2024, lsoas=set(lsoas), types=shop),
        )

    t, c, d, dc = pair(TARGET), pair(CONTROL), pair(buffer), pair(buffer_control)
    # Wheeler & Ratcliffe (2018) with area weights scaling each control to its area's level
    # before: w_c = C0/T0, w_dc = DC0/D0; equal 3-month periods (time weights 3, 3 cancel in
    # the estimate but divide by 3 per month).
    wc, wdc = c[0] / t[0], dc[0] / d[0]
    local = (t[1] - t[0]) / 3 - (c[1] - c[0]) / (3 * wc)
    displacement = (d[1] - d[0]) / 3 - (dc[1] - dc[0]) / (3 * wdc)
    var = (
        (t[0] + t[1]) / 9
        + (c[0] + c[1]) / (9 * wc**2)
        + (d[0] + d[1]) / 9
        + (dc[0] + dc[1]) / (9 * wdc**2)
    )
    e = result["evaluation"]
    assert e["parts"]["local"]["estimate"] == pytest.approx(local)
    assert e["parts"]["displacement"]["estimate"] == pytest.approx(displacement)
    assert e["estimate"] == pytest.approx(local + displacement)
    assert e["se"] == pytest.approx(math.sqrt(var))
    stored = Problem.objects.get(pk=problem.pk)
    assert stored.assessment_method == "wdd"
    assert stored.assessment_version == EVALUATION_VERSION
    assert stored.assessment_computed_at is not None
    assert stored.assessment_figures["evaluation"]["estimate"] == pytest.approx(
        local + displacement
    )


def test_did_without_a_comparison_uses_suggested_areas_and_the_ratio_of_totals(
    use_demo_store: Any,
    truth: Counter,  # noqa: F811
) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = make_problem(owner=coordinator, districts=["Mansfield"], crime_types=["Shoplifting"])
    result = services.problem_assess(
        problem=problem, user=coordinator, before=BEFORE, after=AFTER, method="did-poisson"
    )
    inputs = result["inputs"]
    assert inputs["comparison_suggested"] is True
    assert "Mansfield" not in inputs["comparison_areas"] and len(inputs["comparison_areas"]) == 5
    shop = ("Shoplifting",)
    tb = count(truth, Q1_2023, districts={"Mansfield"}, types=shop)
    ta = count(truth, Q1_2024, districts={"Mansfield"}, types=shop)
    others = set(inputs["comparison_areas"])
    cb = count(truth, Q1_2023, districts=others, types=shop)
    ca = count(truth, Q1_2024, districts=others, types=shop)
    # One treated area: the Poisson DiD IRR is the ratio of totals (see the library's tests).
    assert result["evaluation"]["estimate"] == pytest.approx((ta / tb) / (ca / cb))
    assert len(result["evaluation"]["parts"]["event_study"]) == 6


def test_synthetic_control_assessment_is_stored_with_its_placebos(use_demo_store: Any) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = make_problem(
        owner=coordinator, districts=[], lsoas=TARGET, crime_types=["Shoplifting"]
    )
    result = services.problem_assess(
        problem=problem,
        user=coordinator,
        before=BEFORE,
        after=AFTER,
        method="synthetic-control",
    )
    e = result["evaluation"]
    treated = e["parts"]["treated"][0]
    assert len(e["parts"]["placebo_ratios"]) == len(result["inputs"]["comparison_areas"]) == 20
    assert sum(w["weight"] for w in treated["weights"]) == pytest.approx(1, abs=0.01)
    assert 1 <= treated["placebo_rank"] <= 21
    assert e["p_value"] == pytest.approx(treated["placebo_rank"] / 21)
    assert e["version"] == EVALUATION_VERSION


def test_a_rerun_keeps_the_earlier_result_and_a_closed_assessment_is_never_rerun(
    use_demo_store: Any,
) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = make_problem(owner=coordinator, districts=["Mansfield"])
    first = services.problem_assess(
        problem=problem,
        user=coordinator,
        before=BEFORE,
        after=AFTER,
        comparison_districts=["Ashfield"],
    )
    services.problem_assess(
        problem=problem,
        user=coordinator,
        before=BEFORE,
        after=AFTER,
        method="wdd",
        comparison_districts=["Ashfield"],
    )
    problem.refresh_from_db()
    assert problem.assessment_method == "wdd"
    assert [h["method"] for h in problem.assessment_history] == ["before-after"]
    assert problem.assessment_history[0]["figures"]["res"] == first["res"]
    problem.stage = Stage.CLOSED
    problem.save()
    kept = problem.assessment_figures
    with pytest.raises(PrevhubError, match="closed"):
        services.problem_assess(
            problem=problem,
            user=coordinator,
            before=BEFORE,
            after=AFTER,
            method="did-poisson",
            comparison_districts=["Ashfield"],
        )
    problem.refresh_from_db()
    assert problem.assessment_figures == kept and len(problem.assessment_history) == 1


def test_the_page_shows_the_interval_caveats_chart_and_suggestions(
    use_demo_store: Any, client: Any
) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = make_problem(
        owner=coordinator, districts=[], lsoas=TARGET, crime_types=["Shoplifting"]
    )
    result = services.problem_assess(
        problem=problem,
        user=coordinator,
        before=BEFORE,
        after=AFTER,
        method="wdd",
        comparison_lsoas=CONTROL,
    )
    client.force_login(coordinator)
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    lo, hi = result["evaluation"]["ci"]
    assert f'data-testid="assessment-interval">{lo:.2f} to {hi:.2f}<' in page
    assert "What this cannot tell" in page and "WDD cannot test that assumption" in page
    assert 'data-vega-spec="assessment-spec"' in page and "charts.min.mjs" in page
    assert 'data-testid="wdd-counts"' in page and 'data-testid="suggested-comparisons"' in page
    assert f"evaluation rules version {EVALUATION_VERSION}" in page


def test_the_form_offers_every_method(use_demo_store: Any, client: Any) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = make_problem(owner=coordinator)
    client.force_login(coordinator)
    page = client.get(f"/problems/{problem.pk}/").content.decode()
    for method in ("before-after", "wdd", "did-poisson", "did-negbin", "synthetic-control"):
        assert f'value="{method}"' in page

"""Assessment methods: each takes a problem, periods and a comparison area and returns figures.

A method is a function registered in :data:`METHODS` under a short name, stored with the
result on the problem. All take the same keyword arguments (``problem``, ``before``,
``after``, ``comparison_districts``, ``comparison_lsoas``) and return a JSON-ready dict:

* ``before-after``: the before/after counts with the relative effect size (its own shape);
* ``wdd``: weighted displacement difference, with the displacement buffer drawn around the
  response area (the LSOAs touching it) and, when the comparison is given as LSOAs, a
  control buffer around the comparison area;
* ``did-poisson`` / ``did-negbin``: difference-in-differences over the monthly counts, with an
  event study (effect by month);
* ``synthetic-control``: the area against a weighted mix of comparison areas, with placebos.

The new methods' results carry ``evaluation`` (the library's
:class:`~prevhub.crime.evaluation.EvaluationResult` as a dict: estimate, interval, p,
reference, caveats, version) and ``inputs`` (which areas and months were used). When no
comparison area is given, DiD, WDD and synthetic control use the areas most like the
problem's before it started (:func:`suggested_comparisons`), and say so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from prevhub.crime.area_figures import AreaSelection, before_after
from prevhub.crime.periods import months_in
from prevhub.errors import PrevhubError
from prevhub.problems import figures
from prevhub.problems.models import Problem

Method = Callable[..., dict[str, Any]]
METHODS: dict[str, tuple[str, Method]] = {}
DEFAULT_METHOD = "before-after"
#: How many similar areas stand in for a comparison when none is chosen.
SUGGESTED_DONORS = 20
SUGGESTED_CONTROLS = 5


def register(name: str, label: str) -> Callable[[Method], Method]:
    def _add(fn: Method) -> Method:
        METHODS[name] = (label, fn)
        return fn

    return _add


@register("before-after", "Before and after, with a comparison area (relative effect size)")
def _before_after(
    *,
    problem: Problem,
    before: tuple[str, str],
    after: tuple[str, str],
    comparison_districts: list[str],
    comparison_lsoas: list[str],
) -> dict[str, Any]:
    target = figures.selection(problem)
    comparison = figures.comparison_selection(problem, comparison_districts, comparison_lsoas)
    with figures.open_store() as store:
        return before_after(store, target, before, after, comparison).to_dict()


def _level(problem: Problem) -> str:
    """Compare LSOAs with LSOAs and districts with districts."""
    return "lsoa" if problem.lsoas and not problem.districts else "district"


def suggested_comparisons(
    problem: Problem, before: tuple[str, str], *, limit: int = 10
) -> list[dict[str, Any]]:
    """Areas like the problem's before the response: same level (LSOA or district), ranked
    by crime level and mix of the problem's crime types (``areas.similar_areas``)."""
    from prevhub.crime.evaluation.areas import neighbouring_lsoas, similar_areas

    level = _level(problem)
    exclude: list[str] = []
    if level == "lsoa":
        try:  # the buffer is where displacement would show: not a fair comparison
            exclude = neighbouring_lsoas(problem.force, list(problem.lsoas))
        except PrevhubError:
            exclude = []
    with figures.open_store() as store:
        found = similar_areas(
            store, figures.selection(problem), before, level=level, exclude=exclude, limit=limit
        )
    return [dict(s.to_dict(), level=level) for s in found]


def _comparison_areas(
    problem: Problem,
    before: tuple[str, str],
    districts: list[str],
    lsoas: list[str],
    default: int,
) -> tuple[dict[str, AreaSelection], bool]:
    """Each comparison area as its own selection; the suggested ones when none is given."""
    types = tuple(problem.crime_types)
    chosen = {d: AreaSelection(problem.force, districts=(d,), crime_types=types) for d in districts}
    chosen |= {c: AreaSelection(problem.force, lsoas=(c,), crime_types=types) for c in lsoas}
    if chosen:
        return chosen, False
    suggested = suggested_comparisons(problem, before, limit=default)
    if not suggested:
        raise PrevhubError("no comparison area was given and none like the problem's was found")
    key = "lsoas" if _level(problem) == "lsoa" else "districts"
    return {
        s["area"]: AreaSelection(problem.force, crime_types=types, **{key: (s["area"],)})
        for s in suggested
    }, True


def _months(before: tuple[str, str], after: tuple[str, str]) -> list[str]:
    if not before[1] < after[0]:
        raise PrevhubError("the 'before' period must end before the 'after' period starts")
    return months_in(before) + months_in(after)


def _inputs(
    problem: Problem, before: Any, after: Any, comparison: dict[str, Any], suggested: bool
) -> dict[str, Any]:
    return {
        "target": figures.selection(problem).to_dict(),
        "comparison_areas": list(comparison),
        "comparison_suggested": suggested,
        "before": list(before),
        "after": list(after),
    }


def _combined(problem: Problem, selections: dict[str, AreaSelection]) -> AreaSelection:
    districts = tuple(d for s in selections.values() for d in s.districts)
    lsoas = tuple(c for s in selections.values() for c in s.lsoas)
    return AreaSelection(problem.force, districts, lsoas, tuple(problem.crime_types))


@register(
    "wdd", "Weighted displacement difference, with a displacement buffer (Wheeler & Ratcliffe 2018)"
)
def _wdd(
    *,
    problem: Problem,
    before: tuple[str, str],
    after: tuple[str, str],
    comparison_districts: list[str],
    comparison_lsoas: list[str],
) -> dict[str, Any]:
    from prevhub.crime.area_figures import count
    from prevhub.crime.evaluation import wdd
    from prevhub.crime.evaluation.areas import neighbouring_lsoas

    _months(before, after)
    comparison, suggested = _comparison_areas(
        problem, before, comparison_districts, comparison_lsoas, 1
    )
    control = _combined(problem, comparison)
    target = figures.selection(problem)
    notes: list[str] = []
    buffer: list[str] = []
    buffer_control: list[str] = []
    if problem.lsoas:
        buffer = neighbouring_lsoas(problem.force, list(problem.lsoas))
        if control.lsoas and not control.districts:
            taken = set(buffer) | set(problem.lsoas)
            buffer_control = [
                c for c in neighbouring_lsoas(problem.force, list(control.lsoas)) if c not in taken
            ]
            buffer_control = [c for c in buffer_control if c not in control.lsoas]
    else:
        notes.append(
            "The problem's area is a whole district: no displacement buffer is drawn (the "
            "neighbouring districts are too large to show displacement)."
        )
    if buffer and not buffer_control:
        notes.append(
            "The comparison area is a district, so its buffer has no control: the "
            "displacement estimate is the buffer's own change, not net of a trend."
        )
    months_b, months_a = months_in(before), months_in(after)
    time_weights = (len(months_b), len(months_a))
    types = tuple(problem.crime_types)
    with figures.open_store() as store:
        pairs = {
            "treated": (count(store, target, before), count(store, target, after)),
            "control": (count(store, control, before), count(store, control, after)),
        }
        for name, codes in (("displacement", buffer), ("displacement_control", buffer_control)):
            sel = AreaSelection(problem.force, lsoas=tuple(codes), crime_types=types)
            pairs[name] = (count(store, sel, before), count(store, sel, after)) if codes else (0, 0)

    # Area weights: a control's before count relative to the area it stands for (the control
    # to the treated area, the buffer's control to the buffer), so a control ten times as
    # busy is scaled to its area's size (Wheeler 2021, "The WDD test with different area
    # sizes"): the estimate is then in the treated area's and buffer's own crimes.
    def scale(control_name: str, own_name: str) -> float:
        c0, t0 = pairs[control_name][0], pairs[own_name][0]
        return c0 / t0 if c0 > 0 and t0 > 0 else 1.0

    area_weights = (
        scale("control", "treated"),
        1.0,
        scale("displacement_control", "displacement") if buffer_control else 1.0,
        1.0,
    )
    result = wdd(
        pairs["control"],
        pairs["treated"],
        displacement_control=pairs["displacement_control"],
        displacement=pairs["displacement"],
        time_weights=time_weights,
        area_weights=area_weights,
    )
    data = result.to_dict()
    data["caveats"] = notes + data["caveats"]
    if time_weights[0] != time_weights[1]:
        data["caveats"].insert(0, "Counts are per month (the periods differ in length).")
    data["caveats"].insert(
        0,
        "Each control's counts are scaled to its area's level before the response (area "
        "weight = control before ÷ area before), so the estimate is in the problem area's "
        "and the buffer's own crimes.",
    )
    inputs = _inputs(problem, before, after, comparison, suggested)
    inputs.update(
        buffer=buffer,
        buffer_control=buffer_control,
        counts=pairs,
        area_weights=list(area_weights),
        time_weights=list(time_weights),
    )
    return {"evaluation": data, "inputs": inputs, "before": list(before), "after": list(after)}


def _did(family: str) -> Method:
    def run(
        *,
        problem: Problem,
        before: tuple[str, str],
        after: tuple[str, str],
        comparison_districts: list[str],
        comparison_lsoas: list[str],
    ) -> dict[str, Any]:
        from prevhub.crime.evaluation import event_study
        from prevhub.crime.evaluation.areas import series

        months = _months(before, after)
        comparison, suggested = _comparison_areas(
            problem, before, comparison_districts, comparison_lsoas, SUGGESTED_CONTROLS
        )
        with figures.open_store() as store:
            treated = {"Problem area": series(store, figures.selection(problem), months)}
            others = {n: series(store, s, months) for n, s in comparison.items()}
        try:
            result = event_study(treated, others, months, after[0], family=family)
        except ValueError as exc:
            raise PrevhubError(str(exc)) from exc
        inputs = _inputs(problem, before, after, comparison, suggested)
        inputs["series"] = {
            "months": months,
            "treated": treated["Problem area"],
            "comparison": [sum(v) for v in zip(*others.values(), strict=True)],
        }
        return {
            "evaluation": result.to_dict(),
            "inputs": inputs,
            "before": list(before),
            "after": list(after),
        }

    return run


register("did-poisson", "Difference-in-differences, Poisson, with an event study")(_did("poisson"))
register("did-negbin", "Difference-in-differences, negative binomial (over-dispersed counts)")(
    _did("negbin")
)


@register("synthetic-control", "Synthetic control from comparison areas, with placebos")
def _synthetic_control(
    *,
    problem: Problem,
    before: tuple[str, str],
    after: tuple[str, str],
    comparison_districts: list[str],
    comparison_lsoas: list[str],
) -> dict[str, Any]:
    from prevhub.crime.evaluation import synthetic_control
    from prevhub.crime.evaluation.areas import series

    months = _months(before, after)
    comparison, suggested = _comparison_areas(
        problem, before, comparison_districts, comparison_lsoas, SUGGESTED_DONORS
    )
    with figures.open_store() as store:
        treated = {"Problem area": series(store, figures.selection(problem), months)}
        donors = {n: series(store, s, months) for n, s in comparison.items()}
    try:
        result = synthetic_control(treated, donors, months, after[0])
    except ValueError as exc:
        raise PrevhubError(str(exc)) from exc
    return {
        "evaluation": result.to_dict(),
        "inputs": _inputs(problem, before, after, comparison, suggested),
        "before": list(before),
        "after": list(after),
    }


def run(method: str, **kwargs: Any) -> dict[str, Any]:
    if method not in METHODS:
        raise PrevhubError(f"Unknown assessment method {method!r}; one of {', '.join(METHODS)}.")
    result = METHODS[method][1](**kwargs)
    result["method"] = method
    result["method_label"] = METHODS[method][0]
    return result

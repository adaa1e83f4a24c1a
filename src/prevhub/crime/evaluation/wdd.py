"""Weighted displacement difference (WDD) test.

Wheeler, A. P. & Ratcliffe, J. H. (2018). A simple weighted displacement difference test to
evaluate place based crime interventions. *Crime Science* 7:11.
https://doi.org/10.1186/s40163-018-0085-5

With counts before (0) and after (1) in the treated area T, its control C, the displacement
buffer D around T and the buffer's control DC::

    local        = (T1 - T0) - (C1 - C0)          var = T0 + T1 + C0 + C1
    displacement = (D1 - D0) - (DC1 - DC0)        var = D0 + D1 + DC0 + DC1
    total        = local + displacement           var = the sum of all eight

each count's variance being the count itself (Poisson). A negative total means fewer crimes
than the control's trend predicts, after counting any displaced to the buffer.

Time weights (Wheeler's 2021 note "The WDD test with different pre/post time periods") divide
each period's counts by its length so that, e.g., a two-year before and a one-year after are
compared per year; area weights (his 2021 note "The WDD test with different area sizes")
divide each area's counts by its size. A count divided by w has variance count / w².

The harm-weighted variant (his 2020 note "Amending the WDD test to incorporate harm
weights") sums each crime type's local estimate times its harm weight (Crime Harm Index days),
with variance Σ w²·var.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from prevhub.crime.evaluation.result import Estimate, EvaluationResult

REFERENCE = (
    "Wheeler, A. P. & Ratcliffe, J. H. (2018). A simple weighted displacement difference test "
    "to evaluate place based crime interventions. Crime Science 7:11."
)
HARM_REFERENCE = (
    REFERENCE + " Harm weights: Wheeler (2020), 'Amending the WDD test to incorporate harm "
    "weights'; Crime Harm Index: Ashby (2018) / ONS CCHI."
)
CAVEATS = [
    "The control area must have followed the treated area's trend had nothing been done; "
    "WDD cannot test that assumption.",
    "Variances assume Poisson counts. Crime counts are usually over-dispersed, so the "
    "interval is too narrow and the p-value too small when they are.",
    "A displacement buffer captures only displacement to nearby places of the same crimes; "
    "displacement in time, tactic or target is not counted.",
    "Small counts give a normal approximation that is poor; below about 10 crimes in a "
    "period, read the estimate, not the p-value.",
]

Pair = tuple[float, float]


@dataclass(frozen=True)
class WddCounts:
    """Before and after counts for the four areas (displacement pairs default to zero)."""

    control: Pair
    treated: Pair
    displacement: Pair = (0.0, 0.0)
    displacement_control: Pair = (0.0, 0.0)


def _pair(name: str, value: Sequence[float]) -> Pair:
    if len(value) != 2:
        raise ValueError(f"{name} needs two numbers, before and after; got {list(value)!r}")
    a, b = float(value[0]), float(value[1])
    if a < 0 or b < 0 or not (math.isfinite(a) and math.isfinite(b)):
        raise ValueError(f"{name} counts must be finite and not negative; got {list(value)!r}")
    return a, b


def _weighted(counts: Pair, time: Pair, area: float) -> tuple[float, float]:
    """(after − before, variance) of counts divided by time and area weights."""
    w0, w1 = time[0] * area, time[1] * area
    return counts[1] / w1 - counts[0] / w0, counts[0] / w0**2 + counts[1] / w1**2


def wdd(
    control: Sequence[float],
    treated: Sequence[float],
    displacement_control: Sequence[float] = (0, 0),
    displacement: Sequence[float] = (0, 0),
    *,
    time_weights: Sequence[float] = (1, 1),
    area_weights: Sequence[float] = (1, 1, 1, 1),
    alpha: float = 0.05,
) -> EvaluationResult:
    """The WDD test: local, displacement and total estimates with SE, z, p and interval.

    Counts are ``(before, after)`` pairs, in the order of Wheeler's ``ptools::wdd(control,
    treated, disp_control, disp_treated)``; ``time_weights`` are the before and after period
    lengths; ``area_weights`` are the sizes of control, treated, displacement control and
    displacement areas (in that order, as Wheeler's ``ptools::wdd`` takes them).
    """
    c = _pair("control", control)
    t = _pair("treated", treated)
    d = _pair("displacement", displacement)
    dc = _pair("displacement control", displacement_control)
    tw = _pair("time weights", time_weights)
    if len(area_weights) != 4:
        raise ValueError("area weights are four numbers: control, treated, DC, DT")
    aw = [float(x) for x in area_weights]
    if min(*tw, *aw) <= 0:
        raise ValueError("time and area weights must be above zero")
    dt_c, v_c = _weighted(c, tw, aw[0])
    dt_t, v_t = _weighted(t, tw, aw[1])
    dt_dc, v_dc = _weighted(dc, tw, aw[2])
    dt_d, v_d = _weighted(d, tw, aw[3])
    local = Estimate.normal(dt_t - dt_c, math.sqrt(v_t + v_c), alpha)
    disp = Estimate.normal(dt_d - dt_dc, math.sqrt(v_d + v_dc), alpha)
    total = Estimate.normal(
        local.estimate + disp.estimate, math.sqrt(v_t + v_c + v_d + v_dc), alpha
    )
    has_buffer = any(d) or any(dc)
    caveats = list(CAVEATS)
    if not has_buffer:
        caveats.insert(0, "No displacement buffer: the total is the local estimate alone.")
    return EvaluationResult(
        method="wdd",
        label="Weighted displacement difference",
        reference=REFERENCE,
        estimate=total.estimate,
        scale="crimes (change in treated and buffer minus change in their controls)",
        se=total.se,
        ci=total.ci,
        p_value=total.p_value,
        alpha=alpha,
        caveats=caveats,
        parts={
            "local": local.to_dict(),
            "displacement": disp.to_dict(),
            "total": total.to_dict(),
            "counts": {
                "control": list(c),
                "treated": list(t),
                "displacement": list(d),
                "displacement_control": list(dc),
            },
            "time_weights": list(tw),
            "area_weights": aw,
        },
    )


def wdd_harm(
    estimates: Sequence[float],
    standard_errors: Sequence[float],
    weights: Sequence[float],
    *,
    alpha: float = 0.05,
) -> Estimate:
    """Combine per-crime-type WDD estimates with harm weights: Σ w·est, SE √Σ (w·se)².

    The ``ptools::wdd_harm`` arithmetic (Wheeler 2020)."""
    if not len(estimates) == len(standard_errors) == len(weights):
        raise ValueError("one estimate, standard error and weight per crime type")
    est = sum(w * e for w, e in zip(weights, estimates, strict=True))
    se = math.sqrt(sum((w * s) ** 2 for w, s in zip(weights, standard_errors, strict=True)))
    return Estimate.normal(est, se, alpha)


def wdd_harm_weighted(
    by_crime_type: Mapping[str, WddCounts],
    weights: Mapping[str, float] | None = None,
    *,
    part: str = "total",
    time_weights: Sequence[float] = (1, 1),
    area_weights: Sequence[float] = (1, 1, 1, 1),
    alpha: float = 0.05,
) -> EvaluationResult:
    """WDD across several crime types, each weighted by its harm (default: the engine's
    national Crime Harm Index days per police.uk crime type).

    The estimate is in harm days (e.g. −1,721 days); ``parts['by_crime_type']`` holds each
    type's own WDD ``part`` ('local', 'displacement' or 'total') and its weight.
    """
    if part not in ("local", "displacement", "total"):
        raise ValueError("part is one of local, displacement, total")
    if weights is None:
        from prevhub.crime.classification import harm_weights_by_crime_type

        weights = harm_weights_by_crime_type()
    missing = sorted(set(by_crime_type) - set(weights))
    if missing:
        raise ValueError(f"no harm weight for {', '.join(missing)}")
    rows = []
    for crime_type, counts in by_crime_type.items():
        r = wdd(
            counts.control,
            counts.treated,
            displacement_control=counts.displacement_control,
            displacement=counts.displacement,
            time_weights=time_weights,
            area_weights=area_weights,
            alpha=alpha,
        )
        rows.append((crime_type, r.parts[part], float(weights[crime_type])))
    combined = wdd_harm(
        [p["estimate"] for _, p, _ in rows],
        [p["se"] for _, p, _ in rows],
        [w for _, _, w in rows],
        alpha=alpha,
    )
    return EvaluationResult(
        method="wdd-harm",
        label="Harm-weighted weighted displacement difference",
        reference=HARM_REFERENCE,
        estimate=combined.estimate,
        scale=f"harm days ({part} WDD estimate × Crime Harm Index days, summed)",
        se=combined.se,
        ci=combined.ci,
        p_value=combined.p_value,
        alpha=alpha,
        caveats=[
            "Harm weights are sentencing-guideline days in prison per offence (Crime Harm "
            "Index); they weigh seriousness, not the harm a particular victim suffered.",
            "police.uk categories mix offences of very different harm; a category's weight "
            "is an average over its national mix.",
            *CAVEATS,
        ],
        parts={
            "combined": combined.to_dict(),
            "part": part,
            "by_crime_type": [{"crime_type": ct, "weight": w, **p} for ct, p, w in rows],
        },
    )

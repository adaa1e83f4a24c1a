"""Poisson and negative binomial difference-in-differences on a monthly panel.

One or more treated areas and one or more comparison areas, each with a count per month. The
model (a generalised linear model with a log link, fitted by statsmodels) is::

    log E[y_it] = a_i + g_t + b · treated_i · after_t

with a fixed effect ``a_i`` per area and ``g_t`` per month, so ``exp(b)`` is the incidence
rate ratio (IRR) of the treated areas after the start relative to what the comparison areas'
month-to-month movement predicts. Below 1 means fewer crimes than expected.

With one treated and one comparison area and the two periods collapsed to two totals, the
model is saturated and ``exp(b) = (T_after/T_before) / (C_after/C_before)`` exactly, with
``se(b) = √(1/T_b + 1/T_a + 1/C_b + 1/C_a)``: the tests check both.

Negative binomial (NB2, variance μ + α μ²) allows for over-dispersion: α is estimated from
the Poisson fit by the Cameron & Trivedi (1990) auxiliary regression and the GLM refitted.

The event study replaces ``b`` with one coefficient per month relative to the start (the
month before the start is the reference), so a reader can see whether the areas moved
together before (the parallel-trends assumption) and how the effect grew or faded.

References: Angrist & Pischke (2009) *Mostly Harmless Econometrics* ch. 5; Wooldridge (1999)
"Distribution-free estimation of some nonlinear panel data models", J. Econometrics 90;
Cameron & Trivedi (2013) *Regression Analysis of Count Data*, 2nd ed., §3.2.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from prevhub.crime.evaluation.result import EvaluationResult, normal_quantile
from prevhub.crime.periods import month_index, parse_month

REFERENCE = (
    "Difference-in-differences with a log-linear count model: Angrist & Pischke (2009), "
    "Mostly Harmless Econometrics, ch. 5; Wooldridge (1999), J. Econometrics 90:77–97; "
    "negative binomial dispersion by Cameron & Trivedi (1990), J. Econometrics 46:347–364."
)
CAVEATS = [
    "Assumes the treated and comparison areas would have moved in parallel (in proportion) "
    "without the response; the event study's months before the start are the check.",
    "Areas chosen for a response because crime there was unusually high tend to fall back "
    "anyway (regression to the mean); DiD removes that only if the comparison areas were "
    "chosen the same way.",
    "Standard errors treat months as independent; crime in one month is correlated with the "
    "next, so the interval may be too narrow.",
]
FAMILIES = ("poisson", "negbin")
FAMILY_NAMES = {"poisson": "Poisson", "negbin": "negative binomial"}


def _check_panel(
    series: Mapping[str, Sequence[float]], months: Sequence[str]
) -> dict[str, np.ndarray]:
    out = {}
    for area, values in series.items():
        arr = np.asarray(values, dtype=float)
        if arr.shape != (len(months),):
            raise ValueError(f"area {area!r} has {arr.size} counts for {len(months)} months")
        if (arr < 0).any() or not np.isfinite(arr).all():
            raise ValueError(f"area {area!r} has a negative or missing count")
        out[area] = arr
    return out


def _design(areas: list[str], n_months: int, treat_cols: np.ndarray | None) -> np.ndarray:
    """Intercept, area dummies (first dropped), month dummies (first dropped), then the
    treatment columns (one row per area-month, area-major)."""
    n = len(areas) * n_months
    cols = [np.ones(n)]
    area_of = np.repeat(np.arange(len(areas)), n_months)
    month_of = np.tile(np.arange(n_months), len(areas))
    cols += [(area_of == i).astype(float) for i in range(1, len(areas))]
    cols += [(month_of == t).astype(float) for t in range(1, n_months)]
    x = np.column_stack(cols)
    if treat_cols is not None:
        x = np.column_stack([x, treat_cols])
    return x


def _fit(y: np.ndarray, x: np.ndarray, family: str) -> tuple[Any, float | None]:
    import warnings

    import statsmodels.api as sm

    with warnings.catch_warnings():
        # A saturated event study fits some cells exactly; statsmodels warns of "perfect
        # separation", which for a log-linear count model is only an exact fit.
        warnings.simplefilter("ignore")
        return _fit_quiet(y, x, family, sm)


def _fit_quiet(y: np.ndarray, x: np.ndarray, family: str, sm: Any) -> tuple[Any, float | None]:
    poisson = sm.GLM(y, x, family=sm.families.Poisson()).fit()
    if family == "poisson":
        return poisson, None
    mu = poisson.mu
    aux = ((y - mu) ** 2 - y) / mu
    alpha = float(np.sum(aux * mu) / np.sum(mu**2))
    alpha = max(alpha, 1e-8)
    nb = sm.GLM(y, x, family=sm.families.NegativeBinomial(alpha=alpha)).fit()
    return nb, alpha


def _prepare(
    treated: Mapping[str, Sequence[float]],
    comparison: Mapping[str, Sequence[float]],
    months: Sequence[str],
    start: str,
    family: str,
) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, int]:
    if family not in FAMILIES:
        raise ValueError(f"family is one of {', '.join(FAMILIES)}")
    if not treated or not comparison:
        raise ValueError("DiD needs at least one treated and one comparison area")
    overlap = set(treated) & set(comparison)
    if overlap:
        raise ValueError(f"an area cannot be treated and comparison: {', '.join(overlap)}")
    months = [parse_month(m) for m in months]
    if months != sorted(months) or len(set(months)) != len(months):
        raise ValueError("months must be distinct and in order")
    start = parse_month(start)
    if start not in months or start == months[0]:
        raise ValueError("the start month must be one of the months, after the first")
    t = _check_panel(treated, months)
    c = _check_panel(comparison, months)
    areas = [*t, *c]
    y = np.concatenate([*t.values(), *c.values()])
    is_treated = np.repeat([a in t for a in areas], len(months))
    rel = np.tile(np.array([month_index(m) - month_index(start) for m in months]), len(areas))
    return areas, y, is_treated, rel, months.index(start)


def difference_in_differences(
    treated: Mapping[str, Sequence[float]],
    comparison: Mapping[str, Sequence[float]],
    months: Sequence[str],
    start: str,
    *,
    family: str = "poisson",
    alpha: float = 0.05,
) -> EvaluationResult:
    """The DiD incidence rate ratio of the treated areas from ``start`` on.

    ``treated`` and ``comparison`` map an area's name to its count in each of ``months``
    (``YYYY-MM``, in order); ``start`` is the first month of the response.
    """
    areas, y, is_treated, rel, _ = _prepare(treated, comparison, months, start, family)
    d = (is_treated & (rel >= 0)).astype(float)
    x = _design(areas, len(months), d)
    fit, dispersion = _fit(y, x, family)
    b, se = float(fit.params[-1]), float(fit.bse[-1])
    q = normal_quantile(alpha)
    p = float(fit.pvalues[-1])
    before = rel < 0
    totals = {
        "treated_before": float(y[is_treated & before].sum()),
        "treated_after": float(y[is_treated & ~before].sum()),
        "comparison_before": float(y[~is_treated & before].sum()),
        "comparison_after": float(y[~is_treated & ~before].sum()),
    }
    caveats = list(CAVEATS)
    pearson = float(fit.pearson_chi2 / fit.df_resid) if fit.df_resid > 0 else math.nan
    if family == "poisson" and pearson > 1.5:
        caveats.insert(
            0,
            f"The counts are over-dispersed (Pearson χ²/df = {pearson:.2f}): the Poisson "
            "interval is too narrow; use the negative binomial model.",
        )
    return EvaluationResult(
        method=f"did-{family}",
        label=f"Difference-in-differences ({FAMILY_NAMES[family]})",
        reference=REFERENCE,
        estimate=math.exp(b),
        scale="incidence rate ratio (below 1: fewer crimes than the comparison predicts)",
        se=se,
        ci=(math.exp(b - q * se), math.exp(b + q * se)),
        p_value=p,
        alpha=alpha,
        caveats=caveats,
        parts={
            "log_irr": b,
            "se_log_irr": se,
            "family": family,
            "dispersion_alpha": dispersion,
            "pearson_chi2_per_df": pearson if math.isfinite(pearson) else None,
            "treated_areas": list(treated),
            "comparison_areas": list(comparison),
            "start": parse_month(start),
            "months": list(months),
            **totals,
        },
    )


def event_study(
    treated: Mapping[str, Sequence[float]],
    comparison: Mapping[str, Sequence[float]],
    months: Sequence[str],
    start: str,
    *,
    family: str = "poisson",
    alpha: float = 0.05,
) -> EvaluationResult:
    """The DiD effect month by month relative to ``start`` (reference: the last month before
    the start that the data hold).

    The headline estimate is the DiD IRR over all months from the start (as
    :func:`difference_in_differences`); ``parts['months']`` has one row per relative month:
    ``{"relative_month", "month", "irr", "ci", "p_value"}`` (the reference month has IRR 1
    and no interval; ``parts['reference_month']`` names it).
    """
    overall = difference_in_differences(
        treated, comparison, months, start, family=family, alpha=alpha
    )
    areas, y, is_treated, rel, start_at = _prepare(treated, comparison, months, start, family)
    months = [parse_month(m) for m in months]
    rel_months = sorted({int(r) for r in rel[is_treated]})
    reference = max(k for k in rel_months if k < 0)  # the last month before the start
    shown = [k for k in rel_months if k != reference]
    cols = np.column_stack([(is_treated & (rel == k)).astype(float) for k in shown])
    x = _design(areas, len(months), cols)
    fit, _ = _fit(y, x, family)
    q = normal_quantile(alpha)
    n = len(shown)
    params, bse, pvalues = fit.params[-n:], fit.bse[-n:], fit.pvalues[-n:]
    rows = []
    month_of = {month_index(m) - month_index(months[start_at]): m for m in months}
    for k in rel_months:
        month = month_of[k]
        if k == reference:
            rows.append(
                {"relative_month": k, "month": month, "irr": 1.0, "ci": None, "p_value": None}
            )
            continue
        i = shown.index(k)
        b, se = float(params[i]), float(bse[i])
        rows.append(
            {
                "relative_month": k,
                "month": month,
                "irr": math.exp(b),
                "ci": [math.exp(b - q * se), math.exp(b + q * se)],
                "p_value": float(pvalues[i]),
            }
        )
    pre = [r for r in rows if r["relative_month"] < 0 and r["p_value"] is not None]
    caveats = list(overall.caveats)
    flagged = [r for r in pre if r["p_value"] < alpha]
    if flagged:
        caveats.insert(
            0,
            f"{len(flagged)} of {len(pre)} months before the start differ from the reference "
            "month at this alpha: the areas were not moving in parallel before the response.",
        )
    parts = dict(overall.parts)
    parts["event_study"] = rows
    parts["reference_month"] = month_of[reference]
    return EvaluationResult(
        method=f"event-study-{family}",
        label=f"Event study ({FAMILY_NAMES[family]} DiD by month)",
        reference=REFERENCE,
        estimate=overall.estimate,
        scale=overall.scale,
        se=overall.se,
        ci=overall.ci,
        p_value=overall.p_value,
        alpha=alpha,
        caveats=caveats,
        parts=parts,
    )

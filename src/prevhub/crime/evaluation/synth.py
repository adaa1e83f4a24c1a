"""Synthetic control with in-space placebo inference.

Abadie, A. & Gardeazabal, J. (2003). The economic costs of conflict: a case study of the
Basque Country. *American Economic Review* 93(1). Abadie, A., Diamond, A. & Hainmueller, J.
(2010). Synthetic control methods for comparative case studies. *JASA* 105(490).

For a treated area with monthly counts ``y1`` and donor areas ``Y0`` (months × donors), the
synthetic control is the weighted average of donors ``Y0 w`` (``w ≥ 0``, ``Σw = 1``) that
best matches the treated area's months before the start::

    w = argmin Σ_m ((y1_m − Σ_j w_j Y0_mj) / s_m)²      over the pre-period months m

where ``s_m`` is the month's standard deviation across all areas (the scaling ``pysyncon``
applies; every pre-period month is a predictor with equal importance, V = I). The effect is
the gap ``y1 − Y0 w`` after the start.

Inference is by in-space placebos (Abadie et al. 2010 §2.4): each donor in turn is treated as
if it had received the response and fitted from the other donors; the treated area's ratio
of post- to pre-period root mean squared prediction error (RMSPE) is ranked among the
placebos' ratios, and ``p = rank / (placebos + 1)``: the chance of a ratio that large if the
response did nothing and the treated area was like any other.

Two implementations of the weights: ``pysyncon`` (its ``Synth`` with ``custom_V``, SLSQP) and
this module's own, the same problem solved as a non-negative least squares (Lawson & Hanson
1974) with the sum-to-one constraint as a heavily weighted extra row (their ch. 20 weighting
method). The tests check they agree; the placebos use the fast one (pysyncon's solver over
300 donors takes several seconds a fit; 300 placebos would take half an hour). pysyncon
itself is given a working set of donors checked by the optimality conditions
(:func:`weights_pysyncon`), which gives the full problem's answer in a second.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import numpy as np
from scipy.optimize import nnls

from prevhub.crime.evaluation.result import EvaluationResult
from prevhub.crime.periods import parse_month

REFERENCE = (
    "Abadie, Diamond & Hainmueller (2010). Synthetic control methods for comparative case "
    "studies. JASA 105(490):493–505; Abadie & Gardeazabal (2003), AER 93(1):113–132. "
    "Weights by pysyncon (Synth, V = I) and cross-checked by non-negative least squares."
)
CAVEATS = [
    "The synthetic area is only a good counterfactual if it tracked the treated area closely "
    "before the start (see the pre-period RMSPE): a poor pre-period fit means the gap after "
    "is not the effect.",
    "Donor areas must not have received the response or been affected by it (displacement "
    "into a donor makes the effect look larger).",
    "The placebo p-value is a rank: with n placebos the smallest possible p is 1/(n + 1).",
    "Crime counts in small areas are noisy; months with few crimes give an unstable fit.",
]
ENGINES = ("pysyncon", "nnls")


def scale_rows(x1: np.ndarray, x0: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Divide each month (row) by its standard deviation across all areas (ddof 1), as
    pysyncon does; a month with no spread is left as it is."""
    sd = np.concatenate([x0, x1[:, None]], axis=1).std(axis=1, ddof=1)
    sd = np.where(sd > 0, sd, 1.0)
    return x1 / sd, x0 / sd[:, None]


def weights_nnls(x1: np.ndarray, x0: np.ndarray) -> np.ndarray:
    """Synthetic control weights by NNLS with a weighted sum-to-one row (after scaling)."""
    s1, s0 = scale_rows(np.asarray(x1, float), np.asarray(x0, float))
    big = 1e3 * max(1.0, float(np.abs(s0).max()), float(np.abs(s1).max()))
    a = np.vstack([s0, np.full((1, s0.shape[1]), big)])
    b = np.concatenate([s1, [big]])
    w, _ = nnls(a, b, maxiter=50 * a.shape[1])
    total = w.sum()
    return w / total if total > 0 else np.full(s0.shape[1], 1 / s0.shape[1])


def _pysyncon_fit(x1: np.ndarray, x0: np.ndarray, v: np.ndarray) -> np.ndarray:
    import pandas as pd
    from pysyncon import Synth

    names = [f"d{j}" for j in range(x0.shape[1])]
    z0 = pd.DataFrame(np.asarray(x0, float), columns=names)
    z1 = pd.Series(np.asarray(x1, float), name="treated")
    model = Synth()
    model.fit(X0=z0, X1=z1, Z0=z0, Z1=z1, custom_V=v)
    w = np.clip(np.asarray(model.W, float), 0, None)
    return w / w.sum()


def weights_pysyncon(x1: np.ndarray, x0: np.ndarray, *, screen: bool = True) -> np.ndarray:
    """Synthetic control weights by pysyncon's ``Synth`` with every pre month a predictor.

    pysyncon's quadratic programme (SLSQP over every donor) takes seconds with hundreds of
    donors. With ``screen`` it is solved over a working set instead: the donors the NNLS
    solution uses plus the nearest contenders, re-solved with any donor that the optimality
    (KKT) conditions show would lower the loss, until none would. pysyncon scales each month by
    its spread over the donors it is given; ``custom_V`` puts back the full set's scaling, so
    the working-set problem is the full problem restricted to those donors, and the answer
    is the full problem's.
    """
    x1, x0 = np.asarray(x1, float), np.asarray(x0, float)
    n = x0.shape[1]
    if not screen or n <= 2 * x0.shape[0] + 10:
        return _pysyncon_fit(x1, x0, np.ones(x0.shape[0]))
    full_sd = np.concatenate([x0, x1[:, None]], axis=1).std(axis=1, ddof=1)
    full_sd = np.where(full_sd > 0, full_sd, 1.0)
    s1, s0 = x1 / full_sd, x0 / full_sd[:, None]

    def gradient(w: np.ndarray) -> np.ndarray:
        return s0.T @ (s0 @ w - s1)

    w = weights_nnls(x1, x0)
    g = gradient(w)
    support = np.flatnonzero(w > 1e-9)
    others = np.setdiff1d(np.arange(n), support)
    nearest = others[np.argsort(g[others])][: x0.shape[0]]
    working = set(support.tolist()) | set(nearest.tolist())
    for _ in range(5):
        cols = np.array(sorted(working))
        sub_sd = np.concatenate([x0[:, cols], x1[:, None]], axis=1).std(axis=1, ddof=1)
        sub_sd = np.where(sub_sd > 0, sub_sd, 1.0)
        w = np.zeros(n)
        w[cols] = _pysyncon_fit(x1, x0[:, cols], (sub_sd / full_sd) ** 2)
        g = gradient(w)
        used = w > 1e-6
        # At the optimum every used donor has the same reduced cost and no unused one a lower
        # one. SLSQP stops near, not at, the optimum, so only a donor clearly cheaper than
        # every used one is a violation (the NNLS solution, exact, chose the working set).
        level = float(g[used].min())
        tol = 1e-3 * max(1.0, float(np.abs(g).max()))
        outside = np.setdiff1d(np.arange(n), cols)
        better = outside[g[outside] < level - tol]
        if better.size == 0:
            return w
        working |= set(better.tolist())
    return w


def _weights(engine: str, x1: np.ndarray, x0: np.ndarray) -> np.ndarray:
    if engine == "nnls":
        return weights_nnls(x1, x0)
    if engine == "pysyncon":
        return weights_pysyncon(x1, x0)
    raise ValueError(f"engine is one of {', '.join(ENGINES)}")


def _rmspe(gap: np.ndarray) -> float:
    return float(np.sqrt(np.mean(gap**2))) if gap.size else math.nan


def _fit(y1: np.ndarray, y0: np.ndarray, n_pre: int, engine: str) -> dict[str, Any]:
    w = _weights(engine, y1[:n_pre], y0[:n_pre])
    synthetic = y0 @ w
    gap = y1 - synthetic
    pre, post = _rmspe(gap[:n_pre]), _rmspe(gap[n_pre:])
    ratio = post / pre if pre > 0 else math.inf
    return {
        "weights": w,
        "synthetic": synthetic,
        "gap": gap,
        "pre": pre,
        "post": post,
        "ratio": ratio,
    }


def _placebo_ratio(args: tuple[np.ndarray, int, int]) -> float:
    y0, j, n_pre = args
    others = np.delete(y0, j, axis=1)
    return float(_fit(y0[:, j], others, n_pre, "nnls")["ratio"])


def placebo_ratios(y0: np.ndarray, n_pre: int, *, workers: int = 1) -> list[float]:
    """Each donor fitted from the others: its post/pre RMSPE ratio (fast engine)."""
    jobs = [(y0, j, n_pre) for j in range(y0.shape[1])]
    if workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(_placebo_ratio, jobs, chunksize=16))
    return [_placebo_ratio(job) for job in jobs]


def synthetic_control(
    treated: Mapping[str, Sequence[float]],
    donors: Mapping[str, Sequence[float]],
    months: Sequence[str],
    start: str,
    *,
    engine: str = "pysyncon",
    placebos: bool = True,
    workers: int = 1,
    alpha: float = 0.05,
) -> EvaluationResult:
    """Synthetic control for one or several treated areas, with in-space placebos.

    The estimate is the mean monthly gap (treated minus synthetic) after ``start``, averaged
    over the treated areas; ``parts['treated']`` has each area's weights, series, RMSPEs,
    ratio and placebo rank. With several treated areas the headline p ranks the mean of
    their ratios among the placebos' ratios (an approximation; each area's own rank is
    given too).
    """
    months = [parse_month(m) for m in months]
    start = parse_month(start)
    if start not in months:
        raise ValueError("the start month must be one of the months")
    n_pre = months.index(start)
    if n_pre < 2:
        raise ValueError("synthetic control needs at least two months before the start")
    if n_pre == len(months):
        raise ValueError("no months after the start")
    if set(treated) & set(donors):
        raise ValueError("a treated area cannot also be a donor")
    if len(donors) < 2:
        raise ValueError("synthetic control needs at least two donor areas")
    donor_names = list(donors)
    y0 = np.column_stack([np.asarray(donors[d], float) for d in donor_names])
    if y0.shape[0] != len(months):
        raise ValueError("every donor needs one count per month")
    fits = []
    for name, values in treated.items():
        y1 = np.asarray(values, float)
        if y1.shape != (len(months),):
            raise ValueError(f"treated area {name!r} needs one count per month")
        fit = _fit(y1, y0, n_pre, engine)
        check = fit if engine == "nnls" else _fit(y1, y0, n_pre, "nnls")
        fits.append((name, y1, fit, check))
    ratios = placebo_ratios(y0, n_pre, workers=workers) if placebos else []
    finite = [r for r in ratios if math.isfinite(r)]
    rows = []
    for name, y1, fit, check in fits:
        rank = 1 + sum(r >= check["ratio"] for r in finite) if ratios else None
        order = np.argsort(-fit["weights"])
        rows.append(
            {
                "area": name,
                "observed": y1.tolist(),
                "synthetic": fit["synthetic"].tolist(),
                "gap": fit["gap"].tolist(),
                "pre_rmspe": fit["pre"],
                "post_rmspe": fit["post"],
                "ratio": fit["ratio"] if math.isfinite(fit["ratio"]) else None,
                "ratio_nnls": check["ratio"] if math.isfinite(check["ratio"]) else None,
                "weights_max_difference": float(np.abs(fit["weights"] - check["weights"]).max()),
                "placebo_rank": rank,
                "p_value": rank / (len(finite) + 1) if rank else None,
                "mean_gap_after": float(fit["gap"][n_pre:].mean()),
                "change_percent": float(
                    100 * fit["gap"][n_pre:].sum() / fit["synthetic"][n_pre:].sum()
                )
                if fit["synthetic"][n_pre:].sum() > 0
                else None,
                "weights": [
                    {"area": donor_names[j], "weight": float(fit["weights"][j])}
                    for j in order
                    if fit["weights"][j] >= 0.001
                ],
            }
        )
    estimate = float(np.mean([r["mean_gap_after"] for r in rows]))
    p_value = None
    if ratios:
        mean_ratio = float(np.mean([c["ratio"] for _, _, _, c in fits]))
        p_value = (1 + sum(r >= mean_ratio for r in finite)) / (len(finite) + 1)
    caveats = list(CAVEATS)
    if n_pre < 12 or n_pre < len(donor_names) / 10:
        caveats.insert(
            0,
            f"Only {n_pre} months before the start for {len(donor_names)} donors: a close "
            "fit before is easy to get by chance, so the RMSPE ratios (and the p-value) are "
            "unstable. Prefer a longer baseline or fewer, more similar donors.",
        )
    if not placebos:
        caveats.insert(0, "No placebos were run: there is no p-value.")
    if len(rows) > 1:
        caveats.insert(
            0,
            "Several treated areas: the p-value ranks the mean of their RMSPE ratios among "
            "single placebos' ratios, an approximation; read each area's own rank too.",
        )
    return EvaluationResult(
        method="synthetic-control",
        label="Synthetic control with placebo inference",
        reference=REFERENCE,
        estimate=estimate,
        scale="crimes per month (treated minus synthetic, after the start)",
        p_value=p_value,
        alpha=alpha,
        caveats=caveats,
        parts={
            "engine": engine,
            "months": months,
            "start": start,
            "donors": donor_names,
            "treated": rows,
            "placebo_ratios": [r if math.isfinite(r) else None for r in ratios],
        },
    )

"""Control charts for monthly crime counts, with run rules and a seasonal baseline.

* **c-chart** (Poisson counts, equal opportunity each month): centre c̄, limits c̄ ± 3√c̄.
* **u-chart** (counts per unit of exposure ``n_i``, e.g. per 1,000 residents or per day):
  u_i = c_i / n_i, centre ū = Σc / Σn, limits ū ± 3√(ū / n_i).
* **Laney u′ chart** (over-dispersed counts): each month's z_i = (u_i − ū) / √(ū / n_i);
  σ_z = MR̄ / 1.128 from the moving ranges of z; limits ū ± 3 σ_z √(ū / n_i). With Poisson
  counts σ_z ≈ 1 and the u′ chart is the u-chart; crime counts usually give σ_z > 1, and a
  c- or u-chart then flags ordinary months as "out of control". Laney, D. B. (2002).
  Improved control charts for attributes. *Quality Engineering* 14(4):531–537.

Limits are estimated from the baseline months (``baseline`` points, default all) and
applied to every month. Run rules are the **Western Electric** rules (Western Electric
(1956), *Statistical Quality Control Handbook*, §1B; Montgomery, *Introduction to
Statistical Quality Control*, §5.3.6), on each point's distance from the centre in units of
its own sigma: 1 — one point beyond 3σ; 2 — two of three successive points beyond 2σ on the
same side; 3 — four of five successive points beyond 1σ on the same side; 4 — eight
successive points on the same side of the centre.

The **seasonal baseline** compares each month with the same calendar month of earlier years
(expected = their mean), with limits expected ± 3√(φ·expected), φ the over-dispersion of
the earlier years about their month-of-year means (at least 1), so a fall in a low-season
month is not read as success.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from prevhub.crime.evaluation.result import EvaluationResult
from prevhub.crime.periods import month_parts, parse_month

D2 = 1.128  # mean moving range of two normal observations, in sigmas (d2 for n = 2)
RULES = {
    1: "one point beyond 3 sigma",
    2: "two of three successive points beyond 2 sigma, same side",
    3: "four of five successive points beyond 1 sigma, same side",
    4: "eight successive points on the same side of the centre line",
}
REFERENCE_RULES = (
    "Western Electric (1956), Statistical Quality Control Handbook; Montgomery, Introduction "
    "to Statistical Quality Control, §5.3.6."
)
CAVEATS = [
    "A point outside the limits says the month is unusual for this series, not why: a "
    "counting-rule change, a data problem or an operation can all move a month.",
    "Limits come from the baseline months; if those were themselves unusual, so are the limits.",
]


@dataclass(frozen=True)
class ChartPoint:
    month: str
    count: float
    exposure: float
    value: float
    centre: float
    lcl: float
    ucl: float
    sigma: float
    rules: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "month": self.month,
            "count": self.count,
            "exposure": self.exposure,
            "value": self.value,
            "centre": self.centre,
            "lcl": self.lcl,
            "ucl": self.ucl,
            "sigma": self.sigma,
            "rules": list(self.rules),
        }


def western_electric(z: Sequence[float]) -> list[list[int]]:
    """The Western Electric rules each point completes, from its signed sigma distance."""
    flags: list[list[int]] = [[] for _ in z]
    n = len(z)
    for i in range(n):
        if abs(z[i]) > 3:
            flags[i].append(1)
        for rule, window, need, limit in ((2, 3, 2, 2.0), (3, 5, 4, 1.0)):
            if i + 1 >= window:
                recent = z[i + 1 - window : i + 1]
                for sign in (1, -1):
                    if sign * z[i] > limit and sum(sign * v > limit for v in recent) >= need:
                        flags[i].append(rule)
                        break
        if i + 1 >= 8:
            recent = z[i - 7 : i + 1]
            if all(v > 0 for v in recent) or all(v < 0 for v in recent):
                flags[i].append(4)
    return flags


def _check(months: Sequence[str], counts: Sequence[float], exposure: Sequence[float] | None):
    months = [parse_month(m) for m in months]
    if len(months) != len(counts):
        raise ValueError("one count per month")
    if any(c < 0 for c in counts):
        raise ValueError("counts cannot be negative")
    exp = [1.0] * len(counts) if exposure is None else [float(e) for e in exposure]
    if len(exp) != len(counts) or min(exp) <= 0:
        raise ValueError("one exposure above zero per month")
    return months, [float(c) for c in counts], exp


def _baseline_slice(n: int, baseline: int | None) -> slice:
    if baseline is None:
        return slice(0, n)
    if not 2 <= baseline <= n:
        raise ValueError("the baseline needs at least two months of the series")
    return slice(0, baseline)


def control_chart(
    months: Sequence[str],
    counts: Sequence[float],
    *,
    kind: str = "c",
    exposure: Sequence[float] | None = None,
    baseline: int | None = None,
) -> EvaluationResult:
    """A c-, u- or Laney u′ chart (``kind`` 'c', 'u' or 'laney') with Western Electric flags.

    ``baseline`` is how many of the first months set the limits (default all of them).
    The result's estimate is the last month's distance from the centre in sigmas; parts hold
    the points, the centre, σ_z (Laney) and the months each rule flags.
    """
    if kind not in ("c", "u", "laney"):
        raise ValueError("kind is one of c, u, laney")
    months, counts, exp = _check(months, counts, None if kind == "c" else exposure)
    base = _baseline_slice(len(counts), baseline)
    bc, be = counts[base], exp[base]
    centre = sum(bc) / sum(be)
    if centre <= 0:
        raise ValueError("the baseline months have no crimes: no chart can be drawn")
    values = [c / e for c, e in zip(counts, exp, strict=True)]
    sigmas = [math.sqrt(centre / e) for e in exp]
    sigma_z = 1.0
    if kind == "laney":
        z_base = [(values[i] - centre) / sigmas[i] for i in range(len(bc))]
        ranges = [abs(b - a) for a, b in zip(z_base, z_base[1:], strict=False)]
        sigma_z = (sum(ranges) / len(ranges)) / D2
        sigmas = [s * sigma_z for s in sigmas]
    z = [(v - centre) / s for v, s in zip(values, sigmas, strict=True)]
    flags = western_electric(z)
    points = [
        ChartPoint(
            month=m,
            count=c,
            exposure=e,
            value=v,
            centre=centre,
            lcl=max(0.0, centre - 3 * s),
            ucl=centre + 3 * s,
            sigma=s,
            rules=f,
        )
        for m, c, e, v, s, f in zip(months, counts, exp, values, sigmas, flags, strict=True)
    ]
    labels = {
        "c": "c-chart (Poisson counts)",
        "u": "u-chart (counts per exposure)",
        "laney": "Laney u′ chart (over-dispersion allowed)",
    }
    caveats = list(CAVEATS)
    if kind in ("c", "u"):
        caveats.append(
            "Assumes Poisson counts; with over-dispersed crime counts the limits are too "
            "narrow and ordinary months are flagged — compare the Laney u′ chart."
        )
    reference = REFERENCE_RULES
    if kind == "laney":
        reference = (
            "Laney (2002), Improved control charts for attributes, Quality "
            "Engineering 14(4):531–537; rules: " + REFERENCE_RULES
        )
    return EvaluationResult(
        method=f"chart-{kind}",
        label=labels[kind],
        reference=reference,
        estimate=z[-1],
        scale="last month's distance from the centre line, in sigmas",
        caveats=caveats,
        parts={
            "kind": kind,
            "centre": centre,
            "sigma_z": sigma_z,
            "baseline_months": len(bc),
            "points": [p.to_dict() for p in points],
            "signals": [
                {"month": p.month, "rules": p.rules, "rule_text": [RULES[r] for r in p.rules]}
                for p in points
                if p.rules
            ],
            "rules": {str(k): v for k, v in RULES.items()},
        },
    )


def seasonal_baseline(
    history: Mapping[str, float], months: Sequence[str], *, years: int = 3
) -> EvaluationResult:
    """Each month of ``months`` against the same calendar month of up to ``years`` earlier
    years in ``history`` (``{month: count}``, which may include ``months``' own counts).

    Expected = the mean of the earlier same months; limits expected ± 3√(φ·expected) with φ
    the Pearson dispersion of the earlier years about their month-of-year means (at least 1).
    The estimate is the observed total over the months as a percentage of the expected.
    """
    months = [parse_month(m) for m in months]
    rows = []
    residuals: list[tuple[float, float]] = []
    used: set[str] = set()
    for m in months:
        year, mon = month_parts(m)
        earlier = [f"{year - k:04d}-{mon:02d}" for k in range(1, years + 1)]
        found = [history[e] for e in earlier if e in history]
        if len(found) < 1:
            raise ValueError(f"no earlier {m[5:]} months in the history to compare {m} with")
        if m not in history:
            raise ValueError(f"no count for {m}")
        expected = sum(found) / len(found)
        rows.append(
            {"month": m, "count": float(history[m]), "expected": expected, "years": len(found)}
        )
        for e in earlier:
            if e in history and e not in used:
                used.add(e)
        if len(found) > 1:
            residuals.extend((f, expected) for f in found)
    df = len(residuals) - sum(1 for r in rows if r["years"] > 1)
    chi2 = sum((f - mu) ** 2 / mu for f, mu in residuals if mu > 0)
    phi = max(1.0, chi2 / df) if df > 0 else 1.0
    for r in rows:
        sd = math.sqrt(phi * r["expected"])
        r["lcl"] = max(0.0, r["expected"] - 3 * sd)
        r["ucl"] = r["expected"] + 3 * sd
        r["z"] = (r["count"] - r["expected"]) / sd if sd > 0 else None
        r["outside"] = not (r["lcl"] <= r["count"] <= r["ucl"])
    observed = sum(r["count"] for r in rows)
    expected = sum(r["expected"] for r in rows)
    return EvaluationResult(
        method="seasonal-baseline",
        label="Seasonal baseline (same months of earlier years)",
        reference="Same-month comparison with an over-dispersed Poisson band; cf. Farrington "
        "et al. (1996), J. R. Stat. Soc. A 159(3):547–563 (the outbreak-detection rule).",
        estimate=100 * (observed - expected) / expected if expected else None,
        scale="per cent change from the same months of earlier years",
        caveats=[
            "Earlier years may have had different counting rules or recording practice.",
            "Three or fewer earlier years make the expected value itself uncertain.",
        ],
        parts={"months": rows, "dispersion": phi, "observed": observed, "expected": expected},
    )

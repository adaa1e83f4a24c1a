"""How well a chosen set of hot-spot cells captured the next period's crime.

* **Predictive accuracy index** (Chainey, Tompson & Uhlig 2008, "The utility of hotspot
  mapping for predicting spatial patterns of crime", *Security Journal* 21): PAI =
  (n / N) / (a / A): the share of the next period's crimes in the chosen cells (hit rate)
  over the share of the study area they cover.
* **Predictive efficiency index** (Hunt 2016, "Do crime hot spots move? Exploring the
  effects of the modifiable areal unit problem and modifiable temporal unit problem on crime
  hot spot stability", American University PhD; after Hunt's PEI in Drawve 2016): PEI =
  n / n*, where n* is the most crimes any selection of the same area could have captured
  (the busiest cells of the next period): 1 is perfect.
* **Recapture rate index** (Levine 2008, "The 'hottest' part of a hotspot: comments on
  Chainey et al.", *Security Journal* 21): RRI = (n₂ / n₁) / (N₂ / N₁): the chosen cells'
  crimes in the next period over this period, adjusted for the change everywhere; above 1
  means the hot spots held (or gained) their share.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from prevhub.crime.evaluation.result import EvaluationResult

REFERENCE = (
    "PAI: Chainey, Tompson & Uhlig (2008), Security Journal 21:4–28; PEI: Hunt (2016); "
    "RRI: Levine (2008), Security Journal 21:295–302."
)


def hotspot_accuracy(
    chosen: Collection[str],
    current: Mapping[str, float],
    following: Mapping[str, float],
    *,
    cell_area: Mapping[str, float] | None = None,
    total_cells: int | None = None,
) -> EvaluationResult:
    """PAI, PEI and RRI for ``chosen`` cells, counted in ``current`` (the period the cells
    were chosen from) and ``following`` (the next period).

    Cells are equal-sized unless ``cell_area`` gives each cell's area; the study area is
    every cell in ``cell_area``, or ``total_cells`` equal cells (cells with no crime count
    too), or the cells named in either period.
    """
    chosen = set(chosen)
    if not chosen:
        raise ValueError("choose at least one cell")
    if cell_area is not None:
        area = {c: float(a) for c, a in cell_area.items()}
        unknown = chosen - set(area)
        if unknown:
            raise ValueError(f"no area for cells {', '.join(sorted(unknown))}")
    else:
        cells = set(current) | set(following) | chosen
        n_cells = total_cells if total_cells is not None else len(cells)
        if n_cells < len(cells):
            raise ValueError("total_cells is fewer than the cells named")
        area = {c: 1.0 for c in cells}
        area_total = float(n_cells)
    area_total = sum(area.values()) if cell_area is not None else area_total
    a = sum(area[c] for c in chosen)
    n2 = sum(following.get(c, 0) for c in chosen)
    big_n2 = sum(following.values())
    n1 = sum(current.get(c, 0) for c in chosen)
    big_n1 = sum(current.values())
    if big_n2 <= 0:
        raise ValueError("the following period has no crimes")
    pai = (n2 / big_n2) / (a / area_total)
    # n*: the most crimes the same area could hold. Equal cells: the len(chosen) busiest.
    # Unequal cells: the densest cells first until the area is used (a greedy bound).
    ranked = sorted(area, key=lambda c: following.get(c, 0) / area[c], reverse=True)
    n_star, left = 0.0, a
    for c in ranked:
        if left <= 0:
            break
        take = min(1.0, left / area[c])
        n_star += take * following.get(c, 0)
        left -= area[c]
    pei = n2 / n_star if n_star > 0 else None
    rri = (n2 / n1) / (big_n2 / big_n1) if n1 > 0 and big_n1 > 0 else None
    return EvaluationResult(
        method="hotspot-accuracy",
        label="Hot-spot accuracy: PAI, PEI and RRI",
        reference=REFERENCE,
        estimate=pai,
        scale="predictive accuracy index (hit rate over area share)",
        caveats=[
            "PAI grows as the chosen area shrinks: compare PAIs only for the same area share.",
            "Accuracy against the next period says where crime recurred, not that policing "
            "there reduced it.",
            "police.uk points are snapped to anonymous map points: cell counts near cell "
            "edges are approximate.",
        ],
        parts={
            "pai": pai,
            "pei": pei,
            "rri": rri,
            "hit_rate": n2 / big_n2,
            "area_share": a / area_total,
            "chosen_cells": len(chosen),
            "crimes_captured": n2,
            "crimes_next_period": big_n2,
            "best_possible_captured": n_star,
            "crimes_captured_current": n1,
            "crimes_current_period": big_n1,
        },
    )

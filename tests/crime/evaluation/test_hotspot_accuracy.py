"""PAI, PEI and RRI, hand-worked (formulas: Chainey et al. 2008; Hunt 2016; Levine 2008)."""

from __future__ import annotations

import pytest

from prevhub.crime.evaluation import hotspot_accuracy

CURRENT = {"a": 10, "b": 8, "c": 2, "d": 0, "e": 5}  # 25 crimes in the period chosen from
FOLLOWING = {"a": 6, "b": 3, "c": 9, "d": 1, "e": 1}  # 20 crimes in the next


def test_pai_pei_rri_hand_worked() -> None:
    r = hotspot_accuracy({"a", "b"}, CURRENT, FOLLOWING, total_cells=10)
    # hit rate 9/20 = 0.45 over area share 2/10 = 0.2: PAI = 2.25
    assert r.parts["pai"] == pytest.approx(2.25) and r.estimate == pytest.approx(2.25)
    # the best two cells next period are c (9) and a (6): n* = 15, PEI = 9/15 = 0.6
    assert r.parts["best_possible_captured"] == 15
    assert r.parts["pei"] == pytest.approx(0.6)
    # RRI = (9/18) / (20/25) = 0.625
    assert r.parts["rri"] == pytest.approx(0.625)


def test_unequal_cell_areas() -> None:
    area = {"a": 1, "b": 1, "c": 2, "d": 4, "e": 2}  # 10 km² in all
    r = hotspot_accuracy({"c"}, CURRENT, FOLLOWING, cell_area=area)
    # hit rate 9/20 over 2/10: PAI = 2.25; densest first: a (6/km²), c (4.5/km²) → with 2 km²
    # the best is a (1 km², 6) + half of c (4.5): n* = 10.5, PEI = 9/10.5
    assert r.parts["pai"] == pytest.approx(2.25)
    assert r.parts["pei"] == pytest.approx(9 / 10.5)


def test_refuses_an_empty_choice_or_an_empty_next_period() -> None:
    with pytest.raises(ValueError, match="at least one cell"):
        hotspot_accuracy(set(), CURRENT, FOLLOWING)
    with pytest.raises(ValueError, match="no crimes"):
        hotspot_accuracy({"a"}, CURRENT, {"a": 0})

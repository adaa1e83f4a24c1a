"""The Knox cluster test (prevhub.crime.find.spacetime) against published worked values.

Source of the expected values: PySAL's pointpats, the Knox test on the Burkitt's lymphoma
data (188 cases in the West Nile district of Uganda, 1961-1975, Williams et al. 1978, as
shipped in ``libpysal.examples`` "burkitt"): ``pointpats/tests/test_spacetime.py``
(``Knox_Tester.test_knox``: ``knox(events.space, events.t, delta=20, tau=5)["stat"] == 13``,
and ``ModifiedKnox_Tester.test_modified_knox``: ``modified_knox(...)["stat"] == 2.810160``
to 6 places) and the docstring of ``pointpats.spacetime.modified_knox`` ("2.81016043").
pointpats counts a pair as close when distance <= 20 and |days| <= 5, as here.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from prevhub.crime.find.spacetime import cluster_members, knox_cluster_test
from prevhub.errors import PrevhubError


def burkitt() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The Burkitt data's X, Y and T columns, read from libpysal's copy (a dependency)."""
    import libpysal
    from libpysal.io import open as ps_open

    dbf = ps_open(libpysal.examples.get_path("burkitt.dbf"))
    try:
        x, y, t = (np.array(dbf.by_col(c), float) for c in ("X", "Y", "T"))
    finally:
        dbf.close()
    return x, y, t


def test_knox_statistic_on_the_burkitt_data_is_pysals_13() -> None:
    x, y, t = burkitt()
    assert x.size == 188  # pointpats' SpaceTimeEvents_Tester: events.n == 188
    result = knox_cluster_test(x, y, t, within_metres=20, within_days=5, permutations=99, seed=1)
    assert result.statistic == 13
    assert len(result.pairs) == 13


def test_bakers_modified_knox_on_the_burkitt_data_is_pysals_2_81016043() -> None:
    x, y, t = burkitt()
    result = knox_cluster_test(x, y, t, within_metres=20, within_days=5, permutations=9, seed=1)
    assert result.modified_statistic == pytest.approx(2.81016043, abs=5e-9)


def test_counts_equal_a_brute_force_count_over_every_pair() -> None:
    """S, T, X and the expectation S*T/N, counted pair by pair with the standard library."""
    x, y, t = burkitt()
    s = tt = both = 0
    for i, j in itertools.combinations(range(x.size), 2):
        near = math.hypot(x[i] - x[j], y[i] - y[j]) <= 20
        soon = abs(t[i] - t[j]) <= 5
        s += near
        tt += soon
        both += near and soon
    result = knox_cluster_test(x, y, t, within_metres=20, within_days=5, permutations=9, seed=1)
    n_pairs = 188 * 187 // 2
    assert (result.close_in_space, result.close_in_time, result.statistic) == (s, tt, both)
    assert result.total_pairs == n_pairs == 17578
    assert result.expected == pytest.approx(s * tt / n_pairs)


def test_poisson_p_value_is_the_upper_tail_worked_by_hand() -> None:
    """Four events: pairs (0,1) close in space and time; (2,3) close in space only.
    S = 2, T = 1 ((0,1) only), N = 6, E = 2*1/6 = 1/3, X = 1.
    P(Poisson(1/3) >= 1) = 1 - exp(-1/3) = 0.283468689426...
    """
    x = np.array([0.0, 10.0, 5000.0, 5010.0])
    y = np.zeros(4)
    t = np.array([0.0, 3.0, 100.0, 200.0])
    r = knox_cluster_test(x, y, t, within_metres=50, within_days=7, permutations=199, seed=3)
    assert (r.statistic, r.close_in_space, r.close_in_time, r.total_pairs) == (1, 2, 1, 6)
    assert r.expected == pytest.approx(1 / 3)
    assert r.p_poisson == pytest.approx(1 - math.exp(-1 / 3))


def test_permutation_p_value_is_exact_on_a_tiny_case() -> None:
    """The same four events: of the 4! = 24 orderings of the times, X' >= 1 when the pair of
    times {0, 3} lands on (0,1) or (2,3): 2 pairs x 2 orders x 2 orders of the rest = 8 of
    24, so p tends to (1 + 1/3 * B) / (1 + B); with B = 20000, about 0.3334."""
    x = np.array([0.0, 10.0, 5000.0, 5010.0])
    t = np.array([0.0, 3.0, 100.0, 200.0])
    r = knox_cluster_test(x, np.zeros(4), t, within_metres=50, within_days=7,
                          permutations=20000, seed=11)  # fmt: skip
    assert r.p_sim == pytest.approx(1 / 3, abs=0.01)


def test_same_seed_same_p_value_and_thresholds_are_inclusive() -> None:
    x = np.array([0.0, 20.0, 40.0])
    t = np.array([0.0, 5.0, 10.0])
    a = knox_cluster_test(x, np.zeros(3), t, within_metres=20, within_days=5, seed=5)
    b = knox_cluster_test(x, np.zeros(3), t, within_metres=20, within_days=5, seed=5)
    assert a.p_sim == b.p_sim
    assert a.statistic == 2  # exactly 20 m and 5 days apart count as close
    assert a.pairs == [(0, 1), (1, 2)]


def test_cluster_members_joins_linked_pairs() -> None:
    assert cluster_members([(0, 1), (1, 2), (5, 6)]) == [[0, 1, 2], [5, 6]]


def test_refuses_what_it_cannot_test() -> None:
    with pytest.raises(PrevhubError, match="at least two"):
        knox_cluster_test(np.zeros(1), np.zeros(1), np.zeros(1), within_metres=1, within_days=1)
    with pytest.raises(PrevhubError, match="within_metres"):
        knox_cluster_test(np.zeros(2), np.zeros(2), np.zeros(2), within_metres=0, within_days=1)

"""Space-time clusters of rare events: the Knox test with "close" thresholds, for alerts.

Where :mod:`prevhub.crime.find.knox` tabulates many space and time bands for near-repeat crime,
a suicide-prevention cluster alert asks one question: are there more pairs of incidents that are
*both* within ``d`` metres and within ``τ`` days of each other than chance would give?

Method (Knox 1964; Kulldorff & Hjalmars 1999):

* every pair ``i < j`` is close in space when ``distance <= within_metres`` and close in time
  when ``|t_i - t_j| <= within_days`` (both thresholds inclusive, as Knox's and PySAL's);
* the **Knox statistic** ``X`` is the number of pairs close in both;
* with ``S`` pairs close in space, ``T`` close in time and ``N = n(n-1)/2`` pairs in all, the
  expected count when times are unrelated to places is ``E = S·T/N`` (each of the S close
  pairs is close in time with probability T/N under a random permutation of the times);
* **Poisson p-value** (Knox's own approximation): ``P(Poisson(E) >= X)``;
* **Permutation p-value** (Mantel 1967): times shuffled among the events ``permutations``
  times; ``p = (1 + #permutations with X' >= X) / (1 + permutations)``, never zero; the seed is
  a parameter and always reported;
* **Baker's modified Knox statistic** (Baker 2004) ``X - Σ s_i t_i / (2(n - 1))``, where
  ``s_i`` and ``t_i`` count event i's neighbours in space and in time: reported so the result
  can be checked against PySAL's ``pointpats.modified_knox``.

Pairs close in space are found once by KD-tree (:func:`prevhub.crime.find.knox.close_pairs`,
the engine's near-repeat code); each permutation recomputes time differences over them only.

What it cannot tell: a small p-value says the incidents are closer in space *and* time than
their places and dates alone would make them; it does not say why (contagion, a shared
place, a change in recording), and thresholds chosen after looking at the data make every
p-value too small.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from scipy import stats

from prevhub.crime.find.knox import close_pairs
from prevhub.errors import PrevhubError

METHOD = (
    "Knox test (Knox 1964): pairs within {metres} m and {days} days of each other; expected "
    "count S·T/N; p-value by Monte Carlo permutation of the dates (Mantel 1967), Poisson "
    "approximation also given"
)


@dataclass(frozen=True)
class SpaceTimeClusterTest:
    """The result of :func:`knox_cluster_test` (PySAL's vocabulary: ``statistic``, ``p_sim``)."""

    events: int
    within_metres: float
    within_days: float
    statistic: int  # X: pairs close in both space and time
    close_in_space: int  # S
    close_in_time: int  # T
    total_pairs: int  # N
    expected: float  # S*T/N
    p_poisson: float
    p_sim: float
    permutations: int
    seed: int
    modified_statistic: float  # Baker (2004)
    pairs: list[tuple[int, int]] = field(default_factory=list)  # the close pairs (i < j)
    method: str = ""

    @property
    def ratio(self) -> float | None:
        """Observed over expected (None when nothing is expected)."""
        return self.statistic / self.expected if self.expected > 0 else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "events": self.events,
            "within_metres": self.within_metres,
            "within_days": self.within_days,
            "statistic": self.statistic,
            "expected": round(self.expected, 4),
            "ratio": None if self.ratio is None else round(self.ratio, 4),
            "p_sim": self.p_sim,
            "p_poisson": self.p_poisson,
            "permutations": self.permutations,
            "seed": self.seed,
            "close_in_space": self.close_in_space,
            "close_in_time": self.close_in_time,
            "total_pairs": self.total_pairs,
            "modified_statistic": round(self.modified_statistic, 8),
            "pairs": [list(p) for p in self.pairs],
        }


def _pairs_close_in_time(t: np.ndarray, within_days: float) -> tuple[int, np.ndarray]:
    """T (pairs with |t_i - t_j| <= within_days) and each event's count of such neighbours,
    from the sorted times (no n² matrix)."""
    order = np.sort(t)
    upper = np.searchsorted(order, t + within_days, side="right")
    lower = np.searchsorted(order, t - within_days, side="left")
    per_event = (upper - lower - 1).astype(np.int64)  # minus the event itself
    return int(per_event.sum() // 2), per_event


def knox_cluster_test(
    x: np.ndarray,
    y: np.ndarray,
    t: np.ndarray,
    *,
    within_metres: float,
    within_days: float,
    permutations: int = 999,
    seed: int | None = None,
) -> SpaceTimeClusterTest:
    """Are incidents closer in both space and time than chance? (Knox 1964.)

    Parameters
    ----------
    x, y
        Projected coordinates (metres: British National Grid for the hub).
    t
        Times in days (e.g. days since 1970; fractions allowed).
    within_metres, within_days
        What "close" means; both inclusive.
    permutations, seed
        Monte Carlo permutations of the times; the same seed gives the same p-value. With no
        seed one is drawn and reported.

    Examples
    --------
    >>> import numpy as np
    >>> x = np.array([0.0, 100.0, 5000.0, 9000.0]); y = np.zeros(4)
    >>> t = np.array([0.0, 2.0, 40.0, 90.0])
    >>> r = knox_cluster_test(x, y, t, within_metres=500, within_days=7, permutations=99, seed=1)
    >>> r.statistic, r.close_in_space, r.close_in_time, r.total_pairs
    (1, 1, 1, 6)
    """
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    t = np.asarray(t, float)
    n = x.size
    if not (y.size == n and t.size == n):
        raise PrevhubError("x, y and t must have one value per event")
    if n < 2:
        raise PrevhubError("the Knox test needs at least two events")
    if within_metres <= 0 or within_days < 0:
        raise PrevhubError("within_metres must be above 0 and within_days at least 0")
    if permutations < 1:
        raise PrevhubError("permutations must be at least 1")
    if not (np.isfinite(x).all() and np.isfinite(y).all() and np.isfinite(t).all()):
        raise PrevhubError("every event needs finite coordinates and a time")
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1)[0])
    # close_pairs keeps d < max: the next float above the threshold makes it "d <= within"
    i, j, _d = close_pairs(x, y, float(np.nextafter(within_metres, np.inf)), "euclidean")
    close_time = np.abs(t[i] - t[j]) <= within_days
    statistic = int(close_time.sum())
    s_count = int(i.size)
    t_count, t_per_event = _pairs_close_in_time(t, within_days)
    total = n * (n - 1) // 2
    expected = s_count * t_count / total
    p_poisson = float(stats.poisson.sf(statistic - 1, expected)) if expected > 0 else 1.0
    s_per_event = np.bincount(i, minlength=n) + np.bincount(j, minlength=n)
    modified = statistic - float((s_per_event * t_per_event).sum()) / (2.0 * (n - 1))
    rng = np.random.Generator(np.random.PCG64(seed))
    at_least = 0
    for _ in range(permutations):
        shuffled = t[rng.permutation(n)]
        if int((np.abs(shuffled[i] - shuffled[j]) <= within_days).sum()) >= statistic:
            at_least += 1
    p_sim = (1.0 + at_least) / (1.0 + permutations)
    pairs = sorted(
        (int(a), int(b)) if a < b else (int(b), int(a))
        for a, b in zip(i[close_time], j[close_time], strict=True)
    )
    return SpaceTimeClusterTest(
        events=int(n),
        within_metres=float(within_metres),
        within_days=float(within_days),
        statistic=statistic,
        close_in_space=s_count,
        close_in_time=t_count,
        total_pairs=int(total),
        expected=float(expected),
        p_poisson=p_poisson,
        p_sim=float(p_sim),
        permutations=int(permutations),
        seed=int(seed),
        modified_statistic=float(modified),
        pairs=pairs,
        method=METHOD.format(metres=f"{within_metres:g}", days=f"{within_days:g}"),
    )


def cluster_members(pairs: list[tuple[int, int]]) -> list[list[int]]:
    """The events linked by close pairs, as groups (connected components), largest first."""
    parent: dict[int, int] = {}

    def find(a: int) -> int:
        parent.setdefault(a, a)
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for a in list(parent):
        groups.setdefault(find(a), []).append(a)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


__all__ = ["METHOD", "SpaceTimeClusterTest", "cluster_members", "knox_cluster_test"]

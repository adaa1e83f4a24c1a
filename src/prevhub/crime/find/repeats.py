"""Repeat victimisation: the same place, or the same victim, again.

A small share of places and people suffer a large share of crime (Farrell & Pease 1993), and a
repeat is most likely soon after the first crime, so repeats tell prevention where to go and how
fast. For any key (a map point, a location id, a pseudonymous victim id) this module counts:

* how many keys were victimised once, twice, three times, ...;
* **repeat keys** (two or more crimes) and **crimes at repeat keys** (every crime of such a key);
* **repeat crimes**: the second and later crimes of a key, i.e. crimes minus keys; their share of
  all crimes is "the share of crime that is repeat" (the usual definition; both shares are given);
* **time to repeat**: days from each crime to the next crime of the same key (median, and how many
  came within 7, 28 and 365 days).

police.uk rows have no victim and only a month, and their "location" is an anonymous map point
shared by every crime snapped to it: a repeat *map point* is a street segment or public place, not
an address, and time to repeat is then in whole months (reported as ``time_unit="months"``).
Repeat victims need force extracts with a pseudonymous victim id (``recorded-crime`` source).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

#: Thresholds (days) for "repeated within" counts.
WITHIN_DAYS = (7, 28, 365)


@dataclass(frozen=True)
class RepeatSummary:
    """Repeat figures for one kind of key (``map point``, ``location id`` or ``victim``)."""

    key_kind: str
    crimes: int
    keys: int
    repeat_keys: int
    crimes_at_repeat_keys: int
    repeat_crimes: int
    share_repeat: float | None
    share_at_repeat_keys: float | None
    frequency: dict[str, int]
    time_unit: str
    median_time_to_repeat: float | None
    repeats_within: dict[str, int]
    top_keys: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def repeat_summary(
    keys: np.ndarray,
    dates: np.ndarray | None = None,
    *,
    key_kind: str = "location",
    time_unit: str = "days",
    top: int = 20,
    labels: np.ndarray | None = None,
) -> RepeatSummary:
    """Repeat counts and time to repeat for crimes identified by ``keys``.

    Parameters
    ----------
    keys
        One key per crime (hashable; ``None``/empty keys are left out and reported).
    dates
        ``datetime64[D]`` per crime (optional); with ``time_unit="months"`` only the month is
        meaningful and time to repeat is counted in whole months.
    key_kind
        What the key is, for the output (``map point``, ``location id``, ``victim``).
    top
        How many of the most victimised keys to list (``labels`` names them).
    """
    raw = np.asarray(keys, dtype=object)
    usable = np.array([k is not None and k == k and str(k) != "" for k in raw], bool)
    warnings = []
    if not usable.all():
        warnings.append(f"{int((~usable).sum()):,} crimes have no {key_kind} and are left out")
    codes = raw[usable].astype(str)
    crimes = int(codes.size)
    unique, inverse, counts = np.unique(codes, return_inverse=True, return_counts=True)
    repeat_mask = counts >= 2
    repeat_keys = int(repeat_mask.sum())
    at_repeat = int(counts[repeat_mask].sum())
    repeat_crimes = crimes - int(unique.size)
    freq: dict[str, int] = {}
    for k in (1, 2, 3, 4):
        freq[str(k)] = int((counts == k).sum())
    freq["5+"] = int((counts >= 5).sum())

    median = None
    within: dict[str, int] = {}
    if dates is not None and crimes:
        d = np.asarray(dates, "datetime64[D]")[usable]
        if time_unit == "months":
            t = d.astype("datetime64[M]").astype(np.int64)
        else:
            t = d.astype(np.int64)
        order = np.lexsort((t, inverse))
        same = inverse[order][1:] == inverse[order][:-1]
        gaps = (t[order][1:] - t[order][:-1])[same]
        if gaps.size:
            median = float(np.median(gaps))
            if time_unit == "days":
                within = {f"under {w} days": int((gaps < w).sum()) for w in WITHIN_DAYS}
            else:
                within = {
                    "same month": int((gaps == 0).sum()),
                    "next month": int((gaps == 1).sum()),
                }
    top_rows = []
    name_of: dict[str, str] = {}
    if labels is not None:
        for code, label in zip(codes, np.asarray(labels, object)[usable], strict=True):
            name_of.setdefault(code, str(label))
    for idx in np.argsort(-counts, kind="stable")[:top]:
        if counts[idx] < 2:
            break
        top_rows.append(
            {
                "key": str(unique[idx]),
                "label": name_of.get(str(unique[idx])),
                "crimes": int(counts[idx]),
            }
        )
    return RepeatSummary(
        key_kind=key_kind,
        crimes=crimes,
        keys=int(unique.size),
        repeat_keys=repeat_keys,
        crimes_at_repeat_keys=at_repeat,
        repeat_crimes=repeat_crimes,
        share_repeat=(repeat_crimes / crimes) if crimes else None,
        share_at_repeat_keys=(at_repeat / crimes) if crimes else None,
        frequency=freq,
        time_unit=time_unit,
        median_time_to_repeat=median,
        repeats_within=within,
        top_keys=top_rows,
        warnings=warnings,
    )


def map_point_keys(longitude: np.ndarray, latitude: np.ndarray) -> np.ndarray:
    """One key per police.uk map point (coordinates to 6 decimals, as published)."""
    lon = np.asarray(longitude, float)
    lat = np.asarray(latitude, float)
    return np.array(
        [
            None if np.isnan(a) or np.isnan(b) else f"{a:.6f},{b:.6f}"
            for a, b in zip(lon, lat, strict=True)
        ],
        dtype=object,
    )

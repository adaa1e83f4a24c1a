"""The 25 techniques of situational crime prevention (Cornish & Clarke 2003), packaged."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Technique:
    number: int
    category: str
    technique: str
    examples: str


def _load() -> tuple[Technique, ...]:
    ref = resources.files("prevhub.problems").joinpath(
        "reference", "situational_crime_prevention_25_techniques.csv"
    )
    with ref.open(encoding="utf-8") as fh:
        return tuple(
            Technique(int(r["number"]), r["category"], r["technique"], r["examples"])
            for r in csv.DictReader(fh)
        )


TECHNIQUES: tuple[Technique, ...] = _load()
BY_NUMBER: dict[int, Technique] = {t.number: t for t in TECHNIQUES}
CATEGORIES: tuple[str, ...] = tuple(dict.fromkeys(t.category for t in TECHNIQUES))

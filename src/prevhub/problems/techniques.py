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


# --- the evidence library's ratings, in the Crime Reduction Toolkit's words ----------------
#
# The College of Policing's Crime Reduction Toolkit (What Works Centre for Crime Reduction)
# rates each EMMIE dimension's quality of evidence in words on its current pages: "Very strong",
# "Strong", "Moderate", "Low", "No information". Older Toolkit pages gave 0–4 instead; where
# both versions of a page were read they agree as 4 = Very strong, 3 = Strong, 2 = Moderate,
# 0 = No information (CBT and mentoring; problems/reference/README.md), and 1 = Low completes
# the scale. The library shows every rating in the words, whatever was stored.

#: The Toolkit's quality-of-evidence words, strongest first.
EVIDENCE_QUALITY: tuple[str, ...] = ("Very strong", "Strong", "Moderate", "Low", "No information")
#: An older Toolkit page's 0–4 score in the current words.
QUALITY_OF_SCORE: dict[str, str] = {
    "4": "Very strong",
    "3": "Strong",
    "2": "Moderate",
    "1": "Low",
    "0": "No information",
}
#: Shown for an empty rating: it was not confirmed from a Toolkit page — which is not the
#: same as the Toolkit's "No information".
NOT_CONFIRMED = "Not confirmed"

#: The library's effect codes in the Toolkit's effect-scale words ("Overall reduction" is the
#: Toolkit's own label; "mixed" stands for the scale's categories that find both reductions
#: and rises, "no-impact" for those with no statistically significant overall effect).
EFFECT_LABELS: dict[str, str] = {
    "reduced": "Overall reduction",
    "mixed": "Mixed: some reductions, some rises",
    "no-impact": "No overall effect",
    "increased": "Overall increase",
    "unclear": "Effect unclear",
}


def evidence_quality(value: object) -> str:
    """A stored quality-of-evidence rating in the Toolkit's words: ``"3"`` → ``"Strong"``,
    ``"very strong"`` → ``"Very strong"``, empty → ``"Not confirmed"``. A value that is neither
    is shown as entered (a hub's own note), never guessed at."""
    text = str(value if value is not None else "").strip()
    if not text:
        return NOT_CONFIRMED
    if text in QUALITY_OF_SCORE:
        return QUALITY_OF_SCORE[text]
    by_word = {w.lower(): w for w in EVIDENCE_QUALITY}
    return by_word.get(text.lower(), text)


def effect_label(value: object) -> str:
    """The library's effect code in the Toolkit's words (``reduced`` → ``Overall reduction``);
    empty → ``Not confirmed``."""
    text = str(value if value is not None else "").strip()
    if not text:
        return NOT_CONFIRMED
    return EFFECT_LABELS.get(text.lower(), text)

"""The hub's headline sentences, each carrying its baseline, test, interval and p-value.

"8,467 fewer victim-based crimes" is only defensible with its statistics beside it and with the
neighbours' movement over the same months: a fall that neighbouring forces also saw is not the
hub's alone. This module builds those sentences from :func:`prevhub.crime.measures.measure`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from prevhub.crime import classification
from prevhub.crime.geography import force_neighbours
from prevhub.crime.measures import POLICE_UK, MeasureRow, measure
from prevhub.crime.periods import (
    PREVIOUS,
    Period,
    add_months,
    month_count,
    parse_period,
    resolve_baseline,
)
from prevhub.crime.store import INCIDENTS, RECORDED_CRIME, CrimeStore
from prevhub.errors import PrevhubError


@dataclass(frozen=True)
class HeadlineFigure:
    """One sentence and the figures behind it.

    ``statement`` is the sentence without its bracketed flags, for a page that shows the
    flags beside it (as tags linking to what they mean) rather than inside it.
    """

    topic: str
    force: str
    sentence: str
    row: MeasureRow
    source: str
    statement: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "topic": self.topic,
            "force": self.force,
            "source": self.source,
            "sentence": self.sentence,
            "statement": self.statement or self.sentence,
            **self.row.to_dict(),
        }


@dataclass(frozen=True)
class Headline:
    """The hub's headline for a force and period."""

    force: str
    period: Period
    baseline: Period
    figures: list[HeadlineFigure]
    neighbours: list[HeadlineFigure]
    context: list[str]
    test: str
    notes: list[str] = field(default_factory=list)

    @property
    def sentences(self) -> list[str]:
        """Every sentence in reading order: the force's figures, neighbours, then context."""
        return (
            [f.sentence for f in self.figures]
            + [f.sentence for f in self.neighbours]
            + list(self.context)
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return {
            "force": self.force,
            "period": {"from": self.period[0], "to": self.period[1]},
            "baseline": {"from": self.baseline[0], "to": self.baseline[1]},
            "figures": [f.to_dict() for f in self.figures],
            "neighbours": [f.to_dict() for f in self.neighbours],
            "context": list(self.context),
            "sentences": self.sentences,
            "test": self.test,
            "notes": list(self.notes),
        }


def format_p(p: float) -> str:
    """p-values as analysts write them: "p < 0.001", "p = 0.04"."""
    if p < 0.001:
        return "p < 0.001"
    return f"p = {p:.3f}" if p < 0.01 else f"p = {p:.2f}"


def describe_baseline(period: Period, baseline: Period) -> str:
    """ "the previous 12 months", "the same months a year earlier" or explicit months."""
    n = month_count(*period)
    if resolve_baseline(period, PREVIOUS) == tuple(baseline):
        return f"the previous {n} months" if n > 1 else "the previous month"
    if (add_months(period[0], -12), add_months(period[1], -12)) == tuple(baseline):
        return "the same months a year earlier"
    return f"{baseline[0]} to {baseline[1]}"


def sentence(
    what: str, row: MeasureRow, baseline_words: str, prefix: str = "", *, with_flags: bool = True
) -> str:
    """ "8,467 fewer victim-based crimes (−6.4%, rate ratio 0.94, 95% CI 0.93–0.95, p < 0.001)
    than the previous 12 months", then the row's flags in brackets unless ``with_flags=False``."""
    diff = row.current - row.baseline
    direction = "fewer" if diff < 0 else "more"
    stats = []
    if row.pct_change is not None:
        sign = "−" if row.pct_change < 0 else "+"
        stats.append(f"{sign}{abs(row.pct_change):.1f}%")
    if row.rate_ratio is not None:
        stats.append(f"rate ratio {row.rate_ratio:.3f}")
    if row.ci95 is not None and row.ci95[1] != float("inf"):
        stats.append(f"95% CI {row.ci95[0]:.3f}–{row.ci95[1]:.3f}")
    stats.append(format_p(row.p_value))
    counts = f"{row.current:,} against {row.baseline:,}"
    flags = f" [{', '.join(row.flags)}]" if row.flags and with_flags else ""
    if diff == 0:
        return (
            f"{prefix}The same number of {what} as {baseline_words} ({counts}; "
            f"{', '.join(stats)}){flags}."
        )
    return (
        f"{prefix}{abs(diff):,} {direction} {what} ({', '.join(stats)}; {counts}) than "
        f"{baseline_words}{flags}."
    )


def _force_name(force: str) -> str:
    return classification.forces().get(force, force)


def headline(
    store: CrimeStore,
    period: Period | str,
    force: str | None = None,
    *,
    baseline: str | Sequence[str] = PREVIOUS,
    include_outside: bool = False,
    allow_incomplete: bool = False,
) -> Headline:
    """The hub's sentences for a force: victim-based crime, stalking and harassment (when the
    store has the force's recorded-crime extracts), and neighbouring forces over the same months.

    ``force`` may be omitted when the store holds one force.
    """
    current = parse_period(period)
    base = resolve_baseline(current, baseline)
    if force is None:
        held = store.forces("street") or store.forces(RECORDED_CRIME)
        if len(held) != 1:
            raise PrevhubError(
                "say which force: the store holds " + (", ".join(held) or "no forces")
            )
        force = held[0]
    words = describe_baseline(current, base)
    figures: list[HeadlineFigure] = []
    notes: list[str] = []
    test = ""
    if force in store.forces("street"):
        result = measure(
            store,
            current,
            base,
            "class",
            force=force,
            include_outside=include_outside,
            allow_incomplete=allow_incomplete,
        )
        test, notes = result.test, result.notes
        row = _row_or_zero(result.rows, "class", classification.VICTIM_BASED)
        figures.append(
            HeadlineFigure(
                "victim-based",
                force,
                sentence("victim-based crimes", row, words),
                row,
                POLICE_UK,
                sentence("victim-based crimes", row, words, with_flags=False),
            )
        )
    if force in store.forces(RECORDED_CRIME):
        result = measure(
            store,
            current,
            base,
            "subgroup",
            force=force,
            include_outside=include_outside,
            allow_incomplete=allow_incomplete,
            source=RECORDED_CRIME,
        )
        test, notes = test or result.test, notes or result.notes
        row = _row_or_zero(result.rows, "subgroup", classification.STALKING_AND_HARASSMENT)
        figures.append(
            HeadlineFigure(
                "stalking-and-harassment",
                force,
                sentence("stalking and harassment offences", row, words),
                row,
                RECORDED_CRIME,
                sentence("stalking and harassment offences", row, words, with_flags=False),
            )
        )
        if not any(f.topic == "victim-based" for f in figures):
            vb = measure(
                store,
                current,
                base,
                "class",
                force=force,
                include_outside=include_outside,
                allow_incomplete=allow_incomplete,
                source=RECORDED_CRIME,
            )
            vrow = _row_or_zero(vb.rows, "class", classification.VICTIM_BASED)
            figures.insert(
                0,
                HeadlineFigure(
                    "victim-based",
                    force,
                    sentence("victim-based crimes", vrow, words),
                    vrow,
                    RECORDED_CRIME,
                    sentence("victim-based crimes", vrow, words, with_flags=False),
                ),
            )
    demand_context: list[str] = []
    if force in store.forces(INCIDENTS):
        demand_context = _demand_figure(
            store, figures, force, current, base, words, include_outside, allow_incomplete
        )
    if not figures:
        raise PrevhubError(f"no data for force {force!r} in the store ({store.path})")

    neighbours = _neighbour_figures(store, force, current, base, words, include_outside)
    context = _context(figures, neighbours) + demand_context
    return Headline(force, current, base, figures, neighbours, context, test, notes)


#: What the "less demand" line cannot tell, in one sentence beside it.
DEMAND_CAVEAT = (
    "Incident demand follows recording practice (how control rooms open and close logs); "
    "Right Care Right Person changes which calls the police attend, so fewer hours may be work "
    "moved to health partners; ASB categories changed in 2011/12, and police-recorded ASB "
    "incidents are not accredited official statistics."
)


def demand_sentence(row: MeasureRow, hours: Any, baseline_words: str, *, with_flags: bool = True):
    """ "103 fewer incidents (−8.8%, rate ratio 0.912, 95% CI 0.838–0.992, p = 0.03; 1,063
    against 1,166) and 224 fewer officer hours (−11.8%, 95% CI −415 to −33, p = 0.02; 1,669
    against 1,893) than the same months a year earlier." Hours only where the extract records
    time committed (``hours`` None otherwise)."""
    text = sentence("incidents", row, baseline_words, with_flags=with_flags)
    if hours is None:
        return text
    change = hours.change
    word = "fewer" if change < 0 else "more"
    stats = []
    if hours.pct_change is not None:
        stats.append(f"{'−' if hours.pct_change < 0 else '+'}{abs(hours.pct_change):.1f}%")
    low, high = hours.ci95
    stats.append(f"95% CI {_signed_hours(low)} to {_signed_hours(high)}")
    stats.append(format_p(hours.p_value))
    part = (
        f" and {abs(change):,.0f} {word} officer hours ({', '.join(stats)}; "
        f"{hours.current:,.0f} against {hours.expected:,.0f})"
    )
    anchor = f" than {baseline_words}"
    if anchor in text:
        return text.replace(anchor, part + anchor, 1)
    return text.rstrip(".") + part + "."


def _signed_hours(value: float) -> str:
    return f"{'−' if value < 0 else '+'}{abs(value):,.0f}"


def _demand_figure(
    store: CrimeStore,
    figures: list[HeadlineFigure],
    force: str,
    current: Period,
    base: Period,
    words: str,
    include_outside: bool,
    allow_incomplete: bool,
) -> list[str]:
    """Add the "less demand" figure from the force's incident extract; return its caveats
    (or, when its months are not all loaded, a sentence saying why there is no line)."""
    from prevhub.crime.demand import measure_demand

    try:
        result = measure_demand(
            store,
            current,
            base,
            "category",
            force=force,
            include_outside=include_outside,
            allow_incomplete=allow_incomplete,
        )
    except PrevhubError as exc:
        return [f"No incident demand line: {exc}"]
    figures.append(
        HeadlineFigure(
            "less-demand",
            force,
            demand_sentence(result.total, result.hours, words),
            result.total,
            INCIDENTS,
            demand_sentence(result.total, result.hours, words, with_flags=False),
        )
    )
    return [DEMAND_CAVEAT]


def _row_or_zero(rows: list[MeasureRow], by: str, value: str) -> MeasureRow:
    for row in rows:
        if row.key.get(by) == value:
            return row
    from prevhub.crime.measures import _row

    return _row({by: value}, 0, 0, 0.0, 0.0, 1.0, ["small-numbers"])


def _neighbour_figures(
    store: CrimeStore,
    force: str,
    current: Period,
    base: Period,
    words: str,
    include_outside: bool,
) -> list[HeadlineFigure]:
    """Victim-based change for each neighbouring force whose months are all in the store."""
    result = []
    held = set(store.forces("street"))
    for neighbour in sorted(force_neighbours().get(force, frozenset()) & held):
        try:
            m = measure(
                store, current, base, "class", force=neighbour, include_outside=include_outside
            )
        except PrevhubError:
            continue  # a neighbour with months missing is left out, not guessed
        row = _row_or_zero(m.rows, "class", classification.VICTIM_BASED)
        prefix = f"{_force_name(neighbour)}: "
        result.append(
            HeadlineFigure(
                "victim-based",
                neighbour,
                sentence("victim-based crimes", row, words, prefix=prefix),
                row,
                POLICE_UK,
                sentence("victim-based crimes", row, words, prefix=prefix, with_flags=False),
            )
        )
    return result


def _context(figures: list[HeadlineFigure], neighbours: list[HeadlineFigure]) -> list[str]:
    """Say whether the force's movement stands out from its neighbours'."""
    own = next((f for f in figures if f.topic == "victim-based"), None)
    if own is None or own.row.rate_ratio is None:
        return []
    if not neighbours:
        return [
            "No neighbouring force's data for the same months is in the store, so this change "
            "cannot be compared with the neighbours'."
        ]
    ratios = [n.row.rate_ratio for n in neighbours if n.row.rate_ratio is not None]
    if not ratios:
        return []
    names = ", ".join(_force_name(n.force) for n in neighbours)
    combined_current = sum(n.row.current for n in neighbours)
    combined_baseline = sum(n.row.baseline for n in neighbours)
    combined = combined_current / combined_baseline if combined_baseline else None
    own_ratio = own.row.rate_ratio
    moved_same_way = [r for r in ratios if (r < 1) == (own_ratio < 1)]
    text = (
        f"Neighbouring forces ({names}) together had a rate ratio of {combined:.3f} over the same "
        "months"
        if combined is not None
        else f"Neighbouring forces ({names}) had no baseline crimes"
    )
    if own.row.ci95 is not None and combined is not None:
        lo, hi = own.row.ci95
        if lo <= combined <= hi:
            text += (
                f"; that lies inside this force's 95% interval ({lo:.3f}–{hi:.3f}), so the "
                "change is not the hub's alone: the neighbours moved as much."
            )
        elif (combined < lo and own_ratio < 1) or (combined > hi and own_ratio > 1):
            text += ", a larger movement in the same direction than this force's."
        else:
            text += (
                f", outside this force's 95% interval ({lo:.3f}–{hi:.3f}): this force moved "
                "differently from its neighbours."
            )
    else:
        text += "."
    if len(moved_same_way) == len(ratios):
        text += " Every neighbour moved in the same direction."
    return [text]

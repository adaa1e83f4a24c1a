"""Reads for the Measure page, through the crime library (never re-implemented here).

A page's figures depend only on the question and on the crime store, which changes only when
data is ingested; so each answer is computed once per version of the store
(:func:`prevhub.core.cache.cached_on_store`) and served from the cache until the next ingest.
On a miss the store is opened read-only for the computation and closed at once. What a reader
needs in words (class and force names, flags and what they mean, what the comparison leaves
out) is worked out here, once, so the template only lays it out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb

from prevhub.core.cache import cached_on_store
from prevhub.crime import CrimeStore, classification, freshness, headline, measure, monthly_counts
from prevhub.crime.demand import (
    ADDRESSES,
    ASB_CATEGORY_FLAG,
    CALLERS,
    DEFAULT_REPEAT_CALLS,
    DEFAULT_REPEAT_DAYS,
    DEMAND_NOTES,
    measure_demand,
    monthly_demand,
    repeat_demand,
)
from prevhub.crime.measures import (
    COUNTING_RULE_FLAG,
    MONTH_MISSING_FLAG,
    NOTES,
    SMALL_NUMBERS,
    SMALL_NUMBERS_FLAG,
    MonthsMissing,
    rule_changes_inside,
)
from prevhub.crime.periods import (
    LAST_YEAR,
    PREVIOUS,
    month_from_index,
    month_index,
    months_in,
    resolve_baseline,
)
from prevhub.crime.store import INCIDENTS, RECORDED_CRIME
from prevhub.errors import PrevhubError
from prevhub.paths import crime_store_path

CACHE_NAMESPACE = "insights.measure"

#: (by, section title, the table's first column heading)
TABLES = (
    ("class", "By crime class", "Crime class"),
    ("group", "By offence group", "Offence group"),
    ("district", "By district", "District"),
)
BASELINES = (
    (PREVIOUS, "The months just before"),
    (LAST_YEAR, "The same months a year earlier"),
)
CLASS_NAMES = {
    classification.VICTIM_BASED: "Victim-based crime",
    classification.OTHER_CRIMES_AGAINST_SOCIETY: "Other crimes against society",
    classification.FRAUD: "Fraud",
    classification.NOT_A_CRIME: "Not a crime",
}
KIND_NAMES = {
    "street": "Street-level crime",
    "outcomes": "Outcomes",
    "stop-and-search": "Stop and search",
    RECORDED_CRIME: "Recorded crime (force extracts)",
    INCIDENTS: "Incidents (force extract)",
}
#: National Standard for Incident Recording categories, in words.
CATEGORY_NAMES = {
    "public-safety": "Public safety and welfare",
    "crime": "Crime-related",
    "asb": "Anti-social behaviour",
    "transport": "Transport",
}
#: Rows of a repeat caller or address list shown on the page (the CSV holds them all).
REPEATS_SHOWN = 20
NO_LOCATION = "No location given"

#: The rate test in an analyst's words (the library's own name for it is for the CLI and docs).
TEST_IN_WORDS = (
    "Each change is tested with the exact test for two Poisson counts (the conditional "
    "binomial, or C-, test). The p-value is the chance of a difference at least this large if "
    "the underlying rate had not changed; the 95% confidence interval is the range of rate "
    "ratios the counts are consistent with. A rate ratio below 1 means fewer crimes than the "
    "baseline."
)

NO_STORE = (
    "There is no crime store here yet: no crime data has been loaded. An analyst loads "
    "data.police.uk files with the ingest command (see the data-freshness section below)."
)
BUSY = (
    "The crime store cannot be read just now (data may be being loaded). Try again in a "
    "minute; if this persists, ask an administrator."
)


@dataclass(frozen=True)
class Flag:
    """A row's warning as the page shows it: a tag that links to its explanation."""

    slug: str
    label: str
    explanation: str

    @property
    def anchor(self) -> str:
        return f"flag-{self.slug}"


FLAGS = {
    ASB_CATEGORY_FLAG: Flag(
        ASB_CATEGORY_FLAG,
        "ASB categories changed",
        "Anti-social behaviour was recorded in 14 categories until March 2011 and in three "
        "(personal, nuisance, environmental) from April 2011, so ASB counts either side of "
        "that month do not compare.",
    ),
    SMALL_NUMBERS_FLAG: Flag(
        SMALL_NUMBERS_FLAG,
        "Small numbers",
        f"One of the two counts is below {SMALL_NUMBERS}: the interval is wide, and a single "
        "busy week can move the figure.",
    ),
    MONTH_MISSING_FLAG: Flag(
        MONTH_MISSING_FLAG,
        "Month missing",
        "A month of the period or the baseline has no data loaded, so it counts as zero and the "
        "change is not a fair comparison.",
    ),
    COUNTING_RULE_FLAG: Flag(
        COUNTING_RULE_FLAG,
        "Counting-rule change",
        "The way some offences in this row are recorded changed inside the months compared, so "
        "part of the change may come from recording, not from crime.",
    ),
}


@dataclass
class MeasureQuery:
    """What the analyst asked for (or the page's sensible default)."""

    force: str
    period: tuple[str, str]
    baseline: str = PREVIOUS
    allow_incomplete: bool = False


@dataclass
class MeasurePage:
    """Everything the Measure page shows; the same for every user who may open the page."""

    query: MeasureQuery | None
    forces: list[str]
    freshness: list[dict[str, Any]]
    headline: dict[str, Any] | None = None
    tables: list[dict[str, Any]] = field(default_factory=list)
    trend: list[dict[str, Any]] = field(default_factory=list)
    trend_gaps: list[str] = field(default_factory=list)
    trend_classes: list[str] = field(default_factory=list)
    baseline_period: tuple[str, str] | None = None
    left_out: list[str] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    rule_changes: list[dict[str, str]] = field(default_factory=list)
    #: The demand section (incidents, officer hours, repeat callers and addresses), or None
    #: when the store holds no demand data for the force (see :func:`demand_section`).
    demand: dict[str, Any] | None = None
    error: str | None = None

    @property
    def force_name(self) -> str:
        return force_name(self.query.force) if self.query else ""

    @property
    def caveats(self) -> tuple[str, ...]:
        """What no comparison of counts can tell (the library's notes, written for readers)."""
        return NOTES

    @property
    def test_in_words(self) -> str:
        return TEST_IN_WORDS

    @property
    def trend_rows(self) -> list[dict[str, Any]]:
        """The chart's figures as table rows: one per month, a count (or None) per class."""
        by_month: dict[str, dict[str, Any]] = {}
        for p in self.trend:
            row = by_month.setdefault(p["month"], {"month_name": p["month_name"], "counts": {}})
            row["counts"][p["class"]] = p["count"]
        return [
            {
                "month_name": r["month_name"],
                "counts": [r["counts"].get(c) for c in self.trend_classes],
            }
            for r in by_month.values()
        ]


class StoreUnavailable(PrevhubError):
    """The store could not be opened: not an answer to cache (the next request may succeed)."""


def force_name(force: str) -> str:
    """'nottinghamshire' -> 'Nottinghamshire Police' (police.uk's own name for the force)."""
    return classification.forces().get(force, force.replace("-", " ").title())


def month_name(month: str | None) -> str:
    """'2024-01' -> 'Jan 2024', in the hub's date style (core.formatting: 15 Jan 2027)."""
    if not month:
        return ""
    return dt.date(int(month[:4]), int(month[5:7]), 1).strftime("%b %Y")


def period_words(period: tuple[str, str] | dict[str, str] | None) -> str:
    """('2024-01', '2024-03') -> 'Jan 2024 to Mar 2024'; one month -> 'Jan 2024'."""
    if not period:
        return ""
    start, end = (period["from"], period["to"]) if isinstance(period, dict) else period
    return month_name(start) if start == end else f"{month_name(start)} to {month_name(end)}"


def key_name(by: str, value: str | None) -> str:
    """A table row's key in words: class slugs become class names, a missing area says so."""
    if value is None:
        return NO_LOCATION
    if by == "class":
        return CLASS_NAMES.get(value, value)
    return value


def open_store() -> CrimeStore:
    return CrimeStore(crime_store_path(), read_only=True)


def default_query(store: CrimeStore, force: str) -> MeasureQuery:
    """The longest window (12, 6, 3 or 1 months, ending at the latest month loaded) whose
    baseline is fully loaded: the previous months if possible, else the same months last year."""
    loaded = set(store.loaded_months(force))
    latest = max(loaded)
    for length in (12, 6, 3, 1):
        period = (month_from_index(month_index(latest) - length + 1), latest)
        for baseline in ("previous", "last-year"):
            needed = set(months_in(period)) | set(months_in(resolve_baseline(period, baseline)))
            if needed <= loaded:
                return MeasureQuery(force=force, period=period, baseline=baseline)
    return MeasureQuery(force=force, period=(latest, latest), allow_incomplete=True)


def _cached(key: dict[str, Any], compute: Any) -> Any:
    """``compute()`` once per store version; a store that cannot be opened is not cached."""
    return cached_on_store(CACHE_NAMESPACE, key, compute)


@contextmanager
def _reading() -> Iterator[CrimeStore]:
    """The store, open read-only for one computation; an unreadable store says so in words.

    DuckDB's own errors (a lock held by an ingest, an I/O error) are not for a reader's eyes
    and are never cached: the next request may succeed.
    """
    if not crime_store_path().exists():
        raise StoreUnavailable(NO_STORE)
    try:
        store = open_store()
    except duckdb.Error as exc:
        raise StoreUnavailable(BUSY) from exc
    except PrevhubError as exc:  # the store's own words, unless an engine error lies beneath
        words = BUSY if isinstance(exc.__cause__, duckdb.Error) else str(exc)
        raise StoreUnavailable(words) from exc
    try:
        with store:
            yield store
    except duckdb.Error as exc:
        raise StoreUnavailable(BUSY) from exc


def measure_forces() -> list[str]:
    """Forces with street data in the store (for the form), [] when there is no store."""
    try:
        return _cached({"forces": True}, _compute_forces)
    except StoreUnavailable:
        return []


def _compute_forces() -> list[str]:
    with _reading() as store:
        return store.forces("street")


def measure_overview() -> MeasurePage:
    """The page without figures (after a form the analyst must correct): forces, freshness."""
    try:
        return _cached({"overview": True}, _compute_overview)
    except StoreUnavailable as exc:
        return MeasurePage(query=None, forces=[], freshness=[], error=str(exc))


def _compute_overview() -> MeasurePage:
    with _reading() as store:
        return MeasurePage(query=None, forces=store.forces("street"), freshness=_freshness(store))


def measure_page(query: MeasureQuery | None, force: str | None = None) -> MeasurePage:
    """Everything the Measure page shows, or a plain error the analyst can act on.

    ``query=None`` is the page's default: the latest well-founded window for ``force`` (or the
    first force in the store).
    """
    key = {
        "query": asdict(query) if query else None,
        "force": None if query else force,
        "repeat_thresholds": repeat_thresholds(),
    }
    try:
        return _cached(key, lambda: _compute_page(query, force))
    except StoreUnavailable as exc:
        return MeasurePage(query=None, forces=[], freshness=[], error=str(exc))


def _compute_page(query: MeasureQuery | None, force: str | None) -> MeasurePage:
    with _reading() as store:
        forces = store.forces("street")
        page = MeasurePage(query=query, forces=forces, freshness=_freshness(store))
        if not forces:
            page.error = "The crime store holds no data.police.uk street data yet."
            return page
        if query is None:
            query = default_query(store, force if force in forces else forces[0])
            page.query = query
        try:
            _fill_figures(store, page, query)
        except MonthsMissing as exc:
            page.error = _months_missing_words(exc.gaps)
        except PrevhubError as exc:
            page.error = str(exc)
        if page.error:
            page.headline, page.tables, page.trend, page.left_out = None, [], [], []
            page.demand = None
    return page


def _fill_figures(store: CrimeStore, page: MeasurePage, query: MeasureQuery) -> None:
    base = resolve_baseline(query.period, query.baseline)
    page.baseline_period = base
    page.headline = headline(
        store,
        query.period,
        query.force,
        baseline=query.baseline,
        allow_incomplete=query.allow_incomplete,
    ).to_dict()
    results = {}
    for by, title, heading in TABLES:
        result = measure(
            store,
            query.period,
            query.baseline,
            by=by,
            force=query.force,
            allow_incomplete=query.allow_incomplete,
        ).to_dict()
        results[by] = result
        for row in result["rows"]:
            row["label"] = key_name(by, row["key"][by])
            row["flag_tags"] = [FLAGS[f] for f in row["flags"] if f in FLAGS]
        page.tables.append({"by": by, "title": title, "heading": heading, **result})
    for figure in page.headline["figures"] + page.headline["neighbours"]:
        figure["flag_tags"] = [FLAGS[f] for f in figure["flags"] if f in FLAGS]

    window = (min(base[0], query.period[0]), max(base[1], query.period[1]))
    page.trend, page.trend_gaps = _trend(store, query.force, window)
    page.trend_classes = list(dict.fromkeys(p["class"] for p in page.trend))
    page.left_out = _left_out(store, query, results, base)
    seen = {f for r in results.values() for row in r["rows"] for f in row["flags"]}
    seen |= {f for fig in page.headline["figures"] for f in fig["flags"]}
    page.demand = demand_section(store, query)
    if page.demand:
        seen |= {f for row in page.demand["rows"] for f in row["flags"]}
    page.flags = [flag for slug, flag in FLAGS.items() if slug in seen]
    if COUNTING_RULE_FLAG in seen:
        page.rule_changes = [
            {
                "month": month_name(c.effective_month),
                "summary": c.summary,
                "reference": c.reference,
            }
            for c in rule_changes_inside(window[0], window[1])
        ]


def _trend(
    store: CrimeStore, force: str, window: tuple[str, str]
) -> tuple[list[dict[str, Any]], list[str]]:
    """Monthly counts by class for every month of the window; months never loaded carry no
    count (null), so the chart breaks its line there instead of joining across them."""
    points = monthly_counts(store, force, window)
    counts = {(p["month"], p["class"]): p["count"] for p in points}
    loaded = {p["month"] for p in points}
    classes = sorted({p["class"] for p in points}) or [
        classification.VICTIM_BASED,
        classification.OTHER_CRIMES_AGAINST_SOCIETY,
    ]
    months = months_in(window)
    trend = [
        {
            "month": m,
            "month_name": month_name(m),
            "class": CLASS_NAMES.get(c, c),
            "count": counts.get((m, c)) if m in loaded else None,
        }
        for m in months
        for c in classes
    ]
    return trend, [m for m in months if m not in loaded]


def _left_out(
    store: CrimeStore,
    query: MeasureQuery,
    results: dict[str, dict[str, Any]],
    page_baseline: tuple[str, str],
) -> list[str]:
    """What this comparison does not count, in sentences for the page."""
    from prevhub.core.formatting import number

    name = force_name(query.force)
    sentences = []
    outside = results["class"]["excluded"].get("outside_force_area_rows", 0)
    if outside:
        sentences.append(
            f"{number(outside)} crimes that police.uk places outside {name}'s own districts "
            "are left out of every figure on this page."
        )
    unlocated = results["district"]["excluded"].get("no_location_rows_left_out", 0)
    if unlocated:
        sentences.append(
            f"{number(unlocated)} crimes published with no location are counted in the force "
            "totals but cannot be placed in a district."
        )
    if query.allow_incomplete:
        from prevhub.crime.measures import missing_months

        compared = sorted(set(months_in(query.period)) | set(months_in(page_baseline)))
        gaps = missing_months(store, [query.force], "street", compared)
        for months in gaps.values():
            sentences.append(
                f"No data is loaded for {name} for {month_list(months)}: those months count "
                "as zero here, and the rows they touch are flagged “Month missing”."
            )
    return sentences


def month_list(months: list[str]) -> str:
    """['2023-12', '2024-01'] -> 'Dec 2023 and Jan 2024'."""
    words = [month_name(m) for m in months]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _months_missing_words(gaps: dict[str, list[str]]) -> str:
    listed = "; ".join(f"{force_name(f)}: {month_list(m)}" for f, m in gaps.items())
    return (
        f"Some months are not loaded in the crime store ({listed}). Load them, or tick "
        "“Compare even if a month is missing” to compare anyway; the figures they touch are "
        "then flagged."
    )


def _freshness(store: CrimeStore) -> list[dict[str, Any]]:
    rows = []
    for f in freshness(store):
        loaded = f["loaded_at"]
        rows.append(
            {
                **f,
                "force_name": force_name(f["force"]),
                "kind_name": KIND_NAMES.get(f["kind"], f["kind"]),
                "earliest_month_name": month_name(f["earliest_month"]),
                "latest_month_name": month_name(f["latest_month"]),
                # The store records UTC without a zone; pages show UK local time.
                "loaded": dt.datetime.fromisoformat(loaded).replace(tzinfo=dt.UTC)
                if loaded
                else None,
            }
        )
    return rows


def measure_table(query: MeasureQuery, by: str) -> dict[str, Any] | None:
    """One table of the page (for CSV/XLSX export), from the same cached answer."""
    page = measure_page(query)
    return next((t for t in page.tables if t["by"] == by), None)


def _chart_point(point: dict[str, Any]) -> dict[str, Any]:
    return {"month": point["month"], "class": point["class"], "count": point["count"]}


def trend_spec(page: MeasurePage) -> dict[str, Any] | None:
    """A Vega-Lite line chart of monthly counts by class, the two periods shaded.

    Months with no data loaded have a null count: the line breaks there (Vega-Lite's
    ``break-paths`` handling of invalid values) rather than drawing a straight line across.
    """
    if not page.trend or page.query is None or page.baseline_period is None:
        return None
    shading = [
        {"label": "Baseline", "from": page.baseline_period[0], "to": page.baseline_period[1]},
        {"label": "Period", "from": page.query.period[0], "to": page.query.period[1]},
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Recorded crimes per month by class, baseline and period shaded.",
        "width": "container",
        "height": 260,
        "layer": [
            {
                "data": {"values": shading},
                "mark": {"type": "rect", "opacity": 0.12},
                "encoding": {
                    "x": {"field": "from", "type": "temporal", "timeUnit": "yearmonth"},
                    "x2": {"field": "to"},
                    "color": {
                        "field": "label",
                        "type": "nominal",
                        "scale": {"range": ["#505a5f", "#1d70b8"]},
                        "title": "Window",
                    },
                },
            },
            {
                "data": {"values": [_chart_point(p) for p in page.trend]},
                "mark": {"type": "line", "point": True, "invalid": "break-paths-show-domains"},
                "encoding": {
                    "x": {
                        "field": "month",
                        "type": "temporal",
                        "timeUnit": "yearmonth",
                        "title": "Month",
                        "axis": {"format": "%b %Y"},
                    },
                    "y": {
                        "field": "count",
                        "type": "quantitative",
                        "title": "Crimes recorded",
                        "axis": {"format": ",d"},
                    },
                    "strokeDash": {"field": "class", "type": "nominal", "title": "Class"},
                },
            },
        ],
    }


# -- demand --------------------------------------------------------------------------------------


def repeat_thresholds() -> tuple[int, int]:
    """(incidents, days) that make a repeat caller or address: the settings
    ``PREVHUB_REPEAT_MIN_CALLS`` and ``PREVHUB_REPEAT_DAYS``, by default the library's (3 in
    28 days; where that comes from: :data:`prevhub.crime.demand.DEFAULT_REPEAT_CALLS`)."""
    from django.conf import settings

    return (
        int(getattr(settings, "PREVHUB_REPEAT_MIN_CALLS", DEFAULT_REPEAT_CALLS)),
        int(getattr(settings, "PREVHUB_REPEAT_DAYS", DEFAULT_REPEAT_DAYS)),
    )


def demand_section(store: CrimeStore, query: MeasureQuery) -> dict[str, Any] | None:
    """The page's demand figures for the query, from :mod:`prevhub.crime.demand`.

    None when the store holds neither an incident extract nor police.uk street data for the
    force; ``error`` set (and no figures) when the demand months are not all loaded.
    """
    from prevhub.core.formatting import number

    has_extract = query.force in store.forces(INCIDENTS)
    if not has_extract and query.force not in store.forces("street"):
        return None
    section: dict[str, Any] = {
        "has_extract": has_extract,
        "source_words": (
            f"From {force_name(query.force)}'s incident (command and control) extract."
            if has_extract
            else "This force has no incident extract loaded, so the anti-social behaviour "
            "incidents published on data.police.uk stand in for incident demand: ASB only, "
            "with no time committed or caller, at snapped locations. They are a floor on "
            "demand, not its size."
        ),
        "caveats": DEMAND_NOTES,
        "rows": [],
        "error": None,
    }
    try:
        result = measure_demand(
            store,
            query.period,
            query.baseline,
            "category",
            force=query.force,
            allow_incomplete=query.allow_incomplete,
        )
    except MonthsMissing as exc:
        section["error"] = (
            "Incident demand cannot be compared for these months: "
            + _months_missing_words(exc.gaps)
        )
        return section
    except PrevhubError as exc:
        section["error"] = str(exc)
        return section
    data = result.to_dict()
    for row in data["rows"]:
        row["label"] = CATEGORY_NAMES.get(row["key"]["category"], row["key"]["category"])
        row["flag_tags"] = [FLAGS[f] for f in row["flags"] if f in FLAGS]
    section.update(
        source=result.sources[query.force],
        rows=data["rows"],
        total=data["total"],
        hours=data["hours"],
        notes=[n for n in result.notes if n not in DEMAND_NOTES],
        period=data["period"],
        baseline=data["baseline"],
    )
    base = resolve_baseline(query.period, query.baseline)
    window = (min(base[0], query.period[0]), max(base[1], query.period[1]))
    points = monthly_demand(store, query.force, window)
    loaded = {p["month"] for p in points}
    categories = sorted({p["category"] for p in points})
    counts = {(p["month"], p["category"]): p["count"] for p in points}
    section["trend"] = [
        {
            "month": m,
            "month_name": month_name(m),
            "category": CATEGORY_NAMES.get(c, c),
            "count": counts.get((m, c)) if m in loaded else None,
        }
        for m in months_in(window)
        for c in categories
    ]
    section["trend_categories"] = [CATEGORY_NAMES.get(c, c) for c in categories]
    section["trend_rows"] = [
        {
            "month_name": month_name(m),
            "counts": [counts.get((m, c)) if m in loaded else None for c in categories],
        }
        for m in months_in(window)
    ]
    section["baseline_period"] = base
    if has_extract:
        min_calls, days = repeat_thresholds()
        section["threshold_words"] = (
            f"{number(min_calls)} or more incidents within {number(days)} days"
        )
        section["repeats"] = []
        for of, title in ((CALLERS, "Repeat callers"), (ADDRESSES, "Repeat addresses")):
            repeats = repeat_demand(
                store, query.period, force=query.force, of=of, min_calls=min_calls, days=days
            ).to_dict()
            repeats["shown"] = repeats["repeats"][:REPEATS_SHOWN]
            repeats["title"], repeats["slug"] = title, of
            for share in ("share", "hours_share"):
                value = repeats[share]
                repeats[f"{share}_pct"] = None if value is None else 100 * value
            section[f"repeat_{of}"] = repeats
            section["repeats"].append(repeats)
    return section


def demand_export(query: MeasureQuery, what: str) -> tuple[list[str], list[list[Any]]] | None:
    """A demand table of the page as (head, rows) for CSV: ``demand-category``,
    ``repeat-callers`` or ``repeat-addresses`` (every repeat, callers by keyed id only)."""
    page = measure_page(query)
    demand = page.demand
    if not demand or demand.get("error"):
        return None
    if what == "demand-category":
        head = ["category", "name", "current", "baseline", "change", "pct_change",
                "rate_ratio", "ci95_low", "ci95_high", "p_value", "hours_current",
                "hours_baseline", "flags"]  # fmt: skip
        rows = []
        for r in demand["rows"]:
            low, high = r["ci95"] or (None, None)
            rows.append(
                [r["key"]["category"], r["label"], r["current"], r["baseline"], r["change"],
                 r["pct_change"], r["rate_ratio"], low, high, r["p_value"], r["hours_current"],
                 r["hours_baseline"], "; ".join(f.label for f in r["flag_tags"])]
            )  # fmt: skip
        return head, rows
    of = {"repeat-callers": CALLERS, "repeat-addresses": ADDRESSES}.get(what)
    if of is None or f"repeat_{of}" not in demand:
        return None
    head = ["key", "incidents", "busiest_window", "first_opened", "last_opened",
            "officer_hours", "concern_for_welfare", "lsoa", "district"]  # fmt: skip
    return head, [[r[c] for c in head] for r in demand[f"repeat_{of}"]["repeats"]]


def demand_spec(page: MeasurePage) -> dict[str, Any] | None:
    """A Vega-Lite line chart of incidents per month by NSIR category, the windows shaded."""
    demand = page.demand
    if not demand or not demand.get("trend") or page.query is None:
        return None
    base = demand["baseline_period"]
    shading = [
        {"label": "Baseline", "from": base[0], "to": base[1]},
        {"label": "Period", "from": page.query.period[0], "to": page.query.period[1]},
    ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "description": "Incidents per month by category, baseline and period shaded.",
        "width": "container",
        "height": 240,
        "layer": [
            {
                "data": {"values": shading},
                "mark": {"type": "rect", "opacity": 0.12},
                "encoding": {
                    "x": {"field": "from", "type": "temporal", "timeUnit": "yearmonth"},
                    "x2": {"field": "to"},
                    "color": {
                        "field": "label",
                        "type": "nominal",
                        "scale": {"range": ["#505a5f", "#1d70b8"]},
                        "title": "Window",
                    },
                },
            },
            {
                "data": {
                    "values": [
                        {"month": p["month"], "category": p["category"], "count": p["count"]}
                        for p in demand["trend"]
                    ]
                },
                "mark": {"type": "line", "point": True, "invalid": "break-paths-show-domains"},
                "encoding": {
                    "x": {
                        "field": "month",
                        "type": "temporal",
                        "timeUnit": "yearmonth",
                        "title": "Month",
                        "axis": {"format": "%b %Y"},
                    },
                    "y": {
                        "field": "count",
                        "type": "quantitative",
                        "title": "Incidents",
                        "axis": {"format": ",d"},
                    },
                    "strokeDash": {"field": "category", "type": "nominal", "title": "Category"},
                },
            },
        ],
    }


#: The one way a page opens the crime store for reading (the Reports area uses it too).
reading_store = _reading

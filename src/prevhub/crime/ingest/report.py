"""What an ingest tells its caller: per-file loads, quarantined rows and the data's quirks."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from prevhub.crime.sources.police_uk import RowProblem
from prevhub.errors import PrevhubError

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class FileLoad:
    """What happened to one (force, month, kind) in an ingest."""

    file: str
    force: str
    month: str
    kind: str
    rows: int
    quarantined: int
    status: str  # "loaded", "replaced" or "unchanged"
    previous_rows: int | None = None


@dataclass
class IngestReport:
    """The outcome of one ingest: per-file loads, quarantined rows and their reasons."""

    loads: list[FileLoad] = field(default_factory=list)
    quarantine_reasons: Counter[str] = field(default_factory=Counter)
    problems: list[RowProblem] = field(default_factory=list)
    #: Rows beyond the first that share a non-empty Crime ID within one force's month, summed
    #: over every force and month of the ingest (see the per-force figures below).
    duplicate_crime_id_rows: int = 0
    duplicate_crime_id_rows_by_force: dict[str, int] = field(default_factory=dict)
    duplicate_crime_id_rows_by_force_month: dict[tuple[str, str], int] = field(default_factory=dict)
    outside_force_rows: int = 0
    no_location_rows: int = 0

    @property
    def rows(self) -> int:
        """Rows now in the store from the files of this ingest (unchanged files included)."""
        return sum(load.rows for load in self.loads)

    @property
    def quarantined(self) -> int:
        """Rows set aside in the quarantine table (only with ``lenient``)."""
        return sum(self.quarantine_reasons.values())

    @property
    def changed(self) -> bool:
        """True if the ingest wrote anything (a file loaded or replaced its month)."""
        return any(load.status != "unchanged" for load in self.loads)

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON output."""
        return {
            "rows": self.rows,
            "quarantined": self.quarantined,
            "quarantine_reasons": dict(self.quarantine_reasons),
            "duplicate_crime_id_rows": self.duplicate_crime_id_rows,
            "duplicate_crime_id_rows_by_force": dict(self.duplicate_crime_id_rows_by_force),
            "outside_force_rows": self.outside_force_rows,
            "no_location_rows": self.no_location_rows,
            "loads": [load.__dict__ for load in self.loads],
        }


def reason_kind(reason: str) -> str:
    """Group reasons for the summary ("not a number: abc" -> "not a number")."""
    return reason.split(":", 1)[0]


def refuse_bad_rows(problems: list[RowProblem]) -> None:
    """Stop a strict ingest at its first bad row, saying how many more there are."""
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1} more bad rows)" if len(problems) > 1 else ""
        raise PrevhubError(
            f"{first.message()}{more}. Nothing was loaded. Fix the file, or use --lenient "
            "to quarantine bad rows."
        )


def sum_quirks(report: IngestReport) -> None:
    """Order the per-month duplicate counts and total them per force and overall."""
    by_month = dict(sorted(report.duplicate_crime_id_rows_by_force_month.items()))
    report.duplicate_crime_id_rows_by_force_month = by_month
    by_force: Counter[str] = Counter()
    for (force, _), n in by_month.items():
        by_force[force] += n
    report.duplicate_crime_id_rows_by_force = dict(sorted(by_force.items()))
    report.duplicate_crime_id_rows = sum(by_force.values())

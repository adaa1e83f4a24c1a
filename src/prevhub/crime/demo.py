"""Real open crime data packaged so a fresh installation shows real figures.

Two packages in ``data/demo`` (see its README):

- the **hub's year** (``make demo``: :func:`load_demo_year`): 24 months of Nottinghamshire's
  and its neighbour Derbyshire's data.police.uk street-level crime (2023-01..2024-12), so the
  headline compares 12 months with 12 and with a neighbour, plus a GENERATED Nottinghamshire
  recorded-crime extract with Home Office offence codes (stalking and harassment, which
  police.uk cannot show), labelled generated wherever it appears;
- a small **sample** (:func:`load_demo`, six months of Nottinghamshire) that the tests and
  doctests load in a second.

Loading either is an ordinary ingest, so it is idempotent: loading twice changes nothing.

The sample also loads an invented incident (calls-for-service) extract for the same force,
2023-01..2024-12 (:mod:`prevhub.crime.demo_incidents`, counts in
``data/demo/README-incidents.md``); the hub's year loads it too.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from prevhub.crime.store import CrimeStore, ProgressCallback

DEMO_ARCHIVE = "nottinghamshire-street-demo.zip"
DEMO_INCIDENTS = "nottinghamshire-incidents-demo.csv"
DEMO_INCIDENT_MAPPING = "nottinghamshire-incidents-demo.toml"
DEMO_FORCE = "nottinghamshire"
DEMO_PERIOD = ("2024-01", "2024-03")
YEAR_ARCHIVE = "nottinghamshire-derbyshire-street-2023-2024.zip"
YEAR_EXTRACT = "nottinghamshire-recorded-crime-generated.csv.gz"
YEAR_EXTRACT_MAPPING = "nottinghamshire-recorded-crime-generated.toml"
#: The hub's year in the demo, and the neighbour packaged beside the demo force.
YEAR_PERIOD = ("2024-01", "2024-12")
YEAR_NEIGHBOUR = "derbyshire"
GENERATED_LABEL = (
    "Stalking and harassment figures in the demo come from a GENERATED (invented) recorded-"
    "crime extract, not from Nottinghamshire Police."
)
DEMO_LICENCE = (
    "Contains public sector information licensed under the Open Government Licence v3.0 "
    "(data.police.uk)."
)


@dataclass(frozen=True)
class DemoSummary:
    """What the demo load did."""

    store: Path
    force: str
    months: list[str]
    rows: int
    loaded_files: int
    unchanged_files: int
    licence: str = DEMO_LICENCE
    #: Incidents now in the store from the invented demo extract.
    incidents: int = 0

    def __str__(self) -> str:
        span = f"{self.months[0]} to {self.months[-1]}" if self.months else "no months"
        return f"{self.rows:,} rows, {span} ({len(self.months)} months). {self.licence}"


def _packaged(name: str) -> Path:
    return Path(str(resources.files("prevhub.crime").joinpath("data", "demo", name)))


def demo_archive() -> Path:
    """Path of the packaged six-month sample zip."""
    return _packaged(DEMO_ARCHIVE)


def year_archive() -> Path:
    """Path of the packaged 24-month Nottinghamshire and Derbyshire zip."""
    return _packaged(YEAR_ARCHIVE)


def year_extract() -> tuple[Path, Path]:
    """The generated recorded-crime extract and its column mapping."""
    return _packaged(YEAR_EXTRACT), _packaged(YEAR_EXTRACT_MAPPING)


def load_demo_year(
    store_path: Path | str | None = None, *, progress: ProgressCallback | None = None
) -> DemoSummary:
    """Ingest the hub's demo year: both forces' street files and the generated extract."""
    with CrimeStore(store_path) as store:
        report = store.ingest_police_uk([year_archive()], progress=progress)
        extract, mapping = year_extract()
        recorded = store.ingest_recorded_crime(extract, mapping=mapping)
        calls, calls_mapping = demo_incidents()
        incidents = store.ingest_incidents(calls, mapping=calls_mapping)
        loads = [*report.loads, *recorded.loads]
        return DemoSummary(
            store=store.path,
            force=DEMO_FORCE,
            months=sorted({load.month for load in report.loads}),
            rows=report.rows + recorded.rows,
            loaded_files=sum(1 for load in loads if load.status != "unchanged"),
            unchanged_files=sum(1 for load in loads if load.status == "unchanged"),
            licence=f"{DEMO_LICENCE} {GENERATED_LABEL}",
            incidents=incidents.rows,
        )


def demo_incidents() -> tuple[Path, Path]:
    """Paths of the packaged invented incident extract and its column mapping."""
    folder = demo_archive().parent
    return folder / DEMO_INCIDENTS, folder / DEMO_INCIDENT_MAPPING


def load_demo(
    store_path: Path | str | None = None, *, progress: ProgressCallback | None = None
) -> DemoSummary:
    """Ingest the packaged demo sample into the store (default: the configured crime store):
    the real police.uk files, then the invented incident extract."""
    with CrimeStore(store_path) as store:
        report = store.ingest_police_uk([demo_archive()], progress=progress)
        extract, mapping = demo_incidents()
        incidents = store.ingest_incidents(extract, mapping=mapping)
        return DemoSummary(
            store=store.path,
            force=DEMO_FORCE,
            months=sorted({load.month for load in report.loads}),
            rows=report.rows,
            loaded_files=sum(1 for load in report.loads if load.status != "unchanged"),
            unchanged_files=sum(1 for load in report.loads if load.status == "unchanged"),
            incidents=incidents.rows,
        )

"""A small real sample so a fresh installation shows real figures (``make demo``).

Six months of Nottinghamshire street-level crime from data.police.uk (2023-01..03 and
2024-01..03, anti-social behaviour rows included) are packaged in ``data/demo``, with an
invented incident (calls-for-service) extract for the same force, 2023-01..2024-03
(:mod:`prevhub.crime.demo_incidents`, counts in ``data/demo/README-incidents.md``). Loading
them is an ordinary ingest, so it is idempotent: loading the demo twice changes nothing.
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


def demo_archive() -> Path:
    """Path of the packaged demo zip."""
    ref = resources.files("prevhub.crime").joinpath("data", "demo", DEMO_ARCHIVE)
    return Path(str(ref))


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

"""The crime data engine: real police data in, honest "fewer crimes" figures out.

Pure Python + DuckDB/NumPy/SciPy; never imports Django, so it runs in a notebook or a script::

    from prevhub.crime import CrimeStore, measure, headline

    with CrimeStore("crime.duckdb") as store:
        store.ingest_police_uk(["street-2023-01_2024-12-nottinghamshire-derbyshire.zip"])
        result = measure(store, "2024-01:2024-12", "previous", by="class",
                         force="nottinghamshire")
        print(result.to_dict())
        print("\\n".join(headline(store, "2024-01:2024-12", "nottinghamshire").sentences))

Public API
----------
CrimeStore
    The DuckDB store: ``ingest_police_uk``, ``ingest_recorded_crime``, ``import_neighbourhoods``,
    ``export_parquet``, ``freshness``-style queries.
measure, MeasureResult, MeasureRow
    Period comparisons by class, group, subgroup, crime type, district, LSOA, neighbourhood or
    month, with rate ratios, exact intervals, p-values, harm and flags.
headline, Headline
    The hub's sentences with their statistics and neighbouring forces' movement.
monthly_counts, freshness
    Helpers for the Measure page's trend chart and data-freshness panel.
load_demo
    Load the packaged real demo sample.
"""

from prevhub.crime.classification import (
    CRIME_CLASSES,
    FRAUD,
    NOT_A_CRIME,
    OTHER_CRIMES_AGAINST_SOCIETY,
    VICTIM_BASED,
    CrimeType,
    Offence,
    classify_crime_type,
    classify_offence,
    is_stalking_or_harassment,
)
from prevhub.crime.demo import DemoSummary, load_demo
from prevhub.crime.headline import Headline, HeadlineFigure, headline
from prevhub.crime.measures import (
    BY_CHOICES,
    MeasureResult,
    MeasureRow,
    freshness,
    measure,
    monthly_counts,
    parse_period,
    resolve_baseline,
)
from prevhub.crime.store import CrimeStore, FileLoad, IngestReport

__all__ = [
    "BY_CHOICES",
    "CRIME_CLASSES",
    "FRAUD",
    "NOT_A_CRIME",
    "OTHER_CRIMES_AGAINST_SOCIETY",
    "VICTIM_BASED",
    "CrimeStore",
    "CrimeType",
    "DemoSummary",
    "FileLoad",
    "Headline",
    "HeadlineFigure",
    "IngestReport",
    "MeasureResult",
    "MeasureRow",
    "Offence",
    "classify_crime_type",
    "classify_offence",
    "freshness",
    "headline",
    "is_stalking_or_harassment",
    "load_demo",
    "measure",
    "monthly_counts",
    "parse_period",
    "resolve_baseline",
]

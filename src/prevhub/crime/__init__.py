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
parse_period, resolve_baseline, PeriodError
    The hub's one grammar of months and periods (:mod:`prevhub.crime.periods`).

The names are imported when first used (a module ``__getattr__``), so ``import prevhub.crime``
or a submodule such as :mod:`prevhub.crime.periods` does not load SciPy, DuckDB or the store:
the command line starts in a fraction of a second and pays only for what a command uses.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

#: Where each public name lives: ``from prevhub.crime import measure`` imports the module then.
_EXPORTS = {
    "CRIME_CLASSES": "classification",
    "FRAUD": "classification",
    "NOT_A_CRIME": "classification",
    "OTHER_CRIMES_AGAINST_SOCIETY": "classification",
    "VICTIM_BASED": "classification",
    "CrimeType": "classification",
    "Offence": "classification",
    "classify_crime_type": "classification",
    "classify_offence": "classification",
    "is_stalking_or_harassment": "classification",
    "DemoSummary": "demo",
    "load_demo": "demo",
    "Headline": "headline",
    "HeadlineFigure": "headline",
    "headline": "headline",
    "BY_CHOICES": "measures",
    "MeasureResult": "measures",
    "MeasureRow": "measures",
    "freshness": "measures",
    "measure": "measures",
    "monthly_counts": "measures",
    "PeriodError": "periods",
    "parse_period": "periods",
    "resolve_baseline": "periods",
    "CrimeStore": "store",
    "FileLoad": "store",
    "IngestReport": "store",
}

__all__ = [
    "BY_CHOICES",
    "CRIME_CLASSES",
    "CrimeStore",
    "CrimeType",
    "DemoSummary",
    "FRAUD",
    "FileLoad",
    "Headline",
    "HeadlineFigure",
    "IngestReport",
    "MeasureResult",
    "MeasureRow",
    "NOT_A_CRIME",
    "OTHER_CRIMES_AGAINST_SOCIETY",
    "PeriodError",
    "VICTIM_BASED",
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


def __getattr__(name: str) -> Any:
    """Import a public name's module on first use (PEP 562), then keep the name here."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


class _Package(types.ModuleType):
    """This package, keeping ``headline`` the function when its module is imported.

    The import system binds each submodule as an attribute of its package, so importing
    :mod:`prevhub.crime.headline` anywhere would make ``from prevhub.crime import headline``
    give the module; an eager ``from ... import headline`` used to rebind it to the function,
    and this does the same for a submodule named like the function it exports.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _EXPORTS.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


if TYPE_CHECKING:  # for type checkers and editors: the same names, imported eagerly
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
    )
    from prevhub.crime.periods import PeriodError, parse_period, resolve_baseline
    from prevhub.crime.store import CrimeStore, FileLoad, IngestReport

"""The app's settings, read through django.conf.settings with documented defaults
(docs/suicide-prevention.md explains each and its source).

PREVHUB_SUICIDE_PREVENTION_RETENTION_YEARS (default 6): a record is deleted this many years
    after the coroner's conclusion (deaths) or the incident (attempts, and deaths found not to
    be suicide); a suspected death is kept until concluded. The force's records policy (MoPI,
    College of Policing APP "Information management") decides; 6 matches the safeguarding
    register's review period.
PREVHUB_SUICIDE_PREVENTION_CLUSTER_METRES (default 1000), ..._CLUSTER_DAYS (default 90),
    ..._CLUSTER_LOOKBACK_DAYS (default 365), ..._CLUSTER_ALPHA (default 0.05): the cluster
    alert's Knox test: incidents within 1 km and 90 days of each other, over the last year,
    alert at p <= 0.05 (PHE 2015/2019, "Identifying and responding to suicide clusters":
    a cluster is three or more deaths closer in time and space than expected).
PREVHUB_SUICIDE_PREVENTION_SUPPRESS_BELOW (default 5): published counts from 1 to 4 are
    withheld (prevhub.crime.disclosure).
"""

from __future__ import annotations

from django.conf import settings

RETENTION_YEARS = 6
CLUSTER_METRES = 1000.0
CLUSTER_DAYS = 90.0
CLUSTER_LOOKBACK_DAYS = 365
CLUSTER_ALPHA = 0.05
SUPPRESS_BELOW = 5


def _get(name: str, default: object) -> object:
    return getattr(settings, f"PREVHUB_SUICIDE_PREVENTION_{name}", default)


def retention_years() -> int:
    return int(_get("RETENTION_YEARS", RETENTION_YEARS))  # type: ignore[call-overload]


def cluster_metres() -> float:
    return float(_get("CLUSTER_METRES", CLUSTER_METRES))  # type: ignore[arg-type]


def cluster_days() -> float:
    return float(_get("CLUSTER_DAYS", CLUSTER_DAYS))  # type: ignore[arg-type]


def cluster_lookback_days() -> int:
    return int(_get("CLUSTER_LOOKBACK_DAYS", CLUSTER_LOOKBACK_DAYS))  # type: ignore[call-overload]


def cluster_alpha() -> float:
    return float(_get("CLUSTER_ALPHA", CLUSTER_ALPHA))  # type: ignore[arg-type]


def suppress_below() -> int:
    return int(_get("SUPPRESS_BELOW", SUPPRESS_BELOW))  # type: ignore[call-overload]

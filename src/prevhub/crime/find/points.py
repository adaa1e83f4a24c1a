"""Crime points for the Find methods: selected from the store, projected to British National Grid.

Every Find method works in metres, so points leave this module as BNG eastings and northings
(EPSG:27700), projected from the WGS84 longitudes and latitudes the store holds with pyproj.

The selection follows the same counting rules as :func:`prevhub.crime.measures.measure`, so a hot
spot map and a Measure table of the same period add up to the same crimes:

* one point per published row; anti-social behaviour is left out unless asked for by name
  (``crime_type="Anti-social behaviour"``) because it is not a crime;
* rows located outside the force's own districts are left out unless ``include_outside``;
* rows with no coordinates cannot be mapped and are counted in ``unlocated`` instead.

The query is written here rather than borrowed from ``measures.py`` so the Find package depends
only on the store's tables, not on another module's private SQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
from pyproj import Transformer

from prevhub.crime import classification
from prevhub.crime.store import RECORDED_CRIME, CrimeStore
from prevhub.errors import PrevhubError

POLICE_UK = "police-uk"
SOURCES = (POLICE_UK, RECORDED_CRIME)

#: What every map built from police.uk points must say (see docs/methods/find.md).
POLICE_UK_SNAPPING_WARNING = (
    "police.uk locations are snapped to anonymous map points (the centre of a street or a "
    "nearby public place), not where the crime happened, and dates are months: small grid "
    "cells, 'same location' repeats and near-repeat distances under a few hundred metres "
    "reflect the snapping as much as the crimes. Read results at LSOA level or coarser."
)


@cache
def _to_bng() -> Transformer:
    return Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True)


@cache
def _from_bng() -> Transformer:
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def to_bng(longitude: np.ndarray, latitude: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """WGS84 longitude/latitude -> BNG easting/northing in metres (EPSG:4326 -> EPSG:27700)."""
    x, y = _to_bng().transform(np.asarray(longitude, float), np.asarray(latitude, float))
    return np.asarray(x, float), np.asarray(y, float)


def from_bng(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """BNG easting/northing -> WGS84 longitude/latitude (for GeoJSON and Leaflet)."""
    lon, lat = _from_bng().transform(np.asarray(x, float), np.asarray(y, float))
    return np.asarray(lon, float), np.asarray(lat, float)


def project(a: np.ndarray, b: np.ndarray, crs: str | int) -> tuple[np.ndarray, np.ndarray]:
    """Any CRS -> BNG metres; a projected CRS in metres other than BNG is kept as it is.

    Knox and hot spot methods only need distances in metres, so a file already in a metric
    projected CRS (e.g. Chicago's State Plane in metres) is used unchanged; geographic
    coordinates (degrees) are projected to BNG.
    """
    from pyproj import CRS

    source = CRS.from_user_input(crs if not str(crs).isdigit() else f"EPSG:{crs}")
    if source.is_geographic:
        transformer = Transformer.from_crs(source, "EPSG:27700", always_xy=True)
        x, y = transformer.transform(np.asarray(a, float), np.asarray(b, float))
        return np.asarray(x, float), np.asarray(y, float)
    unit = source.axis_info[0].unit_name if source.axis_info else "metre"
    if unit not in ("metre", "meter"):
        raise PrevhubError(f"{crs}: coordinates in {unit}, not metres; give a metric CRS")
    return np.asarray(a, float), np.asarray(b, float)


@dataclass(frozen=True)
class CrimePoints:
    """Located crimes as parallel arrays (one element per published row).

    ``x``/``y`` are BNG metres; ``date`` is a ``datetime64[D]`` (the first of the month for
    police.uk rows, whose only date is the month, hence ``date_resolution``).
    """

    x: np.ndarray
    y: np.ndarray
    longitude: np.ndarray
    latitude: np.ndarray
    month: np.ndarray
    date: np.ndarray
    crime_type: np.ndarray
    harm_days: np.ndarray
    lsoa_code: np.ndarray
    lsoa_name: np.ndarray
    district: np.ndarray
    location: np.ndarray
    victim: np.ndarray | None
    source: str
    date_resolution: str
    forces: list[str]
    period: tuple[str, str]
    unlocated: int = 0
    warnings: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return int(self.x.size)


def selection_summary(
    points: Any,
    *,
    crime_type: str | None,
    crime_class: str | None,
    source: str,
    include_outside: bool,
) -> dict[str, Any]:
    """What a store selection asked for and left out, as every Find result reports it."""
    return {
        "crime_type": crime_type,
        "class": crime_class or (None if crime_type else "all crime (not ASB)"),
        "source": source,
        "include_outside": include_outside,
        "unlocated_left_out": points.unlocated,
    }


def select_points(
    store: CrimeStore,
    period: str | tuple[str, str],
    *,
    crime_type: str | None = None,
    crime_class: str | None = None,
    force: str | None = None,
    source: str = POLICE_UK,
    include_outside: bool = False,
) -> CrimePoints:
    """The located crimes of a period (and crime type or class, and force) as BNG points.

    Parameters
    ----------
    store
        An open :class:`~prevhub.crime.store.CrimeStore`.
    period
        ``"YYYY-MM:YYYY-MM"`` or a pair of months, inclusive.
    crime_type
        A police.uk category (``"Burglary"``) for ``police-uk``; an offence code, subgroup or
        group for ``recorded-crime``.
    crime_class
        ``victim-based``, ``other-crimes-against-society``, ``fraud`` or ``not-a-crime``.
    force
        A police.uk force id; ``None`` means every force with data in the period.
    source
        ``police-uk`` (street files; month dates, snapped points) or ``recorded-crime`` (force
        extracts; recorded dates, pseudonymous victim and location ids).
    include_outside
        Keep rows located outside the force's own districts.
    """
    from prevhub.crime.periods import parse_period

    if source not in SOURCES:
        raise PrevhubError(f"source must be one of {', '.join(SOURCES)}, not {source!r}")
    if crime_type is not None and crime_class is not None:
        raise PrevhubError("give a crime type or a class, not both")
    if crime_class is not None and crime_class not in classification.CRIME_CLASSES:
        raise PrevhubError(f"crime class must be one of {', '.join(classification.CRIME_CLASSES)}")
    start, end = parse_period(period)
    kind = "street" if source == POLICE_UK else RECORDED_CRIME
    forces = _forces(store, force, kind, start, end)
    if source == POLICE_UK:
        if crime_type is not None and crime_type not in classification.crime_types():
            known = ", ".join(sorted(classification.crime_types()))
            raise PrevhubError(f"{crime_type!r} is not a police.uk crime type ({known})")
        relation = _POLICE_UK_SQL
    else:
        relation = _RECORDED_SQL
    conditions = ["force IN (SELECT unnest(?::VARCHAR[]))", "month BETWEEN ? AND ?"]
    params: list[Any] = [forces, start, end]
    if crime_type is not None:
        conditions.append("(crime_type = ? OR offence_code = ? OR subgroup = ? OR grp = ?)")
        params.extend([crime_type] * 4)
    elif crime_class is not None:
        conditions.append("crime_class = ?")
        params.append(crime_class)
    else:
        conditions.append("crime_class <> ?")
        params.append(classification.NOT_A_CRIME)
    if not include_outside:
        conditions.append("inside")
    where = " AND ".join(conditions)
    data = store.con.execute(
        f"SELECT * FROM ({relation}) WHERE {where} ORDER BY force, month, longitude, latitude",
        params,
    ).fetchnumpy()
    located = np.asarray(data["located"], bool)
    unlocated = int((~located).sum())

    def column(name: str) -> np.ndarray:
        values = data[name]
        if isinstance(values, np.ma.MaskedArray):  # NULLs come back masked
            values = values.astype(object).filled(None)
        return np.asarray(values)[located]

    lon = column("longitude").astype(float)
    lat = column("latitude").astype(float)
    x, y = to_bng(lon, lat)
    dates = column("date").astype("datetime64[D]")
    victims = column("victim") if source == RECORDED_CRIME else None
    warnings = [POLICE_UK_SNAPPING_WARNING] if source == POLICE_UK else []
    if unlocated:
        warnings.append(f"{unlocated:,} crimes have no location and are not on the map.")
    return CrimePoints(
        x=x,
        y=y,
        longitude=lon,
        latitude=lat,
        month=column("month").astype(str),
        date=dates,
        crime_type=column("crime_type").astype(str),
        harm_days=np.nan_to_num(column("harm_days").astype(float)),
        lsoa_code=column("lsoa_code").astype(object),
        lsoa_name=column("lsoa_name").astype(object),
        district=column("district").astype(object),
        location=column("location").astype(object),
        victim=victims,
        source=source,
        date_resolution="month" if source == POLICE_UK else "day",
        forces=forces,
        period=(start, end),
        unlocated=unlocated,
        warnings=warnings,
    )


def _forces(store: CrimeStore, force: str | None, kind: str, start: str, end: str) -> list[str]:
    if force is not None:
        if force not in store.forces(kind):
            raise PrevhubError(f"no {kind} data for force {force!r} in the store ({store.path})")
        return [force]
    rows = store.con.execute(
        "SELECT DISTINCT force FROM loads WHERE current AND kind = ? AND month BETWEEN ? AND ? "
        "ORDER BY force",
        [kind, start, end],
    ).fetchall()
    if not rows:
        raise PrevhubError(f"no {kind} data in the store for {start} to {end}")
    return [r[0] for r in rows]


_POLICE_UK_SQL = """
    SELECT s.force, s.month, CAST(s.month || '-01' AS DATE) AS date, s.longitude, s.latitude,
           s.longitude IS NOT NULL AND s.latitude IS NOT NULL AS located,
           s.crime_type, NULL AS offence_code, s.crime_type AS subgroup, c.offence_group AS grp,
           c.crime_class, coalesce(fw.harm_days, c.harm_days) AS harm_days, s.lsoa_code,
           s.lsoa_name, s.district, s.location, NULL AS victim,
           (s.lsoa_code IS NULL OR fd.district IS NOT NULL
            OR s.force NOT IN (SELECT force FROM force_districts)) AS inside
    FROM street_crimes s
    JOIN crime_type_classes c ON c.crime_type = s.crime_type
    LEFT JOIN force_harm_weights fw ON fw.force = s.force AND fw.crime_type = s.crime_type
    LEFT JOIN force_districts fd ON fd.force = s.force AND fd.district = s.district
"""

_RECORDED_SQL = """
    SELECT r.force, r.month, r.recorded_date AS date, r.longitude, r.latitude,
           r.longitude IS NOT NULL AND r.latitude IS NOT NULL AS located,
           o.code || ' ' || o.label AS crime_type, o.code AS offence_code,
           o.offence_subgroup AS subgroup, o.offence_group AS grp, o.crime_class,
           coalesce(o.harm_days, 0) AS harm_days, r.lsoa_code, lk.lsoa_name, lk.district,
           r.location_id AS location, r.victim_pseudonym AS victim,
           (r.lsoa_code IS NULL OR lk.district IS NULL OR fd.district IS NOT NULL
            OR r.force NOT IN (SELECT force FROM force_districts)) AS inside
    FROM recorded_crimes r
    JOIN offence_classes o ON o.code = r.offence_code
    LEFT JOIN lsoa_lookup lk ON lk.lsoa_code = r.lsoa_code
    LEFT JOIN force_districts fd ON fd.force = r.force AND fd.district = lk.district
"""


def days_since_epoch(dates: np.ndarray) -> np.ndarray:
    """``datetime64`` dates -> whole days since 1970-01-01 (int64), for time differences."""
    return np.asarray(dates, "datetime64[D]").astype(np.int64)


def parse_dates(values: list[str] | np.ndarray) -> np.ndarray:
    """ISO dates (``YYYY-MM-DD``, optionally with a time) -> ``datetime64[D]``; errors say which."""
    out = np.empty(len(values), "datetime64[D]")
    for i, value in enumerate(values):
        text = str(value).strip()
        try:
            out[i] = np.datetime64(dt.date.fromisoformat(text[:10]))
        except ValueError as exc:
            raise PrevhubError(f"row {i + 1}: {text!r} is not a date (YYYY-MM-DD)") from exc
    return out

"""Areas the hub reports by: force, district (Community Safety Partnership), LSOA, neighbourhood.

A district is the local authority an LSOA lies in. police.uk names every LSOA after its local
authority ("Ashfield 001A" lies in Ashfield), so the LSOA -> district lookup comes from the data
itself with no boundary files. Which districts belong to a force comes from the packaged table
``reference/force_districts.csv``: for each force in the shared data, the local authorities where
that force published the large majority (>= 50 %) of all rows and which hold at least 0.2 % of
the force's own rows, checked by hand (City of London's and Warwickshire's neighbours in London
and Coventry removed, Bournemouth, Christchurch and Poole added to Dorset). For a force not in the
table, :func:`derive_force_districts` applies the same rule to the rows in the store.

Boundaries
----------
Where a place *is* needs polygons. :func:`force_boundaries` gives a force's LSOA polygons (and its
wards where known) as a :class:`Boundaries`: the LSOA, ward and district at a point or a grid
cell (:meth:`Boundaries.places`, :meth:`Boundaries.cell_places`), the force's own area (the
union of its LSOAs, :attr:`Boundaries.area`), the cells of a grid whose centres lie in it
(:meth:`Boundaries.cells_inside`), and WGS84 GeoJSON layers for a map
(:meth:`Boundaries.geojson`). Nottinghamshire's generalised 2011 LSOAs and Nottingham's city
wards are packaged (``data/boundaries``, see its README for the source and licence); an
administrator loads any force's from a GeoJSON file with :func:`install_boundaries`
(``prevhub boundaries load FILE --force ID``), which validates every feature and replaces the
force's file under ``PREVHUB_HOME/boundaries`` atomically. Installed boundaries take precedence
over packaged ones.

police.uk's files from 2022 on use 2021 LSOA codes while the packaged polygons are 2011 LSOAs:
about 94 % of located rows carry a code the packaged set has. A point lookup does not depend on
codes matching (it asks which polygon holds the point), so names from :meth:`Boundaries.places`
are 2011 names even for 2021-coded rows.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from prevhub.errors import PrevhubError

if TYPE_CHECKING:  # shapely is imported when boundaries are first used, not with the module
    from shapely import Geometry, STRtree

    from prevhub.crime.find.grid import Grid

__all__ = [
    "DISTRICT_FROM_LSOA_NAME_SQL",
    "PACKAGED_ATTRIBUTION",
    "Boundaries",
    "BoundariesInstall",
    "Place",
    "derive_force_districts",
    "district_from_lsoa_name",
    "force_boundaries",
    "force_neighbours",
    "install_boundaries",
    "installed_boundaries_path",
    "packaged_boundaries_path",
    "packaged_boundary_forces",
    "packaged_force_districts",
    "read_boundaries",
]

_LSOA_NAME = re.compile(r"^(?P<district>.+) \d{3}[A-Z]$")

#: SQL expression giving the district from a column called ``lsoa_name`` (a full match and a
#: cut gives the same result as ``regexp_extract`` with a group, about three times faster).
DISTRICT_FROM_LSOA_NAME_SQL = (
    "CASE WHEN regexp_full_match(lsoa_name, '.+ [0-9]{3}[A-Z]') "
    "THEN left(lsoa_name, length(lsoa_name) - 5) END"
)

#: A district belongs to a force when the force published at least this share of its rows...
DISTRICT_SHARE_OF_DISTRICT_ROWS = 0.5
#: ...and the district holds at least this share of the force's own rows.
DISTRICT_SHARE_OF_FORCE_ROWS = 0.002


def district_from_lsoa_name(lsoa_name: str | None) -> str | None:
    """The local authority an LSOA lies in, from its police.uk/ONS name ("Ashfield 001A")."""
    if not lsoa_name:
        return None
    match = _LSOA_NAME.match(lsoa_name.strip())
    return match.group("district") if match else None


@cache
def packaged_force_districts() -> dict[str, frozenset[str]]:
    """force id -> its districts, from the packaged table."""
    text = (
        resources.files("prevhub.crime.reference")
        .joinpath("force_districts.csv")
        .read_text(encoding="utf-8")
    )
    table: dict[str, set[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        table.setdefault(row["force"], set()).add(row["district"])
    return {force: frozenset(districts) for force, districts in table.items()}


@cache
def force_neighbours() -> dict[str, frozenset[str]]:
    """force id -> forces sharing a boundary with it (packaged, England and Wales)."""
    text = (
        resources.files("prevhub.crime.reference")
        .joinpath("force_adjacency.csv")
        .read_text(encoding="utf-8")
    )
    table: dict[str, set[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        table.setdefault(row["force"], set()).add(row["neighbour"])
        table.setdefault(row["neighbour"], set()).add(row["force"])
    return {force: frozenset(n) for force, n in table.items()}


def derive_force_districts(
    rows_by_force_district: dict[tuple[str, str], int],
) -> dict[str, set[str]]:
    """Apply the packaged table's rule to counts of rows per (force, district).

    Used for forces the packaged table does not cover. Only as good as the forces present:
    with one force loaded, every district it reports in with enough rows is assigned to it.
    """
    force_totals: dict[str, int] = {}
    district_totals: dict[str, int] = {}
    for (force, district), n in rows_by_force_district.items():
        force_totals[force] = force_totals.get(force, 0) + n
        district_totals[district] = district_totals.get(district, 0) + n
    result: dict[str, set[str]] = {}
    for (force, district), n in rows_by_force_district.items():
        if (
            n >= DISTRICT_SHARE_OF_DISTRICT_ROWS * district_totals[district]
            and n >= DISTRICT_SHARE_OF_FORCE_ROWS * force_totals[force]
        ):
            result.setdefault(force, set()).add(district)
    return result


# --- Boundaries ------------------------------------------------------------------------------

#: Layers inside a boundaries archive (packaged or installed): LSOAs (required) and wards.
LSOA_LAYER = "lsoas.geojson"
WARD_LAYER = "wards.geojson"
#: Where installed boundaries live, under PREVHUB_HOME.
BOUNDARIES_FOLDER = "boundaries"
#: What every map drawn from the packaged boundaries must say (see data/boundaries/README.md).
PACKAGED_ATTRIBUTION = (
    "Boundaries: Office for National Statistics, Open Government Licence v3.0; contains OS data "
    "© Crown copyright and database right 2014; LSOAs via Martin Chorley's UK-GeoJSON (CC BY 4.0)"
)
#: Installed boundaries say only where they came from; the administrator knows their licence.
INSTALLED_ATTRIBUTION = "Boundaries loaded by an administrator from {file}"
#: Property names accepted for each field, first match wins (ours, then ONS's usual names).
LSOA_CODE_KEYS = ("lsoa_code", "lsoa21cd", "lsoa11cd", "lsoa01cd", "code")
LSOA_NAME_KEYS = ("lsoa_name", "lsoa21nm", "lsoa11nm", "lsoa01nm", "name")
DISTRICT_KEYS = ("district", "district_name", "lad_name", "lad24nm", "lad23nm", "lad22nm",
                 "lad21nm", "lad11nm")  # fmt: skip
WARD_CODE_KEYS = ("ward_code", "wd24cd", "wd23cd", "wd22cd", "wd21cd", "wd11cd", "code")
WARD_NAME_KEYS = ("ward_name", "wd24nm", "wd23nm", "wd22nm", "wd21nm", "wd11nm", "name")
#: Coordinates are stored to 6 decimal places of a degree (about 0.1 m): finer is noise.
STORED_DECIMALS = 6


@dataclass(frozen=True)
class Place:
    """Where a point lies: its LSOA and district, and its ward where wards are known."""

    lsoa_code: str
    lsoa_name: str
    district: str
    ward_code: str | None = None
    ward_name: str | None = None

    @property
    def label(self) -> str:
        """One line for a table: "Nottingham 018A, Aspley ward" or "Ashfield 001A"."""
        return self.lsoa_name + (f", {self.ward_name} ward" if self.ward_name else "")

    def to_dict(self) -> dict[str, Any]:
        return {
            "lsoa_code": self.lsoa_code,
            "lsoa_name": self.lsoa_name,
            "ward_code": self.ward_code,
            "ward_name": self.ward_name,
            "district": self.district,
        }


@dataclass(frozen=True, eq=False)
class Boundaries:
    """A force's LSOA polygons (and wards, where known), WGS84 as read, BNG for lookups.

    ``source`` is ``"packaged"`` or the installed file's path; ``attribution`` is what a map
    drawn from them must show. Arrays are parallel: ``lsoa_code[k]`` names ``lsoa_shapes[k]``.
    """

    force: str
    source: str
    attribution: str
    lsoa_code: tuple[str, ...]
    lsoa_name: tuple[str, ...]
    district: tuple[str, ...]
    lsoa_shapes: np.ndarray  # shapely polygons, WGS84
    ward_code: tuple[str, ...] = ()
    ward_name: tuple[str, ...] = ()
    ward_shapes: np.ndarray | None = None  # shapely polygons, WGS84

    # -- geometry in British National Grid metres (what the Find methods use) --

    @cached_property
    def lsoa_bng(self) -> np.ndarray:
        return _project_to_bng(self.lsoa_shapes)

    @cached_property
    def ward_bng(self) -> np.ndarray:
        return _project_to_bng(self.ward_shapes) if self.ward_shapes is not None else _empty()

    @cached_property
    def area(self) -> Geometry:
        """The force's own area in BNG: the union of its LSOAs (prepared for fast tests)."""
        import shapely

        union = shapely.union_all(self.lsoa_bng)
        shapely.prepare(union)
        # build the prepared index now, before another thread can use it (GEOS builds it
        # lazily on the first predicate, which is not safe to race)
        west, south, _, _ = union.bounds
        shapely.intersects_xy(union, west, south)
        return union

    @cached_property
    def area_km2(self) -> float:
        return float(self.area.area) / 1e6

    @cached_property
    def _lsoa_tree(self) -> STRtree:
        import shapely

        return shapely.STRtree(self.lsoa_bng)

    @cached_property
    def _ward_tree(self) -> STRtree | None:
        import shapely

        return shapely.STRtree(self.ward_bng) if len(self.ward_bng) else None

    # -- lookups --

    def inside(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Whether each BNG point lies in the force's area (points on its edge count as in)."""
        import shapely

        return np.asarray(
            shapely.intersects_xy(self.area, np.asarray(x, float), np.asarray(y, float)), bool
        )

    def cells_inside(self, grid: Grid) -> np.ndarray:
        """``(ny, nx)`` mask of the grid's cells whose centres lie in the force's area."""
        xx, yy = grid.centres()
        return self.inside(xx.ravel(), yy.ravel()).reshape(grid.shape)

    def places(
        self, x: Sequence[float] | np.ndarray, y: Sequence[float] | np.ndarray
    ) -> list[Place | None]:
        """The place of each BNG point (``None`` outside every LSOA); vectorised by STRtree."""
        lsoa = _first_hit(self._lsoa_tree, x, y)
        ward = _first_hit(self._ward_tree, x, y) if self._ward_tree is not None else None
        out: list[Place | None] = []
        for k, i in enumerate(lsoa):
            if i < 0:
                out.append(None)
                continue
            w = -1 if ward is None else int(ward[k])
            out.append(
                Place(
                    lsoa_code=self.lsoa_code[i],
                    lsoa_name=self.lsoa_name[i],
                    district=self.district[i],
                    ward_code=self.ward_code[w] if w >= 0 else None,
                    ward_name=self.ward_name[w] if w >= 0 else None,
                )
            )
        return out

    def place(self, x: float, y: float) -> Place | None:
        """The place of one BNG point."""
        return self.places([x], [y])[0]

    def cell_places(self, grid: Grid, flat: Sequence[int] | np.ndarray) -> list[Place | None]:
        """The place of each grid cell (flat, row-major indices), by its centre."""
        flat = np.asarray(flat, np.int64)
        x0, y0 = grid.corners(flat)
        return self.places(x0 + grid.cell / 2, y0 + grid.cell / 2)

    # -- layers for maps --

    @cached_property
    def districts(self) -> dict[str, Geometry]:
        """District name -> its polygon (WGS84), dissolved from the LSOAs."""
        import shapely

        names = np.asarray(self.district, object)
        return {
            name: shapely.union_all(self.lsoa_shapes[names == name])
            for name in sorted(set(self.district))
        }

    def geojson(self, layer: str = "lsoa") -> dict[str, Any]:
        """A WGS84 FeatureCollection of ``lsoa``, ``ward``, ``district`` or ``area`` polygons.

        Carries ``attribution`` as a foreign member so a map can show it.
        """
        import shapely

        if layer == "lsoa":
            props = [
                {"lsoa_code": c, "lsoa_name": n, "district": d}
                for c, n, d in zip(self.lsoa_code, self.lsoa_name, self.district, strict=True)
            ]
            shapes = list(self.lsoa_shapes)
        elif layer == "ward":
            props = [
                {"ward_code": c, "ward_name": n}
                for c, n in zip(self.ward_code, self.ward_name, strict=True)
            ]
            shapes = [] if self.ward_shapes is None else list(self.ward_shapes)
        elif layer == "district":
            props = [{"district": name} for name in self.districts]
            shapes = list(self.districts.values())
        elif layer == "area":
            props = [{"force": self.force}]
            shapes = [shapely.union_all(self.lsoa_shapes)]
        else:
            raise PrevhubError(f"layer must be lsoa, ward, district or area, not {layer!r}")
        features = [
            {"type": "Feature", "properties": p, "geometry": _geometry_json(g)}
            for p, g in zip(props, shapes, strict=True)
        ]
        return {
            "type": "FeatureCollection",
            "attribution": self.attribution,
            "features": features,
        }


def _empty() -> np.ndarray:
    return np.empty(0, dtype=object)


def _project_to_bng(shapes: np.ndarray) -> np.ndarray:
    import shapely

    from prevhub.crime.find.points import to_bng

    def project(coords: np.ndarray) -> np.ndarray:
        x, y = to_bng(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return np.asarray(shapely.transform(np.asarray(shapes, dtype=object), project), dtype=object)


def _first_hit(tree: STRtree, x: Any, y: Any) -> np.ndarray:
    """Index of the first (lowest-numbered) polygon holding each point, -1 for none."""
    import shapely

    points = shapely.points(np.asarray(x, float), np.asarray(y, float))
    hit = np.full(points.size, -1, np.int64)
    if points.size == 0:
        return hit
    where, which = tree.query(points, predicate="intersects")
    order = np.lexsort((which, where))  # by point, then by polygon
    where, which = where[order], which[order]
    points_hit, first = np.unique(where, return_index=True)
    hit[points_hit] = which[first]
    return hit


def _geometry_json(shape: Geometry) -> dict[str, Any]:
    import shapely

    return json.loads(shapely.to_geojson(shape))


# -- reading and validating --


def _lookup(properties: dict[str, Any], keys: Sequence[str]) -> str | None:
    lower = {str(k).lower(): v for k, v in properties.items()}
    for key in keys:
        value = lower.get(key)
        if value is not None and str(value).strip():
            return str(value).strip()
    return None


def _coordinate_system(data: dict[str, Any], label: str) -> str:
    """``"wgs84"`` or ``"bng"`` from the file's ``crs`` member (RFC 7946 files have none)."""
    crs = data.get("crs")
    if crs is None:
        return "wgs84"
    name = str((crs.get("properties") or {}).get("name", "")) if isinstance(crs, dict) else ""
    if "27700" in name:
        return "bng"
    if "4326" in name or "CRS84" in name.upper():
        return "wgs84"
    raise PrevhubError(
        f"{label}: coordinate system {name or crs!r} is not supported; give WGS84 "
        "(EPSG:4326, the GeoJSON standard) or British National Grid (EPSG:27700)"
    )


def _read_layer(
    data: Any, label: str, code_keys: Sequence[str], name_keys: Sequence[str], what: str
) -> tuple[list[str], list[str], list[dict[str, Any]], np.ndarray]:
    """Validate one FeatureCollection: codes, names, properties and WGS84 polygons."""
    import shapely
    from shapely.geometry import shape

    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise PrevhubError(f"{label}: not a GeoJSON FeatureCollection")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise PrevhubError(f"{label}: the FeatureCollection has no features")
    system = _coordinate_system(data, label)
    codes: list[str] = []
    names: list[str] = []
    props: list[dict[str, Any]] = []
    shapes: list[Any] = []
    seen: dict[str, int] = {}
    for k, feature in enumerate(features, start=1):
        properties = (feature or {}).get("properties") or {}
        code = _lookup(properties, code_keys) if isinstance(properties, dict) else None
        where = f"{label}: feature {k}" + (f" ({code})" if code else "")
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise PrevhubError(f"{where}: not a GeoJSON Feature")
        if code is None:
            raise PrevhubError(
                f"{where}: no {what} code (a property named {' or '.join(code_keys[:3])})"
            )
        name = _lookup(properties, name_keys)
        if name is None:
            raise PrevhubError(
                f"{where}: no {what} name (a property named {' or '.join(name_keys[:3])})"
            )
        if code in seen:
            raise PrevhubError(f"{where}: {what} code {code} is also feature {seen[code]}")
        seen[code] = k
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in (
            "Polygon",
            "MultiPolygon",
        ):
            kind = geometry.get("type") if isinstance(geometry, dict) else "no geometry"
            raise PrevhubError(f"{where}: geometry must be a Polygon or MultiPolygon, not {kind}")
        try:
            polygon = shape(geometry)
        except Exception as exc:  # shapely raises several types for malformed coordinates
            raise PrevhubError(f"{where}: malformed coordinates ({exc})") from exc
        if polygon.is_empty:
            raise PrevhubError(f"{where}: the polygon is empty")
        coords = shapely.get_coordinates(polygon)
        if not np.isfinite(coords).all():
            raise PrevhubError(f"{where}: coordinates must be finite numbers")
        if system == "wgs84" and (
            np.abs(coords[:, 0]).max() > 180 or np.abs(coords[:, 1]).max() > 90
        ):
            raise PrevhubError(
                f"{where}: coordinates such as {coords[0, 0]:g}, {coords[0, 1]:g} are not "
                "longitude/latitude; if they are British National Grid metres, say so with a "
                '"crs" member naming EPSG:27700, or reproject the file to EPSG:4326'
            )
        if system == "bng":
            from prevhub.crime.find.points import from_bng

            polygon = shapely.transform(
                polygon, lambda c: np.column_stack(from_bng(c[:, 0], c[:, 1]))
            )
        if not polygon.is_valid:
            raise PrevhubError(
                f"{where}: the polygon is not valid ({shapely.is_valid_reason(polygon)}); "
                "repair it (e.g. QGIS 'Fix geometries') and load again"
            )
        codes.append(code)
        names.append(name)
        props.append(properties)
        shapes.append(polygon)
    return codes, names, props, np.asarray(shapes, dtype=object)


def _parse_json(text: bytes, label: str) -> Any:
    try:
        return json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PrevhubError(f"{label}: not valid JSON ({exc})") from exc


def _read_file(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise PrevhubError(f"{path}: cannot be read ({exc.strerror or exc})") from exc


def _known_force(force: str) -> str:
    from prevhub.crime.classification import forces

    known = forces()
    if force not in known:
        raise PrevhubError(
            f"{force!r} is not a police.uk force id (for example: {', '.join(sorted(known)[:5])})"
        )
    return force


def read_boundaries(
    lsoas: Path | str,
    *,
    force: str,
    wards: Path | str | None = None,
) -> Boundaries:
    """A force's boundaries from GeoJSON files (or a boundaries archive), fully validated.

    ``lsoas`` is a FeatureCollection of Polygon/MultiPolygon features with an LSOA code and
    name (``lsoa_code``/``lsoa_name``, or ONS's ``LSOA21CD``/``LSOA21NM``, ``LSOA11CD``/...),
    and optionally a district (``district``, ``lad_name`` or ONS's ``LAD..NM``; otherwise the
    district is read from the LSOA name, "Ashfield 001A" -> Ashfield). ``wards`` likewise needs
    ``ward_code``/``ward_name`` (or ``WD..CD``/``WD..NM``). Coordinates are WGS84 (RFC 7946) or,
    with a ``crs`` member naming EPSG:27700, British National Grid. Any problem raises
    :class:`~prevhub.errors.PrevhubError` naming the file and the feature.
    """
    lsoa_path = Path(lsoas)
    if zipfile.is_zipfile(lsoa_path):
        if wards is not None:
            raise PrevhubError(f"{lsoa_path}: a boundaries archive already holds its wards")
        return _read_archive(lsoa_path, force=force, source=str(lsoa_path))
    lsoa_data = _parse_json(_read_file(lsoa_path), str(lsoa_path))
    ward_data = None
    if wards is not None:
        ward_data = _parse_json(_read_file(Path(wards)), str(wards))
    return _boundaries_from_json(
        force,
        lsoa_data,
        str(lsoa_path),
        ward_data,
        str(wards) if wards is not None else "",
        source=str(lsoa_path),
        attribution=INSTALLED_ATTRIBUTION.format(file=lsoa_path.name),
    )


def _boundaries_from_json(
    force: str,
    lsoa_data: Any,
    lsoa_label: str,
    ward_data: Any,
    ward_label: str,
    *,
    source: str,
    attribution: str,
) -> Boundaries:
    codes, names, props, shapes = _read_layer(
        lsoa_data, lsoa_label, LSOA_CODE_KEYS, LSOA_NAME_KEYS, "LSOA"
    )
    districts = []
    for k, (code, name, p) in enumerate(zip(codes, names, props, strict=True), start=1):
        district = _lookup(p, DISTRICT_KEYS) or district_from_lsoa_name(name)
        if district is None:
            raise PrevhubError(
                f"{lsoa_label}: feature {k} ({code}): no district (a property named district "
                f'or lad_name, or an LSOA name like "Ashfield 001A")'
            )
        districts.append(district)
    ward_codes: list[str] = []
    ward_names: list[str] = []
    ward_shapes = None
    if ward_data is not None:
        ward_codes, ward_names, _, ward_shapes = _read_layer(
            ward_data, ward_label, WARD_CODE_KEYS, WARD_NAME_KEYS, "ward"
        )
    return Boundaries(
        force=force,
        source=source,
        attribution=attribution,
        lsoa_code=tuple(codes),
        lsoa_name=tuple(names),
        district=tuple(districts),
        lsoa_shapes=shapes,
        ward_code=tuple(ward_codes),
        ward_name=tuple(ward_names),
        ward_shapes=ward_shapes,
    )


def _read_archive(
    path: Path, *, force: str, source: str, attribution: str | None = None
) -> Boundaries:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if LSOA_LAYER not in names:
                raise PrevhubError(f"{path}: a boundaries archive needs {LSOA_LAYER}")
            lsoa_data = _parse_json(archive.read(LSOA_LAYER), f"{path}:{LSOA_LAYER}")
            ward_data = (
                _parse_json(archive.read(WARD_LAYER), f"{path}:{WARD_LAYER}")
                if WARD_LAYER in names
                else None
            )
            stored = attribution or (archive.comment.decode("utf-8") if archive.comment else None)
    except zipfile.BadZipFile as exc:
        raise PrevhubError(f"{path}: not a readable zip archive ({exc})") from exc
    return _boundaries_from_json(
        force,
        lsoa_data,
        f"{path}:{LSOA_LAYER}",
        ward_data,
        f"{path}:{WARD_LAYER}",
        source=source,
        attribution=stored or INSTALLED_ATTRIBUTION.format(file=path.name),
    )


# -- where a force's boundaries come from --


def packaged_boundaries_path(force: str) -> Path | None:
    """The packaged archive for a force, if the package has one."""
    ref = resources.files("prevhub.crime").joinpath("data", "boundaries", f"{force}.zip")
    path = Path(str(ref))
    return path if path.is_file() else None


def packaged_boundary_forces() -> list[str]:
    """Forces whose boundaries are packaged (Nottinghamshire, the demo force)."""
    folder = Path(str(resources.files("prevhub.crime").joinpath("data", "boundaries")))
    return sorted(p.stem for p in folder.glob("*.zip"))


def installed_boundaries_path(force: str, home: Path | str | None = None) -> Path:
    """Where an administrator's boundaries for a force live: PREVHUB_HOME/boundaries/<force>.zip."""
    from prevhub.paths import prevhub_home

    root = Path(home) if home is not None else prevhub_home()
    return root / BOUNDARIES_FOLDER / f"{force}.zip"


def force_boundaries(force: str, *, home: Path | str | None = None) -> Boundaries | None:
    """The force's boundaries: installed ones first, then packaged; ``None`` if it has neither.

    Read once per version of the file (cached on path, size and modification time).
    """
    installed = installed_boundaries_path(force, home)
    if installed.is_file():
        stat = installed.stat()
        return _cached_archive(str(installed), force, stat.st_size, stat.st_mtime_ns, False)
    packaged = packaged_boundaries_path(force)
    if packaged is None:
        return None
    return _cached_archive(str(packaged), force, 0, 0, True)


@cache
def _cached_archive(path: str, force: str, size: int, mtime: int, packaged: bool) -> Boundaries:
    return _read_archive(
        Path(path),
        force=force,
        source="packaged" if packaged else path,
        attribution=PACKAGED_ATTRIBUTION if packaged else None,
    )


@dataclass(frozen=True)
class BoundariesInstall:
    """What :func:`install_boundaries` did: ``loaded``, ``replaced`` or ``unchanged``."""

    force: str
    path: Path
    status: str
    lsoas: int
    wards: int
    districts: list[str]
    area_km2: float


def _feature_collection(name: str, rows: list[dict[str, Any]], shapes: np.ndarray) -> bytes:
    import shapely

    rounded = shapely.set_precision(shapes, 10**-STORED_DECIMALS)
    features = [
        {"type": "Feature", "properties": p, "geometry": _geometry_json(g)}
        for p, g in zip(rows, rounded, strict=True)
    ]
    body = {"type": "FeatureCollection", "name": name, "features": features}
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def _archive_bytes(boundaries: Boundaries, comment: str) -> bytes:
    """A deterministic zip (fixed timestamps, sorted layers): same input, same bytes."""
    lsoa_rows = [
        {"lsoa_code": c, "lsoa_name": n, "district": d}
        for c, n, d in zip(
            boundaries.lsoa_code, boundaries.lsoa_name, boundaries.district, strict=True
        )
    ]
    layers = [(LSOA_LAYER, _feature_collection("lsoas", lsoa_rows, boundaries.lsoa_shapes))]
    if boundaries.ward_shapes is not None:
        ward_rows = [
            {"ward_code": c, "ward_name": n}
            for c, n in zip(boundaries.ward_code, boundaries.ward_name, strict=True)
        ]
        layers.append((WARD_LAYER, _feature_collection("wards", ward_rows, boundaries.ward_shapes)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = comment.encode("utf-8")
        for name, data in layers:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def install_boundaries(
    lsoas: Path | str,
    *,
    force: str,
    wards: Path | str | None = None,
    home: Path | str | None = None,
) -> BoundariesInstall:
    """Validate a force's boundary files and install them under PREVHUB_HOME/boundaries.

    Atomic: the new archive is written beside the old one and renamed over it, so a reader
    sees the old boundaries or the new, never half a file, and a file that fails validation
    changes nothing. Idempotent: loading the same files again leaves the archive as it was
    (``unchanged``).
    """
    _known_force(force)
    boundaries = read_boundaries(lsoas, force=force, wards=wards)
    comment = INSTALLED_ATTRIBUTION.format(file=Path(lsoas).name)
    data = _archive_bytes(boundaries, comment)
    target = installed_boundaries_path(force, home)
    target.parent.mkdir(parents=True, exist_ok=True)
    status = "loaded"
    if target.is_file():
        status = "unchanged" if target.read_bytes() == data else "replaced"
    if status != "unchanged":
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{force}.", suffix=".zip")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    return BoundariesInstall(
        force=force,
        path=target,
        status=status,
        lsoas=len(boundaries.lsoa_code),
        wards=len(boundaries.ward_code),
        districts=sorted(set(boundaries.district)),
        area_km2=round(boundaries.area_km2, 1),
    )

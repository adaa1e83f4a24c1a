"""GeoJSON for Leaflet: grid cells as WGS84 squares, areas and points as WGS84 points.

GeoJSON is WGS84 longitude/latitude by definition (RFC 7946), so BNG cells are projected corner
by corner: a BNG square is a very slightly skewed quadrilateral in WGS84, drawn exactly. The
properties are the same as the CSV/JSON columns, with ``x``/``y`` kept in BNG metres.
Coordinates are rounded to 6 decimals (about 0.1 m), as RFC 7946 recommends, to keep files small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from prevhub.crime.find.grid import Grid
from prevhub.crime.find.points import from_bng

DECIMALS = 6


def cells_geojson(
    grid: Grid,
    flat_indices: Sequence[int] | np.ndarray,
    properties: Sequence[Mapping[str, Any]],
    *,
    metadata: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A FeatureCollection of grid cells (polygons) with one properties dict per cell."""
    flat = np.asarray(flat_indices, np.int64)
    x0, y0 = grid.corners(flat)
    c = grid.cell
    xs = np.stack([x0, x0 + c, x0 + c, x0, x0], axis=1)
    ys = np.stack([y0, y0, y0 + c, y0 + c, y0], axis=1)
    lon, lat = from_bng(xs.ravel(), ys.ravel())
    lon = np.round(lon.reshape(xs.shape), DECIMALS)
    lat = np.round(lat.reshape(ys.shape), DECIMALS)
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Polygon",
                "coordinates": [
                    [[float(a), float(b)] for a, b in zip(lon[k], lat[k], strict=True)]
                ],
            },
            "properties": dict(properties[k]),
        }
        for k in range(flat.size)
    ]
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if metadata:
        collection["metadata"] = dict(metadata)
    return collection


def points_geojson(
    x: Sequence[float] | np.ndarray,
    y: Sequence[float] | np.ndarray,
    properties: Sequence[Mapping[str, Any]],
    *,
    metadata: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A FeatureCollection of points given in BNG metres (e.g. area centres, task locations)."""
    lon, lat = from_bng(np.asarray(x, float), np.asarray(y, float))
    features = [
        {
            "type": "Feature",
            "geometry": {
                "type": "Point",
                "coordinates": [round(float(a), DECIMALS), round(float(b), DECIMALS)],
            },
            "properties": dict(properties[k]),
        }
        for k, (a, b) in enumerate(zip(lon, lat, strict=True))
    ]
    collection: dict[str, Any] = {"type": "FeatureCollection", "features": features}
    if metadata:
        collection["metadata"] = dict(metadata)
    return collection

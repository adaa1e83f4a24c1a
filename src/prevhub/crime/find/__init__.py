"""Find: where prevention should go — hot spots, emerging hot spots, repeats, near repeats.

Pure NumPy/SciPy on BNG metres (EPSG:27700); no Django, so a notebook can run it::

    from prevhub.crime import CrimeStore
    from prevhub.crime.find import find_hotspots, knox_test

    with CrimeStore("crime.duckdb", read_only=True) as store:
        result = find_hotspots(store, "2024-01:2024-12", method="gistar",
                               crime_type="Burglary", force="nottinghamshire")
    geojson = result.to_geojson()

Methods and their references are in ``docs/methods/find.md``.

Public API
----------
Selection and grids
    ``select_points``, ``CrimePoints``, ``to_bng``, ``from_bng``, ``make_grid``, ``Grid``,
    ``auto_cell_size``, ``grid_counts``, ``GridCounts``, ``area_counts``, ``AreaCount``
Hot spots
    ``find_hotspots``, ``hotspots_from_points``, ``HotspotResult``, ``HotspotCell``,
    ``kernel_density``, ``KernelDensity``, ``bandwidth_silverman_spatial``,
    ``gi_star_grid``, ``gi_star``, ``GiStarResult``, ``distance_band_weights``,
    ``benjamini_hochberg``, ``esri_classes``
Emerging hot spots
    ``find_emerging``, ``emerging_from_points``, ``EmergingResult``, ``EmergingCell``,
    ``emerging_hot_spots``, ``EmergingHotSpots``, ``mann_kendall``, ``MannKendall``
Repeats and near repeats
    ``repeat_summary``, ``RepeatSummary``, ``map_point_keys``, ``knox_test``, ``KnoxResult``,
    ``Band``, ``read_point_file``, ``PointFile``, ``near_repeat_from_store``, ``prevention_tasks``,
    ``PreventionTask``
GeoJSON
    ``cells_geojson``, ``points_geojson``
"""

from prevhub.crime.find.emerging import (
    EmergingCell,
    EmergingHotSpots,
    EmergingResult,
    MannKendall,
    emerging_from_points,
    emerging_hot_spots,
    find_emerging,
    mann_kendall,
)
from prevhub.crime.find.geojson import cells_geojson, points_geojson
from prevhub.crime.find.gistar import (
    GiStarResult,
    benjamini_hochberg,
    distance_band_weights,
    esri_classes,
    gi_star,
    gi_star_grid,
)
from prevhub.crime.find.grid import (
    AreaCount,
    Grid,
    GridCounts,
    area_counts,
    auto_cell_size,
    grid_counts,
    make_grid,
)
from prevhub.crime.find.hotspots import (
    HotspotCell,
    HotspotResult,
    find_hotspots,
    hotspots_from_points,
)
from prevhub.crime.find.kde import KernelDensity, bandwidth_silverman_spatial, kernel_density
from prevhub.crime.find.knox import Band, KnoxResult, knox_test
from prevhub.crime.find.nearrepeat import (
    PointFile,
    PreventionTask,
    near_repeat_from_store,
    prevention_tasks,
    read_point_file,
)
from prevhub.crime.find.points import (
    POLICE_UK_SNAPPING_WARNING,
    CrimePoints,
    from_bng,
    select_points,
    to_bng,
)
from prevhub.crime.find.repeats import RepeatSummary, map_point_keys, repeat_summary

__all__ = [
    "POLICE_UK_SNAPPING_WARNING",
    "AreaCount",
    "Band",
    "CrimePoints",
    "EmergingCell",
    "EmergingHotSpots",
    "EmergingResult",
    "GiStarResult",
    "Grid",
    "GridCounts",
    "HotspotCell",
    "HotspotResult",
    "KernelDensity",
    "KnoxResult",
    "MannKendall",
    "PointFile",
    "PreventionTask",
    "RepeatSummary",
    "area_counts",
    "auto_cell_size",
    "bandwidth_silverman_spatial",
    "benjamini_hochberg",
    "cells_geojson",
    "distance_band_weights",
    "emerging_from_points",
    "emerging_hot_spots",
    "esri_classes",
    "find_emerging",
    "find_hotspots",
    "from_bng",
    "gi_star",
    "gi_star_grid",
    "grid_counts",
    "hotspots_from_points",
    "kernel_density",
    "knox_test",
    "make_grid",
    "mann_kendall",
    "map_point_keys",
    "near_repeat_from_store",
    "points_geojson",
    "prevention_tasks",
    "read_point_file",
    "repeat_summary",
    "select_points",
    "to_bng",
]

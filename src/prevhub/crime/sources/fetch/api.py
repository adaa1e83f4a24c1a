"""The JSON API fallback: archive-format CSVs for months no archive serves yet."""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

from prevhub.crime.sources.fetch.client import PoliceUkClient
from prevhub.crime.sources.fetch.layout import (
    OUTCOMES,
    STOP_AND_SEARCH_COLUMNS,
    STREET,
    STREET_COLUMNS,
    file_name,
)
from prevhub.errors import PrevhubError

ERR_OUTCOMES_NEED_ARCHIVE = (
    "Outcomes for {month} are not in any archive yet, and the API has no force-wide outcomes "
    "query; fetch them once the {month} archive is published."
)


class ApiSource:
    """Builds archive-format CSVs from the JSON API for months no archive serves yet."""

    def __init__(self, client: PoliceUkClient, force: str, force_name: str) -> None:
        self.client = client
        self.force = force
        self.force_name = force_name
        self._polygons: list[str] | None = None

    def fetch(self, month: str, kind: str, dest: Path) -> Path:
        if kind == OUTCOMES:
            raise PrevhubError(ERR_OUTCOMES_NEED_ARCHIVE.format(month=month))
        rows = self._street(month) if kind == STREET else self._stop_and_search(month)
        columns = STREET_COLUMNS if kind == STREET else STOP_AND_SEARCH_COLUMNS
        target = dest / month / file_name(month, self.force, kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        with partial.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            writer.writerows(rows)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(partial, target)
        return target

    def _neighbourhood_polygons(self) -> list[str]:
        """Each neighbourhood boundary as the API's ``lat,lng:lat,lng`` poly string."""
        if self._polygons is None:
            polygons = []
            for area in self.client.get_json(f"/api/{self.force}/neighbourhoods"):
                points = self.client.get_json(f"/api/{self.force}/{area['id']}/boundary")
                if points:
                    polygons.append(":".join(f"{p['latitude']},{p['longitude']}" for p in points))
            self._polygons = polygons
        return self._polygons

    def _street(self, month: str) -> list[list[str]]:
        categories = {
            entry["url"]: entry["name"]
            for entry in self.client.get_json("/api/crime-categories", params={"date": month})
        }
        crimes: dict[Any, dict] = {}
        for poly in self._neighbourhood_polygons():
            found = self.client.get_json(
                "/api/crimes-street/all-crime", data={"poly": poly, "date": month}
            )
            for crime in found:
                crimes.setdefault(crime["id"], crime)
        no_location = self.client.get_json(
            "/api/crimes-no-location",
            params={"category": "all-crime", "force": self.force, "date": month},
        )
        for crime in no_location:
            crimes.setdefault(crime["id"], crime)
        return [self._street_row(crime, categories) for crime in crimes.values()]

    def _street_row(self, crime: dict, categories: dict[str, str]) -> list[str]:
        location = crime.get("location") or {}
        street = location.get("street") or {}
        outcome = crime.get("outcome_status") or {}
        has_point = bool(location.get("latitude"))
        return [
            crime.get("persistent_id") or "",
            crime.get("month") or "",
            self.force_name,
            self.force_name,
            location.get("longitude") or "",
            location.get("latitude") or "",
            street.get("name") or ("" if has_point else "No Location"),
            "",  # LSOA code: not in the API
            "",  # LSOA name: not in the API
            categories.get(crime.get("category", ""), crime.get("category", "")),
            outcome.get("category") or "",
            crime.get("context") or "",
        ]

    def _stop_and_search(self, month: str) -> list[list[str]]:
        stops = self.client.get_json(
            "/api/stops-force", params={"force": self.force, "date": month}
        )
        return [self._stop_row(stop) for stop in stops]

    @staticmethod
    def _stop_row(stop: dict) -> list[str]:
        location = stop.get("location") or {}

        def text(value: Any) -> str:
            return "" if value is None else str(value)

        return [
            text(stop.get("type")),
            text(stop.get("datetime")),
            text(stop.get("operation")),
            text(stop.get("operation_name")),
            text(location.get("latitude")),
            text(location.get("longitude")),
            text(stop.get("gender")),
            text(stop.get("age_range")),
            text(stop.get("self_defined_ethnicity")),
            text(stop.get("officer_defined_ethnicity")),
            text(stop.get("legislation")),
            text(stop.get("object_of_search")),
            text(stop.get("outcome")),
            text(stop.get("outcome_linked_to_object_of_search")),
            text(stop.get("removal_of_more_than_outer_clothing")),
        ]

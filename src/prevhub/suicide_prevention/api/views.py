"""API viewsets: restricted querysets, audited writes and reads (core's base)."""

from __future__ import annotations

from typing import Any

from rest_framework.exceptions import MethodNotAllowed
from rest_framework.request import Request
from rest_framework.response import Response

from prevhub.core.api.views import RestrictedModelViewSet
from prevhub.suicide_prevention import filters
from prevhub.suicide_prevention.api import serializers as s
from prevhub.suicide_prevention.models import (
    LocationMeasure,
    LocationOfConcern,
    SurveillanceRecord,
)

RETENTION_ONLY = (
    "Surveillance records are not deleted one by one: they are deleted at the end of "
    "retention (/suicide-prevention/retention/)."
)


class SurveillanceRecordViewSet(RestrictedModelViewSet):
    """No generic DELETE: 405 to whoever may change the record, 404 to anyone else."""

    queryset = SurveillanceRecord.objects.select_related(
        "location", "support_service"
    ).prefetch_related("shared_with")
    serializer_class = s.SurveillanceRecordSerializer
    filterset_class = filters.SurveillanceRecordFilterSet
    ordering_fields = ("id", "occurred_at", "kind", "status", "method", "age_band", "sex")

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.action = "partial_update"
        self.get_object()
        raise MethodNotAllowed("DELETE", detail=RETENTION_ONLY)


class LocationOfConcernViewSet(RestrictedModelViewSet):
    queryset = LocationOfConcern.objects.select_related("owner").prefetch_related("shared_with")
    serializer_class = s.LocationOfConcernSerializer
    filterset_class = filters.LocationOfConcernFilterSet
    ordering_fields = ("id", "name", "identified_on", "district")


class LocationMeasureViewSet(RestrictedModelViewSet):
    queryset = LocationMeasure.objects.select_related("location", "carried_out_by")
    serializer_class = s.LocationMeasureSerializer
    filterset_class = filters.LocationMeasureFilterSet
    ordering_fields = ("id", "started_on", "ended_on", "kind")

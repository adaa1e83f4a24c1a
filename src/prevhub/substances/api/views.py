"""API viewsets of the substances register, and its measures (aggregates)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from prevhub.core import roles
from prevhub.core.api.views import RestrictedModelViewSet
from prevhub.core.audit import record_reads
from prevhub.reoffending.api.views import RegisterViewSet
from prevhub.substances import filters, selectors
from prevhub.substances.api import serializers as s
from prevhub.substances.models import (
    DiversionAppointment,
    DiversionCondition,
    DiversionEpisode,
    DrugTestCount,
    NaloxoneSupply,
)


class DiversionEpisodeViewSet(RegisterViewSet):
    queryset = DiversionEpisode.objects.select_related("treatment_provider").prefetch_related(
        "shared_with"
    )
    serializer_class = s.DiversionEpisodeSerializer
    ordering_fields = ("id", "offence_date", "decided_on", "outcome")
    filterset_class = filters.DiversionEpisodeFilterSet

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        episode = self.get_object()
        record_reads([episode.person], how=f"api via diversion episode {episode.reference}")
        return response


class DiversionConditionViewSet(RegisterViewSet):
    queryset = DiversionCondition.objects.select_related("episode")
    serializer_class = s.DiversionConditionSerializer
    ordering_fields = ("id", "due_on", "met_on")
    filterset_class = filters.DiversionConditionFilterSet


class DiversionAppointmentViewSet(RegisterViewSet):
    queryset = DiversionAppointment.objects.select_related("episode")
    serializer_class = s.DiversionAppointmentSerializer
    ordering_fields = ("id", "on")
    filterset_class = filters.DiversionAppointmentFilterSet


class DrugTestCountViewSet(RestrictedModelViewSet):
    queryset = DrugTestCount.objects.all()
    serializer_class = s.DrugTestCountSerializer
    ordering_fields = ("id", "month")
    filterset_class = filters.DrugTestCountFilterSet


class NaloxoneSupplyViewSet(RestrictedModelViewSet):
    queryset = NaloxoneSupply.objects.all()
    serializer_class = s.NaloxoneSupplySerializer
    ordering_fields = ("id", "month")
    filterset_class = filters.NaloxoneSupplyFilterSet


class MeasuresViewSet(viewsets.ViewSet):
    """Diversion measures (aggregates, small cells suppressed): offender managers, hub lead."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request: Request) -> Response:
        user = request.user
        if user.is_partner or not (
            user.has_role(roles.OFFENDER_MANAGER) or user.has_role(roles.HUB_LEAD)
        ):
            raise NotFound()
        return Response(selectors.measures())

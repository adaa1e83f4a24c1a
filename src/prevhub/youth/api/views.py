"""API viewsets: restricted querysets, audited writes and reads (core's base), and the
measures as aggregates."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from prevhub.core import roles
from prevhub.core.api.views import RestrictedModelViewSet
from prevhub.youth import filters, selectors
from prevhub.youth.api import serializers as s
from prevhub.youth.models import (
    Assignment,
    Award,
    Cadet,
    Concern,
    Consent,
    Leader,
    Session,
    Unit,
    VolunteeringEvent,
    VolunteeringHours,
)


class UnitViewSet(RestrictedModelViewSet):
    queryset = Unit.objects.select_related("host_organisation")
    serializer_class = s.UnitSerializer
    filterset_class = filters.UnitFilterSet
    ordering_fields = ("id", "name", "kind", "district")


class LeaderViewSet(RestrictedModelViewSet):
    queryset = Leader.objects.select_related("user")
    serializer_class = s.LeaderSerializer
    filterset_class = filters.LeaderFilterSet
    ordering_fields = ("id", "dbs_checked_on", "safeguarding_trained_on")


class AssignmentViewSet(RestrictedModelViewSet):
    queryset = Assignment.objects.select_related("leader", "unit")
    serializer_class = s.AssignmentSerializer
    filterset_class = filters.AssignmentFilterSet
    ordering_fields = ("id", "started_on", "ended_on")


class CadetViewSet(RestrictedModelViewSet):
    queryset = Cadet.objects.select_related("unit")
    serializer_class = s.CadetSerializer
    filterset_class = filters.CadetFilterSet
    ordering_fields = ("id", "family_name", "joined_on", "left_on")


class ConsentViewSet(RestrictedModelViewSet):
    queryset = Consent.objects.select_related("cadet", "event")
    serializer_class = s.ConsentSerializer
    filterset_class = filters.ConsentFilterSet
    ordering_fields = ("id", "given_on")


class SessionViewSet(RestrictedModelViewSet):
    queryset = Session.objects.select_related("unit").prefetch_related("attendees")
    serializer_class = s.SessionSerializer
    filterset_class = filters.SessionFilterSet
    ordering_fields = ("id", "held_on")


class VolunteeringEventViewSet(RestrictedModelViewSet):
    queryset = VolunteeringEvent.objects.select_related("unit")
    serializer_class = s.VolunteeringEventSerializer
    filterset_class = filters.VolunteeringEventFilterSet
    ordering_fields = ("id", "held_on")


class VolunteeringHoursViewSet(RestrictedModelViewSet):
    queryset = VolunteeringHours.objects.select_related("event", "cadet")
    serializer_class = s.VolunteeringHoursSerializer
    filterset_class = filters.VolunteeringHoursFilterSet
    ordering_fields = ("id", "hours")


class AwardViewSet(RestrictedModelViewSet):
    queryset = Award.objects.select_related("cadet")
    serializer_class = s.AwardSerializer
    filterset_class = filters.AwardFilterSet
    ordering_fields = ("id", "achieved_on")


class ConcernViewSet(RestrictedModelViewSet):
    queryset = Concern.objects.select_related("cadet")
    serializer_class = s.ConcernSerializer
    filterset_class = filters.ConcernFilterSet
    ordering_fields = ("id", "noticed_on")


class MeasuresViewSet(viewsets.ViewSet):
    """The register's measures (``?from=YYYY-MM&to=YYYY-MM``): aggregates only, for youth
    staff and the hub lead."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request: Request) -> Response:
        if not request.user.has_role(roles.YOUTH, roles.HUB_LEAD) or request.user.is_partner:
            raise NotFound()
        default_first, default_last = selectors.default_months()
        try:
            first, last = selectors.month_range(
                request.query_params.get("from") or default_first,
                request.query_params.get("to") or default_last,
            )
        except selectors.ParameterError as exc:
            raise ValidationError({k: [v] for k, v in exc.errors.items()}) from exc
        return Response(selectors.measures(first_month=first, last_month=last))

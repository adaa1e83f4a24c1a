"""API viewsets (core's restricted base: 404 outside the policy, audited writes and reads),
the measures as a read-only endpoint."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from prevhub.core.api.views import RestrictedModelViewSet
from prevhub.crime.periods import PeriodError, parse_month
from prevhub.specials import filters, selectors
from prevhub.specials.api import serializers as s
from prevhub.specials.models import (
    AttendanceNotice,
    Availability,
    Duty,
    Event,
    EventSignup,
    Officer,
    Qualification,
    QualificationKind,
)


class OfficerViewSet(RestrictedModelViewSet):
    queryset = Officer.objects.all()
    serializer_class = s.OfficerSerializer
    filterset_class = filters.OfficerFilterSet
    ordering_fields = (
        "id",
        "collar_number",
        "family_name",
        "team",
        "status",
        "joined_on",
        "vetting_expires_on",
    )


class QualificationKindViewSet(RestrictedModelViewSet):
    queryset = QualificationKind.objects.all()
    serializer_class = s.QualificationKindSerializer
    filterset_class = filters.QualificationKindFilterSet
    ordering_fields = ("id", "name")


class QualificationViewSet(RestrictedModelViewSet):
    queryset = Qualification.objects.select_related("kind")
    serializer_class = s.QualificationSerializer
    filterset_class = filters.QualificationFilterSet
    ordering_fields = ("id", "obtained_on", "expires_on")


class DutyViewSet(RestrictedModelViewSet):
    queryset = Duty.objects.all()
    serializer_class = s.DutySerializer
    filterset_class = filters.DutyFilterSet
    ordering_fields = ("id", "starts_at", "ends_at", "status", "duty_type")


class EventViewSet(RestrictedModelViewSet):
    queryset = Event.objects.all()
    serializer_class = s.EventSerializer
    filterset_class = filters.EventFilterSet
    ordering_fields = ("id", "starts_at", "signup_deadline")


class EventSignupViewSet(RestrictedModelViewSet):
    queryset = EventSignup.objects.all()
    serializer_class = s.EventSignupSerializer
    filterset_class = filters.EventSignupFilterSet
    ordering_fields = ("id", "signed_up_at", "status")


class AvailabilityViewSet(RestrictedModelViewSet):
    queryset = Availability.objects.all()
    serializer_class = s.AvailabilitySerializer
    filterset_class = filters.AvailabilityFilterSet
    ordering_fields = ("id", "starts_at")


class AttendanceNoticeViewSet(RestrictedModelViewSet):
    queryset = AttendanceNotice.objects.all()
    serializer_class = s.AttendanceNoticeSerializer
    filterset_class = filters.AttendanceNoticeFilterSet
    ordering_fields = ("id", "issued_on", "stage")


class MeasuresViewSet(viewsets.ViewSet):
    """The hours measures for months ``from``..``to`` (YYYY-MM): aggregates, no personal data."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            first = parse_month(request.query_params.get("from", ""))
            last = parse_month(request.query_params.get("to", ""))
        except PeriodError as exc:
            raise ValidationError({"from": [str(exc)]}) from exc
        m = selectors.hours_measures(first=first, last=last)
        return Response(
            {
                "from": first,
                "to": last,
                "minimum_hours": m.minimum,
                "rule": m.rule,
                "window_months": m.window,
                "total_hours": round(m.total_hours, 2),
                "problem_hours": round(m.problem_hours, 2),
                "hotspot_hours": round(m.hotspot_hours, 2),
                "serving_at_start": m.serving_at_start,
                "retained_at_end": m.retained_at_end,
                "retention": m.retention,
                "joiners": m.joiners,
                "leavers": m.leavers,
                "value": m.value,
                "monthly": m.monthly,
                "by_team": m.by_team,
                "by_type": m.by_type,
                "by_area": m.by_area,
            }
        )

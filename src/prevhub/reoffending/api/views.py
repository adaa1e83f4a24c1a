"""API viewsets: restricted querysets, audited reads and writes (core's base); alerts and
measures (aggregates) as read-only endpoints."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import MethodNotAllowed, NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from prevhub.core import roles
from prevhub.core.api.views import RestrictedModelViewSet
from prevhub.core.audit import record_reads
from prevhub.reoffending import filters, selectors
from prevhub.reoffending.api import serializers as s
from prevhub.reoffending.models import CohortMember, CohortReview, CustodySpell, PathwayNeed

RETENTION_ONLY = (
    "Records of the reoffending register are not deleted one by one: a de-selected member is "
    "deleted with everything under them at retention review (/reoffending/retention/)."
)


class RegisterViewSet(RestrictedModelViewSet):
    """No generic DELETE: 405 to whoever may change the record, 404 to anyone else."""

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.action = "partial_update"
        self.get_object()
        raise MethodNotAllowed("DELETE", detail=RETENTION_ONLY)


class CohortMemberViewSet(RegisterViewSet):
    queryset = CohortMember.objects.prefetch_related("shared_with")
    serializer_class = s.CohortMemberSerializer
    ordering_fields = ("id", "strand", "selected_on", "deselected_on", "next_review_on")
    filterset_class = filters.CohortMemberFilterSet

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        member = self.get_object()
        record_reads([member.person], how=f"api via cohort member {member.reference}")
        return response


class CustodySpellViewSet(RegisterViewSet):
    queryset = CustodySpell.objects.select_related("member")
    serializer_class = s.CustodySpellSerializer
    ordering_fields = ("id", "started_on", "released_on")
    filterset_class = filters.CustodySpellFilterSet


class PathwayNeedViewSet(RegisterViewSet):
    queryset = PathwayNeed.objects.select_related("member", "provider")
    serializer_class = s.PathwayNeedSerializer
    ordering_fields = ("id", "pathway", "identified_on", "started_on", "ended_on")
    filterset_class = filters.PathwayNeedFilterSet


class CohortReviewViewSet(RegisterViewSet):
    queryset = CohortReview.objects.select_related("member")
    serializer_class = s.CohortReviewSerializer
    ordering_fields = ("id", "due_on", "held_on")
    filterset_class = filters.CohortReviewFilterSet


class AlertsViewSet(viewsets.ViewSet):
    """Reviews due or overdue (references and dates), offender managers only."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request: Request) -> Response:
        user = request.user
        if user.is_partner or not user.has_role(roles.OFFENDER_MANAGER):
            raise NotFound()
        found = selectors.alerts(user)
        selectors.record_alert_reads(found, user)
        return Response(
            {
                "alerts": [
                    {
                        "member": a.member_reference,
                        "what": a.what,
                        "due_on": a.due_on,
                        "overdue": a.overdue,
                    }
                    for a in found
                ]
            }
        )


class MeasuresViewSet(viewsets.ViewSet):
    """Reoffending before and after selection (aggregates, small cells suppressed): offender
    managers and the hub lead."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request: Request) -> Response:
        user = request.user
        if user.is_partner or not (
            user.has_role(roles.OFFENDER_MANAGER) or user.has_role(roles.HUB_LEAD)
        ):
            raise NotFound()
        report = selectors.measures_report()
        if report is None:
            return Response({"rows": [], "caveats": [], "note": "No crime store yet."})
        return Response(
            {
                "extract_first": report.extract_first,
                "extract_last": report.extract_last,
                "rows": selectors.measure_rows(report),
                "caveats": list(report.caveats),
                "notes": report.notes,
            }
        )

"""API viewsets: restricted querysets, audited writes and reads (core's base), plus the
lifecycle action, the work queue and the measures."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from prevhub.core.access import ADD
from prevhub.core.api.views import RestrictedModelViewSet
from prevhub.core.audit import record_reads
from prevhub.safeguarding import conf, filters, params, rules, selectors, services
from prevhub.safeguarding.api import serializers as s
from prevhub.safeguarding.models import (
    Breach,
    Incident,
    MaracAction,
    MaracReferral,
    ProtectionOrder,
    RiskAssessment,
    SafeguardingCase,
    StalkingScreening,
)

RETENTION_ONLY = (
    "Records of the safeguarding register are not deleted one by one: a closed case is deleted "
    "with everything under it at its retention review (/safeguarding/retention/)."
)


class RegisterViewSet(RestrictedModelViewSet):
    """No generic DELETE: 405 to whoever may change the record, 404 to anyone else (read-only
    partners included, as for any write they may not make)."""

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        self.action = "partial_update"
        self.get_object()
        raise MethodNotAllowed("DELETE", detail=RETENTION_ONLY)


class CaseViewSet(RegisterViewSet):
    queryset = SafeguardingCase.objects.prefetch_related("shared_with", "agencies_involved")
    serializer_class = s.CaseSerializer
    ordering_fields = ("id", "status", "district", "opened_on", "closed_on", "review_date")
    filterset_class = filters.CaseFilterSet

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        selectors.record_victim_read(self.get_object(), how="api")
        return response


class IncidentViewSet(RegisterViewSet):
    queryset = Incident.objects.select_related("case")
    serializer_class = s.IncidentSerializer
    ordering_fields = ("id", "occurred_at")
    filterset_class = filters.IncidentFilterSet


class RiskAssessmentViewSet(RegisterViewSet):
    queryset = RiskAssessment.objects.select_related("case")
    serializer_class = s.RiskAssessmentSerializer
    ordering_fields = ("id", "assessed_at", "score", "computed_level")
    filterset_class = filters.RiskAssessmentFilterSet


class StalkingScreeningViewSet(RegisterViewSet):
    queryset = StalkingScreening.objects.select_related("case")
    serializer_class = s.StalkingScreeningSerializer
    ordering_fields = ("id", "assessed_at", "score")
    filterset_class = filters.StalkingScreeningFilterSet


class MaracReferralViewSet(RegisterViewSet):
    queryset = MaracReferral.objects.select_related("case")
    serializer_class = s.MaracReferralSerializer
    ordering_fields = ("id", "referred_on", "meeting_date")
    filterset_class = filters.MaracReferralFilterSet


class MaracActionViewSet(RegisterViewSet):
    queryset = MaracAction.objects.select_related("referral")
    serializer_class = s.MaracActionSerializer
    ordering_fields = ("id", "due_on", "completed_on")
    filterset_class = filters.MaracActionFilterSet


class ProtectionOrderViewSet(RegisterViewSet):
    queryset = ProtectionOrder.objects.select_related("case", "notice")
    serializer_class = s.ProtectionOrderSerializer
    ordering_fields = ("id", "kind", "status", "applied_at", "made_on", "ends_on")
    filterset_class = filters.ProtectionOrderFilterSet

    @action(detail=True, methods=["post"], serializer_class=s.TransitionSerializer)
    def transition(self, request: Request, pk: str | None = None) -> Response:
        """Move the order along its lifecycle (400 with the reason if the move is refused)."""
        self.action = "partial_update"  # needs change permission: 404 otherwise
        order = self.get_object()
        payload = s.TransitionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            order = services.protection_order_transition(order=order, **payload.validated_data)
        except rules.SafeguardingError as exc:
            raise ValidationError({"to_status": [str(exc)]}) from exc
        record_reads([order], how="api")
        return Response(s.ProtectionOrderSerializer(order, context={"request": request}).data)


class BreachViewSet(RegisterViewSet):
    queryset = Breach.objects.select_related("order")
    serializer_class = s.BreachSerializer
    ordering_fields = ("id", "occurred_at")
    filterset_class = filters.BreachFilterSet


def _parameter(fn: Any, *args: Any) -> Any:
    try:
        return fn(*args)
    except params.ParameterError as exc:
        raise ValidationError({k: [v] for k, v in exc.errors.items()}) from exc


class VictimViewSet(viewsets.ViewSet):
    """Register a victim (``POST``): the person record is created with its details kept out of
    the audit log (services.victim_register). Read people through /api/people/."""

    @extend_schema(request=s.VictimSerializer, responses={201: OpenApiTypes.OBJECT})
    def create(self, request: Request) -> Response:
        from prevhub.people.models import Person

        # The gate lets only safeguarding officers here; the person index's own rule too.
        if not Person.access_policy.can(request.user, ADD):
            raise NotFound()
        payload = s.VictimSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        person = services.victim_register(**payload.validated_data)
        return Response({"id": person.pk, "reference": person.reference}, status=201)


class WorkQueueViewSet(viewsets.ViewSet):
    """The work queue (``?days=N``): references and deadlines, safeguarding officers only."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request: Request) -> Response:
        days = _parameter(params.days, request.query_params.get("days"), conf.digest_days())
        queue = selectors.work_queue(request.user, days=days)
        selectors.record_queue_reads(queue, how="api work queue")
        return Response(
            {
                "generated_at": queue.generated_at,
                "days": days,
                "sections": {
                    name: [
                        {
                            "reference": item.reference,
                            "case": item.case_reference,
                            "kind": item.kind,
                            "due": item.due,
                            "overdue": item.overdue,
                            "text": item.text,
                        }
                        for item in getattr(queue, name)
                    ]
                    for name, _label in queue.SECTIONS
                },
            }
        )


class MeasuresViewSet(viewsets.ViewSet):
    """The register's measures by month and district (``?from=YYYY-MM&to=YYYY-MM``)."""

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def list(self, request: Request) -> Response:
        first = request.query_params.get("from")
        last = request.query_params.get("to")
        if not (first and last):
            raise ValidationError({"from": ["Give from and to months as YYYY-MM."]})
        first, last = _parameter(params.month_range, first, last)
        return Response(
            {"rows": selectors.measures(request.user, first_month=first, last_month=last)}
        )

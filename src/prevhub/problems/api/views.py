"""API endpoints: restricted viewsets (404 for what a caller may not see), and the stage move."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response as APIResponse

from prevhub.core.access import CHANGE
from prevhub.core.api.views import RestrictedModelViewSet
from prevhub.problems import services
from prevhub.problems.api.serializers import (
    JournalEntrySerializer,
    ProblemSerializer,
    ResponseSerializer,
    StageMoveSerializer,
    TaskSerializer,
)
from prevhub.problems.filters import ProblemFilterSet, TaskFilterSet
from prevhub.problems.models import JournalEntry, Problem, Response, Task


class ProblemViewSet(RestrictedModelViewSet):
    queryset = Problem.objects.select_related("owner").prefetch_related("shared_with")
    serializer_class = ProblemSerializer
    filterset_class = ProblemFilterSet
    ordering_fields = ("id", "title", "priority", "stage", "opened_on", "review_date")

    @extend_schema(request=StageMoveSerializer, responses=ProblemSerializer)
    @action(detail=True, methods=["post"])
    def stage(self, request: Request, pk: Any = None) -> APIResponse:
        """Move the problem to another SARA stage (the rules are checked; 400 says which)."""
        problem = Problem.objects.restrict(request.user, CHANGE).filter(pk=pk).first()
        if problem is None:
            raise NotFound()
        body = StageMoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.problem_stage_move(problem=problem, user=request.user, **body.validated_data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        problem.refresh_from_db()
        return APIResponse(ProblemSerializer(problem, context={"request": request}).data)


class ResponseViewSet(RestrictedModelViewSet):
    queryset = Response.objects.all()
    serializer_class = ResponseSerializer
    ordering_fields = ("id", "title", "status")


class TaskViewSet(RestrictedModelViewSet):
    queryset = Task.objects.select_related("owner_user", "owner_organisation")
    serializer_class = TaskSerializer
    filterset_class = TaskFilterSet
    ordering_fields = ("id", "due_date", "status", "completed_on")


class JournalEntryViewSet(RestrictedModelViewSet):
    queryset = JournalEntry.objects.select_related("author")
    serializer_class = JournalEntrySerializer
    ordering_fields = ("id", "noted_on")

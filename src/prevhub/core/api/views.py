"""The viewset every hub API endpoint inherits: restricted querysets, audit, one error shape."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import ProtectedError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, viewsets
from rest_framework.exceptions import APIException, MethodNotAllowed, NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from prevhub.core.access import ADD, CHANGE, DELETE, VIEW
from prevhub.core.api.filtering import DeclaredOrderingFilter, RestrictedFilterBackend
from prevhub.core.api.serializers import AuditEntrySerializer, CurrentUserSerializer
from prevhub.core.audit import (
    audit_batch,
    record_list_read,
    record_reads,
    record_sensitive_audit_reads,
)
from prevhub.core.filters import AuditEntryFilterSet
from prevhub.core.gate import has_part_in_register
from prevhub.core.models import AuditEntry


class Conflict(APIException):
    status_code = 409
    default_detail = "Other records still depend on this one; move or remove those first."
    default_code = "conflict"


ACTION_FOR = {
    "list": VIEW,
    "retrieve": VIEW,
    "create": ADD,
    "update": CHANGE,
    "partial_update": CHANGE,
    "destroy": DELETE,
}


class RestrictedModelViewSet(viewsets.ModelViewSet):
    """List, read and write a model through its AccessPolicy.

    Objects outside the user's reach answer 404 (their existence is not revealed); a user who
    may not add gets 404 on create too, for the same reason. Writes run in one audit batch, so
    each leaves exactly one audit entry; reads of sensitive models are recorded.

    Lists sort only by the declared ``ordering_fields`` and filter only through
    ``filterset_class``, both cut down to what the caller may read (core.api.filtering).
    """

    queryset: models.QuerySet
    filter_backends = [RestrictedFilterBackend, DeclaredOrderingFilter]
    ordering_fields: tuple[str, ...] = ()

    def get_queryset(self) -> models.QuerySet:
        action = ACTION_FOR.get(self.action or "", VIEW)
        queryset = self.queryset.all().restrict(self.request.user, action)  # type: ignore[attr-defined]
        return queryset.order_by(
            *(self.queryset.query.order_by or self.queryset.model._meta.ordering or ["pk"])
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not has_part_in_register(request.user, self.queryset.model):
            raise NotFound()  # as the pages: a register the caller has no part in is not shown
        response = super().list(request, *args, **kwargs)
        page = getattr(self.paginator, "page", None)
        if page is not None:
            record_list_read(page.object_list, how="api list")
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        instance = self.get_object()
        record_reads([instance], how="api")
        return Response(self.get_serializer(instance).data)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not self.queryset.model.access_policy.can(request.user, ADD):
            raise NotFound()
        with audit_batch():
            return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        with audit_batch():
            return super().update(request, *args, **kwargs)

    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        try:
            with audit_batch():
                return super().destroy(request, *args, **kwargs)
        except ProtectedError as exc:
            raise Conflict() from exc


class RestrictedReadOnlyViewSet(RestrictedModelViewSet):
    http_method_names = ["get", "head", "options"]


class AuditEntryViewSet(RestrictedModelViewSet):
    """The audit log, for administrators only (404 for everyone else). Entries cannot be edited
    or deleted: every write answers 405 to an administrator, and 404 to anyone else — as for
    any record they may not see (a 405 would confirm the entry is there); the model refuses
    changes too."""

    queryset = AuditEntry.objects.all()
    serializer_class = AuditEntrySerializer
    filterset_class = AuditEntryFilterSet
    ordering_fields = ("timestamp", "id", "username", "action", "object_type")

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # An empty list would still reveal that the log exists: non-administrators get 404.
        if not request.user.is_hub_admin:
            raise NotFound()
        response = super().list(request, *args, **kwargs)
        record_sensitive_audit_reads(self.paginator.page.object_list)
        return response

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        record_sensitive_audit_reads([self.get_object()])
        return response

    def _refuse_write(self, request: Request) -> Response:
        if not request.user.is_hub_admin:
            raise NotFound()
        raise MethodNotAllowed(request.method or "")

    @extend_schema(exclude=True)
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._refuse_write(request)

    @extend_schema(exclude=True)
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._refuse_write(request)

    @extend_schema(exclude=True)
    def partial_update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._refuse_write(request)

    @extend_schema(exclude=True)
    def destroy(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self._refuse_write(request)


class CurrentUserView(generics.RetrieveAPIView):
    """Who the caller is: user name, organisation and roles."""

    serializer_class = CurrentUserSerializer

    def get_object(self):  # type: ignore[no-untyped-def]
        return self.request.user

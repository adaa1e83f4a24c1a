"""One error shape for every API error: {"error": {"status", "code", "message", "details"}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from prevhub.errors import PrevhubError

NOT_FOUND_MESSAGE = "Not found."
SERVER_ERROR_MESSAGE = "Something went wrong on the server; it has been logged with the request id."


def error_body(status_code: int, code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {
        "error": {
            "status": status_code,
            "code": code,
            "message": message,
            "details": details if details is not None else {},
        }
    }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF hook: every exception DRF knows, plus Django's 404/403 and project errors."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(NOT_FOUND_MESSAGE)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, PrevhubError):
        exc = exceptions.ValidationError({"non_field_errors": [str(exc)]})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    assert isinstance(exc, exceptions.APIException)
    if isinstance(exc, exceptions.ValidationError):
        code, message, details = "invalid", "The request has invalid fields.", response.data
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) else "error"
        message, details = str(detail) or str(exc), {}
    response.data = error_body(response.status_code, code, message, details)
    return response


def json_error(status_code: int, code: str, message: str) -> JsonResponse:
    """The same shape for errors raised outside DRF (unknown API URLs, server errors)."""
    return JsonResponse(error_body(status_code, code, message), status=status_code)


def not_found_json() -> JsonResponse:
    return json_error(status.HTTP_404_NOT_FOUND, "not_found", NOT_FOUND_MESSAGE)

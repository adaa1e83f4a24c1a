"""Error pages: GOV.UK-style for people, the API's error shape for /api/ callers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from prevhub.core.api.errors import SERVER_ERROR_MESSAGE, json_error, not_found_json
from prevhub.core.middleware import is_api_path


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_path(request.path):
        return not_found_json()
    return render(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_path(request.path):
        return json_error(403, "permission_denied", "You do not have permission to do this.")
    return render(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: context processors read the session and the user from the
    database, and the error being handled may be that the database has gone away (then the
    page itself failed and the server's bare error showed instead)."""
    if is_api_path(request.path):
        return json_error(500, "server_error", SERVER_ERROR_MESSAGE)
    return HttpResponse(render_to_string("500.html"), status=500)

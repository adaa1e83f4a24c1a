"""The API as a whole: schema, docs served locally, one error shape, and a fuzz run."""

from __future__ import annotations

import json
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from prevhub.core import roles
from prevhub.core.testing import api_client_for, make_user

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_is_served_as_json_to_signed_in_callers() -> None:
    api = api_client_for(make_user(roles.ANALYST))
    response = api.get("/api/schema/", {"format": "json"})
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert {"/api/organisations/", "/api/problems/"} <= set(schema["paths"])
    # The schema lists only what the caller may open: an analyst has no part in the person
    # index, the audit log or the safeguarding register (the area gate, core/gate.py).
    assert not {p for p in schema["paths"] if p.startswith(("/api/people", "/api/audit"))}
    assert not {p for p in schema["paths"] if p.startswith("/api/safeguarding")}
    admin = api_client_for(make_user(roles.ADMIN)).get("/api/schema/", {"format": "json"})
    assert "/api/audit/" in json.loads(admin.content)["paths"]


def test_the_docs_page_loads_its_assets_locally(client: Any) -> None:
    client.force_login(make_user(roles.ANALYST))
    page = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in page
    assert "https://" not in page.replace('href="https://', "")  # no CDN scripts or styles


def test_unknown_api_urls_answer_404_in_the_error_shape() -> None:
    api = api_client_for(make_user(roles.ANALYST))
    response = api.get("/api/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Not found.", "details": {}}
    }


def test_validation_errors_share_the_error_shape() -> None:
    api = api_client_for(make_user(roles.SAFEGUARDING))
    response = api.post("/api/people/", {"given_name": ""}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid" and "family_name" in error["details"]


@pytest.fixture
def fuzz_schema(db: Any) -> Any:
    """The live schema, called in-process through the real WSGI application.

    Like Django's test client, the fuzz run keeps the test's database connection open across
    requests (Django would otherwise close it at each request's end, inside the test's
    transaction).
    """
    from django.core.signals import request_finished, request_started
    from django.core.wsgi import get_wsgi_application
    from django.db import close_old_connections

    admin = make_user(roles.ADMIN, username="fuzzer")
    api = api_client_for(admin)
    raw = json.loads(api.get("/api/schema/", {"format": "json"}).content)
    token = api._credentials["HTTP_AUTHORIZATION"]
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield schema, {"Authorization": token}
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_no_api_endpoint_answers_with_a_server_error(fuzz_schema: Any) -> None:
    schema, headers = fuzz_schema
    failures, statuses = [], set()
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(
            max_examples=8, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
        )
        @given(case=operation.as_strategy())
        def check(case: Any) -> None:
            response = case.call(headers=headers)
            statuses.add(response.status_code)
            if response.status_code >= 500:
                failures.append((case.method, case.formatted_path, response.status_code))

        check()
    assert failures == []
    assert 200 in statuses and 201 in statuses  # the calls really reached the application

"""The database going away in the middle of a request: the one error page or the API's error
shape, never a traceback or the driver's message.

How it goes away: from the Nth query of the request on, every query raises Django's
``OperationalError`` with the message PostgreSQL's driver gives when the server closes the
connection (``server closed the connection unexpectedly``), which is what a request meets when
the server is restarted or the network drops mid-request. N = 1 is "gone before the request";
later N fail after the session and user have been read, inside the view.
"""

from __future__ import annotations

import json

import pytest
from django.db import OperationalError
from django.db.backends import utils
from django.test import Client

from prevhub.core import roles
from prevhub.core.api.errors import SERVER_ERROR_MESSAGE
from prevhub.core.testing import make_user

pytestmark = pytest.mark.django_db

DRIVER_MESSAGE = "server closed the connection unexpectedly"


@pytest.fixture()
def database_goes_away(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Call with N: from the Nth query on (counted from the call), the database is gone."""

    def arm(after: int) -> None:
        seen = [0]
        original = utils.CursorWrapper.execute

        def execute(self, sql, params=None):  # type: ignore[no-untyped-def]
            seen[0] += 1
            if seen[0] >= after:
                raise OperationalError(DRIVER_MESSAGE)
            return original(self, sql, params)

        monkeypatch.setattr(utils.CursorWrapper, "execute", execute)

    return arm


@pytest.mark.parametrize("after", [1, 2, 3, 5])
@pytest.mark.parametrize("path", ["/problems/", "/api/problems/"])
def test_the_database_going_away_mid_request_gives_the_one_error_shape(
    path: str, after: int, database_goes_away
) -> None:  # type: ignore[no-untyped-def]
    client = Client(raise_request_exception=False)
    client.force_login(make_user(roles.COORDINATOR))
    assert client.get(path).status_code == 200  # the page works while the database is there
    database_goes_away(after)
    response = client.get(path)
    assert response.status_code == 500
    body = response.content.decode()
    assert "Traceback" not in body and DRIVER_MESSAGE not in body
    assert "OperationalError" not in body
    if path.startswith("/api/"):
        assert json.loads(body) == {
            "error": {
                "status": 500,
                "code": "server_error",
                "message": SERVER_ERROR_MESSAGE,
                "details": {},
            }
        }
    else:
        assert "Sorry, there is a problem with the service" in body

"""Shared fixtures. Real databases (SQLite in memory, or PostgreSQL via DATABASE_URL)."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"


@pytest.fixture
def force_org(db):  # type: ignore[no-untyped-def]
    from prevhub.core.testing import force_organisation

    return force_organisation()


@pytest.fixture
def admin_user(db):  # type: ignore[no-untyped-def]
    from prevhub.core import roles
    from prevhub.core.testing import make_user

    return make_user(roles.ADMIN, username="admin1")


pytest_plugins = ["tests.insights.store_fixtures"]

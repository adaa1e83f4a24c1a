"""The Measure page on the shared real data: Nottinghamshire, 2024 against 2023."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.crime import CrimeStore
from tests.conftest import SHARED_DATA
from tests.insights.store_fixtures import independent_counts

NOTTS_DERBYS = SHARED_DATA / "police-uk" / "street-2023-01_2024-12-nottinghamshire-derbyshire.zip"
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not NOTTS_DERBYS.exists(), reason=f"shared data absent: {NOTTS_DERBYS}"),
]
MONTHS_2023 = tuple(f"2023-{m:02d}" for m in range(1, 13))
MONTHS_2024 = tuple(f"2024-{m:02d}" for m in range(1, 13))


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shared") / "crime.duckdb"
    with CrimeStore(path) as store:
        store.ingest_police_uk([NOTTS_DERBYS])
    return path


def test_nottinghamshire_2024_against_2023_equals_an_independent_count(
    client: Any, shared_store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREVHUB_STORE", str(shared_store))
    counts = independent_counts(NOTTS_DERBYS, "nottinghamshire")
    current = sum(counts[(m, "victim-based")] for m in MONTHS_2024)
    baseline = sum(counts[(m, "victim-based")] for m in MONTHS_2023)
    client.force_login(make_user(roles.HUB_LEAD))
    query = {
        "force": "nottinghamshire",
        "period_from": "2024-01",
        "period_to": "2024-12",
        "baseline": "previous",
    }
    page = client.get("/measure/", query).content.decode()
    assert f">{current:,}<" in page and f">{baseline:,}<" in page
    word = "fewer" if current < baseline else "more"
    assert f"{abs(baseline - current):,} {word} victim-based crimes" in page
    assert "Derbyshire Constabulary: " in page  # the neighbour in the store, by its name

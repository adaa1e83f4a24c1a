"""The Measure page's demand section: incidents by category and month, officer hours, repeat
callers and addresses (exportable; callers by keyed id only), and "open a problem" from a
repeat address.

Expected numbers are counted from the packaged demo extract with the csv module, and the repeat
counts are the brute-force counts documented in ``crime/data/demo/README-incidents.md``.
"""

from __future__ import annotations

import csv
import html
import io
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from django.test import override_settings

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.crime import CrimeStore
from prevhub.crime.demo import demo_archive, demo_incidents

pytestmark = pytest.mark.django_db
QUERY = {
    "force": "nottinghamshire",
    "period_from": "2024-01",
    "period_to": "2024-03",
    "baseline": "last-year",
}
EXTRACT, _MAPPING = demo_incidents()


def _rows() -> list[dict[str, str]]:
    with EXTRACT.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _count(start: str, end: str) -> Counter[str]:
    return Counter(r["NSIR Category"] for r in _rows() if start <= r["Opened"][:7] <= end)


def _text(page: str) -> str:
    body = re.sub(r"<script[^>]*>.*?</script>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def analyst(client: Any, use_demo_store: Any) -> Any:
    cache.clear()
    client.force_login(make_user(roles.ANALYST))
    return client


def _section(page: str) -> str:
    start = page.index('data-testid="demand"')
    return page[start : page.index('data-testid="demand-caveats"', start)]


def test_the_demand_section_shows_counts_equal_to_a_csv_count(analyst: Any) -> None:
    page = analyst.get("/measure/", QUERY).content.decode()
    section = _text(_section(page))
    cur, base = _count("2024-01", "2024-03"), _count("2023-01", "2023-03")
    assert (
        f"{sum(cur.values()):,} incidents in Jan 2024 to Mar 2024 against "
        f"{sum(base.values()):,} in Jan 2023 to Mar 2023" in section
    )
    for name, words in (("Public Safety", "Public safety and welfare"), ("ASB",
                        "Anti-social behaviour"), ("Transport", "Transport")):  # fmt: skip
        assert f"{words} {cur[name]:,} {base[name]:,}" in section
    assert "Officer hours committed" in section
    assert 'data-vega-spec="demand-spec"' in page and 'id="demand-spec"' in page
    # The chart's text alternative: one row per month of the window, months never loaded said.
    assert "Apr 2023" in _text(page[page.index('data-testid="demand-trend-table"') :])


def test_the_headline_carries_the_less_demand_line(analyst: Any) -> None:
    page = _text(analyst.get("/measure/", QUERY).content.decode())
    cur = sum(_count("2024-01", "2024-03").values())
    base = sum(_count("2023-01", "2023-03").values())
    assert f"{base - cur:,} fewer incidents" in page
    assert "Right Care Right Person" in page


def test_repeat_callers_and_addresses_are_listed_with_their_share(analyst: Any) -> None:
    section = _text(_section(analyst.get("/measure/", QUERY).content.decode()))
    total = sum(_count("2024-01", "2024-03").values())
    # README-incidents.md (brute force): 6 callers with 21 incidents, 12 addresses with 47.
    assert (
        f"6 callers with 3 or more incidents within 28 days made 21 of the period's "
        f"{total:,} incidents ({100 * 21 / total:.1f}%)" in section
    )
    assert "12 addresses with 3 or more incidents within 28 days made 47 of the period's" in section
    assert "CALLER" not in section and "LOC0" not in section


def test_the_repeat_caller_list_exports_keyed_ids_only(analyst: Any) -> None:
    response = analyst.get("/measure/", {**QUERY, "export": "csv", "by": "repeat-callers"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 6 and sum(int(r["incidents"]) for r in rows) == 21
    assert all(re.fullmatch(r"[0-9a-f]{32}", r["key"]) for r in rows)
    assert "CALLER" not in response.content.decode()
    addresses = analyst.get("/measure/", {**QUERY, "export": "csv", "by": "repeat-addresses"})
    assert len(list(csv.DictReader(io.StringIO(addresses.content.decode())))) == 12


def test_the_category_table_exports_numbers(analyst: Any) -> None:
    response = analyst.get("/measure/", {**QUERY, "export": "csv", "by": "demand-category"})
    rows = {r["category"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    cur = _count("2024-01", "2024-03")
    assert int(rows["public-safety"]["current"]) == cur["Public Safety"]
    assert rows["public-safety"]["name"] == "Public safety and welfare"


def test_open_a_problem_from_a_repeat_address_fills_its_area(
    client: Any, use_demo_store: Any
) -> None:
    cache.clear()
    client.force_login(make_user(roles.COORDINATOR))
    page = client.get("/measure/", QUERY).content.decode()
    table = page[page.index('data-testid="repeat-addresses"') :]
    link = html.unescape(re.search(r'href="(/problems/[^"]*lsoas=[^"]*)"', table).group(1))
    params = parse_qs(urlparse(link).query)
    assert params["force"] == ["nottinghamshire"] and params["lsoas"][0].startswith("E01")
    form = client.get(link).content.decode()
    assert params["lsoas"][0] in form and params["districts"][0] in form


def test_the_repeat_thresholds_come_from_the_settings(analyst: Any) -> None:
    with override_settings(PREVHUB_REPEAT_MIN_CALLS=2, PREVHUB_REPEAT_DAYS=7):
        section = _text(_section(analyst.get("/measure/", QUERY).content.decode()))
    assert "with 2 or more incidents within 7 days" in section


def test_a_force_without_an_extract_gets_police_uk_asb_and_is_told_so(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "crime.duckdb"
    with CrimeStore(path) as store:
        store.ingest_police_uk([demo_archive()])
    monkeypatch.setenv("PREVHUB_STORE", str(path))
    cache.clear()
    client.force_login(make_user(roles.ANALYST))
    section = _text(_section(client.get("/measure/", QUERY).content.decode()))
    assert "data.police.uk stand in for incident demand" in section
    assert "Repeat callers" not in section and "Officer hours committed" not in section

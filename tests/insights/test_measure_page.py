"""The Measure page shows the crime library's figures, and they equal an independent count.

Expected numbers come from :func:`tests.insights.store_fixtures.independent_counts`, which reads
the packaged demo CSVs with the csv module (not the store), and from the counting-rule list in
``crime/reference/counting_rule_changes.csv`` read directly.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from prevhub.core import roles
from prevhub.core.testing import OrganisationFactory, make_user
from prevhub.crime import CrimeStore
from prevhub.crime.measures import NOTES
from prevhub.insights import selectors
from tests.insights.store_fixtures import DEMO_ZIP, REFERENCE, independent_counts

pytestmark = pytest.mark.django_db
QUERY = {
    "force": "nottinghamshire",
    "period_from": "2024-01",
    "period_to": "2024-03",
    "baseline": "last-year",
}
PERIOD = ("2024-01", "2024-02", "2024-03")
BASELINE = ("2023-01", "2023-02", "2023-03")
# Words an analyst reading a page should never meet: command-line flags, Python parameters,
# library calls, raw identifiers of classes and flags.
PROGRAM_TERMS = (
    "--allow-incomplete",
    "--include-outside",
    "include_outside",
    "allow_incomplete=",
    "scipy",
    "binomtest",
    ">victim-based<",
    ">other-crimes-against-society<",
    ">counting-rule-change<",
    ">small-numbers<",
    ">month-missing<",
    ">nottinghamshire<",
)


def _sum(counts: Any, months: tuple[str, ...], cls: str) -> int:
    return sum(counts[(m, cls)] for m in months)


def _text(page: str) -> str:
    """The page's visible text, tags removed (scripts and JSON data blocks dropped)."""
    body = re.sub(r"<script[^>]*>.*?</script>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture
def analyst(client: Any, use_demo_store: Any) -> Any:
    client.force_login(make_user(roles.ANALYST))
    return client


def test_victim_based_figures_equal_an_independent_count_of_the_csv_rows(analyst: Any) -> None:
    counts = independent_counts(DEMO_ZIP)
    current = _sum(counts, PERIOD, "victim-based")
    baseline = _sum(counts, BASELINE, "victim-based")
    page = analyst.get("/measure/", QUERY).content.decode()
    # Thousands separators in the tables, as in the sentence.
    assert f">{current:,}<" in page and f">{baseline:,}<" in page
    assert current > 1000 and f">{current}<" not in page
    fewer = baseline - current
    assert f"{fewer:,} fewer victim-based crimes" in page


def test_csv_export_of_the_class_table_matches_the_independent_count(analyst: Any) -> None:
    counts = independent_counts(DEMO_ZIP)
    response = analyst.get("/measure/", {**QUERY, "export": "csv", "by": "class"})
    rows = {r["class"]: r for r in csv.DictReader(io.StringIO(response.content.decode()))}
    victim = rows["victim-based"]
    assert victim["name"] == "Victim-based crime"
    assert int(victim["current"]) == _sum(counts, PERIOD, "victim-based")
    assert int(victim["baseline"]) == _sum(counts, BASELINE, "victim-based")
    assert int(victim["change"]) == int(victim["current"]) - int(victim["baseline"])
    assert 0 < float(victim["p_value"]) <= 1
    assert float(victim["ci95_low"]) < float(victim["rate_ratio"]) < float(victim["ci95_high"])
    # The 2023-05 counting-rule change lies inside Jan 2023 to Mar 2024 (reference CSV).
    assert victim["flags"] == "Counting-rule change"


def test_xlsx_export_holds_numbers_a_spreadsheet_can_sum(analyst: Any) -> None:
    counts = independent_counts(DEMO_ZIP)
    response = analyst.get("/measure/", {**QUERY, "export": "xlsx", "by": "class"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    head = [c.value for c in sheet[1]]
    rows = {r[0].value: dict(zip(head, r, strict=True)) for r in sheet.iter_rows(min_row=2)}
    victim = rows["victim-based"]
    assert victim["name"].value == "Victim-based crime"
    for column in ("current", "baseline", "change", "rate_ratio", "p_value", "harm_current"):
        assert victim[column].data_type == "n", column
    assert victim["current"].value == _sum(counts, PERIOD, "victim-based")
    assert victim["baseline"].value == _sum(counts, BASELINE, "victim-based")
    assert isinstance(victim["pct_change"].value, float)


def test_the_default_view_picks_a_window_whose_baseline_is_loaded(analyst: Any) -> None:
    page = analyst.get("/measure/").content.decode()
    assert 'value="2024-01"' in page and 'value="2024-03"' in page
    assert "fewer victim-based crimes" in page or "more victim-based crimes" in page


def test_a_missing_month_is_an_error_in_words_unless_allowed(analyst: Any) -> None:
    asked = {**QUERY, "period_from": "2023-12", "period_to": "2024-02"}
    raw = analyst.get("/measure/", asked).content.decode()
    page = _text(raw)
    assert "These figures cannot be shown" in page and 'data-testid="headline"' not in raw
    # 2023-12 (period) and 2022-12, 2023-01.. (last-year baseline 2022-12:2023-02) absent:
    # the demo holds 2023-01..03 and 2024-01..03 only.
    assert "Nottinghamshire Police: Dec 2022 and Dec 2023" in page
    assert "Compare even if a month is missing" in page
    assert "--allow-incomplete" not in page
    allowed = analyst.get("/measure/", {**asked, "allow_incomplete": "on"}).content.decode()
    text = _text(allowed)
    assert "These figures cannot be shown" not in text
    assert "No data is loaded for Nottinghamshire Police for Dec 2022 and Dec 2023" in text
    assert 'href="#flag-month-missing"' in allowed and 'id="flag-month-missing"' in allowed


def test_an_invalid_form_shows_its_error_and_no_figures(analyst: Any) -> None:
    response = analyst.get("/measure/", {**QUERY, "period_from": "2024-13"})
    page = response.content.decode()
    assert "Enter a month as YYYY-MM" in page
    assert 'data-testid="headline"' not in page
    assert 'data-testid="measure-class"' not in page and "trend-spec" not in page
    assert 'data-testid="freshness"' in page  # what is loaded still shows, to help correct it


def test_a_year_earlier_baseline_is_refused_for_a_period_longer_than_a_year(
    analyst: Any,
) -> None:
    # 2023-01..2024-03 is 15 months; a year earlier, 2022-01..2023-03, overlaps it.
    asked = {**QUERY, "period_from": "2023-01", "period_to": "2024-03"}
    page = analyst.get("/measure/", asked).content.decode()
    assert "overlaps the same months a year earlier" in page
    assert 'data-testid="headline"' not in page
    twelve = analyst.get("/measure/", {**asked, "period_from": "2023-04"}).content.decode()
    assert "overlaps" not in twelve


def test_labels_are_words_and_the_rule_change_flag_links_to_its_explanation(
    analyst: Any,
) -> None:
    page = analyst.get("/measure/", QUERY).content.decode()
    text = _text(page)
    for term in PROGRAM_TERMS:
        assert term not in page, term
    assert "Victim-based crime" in text and "Other crimes against society" in text
    assert "Nottinghamshire Police" in text  # police.uk's name for the force, not its id
    with (REFERENCE / "counting_rule_changes.csv").open() as f:
        inside = [r for r in csv.DictReader(f) if "2023-01" < r["effective_month"] <= "2024-03"]
    assert [r["effective_month"] for r in inside] == ["2023-05"]
    assert 'href="#flag-counting-rule-change"' in page
    explanation = re.search(r'id="flag-counting-rule-change".*?</div>', page, flags=re.S)
    assert explanation is not None
    assert html.escape(inside[0]["summary"], quote=False) in explanation.group(0)
    assert "May 2023" in explanation.group(0)


def test_the_caveats_are_printed_once_in_words_for_a_reader(analyst: Any) -> None:
    page = analyst.get("/measure/", QUERY).content.decode()
    caveats = re.search(r'data-testid="caveats".*?</details>', page, flags=re.S).group(0)
    text = _text(page)
    for note in NOTES:
        assert text.count(note) == 1, note
    assert "exact test for two Poisson counts" in _text(caveats)
    # Rows of the demo CSVs outside Nottinghamshire's districts / with no location in Jan-Mar
    # 2023 and 2024, counted with the csv module by the rule of independent_counts.
    outside, unlocated = _outside_and_unlocated()
    assert f"{outside:,} crimes that police.uk places outside" in _text(caveats)
    assert f"{unlocated:,} crimes published with no location" in _text(caveats)


def _outside_and_unlocated() -> tuple[int, int]:
    with (REFERENCE / "force_districts.csv").open() as f:
        districts = {r["district"] for r in csv.DictReader(f) if r["force"] == "nottinghamshire"}
    outside = unlocated = 0
    with zipfile.ZipFile(DEMO_ZIP) as archive:
        for name in archive.namelist():
            if not name.endswith("-street.csv") or name[:7] not in PERIOD + BASELINE:
                continue
            with archive.open(name) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                    if row["Crime type"] == "Anti-social behaviour":
                        continue
                    lsoa = row["LSOA name"].strip()
                    if not lsoa:
                        unlocated += 1
                    elif lsoa.rsplit(" ", 1)[0] not in districts:
                        outside += 1
    return outside, unlocated


def test_the_trend_breaks_at_months_never_loaded(analyst: Any) -> None:
    counts = independent_counts(DEMO_ZIP)
    page = analyst.get("/measure/", QUERY).content.decode()
    spec_json = re.search(r'<script id="trend-spec" type="application/json">(.*?)</script>', page)
    spec = json.loads(spec_json.group(1))
    line = spec["layer"][1]
    assert line["mark"]["invalid"] == "break-paths-show-domains"
    values = {(v["month"], v["class"]): v["count"] for v in line["data"]["values"]}
    # Window Jan 2023 to Mar 2024: 15 months x 2 classes, Apr-Dec 2023 never loaded.
    assert len(values) == 30
    for month in [f"2023-{m:02d}" for m in range(4, 13)]:
        assert values[(month, "Victim-based crime")] is None
    assert values[("2023-02", "Victim-based crime")] == counts[("2023-02", "victim-based")]
    assert values[("2024-03", "Victim-based crime")] == counts[("2024-03", "victim-based")]
    text = _text(page)
    assert "No data is loaded for Apr 2023, May 2023" in text and "Dec 2023" in text
    assert text.count("Not loaded") == 9 * 2


def test_the_page_says_plainly_when_there_is_no_crime_store(
    client: Any, tmp_path: Any, monkeypatch: Any
) -> None:
    monkeypatch.setenv("PREVHUB_STORE", str(tmp_path / "none.duckdb"))
    client.force_login(make_user(roles.ANALYST))
    page = client.get("/measure/").content.decode()
    assert "There is no crime store here yet" in page


def test_figures_are_computed_once_per_store_version_and_again_after_an_ingest(
    client: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A store holding the demo without March 2024; the full demo is ingested later.
    partial = tmp_path / "without-2024-03.zip"
    with zipfile.ZipFile(DEMO_ZIP) as source, zipfile.ZipFile(partial, "w") as target:
        for item in source.infolist():
            if not item.filename.startswith("2024-03"):
                target.writestr(item, source.read(item))
    store_path = tmp_path / "crime.duckdb"
    with CrimeStore(store_path) as store:
        store.ingest_police_uk([partial])
    monkeypatch.setenv("PREVHUB_STORE", str(store_path))
    opened = []
    real_open = selectors.open_store
    monkeypatch.setattr(selectors, "open_store", lambda: opened.append(1) or real_open())
    client.force_login(make_user(roles.ANALYST))

    first = client.get("/measure/").content.decode()
    assert 'value="2024-02"' in first  # default window ends at the latest month loaded
    opens_for_first = len(opened)
    assert opens_for_first >= 1
    again = client.get("/measure/").content.decode()
    assert len(opened) == opens_for_first  # served from the cache: the store was not opened
    assert _text(again) == _text(first)

    with CrimeStore(store_path) as store:
        store.ingest_police_uk([DEMO_ZIP])
    after = client.get("/measure/").content.decode()
    assert len(opened) > opens_for_first
    assert 'value="2024-03"' in after
    counts = independent_counts(DEMO_ZIP)
    assert f">{_sum(counts, PERIOD, 'victim-based'):,}<" in after


def test_a_store_held_by_a_writer_still_answers_with_its_published_figures(
    client: Any, demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A writer works on a copy and swaps it in (crime/store_file.py): while it holds the
    store, pages read the published version — figures, never an engine's lock message."""
    store_path = tmp_path / "crime.duckdb"
    store_path.write_bytes(demo_store.read_bytes())
    monkeypatch.setenv("PREVHUB_STORE", str(store_path))
    client.force_login(make_user(roles.ANALYST))
    before = client.get("/measure/").content.decode()
    # Another process holds the store open for writing, as `prevhub ingest` does.
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(store_path)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(selectors.__file__).parents[2])},
    )
    try:
        assert writer.stdout is not None and writer.stdout.readline().strip() == "holding"
        cache.clear()  # computed afresh while the writer holds the store
        during = client.get("/measure/").content.decode()
        text = _text(during)
        assert 'data-testid="headline"' in during
        assert selectors.BUSY not in text
        assert "lock" not in text.lower() and "IO Error" not in text
    finally:
        writer.kill()
        writer.wait(timeout=30)
    headline = re.compile(r'data-testid="headline".*?</', re.S)
    assert headline.search(during).group(0) == headline.search(before).group(0)


WRITER = """
import sys, time
from prevhub.crime import CrimeStore
store = CrimeStore(sys.argv[1])
print("holding", flush=True)
time.sleep(120)
"""


def test_partners_and_users_without_a_role_cannot_open_measure(
    client: Any, use_demo_store: Any
) -> None:
    client.force_login(make_user(roles.PARTNER, OrganisationFactory()))
    assert client.get("/measure/").status_code == 404
    client.force_login(make_user(None))
    assert client.get("/measure/").status_code == 404

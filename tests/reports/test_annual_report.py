"""The annual report and the dashboard on `make demo`'s year, checked against independent
counts: a csv-module count of the packaged street files (victim-based crime by the ONS class
of each police.uk crime type) and the generated extract's documented formula."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import subprocess
import sys
import zipfile
from collections import Counter
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from prevhub.core import roles
from prevhub.core.testing import make_user
from prevhub.crime import CrimeStore
from prevhub.crime.demo import year_archive

SRC = Path(__file__).resolve().parents[2] / "src"
# The ONS groups (shared data README): these police.uk types are victim-based crime.
VICTIM_BASED_TYPES = {
    "Violence and sexual offences", "Robbery", "Burglary", "Vehicle crime", "Shoplifting",
    "Bicycle theft", "Theft from the person", "Other theft", "Criminal damage and arson",
}  # fmt: skip


@pytest.fixture
def year_store(demo_year_store: Path) -> Path:
    return demo_year_store


@pytest.fixture(scope="module")
def hand_counts() -> dict[str, Counter]:
    """Victim-based rows per month for Nottinghamshire, counted with the csv module, keeping
    rows located inside the force (LSOA name's district one of its eight districts) or
    unlocated, as the measures do by default (docs/methods/measures.md)."""
    districts = {
        "Ashfield", "Bassetlaw", "Broxtowe", "Gedling", "Mansfield", "Newark and Sherwood",
        "Nottingham", "Rushcliffe",
    }  # fmt: skip
    by_month: Counter = Counter()
    with zipfile.ZipFile(year_archive()) as archive:
        for name in archive.namelist():
            if not name.endswith("nottinghamshire-street.csv"):
                continue
            with archive.open(name) as raw:
                for row in csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig")):
                    if row["Crime type"] not in VICTIM_BASED_TYPES:
                        continue
                    lsoa_name = row["LSOA name"]
                    district = lsoa_name.rsplit(" ", 1)[0] if lsoa_name else None
                    if district is None or district in districts:
                        by_month[row["Month"]] += 1
    return {"victim-based": by_month}


def _stalking_formula(year: int) -> dict[str, int]:
    """crime/data/demo/README.md: each code's level times 1 + 0.08 sin(2π(m − 4)/12)."""
    levels = {"8L": (300, 280), "8R": (420, 390), "8Q": (45, 44), "8M": (35, 32),
              "8U": (120, 110)}  # fmt: skip
    return {
        f"{year}-{m:02d}": sum(
            round(v[year - 2023] * (1 + 0.08 * math.sin(2 * math.pi * (m - 4) / 12)))
            for v in levels.values()
        )
        for m in range(1, 13)
    }


@pytest.mark.django_db
def test_the_report_figures_equal_independent_counts(year_store: Path, hand_counts: Any) -> None:
    from prevhub.reports import annual

    with CrimeStore(year_store, read_only=True) as store:
        report = annual.build(store, "2024-01:2024-12", "nottinghamshire")
    figures = {f.topic: f.row for f in report.headline.figures}
    vb = hand_counts["victim-based"]
    assert figures["victim-based"].current == sum(n for m, n in vb.items() if m >= "2024-01")
    assert figures["victim-based"].baseline == sum(n for m, n in vb.items() if m < "2024-01")
    # The issue-3 closing note's figures, from a csv-module count too: 81,673 against 87,257.
    assert (figures["victim-based"].current, figures["victim-based"].baseline) == (81_673, 87_257)
    assert figures["stalking-and-harassment"].current == sum(_stalking_formula(2024).values())
    assert figures["stalking-and-harassment"].baseline == sum(_stalking_formula(2023).values())
    monthly = {(r["month"], r["count"]) for r in report.monthly["victim-based"]}
    assert monthly == set(vb.items())
    stalking = {r["month"]: r["count"] for r in report.monthly["stalking-and-harassment"]}
    assert stalking == {**_stalking_formula(2023), **_stalking_formula(2024)}
    assert [n.force for n in report.headline.neighbours] == ["derbyshire"]
    assert any("GENERATED" in s for s in report.sources)
    # The control chart carries the same 24 months, its limits set by the 12 of 2023.
    points = report.control["victim-based"]["points"]
    assert {(p["month"], p["count"]) for p in points} == set(vb.items())
    mean_2023 = sum(n for m, n in vb.items() if m < "2024-01") / 12
    assert points[0]["centre"] == pytest.approx(mean_2023)


@pytest.mark.django_db
def test_every_team_without_a_register_says_not_recorded_never_zero(year_store: Path) -> None:
    from prevhub.reports import annual

    with CrimeStore(year_store, read_only=True) as store:
        report = annual.build(store, "2024-01:2024-12", "nottinghamshire")
    teams = {t.area: t for t in report.teams}
    assert {"Safeguarding", "Problems", "Specials", "Youth"} <= set(teams)
    for team in teams.values():
        assert team.figures or team.missing == annual.NOT_RECORDED
        assert all(f.value is None or f.value > 0 or f.unit for f in team.figures), team


def _report_cli(args: list[str], store: Path, home: Path) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(PREVHUB_HOME=str(home), PREVHUB_STORE=str(store), PYTHONPATH=str(SRC))
    return subprocess.run(
        [sys.executable, "-m", "prevhub.cli", *args],
        env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_the_report_pdf_and_html_carry_the_clis_numbers(year_store: Path, tmp_path: Path) -> None:
    """End to end as a hub lead runs it: `prevhub report annual` to HTML and PDF; every
    headline sentence `prevhub headline --format json` prints appears in both, and the PDF's
    pages render to images."""
    import pypdfium2 as pdfium

    home = tmp_path / "home"
    assert _report_cli(["init", "-q"], year_store, home).returncode == 0
    head = _report_cli(
        ["headline", "--period", "2024-01:2024-12", "--force", "nottinghamshire", "--format",
         "json"], year_store, home,
    )  # fmt: skip
    assert head.returncode == 0, head.stderr
    sentences = json.loads(head.stdout)["sentences"]
    assert any("768 fewer stalking and harassment offences" in s for s in sentences)
    for suffix in ("html", "pdf"):
        out = tmp_path / f"report.{suffix}"
        made = _report_cli(
            ["report", "annual", "--from", "2024-01", "--to", "2024-12", "--force",
             "nottinghamshire", "--out", str(out)], year_store, home,
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
    html = unescape((tmp_path / "report.html").read_text())
    pdf = pdfium.PdfDocument(str(tmp_path / "report.pdf"))
    text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    flat = "".join(text.split())  # a PDF's text breaks lines where the layout did
    for sentence in sentences[:3]:  # the force's two figures and the neighbour's
        assert sentence in html
        assert "".join(sentence.split()) in flat, sentence
    assert len(pdf) >= 4
    image = pdf[0].render(scale=1).to_pil()
    assert image.size[0] > 500 and len(set(image.getdata())) > 10  # drawn, not blank
    pdf.close()
    # Self-contained: no scripts and nothing fetched from elsewhere.
    assert "<script" not in html and 'src="http' not in html and "<link" not in html


@pytest.mark.django_db
def test_the_same_data_gives_the_same_report(year_store: Path) -> None:
    import datetime as dt

    from prevhub.reports import annual, render

    with CrimeStore(year_store, read_only=True) as store:
        first = annual.build(
            store, "2024-01:2024-12", "nottinghamshire", today=dt.date(2025, 1, 31)
        )
        again = annual.build(
            store, "2024-01:2024-12", "nottinghamshire", today=dt.date(2025, 1, 31)
        )
    assert render.to_html(first) == render.to_html(again)


@pytest.fixture
def demo_year_env(year_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PREVHUB_STORE", str(year_store))
    monkeypatch.setenv("PREVHUB_HOME", str(tmp_path))
    from django.core.cache import cache

    cache.clear()
    return year_store


@pytest.mark.django_db
def test_the_dashboard_shows_the_year_to_the_hub_lead(client: Any, demo_year_env: Path) -> None:
    client.force_login(make_user(roles.HUB_LEAD, username="lead"))
    page = client.get(reverse("reports:home"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "5,584 fewer victim-based crimes" in body
    assert "768 fewer stalking and harassment offences" in body
    assert body.count('data-testid="team-row"') >= 6 and "Not recorded yet" in body
    assert 'data-testid="problems-by-stage"' in body
    assert 'data-testid="control-victim-based-signals"' in body
    client.force_login(make_user(roles.COORDINATOR, username="coord"))
    assert client.get(reverse("reports:home")).status_code in (403, 404)


@pytest.mark.django_db
def test_the_reports_page_builds_the_report_as_a_job_and_serves_it_to_who_asked(
    client: Any, demo_year_env: Path
) -> None:
    lead = make_user(roles.HUB_LEAD, username="lead")
    client.force_login(lead)
    bad = client.post(
        reverse("reports:annual"),
        {"period_from": "2024-12", "period_to": "2024-01", "force": "nottinghamshire",
         "output": "html"},
    )  # fmt: skip
    assert (
        bad.status_code == 200 and "must be the same as or after the first" in bad.content.decode()
    )
    made = client.post(
        reverse("reports:annual"),
        {"period_from": "2024-01", "period_to": "2024-12", "force": "nottinghamshire",
         "output": "html"},
    )  # fmt: skip
    assert made.status_code == 302
    status = client.get(made["Location"]).content.decode()
    assert 'data-status="done"' in status and 'data-testid="job-result"' in status
    from prevhub.core.models import JobRun

    run = JobRun.objects.get(name="reports.annual")
    download = client.get(reverse("reports:annual_download", args=[run.pk]))
    assert download.status_code == 200
    assert b"5,584 fewer victim-based crimes" in b"".join(download.streaming_content)
    client.force_login(make_user(roles.ANALYST, username="someone"))
    assert client.get(reverse("reports:annual_download", args=[run.pk])).status_code == 404

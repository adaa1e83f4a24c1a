"""Loading crime data from the Measure page: an analyst's upload becomes a background job
that ingests it; a bad file fails naming file, line and field and leaves the store as it was."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from prevhub.core import roles
from prevhub.core.models import JobRun
from prevhub.core.testing import make_user
from prevhub.crime import CrimeStore
from prevhub.crime.demo import demo_archive

CRIME_DATA = Path(__file__).resolve().parents[1] / "crime" / "data"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PREVHUB_HOME", str(tmp_path))
    monkeypatch.setenv("PREVHUB_STORE", str(tmp_path / "crime.duckdb"))
    return tmp_path


def _rows_in_zip(path: Path) -> int:
    """Data rows of every CSV in the archive, counted with the csv module."""
    total = 0
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".csv"):
                with archive.open(name) as raw:
                    total += sum(1 for _ in csv.DictReader(io.TextIOWrapper(raw, "utf-8-sig")))
    return total


@pytest.mark.django_db
def test_an_analysts_upload_is_loaded_by_a_job(client: Any, home: Path) -> None:
    client.force_login(make_user(roles.ANALYST, username="ana"))
    sent = client.post(
        reverse("insights:upload"),
        {"kind": "police-uk", "data": SimpleUploadedFile("demo.zip", demo_archive().read_bytes())},
    )
    assert sent.status_code == 302
    run = JobRun.objects.get(name="measure.ingest")
    assert run.status == JobRun.Status.DONE, run.error
    assert run.result["rows"] == _rows_in_zip(demo_archive())
    assert run.result["months"] == "2023-01 to 2024-03" and run.result["files_loaded"] == 6
    with CrimeStore(home / "crime.duckdb", read_only=True) as store:
        assert store.forces("street") == ["nottinghamshire"]
    page = client.get(sent["Location"]).content.decode()
    assert 'data-status="done"' in page and f"{run.result['rows']:,}" in page
    assert not list((home / "uploads" / "ingest").iterdir())  # loaded, so not kept


@pytest.mark.django_db
def test_a_bad_extract_fails_naming_line_and_field_and_changes_nothing(
    client: Any, home: Path
) -> None:
    client.force_login(make_user(roles.ANALYST, username="ana"))
    good = (CRIME_DATA / "recorded_crime_extract_nottinghamshire.csv").read_bytes()
    mapping = (CRIME_DATA / "recorded_crime_mapping.toml").read_bytes()
    client.post(
        reverse("insights:upload"),
        {"kind": "recorded-crime", "data": SimpleUploadedFile("extract.csv", good),
         "mapping": SimpleUploadedFile("mapping.toml", mapping)},
    )  # fmt: skip
    with CrimeStore(home / "crime.duckdb", read_only=True) as store:
        before = store.con.execute("SELECT count(*) FROM recorded_crimes").fetchone()
    lines = good.decode().splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[1], "31/02/2020")  # line 4: no such day
    client.post(
        reverse("insights:upload"),
        {"kind": "recorded-crime",
         "data": SimpleUploadedFile("extract.csv", ("\n".join(lines) + "\n").encode()),
         "mapping": SimpleUploadedFile("mapping.toml", mapping)},
    )  # fmt: skip
    failed = JobRun.objects.filter(name="measure.ingest").order_by("-pk").first()
    assert failed is not None and failed.status == JobRun.Status.FAILED
    assert "line 4" in failed.error and "Date Recorded" in failed.error, failed.error
    with CrimeStore(home / "crime.duckdb", read_only=True) as store:
        assert store.con.execute("SELECT count(*) FROM recorded_crimes").fetchone() == before
    page = client.get(failed.get_absolute_url()).content.decode()
    assert "line 4" in page and "Nothing it was writing was kept" in page


@pytest.mark.django_db
def test_only_analysts_load_data_and_the_form_names_what_is_wrong(client: Any, home: Path) -> None:
    client.force_login(make_user(roles.COORDINATOR, username="coord"))
    assert client.get(reverse("insights:upload")).status_code == 404
    client.force_login(make_user(roles.ANALYST, username="ana"))
    sent = client.post(
        reverse("insights:upload"),
        {"kind": "police-uk", "data": SimpleUploadedFile("notes.docx", b"x")},
    )
    body = sent.content.decode()
    assert sent.status_code == 200 and "Choose a .zip or .csv file." in body
    extract = client.post(
        reverse("insights:upload"),
        {"kind": "recorded-crime", "data": SimpleUploadedFile("x.csv", b"a,b\n")},
    )
    assert "A force extract needs its column mapping." in extract.content.decode()
    assert not JobRun.objects.exists()

"""Files kept with a problem: only through the app, after the problem's access check."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from prevhub.core import roles
from prevhub.core.models import AuditEntry
from prevhub.core.testing import OrganisationFactory, make_user
from prevhub.problems.models import Attachment
from tests.problems.test_problem_access import make_problem

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% a tiny test file\n"


@pytest.fixture(autouse=True)
def media(tmp_path: Path, settings: Any) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_a_coordinator_attaches_a_file_and_a_shared_partner_downloads_it(
    client: Any, media: Path
) -> None:
    council, other = OrganisationFactory(), OrganisationFactory()
    coordinator = make_user(roles.COORDINATOR)
    problem = make_problem([council], owner=coordinator)
    client.force_login(coordinator)
    upload = SimpleUploadedFile("site survey.pdf", PDF, content_type="text/html")
    response = client.post(
        f"/problems/{problem.pk}/attachments/", {"title": "Site survey", "file": upload}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    stored = Path(attachment.file.path)
    assert stored.read_bytes() == PDF and "site survey" not in stored.name  # random name
    assert attachment.original_name == "site survey.pdf" and attachment.size == len(PDF)

    client.force_login(make_user(roles.PARTNER, council))
    got = client.get(f"/problems/attachments/{attachment.pk}/")
    assert got.status_code == 200
    assert b"".join(got.streaming_content) == PDF
    # Our type, not the uploader's claim; always a download.
    assert got["Content-Type"] == "application/pdf"
    assert got["Content-Disposition"].startswith("attachment")
    assert AuditEntry.objects.filter(
        action="view", object_type="problems.attachment", detail="download"
    ).exists()
    assert (
        client.post(
            f"/problems/{problem.pk}/attachments/",
            {"title": "x", "file": SimpleUploadedFile("a.pdf", PDF)},
        ).status_code
        == 404
    )  # partners do not add files

    client.force_login(make_user(roles.PARTNER, other))
    assert client.get(f"/problems/attachments/{attachment.pk}/").status_code == 404


def test_files_of_other_types_or_too_large_are_refused(client: Any) -> None:
    coordinator = make_user(roles.COORDINATOR)
    problem = make_problem(owner=coordinator)
    client.force_login(coordinator)
    page = client.post(
        f"/problems/{problem.pk}/attachments/",
        {"title": "Script", "file": SimpleUploadedFile("evil.html", b"<script>")},
    )
    assert page.status_code == 400 and "not accepted" in page.content.decode()
    big = SimpleUploadedFile("big.pdf", b"0" * (10 * 1024 * 1024 + 1))
    page = client.post(f"/problems/{problem.pk}/attachments/", {"title": "Big", "file": big})
    assert page.status_code == 400 and "larger than 10 MB" in page.content.decode()
    assert not Attachment.objects.exists()

"""The audit log: every write from every channel, sensitive reads, and no way to rewrite it."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import NoReverseMatch, reverse
from typer.testing import CliRunner

from prevhub.core import roles
from prevhub.core.audit import audit_batch, audit_context
from prevhub.core.models import AuditEntry, User
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from prevhub.partners.models import Organisation
from prevhub.people.models import Person

pytestmark = pytest.mark.django_db


def test_a_background_job_write_is_attributed_to_the_job_and_its_user() -> None:
    runner = make_user(roles.SAFEGUARDING, username="nightly")
    with audit_context(source="job", user=runner):
        org = Organisation.objects.create(name="Job Made", slug="job-made", kind="council")
    entry = AuditEntry.objects.get(object_type="partners.organisation", object_id=str(org.pk))
    assert (entry.action, entry.source, entry.username) == ("create", "job", "nightly")
    assert entry.before is None and entry.after["name"] == "Job Made"


def test_an_update_records_before_and_after_values() -> None:
    org = Organisation.objects.create(name="Before", slug="before", kind="council")
    with audit_context(source="job"):
        org.name = "After"
        org.save()
    update = AuditEntry.objects.get(
        action="update", object_type="partners.organisation", object_id=str(org.pk)
    )
    assert update.before["name"] == "Before"
    assert update.after["name"] == "After"
    assert ("name", "Before", "After") in update.changed_fields


def test_a_delete_records_what_was_deleted() -> None:
    org = Organisation.objects.create(name="Gone", slug="gone", kind="council")
    pk = org.pk
    with audit_context(source="job"), audit_batch():
        org.delete()
    entry = AuditEntry.objects.get(
        action="delete", object_type="partners.organisation", object_id=str(pk)
    )
    assert entry.before["name"] == "Gone" and entry.after is None


def test_personal_data_never_enters_the_audit_log_yet_changes_show() -> None:
    """People are named by reference and their fields fingerprinted: the log is append-only
    and outlives the record, so it must not hold what a retention deletion removes."""
    person = Person.objects.create(
        given_name="Quillon", family_name="Zebediah", address="9 Nowhere Row", phone="0700900"
    )
    reference = person.reference
    with audit_context(source="job"):
        person.address = "10 Elsewhere Row"
        person.save()
    with audit_context(source="job"), audit_batch():
        person.delete()
    entries = AuditEntry.objects.filter(object_type="people.person")
    assert entries.count() == 3
    text = json.dumps([[e.object_repr, e.before, e.after, e.detail] for e in entries])
    for secret in ("Quillon", "Zebediah", "Nowhere", "Elsewhere", "0700900"):
        assert secret not in text
    update = entries.get(action="update")
    assert update.object_repr == reference
    assert [name for name, _, _ in update.changed_fields] == ["address"]


def test_saving_without_a_change_records_nothing() -> None:
    person = Person.objects.create(given_name="Same", family_name="Same")
    count = AuditEntry.objects.count()
    person.save()
    assert AuditEntry.objects.count() == count


def test_a_cli_write_is_audited_with_the_cli_channel() -> None:
    from prevhub.cli import app

    result = CliRunner().invoke(
        app,
        ["users", "add", "newanalyst", "--role", "analyst", "--password-stdin"],
        input="a long enough passphrase 42\n",
    )
    assert result.exit_code == 0, result.output
    user = User.objects.get(username="newanalyst")
    entry = AuditEntry.objects.get(object_type="core.user", object_id=str(user.pk))
    assert (entry.action, entry.source) == ("create", "cli")


def test_password_hashes_never_enter_the_audit_log() -> None:
    user = make_user(roles.ANALYST)
    with audit_context(source="job"):
        user.set_password("another secret value 99")
        user.save()
    entries = AuditEntry.objects.filter(object_type="core.user", object_id=str(user.pk))
    for entry in entries:
        text = json.dumps([entry.before, entry.after])
        assert user.password not in text
        assert "argon2" not in text and "pbkdf2" not in text
        for snapshot in (entry.before or {}, entry.after or {}):
            stored = snapshot.get("password")
            assert stored is None or re.fullmatch(r"\[redacted:[0-9a-f]{8}\]", stored)
    # The change itself is on record (a keyed fingerprint changes when the hash changes).
    change = entries.filter(action="update").latest("id")
    assert "password" in [name for name, _, _ in change.changed_fields]
    assert change.before["password"] != change.after["password"]


def test_non_sensitive_reads_are_not_logged(client: Any) -> None:
    org = OrganisationFactory()
    client.force_login(make_user(roles.ADMIN))
    assert client.get(reverse("partners:organisation", args=[org.pk])).status_code == 200
    assert not AuditEntry.objects.filter(action="view").exists()


def test_audit_entries_cannot_be_changed_or_deleted_through_the_orm() -> None:
    Person.objects.create(given_name="A", family_name="B")
    entry = AuditEntry.objects.latest("id")
    entry.action = "delete"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(action="view")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_on_postgresql_the_database_itself_refuses_to_rewrite_audit_entries() -> None:
    Person.objects.create(given_name="A", family_name="B")
    entry_id = AuditEntry.objects.latest("id").pk
    if connection.vendor != "postgresql":
        # SQLite (embedded) relies on the model guards tested above; the trigger is PostgreSQL's.
        assert connection.vendor == "sqlite"
        return
    for sql in (
        "UPDATE core_auditentry SET action = 'view' WHERE id = %s",
        "DELETE FROM core_auditentry WHERE id = %s",
    ):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql, [entry_id])


def test_the_audit_api_is_read_only_even_for_administrators() -> None:
    Person.objects.create(given_name="A", family_name="B")
    entry = AuditEntry.objects.latest("id")
    api = api_client_for(make_user(roles.ADMIN))
    url = reverse("api:auditentry-detail", args=[entry.pk])
    assert api.get(url).status_code == 200
    assert api.put(url, {"action": "view"}, format="json").status_code == 405
    assert api.patch(url, {"action": "view"}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    assert api.post(reverse("api:auditentry-list"), {}, format="json").status_code == 405
    assert AuditEntry.objects.get(pk=entry.pk).action == "create"


def test_the_audit_ui_offers_no_edit_or_delete(client: Any) -> None:
    Person.objects.create(given_name="A", family_name="B")
    entry = AuditEntry.objects.latest("id")
    with pytest.raises(NoReverseMatch):
        reverse("core:auditentry_edit", args=[entry.pk])
    client.force_login(make_user(roles.ADMIN))
    page = client.get(reverse("core:auditentry", args=[entry.pk])).content.decode()
    assert "Change</a>" not in page and "Delete</a>" not in page
    # Django's own admin site is not installed: it would bypass restrict() and audit batches.
    assert client.post(f"/django-admin/core/auditentry/{entry.pk}/change/", {}).status_code == 404
    assert AuditEntry.objects.get(pk=entry.pk).action == "create"


def test_administrators_read_the_audit_log_through_the_api_with_its_fields() -> None:
    officer = make_user(roles.SAFEGUARDING, username="reader")
    person = Person.objects.create(given_name="A", family_name="B")
    api_client_for(officer).get(reverse("api:person-detail", args=[person.pk]))
    api = api_client_for(make_user(roles.ADMIN))
    body = api.get(reverse("api:auditentry-list"), {"action": "view"}).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert {"timestamp", "user", "action", "object_type", "object_id"} <= set(row)
    assert (row["user"], row["action"], row["object_type"], row["object_id"]) == (
        "reader",
        "view",
        "people.person",
        str(person.pk),
    )


@pytest.mark.parametrize("role", [roles.ANALYST, roles.HUB_LEAD, roles.SAFEGUARDING, roles.PARTNER])
def test_only_administrators_may_read_the_audit_log(role: str, client: Any) -> None:
    Person.objects.create(given_name="A", family_name="B")
    entry = AuditEntry.objects.latest("id")
    user = make_user(role, OrganisationFactory() if role == roles.PARTNER else None)
    api = api_client_for(user)
    assert api.get(reverse("api:auditentry-list")).status_code == 404
    assert api.get(reverse("api:auditentry-detail", args=[entry.pk])).status_code == 404
    client.force_login(user)
    assert client.get(reverse("core:auditentry_list")).status_code == 404
    assert client.get(reverse("core:auditentry", args=[entry.pk])).status_code == 404
    # Writes too: 404 as for any record they may not see (a 405 would confirm it exists).
    detail = reverse("api:auditentry-detail", args=[entry.pk])
    assert api.patch(detail, {"action": "view"}, format="json").status_code == 404
    assert api.put(detail, {"action": "view"}, format="json").status_code == 404
    assert api.delete(detail).status_code == 404
    assert api.post(reverse("api:auditentry-list"), {}, format="json").status_code == 404
    assert AuditEntry.objects.get(pk=entry.pk).action == "create"


def test_failed_sign_ins_stay_in_the_audit_log_with_the_name_fingerprinted(client: Any) -> None:
    """Issue 11, finding 9: django-axes forgets a failure at the next success or when the
    lock-out ends; the audit log keeps every one (the name as entered, fingerprinted)."""
    from django.conf import settings

    from prevhub.core.audit import redacted

    User.objects.create_user(username="target", password="correct horse battery staple")
    failed = [
        client.post(reverse("login"), {"username": name, "password": "wrong"})
        for name in ("target", "target", "my-password-typed-here")
    ]
    client.post(
        reverse("login"), {"username": "target", "password": "correct horse battery staple"}
    )
    entries = list(AuditEntry.objects.filter(action="login_fail").order_by("id"))
    assert [e.request_id for e in entries] == [r["X-Request-ID"] for r in failed]
    target = User.objects.get(username="target")
    assert [e.object_id for e in entries] == [str(target.pk), str(target.pk), ""]
    assert entries[0].after == {"username": redacted("target")}
    assert entries[0].object_repr == entries[1].object_repr != entries[2].object_repr
    log_text = json.dumps([[e.username, e.object_repr, e.after, e.detail] for e in entries])
    assert "target" not in log_text and "my-password" not in log_text
    assert AuditEntry.objects.filter(action="login").count() == 1
    # Locked out (5 failures, settings.AXES_FAILURE_LIMIT): the attempts are still recorded.
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(reverse("login"), {"username": "target", "password": "wrong"})
    assert (
        AuditEntry.objects.filter(action="login_fail").count()
        == 3 + settings.AXES_FAILURE_LIMIT + 1
    )
    from axes.models import AccessAttempt

    AccessAttempt.objects.all().delete()  # what the end of the lock-out does
    assert (
        AuditEntry.objects.filter(action="login_fail").count()
        == 3 + settings.AXES_FAILURE_LIMIT + 1
    )


def test_one_read_of_a_list_is_one_entry_naming_the_records_shown(client: Any) -> None:
    """Issue 10, item 5: a page of five people is one entry, not five; the API list and an
    export likewise; the record's own search in the log still finds the list it was in."""
    people = [Person.objects.create(given_name=f"N{i}", family_name="Listed") for i in range(5)]
    officer = make_user(roles.SAFEGUARDING, username="lister")
    client.force_login(officer)
    page = client.get("/people/")
    api_client_for(officer).get("/api/people/")
    client.get("/people/", {"export": "xlsx"})
    reads = list(AuditEntry.objects.filter(action="view").order_by("id"))
    assert [(e.detail, e.object_type, e.object_id) for e in reads] == [
        ("list", "people.person", "list"),
        ("api list", "people.person", "list"),
        ("export xlsx", "people.person", "list"),
    ]
    assert reads[0].request_id == page["X-Request-ID"]
    for entry in reads:
        assert sorted(entry.shown) == sorted(p.reference for p in people)
    assert reads[0].object_repr.startswith("5 shown: ")
    admin = make_user(roles.ADMIN)
    client.force_login(admin)
    found = client.get(
        reverse("core:auditentry_list"), {"object_type": "people.person", "object_id": people[2].pk}
    ).content.decode()
    assert found.count("Listed") == 0  # names never enter the log
    api = api_client_for(admin)
    body = api.get(
        reverse("api:auditentry-list"),
        {"object_type": "people.person", "object_id": people[2].pk, "action": "view"},
    ).json()
    assert body["count"] == 3  # the three list reads that showed this person
    # The audit pages name object types in words.
    entry_page = client.get(reverse("core:auditentry", args=[reads[0].pk])).content.decode()
    assert "Person" in entry_page and "people.person" not in entry_page
    assert all(p.reference in entry_page for p in people)
    list_page = client.get(reverse("core:auditentry_list"), {"action": "view"}).content.decode()
    text = re.sub(r"<[^>]+>", " ", list_page)  # what a reader sees (not option values)
    assert "people.person" not in text and ">Person<" in list_page
    assert '<option value="people.person">Person</option>' in list_page  # the type filter

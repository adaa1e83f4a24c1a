"""Test helpers every app reuses: factories and the permission-and-audit matrix.

An app's test module subclasses :class:`PermissionMatrix`, names its model, URLs and a way to
make an object and a valid API payload, and inherits tests that check — for the pages and the
API — anonymous, no role, wrong role, other partner organisation, shared partner and right role,
and that each write leaves exactly one audit entry (NetBox's ViewTestCases are the model).
"""

from __future__ import annotations

import itertools
from typing import Any, ClassVar

import factory
from django.contrib.auth.models import Group
from django.db import models
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from prevhub.core import roles
from prevhub.core.models import AuditEntry, User
from prevhub.partners.models import Organisation, OrganisationKind

_seq = itertools.count(1)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Partner organisation {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = OrganisationKind.COUNCIL


def force_organisation() -> Organisation:
    """The hub's own force (marked `is_force`, as `prevhub init` marks it)."""
    existing = Organisation.objects.filter(is_force=True).first()
    if existing is not None:
        return existing
    return OrganisationFactory(
        slug="force", name="Test Police", kind=OrganisationKind.FORCE, is_force=True
    )


def make_user(role: str | None, organisation: Organisation | None = None, **extra: Any) -> User:
    """A user with one role (or none) in an organisation (the force by default)."""
    user = User.objects.create_user(
        username=extra.pop("username", f"user{next(_seq)}"),
        password=extra.pop("password", "correct horse battery staple"),
        organisation=organisation or force_organisation(),
        **extra,
    )
    if role is not None:
        user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def api_client_for(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


class PermissionMatrix:
    """Subclass in a pytest module (with `pytestmark = pytest.mark.django_db`) and set:

    model, url_namespace (e.g. "people"), api_basename (e.g. "person"), allowed_role,
    wrong_role, and implement make_object(shared_with), api_payload(), api_change(),
    form_data() and form_change(). The matrix covers pages (list, detail, add, edit, delete)
    and the API: who may see and change what, and one audit entry per write.
    """

    model: ClassVar[type[models.Model]]
    url_namespace: ClassVar[str]
    api_basename: ClassVar[str]
    allowed_role: ClassVar[str]
    wrong_role: ClassVar[str] = roles.BUSINESS
    partners_may_view_shared: ClassVar[bool] = True

    def make_object(self, shared_with: list[Organisation]) -> models.Model:
        raise NotImplementedError

    def api_payload(self) -> dict[str, Any]:
        raise NotImplementedError

    def make_allowed_user(self) -> User:
        """The user the right-role tests act as. A register with need to know inside the role
        (a child's record: its unit's leaders and the coordinator) overrides this."""
        return make_user(self.allowed_role)

    # --- URLs
    def _name(self) -> str:
        return self.model._meta.model_name or ""

    def list_url(self) -> str:
        return reverse(f"{self.url_namespace}:{self._name()}_list")

    def detail_url(self, obj: models.Model) -> str:
        return reverse(f"{self.url_namespace}:{self._name()}", args=[obj.pk])

    def edit_url(self, obj: models.Model) -> str:
        return reverse(f"{self.url_namespace}:{self._name()}_edit", args=[obj.pk])

    def delete_url(self, obj: models.Model) -> str:
        return reverse(f"{self.url_namespace}:{self._name()}_delete", args=[obj.pk])

    def add_url(self) -> str:
        return reverse(f"{self.url_namespace}:{self._name()}_add")

    def api_list_url(self) -> str:
        return reverse(f"api:{self.api_basename}-list")

    def api_detail_url(self, obj: models.Model) -> str:
        return reverse(f"api:{self.api_basename}-detail", args=[obj.pk])

    def _audit_count(self, action: str | None = None) -> int:
        entries = AuditEntry.objects.filter(
            object_type=f"{self.model._meta.app_label}.{self._name()}"
        )
        return entries.filter(action=action).count() if action else entries.count()

    # --- anonymous
    def test_anonymous_page_redirects_to_login(self, client: Any) -> None:
        obj = self.make_object([])
        for url in (self.list_url(), self.detail_url(obj)):
            response = client.get(url)
            assert response.status_code == 302
            assert reverse("login") in response["Location"]

    def test_anonymous_api_is_refused(self) -> None:
        obj = self.make_object([])
        for url in (self.api_list_url(), self.api_detail_url(obj)):
            response = APIClient().get(url)
            assert response.status_code == 401
            assert response.json()["error"]["status"] == 401

    # --- users who may not see
    def _assert_hidden_from(self, user: User, obj: models.Model, client: Any) -> None:
        client.force_login(user)
        assert client.get(self.detail_url(obj)).status_code == 404
        page = client.get(self.list_url())
        assert page.status_code in (200, 404)
        if page.status_code == 200:
            assert str(obj) not in page.content.decode()
        api = api_client_for(user)
        assert api.get(self.api_detail_url(obj)).status_code == 404
        assert obj.pk not in [
            r["id"] for r in api.get(self.api_list_url()).json().get("results", [])
        ]
        assert api.patch(self.api_detail_url(obj), {}, format="json").status_code == 404
        assert api.delete(self.api_detail_url(obj)).status_code == 404
        self._assert_pages_refuse_writes(obj, client)

    def _assert_pages_refuse_writes(self, obj: models.Model, client: Any) -> None:
        """Edit and delete pages answer 404 to GET and POST, and the object is untouched."""
        before = AuditEntry.objects.exclude(action="view").count()
        for url in (self.edit_url(obj), self.delete_url(obj)):
            assert client.get(url).status_code == 404
            assert client.post(url, self.form_data()).status_code == 404
        assert self.model._base_manager.filter(pk=obj.pk).exists()
        assert AuditEntry.objects.exclude(action="view").count() == before

    def test_user_without_role_gets_404(self, client: Any) -> None:
        obj = self.make_object([])
        self._assert_hidden_from(make_user(None), obj, client)

    def test_user_with_wrong_role_gets_404(self, client: Any) -> None:
        obj = self.make_object([])
        self._assert_hidden_from(make_user(self.wrong_role), obj, client)

    def test_partner_from_another_organisation_gets_404(self, client: Any) -> None:
        shared_org, other_org = OrganisationFactory(), OrganisationFactory()
        obj = self.make_object([shared_org])
        self._assert_hidden_from(make_user(roles.PARTNER, other_org), obj, client)

    def test_partner_sees_shared_object_but_cannot_change_it(self, client: Any) -> None:
        org = OrganisationFactory()
        obj = self.make_object([org])
        partner = make_user(roles.PARTNER, org)
        api = api_client_for(partner)
        if not self.partners_may_view_shared:
            self._assert_hidden_from(partner, obj, client)
            return
        client.force_login(partner)
        assert client.get(self.detail_url(obj)).status_code == 200
        assert api.get(self.api_detail_url(obj)).status_code == 200
        assert obj.pk in [r["id"] for r in api.get(self.api_list_url()).json()["results"]]
        assert api.patch(self.api_detail_url(obj), {}, format="json").status_code == 404
        assert api.delete(self.api_detail_url(obj)).status_code == 404
        self._assert_pages_refuse_writes(obj, client)

    # --- the right role
    def test_allowed_role_lists_and_opens_object(self, client: Any) -> None:
        obj = self.make_object([])
        client.force_login(self.make_allowed_user())
        assert client.get(self.detail_url(obj)).status_code == 200
        assert client.get(self.list_url()).status_code == 200

    def test_each_api_write_leaves_exactly_one_audit_entry(self) -> None:
        user = self.make_allowed_user()
        api = api_client_for(user)
        before = self._audit_count()
        created = api.post(self.api_list_url(), self.api_payload(), format="json")
        assert created.status_code == 201, created.content
        assert self._audit_count() == before + 1
        entry = AuditEntry.objects.filter(action="create").latest("id")
        assert entry.username == user.username and entry.source == "api" and entry.after
        pk = created.json()["id"]
        obj = self.model._base_manager.get(pk=pk)
        changed = api.patch(self.api_detail_url(obj), self.api_change(), format="json")
        assert changed.status_code == 200, changed.content
        assert self._audit_count("update") == 1
        update = AuditEntry.objects.filter(action="update").latest("id")
        assert update.before and update.after and update.before != update.after
        assert api.delete(self.api_detail_url(obj)).status_code == 204
        assert self._audit_count("delete") == 1

    def test_each_page_write_leaves_exactly_one_audit_entry(self, client: Any) -> None:
        user = self.make_allowed_user()
        client.force_login(user)
        writes = AuditEntry.objects.exclude(action="view").filter(
            object_type=f"{self.model._meta.app_label}.{self._name()}"
        )
        added = client.post(self.add_url(), self.form_data())
        assert added.status_code == 302, _form_errors(added)
        assert [(e.action, e.username, e.source) for e in writes.all()] == [
            ("create", user.username, "web")
        ]
        obj = self.model._base_manager.get(pk=writes.get().object_id)
        changed = client.post(self.edit_url(obj), {**self.form_data(), **self.form_change()})
        assert changed.status_code == 302, _form_errors(changed)
        update = writes.get(action="update")
        assert update.before != update.after
        assert client.post(self.delete_url(obj)).status_code == 302
        assert writes.filter(action="delete").count() == 1
        assert writes.all().count() == 3
        assert not self.model._base_manager.filter(pk=obj.pk).exists()

    def form_data(self) -> dict[str, Any]:
        """A valid POST for the add page (override)."""
        raise NotImplementedError

    def form_change(self) -> dict[str, Any]:
        """Fields that differ from form_data(), for the edit page (override)."""
        raise NotImplementedError

    def api_change(self) -> dict[str, Any]:
        """A partial update that changes something (override when the first field won't do)."""
        raise NotImplementedError


def _form_errors(response: Any) -> str:
    """The error summary of a form page that did not save (what a failing test should show)."""
    import re

    html = response.content.decode()
    found = re.findall(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
    text = re.sub(r"<[^>]+>", " ", found[0]) if found else html[:500]
    return f"{response.status_code}: {' '.join(text.split())}"

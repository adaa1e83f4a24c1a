"""Query-count baselines: no list page or API list asks the database once per row, and no
list or detail page goes over a fixed budget.

Every list page of every installed register (the URL names ``*_list``) and every API list is
opened twice on the demo data, as a force user holding every role: once as loaded, and once
after each listed model has five more rows (copies of its own demo rows). A page whose query
count grows with its rows fails, naming it; so does one over the budget below.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, models, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from prevhub.core import roles
from prevhub.core.testing import make_user

#: The most queries one page may make (sessions, user, roles, gate, list, counts, filters'
#: choices); a page above it is doing per-object work it should batch.
BUDGET = 40
EXTRA_ROWS = 5


def _list_names() -> list[tuple[str, Any]]:
    """(namespaced URL name, view class) of every generic list page."""
    from prevhub.core.views.generic import ObjectListView

    found: list[tuple[str, Any]] = []

    def walk(patterns: list[Any], namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name and p.name.endswith("_list"):
                view = getattr(p.callback, "view_class", None)
                if (
                    view is not None
                    and issubclass(view, ObjectListView)
                    and not p.pattern.converters
                ):
                    found.append((namespace + p.name, view))

    walk(get_resolver().url_patterns, "")
    return sorted(found, key=lambda item: item[0])


def _clone(obj: models.Model, n: int) -> None:
    """Save a copy of `obj` (its own field values, fresh unique values where it has any)."""
    twin = copy.copy(obj)
    twin.pk = None
    constrained = {
        name
        for c in obj._meta.constraints
        if isinstance(c, models.UniqueConstraint)
        for name in c.fields
    }
    for f in obj._meta.concrete_fields:
        if f.primary_key:
            setattr(twin, f.attname, None)
        elif (f.unique or f.name in constrained) and isinstance(
            f, models.CharField | models.SlugField
        ):
            setattr(twin, f.attname, f"{getattr(obj, f.attname)}-q{n}"[: f.max_length])
        elif f.unique and f.is_relation and f.related_model is get_user_model():
            setattr(twin, f.attname, make_user(None, username=f"copy-{f.name}-{n}-{obj.pk}").pk)
        elif f.unique:
            setattr(twin, f.attname, None)
    for c in obj._meta.constraints:
        # A pair that may occur once (a cadet's hours at an event): point the copy's first
        # related object at another existing one.
        if isinstance(c, models.UniqueConstraint) and c.fields:
            first = obj._meta.get_field(c.fields[0])
            if first.is_relation:
                others = list(first.related_model._default_manager.values_list("pk", flat=True))
                setattr(twin, first.attname, others[n % len(others)])
    twin._state.adding = True
    twin.save()


def _grow(model: type[models.Model]) -> None:
    """Five more rows, each a copy of a demo row that can be copied (a row a constraint
    allows only once, such as the force's own organisation, is passed over)."""
    rows = list(model._default_manager.all()[:20])
    made, n = 0, 0
    while made < EXTRA_ROWS and n < 10 * EXTRA_ROWS:
        try:
            with transaction.atomic():
                _clone(rows[n % len(rows)], n)
            made += 1
        except IntegrityError:
            pass
        n += 1
    assert made == EXTRA_ROWS, f"{model.__name__}: could not copy its demo rows"


def _count(client: Any, url: str, *, visible: bool = True) -> int:
    """Queries to answer `url`; 0 for a record this user may not open (``visible=False``: a
    need-to-know detail page answers 404 even to a holder of every role)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    if not visible and response.status_code == 404:
        return 0
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


@pytest.fixture
def everyone(db: Any, demo_store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The demo data, and a force user with every role but the partner's. The registers'
    demos write to the store (the reoffending demo's extract): a copy, not the shared one."""
    import shutil

    from prevhub.demo import load_demo

    store = tmp_path / "crime.duckdb"
    shutil.copy(demo_store, store)
    monkeypatch.setenv("PREVHUB_STORE", str(store))
    load_demo(crime=False)
    user = make_user(roles.ADMIN, username="all-roles")
    from django.contrib.auth.models import Group

    user.groups.set(Group.objects.filter(name__in=roles.ROLE_SLUGS - {roles.PARTNER}))
    return user


def test_list_pages_make_the_same_queries_for_more_rows(client: Any, everyone: Any) -> None:
    client.force_login(everyone)
    grown_by_rows: list[str] = []
    over_budget: list[str] = []
    checked = 0
    for name, view in _list_names():
        model = view.queryset.model
        if not model._default_manager.exists():
            continue  # no demo rows to copy: nothing shows whether it grows
        url = reverse(name)
        before = _count(client, url)
        _grow(model)
        after = _count(client, url)
        checked += 1
        if after > before:
            grown_by_rows.append(f"{name}: {before} -> {after} queries")
        if after > BUDGET:
            over_budget.append(f"{name}: {after}")
        # Its detail page, for a row with the most copies made beside it, within the budget.
        obj = model._default_manager.order_by("-pk").first()
        if hasattr(obj, "get_absolute_url"):
            detail = _count(client, obj.get_absolute_url(), visible=False)
            if detail > BUDGET:
                over_budget.append(f"{name} detail: {detail}")
    assert checked >= 8, checked
    assert grown_by_rows == [], grown_by_rows
    assert over_budget == [], over_budget


def test_api_lists_make_the_same_queries_for_more_rows(client: Any, everyone: Any) -> None:
    from rest_framework.routers import DefaultRouter

    from prevhub.core.registry import registry

    router = DefaultRouter()
    registry().register_api(router)
    client.force_login(everyone)
    grown_by_rows: list[str] = []
    checked = 0
    for _prefix, viewset, basename in router.registry:
        model = viewset.queryset.model if getattr(viewset, "queryset", None) is not None else None
        if model is None or not model._default_manager.exists():
            continue
        url = reverse(f"api:{basename}-list")
        before = _count(client, url)
        _grow(model)
        after = _count(client, url)
        checked += 1
        if after > before:
            grown_by_rows.append(f"api {basename}: {before} -> {after} queries")
    assert checked >= 8, checked
    assert grown_by_rows == [], grown_by_rows

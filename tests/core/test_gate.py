"""The one gate, walked over every URL pattern of the project (pages and API).

For every pattern the project routes: an anonymous caller is sent to sign in (pages) or
refused with 401/403 (API); a signed-in user with no part in the pattern's area is refused by
the gate itself with a 404 (not merely a missing object: the gate marks its refusals); and a
pattern that belongs to no area must be one of the few declared open (core.registry.OPEN_URLS)
or under an app's declared open prefix. A page added later outside every area, or an area
route that skips the gate, fails here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from prevhub.core import roles
from prevhub.core.registry import OPEN_URLS, registry
from prevhub.core.testing import OrganisationFactory, api_client_for, make_user
from tests.safeguarding.helpers import make_case

pytestmark = pytest.mark.django_db

#: Values for path converters and regex groups: ids that exist in no test database, so a
#: 200 can only come from a list or a page without an object.
_FILL = {"int": "987654", "str": "x", "slug": "x", "path": "x", "uuid": "0" * 32}


@dataclass(frozen=True)
class Route:
    path: str  # a concrete path, e.g. /problems/987654/
    name: str  # namespace:url_name ("" when unnamed)

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


def _concrete(fragment: str) -> str | None:
    """A concrete path for one pattern fragment (route or regex); None if it takes a format
    suffix or is a catch-all (those are answered by the same views as their plain form)."""
    if "format" in fragment or fragment in ("^.*$", ".*"):
        return None
    text = re.sub(r"\(\?P<\w+>[^)]*\)", _FILL["int"], fragment)
    text = re.sub(r"<(?:(\w+):)?\w+>", lambda m: _FILL.get(m.group(1) or "str", "x"), text)
    text = text.replace("^", "").replace("$", "").replace("\\", "")
    return text


def walk(patterns: list[Any], prefix: str = "/", namespace: str = "") -> list[Route]:
    """Every routable pattern under `patterns` as a concrete path and its full name."""
    routes: list[Route] = []
    for pattern in patterns:
        fragment = _concrete(str(pattern.pattern))
        if fragment is None:
            continue
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            routes += walk(pattern.url_patterns, prefix + fragment, ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            routes.append(Route(prefix + fragment, name or ""))
    return routes


def ungated(routes: list[Route]) -> list[Route]:
    """Routes that belong to no area, are not declared open and are under no open prefix."""
    reg = registry()
    open_prefixes = tuple(f"/{p}" for p in reg.open_prefixes())
    open_api = reg.open_basenames()
    out = []
    for route in routes:
        if route.name in OPEN_URLS or route.path.startswith(open_prefixes):
            continue
        if route.is_api and (_api_area(route) is not None or _basename(route) in open_api):
            continue
        if not route.is_api and reg.area_for_path(route.path) is not None:
            continue
        if route.path.startswith("/static/"):
            continue
        out.append(route)
    return out


def _basename(route: Route) -> str:
    return route.name.removeprefix("api:").rsplit("-", 1)[0]


def _api_area(route: Route) -> Any:
    return registry().area_for_basename(_basename(route))


def project_routes() -> list[Route]:
    return walk(get_resolver().url_patterns)


def _refused_by_gate(response: Any) -> bool:
    return response.status_code == 404 and getattr(response.wsgi_request, "hub_gate_refused", False)


def test_the_walk_finds_every_app_and_the_api() -> None:
    paths = {r.path for r in project_routes()}
    # A sample from each app, pages and API, proves the walk reaches them all.
    for expected in (
        "/measure/",
        "/find/",
        "/problems/dashboard/",
        "/safeguarding/cases/987654/",
        "/people/",
        "/admin/audit/",
        "/api/safeguarding/cases/",
        "/api/problems/987654/",
        "/api/people/",
        "/reports/",
    ):
        assert expected in paths, expected


def test_every_url_belongs_to_an_area_or_is_declared_open() -> None:
    assert ungated(project_routes()) == []


def test_a_page_added_outside_every_area_is_caught() -> None:
    """The check above is not vacuous: an ungated page at the top level is reported."""
    from django.urls import path

    stray = walk([path("reports-draft/", lambda r: None, name="stray")])
    assert [r.path for r in ungated(stray)] == ["/reports-draft/"]


def test_anonymous_callers_are_sent_to_sign_in_or_refused(client: Any) -> None:
    for route in project_routes():
        if route.name in ("login", "healthz", "logout") or route.path.startswith("/static/"):
            continue
        response = client.get(route.path)
        if route.name in registry().token_urls():  # its token is its credential: none here
            assert response.status_code == 404, route
            continue
        if route.is_api:
            assert response.status_code in (401, 403), route
        else:
            assert response.status_code == 302, route
            assert response["Location"].startswith("/accounts/login/"), route


def _area_routes() -> list[tuple[Route, Any]]:
    reg = registry()
    pairs = []
    for route in project_routes():
        if route.name in reg.token_urls():  # opened by its token, not by a part in the area
            continue
        area = _api_area(route) if route.is_api else reg.area_for_path(route.path)
        if area is not None:
            pairs.append((route, area))
    return pairs


def _get(client: Any, api: Any, route: Route) -> Any:
    return api.get(route.path) if route.is_api else client.get(route.path)


#: What each kind of user may open, written out by hand from the issue's rule (not asked of the
#: gate): area slug -> the URL names / API basenames in it they may open ("*": all of them).
CASE_RECORDS = {
    "safeguardingcase",
    "incident",
    "riskassessment",
    "maracreferral",
    "protectionorder",
    "breach",
}
MAY_OPEN: dict[str, dict[str, set[str]]] = {
    "no role": {},
    "analyst": {a: {"*"} for a in ("measure", "find", "problems", "reports")},
    # Administrators: every area but the need-to-know ones (the person index: nothing; the
    # safeguarding and youth registers: their landing pages, which say they are need-to-know).
    # safeguarding and suicide prevention registers: their landing pages, which say they are
    # need-to-know).
    "administrator": {
        **{
            a: {"*"}
            for a in (
                "measure",
                "find",
                "problems",
                "business",
                "reports",
                "admin",
            )
        },
        "safeguarding": {"home"},
        # Children's records: the youth register's landing page only (need to know).
        "youth": {"home"},
        "suicide-prevention": {"home"},
        "specials": {"home"},  # need to know: officers' vetting records
        # Need-to-know registers of offenders and people diverted: the landing page only.
        "reoffending": {"home"},
        "substances": {"home"},
    },
    "partner, nothing shared": {},
    "partner, a case shared": {
        "safeguarding": CASE_RECORDS
        | {f"{n}_list" for n in CASE_RECORDS}
        | {"stalkingscreening", "maracaction"}
    },
}


def _hand_allows(who: str, area: Any, name: str) -> bool:
    allowed = MAY_OPEN[who].get(area.slug, set())
    return "*" in allowed or name in allowed


@pytest.mark.parametrize("who", list(MAY_OPEN))
def test_every_area_url_is_refused_by_the_gate_to_those_with_no_part(client: Any, who: str) -> None:
    from prevhub.core.gate import may_open

    council = OrganisationFactory()
    if who == "no role":
        user = make_user(None)
    elif who == "analyst":
        user = make_user(roles.ANALYST)
    elif who == "administrator":
        user = make_user(roles.ADMIN)
    else:
        user = make_user(roles.PARTNER, council)
        if who == "partner, a case shared":
            make_case(shared_with=[council])
    client.force_login(user)
    api = api_client_for(user)
    routes = _area_routes()
    refused = 0
    for route, area in routes:
        name = _basename(route) if route.is_api else route.name.split(":")[-1]
        allowed = _hand_allows(who, area, name)
        assert may_open(user, area, name) == allowed, (who, route)
        if allowed:
            continue
        response = _get(client, api, route)
        assert _refused_by_gate(response), (who, route, response.status_code)
        refused += 1
    assert refused >= 20  # each of these users is refused a good part of the hub, not none


def test_a_partner_given_a_case_opens_it_and_nothing_else_of_the_register(client: Any) -> None:
    council = OrganisationFactory()
    case = make_case(shared_with=[council])
    partner = make_user(roles.PARTNER, council)
    client.force_login(partner)
    assert client.get("/safeguarding/cases/").status_code == 200
    assert client.get(case.get_absolute_url()).status_code == 200
    for page in ("/safeguarding/", "/safeguarding/measures/", "/safeguarding/retention/"):
        assert _refused_by_gate(client.get(page)), page
    # Records of a kind none of which is shared: the list is not shown at all.
    assert client.get("/safeguarding/orders/").status_code == 404
    # The visible way in: the start page and the shared list link to the case.
    assert case.get_absolute_url() in client.get("/shared/").content.decode()
    nav = client.get("/").content.decode()
    assert 'href="/safeguarding/cases/"' in nav
    # The API root and schema name only what the partner may open.
    api = api_client_for(partner)
    root = api.get("/api/").json()
    assert "safeguarding/cases" in root and "safeguarding/work-queue" not in root
    assert "safeguarding/orders" not in root  # no order shared: its list would be a 404
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert "/api/safeguarding/cases/" in schema["paths"]
    assert "/api/safeguarding/measures/" not in schema["paths"]


def test_a_partner_with_nothing_shared_sees_no_safeguarding_endpoint(client: Any) -> None:
    partner = make_user(roles.PARTNER, OrganisationFactory())
    api = api_client_for(partner)
    assert not [k for k in api.get("/api/").json() if k.startswith("safeguarding")]
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert not [p for p in schema["paths"] if p.startswith("/api/safeguarding")]
    assert api.get("/api/safeguarding/cases/").status_code == 404


def test_an_administrator_sees_a_need_to_know_register_exists_but_not_its_records(
    client: Any,
) -> None:
    client.force_login(make_user(roles.ADMIN))
    assert client.get("/safeguarding/").status_code == 200  # says: need to know
    assert _refused_by_gate(client.get("/safeguarding/cases/"))
    assert _refused_by_gate(client.get("/people/"))
    nav = client.get("/").content.decode()
    assert ">Safeguarding<" in nav and ">People<" not in nav  # no entry that leads to a 404
    assert client.get("/admin/audit/").status_code == 200

"""The hub's apps declare themselves; core collects their areas, pages and API routes.

A register is one folder plus one line in ``INSTALLED_APPS``: its ``AppConfig`` subclasses
:class:`HubAppConfig` and says which area it provides (an :class:`~prevhub.core.gate.Area`),
where its pages mount and which module registers its API routes. Core mounts the pages under
the area's prefix, registers the routes on the one router, records which area each belongs to
(so :mod:`prevhub.core.gate` guards all of them), and builds the navigation. Areas planned but
not installed keep a "not available yet" page (:data:`PLANNED_AREAS`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from importlib import import_module
from typing import Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.urls import URLPattern, URLResolver, include, path

from prevhub.core import roles
from prevhub.core.gate import Area, has_part

EVERY_FORCE_ROLE = frozenset(roles.ROLE_SLUGS - {roles.PARTNER})

#: Every area of the hub in navigation order, as planned before any app provides it. An
#: installed app that declares an area of the same slug replaces the placeholder; an area
#: here with no app answers "not available yet" (to the roles named here only).
PLANNED_AREAS: tuple[Area, ...] = (
    Area("measure", "Measure", "Recorded crime and the hub's outcome figures, with honest "
         "statistics.", EVERY_FORCE_ROLE, order=10),
    Area("find", "Find", "Hot spots, repeat victims and places, near-repeat patterns.",
         frozenset({roles.ANALYST, roles.COORDINATOR, roles.HUB_LEAD}), order=20),
    Area("problems", "Problems", "Partnership problem-solving from scanning to assessment.",
         frozenset({roles.COORDINATOR, roles.ANALYST, roles.HUB_LEAD}), order=30),
    Area("safeguarding", "Safeguarding", "Domestic abuse, honour-based abuse and stalking: "
         "risk, MARAC and protection orders.", frozenset({roles.SAFEGUARDING}), order=40),
    Area("business", "Safer Business", "Engagement days and crime prevention advice for "
         "businesses.", frozenset({roles.BUSINESS, roles.HUB_LEAD}), order=50),
    Area("youth", "Youth", "Mini Police and police cadets.",
         frozenset({roles.YOUTH, roles.HUB_LEAD}), order=60),
    Area("specials", "Specials", "The special constabulary: volunteers, duties and hours.",
         frozenset({roles.SPECIALS, roles.HUB_LEAD}), order=70),
    Area("reoffending", "Reoffending", "Reducing reoffending: offender management and "
         "pathways.", frozenset({roles.OFFENDER_MANAGER, roles.HUB_LEAD}), order=80),
    Area("suicide-prevention", "Suicide prevention", "Real-time surveillance of suspected "
         "suicides, locations of concern and support for the bereaved.",
         frozenset({roles.SUICIDE_PREVENTION, roles.HUB_LEAD}), order=90),
    Area("substances", "Substances", "Substance interventions and harm reduction.",
         frozenset({roles.OFFENDER_MANAGER, roles.HUB_LEAD, roles.YOUTH}), order=100),
    Area("people", "People", "The person index, shared on a need-to-know basis.",
         frozenset({roles.SAFEGUARDING, roles.OFFENDER_MANAGER, roles.YOUTH}), order=110),
    Area("reports", "Reports", "The dashboard and the annual report.",
         frozenset({roles.HUB_LEAD, roles.ANALYST}), order=120),
    Area("admin", "Admin", "Users, organisations and the audit log.",
         frozenset({roles.ADMIN}), order=130),
)  # fmt: skip


#: Pages and API views that belong to no area, open to every signed-in user (some to anyone),
#: and why. Everything else a URL can reach is under an area's prefix or an app's declared
#: open prefix; tests/core/test_gate.py fails for a URL that is neither.
OPEN_URLS: dict[str, str] = {
    "home": "the start page: shows each user only their own areas",
    "healthz": "liveness for load balancers (no sign-in): says only 'ok'",
    "login": "sign-in",
    "logout": "sign-out",
    "core:jobrun": "a background job's progress: only to who asked for it and administrators "
    "(404 for anyone else)",
    "core:shared": "a partner's list of what is shared with them (404 for force staff)",
    "core:two_factor_setup": "enrol one's own second factor",
    "core:two_factor_verify": "verify one's own second factor",
    "api:api-root": "the API's index: lists only the endpoints the caller may open",
    "api:schema": "the OpenAPI schema: lists only the endpoints the caller may open",
    "api:docs": "the API docs page (renders the schema above)",
    "api:me": "who the caller is",
}


def planned(slug: str, **changes: Any) -> Area:
    """The planned area `slug` with what its app adds (its home page, partner rules)."""
    from dataclasses import replace

    base = next(a for a in PLANNED_AREAS if a.slug == slug)
    return replace(base, **changes)


@dataclass(frozen=True)
class HomePanel:
    """A box on a user's start page contributed by an app (e.g. a partner's tasks)."""

    title: str
    items: list[tuple[str, str, str]]  # (text, url, detail)
    empty: str  # why the list is empty, in words
    more_url: str | None = None


@dataclass(frozen=True)
class Deployment:
    """Prevention effort a register put into a problem (a specials' duty, a cadet event), so a
    problem's page shows what went into it without the problems app knowing each register."""

    label: str  # what it was, in words ("Patrol, 3 officers")
    when: date  # the day it started
    hours: float | None  # person-hours worked, when the register records them
    source: str  # the area's label ("Specials", "Youth")
    url: str = ""  # the record's page, when this user may open it


@dataclass(frozen=True)
class TeamFigure:
    """One line of a team's year in numbers (dashboard and annual report). A register that
    records nothing for the period returns no figures, never a zero that looks like a result."""

    label: str  # "Special constables' hours worked"
    value: float | int | None  # None: fewer than 5, suppressed (shown as "fewer than 5")
    unit: str = ""  # "hours", "%", "" (a count)
    caveat: str = ""  # what the figure cannot tell


class HubAppConfig(AppConfig):
    """What a hub app declares about itself; core does the rest.

    - ``area``: the :class:`Area` it provides (usually ``planned(slug, home=...)``), or the
      slug of another app's area its pages belong to, or None (pages open to every signed-in
      user; the models' access policies decide what they show — say why in ``open_reason``).
    - ``url_prefix``: where its pages mount (``"safeguarding/"``); its ``urls`` module
      (default ``<app>.urls``) is included there. Every page under the prefix is gated.
    - ``api_routes``: module with ``register(router)`` (default ``<app>.api.routes`` when it
      exists); every route it registers is gated by the same area.
    """

    area: Area | str | None = None
    url_prefix: str | None = None
    urls: str | None = None
    api_routes: str | None = None
    open_reason: str = ""
    #: Extra URL prefixes of this app's pages that belong to its area (core's admin pages).
    gated_prefixes: tuple[str, ...] = ()
    #: Pages (URL names under the prefix) whose credential is a secret token in their URL, for
    #: programs that cannot sign in (a calendar feed), with why. Sign-in and the area gate let
    #: them through; the view itself answers 404 to anything but a live token.
    token_pages: dict[str, str] = {}

    def area_slug(self) -> str | None:
        if isinstance(self.area, Area):
            return self.area.slug
        return self.area

    def urls_module(self) -> str | None:
        if self.urls:
            return self.urls
        return f"{self.name}.urls" if self.url_prefix is not None else None

    def api_routes_module(self) -> str | None:
        if self.api_routes:
            return self.api_routes
        candidate = f"{self.name}.api.routes"
        try:
            import_module(candidate)
        except ModuleNotFoundError:
            return None
        return candidate

    def home_panels(self, request: Any) -> list[HomePanel]:
        """Boxes for this user's start page (none by default)."""
        return []

    def problem_deployments(self, user: Any, problem: Any) -> list[Deployment]:
        """What this register deployed to `problem` that `user` may see (none by default)."""
        return []

    def team_figures(self, *, start: date, end: date) -> list[TeamFigure]:
        """This team's aggregate figures for ``start`` ≤ day < ``end`` (no personal data; cells
        under 5 suppressed by the register). Empty: the register records nothing yet."""
        return []

    def load_demo(self) -> str | None:
        """Load this app's invented demonstration records (idempotent) and say what was added;
        ``prevhub demo`` calls every app's, in INSTALLED_APPS order. None: no demo data."""
        return None


@dataclass
class Registry:
    """The collected declarations of every installed hub app."""

    areas: dict[str, Area]
    apps: list[HubAppConfig]
    prefixes: list[tuple[str, str | None]] = field(default_factory=list)  # (prefix, area slug)
    basenames: dict[str, str | None] = field(default_factory=dict)  # API basename -> area

    def ordered_areas(self) -> list[Area]:
        return sorted(self.areas.values(), key=lambda a: a.order)

    def area_for_path(self, path_info: str) -> Area | None:
        """The area whose pages `path_info` is under (longest prefix), or None."""
        relative = path_info.lstrip("/")
        best: tuple[int, str | None] = (-1, None)
        for prefix, slug in self.prefixes:
            if relative.startswith(prefix) and len(prefix) > best[0]:
                best = (len(prefix), slug)
        return self.areas.get(best[1]) if best[1] else None

    def area_for_basename(self, basename: str | None) -> Area | None:
        slug = self.basenames.get(basename or "")
        return self.areas.get(slug) if slug else None

    def page_urlpatterns(self) -> list[URLPattern | URLResolver]:
        """Each app's pages under its prefix, then placeholders for areas not installed."""
        from prevhub.core.views import pages

        patterns: list[URLPattern | URLResolver] = []
        for app in self.apps:
            module = app.urls_module()
            if module is not None and app.url_prefix is not None:
                patterns.append(path(app.url_prefix, include(module)))
        placeholders = [
            path(f"{area.slug}/", pages.area_placeholder, {"slug": area.slug}, name=area.slug)
            for area in self.ordered_areas()
            if not area.available
        ]
        patterns.append(path("", include((placeholders, "area"))))
        return patterns

    def register_api(self, router: Any) -> None:
        """Every app's API routes on the one router, each recorded against its area."""
        for app in self.apps:
            module = app.api_routes_module()
            if module is None:
                continue
            before = len(router.registry)
            import_module(module).register(router)
            for _prefix, _viewset, basename in router.registry[before:]:
                self.basenames[basename] = app.area_slug()

    def problem_deployments(self, user: Any, problem: Any) -> list[Deployment]:
        """Every register's deployments to `problem` that `user` may see, oldest first."""
        found = [d for app in self.apps for d in app.problem_deployments(user, problem)]
        return sorted(found, key=lambda d: (d.when, d.source, d.label))

    def team_figures(self, *, start: date, end: date) -> dict[str, list[TeamFigure]]:
        """Each installed register's year in numbers, keyed by its area's label."""
        figures: dict[str, list[TeamFigure]] = {}
        for app in self.apps:
            slug = app.area_slug()
            if slug is None or slug not in self.areas:
                continue
            lines = app.team_figures(start=start, end=end)
            if lines:
                figures.setdefault(self.areas[slug].label, []).extend(lines)
        return figures

    def load_demos(self) -> list[str]:
        """Every app's demonstration data, in INSTALLED_APPS order (people before cases)."""
        return [summary for app in self.apps if (summary := app.load_demo())]

    def areas_for(self, user: Any) -> list[Area]:
        return [a for a in self.ordered_areas() if has_part(user, a)]

    def open_basenames(self) -> set[str]:
        """API routes of apps without an area (the models' policies alone decide)."""
        return {basename for basename, slug in self.basenames.items() if slug is None}

    def token_urls(self) -> dict[str, str]:
        """Every app's token pages by full URL name (``specials:calendar_feed``), with why."""
        return {
            f"{app.label}:{name}": why for app in self.apps for name, why in app.token_pages.items()
        }

    def open_prefixes(self) -> dict[str, str]:
        """Page prefixes of apps without an area, with the reason each is open."""
        return {
            app.url_prefix: app.open_reason
            for app in self.apps
            if app.area_slug() is None and app.url_prefix is not None
        }


@cache
def registry() -> Registry:
    """Collected once, after the apps are loaded."""
    areas = {area.slug: area for area in PLANNED_AREAS}
    hub_apps = [a for a in apps.get_app_configs() if isinstance(a, HubAppConfig)]
    for app in apps.get_app_configs():
        if app.name.startswith("prevhub.") and not isinstance(app, HubAppConfig):
            raise ImproperlyConfigured(
                f"{app.name}: its AppConfig must subclass prevhub.core.registry.HubAppConfig "
                "(import the module, `from prevhub.core import registry`, so Django finds "
                "exactly one AppConfig in apps.py)"
            )
    for app in hub_apps:
        if isinstance(app.area, Area):
            areas[app.area.slug] = app.area
    reg = Registry(areas=areas, apps=hub_apps)
    for app in hub_apps:
        slug = app.area_slug()
        if slug is not None and slug not in areas:
            raise LookupError(f"{app.name} names area {slug!r}, which no app provides")
        if app.url_prefix is not None:
            reg.prefixes.append((app.url_prefix, slug))
        reg.prefixes.extend((prefix, slug) for prefix in app.gated_prefixes)
    for area in areas.values():
        if not area.available:
            reg.prefixes.append((f"{area.slug}/", area.slug))
    return reg

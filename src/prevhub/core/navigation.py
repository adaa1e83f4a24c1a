"""The hub's areas, in navigation order, and who sees each.

An area a user may not use is not shown to them at all (not greyed out): for safeguarding, even
its existence is need-to-know. Areas not built yet lead to an honest "not available yet" page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prevhub.core import roles

EVERY_FORCE_ROLE = frozenset(roles.ROLE_SLUGS - {roles.PARTNER})


@dataclass(frozen=True)
class Area:
    slug: str
    label: str
    url_name: str
    roles: frozenset[str]
    summary: str
    available: bool = False
    partners: bool = False  # partner users see it (only what is shared with them)

    def visible_to(self, user: Any) -> bool:
        if not user.is_authenticated:
            return False
        if user.is_hub_admin:
            return True
        if user.is_partner:
            return self.partners
        return bool(user.role_slugs & self.roles)


AREAS: tuple[Area, ...] = (
    Area(
        "measure",
        "Measure",
        "insights:measure",
        EVERY_FORCE_ROLE,
        "Recorded crime and the hub's outcome figures, with honest statistics.",
        available=True,
    ),
    Area(
        "find",
        "Find",
        "find:hotspots",
        frozenset({roles.ANALYST, roles.COORDINATOR, roles.HUB_LEAD}),
        "Hot spots, repeat victims and places, near-repeat patterns.",
        available=True,
    ),
    Area(
        "problems",
        "Problems",
        "problems:dashboard",
        frozenset({roles.COORDINATOR, roles.ANALYST, roles.HUB_LEAD}),
        "Partnership problem-solving from scanning to assessment.",
        available=True,
        partners=True,
    ),
    Area(
        "safeguarding",
        "Safeguarding",
        "safeguarding:home",
        frozenset({roles.SAFEGUARDING}),
        "Domestic abuse, honour-based abuse and stalking: risk, MARAC and protection orders.",
        available=True,
    ),
    Area(
        "business",
        "Safer Business",
        "area:business",
        frozenset({roles.BUSINESS, roles.HUB_LEAD}),
        "Engagement days and crime prevention advice for businesses.",
    ),
    Area(
        "youth",
        "Youth",
        "area:youth",
        frozenset({roles.YOUTH, roles.HUB_LEAD}),
        "Mini Police and police cadets.",
    ),
    Area(
        "specials",
        "Specials",
        "area:specials",
        frozenset({roles.SPECIALS, roles.HUB_LEAD}),
        "The special constabulary: volunteers, duties and hours.",
    ),
    Area(
        "reoffending",
        "Reoffending",
        "area:reoffending",
        frozenset({roles.OFFENDER_MANAGER, roles.HUB_LEAD}),
        "Reducing reoffending: offender management and pathways.",
    ),
    Area(
        "suicide-prevention",
        "Suicide prevention",
        "area:suicide-prevention",
        frozenset({roles.SAFEGUARDING, roles.HUB_LEAD}),
        "Suicide prevention referrals and partnership work.",
    ),
    Area(
        "substances",
        "Substances",
        "area:substances",
        frozenset({roles.OFFENDER_MANAGER, roles.HUB_LEAD, roles.YOUTH}),
        "Substance interventions and harm reduction.",
    ),
    Area(
        "people",
        "People",
        "people:person_list",
        frozenset({roles.SAFEGUARDING, roles.OFFENDER_MANAGER, roles.YOUTH}),
        "The person index, shared on a need-to-know basis.",
        available=True,
        partners=True,
    ),
    Area(
        "reports",
        "Reports",
        "area:reports",
        frozenset({roles.HUB_LEAD, roles.ANALYST}),
        "The dashboard and the annual report.",
    ),
    Area(
        "admin",
        "Admin",
        "core:admin_home",
        frozenset({roles.ADMIN}),
        "Users, organisations and the audit log.",
        available=True,
    ),
)
AREAS_BY_SLUG = {area.slug: area for area in AREAS}


def areas_for(user: Any) -> list[Area]:
    return [area for area in AREAS if area.visible_to(user)]

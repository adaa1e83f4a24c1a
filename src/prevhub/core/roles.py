"""The hub's roles. A role is a Django group whose name is the slug below.

Roles say *which kind* of records a user may work with; an object's `AccessPolicy` says which
roles see and change it, and partner organisations see only what is shared with them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Role:
    slug: str
    label: str
    description: str


ADMIN = "admin"
HUB_LEAD = "hub_lead"
ANALYST = "analyst"
COORDINATOR = "coordinator"
SAFEGUARDING = "safeguarding"
BUSINESS = "business"
YOUTH = "youth"
SPECIALS = "specials"
OFFENDER_MANAGER = "offender_manager"
SUICIDE_PREVENTION = "suicide_prevention"
PARTNER = "partner"

ROLES: tuple[Role, ...] = (
    Role(ADMIN, "Administrator", "Manages users, organisations and reads the audit log."),
    Role(HUB_LEAD, "Hub lead", "Command view: dashboards, outcome figures and annual report."),
    Role(ANALYST, "Crime and performance analyst", "Crime data, measures, hot spots, evaluations."),
    Role(COORDINATOR, "Problem-solving coordinator", "Runs SARA problems with partners."),
    Role(SAFEGUARDING, "Safeguarding officer", "Domestic abuse, HBA and stalking victims; orders."),
    Role(BUSINESS, "Safer Business lead", "Business engagement days and advice."),
    Role(YOUTH, "Youth engagement lead", "Mini Police and police cadets."),
    Role(SPECIALS, "Special constabulary lead", "Volunteer officers, duties and hours."),
    Role(OFFENDER_MANAGER, "Offender manager", "Reducing reoffending and substance interventions."),
    Role(
        SUICIDE_PREVENTION,
        "Suicide prevention lead",
        "Real-time surveillance, locations of concern, support.",
    ),
    Role(PARTNER, "Partner organisation user", "Sees only what is shared with their organisation."),
)
ROLE_SLUGS: frozenset[str] = frozenset(role.slug for role in ROLES)

#: Why a partner organisation's user can never hold the admin role (hub admins see everything).
ADMIN_ROLE_FOR_PARTNER = "The administrator role is only for the force's own staff."

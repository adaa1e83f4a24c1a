"""The register's settings, read through django.conf.settings with documented defaults
(docs/substances.md gives each default's source; the force's scheme document decides).

PREVHUB_SUBSTANCES_SCHEMES: slug -> {"label", "conditions" (True: a contract with conditions
    and due dates), "referral" (True: referral to a treatment provider)}.
PREVHUB_SUBSTANCES_ELIGIBILITY: the eligibility rules, each {"key", "label", "source"}; every
    episode records each rule as met or not met, and is eligible when all are met.
PREVHUB_SUBSTANCES_MIN_AGE / MAX_AGE (18 / 120): ages the adult scheme takes at the offence.
PREVHUB_SUBSTANCES_ELIGIBLE_OFFENCES: Home Office offence codes the schemes take (possession
    of drugs, and low-level offences some schemes add).
PREVHUB_SUBSTANCES_RETENTION_YEARS (3): an episode is reviewed for deletion this long after it
    ends (its 12-month reoffending follow-up, then the annual report).
PREVHUB_SUBSTANCES_FOLLOW_UP_YEARS (1): the reoffending follow-up.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

SCHEMES: dict[str, dict[str, Any]] = {
    "deferred_prosecution": {
        "label": "Deferred prosecution (contract with conditions)",
        "conditions": True,
        "referral": True,
    },
    "drug_education": {
        "label": "Drug education course",
        "conditions": False,
        "referral": False,
    },
    "community_resolution": {
        "label": "Community resolution with referral",
        "conditions": False,
        "referral": True,
    },
}

ELIGIBILITY: tuple[dict[str, str], ...] = (
    {
        "key": "age",
        "label": "Aged {min_age} to {max_age} at the offence",
        "source": "The adult scheme; under-18s go to the youth justice service's own diversion "
        "(Crime and Disorder Act 1998 s.37, s.39).",
    },
    {
        "key": "offence",
        "label": "The offence is one the scheme takes (possession of drugs for own use, or a "
        "listed low-level offence)",
        "source": "Force scheme document; possession offences as Home Office codes 92C-92E.",
    },
    {
        "key": "admission",
        "label": "The person admits the offence (or does not deny it)",
        "source": "Police, Crime, Sentencing and Courts Act 2022 s.98 (diversionary caution: "
        "an admission is required).",
    },
    {
        "key": "no_excluding_factors",
        "label": "No excluding factor: no intent to supply, no violence or weapon, not on bail "
        "or licence for a serious offence",
        "source": "Force scheme document.",
    },
)

MIN_AGE, MAX_AGE = 18, 120
ELIGIBLE_OFFENCES = ("92C", "92D", "92E", "46")
RETENTION_YEARS = 3
FOLLOW_UP_YEARS = 1


def _get(name: str, default: Any) -> Any:
    return getattr(settings, f"PREVHUB_SUBSTANCES_{name}", default)


def schemes() -> dict[str, dict[str, Any]]:
    return dict(_get("SCHEMES", SCHEMES))


def scheme_choices() -> list[tuple[str, str]]:
    return [(slug, str(spec["label"])) for slug, spec in schemes().items()]


def min_age() -> int:
    return int(_get("MIN_AGE", MIN_AGE))


def max_age() -> int:
    return int(_get("MAX_AGE", MAX_AGE))


def eligibility_rules() -> list[dict[str, str]]:
    """The rules with their labels filled in (ages from the settings)."""
    return [
        {**rule, "label": rule["label"].format(min_age=min_age(), max_age=max_age())}
        for rule in _get("ELIGIBILITY", ELIGIBILITY)
    ]


def eligible_offences() -> tuple[str, ...]:
    return tuple(str(c).upper() for c in _get("ELIGIBLE_OFFENCES", ELIGIBLE_OFFENCES))


def retention_years() -> int:
    return int(_get("RETENTION_YEARS", RETENTION_YEARS))


def follow_up_years() -> int:
    return int(_get("FOLLOW_UP_YEARS", FOLLOW_UP_YEARS))

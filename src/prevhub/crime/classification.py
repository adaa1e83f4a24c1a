"""Home Office offence codes and police.uk crime types, placed in the hub's crime classes.

Every count the hub publishes says which class it belongs to, because "crime is down" means
little until you say *which* crime: ONS splits police recorded crime into victim-based crime and
other crimes against society, and keeps fraud and anti-social behaviour (not a crime) apart.

Two inputs are classified here:

* police.uk crime types (the 14 street categories), through the packaged table
  ``reference/policeuk_crime_type_to_ons_class.csv``;
* Home Office offence codes from force extracts, through the ONS offence hierarchy
  (``reference/ons_crime_offence_hierarchy_2017-18.csv``) with the later changes applied:
  8L, 8M, 8Q and 8R form one "Stalking and harassment" subgroup, and controlling or coercive
  behaviour (8U) joins it from April 2020 (before that it sat in violence without injury).

Class slugs used in every output: ``victim-based``, ``other-crimes-against-society``, ``fraud``,
``not-a-crime``.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

VICTIM_BASED = "victim-based"
OTHER_CRIMES_AGAINST_SOCIETY = "other-crimes-against-society"
FRAUD = "fraud"
NOT_A_CRIME = "not-a-crime"
CRIME_CLASSES = (VICTIM_BASED, OTHER_CRIMES_AGAINST_SOCIETY, FRAUD, NOT_A_CRIME)
COUNTED_CLASSES = (VICTIM_BASED, OTHER_CRIMES_AGAINST_SOCIETY, FRAUD)

ANTI_SOCIAL_BEHAVIOUR = "Anti-social behaviour"

STALKING_AND_HARASSMENT = "Stalking and harassment"
STALKING_AND_HARASSMENT_CODES = frozenset({"8L", "8M", "8Q", "8R"})
CONTROLLING_OR_COERCIVE_BEHAVIOUR_CODE = "8U"
#: First month in which controlling or coercive behaviour counts as stalking and harassment.
COERCIVE_CONTROL_JOINS_STALKING_FROM = "2020-04"

#: Offence codes the 2017-18 hierarchy file lacks but force systems use.
_ADDITIONAL_OFFENCES: tuple[tuple[str, str, str, str], ...] = (
    (
        "8U",
        "Engage in controlling or coercive behaviour in an intimate or family relationship",
        "Violence against the person",
        "Violence without injury",
    ),
)

_ONS_GROUP_TO_CLASS = {
    "Violence against the person": VICTIM_BASED,
    "Sexual offences": VICTIM_BASED,
    "Robbery": VICTIM_BASED,
    "Theft offences": VICTIM_BASED,
    "Criminal damage and arson": VICTIM_BASED,
    "Drug offences": OTHER_CRIMES_AGAINST_SOCIETY,
    "Possession of weapons offences": OTHER_CRIMES_AGAINST_SOCIETY,
    "Public order offences": OTHER_CRIMES_AGAINST_SOCIETY,
    "Miscellaneous crimes against society": OTHER_CRIMES_AGAINST_SOCIETY,
    "Fraud offences": FRAUD,
}

#: ONS 2017-18 subgroup -> Crime Harm Index subgroup in ``cchi_weights_by_prc_subgroup.csv``.
_SUBGROUP_TO_HARM_SUBGROUP = {
    "Homicide": "Homicide",
    "Violence with injury": "Violence with injury",
    "Violence without injury": "Violence without injury",
    STALKING_AND_HARASSMENT: "Stalking and harassment",
    "Rape": "Rape offences",
    "Other sexual offences": "Other sexual offences",
    "Robbery of business property": "Robbery of business property",
    "Robbery of personal property": "Robbery of personal property",
    "Domestic burglary": "Residential burglary",
    "Non-domestic burglary": "Non-residential burglary",
    "Theft of a motor vehicle": "Vehicle offences",
    "Theft from a vehicle": "Vehicle offences",
    "Vehicle interference": "Vehicle offences",
    "Theft from the person": "Theft from the person",
    "Bicycle theft": "Bicycle theft",
    "Shoplifting": "Shoplifting",
    "Other theft offences": "Other theft offences",
    "Criminal damage": "Criminal damage",
    "Arson": "Arson",
    "Possession of drugs": "Possession of drugs",
    "Trafficking of drugs": "Trafficking of drugs",
}
_GROUP_TO_HARM_SUBGROUP = {
    "Public order offences": "Public order offences",
    "Possession of weapons offences": "Possession of weapons offences",
    "Miscellaneous crimes against society": "Miscellaneous crimes against society",
}


@dataclass(frozen=True)
class Offence:
    """One Home Office offence code and where it sits in the hierarchy."""

    code: str
    label: str
    offence_group: str
    offence_subgroup: str
    crime_class: str
    harm_subgroup: str | None


@dataclass(frozen=True)
class CrimeType:
    """One police.uk street crime category and its ONS group and class."""

    name: str
    slug: str
    offence_group: str
    crime_class: str


def _reference_text(name: str) -> str:
    return resources.files("prevhub.crime.reference").joinpath(name).read_text(encoding="utf-8")


def _reference_rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(_reference_text(name).splitlines()))


@cache
def offences() -> dict[str, Offence]:
    """Every Home Office offence code the hub knows, keyed by code (upper case).

    8L, 8M, 8Q and 8R are placed in the current "Stalking and harassment" subgroup. 8U is in
    violence without injury here; :func:`classify_offence` (and the measures' SQL) move it to
    stalking and harassment from April 2020, because its subgroup depends on when it was
    recorded.
    """
    harm = harm_weights_by_subgroup()
    table: dict[str, Offence] = {}
    rows = [
        (r["code"], r["label"], r["offence_group"], r["offence_subgroup"])
        for r in _reference_rows("ons_crime_offence_hierarchy_2017-18.csv")
        if r["is_leaf"] == "1"
    ]
    for code, label, group, subgroup in [*rows, *_ADDITIONAL_OFFENCES]:
        if code.upper() in STALKING_AND_HARASSMENT_CODES:
            subgroup = STALKING_AND_HARASSMENT
        harm_subgroup = _SUBGROUP_TO_HARM_SUBGROUP.get(subgroup) or _GROUP_TO_HARM_SUBGROUP.get(
            group
        )
        if group == "Violence against the person" and subgroup == "Homicide":
            harm_subgroup = "Homicide"
        table[code.upper()] = Offence(
            code=code.upper(),
            label=label,
            offence_group=group,
            offence_subgroup=subgroup,
            crime_class=_ONS_GROUP_TO_CLASS[group],
            harm_subgroup=harm_subgroup if harm_subgroup in harm else None,
        )
    return table


def classify_offence(code: str, month: str | None = None) -> Offence:
    """The offence for a Home Office code; for 8U the subgroup depends on the month recorded.

    Raises KeyError for a code the hub does not know (the reader turns that into a user error).
    """
    offence = offences()[code.strip().upper()]
    if (
        offence.code == CONTROLLING_OR_COERCIVE_BEHAVIOUR_CODE
        and month is not None
        and month >= COERCIVE_CONTROL_JOINS_STALKING_FROM
    ):
        return Offence(
            code=offence.code,
            label=offence.label,
            offence_group=offence.offence_group,
            offence_subgroup=STALKING_AND_HARASSMENT,
            crime_class=offence.crime_class,
            harm_subgroup="Stalking and harassment",
        )
    return offence


def is_stalking_or_harassment(code: str, month: str) -> bool:
    """True for 8L/8M/8Q/8R, and for 8U from April 2020 (the ONS definition at that date)."""
    code = code.strip().upper()
    if code in STALKING_AND_HARASSMENT_CODES:
        return True
    return code == CONTROLLING_OR_COERCIVE_BEHAVIOUR_CODE and month >= (
        COERCIVE_CONTROL_JOINS_STALKING_FROM
    )


@cache
def crime_types() -> dict[str, CrimeType]:
    """police.uk crime types keyed by the name used in the CSV files."""
    table: dict[str, CrimeType] = {}
    for row in _reference_rows("policeuk_crime_type_to_ons_class.csv"):
        ons_class = row["ons_class"]
        if ons_class == "victim-based":
            crime_class = VICTIM_BASED
        elif ons_class == "other crimes against society":
            crime_class = OTHER_CRIMES_AGAINST_SOCIETY
        else:
            crime_class = NOT_A_CRIME
        group = row["ons_offence_group"]
        if crime_class == NOT_A_CRIME:
            group = ANTI_SOCIAL_BEHAVIOUR
        table[row["crime_type_csv"]] = CrimeType(
            name=row["crime_type_csv"],
            slug=row["api_slug"],
            offence_group=group,
            crime_class=crime_class,
        )
    return table


def classify_crime_type(name: str) -> CrimeType:
    """The class of a police.uk crime type (KeyError if the category is unknown)."""
    return crime_types()[name]


@cache
def harm_weights_by_subgroup() -> dict[str, float]:
    """Crime Harm Index days per recorded-crime subgroup (third-party table; see README)."""
    return {
        r["prc_subgroup"]: float(r["cchi_days"])
        for r in _reference_rows("cchi_weights_by_prc_subgroup.csv")
    }


@cache
def harm_weights_by_crime_type() -> dict[str, float]:
    """National Crime Harm Index days per police.uk category.

    Each category's weight is the average of its subgroups' weights, weighted by their national
    2024/25 counts: the best single figure when only the category is known.
    """
    totals: dict[str, tuple[float, float]] = {}
    for r in _reference_rows("cchi_weights_by_prc_subgroup.csv"):
        days, n = float(r["cchi_days"]), float(r["national_count_2024_25"])
        weighted, count = totals.get(r["category"], (0.0, 0.0))
        totals[r["category"]] = (weighted + days * n, count + n)
    return {category: weighted / count for category, (weighted, count) in totals.items()}


@cache
def harm_weights_by_force_crime_type() -> dict[tuple[str, str], float]:
    """Crime Harm Index days per (force id, police.uk category).

    These are the national subgroup weights averaged over each force's own mix of subgroups,
    so a force whose violence is mostly without injury gets a lower violence weight.
    """
    return {
        (_harm_table_force_id(r["force"]), r["crime_type"]): float(r["cchi_days"])
        for r in _reference_rows("cchi_weights_by_force_category.csv")
    }


def _harm_table_force_id(name: str) -> str:
    """The harm table names forces ("Devon and Cornwall", "Metropolitan Police"); map to ids."""
    slug = name.strip().lower().replace(" ", "-")
    return {"metropolitan-police": "metropolitan"}.get(slug, slug)


@cache
def forces() -> dict[str, str]:
    """police.uk force id -> force name as the CSVs' "Falls within" column spells it."""
    return {f["id"]: f["name"] for f in json.loads(_reference_text("data_police_uk_forces.json"))}


@dataclass(frozen=True)
class CountingRuleChange:
    """A change in how crimes are recorded that makes counts either side of it unlike."""

    effective_month: str
    affects: str
    summary: str
    reference: str


@cache
def counting_rule_changes() -> tuple[CountingRuleChange, ...]:
    """Packaged list of counting-rule and classification changes the measures flag."""
    return tuple(CountingRuleChange(**row) for row in _reference_rows("counting_rule_changes.csv"))


def crime_type_rows() -> list[tuple[str, str, str, str, float]]:
    """(crime_type, slug, group, class, national harm days) rows for the store's lookup table."""
    harm = harm_weights_by_crime_type()
    return [
        (t.name, t.slug, t.offence_group, t.crime_class, harm.get(t.name, 0.0))
        for t in crime_types().values()
    ]


def offence_rows() -> list[tuple[str, str, str, str, str, float | None, float | None]]:
    """Rows for the store's offence lookup table.

    Columns: code, label, group, subgroup, class, harm days, and the harm days that apply from
    April 2020 when the subgroup changes then (8U); otherwise the same harm days.
    """
    harm = harm_weights_by_subgroup()
    rows = []
    for offence in offences().values():
        days = harm.get(offence.harm_subgroup or "")
        rows.append(
            (
                offence.code,
                offence.label,
                offence.offence_group,
                offence.offence_subgroup,
                offence.crime_class,
                days,
                harm["Stalking and harassment"]
                if offence.code == CONTROLLING_OR_COERCIVE_BEHAVIOUR_CODE
                else days,
            )
        )
    return rows

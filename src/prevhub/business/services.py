"""Writes of the Safer Business register: placing a business, importing a list, follow-ups.

Every function is keyword-only and atomic; the rules a form and the API both need live here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from prevhub.business import conf
from prevhub.business.choices import Sector
from prevhub.business.models import Business, Recommendation, SecuritySurvey
from prevhub.core.audit import audit_batch
from prevhub.errors import PrevhubError
from prevhub.partners.models import Organisation

# --- placing a business ------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _place(force: str, longitude: float, latitude: float) -> Any:
    from prevhub.crime.find.points import to_bng
    from prevhub.crime.geography import force_boundaries

    boundaries = force_boundaries(force)
    if boundaries is None:
        return None
    x, y = to_bng([longitude], [latitude])
    return boundaries.place(float(x[0]), float(y[0]))


def place_of(longitude: float | None, latitude: float | None) -> Any:
    """The LSOA and district of a WGS84 point (point in the force's packaged or installed LSOA
    polygons, ``prevhub.crime.geography``); None outside every LSOA or without boundaries."""
    if longitude is None or latitude is None:
        return None
    try:
        return _place(conf.police_force(), float(longitude), float(latitude))
    except (TypeError, ValueError):
        return None


# --- importing businesses ----------------------------------------------------------------

#: Columns of a business list (a header row; names as here, any order). Coordinates are
#: required: the hub packages no postcode or UPRN lookup (the ONS Postcode Directory and
#: AddressBase are hundreds of megabytes and, for AddressBase, licensed), so a postcode or
#: UPRN is kept as given and never used to place the business.
IMPORT_COLUMNS = (
    "name",
    "sector",
    "address",
    "postcode",
    "uprn",
    "longitude",
    "latitude",
    "location_id",
    "memberships",
    "contact_name",
    "contact_role",
    "contact_phone",
    "contact_email",
    "notes",
)
REQUIRED_COLUMNS = ("name", "sector", "address", "longitude", "latitude")
MISSING_COLUMNS = "{file}: line 1: missing column(s) {columns}"
UNKNOWN_COLUMNS = "{file}: line 1: unknown column(s) {columns}"
ROW_ERROR = "{file}: line {line}, field {field}: {message}"
UNKNOWN_SECTOR = "unknown sector {value!r}; use one of: {choices}"
UNKNOWN_MEMBERSHIP = "no partner organisation with the slug {value!r}"
DUPLICATE_ROW = "the same business (name and address) as line {line}"
NOT_A_NUMBER = "{value!r} is not a number"
NOTHING_LOADED = "nothing was loaded"

_COLUMN_FIELD = {"location_id": "crime_location_id"}


@dataclass
class ImportReport:
    """What an import did (or would do): created, updated and unchanged businesses."""

    file: str
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.file}: {len(self.created)} created, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged"
        )


class ImportRefused(PrevhubError):
    """A business list with at least one bad row: every problem, each with line and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join([*problems, NOTHING_LOADED]))


def _key(name: str, address: str) -> tuple[str, str]:
    """One business per name and address, however the spacing and capitals were typed."""
    return (" ".join(name.split()).casefold(), " ".join(address.split()).casefold())


def _sector(value: str) -> str | None:
    v = value.strip().casefold()
    for code, label in Sector.choices:
        if v in (code.casefold(), str(label).casefold()):
            return code
    return None


def _read_rows(text: str, file: str) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ImportRefused([MISSING_COLUMNS.format(file=file, columns=", ".join(missing))])
    unknown = [c for c in header if c not in IMPORT_COLUMNS]
    if unknown:
        raise ImportRefused([UNKNOWN_COLUMNS.format(file=file, columns=", ".join(unknown))])
    reader.fieldnames = header
    rows = []
    for row in reader:
        clean = {k: (v or "").strip() for k, v in row.items() if k is not None}
        if any(clean.values()):
            rows.append((reader.line_num, clean))
    return header, rows


def _validate(
    file: str, rows: list[tuple[int, dict[str, str]]]
) -> tuple[list[str], list[tuple[int, dict[str, Any], list[Organisation]]]]:
    problems: list[str] = []
    valid = []
    seen: dict[tuple[str, str], int] = {}
    orgs = {o.slug: o for o in Organisation.objects.filter(is_force=False, active=True)}
    for line, row in rows:
        errors: list[tuple[str, str]] = []
        values: dict[str, Any] = {}
        for column in IMPORT_COLUMNS:
            if column == "memberships" or column not in row:
                continue
            values[_COLUMN_FIELD.get(column, column)] = row[column]
        sector = _sector(row.get("sector", ""))
        if sector is None:
            choices = ", ".join(code for code, _ in Sector.choices)
            errors.append(
                ("sector", UNKNOWN_SECTOR.format(value=row.get("sector"), choices=choices))
            )
        else:
            values["sector"] = sector
        for name in ("longitude", "latitude"):
            try:
                values[name] = float(row.get(name, ""))
            except ValueError:
                errors.append((name, NOT_A_NUMBER.format(value=row.get(name, ""))))
        members = []
        for slug in filter(None, (s.strip() for s in row.get("memberships", "").split(";"))):
            if slug in orgs:
                members.append(orgs[slug])
            else:
                errors.append(("memberships", UNKNOWN_MEMBERSHIP.format(value=slug)))
        if not errors:
            candidate = Business(**values)
            try:
                candidate.full_clean()
            except ValidationError as exc:
                for name, messages in exc.message_dict.items():
                    column = {v: k for k, v in _COLUMN_FIELD.items()}.get(name, name)
                    errors += [(column, m) for m in messages]
        key = _key(row.get("name", ""), row.get("address", ""))
        if key in seen:
            errors.append(("name", DUPLICATE_ROW.format(line=seen[key])))
        seen.setdefault(key, line)
        for column, message in errors:
            problems.append(ROW_ERROR.format(file=file, line=line, field=column, message=message))
        if not errors:
            valid.append((line, values, members))
    return problems, valid


def business_import(
    *, text: str, file: str = "businesses.csv", dry_run: bool = False
) -> ImportReport:
    """Load a list of businesses from CSV: every row is checked first and nothing loads if any
    row is bad (:class:`ImportRefused` names each line and field). A business already in the
    register (same name and address) is updated, so importing the same file twice changes
    nothing the second time. A membership column names partner organisations by slug,
    separated by ``;``, and replaces the business's memberships."""
    _, rows = _read_rows(text, file)
    problems, valid = _validate(file, rows)
    if problems:
        raise ImportRefused(problems)
    report = ImportReport(file=file)
    existing = {_key(b.name, b.address): b for b in Business.objects.all()}
    plan: list[tuple[Business | None, dict[str, Any], list[Organisation], list[str], bool]] = []
    for _line, values, members in valid:
        business = existing.get(_key(values["name"], values["address"]))
        if business is None:
            plan.append((None, values, members, [], False))
            continue
        changed = [k for k, v in values.items() if getattr(business, k) != v]
        same_members = {o.pk for o in business.memberships.all()} == {o.pk for o in members}
        if not changed and same_members:
            report.unchanged.append(business.reference)
        else:
            plan.append((business, values, members, changed, same_members))
    if dry_run:
        report.created = ["(new)"] * sum(1 for p in plan if p[0] is None)
        report.updated = [p[0].reference for p in plan if p[0] is not None]
        return report
    with transaction.atomic(), audit_batch():
        for business, values, members, changed, same_members in plan:
            if business is None:
                business = Business(**values)
                business.save()
                business.memberships.set(members)
                report.created.append(business.reference)
                continue
            for k in changed:
                setattr(business, k, values[k])
            if changed:
                business.save()
            if not same_members:
                business.memberships.set(members)
            report.updated.append(business.reference)
    return report


def business_import_file(*, path: Path | str, dry_run: bool = False) -> ImportReport:
    """:func:`business_import` of a file (UTF-8, a byte-order mark allowed)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused([f"{p.name}: not UTF-8 text ({exc.reason})"]) from exc
    except OSError as exc:
        raise PrevhubError(f"{p}: {exc.strerror}") from exc
    return business_import(text=text, file=p.name, dry_run=dry_run)


# --- surveys and their follow-up ---------------------------------------------------------

TECHNIQUE_UNKNOWN = "Technique {value} is not one of the 25 (1 to 25)."
DONE_NOT_IN_SURVEY = "Recommendation {value} is not part of this survey."
FOLLOW_UP_IN_FUTURE = "The follow-up cannot be recorded for a day that has not come."


def check_techniques(values: Iterable[Any]) -> list[int]:
    """The numbers of the 25 situational crime prevention techniques, each once, in order."""
    from prevhub.problems.techniques import BY_NUMBER

    out: list[int] = []
    for v in values:
        try:
            n = int(v)
        except (TypeError, ValueError):
            raise ValidationError(TECHNIQUE_UNKNOWN.format(value=v)) from None
        if n not in BY_NUMBER:
            raise ValidationError(TECHNIQUE_UNKNOWN.format(value=v))
        if n not in out:
            out.append(n)
    return sorted(out)


@transaction.atomic
def survey_record_follow_up(
    *,
    survey: SecuritySurvey,
    on: dt.date,
    done: Iterable[Recommendation],
    notes: str = "",
) -> SecuritySurvey:
    """The follow-up visit: the date, and which recommendations the business has done (their
    ``done_on`` becomes the visit's date; those not ticked stay or become not done)."""
    from django.utils import timezone

    if on > timezone.localdate():
        raise ValidationError({"followed_up_on": FOLLOW_UP_IN_FUTURE})
    if on < survey.surveyed_on:
        raise ValidationError({"followed_up_on": "The follow-up must be after the survey."})
    done_ids = {r.pk for r in done}
    own = {r.pk for r in survey.recommendations.all()}
    stray = sorted(done_ids - own)
    if stray:
        raise ValidationError({"done": DONE_NOT_IN_SURVEY.format(value=stray[0])})
    with audit_batch():
        survey.followed_up_on = on
        if notes:
            survey.follow_up_notes = notes
        survey.save()
        for rec in survey.recommendations.all():
            want = rec.done_on or on if rec.pk in done_ids else None
            if rec.done_on != want:
                rec.done_on = want
                rec.save()
    return survey

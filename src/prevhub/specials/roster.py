"""Import an existing roster of officers from CSV: every row is checked first, and nothing is
loaded if any row is bad (the refusal names the file, line and field). Loading the same file
twice changes nothing: officers are matched on their collar number and saved only if changed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from prevhub.core.audit import audit_batch
from prevhub.errors import PrevhubError
from prevhub.specials import rules
from prevhub.specials.choices import OfficerStatus, Rank, VettingLevel
from prevhub.specials.models import Officer

REQUIRED = ("collar_number", "given_name", "family_name", "team", "joined_on")
OPTIONAL = (
    "rank",
    "station",
    "warrant_date",
    "status",
    "independent_since",
    "left_on",
    "vetting_level",
    "vetting_granted_on",
    "vetting_expires_on",
    "occupation",
    "email",
    "phone",
)
DATES = (
    "joined_on",
    "warrant_date",
    "independent_since",
    "left_on",
    "vetting_granted_on",
    "vetting_expires_on",
)
CHOICES = {"rank": Rank, "status": OfficerStatus, "vetting_level": VettingLevel}

MISSING_COLUMNS = "{file}: the header lacks the column(s) {columns}"
REQUIRED_EMPTY = "{file}, line {line}, {column}: a value is required"
BAD_DATE = "{file}, line {line}, {column}: {value!r} is not a date (write YYYY-MM-DD)"
BAD_CHOICE = "{file}, line {line}, {column}: {value!r} is not one of {allowed}"
DUPLICATE = "{file}, line {line}, collar_number: {value!r} is already on line {first}"
RULE = "{file}, line {line}, {column}: {message}"


class RosterError(PrevhubError):
    """A roster that is refused as a whole, with every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class RosterResult:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)


def _choice(enum: Any, value: str) -> str | None:
    for code, label in enum.choices:
        if value.lower() in (str(code).lower(), str(label).lower()):
            return str(code)
    return None


def parse_roster(text: str, *, name: str = "roster.csv") -> list[tuple[int, dict[str, Any]]]:
    """Check every row; return (line, fields) pairs, or raise RosterError naming every bad one."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise RosterError([MISSING_COLUMNS.format(file=name, columns=", ".join(missing))])
    problems: list[str] = []
    rows: list[tuple[int, dict[str, Any]]] = []
    seen: dict[str, int] = {}
    for raw in reader:
        line = reader.line_num
        values = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        data: dict[str, Any] = {}
        bad = False
        for column in REQUIRED:
            if not values.get(column):
                problems.append(REQUIRED_EMPTY.format(file=name, line=line, column=column))
                bad = True
        for column in (*REQUIRED, *OPTIONAL):
            value = values.get(column, "")
            if not value:
                continue
            if column in DATES:
                try:
                    data[column] = dt.date.fromisoformat(value)
                except ValueError:
                    problems.append(
                        BAD_DATE.format(file=name, line=line, column=column, value=value)
                    )
                    bad = True
            elif column in CHOICES:
                code = _choice(CHOICES[column], value)
                if code is None:
                    allowed = ", ".join(str(c) for c, _ in CHOICES[column].choices)
                    problems.append(
                        BAD_CHOICE.format(
                            file=name, line=line, column=column, value=value, allowed=allowed
                        )
                    )
                    bad = True
                else:
                    data[column] = code
            else:
                data[column] = value
        collar = data.get("collar_number")
        if collar:
            if collar in seen:
                problems.append(
                    DUPLICATE.format(file=name, line=line, value=collar, first=seen[collar])
                )
                bad = True
            else:
                seen[collar] = line
        if not bad:
            candidate = Officer(**{k: v for k, v in data.items()})
            for column, messages in rules.officer_problems(candidate).items():
                for message in messages:
                    problems.append(
                        RULE.format(file=name, line=line, column=column, message=message)
                    )
        rows.append((line, data))
    if problems:
        raise RosterError(problems)
    return rows


@transaction.atomic
def roster_import(text: str, *, name: str = "roster.csv") -> RosterResult:
    """Load a roster (all rows or none); officers matched on collar number."""
    rows = parse_roster(text, name=name)
    result = RosterResult()
    with audit_batch():
        for _line, data in rows:
            existing = Officer._base_manager.filter(collar_number=data["collar_number"]).first()
            if existing is None:
                Officer.objects.create(**data)
                result.added += 1
                continue
            changed = False
            for key, value in data.items():
                if getattr(existing, key) != value:
                    setattr(existing, key, value)
                    changed = True
            if changed:
                existing.save()
                result.updated += 1
            else:
                result.unchanged += 1
    return result


def roster_import_file(path: Path) -> RosterResult:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError([f"{path.name}: not UTF-8 text ({exc.reason})"]) from exc
    return roster_import(text, name=path.name)

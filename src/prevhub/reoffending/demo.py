"""Demonstration data for the reoffending register: invented people on an IOM cohort, and a
generated force extract with offender ids loaded into the crime store, so the measures page
has figures. Every name and id is invented; loading twice changes nothing."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from django.contrib.auth.models import Group
from django.utils import timezone

from prevhub.core import roles
from prevhub.core.audit import audit_batch
from prevhub.core.models import User
from prevhub.partners.models import Organisation
from prevhub.people.models import Person
from prevhub.reoffending.choices import Outcome, Pathway, StatutoryStatus, Strand
from prevhub.reoffending.models import CohortMember, CohortReview, CustodySpell, PathwayNeed

DEMO_FAMILY = "Cohortdemo"
DEMO_USERNAME = "offender"
DEMO_SEED = 2020
#: Invented cohort: given name, strand, statutory status, days ago selected, custody days
#: (start days ago, length) or None.
DEMO_COHORT = (
    ("Arlo", Strand.FIXED, StatutoryStatus.LICENCE, 800, (700, 60)),
    ("Bea", Strand.FIXED, StatutoryStatus.COMMUNITY_ORDER, 760, None),
    ("Cal", Strand.FLEX, StatutoryStatus.NONE, 720, None),
    ("Dee", Strand.FIXED, StatutoryStatus.LICENCE, 690, (600, 90)),
    ("Eli", Strand.FREE, StatutoryStatus.NONE, 650, None),
    ("Fen", Strand.FIXED, StatutoryStatus.COMMUNITY_ORDER, 610, None),
    ("Gus", Strand.FLEX, StatutoryStatus.LICENCE, 560, (500, 45)),
    ("Hal", Strand.FIXED, StatutoryStatus.NONE, 520, None),
    ("Ivy", Strand.FIXED, StatutoryStatus.LICENCE, 480, None),
    ("Jax", Strand.FLEX, StatutoryStatus.NONE, 420, None),
    ("Kit", Strand.FIXED, StatutoryStatus.COMMUNITY_ORDER, 300, None),
    ("Lou", Strand.FREE, StatutoryStatus.NONE, 120, None),
)


def demo_offender_reference(index: int) -> str:
    return f"OFF-9{index:06d}"


def _offender_manager() -> User:
    user = User.objects.filter(username=DEMO_USERNAME).first()
    if user is None:
        from prevhub.core.services import force_organisation_ensure
        from prevhub.demo import DEMO_PASSWORD

        user = User.objects.create_user(
            username=DEMO_USERNAME,
            password=DEMO_PASSWORD,
            first_name="Olly",
            last_name="Manager",
            organisation=force_organisation_ensure(),
        )
        user.groups.add(Group.objects.get_or_create(name=roles.OFFENDER_MANAGER)[0])
    return user


def load_reoffending_demo(*, store_path: Path | None = None) -> str:
    if CohortMember._base_manager.filter(person__family_name=DEMO_FAMILY).exists():
        return "reoffending demo: already loaded"
    today = timezone.localdate()
    officer = _offender_manager()
    probation = Organisation.objects.filter(slug="city-council").first()
    housing = Organisation.objects.filter(slug="riverside-housing").first()
    cohort: list[tuple[str, dt.date]] = []
    with audit_batch():
        for index, (given, strand, status, ago, custody) in enumerate(DEMO_COHORT, start=1):
            person = Person.objects.create(
                given_name=given,
                family_name=DEMO_FAMILY,
                date_of_birth=dt.date(1985 + index, index % 12 + 1, 10),
            )
            selected = today - dt.timedelta(days=ago)
            member = CohortMember.objects.create(
                person=person,
                offender_reference=demo_offender_reference(index),
                strand=strand,
                selection_reason="Invented: repeated neighbourhood crime in the last year.",
                selection_score=60 + index,
                selected_on=selected,
                lead_police_officer=officer,
                lead_probation_officer="Invented probation practitioner",
                statutory_status=status,
                next_review_on=today + dt.timedelta(days=(index % 5) - 1),
            )
            if index % 3 == 0 and housing is not None:
                member.shared_with.add(housing)
            if custody is not None:
                start, length = custody
                CustodySpell.objects.create(
                    member=member,
                    started_on=today - dt.timedelta(days=start),
                    released_on=today - dt.timedelta(days=start - length),
                    establishment="HMP Invented",
                )
            PathwayNeed.objects.create(
                member=member,
                pathway=list(Pathway)[index % 7],
                need="Invented need.",
                identified_on=selected + dt.timedelta(days=7),
                intervention="Invented intervention.",
                provider=probation if index % 2 else housing,
                started_on=selected + dt.timedelta(days=14),
                ended_on=selected + dt.timedelta(days=120) if index % 2 else None,
                outcome=Outcome.MET if index % 2 else Outcome.ONGOING,
            )
            CohortReview.objects.create(
                member=member, due_on=today + dt.timedelta(days=index % 4 - 1)
            )
            cohort.append((demo_offender_reference(index), selected))
    crime = _load_extract(cohort, today, store_path)
    return f"reoffending demo: {len(cohort)} cohort members; {crime}"


def _load_extract(cohort: list[tuple[str, dt.date]], today: dt.date, path: Path | None) -> str:
    """A generated extract with offender ids over the three years to yesterday, ingested
    into the crime store as Nottinghamshire recorded crime."""
    from prevhub.crime.offender_extract import generate_offender_extract
    from prevhub.crime.store import CrimeStore
    from prevhub.paths import crime_store_path

    last = today - dt.timedelta(days=1)
    first = last - dt.timedelta(days=3 * 365)
    with tempfile.TemporaryDirectory() as folder:
        extract = Path(folder) / "demo-offender-extract.csv"
        rows = generate_offender_extract(
            extract,
            rows=20_000,
            offenders=3_000,
            first=first,
            last=last,
            seed=DEMO_SEED,
            cohort=cohort,
        )
        # "recorded-crime-generated" in the name: the report says where such figures come from.
        combined = Path(folder) / "nottinghamshire-recorded-crime-generated-with-offenders.csv"
        _with_demo_stalking_rows(extract, combined)
        with CrimeStore(path or crime_store_path()) as store:
            store.ingest_recorded_crime(combined, force="nottinghamshire")
    return f"{rows:,} generated recorded crimes with offender ids"


#: The hub's own recorded-crime columns (the reader's default layout, ISO dates).
_HUB_COLUMNS = (
    "crime_reference", "recorded_date", "offence_code", "offender_id", "lsoa_code", "x", "y",
    "victim_id", "location_id", "domestic_abuse",
)  # fmt: skip


def _with_demo_stalking_rows(offender_extract: Path, target: Path) -> None:
    """One extract for the demo force: a recorded-crime ingest replaces a force's months, so
    the offender extract and the crime demo's generated stalking and harassment extract
    (prevhub.crime.demo.year_extract) must arrive as one file, or the later would erase the
    earlier. The stalking rows keep their places and victims and carry no offender id (they
    are not the cohort's offending)."""
    import csv
    import gzip

    from prevhub.crime.demo import year_extract

    stalking, _mapping = year_extract()
    with target.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(_HUB_COLUMNS)
        with offender_extract.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                writer.writerow([row.get(c, "") for c in _HUB_COLUMNS])
        with gzip.open(stalking, "rt", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                day, month, year = row["Date Recorded"].split("/")
                writer.writerow(
                    [
                        row["CrimeNo"], f"{year}-{month}-{day}", row["HO Code"], "",
                        row["LSOA"], row["Easting"], row["Northing"], row["Victim Ref"],
                        row["Location Ref"], row["DA Flag"],
                    ]
                )  # fmt: skip

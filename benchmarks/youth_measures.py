"""How long the youth register's measures take over 2,000 generated cadets (the issue's goal:
under 0.5 s).

Run: .venv/bin/python benchmarks/youth_measures.py [--home DIR] [--cadets 2000] [--repeat 7]

Builds a fresh embedded database in ``--home`` (a temporary folder by default): 80 units (50
VPC, 15 junior, 15 Mini Police cohorts), ``--cadets`` children spread over them with joining
dates over three years and a quarter of them leavers, weekly sessions for three years with
attendance, and monthly volunteering events with hours. Then it times
``selectors.measures`` for the last 12 and the last 36 months, the measures page and the
``volunteering_hours_for_map`` aggregate, each ``--repeat`` times after one warm-up, and
prints the median and slowest wall time and the median CPU time. Every child is generated
("Benchcadet").
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", default=None)
    parser.add_argument("--cadets", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    home = args.home or tempfile.mkdtemp(prefix="youth-bench-")
    os.environ["PREVHUB_HOME"] = home
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "prevhub.web.settings.dev"
    sys.path.insert(0, str(HERE.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    counts = generate(args.cadets)
    print(f"data: {counts}")
    report(args.repeat)


def generate(cadets: int) -> dict[str, int]:
    import datetime as dt
    import random

    from django.db import transaction

    from prevhub.partners.models import Organisation
    from prevhub.youth import rules
    from prevhub.youth.models import Cadet, Session, Unit, VolunteeringEvent, VolunteeringHours

    rng = random.Random(20261202)
    today = dt.date.today()
    start = today - dt.timedelta(days=3 * 365)
    with transaction.atomic():
        school = Organisation.objects.create(
            name="Bench school", slug="bench-school", kind="education"
        )
        units = (
            [Unit(name=f"VPC {i}", kind="vpc") for i in range(50)]
            + [Unit(name=f"Junior {i}", kind="junior") for i in range(15)]
            + [
                Unit(
                    name=f"Mini {i}",
                    kind="mini_police",
                    host_organisation=school,
                    school_year=today.year - 1,
                )
                for i in range(15)
            ]
        )
        Unit.objects.bulk_create(units)
        units = list(Unit.objects.order_by("id"))
        rows = []
        for n in range(cadets):
            unit = units[n % len(units)]
            joined = start + dt.timedelta(days=rng.randrange(3 * 365))
            low = {"vpc": 13, "junior": 10, "mini_police": 9}[unit.kind]
            born = rules.birthday(joined, -low) - dt.timedelta(days=rng.randrange(300))
            left = (
                joined + dt.timedelta(days=rng.randrange(30, 700)) if rng.random() < 0.25 else None
            )
            rows.append(
                Cadet(
                    given_name=f"Bench{n}",
                    family_name="Benchcadet",
                    date_of_birth=born,
                    unit=unit,
                    joined_on=joined,
                    left_on=left if left and left < today else None,
                    leaving_reason="chose" if left and left < today else "",
                    parent_name="Bench parent",
                    vulnerable_background=rng.random() < 0.3,
                )
            )
        Cadet.objects.bulk_create(rows, batch_size=500)
        by_unit: dict[int, list] = {}
        for cadet in Cadet.objects.all():
            by_unit.setdefault(cadet.unit_id, []).append(cadet)
        sessions = [
            Session(unit=u, held_on=start + dt.timedelta(days=7 * w))
            for u in units
            for w in range(156)
        ]
        Session.objects.bulk_create(sessions, batch_size=1000)
        through = Session.attendees.through
        links = []
        for session in Session.objects.all():
            for cadet in by_unit.get(session.unit_id, []):
                if rules.on_roll(cadet, session.unit_id, session.held_on) and rng.random() < 0.75:
                    links.append(through(session_id=session.pk, cadet_id=cadet.pk))
        through.objects.bulk_create(links, batch_size=5000)
        events = [
            VolunteeringEvent(
                unit=u,
                title="Bench event",
                held_on=start + dt.timedelta(days=30 * m + 3),
                risk_assessed_on=start + dt.timedelta(days=30 * m),
                latitude=52.9 + rng.random() / 10,
                longitude=-1.2 + rng.random() / 10,
            )
            for u in units
            if u.kind != "mini_police"
            for m in range(36)
        ]
        VolunteeringEvent.objects.bulk_create(events, batch_size=1000)
        hours = []
        for event in VolunteeringEvent.objects.all():
            for cadet in by_unit.get(event.unit_id, []):
                if rules.on_roll(cadet, event.unit_id, event.held_on) and rng.random() < 0.5:
                    hours.append(
                        VolunteeringHours(event=event, cadet=cadet, hours=rng.choice([1, 2, 3, 4]))
                    )
        VolunteeringHours.objects.bulk_create(hours, batch_size=5000)
    return {
        "units": len(units),
        "cadets": Cadet.objects.count(),
        "sessions": len(sessions),
        "attendances": len(links),
        "events": len(events),
        "hour records": len(hours),
    }


def _time(fn, repeat: int) -> tuple[float, float, float]:  # type: ignore[no-untyped-def]
    """Median and slowest wall time, and median CPU time (``time.process_time``: what the work
    costs whatever else the machine is doing; wall time grows with a busy machine)."""
    fn()
    walls, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(walls), max(walls), statistics.median(cpus)


def report(repeat: int) -> None:
    import datetime as dt

    from django.conf import settings
    from django.test import Client

    from prevhub.core import roles
    from prevhub.core.testing import make_user
    from prevhub.crime import periods
    from prevhub.youth import selectors

    last = f"{dt.date.today():%Y-%m}"
    settings.ALLOWED_HOSTS.append("testserver")
    client = Client()
    client.force_login(make_user(roles.HUB_LEAD, username="benchlead"))
    cases = {
        "measures, last 12 months": lambda: selectors.measures(
            first_month=periods.add_months(last, -11), last_month=last
        ),
        "measures, last 36 months": lambda: selectors.measures(
            first_month=periods.add_months(last, -35), last_month=last
        ),
        "measures page (/youth/measures/), 12 months": lambda: client.get("/youth/measures/"),
        "volunteering_hours_for_map, 3 years": lambda: list(
            selectors.volunteering_hours_for_map(
                start=dt.date.today() - dt.timedelta(days=3 * 365), end=dt.date.today()
            )
        ),
    }
    print("| what | median wall s | slowest wall s | median CPU s |")
    print("| --- | ---: | ---: | ---: |")
    for name, fn in cases.items():
        median, slowest, cpu = _time(fn, repeat)
        print(f"| {name} | {median:.3f} | {slowest:.3f} | {cpu:.3f} |")


if __name__ == "__main__":
    main()

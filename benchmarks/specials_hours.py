"""The Special Constabulary hours measures over a generated register: 500 officers, three years
of duties (about 4 a month each, some crossing midnight), in a fresh SQLite database.

Run: .venv/bin/python benchmarks/specials_hours.py [--officers 500] [--years 3] [--repeat 5]
     (PostgreSQL: set DATABASE_URL to an empty database)

Times `selectors.hours_measures` for the whole three years (every measure: months, teams, duty
types, areas, % meeting the minimum, rolling averages, joiners/leavers, retention) and for the
last twelve months, best and median of --repeat, wall and CPU seconds. Target: under 0.5 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officers", type=int, default=500)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="specials-bench-")
    os.environ.setdefault("PREVHUB_HOME", home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "prevhub.web.settings.dev"
    import django

    django.setup()
    from zoneinfo import ZoneInfo

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from prevhub.specials import selectors
    from prevhub.specials.models import Duty, Officer

    london = ZoneInfo("Europe/London")
    rng = random.Random(7)
    first_year = 2024
    last_year = first_year + args.years - 1
    teams = [f"Team {k}" for k in range(12)]
    districts = ["City", "Broxtowe", "Gedling", "Mansfield", "Ashfield", "Rushcliffe"]
    Duty._base_manager.all().delete()
    Officer._base_manager.all().delete()
    officers = [
        Officer(
            collar_number=f"B{n:05d}",
            given_name="Bench",
            family_name=f"Mark{n}",
            team=teams[n % len(teams)],
            joined_on=dt.date(2018 + n % 8, 1 + n % 12, 1),
            left_on=dt.date(2025, 1 + n % 12, 15) if n % 9 == 0 else None,
            status="left" if n % 9 == 0 else "independent",
        )
        for n in range(args.officers)
    ]
    Officer._base_manager.bulk_create(officers, batch_size=1000)
    ids = list(Officer._base_manager.values_list("id", flat=True))
    duties = []
    for officer_id in ids:
        for year in range(first_year, last_year + 1):
            for month in range(1, 13):
                for _ in range(rng.randint(2, 6)):
                    start = dt.datetime(
                        year, month, rng.randint(1, 28), rng.choice((9, 18, 22)), tzinfo=london
                    )
                    duties.append(
                        Duty(
                            officer_id=officer_id,
                            duty_type=rng.choice(
                                ("patrol", "event", "operation", "training", "admin")
                            ),
                            status=rng.choice(("worked", "worked", "worked", "booked")),
                            starts_at=start,
                            ends_at=start + dt.timedelta(hours=rng.choice((3, 4, 5, 6, 8))),
                            district=rng.choice(districts),
                        )
                    )
    for duty in duties:
        duty.derive()  # bulk_create skips save(), which derives month and hours
    Duty._base_manager.bulk_create(duties, batch_size=5000)
    print(
        f"{len(ids)} officers, {len(duties):,} duties ({args.years} years), "
        f"database {os.environ.get('DATABASE_URL', 'SQLite in ' + home)}"
    )
    for label, first, last in (
        (f"{args.years} years", f"{first_year}-01", f"{last_year}-12"),
        ("last 12 months", f"{last_year}-01", f"{last_year}-12"),
    ):
        walls, cpus = [], []
        for _ in range(args.repeat + 1):
            t0, c0 = time.perf_counter(), time.process_time()
            m = selectors.hours_measures(first=first, last=last)
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        walls, cpus = walls[1:], cpus[1:]  # the first run warms the caches
        print(
            f"hours_measures {label}: {m.total_hours:,.0f} h over {len(m.monthly)} months; "
            f"wall best {min(walls):.3f} s median {statistics.median(walls):.3f} s; "
            f"CPU median {statistics.median(cpus):.3f} s"
        )


if __name__ == "__main__":
    main()

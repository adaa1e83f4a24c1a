"""Build a PREVHUB_HOME at a large force's scale, for benchmarks/load_pages.py.

Run: .venv/bin/python benchmarks/scale_home.py --home DIR [--records 100000] [--audit 1000000]
then: .venv/bin/python benchmarks/load_pages.py --home DIR --seconds 120 --pages large

On top of `prevhub demo --no-serve` (built in DIR when it is not a home yet) it adds, with
bulk inserts (no audit entries for the bulk rows themselves: they stand for years of use):

- ``--records`` invented people, ``--records`` problems and ``--records`` safeguarding cases;
- ``--audit`` audit entries (views and updates of those records, as years of use leave);
- the crime store to five years of the force: the packaged 2023-2024 Nottinghamshire and
  Derbyshire months repeated under 2019-2022 (the Month column rewritten), so the store holds
  2019-01 .. 2024-12, as benchmarks/ingest_rate.py builds its large set.

Everything generated is invented; the crime rows are real rows under earlier months.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE.parent / "src"


def _prevhub(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "-c", "from prevhub.cli import main; main()", *args],
        env=env, check=True, timeout=3600,
    )  # fmt: skip


def crime_years(home: Path) -> int:
    """Repeat the demo's two real years under 2019-2022; returns rows added."""
    from prevhub.crime.demo import year_archive
    from prevhub.crime.store import CrimeStore

    added = 0
    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(year_archive()) as archive:
        root = Path(tmp)
        for name in archive.namelist():
            if not name.endswith("-street.csv"):
                continue
            text = io.TextIOWrapper(archive.open(name), encoding="utf-8").read()
            old = Path(name).name[:7]
            for shift in (2, 4):
                new = f"{int(old[:4]) - shift:04d}{old[4:]}"
                if new < "2019-01":
                    continue
                folder = root / new
                folder.mkdir(exist_ok=True)
                body = text.replace(f",{old},", f",{new},")
                (folder / (new + Path(name).name[7:])).write_text(body, encoding="utf-8")
                added += text.count("\n") - 1
        with CrimeStore(home / "crime.duckdb") as store:
            store.ingest_police_uk([root])
    return added


def records(n: int, audit: int) -> None:
    from prevhub.core.models import AuditEntry, User
    from prevhub.people.models import Person
    from prevhub.problems.models import Problem, Stage
    from prevhub.safeguarding.models import SafeguardingCase

    coordinator = User.objects.get(username="coordinator")
    officer = User.objects.get(username="safeguarding")
    stages = [s.value for s in Stage]
    batch = 5000
    start = Person.objects.count()
    for first in range(0, n, batch):
        Person.objects.bulk_create(
            Person(given_name=f"Invented{i:06d}", family_name="Example",
                   date_of_birth=dt.date(1960 + i % 45, 1 + i % 12, 1 + i % 28),
                   postcode=f"ZZ{i % 99} {i % 9}AA")
            for i in range(start + first, start + min(first + batch, n))
        )  # fmt: skip
    people = list(Person.objects.order_by("-pk").values_list("pk", flat=True)[:n])
    for first in range(0, n, batch):
        Problem.objects.bulk_create(
            Problem(title=f"Generated problem {i}", problem_type="place", force="nottinghamshire",
                    owner=coordinator, stage=stages[i % len(stages)],
                    opened_on=dt.date(2020, 1, 1) + dt.timedelta(days=i % 1800))
            for i in range(first, min(first + batch, n))
        )  # fmt: skip
        SafeguardingCase.objects.bulk_create(
            SafeguardingCase(victim_id=people[i % len(people)], officer_in_case=officer,
                             opened_on=dt.date(2020, 1, 1) + dt.timedelta(days=i % 1800))
            for i in range(first, min(first + batch, n))
        )  # fmt: skip
    for first in range(0, audit, 20000):
        AuditEntry.objects.bulk_create(
            AuditEntry(username="coordinator", user=coordinator,
                       action="view" if i % 3 else "update", object_type="problems.problem",
                       object_id=str(1 + i % n), object_repr=f"PRB-{1 + i % n}",
                       request_id=f"bench-{i}", source="web")
            for i in range(first, min(first + 20000, audit))
        )  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", required=True)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--audit", type=int, default=1_000_000)
    args = parser.parse_args()
    home = Path(args.home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PREVHUB_STORE"}}
    env.update(PREVHUB_HOME=str(home), PYTHONPATH=str(SRC))
    began = time.perf_counter()
    if not (home / "crime.duckdb").exists():
        _prevhub(["demo", "--no-serve"], env)
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevhub.web.settings.dev")
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    rows = crime_years(home)
    records(args.records, args.audit)
    print(
        f"{home}: +{rows:,} crime rows (2019-2024), {args.records:,} people, problems and "
        f"cases, {args.audit:,} audit entries in {time.perf_counter() - began:.0f} s"
    )


if __name__ == "__main__":
    main()

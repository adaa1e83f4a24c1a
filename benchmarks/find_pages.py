"""Benchmark: how long each Find page takes on the demo crime store, cold and warm.

Run: PYTHONPATH=src .venv/bin/python benchmarks/find_pages.py [--repeat 5]

Builds the packaged demo store (Nottinghamshire, 2023-01..03 and 2024-01..03) in a temporary
PREVHUB_HOME, signs an analyst in with Django's test client (in-memory SQLite, the test settings)
and times each Find page's default view: the first request (cold: nothing cached) and the best
of ``--repeat`` later ones (warm). Only the view is timed, not the browser's drawing.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

PAGES = ("/find/", "/find/emerging/", "/find/near-repeat/", "/find/repeats/")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", default=",".join(PAGES))
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="prevhub-bench-"))
    os.environ["PREVHUB_HOME"] = str(home)
    os.environ.pop("PREVHUB_STORE", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prevhub.web.settings.test")

    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from prevhub.core import roles
    from prevhub.core.testing import make_user
    from prevhub.crime import load_demo
    from prevhub.paths import crime_store_path

    setup_test_environment()
    call_command("migrate", verbosity=0, interactive=False)
    load_demo(crime_store_path())
    client = Client()
    client.force_login(make_user(roles.ANALYST, username="bench-analyst"))
    print("| page | first request (cold) | best of later requests (warm) |")
    print("| --- | --- | --- |")
    for path in args.pages.split(","):
        start = time.perf_counter()
        response = client.get(path)
        cold = time.perf_counter() - start
        if response.status_code != 200:
            print(f"| `{path}` | status {response.status_code} | |", file=sys.stderr)
            continue
        warm = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            client.get(path)
            warm.append(time.perf_counter() - start)
        print(f"| `{path}` | {cold * 1000:,.0f} ms | {min(warm) * 1000:,.0f} ms |")


if __name__ == "__main__":
    main()

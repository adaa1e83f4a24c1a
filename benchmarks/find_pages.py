"""Benchmark: how long each Find page takes on the demo crime store, cold and warm.

Run: PYTHONPATH=src .venv/bin/python benchmarks/find_pages.py [--repeat 5] [--live]

Builds the packaged demo store (Nottinghamshire, 2023-01..03 and 2024-01..03) in a temporary
PREVHUB_HOME and times each Find page's default view: the first request (cold: nothing cached)
and the best of ``--repeat`` later ones (warm). Only the server's answer is timed, not the
browser's drawing.

Without ``--live``: Django's test client in this process (the dev settings; in-memory SQLite).
With ``--live``: ``prevhub demo --no-serve`` then ``prevhub serve`` (gunicorn, 2 workers,
4 threads each, as `make demo`) on 127.0.0.1, and an analyst signed in over HTTP with
requests - what a browser sees. The source served is whatever ``PYTHONPATH`` names first, so
the same script measures an older checkout (``git archive <commit> src | tar -x -C DIR``).
Each worker has its own cache, so "warm" is the best of requests that both workers have seen.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

#: prevhub.demo.DEMO_PASSWORD (not imported: that module needs Django set up in this process).
DEMO_PASSWORD = "prevention-demo-2026"
PAGES = ("/find/", "/find/emerging/", "/find/near-repeat/", "/find/repeats/")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", default=",".join(PAGES))
    parser.add_argument("--live", action="store_true", help="time a live gunicorn over HTTP")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if args.live:
        live(args)
        return
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


def live(args: argparse.Namespace) -> None:
    import shutil
    import subprocess

    import requests

    home = Path(tempfile.mkdtemp(prefix="prevhub-bench-live-"))
    env = {**os.environ, "PREVHUB_HOME": str(home), "PREVHUB_MFA_REQUIRED_ROLES": ""}
    env.pop("PREVHUB_STORE", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    cli = [sys.executable, "-c", "from prevhub.cli import main; main()"]
    subprocess.run([*cli, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(args.port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        session = requests.Session()
        for _ in range(100):
            try:
                login = session.get(f"{base}/accounts/login/", timeout=60)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        token = login.cookies.get("csrftoken") or session.cookies.get("csrftoken")
        session.post(
            f"{base}/accounts/login/",
            data={"username": "analyst", "password": DEMO_PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": f"{base}/accounts/login/"},
            timeout=30,
        )
        print("| page | first request (cold) | best of later requests (warm) |")
        print("| --- | --- | --- |")
        for path in args.pages.split(","):
            start = time.perf_counter()
            response = session.get(base + path, timeout=120)
            cold = time.perf_counter() - start
            if response.status_code != 200 or "/accounts/login/" in response.url:
                print(f"| `{path}` | status {response.status_code} ({response.url}) | |")
                continue
            warm = []
            for _ in range(max(args.repeat, 4)):
                start = time.perf_counter()
                session.get(base + path, timeout=120)
                warm.append(time.perf_counter() - start)
            warm.sort()
            # both workers warm after a few requests: report the median of the last half too
            print(
                f"| `{path}` | {cold * 1000:,.0f} ms | {warm[0] * 1000:,.0f} ms "
                f"(median {warm[len(warm) // 2] * 1000:,.0f} ms) |"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()

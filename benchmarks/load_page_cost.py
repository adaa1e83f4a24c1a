"""What one request for each page costs in CPU time: the figure that does not depend on a busy
machine (wall-clock percentiles under load do; see load_pages.py).

Run: .venv/bin/python benchmarks/load_page_cost.py --home DIR [--src SRC] [--repeat 15]

In one process, with the given code (``--src``, default this checkout's src/) and a demo home
(`prevhub demo --no-serve`), Django's test client signed in as the demo analyst asks for each
page once to warm it (as a server between ingests), then ``--repeat`` times more, recording
wall and CPU time (``time.process_time``) of each. A server with C cores can answer at most
about C / (CPU seconds per request) requests per second of a page, whatever its worker model.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = ["/problems/", "/api/problems/", "/measure/", "/find/"]

CHILD = r"""
import json, os, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "prevhub.web.settings.dev"
import django
django.setup()
from django.conf import settings
from django.test import Client
from prevhub.core.models import User
settings.ALLOWED_HOSTS.append("testserver")
pages, repeat = json.loads(sys.argv[1]), int(sys.argv[2])
client = Client()
client.force_login(User.objects.get(username="analyst"))
out = {}
for path in pages:
    t0, c0 = time.perf_counter(), time.process_time()
    assert client.get(path).status_code == 200, path
    first = (time.perf_counter() - t0, time.process_time() - c0)
    walls, cpus = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        assert client.get(path).status_code == 200, path
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    out[path] = {"first": first, "walls": walls, "cpus": cpus}
print(json.dumps(out))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", required=True)
    parser.add_argument("--src", default=str(HERE.parent / "src"))
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    skip = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PREVHUB_STORE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update({"PYTHONPATH": args.src, "PREVHUB_HOME": args.home})
    result = subprocess.run(
        [sys.executable, "-c", CHILD, json.dumps(PAGES), str(args.repeat)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    cores = os.cpu_count() or 1
    print(
        f"code {args.src}; {args.repeat} warm requests per page; load average "
        f"{os.getloadavg()[0]:.2f}"
    )
    print(
        "| page | first ms | warm median ms | warm CPU median ms | capacity on "
        f"{cores} cores, requests/s |"
    )
    print("| --- | ---: | ---: | ---: | ---: |")
    for path, d in data.items():
        cpu = statistics.median(d["cpus"])
        print(
            f"| {path} | {d['first'][0] * 1000:,.0f} | {statistics.median(d['walls']) * 1000:,.0f} "
            f"| {cpu * 1000:,.0f} | {cores / cpu:,.0f} |"
        )


if __name__ == "__main__":
    main()

"""Locust users for benchmarks/load_pages.py: signed-in analysts reading the hub's pages.

Each user takes one session prepared by load_pages.py (signed in through the real sign-in
form), sends it as a cookie with the headers a TLS-terminating proxy adds, and asks for one
of the pages at random (each equally likely), again and again with no pause: a closed loop,
so 20 users keep 20 requests in flight, and a quick page is asked for as often as it answers.
"""

from __future__ import annotations

import itertools
import json
import os
import random

from locust import HttpUser, constant, task

SESSIONS = json.loads(os.environ["PREVHUB_LOAD_SESSIONS"])
HOST_HEADER = os.environ.get("PREVHUB_LOAD_HOST", "127.0.0.1")
PAGES = json.loads(os.environ["PREVHUB_LOAD_PAGES"])
_next_session = itertools.count()


class Analyst(HttpUser):
    wait_time = constant(float(os.environ.get("PREVHUB_LOAD_WAIT", "0")))

    def on_start(self) -> None:
        cookie = SESSIONS[next(_next_session) % len(SESSIONS)]
        self.client.headers.update(
            {
                "Cookie": cookie,
                "Host": HOST_HEADER,
                "X-Forwarded-Proto": os.environ.get("PREVHUB_LOAD_SCHEME", "https"),
                "Accept": "text/html,application/json",
            }
        )

    def _read(self, path: str) -> None:
        with self.client.get(path, name=path, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif b'name="password"' in response.content:
                response.failure("signed out")

    @task
    def read_a_page(self) -> None:
        self._read(random.choice(PAGES))

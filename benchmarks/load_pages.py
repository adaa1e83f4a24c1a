"""Load test: 20 signed-in users for 30 s against gunicorn on 127.0.0.1 (locust, headless).

Run: .venv/bin/python benchmarks/load_pages.py [--home DIR] [--users 20] [--seconds 30]
     [--settings production|dev] [--src SRC] [--serve-args "--workers 5"]

What it does, with real parts only:

1. a PREVHUB_HOME with the demo data (`prevhub demo --no-serve`, built in a temporary folder
   unless ``--home`` names one), then `prevhub init` under the chosen settings;
2. `prevhub serve` (gunicorn, the worker model `serve` chooses unless ``--serve-args`` says
   otherwise) on a free 127.0.0.1 port, code from ``--src`` (default: this checkout's src/;
   point it at another checkout to measure "before");
3. ``--users`` sessions signed in through the real sign-in form as the demo analyst;
4. one warm-up pass over the pages per session (the figures cached per store version are
   what a server holds between ingests), then locust with ``--users`` users, no think time,
   each asking for /problems/, /api/problems/, /measure/ or /find/ at random, for
   ``--seconds``;
5. a Markdown table of requests, requests/s, p50, p95, p99 and failures per page, with the
   machine, load average, date and server configuration, for benchmarks/RESULTS.md.

Production settings are used as deployed behind a TLS proxy (``PREVHUB_BEHIND_PROXY=1``; the
client sends ``X-Forwarded-Proto: https`` and its cookies itself, as the proxy would pass them).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import secrets
import shlex
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = ["/problems/", "/api/problems/", "/measure/", "/find/"]
#: --pages large (issue 16, at a large force's scale: benchmarks/scale_home.py): list, detail,
#: dashboard, Measure, Find and API lists, as the demo analyst and hub lead open them.
LARGE_PAGES = [
    "/problems/", "/problems/{problem}/", "/problems/dashboard/", "/api/problems/",
    "/api/problem-tasks/", "/measure/", "/find/", "/reports/",
]  # fmt: skip
HOST = "hub.load.test"
USER, PASSWORD = "analyst", "prevention-demo-2026"  # prevhub.demo.DEMO_PASSWORD
# What the browser's side of the proxy speaks: https under production settings (the proxy
# says so in X-Forwarded-Proto), plain http under dev settings (no proxy there).
SCHEME = {"production": "https", "dev": "http"}
_scheme = "https"


def _env(home: Path, src: Path, settings: str) -> dict[str, str]:
    skip = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PREVHUB_STORE", "SECRET_KEY"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env.update(
        {
            "PYTHONPATH": str(src),
            "PREVHUB_HOME": str(home),
            "DJANGO_SETTINGS_MODULE": f"prevhub.web.settings.{settings}",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "PREVHUB_BEHIND_PROXY": "1",
        }
    )
    return env


def _prevhub(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-c", "from prevhub.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        raise SystemExit(f"prevhub {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _request(
    base: str, path: str, cookies: dict[str, str], data: dict[str, str] | None = None
) -> tuple[int, bytes]:
    headers = {"Host": HOST, "X-Forwarded-Proto": _scheme}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    body = None
    if data is not None:
        body = urllib.parse.urlencode(data).encode()
        headers.update(
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"{_scheme}://{HOST}",
                "Referer": f"{_scheme}://{HOST}{path}",
            }
        )
    req = urllib.request.Request(base + path, data=body, headers=headers)
    try:
        with urllib.request.build_opener(_NoRedirect).open(req, timeout=120) as resp:
            status, head, content = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as exc:
        status, head, content = exc.code, exc.headers, exc.read()
    for raw in head.get_all("Set-Cookie") or []:
        for name, morsel in SimpleCookie(raw).items():
            cookies[name] = morsel.value
    return status, content


def sign_in(base: str) -> str:
    """One session through the real sign-in form; returns its Cookie header value."""
    cookies: dict[str, str] = {}
    status, page = _request(base, "/accounts/login/", cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    if status != 200 or token is None:
        raise SystemExit(f"sign-in page answered {status}")
    form = {"username": USER, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode()}
    status, _ = _request(base, "/accounts/login/", cookies, form)
    if status != 302:
        raise SystemExit(f"sign-in answered {status}, not a redirect")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def _wait_for(port: int, server: subprocess.Popen) -> None:
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit("server stopped:\n" + (server.stdout.read() if server.stdout else ""))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def run(args: argparse.Namespace) -> str:
    global _scheme
    _scheme = SCHEME[args.settings]
    src = Path(args.src).resolve()
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix="prevhub-load-"))
    env = _env(home, src, args.settings)
    if not (home / "crime.duckdb").exists():
        print(f"building the demo home in {home} …", file=sys.stderr)
        _prevhub(["demo", "--no-serve"], env)
    _prevhub(["init", "--quiet"], env)
    global PAGES
    if args.pages == "large":
        import sqlite3

        db = sqlite3.connect(home / "prevhub.sqlite3")
        (problem,) = db.execute("SELECT max(id) FROM problems_problem").fetchone()
        PAGES = [page.format(problem=problem) for page in LARGE_PAGES]

    port = _free_port()
    serve_args = shlex.split(args.serve_args)
    log = open(home / "load-serve.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [sys.executable, "-c", "from prevhub.cli import main; main()", "serve"]
        + ["--host", "127.0.0.1", "--port", str(port), *serve_args],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(port, server)
        sessions = [sign_in(base) for _ in range(args.users)]
        warm_up: dict[str, float] = {}
        for cookie in sessions:
            jar = dict(c.split("=", 1) for c in cookie.split("; "))
            for path in PAGES:
                start = time.perf_counter()
                status, _ = _request(base, path, jar)
                warm_up[path] = max(warm_up.get(path, 0.0), time.perf_counter() - start)
                if status != 200:
                    raise SystemExit(f"{path} answered {status} during warm-up")
        load_before = os.getloadavg()
        out = home / "locust"
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(HERE / "load_locustfile.py")]
            + ["--headless", "--users", str(args.users), "--spawn-rate", str(args.users)]
            + ["--run-time", f"{args.seconds}s", "--host", base, "--csv", str(out)]
            + ["--only-summary", "--loglevel", "WARNING", "--stop-timeout", "60"],
            env={
                **os.environ,
                "PREVHUB_LOAD_SESSIONS": json.dumps(sessions),
                "PREVHUB_LOAD_PAGES": json.dumps(PAGES),
                "PREVHUB_LOAD_HOST": HOST,
                "PREVHUB_LOAD_SCHEME": _scheme,
                "PREVHUB_LOAD_WAIT": str(args.wait),
            },
            check=False,
            timeout=args.seconds + 300,
        )
        load_after = os.getloadavg()
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()
    worker_line = next(
        (
            line.strip()
            for line in (home / "load-serve.log").read_text().splitlines()
            if "Serving Prevention Hub" in line or "Using worker" in line
        ),
        "",
    )
    workers = len(re.findall(r"Booting worker", (home / "load-serve.log").read_text()))
    return _report(
        out.with_name(out.name + "_stats.csv"),
        args,
        src,
        warm_up,
        load_before,
        load_after,
        f"{workers} worker processes booted; {worker_line}",
    )


def _report(
    stats: Path,
    args: argparse.Namespace,
    src: Path,
    warm_up: dict[str, float],
    load_before: tuple[float, float, float],
    load_after: tuple[float, float, float],
    server_line: str,
) -> str:
    commit = subprocess.run(
        ["git", "-C", str(src), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    lines = [
        f"Run {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC; code {src} at {commit}; "
        f"settings {args.settings}; serve {args.serve_args or '(its defaults)'}; {server_line}",
        f"Machine: {_machine()}; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after; {args.users} users, {args.seconds} s, "
        f"think time {args.wait} s.",
        "",
        "| page | requests | requests/s | p50 ms | p95 ms | p99 ms | max ms | failures "
        "| slowest warm-up ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    with stats.open() as f:
        for row in csv.DictReader(f):
            name = row["Name"]
            warm = f"{warm_up[name] * 1000:,.0f}" if name in warm_up else ""
            longest = float(row["Max Response Time"])
            lines.append(
                f"| {name} | {int(row['Request Count']):,} | {float(row['Requests/s']):.1f} "
                f"| {row['50%']} | {row['95%']} | {row['99%']} | {longest:,.0f} "
                f"| {row['Failure Count']} | {warm} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--home", help="an existing PREVHUB_HOME (default: a fresh demo home)")
    parser.add_argument("--src", default=str(HERE.parent / "src"), help="code to serve")
    parser.add_argument("--settings", default="production", choices=["production", "dev"])
    parser.add_argument("--serve-args", default="", help="extra `prevhub serve` options")
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--pages", default="demo", choices=["demo", "large"])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--wait", type=float, default=0.0, help="think time between pages, s")
    print(run(parser.parse_args()))


if __name__ == "__main__":
    main()

"""`prevhub init`, `serve`, `users` as a user runs them: real processes, a real server."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

PREVHUB = str(Path(sys.executable).with_name("prevhub"))


def _env(home: Path) -> dict[str, str]:
    skip = {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE", "PREVHUB_STORE"}
    env = {k: v for k, v in os.environ.items() if k not in skip}
    env["PREVHUB_HOME"] = str(home)
    return env


def _run(args: list[str], home: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PREVHUB, *args], env=_env(home), input=stdin, capture_output=True, text=True, timeout=180
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_init_is_idempotent_and_seeds_the_roles(tmp_path: Path) -> None:
    first = _run(["init"], tmp_path)
    assert first.returncode == 0, first.stderr
    second = _run(["init"], tmp_path)
    assert second.returncode == 0 and "already there" in second.stdout
    db = sqlite3.connect(tmp_path / "prevhub.sqlite3")
    groups = {row[0] for row in db.execute("select name from auth_group")}
    assert groups == {
        "admin",
        "hub_lead",
        "analyst",
        "coordinator",
        "safeguarding",
        "business",
        "youth",
        "specials",
        "offender_manager",
        "suicide_prevention",
        "partner",
    }
    assert db.execute("select slug, kind from partners_organisation").fetchall() == [
        ("force", "force")
    ]
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"


def test_serve_refuses_to_start_with_unapplied_migrations(tmp_path: Path) -> None:
    result = _run(["serve", "--port", str(_free_port())], tmp_path)
    assert result.returncode == 1
    assert "unapplied migration" in result.stderr and "prevhub init" in result.stderr


def test_unknown_role_is_refused_with_the_list_of_roles(tmp_path: Path) -> None:
    _run(["init"], tmp_path)
    result = _run(["users", "add", "x", "--role", "wizard", "--password-stdin"], tmp_path, "p" * 20)
    assert result.returncode == 1 and "Unknown role 'wizard'" in result.stderr
    assert "coordinator" in result.stderr


def test_served_app_signs_in_users_and_api_tokens_work(tmp_path: Path) -> None:
    assert _run(["init"], tmp_path).returncode == 0
    added = _run(
        [
            "users",
            "add",
            "pat",
            "--role",
            "partner",
            "--organisation",
            "city-council",
            "--organisation-kind",
            "council",
            "--password-stdin",
        ],
        tmp_path,
        "a long enough passphrase 42\n",
    )
    assert added.returncode == 0, added.stderr
    assert "City Council" in added.stdout and "Password" not in added.stdout
    token = _run(["users", "token", "pat"], tmp_path).stdout.strip()
    assert len(token) == 40
    assert _run(["users", "token", "pat"], tmp_path).stdout.strip() == token

    port = _free_port()
    server = subprocess.Popen(
        [PREVHUB, "serve", "--port", str(port), "--workers", "1"],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            opener.open(f"{base}/")
            raise AssertionError("anonymous page was served")
        except urllib.error.HTTPError as exc:
            assert exc.code == 302 and "/accounts/login/" in exc.headers["Location"]
        request = urllib.request.Request(
            f"{base}/api/me/", headers={"Authorization": f"Token {token}"}
        )
        me = json.load(urllib.request.urlopen(request))
        assert me["username"] == "pat" and me["organisation"] == "city-council"
        assert me["roles"] == ["partner"]
        try:
            urllib.request.urlopen(f"{base}/api/me/")
            raise AssertionError("anonymous API call was answered")
        except urllib.error.HTTPError as exc:
            assert exc.code == 401
    finally:
        server.terminate()
        server.wait(timeout=20)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None

"""Settings: production fails closed and passes Django's deployment checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PREVHUB = str(Path(sys.executable).with_name("prevhub"))
# Set by the test run itself (the browser tests need the last), never in a deployment.
TEST_ONLY_VARIABLES = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
}


def _run(args: list[str], env_extra: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in TEST_ONLY_VARIABLES}
    env.update({"PREVHUB_HOME": str(tmp_path), **env_extra})
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize(
    ("missing", "given"),
    [
        ("SECRET_KEY", {"ALLOWED_HOSTS": "hub.example.police.uk"}),
        ("ALLOWED_HOSTS", {"SECRET_KEY": "x" * 60}),
    ],
)
def test_production_settings_refuse_to_start_without(
    missing: str, given: dict, tmp_path: Path
) -> None:
    result = _run(
        [PREVHUB, "manage", "check"],
        {"DJANGO_SETTINGS_MODULE": "prevhub.web.settings.production", **given},
        tmp_path,
    )
    assert result.returncode != 0
    assert f"{missing} must be set" in result.stderr


def test_production_settings_pass_the_deployment_checks(tmp_path: Path) -> None:
    result = _run(
        [PREVHUB, "manage", "check", "--deploy", "--fail-level", "WARNING"],
        {
            "DJANGO_SETTINGS_MODULE": "prevhub.web.settings.production",
            "SECRET_KEY": "k3y-" + "9f8e7d6c5b4a" * 5,
            "ALLOWED_HOSTS": "hub.example.police.uk",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_production_cookies_are_secure_and_hsts_is_on(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS >= 31536000,"
        " s.SECURE_SSL_REDIRECT, s.DEBUG, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])"
    )
    result = _run(
        [PREVHUB, "manage", "shell", "-c", code],
        {
            "DJANGO_SETTINGS_MODULE": "prevhub.web.settings.production",
            "SECRET_KEY": "x" * 60,
            "ALLOWED_HOSTS": "hub.example.police.uk",
        },
        tmp_path,
    )
    assert result.stdout.strip().splitlines()[-1] == "True True True True False [\"'self'\"]", (
        result.stderr
    )

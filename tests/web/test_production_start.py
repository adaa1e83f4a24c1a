"""Production comes up as docs/deployment.md says: `prevhub init`, `serve`, a signed-in page.

Everything is real: a fresh PREVHUB_HOME, the production settings module with only the variables
the deployment guide asks for, `collectstatic` into WhiteNoise's manifest storage, a gunicorn
subprocess on a free 127.0.0.1 port, and an HTTP client that signs in and fetches each
stylesheet the page links to. The client plays the TLS-terminating proxy the guide puts in
front (`PREVHUB_BEHIND_PROXY=1`, `X-Forwarded-Proto: https`), so the secure `__Host-` cookies,
HTTPS redirect and CSRF origin check are the production ones, not relaxed for the test.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"
HOST = "hub.example.test"
PASSWORD = "a long enough passphrase 42"
# Variables the test run sets for itself (the in-process tests' settings); never inherited here.
NOT_INHERITED = {
    "DATABASE_URL",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "PREVHUB_STORE",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
}


def _production_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in NOT_INHERITED}
    env.update(
        {
            "PYTHONPATH": os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
            "PREVHUB_HOME": str(home),
            "DJANGO_SETTINGS_MODULE": "prevhub.web.settings.production",
            "SECRET_KEY": "prod-" + "7c1e9a4b2d8f" * 5,
            "ALLOWED_HOSTS": HOST,
            "PREVHUB_BEHIND_PROXY": "1",
        }
    )
    return env


def _prevhub(args: list[str], env: dict[str, str], stdin: str | None = None):  # type: ignore[no-untyped-def]
    return subprocess.run(
        [sys.executable, "-c", "from prevhub.cli import main; main()", *args],
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


@dataclass
class ProxiedClient:
    """What the browser sends through the TLS proxy: Host, X-Forwarded-Proto, its cookies."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)
    set_cookie_headers: list[str] = field(default_factory=list)

    def request(
        self, path: str, data: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.9"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        req = urllib.request.Request(self.base + path, data=body, headers=headers)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(req, timeout=30) as resp:
                status, head, content = resp.status, resp.headers, resp.read()
        except urllib.error.HTTPError as exc:
            status, head, content = exc.code, exc.headers, exc.read()
        for raw in head.get_all("Set-Cookie") or []:
            self.set_cookie_headers.append(raw)
            for name, morsel in SimpleCookie(raw).items():
                self.cookies[name] = morsel.value
        return status, {k.lower(): v for k, v in head.items()}, content


@dataclass
class Production:
    home: Path
    client: ProxiedClient


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Production]:
    """A fresh home brought up exactly as docs/deployment.md says, with one analyst."""
    home = tmp_path_factory.mktemp("production-home")
    env = _production_env(home)
    init = _prevhub(["init"], env)
    assert init.returncode == 0, init.stdout + init.stderr
    added = _prevhub(
        ["users", "add", "ana", "--role", "analyst", "--password-stdin"], env, PASSWORD + "\n"
    )
    assert added.returncode == 0, added.stdout + added.stderr

    # A figure cached by an earlier version of the code, in production's shared cache folder.
    (home / "cache").mkdir(exist_ok=True)
    (home / "cache" / "0f0f0f0f0f0f.djcache").write_bytes(b"written by older code")

    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from prevhub.cli import main; main()", "serve"]
        + ["--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    client = ProxiedClient(f"http://127.0.0.1:{port}")
    try:
        for _ in range(300):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()  # type: ignore[union-attr]
                time.sleep(0.1)
        yield Production(home, client)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_init_collects_static_files_into_the_manifest_storage(production: Production) -> None:
    manifest = production.home / "static" / "staticfiles.json"
    assert manifest.exists()
    # The MoJ stylesheet's source map (the file whose absence stopped collectstatic) is shipped,
    # and the hashed stylesheet points at the hashed map.
    text = manifest.read_text()
    assert '"vendor/moj/moj-frontend.min.css.map"' in text
    hashed_css = re.search(r'"vendor/moj/moj-frontend\.min\.css": "([^"]+)"', text)
    assert hashed_css is not None
    css = (production.home / "static" / hashed_css.group(1)).read_text()
    assert re.search(r"sourceMappingURL=moj-frontend\.min\.css\.[0-9a-f]{12}\.map", css)


def test_a_signed_in_page_loads_with_its_stylesheets(production: Production) -> None:
    client = production.client
    status, _, body = client.request("/accounts/login/")
    assert status == 200, body[:2000]
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    assert token is not None
    # Production's cookies: secure, host-only.
    assert "__Host-csrftoken" in client.cookies
    assert all("Secure" in h for h in client.set_cookie_headers)

    status, head, _ = client.request(
        "/accounts/login/",
        {"username": "ana", "password": PASSWORD, "csrfmiddlewaretoken": token.group(1).decode()},
    )
    assert status == 302, head
    assert "__Host-sessionid" in client.cookies

    status, head, page = client.request("/")
    assert status == 200, page[:2000]
    assert b'name="password"' not in page and b"Sign out" in page
    stylesheets = re.findall(rb'<link rel="stylesheet" href="([^"]+)"', page)
    assert len(stylesheets) >= 2, stylesheets
    for href in stylesheets:
        url = href.decode()
        # Served under the manifest's hashed name (collectstatic ran), with its type and body.
        assert re.search(r"\.[0-9a-f]{12}\.css$", url), url
        status, head, css = client.request(url)
        assert status == 200, url
        assert head["content-type"].startswith("text/css"), head
        assert b".govuk-" in css or b".moj-" in css, url
    # The images a stylesheet asks for are served too (MoJ's icons, relative to its folder).
    moj = next(h.decode() for h in stylesheets if b"moj-frontend" in h)
    _, _, moj_css = client.request(moj)
    icon = re.search(rb"url\(\"?(assets/images/[^\")]+)\"?\)", moj_css)
    assert icon is not None
    icon_url = moj.rsplit("/", 1)[0] + "/" + icon.group(1).decode()
    status, head, _ = client.request(icon_url)
    assert status == 200 and head["content-type"].startswith("image/"), icon_url


def test_serve_starts_with_an_empty_figure_cache(production: Production) -> None:
    client = production.client
    assert client.request("/healthz")[0] == 200
    assert not (production.home / "cache" / "0f0f0f0f0f0f.djcache").exists()

"""Real-browser tests: Playwright drives Debian's Chromium (headless) against a live server.

Playwright's own browser download does not work in locked-down networks, so the system
`chromium` is used (`make test` installs it from Debian's packages when missing).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


class Page:
    """A browser page that records console errors (CSP violations among them)."""

    def __init__(self, page: Any, base_url: str) -> None:
        self.page = page
        self.base_url = base_url
        self.console_errors: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text))

    def goto(self, path: str) -> Any:
        return self.page.goto(self.base_url + path)

    def login(self, username: str, password: str) -> None:
        self.goto("/accounts/login/")
        self.page.get_by_label("User name").fill(username)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()

    def axe_violations(self) -> list[dict[str, Any]]:
        """Serious and critical axe-core violations on the current page."""
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate("async () => await axe.run(document)")
        return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Page]:
    # A British browser, as the hub's users have: date inputs show dd/mm/yyyy (values stay ISO).
    context = browser.new_context(bypass_csp=False, locale="en-GB", timezone_id="Europe/London")
    yield Page(context.new_page(), live_server.url)
    context.close()


@pytest.fixture
def worker(settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The embedded queue (a SQLite file) with a real huey consumer in this process."""
    from prevhub.core import jobs

    monkeypatch.setenv("PREVHUB_HOME", str(tmp_path))
    settings.PREVHUB_JOBS = "sqlite"
    jobs.queue.cache_clear()
    consumer = jobs.consumer(workers=1)
    consumer.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)
        jobs.queue.cache_clear()

"""Playwright fixtures for the browser journeys: Debian's Chromium, never a downloaded one.

The journeys run against pytest-django's `live_server`, so they are transactional:
the database is flushed after each of them, criteria included (see `criteria`).
"""

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command

# Playwright's sync API runs an asyncio event loop in the test thread; Django
# refuses ORM calls from a thread with a running loop unless told it is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 15_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless Chromium for the whole session; pages get a fresh context each."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} not found: the browser tests drive Debian's Chromium. "
            "Run `make test` as root (scripts/setup.sh --test installs it) or "
            "`sudo apt-get install chromium`; do not use `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(request, chromium_browser) -> Iterator:
    """A new page in a clean context (no cookies); screenshot in test-artifacts/ on failure."""
    context = chromium_browser.new_context(locale="th-TH", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            ARTIFACTS.mkdir(exist_ok=True)
            name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
            try:
                page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
                (ARTIFACTS / f"{name}.html").write_text(page.content(), encoding="utf-8")
            except Exception as error:  # noqa: BLE001 - best effort, never hide the failure
                print(f"could not save screenshot of {request.node.nodeid}: {error}")
        context.close()


@pytest.fixture
def criteria(transactional_db):
    """The shipped criteria; live_server tests flush the session-level load after each test."""
    call_command("load_criteria", verbosity=0)

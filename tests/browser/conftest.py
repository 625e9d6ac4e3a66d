"""Browser tests: Playwright's sync API drives Debian's Chromium against pytest-django's
live server. A missing tool fails the run instead of skipping it, so CI can never pass
without having driven a real browser."""

import os
from pathlib import Path

import pytest

from .axe import AXE_SCRIPT

CHROMIUM = Path(os.environ.get("GUICHET_CHROMIUM", "/usr/bin/chromium"))
DEFAULT_TIMEOUT_MS = 15_000

# Without the network flags Chromium tries to reach Google's services and slows down.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The live server runs in a thread beside Playwright's event loop: Django's async-safety
# check would refuse the ORM calls the tests make between browser actions.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


def _require_tools() -> None:
    missing = []
    if not CHROMIUM.exists():
        missing.append(f"{CHROMIUM} (apt-get install chromium)")
    if not AXE_SCRIPT.exists():
        missing.append(f"{AXE_SCRIPT} (npm ci)")
    if missing:
        pytest.fail(
            "Browser tests need: " + ", ".join(missing) + ". Run `make test` to install them.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
def _playwright_browser():
    _require_tools()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_playwright_browser):
    """A fresh browser context and page for one test (no cookies shared between tests)."""
    context = _playwright_browser.new_context(
        locale="fr-FR", viewport={"width": 1280, "height": 900}
    )
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()

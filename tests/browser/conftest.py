"""Headless Chromium from Debian, driven by Playwright; never a downloaded browser."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

# CI runs the suite on two workers beside a live server and Chromium on 2 cores: a decision
# made in place can take longer than Playwright's 5 s default to show its message.
expect.set_options(timeout=15_000)

# Playwright's sync API runs an event loop in this thread; the ORM calls in the tests are
# still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def phone(browser):
    """A page the size of a cheap Android phone (360 × 740)."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shot(request):
    """Save a screenshot as a test artefact: shot(page, "01-login")."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)

    def _shot(page, name: str):
        page.screenshot(path=str(folder / f"{name}.png"), full_page=True)

    return _shot


@pytest.fixture
def artefak(request):
    """The test's artefact folder (where `shot` saves), for files a journey downloads."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def desktop(browser):
    """A page the size of an office monitor (1366 × 768), in Indonesian like the phone: the
    default `page` asks for English (the browser's Accept-Language)."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()

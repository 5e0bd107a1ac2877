"""Fixtures of the browser tests: Debian's chromium, the product's addresses, screenshots, the email log.

``tests.e2e.run`` starts the product and passes its port, server log and
screenshot directory in ``E2E_*`` variables; without them there is nothing to
drive, so every test is skipped with a pointer to ``make e2e``.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, expect, sync_playwright

CHROMIUM = os.environ.get("E2E_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
DEMO_PASSWORD = "volmify-demo"

expect.set_options(timeout=10_000)
FAILED = pytest.StashKey[bool]()
# Every page reports Content-Security-Policy violations to the console (chromium logs its own
# "Refused to ..." errors too): a test whose browser saw one fails.
CSP_REPORTER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`
    + ` at ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""
CSP_MESSAGE = re.compile(
    r"Content[- ]Security[- ]Policy|CSP violation|Refused to (load|execute|apply|connect|frame)"
)


@dataclass(frozen=True)
class Product:
    """Where the running product answers; org domains are ``<slug>.localhost`` on the same port."""

    port: int
    server_log: Path

    def url(self, path: str = "/", *, slug: str | None = None) -> str:
        host = f"{slug}.localhost" if slug else "localhost"
        return f"http://{host}:{self.port}{path}"

    def confirmation_link(self, email: str, *, timeout: float = 30.0) -> str:
        """The sign-up confirmation link mailed to ``email``, read from the console email backend's output.

        The web process prints the message while it handles the sign-up, but
        its output reaches the file on its own schedule, so poll.
        """
        pattern = re.compile(r"https?://\S+/accounts/confirm-email/[^/\s]+/")
        deadline = time.monotonic() + timeout
        while True:
            text = self.server_log.read_text(errors="replace")
            start = text.find(f"To: {email}")
            if start != -1 and (match := pattern.search(text, start)):
                return match.group(0)
            if time.monotonic() > deadline:
                raise AssertionError(f"no confirmation email to {email} in {self.server_log} in {timeout}s")
            time.sleep(0.2)


class Screenshots:
    """Saves ``NN-step.png`` files, numbered across the whole run in the order they are taken."""

    _counter = itertools.count(1)

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def take(self, page: Page, step: str) -> Path:
        path = self.directory / f"{next(self._counter):02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


def sign_in(page: Page, product: Product, email: str, slug: str | None = "acme") -> None:
    """Sign a demo user in on an org's domain (``slug``; None: the platform's) through the login form."""
    page.goto(product.url("/accounts/login/", slug=slug))
    login_form = page.locator("form", has=page.locator("input[name=password]"))
    login_form.locator("input[name=login]").fill(email)
    login_form.locator("input[name=password]").fill(DEMO_PASSWORD)
    login_form.locator("[type=submit]").click()
    # the header's sign-out form, whatever the page's language
    expect(page.locator("header form[action$='/accounts/logout/'] [type=submit]")).to_be_visible()


@pytest.fixture(scope="session")
def product() -> Product:
    port = os.environ.get("E2E_PORT")
    if not port:
        pytest.skip("the browser tests need the running product: use `make e2e`")
    return Product(port=int(port), server_log=Path(os.environ["E2E_SERVER_LOG"]))


@pytest.fixture(scope="session")
def screenshots() -> Screenshots:
    directory = Path(os.environ.get("E2E_SCREENSHOTS", "build/e2e/screenshots"))
    directory.mkdir(parents=True, exist_ok=True)
    return Screenshots(directory)


@pytest.fixture(scope="session")
def playwright_instance(product: Product) -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    # Debian's chromium, never a downloaded one (`playwright install` is not used anywhere).
    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    """Remember a failed test body, so its browser contexts can photograph what it saw."""
    report = yield
    if report.when == "call" and report.failed:
        item.stash[FAILED] = True
    return report


def watch_csp(context: BrowserContext) -> list[str]:
    """Collect the Content-Security-Policy violations of every page of ``context``."""
    violations: list[str] = []
    context.add_init_script(CSP_REPORTER)

    def on_console(message) -> None:
        if CSP_MESSAGE.search(message.text):
            violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

    context.on("console", on_console)
    return violations


def assert_no_csp_violations(violations: list[str]) -> None:
    if violations:
        pytest.fail("Content-Security-Policy violations in the browser:\n" + "\n".join(violations))


@contextlib.contextmanager
def watched_context(browser: Browser, **options) -> Iterator[BrowserContext]:
    """A browser context of its own (another visitor) that fails the test on a CSP violation."""
    context = browser.new_context(**options)
    violations = watch_csp(context)
    try:
        yield context
    finally:
        context.close()
    assert_no_csp_violations(violations)


def close_context(
    context: BrowserContext, request: pytest.FixtureRequest, screenshots: Screenshots, violations: list[str]
) -> None:
    if request.node.stash.get(FAILED, False):
        for number, open_page in enumerate(context.pages, start=1):
            screenshots.take(open_page, f"FAILED-{request.node.name}-{number}")
    context.close()
    assert_no_csp_violations(violations)


@pytest.fixture
def desktop(
    browser: Browser, request: pytest.FixtureRequest, screenshots: Screenshots
) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=DESKTOP)
    violations = watch_csp(context)
    yield context
    close_context(context, request, screenshots, violations)


@pytest.fixture
def phone(
    browser: Browser, request: pytest.FixtureRequest, screenshots: Screenshots
) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    violations = watch_csp(context)
    yield context
    close_context(context, request, screenshots, violations)


@pytest.fixture
def page(desktop: BrowserContext) -> Page:
    return desktop.new_page()


@pytest.fixture
def phone_page(phone: BrowserContext) -> Page:
    return phone.new_page()

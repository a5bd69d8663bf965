"""Real-browser testing: Playwright driving Debian's Chromium (Playwright cannot download its own here)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

CHROMIUM = os.environ.get("FAZHI_CHROMIUM", "/usr/bin/chromium")
# Without these, Chromium keeps trying to reach Google's services, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run scripts/install-system-deps.sh")
    # Playwright's sync API runs an event loop in this thread; Django's ORM then refuses to run unless told.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


# Reports every Content-Security-Policy violation on the console, where the fixture below collects it (the event
# carries more than Chromium's own message: the directive and what was blocked).
_REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile || e.documentURI}:${e.lineNumber}`;
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${where}`);
});
"""


def is_csp_violation(text: str) -> bool:
    return text.startswith("CSP violation:") or "Content Security Policy" in text


@pytest.fixture
def csp_violations() -> list[str]:
    """What the pages of this test broke of the Content-Security-Policy; the ``page`` fixture fails the test on any.
    A test that provokes a violation on purpose reads and empties this list."""
    return []


@pytest.fixture
def page(browser, csp_violations) -> Iterator:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    context.add_init_script(_REPORT_CSP_VIOLATIONS)

    def watch(new_page) -> None:
        new_page.on("console", lambda message: is_csp_violation(message.text) and csp_violations.append(message.text))

    context.on("page", watch)
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()
    if csp_violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(dict.fromkeys(csp_violations)))


def screenshot(page, name: str, *, widths: tuple[int, ...] = (1280,)) -> None:
    """Full-page screenshots of what the page shows now, one per width, into ``$FAZHI_SHOTS`` (default: var/)."""
    from pathlib import Path

    from django.conf import settings

    folder = Path(os.environ.get("FAZHI_SHOTS") or settings.VAR_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size or {"width": 1280, "height": 900}
    for width in widths:
        page.set_viewport_size({"width": width, "height": 844 if width < 600 else 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(size)


def in_view_and_focused(page, selector: str) -> bool:
    """The element is the focused one and within the visible part of the page."""
    return bool(
        page.evaluate(
            """(selector) => {
                const el = document.querySelector(selector);
                if (!el || document.activeElement !== el) return false;
                const box = el.getBoundingClientRect();
                return box.bottom > 0 && box.top < window.innerHeight;
            }""",
            selector,
        )
    )

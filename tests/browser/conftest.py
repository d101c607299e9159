"""Real-browser tests: Debian's Chromium driven by Playwright (executablePath, no download).

Where no Chromium is found the tests skip with a message, except in CI
(CONCERTO_REQUIRE_BROWSER=1), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str | None:
    candidates = [os.environ.get("CHROMIUM_PATH"), "chromium", "chromium-browser", "/usr/bin/chromium"]
    for candidate in filter(None, candidates):
        found = shutil.which(candidate)
        if found:
            return found
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True))


@pytest.fixture(scope="session")
def chromium():
    path = chromium_path()
    if path is None:
        message = "Chromium introuvable (paquet Debian « chromium ») : tests navigateur ignorés."
        if os.environ.get("CONCERTO_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_app(live_server):
    """The live server with the shipped nomenclatures present (transactional tests flush tables)."""
    from concerto.nomenclatures.defaults import load_default_labels
    from concerto.nomenclatures.models import Label

    load_default_labels(Label)
    return live_server


@pytest.fixture
def page(chromium, live_app, request):
    context = chromium.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    context.set_default_timeout(15_000)
    page = context.new_page()
    # The Content-Security-Policy forbids inline scripts and styles: a page that still has one
    # works less (a handler silently ignored), so any violation the browser reports fails the test.
    violations = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    shots = os.environ.get("CONCERTO_SCREENSHOTS")  # a folder: keep the last screen of each test
    if shots:
        page.screenshot(path=os.path.join(shots, f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not violations, f"Content-Security-Policy violations: {violations}"


def login(page, live_app, username: str, password: str = "motdepasse-test") -> None:
    page.goto(f"{live_app.url}/comptes/connexion/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/connexion/" not in url)

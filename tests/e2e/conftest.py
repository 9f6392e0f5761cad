"""Browser fixtures: Playwright's sync API driving Debian's Chromium against ``live_server``."""

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# there unless told it is safe (it is: the server runs in its own thread).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
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
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's Chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


# Runs in every page before its own scripts (Playwright injects it outside the page's CSP):
# each Content-Security-Policy violation the browser reports is handed to the test.
REPORT_CSP_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `in ${event.documentURI} (${event.sourceFile || "page"}:${event.lineNumber}) ` +
    `${event.sample}`
  );
}, true);
"""


@pytest.fixture
def new_page(browser, request):
    """Open pages in fresh browser contexts (separate cookies: separate users). Any
    Content-Security-Policy violation (or Permissions-Policy error) on any of them fails the
    test: the event every page
    dispatches, and the console message Chromium writes (which covers what happens before
    a page's scripts run, such as a blocked inline style in its markup). A test names the
    outside address it expects the policy to block with ``@pytest.mark.csp_blocks(url)``."""
    contexts = []
    violations = []
    expected = [marker.args[0] for marker in request.node.iter_markers("csp_blocks")]

    def note_violation(text):
        if not any(url in text for url in expected):
            violations.append(text)

    def note_console(message):
        # An error in a header the portal sends, such as a Permissions-Policy feature that
        # Chromium does not know, counts as a violation too.
        if "Content Security Policy" in message.text or "Permissions-Policy" in message.text:
            note_violation(message.text)

    def open_page(**options):
        context = browser.new_context(**options)
        contexts.append(context)
        context.expose_function("cspViolation", note_violation)
        context.add_init_script(REPORT_CSP_VIOLATIONS)
        page = context.new_page()
        page.on("console", note_console)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert violations == [], "Content-Security-Policy violations:\n" + "\n".join(violations)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def sign_in(live_server):
    """Sign in through the pages; an account whose role requires two-factor sign-in has an
    authenticator app, whose code (computed as the app would) is typed in the second step."""
    from django.contrib.auth import get_user_model

    from accounts.permissions import requires_two_factor
    from tests.support.factories import PASSWORD
    from tests.support.two_factor import code_for, give_authenticator

    def do_sign_in(page, username):
        user = get_user_model().objects.get(username=username)
        device = give_authenticator(user) if requires_two_factor(user) else None
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        if device is not None:
            page.get_by_role("textbox", name="Code").fill(code_for(device))
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
        assert page.get_by_text(f"Signed in as {username}").is_visible()

    return do_sign_in


@pytest.fixture
def local_services(settings):
    """Rate-limit counters in a cache of the test's own; notification tasks run eagerly (the
    live server's thread sends them, so the test reads them from the outbox)."""
    from wsis_portal.celery import app as celery_app

    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "e2e"}
    }
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before

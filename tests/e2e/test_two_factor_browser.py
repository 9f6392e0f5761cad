"""Two-factor sign-in in the browser (issue 16, layer 15): a facilitator is sent to set it up,
scans (here: reads) the setup key, confirms with the code the app would show (computed with
django-otp's own TOTP function), keeps the recovery codes, then signs in with password and
code; the account page with its tokens and security events, in English and Arabic. Each page
is checked with axe-core; screenshots (desktop, phone) go to /work/wt/shots/twofactor/ when
that folder exists, else to the temporary directory."""

import tempfile
import time
from base64 import b32decode
from pathlib import Path

import pytest

from tests.e2e.test_role_pages_browser import DESKTOP, PHONE
from tests.support.browser import assert_accessible
from tests.support.factories import PASSWORD

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

_SHARED = Path("/work/wt/shots/twofactor")
SHOTS = _SHARED if _SHARED.is_dir() else Path(tempfile.gettempdir()) / "wsis-shots"
SHOTS.mkdir(exist_ok=True)


def shots(page, name):
    widths = {}
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.screenshot(path=f"{SHOTS}/{name}-{size['width']}.png", full_page=True)
        widths[size["width"]] = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    return widths


def app_code(setup_key, step_ahead=0):
    """What an authenticator app shows for the key it was given (django-otp's TOTP)."""
    from django_otp.oath import TOTP

    secret = setup_key.replace(" ", "")
    totp = TOTP(b32decode(secret + "=" * (-len(secret) % 8)), drift=step_ahead)
    totp.time = time.time()
    return f"{totp.token():06d}"


def give_password(page, base, username):
    page.goto(f"{base}/accounts/login/?next=/action-lines/mine/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_a_facilitator_sets_it_up_then_signs_in_with_a_code(live_server, new_page, facilitator):
    from playwright.sync_api import expect

    base = live_server.url
    page = new_page(viewport=DESKTOP)
    give_password(page, base, "facilitator")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    qr = page.get_by_role("img", name="QR code for your authenticator app")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] >= 150  # large enough for a phone's camera
    assert_accessible(page)
    assert max(shots(page, "setup").values()) <= DESKTOP["width"]
    assert shots(page, "setup")[390] == 390

    setup_key = page.locator("#setup-key").inner_text()
    page.get_by_role("textbox", name="Code").fill(
        "123456" if app_code(setup_key) != "123456" else "654321"
    )
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("This code is not right")).to_be_visible()
    expect(page.get_by_role("textbox", name="Code")).to_have_attribute("aria-invalid", "true")
    page.get_by_role("textbox", name="Code").fill(app_code(setup_key))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)
    shots(page, "recovery-codes")
    page.get_by_role("link", name="I have kept my recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My action lines")

    page.get_by_role("button", name="Sign out").click()
    give_password(page, base, "facilitator")
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in")
    assert_accessible(page)
    shots(page, "sign-in-code")
    # The code of the next time step: the app's current one was spent on the set-up.
    page.get_by_role("textbox", name="Code").fill(app_code(setup_key, step_ahead=1))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My action lines")
    expect(page.get_by_text("Signed in as facilitator")).to_be_visible()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_account_page_with_tokens_and_events(live_server, new_page, stakeholder, language):
    from playwright.sync_api import expect

    base = live_server.url
    prefix = "" if language == "en" else f"/{language}"
    page = new_page(viewport=DESKTOP)
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill("stakeholder")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    page.goto(f"{base}{prefix}/accounts/")
    page.locator("#id_name").fill("Monthly export")
    page.locator("form[action$='/tokens/new/'] button[type=submit]").click()
    key = page.locator(".token-key").inner_text()
    assert len(key) == 40
    assert_accessible(page)
    shots(page, f"token-created-{language}")
    page.goto(f"{base}{prefix}/accounts/")
    expect(page.locator("table.tokens")).to_contain_text("Monthly export")
    expect(page.locator("table.security-events tbody tr")).to_have_count(2)  # sign-in, token
    assert key not in page.content()
    assert_accessible(page)
    widths = shots(page, f"account-{language}")
    assert widths[1280] <= 1280 and widths[390] == 390
    page.goto(f"{base}{prefix}/accounts/two-factor/set-up/")
    assert_accessible(page)
    shots(page, f"setup-stakeholder-{language}")

"""A stakeholder's project from registration to the public search, in a real browser.

Registers, confirms the e-mail (link read from the outbox), submits with a validation error
on the way (their text kept), a moderator publishes it, and the public finds it by full-text
search and by its facets. Screenshots go to /tmp/wsis-shots/stocktaking-*.png.
"""

import re
import tempfile
from pathlib import Path

import pytest
from django.core import mail

from tests.stocktaking.conftest import catalog  # noqa: F401 - the reference rows fixture

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

SHOTS = Path(tempfile.gettempdir()) / "wsis-shots"
SHOTS.mkdir(exist_ok=True)
PASSWORD = "a-long-and-unusual-passphrase"


def shot(page, name):
    page.screenshot(path=f"{SHOTS}/stocktaking-{name}.png", full_page=True)


def test_register_submit_publish_and_find(live_server, new_page, sign_in, catalog, moderator):  # noqa: F811
    from playwright.sync_api import expect

    base = live_server.url
    page = new_page()
    page.set_default_timeout(10000)

    # Register.
    page.goto(f"{base}/stocktaking/")
    page.get_by_role("link", name="Register").first.click()
    page.get_by_label("Username").fill("amina")
    page.get_by_label("E-mail").fill("amina@example.org")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    shot(page, "register")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()

    # Confirm through the link in the mail, then sign in.
    link = re.search(r"/accounts/register/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(f"{base}{link}")
    expect(page.get_by_text("Your e-mail is confirmed")).to_be_visible()
    page.get_by_label("Username").fill("amina")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My submissions")).to_be_visible()

    # Submit, forgetting the organisation: the error is beside it, the text is kept.
    page.get_by_role("link", name="Submit a project").first.click()
    description = "Video consultations linking rural clinics with district hospitals."
    page.get_by_label("Title").fill("Telemedicine for rural clinics")
    page.get_by_label("Description").fill(description)
    page.get_by_label("Stakeholder type").select_option("civil_society")
    page.get_by_label("Filter the countries").fill("ken")
    expect(page.locator(".filter-status").first).to_have_text("Matching: 1")
    page.locator("#id_countries").select_option("KE")
    page.get_by_label("C7-e-health — E-health").check()
    page.get_by_label("Good health and well-being").check()
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#field-organization_name")).to_contain_text(
        "Name the organisation that runs the project."
    )
    expect(page.get_by_label("Description")).to_have_value(description)
    expect(page.get_by_label("Title")).to_have_value("Telemedicine for rural clinics")
    expect(page.locator("#id_countries")).to_have_values(["KE"])
    shot(page, "form-error")
    page.get_by_label("Organisation").fill("Health Link Kenya")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("Submitted for review.")).to_be_visible()
    shot(page, "my-submissions")
    assert any("New submission" in m.subject for m in mail.outbox)

    # A moderator publishes it.
    moderator_page = new_page()
    sign_in(moderator_page, "moderator")
    moderator_page.goto(f"{base}/stocktaking/moderation/")
    shot(moderator_page, "queue")
    moderator_page.get_by_role("link", name="Telemedicine for rural clinics").click()
    moderator_page.get_by_label("Publish").check()
    shot(moderator_page, "review")
    moderator_page.get_by_role("button", name="Record decision").click()
    published = "“Telemedicine for rural clinics” is published."
    expect(moderator_page.get_by_text(published)).to_be_visible()
    assert any(m.to == ["amina@example.org"] and "published" in m.subject for m in mail.outbox)

    # The public finds it by full-text search and by its facets.
    public = new_page()
    public.goto(f"{base}/stocktaking/")
    public.get_by_label("Search projects").fill("telemedicine clinics")
    public.get_by_role("button", name="Search").click()
    expect(public.locator(".result-title mark").first).to_have_text(
        re.compile("telemedicine", re.I)
    )
    shot(public, "search")
    public.goto(f"{base}/stocktaking/")
    public.locator(".st-facets").get_by_role("link", name="Kenya").click()
    expect(public).to_have_url(re.compile(r"country=KE"))
    public.locator(".st-facets").get_by_role("link", name=re.compile("C7-e-health")).click()
    expect(public).to_have_url(re.compile(r"action_line=C7-e-health"))
    expect(public.get_by_role("link", name="Telemedicine for rural clinics")).to_be_visible()
    shot(public, "facets")
    public.get_by_role("link", name="Telemedicine for rural clinics").click()
    expect(public.get_by_role("heading", name="Telemedicine for rural clinics")).to_be_visible()
    expect(public.get_by_text("amina@example.org")).to_have_count(0)
    shot(public, "entry")

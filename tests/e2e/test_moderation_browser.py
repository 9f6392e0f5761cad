"""The moderator's tools in a real browser (issue 18, gaps 1 and 3): the owner updates a
published entry, which stays public; the moderator reads what changes (old → new, lists
added and removed) and publishes it. Screenshots (desktop, phone, Arabic) go to
/work/wt/shots/workflow/ when it exists, else the temporary directory; axe must find no
WCAG 2.1 AA violation on the pages."""

import tempfile
from pathlib import Path

import pytest

from tests.stocktaking.conftest import catalog, make_entry  # noqa: F401 - reference rows
from tests.support.browser import DESKTOP, PHONE, assert_accessible, assert_fits, same_session

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]

_shared = Path("/work/wt/shots/workflow")
SHOTS = _shared if _shared.is_dir() else Path(tempfile.gettempdir()) / "wsis-shots"
SHOTS.mkdir(exist_ok=True)


def shot(page, name):
    page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)


def test_the_moderator_reads_an_updates_diff_and_publishes_it(
    live_server,
    new_page,
    sign_in,
    stakeholder,
    moderator,
    catalog,  # noqa: F811
):
    from playwright.sync_api import expect

    entry = make_entry(stakeholder, "published", catalog=catalog, title="Telemedicine vans")
    base = live_server.url

    owner = new_page(viewport=DESKTOP)
    sign_in(owner, "stakeholder")
    owner.goto(f"{base}{entry.get_absolute_url()}")
    owner.get_by_role("link", name="Update this entry").click()
    expect(owner.get_by_text("You are editing an update of your published entry")).to_be_visible()
    owner.get_by_label("Title").fill("Telemedicine vans and clinics")
    owner.get_by_label("C3 — Access to information and knowledge").check()
    owner.get_by_label("Organisation").fill("Health Link Kenya")
    owner.get_by_label("Contact e-mail").fill("team@example.org")
    owner.get_by_role("button", name="Submit for review").click()
    expect(owner.get_by_text("Update submitted for review.")).to_be_visible()
    expect(owner.get_by_text("Your update: Submitted for review")).to_be_visible()
    shot(owner, "my-submissions-with-update")

    public = new_page(viewport=DESKTOP)
    public.goto(f"{base}{entry.get_absolute_url()}")
    expect(public.get_by_role("heading", name="Telemedicine vans", exact=True)).to_be_visible()

    moderator_page = new_page(viewport=DESKTOP)
    sign_in(moderator_page, "moderator")
    moderator_page.goto(f"{base}/stocktaking/moderation/")
    updates = moderator_page.locator("ul", has_text="Telemedicine vans")
    updates.get_by_role("link", name="Telemedicine vans").click()
    diff = moderator_page.locator(".st-update-diff")
    expect(diff.locator("ins", has_text="Telemedicine vans and clinics")).to_be_visible()
    expect(diff.locator("del", has_text="Telemedicine vans")).to_be_visible()
    expect(diff.locator("ins", has_text="C3")).to_be_visible()
    assert_accessible(moderator_page)
    shot(moderator_page, "review-update-desktop")
    for language, viewport, name in (("", PHONE, "phone"), ("/ar", DESKTOP, "arabic")):
        other = same_session(new_page, moderator_page, viewport=viewport)
        other.goto(f"{base}{language}/stocktaking/moderation/{entry.pk}/")
        assert_accessible(other)
        assert_fits(other, viewport["width"])
        shot(other, f"review-update-{name}")
    moderator_page.get_by_role("radio", name="Publish").check()
    moderator_page.get_by_role("button", name="Record decision").click()
    expect(moderator_page.get_by_text("is published.")).to_be_visible()

    public.reload()
    expect(
        public.get_by_role("heading", name="Telemedicine vans and clinics", exact=True)
    ).to_be_visible()

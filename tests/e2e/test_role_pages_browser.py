"""What each role meets in the browser (issue 18): the moderation queue's filters and the words
after a decision, restoring a page revision, the public road map and report PDF, the sign-in
page's wording, the header, and the small things a reader notices. Screenshots at desktop and
phone widths go to /tmp/wsis-shots/roles-*.png."""

import tempfile
from pathlib import Path

import pytest

from tests.stocktaking.conftest import catalog, make_entry  # noqa: F401 - reference rows
from wsis_portal.celery import app as celery_app

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SHOTS = Path(tempfile.gettempdir()) / "wsis-shots"
SHOTS.mkdir(exist_ok=True)
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _local_services(settings):
    """Notifications sent eagerly; rate limits counted in a cache of the test's own."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "e2e"}
    }
    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


def shots(page, name):
    """Full-page screenshots at desktop and phone widths; returns the page's width at each
    (a page wider than the window scrolls sideways as a whole)."""
    widths = {}
    for size in (DESKTOP, PHONE):
        page.set_viewport_size(size)
        page.screenshot(path=f"{SHOTS}/roles-{name}-{size['width']}.png", full_page=True)
        widths[size["width"]] = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(DESKTOP)
    return widths


def test_moderation_queue_filters_by_action_line_and_says_what_a_decision_did(
    live_server,
    new_page,
    sign_in,
    catalog,  # noqa: F811
    moderator,
    stakeholder,
):
    from playwright.sync_api import expect

    health = make_entry(stakeholder, "submitted", catalog=catalog, title="Telemedicine hubs")
    make_entry(stakeholder, "submitted", title="Community radio archives")
    page = new_page(viewport=DESKTOP)
    sign_in(page, "moderator")
    page.goto(f"{live_server.url}/stocktaking/moderation/")

    lines = page.get_by_label("Action lines")
    expect(lines.locator("option")).to_have_count(3)  # C3, C7, C7-e-health
    expect(page.get_by_text("anonymous: published")).to_have_count(0)
    expect(page.get_by_text("repeatable")).to_have_count(0)
    widths = shots(page, "queue")
    assert widths == {1280: 1280, 390: 390}  # the table scrolls in its own box on a phone

    lines.select_option("C7")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("link", name="Telemedicine hubs")).to_be_visible()
    expect(page.get_by_role("link", name="Community radio archives")).to_have_count(0)
    expect(page.get_by_label("Action lines")).to_have_values(["C7"])

    page.get_by_role("link", name="Telemedicine hubs").click()
    page.get_by_label("Request changes").check()
    page.get_by_label("Comment").fill("Please add the project's dates.")
    page.get_by_role("button", name="Record decision").click()
    done = "Changes requested on “Telemedicine hubs”: the submitter sees your comment."
    expect(page.get_by_text(done)).to_be_visible()
    expect(page.get_by_text("request_changes")).to_have_count(0)
    health.refresh_from_db()
    assert health.state == "changes_requested"

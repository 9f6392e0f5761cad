"""Issue 18, gap 3, from the moderators' chairs in a real browser: one says "I'm reviewing
this" in the queue, the other sees who and is warned on the entry's page; the first ticks two
entries, reads the confirmation page listing what will change, and publishes them. The queue,
the confirmation page and the warned review page pass axe (desktop, phone, Arabic)."""

import re

import pytest
from django.contrib.auth.models import Group

from tests.e2e.test_entry_form_browser import shot
from tests.stocktaking.conftest import catalog, make_entry  # noqa: F401 - reference rows
from tests.support.browser import DESKTOP, PHONE, assert_accessible, assert_fits, same_session
from tests.support.factories import UserFactory

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("local_services"),
]


def test_claim_warn_and_publish_in_bulk(
    live_server,
    new_page,
    sign_in,
    stakeholder,
    moderator,
    catalog,  # noqa: F811
):
    from playwright.sync_api import expect

    UserFactory(username="second-moderator").groups.add(Group.objects.get(name="moderators"))
    titles = ["Telemedicine vans", "Rural broadband", "School tablets"]
    entries = [make_entry(stakeholder, "submitted", catalog=catalog, title=t) for t in titles]
    base = live_server.url

    first = new_page(viewport=DESKTOP)
    first.set_default_timeout(10000)
    sign_in(first, "moderator")
    first.goto(f"{base}/stocktaking/moderation/")
    tablets = first.locator("tr", has_text="School tablets")
    tablets.get_by_role("button", name=re.compile("I’m reviewing this")).click()
    expect(first.get_by_text("You are reviewing “School tablets”")).to_be_visible()
    expect(tablets.get_by_role("button", name=re.compile("Release"))).to_be_visible()

    second = new_page(viewport=DESKTOP)
    second.set_default_timeout(10000)
    sign_in(second, "second-moderator")
    second.goto(f"{base}/stocktaking/moderation/")
    row = second.locator("tr", has_text="School tablets")
    expect(row).to_contain_text("moderator (since")
    row.get_by_role("link", name="School tablets").click()
    expect(second.get_by_text("is reviewing this entry (since")).to_be_visible()
    assert_accessible(second)
    shot(second, "review-claimed-by-another")
    second.get_by_role("radio", name="Publish").check()
    second.get_by_role("button", name="Record decision").click()
    expect(second.get_by_text("tick the box to decide all the same")).to_be_visible()

    # The first moderator publishes two entries at once, after reading what will change.
    first.get_by_label("Select “Telemedicine vans”").check()
    first.get_by_label("Select “Rural broadband”").check()
    first.get_by_label("With the selected entries").select_option("publish")
    assert_accessible(first)
    shot(first, "queue-with-claim")
    first.get_by_role("button", name="Review the change before it is made").click()
    expect(first.get_by_role("heading", name="Publish: check what changes")).to_be_visible()
    expect(first.locator("tbody tr")).to_have_count(2)
    assert_accessible(first)
    shot(first, "bulk-confirmation")
    first.get_by_role("button", name="Publish the ticked entries").click()
    expect(first.get_by_text("Published: “Telemedicine vans”, “Rural broadband”.")).to_be_visible()
    states = {entry.title: type(entry).objects.get(pk=entry.pk).state for entry in entries}
    assert states == {
        "Telemedicine vans": "published",
        "Rural broadband": "published",
        "School tablets": "submitted",
    }

    for language, viewport, name in (("", PHONE, "phone"), ("/ar", DESKTOP, "arabic")):
        other = same_session(new_page, first, viewport=viewport)
        other.goto(f"{base}{language}/stocktaking/moderation/")
        assert_accessible(other)
        assert_fits(other, viewport["width"])
        shot(other, f"queue-{name}")

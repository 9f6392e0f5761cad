"""A meeting's time in the reader's own zone (issue 18, gap 4): the page names the meeting's
zone, and the browser adds the same instant in the reader's zone when it is another."""

import datetime

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def meeting(transactional_db):
    from tests.support.factories import CoordinationMeetingFactory

    return CoordinationMeetingFactory(
        title="Facilitators' call",
        date=datetime.date(2026, 3, 5),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(15, 30),
        time_zone="Europe/Zurich",
        location="Geneva",
    )


def test_a_reader_in_tokyo_sees_the_time_in_tokyo_too(live_server, new_page, meeting):
    from playwright.sync_api import expect

    page = new_page(timezone_id="Asia/Tokyo", locale="en-GB")
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    when = page.locator("time[data-local-time]")
    expect(when).to_have_text("5 March 2026, 14:00–15:30 (Europe/Zurich)")
    # 14:00 in Zurich (UTC+1 in March) is 22:00 in Tokyo (UTC+9).
    local = page.locator(".local-time")
    expect(local).to_contain_text("In your time zone (Asia/Tokyo):")
    expect(local).to_contain_text("10:00 PM")  # in the page's language (en)
    expect(local).to_contain_text("11:30 PM")

    # The list says it too.
    page.goto(f"{live_server.url}/meetings/")
    expect(page.locator(".local-time")).to_contain_text("10:00 PM")


def test_a_reader_in_the_meetings_zone_sees_it_once(live_server, new_page, meeting):
    from playwright.sync_api import expect

    page = new_page(timezone_id="Europe/Zurich")
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    expect(page.locator("time[data-local-time]")).to_be_visible()
    expect(page.locator(".local-time")).to_have_count(0)


def test_without_javascript_the_zone_is_named(live_server, browser, meeting):
    context = browser.new_context(java_script_enabled=False, timezone_id="Asia/Tokyo")
    page = context.new_page()
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    assert page.locator("time[data-local-time]").inner_text() == (
        "5 March 2026, 14:00–15:30 (Europe/Zurich)"
    )
    assert page.locator(".local-time").count() == 0
    context.close()

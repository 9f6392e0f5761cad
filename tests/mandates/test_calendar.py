"""The iCalendar feed, parsed back by an iCalendar library as calendar programs do."""

import datetime

import pytest
from icalendar import Calendar

from actionlines.models import Facilitation
from tests.support.factories import (
    ActionLineFactory,
    CoordinationMeetingFactory,
    MandateFactory,
    OrganizationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    c7 = ActionLineFactory(code="C7", slug="c7")
    health = ActionLineFactory(code="C7-e-health", slug="c7-e-health", parent=c7)
    c9 = ActionLineFactory(code="C9", slug="c9")
    itu, who = OrganizationFactory(acronym="ITU"), OrganizationFactory(acronym="WHO")
    Facilitation.objects.create(action_line=health, organization=who, role="lead")
    roadmaps = MandateFactory(
        title="Road maps",
        deadline=datetime.date(2027, 12, 31),
        deadline_is_year_only=True,
        reporting_target="CSTD, thirtieth session (2027)",
        applies_to_all_action_lines=True,
    )
    roadmaps.parties.create(organization=itu, role="addressee")
    ehealth = MandateFactory(title="E-health review", deadline=datetime.date(2026, 9, 1))
    ehealth.action_lines.add(health)
    ehealth.parties.create(organization=who, role="addressee")
    MandateFactory(title="No deadline", deadline=None)
    meeting = CoordinationMeetingFactory(title="E-health facilitators", location="Geneva")
    meeting.action_lines.add(health)
    CoordinationMeetingFactory(title="Media meeting", is_online=True).action_lines.add(c9)
    return locals()


def events(client, query=""):
    response = client.get("/calendar.ics" + query)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["summary"]): e for e in calendar.walk("VEVENT")}


def test_whole_feed_has_every_deadline_and_meeting(client, data):
    found = events(client)
    assert set(found) == {
        "Road maps (due in 2027, date not yet set)",
        "E-health review (deadline)",
        "E-health facilitators",
        "Media meeting",
    }
    roadmaps = found["Road maps (due in 2027, date not yet set)"]
    # known by its year only: on the first day it may fall on, never on a guessed 31 December
    assert roadmaps.decoded("dtstart") == datetime.date(2027, 1, 1)
    assert "thirtieth session" in str(roadmaps["description"])
    assert str(found["Media meeting"]["location"]) == "Online"
    assert str(found["E-health facilitators"]["location"]) == "Geneva"


def test_feed_per_organization(client, data):
    assert set(events(client, "?organization=who")) == {
        "E-health review (deadline)",
        "E-health facilitators",
    }


def test_feed_per_action_line_includes_sublines_and_all_line_mandates(client, data):
    assert set(events(client, "?action_line=C7")) == {
        "Road maps (due in 2027, date not yet set)",
        "E-health review (deadline)",
        "E-health facilitators",
    }


@pytest.mark.parametrize(
    "query", ["?organization=NOPE", "?action_line=C99", "?action_line=<script>", "?organization='"]
)
def test_unknown_filters_are_a_clear_400(client, data, query):
    response = client.get("/calendar.ics" + query)
    assert response.status_code == 400
    assert b"Unknown" in response.content


def test_a_recurring_request_repeats_and_an_event_date_moves_the_entry(client, data):
    """A yearly report repeats every year from its first occurrence; once its event's day is
    set, the same entry (same UID) moves to that day and stops saying "not yet set"."""
    from mandates.models import ReportingEvent
    from mandates.services import follow_event

    session = ReportingEvent.objects.create(slug="cstd-29", name="CSTD, 29th session", year=2026)
    yearly = MandateFactory(title="Yearly report", recurrence="annual", event=session)
    yearly.follow_event()
    yearly.save()
    entry = events(client)["Yearly report (every year)"]
    assert entry.decoded("dtstart") == datetime.date(2026, 1, 1)
    assert entry["rrule"]["FREQ"] == ["YEARLY"] and entry["rrule"]["INTERVAL"] == [1]

    session.date = datetime.date(2026, 4, 20)
    session.save()
    follow_event(session)
    moved = events(client)["Yearly report (every year)"]
    assert moved.decoded("dtstart") == datetime.date(2026, 4, 20)
    assert str(moved["uid"]) == str(entry["uid"])


# --- Meetings with a time and a time zone (issue 18, gap 4) -----------------------------------


def meeting_at(title, day, start=None, end=None, zone=""):
    return CoordinationMeetingFactory(
        title=title, date=day, start_time=start, end_time=end, time_zone=zone
    )


def test_a_timed_meeting_starts_with_its_tzid_and_the_zone_is_described(client, db):
    meeting_at(
        "Geneva call",
        datetime.date(2026, 3, 5),
        datetime.time(14, 0),
        datetime.time(15, 30),
        "Europe/Zurich",
    )
    response = client.get("/calendar.ics")
    text = response.content.decode()
    assert "DTSTART;TZID=Europe/Zurich:20260305T140000" in text
    assert "DTEND;TZID=Europe/Zurich:20260305T153000" in text
    calendar = Calendar.from_ical(response.content)
    zones = [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")]
    assert zones == ["Europe/Zurich"]  # a VTIMEZONE for each TZID used, as RFC 5545 asks
    event = next(iter(calendar.walk("VEVENT")))
    start = event.decoded("dtstart")
    # Parsed back, it is the same instant: 13:00 UTC in winter (CET), 14:00 in Geneva.
    assert start.astimezone(datetime.UTC) == datetime.datetime(
        2026, 3, 5, 13, 0, tzinfo=datetime.UTC
    )


def test_a_summer_time_meeting_keeps_its_wall_clock_time(client, db):
    meeting_at(
        "New York call", datetime.date(2026, 7, 1), datetime.time(9, 0), None, "America/New_York"
    )
    event = next(iter(Calendar.from_ical(client.get("/calendar.ics").content).walk("VEVENT")))
    start = event.decoded("dtstart")
    assert start.astimezone(datetime.UTC).hour == 13  # EDT is UTC-4
    assert "DTEND" not in event  # no end time given: none invented


def test_a_meeting_in_utc_is_written_with_z(client, db):
    meeting_at("UTC call", datetime.date(2026, 3, 5), datetime.time(12, 0), None, "UTC")
    text = client.get("/calendar.ics").content.decode()
    assert "DTSTART:20260305T120000Z" in text
    assert "BEGIN:VTIMEZONE" not in text


def test_a_meeting_without_a_time_stays_all_day(client, db):
    meeting_at("Retreat", datetime.date(2026, 3, 5))
    text = client.get("/calendar.ics").content.decode()
    assert "DTSTART;VALUE=DATE:20260305" in text
    assert "DTEND;VALUE=DATE:20260306" in text
    assert "TZID" not in text

"""Meetings with a time and a time zone (issue 18, gap 4), as a facilitator records them and
a reader sees them; the calendar feed is tested in tests/mandates/test_calendar.py."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from actionlines.models import CoordinationMeeting
from tests.support.factories import CoordinationMeetingFactory

pytestmark = pytest.mark.django_db


def post_meeting(client, line, **values):
    data = {
        "title": "Facilitators' call",
        "date": "2026-03-05",
        "location": "Geneva",
        "action_lines": [line.pk],
    }
    return client.post(reverse("actionlines:meeting-create"), data | values)


def test_facilitator_records_a_meeting_at_a_time_in_a_zone(client, line, facilitator):
    client.force_login(facilitator)
    page = client.get(reverse("actionlines:meeting-create")).text
    assert 'type="time" name="start_time"' in page
    assert '<option value="Europe/Zurich">Europe/Zurich</option>' in page
    assert '<option value="America/New_York">America/New York</option>' in page
    assert 'data-filterable="Filter the time zones"' in page
    response = post_meeting(
        client, line, start_time="14:00", end_time="15:30", time_zone="Europe/Zurich"
    )
    assert response.status_code == 302
    meeting = CoordinationMeeting.objects.get()
    assert meeting.starts_at == datetime.datetime(2026, 3, 5, 13, 0, tzinfo=datetime.UTC)
    assert meeting.ends_at.isoformat() == "2026-03-05T15:30:00+01:00"

    # The page says the time in the meeting's zone, named, and gives the instant for scripts.
    page = client.get(meeting.get_absolute_url()).text
    assert '5 March 2026, 14:00–15:30 <span class="meta">(<bdi>Europe/Zurich</bdi>)</span>' in page
    assert 'data-local-time data-zone="Europe/Zurich"' in page
    assert "js/local-time.js" in page
    assert 'data-your-time="In your time zone ({zone}): {time}"' in page


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"start_time": "14:00"}, "time_zone", "Choose the time zone of the time it starts."),
        ({"time_zone": "Europe/Zurich"}, "start_time", "Give the time it starts, or choose"),
        ({"end_time": "15:00", "time_zone": "UTC"}, "start_time", "Give the time it starts"),
        (
            {"start_time": "14:00", "end_time": "13:00", "time_zone": "UTC"},
            "end_time",
            "The meeting must end after it starts.",
        ),
        ({"start_time": "14:00", "time_zone": "Mars/Olympus"}, "time_zone", "Select a valid"),
        ({"start_time": "25:61", "time_zone": "UTC"}, "start_time", "Enter a valid time."),
        (
            {"start_time": "14:00", "time_zone": "Europe/Zurich'; DROP TABLE x;--"},
            "time_zone",
            "Select a valid",
        ),
    ],
)
def test_a_time_and_its_zone_go_together(client, line, facilitator, values, field, message):
    client.force_login(facilitator)
    response = post_meeting(client, line, title="Kept title", **values)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.text and message in response.text
    assert 'value="Kept title"' in response.text
    assert not CoordinationMeeting.objects.exists()


def test_an_all_day_meeting_says_so(client, line):
    meeting = CoordinationMeetingFactory(title="Retreat", date=datetime.date(2026, 3, 5))
    page = client.get(meeting.get_absolute_url()).text
    assert (
        '<time datetime="2026-03-05">5 March 2026</time> <span class="meta">(all day)</span>'
        in page
    )
    assert "data-local-time" not in page


def test_the_model_refuses_a_time_without_a_zone(db):
    from django.core.exceptions import ValidationError

    meeting = CoordinationMeetingFactory.build(start_time=datetime.time(9), time_zone="")
    with pytest.raises(ValidationError):
        meeting.full_clean()
    meeting.time_zone = "Nowhere/Else"
    with pytest.raises(ValidationError, match="not a time zone"):
        meeting.full_clean()


@pytest.mark.django_db(transaction=True)  # migrating back and forth, outside a transaction
def test_meetings_recorded_before_times_existed_stay_all_day(client):
    meeting = CoordinationMeetingFactory(title="Old meeting", date=datetime.date(2025, 11, 3))
    call_command("migrate", "actionlines", "0005", verbosity=0)
    call_command("migrate", "actionlines", verbosity=0)
    meeting = CoordinationMeeting.objects.get(pk=meeting.pk)
    assert meeting.is_all_day and meeting.starts_at is None and meeting.time_zone == ""
    assert "DTSTART;VALUE=DATE:20251103" in client.get("/calendar.ics").content.decode()


def test_the_api_gives_the_instant_and_the_zone(client, db):
    CoordinationMeetingFactory(
        title="Call",
        date=datetime.date(2026, 3, 5),
        start_time=datetime.time(14),
        time_zone="Europe/Zurich",
    )
    CoordinationMeetingFactory(title="Retreat", date=datetime.date(2026, 3, 6))
    rows = {row["title"]: row for row in client.get("/api/v1/meetings/").json()["results"]}
    assert rows["Call"]["time_zone"] == "Europe/Zurich"
    assert rows["Call"]["starts_at"].startswith("2026-03-05T13:00:00")  # 14:00 in Zurich
    assert rows["Call"]["ends_at"] is None
    assert (rows["Retreat"]["starts_at"], rows["Retreat"]["time_zone"]) == (None, "")

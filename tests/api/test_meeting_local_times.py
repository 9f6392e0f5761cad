"""A meeting's times in the API: ``starts_at``/``ends_at`` are instants in UTC; beside them,
``starts_at_local``/``ends_at_local`` are the same instants as the clocks show them where the
meeting is held (ISO 8601 with that day's offset), so that a client need not convert —
across the changes of clocks too."""

import datetime

import pytest

from tests.api.conftest import client_for
from tests.support.factories import CoordinationMeetingFactory

pytestmark = pytest.mark.django_db


def meeting_as_read(**fields):
    meeting = CoordinationMeetingFactory(**fields)
    response = client_for(None).get(f"/api/v1/meetings/{meeting.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def same_instant(local, utc):
    return datetime.datetime.fromisoformat(local) == datetime.datetime.fromisoformat(utc)


@pytest.mark.parametrize(
    ("day", "start", "zone", "starts_at", "starts_at_local"),
    [
        # Geneva in winter (+01:00), then on the day its clocks go forward (+02:00).
        (
            "2026-03-28",
            "09:00",
            "Europe/Zurich",
            "2026-03-28T08:00:00Z",
            "2026-03-28T09:00:00+01:00",
        ),
        (
            "2026-03-29",
            "09:00",
            "Europe/Zurich",
            "2026-03-29T07:00:00Z",
            "2026-03-29T09:00:00+02:00",
        ),
        # 02:30 does not exist in Zurich that night: the instant is read with the offset
        # before the change (01:30 UTC), which the clocks there show as 03:30.
        (
            "2026-03-29",
            "02:30",
            "Europe/Zurich",
            "2026-03-29T01:30:00Z",
            "2026-03-29T03:30:00+02:00",
        ),
        # 02:30 happens twice when the clocks go back: the first time (summer time) is meant.
        (
            "2026-10-25",
            "02:30",
            "Europe/Zurich",
            "2026-10-25T00:30:00Z",
            "2026-10-25T02:30:00+02:00",
        ),
        # New York's clocks change on other days: in between, six hours from Geneva, not five.
        (
            "2026-03-20",
            "10:00",
            "America/New_York",
            "2026-03-20T14:00:00Z",
            "2026-03-20T10:00:00-04:00",
        ),
        # Auckland in its winter (+12:00): the meeting's day is the day after UTC's.
        (
            "2026-06-15",
            "08:00",
            "Pacific/Auckland",
            "2026-06-14T20:00:00Z",
            "2026-06-15T08:00:00+12:00",
        ),
    ],
)
def test_local_times_carry_the_offset_of_that_day(day, start, zone, starts_at, starts_at_local):
    body = meeting_as_read(
        date=datetime.date.fromisoformat(day),
        start_time=datetime.time.fromisoformat(start),
        time_zone=zone,
    )
    assert (body["starts_at"], body["starts_at_local"], body["time_zone"]) == (
        starts_at,
        starts_at_local,
        zone,
    )
    assert same_instant(body["starts_at_local"], body["starts_at"])
    assert body["ends_at"] is None and body["ends_at_local"] is None


def test_the_end_is_given_the_same_way():
    body = meeting_as_read(
        date=datetime.date(2026, 6, 15),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(16, 30),
        time_zone="Europe/Zurich",
    )
    assert body["starts_at_local"] == "2026-06-15T14:00:00+02:00"
    assert body["ends_at_local"] == "2026-06-15T16:30:00+02:00"
    assert same_instant(body["ends_at_local"], body["ends_at"])


def test_an_all_day_meeting_has_no_times():
    body = meeting_as_read(date=datetime.date(2026, 6, 15))
    assert body["date"] == "2026-06-15" and body["time_zone"] == ""
    assert [body[name] for name in ("starts_at", "starts_at_local", "ends_at_local")] == [None] * 3


def test_the_local_times_are_in_the_list_the_csv_and_the_schema():
    from drf_spectacular.generators import SchemaGenerator

    CoordinationMeetingFactory(
        date=datetime.date(2026, 6, 15), start_time=datetime.time(14, 0), time_zone="Europe/Zurich"
    )
    client = client_for(None)
    listed = client.get("/api/v1/meetings/").json()["results"][0]
    assert listed["starts_at_local"] == "2026-06-15T14:00:00+02:00"
    csv = client.get("/api/v1/meetings/", {"format": "csv"}).content.decode()
    assert "starts_at_local" in csv.splitlines()[0] and "2026-06-15T14:00:00+02:00" in csv
    schema = SchemaGenerator().get_schema(request=None, public=True)
    field = schema["components"]["schemas"]["CoordinationMeeting"]["properties"]["starts_at_local"]
    assert (field["type"], field["format"], field["nullable"]) == ("string", "date-time", True)

"""The iCalendar feed of mandate deadlines and coordination meetings.

Calendar programs subscribe to ``/calendar.ics`` (everything), ``?organization=ITU`` (the
mandates addressed to it and the meetings on the lines it facilitates) or ``?action_line=C7``
(the line, its sub-lines, and mandates that concern every line). Deadlines are all-day
events; a meeting with a time starts (and ends) at it in its own zone, written with its TZID
and the zone's VTIMEZONE (in UTC with a "Z"), and one without a time is all day. A
deadline known only by its year (its event's day not yet set) is placed on 1 January, the
earliest it may fall on, and says "date not yet set": a calendar warns early rather than on a
guessed 31 December; when the event's day is set, the entry (same UID) moves to it. A
recurring request repeats (RRULE) from its first occurrence. Historic mandates (due before the
General Assembly's latest review) are left out.
"""

import datetime

from django.db.models import Q
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from actionlines.models import ActionLine, CoordinationMeeting, Organization
from wsis_portal.links import absolute_url

from .models import RECURRENCE_YEARS, Mandate


def calendar_items(*, organization: Organization | None = None, codes: list[str] | None = None):
    """The mandates (with a deadline) and meetings a feed holds."""
    mandates = (
        Mandate.objects.exclude(deadline=None)
        .exclude(status=Mandate.Status.HISTORIC)
        .select_related("document", "paragraph", "event")
    )
    meetings = CoordinationMeeting.objects.all()
    if organization is not None:
        mandates = mandates.addressed_to(organization)
        meetings = meetings.filter(
            Q(organizer=organization) | Q(action_lines__facilitations__organization=organization)
        )
    if codes:
        lines = ActionLine.objects.with_descendants(codes)
        mandates = mandates.filter(Q(action_lines__in=lines) | Q(applies_to_all_action_lines=True))
        meetings = meetings.filter(action_lines__in=lines)
    return mandates.distinct().order_by("deadline", "pk"), meetings.distinct().order_by(
        "date", "pk"
    )


def build_calendar(mandates, meetings, *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//WSIS Action Line Coordination Portal//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    for mandate in mandates:
        event = Event()
        event.add("uid", f"mandate-{mandate.pk}@wsis-portal")
        due = mandate.due
        if mandate.recurrence:
            when = mandate.get_recurrence_display().lower()
            step = RECURRENCE_YEARS[mandate.recurrence]
            event.add("rrule", {"freq": "yearly", "interval": step})
        elif due.approximate:
            when = _("due in %(year)s, date not yet set") % {"year": due.date.year}
        else:
            when = _("deadline")
        event.add("summary", f"{mandate.title} ({when})")
        event.add("dtstart", due.earliest)
        event.add("dtend", due.earliest + datetime.timedelta(days=1))
        event.add("dtstamp", mandate.updated_at)
        description = f"{mandate.document}, paragraph {mandate.paragraph.label}.\n{mandate.request}"
        if mandate.reporting_target:
            description += f"\nReport to: {mandate.reporting_target}"
        if mandate.event:
            description += "\n" + _("Due at: %(event)s, %(due)s") % {
                "event": mandate.event.name,
                "due": due,
            }
        event.add("description", description)
        event.add("url", absolute_url(mandate.get_absolute_url()))
        calendar.add_component(event)
    for meeting in meetings:
        event = Event()
        event.add("uid", f"meeting-{meeting.pk}@wsis-portal")
        event.add("summary", meeting.title)
        if meeting.starts_at:
            event.add("dtstart", meeting.starts_at)
            if meeting.ends_at:
                event.add("dtend", meeting.ends_at)
        else:
            event.add("dtstart", meeting.date)
            event.add("dtend", meeting.date + datetime.timedelta(days=1))
        event.add("dtstamp", meeting.updated_at)
        event.add("location", "Online" if meeting.is_online else meeting.location)
        if meeting.agenda:
            event.add("description", meeting.agenda)
        event.add("url", absolute_url(meeting.get_absolute_url()))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()

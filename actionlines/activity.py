"""What is happening across the portal, for the home page and the activity feeds: the figures
that say how much the database holds and what is due, the next deadlines and meetings, and the
latest published entries and facilitator updates as one stream, whole or per action line.

Each read takes a constant number of queries (one per source), whatever the size of the
database: the stream asks each source for its newest ``limit`` rows and merges them.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mandates.models import Mandate, MandateUpdate
from stocktaking.models import Country, StocktakingEntry
from wsis_portal.caching import cached

from .models import ActionLine, CoordinationMeeting, Measurement, PageRevision, plain_number

#: "Due soon" on the home page: deadlines within this many days.
DUE_SOON_DAYS = 90
#: Mandates still to be done (a completed or historic one is neither due nor overdue).
OPEN_MANDATE = ~Q(status__in=[Mandate.Status.COMPLETED, Mandate.Status.HISTORIC])


@dataclass(frozen=True)
class Activity:
    """One thing that happened: ``kind`` names it in the reader's language, ``key`` (the
    source and row) keeps it apart from another of the same page in a feed."""

    key: str
    when: datetime.datetime
    kind: str
    title: str
    url: str
    detail: str


def figures(today: datetime.date | None = None) -> dict:
    """How much the database holds and what is due: published entries, the countries they
    cover, entries created this year, mandates due within ``DUE_SOON_DAYS`` and overdue.

    Counting every published entry reads them all (a second at 1,000,000): the figures are
    kept until content changes, and while one request counts again after a change, the
    others get the figures from before it (``cached(stale=True)``, at most ``CACHE_TTL`` old).
    """
    today = today or timezone.localdate()
    return cached("home-figures", today, lambda: _count(today), stale=True, per_language=False)


def _count(today: datetime.date) -> dict:
    published = StocktakingEntry.objects.published()
    new_year = timezone.make_aware(datetime.datetime(today.year, 1, 1))
    entries = published.order_by().aggregate(
        total=Count("pk"),
        # A range of the indexed column, not its year (a computation per row).
        this_year=Count("pk", filter=Q(created_at__gte=new_year)),
    )
    # Per country, whether one published entry names it: an index probe each, where
    # counting the distinct countries of every link would read them all.
    links = StocktakingEntry.countries.through.objects.filter(
        country_id=OuterRef("pk"), stocktakingentry__state=StocktakingEntry.State.PUBLISHED
    )
    countries = Country.objects.filter(Exists(links)).count()
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    # Overdue as the tracker's filter, which the figure links to, counts it.
    overdue = Mandate.objects.overdue(today).values("pk")
    mandates = Mandate.objects.aggregate(
        due_soon=Count("pk", filter=OPEN_MANDATE & Q(deadline__gte=today, deadline__lte=soon)),
        overdue=Count("pk", filter=Q(pk__in=overdue)),
    )
    return {
        "entries": entries["total"],
        "countries": countries,
        "entries_this_year": entries["this_year"],
        "year": today.year,
        "due_soon": mandates["due_soon"],
        "overdue": mandates["overdue"],
        "today": today,
        "due_soon_until": soon,
    }


def next_deadlines(limit: int, today: datetime.date | None = None):
    """The open mandates due next, soonest first."""
    today = today or timezone.localdate()
    return (
        Mandate.objects.filter(OPEN_MANDATE, deadline__gte=today)
        .select_related("document")
        .order_by("deadline", "pk")[:limit]
    )


def next_meetings(limit: int, today: datetime.date | None = None):
    """The coordination meetings to come, soonest first."""
    today = today or timezone.localdate()
    return CoordinationMeeting.objects.filter(date__gte=today).order_by("date", "pk")[:limit]


def _line_ids(line) -> list[int] | None:
    """The ids of ``line`` and its sub-lines (None for the whole portal): ids, not a
    subquery, so that PostgreSQL reads the link tables' statistics (``ActionLineCodeFilter``)."""
    if line is None:
        return None
    return list(ActionLine.objects.with_descendants([line.code]).values_list("pk", flat=True))


def activity(limit: int, line=None) -> list[Activity]:
    """The latest published entries and facilitator updates (page edits, road-map
    measurements, mandate progress, meetings), newest first, of the whole portal or of
    ``line`` (a main line includes its sub-lines). Seven queries at most."""
    lines = _line_ids(line)

    def of_lines(queryset, path):
        return queryset if lines is None else queryset.filter(**{f"{path}__in": lines})

    entries = StocktakingEntry.objects.published().exclude(published_at=None)
    if lines is not None:
        # The ids of the line's entries as a subquery: a join would repeat an entry per line.
        links = StocktakingEntry.action_lines.through.objects.filter(actionline_id__in=lines)
        entries = entries.filter(pk__in=links.values("stocktakingentry_id"))
    entries = entries.order_by("-published_at", "-pk").only(
        "pk", "title", "organization_name", "published_at"
    )[:limit]
    revisions = of_lines(
        PageRevision.objects.select_related("action_line"), "action_line"
    ).order_by("-created_at", "-pk")[:limit]
    measurements = of_lines(
        Measurement.objects.select_related("indicator__target__action_line"),
        "indicator__target__action_line",
    ).order_by("-created_at", "-pk")[:limit]
    updates = MandateUpdate.objects.select_related("mandate", "organization")
    if lines is not None:
        addressed = Mandate.objects.filter(action_lines__in=lines).values("pk")
        updates = updates.filter(mandate__in=addressed)
    updates = updates.order_by("-created_at", "-pk")[:limit]
    meetings = CoordinationMeeting.objects.all()
    if lines is not None:
        on_lines = CoordinationMeeting.objects.filter(action_lines__in=lines).values("pk")
        meetings = meetings.filter(pk__in=on_lines)
    meetings = meetings.order_by("-updated_at", "-pk")[:limit]

    items = [
        Activity(
            key=f"entry-{e.pk}",
            when=e.published_at,
            kind=_("Project published"),
            title=e.title,
            url=e.get_absolute_url(),
            detail=e.organization_name,
        )
        for e in entries
    ]
    items += [
        Activity(
            key=f"revision-{r.pk}",
            when=r.created_at,
            kind=_("Page edited"),
            title=f"{r.action_line.code} {r.action_line.local_title}",
            url=r.action_line.get_absolute_url(),
            detail=r.summary or _("Version %(version)s") % {"version": r.version},
        )
        for r in revisions
    ]
    items += [
        Activity(
            key=f"measurement-{m.pk}",
            when=m.created_at,
            kind=_("Road-map measurement"),
            title=m.indicator.name,
            url=reverse("actionlines:roadmap", args=[m.indicator.target.action_line.slug]),
            detail=_("%(value)s %(unit)s on %(date)s (%(line)s)")
            % {
                "value": plain_number(m.value),
                "unit": m.indicator.unit,
                "date": date_format(m.measured_on),
                "line": m.indicator.target.action_line.code,
            },
        )
        for m in measurements
    ]
    items += [
        Activity(
            key=f"mandate-update-{u.pk}",
            when=u.created_at,
            kind=_("Mandate progress"),
            title=u.mandate.title,
            url=u.mandate.get_absolute_url(),
            detail=f"{u.organization.acronym}: {u.get_status_display()}",
        )
        for u in updates
    ]
    items += [
        Activity(
            key=f"meeting-{m.pk}",
            when=m.updated_at,
            kind=_("Meeting"),
            title=m.title,
            url=reverse("actionlines:meeting-detail", args=[m.pk]),
            detail=date_format(m.date),
        )
        for m in meetings
    ]
    return sorted(items, key=lambda item: item.when, reverse=True)[:limit]

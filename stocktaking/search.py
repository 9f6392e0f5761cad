"""Reads behind the public search page: the search itself (``search_queryset``, the selector
the page, its exports, feed and facet task share), facet counts and highlighted matches.

Facets count what the FilterSet selected (so they combine), each dimension in one query,
whatever the page size. Highlights come from PostgreSQL's ``ts_headline`` for the entries of
the current page only (one query); everything is escaped except the ``<mark>`` tags we add.
"""

import logging

from django.conf import settings
from django.contrib.postgres.search import SearchHeadline
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django_countries import countries

from actionlines.models import ActionLine, SDGTarget, SustainableDevelopmentGoal
from wsis_portal.caching import cached, cached_only, latest, once_per_generation
from wsis_portal.filters import RowCount, uses_postgres

from .filters import StocktakingEntryFilterSet, link_counts, region_aggregates
from .languages import entry_search_query, own_config
from .models import Country, Region, StakeholderType, StocktakingEntry
from .statistics import pair_counts

Entry = StocktakingEntry
# Markers no submitted text contains (control characters); replaced by <mark> after escaping.
START, STOP = "\x02", "\x03"
logger = logging.getLogger(__name__)

FACETS_CACHE = "stocktaking-facets"
MATRIX_CACHE = "stocktaking-line-goal-matrix"
# Parameters that choose a page of the results, not the results.
PAGING = ("page", "page_size")
# The ``is_inactive`` facet: entries are shown whether inactive or not, and marked.
ACTIVITY = {"false": "Active", "true": "Inactive (no update for two years)"}


def search_queryset(params, *, request=None):
    """The selector behind the public search: the FilterSet over published entries for these
    GET parameters. The page, its exports, its feed, its charts and the facet-counting task
    all read through it, so what a download holds is what the page showed."""
    params = params.copy()
    params.pop("state", None)  # the public search shows published entries only
    if len(set(params.getlist("is_inactive"))) > 1:
        params.pop("is_inactive")  # both facet boxes ticked: active and inactive, i.e. all
    return StocktakingEntryFilterSet(params, queryset=Entry.objects.published(), request=request)


def line_label(line) -> str:
    return f"{line.code} {line.local_title}"


def goal_label(goal) -> str:
    return str(goal)  # "SDG 3: Good health and well-being", in the reader's language


def target_label(target) -> str:
    """ "9.c Significantly increase access…"; in a right-to-left language the code is
    isolated left to right (Unicode LRI … PDI), else Arabic shows 9.c as "c.9"."""
    if translation.get_language_bidi():
        return f"\u2066{target.code}\u2069 {target.local_title}"
    return f"{target.code} {target.local_title}"


def value_labels(facet: str, values) -> dict:
    """{value: label} for values of ``facet`` as they go in the URL, labelled as
    ``facet_counts`` labels them: for chosen values with no count to show (the counts are
    being made, or no result has the value). Values that name nothing are left out, and
    values no code looks like (null characters, long text) are not looked up."""
    values = [value for value in values if "\x00" not in value and len(value) <= 40]
    if not values:
        return {}
    if facet == "action_line":
        lines = ActionLine.objects.filter(code__in=values)
        return {line.code: line_label(line) for line in lines}
    if facet == "sdg_target":  # as the filter takes them: any case
        targets = SDGTarget.objects.filter(code__in=[value.lower() for value in values])
        labels = {target.code: target_label(target) for target in targets}
        return {value: labels[value.lower()] for value in values if value.lower() in labels}
    # SDG numbers and M49 codes have at most three digits.
    numbers = [int(value) for value in values if value.isdigit() and len(value) < 4]
    if facet == "sdg":
        goals = SustainableDevelopmentGoal.objects.filter(number__in=numbers)
        return {str(goal.number): goal_label(goal) for goal in goals}
    if facet == "region":
        return {str(r.code): r.local_name for r in Region.objects.filter(code__in=numbers)}
    if facet == "country":  # alpha-2 or alpha-3, any case, as the filter takes them
        codes = {value: countries.alpha2(value.upper()) for value in values if len(value) < 4}
        names = {c.code: c.local_name for c in Country.objects.filter(code__in=codes.values())}
        return {value: names[code] for value, code in codes.items() if code in names}
    choices = {
        "stakeholder_type": dict(StakeholderType.choices),
        "status": dict(Entry.ProjectStatus.choices),
        "is_inactive": ACTIVITY,
    }.get(facet, {})
    return {value: choices[value] for value in values if value in choices}


def facet_counts(queryset) -> dict:
    """Counts per facet value of the entries in ``queryset``: {facet: [(value, label, n)]},
    values as they go in the URL, most frequent first (years newest first)."""
    ids = queryset.order_by().values("pk")
    facets = {}

    line_counts = link_counts("action_lines", ids)
    lines = ActionLine.objects.filter(pk__in=line_counts).order_by("sort_order", "code")
    facets["action_line"] = [(line.code, line_label(line), line_counts[line.pk]) for line in lines]

    sdg_counts = link_counts("sdgs", ids)
    goals = SustainableDevelopmentGoal.objects.filter(pk__in=sdg_counts).order_by("number")
    facets["sdg"] = [(str(g.number), goal_label(g), sdg_counts[g.pk]) for g in goals]

    # The targets in the UN's order (9.1 … 9.c): the facet shows the most frequent first.
    # Counted by the target's id (a narrow GROUP BY), then the few named, if any.
    target_counts = link_counts("sdg_targets", ids)
    targets = SDGTarget.objects.filter(pk__in=target_counts) if target_counts else []
    facets["sdg_target"] = [(t.code, target_label(t), target_counts[t.pk]) for t in targets]

    # Every facet of the entries' own columns, and the regions, in one pass over the
    # selected entries (a filtered COUNT per value), where a GROUP BY per facet would select
    # them once per facet: what costs is finding the entries, not counting them.
    top_regions = list(Region.objects.filter(parent__isnull=True).order_by("name"))
    columns = {
        "stakeholder_type": StakeholderType.choices,
        "project_status": Entry.ProjectStatus.choices,
    }
    totals = queryset.order_by().aggregate(
        **region_aggregates([r.code for r in top_regions]),
        **{
            f"{column}:{value}": Count("pk", filter=Q(**{column: value}))
            for column, choices in columns.items()
            for value, _ in choices
        },
        **{
            f"is_inactive:{value}": Count("pk", filter=Q(is_inactive=value == "true"))
            for value in ACTIVITY
        },
    )
    facets["region"] = [
        (str(r.code), r.local_name, totals[f"r{r.code}"])
        for r in top_regions
        if totals[f"r{r.code}"]
    ]
    for facet, column in (("stakeholder_type", "stakeholder_type"), ("status", "project_status")):
        facets[facet] = sorted(
            (
                (value, label, totals[f"{column}:{value}"])
                for value, label in columns[column]
                if totals[f"{column}:{value}"]
            ),
            key=lambda item: -item[2],
        )
    # Both values, even at 0: together they are the number of results.
    facets["is_inactive"] = [
        (value, label, totals[f"is_inactive:{value}"]) for value, label in ACTIVITY.items()
    ]

    country_counts = link_counts("countries", ids)  # a country's pk is its code
    names = {c.code: c.local_name for c in Country.objects.filter(code__in=country_counts)}
    facets["country"] = sorted(
        ((code, names.get(code, code), n) for code, n in country_counts.items()),
        key=lambda item: (-item[2], item[1]),
    )

    rows = (
        queryset.order_by()
        .annotate(created_year=ExtractYear("created_at"))
        .values("created_year")
        .annotate(n=Count("pk"))
    )
    facets["year"] = sorted(
        ((str(row["created_year"]), str(row["created_year"]), row["n"]) for row in rows),
        reverse=True,
    )
    return facets


def search_key(params) -> list:
    """The search these GET ``params`` describe (paging left out: it shares the facets)."""
    return sorted((name, values) for name, values in params.lists() if name not in PAGING)


def cached_facet_counts(params, queryset) -> dict:
    """``facet_counts(queryset)`` for the search these GET ``params`` describe, from the cache
    until content changes (``wsis_portal.caching``); paging through results reuses them."""
    return cached(FACETS_CACHE, search_key(params), lambda: facet_counts(queryset))


def page_facet_counts(params, queryset, rows=None) -> tuple[dict | None, bool]:
    """The search page's facet counts: from the cache, or counted now when PostgreSQL expects
    the search to select at most ``settings.STOCKTAKING_FACET_LIMIT`` entries.

    A broader search is counted by a task (tasks.count_search_facets, queued once per content
    generation): counting reads every selected entry and its links, seconds for hundreds of
    thousands, which the page's reader should not wait for (nor the statement timeout cut
    short). Meanwhile the page gets the counts made before the last change if they are at
    most ``CACHE_TTL`` old, else None. With eager tasks (no broker) the counts are there at
    once. Returns ``(facets, current)``: ``current`` is false for those older counts (and
    for None), which a page must not keep in its cache. ``rows``: the queryset's
    ``RowCount``, if the caller keeps one."""
    key = search_key(params)
    facets = cached_only(FACETS_CACHE, key)
    if facets is not None:
        return facets, True
    estimate = (rows or RowCount(queryset)).estimate
    if estimate is None or estimate <= settings.STOCKTAKING_FACET_LIMIT:
        return cached_facet_counts(params, queryset), True
    if once_per_generation(FACETS_CACHE, key):
        from .tasks import count_search_facets

        try:
            count_search_facets.delay(list(params.lists()), translation.get_language())
        except Exception:  # the broker is down: show the last counts known, if any
            logger.warning("Could not queue the facet count of a search", exc_info=True)
        facets = cached_only(FACETS_CACHE, key)  # there already if the task ran eagerly
        if facets is not None:
            return facets, True
    return latest(FACETS_CACHE, key), False


def line_goal_counts() -> dict[tuple[str, int], int]:
    """Published entries per action line and SDG, {(line code, goal number): n}: the WSIS–SDG
    matrix as the stocktaking database observes it. Counted by the statistics API's selector
    (``group_by=action_line,sdg``), except that a line with sub-lines (C7) counts their entries
    too, once each, as its search (``?action_line=C7&sdg=…``) finds them. Kept until content
    changes; seconds at a million entries, so one reader counts while the others get the
    counts from before the change (``cached(stale=True)``)."""

    def count():
        published = Entry.objects.published()
        rows = pair_counts(published.values("pk"), "action_line", "sdg")
        counts = {(row["key"], int(row["key_2"])): row["count"] for row in rows}
        for parent in ActionLine.objects.filter(sublines__isnull=False).distinct():
            family = (
                published.for_action_line(parent.code)
                .order_by()
                .values_list("sdgs__number")
                .annotate(n=Count("pk", distinct=True))
            )
            counts.update({(parent.code, goal): n for goal, n in family if goal is not None})
        return counts

    return cached(MATRIX_CACHE, (), count, stale=True, per_language=False)


def highlight(text: str) -> str:
    """Escape ``text`` and turn our match markers into <mark> tags."""
    escaped = escape(text)
    return mark_safe(  # noqa: S308 - everything else was escaped just above
        escaped.replace(START, "<mark>").replace(STOP, "</mark>")
    )


def headlines(entries, q: str) -> None:
    """Give each entry of the page ``title_html`` and ``excerpt_html`` with the matches of
    ``q`` marked (PostgreSQL), or escaped plain text (elsewhere / no query)."""
    entries = list(entries)
    found = {}
    if q and q.strip() and uses_postgres() and entries:
        query = entry_search_query(q.strip())
        options = {"start_sel": START, "stop_sel": STOP, "config": own_config()}
        found = {
            row["pk"]: row
            for row in Entry.objects.filter(pk__in=[e.pk for e in entries])
            .annotate(
                title_hl=SearchHeadline("title", query, highlight_all=True, **options),
                excerpt_hl=SearchHeadline(
                    "description",
                    query,
                    max_words=40,
                    min_words=20,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                    **options,
                ),
            )
            .values("pk", "title_hl", "excerpt_hl")
        }
    for entry in entries:
        row = found.get(entry.pk)
        if row:
            entry.title_html = highlight(row["title_hl"])
            entry.excerpt_html = highlight(row["excerpt_hl"])
        else:
            entry.title_html = escape(entry.title)
            words = entry.description.split()
            entry.excerpt_html = escape(" ".join(words[:40]) + (" …" if len(words) > 40 else ""))

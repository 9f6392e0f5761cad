"""The stocktaking FilterSet, shared by the HTML list, the API list, the harvest endpoint and
the statistics (which count what this FilterSet selects)."""

import datetime
import re

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from actionlines.filters import ActionLineCodeFilter, SDGNumberFilter
from actionlines.models import Organization, SDGTarget, SustainableDevelopmentGoal
from wsis_portal.api import vocabularies
from wsis_portal.filters import (
    MultipleChoiceFilter,
    MultipleValueFilter,
    SearchWordsFilter,
    StrictBooleanFilter,
    UpdatedSinceFilter,
    YearFilter,
    best_match_first,
    full_text_search,
    search_help,
    uses_postgres,
)

from .languages import entry_search_query
from .models import Country, Region, StakeholderType, StocktakingEntry

Entry = StocktakingEntry


SDG_TARGET_CODE = re.compile(r"^[0-9]{1,2}\.[0-9a-z]{1,2}$")


def country_codes():
    """Every ISO 3166 code the filters take: alpha-2 (``KE``), then alpha-3 (``KEN``)."""
    alpha2 = [code for code, _name in countries]
    return alpha2 + [countries.alpha3(code) for code in alpha2 if countries.alpha3(code)]


# The closed sets of codes these filters check, listed as enums in the API's schema.
vocabularies.register(
    "countries", country_codes, fallback={"pattern": "^[A-Za-z]{2,3}$"}, any_case=True
)
vocabularies.register(
    "regions",
    lambda: Region.objects.order_by("code").values_list("code", flat=True),
    fallback={"minimum": 1, "maximum": 999},  # M49 codes have three digits
)
REGION_SCHEMA = vocabularies.vocabulary("regions", {"type": "integer", "example": 2})


def validate_country(value):
    """ISO 3166 alpha-2 or alpha-3 (any case) → alpha-2; unknown codes are refused."""
    code = countries.alpha2(value.upper()) if 2 <= len(value) <= 3 and value.isalpha() else ""
    if not code:
        # The value goes in params, not the text: messages are %-formatted downstream.
        raise forms.ValidationError(
            "%(value)r is not an ISO 3166 country code; use alpha-2 (KE) or alpha-3 (KEN).",
            params={"value": value},
        )
    return code


def validate_region(value):
    try:
        code = int(value)
    except (TypeError, ValueError):
        code = None
    if code is None or not Region.objects.filter(code=code).exists():
        raise forms.ValidationError(
            "%(value)r is not a UN M49 region code known here (e.g. 2 Africa, 142 Asia).",
            params={"value": value},
        )
    return code


def validate_sdg_target(value):
    """An SDG target's code as the UN numbers it (``9.1``, ``9.c``, any case); unknown codes
    are refused."""
    code = value.lower()
    if not SDG_TARGET_CODE.match(code) or not SDGTarget.objects.filter(code=code).exists():
        raise forms.ValidationError(
            "%(value)r is not an SDG target code; use one such as 9.1 or 9.c.",
            params={"value": value[:20]},
        )
    return code


def rank_matches(queryset, q, rows=None):
    """The entries ``queryset`` (a ``q`` search, other filters applied) best match first when
    at most ``settings.STOCKTAKING_RANK_LIMIT`` match, else newest first; returns
    ``(queryset, ranked)``. The ``q`` filter itself only matches: ranking is left to the
    lists that show an order (the API list and the search page), and skipped when the
    client asks for another order. ``rows``: the queryset's ``RowCount``, if kept."""
    return best_match_first(
        queryset,
        q,
        stored_vector="search_vector",
        limit=settings.STOCKTAKING_RANK_LIMIT,
        rows=rows,
        query=entry_search_query(q.strip()) if uses_postgres() and q.strip() else None,
    )


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of ``day`` in the current time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def through_ids(relation, **lookup):
    """Entry ids linked through the many-to-many ``relation`` to rows matching ``lookup``
    (a subquery: no join on the outer query, so no duplicate rows and no DISTINCT)."""
    field = Entry._meta.get_field(relation)
    target = field.m2m_reverse_field_name()
    return (
        field.remote_field.through.objects.filter(
            **{f"{target}__{key}": value for key, value in lookup.items()}
        )
        .order_by()
        .values(field.m2m_field_name())
    )


def link_counts(relation, ids) -> dict:
    """{related row's pk: number of entries among ``ids`` linked to it} through the
    many-to-many ``relation``: one GROUP BY over the through table by the related row's id (a
    link is unique per entry and row, so a plain COUNT counts entries: no DISTINCT, no sort,
    no join on the way). Callers fetch the few related rows they show."""
    field = Entry._meta.get_field(relation)
    target = field.m2m_reverse_field_name()
    return dict(
        field.remote_field.through.objects.filter(**{f"{field.m2m_field_name()}__in": ids})
        .values(target)
        .annotate(count=Count("pk"))
        .order_by()
        .values_list(target, "count")
    )


def region_condition(codes) -> Q:
    """Entries with a country in these regions or their sub-regions, or naming the regions
    (or one of their sub-regions) themselves.

    On PostgreSQL, one overlap with ``region_codes``, which holds every region an entry is in,
    the parents of its regions and sub-regions included (so the given codes alone suffice;
    GIN-indexed, migration 0007): the link-table form below took 12–16 s for ``region=2`` at
    1,000,000 entries (benchmarks/EXPLAIN.md). Elsewhere the column is empty: one ``IN`` over
    the union of both links, not an OR of two ``IN``s, which PostgreSQL made a per-row filter
    re-reading the country subquery for every entry."""
    if uses_postgres():
        return Q(region_codes__overlap=list(codes))
    regions = Region.objects.filter(Q(code__in=codes) | Q(parent__code__in=codes)).values("code")
    countries_in = Country.objects.filter(Q(region__in=regions) | Q(subregion__in=regions)).values(
        "code"
    )
    linked = through_ids("countries", code__in=countries_in).union(
        through_ids("regions", code__in=regions), all=True
    )
    return Q(pk__in=linked)


def region_counts(queryset, codes) -> dict:
    """{M49 code: number of entries of ``queryset`` in that region}, all in one pass (one
    filtered COUNT per region); regions with no entry are left out."""
    if not codes:
        return {}
    totals = queryset.order_by().aggregate(**region_aggregates(codes))
    return {code: totals[f"r{code}"] for code in codes if totals[f"r{code}"]}


def region_aggregates(codes) -> dict:
    """``aggregate()`` arguments counting the entries in each region: ``r<code>``."""
    return {f"r{code}": Count("pk", filter=region_condition([code])) for code in codes}


class StocktakingEntryFilterSet(django_filters.FilterSet):
    action_line = ActionLineCodeFilter(field_name="action_lines", label=_("Action lines"))
    sdg = SDGNumberFilter(label=_("SDG"), method="filter_sdg")
    sdg_target = MultipleValueFilter(
        label=_("SDG target"),
        method="filter_sdg_target",
        validate_one=validate_sdg_target,
        help_text=_("SDG target code (`9.1`, `9.c`); repeat or comma-separate for several."),
        item_schema=vocabularies.vocabulary(
            "sdg_targets", {"type": "string", "pattern": SDG_TARGET_CODE.pattern, "example": "9.1"}
        ),
    )
    country = MultipleValueFilter(
        label=_("Country"),
        method="filter_country",
        validate_one=validate_country,
        help_text=_("ISO 3166 country code, alpha-2 (`KE`) or alpha-3 (`KEN`); repeatable."),
        item_schema=vocabularies.vocabulary(
            "countries", {"type": "string", "pattern": "^[A-Za-z]{2,3}$", "example": "KE"}
        ),
    )
    region = MultipleValueFilter(
        label=_("Region"),
        method="filter_region",
        validate_one=validate_region,
        help_text=_(
            "UN M49 region or sub-region code (e.g. 2 Africa, 14 Eastern Africa): entries "
            "with a country there, or naming the region itself; repeatable."
        ),
        item_schema=REGION_SCHEMA,
    )
    # distinct=False on the entry's own columns, which cannot repeat a row: a DISTINCT page
    # builds every matching entry's link arrays to compare them (11 s at 1,000,000 entries).
    stakeholder_type = MultipleChoiceFilter(
        choices=StakeholderType.choices,
        distinct=False,
        label=_("Stakeholder type"),
        help_text=_("Stakeholder type; repeatable."),
    )
    status = MultipleChoiceFilter(
        label=_("Project status"),
        field_name="project_status",
        choices=Entry.ProjectStatus.choices,
        distinct=False,
        help_text=_("Project status (planned, ongoing, completed); repeatable."),
    )
    state = MultipleChoiceFilter(
        choices=Entry.State.choices,
        distinct=False,
        label=_("State"),
        help_text=_("Workflow state; only states you may see match (anonymous: published)."),
    )
    organization = django_filters.CharFilter(
        method="filter_organization",
        label=_("Organisation"),
        help_text=_(
            "Organisation: the acronym of a registered organisation, or words of the "
            "organisation name as submitted."
        ),
    )
    year = YearFilter(
        label=_("Year created"),
        field_name="created_at__year",
        help_text=_("Year the entry was created."),
    )
    updated_since = UpdatedSinceFilter(label=_("Changed since"), field_name="updated_at")
    created_after = django_filters.DateFilter(
        field_name="created_at",
        method="filter_created_after",
        label=_("Created from"),
        help_text=_("Created on or after."),
    )
    created_before = django_filters.DateFilter(
        field_name="created_at",
        method="filter_created_before",
        label=_("Created until"),
        help_text=_("Created on or before."),
    )
    is_inactive = StrictBooleanFilter(
        label=_("Inactive"),
        help_text=_(
            "`true`: entries marked inactive (no update by their owner for two years); "
            "`false`: the others."
        ),
    )
    q = SearchWordsFilter(
        label=_("Words"),
        method="filter_q",
        help_text=search_help(
            format_lazy(
                _("best match first when at most {limit} entries match, else newest first"),
                limit=f"{settings.STOCKTAKING_RANK_LIMIT:,}",
            )
        ),
    )

    class Meta:
        model = Entry
        fields = [
            "action_line",
            "sdg",
            "sdg_target",
            "country",
            "region",
            "stakeholder_type",
            "status",
            "state",
            "organization",
            "year",
            "updated_since",
            "created_after",
            "created_before",
            "is_inactive",
            "q",
        ]

    # Days as ranges of ``created_at`` itself, not ``created_at__date`` (a cast per row that
    # no index serves: 330 ms instead of 1 ms at 100,000 entries, see benchmarks/EXPLAIN.md).
    def filter_created_after(self, queryset, name, value):
        return queryset.filter(created_at__gte=start_of_day(value))

    def filter_created_before(self, queryset, name, value):
        if value >= datetime.date.max:  # on or before the last day there is: no bound
            return queryset
        return queryset.filter(created_at__lt=start_of_day(value + datetime.timedelta(days=1)))

    def filter_sdg(self, queryset, name, value):
        # The goals' ids themselves, as for action lines (ActionLineCodeFilter): with a
        # subquery by number PostgreSQL expected under 10,000 entries for SDG 3 and the API
        # counted all 63,651 of them; with the ids it reads the link table's statistics.
        goals = SustainableDevelopmentGoal.objects.filter(number__in=value)
        ids = list(goals.values_list("pk", flat=True))
        return queryset.filter(pk__in=through_ids("sdgs", pk__in=ids))

    def filter_sdg_target(self, queryset, name, value):
        return queryset.filter(pk__in=through_ids("sdg_targets", code__in=value))

    def filter_country(self, queryset, name, value):
        return queryset.filter(pk__in=through_ids("countries", code__in=value))

    def filter_region(self, queryset, name, value):
        return queryset.filter(region_condition(value))

    def filter_organization(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        organizations = Organization.objects.filter(acronym__iexact=value).values("pk")
        return queryset.filter(
            Q(organization__in=organizations) | Q(organization_name__icontains=value)
        )

    def filter_q(self, queryset, name, value):
        if uses_postgres() and value.strip():  # in each entry's language (languages.py)
            return queryset.filter(search_vector=entry_search_query(value.strip()))
        return full_text_search(
            queryset,
            value,
            stored_vector="search_vector",
            fallback_fields=("title", "description", "organization_name"),
            rank=False,
        )


class RegionFilterSet(django_filters.FilterSet):
    """The M49 regions and sub-regions (the API's ``regions/``)."""

    parent = MultipleValueFilter(
        label=_("Parent region"),
        field_name="parent",
        validate_one=validate_region,
        help_text=_("M49 code of a region: its sub-regions; repeatable."),
        item_schema=REGION_SCHEMA,
    )
    top_level = StrictBooleanFilter(
        label=_("Regions only"),
        field_name="parent",
        lookup_expr="isnull",
        help_text=_("`true`: regions only."),
    )

    class Meta:
        model = Region
        fields = ["parent", "top_level"]


class CountryFilterSet(django_filters.FilterSet):
    """The countries (the API's ``countries/``)."""

    region = MultipleValueFilter(
        label=_("Region"),
        method="filter_region",
        validate_one=validate_region,
        help_text=_("M49 code of a region or sub-region: the countries in it; repeatable."),
        item_schema=REGION_SCHEMA,
    )
    q = SearchWordsFilter(
        label=_("Words"), method="filter_q", help_text=_("Words in the name or codes.")
    )

    class Meta:
        model = Country
        fields = ["region", "q"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(region__in=value) | Q(subregion__in=value))

    def filter_q(self, queryset, name, value):
        condition = Q()
        for word in value.split():
            condition &= Q(name__icontains=word) | Q(code__iexact=word) | Q(alpha3__iexact=word)
        return queryset.filter(condition)

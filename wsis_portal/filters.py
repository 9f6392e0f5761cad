"""Filter pieces shared by the apps' FilterSets (which serve the HTML lists and the API).

Nothing here knows about DRF: a FilterSet's ``errors`` name the parameter, and the API turns
them into 400s, the HTML pages show them next to the field.
"""

import datetime
import json
from functools import cached_property

import django_filters
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from wsis_portal.caching import cached, cached_only
from wsis_portal.text import SPACE_CHARS


def uses_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def planner_estimate(queryset):
    """PostgreSQL's estimate of the number of rows ``queryset`` selects (an ``EXPLAIN``: no
    row is read), or None on other databases."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


#: Where ``RowCount(remember=True)`` keeps the exact counts it learns (``wsis_portal.caching``:
#: until content changes, at most ``CACHE_TTL``).
ROW_COUNTS = "row-count"
#: Where ``RowCount(remember=True)`` keeps PostgreSQL's estimates, likewise.
ROW_ESTIMATES = "row-estimate"


class RowCount:
    """How many rows a queryset selects, found out once per request and only as far as a
    caller needs: PostgreSQL's estimate (``estimate``), whether there are more than N (a count
    that stops at N + 1 rows), the exact number (``exact()``). Deciding whether to rank a
    search and paging its results ask the same questions of the same rows; sharing one
    ``RowCount`` spares an ``EXPLAIN`` and, when the bounded count already saw every row, the
    full count. Ordering and annotations do not change the rows, so a ranked copy of the
    queryset shares its original's ``RowCount``.

    ``known`` is an exact number learnt elsewhere (the search page's facets add up to it).
    ``count_below``: the caller counts exactly anyway when the estimate is under this (an API
    page's ``count``), so a bounded count under it counts every row at once.
    ``remember``: keep the exact number in the cache, keyed by the query's SQL (which holds
    every filter and who may see what), for the next request of the same rows: the next page
    of a search, or the same search asked again, then needs neither ``EXPLAIN`` nor count.
    The estimate of a set too large to count is kept the same way (until content changes:
    the planner's statistics change more slowly still), so the same large list asked again
    costs no ``EXPLAIN`` either.
    """

    def __init__(self, queryset, known=None, count_below=0, remember=False):
        self.queryset = queryset
        self.count_below = count_below
        self.remember = remember and self.sql is not None
        if known is None and self.remember:
            known = cached_only(ROW_COUNTS, self.sql, per_language=False)
        self.known = known

    @cached_property
    def sql(self) -> str | None:
        """The SQL selecting the rows (None when Django knows without asking that there is
        none, e.g. ``pk__in=[]``)."""
        try:
            return str(self.queryset.order_by().values("pk").query)
        except EmptyResultSet:
            return None

    @cached_property
    def estimate(self):
        """The exact number when known, else the planner's estimate (None off PostgreSQL)."""
        if self.known is not None:
            return self.known
        if self.remember:
            return cached(
                ROW_ESTIMATES,
                self.sql,
                lambda: planner_estimate(self.queryset),
                per_language=False,
            )
        return planner_estimate(self.queryset)

    def exceeds(self, limit: int) -> bool:
        """Whether more than ``limit`` rows are selected, reading at most ``limit`` + 1 of them
        (all, when the caller counts them anyway: ``count_below``)."""
        if self.known is not None:
            return self.known > limit
        if self.estimate is not None and self.estimate < self.count_below:
            return self.exact() > limit
        found = self.queryset.order_by()[: limit + 1].count()
        if found <= limit:
            self.known = found
        return found > limit

    def exact(self) -> int:
        if self.known is None:
            count = self.queryset.count
            # cached() reads the content generation before counting: a change committed
            # while counting leaves this count behind with its generation.
            self.known = (
                cached(ROW_COUNTS, self.sql, count, per_language=False)
                if self.remember
                else count()
            )
        return self.known


def search_words(value: str) -> list[str]:
    return [word for word in value.split() if word][:20]


def search_query(value: str) -> SearchQuery:
    """``value`` in web-search syntax, English stemming."""
    return SearchQuery(value, search_type="websearch", config="english")


def full_text_search(
    queryset, value, *, vector=None, stored_vector=None, fallback_fields=(), rank=True
):
    """Full-text search: on PostgreSQL, ranked best match first (``search_rank`` annotated)
    unless ``rank`` is false (then only matched, for ``best_match_first``); on SQLite, every
    word must appear in one of ``fallback_fields`` (case-insensitive).

    ``stored_vector`` names a maintained ``tsvector`` column (indexed); otherwise ``vector``
    (a ``SearchVector``) is computed per row, acceptable on small tables only.
    """
    value = (value or "").strip()
    if not value:
        return queryset
    if uses_postgres():
        query = search_query(value)
        if stored_vector:
            column = stored_vector
        else:
            column = "search_document"
            queryset = queryset.annotate(search_document=vector)
        queryset = queryset.filter(**{column: query})
        if not rank:
            return queryset
        return queryset.annotate(search_rank=SearchRank(F(column), query)).order_by(
            "-search_rank", "pk"
        )
    condition = Q()
    for word in search_words(value):
        any_field = Q()
        for field in fallback_fields:
            any_field |= Q(**{f"{field}__icontains": word})
        condition &= any_field
    return queryset.filter(condition)


#: ``best_match_first`` trusts the planner's estimate of the matches when it is this many
#: times over the limit, and counts them (up to the limit) otherwise.
ESTIMATE_MARGIN = 4


def best_match_first(queryset, value, *, stored_vector, limit, rows=None, query=None):
    """``queryset``, already matched against ``value`` (``full_text_search(rank=False)``),
    best match first when at most ``limit`` rows match; returns ``(queryset, ranked)``.
    ``rows`` is the queryset's ``RowCount`` when the caller keeps one (to page the result).

    Ranking has to read every matching row (a GIN index finds rows, it cannot order them), so
    its cost grows with the matches: for a broad search of a large table it is the whole
    request. Above ``limit`` the queryset keeps its own order, which an index serves by
    reading little more than the page. Whether the matches are over the limit: PostgreSQL's
    estimate when it is ``ESTIMATE_MARGIN`` times over (an ``EXPLAIN``, no row read), else a
    count that stops at ``limit`` + 1 rows. Off PostgreSQL nothing is ranked. ``query``: the
    ``SearchQuery`` that matched, when not ``search_query(value)`` (English stemming).
    """
    value = (value or "").strip()
    if not value or not uses_postgres():
        return queryset, False
    rows = rows or RowCount(queryset)
    # The estimate decides alone only when the caller would not count the rows anyway: below
    # ``count_below`` it does, and the count decides (a search PostgreSQL overestimated was
    # left unranked the first time it was asked and ranked once its count was kept).
    too_many = rows.estimate > limit * ESTIMATE_MARGIN and rows.estimate >= rows.count_below
    if too_many or rows.exceeds(limit):
        return queryset, False
    query = query or search_query(value)
    ranked = queryset.annotate(search_rank=SearchRank(F(stored_vector), query))
    return ranked.order_by("-search_rank", "pk"), True


def documented(filter, schema):
    """``filter`` with ``schema`` as its parameter's schema in the API's documentation."""
    filter._spectacular_annotation = {"field": schema}
    return filter


def split_values(value) -> list[str]:
    """The values of a repeatable parameter, repeated (``?x=a&x=b``) or comma-separated
    (``?x=a,b``), blanks left out."""
    if not value:
        return []
    if isinstance(value, str):
        value = [value]
    values = []
    for item in value:
        values += [part.strip() for part in str(item).split(",") if part.strip()]
    return values


class MultipleValueField(forms.MultipleChoiceField):
    """Accepts repeated and comma-separated values (``?x=a&x=b`` or ``?x=a,b``) and hands
    each to ``validate_one``, which returns the cleaned value or raises ValidationError."""

    def __init__(self, *args, validate_one=None, **kwargs):
        self.validate_one = validate_one or (lambda value: value)
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        return split_values(value)

    def validate(self, value):
        if self.required and not value:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def clean(self, value):
        values = self.to_python(value)
        self.validate(values)
        if any("\x00" in item for item in values):
            raise forms.ValidationError("Null characters are not allowed.", code="null_characters")
        return [self.validate_one(item) for item in values]


class MultipleValueFilter(django_filters.Filter):
    """A repeatable filter whose values are checked one by one (see ``MultipleValueField``);
    subclasses or ``method=`` decide how they combine (any of them matches)."""

    field_class = MultipleValueField

    def __init__(self, *args, item_schema=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Documentation only: the OpenAPI generator reads this hint (repeatable parameter).
        schema = {"type": "array", "items": item_schema or {"type": "string"}}
        if self.extra.get("help_text"):
            schema["description"] = str(self.extra["help_text"])
        self._spectacular_annotation = {"field": schema}

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**{f"{self.field_name}__in": value})


class CommaSeparatedChoiceField(django_filters.fields.MultipleChoiceField):
    """A multiple choice that also takes comma-separated values (``?status=planned,ongoing``),
    as ``MultipleValueField`` does: every repeatable filter of the API reads commas alike."""

    def to_python(self, value):
        return split_values(value)


class MultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    """django-filter's, with ``CommaSeparatedChoiceField`` (any of the values matches)."""

    field_class = CommaSeparatedChoiceField


def search_help(order=None):
    """The ``q`` parameter's description, with the order results come in on PostgreSQL
    (a translated text; by default "ranked, best match first"), in the reader's language."""
    return format_lazy(
        _(
            "Full-text search (PostgreSQL: {order}, web-search syntax: "
            '"quoted phrase", -excluded, or; elsewhere: every word must appear).'
        ),
        order=_("ranked, best match first") if order is None else order,
    )


SEARCH_HELP = search_help()

#: The most words a search takes: PostgreSQL matches every term of a query against the
#: index, and 400 repeated words took up to 1.9 s; no real question needs more than a few.
MAX_SEARCH_WORDS = 32


class SearchWordsField(forms.CharField):
    """Search text of at most ``MAX_SEARCH_WORDS`` words (separated by spaces); more is an
    error naming the limit, next to the field on a page and a 400 over the API."""

    def validate(self, value):
        super().validate(value)
        if len(value.split()) > MAX_SEARCH_WORDS:
            raise forms.ValidationError(
                _("Search with at most %(limit)d words."),
                code="too_many_words",
                params={"limit": MAX_SEARCH_WORDS},
            )


#: ``SearchWordsField``'s values: up to ``MAX_SEARCH_WORDS`` words, no null character.
SEARCH_WORDS_PATTERN = (
    rf"^[{SPACE_CHARS}]*(?:[^{SPACE_CHARS}\x00]+[{SPACE_CHARS}]+){{0,{MAX_SEARCH_WORDS - 1}}}"
    rf"[^{SPACE_CHARS}\x00]+[{SPACE_CHARS}]*$"
)


class SearchWordsFilter(django_filters.CharFilter):
    """The ``q`` filter of every list: ``SearchWordsField``'s limit, ``method`` to match."""

    field_class = SearchWordsField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        documented(self, {"type": "string", "pattern": SEARCH_WORDS_PATTERN})


class UTCIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 moment, as UTC: PostgreSQL refuses offsets over 15:59 (``-16:41`` is valid
    ISO), and a moment that is no UTC time (year 1 at ``+01:00``) is an error, not a 500."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None


class UpdatedSinceFilter(django_filters.IsoDateTimeFilter):
    """``updated_since``: rows changed at or after an ISO 8601 moment (``2026-05-01T00:00:00Z``;
    without a zone, UTC), what a mirror asks to sync incrementally: it keeps the time of its
    last sync and asks for what changed since. A value that is not such a moment is a 400.
    ``field_name``: the model's change time."""

    field_class = UTCIsoDateTimeField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault(
            "help_text",
            _(
                "Changed at or after this moment (ISO 8601, e.g. `2026-05-01T00:00:00Z`; "
                "without a time zone, UTC): for incremental syncs."
            ),
        )
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.Field):
    """``true``/``false`` (also 1/0, yes/no); anything else is an error, not "no filter"."""

    TRUE, FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off"}

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        # The value goes in as a parameter: a message is %-formatted, and "%" is a value too.
        raise forms.ValidationError(
            "%(value)r is not a boolean; use true or false.",
            code="invalid",
            params={"value": str(value)[:20]},
        )


class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class YearFilter(django_filters.NumberFilter):
    """A calendar year (1–9999) as a whole number; anything else is a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 9999)
        super().__init__(*args, **kwargs)
        documented(
            self,
            {
                "type": "integer",
                "minimum": self.extra["min_value"],
                "maximum": self.extra["max_value"],
                "example": 2025,
            },
        )


class IdFilter(django_filters.NumberFilter):
    """An object's id: a whole number from 1; anything else is a 400."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 2**31 - 1)
        super().__init__(*args, **kwargs)
        documented(self, {"type": "integer", "minimum": 1, "maximum": 2**31 - 1})

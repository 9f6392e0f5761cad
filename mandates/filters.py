"""FilterSets of the mandates app, shared by the HTML list pages and the API."""

import django_filters
from django.contrib.postgres.search import SearchVector
from django.db.models import Q
from django.utils import timezone

from actionlines.filters import ActionLineCodeFilter
from actionlines.models import Organization
from wsis_portal.filters import SEARCH_HELP, StrictBooleanFilter, YearFilter, full_text_search

from .models import Clause, Document, Mandate, MandateUpdate, Paragraph


class DocumentFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Document.Kind.choices, help_text="Kind of text.")
    symbol = django_filters.CharFilter(
        lookup_expr="iexact", help_text="UN symbol, e.g. `A/RES/80/173`."
    )
    year = YearFilter(field_name="date__year", help_text="Year of the document.")
    q = django_filters.CharFilter(method="filter_q", help_text="Words in symbol or title.")

    class Meta:
        model = Document
        fields = ["kind", "symbol", "year", "q"]

    def filter_q(self, queryset, name, value):
        condition = Q()
        for word in value.split()[:20]:
            condition &= (
                Q(symbol__icontains=word)
                | Q(title__icontains=word)
                | Q(short_title__icontains=word)
            )
        return queryset.filter(condition)


class ParagraphFilterSet(django_filters.FilterSet):
    document = django_filters.CharFilter(
        field_name="document__slug", help_text="Slug of the document, e.g. `a-res-80-173`."
    )
    action_line = ActionLineCodeFilter(field_name="action_lines")
    kind = django_filters.ChoiceFilter(choices=Paragraph.Kind.choices, help_text="Kind.")
    verb = django_filters.ChoiceFilter(
        choices=Clause.VERBS,
        method="filter_verb",
        label="Operative verb",
        help_text=(
            "Paragraphs with a clause whose operative verb is this one (normalised: "
            "requests, calls_upon, urges, invites, encourages, recommends, decides, recalls, "
            'notes, welcomes, …; "Also requests" is requests).'
        ),
    )
    q = django_filters.CharFilter(method="filter_q", help_text=SEARCH_HELP)

    class Meta:
        model = Paragraph
        fields = ["document", "action_line", "kind", "verb", "q"]

    def filter_verb(self, queryset, name, value):
        # A subquery, not a join: a paragraph with two "requests" clauses is listed once.
        return queryset.filter(pk__in=Clause.objects.filter(verb=value).values("paragraph_id"))

    def filter_q(self, queryset, name, value):
        # A few thousand paragraphs: the vector is computed per query (no stored column).
        return full_text_search(
            queryset,
            value,
            vector=SearchVector("text", weight="A", config="english")
            + SearchVector("section", weight="B", config="english"),
            fallback_fields=("text", "section"),
        )


class MandateFilterSet(django_filters.FilterSet):
    addressee = django_filters.CharFilter(
        method="filter_addressee",
        help_text=(
            "Acronym of an organisation the mandate is addressed to (directly, or as a "
            "facilitator when addressed to all facilitators)."
        ),
    )
    action_line = ActionLineCodeFilter(field_name="action_lines")
    status = django_filters.MultipleChoiceFilter(  # a column of the mandate: no repeated rows
        choices=Mandate.Status.choices, distinct=False, help_text="Status; repeatable."
    )
    document = django_filters.CharFilter(field_name="document__slug", help_text="Document slug.")
    due_before = django_filters.DateFilter(
        field_name="deadline", lookup_expr="lte", help_text="Deadline on or before this date."
    )
    due_after = django_filters.DateFilter(
        field_name="deadline", lookup_expr="gte", help_text="Deadline on or after this date."
    )
    overdue = StrictBooleanFilter(
        method="filter_overdue",
        help_text="`true`: deadline passed (before today) and not completed; `false`: the rest.",
    )

    class Meta:
        model = Mandate
        fields = ["addressee", "action_line", "status", "document", "due_before", "overdue"]

    def filter_addressee(self, queryset, name, value):
        organization = Organization.objects.filter(acronym__iexact=value).first()
        if organization is None:
            return queryset.none()
        return queryset.filter(
            pk__in=Mandate.objects.addressed_to(organization).order_by().values("pk")
        )

    def filter_overdue(self, queryset, name, value):
        overdue = Mandate.objects.overdue(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class MandateUpdateFilterSet(django_filters.FilterSet):
    mandate = django_filters.NumberFilter(field_name="mandate_id", help_text="Mandate id.")
    organization = django_filters.CharFilter(
        field_name="organization__acronym", lookup_expr="iexact", help_text="Posting organisation."
    )
    status = django_filters.MultipleChoiceFilter(
        choices=MandateUpdate.Status.choices, distinct=False, help_text="Status; repeatable."
    )
    posted_after = django_filters.DateFilter(
        field_name="created_at__date", lookup_expr="gte", help_text="Posted on or after."
    )
    posted_before = django_filters.DateFilter(
        field_name="created_at__date", lookup_expr="lte", help_text="Posted on or before."
    )

    class Meta:
        model = MandateUpdate
        fields = ["mandate", "organization", "status", "posted_after", "posted_before"]

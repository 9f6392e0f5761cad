"""FilterSets of the mandates app, shared by the HTML list pages and the API."""

import django_filters
from django import forms
from django.contrib.postgres.search import SearchVector
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from actionlines.filters import ActionLineCodeFilter, OrganizationFilter
from wsis_portal.api import vocabularies
from wsis_portal.filters import (
    SEARCH_HELP,
    IdFilter,
    MultipleChoiceFilter,
    SearchWordsFilter,
    StrictBooleanFilter,
    UpdatedSinceFilter,
    YearFilter,
    documented,
    full_text_search,
    search_help,
)

from .importers.clauses import MANDATING
from .models import (
    Clause,
    Document,
    Mandate,
    MandateParty,
    MandateUpdate,
    Paragraph,
    ReportingEvent,
)

# The closed sets of codes these filters check, listed as enums in the API's schema.
vocabularies.register(
    "documents",
    lambda: [
        code
        for slug, symbol in Document.objects.order_by("slug").values_list("slug", "symbol")
        for code in (slug, symbol)
        if code
    ],
    fallback={"pattern": "^[^\\x00-\\x1f]{1,200}$"},  # a slug or a UN symbol
    any_case=True,
)
vocabularies.register(
    "mandates",
    lambda: Mandate.objects.order_by("pk").values_list("pk", flat=True),
    fallback={"minimum": 1},
)
vocabularies.register(
    "reporting_events",
    lambda: ReportingEvent.objects.order_by("slug").values_list("slug", flat=True),
    fallback={"pattern": "^[-a-zA-Z0-9_]+$"},
)


class EnglishOptionsSelect(forms.Select):
    """A pick-list of names the sources give in English only (the reporting events), each
    option marked ``lang="en"`` so a screen reader reads it as English."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = "en"
        return option


class DocumentField(forms.CharField):
    """A document by its slug (``a-res-80-173``) or its UN symbol (``A/RES/80/173``, any
    case); one that names no document is an error naming the parameter (it used to select
    nothing)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        value = value.strip()
        document = Document.objects.filter(Q(slug__iexact=value) | Q(symbol__iexact=value)).first()
        if document is None:
            raise forms.ValidationError(
                "%(value)r is neither the slug (a-res-80-173) nor the symbol (A/RES/80/173) "
                "of a document known here.",
                code="unknown_document",
                params={"value": value[:60]},
            )
        return document


@extend_schema_field(
    vocabularies.vocabulary("documents", {"type": "string", "example": "a-res-80-173"})
)
class DocumentFilter(django_filters.Filter):
    field_class = DocumentField

    def filter(self, qs, value):
        return qs if value is None else qs.filter(**{self.field_name: value})


class DocumentFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Document.Kind.choices, help_text=_("Kind of text.")
    )
    symbol = django_filters.CharFilter(
        label=_("Symbol"), lookup_expr="iexact", help_text=_("UN symbol, e.g. `A/RES/80/173`.")
    )
    year = YearFilter(
        label=_("Year"), field_name="date__year", help_text=_("Year of the document.")
    )
    q = SearchWordsFilter(
        label=_("Words"), method="filter_q", help_text=_("Words in symbol or title.")
    )

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
    document = DocumentFilter(
        label=_("Document"),
        field_name="document",
        help_text=_("The document's slug (`a-res-80-173`) or UN symbol (`A/RES/80/173`)."),
    )
    action_line = ActionLineCodeFilter(label=_("Action line"), field_name="action_lines")
    kind = django_filters.ChoiceFilter(
        choices=Paragraph.Kind.choices, label=_("Kind"), help_text=_("Kind.")
    )
    verb = django_filters.ChoiceFilter(
        choices=Clause.VERBS,
        method="filter_verb",
        label=_("Operative verb"),
        help_text=_(
            "Paragraphs with a clause whose operative verb is this one (normalised: "
            "requests, calls_upon, urges, invites, encourages, recommends, decides, recalls, "
            'notes, welcomes, …; "Also requests" is requests).'
        ),
    )
    q = SearchWordsFilter(label=_("Words"), method="filter_q", help_text=SEARCH_HELP)

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
    """Labels and help texts here are read by people twice: in the tracker's filter column
    and in the API's documentation, so they carry no API markup."""

    q = SearchWordsFilter(
        method="filter_q",
        label=_("Words"),
        help_text=search_help(_("ranked, best match first, in title, request and addressees")),
    )
    addressee = OrganizationFilter(
        method="filter_addressee",
        label=_("Addressee"),
        help_text=_(
            "Acronym of an organisation that must act on the mandate: named by the text, or "
            "as a facilitator of a line concerned when the text addresses the facilitators."
        ),
    )
    partner = OrganizationFilter(
        method="filter_partner",
        label=_("Partner"),
        help_text=_(
            "Acronym of an organisation named to work with the addressees (in coordination "
            "with, with the support of …) or whose secretariat the addressee is."
        ),
    )
    party = OrganizationFilter(
        method="filter_party",
        label=_("Party"),
        help_text=_("Acronym of an organisation in any role, or in the role given by role."),
    )
    role = django_filters.ChoiceFilter(
        choices=MandateParty.Role.choices,
        method="filter_role",
        label=_("Role"),
        help_text=_(
            "With party: that organisation's role (report_to with CSTD: the mandates reported "
            "to the CSTD). Alone: mandates with a party in this role."
        ),
    )
    verb = django_filters.ChoiceFilter(
        choices=[(k, v) for k, v in Clause.VERBS if k in MANDATING or k == "should"],
        label=_("Operative verb"),
        help_text=_("The verb of the clause that gives it: requests, calls_upon, invites, …"),
    )
    action_line = ActionLineCodeFilter(label=_("Action line"), field_name="action_lines")
    status = MultipleChoiceFilter(  # a column of the mandate: no repeated rows
        choices=Mandate.Status.choices,
        distinct=False,
        label=_("Status"),
        help_text=_("Status; repeatable."),
    )
    document = DocumentFilter(
        field_name="document",
        label=_("Document"),
        help_text=_("The document's slug (a-res-80-173) or UN symbol (A/RES/80/173)."),
    )
    event = documented(
        django_filters.ModelChoiceFilter(
            queryset=ReportingEvent.objects.all(),
            to_field_name="slug",
            widget=EnglishOptionsSelect,
            label=_("Due at"),
            help_text=_(
                "The event it is due at, by its slug: cstd-30 (the CSTD's thirtieth "
                "session), global-dialogue-ai-governance-2026, unga-wsis-review-2035."
            ),
        ),
        vocabularies.vocabulary("reporting_events", {"type": "string", "example": "cstd-30"}),
    )
    recurrence = django_filters.ChoiceFilter(
        choices=[c for c in Mandate.Recurrence.choices if c[0]],
        label=_("Recurs"),
        help_text=_("annual or biennial: the requests asked every year or every two years."),
    )
    due_before = django_filters.DateFilter(
        field_name="deadline",
        lookup_expr="lte",
        label=_("Due on or before"),
        help_text=_("Deadline on or before this date (YYYY-MM-DD)."),
    )
    due_after = django_filters.DateFilter(
        field_name="deadline",
        lookup_expr="gte",
        label=_("Due on or after"),
        help_text=_("Deadline on or after this date (YYYY-MM-DD)."),
    )
    updated_since = UpdatedSinceFilter(field_name="updated_at", label=_("Changed since"))
    overdue = StrictBooleanFilter(
        method="filter_overdue",
        label=_("Overdue"),
        help_text=_(
            "true: deadline passed (before today) and not completed; false: the rest. "
            "A deadline known only by its year passes when the year is over; recurring and "
            "historic mandates are never overdue."
        ),
    )

    class Meta:
        model = Mandate
        fields = [
            "q", "addressee", "partner", "party", "role", "verb", "action_line", "status",
            "document", "event", "recurrence", "due_before", "due_after", "overdue",
            "updated_since",
        ]  # fmt: skip

    def _with_party(self, queryset, organization, roles):
        return queryset.filter(
            pk__in=Mandate.objects.with_party(organization, roles).order_by().values("pk")
        )

    def filter_addressee(self, queryset, name, value):
        return self._with_party(queryset, value, [MandateParty.Role.ADDRESSEE])

    def filter_partner(self, queryset, name, value):
        roles = [MandateParty.Role.PARTNER, MandateParty.Role.SECRETARIAT]
        return self._with_party(queryset, value, roles)

    def filter_party(self, queryset, name, value):
        role = self.form.cleaned_data.get("role")
        return self._with_party(queryset, value, [role] if role else MandateParty.Role.values)

    def filter_role(self, queryset, name, value):
        if self.form.cleaned_data.get("party"):
            return queryset  # applied by filter_party
        parties = MandateParty.objects.filter(role=value).values("mandate_id")
        return queryset.filter(pk__in=parties)

    def filter_overdue(self, queryset, name, value):
        overdue = Mandate.objects.overdue(timezone.localdate()).values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)

    def filter_q(self, queryset, name, value):
        # Some hundreds of mandates: the vector is computed per query (no stored column).
        return full_text_search(
            queryset,
            value,
            vector=SearchVector("title", weight="A", config="english")
            + SearchVector("request", weight="B", config="english")
            + SearchVector("addressee_text", weight="C", config="english"),
            fallback_fields=("title", "request", "addressee_text"),
        )


class MandateUpdateFilterSet(django_filters.FilterSet):
    mandate = IdFilter(label=_("Mandate"), field_name="mandate_id", help_text=_("Mandate id."))
    organization = OrganizationFilter(
        label=_("Organization"),
        field_name="organization",
        help_text=_("Acronym of the posting organisation."),
    )
    status = MultipleChoiceFilter(
        label=_("Status"),
        choices=MandateUpdate.Status.choices,
        distinct=False,
        help_text=_("Status; repeatable."),
    )
    posted_after = django_filters.DateFilter(
        label=_("Posted on or after"),
        field_name="created_at__date",
        lookup_expr="gte",
        help_text=_("Posted on or after."),
    )
    posted_before = django_filters.DateFilter(
        label=_("Posted on or before"),
        field_name="created_at__date",
        lookup_expr="lte",
        help_text=_("Posted on or before."),
    )
    # An update is never edited: posting it is its only change.
    updated_since = UpdatedSinceFilter(
        label=_("Changed since"),
        field_name="created_at",
        help_text=_("Posted at or after this moment (ISO 8601; without a time zone, UTC)."),
    )

    class Meta:
        model = MandateUpdate
        fields = [
            "mandate", "organization", "status", "posted_after", "posted_before", "updated_since",
        ]  # fmt: skip

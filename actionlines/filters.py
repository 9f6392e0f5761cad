"""FilterSets of the action-lines app, shared by the HTML list pages and the API."""

import django_filters
from django import forms
from django.db.models import F, Func, Q, TextField, Value
from django.db.models.fields.json import KeyTextTransform
from django.db.models.lookups import IContains
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field

from wsis_portal.api import vocabularies
from wsis_portal.filters import (
    MultipleValueFilter,
    SearchWordsFilter,
    StrictBooleanFilter,
    UpdatedSinceFilter,
    documented,
    uses_postgres,
)
from wsis_portal.translated import SOURCE_LANGUAGE, data_language

from .models import (
    ActionLine,
    CoordinationMeeting,
    Facilitation,
    GDCObjective,
    Organization,
    RoadmapTarget,
    SDGTarget,
    SustainableDevelopmentGoal,
)

# The closed sets of codes these filters check, listed as enums in the API's schema.
vocabularies.register(
    "action_lines",
    lambda: ActionLine.objects.order_by("sort_order", "code").values_list("code", flat=True),
    fallback={"pattern": "^[Cc](?:[1-9]|1[01])(?:-[A-Za-z]+)*$"},
    any_case=True,
)
vocabularies.register(
    "organizations",
    lambda: Organization.objects.order_by("acronym").values_list("acronym", flat=True),
    fallback={"pattern": "^[^\\x00-\\x1f]{1,200}$"},
    any_case=True,
)
vocabularies.register(
    "sdg_targets",
    lambda: SDGTarget.objects.order_by("goal__number", "sort_order").values_list("code", flat=True),
    fallback={"pattern": "^[0-9]{1,2}\\.[0-9A-Za-z]{1,2}$"},
    any_case=True,
)
vocabularies.register(
    "sdgs",
    lambda: SustainableDevelopmentGoal.objects.order_by("number").values_list("number", flat=True),
    fallback={"minimum": 1, "maximum": 17},
)
vocabularies.register(
    "gdc_objectives",
    lambda: GDCObjective.objects.order_by("number").values_list("number", flat=True),
    fallback={"minimum": 1, "maximum": 5},
)
ACTION_LINE_SCHEMA = vocabularies.vocabulary("action_lines", {"type": "string", "example": "C7"})

ACTION_LINE_HELP = _(
    "Action-line code (C1…C11, or a C7 sub-line such as C7-e-health; any case); a main line "
    "includes its sub-lines. Repeat or comma-separate for several (any matches)."
)


def validate_sdg_number(value):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or not 1 <= number <= 17:
        # The value goes in params, not the text: messages are %-formatted downstream.
        raise forms.ValidationError(
            "%(value)r is not an SDG number; use 1 to 17.", params={"value": value}
        )
    return number


class SDGNumberFilter(MultipleValueFilter):
    """SDG numbers 1–17, repeatable; anything else is a 400 naming the parameter."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "help_text", _("SDG number (1–17); repeat or comma-separate for several.")
        )
        super().__init__(
            *args, item_schema={"type": "integer", "minimum": 1, "maximum": 17}, **kwargs
        )
        self.extra["validate_one"] = validate_sdg_number


def validate_action_line_code(value):
    """The action line's code as stored, given in any case (``c7`` is C7, as ``ken`` is a
    country); unknown codes are refused."""
    code = ActionLine.objects.filter(code__iexact=value).values_list("code", flat=True).first()
    if code is None:
        raise forms.ValidationError(
            "Unknown action line %(value)r; use a code such as C7.", params={"value": value}
        )
    return code


def validate_known_sdg_target(value):
    """An SDG target's code, in any case (``9.c``, ``9.C``); unknown codes are refused."""
    if not SDGTarget.objects.filter(code__iexact=value.strip()).exists():
        raise forms.ValidationError(
            "%(value)r is not an SDG target code; use one such as 9.1 or 9.c.",
            params={"value": value[:20]},
        )


class ActionLineCodeFilter(MultipleValueFilter):
    """Action-line codes; a main line brings its sub-lines. ``field_name`` is the path to the
    action-line relation (``action_lines`` or ``action_line``)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", ACTION_LINE_HELP)
        super().__init__(*args, item_schema=ACTION_LINE_SCHEMA, **kwargs)
        self.extra["validate_one"] = validate_action_line_code

    def filter(self, qs, value):
        if not value:
            return qs
        # The ids themselves, not a subquery: PostgreSQL cannot estimate how many links a
        # "line or its parent is C7" join selects (it guessed 2 lines, 3,000 links, where
        # there were 9 lines and 74,000 links at 100,000 entries) and chose plans that read
        # every linked entry (benchmarks/EXPLAIN.md); with the ids it reads its statistics.
        lines = list(ActionLine.objects.with_descendants(value).values_list("pk", flat=True))
        related = qs.model._meta.get_field(self.field_name)
        if related.many_to_many:
            through = related.remote_field.through
            source = related.m2m_field_name()
            target = related.m2m_reverse_field_name()
            ids = through.objects.filter(**{f"{target}__in": lines}).values(source)
            return qs.filter(pk__in=ids)
        return qs.filter(**{f"{self.field_name}__in": lines})


class OrganizationField(forms.CharField):
    """An organisation by its acronym, in any case; an acronym no organisation has is an
    error naming the parameter (it used to select nothing, as if it had no mandates)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        organization = Organization.objects.filter(acronym__iexact=value.strip()).first()
        if organization is None:
            raise forms.ValidationError(
                "%(value)r is not the acronym of an organisation known here (e.g. ITU, UNESCO).",
                code="unknown_organization",
                params={"value": value[:40]},
            )
        return organization


@extend_schema_field(vocabularies.vocabulary("organizations", {"type": "string", "example": "ITU"}))
class OrganizationFilter(django_filters.Filter):
    """Rows of the organisation named by ``OrganizationField`` (``field_name``: the path to
    it), or ``method`` with the organisation."""

    field_class = OrganizationField

    def filter(self, qs, value):
        if value is None:
            return qs
        return qs.filter(**{self.field_name: value})


def _search(fields, translated=()):
    """A ``q`` filter method: every word in one of ``fields`` (case ignored). ``translated``:
    the names' JSON fields by language (``titles`` beside ``title``, ``wsis_portal.translated``)
    searched in the reader's language too, so a French reader finds "Cybersanté" by "santé",
    and anyone finds it by its English words. On PostgreSQL accents are ignored on both sides
    (``unaccent``, which stocktaking's migration 0015 installs): "sante" finds it too."""

    def method(queryset, name, value):
        language = data_language()
        texts = [F(field) for field in fields]
        if language != SOURCE_LANGUAGE:
            texts += [KeyTextTransform(language, field) for field in translated]
        condition = Q()
        for word in value.split()[:20]:
            any_field = Q()
            for text in texts:
                any_field |= _contains(text, word)
            condition &= any_field
        return queryset.filter(condition)

    return method


def _contains(text, word) -> Q:
    """``word`` in the text expression ``text``, case ignored, and accents on PostgreSQL."""
    if uses_postgres():
        return Q(
            IContains(
                Func(text, function="UNACCENT", output_field=TextField()),
                Func(Value(word), function="UNACCENT", output_field=TextField()),
            )
        )
    return Q(IContains(text, Value(word)))


class ActionLineFilterSet(django_filters.FilterSet):
    parent = documented(
        django_filters.CharFilter(
            label=_("Parent line"),
            field_name="parent__code",
            help_text=_("Code of the parent line: `C7` lists its sub-lines."),
        ),
        ACTION_LINE_SCHEMA,
    )
    top_level = StrictBooleanFilter(
        label=_("Main lines only"),
        field_name="parent",
        lookup_expr="isnull",
        help_text=_("`true`: only C1…C11."),
    )
    sdg = SDGNumberFilter(label=_("SDG"), method="filter_sdg")
    facilitator = OrganizationFilter(
        label=_("Facilitator"),
        method="filter_facilitator",
        help_text=_("Acronym of a facilitating organisation."),
    )
    updated_since = UpdatedSinceFilter(
        label=_("Changed since"),
        field_name="page_updated_at",
        help_text=_("Page saved at or after this moment (ISO 8601; without a time zone, UTC)."),
    )
    q = SearchWordsFilter(
        label=_("Words"),
        method="filter_q",
        help_text=_("Words in the code or title, in English or the answer's language."),
    )

    class Meta:
        model = ActionLine
        fields = ["parent", "top_level", "sdg", "facilitator", "updated_since", "q"]

    def filter_sdg(self, queryset, name, value):
        return queryset.filter(
            pk__in=ActionLine.objects.filter(sdgs__number__in=value).values("pk")
        )

    def filter_facilitator(self, queryset, name, value):
        return queryset.filter(
            pk__in=ActionLine.objects.filter(facilitations__organization=value).values("pk")
        )

    def filter_q(self, queryset, name, value):
        return _search(["code", "title"], translated=["titles"])(queryset, name, value)


class OrganizationFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organization.Kind.choices, help_text=_("Kind.")
    )
    facilitates = ActionLineCodeFilter(
        label=_("Facilitates"),
        field_name="facilitations",
        method="filter_facilitates",
        help_text=_("Organisations facilitating these action lines (C7 includes its sub-lines)."),
    )
    role = django_filters.ChoiceFilter(
        label=_("Role"),
        choices=Facilitation.Role.choices,
        method="filter_role",
        help_text=_("Organisations holding this facilitation role on some line."),
    )
    q = SearchWordsFilter(
        label=_("Words"),
        method="filter_q",
        help_text=_("Words in the acronym or name, in English or the answer's language."),
    )

    class Meta:
        model = Organization
        fields = ["kind", "facilitates", "role", "q"]

    def filter_facilitates(self, queryset, name, value):
        lines = ActionLine.objects.with_descendants(value)
        return queryset.filter(
            pk__in=Organization.objects.filter(facilitations__action_line__in=lines).values("pk")
        )

    def filter_role(self, queryset, name, value):
        return queryset.filter(
            pk__in=Organization.objects.filter(facilitations__role=value).values("pk")
        )

    def filter_q(self, queryset, name, value):
        return _search(["acronym", "name"], translated=["names"])(queryset, name, value)


class SDGFilterSet(django_filters.FilterSet):
    q = SearchWordsFilter(
        label=_("Words"),
        method="filter_q",
        help_text=_("Words in the title, in English or the answer's language."),
    )

    class Meta:
        model = SustainableDevelopmentGoal
        fields = ["q"]

    def filter_q(self, queryset, name, value):
        return _search(["title"], translated=["titles"])(queryset, name, value)


class RoadmapTargetFilterSet(django_filters.FilterSet):
    action_line = ActionLineCodeFilter(label=_("Action line"), field_name="action_line")
    due_before = django_filters.DateFilter(
        label=_("Due on or before"),
        field_name="due_date",
        lookup_expr="lte",
        help_text=_("Due on or before this date."),
    )
    due_after = django_filters.DateFilter(
        label=_("Due on or after"),
        field_name="due_date",
        lookup_expr="gte",
        help_text=_("Due on or after this date."),
    )
    sdg_target = documented(
        django_filters.CharFilter(
            label=_("SDG target"),
            method="filter_sdg_target",
            validators=[validate_known_sdg_target],
            help_text=_("SDG target code linked to the item, e.g. `9.c` (any case)."),
        ),
        vocabularies.vocabulary("sdg_targets", {"type": "string", "example": "9.c"}),
    )
    updated_since = UpdatedSinceFilter(label=_("Changed since"), field_name="updated_at")
    q = SearchWordsFilter(
        label=_("Words"), method="filter_q", help_text=_("Words in title or description.")
    )

    class Meta:
        model = RoadmapTarget
        fields = ["action_line", "due_before", "due_after", "sdg_target", "updated_since", "q"]

    def filter_sdg_target(self, queryset, name, value):
        return queryset.filter(
            pk__in=RoadmapTarget.objects.filter(sdg_targets__code__iexact=value).values("pk")
        )

    def filter_q(self, queryset, name, value):
        return _search(["title", "description"])(queryset, name, value)


class CoordinationMeetingFilterSet(django_filters.FilterSet):
    action_line = ActionLineCodeFilter(label=_("Action line"), field_name="action_lines")
    date_after = django_filters.DateFilter(
        label=_("Held on or after"),
        field_name="date",
        lookup_expr="gte",
        help_text=_("Held on or after this date."),
    )
    date_before = django_filters.DateFilter(
        label=_("Held on or before"),
        field_name="date",
        lookup_expr="lte",
        help_text=_("Held on or before this date."),
    )
    organizer = OrganizationFilter(
        label=_("Organizer"), field_name="organizer", help_text=_("Organiser's acronym.")
    )
    is_online = StrictBooleanFilter(
        label=_("Online"), help_text=_("Online meetings only (or not).")
    )
    updated_since = UpdatedSinceFilter(label=_("Changed since"), field_name="updated_at")
    q = SearchWordsFilter(
        label=_("Words"),
        method="filter_q",
        help_text=_("Words in title, location, agenda or minutes."),
    )

    class Meta:
        model = CoordinationMeeting
        fields = [
            "action_line", "date_after", "date_before", "organizer", "is_online",
            "updated_since", "q",
        ]  # fmt: skip

    def filter_q(self, queryset, name, value):
        return _search(["title", "location", "agenda", "minutes"])(queryset, name, value)

"""Serializers of the action-lines API. Every field carries a description for the schema."""

import datetime

from rest_framework import serializers

from wsis_portal.text import PAGE_MAX_LENGTH

from ..models import (
    ActionLine,
    CoordinationMeeting,
    Facilitation,
    Indicator,
    Measurement,
    Organization,
    RoadmapTarget,
    SustainableDevelopmentGoal,
)

#: How the API describes a name that the portal may have translated itself.
IN_LANGUAGE = (
    " In the answer's language (`Content-Language`); where no official text in that language "
    "is in the portal's sources, its own working translation (see `working_translations`), "
    "and English where it has none."
)


class ActionLineRefSerializer(serializers.ModelSerializer):
    code = serializers.CharField(help_text="Stable code, e.g. C7 or C7-e-health.")
    title = serializers.CharField(
        source="local_title", help_text="Title of the line." + IN_LANGUAGE
    )

    class Meta:
        model = ActionLine
        fields = ["code", "title"]


class FacilitatorSerializer(serializers.ModelSerializer):
    organization = serializers.CharField(
        source="organization.acronym", help_text="Acronym of the facilitating organisation."
    )
    name = serializers.CharField(
        source="organization.local_name", help_text="Its full name." + IN_LANGUAGE
    )
    role = serializers.ChoiceField(
        choices=Facilitation.Role.choices, help_text="Facilitation role."
    )

    class Meta:
        model = Facilitation
        fields = ["organization", "name", "role"]


class ActionLineSerializer(serializers.ModelSerializer):
    code = serializers.CharField(help_text="Stable code (C1…C11; C7 sub-lines C7-…).")
    slug = serializers.CharField(help_text="URL name of the line's web page.")
    title = serializers.CharField(
        source="local_title", help_text="Title of the line." + IN_LANGUAGE
    )
    working_translations = serializers.ListField(
        child=serializers.CharField(),
        help_text="Languages in which the title is the portal's own working translation.",
    )
    parent = ActionLineRefSerializer(
        allow_null=True, help_text="The main line of a C7 sub-line; null for C1…C11."
    )
    sublines = ActionLineRefSerializer(many=True, help_text="Sub-lines (only C7 has any).")
    facilitators = FacilitatorSerializer(
        source="facilitations", many=True, help_text="Facilitating organisations and roles."
    )
    sdgs = serializers.SlugRelatedField(
        slug_field="number", many=True, read_only=True, help_text="Numbers of linked SDGs."
    )
    plan_of_action_paragraph = serializers.IntegerField(
        allow_null=True, help_text="Paragraph number in the Geneva Plan of Action."
    )
    plan_of_action_text = serializers.CharField(help_text="The Plan of Action text of the line.")
    page_content = serializers.CharField(help_text="The page facilitators keep (Markdown).")
    page_version = serializers.IntegerField(
        help_text="Version of page_content; send it back when saving (optimistic concurrency)."
    )
    page_updated_at = serializers.DateTimeField(
        allow_null=True, help_text="When the page was last saved."
    )
    web_url = serializers.CharField(source="get_absolute_url", help_text="Path of the web page.")

    class Meta:
        model = ActionLine
        fields = [
            "code",
            "slug",
            "title",
            "working_translations",
            "parent",
            "sublines",
            "facilitators",
            "sdgs",
            "plan_of_action_paragraph",
            "plan_of_action_text",
            "page_content",
            "page_version",
            "page_updated_at",
            "web_url",
        ]
        read_only_fields = fields


class ActionLinePageSerializer(serializers.Serializer):
    """A page save: the new Markdown, the version it was based on, an optional summary."""

    page_content = serializers.CharField(
        allow_blank=True,
        max_length=PAGE_MAX_LENGTH,
        trim_whitespace=False,
        help_text="The whole new page (Markdown).",
    )
    page_version = serializers.IntegerField(
        min_value=0,
        help_text="The page_version your edit started from; if the page changed since, 409.",
    )
    summary = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=255,
        default="",
        help_text="What changed, for the revision history.",
    )


class OrganizationFacilitationSerializer(serializers.ModelSerializer):
    action_line = serializers.CharField(source="action_line.code", help_text="Action-line code.")
    role = serializers.ChoiceField(choices=Facilitation.Role.choices, help_text="Role.")

    class Meta:
        model = Facilitation
        fields = ["action_line", "role"]


class OrganizationSerializer(serializers.ModelSerializer):
    acronym = serializers.CharField(help_text="Acronym, the organisation's key in this API.")
    slug = serializers.CharField(help_text="URL name of its web page.")
    name = serializers.CharField(source="local_name", help_text="Full name." + IN_LANGUAGE)
    working_translations = serializers.ListField(
        child=serializers.CharField(),
        help_text="Languages in which the name is the portal's own working translation.",
    )
    kind = serializers.ChoiceField(choices=Organization.Kind.choices, help_text="Kind of body.")
    website = serializers.CharField(help_text="Website (may be empty).")
    facilitations = OrganizationFacilitationSerializer(
        many=True, help_text="Action lines it facilitates, with its role."
    )

    class Meta:
        model = Organization
        fields = [
            "acronym",
            "slug",
            "name",
            "working_translations",
            "kind",
            "website",
            "facilitations",
        ]
        read_only_fields = fields


class SDGSerializer(serializers.ModelSerializer):
    number = serializers.IntegerField(help_text="Goal number, 1–17.")
    title = serializers.CharField(
        source="local_title",
        help_text="Official title in the answer's language (`Content-Language`).",
    )
    titles = serializers.DictField(
        child=serializers.CharField(), help_text="Title by language code (six UN languages)."
    )
    action_lines = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Codes of linked action lines."
    )

    class Meta:
        model = SustainableDevelopmentGoal
        fields = ["number", "title", "titles", "action_lines"]
        read_only_fields = fields


class MeasurementSerializer(serializers.ModelSerializer):
    measured_on = serializers.DateField(help_text="Date of the measurement.")
    value = serializers.DecimalField(max_digits=18, decimal_places=4, help_text="Value.")
    source = serializers.CharField(help_text="Where the value comes from.")

    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "source"]


class IndicatorSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text="Indicator id.")
    name = serializers.CharField(help_text="What is measured.")
    unit = serializers.CharField(help_text="Unit, e.g. %, people, countries.")
    baseline_value = serializers.DecimalField(
        max_digits=18, decimal_places=4, allow_null=True, help_text="Baseline value."
    )
    baseline_year = serializers.IntegerField(allow_null=True, help_text="Baseline year.")
    target_value = serializers.DecimalField(
        max_digits=18, decimal_places=4, allow_null=True, help_text="Target value."
    )
    target_year = serializers.IntegerField(allow_null=True, help_text="Target year.")
    measurements = MeasurementSerializer(many=True, help_text="Values over time, oldest first.")

    class Meta:
        model = Indicator
        fields = [
            "id",
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "measurements",
        ]


class RoadmapTargetSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text="Road-map item id.")
    action_line = serializers.CharField(source="action_line.code", help_text="Action-line code.")
    title = serializers.CharField(help_text="The target.")
    description = serializers.CharField(help_text="Details.")
    due_date = serializers.DateField(allow_null=True, help_text="When it is due.")
    sdg_targets = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Linked SDG target codes."
    )
    gdc_objectives = serializers.SlugRelatedField(
        slug_field="number",
        many=True,
        read_only=True,
        help_text="Linked Global Digital Compact objective numbers (1–5).",
    )
    indicators = IndicatorSerializer(many=True, help_text="Indicators measuring the target.")
    updated_at = serializers.DateTimeField(help_text="Last change.")

    class Meta:
        model = RoadmapTarget
        fields = [
            "id",
            "action_line",
            "title",
            "description",
            "due_date",
            "sdg_targets",
            "gdc_objectives",
            "indicators",
            "updated_at",
        ]
        read_only_fields = fields


class LocalDateTimeField(serializers.DateTimeField):
    """An aware instant written in its own zone (``2026-03-29T09:00:00+02:00``), not in UTC as
    DRF writes instants. A wall-clock time that a change of clocks skips (02:30 in Zurich on
    the last Sunday of March) is written as the time the clocks show at that instant
    (03:30+02:00): the string always names the same instant as the UTC one."""

    def to_representation(self, value):
        if value is None:
            return None
        zone = value.tzinfo
        return value.astimezone(datetime.UTC).astimezone(zone).isoformat()


class CoordinationMeetingSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text="Meeting id.")
    title = serializers.CharField(help_text="Title.")
    date = serializers.DateField(help_text="Date held, where it is held.")
    starts_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="The instant it starts (ISO 8601); null when all day.",
    )
    ends_at = serializers.DateTimeField(
        read_only=True,
        allow_null=True,
        help_text="The instant it ends; null when not given or all day.",
    )
    starts_at_local = LocalDateTimeField(
        source="starts_at",
        read_only=True,
        allow_null=True,
        help_text="The same instant as `starts_at`, as the clocks show it where the meeting is "
        "held: ISO 8601 with the offset of `time_zone` on that day (summer time included), "
        "e.g. 2026-06-15T14:00:00+02:00; null when all day.",
    )
    ends_at_local = LocalDateTimeField(
        source="ends_at",
        read_only=True,
        allow_null=True,
        help_text="`ends_at` where the meeting is held, as `starts_at_local`; null when not "
        "given or all day.",
    )
    time_zone = serializers.CharField(
        help_text="IANA time zone of its times (Europe/Zurich); empty when all day."
    )
    location = serializers.CharField(help_text="Where (may be empty).")
    is_online = serializers.BooleanField(help_text="Held online.")
    action_lines = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Action lines concerned."
    )
    organizer = serializers.SlugRelatedField(
        slug_field="acronym", read_only=True, allow_null=True, help_text="Organiser's acronym."
    )
    agenda = serializers.CharField(help_text="Agenda (Markdown).")
    minutes = serializers.CharField(help_text="Minutes (Markdown).")

    class Meta:
        model = CoordinationMeeting
        fields = [
            "id",
            "title",
            "date",
            "starts_at",
            "ends_at",
            "starts_at_local",
            "ends_at_local",
            "time_zone",
            "location",
            "is_online",
            "action_lines",
            "organizer",
            "agenda",
            "minutes",
        ]
        read_only_fields = fields

"""Serializers of the documents-and-mandates API."""

import datetime

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actionlines.models import Organization
from wsis_portal.api.fields import SlugRelatedField
from wsis_portal.api.vocabularies import vocabulary
from wsis_portal.text import TEXT_MAX_LENGTH, validate_multi_line

from ..models import (
    Clause,
    Document,
    Footnote,
    Mandate,
    MandateParty,
    MandateUpdate,
    Paragraph,
    ReportingEvent,
    TextCorrection,
)
from ..reader import footnote_offsets


class DocumentSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(help_text="URL name and key in this API, e.g. a-res-80-173.")
    symbol = serializers.CharField(help_text="UN symbol, e.g. A/RES/80/173 (may be empty).")
    title = serializers.CharField(help_text="Full title.")
    short_title = serializers.CharField(help_text="Short title (may be empty).")
    kind = serializers.ChoiceField(choices=Document.Kind.choices, help_text="Kind of text.")
    date = serializers.DateField(allow_null=True, help_text="Date adopted or issued.")
    adopted_by = serializers.CharField(help_text="Body that adopted it.")
    body = serializers.CharField(help_text="Introductory text that is not a paragraph.")
    paragraph_count = serializers.IntegerField(help_text="Number of paragraphs.")
    mandate_count = serializers.IntegerField(help_text="Number of mandates it gives.")
    web_url = serializers.CharField(source="get_absolute_url", help_text="Path of the web page.")

    class Meta:
        model = Document
        fields = [
            "slug",
            "symbol",
            "title",
            "short_title",
            "kind",
            "date",
            "adopted_by",
            "body",
            "paragraph_count",
            "mandate_count",
            "web_url",
        ]
        read_only_fields = fields


class ClauseSerializer(serializers.ModelSerializer):
    order = serializers.IntegerField(help_text="Position in the paragraph, from 1.")
    verb = serializers.ChoiceField(choices=Clause.VERBS, help_text="Operative verb.")
    is_mandating = serializers.BooleanField(help_text="Whether the verb assigns work.")
    text = serializers.CharField(help_text="Text of the clause.")

    class Meta:
        model = Clause
        fields = ["order", "verb", "is_mandating", "text"]
        read_only_fields = fields


class TextCorrectionSerializer(serializers.ModelSerializer):
    """A reviewed repair of the source text (an OCR misreading), with the source's reading."""

    original = serializers.CharField(source="wrong", help_text="The text as the source has it.")
    corrected = serializers.CharField(source="right", help_text="The text as the portal gives it.")
    note = serializers.CharField(help_text="Why: what the reviewer checked.")

    class Meta:
        model = TextCorrection
        fields = ["original", "corrected", "note"]
        read_only_fields = fields


class ParagraphFootnoteSerializer(serializers.ModelSerializer):
    """A footnote whose marker stands in the paragraph. ``text`` holds no marker: ``offset``
    says where it goes."""

    number = serializers.IntegerField(help_text="Its number, as the document prints it.")
    text = serializers.CharField(help_text="Its text; empty when the source lost it.")
    offset = serializers.SerializerMethodField(
        help_text="Where its marker stands: the number of characters of the paragraph's "
        "`text` before it. Null when the marker cannot be placed in the text."
    )
    corrections = TextCorrectionSerializer(
        many=True, read_only=True, help_text="Repairs made to the footnote's text."
    )

    class Meta:
        model = Footnote
        fields = ["number", "text", "offset", "corrections"]
        read_only_fields = fields

    def get_offset(self, footnote) -> int | None:
        paragraph = footnote.paragraph
        return footnote_offsets(paragraph.markup, paragraph.text).get(footnote.number)


class ParagraphSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text="Paragraph id.")
    document = serializers.CharField(source="document.slug", help_text="Slug of its document.")
    order = serializers.IntegerField(help_text="Position in the document, from 1.")
    label = serializers.CharField(help_text='Number or letter as printed ("113", "A", "").')
    anchor = serializers.CharField(help_text="Fragment id on the document page.")
    kind = serializers.ChoiceField(choices=Paragraph.Kind.choices, help_text="Kind.")
    section = serializers.CharField(help_text="Heading of the section it is in.")
    text = serializers.CharField(help_text="Text of the paragraph.")
    action_lines = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Action lines it concerns."
    )
    clauses = ClauseSerializer(many=True, read_only=True, help_text="Its operative clauses.")
    footnotes = ParagraphFootnoteSerializer(
        many=True, read_only=True, help_text="Footnotes whose markers stand in it, in order."
    )
    corrections = TextCorrectionSerializer(
        many=True,
        read_only=True,
        help_text="Reviewed repairs of the source's misreadings in its text, each with the "
        "source's reading.",
    )

    class Meta:
        model = Paragraph
        fields = [
            "id",
            "document",
            "order",
            "label",
            "anchor",
            "kind",
            "section",
            "text",
            "action_lines",
            "clauses",
            "footnotes",
            "corrections",
        ]
        read_only_fields = fields


class MandateUpdateSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text="Update id.")
    mandate = serializers.IntegerField(source="mandate_id", help_text="Mandate id.")
    organization = serializers.CharField(
        source="organization.acronym", help_text="Acronym of the posting organisation."
    )
    status = serializers.ChoiceField(
        choices=MandateUpdate.Status.choices, help_text="Progress reported."
    )
    text = serializers.CharField(help_text="What was done.")
    created_at = serializers.DateTimeField(help_text="When it was posted.")

    class Meta:
        model = MandateUpdate
        fields = ["id", "mandate", "organization", "status", "text", "created_at"]
        read_only_fields = fields


@extend_schema_field(vocabulary("mandates", {"type": "integer"}))
class MandateField(serializers.PrimaryKeyRelatedField):
    """A mandate by its id (the schema lists the ids)."""


class MandateUpdateCreateSerializer(serializers.Serializer):
    """Progress posted by a member of an organisation the mandate is addressed to."""

    mandate = MandateField(queryset=Mandate.objects.all(), help_text="Id of the mandate.")
    organization = SlugRelatedField(
        slug_field="acronym",
        queryset=Organization.objects.all(),
        vocabulary="organizations",
        required=False,
        help_text="Acronym of your organisation posting it; optional if you belong to one.",
    )
    status = serializers.ChoiceField(
        choices=MandateUpdate.Status.choices, help_text="Progress reported."
    )
    text = serializers.CharField(
        max_length=TEXT_MAX_LENGTH, validators=[validate_multi_line], help_text="What was done."
    )


class MandateUpdateEditSerializer(serializers.Serializer):
    """Its author's (or staff's) correction of a progress update: what is not sent stays."""

    status = serializers.ChoiceField(
        choices=MandateUpdate.Status.choices, required=False, help_text="Progress reported."
    )
    text = serializers.CharField(
        max_length=TEXT_MAX_LENGTH,
        validators=[validate_multi_line],
        required=False,
        help_text="What was done.",
    )


class LatestUpdateSerializer(MandateUpdateSerializer):
    """A mandate's most recent update (prefetched by the views as ``latest_updates``), nested
    as an object: the CSV gives each of its fields a column (``latest_update.status``…)."""

    def get_attribute(self, mandate):
        latest = getattr(mandate, "latest_updates", None)
        if latest is None:
            latest = list(mandate.updates.select_related("organization")[:1])
        return latest[0] if latest else None


class ParagraphRefSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text="Paragraph id.")
    label = serializers.CharField(help_text="Number or letter as printed.")
    anchor = serializers.CharField(help_text="Fragment id on the document page.")

    class Meta:
        model = Paragraph
        fields = ["id", "label", "anchor"]


class MandatePartySerializer(serializers.ModelSerializer):
    organization = serializers.CharField(
        source="organization.acronym", help_text="Acronym (or short name) of the body."
    )
    name = serializers.CharField(source="organization.name", help_text="Full name of the body.")
    kind = serializers.CharField(source="organization.kind", help_text="Kind of body.")
    role = serializers.ChoiceField(
        choices=MandateParty.Role.choices,
        help_text="addressee (must act), partner, secretariat or report_to.",
    )
    named_as = serializers.CharField(help_text="The body as the text names it.")
    group = serializers.CharField(
        help_text='The group it was resolved from ("action line facilitators"), or empty.'
    )
    session = serializers.CharField(help_text="report_to: the session reported to.")
    year = serializers.IntegerField(allow_null=True, help_text="report_to: the year.")
    status = serializers.ChoiceField(
        choices=Mandate.Status.choices, help_text="An addressee's own status."
    )

    class Meta:
        model = MandateParty
        fields = [
            "organization", "name", "kind", "role", "named_as", "group", "session", "year",
            "status",
        ]  # fmt: skip
        read_only_fields = fields


class ReportingEventSerializer(serializers.ModelSerializer):
    slug = serializers.CharField(help_text="Key of the event, the mandates' event filter.")
    name = serializers.CharField(help_text="The session or meeting, as the texts name it.")
    body = serializers.CharField(
        source="body.acronym", allow_null=True, help_text="Acronym of the body that meets."
    )
    session = serializers.IntegerField(allow_null=True, help_text="Number of the session.")
    year = serializers.IntegerField(help_text="Year it meets.")
    date = serializers.DateField(
        allow_null=True, help_text="Its first day; null while only the year is known."
    )

    class Meta:
        model = ReportingEvent
        fields = ["slug", "name", "body", "session", "year", "date"]
        read_only_fields = fields


class MandateSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(help_text="Mandate id.")
    document = serializers.CharField(source="document.slug", help_text="Slug of the document.")
    paragraph = ParagraphRefSerializer(help_text="The paragraph that gives it.")
    clause = serializers.IntegerField(
        source="clause.order", allow_null=True, help_text="Its clause's position in the paragraph."
    )
    verb = serializers.ChoiceField(
        choices=Clause.VERBS,
        allow_blank=True,
        help_text="Operative verb of the clause; empty for a mandate whose clause has none "
        "(entered in the admin).",
    )
    reader_url = serializers.CharField(
        source="get_reader_url", help_text="Path of the clause, highlighted, in the reader."
    )
    title = serializers.CharField(help_text="Short title.")
    request = serializers.CharField(help_text="What is asked: the clause as the text words it.")
    addressees = serializers.SerializerMethodField(
        help_text="Acronyms of the addressees (groups resolved to their members)."
    )
    partners = serializers.SerializerMethodField(
        help_text="Acronyms of partners and of bodies whose secretariat the addressee is."
    )
    parties = MandatePartySerializer(
        many=True, read_only=True, help_text="Every party with its role."
    )
    addressee_text = serializers.CharField(help_text="Addressees as the text names them.")
    addresses_all_facilitators = serializers.BooleanField(
        help_text="Addressed to the action-line facilitators as a group."
    )
    action_lines = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Action lines concerned."
    )
    applies_to_all_action_lines = serializers.BooleanField(help_text="Concerns every line.")
    event = ReportingEventSerializer(
        allow_null=True, help_text="The event it is due at; its deadline follows the event's."
    )
    deadline = serializers.DateField(
        allow_null=True,
        help_text="Last day it is due (a recurring request: its first occurrence).",
    )
    deadline_is_year_only = serializers.BooleanField(
        help_text="Only the year is known: the deadline is its 31 December, a stand-in to sort "
        "by; show the year."
    )
    recurrence = serializers.ChoiceField(
        choices=Mandate.Recurrence.choices,
        help_text='How often it is asked: "" (once), annual or biennial.',
    )
    next_due = serializers.SerializerMethodField(
        help_text="The next occurrence due from today (the deadline unless it recurs); null "
        "without a deadline."
    )
    next_due_is_year_only = serializers.SerializerMethodField(
        help_text="Only the year of next_due is known."
    )
    reporting_target = serializers.CharField(help_text="Where to report, e.g. CSTD 30.")
    status = serializers.ChoiceField(choices=Mandate.Status.choices, help_text="Status.")
    is_overdue = serializers.SerializerMethodField(
        help_text="Deadline passed (before today) and not completed; never for a recurring or "
        "historic one."
    )
    latest_update = LatestUpdateSerializer(
        allow_null=True, read_only=True, help_text="The most recent progress update, or null."
    )

    class Meta:
        model = Mandate
        fields = [
            "id",
            "document",
            "paragraph",
            "clause",
            "verb",
            "reader_url",
            "title",
            "request",
            "addressees",
            "partners",
            "parties",
            "addressee_text",
            "addresses_all_facilitators",
            "action_lines",
            "applies_to_all_action_lines",
            "event",
            "deadline",
            "deadline_is_year_only",
            "recurrence",
            "next_due",
            "next_due_is_year_only",
            "reporting_target",
            "status",
            "is_overdue",
            "latest_update",
        ]
        read_only_fields = fields

    def get_addressees(self, mandate) -> list[str]:
        return [p.organization.acronym for p in mandate.addressee_parties()]

    def get_partners(self, mandate) -> list[str]:
        roles = (MandateParty.Role.PARTNER, MandateParty.Role.SECRETARIAT)
        return [p.organization.acronym for p in mandate.parties.all() if p.role in roles]

    def get_is_overdue(self, mandate) -> bool:
        return mandate.is_overdue(timezone.localdate())

    def get_next_due(self, mandate) -> datetime.date | None:
        due = mandate.next_due(timezone.localdate())
        return due.date if due else None

    def get_next_due_is_year_only(self, mandate) -> bool:
        due = mandate.next_due(timezone.localdate())
        return bool(due and due.approximate)

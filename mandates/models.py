"""Documents, their paragraphs, the mandates they give, and the progress posted on them.

Documents are the UN texts of ``fixtures/sources/`` (outcome documents, resolutions, drafts),
split into paragraphs by the importers. A mandate is a request in one paragraph addressed to
organisations (often "the action line facilitators"), with a deadline or reporting target;
facilitators post progress updates on it.
"""

import datetime
import re
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from actionlines.models import ActionLine, Organization

from .importers.clauses import ITEM_LABEL, VERB_CHOICES


class Document(models.Model):
    """A UN document imported from a seed text; ``slug`` is its URL name (``a-res-80-173``)."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Summit outcome document")
        RESOLUTION = "resolution", _("Resolution")
        DRAFT = "draft", _("Draft")
        ANNOTATED_DRAFT = "annotated_draft", _("Draft with proposed edits")
        EXCERPT = "excerpt", _("Excerpt quoted by another source")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    symbol = models.CharField(
        _("symbol"), max_length=80, blank=True, help_text=_("UN symbol, where it has one.")
    )
    title = models.CharField(_("title"), max_length=500)
    short_title = models.CharField(_("short title"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), null=True, blank=True)
    adopted_by = models.CharField(_("adopted by"), max_length=255, blank=True)
    body = models.TextField(
        _("body"), blank=True, help_text=_("Introductory text that is not a paragraph.")
    )
    source_file = models.CharField(_("source file"), max_length=100, blank=True)
    source_note = models.TextField(_("source note"), blank=True)
    revises = models.ForeignKey(
        "self",
        verbose_name=_("revises"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
    )

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["date", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["symbol"], condition=~Q(symbol=""), name="unique_document_symbol"
            ),
        ]

    def __str__(self):
        return self.symbol or self.short_title or self.title

    def get_absolute_url(self):
        return reverse("mandates:document-detail", args=[self.slug])


class Paragraph(models.Model):
    """One paragraph of a document, in reading order.

    ``label`` is the paragraph's own number or letter as printed ("113", "A", "" for an
    unnumbered preambular paragraph); ``anchor`` is its permanent fragment id (``para-113``).
    ``text`` is the paragraph as adopted or as it now reads; for the annotated draft,
    ``markup`` keeps the proposed edits visible (``~~deleted~~``, ``[inserted](#)``) and
    ``old_label`` the number in the draft it revises.
    """

    class Kind(models.TextChoices):
        PREAMBULAR = "preambular", _("Preambular")
        OPERATIVE = "operative", _("Operative")
        DELETED = "deleted", _("Deleted (proposed)")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="paragraphs"
    )
    order = models.PositiveIntegerField(
        _("order"),
    )
    label = models.CharField(_("label"), max_length=20, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    old_label = models.CharField(_("old label"), max_length=20, blank=True)
    anchor = models.SlugField(_("anchor"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OPERATIVE)
    section = models.CharField(_("section"), max_length=255, blank=True)
    text = models.TextField(
        _("text"),
    )
    markup = models.TextField(_("markup"), blank=True)
    action_lines = models.ManyToManyField(
        ActionLine, verbose_name=_("action lines"), blank=True, related_name="paragraphs"
    )

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="unique_paragraph_order"),
            models.UniqueConstraint(fields=["document", "anchor"], name="unique_paragraph_anchor"),
        ]

    def __str__(self):
        return f"{self.document} ¶{self.label or self.order}"

    def get_absolute_url(self):
        return f"{self.document.get_absolute_url()}#{self.anchor}"


class Clause(models.Model):
    """One operative clause of a paragraph and its verb, normalised (``importers.clauses``).

    A paragraph such as "We invite ITU …; we further request …; we also invite …" holds three
    clauses. ``is_mandating`` marks the verbs that assign work (decides, requests, calls upon,
    urges, invites, encourages, recommends); the others (recalls, notes, welcomes, …) stay
    searchable by verb.
    """

    VERBS = VERB_CHOICES

    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="clauses"
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
    )
    verb = models.CharField(_("verb"), max_length=20, choices=VERBS, db_index=True)
    is_mandating = models.BooleanField(_("is mandating"), default=False)
    text = models.TextField(
        _("text"),
    )

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["paragraph", "order"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "order"], name="unique_clause_order"),
        ]

    def __str__(self):
        return gettext("%(paragraph)s clause %(order)s: %(verb)s") % {
            "paragraph": self.paragraph,
            "order": self.order,
            "verb": self.get_verb_display(),
        }

    @property
    def anchor(self) -> str:
        """Fragment id of the clause on the reader: ``para-67-c2``."""
        return f"{self.paragraph.anchor}-c{self.order}"

    @property
    def starts_item(self) -> bool:
        """Whether it opens a list item ("a) …", "(b) …", "ii. …"): the reader starts a line."""
        return bool(re.match(ITEM_LABEL, self.text))


class Footnote(models.Model):
    """A footnote of a document, as the source prints it under the page.

    ``paragraph`` is where its marker stands; the paragraph's ``markup`` holds the marker as
    ``[^N]`` at its place in the text. ``text`` is empty when the source lost it (the reader
    says so). ``ocr_marker`` and ``ocr_label`` keep what the OCR made of the marker and of the
    footnote's number, for comparison with the source.
    """

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="footnotes"
    )
    number = models.PositiveSmallIntegerField(
        _("number"),
    )
    text = models.TextField(_("text"), blank=True)
    paragraph = models.ForeignKey(
        Paragraph,
        verbose_name=_("paragraph"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="footnotes",
    )
    ocr_marker = models.CharField(_("ocr marker"), max_length=20, blank=True)
    ocr_label = models.CharField(_("ocr label"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("footnote")
        verbose_name_plural = _("footnotes")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="unique_footnote_number"),
        ]

    def __str__(self):
        return f"{self.document} footnote {self.number}"


class ReportingEvent(models.Model):
    """An occasion mandates are due at: a session of the CSTD or of ECOSOC, the Global
    Dialogue on AI Governance, the General Assembly's review of the Summit's outcomes.

    The texts name the event and its year ("the Commission … at its thirtieth session, in
    2027"); its day is set in the admin once it is known, and every mandate due at the event
    follows it (``services.follow_event``). Until then the event is shown by its year, as
    approximate ("2027 (date not yet set)"), never as a guessed 31 December. The importer
    creates an event once and never changes it afterwards: its date and year are the admin's.
    """

    slug = models.SlugField(
        _("slug"), max_length=80, unique=True, help_text=_("cstd-30, unga-wsis-review-2035")
    )
    name = models.CharField(_("name"), max_length=255)
    body = models.ForeignKey(
        Organization,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reporting_events",
        help_text=_("The body that meets (CSTD, ECOSOC, the General Assembly)."),
    )
    session = models.PositiveSmallIntegerField(
        _("session"), null=True, blank=True, help_text=_("Number of the session, when it has one.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
    )
    date = models.DateField(
        _("date"),
        null=True,
        blank=True,
        help_text=_(
            "Its first day, once known; until then it is shown by its year only. "
            "Every mandate due at the event follows it."
        ),
    )

    class Meta:
        verbose_name = _("reporting event")
        verbose_name_plural = _("reporting events")
        ordering = ["year", "date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(date__isnull=True) | Q(date__year=models.F("year")),
                name="reporting_event_date_in_its_year",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.date.isoformat() if self.date else self.year})"

    def save(self, *args, **kwargs):
        if self.date:  # a date set in the admin moves the year with it (a postponed session)
            self.year = self.date.year
        super().save(*args, **kwargs)

    @property
    def deadline(self) -> datetime.date:
        """The day mandates due at it are due: its date, else the last day of its year."""
        return self.date or datetime.date(self.year, 12, 31)


class Due:
    """When something is due: a day, or only a year (``approximate``: its day is not known).

    ``str()`` says it in the active language: a date, or "2027 (date not yet set)"; never the
    31 December the database stores for sorting. ``earliest`` is the first day it may fall
    on: reminders and the amber light count from it, so an approximate date warns early;
    ``date`` (the last day) decides overdue, so nothing is overdue before its year is over.
    """

    def __init__(self, date: datetime.date, approximate: bool):
        self.date, self.approximate = date, approximate

    def __eq__(self, other):
        return isinstance(other, Due) and (self.date, self.approximate) == (
            other.date,
            other.approximate,
        )

    def __repr__(self):
        return f"Due({self.date!r}, approximate={self.approximate})"

    @property
    def earliest(self) -> datetime.date:
        return datetime.date(self.date.year, 1, 1) if self.approximate else self.date

    def __str__(self):
        if self.approximate:
            return gettext("%(year)s (date not yet set)") % {"year": self.date.year}
        return date_format(self.date, "DATE_FORMAT")


#: How many years a recurring request's occurrences are apart.
RECURRENCE_YEARS = {"annual": 1, "biennial": 2}


class TextCorrection(models.Model):
    """A reviewed correction the importer made to a document's source text, shown on the
    document's page with what the source reads (``importers.corrections``)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="corrections"
    )
    order = models.PositiveSmallIntegerField(
        _("order"),
    )
    paragraph = models.ForeignKey(
        Paragraph,
        verbose_name=_("paragraph"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
    )
    footnote = models.ForeignKey(
        Footnote,
        verbose_name=_("footnote"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="corrections",
    )
    wrong = models.TextField(_("wrong"), help_text=_("The text as the source has it."))
    right = models.TextField(_("right"), help_text=_("The text as the portal shows it."))
    note = models.TextField(_("note"), help_text=_("Why: what the reviewer checked."))

    class Meta:
        verbose_name = _("text correction")
        verbose_name_plural = _("text corrections")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="unique_correction_order"),
        ]

    def __str__(self):
        return f"{self.document}: {self.wrong} → {self.right}"


class MandateQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None):
        """Past their deadline and not done. A standing (recurring) request is never overdue
        as a whole (its next occurrence is ahead), nor is a historic one."""
        today = today or timezone.localdate()
        return self.filter(deadline__lt=today, recurrence="").exclude(
            status__in=[Mandate.Status.COMPLETED, Mandate.Status.HISTORIC]
        )

    def with_party(self, organization, roles=None):
        """Mandates where ``organization`` is a party in one of ``roles`` (default: addressee).

        A subquery, not a join: a mandate is listed once however many rows match.
        """
        parties = MandateParty.objects.filter(
            organization=organization, role__in=roles or [MandateParty.Role.ADDRESSEE]
        )
        return self.filter(pk__in=parties.values("mandate_id"))

    def addressed_to(self, organization):
        """Mandates ``organization`` must act on: named, or as a facilitator of a line
        concerned when addressed to the facilitators (the importer resolves the group)."""
        return self.with_party(organization)

    def partnered_with(self, organization):
        """Mandates where ``organization`` works with the addressees (partner) or is the body
        they act as secretariat of, and is not itself an addressee."""
        return self.with_party(
            organization, [MandateParty.Role.PARTNER, MandateParty.Role.SECRETARIAT]
        ).exclude(pk__in=self.addressed_to(organization).values("pk"))


class Mandate(models.Model):
    """One request a document makes: a mandating clause with at least one addressee.

    Built by ``importers.mandates`` from every document's clauses: ``clause`` is the clause it
    comes from (its anchor on the reader highlights it), ``verb`` its operative verb. Who is
    involved is in ``parties`` (addressees, partners, secretariat, the body reported to); a
    request to "the action line facilitators" is resolved to the facilitators of the lines
    concerned, each an addressee of its own (``addresses_all_facilitators`` says the text named
    the group). ``status`` rolls up the addressees' own statuses (``MandateParty.status``).
    ``deadline`` is the last day it is due; when only a year is known, it is that year's
    31 December (for sorting and filtering) and ``deadline_is_year_only`` is set, and pages
    show the year, never that day (``due``). A mandate due at a ``ReportingEvent`` takes its
    deadline from the event and follows it when the event moves. A recurring request
    ("annually", "biennially") is due at each occurrence: ``deadline`` is the first,
    ``next_due()`` the next one from today. ``historic`` marks a request whose target date
    fell before the General Assembly's latest review of the Summit's outcomes: kept for the
    record, never overdue.
    ``applies_to_all_action_lines`` marks a request about every line (or to the facilitators
    with no line named).
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        ONGOING = "ongoing", _("Ongoing (standing request)")
        COMPLETED = "completed", _("Completed")
        HISTORIC = "historic", _("Historic (target of an earlier review period)")

    class Recurrence(models.TextChoices):
        NONE = "", _("Once")
        ANNUAL = "annual", _("Every year")
        BIENNIAL = "biennial", _("Every two years")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="mandates"
    )
    paragraph = models.ForeignKey(
        Paragraph, verbose_name=_("paragraph"), on_delete=models.CASCADE, related_name="mandates"
    )
    clause = models.OneToOneField(
        Clause,
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mandate",
        help_text=_("The clause that gives it; kept (empty) if a re-import no longer finds it."),
    )
    verb = models.CharField(
        _("verb"), max_length=20, choices=Clause.VERBS, blank=True, db_index=True
    )
    title = models.CharField(_("title"), max_length=255)
    request = models.TextField(
        _("request"), help_text=_("What is asked: the clause, as the text words it.")
    )
    addressee_text = models.CharField(_("addressee text"), max_length=500, blank=True)
    addresses_all_facilitators = models.BooleanField(_("addresses all facilitators"), default=False)
    action_lines = models.ManyToManyField(
        ActionLine, verbose_name=_("action lines"), blank=True, related_name="mandates"
    )
    applies_to_all_action_lines = models.BooleanField(
        _("applies to all action lines"), default=False
    )
    event = models.ForeignKey(
        ReportingEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mandates",
        help_text=_("The event it is due at; its deadline is then the event's."),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    deadline_is_year_only = models.BooleanField(_("deadline is year only"), default=False)
    reporting_target = models.CharField(_("reporting target"), max_length=255, blank=True)
    recurrence = models.CharField(
        _("recurrence"),
        max_length=10,
        choices=Recurrence.choices,
        blank=True,
        default="",
        help_text=_(
            'Asked "annually", "on a yearly basis", "biennially", …: the deadline is the '
            "first occurrence."
        ),
    )
    imported = models.JSONField(
        _("imported"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "What the importer last wrote: a field that differs was corrected by a person "
            "and is kept by the next import."
        ),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        ordering = ["document", "paragraph__order", "clause__order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=["not_started", "in_progress", "ongoing", "completed", "historic"]
                ),
                name="mandate_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(recurrence__in=["", "annual", "biennial"]),
                name="mandate_recurrence_valid",
            ),
        ]

    def __str__(self):
        return f"{self.paragraph}: {self.title}"

    def get_absolute_url(self):
        return reverse("mandates:mandate-detail", args=[self.pk])

    def follow_event(self) -> bool:
        """Take the deadline from ``event`` (when it has one); True if it changed."""
        if self.event is None:
            return False
        wanted = (self.event.deadline, self.event.date is None)
        if (self.deadline, self.deadline_is_year_only) == wanted:
            return False
        self.deadline, self.deadline_is_year_only = wanted
        return True

    @property
    def due(self) -> Due | None:
        """The deadline as it is known: a day, or a year (approximate)."""
        return Due(self.deadline, self.deadline_is_year_only) if self.deadline else None

    def next_due(self, today: datetime.date | None = None) -> Due | None:
        """The next occurrence due from ``today``: the deadline, or for a recurring request
        the first occurrence not yet past (a later occurrence's day is not known: its year)."""
        due = self.due
        if due is None or not self.recurrence:
            return due
        today = today or timezone.localdate()
        if due.date >= today:
            return due
        # Occurrences fall in the first one's year plus whole steps; the first has passed, so
        # the next is the first later one whose year has not ended.
        step = RECURRENCE_YEARS[self.recurrence]
        steps = max(1, -(-(today.year - due.date.year) // step))
        return Due(datetime.date(due.date.year + step * steps, 12, 31), approximate=True)

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        """Matches ``MandateQuerySet.overdue``."""
        today = today or timezone.localdate()
        return bool(
            self.deadline
            and self.deadline < today
            and not self.recurrence
            and self.status not in (self.Status.COMPLETED, self.Status.HISTORIC)
        )

    @property
    def anchor(self) -> str:
        """Fragment id of its clause on the reader (``para-67-c2``), else of its paragraph."""
        if self.clause_id is not None:  # its paragraph is the clause's (select_related)
            return f"{self.paragraph.anchor}-c{self.clause.order}"
        return self.paragraph.anchor

    def get_reader_url(self) -> str:
        return f"{self.document.get_absolute_url()}#{self.anchor}"

    def addressee_parties(self):
        """Addressee rows, from ``parties`` (prefetch ``parties__organization`` on lists)."""
        return [p for p in self.parties.all() if p.role == MandateParty.Role.ADDRESSEE]

    def partner_parties(self):
        """Partner, secretariat and report-to rows, from ``parties``."""
        return [p for p in self.parties.all() if p.role != MandateParty.Role.ADDRESSEE]


class MandateParty(models.Model):
    """A body's part in a mandate: it must act (addressee), works with the addressees
    (partner: "in coordination with", "with the support of" …), is the body the addressee acts
    as secretariat of ("as the secretariat of"), or is reported to (with session and year).

    ``named_as`` keeps the text's words; ``group`` the group the row was resolved from ("action
    line facilitators", "UN Regional Commissions"), empty when the body is named itself. An
    addressee's ``status`` is its own: each agency reports for itself (issue 18, defect 8).
    """

    class Role(models.TextChoices):
        ADDRESSEE = "addressee", _("Addressee")
        PARTNER = "partner", _("Partner")
        SECRETARIAT = "secretariat", _("Secretariat of")
        REPORT_TO = "report_to", _("Reports to")

    # The groups the importer resolves (``group``), named in the reader's language.
    GROUPS = {
        "action line facilitators": _("action line facilitators"),
        "UN Regional Commissions": _("UN Regional Commissions"),
    }

    mandate = models.ForeignKey(
        Mandate, verbose_name=_("mandate"), on_delete=models.CASCADE, related_name="parties"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="mandate_parties",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, db_index=True)
    named_as = models.CharField(_("named as"), max_length=255, blank=True)
    group = models.CharField(_("group"), max_length=80, blank=True)
    session = models.CharField(
        _("session"), max_length=40, blank=True, help_text=_("Reports to: the session.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Mandate.Status.choices,
        default=Mandate.Status.NOT_STARTED,
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_imported = models.BooleanField(
        _("is imported"),
        default=False,
        editable=False,
        help_text=_("Written by the importer; a party added by a person is kept by re-imports."),
    )

    class Meta:
        verbose_name = _("mandate party")
        verbose_name_plural = _("mandate parties")
        ordering = ["mandate", "order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "role", "organization"], name="one_party_per_role"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["addressee", "partner", "secretariat", "report_to"]),
                name="mandate_party_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.organization} ({self.get_role_display()}) on {self.mandate_id}"

    @property
    def group_label(self):
        return self.GROUPS.get(self.group, self.group)


#: Prefetch a list of mandates' parties with their organisations, in reading order.
PARTIES = models.Prefetch(
    "parties", queryset=MandateParty.objects.select_related("organization").order_by("order", "pk")
)


class MandateUpdate(models.Model):
    """Progress an organisation posts on a mandate."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", _("On track")
        AT_RISK = "at_risk", _("At risk")
        DELAYED = "delayed", _("Delayed")
        COMPLETED = "completed", _("Completed")

    mandate = models.ForeignKey(
        Mandate, verbose_name=_("mandate"), on_delete=models.CASCADE, related_name="updates"
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.PROTECT,
        related_name="mandate_updates",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    text = models.TextField(
        _("text"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(
        _("edited at"),
        null=True,
        blank=True,
        help_text=_(
            "When its author last changed it (its earlier wording "
            "is kept as a MandateUpdateRevision)."
        ),
    )

    class Meta:
        verbose_name = _("mandate update")
        verbose_name_plural = _("mandate updates")
        ordering = ["mandate", "-created_at"]
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["on_track", "at_risk", "delayed", "completed"]),
                name="mandate_update_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.organization} on {self.mandate}: {self.get_status_display()}"


class MandateUpdateRevision(models.Model):
    """A progress update as it read before its author edited or withdrew it (issue 18, gap 4).

    Progress is a public record: an author may correct or withdraw their update, and the
    mandate's page keeps what it said. A withdrawn update is deleted (every list, feed, export
    and light reads only the live ones) and its last wording is kept here. ``update_ref`` is
    the update's id, kept as a plain number so that the rows of a withdrawn update stay
    together; ``posted_at`` is when the update was first posted.
    """

    class Change(models.TextChoices):
        EDITED = "edited", _("Edited")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    mandate = models.ForeignKey(
        Mandate,
        verbose_name=_("mandate"),
        on_delete=models.CASCADE,
        related_name="update_revisions",
    )
    update_ref = models.PositiveIntegerField(_("update ref"), db_index=True)
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=20, choices=MandateUpdate.Status.choices)
    text = models.TextField(
        _("text"),
    )
    posted_at = models.DateTimeField(
        _("posted at"),
    )
    change = models.CharField(_("change"), max_length=10, choices=Change.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("mandate update revision")
        verbose_name_plural = _("mandate update revisions")
        ordering = ["mandate", "-changed_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(change__in=["edited", "withdrawn"]),
                name="mandate_update_revision_change_valid",
            ),
        ]

    def __str__(self):
        return f"{self.organization} on {self.mandate_id}: {self.change} {self.changed_at:%Y-%m-%d}"


class MandateReminder(models.Model):
    """A deadline reminder to one user, written before it is sent (an outbox row).

    The unique constraint makes each reminder (mandate, deadline, user, days before) exist
    once, so re-running the reminder task never mails anyone twice; ``sent_at`` stays empty
    until the mail has gone, so a failed send is retried by the next run.
    """

    mandate = models.ForeignKey(
        Mandate, verbose_name=_("mandate"), on_delete=models.CASCADE, related_name="reminders"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    deadline = models.DateField(
        _("deadline"),
    )
    days_before = models.PositiveSmallIntegerField(
        _("days before"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("mandate reminder")
        verbose_name_plural = _("mandate reminders")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mandate", "deadline", "user", "days_before"], name="one_reminder_each"
            ),
        ]

    def __str__(self):
        return f"Reminder to {self.user} on {self.mandate} ({self.days_before} days before)"


class ReportExport(models.Model):
    """A CSTD report rendered to PDF by a Celery task (``reports.run_report_export``).

    The row is written first (pending), so the page that polls it has something to show and a
    lost task can be seen; ``progress`` (0–100) moves as the task works. The id is a UUID so
    exports cannot be listed by counting.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to start")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(_("id"), primary_key=True, default=uuid.uuid4, editable=False)
    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("action line"), on_delete=models.CASCADE, related_name="+"
    )
    period_start = models.DateField(
        _("period start"),
    )
    period_end = models.DateField(
        _("period end"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The language of the page that asked for it: the worker writes the PDF in it.
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="report_export_period_ordered",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="report_export_progress"),
        ]

    def __str__(self):
        return f"CSTD report {self.action_line.code} {self.period_start}–{self.period_end}"

    def get_absolute_url(self):
        return reverse("mandates:report-export", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

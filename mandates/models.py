"""Documents, their paragraphs, the mandates they give, and the progress posted on them.

Documents are the UN texts of ``fixtures/sources/`` (outcome documents, resolutions, drafts),
split into paragraphs by the importers. A mandate is a request in one paragraph addressed to
organisations (often "the action line facilitators"), with a deadline or reporting target;
facilitators post progress updates on it.
"""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from actionlines.models import ActionLine, Organization

from .importers.clauses import VERB_CHOICES


class Document(models.Model):
    """A UN document imported from a seed text; ``slug`` is its URL name (``a-res-80-173``)."""

    class Kind(models.TextChoices):
        OUTCOME = "outcome", "Summit outcome document"
        RESOLUTION = "resolution", "Resolution"
        DRAFT = "draft", "Draft"
        ANNOTATED_DRAFT = "annotated_draft", "Draft with proposed edits"
        EXCERPT = "excerpt", "Excerpt quoted by another source"

    slug = models.SlugField(max_length=80, unique=True)
    symbol = models.CharField(max_length=80, blank=True, help_text="UN symbol, where it has one.")
    title = models.CharField(max_length=500)
    short_title = models.CharField(max_length=120, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    date = models.DateField(null=True, blank=True)
    adopted_by = models.CharField(max_length=255, blank=True)
    body = models.TextField(blank=True, help_text="Introductory text that is not a paragraph.")
    source_file = models.CharField(max_length=100, blank=True)
    source_note = models.TextField(blank=True)
    revises = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )

    class Meta:
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
        PREAMBULAR = "preambular", "Preambular"
        OPERATIVE = "operative", "Operative"
        DELETED = "deleted", "Deleted (proposed)"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    order = models.PositiveIntegerField()
    label = models.CharField(max_length=20, blank=True)
    number = models.PositiveIntegerField(null=True, blank=True)
    old_label = models.CharField(max_length=20, blank=True)
    anchor = models.SlugField(max_length=40)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OPERATIVE)
    section = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    markup = models.TextField(blank=True)
    action_lines = models.ManyToManyField(ActionLine, blank=True, related_name="paragraphs")

    class Meta:
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

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="clauses")
    order = models.PositiveSmallIntegerField()
    verb = models.CharField(max_length=20, choices=VERBS, db_index=True)
    is_mandating = models.BooleanField(default=False)
    text = models.TextField()

    class Meta:
        ordering = ["paragraph", "order"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "order"], name="unique_clause_order"),
        ]

    def __str__(self):
        return f"{self.paragraph} clause {self.order}: {self.get_verb_display()}"


class MandateQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(deadline__lt=today).exclude(status=Mandate.Status.COMPLETED)

    def addressed_to(self, organization):
        return self.filter(
            Q(addressees=organization)
            | Q(
                addresses_all_facilitators=True,
                action_lines__facilitations__organization=organization,
            )
            | Q(addresses_all_facilitators=True, applies_to_all_action_lines=True)
        ).distinct()


class Mandate(models.Model):
    """A request a resolution makes of its addressees, with a deadline or reporting target.

    ``addresses_all_facilitators`` marks requests to "the action line facilitators" as a
    group; ``applies_to_all_action_lines`` marks those that concern every line.
    ``deadline`` is the last day it is due; when the text gives only a year, it is that
    year's 31 December and ``deadline_is_year_only`` is set.
    """

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        ONGOING = "ongoing", "Ongoing (standing request)"
        COMPLETED = "completed", "Completed"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="mandates")
    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="mandates")
    title = models.CharField(max_length=255)
    request = models.TextField(help_text="What is asked, in short.")
    addressees = models.ManyToManyField(Organization, blank=True, related_name="mandates")
    addressee_text = models.CharField(max_length=500, blank=True)
    addresses_all_facilitators = models.BooleanField(default=False)
    action_lines = models.ManyToManyField(ActionLine, blank=True, related_name="mandates")
    applies_to_all_action_lines = models.BooleanField(default=False)
    deadline = models.DateField(null=True, blank=True)
    deadline_is_year_only = models.BooleanField(default=False)
    reporting_target = models.CharField(max_length=255, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MandateQuerySet.as_manager()

    class Meta:
        ordering = ["document", "paragraph__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "title"], name="unique_mandate_per_paragraph"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["not_started", "in_progress", "ongoing", "completed"]),
                name="mandate_status_valid",
            ),
        ]

    def __str__(self):
        return f"{self.paragraph}: {self.title}"

    def get_absolute_url(self):
        return reverse("mandates:mandate-detail", args=[self.pk])


class MandateUpdate(models.Model):
    """Progress an organisation posts on a mandate."""

    class Status(models.TextChoices):
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"
        DELAYED = "delayed", "Delayed"
        COMPLETED = "completed", "Completed"

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="updates")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="mandate_updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices)
    text = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
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


class MandateReminder(models.Model):
    """A deadline reminder to one user, written before it is sent (an outbox row).

    The unique constraint makes each reminder (mandate, deadline, user, days before) exist
    once, so re-running the reminder task never mails anyone twice; ``sent_at`` stays empty
    until the mail has gone, so a failed send is retried by the next run.
    """

    mandate = models.ForeignKey(Mandate, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    deadline = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
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
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Being built"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    action_line = models.ForeignKey(ActionLine, on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to="reports/", blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
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

"""The WSIS stocktaking database: projects that stakeholders submit and moderators review.

An entry moves through a moderated workflow (draft → submitted → published / changes requested
/ rejected → archived); every transition is stored as an ``EntryTransition`` with who, when and
why. Countries are ISO 3166 codes with their UN M49 region and sub-region, from
django-countries and django-countries-hdx (offline M49 data and names in the UN languages).
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from actionlines.models import (
    WORKING_TRANSLATIONS_HELP,
    ActionLine,
    GDCObjective,
    Organization,
    SDGTarget,
    SustainableDevelopmentGoal,
)
from wsis_portal.fields import PostgresOnlyArrayField
from wsis_portal.translated import translated

from .languages import LANGUAGE_CHOICES


class Region(models.Model):
    """A UN M49 region (``parent`` empty) or sub-region; ``code`` is the M49 number."""

    code = models.PositiveSmallIntegerField(_("code"), primary_key=True)
    name = models.CharField(_("name"), max_length=100)
    names = models.JSONField(
        _("names"),
        default=dict,
        blank=True,
        help_text=_("The name by language code (fr, zh-Hans…)."),
    )
    working_translations = models.JSONField(
        _("working translations"), default=list, blank=True, help_text=WORKING_TRANSLATIONS_HELP
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subregions",
    )

    local_name = translated("name")

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]

    def __str__(self):
        return self.local_name


class Country(models.Model):
    """An ISO 3166 country with its M49 region; ``names`` holds the six UN languages."""

    code = models.CharField(
        _("code"), max_length=2, primary_key=True, help_text=_("ISO 3166-1 alpha-2")
    )
    alpha3 = models.CharField(_("alpha3"), max_length=3, unique=True)
    numeric = models.PositiveSmallIntegerField(_("numeric"), null=True, blank=True)
    name = models.CharField(_("name"), max_length=100)
    names = models.JSONField(_("names"), default=dict, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="countries",
    )
    subregion = models.ForeignKey(
        Region,
        verbose_name=_("subregion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subregion_countries",
    )

    local_name = translated("name")

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["name"]

    def __str__(self):
        return self.local_name


class StakeholderType(models.TextChoices):
    """The stakeholder groups the WSIS texts name (Tunis Agenda ¶35–36; E/RES/2025/18 ¶20)."""

    GOVERNMENT = "government", _("Government")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    CIVIL_SOCIETY = "civil_society", _("Civil society")
    INTERNATIONAL_ORGANIZATION = "international_organization", _("International organization")
    ACADEMIA = "academia", _("Academia")
    TECHNICAL_COMMUNITY = "technical_community", _("Technical community")
    MULTI_STAKEHOLDER = "multi_stakeholder", _("Multi-stakeholder partnership")
    OTHER = "other", _("Other")


class StocktakingEntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=StocktakingEntry.State.PUBLISHED)

    def for_action_line(self, code):
        """Entries linked to the line ``code`` or, for C7, to any of its sub-lines."""
        lines = ActionLine.objects.with_descendants([code])
        return self.filter(action_lines__in=lines).distinct()


class StocktakingEntry(models.Model):
    """A project in the stocktaking database, owned by its submitter."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        PUBLISHED = "published", _("Published")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        REJECTED = "rejected", _("Rejected")
        ARCHIVED = "archived", _("Archived")

    class ProjectStatus(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National (one or more countries)")
        REGIONAL = "regional", _("Regional")
        GLOBAL = "global", _("Global")

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(
        _("description"),
    )
    organization_name = models.CharField(_("organization name"), max_length=255)
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entries",
    )
    stakeholder_type = models.CharField(
        _("stakeholder type"), max_length=30, choices=StakeholderType.choices
    )
    scope = models.CharField(
        _("scope"), max_length=20, choices=Scope.choices, default=Scope.NATIONAL
    )
    countries = models.ManyToManyField(
        Country, verbose_name=_("countries"), blank=True, related_name="entries"
    )
    regions = models.ManyToManyField(
        Region, verbose_name=_("regions"), blank=True, related_name="entries"
    )
    action_lines = models.ManyToManyField(
        ActionLine, verbose_name=_("action lines"), blank=True, related_name="entries"
    )
    sdgs = models.ManyToManyField(
        SustainableDevelopmentGoal, verbose_name=_("SDGs"), blank=True, related_name="entries"
    )
    sdg_targets = models.ManyToManyField(
        SDGTarget, verbose_name=_("SDG targets"), blank=True, related_name="entries"
    )
    gdc_objectives = models.ManyToManyField(
        GDCObjective, verbose_name=_("GDC objectives"), blank=True, related_name="entries"
    )
    project_status = models.CharField(
        _("project status"),
        max_length=20,
        choices=ProjectStatus.choices,
        default=ProjectStatus.ONGOING,
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    website = models.URLField(_("website"), blank=True)
    contact_email = models.EmailField(
        _("contact e-mail"), blank=True, help_text=_("Never shown publicly.")
    )
    logo = models.ImageField(_("logo"), upload_to="stocktaking/logos/", blank=True)
    submitter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitter"),
        on_delete=models.PROTECT,
        related_name="stocktaking_entries",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    last_owner_update_at = models.DateTimeField(_("last owner update at"), default=timezone.now)
    is_inactive = models.BooleanField(
        _("is inactive"), default=False, help_text=_("No update by its owner for two years.")
    )
    # The language the entry is written in: its search vector is stemmed in it (languages.py).
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=LANGUAGE_CHOICES,
        default="en",
        db_default="en",  # rows written outside the ORM too (the synthetic data's COPY)
        help_text=_("ISO 639-1 code of the language the entry is written in."),
    )
    # Weighted title (A), organisation (B), description (C), in the entry's language. On
    # PostgreSQL a trigger keeps it current on every insert and update, bulk ones included,
    # and a GIN index serves `q` (migrations 0002 and 0015); on SQLite it stays empty and
    # search falls back to icontains.
    search_vector = SearchVectorField(null=True, editable=False)
    # Every UN M49 code the entry is in: its countries' regions and sub-regions, the regions
    # it names and their parents (empty: none). On PostgreSQL triggers on the two link
    # tables keep it current and a GIN index serves the ``region`` filter (migration 0007);
    # on SQLite it stays empty and the filter reads the link tables.
    region_codes = PostgresOnlyArrayField(
        models.PositiveSmallIntegerField(), null=True, blank=True, editable=False
    )

    objects = StocktakingEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("stocktaking entry")
        verbose_name_plural = _("stocktaking entries")
        ordering = ["-created_at", "-id"]
        # The orderings the API offers, and the filters counted with the visibility rule's
        # ``state`` (see benchmarks/EXPLAIN.md); the many-to-many tables' reverse indexes and
        # the organisation-name trigram index are in migration 0006.
        indexes = [
            models.Index(fields=["state", "-created_at"], name="entry_state_created"),
            # The inactive filter, newest first: most entries are inactive but the newest
            # never are, so the index above would pass every active entry first.
            models.Index(
                fields=["state", "is_inactive", "-created_at"], name="entry_state_inactive_created"
            ),
            models.Index(fields=["stakeholder_type", "state"], name="entry_stakeholder_state"),
            models.Index(fields=["project_status", "state"], name="entry_status_state"),
            models.Index(fields=["state", "published_at", "id"], name="entry_state_published"),
            models.Index(fields=["updated_at", "id"], name="entry_updated_at"),
            models.Index(fields=["title", "id"], name="entry_title"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    state__in=[
                        "draft",
                        "submitted",
                        "published",
                        "changes_requested",
                        "rejected",
                        "archived",
                    ]
                ),
                name="entry_state_valid",
            ),
            # Empty only on drafts saved before the submitter chose it (services check that a
            # submitted entry has one).
            models.CheckConstraint(
                condition=Q(
                    stakeholder_type__in=["", *[choice.value for choice in StakeholderType]]
                ),
                name="entry_stakeholder_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(project_status__in=["planned", "ongoing", "completed"]),
                name="entry_project_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="entry_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("stocktaking:entry-detail", args=[self.pk])


class EntryUpdate(models.Model):
    """The owner's update of a published entry, waiting for review: the proposed fields as a
    JSON snapshot (``services.ENTRY_FIELDS`` and the primary keys of
    ``services.ENTRY_RELATIONS``) beside the published row, which stays as it is, public.

    Why a snapshot row and not a second entry: the public queryset, the search vector and its
    trigger, the shared FilterSet, the feeds, exports, prizes and the API all keep reading
    ``StocktakingEntry`` rows with ``state = 'published'``; a copy entry would have to be
    excluded from every one of them (and its links, nominations and votes kept apart). The
    update has its own small workflow (``state``: being edited, submitted, changes requested);
    publishing it writes the proposed fields onto the entry (audited, before → after) and
    deletes this row; rejecting it deletes this row and keeps the published version. One
    update per entry at a time (the one-to-one key).

    A new logo is uploaded into ``logo`` (or ``logo_removed`` asks to drop the published
    one): the public keeps the published logo until the update is published. ``version``
    counts the saves: a save based on another version is refused (``services.StaleUpdate``),
    so two tabs editing one update never overwrite each other, as on the action-line pages.
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("Being edited")
        SUBMITTED = "submitted", _("Submitted for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")

    entry = models.OneToOneField(
        StocktakingEntry,
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="pending_update",
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    data = models.JSONField(_("data"), default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The moderator's latest request for changes (the owner reads it on "My submissions").
    comment = models.TextField(_("comment"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="stocktaking/logos/", blank=True)
    logo_removed = models.BooleanField(_("logo removed"), default=False)
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("entry update")
        verbose_name_plural = _("entry updates")
        indexes = [
            # The moderation queue: submitted updates, oldest first.
            models.Index(fields=["state", "submitted_at"], name="entry_update_queue")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["draft", "submitted", "changes_requested"]),
                name="entry_update_state_valid",
            )
        ]

    def __str__(self):
        return f"Update of {self.entry} ({self.state})"

    @property
    def is_editable(self) -> bool:
        return self.state != self.State.SUBMITTED


class ReviewClaim(models.Model):
    """A moderator's "I'm reviewing this" on an entry (or its submitted update): shown in the
    queue with who and since when; another moderator is warned, and must say so, before
    deciding on it. A decision on the entry ends the claim (``services.transition_entry``,
    ``publish_update``, ``decide_update``).

    A row of its own rather than columns of the entry: claiming is no change of the entry
    (its ``updated_at``, which the API's ``updated_since`` and the feeds read, stays)."""

    entry = models.OneToOneField(
        StocktakingEntry,
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="review_claim",
    )
    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderator"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    claimed_at = models.DateTimeField(_("claimed at"), default=timezone.now)

    class Meta:
        verbose_name = _("review claim")
        verbose_name_plural = _("review claims")

    def __str__(self):
        return f"{self.entry} reviewed by {self.moderator}"


class EntryTransition(models.Model):
    """One step of an entry's workflow: from which state to which, by whom, when and why."""

    entry = models.ForeignKey(
        StocktakingEntry,
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_state = models.CharField(
        _("from state"), max_length=20, choices=StocktakingEntry.State.choices, blank=True
    )
    to_state = models.CharField(
        _("to state"), max_length=20, choices=StocktakingEntry.State.choices
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("entry transition")
        verbose_name_plural = _("entry transitions")
        ordering = ["entry", "created_at", "id"]

    def __str__(self):
        return f"{self.entry}: {self.from_state or '∅'} → {self.to_state}"


class Notification(models.Model):
    """An e-mail waiting to be sent (an outbox row), written in the same transaction as the
    workflow transition it is about.

    A task queued after commit sends pending rows; a periodic sweep sends rows left pending
    when the broker was down. Rows are claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` and
    marked sent in the transaction that sends them, so no mail is lost and none is sent twice
    (one row per transition and recipient).

    A row that fails is tried again later (``next_attempt_at``, backing off) and, after
    ``notifications.MAX_ATTEMPTS`` or at once when it can never be sent (a malformed header or
    address), is set aside as a dead letter, kept with its error for the admin, so that
    failing rows never hold back the others.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        DEAD = "dead", _("Dead letter (given up)")

    class Kind(models.TextChoices):
        TRANSITION = "transition", _("Workflow decision or new submission")
        UPDATE_REMINDER = "update_reminder", _("Yearly request to update an entry")
        ACCOUNT = "account", _("Account e-mail (confirmation link, registration notice)")
        UPDATE_DECISION = "update_decision", _("Decision on the update of a published entry")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TRANSITION)
    transition = models.ForeignKey(
        EntryTransition,
        verbose_name=_("transition"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    entry = models.ForeignKey(
        StocktakingEntry,
        verbose_name=_("entry"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # For reminders: the year they are about (one reminder per entry and owner per year).
    period = models.CharField(_("period"), max_length=10, blank=True)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    email = models.EmailField(
        _("email"),
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(
        _("body"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["transition", "recipient"], name="notification_once_per_recipient"
            ),
            models.UniqueConstraint(
                fields=["entry", "recipient", "period"],
                condition=Q(kind="update_reminder"),
                name="notification_reminder_once_a_year",
            ),
        ]
        indexes = [
            models.Index(
                fields=["id", "next_attempt_at"],
                condition=Q(status="pending"),
                name="notification_due",
            )
        ]

    def __str__(self):
        return f"{self.subject} → {self.email} ({self.status})"


class AccountConfirmation(models.Model):
    """A self-registered account's e-mail confirmation: pending until a link opens it once.

    Confirmation links are signed tokens naming the user and address
    (``stocktaking.account_services``); a link activates the account only while this row is
    unconfirmed. Once one link is used every link of the account is spent, so a link can never
    re-activate an account an admin has deactivated since. Accounts with no row (staff made in
    the admin, accounts from before confirmation was tracked) have no link that works.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="confirmation",
    )
    email = models.EmailField(
        _("email"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("account confirmation")
        verbose_name_plural = _("account confirmations")

    def __str__(self):
        return f"{self.user} <{self.email}> ({'confirmed' if self.confirmed_at else 'pending'})"

    @property
    def is_pending(self) -> bool:
        return self.confirmed_at is None


class PrizeEdition(models.Model):
    """One year of the WSIS Prizes, run in phases by date (see ``phase``): nomination, expert
    review (moderators shortlist), public voting, then results (moderators choose winners
    and publish them). One category per action line without sub-lines: 18."""

    class Phase(models.TextChoices):
        UPCOMING = "upcoming", _("Not open yet")
        NOMINATION = "nomination", _("Nomination")
        EXPERT_REVIEW = "expert_review", _("Expert review")
        VOTING = "voting", _("Public voting")
        RESULTS = "results", _("Results")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    nomination_opens = models.DateField(
        _("nomination opens"),
    )
    nomination_closes = models.DateField(
        _("nomination closes"),
    )
    voting_opens = models.DateField(
        _("voting opens"), help_text=_("Expert review runs from nomination close to here.")
    )
    voting_closes = models.DateField(
        _("voting closes"),
    )
    results_published_at = models.DateTimeField(_("results published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("prize edition")
        verbose_name_plural = _("prize editions")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(nomination_closes__gte=models.F("nomination_opens"))
                & Q(voting_opens__gt=models.F("nomination_closes"))
                & Q(voting_closes__gte=models.F("voting_opens")),
                name="prize_phases_in_order",
            )
        ]

    def __str__(self):
        return gettext("WSIS Prizes %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("stocktaking:prize-edition", args=[self.year])

    def phase(self, today=None):
        today = today or timezone.localdate()
        if today < self.nomination_opens:
            return self.Phase.UPCOMING
        if today <= self.nomination_closes:
            return self.Phase.NOMINATION
        if today < self.voting_opens:
            return self.Phase.EXPERT_REVIEW
        if today <= self.voting_closes:
            return self.Phase.VOTING
        return self.Phase.RESULTS


class PrizeCategory(models.Model):
    """A prize category: one action line (or C7 sub-line) in one edition."""

    edition = models.ForeignKey(
        PrizeEdition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="categories"
    )
    action_line = models.ForeignKey(
        ActionLine, verbose_name=_("action line"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("prize category")
        verbose_name_plural = _("prize categories")
        ordering = ["edition", "action_line__sort_order", "action_line__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "action_line"], name="prize_category_once_per_edition"
            )
        ]

    def __str__(self):
        return f"{self.edition.year} · {self.action_line.code}"

    def get_absolute_url(self):
        return reverse(
            "stocktaking:prize-category", args=[self.edition.year, self.action_line.code]
        )


class Nomination(models.Model):
    """A published entry nominated by its owner into one category of an edition (a project
    at most once per edition); moderators shortlist it and may make it the winner."""

    edition = models.ForeignKey(
        PrizeEdition, verbose_name=_("edition"), on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        PrizeCategory,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    entry = models.ForeignKey(
        StocktakingEntry,
        verbose_name=_("entry"),
        on_delete=models.CASCADE,
        related_name="nominations",
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_shortlisted = models.BooleanField(_("is shortlisted"), default=False)
    is_winner = models.BooleanField(_("is winner"), default=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["category", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "entry"], name="nomination_once_per_edition"
            ),
            models.UniqueConstraint(
                fields=["category"], condition=Q(is_winner=True), name="one_winner_per_category"
            ),
            models.CheckConstraint(
                condition=Q(is_winner=False) | Q(is_shortlisted=True),
                name="winner_is_shortlisted",
            ),
        ]

    def __str__(self):
        return f"{self.entry} in {self.category}"


class PrizeVote(models.Model):
    """A registered user's vote: one per category, for a shortlisted nomination."""

    category = models.ForeignKey(
        PrizeCategory, verbose_name=_("category"), on_delete=models.CASCADE, related_name="votes"
    )
    nomination = models.ForeignKey(
        Nomination, verbose_name=_("nomination"), on_delete=models.CASCADE, related_name="votes"
    )
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voter"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("prize vote")
        verbose_name_plural = _("prize votes")
        constraints = [
            models.UniqueConstraint(fields=["category", "voter"], name="one_vote_per_category")
        ]

    def __str__(self):
        return f"{self.voter} → {self.nomination}"

"""Action lines and the reference data around them.

The eleven WSIS action lines C1–C11 come from the Geneva Plan of Action (2003); C7 has eight
sub-lines that point to it as their parent. UN agencies facilitate them (Tunis Agenda annex);
facilitators keep each line's page and its implementation road map (A/RES/80/173 ¶113), linked
to SDG targets and Global Digital Compact objectives.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wsis_portal.translated import translated

#: Help text of the ``working_translations`` fields (see wsis_portal.translated).
WORKING_TRANSLATIONS_HELP = _(
    "Languages whose text is the portal's own working translation: no official text in that "
    "language is in its sources."
)


class OrganizationQuerySet(models.QuerySet):
    def facilitating(self):
        return self.filter(facilitations__isnull=False).distinct()


class Organization(models.Model):
    """A UN agency, body, forum or partnership: a facilitator, a mandate addressee, or both."""

    class Kind(models.TextChoices):
        UN_AGENCY = "un_agency", _("UN agency, fund or programme")
        UN_BODY = "un_body", _("UN intergovernmental body")
        UN_SECRETARIAT = "un_secretariat", _("UN Secretariat office or group")
        REGIONAL = "regional", _("Regional body")
        FORUM = "forum", _("Forum or process")
        PARTNERSHIP = "partnership", _("Partnership or initiative")
        STATES = "states", _("Member States or governments")
        STAKEHOLDERS = "stakeholders", _("Stakeholder group")
        OTHER = "other", _("Other")

    acronym = models.CharField(_("acronym"), max_length=40, unique=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=255)
    names = models.JSONField(
        _("names"),
        default=dict,
        blank=True,
        help_text=_("The name by language code (<code>fr</code>, <code>zh-Hans</code>…)."),
    )
    working_translations = models.JSONField(
        _("working translations"), default=list, blank=True, help_text=WORKING_TRANSLATIONS_HELP
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    website = models.URLField(_("website"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("members"),
        through="Membership",
        related_name="organizations",
        blank=True,
    )

    objects = OrganizationQuerySet.as_manager()
    local_name = translated("name")

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["acronym"]

    def __str__(self):
        return self.acronym

    def get_absolute_url(self):
        return reverse("actionlines:organization-detail", args=[self.slug])

    @property
    def choice_label(self) -> str:
        """ "UNESCO — <its name in the reader's language>" for pick-lists; a body whose
        acronym is made of words ("Member States") by its name alone."""
        if self.acronym_is_a_name:
            return str(self.local_name)
        return f"{self.acronym} — {self.local_name}"

    @property
    def short_name(self):
        """What a page calls it in passing: its acronym, or its name in the reader's language
        when the acronym is made of words (show it with ``|marked``)."""
        return self.local_name if self.acronym_is_a_name else self.acronym

    @property
    def acronym_is_a_name(self) -> bool:
        """A body without an acronym carries English words in that field ("UN Regional
        Commissions", "Member States"): pages name it by its (translated) name instead."""
        return self.acronym == self.name or " " in self.acronym


class Membership(models.Model):
    """A user belongs to an organisation: this is what makes them its facilitator."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE
    )
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.organization}"


class ActionLineQuerySet(models.QuerySet):
    def top_level(self):
        return self.filter(parent__isnull=True)

    def with_descendants(self, codes):
        """Lines with the given codes and their sub-lines (``C7`` brings its eight)."""
        codes = list(codes)
        return self.filter(Q(code__in=codes) | Q(parent__code__in=codes))


class ActionLine(models.Model):
    """One WSIS action line (C1…C11) or C7 sub-line (``C7-e-health``).

    ``plan_of_action_text`` is the line's paragraph of the Geneva Plan of Action, imported from
    the seed text; ``page_content`` is the Markdown that facilitators keep, versioned by
    ``page_version`` so that a save on top of a changed page is refused, never lost.
    """

    code = models.CharField(_("code"), max_length=30, unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sublines",
    )
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    title = models.CharField(_("title"), max_length=255)
    titles = models.JSONField(
        _("titles"),
        default=dict,
        blank=True,
        help_text=_("The title by language code (<code>fr</code>, <code>zh-Hans</code>…)."),
    )
    working_translations = models.JSONField(
        _("working translations"), default=list, blank=True, help_text=WORKING_TRANSLATIONS_HELP
    )
    plan_of_action_paragraph = models.PositiveSmallIntegerField(
        _("plan of action paragraph"),
        null=True,
        blank=True,
        help_text=_("Paragraph number in the Geneva Plan of Action."),
    )
    plan_of_action_text = models.TextField(_("plan of action text"), blank=True)
    page_content = models.TextField(
        _("page content"), blank=True, help_text=_("Markdown kept by the facilitators.")
    )
    page_version = models.PositiveIntegerField(_("page version"), default=0)
    page_updated_at = models.DateTimeField(_("page updated at"), null=True, blank=True)
    sdgs = models.ManyToManyField(
        "SustainableDevelopmentGoal",
        verbose_name=_("SDGs"),
        blank=True,
        related_name="action_lines",
    )
    sdg_targets = models.ManyToManyField(
        "SDGTarget",
        verbose_name=_("SDG targets"),
        through="ActionLineSDGTarget",
        blank=True,
        related_name="action_lines",
    )

    objects = ActionLineQuerySet.as_manager()
    local_title = translated("title")

    class Meta:
        verbose_name = _("action line")
        verbose_name_plural = _("action lines")
        ordering = ["sort_order"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^C([1-9]|1[01])(-[a-z-]+)?$"),
                name="action_line_code_format",
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="action_line_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.local_title}"

    def get_absolute_url(self):
        return reverse("actionlines:detail", args=[self.slug])

    @property
    def is_subline(self) -> bool:
        return self.parent_id is not None

    def clean(self):
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": "A sub-line's parent must be a top-level line."})


class Facilitation(models.Model):
    """An organisation facilitates an action line in a role.

    The Tunis Agenda annex names "possible moderators/facilitators" without saying who leads:
    the portal treats the first named as lead facilitator (editable). Cross-cutting roles
    (OHCHR for human rights, UN-Women for gender) come from A/RES/80/173 ¶112.
    """

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead facilitator")
        CO = "co", _("Co-facilitator")
        CROSS_CUTTING = "cross_cutting", _("Cross-cutting contributor")

    action_line = models.ForeignKey(
        ActionLine,
        verbose_name=_("action line"),
        on_delete=models.CASCADE,
        related_name="facilitations",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="facilitations",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Order in the source list.")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("facilitation")
        verbose_name_plural = _("facilitations")
        ordering = ["action_line__sort_order", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["action_line", "organization"], name="unique_facilitation"
            ),
            models.UniqueConstraint(
                fields=["action_line"], condition=Q(role="lead"), name="one_lead_per_action_line"
            ),
            models.CheckConstraint(
                condition=Q(role__in=["lead", "co", "cross_cutting"]),
                name="facilitation_role_valid",
            ),
        ]

    def __str__(self):
        return f"{self.organization} — {self.get_role_display()} of {self.action_line.code}"


class SustainableDevelopmentGoal(models.Model):
    """One of the 17 SDGs; ``titles`` holds the title in the six UN languages."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=255)
    titles = models.JSONField(_("titles"), default=dict, blank=True)

    local_title = translated("title")

    class Meta:
        verbose_name = _("SDG")
        verbose_name_plural = _("SDGs")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=17), name="sdg_number_range"
            ),
        ]

    def __str__(self):
        return gettext("SDG %(number)s: %(title)s") % {
            "number": self.number,
            "title": self.local_title,
        }


class SDGTarget(models.Model):
    """One of the 169 SDG targets (``9.c``); ``titles`` holds the six UN languages."""

    goal = models.ForeignKey(
        SustainableDevelopmentGoal,
        verbose_name=_("goal"),
        on_delete=models.CASCADE,
        related_name="targets",
    )
    code = models.CharField(_("code"), max_length=10, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    title = models.TextField(
        _("title"),
    )
    titles = models.JSONField(_("titles"), default=dict, blank=True)

    local_title = translated("title")

    class Meta:
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")
        ordering = ["goal__number", "sort_order"]

    def __str__(self):
        return f"Target {self.code}"


class GDCObjective(models.Model):
    """One of the five objectives of the Global Digital Compact (A/RES/79/1, annex I)."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=255)
    titles = models.JSONField(
        _("titles"),
        default=dict,
        blank=True,
        help_text=_("The title by language code (fr, zh-Hans…)."),
    )
    working_translations = models.JSONField(
        _("working translations"), default=list, blank=True, help_text=WORKING_TRANSLATIONS_HELP
    )

    local_title = translated("title")

    class Meta:
        verbose_name = _("Global Digital Compact objective")
        verbose_name_plural = _("Global Digital Compact objectives")
        ordering = ["number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=5), name="gdc_number_range"
            ),
        ]

    def __str__(self):
        return f"GDC objective {self.number}: {self.title}"


class ActionLineSDGTarget(models.Model):
    """A link of the WSIS–SDG matrix: an action line serves an SDG target, for a stated reason."""

    action_line = models.ForeignKey(
        ActionLine,
        verbose_name=_("action line"),
        on_delete=models.CASCADE,
        related_name="sdg_links",
    )
    target = models.ForeignKey(
        SDGTarget,
        verbose_name=_("target"),
        on_delete=models.CASCADE,
        related_name="action_line_links",
    )
    rationale = models.TextField(
        _("rationale"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("WSIS–SDG matrix link")
        verbose_name_plural = _("WSIS–SDG matrix links")
        ordering = ["action_line__sort_order", "target__goal__number", "target__sort_order"]
        constraints = [
            models.UniqueConstraint(fields=["action_line", "target"], name="unique_sdg_link"),
        ]

    def __str__(self):
        return f"{self.action_line.code} → {self.target.code}"


class RoadmapTarget(models.Model):
    """A target of an action line's implementation road map (A/RES/80/173 ¶113)."""

    action_line = models.ForeignKey(
        ActionLine,
        verbose_name=_("action line"),
        on_delete=models.CASCADE,
        related_name="roadmap_targets",
    )
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    sdg_targets = models.ManyToManyField(
        SDGTarget, verbose_name=_("SDG targets"), blank=True, related_name="roadmap_targets"
    )
    gdc_objectives = models.ManyToManyField(
        GDCObjective, verbose_name=_("GDC objectives"), blank=True, related_name="roadmap_targets"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("roadmap target")
        verbose_name_plural = _("roadmap targets")
        ordering = ["action_line__sort_order", "sort_order", "id"]

    def __str__(self):
        return f"{self.action_line.code}: {self.title}"


class Indicator(models.Model):
    """A measurable indicator of a road-map target: unit, baseline and target value."""

    target = models.ForeignKey(
        RoadmapTarget, verbose_name=_("target"), on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.CharField(_("name"), max_length=255)
    unit = models.CharField(_("unit"), max_length=50, help_text=_("e.g. %, people, countries"))
    baseline_value = models.DecimalField(
        _("baseline value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(
        _("target value"), max_digits=18, decimal_places=4, null=True, blank=True
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    sdg_targets = models.ManyToManyField(
        SDGTarget, verbose_name=_("SDG targets"), blank=True, related_name="indicators"
    )
    gdc_objectives = models.ManyToManyField(
        GDCObjective, verbose_name=_("GDC objectives"), blank=True, related_name="indicators"
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["target", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(baseline_year__isnull=True)
                | Q(target_year__isnull=True)
                | Q(target_year__gte=models.F("baseline_year")),
                name="indicator_target_after_baseline",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.unit})"


def plain_number(value) -> str:
    """A stored decimal as people write it: 48.5, not 48.5000; 100, not 1E+2."""
    return f"{value.normalize():f}"


def validate_not_in_future(day):
    """A measurement records a value observed: dated after today, it would count as progress
    made (a 2030 target entered as a measurement read as 100 %). What an indicator aims for
    is its target value and year."""
    if day > timezone.localdate():
        raise ValidationError(
            _(
                "A measurement records a value already observed, and %(date)s is after today. "
                "Enter what you aim for as the indicator's target value and year."
            ),
            code="future",
            params={"date": date_format(day, "DATE_FORMAT")},
        )


class Measurement(models.Model):
    """A value of an indicator at a date, observed (never in the future); numbers only."""

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.CASCADE,
        related_name="measurements",
    )
    measured_on = models.DateField(_("measured on"), validators=[validate_not_in_future])
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    source = models.CharField(_("source"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        ordering = ["indicator", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="one_measurement_per_indicator_date"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.name} = {self.value} on {self.measured_on}"

    @property
    def label(self) -> str:
        """How a page names it: the indicator, the value in its unit and the date."""
        value, unit = plain_number(self.value), self.indicator.unit
        return f"{self.indicator.name}: {value} {unit} on {self.measured_on:%-d %B %Y}"


def validate_time_zone(name):
    """An IANA time zone name the server knows (``Europe/Zurich``)."""
    try:
        zoneinfo.ZoneInfo(name)
    except (ValueError, zoneinfo.ZoneInfoNotFoundError):
        raise ValidationError(
            _("%(name)s is not a time zone; choose one such as Europe/Zurich."),
            code="time_zone",
            params={"name": name},
        ) from None


class CoordinationMeeting(models.Model):
    """A meeting of action-line facilitators: when, where, which lines, agenda and minutes.

    ``date`` is the day it is held where it is held. A meeting with a ``start_time`` (and
    perhaps an ``end_time``) is at that wall-clock time in ``time_zone`` (an IANA name such as
    ``Europe/Zurich``): ``starts_at`` is the instant, which pages show in the reader's zone and
    the calendar exports with its TZID. Without a time it is an all-day event on ``date``
    (as every meeting recorded before times existed stays).
    """

    title = models.CharField(_("title"), max_length=255)
    date = models.DateField(
        _("date"),
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("IANA time zone of the times (Europe/Zurich)."),
    )
    location = models.CharField(_("location"), max_length=255, blank=True)
    is_online = models.BooleanField(_("is online"), default=False)
    action_lines = models.ManyToManyField(
        ActionLine, verbose_name=_("action lines"), related_name="meetings", blank=True
    )
    organizer = models.ForeignKey(
        Organization,
        verbose_name=_("organizer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    agenda = models.TextField(_("agenda"), blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering = ["-date", "start_time", "title"]
        constraints = [
            # A time says nothing without its zone, and a zone nothing without a time.
            models.CheckConstraint(
                condition=Q(start_time__isnull=True, end_time__isnull=True, time_zone="")
                | (Q(start_time__isnull=False) & ~Q(time_zone="")),
                name="meeting_time_has_zone",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(end_time__gt=models.F("start_time")),
                name="meeting_ends_after_it_starts",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%Y-%m-%d})"

    def get_absolute_url(self):
        return reverse("actionlines:meeting-detail", args=[self.pk])

    @property
    def is_all_day(self) -> bool:
        return self.start_time is None

    def _at(self, time):
        if time is None or not self.time_zone:
            return None
        return datetime.datetime.combine(self.date, time, tzinfo=zoneinfo.ZoneInfo(self.time_zone))

    @property
    def starts_at(self) -> datetime.datetime | None:
        """The instant it starts (aware, in its own zone), or None for an all-day meeting."""
        return self._at(self.start_time)

    @property
    def ends_at(self) -> datetime.datetime | None:
        return self._at(self.end_time)


class PageRevision(models.Model):
    """A stored snapshot of an action line's page content, one per save (Wagtail-style)."""

    action_line = models.ForeignKey(
        ActionLine,
        verbose_name=_("action line"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    version = models.PositiveIntegerField(
        _("version"),
    )
    content = models.TextField(_("content"), blank=True)
    summary = models.CharField(_("summary"), max_length=255, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("page revision")
        verbose_name_plural = _("page revisions")
        ordering = ["action_line", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["action_line", "version"], name="unique_page_revision"),
        ]

    def __str__(self):
        return f"{self.action_line.code} v{self.version}"

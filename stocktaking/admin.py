from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import prizes
from .models import (
    Country,
    EntryTransition,
    Nomination,
    Notification,
    PrizeCategory,
    PrizeEdition,
    Region,
    StocktakingEntry,
)


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent"]
    list_filter = ["parent"]
    search_fields = ["name", "code"]


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    list_display = ["code", "alpha3", "name", "region", "subregion"]
    list_filter = ["region"]
    search_fields = ["code", "alpha3", "name"]


class EntryTransitionInline(admin.TabularInline):
    model = EntryTransition
    extra = 0
    readonly_fields = ["from_state", "to_state", "actor", "comment", "created_at"]
    can_delete = False


@admin.register(StocktakingEntry)
class StocktakingEntryAdmin(admin.ModelAdmin):
    list_display = ["title", "organization_name", "stakeholder_type", "state", "created_at"]
    list_filter = ["state", "stakeholder_type", "project_status", "scope", "is_inactive"]
    search_fields = ["title", "description", "organization_name"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["countries", "submitter", "organization"]
    filter_horizontal = ["action_lines", "sdgs", "gdc_objectives", "regions"]
    raw_id_fields = ["sdg_targets"]
    # The workflow state changes only through the moderation services, which log each step.
    readonly_fields = ["state", "submitted_at", "published_at"]
    inlines = [EntryTransitionInline]


@admin.register(EntryTransition)
class EntryTransitionAdmin(admin.ModelAdmin):
    list_display = ["entry", "from_state", "to_state", "actor", "created_at"]
    list_filter = ["to_state"]
    search_fields = ["entry__title", "comment"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """The outbox, read-only: what was sent, what waits, and the dead letters with their
    error (``stocktaking.notifications``); a dead letter can be queued again."""

    list_display = ["subject", "email", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "email"]
    date_hierarchy = "created_at"
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected dead letters again"))
    def retry(self, request, queryset):
        count = queryset.filter(status=Notification.Status.DEAD).update(
            status=Notification.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
        )
        message = ngettext(
            "%(count)d notification queued again.", "%(count)d notifications queued again.", count
        )
        self.message_user(request, message % {"count": count})


class PrizeCategoryFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            category = form.instance
            if category.pk and category.nominations.exists():
                raise ValidationError(
                    _(
                        "The category %(category)s has nominations: withdraw or move them "
                        "before removing the category."
                    )
                    % {"category": category.action_line.code}
                )


class PrizeCategoryInline(admin.TabularInline):
    """An edition's categories: a new edition starts with one per prize line; lines can be
    added or taken out, but never a category that already has nominations."""

    model = PrizeCategory
    formset = PrizeCategoryFormSet
    extra = 0
    fields = ["action_line", "nomination_count"]
    readonly_fields = ["nomination_count"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("action_line")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "action_line":
            kwargs["queryset"] = prizes.prize_lines()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("nominations"))
    def nomination_count(self, category):
        return category.nominations.count() if category.pk else 0


@admin.register(PrizeEdition)
class PrizeEditionAdmin(admin.ModelAdmin):
    """Editions and their phases (the four dates; the phase follows them day by day).
    A new edition is created through ``prizes.create_edition``, so it gets its categories
    and its audit event like one made with ``create_prize_edition``; a date change is
    audited with the dates before and after."""

    list_display = [
        "__str__",
        "current_phase",
        "nomination_opens",
        "nomination_closes",
        "voting_opens",
        "voting_closes",
        "results_published_at",
    ]
    readonly_fields = ["current_phase", "results_published_at"]
    fields = [
        "year",
        "current_phase",
        "nomination_opens",
        "nomination_closes",
        "voting_opens",
        "voting_closes",
        "results_published_at",
    ]
    inlines = [PrizeCategoryInline]
    DATES = ["nomination_opens", "nomination_closes", "voting_opens", "voting_closes"]

    @admin.display(description=_("phase today"))
    def current_phase(self, edition):
        return PrizeEdition.Phase(edition.phase()).label if edition.pk else "—"

    def get_changeform_initial_data(self, request):
        """The usual calendar of next year's edition, to be adjusted."""
        latest = PrizeEdition.objects.order_by("-year").values_list("year", flat=True).first()
        year = (latest or timezone.localdate().year) + 1
        return {"year": year, **prizes.default_dates(year)}

    def get_inlines(self, request, obj):
        # On creation the service makes the categories; they are edited afterwards.
        return self.inlines if obj else []

    def save_model(self, request, obj, form, change):
        if not change:
            created = prizes.create_edition(
                by=request.user, year=obj.year, **{name: getattr(obj, name) for name in self.DATES}
            )
            obj.pk = created.pk  # where the admin goes next
            return
        prizes.change_calendar(
            obj, by=request.user, **{name: getattr(obj, name) for name in self.DATES}
        )


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    """Nominations, to look up: owners nominate and withdraw on the prize pages and
    moderators shortlist and choose winners there, where the phase rules are applied."""

    list_display = [
        "entry",
        "category",
        "is_shortlisted",
        "is_winner",
        "nominated_by",
        "created_at",
    ]
    list_filter = ["edition", "is_shortlisted", "is_winner", "category__action_line"]
    search_fields = ["entry__title", "nominated_by__username"]
    list_select_related = ["entry", "category__edition", "category__action_line", "nominated_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

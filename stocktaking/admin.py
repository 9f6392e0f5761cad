from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import Country, EntryTransition, Notification, Region, StocktakingEntry


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

from django.contrib import admin

from .models import Country, EntryTransition, Region, StocktakingEntry


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

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    ActionLine,
    ActionLineSDGTarget,
    CoordinationMeeting,
    Facilitation,
    GDCObjective,
    Indicator,
    Measurement,
    Membership,
    Organization,
    PageRevision,
    RoadmapTarget,
    SDGTarget,
    SustainableDevelopmentGoal,
)


class FacilitationInline(admin.TabularInline):
    model = Facilitation
    extra = 0
    autocomplete_fields = ["organization"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["acronym", "name", "kind"]
    list_filter = ["kind"]
    search_fields = ["acronym", "name"]
    prepopulated_fields = {"slug": ["acronym"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "created_at"]
    list_filter = ["organization"]
    search_fields = ["user__username", "user__email", "organization__acronym"]
    autocomplete_fields = ["user", "organization"]


@admin.register(ActionLine)
class ActionLineAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "parent", "plan_of_action_paragraph", "page_version"]
    list_filter = ["parent"]
    search_fields = ["code", "title", "plan_of_action_text", "page_content"]
    readonly_fields = ["page_version", "page_updated_at"]
    filter_horizontal = ["sdgs"]
    inlines = [FacilitationInline]


@admin.register(Facilitation)
class FacilitationAdmin(admin.ModelAdmin):
    list_display = ["action_line", "organization", "role", "position"]
    list_filter = ["role", "organization"]
    search_fields = ["action_line__code", "organization__acronym", "organization__name"]


@admin.register(SustainableDevelopmentGoal)
class SDGAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]


@admin.register(SDGTarget)
class SDGTargetAdmin(admin.ModelAdmin):
    list_display = ["code", "goal", "short_title"]
    list_filter = ["goal"]
    search_fields = ["code", "title"]

    @admin.display(description=_("Title"))
    def short_title(self, obj):
        return obj.title[:100]


@admin.register(GDCObjective)
class GDCObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "title"]
    search_fields = ["title"]


@admin.register(ActionLineSDGTarget)
class ActionLineSDGTargetAdmin(admin.ModelAdmin):
    list_display = ["action_line", "target", "created_by", "created_at"]
    list_filter = ["action_line", "target__goal"]
    search_fields = ["rationale", "target__code"]
    autocomplete_fields = ["target"]


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(RoadmapTarget)
class RoadmapTargetAdmin(admin.ModelAdmin):
    list_display = ["title", "action_line", "due_date"]
    list_filter = ["action_line"]
    search_fields = ["title", "description"]
    filter_horizontal = ["sdg_targets", "gdc_objectives"]
    inlines = [IndicatorInline]


class MeasurementInline(admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "target", "unit", "baseline_value", "target_value", "target_year"]
    list_filter = ["target__action_line"]
    search_fields = ["name"]
    filter_horizontal = ["sdg_targets", "gdc_objectives"]
    inlines = [MeasurementInline]


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "measured_on", "value", "source"]
    list_filter = ["indicator__target__action_line"]
    search_fields = ["indicator__name", "source", "note"]
    date_hierarchy = "measured_on"


@admin.register(CoordinationMeeting)
class CoordinationMeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "location", "is_online", "organizer"]
    list_filter = ["is_online", "action_lines", "organizer"]
    search_fields = ["title", "location", "agenda", "minutes"]
    date_hierarchy = "date"
    filter_horizontal = ["action_lines"]


@admin.register(PageRevision)
class PageRevisionAdmin(admin.ModelAdmin):
    list_display = ["action_line", "version", "author", "summary", "created_at"]
    list_filter = ["action_line"]
    search_fields = ["summary", "content"]
    readonly_fields = ["action_line", "version", "content", "author", "summary", "created_at"]

from django.contrib import admin
from django.db.models import Count

from . import services
from .models import (
    Clause,
    Document,
    Footnote,
    Mandate,
    MandateParty,
    MandateUpdate,
    Paragraph,
    ReportingEvent,
)


class FootnoteInline(admin.TabularInline):
    model = Footnote
    extra = 0
    raw_id_fields = ["paragraph"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    inlines = [FootnoteInline]
    list_display = ["__str__", "title", "kind", "date", "adopted_by"]
    list_filter = ["kind", "adopted_by"]
    search_fields = ["symbol", "title", "short_title", "slug"]
    prepopulated_fields = {"slug": ["title"]}


class ClauseInline(admin.TabularInline):
    model = Clause
    extra = 0


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    inlines = [ClauseInline]
    list_display = ["document", "label", "order", "kind", "section", "excerpt"]
    list_filter = ["document", "kind"]
    search_fields = ["text", "label", "section"]
    filter_horizontal = ["action_lines"]

    @admin.display(description="Text")
    def excerpt(self, obj):
        return obj.text[:120]


class MandateUpdateInline(admin.StackedInline):
    model = MandateUpdate
    extra = 0


class MandatePartyInline(admin.TabularInline):
    """Who is addressed, partners, secretariat and the body reported to; the unique constraint
    makes a body named twice in one role a form error."""

    model = MandateParty
    extra = 0
    autocomplete_fields = ["organization"]


@admin.register(ReportingEvent)
class ReportingEventAdmin(admin.ModelAdmin):
    """Set an event's day here once it is known: every mandate due at it follows."""

    list_display = ["name", "body", "session", "year", "date", "mandate_count"]
    list_filter = ["body", "year"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["body"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mandate_count=Count("mandates"))

    @admin.display(description="Mandates due at it", ordering="mandate_count")
    def mandate_count(self, obj):
        return obj.mandate_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moved = services.follow_event(obj, by=request.user)
        if moved:
            self.message_user(request, f"{moved} mandate deadline(s) moved with the event.")


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = [
        "title", "paragraph", "verb", "event", "deadline", "recurrence", "reporting_target",
        "status",
    ]  # fmt: skip
    list_filter = [
        "status", "verb", "event", "recurrence", "document", "action_lines",
        "addresses_all_facilitators",
    ]  # fmt: skip
    search_fields = ["title", "request", "addressee_text", "reporting_target"]
    filter_horizontal = ["action_lines"]
    raw_id_fields = ["paragraph", "clause"]
    autocomplete_fields = ["event"]
    inlines = [MandatePartyInline, MandateUpdateInline]

    def save_model(self, request, obj, form, change):
        # Due at an event: the deadline is the event's, whatever was typed in the field.
        obj.follow_event()
        super().save_model(request, obj, form, change)


@admin.register(MandateUpdate)
class MandateUpdateAdmin(admin.ModelAdmin):
    list_display = ["mandate", "organization", "status", "author", "created_at"]
    list_filter = ["status", "organization"]
    search_fields = ["text", "mandate__title"]

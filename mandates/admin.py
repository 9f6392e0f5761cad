from django.contrib import admin

from .models import Clause, Document, Mandate, MandateUpdate, Paragraph


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
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


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["title", "paragraph", "deadline", "reporting_target", "status"]
    list_filter = ["status", "document", "addressees", "action_lines", "addresses_all_facilitators"]
    search_fields = ["title", "request", "addressee_text", "reporting_target"]
    filter_horizontal = ["addressees", "action_lines"]
    raw_id_fields = ["paragraph"]
    inlines = [MandateUpdateInline]


@admin.register(MandateUpdate)
class MandateUpdateAdmin(admin.ModelAdmin):
    list_display = ["mandate", "organization", "status", "author", "created_at"]
    list_filter = ["status", "organization"]
    search_fields = ["text", "mandate__title"]

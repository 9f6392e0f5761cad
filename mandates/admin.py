from django.contrib import admin

from .models import Clause, Document, Footnote, Mandate, MandateParty, MandateUpdate, Paragraph


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


@admin.register(Mandate)
class MandateAdmin(admin.ModelAdmin):
    list_display = ["title", "paragraph", "verb", "deadline", "reporting_target", "status"]
    list_filter = ["status", "verb", "document", "action_lines", "addresses_all_facilitators"]
    search_fields = ["title", "request", "addressee_text", "reporting_target"]
    filter_horizontal = ["action_lines"]
    raw_id_fields = ["paragraph", "clause"]
    inlines = [MandatePartyInline, MandateUpdateInline]


@admin.register(MandateUpdate)
class MandateUpdateAdmin(admin.ModelAdmin):
    list_display = ["mandate", "organization", "status", "author", "created_at"]
    list_filter = ["status", "organization"]
    search_fields = ["text", "mandate__title"]

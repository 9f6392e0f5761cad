from django import forms
from django.contrib import admin
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .importers.clauses import MANDATING, VERB_LABELS
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


class ClauseForm(forms.ModelForm):
    """A clause's verb is one of the typology's (its choices); whether it assigns work
    follows from the verb, so the two never disagree."""

    class Meta:
        model = Clause
        fields = ["order", "verb", "text"]

    def clean(self):
        cleaned = super().clean()
        self.instance.is_mandating = cleaned.get("verb") in MANDATING
        return cleaned


class ClauseInline(admin.TabularInline):
    model = Clause
    form = ClauseForm
    extra = 0
    readonly_fields = ["is_mandating"]


@admin.register(Paragraph)
class ParagraphAdmin(admin.ModelAdmin):
    inlines = [ClauseInline]
    list_display = ["document", "label", "order", "kind", "section", "excerpt"]
    list_filter = ["document", "kind"]
    search_fields = ["text", "label", "section"]
    filter_horizontal = ["action_lines"]

    @admin.display(description=_("Text"))
    def excerpt(self, obj):
        return obj.text[:120]


class MandateUpdateInline(admin.StackedInline):
    model = MandateUpdate
    extra = 0


class MandatePartyFormSet(BaseInlineFormSet):
    """A body named twice in one role is an error on the second row, naming the body and the
    role (instead of the formset's generic "duplicate data"); rows being deleted do not count."""

    def validate_unique(self):
        seen = set()
        duplicates = False
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or (self.can_delete and self._should_delete_form(form)):
                continue
            key = (data.get("role"), data.get("organization"))
            if None in key or "" in key:
                continue
            if key in seen:
                form.add_error(
                    "organization",
                    _("%(body)s is already named as %(role)s on this mandate.")
                    % {
                        "body": key[1].acronym,
                        "role": MandateParty.Role(key[0]).label.lower(),
                    },
                )
                duplicates = True
            seen.add(key)
        if not duplicates:
            super().validate_unique()


class MandatePartyInline(admin.TabularInline):
    """Who is addressed, partners, secretariat and the body reported to."""

    model = MandateParty
    formset = MandatePartyFormSet
    extra = 0
    autocomplete_fields = ["organization"]


class MandateAdminForm(forms.ModelForm):
    class Meta:
        model = Mandate
        fields = "__all__"  # noqa: DJ007 (the admin's form: every field the admin shows)

    def clean_verb(self):
        """A mandate assigns work: its verb is a mandating one (or "should", the Summit's
        third person); "recalls" or "notes" is a clause, not a mandate."""
        verb = self.cleaned_data["verb"]
        if verb and verb not in MANDATING and verb != "should":
            raise forms.ValidationError(
                _("“%(verb)s” assigns no work: a mandate's verb is one of %(verbs)s.")
                % {
                    "verb": VERB_LABELS[verb],
                    "verbs": ", ".join(
                        str(label)
                        for v, label in VERB_LABELS.items()
                        if v in MANDATING or v == "should"
                    ),
                }
            )
        return verb


@admin.register(ReportingEvent)
class ReportingEventAdmin(admin.ModelAdmin):
    """Set an event's day here once it is known: every mandate due at it follows."""

    list_display = ["name", "body", "session", "year", "date", "mandate_count"]
    list_filter = ["body", "year"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["body"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(mandate_count=Count("mandates"))

    @admin.display(description=_("Mandates due at it"), ordering="mandate_count")
    def mandate_count(self, obj):
        return obj.mandate_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moved = services.follow_event(obj, by=request.user)
        if moved:
            message = ngettext(
                "%(count)d mandate's deadline moved with the event.",
                "%(count)d mandates' deadlines moved with the event.",
                moved,
            )
            self.message_user(request, message % {"count": moved})


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
    form = MandateAdminForm
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

"""Forms of the facilitator workspace.

Forms only validate and shape input; the views hand ``cleaned_data`` to ``services``. Errors
render next to their field with ``aria-describedby`` (Django 5.2 does it for help text and
errors; ``templates/includes/form_fields.html`` renders each field group).
"""

import itertools
import zoneinfo

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from wsis_portal.text import PAGE_MAX_LENGTH, TEXT_MAX_LENGTH
from wsis_portal.translated import LocalizedText, MarkedSelect

from .models import (
    ActionLine,
    CoordinationMeeting,
    GDCObjective,
    Indicator,
    Measurement,
    Organization,
    RoadmapTarget,
    SDGTarget,
)
from .permissions import facilitated_by

NUMBER_ERROR = gettext_lazy("Enter a number, such as 42 or 3.5 (no units or words).")


class PageEditForm(forms.Form):
    """The Markdown of an action line's page, and the version the editor started from."""

    content = forms.CharField(
        label=gettext_lazy("Page content (Markdown)"),
        required=False,
        max_length=PAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 18, "class": "code-input"}),
        help_text=gettext_lazy(
            "Markdown: # headings, **bold**, *italic*, [links](https://…), lists, tables. "
            "HTML tags that are not safe (scripts, frames, styles) are removed."
        ),
    )
    summary = forms.CharField(
        label=gettext_lazy("Summary of your change"),
        required=False,
        max_length=255,
        help_text=gettext_lazy("Optional; shown in the page history."),
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class SDGTargetsByGoal(ModelChoiceIterator):
    """SDG targets as one choice group per goal (the queryset is ordered by goal), so that
    a select shows them in ``<optgroup>``s and ``GroupedCheckboxes`` under one legend each."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for goal, targets in itertools.groupby(self.queryset, key=lambda target: target.goal):
            label = gettext("Goal %(number)s: %(title)s") % {
                "number": goal.number,
                "title": goal.local_title,
            }
            yield (label, [self.choice(t) for t in targets])


class SDGTargetChoiceField(forms.ModelChoiceField):
    iterator = SDGTargetsByGoal

    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.local_title}"


class GroupedChoices:
    """Choices in a collapsible ``<fieldset>`` per choice group, each group's summary saying
    how many of its choices are ticked (a group with a ticked one starts open): a picker that
    works without JavaScript. ``static/js/choice-filter.js`` adds a filter box that narrows
    the choices as one types (code, words of the text or of the group, accents ignored) and a
    row of the chosen ones, each a button that unticks it. The template lives in
    ``actionlines/templates/`` because Django's default form renderer looks for widget
    templates in app directories only."""

    template_name = "actionlines/widgets/grouped_choices.html"

    def __init__(self, *args, filter_label="", **kwargs):
        super().__init__(*args, **kwargs)
        self.filter_label = filter_label

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        widget["filter_label"] = self.filter_label
        # The words the script writes, in the page's language.
        widget["words"] = {
            "chosen": gettext("Chosen in this goal: {count}"),
            "chosen_list": gettext("Chosen:"),
            "remove": gettext("Remove {label}"),
        }
        widget["groups"] = []
        for label, options, _index in widget["optgroups"]:
            options = [o for o in options if o["value"] != ""]
            chosen = sum(1 for o in options if o["selected"])
            widget["groups"].append(
                {
                    "label": label,
                    "options": options,
                    "open": bool(chosen),
                    "chosen": widget["words"]["chosen"].format(count=chosen) if chosen else "",
                }
            )
        return context


class GroupedCheckboxes(GroupedChoices, forms.CheckboxSelectMultiple):
    """Several choices (SDG targets a road-map target serves), grouped (``GroupedChoices``)."""


class GroupedRadios(GroupedChoices, forms.RadioSelect):
    """One choice among many (the SDG target of a link), grouped (``GroupedChoices``)."""


class SDGTargetsField(forms.ModelMultipleChoiceField):
    """The SDG targets a road-map target or indicator serves, as checkboxes grouped by goal."""

    iterator = SDGTargetsByGoal
    widget = GroupedCheckboxes(filter_label=gettext_lazy("Filter the SDG targets"))

    def label_from_instance(self, obj):
        return f"{obj.code} — {obj.local_title}"


class GDCObjectivesField(forms.ModelMultipleChoiceField):
    """The Global Digital Compact objectives a road-map item serves, in the reader's language."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return gettext("GDC objective %(number)s: %(title)s") % {
            "number": obj.number,
            "title": obj.local_title,
        }


class SDGLinkForm(forms.Form):
    """A link of the WSIS–SDG matrix: the target and why the line serves it."""

    target = SDGTargetChoiceField(
        label=gettext_lazy("SDG target"),
        queryset=SDGTarget.objects.select_related("goal"),
        widget=GroupedRadios(filter_label=gettext_lazy("Filter the SDG targets")),
        help_text=gettext_lazy("Open a goal to choose its target, or type to filter them."),
    )
    rationale = forms.CharField(
        label=gettext_lazy("Rationale"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Why this action line serves the target (saved with the link)."),
    )


class DecimalInputMixin:
    """Number fields that say plainly what they accept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DecimalField):
                field.error_messages["invalid"] = NUMBER_ERROR
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})


class RoadmapTargetForm(forms.ModelForm):
    sdg_targets = SDGTargetsField(
        label=gettext_lazy("SDG targets it serves"),
        queryset=SDGTarget.objects.select_related("goal"),
        required=False,
        help_text=gettext_lazy(
            "Open a goal to tick its targets, or type to filter them; choose as many as apply."
        ),
    )
    gdc_objectives = GDCObjectivesField(
        label=gettext_lazy("Global Digital Compact objectives"),
        queryset=GDCObjective.objects.all(),
        required=False,
    )

    class Meta:
        model = RoadmapTarget
        fields = ["title", "description", "due_date", "sort_order", "sdg_targets", "gdc_objectives"]
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "title": gettext_lazy("Title"),
            "description": gettext_lazy("Description"),
            "due_date": gettext_lazy("Due date"),
            "sort_order": gettext_lazy("Position in the road map"),
        }


class IndicatorForm(DecimalInputMixin, forms.ModelForm):
    sdg_targets = RoadmapTargetForm.base_fields["sdg_targets"]
    gdc_objectives = RoadmapTargetForm.base_fields["gdc_objectives"]

    class Meta:
        model = Indicator
        fields = [
            "name",
            "unit",
            "baseline_value",
            "baseline_year",
            "target_value",
            "target_year",
            "sdg_targets",
            "gdc_objectives",
        ]
        labels = {
            "name": gettext_lazy("Name"),
            "unit": gettext_lazy("Unit"),
            "baseline_value": gettext_lazy("Baseline value"),
            "baseline_year": gettext_lazy("Baseline year"),
            "target_value": gettext_lazy("Target value"),
            "target_year": gettext_lazy("Target year"),
        }
        help_texts = {"unit": gettext_lazy("e.g. %, people, countries")}

    def clean(self):
        data = super().clean()
        baseline, target = data.get("baseline_year"), data.get("target_year")
        if baseline and target and target < baseline:
            self.add_error(
                "target_year", gettext("The target year cannot be before the baseline year.")
            )
        return data


class MeasurementForm(DecimalInputMixin, forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "source", "note"]
        widgets = {
            "measured_on": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "measured_on": gettext_lazy("Date measured"),
            "value": gettext_lazy("Value"),
            "source": gettext_lazy("Source"),
            "note": gettext_lazy("Note"),
        }
        help_texts = {"value": gettext_lazy("A number in the indicator's unit.")}

    def __init__(self, *args, indicator=None, **kwargs):
        super().__init__(*args, **kwargs)
        if indicator is not None:
            self.fields["value"].help_text = gettext("A number, in %(unit)s.") % {
                "unit": indicator.unit
            }
        # The browser's date picker stops at today too (the model refuses later dates).
        self.fields["measured_on"].widget.attrs["max"] = timezone.localdate().isoformat()


class LineChoicesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.local_title}"


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.choice_label


def time_zone_choices():
    """Every IANA zone the server knows, by name (``Europe/Zurich``), after the choice of none
    (an all-day meeting). The legacy aliases (``US/Eastern``, ``GMT+0``) are left out."""
    zones = sorted(
        zone
        for zone in zoneinfo.available_timezones()
        if "/" in zone and not zone.startswith(("Etc/", "SystemV/", "US/", "posix/", "right/"))
    )
    return (
        [("", gettext_lazy("No time: an all-day meeting"))]
        + [("UTC", "UTC")]
        # IANA's names, in English in every language: marked so (``MarkedSelect``).
        + [(zone, LocalizedText(zone.replace("_", " "))) for zone in zones]
    )


class CoordinationMeetingForm(forms.ModelForm):
    """A meeting must cover at least one action line its editor facilitates, so that they
    keep the right to edit it. A new meeting's organiser defaults to the editor's own
    facilitating organisation. A time needs its time zone (where the meeting is held, or the
    one its invitation names); without a time the meeting is all day."""

    time_zone = forms.ChoiceField(
        label=gettext_lazy("Time zone"),
        choices=time_zone_choices,
        required=False,
        widget=MarkedSelect(attrs={"data-filterable": gettext_lazy("Filter the time zones")}),
        help_text=gettext_lazy(
            "The zone the times are in: Europe/Zurich for Geneva, America/New_York for New "
            "York. Readers also see the time in their own zone."
        ),
    )

    action_lines = LineChoicesField(
        label=gettext_lazy("Action lines"),
        queryset=ActionLine.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    organizer = OrganizationChoiceField(
        label=gettext_lazy("Organiser"),
        queryset=Organization.objects.all(),
        required=False,
        empty_label=gettext_lazy("Not recorded"),
        help_text=gettext_lazy("The organisation that convenes the meeting."),
    )

    class Meta:
        model = CoordinationMeeting
        fields = [
            "title",
            "date",
            "start_time",
            "end_time",
            "time_zone",
            "location",
            "is_online",
            "organizer",
            "action_lines",
            "agenda",
            "minutes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }
        labels = {
            "title": gettext_lazy("Title"),
            "date": gettext_lazy("Date"),
            "location": gettext_lazy("Place"),
            "is_online": gettext_lazy("Held online"),
            "start_time": gettext_lazy("Starts at"),
            "end_time": gettext_lazy("Ends at"),
            "agenda": gettext_lazy("Agenda"),
            "minutes": gettext_lazy("Minutes"),
        }
        help_texts = {
            "start_time": gettext_lazy("Optional: leave empty for an all-day meeting."),
            "end_time": gettext_lazy("Optional."),
            "location": gettext_lazy("City and venue; leave empty for an online-only meeting."),
            "agenda": "Markdown.",
            "minutes": "Markdown.",
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk is None and "organizer" not in self.initial:
            self.initial["organizer"] = Organization.objects.filter(
                members=user, facilitations__role__in=["lead", "co"]
            ).first()

    def clean_action_lines(self):
        """Every line added must be one the editor facilitates: a meeting shows on its lines'
        pages, so nobody records one on another agency's line. Lines already on the meeting
        (added by a co-organising agency) may stay."""
        lines = self.cleaned_data["action_lines"]
        if self.user.is_superuser:
            return lines
        mine = set(
            ActionLine.objects.filter(facilitated_by(self.user)).values_list("pk", flat=True)
        )
        if not mine.intersection(line.pk for line in lines):
            raise forms.ValidationError(
                gettext_lazy("Include at least one action line that you facilitate.")
            )
        kept = (
            set(self.instance.action_lines.values_list("pk", flat=True))
            if self.instance.pk
            else set()
        )
        others = [line.code for line in lines if line.pk not in mine and line.pk not in kept]
        if others:
            raise forms.ValidationError(
                gettext_lazy(
                    "You do not facilitate %(lines)s: a meeting can be recorded only on your "
                    "own action lines."
                )
                % {"lines": ", ".join(others)}
            )
        return lines

    def clean_organizer(self):
        """The organiser is one of the editor's own organisations (or not recorded): nobody
        convenes a meeting in another organisation's name. An organiser already recorded may
        stay when someone else edits the meeting."""
        organizer = self.cleaned_data.get("organizer")
        if organizer is None or self.user.is_superuser:
            return organizer
        if self.instance.pk and organizer.pk == self.instance.organizer_id:
            return organizer
        if not organizer.members.filter(pk=self.user.pk).exists():
            raise forms.ValidationError(
                gettext_lazy(
                    "You are not a member of %(organisation)s: choose one of your own "
                    "organisations, or “Not recorded”."
                )
                % {"organisation": organizer.acronym}
            )
        return organizer

    def clean(self):
        data = super().clean()
        if not data.get("location") and not data.get("is_online"):
            self.add_error("location", gettext_lazy("Give the place, or tick “Held online”."))
        start, end, zone = data.get("start_time"), data.get("end_time"), data.get("time_zone")
        if start and not zone and "time_zone" not in self.errors:
            self.add_error("time_zone", gettext("Choose the time zone of the time it starts."))
        if zone and not start and "start_time" not in self.errors:
            self.add_error(
                "start_time",
                gettext("Give the time it starts, or choose no time zone for an all-day meeting."),
            )
        if end and not start and "start_time" not in self.errors:
            self.add_error(
                "start_time", gettext("Give the time it starts before the time it ends.")
            )
        if start and end and end <= start:
            self.add_error("end_time", gettext("The meeting must end after it starts."))
        return data

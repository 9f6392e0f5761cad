"""The GET-parameter forms of the reading and reporting pages (compare, report period).

Write forms live in ``forms.py``; these only validate what a URL asks for, so a bad value is
a form error shown next to its field (and a 400), never a 500.
"""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .compare import version_choices


class CompareForm(forms.Form):
    """Two readings to compare: ``from`` (the earlier) and ``to`` (the later)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Choose a text…")), *version_choices()]
        self.fields["from"] = forms.ChoiceField(
            label=_("Earlier text"), choices=choices, help_text=_("The text as it read before.")
        )
        self.fields["to"] = forms.ChoiceField(
            label=_("Later text"), choices=choices, help_text=_("The text that revises it.")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("from") and cleaned.get("from") == cleaned.get("to"):
            raise forms.ValidationError(_("Choose two different texts."))
        return cleaned


class ReportPeriodForm(forms.Form):
    """The period of a CSTD report; both ends included. Defaults to the current year."""

    start = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
        help_text="YYYY-MM-DD",
    )
    end = forms.DateField(
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
        input_formats=["%Y-%m-%d"],
        help_text="YYYY-MM-DD",
    )

    def __init__(self, data=None, *, today: datetime.date, **kwargs):
        if data is not None and not data.get("from") and not data.get("to"):
            data = None
        self.default_start = datetime.date(today.year, 1, 1)
        self.default_end = datetime.date(today.year, 12, 31)
        super().__init__(
            data,
            initial={"start": self.default_start, "end": self.default_end},
            **kwargs,
        )

    def add_prefix(self, field_name):
        # The URL names the fields ``from`` and ``to`` (``from`` is a Python keyword).
        return {"start": "from", "end": "to"}.get(field_name, field_name)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period must not be before its start."))
        return cleaned

    def period(self) -> tuple[datetime.date, datetime.date] | None:
        """The chosen period, the default when nothing was asked, None when invalid."""
        if not self.is_bound:
            return self.default_start, self.default_end
        if self.is_valid():
            return self.cleaned_data["start"], self.cleaned_data["end"]
        return None

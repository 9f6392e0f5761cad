"""Forms of the mandate-progress workspace; the views hand ``cleaned_data`` to services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actionlines.forms import OrganizationChoiceField
from wsis_portal.text import TEXT_MAX_LENGTH

from .models import MandateUpdate


class MandateUpdateForm(forms.Form):
    """Progress on a mandate, posted in the name of one of the user's organisations."""

    organization = OrganizationChoiceField(label=_("Posted for"), queryset=None, empty_label=None)
    status = forms.ChoiceField(label=_("Status"), choices=MandateUpdate.Status.choices)
    text = forms.CharField(
        label=_("Progress"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What has been done, what comes next, and any obstacle."),
    )

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class MandateUpdateEditForm(forms.Form):
    """An update corrected by its author: status and text (it stays in its organisation's
    name and keeps its date)."""

    status = MandateUpdateForm.base_fields["status"]
    text = MandateUpdateForm.base_fields["text"]

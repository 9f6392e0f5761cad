from django import forms
from django.utils.translation import gettext_lazy, pgettext_lazy


class CodeForm(forms.Form):
    """A code from the authenticator app (six digits) or a recovery code."""

    #: Never written back into a page (``wsis_portal.errors``): a code is good once, briefly.
    secret_fields = ("code",)

    code = forms.CharField(
        label=pgettext_lazy("two-factor sign-in", "Code"),
        max_length=32,
        help_text=gettext_lazy(
            "The six digits your authenticator app shows now, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def add_refusal(self):
        self.add_error(
            "code",
            gettext_lazy(
                "This code is not right. Check that your phone's clock is set automatically, "
                "or use a recovery code."
            ),
        )


class TokenForm(forms.Form):
    """A new API token: its name and how long it lasts."""

    NEVER = "never"

    name = forms.CharField(
        label=gettext_lazy("Name"),
        max_length=100,
        help_text=gettext_lazy("What the token is for, e.g. “Monthly export script”."),
    )
    expires = forms.ChoiceField(
        label=gettext_lazy("Expires"),
        choices=[
            ("30", gettext_lazy("In 30 days")),
            ("90", gettext_lazy("In 90 days")),
            ("365", gettext_lazy("In a year")),
            (NEVER, gettext_lazy("Never")),
        ],
        initial="90",
    )

    def __init__(self, *args, may_last_forever=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_last_forever:
            field = self.fields["expires"]
            field.choices = [choice for choice in field.choices if choice[0] != self.NEVER]
            field.help_text = gettext_lazy("Your role's tokens must expire.")

    @property
    def expires_in_days(self):
        value = self.cleaned_data["expires"]
        return None if value == self.NEVER else int(value)

"""Forms of the stocktaking pages: registration, the submission form, moderation decisions.

The submission form knows two intents: "save draft" (only a title needed) and "submit"
(every field a complete entry needs). Either way the form is re-shown with everything the
user typed and the errors beside their fields.
"""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, UserCreationForm
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from actionlines.models import ActionLine, GDCObjective, SDGTarget, SustainableDevelopmentGoal
from wsis_portal.text import COMMENT_MAX_LENGTH
from wsis_portal.translated import MarkedSelectMultiple, local_ordering

from .account_services import awaits_confirmation, send_password_reset
from .languages import interface_entry_language
from .models import Country, Region, StakeholderType, StocktakingEntry
from .uploads import reencoded_logo

Entry = StocktakingEntry


class RegistrationForm(UserCreationForm):
    """A stakeholder account: user name, e-mail (confirmed by a link), password."""

    email = forms.EmailField(
        label=gettext_lazy("E-mail"),
        help_text=gettext_lazy("We send a confirmation link here; it is never shown publicly."),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ["username", "email"]

    def clean_email(self):
        # An address that already has an account is not an error here: the page would tell
        # anyone which addresses are registered. ``account_services.register_account`` writes
        # to that account's owner instead, and the registrant sees the same next page.
        return self.cleaned_data["email"].strip().lower()


class PortalAuthenticationForm(AuthenticationForm):
    """Django's sign-in form, which also tells the holder of an account still awaiting its
    e-mail confirmation so, once the password is right: a wrong password gets Django's usual
    answer whatever the account, so the message reveals nothing to someone guessing."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if self._awaits_confirmation():
                raise forms.ValidationError(
                    gettext_lazy(
                        "Your account is not confirmed yet: open the link we e-mailed you "
                        "when you registered, or have it sent again."
                    ),
                    code="unconfirmed",
                ) from None
            raise

    def _awaits_confirmation(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return False
        user = (
            get_user_model()
            ._default_manager.filter(**{get_user_model().USERNAME_FIELD: username})
            .first()
        )
        # The password last, so only an unconfirmed account costs a second hash.
        return user is not None and awaits_confirmation(user) and user.check_password(password)


class PortalPasswordResetForm(PasswordResetForm):
    """Django's password reset form, whose mail goes through the portal's outbox like every
    account mail (``account_services.send_password_reset``) instead of straight to the SMTP
    server: asked while the server is down, it is sent when the server is back."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        send_password_reset(context["user"], context, template=email_template_name)


class ActionLineChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        prefix = "\u2003" if obj.parent_id else ""
        return f"{prefix}{obj.code} — {obj.local_title}"


class CodeTitleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        code = getattr(obj, "code", None) or getattr(obj, "number", "")
        return f"{code} — {getattr(obj, 'local_title', obj.title)}"


class LanguageSelect(forms.Select):
    """Languages named in themselves, each option marked with its ``lang`` so that a screen
    reader says "Deutsch" in German and a page in Arabic tells its Latin names apart."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value:
            option["attrs"]["lang"] = "zh-Hans" if value == "zh" else value
        return option


class EntryForm(forms.ModelForm):
    """Every field of an entry. Fields are optional here so that a draft can be saved with
    a title alone; ``clean`` requires the rest when the user submits.

    The fields "Submit for review" needs (``MARKED_REQUIRED``) say so in their label, and the
    simple ones carry ``required`` too (the form has ``novalidate``: the browser never blocks
    "Save draft"; the server's messages are the ones the user reads). ``error_summary`` lists
    the errors with the id of the control each one links to.
    """

    #: Required to submit, whatever the scope; countries or regions depend on the scope and
    #: their help text says when.
    MARKED_REQUIRED = (
        "title",
        "description",
        "organization_name",
        "stakeholder_type",
        "project_status",
        "contact_email",
        "action_lines",
    )

    countries = forms.ModelMultipleChoiceField(
        queryset=Country.objects.order_by("name"),
        required=False,
        label=gettext_lazy("Countries"),
        widget=MarkedSelectMultiple(
            attrs={"size": 8, "data-filterable": gettext_lazy("Filter the countries")}
        ),
        help_text=gettext_lazy(
            "For a national scope: the countries where the project runs. "
            "Type to filter; Ctrl/⌘-click to choose several."
        ),
    )
    regions = forms.ModelMultipleChoiceField(
        queryset=Region.objects.order_by("name"),
        required=False,
        label=gettext_lazy("Regions"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=gettext_lazy("For a regional scope: the UN M49 regions or sub-regions."),
    )
    action_lines = ActionLineChoiceField(
        queryset=ActionLine.objects.order_by("sort_order", "code"),
        required=False,
        label=gettext_lazy("Action lines"),
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "C7 sub-lines (e-government, e-health, …) can be chosen on their own."
        ),
    )
    sdgs = forms.ModelMultipleChoiceField(
        queryset=SustainableDevelopmentGoal.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("SDGs"),
    )
    sdg_targets = CodeTitleChoiceField(
        queryset=SDGTarget.objects.order_by("goal__number", "sort_order"),
        required=False,
        widget=forms.SelectMultiple(
            attrs={"size": 8, "data-filterable": gettext_lazy("Filter the SDG targets")}
        ),
        label=gettext_lazy("SDG targets"),
    )
    gdc_objectives = CodeTitleChoiceField(
        queryset=GDCObjective.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Global Digital Compact objectives"),
    )
    website = forms.URLField(required=False, assume_scheme="https", label=gettext_lazy("Website"))
    logo = forms.FileField(
        label=gettext_lazy("Logo"),
        required=False,
        help_text=gettext_lazy(
            "Optional: PNG, JPEG or WebP, at most 1 MB and 2000 pixels wide and high."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
    )
    confirm_not_duplicate = forms.BooleanField(
        required=False,
        label=gettext_lazy("This is a different project from the similar entries listed above."),
    )

    class Meta:
        model = Entry
        fields = [
            "title",
            "description",
            "language",
            "organization_name",
            "stakeholder_type",
            "scope",
            "countries",
            "regions",
            "action_lines",
            "sdgs",
            "sdg_targets",
            "gdc_objectives",
            "project_status",
            "start_date",
            "end_date",
            "website",
            "contact_email",
            "logo",
        ]
        labels = {
            "title": gettext_lazy("Title"),
            "description": gettext_lazy("Description"),
            "stakeholder_type": gettext_lazy("Stakeholder type"),
            "scope": gettext_lazy("Scope"),
            "project_status": gettext_lazy("Project status"),
            "start_date": gettext_lazy("Start date"),
            "end_date": gettext_lazy("End date"),
            "logo": gettext_lazy("Logo"),
            "organization_name": gettext_lazy("Organisation"),
            "language": gettext_lazy("Language of the entry"),
            "contact_email": gettext_lazy("Contact e-mail"),
            "website": gettext_lazy("Website"),
        }
        help_texts = {
            "contact_email": gettext_lazy("For the moderators only; never shown publicly."),
            "description": gettext_lazy(
                "What the project does, for whom, and what it has achieved."
            ),
            "language": gettext_lazy(
                "The language the title and description are written in: the search finds "
                "their words in it."
            ),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "scope": forms.RadioSelect,
            "language": LanguageSelect,
        }

    def __init__(self, *args, submitting=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        for name in ("description", "organization_name", "stakeholder_type", "scope"):
            self.fields[name].required = False
        self.fields["project_status"].required = False
        # Optional: a form sent without it keeps the entry's language, or takes the reader's.
        self.fields["language"].required = False
        if self.instance.pk is None:
            self.initial.setdefault("language", interface_entry_language())
        self.fields["stakeholder_type"].choices = [("", "—"), *StakeholderType.choices]
        # Names in the reader's language, in that language's order.
        self.fields["countries"].queryset = Country.objects.order_by(local_ordering("name"))
        self.fields["regions"].queryset = Region.objects.order_by(local_ordering("name"))
        for name in self.MARKED_REQUIRED:
            self.mark_required(self.fields[name])

    @staticmethod
    def mark_required(field):
        field.plain_label = field.label
        field.label = format_html(
            '{} <span class="required-mark">{}</span>', field.label, gettext("(required)")
        )
        if not isinstance(field.widget, forms.RadioSelect):  # checkbox groups are radios' kin
            field.widget.attrs.update({"required": True, "aria-required": "true"})

    def error_summary(self):
        """(label, message, control id) for each error, in the form's order; the control id
        is empty for errors of the whole form."""
        rows = [(None, message, "") for message in self.non_field_errors()]
        for name, field in self.fields.items():
            if name not in self.errors:
                continue
            bound = self[name]
            target = bound.auto_id
            if isinstance(field.widget, forms.RadioSelect):  # a group: its first choice
                target = f"{target}_0"
            label = getattr(field, "plain_label", field.label)
            rows += [(label, message, target) for message in self.errors[name]]
        return rows

    def clean_language(self):
        if self.cleaned_data.get("language"):
            return self.cleaned_data["language"]
        return self.instance.language if self.instance.pk else interface_entry_language()

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            return reencoded_logo(upload)
        return upload

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", gettext_lazy("The end date is before the start date."))
        if not self.submitting:
            return data
        required = {
            "description": gettext_lazy("Describe the project."),
            "organization_name": gettext_lazy("Name the organisation that runs the project."),
            "stakeholder_type": gettext_lazy("Choose the stakeholder type."),
            "project_status": gettext_lazy("Choose the project status."),
            "contact_email": gettext_lazy("Give a contact e-mail for the moderators."),
        }
        for name, message in required.items():
            if not data.get(name) and name not in self.errors:
                self.add_error(name, message)
        if not data.get("action_lines"):
            self.add_error("action_lines", gettext_lazy("Choose at least one action line."))
        scope = data.get("scope") or Entry.Scope.NATIONAL
        if scope == Entry.Scope.NATIONAL and not data.get("countries"):
            self.add_error(
                "countries", gettext_lazy("Choose the countries, or a regional or global scope.")
            )
        if scope == Entry.Scope.REGIONAL and not data.get("regions"):
            self.add_error("regions", gettext_lazy("Choose the regions of a regional project."))
        return data

    def service_arguments(self):
        """(values, relations, logo) for ``services.create_entry`` / ``update_entry``."""
        from .services import ENTRY_FIELDS, ENTRY_RELATIONS

        data = self.cleaned_data
        values = {
            name: data[name] if data[name] is not None else ""
            for name in ENTRY_FIELDS
            if name in data and name != "organization"
        }
        for name in ("start_date", "end_date"):
            values[name] = data.get(name)
        values["scope"] = data.get("scope") or Entry.Scope.NATIONAL
        values["project_status"] = data.get("project_status") or Entry.ProjectStatus.ONGOING
        relations = {name: list(data.get(name) or []) for name in ENTRY_RELATIONS}
        logo = data.get("logo")
        if logo is False:  # "clear" ticked
            logo_argument = False
        elif logo and hasattr(logo, "content_type"):
            logo_argument = logo
        else:
            logo_argument = None
        return values, relations, logo_argument


class DecisionForm(forms.Form):
    """A moderator's decision on an entry, with the comment the submitter reads."""

    ACTIONS = [
        ("publish", gettext_lazy("Publish")),
        ("request_changes", gettext_lazy("Request changes")),
        ("reject", gettext_lazy("Reject")),
        ("archive", gettext_lazy("Archive")),
    ]
    action = forms.ChoiceField(choices=ACTIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Required to request changes or reject; the submitter reads it."),
    )
    # Shown only when another moderator is reviewing the entry (``ReviewView``).
    override_claim = forms.BooleanField(required=False)


class ModerationQueueForm(forms.Form):
    """The queue's own filters besides the FilterSet's: how long entries have waited, and
    who is reviewing them."""

    CLAIMS = [
        ("", gettext_lazy("Anyone or nobody")),
        ("mine", gettext_lazy("Me")),
        ("others", gettext_lazy("Another moderator")),
        ("unclaimed", gettext_lazy("Nobody yet")),
    ]
    min_age = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=3650,
        label=gettext_lazy("Waiting at least (days)"),
    )
    claim = forms.ChoiceField(
        choices=CLAIMS, required=False, label=gettext_lazy("Being reviewed by")
    )


class IdListField(forms.MultipleChoiceField):
    """Entry ids sent by the queue's checkboxes (which entries exist is the view's check)."""

    widget = forms.MultipleHiddenInput

    def valid_value(self, value):
        return str(value).isdigit() and len(str(value)) <= 12

    def clean(self, value):
        return [int(pk) for pk in super().clean(value)]


class BulkDecisionForm(forms.Form):
    """Publish or archive the entries ticked in the queue. ``override`` holds the entries
    another moderator is reviewing that this one chose all the same, on the confirmation
    page that named who."""

    ACTIONS = [("publish", gettext_lazy("Publish")), ("archive", gettext_lazy("Archive"))]
    action = forms.ChoiceField(choices=ACTIONS, label=gettext_lazy("With the selected entries"))
    entries = IdListField(required=False)
    override = IdListField(required=False)
    comment = forms.CharField(
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label=gettext_lazy("Comment (optional)"),
        help_text=gettext_lazy("Each submitter reads it in the e-mail about their entry."),
    )

    def __init__(self, *args, limit=100, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit = limit

    def clean(self):
        data = super().clean()
        chosen = [*data.get("entries", []), *data.get("override", [])]
        if not chosen and not self.errors:
            raise forms.ValidationError(
                gettext_lazy("Tick the entries to decide on in the queue first."), code="empty"
            )
        if len(chosen) > self.limit:
            raise forms.ValidationError(
                gettext_lazy("Choose at most %(limit)s entries at once."),
                code="too_many",
                params={"limit": self.limit},
            )
        return data


class EntryOrderForm(forms.Form):
    """The search page's order (``?ordering=``): the API's ``ordering`` values the page offers;
    any other value is an error shown beside the choice (and a 400), not silently ignored.
    None chosen: best match first for a search, else the list's own order."""

    ORDERINGS = [
        ("", gettext_lazy("Best match, or newest first")),
        ("-published_at", gettext_lazy("Newest published first")),
        ("published_at", gettext_lazy("Oldest published first")),
        ("-updated_at", gettext_lazy("Recently updated first")),
        ("title", gettext_lazy("Title, A to Z")),
        ("-title", gettext_lazy("Title, Z to A")),
    ]
    ordering = forms.ChoiceField(choices=ORDERINGS, required=False, label=gettext_lazy("Sort by"))

"""HTML pages of the stocktaking database: public search and entry pages, the stakeholder's
submission form and "My submissions", and the moderators' queue and review page.

Views stay thin: who may do what is asked of ``permissions``, every write goes through
``services`` (which validates, logs the transition and audit event, and writes the
notifications).
"""

import datetime
import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from accounts.permissions import TwoFactorRequiredMixin
from actionlines.models import ActionLine
from wsis_portal import idempotency
from wsis_portal.filters import RowCount, uses_postgres
from wsis_portal.models import IdempotencyKey

from . import bulk, moderation_services, prizes, ratelimit, search, services, worldmap
from .filters import StocktakingEntryFilterSet, rank_matches
from .forms import (
    BulkDecisionForm,
    DecisionForm,
    EntryForm,
    EntryOrderForm,
    ModerationQueueForm,
)
from .models import EntryTransition, EntryUpdate, ReviewClaim, StocktakingEntry
from .permissions import (
    can_edit_entry,
    can_moderate,
    can_reopen_entry,
    is_moderator,
    moderators_without_email,
    visible_to,
)

Entry = StocktakingEntry
State = Entry.State

FACETS = [
    ("action_line", gettext_lazy("Action line")),
    ("sdg", gettext_lazy("SDG")),
    ("sdg_target", gettext_lazy("SDG target")),
    ("region", gettext_lazy("Region")),
    ("country", gettext_lazy("Country")),
    ("stakeholder_type", gettext_lazy("Stakeholder type")),
    ("status", gettext_lazy("Project status")),
    ("year", gettext_lazy("Year")),
    ("is_inactive", gettext_lazy("Activity")),
]
PAGE_SIZES = (10, 25, 50, 100)
#: The longest facet value label shown whole (an SDG target's title runs to 300 characters).
FACET_LABEL_CHARS = 72
#: Facets with more values than this show the most frequent first and the others on request
#: (the country facet can list 249, the SDG target facet 169).
LONG_FACET = 10
#: The search page's filters outside the facets, shown as removable chips too, with the name
#: a chip gives them (the words go in quotes).
CHIP_FIELDS = {
    "q": None,
    "organization": gettext_lazy("Organisation"),
    "created_after": gettext_lazy("Created on or after"),
    "created_before": gettext_lazy("Created on or before"),
}


def too_many(request, scope):
    response = render(
        request,
        "stocktaking/rate_limited.html",
        {"minutes": max(1, ratelimit.retry_after(scope) // 60)},
        status=429,
    )
    response["Retry-After"] = str(ratelimit.retry_after(scope))
    return response


def facet_links(request, facets, errors=None):
    """Each facet value with its count, whether it is chosen, and the URL that toggles it
    (all other parameters kept, back to page 1). A chosen value without a count (the counts
    are not ready, or none of the results has it) is listed too, so it can be unticked."""
    result = []
    for name, label in FACETS:
        chosen = []
        for value in request.GET.getlist(name):
            chosen += [part.strip() for part in value.split(",") if part.strip()]
        counted = [(value, value_label, n) for value, value_label, n in facets.get(name, []) if n]
        listed = {value for value, _, _ in counted}
        uncounted = [value for value in dict.fromkeys(chosen) if value not in listed]
        labels = search.value_labels(name, uncounted)
        counted += [(value, labels.get(value, value), None) for value in uncounted]
        items = []
        for value, value_label, count in counted:
            params = request.GET.copy()
            params.pop("page", None)
            current = [v for v in chosen if v != value]
            params.setlist(name, current if value in chosen else [*current, value])
            items.append(
                {
                    "value": value,
                    "label": value_label,
                    # A target's whole title is a paragraph: the facet and its chip show the
                    # start; the link's title (which the filter box searches too) the whole.
                    "short": Truncator(value_label).chars(FACET_LABEL_CHARS),
                    "count": count,
                    "chosen": value in chosen,
                    "url": f"?{params.urlencode()}",
                }
            )
        # A long facet shows its most frequent values (and the chosen ones) first, the rest
        # under "Show all"; the template adds a filter box (static/js/facet-filter.js).
        top, more = items, []
        if len(items) > LONG_FACET:
            by_count = sorted(items, key=lambda item: (not item["chosen"], -(item["count"] or 0)))
            top = by_count[:LONG_FACET]
            more = [item for item in items if item not in top]
        result.append(
            {
                "name": name,
                "label": label,
                "items": items,
                "top": top,
                "more": more,
                "more_chosen": any(item["chosen"] for item in more),
                "errors": (errors or {}).get(name, []),
            }
        )
    return result


def filter_chips(request, facets):
    """The chosen filters as links that each remove one of them and keep the others: the
    facets' chosen values (their toggle links), then the words and the other filters of the
    FilterSet's form."""
    chips = [
        {"label": item["short"], "url": item["url"]}
        for facet in facets
        for item in facet["items"]
        if item["chosen"]
    ]
    for name, label in CHIP_FIELDS.items():
        value = request.GET.get(name, "").strip()
        if not value:
            continue
        params = request.GET.copy()
        params.pop("page", None)
        params.pop(name)
        if label:
            text = _("%(filter)s: %(value)s") % {"filter": label, "value": value}
        else:
            text = _("“%(words)s”") % {"words": value}
        chips.append({"label": text, "url": f"?{params.urlencode()}"})
    return chips


class EntryListView(TemplateView):
    """``/stocktaking/``: full-text search and facets over published entries; all state in
    the URL. The sidebar is the FilterSet's own form; facet counts come from its queryset."""

    template_name = "stocktaking/entry_list.html"

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.context_data["order_form"].errors:
            response.status_code = 400
        if not response.context_data["counts_current"]:
            # Not kept by the page cache: the counts are on their way, or from before a change.
            patch_cache_control(response, private=True)
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = search.search_queryset(self.request.GET, request=self.request)
        queryset = filterset.qs
        q = filterset.form.cleaned_data.get("q", "") if filterset.is_valid() else ""
        if not q:
            q = self.request.GET.get("q", "") if "q" not in filterset.errors else ""
        try:
            page_size = int(self.request.GET.get("page_size", 25))
        except ValueError:
            page_size = 25
        if page_size not in PAGE_SIZES:
            page_size = 25
        rows = RowCount(queryset)
        facets, counts_current = search.page_facet_counts(self.request.GET, queryset, rows)
        # Active plus inactive is every match: the facets spare a COUNT of them all. Without
        # them (a broad search, counted by a task) PostgreSQL's estimate stands in.
        if facets is None:
            count = rows.estimate
        else:
            count = sum(n for _, _, n in facets["is_inactive"])
            if counts_current:
                rows.known = count
        ranked = False
        order_form = EntryOrderForm(self.request.GET)
        ordering = order_form.cleaned_data["ordering"] if order_form.is_valid() else ""
        if order_form.errors:
            order_form.fields["ordering"].widget.attrs.update(
                {"aria-describedby": "ordering-error", "aria-invalid": "true"}
            )
        if ordering:  # the reader's order, with the id as a tie-break for stable pages
            queryset = queryset.order_by(ordering, "-pk" if ordering.startswith("-") else "pk")
        elif q:  # after the facets, which need no rank
            queryset, ranked = rank_matches(queryset, q, rows=rows)
        paginator = Paginator(
            queryset.prefetch_related("action_lines", "countries", "sdgs"), page_size
        )
        paginator.count = count
        if not counts_current:
            # An estimate, or counts from before a change, must not cut the page short.
            requested = self.request.GET.get("page", "1")
            requested = int(requested) if requested.isdigit() else 1
            paginator.count = max(count, min(requested, 10_000) * page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        search.headlines(page.object_list, q)
        params = self.request.GET.copy()
        params.pop("page", None)
        facet_list = facet_links(self.request, facets or {}, filterset.errors)
        context.update(
            filterset=filterset,
            form=filterset.form,
            page_obj=page,
            entries=page.object_list,
            facets=facet_list,
            chips=filter_chips(self.request, facet_list),
            charts=charts_for(facets or {}),
            world_map=worldmap.world_map(facets, self.request.GET),
            counts_pending=facets is None,
            counts_current=counts_current,
            result_count=count,
            q=q,
            ranked=ranked,
            too_many_to_rank=bool(q) and uses_postgres() and not ranked,
            rank_limit=settings.STOCKTAKING_RANK_LIMIT,
            page_size=page_size,
            page_sizes=PAGE_SIZES,
            order_form=order_form,
            query_string=params.urlencode(),
            has_filters=any(v for k, v in self.request.GET.items() if k not in ("page",)),
            bulk_data=bulk.latest_files(),
        )
        return context


def charts_for(facets):
    """Horizontal bars (server-side SVG) of the current result set."""
    charts = []
    for name, title, labels_from in (
        ("action_line", gettext_lazy("Entries per action line"), "value"),
        ("region", gettext_lazy("Entries per region"), "label"),
        ("year", gettext_lazy("Entries per year"), "label"),
    ):
        rows = facets.get(name, [])
        if name == "year":
            rows = sorted(rows)
        rows = rows[:20]
        if not rows:
            continue
        top = max(n for _, _, n in rows) or 1
        bars = []
        for index, (value, label, n) in enumerate(rows):
            bars.append(
                {
                    "label": value if labels_from == "value" else label,
                    "title": label,
                    "n": n,
                    "width": round(300 * n / top, 1),
                    "y": index * 22,
                }
            )
        charts.append({"title": title, "bars": bars, "height": len(bars) * 22})
    return charts


def entry_detail_queryset(user):
    return (
        Entry.objects.filter(visible_to(user))
        .select_related("submitter")
        .prefetch_related(
            "action_lines",
            "sdgs",
            "sdg_targets",
            "gdc_objectives",
            "regions",
            Prefetch("countries"),
        )
    )


class EntryDetailView(DetailView):
    """An entry's page: all public fields (never the contact e-mail). Owners see their own
    unpublished entries here too, moderators every entry."""

    template_name = "stocktaking/entry_detail.html"
    context_object_name = "entry"

    def get_queryset(self):
        return entry_detail_queryset(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        entry = self.object
        context["is_owner"] = entry.submitter_id == self.request.user.pk
        context["can_edit"] = can_edit_entry(self.request.user, entry)
        context["can_reopen"] = can_reopen_entry(self.request.user, entry)
        if context["can_reopen"]:  # the owner's own update, never shown to anyone else
            context["pending_update"] = EntryUpdate.objects.filter(entry=entry).first()
        context["can_moderate"] = can_moderate(self.request.user, entry)
        context["awards"] = prizes.awards_of(entry)
        return context


SUBMISSION_SCOPE = "stocktaking.entry.create"


class EntryFormView(LoginRequiredMixin, View):
    """New entry (no ``pk``) or edit of one's own draft / entry with changes requested.

    "Save draft" needs a title; "Submit" validates everything, then shows likely duplicates
    once (the submitter confirms it is a different project) before submitting.
    """

    template_name = "stocktaking/entry_form.html"

    @cached_property
    def entry(self):
        pk = self.kwargs.get("pk")
        if pk is None:
            return None
        entry = get_object_or_404(Entry.objects.filter(visible_to(self.request.user)), pk=pk)
        if entry.submitter_id != self.request.user.pk:
            raise Http404  # another's entry: not even its existence is confirmed
        if not can_edit_entry(self.request.user, entry) and not self.is_update(entry):
            raise PermissionDenied(
                f"An entry that is {entry.get_state_display()} cannot be edited."
            )
        return entry

    def is_update(self, entry):
        """A published entry's form edits its pending update, never the published row."""
        return entry is not None and can_reopen_entry(self.request.user, entry)

    @cached_property
    def update(self):
        if not self.is_update(self.entry):
            return None
        update = EntryUpdate.objects.filter(entry=self.entry).first()
        if update is not None and not update.is_editable:
            raise PermissionDenied("This update is submitted: withdraw it to edit it again.")
        return update

    def make_form(self, *args, **kwargs):
        if not self.is_update(self.entry):
            return EntryForm(*args, instance=self.entry, **kwargs)
        data = dict(self.update.data if self.update else services.snapshot(self.entry))
        if self.update and (self.update.logo or self.update.logo_removed):
            data["logo"] = self.update.logo or None  # the proposed logo, not the public one
        data["base_version"] = self.update.version if self.update else 0
        form = EntryForm(*args, instance=self.entry, initial=data, **kwargs)
        # The version of the update this form was drawn from: a save from a tab drawn from an
        # older one is a conflict (``services.StaleUpdate``), never last-save-wins.
        form.fields["base_version"] = forms.IntegerField(
            widget=forms.HiddenInput, required=False, min_value=0
        )
        return form

    def render_form(self, form, duplicates=(), status=200, **extra):
        if self.is_update(self.entry):
            # Validating the form wrote its values onto the instance: the page names the
            # entry as published, not as proposed.
            self.entry.refresh_from_db(fields=["title"])
        return render(
            self.request,
            self.template_name,
            {
                **extra,
                "form": form,
                "submission_token": self.submission_token() or uuid.uuid4(),
                "entry": self.entry,
                "update": self.update,
                "is_update": self.is_update(self.entry),
                "duplicates": duplicates,
                "form_version": self.form_version(),
                "sent_tokens": self.sent_tokens(),
                # The entry's own history; an update's request for changes is its own.
                "transitions": self.entry.transitions.select_related("actor")
                if self.entry and not self.is_update(self.entry)
                else [],
            },
            status=status,
        )

    def form_version(self):
        """What the form was drawn from (entry-form.js keeps it with a copy of what the user
        types): a copy made from an older version is offered back, not put back silently."""
        if self.entry is None:
            return "new"
        if self.is_update(self.entry):
            return f"update-{self.update.version if self.update else 0}"
        return str(self.entry.updated_at.timestamp())

    def sent_tokens(self):
        """The one-time tokens of this user's forms that saved something lately: the copy the
        browser kept of such a form is saved, so entry-form.js drops it instead of restoring
        it (a new entry's form has no other way to know it was sent)."""
        return list(
            IdempotencyKey.objects.filter(
                user=self.request.user,
                scope=SUBMISSION_SCOPE,
                created_at__gte=timezone.now() - idempotency.KEY_TTL,
            )
            .exclude(object_id="")
            .order_by("-created_at")
            .values_list("key", flat=True)[:50]
        )

    def get(self, request, *args, **kwargs):
        if self.entry is None:
            return self.render_form(EntryForm(initial={"contact_email": request.user.email}))
        return self.render_form(self.make_form())

    def post(self, request, *args, **kwargs):
        token = self.submission_token()
        if token is None:
            return self.send(request)
        # The form carries a one-time token: the same form sent twice (a double click, a
        # reload) acts once. A second request waits here until the first one is done.
        with transaction.atomic():
            claim, first = idempotency.claim(request.user, SUBMISSION_SCOPE, token)
            earlier = None
            if not first and claim.object_id:
                earlier = Entry.objects.filter(pk=claim.object_id, submitter=request.user).first()
            if earlier is not None:
                editable = can_edit_entry(request.user, earlier) or self.is_update(earlier)
                if not editable:  # it was submitted meanwhile
                    messages.info(request, _("This form had already been sent: here is its entry."))
                    return redirect(earlier.get_absolute_url())
                self.__dict__["entry"] = earlier  # the same form again edits what it made
            return self.send(request, claim=claim)

    def send(self, request, claim=None):
        submitting = request.POST.get("intent") == "submit"
        counted = self.entry is None or submitting
        if counted and not ratelimit.allow("submission", f"user:{request.user.pk}"):
            return too_many(request, "submission")
        return self.save(request, submitting, claim=claim)

    def submission_token(self):
        """The form's one-time token, if it carries a valid one."""
        try:
            return str(uuid.UUID(self.request.POST.get("submission_token", "")))
        except ValueError:
            return None

    def save(self, request, submitting, claim=None):
        if self.entry is None:
            form = EntryForm(request.POST, request.FILES, submitting=submitting)
        else:
            form = self.make_form(request.POST, request.FILES, submitting=submitting)
        if not form.is_valid():
            messages.error(request, _("Please correct the errors below; nothing was saved."))
            return self.render_form(form, status=400)
        values, relations, logo = form.service_arguments()
        if self.is_update(self.entry):
            return self.save_update(form, values, relations, logo, submitting, claim=claim)
        try:
            if self.entry is None:
                entry = services.create_entry(
                    by=request.user,
                    relations=relations,
                    allow_incomplete=True,
                    logo=logo,
                    **values,
                )
            else:
                entry = services.update_entry(
                    self.entry,
                    by=request.user,
                    relations=relations,
                    allow_incomplete=True,
                    logo=logo,
                    **values,
                )
        except ValidationError as error:
            add_errors(form, error)
            return self.render_form(form, status=400)
        if claim is not None and not claim.object_id:  # what this form's token made or edited
            claim.object_id = str(entry.pk)
            claim.save(update_fields=["object_id"])
        if not submitting:
            messages.success(request, _("Draft saved. Submit it when it is complete."))
            return redirect("stocktaking:entry-edit", pk=entry.pk)
        duplicates = list(
            services.likely_duplicates(
                entry.title,
                entry.organization_name,
                exclude_pk=entry.pk,
                among=Entry.objects.filter(visible_to(request.user)).exclude(state=State.DRAFT),
            )
        )
        if duplicates and not form.cleaned_data.get("confirm_not_duplicate"):
            messages.warning(
                request,
                _(
                    "Your draft is saved. Entries like it exist: check that yours is a "
                    "different project, then tick the box and submit again."
                ),
            )
            form = EntryForm(request.POST, request.FILES, instance=entry, submitting=True)
            form.is_valid()
            self.__dict__["entry"] = entry
            return self.render_form(form, duplicates=duplicates)
        try:
            services.submit_entry(entry, by=request.user)
        except ValidationError as error:
            add_errors(form, error)
            self.__dict__["entry"] = entry
            return self.render_form(form, status=400)
        messages.success(
            request, _("Submitted for review. We e-mail you the moderators' decision.")
        )
        return redirect("stocktaking:my-submissions")

    def save_update(self, form, values, relations, logo, submitting, claim=None):
        """The owner's update of their published entry: saved beside it, submitted for
        review; the public keeps reading the published version meanwhile."""
        try:
            with transaction.atomic():
                services.save_update(
                    self.entry,
                    by=self.request.user,
                    relations=relations,
                    base_version=form.cleaned_data.get("base_version"),
                    logo=logo,
                    **values,
                )
                if submitting:
                    services.submit_update(self.entry, by=self.request.user)
        except services.StaleUpdate as conflict:
            return self.update_conflict(values, relations, conflict.update)
        except ValidationError as error:
            add_errors(form, error)
            return self.render_form(form, status=400)
        if claim is not None and not claim.object_id:
            claim.object_id = str(self.entry.pk)
            claim.save(update_fields=["object_id"])
        if not submitting:
            messages.success(
                self.request,
                _("Update saved. The published version stays public until you submit it."),
            )
            return redirect("stocktaking:entry-edit", pk=self.entry.pk)
        messages.success(
            self.request,
            _(
                "Update submitted for review. The published version stays public until a "
                "moderator publishes your update."
            ),
        )
        return redirect("stocktaking:my-submissions")

    def update_conflict(self, values, relations, stored):
        """Another tab or window saved this update since the form was drawn: nothing of this
        form is written. It is shown again as the user sent it, now based on the stored
        version (saving again is a choice), with what the other save holds beside it."""
        data = self.request.POST.copy()
        data["base_version"] = str(stored.version)
        form = self.make_form(data)
        form.is_valid()
        yours = services.proposed_data(self.entry, values, relations)
        fields, lists = services.data_diff(stored.data, yours) if yours else ((), ())
        messages.error(
            self.request,
            _("Your update was not saved: it was saved in another tab or window meanwhile."),
        )
        return self.render_form(
            form,
            status=409,
            conflict=stored,
            conflict_fields=[(FIELD_LABELS[name], theirs, mine) for name, theirs, mine in fields],
            conflict_lists=[(FIELD_LABELS[name], added, removed) for name, added, removed in lists],
        )


def add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class MySubmissionsView(LoginRequiredMixin, ListView):
    """The signed-in user's entries, their states and the moderators' comments."""

    template_name = "stocktaking/my_submissions.html"
    context_object_name = "entries"
    paginate_by = 50

    def get_queryset(self):
        return (
            Entry.objects.filter(submitter=self.request.user)
            .select_related("pending_update")
            .prefetch_related(
                Prefetch(
                    "transitions",
                    queryset=EntryTransition.objects.select_related("actor").order_by(
                        "-created_at", "-id"
                    ),
                )
            )
            .order_by("-updated_at", "-id")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        for entry in context["entries"]:
            entry.can_edit = can_edit_entry(self.request.user, entry)
            entry.can_reopen = can_reopen_entry(self.request.user, entry)
            entry.can_withdraw = entry.state in services.TRANSITIONS["withdraw"][0] or (
                entry.state in services.TRANSITIONS["retract"][0]
            )
            # Only the comment that brought the entry to its present state: an old request
            # for changes is history once the entry moved on (published, resubmitted…).
            latest = next(iter(entry.transitions.all()), None)
            entry.latest_comment = latest if latest is not None and latest.comment else None
            entry.update = getattr(entry, "pending_update", None)
        return context


class OwnerActionView(LoginRequiredMixin, View):
    """POST-only owner actions on their own entry (withdraw, confirm still current)."""

    def post(self, request, pk):
        entry = get_object_or_404(Entry.objects.filter(submitter=request.user), pk=pk)
        try:
            self.act(entry)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect("stocktaking:my-submissions")


class WithdrawView(OwnerActionView):
    def act(self, entry):
        transition = services.withdraw_entry(
            entry, by=self.request.user, comment=self.request.POST.get("comment", "")[:5000]
        )
        if transition.to_state == State.DRAFT:
            messages.success(self.request, _("Withdrawn from review; it is a draft again."))
        else:
            messages.success(self.request, _("Withdrawn and archived."))


class ConfirmCurrentView(OwnerActionView):
    def act(self, entry):
        services.confirm_entry_current(entry, by=self.request.user)
        messages.success(self.request, _("Thank you: the entry is marked as up to date."))


class ReopenView(LoginRequiredMixin, View):
    """An owner's update of their published entry starts here: it is edited beside the
    published version, which stays public until a moderator publishes the update. Another
    user's entry is a 404 (its existence is not confirmed)."""

    def get_entry(self, request, pk):
        entry = get_object_or_404(Entry.objects.filter(submitter=request.user), pk=pk)
        if not can_reopen_entry(request.user, entry):
            raise PermissionDenied("Only a published entry can be updated this way.")
        return entry

    def get(self, request, pk):
        # The form starts the update when it is first saved; reading it changes nothing.
        return redirect("stocktaking:entry-edit", pk=self.get_entry(request, pk).pk)

    def post(self, request, pk):
        entry = self.get_entry(request, pk)
        services.reopen_entry(entry, by=request.user)
        return redirect("stocktaking:entry-edit", pk=entry.pk)


class WithdrawUpdateView(OwnerActionView):
    def act(self, entry):
        services.withdraw_update(entry, by=self.request.user)
        messages.success(self.request, _("Your update is dropped; the published version stays."))


class ModeratorRequiredMixin(TwoFactorRequiredMixin, LoginRequiredMixin):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_moderator(request.user):
            raise PermissionDenied("Moderators only.")
        return super().dispatch(request, *args, **kwargs)


def queue_filter_form(form):
    """The shared FilterSet's form made for moderators: the action lines to choose from (the
    API field takes typed codes, so it has no choices of its own) and no API help texts."""
    lines = ActionLine.objects.order_by("sort_order", "code")
    form.fields["action_line"].choices = [(line.code, search.line_label(line)) for line in lines]
    for field in form.fields.values():
        field.help_text = ""
    # The FilterSet's labels are the API's, in English; the page speaks the reader's language.
    form.fields["action_line"].label = _("Action lines")
    form.fields["stakeholder_type"].label = _("Stakeholder type")
    form.fields["state"].label = _("State")
    return form


class ModerationQueueView(ModeratorRequiredMixin, TemplateView):
    """Submitted entries waiting for a decision, oldest first; filter by action line,
    stakeholder type (the shared FilterSet) and how long they have waited."""

    template_name = "stocktaking/moderation_queue.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        params = self.request.GET.copy()
        if not params.getlist("state"):
            params.setlist("state", [State.SUBMITTED])
        filterset = StocktakingEntryFilterSet(
            params, queryset=Entry.objects.all(), request=self.request
        )
        queue_filter_form(filterset.form)
        age_form = ModerationQueueForm(self.request.GET)
        queryset = filterset.qs
        if age_form.is_valid() and age_form.cleaned_data.get("min_age") is not None:
            cutoff = timezone.now() - datetime.timedelta(days=age_form.cleaned_data["min_age"])
            queryset = queryset.filter(submitted_at__lte=cutoff)
        claim = age_form.cleaned_data.get("claim") if age_form.is_valid() else ""
        if claim == "mine":
            queryset = queryset.filter(review_claim__moderator=self.request.user)
        elif claim == "others":
            queryset = queryset.filter(review_claim__isnull=False).exclude(
                review_claim__moderator=self.request.user
            )
        elif claim == "unclaimed":
            queryset = queryset.filter(review_claim__isnull=True)
        queryset = queryset.select_related("submitter", "review_claim__moderator").prefetch_related(
            "action_lines"
        )
        page = Paginator(queryset.order_by("submitted_at", "pk"), 50).get_page(
            self.request.GET.get("page")
        )
        now = timezone.now()
        for entry in page.object_list:
            entry.waiting_days = (now - (entry.submitted_at or entry.created_at)).days
        context.update(
            filterset=filterset,
            age_form=age_form,
            bulk_form=BulkDecisionForm(),
            page_obj=page,
            entries=page.object_list,
            updates=EntryUpdate.objects.filter(state=EntryUpdate.State.SUBMITTED)
            .select_related("entry__submitter", "entry__review_claim__moderator")
            .order_by("submitted_at", "pk"),
            # Issue 18, defect 7: a moderator without an address is never told of submissions.
            moderators_without_email=list(moderators_without_email()[:50]),
        )
        return context


def safe_next(request, default):
    """Where to go back to: the ``next`` the form sent if it is a path of this site."""
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


class ClaimView(ModeratorRequiredMixin, View):
    """POST ``claim=<id>`` ("I'm reviewing this", or taking over from another moderator) or
    ``release=<id>`` (no longer); back to the page that asked."""

    def post(self, request):
        release = "release" in request.POST
        pk = request.POST.get("release" if release else "claim", "")
        if not pk.isdigit():
            return HttpResponseBadRequest(_("Name the entry to claim or release."))
        entry = get_object_or_404(Entry, pk=int(pk))
        values = {"title": entry.title}
        if release:
            moderation_services.release_entry(entry, by=request.user)
            messages.success(request, _("You are no longer reviewing “%(title)s”.") % values)
        else:
            other = moderation_services.claimed_by_other(entry, request.user)
            moderation_services.claim_entry(entry, by=request.user)
            if other is not None:
                values["name"] = other.get_username()
                text = _("You took over the review of “%(title)s” from %(name)s.")
            else:
                text = _("You are reviewing “%(title)s”: other moderators see it in the queue.")
            messages.success(request, text % values)
        return redirect(safe_next(request, reverse("stocktaking:review", args=[entry.pk])))


class BulkDecisionView(ModeratorRequiredMixin, View):
    """Publish or archive the entries ticked in the queue. GET (from the queue's form) only
    lists what would change: each entry's state now and after, the entries the decision does
    not apply to and why, and those another moderator is reviewing (left out unless ticked
    again here). POST decides, entry by entry, as a single decision would (audited, the
    owner e-mailed); nothing changes on GET."""

    template_name = "stocktaking/bulk_decision.html"

    def rows(self, ids, action, user):
        from_states, to_state, _needs_comment = services.TRANSITIONS[action]
        entries = (
            Entry.objects.filter(pk__in=ids)
            .select_related("submitter", "review_claim__moderator")
            .order_by("submitted_at", "pk")
        )
        rows = []
        for entry in entries:
            rows.append(
                {
                    "entry": entry,
                    "applies": entry.state in from_states,
                    "to_state": State(to_state).label,
                    "claimed_by": moderation_services.claimed_by_other(entry, user),
                }
            )
        return rows

    def get(self, request):
        form = BulkDecisionForm(request.GET, limit=moderation_services.BULK_LIMIT)
        if not form.is_valid():
            return self.render_errors(form)
        data = form.cleaned_data
        rows = self.rows([*data["entries"], *data["override"]], data["action"], request.user)
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "action": data["action"],
                "action_label": dict(BulkDecisionForm.ACTIONS)[data["action"]],
                "rows": rows,
                "applicable": [row for row in rows if row["applies"]],
            },
        )

    def post(self, request):
        form = BulkDecisionForm(request.POST, limit=moderation_services.BULK_LIMIT)
        if not form.is_valid():
            return self.render_errors(form)
        data = form.cleaned_data
        ids = [*data["entries"], *data["override"]]
        entries = Entry.objects.filter(pk__in=ids).select_related("review_claim__moderator")
        outcome = moderation_services.decide_in_bulk(
            entries.order_by("submitted_at", "pk"),
            data["action"],
            by=request.user,
            comment=data["comment"],
            override=data["override"],
        )
        done = {
            "publish": _("Published: %(titles)s."),
            "archive": _("Archived: %(titles)s."),
        }[data["action"]]
        if outcome.done:
            titles = ", ".join(f"“{entry.title}”" for entry in outcome.done)
            messages.success(request, done % {"titles": titles})
        for entry, (reason, detail) in outcome.skipped:
            values = {"title": entry.title}
            if reason == "claimed":
                values["name"] = detail.get_username()
                text = _("Left as it was: “%(title)s”, which %(name)s is reviewing.")
            else:
                text = _("Left as it was: “%(title)s”, which is %(state)s now.")
                entry.refresh_from_db(fields=["state"])
                values["state"] = entry.get_state_display().lower()
            messages.warning(request, text % values)
        return redirect("stocktaking:moderation-queue")

    def render_errors(self, form):
        return render(
            self.request,
            self.template_name,
            {"form": form, "rows": [], "applicable": []},
            status=400,
        )


#: What the moderator reads once a decision is recorded.
DECISION_DONE = {
    "publish": gettext_lazy("“%(title)s” is published."),
    "request_changes": gettext_lazy(
        "Changes requested on “%(title)s”: the submitter sees your comment."
    ),
    "reject": gettext_lazy("“%(title)s” is rejected: the submitter sees your reason."),
    "archive": gettext_lazy("“%(title)s” is archived."),
}


#: The decisions on a published entry's submitted update (archiving acts on the entry).
UPDATE_DECISIONS = ["publish", "request_changes", "reject"]


def decide_on_update(entry, action, *, by, comment):
    if action == "publish":
        services.publish_update(entry, by=by, comment=comment)
    else:
        services.decide_update(entry, action, by=by, comment=comment)


#: The entry fields' names in the update's diff, in the reader's language.
FIELD_LABELS = {
    "title": gettext_lazy("Title"),
    "language": gettext_lazy("Language"),
    "description": gettext_lazy("Description"),
    "organization_name": gettext_lazy("Organisation"),
    "organization": gettext_lazy("Registered organisation"),
    "stakeholder_type": gettext_lazy("Stakeholder type"),
    "scope": gettext_lazy("Scope"),
    "project_status": gettext_lazy("Project status"),
    "start_date": gettext_lazy("Start date"),
    "end_date": gettext_lazy("End date"),
    "website": gettext_lazy("Website"),
    "contact_email": gettext_lazy("Contact e-mail"),
    "countries": gettext_lazy("Countries"),
    "regions": gettext_lazy("Regions"),
    "action_lines": gettext_lazy("Action lines"),
    "sdgs": gettext_lazy("SDGs"),
    "sdg_targets": gettext_lazy("SDG targets"),
    "gdc_objectives": gettext_lazy("Global Digital Compact objectives"),
}


class ReviewView(ModeratorRequiredMixin, View):
    """One entry for a moderator: every field (contact e-mail included), its likely
    duplicates, its transition log, and the decision form."""

    template_name = "stocktaking/review.html"

    def get_entry(self, pk):
        return get_object_or_404(entry_detail_queryset(self.request.user), pk=pk)

    def submitted_update(self, entry):
        return EntryUpdate.objects.filter(entry=entry, state=EntryUpdate.State.SUBMITTED).first()

    def render_page(self, entry, form, status=200):
        update = self.submitted_update(entry)
        diff = services.update_diff(entry, update) if update else ((), ())
        duplicates = services.likely_duplicates(
            entry.title,
            entry.organization_name,
            exclude_pk=entry.pk,
            among=Entry.objects.exclude(state=State.DRAFT),
        )
        claim = ReviewClaim.objects.filter(entry=entry).select_related("moderator").first()
        return render(
            self.request,
            self.template_name,
            {
                "entry": entry,
                "form": form,
                "claim": claim,
                "claimed_by_other": claim.moderator
                if claim and claim.moderator_id != self.request.user.pk
                else None,
                "update": update,
                "logo_changed": bool(update and (update.logo or update.logo_removed)),
                "changed_fields": [(FIELD_LABELS[name], old, new) for name, old, new in diff[0]],
                "changed_lists": [
                    (FIELD_LABELS[name], added, removed) for name, added, removed in diff[1]
                ],
                "duplicates": duplicates,
                "transitions": entry.transitions.select_related("actor"),
                "allowed_actions": UPDATE_DECISIONS
                if update
                else [
                    action
                    for action, _ in DecisionForm.ACTIONS
                    if entry.state in services.TRANSITIONS[action][0]
                ],
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_page(self.get_entry(pk), DecisionForm())

    def post(self, request, pk):
        entry = self.get_entry(pk)
        form = DecisionForm(request.POST)
        other = moderation_services.claimed_by_other(entry, request.user)
        if form.is_valid() and other is not None and not form.cleaned_data["override_claim"]:
            form.add_error(
                "override_claim",
                _(
                    "%(name)s is reviewing this entry: tick the box to decide all the same, "
                    "or leave it to them."
                )
                % {"name": other.get_username()},
            )
        if form.is_valid():
            action, comment = form.cleaned_data["action"], form.cleaned_data["comment"]
            try:
                if action in UPDATE_DECISIONS and self.submitted_update(entry):
                    decide_on_update(entry, action, by=request.user, comment=comment)
                else:
                    services.transition_entry(entry, action, by=request.user, comment=comment)
            except ValidationError as error:
                add_errors(form, error)
            else:
                entry.refresh_from_db(fields=["title"])
                done = DECISION_DONE[action]
                messages.success(request, done % {"title": entry.title})
                return HttpResponseRedirect(reverse("stocktaking:moderation-queue"))
        return self.render_page(entry, form, status=400)

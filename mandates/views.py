"""Public pages of documents (by paragraph) and mandates."""

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, Count, F, Prefetch, When
from django.http import FileResponse, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts.permissions import TwoFactorRequiredMixin
from actionlines.models import ActionLine, Organization
from stocktaking import ratelimit
from stocktaking.views import too_many
from wsis_portal.links import absolute_url
from wsis_portal.spreadsheets import csv_writer
from wsis_portal.translated import LocalizedText, MarkedSelect

from .compare import ORIGINAL, compare_versions, inserted_paragraphs, load_version
from .filters import EnglishOptionsSelect, MandateFilterSet, ParagraphFilterSet
from .forms import MandateUpdateEditForm, MandateUpdateForm
from .models import (
    PARTIES,
    Clause,
    Document,
    Due,
    Mandate,
    MandateParty,
    MandateUpdate,
    MandateUpdateRevision,
    Paragraph,
    ReportExport,
    TextCorrection,
)
from .permissions import (
    addressed_to_user,
    can_change_update,
    can_post_update,
    organizations_posting_for,
)
from .query_forms import CompareForm, ReportPeriodForm
from .reader import has_edits, has_footnote_refs, render_footnote_refs, render_markup, split_markup
from .reports import build_cstd_report, report_markdown, request_report_export
from .search import attach_headlines, search_paragraphs
from .services import (
    edit_mandate_update,
    post_mandate_update,
    reporting_light,
    withdraw_mandate_update,
)

UPDATES = Prefetch(
    "updates",
    queryset=MandateUpdate.objects.select_related("organization").order_by("-created_at"),
)


def with_lights(mandates):
    """Mandates (``updates`` prefetched) each carrying ``light`` and ``latest_update``."""
    mandates = list(mandates)
    for mandate in mandates:
        mandate.light = reporting_light(mandate)
        updates = list(mandate.updates.all())
        mandate.latest_update = updates[0] if updates else None
    return mandates


class DocumentListView(ListView):
    template_name = "mandates/document_list.html"
    context_object_name = "documents"

    def get_queryset(self):
        return Document.objects.annotate(
            paragraph_count=Count("paragraphs", distinct=True),
            mandate_count=Count("mandates", distinct=True),
        ).order_by("-date", "title")


class DocumentDetailView(DetailView):
    """Every paragraph with its permanent anchor, its mandates and action lines; the annotated
    draft's proposed edits as <del>/<ins> (``reader.render_markup``) with its old numbers."""

    template_name = "mandates/document_detail.html"
    context_object_name = "document"

    def get_queryset(self):
        return Document.objects.prefetch_related(
            Prefetch(
                "paragraphs",
                queryset=Paragraph.objects.prefetch_related(
                    Prefetch("mandates", queryset=Mandate.objects.order_by("clause__order", "pk")),
                    "clauses",
                    Prefetch("action_lines", queryset=ActionLine.objects.order_by("sort_order")),
                ),
            ),
            "footnotes",
            Prefetch(
                "corrections",
                queryset=TextCorrection.objects.select_related("paragraph", "footnote"),
            ),
        )

    def get_context_data(self, **kwargs):
        document = self.object
        paragraphs = list(document.paragraphs.all())
        annotated = document.kind == Document.Kind.ANNOTATED_DRAFT
        inserted = inserted_paragraphs(paragraphs) if annotated else set()
        for paragraph in paragraphs:
            paragraph.is_inserted = paragraph.pk in inserted
            # The number a link from the co-facilitators' draft uses (#old-90): the old label,
            # or the paragraph's own number when the edits left it unchanged.
            paragraph.old_number = (
                (paragraph.old_label or (paragraph.number if not paragraph.is_inserted else None))
                if annotated
                else None
            )
            paragraph.edited_html = (
                render_markup(paragraph.markup)
                if annotated and has_edits(paragraph.markup)
                else None
            )
            paragraph.footnoted_html = None
            if not annotated:
                footnoted = has_footnote_refs(paragraph.markup)
                if footnoted:
                    paragraph.footnoted_html = render_footnote_refs(paragraph.markup)
                # Each clause cut from the text itself, so the words between clauses ("…
                # review, and encourages …", "…; requests …") stay in the reader.
                clauses = list(paragraph.clauses.all())
                source = paragraph.markup if footnoted else paragraph.text
                cut = footnoted or len(clauses) > 1
                pieces = split_markup(source, [c.text for c in clauses]) if cut else []
                for clause, piece in zip(clauses, pieces or [], strict=False):
                    clause.html = render_footnote_refs(piece)
        corrections = list(document.corrections.all())
        for correction in corrections:
            render = render_markup if annotated else escape
            correction.wrong_html = render(correction.wrong)
            correction.right_html = render(correction.right)
        return super().get_context_data(
            paragraphs=paragraphs,
            footnotes=document.footnotes.all(),
            corrections=corrections,
            annotated=annotated,
            compare_original=document.slug + ORIGINAL if annotated else None,
            **kwargs,
        )


class DocumentClausesView(DetailView):
    """Review at a glance (issue 13, item 5): every clause of a document, in reading order,
    with its verb, whether it is a mandate, the mandate's parties with their roles and its
    event or deadline, so a person can check the extraction line by line against the text;
    ``?format=csv`` is the same table as a spreadsheet (formula-safe). Public, as the
    document and its mandates are."""

    template_name = "mandates/document_clauses.html"
    context_object_name = "document"
    queryset = Document.objects.all()

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        clauses = list(
            Clause.objects.filter(paragraph__document=self.object)
            .select_related("paragraph", "mandate__event")
            .prefetch_related(Prefetch("mandate__parties", queryset=PARTIES.queryset))
            .order_by("paragraph__order", "order")
        )
        roles = list(MandateParty.Role)
        for clause in clauses:
            clause.the_mandate = getattr(clause, "mandate", None)
            if clause.the_mandate is not None:
                # One line per role ("Addressee: ECA, ECE, …"), in the order of the roles.
                by_role: dict[str, list] = {}
                for party in clause.the_mandate.parties.all():
                    by_role.setdefault(party.role, []).append(party)
                clause.parties_by_role = [
                    (role.label, by_role[role.value]) for role in roles if role.value in by_role
                ]
        if request.GET.get("format") == "csv":
            return clauses_csv(self.object, clauses)
        return self.render_to_response(self.get_context_data(clauses=clauses))


def clauses_csv(document, clauses) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{document.slug}-clauses.csv"'
    writer = csv_writer(response)
    writer.writerow(
        [
            _("Paragraph"),
            _("Clause"),
            _("Operative verb"),
            _("Mandate"),
            _("Parties"),
            _("Due at"),
            _("Deadline"),
            _("Recurs"),
            _("Text"),
        ]
    )
    for clause in clauses:
        mandate = clause.the_mandate
        parties = "; ".join(
            f"{p.organization.acronym} ({p.get_role_display()})"
            for p in (mandate.parties.all() if mandate else [])
        )
        due = mandate.due if mandate else None
        writer.writerow(
            [
                clause.paragraph.label or clause.paragraph.order,
                clause.order,
                clause.get_verb_display(),
                absolute_url(mandate.get_absolute_url()) if mandate else "",
                parties,
                mandate.event.name if mandate and mandate.event else "",
                str(due) if due else "",
                mandate.get_recurrence_display() if mandate and mandate.recurrence else "",
                clause.text,
            ]
        )
    return response


def mandate_queryset():
    return Mandate.objects.select_related(
        "document", "paragraph__document", "clause", "event"
    ).prefetch_related(PARTIES, "action_lines")


#: The tracker's order: historic requests last (they are the record, not the work), then by
#: deadline, soonest first.
TRACKER_ORDER = (
    Case(When(status=Mandate.Status.HISTORIC, then=1), default=0),
    F("deadline").asc(nulls_last=True),
    "document__date",
    "paragraph__order",
    "pk",
)


class MandateListView(ListView):
    """The mandate tracker, filtered by ``MandateFilterSet`` (the API's own) and paginated;
    a bad filter value is an error next to its field and a 400."""

    template_name = "mandates/mandate_list.html"
    context_object_name = "mandates"
    paginate_by = 25

    def get_queryset(self):
        self.filterset = MandateFilterSet(
            self.request.GET or None,
            queryset=mandate_queryset().prefetch_related(UPDATES).order_by(*TRACKER_ORDER),
        )
        self.filter_form = mandate_filter_form(self.filterset)
        if self.filterset.is_bound and not self.filterset.is_valid():
            return Mandate.objects.none()
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mandates"] = with_lights(context["mandates"])
        query = self.request.GET.copy()
        query.pop("page", None)
        form = self.filter_form
        more = [form[name] for name in form.fields if name not in TRACKER_FIRST_FILTERS]
        context.update(
            filter=self.filterset,
            form=form,
            first_fields=[form[name] for name in TRACKER_FIRST_FILTERS],
            more_fields=more,
            # How many filters are chosen, in all and among the folded ones (their control
            # says so, and opens by itself when one of them is chosen or wrong).
            chosen_count=sum(1 for field in form if field_is_chosen(self.request, field)),
            more_chosen=sum(1 for field in more if field_is_chosen(self.request, field)),
            more_errors=any(field.errors for field in more),
            query_string=query.urlencode(),
            show_addressees=True,
        )
        return context


#: The tracker's filters shown first; the others fold under "More filters", so that the
#: table starts on the first screen (issue 18).
TRACKER_FIRST_FILTERS = ["q", "addressee", "document", "overdue"]


def field_is_chosen(request, field) -> bool:
    return any(value.strip() for value in request.GET.getlist(field.html_name))


def mandate_filter_form(filterset):
    """The MandateFilterSet's own form (its labels and help texts), with pick-lists where the
    API takes codes. Call it before the form is validated: a bound form caches its fields'
    labels when it first validates."""
    form = filterset.form
    organizations = [
        (o.acronym, o.choice_label)
        for o in Organization.objects.filter(mandate_parties__isnull=False)
        .distinct()
        .order_by("acronym")
    ]
    for name in ("addressee", "partner", "party"):
        form.fields[name].widget = forms.Select(
            choices=[("", _("Any organisation"))] + organizations
        )
    form.fields["q"].help_text = _("Words in the mandate's title, request or addressees.")
    form.fields["addressee"].help_text = _(
        "Must act: named, or as a facilitator of a line concerned."
    )
    form.fields["partner"].help_text = _("Named to work with the addressees, or their secretariat.")
    form.fields["party"].help_text = _("In any role, or in the role chosen below.")
    form.fields["role"].help_text = _("The role of the party chosen above.")
    form.fields["verb"].help_text = _("The verb of the clause that gives the mandate.")
    form.fields["action_line"].widget = forms.SelectMultiple(
        choices=[(line.code, str(line)) for line in ActionLine.objects.order_by("sort_order")],
        attrs={"size": 5},
    )
    form.fields["action_line"].label = _("Action lines")
    form.fields["action_line"].help_text = _("A main line includes its sub-lines.")
    form.fields["status"].widget = forms.CheckboxSelectMultiple(
        choices=form.fields["status"].choices
    )
    form.fields["status"].help_text = ""
    form.fields["document"].widget = MarkedSelect(
        choices=[("", _("Any document"))]
        + [
            (d.slug, LocalizedText(str(d)))  # as published, in English
            for d in Document.objects.filter(mandates__isnull=False).distinct()
        ]
    )
    form.fields["document"].help_text = ""
    form.fields["event"].empty_label = _("Any event")
    form.fields["event"].label_from_instance = due_at_label
    form.fields["event"].widget = EnglishOptionsSelect(choices=form.fields["event"].choices)
    form.fields["event"].help_text = _("Mandates due at this session or meeting.")
    # Pick-lists whose empty choice says what it means (django-filter's is "---------").
    for name, empty in (
        ("role", _("Any role")),
        ("verb", _("Any verb")),
        ("recurrence", pgettext("recurs or not", "Any")),
    ):
        choices = [choice for choice in form.fields[name].choices if choice[0]]
        form.fields[name].widget = forms.Select(choices=[("", empty), *choices])
    form.fields["recurrence"].help_text = ""
    for name in ("due_before", "due_after"):
        form.fields[name].widget = forms.DateInput(attrs={"type": "date"})
        form.fields[name].help_text = "YYYY-MM-DD"
    form.fields["overdue"].widget = forms.Select(
        choices=[
            ("", pgettext("overdue or not", "Any")),
            ("true", _("Overdue only")),
            ("false", _("Not overdue")),
        ]
    )
    form.fields["overdue"].help_text = _("Deadline passed and not completed.")
    form.fields["updated_since"].widget = forms.DateTimeInput(attrs={"type": "datetime-local"})
    form.fields["updated_since"].help_text = _("Mandates changed at or after this time (UTC).")
    return form


def due_at_label(event) -> str:
    """An event in a pick-list: its name and when ("2027 (date not yet set)", or its day)."""
    return f"{event.name} — {Due(event.deadline, event.date is None)}"


class MandateDetailView(DetailView):
    template_name = "mandates/mandate_detail.html"
    context_object_name = "mandate"

    def get_queryset(self):
        return mandate_queryset().prefetch_related(UPDATES)

    def get_context_data(self, **kwargs):
        user = self.request.user
        revisions = {}
        withdrawn = []
        for revision in self.object.update_revisions.select_related("organization"):
            if revision.change == MandateUpdateRevision.Change.WITHDRAWN:
                withdrawn.append(revision)
            else:
                revisions.setdefault(revision.update_ref, []).append(revision)
        updates = list(self.object.updates.all())
        for update in updates:
            update.earlier = revisions.get(update.pk, [])
            update.can_change = can_change_update(user, update)
        for revision in withdrawn:
            revision.earlier = revisions.get(revision.update_ref, [])
        return super().get_context_data(
            light=reporting_light(self.object),
            can_post_update=can_post_update(user, self.object),
            updates=updates,
            withdrawn=withdrawn,
            **kwargs,
        )


class MandateUpdateCreateView(TwoFactorRequiredMixin, LoginRequiredMixin, FormView):
    """Post progress on a mandate: members of an addressee, or facilitators when it is
    addressed to them (``permissions.can_post_update``); others get 403."""

    template_name = "mandates/mandate_update_form.html"
    form_class = MandateUpdateForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.mandate = get_object_or_404(mandate_queryset(), pk=kwargs["pk"])
        if not can_post_update(request.user, self.mandate):
            raise PermissionDenied(_("This mandate is not addressed to your organisation."))
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "organizations": organizations_posting_for(self.request.user, self.mandate),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(mandate=self.mandate, **kwargs)

    def form_valid(self, form):
        try:
            post_mandate_update(self.mandate, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Progress posted."))
        return redirect(self.mandate)


class MandateUpdateChangeMixin(TwoFactorRequiredMixin, LoginRequiredMixin):
    """Edit or withdraw a progress update: its author or staff (``can_change_update``);
    anyone else gets 403, an update of another mandate 404."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.update = get_object_or_404(
            MandateUpdate.objects.select_related("mandate", "organization"),
            pk=kwargs["update_pk"],
            mandate_id=kwargs["pk"],
        )
        self.mandate = self.update.mandate
        if not can_change_update(request.user, self.update):
            raise PermissionDenied(_("Only the author of an update may change or withdraw it."))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(mandate=self.mandate, update=self.update, **kwargs)


class MandateUpdateEditView(MandateUpdateChangeMixin, FormView):
    """Correct one's progress update; what it said before stays in the mandate's history."""

    template_name = "mandates/mandate_update_form.html"
    form_class = MandateUpdateEditForm

    def get_initial(self):
        return {"status": self.update.status, "text": self.update.text}

    def form_valid(self, form):
        try:
            edit_mandate_update(self.update, by=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Update changed; what it said before is kept."))
        return redirect(f"{self.mandate.get_absolute_url()}#update-{self.update.pk}")


class MandateUpdateWithdrawView(MandateUpdateChangeMixin, TemplateView):
    """GET: a page asking to confirm; POST: withdraw the update (kept in the history)."""

    template_name = "mandates/mandate_update_withdraw.html"

    def post(self, request, *args, **kwargs):
        withdraw_mandate_update(self.update, by=request.user)
        messages.success(request, _("Update withdrawn; the mandate's history keeps it."))
        return redirect(self.mandate)


class MyMandatesView(TwoFactorRequiredMixin, LoginRequiredMixin, ListView):
    """Mandates addressed to the signed-in user's organisations or to them as facilitator."""

    template_name = "mandates/my_mandates.html"
    context_object_name = "mandates"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not (
            request.user.is_superuser or request.user.organizations.exists()
        ):
            raise PermissionDenied(_("This page is for members of a facilitating organisation."))
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return (
            mandate_queryset()
            .filter(
                pk__in=Mandate.objects.filter(addressed_to_user(self.request.user)).values("pk")
            )
            .prefetch_related(UPDATES)
            .order_by(*TRACKER_ORDER)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["mandates"] = with_lights(context["mandates"])
        return context


def calendar_feed(request):
    """iCalendar feed of mandate deadlines and meetings; see ``mandates.calendar``."""
    from django.http import HttpResponse, HttpResponseBadRequest

    from actionlines.models import ActionLine, Organization

    from .calendar import build_calendar, calendar_items

    organization, codes, name = None, None, _("WSIS mandates and meetings")
    if acronym := request.GET.get("organization"):
        organization = Organization.objects.filter(acronym__iexact=acronym).first()
        if organization is None:
            return HttpResponseBadRequest(_("Unknown organization: use an acronym such as ITU."))
        name = _("WSIS mandates and meetings — %(name)s") % {"name": organization.acronym}
    if code := request.GET.get("action_line"):
        line = ActionLine.objects.filter(code__iexact=code).first()
        if line is None:
            return HttpResponseBadRequest(_("Unknown action_line: use a code such as C7."))
        codes = [line.code]
        name = _("WSIS mandates and meetings — %(name)s") % {"name": line.code}
    mandates, meetings = calendar_items(organization=organization, codes=codes)
    response = HttpResponse(
        build_calendar(mandates, meetings, name=name), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="wsis-calendar.ics"'
    return response


# --- Reading: search and compare (issue 6) ---------------------------------------------------


def paragraph_filter_form(filterset):
    """The ParagraphFilterSet's own form, with pick-lists for document and action line."""
    form = filterset.form
    form.fields["document"].widget = MarkedSelect(
        choices=[("", _("All documents"))]
        + [(d.slug, LocalizedText(str(d))) for d in Document.objects.order_by("date", "slug")]
    )
    form.fields["action_line"].widget = forms.SelectMultiple(
        choices=[(line.code, str(line)) for line in ActionLine.objects.order_by("sort_order")],
        attrs={"size": 6},
    )
    form.fields["document"].label, form.fields["document"].help_text = _("Document"), ""
    form.fields["action_line"].label = _("Action lines")
    form.fields["action_line"].help_text = _("A main line includes its sub-lines; any may match.")
    form.fields["kind"].help_text = ""
    form.fields["verb"].help_text = _("Requests, calls upon, invites… (“also requests” counts).")
    form.fields["q"].label = _("Words")
    form.fields["q"].help_text = _(
        'Full-text search (PostgreSQL: ranked, best match first, web-search syntax: "quoted '
        'phrase", -excluded, or; elsewhere: every word must appear).'
    )
    return form


class ParagraphSearchView(TemplateView):
    """Full-text search across the paragraphs of every document (``ParagraphFilterSet``:
    q, document, action line, kind): ranked and highlighted on PostgreSQL, word match on
    SQLite; paginated. Bad filter values are form errors with status 400."""

    template_name = "mandates/paragraph_search.html"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        filterset = ParagraphFilterSet(request.GET or None, queryset=Paragraph.objects.all())
        form = paragraph_filter_form(filterset)
        context = {"filter": filterset, "form": form, "page_obj": None}
        status = 200
        if filterset.is_bound and not filterset.is_valid():
            status = 400
        elif filterset.is_bound and any(filterset.form.cleaned_data.values()):
            q = filterset.form.cleaned_data.get("q") or ""
            results = search_paragraphs(filterset.qs, q)
            page = Paginator(results, self.paginate_by).get_page(request.GET.get("page"))
            page.object_list = attach_headlines(page.object_list, q)
            query = request.GET.copy()
            query.pop("page", None)
            context.update(page_obj=page, query_string=query.urlencode(), q=q)
        return self.render_to_response(self.get_context_data(**context), status=status)


class CompareView(TemplateView):
    """Two readings side by side, paragraph by paragraph, with word-level differences
    (``compare.compare_versions``). ``?from=…&to=…`` take document slugs, or
    ``<slug>@original`` for an annotated draft as it read before its proposed edits."""

    template_name = "mandates/compare.html"

    def get(self, request, *args, **kwargs):
        form = CompareForm(request.GET or None)
        context = {"form": form, "comparison": None, "examples": compare_examples()}
        status = 200
        if form.is_bound:
            if form.is_valid():
                old = load_version(form.cleaned_data["from"])
                new = load_version(form.cleaned_data["to"])
                context["comparison"] = compare_versions(old, new)
            else:
                status = 400
        return self.render_to_response(self.get_context_data(**context), status=status)


def compare_examples():
    """Suggested comparisons: each annotated draft against its original reading, and each
    excerpt against the draft it came from (found by ``revises``, else the latest draft)."""
    examples = []
    drafts = list(Document.objects.filter(kind=Document.Kind.ANNOTATED_DRAFT).order_by("date"))
    for draft in drafts:
        examples.append(
            (
                _("%(draft)s: original against the proposed edits") % {"draft": draft},
                draft.slug + ORIGINAL,
                draft.slug,
            )
        )
    for document in Document.objects.filter(
        kind__in=[Document.Kind.EXCERPT, Document.Kind.RESOLUTION], date__isnull=False
    ).select_related("revises"):
        source = document.revises or next(
            (d for d in reversed(drafts) if d.date and d.date < document.date), None
        )
        if source:
            examples.append((f"{source} → {document}", source.slug, document.slug))
    return examples


# --- CSTD report per action line (issue 6) ---------------------------------------------------


class ActionLineReportView(TemplateView):
    """The CSTD report of one action line for ``?from=YYYY-MM-DD&to=YYYY-MM-DD`` (default:
    this year) as a page, or as Markdown with ``&format=md``. Bad dates: 400, errors shown."""

    template_name = "mandates/cstd_report.html"

    def get(self, request, slug):
        line = get_object_or_404(ActionLine, slug=slug)
        form = ReportPeriodForm(request.GET, today=timezone.localdate())
        period = form.period()
        if period is None:
            context = self.get_context_data(line=line, form=form, report=None)
            return self.render_to_response(context, status=400)
        report = build_cstd_report(line, *period)
        if request.GET.get("format") == "md":
            response = HttpResponse(
                report_markdown(report), content_type="text/markdown; charset=utf-8"
            )
            response["Content-Disposition"] = (
                f'attachment; filename="cstd-report-{line.slug}-'
                f'{period[0]:%Y%m%d}-{period[1]:%Y%m%d}.md"'
            )
            return response
        period_query = urlencode({"from": period[0].isoformat(), "to": period[1].isoformat()})
        return self.render_to_response(
            self.get_context_data(line=line, form=form, report=report, period_query=period_query)
        )


class ReportPDFRequestView(View):
    """POST: queue the PDF of a report (a ``ReportExport`` row and a Celery task), then
    go to the page that follows its progress. Public like the report itself; each client
    may ask for a few an hour (``report-pdf`` in the rate limits), a PDF being a worker's job."""

    def post(self, request, slug):
        line = get_object_or_404(ActionLine, slug=slug)
        form = ReportPeriodForm(request.POST, today=timezone.localdate())
        period = form.period()
        if period is None or not form.is_bound:
            return HttpResponseBadRequest(
                _("Give the period as from=YYYY-MM-DD and to=YYYY-MM-DD.")
            )
        if not ratelimit.allow("report-pdf", ratelimit.client_address(request)):
            return too_many(request, "report-pdf")
        export = request_report_export(line, *period, by=request.user)
        return redirect(export)


class ReportExportView(DetailView):
    """Progress of a PDF export; reloads itself (meta refresh, no JS needed) until done."""

    template_name = "mandates/report_export.html"
    context_object_name = "export"

    def get_queryset(self):
        return ReportExport.objects.select_related("action_line")


def report_export_download(request, pk):
    export = get_object_or_404(ReportExport, pk=pk, status=ReportExport.Status.DONE)
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
        content_type="application/pdf",
    )

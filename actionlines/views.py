"""Pages of action lines, organisations, the WSIS–SDG matrix and meetings, public and
facilitator workspace alike.

Views stay thin: reads are querysets prefetched for a constant number of queries, writes go
to ``services`` and every permission question goes to ``permissions``.
"""

from collections import Counter
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import DetailView, FormView, ListView, TemplateView

from accounts.permissions import TwoFactorRequiredMixin
from mandates.models import PARTIES, Mandate, MandateParty, MandateUpdate
from mandates.services import reporting_light
from stocktaking.models import StocktakingEntry
from stocktaking.search import line_goal_counts
from wsis_portal import vega
from wsis_portal.markdown import render_markdown

from . import activity, services
from .charts import indicator_chart, progress_percent
from .diffs import line_diff
from .filters import CoordinationMeetingFilterSet
from .forms import (
    CoordinationMeetingForm,
    IndicatorForm,
    MeasurementForm,
    PageEditForm,
    RoadmapTargetForm,
    SDGLinkForm,
)
from .models import (
    ActionLine,
    ActionLineSDGTarget,
    CoordinationMeeting,
    Facilitation,
    Indicator,
    Measurement,
    Organization,
    PageRevision,
    RoadmapTarget,
    SustainableDevelopmentGoal,
)
from .permissions import can_edit_action_line, can_edit_meeting, facilitated_by, is_facilitator

FACILITATIONS = Prefetch(
    "facilitations",
    queryset=Facilitation.objects.select_related("organization").order_by("position"),
)
MANDATE_UPDATES = Prefetch(
    "updates",
    queryset=MandateUpdate.objects.select_related("organization").order_by("-created_at"),
)
#: How many items the home page shows of the activity stream, and of the deadlines and meetings.
RECENT_LIMIT = 8
UPCOMING_LIMIT = 5


def action_line_tree():
    """Top-level lines in order, each with its sub-lines and facilitators prefetched."""
    sublines = ActionLine.objects.prefetch_related(FACILITATIONS)
    return ActionLine.objects.top_level().prefetch_related(
        FACILITATIONS, Prefetch("sublines", queryset=sublines)
    )


def with_lights(mandates):
    """Mandates (with ``updates`` prefetched) each carrying ``light`` and ``latest_update``."""
    mandates = list(mandates)
    for mandate in mandates:
        mandate.light = reporting_light(mandate)
        updates = list(mandate.updates.all())
        mandate.latest_update = updates[0] if updates else None
    return mandates


def mandates_for_line(line):
    """Mandates addressed to the line's facilitators: one of its lead or co-facilitating
    organisations is an addressee (named, or resolved from "the action line facilitators")."""
    addressees = MandateParty.objects.filter(
        role=MandateParty.Role.ADDRESSEE,
        organization__facilitations__action_line=line,
        organization__facilitations__role__in=["lead", "co"],
    )
    return (
        Mandate.objects.filter(pk__in=addressees.values("mandate_id"))
        .select_related("document", "paragraph__document", "clause", "event")
        .prefetch_related(MANDATE_UPDATES)
        .order_by("deadline", "pk")
    )


# --- Public pages --------------------------------------------------------------------------


class HomeView(TemplateView):
    """The front page: a search box, the figures that matter, what is due and coming, the
    latest activity (also an Atom feed) and the action lines with their facilitators."""

    template_name = "actionlines/home.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            action_lines=action_line_tree(),
            figures=activity.figures(today),
            deadlines=activity.next_deadlines(UPCOMING_LIMIT, today),
            meetings=activity.next_meetings(UPCOMING_LIMIT, today),
            recent_changes=activity.activity(RECENT_LIMIT),
            **kwargs,
        )


class ActionLineListView(ListView):
    template_name = "actionlines/actionline_list.html"
    context_object_name = "action_lines"

    def get_queryset(self):
        return action_line_tree()


def roadmap_for(line):
    """The line's road-map targets with indicators, measurements and links prefetched; each
    indicator carries its ``chart`` and ``progress``."""
    indicators = Indicator.objects.prefetch_related("measurements", "sdg_targets", "gdc_objectives")
    targets = list(
        line.roadmap_targets.prefetch_related(
            "sdg_targets", "gdc_objectives", Prefetch("indicators", queryset=indicators)
        )
    )
    for target in targets:
        for indicator in target.indicators.all():
            indicator.chart = indicator_chart(indicator)
            indicator.progress = progress_percent(indicator)
            measurements = list(indicator.measurements.all())
            indicator.latest = measurements[-1] if measurements else None
    return targets


class ActionLineDetailView(DetailView):
    template_name = "actionlines/actionline_detail.html"
    context_object_name = "line"

    def get_queryset(self):
        return ActionLine.objects.select_related("parent").prefetch_related(
            FACILITATIONS, "sublines"
        )

    def get_context_data(self, **kwargs):
        line = self.object
        entries = (
            StocktakingEntry.objects.published()
            .for_action_line(line.code)
            .order_by("-published_at", "-id")[:5]
        )
        return super().get_context_data(
            can_edit=can_edit_action_line(self.request.user, line),
            sdg_links=line.sdg_links.select_related("target__goal"),
            roadmap=roadmap_for(line),
            mandates=with_lights(mandates_for_line(line)),
            meetings=line.meetings.all()[:10],
            entries=entries,
            latest_revision=line.revisions.select_related("author").first(),
            **kwargs,
        )


class OrganizationDetailView(DetailView):
    template_name = "actionlines/organization_detail.html"
    context_object_name = "organization"

    def get_queryset(self):
        return Organization.objects.prefetch_related(
            Prefetch(
                "facilitations",
                queryset=Facilitation.objects.select_related("action_line"),
            )
        )

    def get_context_data(self, **kwargs):
        organization = self.object
        mandates = (
            Mandate.objects.select_related("document", "paragraph__document", "clause", "event")
            .prefetch_related(MANDATE_UPDATES, PARTIES, "action_lines")
            .order_by(F("deadline").asc(nulls_last=True), "pk")
        )
        return super().get_context_data(
            mandates=with_lights(mandates.addressed_to(organization)),
            partner_mandates=with_lights(mandates.partnered_with(organization)),
            updates=organization.mandate_updates.select_related("mandate").order_by("-created_at")[
                :20
            ],
            **kwargs,
        )


class SDGMatrixView(TemplateView):
    """The WSIS–SDG matrix twice: the links the facilitators made (targets of each goal each
    line serves, each with its rationale) and what the stocktaking database observes
    (published projects per line and goal, a heat map whose cells open the matching search)."""

    template_name = "actionlines/sdg_matrix.html"

    def get_context_data(self, **kwargs):
        goals = list(SustainableDevelopmentGoal.objects.all())
        links = list(
            ActionLineSDGTarget.objects.select_related("action_line", "target__goal").order_by(
                "action_line__sort_order", "target__goal__number", "target__sort_order"
            )
        )
        curated = Counter((link.action_line_id, link.target.goal.number) for link in links)
        observed = line_goal_counts()
        bounds = vega.bands(observed.values())
        search = reverse("stocktaking:entry-list")
        lines = []
        for line in ActionLine.objects.top_level().prefetch_related("sublines"):
            lines.append(line)
            lines.extend(line.sublines.all())
        rows = [(line, [(goal, curated[line.pk, goal.number]) for goal in goals]) for line in lines]
        heat = []
        for line in lines:
            cells = []
            for goal in goals:
                n = observed.get((line.code, goal.number), 0)
                query = urlencode({"action_line": line.code, "sdg": goal.number})
                cells.append(
                    {
                        "goal": goal,
                        "count": n,
                        "band": vega.band_of(n, bounds),
                        "url": f"{search}?{query}",
                    }
                )
            heat.append((line, cells))
        return super().get_context_data(
            goals=goals, rows=rows, links=links, heat=heat, has_observed=bool(observed), **kwargs
        )


class MeetingListView(ListView):
    """Every coordination meeting, filtered by ``CoordinationMeetingFilterSet`` (the API's
    own: ``?q=`` words, action line, dates…); a bad value is an error and a 400."""

    template_name = "actionlines/meeting_list.html"
    context_object_name = "meetings"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = CoordinationMeetingFilterSet(
            self.request.GET or None,
            queryset=CoordinationMeeting.objects.select_related("organizer").prefetch_related(
                "action_lines"
            ),
        )
        if self.filterset.is_bound and not self.filterset.is_valid():
            return CoordinationMeeting.objects.none()
        return self.filterset.qs

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            can_create=is_facilitator(self.request.user),
            filter=self.filterset,
            q=self.filterset.form.cleaned_data.get("q", "") if self.filterset.is_bound else "",
            query_string=query.urlencode(),
            **kwargs,
        )


class MeetingDetailView(DetailView):
    template_name = "actionlines/meeting_detail.html"
    context_object_name = "meeting"

    def get_queryset(self):
        return CoordinationMeeting.objects.select_related("organizer").prefetch_related(
            "action_lines"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_edit=can_edit_meeting(self.request.user, self.object), **kwargs
        )


class PageHistoryView(DetailView):
    """Every revision of a line's page, and a diff between any two (``?from=&to=``).

    Public like the page itself: a line's page has no drafts (every save is published), so its
    history shows nothing that was not public once. Restoring is for its editors only.
    """

    template_name = "actionlines/page_history.html"
    context_object_name = "line"
    model = ActionLine

    def get_context_data(self, **kwargs):
        line = self.object
        revisions = list(line.revisions.select_related("author"))
        by_version = {r.version: r for r in revisions}
        diff = None
        older = newer = None
        if len(revisions) >= 2:
            older = by_version.get(_int(self.request.GET.get("from")), revisions[1])
            newer = by_version.get(_int(self.request.GET.get("to")), revisions[0])
            diff = line_diff(older.content, newer.content)
        return super().get_context_data(
            revisions=revisions,
            older=older,
            newer=newer,
            diff=diff,
            can_edit=can_edit_action_line(self.request.user, line),
            **kwargs,
        )


class PageRevisionView(DetailView):
    """One old version of a line's page, rendered as the live page renders it (the same
    Markdown and sanitising), with who saved it, when, and links to compare or restore it.
    Public like the history."""

    template_name = "actionlines/page_revision.html"
    context_object_name = "revision"

    def get_object(self, queryset=None):
        return get_object_or_404(
            PageRevision.objects.select_related("action_line", "author"),
            action_line__slug=self.kwargs["slug"],
            version=self.kwargs["version"],
        )

    def get_context_data(self, **kwargs):
        line = self.object.action_line
        return super().get_context_data(
            line=line,
            is_current=self.object.version == line.page_version,
            can_edit=can_edit_action_line(self.request.user, line),
            **kwargs,
        )


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Facilitator workspace -----------------------------------------------------------------


class LineEditMixin(TwoFactorRequiredMixin, LoginRequiredMixin):
    """For pages that change an action line: anonymous users are sent to sign in, users who
    may not edit the line (``can_edit_action_line``) get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.line = get_object_or_404(ActionLine, slug=kwargs["slug"])
        if not can_edit_action_line(request.user, self.line):
            raise PermissionDenied("Only facilitators of this action line may change it.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(line=self.line, **kwargs)


class PageEditView(LineEditMixin, FormView):
    """Edit the Markdown page: "Preview" renders it without saving, "Save" keeps a revision.

    A save on a stale base version shows the conflict page (409) with the stored text and the
    editor's own, the form keeping theirs and now based on the current version.
    """

    template_name = "actionlines/page_edit.html"
    form_class = PageEditForm

    def get_initial(self):
        return {"content": self.line.page_content, "base_version": self.line.page_version}

    def form_valid(self, form):
        data = form.cleaned_data
        if "preview" in self.request.POST:
            return self.render_to_response(
                self.get_context_data(form=form, preview=render_markdown(data["content"]))
            )
        try:
            services.save_page(
                self.line,
                data["content"],
                base_version=data["base_version"],
                by=self.request.user,
                summary=data["summary"],
            )
        except services.StaleEdit:
            return self.conflict(form)
        messages.success(self.request, _("Page saved."))
        return redirect(self.line)

    def conflict(self, form):
        self.line.refresh_from_db()
        data = form.cleaned_data
        merge_form = PageEditForm(
            initial={
                "content": data["content"],
                "summary": data["summary"],
                "base_version": self.line.page_version,
            }
        )
        current = self.line.revisions.select_related("author").first()
        context = self.get_context_data(
            form=merge_form,
            conflict=True,
            yours=data["content"],
            theirs=self.line.page_content,
            current_revision=current,
            your_base=data["base_version"],
            diff=line_diff(self.line.page_content, data["content"]),
        )
        return render(self.request, "actionlines/page_conflict.html", context, status=409)


class RestoreRevisionView(LineEditMixin, View):
    """GET asks for confirmation, showing what restoring would change; POST restores the
    revision as a new one. A revision whose text the page already has is refused (no empty
    version), on the confirmation page and on POST alike."""

    template_name = "actionlines/page_restore.html"

    def get(self, request, slug, version):
        revision = get_object_or_404(PageRevision, action_line=self.line, version=version)
        same = revision.content == self.line.page_content
        context = {
            "line": self.line,
            "revision": revision,
            "same": same,
            "diff": None if same else line_diff(self.line.page_content, revision.content),
        }
        return render(request, self.template_name, context)

    def post(self, request, slug, version):
        revision = get_object_or_404(PageRevision, action_line=self.line, version=version)
        try:
            restored = services.restore_revision(
                self.line,
                revision,
                base_version=_int(request.POST.get("base_version")),
                by=request.user,
            )
        except services.NothingToRestore as nothing:
            messages.info(request, nothing.message)
        except services.StaleEdit:
            messages.error(
                request,
                _("The page changed while you were looking at its history; try again."),
            )
        else:
            messages.success(
                request,
                _("Version %(version)s restored as version %(new)s.")
                % {"version": version, "new": restored.version},
            )
        return redirect("actionlines:page-history", slug=self.line.slug)


class SDGLinksView(LineEditMixin, FormView):
    """The line's WSIS–SDG links: add one (or rewrite its rationale), remove one."""

    template_name = "actionlines/sdg_links.html"
    form_class = SDGLinkForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            links=self.line.sdg_links.select_related("target__goal"), **kwargs
        )

    def form_valid(self, form):
        try:
            services.link_sdg_target(
                self.line,
                form.cleaned_data["target"],
                rationale=form.cleaned_data["rationale"],
                by=self.request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Linked to target %(code)s.") % {"code": form.cleaned_data["target"].code},
        )
        return redirect("actionlines:sdg-links", slug=self.line.slug)


class SDGLinkDeleteView(LineEditMixin, View):
    def post(self, request, slug, pk):
        link = get_object_or_404(ActionLineSDGTarget, action_line=self.line, pk=pk)
        services.unlink_sdg_target(link, by=request.user)
        messages.success(
            request, _("Link to target %(code)s removed.") % {"code": link.target.code}
        )
        return redirect("actionlines:sdg-links", slug=self.line.slug)


class RoadmapView(TemplateView):
    """A line's road map (A/RES/80/173 ¶113): public, like the page; its facilitators also
    get the links to change it (the writes themselves check ``can_edit_action_line``)."""

    template_name = "actionlines/roadmap.html"

    def get_context_data(self, **kwargs):
        line = get_object_or_404(ActionLine, slug=self.kwargs["slug"])
        return super().get_context_data(
            line=line,
            roadmap=roadmap_for(line),
            can_edit=can_edit_action_line(self.request.user, line),
            **kwargs,
        )


class WorkspaceFormView(LineEditMixin, FormView):
    """One generic create/edit page for road-map objects: subclasses name the form, the
    heading and the service call in ``save``; service validation errors land on the form."""

    template_name = "actionlines/workspace_form.html"
    heading = ""

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if self.instance is not None:
            kwargs["instance"] = self.instance
        return kwargs

    @cached_property
    def instance(self):
        return None

    def get_heading(self):
        return self.heading

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=self.get_heading(), cancel_url=self.get_success_url(), **kwargs
        )

    def get_success_url(self):
        return reverse("actionlines:roadmap", args=[self.line.slug])

    def form_valid(self, form):
        try:
            self.save(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.get_success_url())


def _split_m2m(data, names=("sdg_targets", "gdc_objectives")):
    values = dict(data)
    m2m = {name: list(values.pop(name, [])) for name in names}
    return values, m2m


class RoadmapTargetFormView(WorkspaceFormView):
    form_class = RoadmapTargetForm

    @cached_property
    def instance(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(RoadmapTarget, action_line=self.line, pk=self.kwargs["pk"])

    def get_heading(self):
        if self.instance:
            return _("Edit target: %(title)s") % {"title": self.instance.title}
        return _("New road-map target")

    def save(self, data):
        values, m2m = _split_m2m(data)
        fresh = RoadmapTarget.objects.get(pk=self.instance.pk) if self.instance else None
        services.save_roadmap_target(self.line, fresh, by=self.request.user, **m2m, **values)


class IndicatorFormView(WorkspaceFormView):
    form_class = IndicatorForm

    @cached_property
    def roadmap_target(self):
        if "target_pk" in self.kwargs:
            return get_object_or_404(
                RoadmapTarget, action_line=self.line, pk=self.kwargs["target_pk"]
            )
        return self.instance.target

    @cached_property
    def instance(self):
        if "pk" not in self.kwargs:
            return None
        return get_object_or_404(
            Indicator.objects.select_related("target"),
            target__action_line=self.line,
            pk=self.kwargs["pk"],
        )

    def get_heading(self):
        if self.instance:
            return _("Edit indicator: %(name)s") % {"name": self.instance.name}
        return _("New indicator for “%(title)s”") % {"title": self.roadmap_target.title}

    def save(self, data):
        values, m2m = _split_m2m(data)
        fresh = Indicator.objects.get(pk=self.instance.pk) if self.instance else None
        services.save_indicator(self.roadmap_target, fresh, by=self.request.user, **m2m, **values)


class MeasurementCreateView(WorkspaceFormView):
    form_class = MeasurementForm

    @cached_property
    def indicator(self):
        return get_object_or_404(
            Indicator.objects.select_related("target"),
            target__action_line=self.line,
            pk=self.kwargs["pk"],
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "indicator": self.indicator}

    def get_heading(self):
        return _("New measurement of “%(name)s” (%(unit)s)") % {
            "name": self.indicator.name,
            "unit": self.indicator.unit,
        }

    def save(self, data):
        services.record_measurement(self.indicator, by=self.request.user, **data)


class MyActionLinesView(TwoFactorRequiredMixin, LoginRequiredMixin, TemplateView):
    """The lines the signed-in facilitator's organisations facilitate, with workspace links."""

    template_name = "actionlines/my_action_lines.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_facilitator(request.user):
            raise PermissionDenied("This page is for action-line facilitators.")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        lines = (
            ActionLine.objects.filter(facilitated_by(self.request.user))
            .distinct()
            .select_related("parent")
            .prefetch_related(FACILITATIONS)
            .order_by("sort_order")
        )
        return super().get_context_data(lines=lines, **kwargs)


class MeetingEditMixin(TwoFactorRequiredMixin, LoginRequiredMixin):
    """For pages that change a meeting: anonymous users are sent to sign in; an existing
    meeting (``pk``) needs ``can_edit_meeting``, a new one ``is_facilitator``; others get 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.meeting = None
        if "pk" in kwargs:
            self.meeting = get_object_or_404(CoordinationMeeting, pk=kwargs["pk"])
            allowed = can_edit_meeting(request.user, self.meeting)
        else:
            allowed = is_facilitator(request.user)
        if not allowed:
            raise PermissionDenied("Only facilitators of the meeting's action lines may edit it.")
        return super().dispatch(request, *args, **kwargs)


class MeetingFormView(MeetingEditMixin, FormView):
    """Create a meeting (any facilitator) or edit one (a facilitator of one of its lines)."""

    template_name = "actionlines/workspace_form.html"
    form_class = CoordinationMeetingForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        if self.meeting:
            kwargs["instance"] = CoordinationMeeting.objects.get(pk=self.meeting.pk)
        else:
            mine = ActionLine.objects.filter(facilitated_by(self.request.user)).distinct()
            kwargs.setdefault("initial", {})["action_lines"] = list(mine[:1])
        return kwargs

    def get_context_data(self, **kwargs):
        if self.meeting:
            heading = _("Edit meeting: %(title)s") % {"title": self.meeting.title}
        else:
            heading = _("New meeting")
        cancel = (
            reverse("actionlines:meeting-detail", args=[self.meeting.pk])
            if self.meeting
            else reverse("actionlines:meeting-list")
        )
        return super().get_context_data(heading=heading, cancel_url=cancel, **kwargs)

    def form_valid(self, form):
        data = dict(form.cleaned_data)
        action_lines = list(data.pop("action_lines"))
        try:
            meeting = services.save_meeting(
                self.meeting, by=self.request.user, action_lines=action_lines, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, _("Meeting saved."))
        return redirect("actionlines:meeting-detail", pk=meeting.pk)


# --- Deletions (confirmed on a page of their own) -------------------------------------------


class ConfirmDeleteView(TemplateView):
    """GET: a page that names what will be deleted and what goes with it; POST: delete it
    through a service (which keeps a copy in the audit log) and go back.

    Subclasses combine it with the mixin that checks permission (``LineEditMixin``,
    ``MeetingEditMixin``) and declare ``kind``, ``name_field``, ``get_object``,
    ``question``, ``button``, ``done``, ``consequences``, ``delete`` and the URLs.
    """

    template_name = "actionlines/confirm_delete.html"
    name_field = "title"
    #: Whole sentences, not a noun slotted into one, so that each language can agree them:
    #: the page's question (with %(name)s), its button, and the message once deleted.
    question = ""
    button = ""
    done = ""

    @cached_property
    def object(self):
        return self.get_object()

    def consequences(self) -> str:
        return ""

    def get_cancel_url(self):
        return self.get_success_url()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            question=self.question % {"name": getattr(self.object, self.name_field)},
            button=self.button,
            consequences=self.consequences(),
            cancel_url=self.get_cancel_url(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        name = getattr(self.object, self.name_field)
        success_url = self.get_success_url()
        self.delete(self.object)
        messages.success(request, self.done % {"name": name})
        return HttpResponseRedirect(success_url)


class RoadmapTargetDeleteView(LineEditMixin, ConfirmDeleteView):
    question = gettext_lazy("Delete the road-map target “%(name)s”?")
    button = gettext_lazy("Delete the road-map target")
    done = gettext_lazy("Road-map target “%(name)s” deleted.")

    def get_object(self):
        return get_object_or_404(RoadmapTarget, action_line=self.line, pk=self.kwargs["pk"])

    def consequences(self):
        indicators = self.object.indicators.count()
        if not indicators:
            return ""
        measurements = Measurement.objects.filter(indicator__target=self.object).count()
        indicators_phrase = ngettext("%(count)s indicator", "%(count)s indicators", indicators) % {
            "count": indicators
        }
        measurements_phrase = ngettext(
            "%(count)s measurement", "%(count)s measurements", measurements
        ) % {"count": measurements}
        return _("Its %(indicators)s and their %(measurements)s are deleted with it.") % {
            "indicators": indicators_phrase,
            "measurements": measurements_phrase,
        }

    def delete(self, target):
        services.delete_roadmap_target(target, by=self.request.user)

    def get_success_url(self):
        return reverse("actionlines:roadmap", args=[self.line.slug])


class IndicatorDeleteView(LineEditMixin, ConfirmDeleteView):
    question = gettext_lazy("Delete the indicator “%(name)s”?")
    button = gettext_lazy("Delete the indicator")
    done = gettext_lazy("Indicator “%(name)s” deleted.")
    name_field = "name"

    def get_object(self):
        return get_object_or_404(Indicator, target__action_line=self.line, pk=self.kwargs["pk"])

    def consequences(self):
        measurements = self.object.measurements.count()
        if not measurements:
            return ""
        return ngettext(
            "Its %(count)s measurement is deleted with it.",
            "Its %(count)s measurements are deleted with it.",
            measurements,
        ) % {"count": measurements}

    def delete(self, indicator):
        services.delete_indicator(indicator, by=self.request.user)

    def get_success_url(self):
        return reverse("actionlines:roadmap", args=[self.line.slug])


class MeasurementDeleteView(LineEditMixin, ConfirmDeleteView):
    question = gettext_lazy("Delete the measurement “%(name)s”?")
    button = gettext_lazy("Delete the measurement")
    done = gettext_lazy("Measurement “%(name)s” deleted.")
    name_field = "label"

    def get_object(self):
        return get_object_or_404(
            Measurement.objects.select_related("indicator"),
            indicator__target__action_line=self.line,
            pk=self.kwargs["pk"],
        )

    def delete(self, measurement):
        services.delete_measurement(measurement, by=self.request.user)

    def get_success_url(self):
        return reverse("actionlines:roadmap", args=[self.line.slug])


class MeetingDeleteView(MeetingEditMixin, ConfirmDeleteView):
    question = gettext_lazy("Delete the meeting “%(name)s”?")
    button = gettext_lazy("Delete the meeting")
    done = gettext_lazy("Meeting “%(name)s” deleted.")

    def get_object(self):
        return self.meeting

    def delete(self, meeting):
        services.delete_meeting(meeting, by=self.request.user)

    def get_cancel_url(self):
        return reverse("actionlines:meeting-detail", args=[self.meeting.pk])

    def get_success_url(self):
        return reverse("actionlines:meeting-list")

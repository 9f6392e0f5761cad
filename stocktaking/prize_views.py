"""WSIS Prizes pages: the editions, an edition with its 18 categories and the user's
nomination form, a category with its nominees (votes, shortlist and winner controls by
phase and role). Writes go through ``stocktaking.prizes``; rules come from ``permissions``."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView, TemplateView

from . import prizes
from .models import Nomination, PrizeCategory, PrizeEdition, PrizeVote, StocktakingEntry
from .permissions import can_judge_prizes, can_nominate, can_vote

Phase = PrizeEdition.Phase


class PrizeEditionListView(ListView):
    template_name = "stocktaking/prizes/edition_list.html"
    context_object_name = "editions"

    def get_queryset(self):
        return PrizeEdition.objects.all()


class PrizeEditionView(TemplateView):
    template_name = "stocktaking/prizes/edition_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edition = get_object_or_404(PrizeEdition, year=self.kwargs["year"])
        user = self.request.user
        categories = (
            edition.categories.select_related("action_line")
            .annotate(nomination_count=Count("nominations"))
            .order_by("action_line__sort_order", "action_line__code")
        )
        phase = edition.phase()
        results = []
        if edition.results_published_at:
            results = [(c, prizes.category_results(c)) for c in categories]
        nominable = []
        if phase == Phase.NOMINATION and user.is_authenticated:
            taken = Nomination.objects.filter(edition=edition).values("entry")
            nominable = [
                entry
                for entry in StocktakingEntry.objects.published()
                .filter(submitter=user)
                .exclude(pk__in=taken)
                if can_nominate(user, entry)
            ]
        mine = (
            Nomination.objects.filter(edition=edition, nominated_by=user).select_related(
                "entry", "category__action_line"
            )
            if user.is_authenticated
            else []
        )
        context.update(
            edition=edition,
            phase=phase,
            phase_label=Phase(phase).label,
            categories=categories,
            results=results,
            nominable=nominable,
            my_nominations=mine,
            can_judge=can_judge_prizes(user),
        )
        return context


class PrizeCategoryView(TemplateView):
    template_name = "stocktaking/prizes/category_detail.html"

    def get_category(self):
        return get_object_or_404(
            PrizeCategory.objects.select_related("edition", "action_line"),
            edition__year=self.kwargs["year"],
            action_line__code=self.kwargs["code"],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        category = self.get_category()
        edition = category.edition
        phase = edition.phase()
        user = self.request.user
        judge = can_judge_prizes(user)
        nominations = (
            Nomination.objects.filter(category=category)
            .select_related("entry")
            .annotate(vote_count=Count("votes"))
            .order_by("-is_shortlisted", "created_at", "pk")
        )
        if not judge and phase in (Phase.NOMINATION, Phase.EXPERT_REVIEW, Phase.UPCOMING):
            nominations = nominations.none()  # the nominees are public once shortlisted
        elif not judge:
            # Public pages show reviewed content only: the published version of each entry
            # (an owner's update waits beside it, unseen, until a moderator publishes it);
            # an entry no longer public (archived, sent back) leaves the page.
            nominations = nominations.filter(
                is_shortlisted=True, entry__state=StocktakingEntry.State.PUBLISHED
            )
        my_vote = (
            PrizeVote.objects.filter(category=category, voter=user).first()
            if user.is_authenticated
            else None
        )
        context.update(
            category=category,
            edition=edition,
            phase=phase,
            phase_label=Phase(phase).label,
            nominations=nominations,
            # Counts stay hidden while voting runs (no bandwagon), shown once it closed.
            show_counts=phase == Phase.RESULTS,
            can_vote=can_vote(user) and phase == Phase.VOTING and my_vote is None,
            my_vote=my_vote,
            can_shortlist=judge and phase == Phase.EXPERT_REVIEW,
            can_choose_winner=judge and phase == Phase.RESULTS,
            results=prizes.category_results(category) if edition.results_published_at else None,
        )
        return context


class PrizeActionView(LoginRequiredMixin, View):
    """POST: nominate, vote, shortlist, choose winner, publish results."""

    def post(self, request, year, action):
        edition = get_object_or_404(PrizeEdition, year=year)
        user = request.user
        back = edition.get_absolute_url()
        try:
            if action == "nominate":
                entry = get_object_or_404(
                    StocktakingEntry, pk=request.POST.get("entry"), submitter=user
                )
                category = get_object_or_404(
                    PrizeCategory, edition=edition, pk=request.POST.get("category")
                )
                if not can_nominate(user, entry):
                    raise PermissionDenied
                prizes.nominate(entry, category, by=user)
                messages.success(request, _("“%(title)s” is nominated.") % {"title": entry.title})
            elif action == "withdraw-nomination":
                nomination = get_object_or_404(
                    Nomination.objects.select_related("entry", "category__action_line", "edition"),
                    edition=edition,
                    pk=request.POST.get("nomination"),
                    entry__submitter=user,
                )
                prizes.withdraw_nomination(nomination, by=user)
                messages.success(
                    request,
                    _("The nomination of “%(title)s” is withdrawn.")
                    % {"title": nomination.entry.title},
                )
            elif action == "publish-results":
                if not can_judge_prizes(user):
                    raise PermissionDenied
                prizes.publish_results(edition, by=user)
                messages.success(request, _("The results are public."))
            else:
                nomination = get_object_or_404(
                    Nomination.objects.select_related("category__action_line", "edition"),
                    edition=edition,
                    pk=request.POST.get("nomination"),
                )
                back = nomination.category.get_absolute_url()
                if action == "vote":
                    if not can_vote(user):
                        raise PermissionDenied
                    prizes.vote(nomination, by=user)
                    messages.success(request, _("Thank you: your vote is counted."))
                elif action in ("shortlist", "unshortlist", "winner"):
                    if not can_judge_prizes(user):
                        raise PermissionDenied
                    if action == "winner":
                        prizes.choose_winner(nomination, by=user)
                    else:
                        prizes.set_shortlisted(nomination, action == "shortlist", by=user)
                    messages.success(request, _("Saved."))
                else:
                    raise PermissionDenied
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return redirect(back)

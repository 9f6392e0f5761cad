"""The WSIS Prizes: the writes (services) and the results read.

Each write checks the edition's phase and the rules of the step, writes in one transaction
and records an audit event. Who may call what is ``permissions``' question (the views ask);
the phase and one-of rules live here and in the database constraints, so a second nomination
of a project or a second vote in a category fails even when two requests race.

Champions: per category, the five shortlisted nominations with the most votes, the winner
left out (ties: the earlier nomination first).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from actionlines.models import ActionLine
from wsis_portal.models import record

from .models import Nomination, PrizeCategory, PrizeEdition, PrizeVote, StocktakingEntry

Phase = PrizeEdition.Phase
CHAMPIONS_PER_CATEGORY = 5


def prize_lines():
    """The lines that are prize categories: every line without sub-lines (C7's eight
    sub-lines instead of C7 itself): 18 with the full reference data."""
    return ActionLine.objects.filter(sublines__isnull=True).order_by("sort_order", "code")


def _require_phase(edition, *phases):
    # The calendar as stored now, not as a caller's copy remembers it.
    phase = PrizeEdition.objects.get(pk=edition.pk).phase()
    if phase not in phases:
        raise ValidationError(
            _(
                "The WSIS Prizes %(year)s are in their “%(phase)s” phase; this can be done "
                "only during: %(allowed)s."
            )
            % {
                "year": edition.year,
                "phase": Phase(phase).label,
                "allowed": ", ".join(str(Phase(p).label) for p in phases),
            },
            code="wrong_phase",
        )


@transaction.atomic
def create_edition(*, year, nomination_opens, nomination_closes, voting_opens, voting_closes, by):
    """A new edition with its categories (one per prize line)."""
    edition = PrizeEdition(
        year=year,
        nomination_opens=nomination_opens,
        nomination_closes=nomination_closes,
        voting_opens=voting_opens,
        voting_closes=voting_closes,
    )
    edition.full_clean()
    edition.save()
    PrizeCategory.objects.bulk_create(
        [PrizeCategory(edition=edition, action_line=line) for line in prize_lines()]
    )
    record("stocktaking.prize.edition_created", edition, actor=by, after={"year": year})
    return edition


@transaction.atomic
def change_calendar(edition, *, by, **dates):
    """Move an edition's phases (any of its four dates); audited with the dates before and
    after. The phase a day falls in follows the stored dates at once."""
    stored = PrizeEdition.objects.select_for_update().get(pk=edition.pk)
    before = {
        name: str(getattr(stored, name))
        for name, value in dates.items()
        if getattr(stored, name) != value
    }
    for name, value in dates.items():
        setattr(stored, name, value)
    stored.full_clean()
    stored.save()
    if before:
        after = {name: str(getattr(stored, name)) for name in before}
        record("stocktaking.prize.calendar_changed", stored, actor=by, before=before, after=after)
    return stored


@transaction.atomic
def nominate(entry, category, *, by) -> Nomination:
    """The owner nominates their published entry into one category (once per edition)."""
    edition = category.edition
    _require_phase(edition, Phase.NOMINATION)
    if entry.submitter_id != by.pk:
        raise ValidationError(_("Only the entry's owner may nominate it."), code="not_owner")
    if entry.state != StocktakingEntry.State.PUBLISHED:
        raise ValidationError(_("Only published entries can be nominated."), code="not_published")
    if not entry.action_lines.filter(pk=category.action_line_id).exists():
        raise ValidationError(
            _(
                "“%(title)s” is not tagged with %(line)s: nominate it in the category of one "
                "of its own action lines."
            )
            % {"title": entry.title, "line": category.action_line.code},
            code="not_its_line",
        )
    if Nomination.objects.filter(edition=edition, entry=entry).exists():
        raise ValidationError(
            _("This project is already nominated for the WSIS Prizes %(year)s.")
            % {"year": edition.year},
            code="duplicate",
        )
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                edition=edition, category=category, entry=entry, nominated_by=by
            )
    except IntegrityError as error:  # a concurrent nomination of the same project
        raise ValidationError(
            _("This project is already nominated for the WSIS Prizes %(year)s.")
            % {"year": edition.year},
            code="duplicate",
        ) from error
    record(
        "stocktaking.prize.nominated",
        nomination,
        actor=by,
        after={"entry": entry.pk, "category": category.action_line.code},
    )
    return nomination


@transaction.atomic
def withdraw_nomination(nomination, *, by) -> None:
    """The owner withdraws their nomination while nominations are open (it can then be
    nominated again, in another category)."""
    _require_phase(nomination.edition, Phase.NOMINATION)
    if nomination.entry.submitter_id != by.pk:
        raise ValidationError(
            _("Only the entry's owner may withdraw its nomination."), code="not_owner"
        )
    record(
        "stocktaking.prize.nomination_withdrawn",
        nomination,
        actor=by,
        before={"entry": nomination.entry_id, "category": nomination.category.action_line.code},
    )
    nomination.delete()


@transaction.atomic
def set_shortlisted(nomination, shortlisted: bool, *, by) -> Nomination:
    """Moderators (the experts) shortlist nominations during expert review."""
    _require_phase(nomination.edition, Phase.EXPERT_REVIEW)
    nomination.is_shortlisted = shortlisted
    nomination.save(update_fields=["is_shortlisted"])
    record(
        "stocktaking.prize.shortlisted" if shortlisted else "stocktaking.prize.unshortlisted",
        nomination,
        actor=by,
        after={"is_shortlisted": shortlisted},
    )
    return nomination


@transaction.atomic
def vote(nomination, *, by) -> PrizeVote:
    """A registered user's one vote in the nomination's category, during voting."""
    _require_phase(nomination.edition, Phase.VOTING)
    if not nomination.is_shortlisted:
        raise ValidationError(_("Only shortlisted projects can receive votes."), code="not_listed")
    if nomination.entry.state != StocktakingEntry.State.PUBLISHED:
        raise ValidationError(
            _(
                "This project is no longer public; it cannot receive votes unless a moderator "
                "publishes it again."
            ),
            code="not_public",
        )
    try:
        with transaction.atomic():
            ballot = PrizeVote.objects.create(
                category=nomination.category, nomination=nomination, voter=by
            )
    except IntegrityError as error:
        raise ValidationError(
            _("You have already voted in this category; each vote counts once."), code="voted"
        ) from error
    record("stocktaking.prize.voted", ballot, actor=by, after={"nomination": nomination.pk})
    return ballot


@transaction.atomic
def choose_winner(nomination, *, by) -> Nomination:
    """Moderators choose one winner per category among the shortlist, after voting."""
    _require_phase(nomination.edition, Phase.RESULTS)
    if not nomination.is_shortlisted:
        raise ValidationError(_("The winner must be a shortlisted project."), code="not_listed")
    previous = list(
        Nomination.objects.filter(category=nomination.category, is_winner=True).exclude(
            pk=nomination.pk
        )
    )
    Nomination.objects.filter(pk__in=[n.pk for n in previous]).update(is_winner=False)
    nomination.is_winner = True
    nomination.save(update_fields=["is_winner"])
    record(
        "stocktaking.prize.winner_chosen",
        nomination,
        actor=by,
        before={"winner": previous[0].pk if previous else None},
        after={"winner": nomination.pk},
    )
    return nomination


@transaction.atomic
def publish_results(edition, *, by) -> PrizeEdition:
    """Make winners and champions public (on the prizes page and the entries)."""
    _require_phase(edition, Phase.RESULTS)
    edition.results_published_at = timezone.now()
    edition.save(update_fields=["results_published_at"])
    record("stocktaking.prize.results_published", edition, actor=by)
    return edition


def category_results(category):
    """The category's shortlisted nominations with vote counts, most voted first, and its
    winner and champions (two queries)."""
    shortlisted = list(
        Nomination.objects.filter(category=category, is_shortlisted=True)
        .select_related("entry")
        .annotate(vote_count=Count("votes"))
        .order_by("-vote_count", "created_at", "pk")
    )
    winner = next((n for n in shortlisted if n.is_winner), None)
    champions = [n for n in shortlisted if not n.is_winner][:CHAMPIONS_PER_CATEGORY]
    return {"shortlisted": shortlisted, "winner": winner, "champions": champions}


def awards_of(entry):
    """The published prize results of an entry: [(edition year, line, "winner"|"champion",
    in the reader's language)]."""
    awards = []
    nominations = (
        Nomination.objects.filter(
            entry=entry, is_shortlisted=True, edition__results_published_at__isnull=False
        )
        .select_related("category__action_line", "edition")
        .order_by("-edition__year")
    )
    for nomination in nominations:
        if nomination.is_winner:
            awards.append(
                (
                    nomination.edition.year,
                    nomination.category.action_line,
                    pgettext("prize award", "winner"),
                )
            )
            continue
        results = category_results(nomination.category)
        if nomination.pk in {n.pk for n in results["champions"]}:
            awards.append(
                (
                    nomination.edition.year,
                    nomination.category.action_line,
                    pgettext("prize award", "champion"),
                )
            )
    return awards


def default_dates(year):
    """A sensible calendar for an edition (used by the management command)."""
    return {
        "nomination_opens": datetime.date(year - 1, 10, 1),
        "nomination_closes": datetime.date(year - 1, 12, 31),
        "voting_opens": datetime.date(year, 2, 1),
        "voting_closes": datetime.date(year, 3, 31),
    }

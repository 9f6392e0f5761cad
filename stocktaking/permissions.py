"""Who may see and change which stocktaking entries. A ``Q`` and a predicate per rule."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from .models import StocktakingEntry

MODERATORS_GROUP = "moderators"
EDITABLE_STATES = (StocktakingEntry.State.DRAFT, StocktakingEntry.State.CHANGES_REQUESTED)


def is_moderator(user) -> bool:
    """Moderators are the members of the ``moderators`` group (and superusers)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()


def moderators():
    """The active accounts the ``moderators`` group holds: who is told of new submissions."""
    return (
        get_user_model()
        .objects.filter(groups__name=MODERATORS_GROUP, is_active=True)
        .distinct()
        .order_by("username")
    )


def moderators_without_email():
    """Moderators who are never told of a new submission: their account has no e-mail."""
    return moderators().filter(email="")


def visible_to(user) -> Q:
    """Everyone sees published entries; owners see their own; moderators see all."""
    published = Q(state=StocktakingEntry.State.PUBLISHED)
    if not user.is_authenticated:
        return published
    if is_moderator(user):
        return Q()
    return published | Q(submitter=user)


def sees_contact_of(user):
    """Who reads an entry's contact e-mail: its owner and moderators, never the public.
    Returns a predicate ``submitter id -> bool``, having asked once whether ``user``
    moderates (a list asks it of every entry of a page)."""
    if not user.is_authenticated:
        return lambda submitter_id: False
    if is_moderator(user):
        return lambda submitter_id: True
    return lambda submitter_id: submitter_id == user.pk


def contact_readable(user) -> Q | bool:
    """``sees_contact_of`` as a condition on the entries (for a list PostgreSQL writes):
    True for every entry's, False for none, else a ``Q`` of those whose e-mail ``user``
    reads."""
    if not user.is_authenticated:
        return False
    if is_moderator(user):
        return True
    return Q(submitter_id=user.pk)


def can_edit_entry(user, entry) -> bool:
    """Owners edit their entry while it is a draft or has changes requested."""
    return (
        user.is_authenticated and entry.submitter_id == user.pk and entry.state in EDITABLE_STATES
    )


def can_reopen_entry(user, entry) -> bool:
    """Owners take their published entry back to a draft to update it (it is reviewed
    again before it is public)."""
    return (
        user.is_authenticated
        and entry.submitter_id == user.pk
        and entry.state == StocktakingEntry.State.PUBLISHED
    )


def can_link_organization(user, organization) -> bool:
    """An entry names a registered organisation only if its author is a member of it (or a
    superuser): anyone else would be publishing in that organisation's name. The submission
    form offers no other choice; the API asks this rule."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or organization.members.filter(pk=user.pk).exists()


def can_moderate(user, entry=None) -> bool:
    """Moderators change workflow states (publish, request changes, reject, archive)."""
    return is_moderator(user)


def can_nominate(user, entry) -> bool:
    """Owners nominate their own published entries for a prize."""
    return (
        user.is_authenticated
        and entry.submitter_id == user.pk
        and entry.state == StocktakingEntry.State.PUBLISHED
    )


def can_vote(user) -> bool:
    """Any registered (signed-in, active) user votes in the public prize vote."""
    return user.is_authenticated and user.is_active


def can_judge_prizes(user) -> bool:
    """Moderators are the prize experts: they shortlist, choose winners, publish results."""
    return is_moderator(user)

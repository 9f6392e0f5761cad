"""Who may post progress on which mandate. A ``Q`` for querysets and a predicate per rule.

One rule serves "my mandates", the tracker's addressee filter, the organisation page and the
permission to post: a mandate is a user's when one of their organisations is among its
addressee parties (``MandateParty``), named directly or resolved from a group such as "the
action line facilitators" by the importer. Partners and the body reported to do not post.
"""

from django.db.models import Q

from .models import Mandate, MandateParty


def addressed_to_user(user) -> Q:
    """Mandates addressed to one of ``user``'s organisations (a subquery: no repeated rows)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    parties = MandateParty.objects.filter(
        role=MandateParty.Role.ADDRESSEE, organization__members=user
    )
    return Q(pk__in=parties.values("mandate_id"))


def can_post_update(user, mandate) -> bool:
    """Members of an addressee (superusers for any)."""
    if not user.is_authenticated:
        return False
    return Mandate.objects.filter(addressed_to_user(user), pk=mandate.pk).exists()


def organizations_posting_for(user, mandate):
    """The user's organisations in whose name they may post progress on ``mandate``: its
    addressees they belong to (superusers: every addressee)."""
    from actionlines.models import Organization

    if not user.is_authenticated:
        return Organization.objects.none()
    organizations = Organization.objects.filter(
        mandate_parties__mandate=mandate, mandate_parties__role=MandateParty.Role.ADDRESSEE
    )
    if not user.is_superuser:
        organizations = organizations.filter(members=user)
    return organizations.distinct().order_by("acronym")


def can_change_update(user, update) -> bool:
    """Edit or withdraw a progress update: its author, or staff (issue 18, gap 4). Being a
    member of the same organisation is not enough: an update is one person's report."""
    if not user.is_authenticated:
        return False
    return user.is_staff or (update.author_id is not None and update.author_id == user.pk)

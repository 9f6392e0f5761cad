"""Who may post progress on which mandate. A ``Q`` for querysets and a predicate per rule."""

from django.db.models import Q

from actionlines.permissions import is_facilitator

from .models import Mandate


def addressed_to_user(user) -> Q:
    """Mandates addressed to one of ``user``'s organisations; and, for a facilitator, those
    addressed to all facilitators that concern every line or a line they facilitate.

    Filter with ``.filter(addressed_to_user(user)).distinct()``: the joins can repeat rows.
    """
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    rule = Q(addressees__members=user)
    if is_facilitator(user):
        rule |= Q(addresses_all_facilitators=True, applies_to_all_action_lines=True)
        rule |= Q(
            addresses_all_facilitators=True,
            action_lines__facilitations__organization__members=user,
            action_lines__facilitations__role__in=["lead", "co"],
        )
    return rule


def can_post_update(user, mandate) -> bool:
    """Members of an addressee, or facilitators when the mandate is addressed to them."""
    if not user.is_authenticated:
        return False
    return Mandate.objects.filter(addressed_to_user(user), pk=mandate.pk).exists()


def organizations_posting_for(user, mandate):
    """The user's organisations in whose name they may post progress on ``mandate``: those
    it is addressed to, and, when it is addressed to all facilitators, those that facilitate
    (lead or co) a line it concerns (any line when it concerns all). Superusers may post for
    any addressee or facilitating organisation."""
    from actionlines.models import Organization

    if not user.is_authenticated:
        return Organization.objects.none()
    rule = Q(mandates=mandate)
    if mandate.addresses_all_facilitators:
        facilitating = Q(facilitations__role__in=["lead", "co"])
        if not mandate.applies_to_all_action_lines:
            facilitating &= Q(facilitations__action_line__mandates=mandate)
        rule |= facilitating
    organizations = Organization.objects.filter(rule)
    if not user.is_superuser:
        organizations = organizations.filter(members=user)
    return organizations.distinct().order_by("acronym")

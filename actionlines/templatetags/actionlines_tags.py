"""Template filters for the navigation: which workspace links a signed-in user can use."""

from django import template
from django.db.models import Exists, OuterRef

from actionlines.models import Facilitation, plain_number

register = template.Library()


def _workspace_roles(user) -> tuple[bool, bool]:
    """(member of an organisation, member of a facilitating one) for the account menu, in
    one query, kept on the request's user object. Mirrors ``permissions.is_facilitator`` and
    the "My mandates" page's check, which guard the pages themselves."""
    if not user.is_authenticated:
        return False, False
    if user.is_superuser:
        return True, True
    if not hasattr(user, "_workspace_roles"):
        leads_or_co = Facilitation.objects.filter(
            organization=OuterRef("pk"), role__in=["lead", "co"]
        )
        facilitating = list(
            user.organizations.annotate(facilitates=Exists(leads_or_co)).values_list(
                "facilitates", flat=True
            )
        )
        user._workspace_roles = (bool(facilitating), any(facilitating))
    return user._workspace_roles


@register.filter
def is_facilitator(user):
    """``{% if user|is_facilitator %}``: a member of a facilitating organisation (or admin)."""
    return _workspace_roles(user)[1]


@register.filter
def has_organization(user):
    """``{% if user|has_organization %}``: a member of any organisation (or admin)."""
    return _workspace_roles(user)[0]


@register.filter
def facilitators(facilitations):
    """A line's lead and co-facilitators, without the cross-cutting contributors (OHCHR,
    UN-Women on every line), from its prefetched ``facilitations``."""
    return [f for f in facilitations if f.role != "cross_cutting"]


@register.filter
def measure(value):
    """An indicator's value as people write it (48.5, not 48.5000); "" for none."""
    return "" if value is None else plain_number(value)

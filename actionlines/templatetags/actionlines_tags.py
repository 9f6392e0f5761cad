"""Template filters for the navigation: which workspace links a signed-in user can use."""

from django import template

from actionlines import permissions

register = template.Library()


@register.filter
def is_facilitator(user):
    """``{% if user|is_facilitator %}``: a member of a facilitating organisation (or admin)."""
    return permissions.is_facilitator(user)


@register.filter
def has_organization(user):
    """``{% if user|has_organization %}``: a member of any organisation (or admin)."""
    return user.is_authenticated and (user.is_superuser or user.organizations.exists())

"""Template questions answered by ``stocktaking.permissions`` (templates only hide links;
the views enforce the same rules)."""

from django import template

from stocktaking import permissions

register = template.Library()


@register.filter
def is_moderator(user):
    return permissions.is_moderator(user)


@register.inclusion_tag("stocktaking/prizes/_line_awards.html")
def line_prize_awards(line):
    """Published WSIS Prize winners and champions of an action line, for its page:
    ``{% load stocktaking_tags %}{% line_prize_awards line %}``."""
    from stocktaking import prizes
    from stocktaking.models import PrizeCategory

    categories = (
        PrizeCategory.objects.filter(action_line=line, edition__results_published_at__isnull=False)
        .select_related("edition", "action_line")
        .order_by("-edition__year")[:3]
    )
    return {"awards": [(category, prizes.category_results(category)) for category in categories]}

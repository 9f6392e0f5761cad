"""Template questions answered by ``stocktaking.permissions`` (templates only hide links;
the views enforce the same rules)."""

from django import template
from django.http import QueryDict

from stocktaking import permissions

register = template.Library()


@register.filter
def is_moderator(user):
    return permissions.is_moderator(user)


@register.simple_tag
def waiting_for_review():
    """How many entries and updates of published entries wait for a moderator: the header's
    count, cached until the next write (signed-in moderators only ask; readers never do)."""
    from stocktaking.models import EntryUpdate, StocktakingEntry
    from wsis_portal.caching import cached

    def count():
        submitted = StocktakingEntry.State.SUBMITTED
        return (
            StocktakingEntry.objects.filter(state=submitted).count()
            + EntryUpdate.objects.filter(state=EntryUpdate.State.SUBMITTED).count()
        )

    return cached("stocktaking-waiting", (), count, per_language=False)


@register.simple_tag
def changes_requested_of(user):
    """How many of ``user``'s entries (or updates) a moderator sent back for changes."""
    from stocktaking.models import EntryUpdate, StocktakingEntry
    from wsis_portal.caching import cached

    def count():
        requested = StocktakingEntry.State.CHANGES_REQUESTED
        return (
            StocktakingEntry.objects.filter(submitter=user, state=requested).count()
            + EntryUpdate.objects.filter(entry__submitter=user, state=requested).count()
        )

    return cached("stocktaking-changes-requested", (user.pk,), count, per_language=False)


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


@register.inclusion_tag("stocktaking/_world_map.html")
def world_map(**filters):
    """The world map of the published entries that the search with ``filters`` finds, e.g.
    ``{% load stocktaking_tags %}{% world_map action_line=line.code %}`` (none: all of them).
    Its counts are the search page's facet counts for the same search, from the same cache."""
    from stocktaking import search, worldmap

    params = QueryDict(mutable=True)
    params.update(filters)
    facets, _current = search.page_facet_counts(params, search.search_queryset(params).qs)
    return {"world_map": worldmap.world_map(facets, params)}

"""Atom feeds of newly published stocktaking entries, whole and per action line, narrowed by
the search page's own filters when the address carries them (``?q=…&country=KE``: the
search page advertises its results' feed so), through the selector the page reads.

Everything in them is text a submitter typed: titles go as Atom text, summaries as escaped
HTML, so a feed reader never runs markup from an entry (issue 16, hole 9)."""

from dataclasses import dataclass
from urllib.parse import unquote_plus

from django.contrib.syndication.views import Feed
from django.core.exceptions import BadRequest
from django.db.models import QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from actionlines.models import ActionLine
from wsis_portal.links import absolute_url
from wsis_portal.text import one_line, plain_text

from .search import PAGING, search_queryset

#: Parameters of the search page that choose a page or an order, not entries.
NOT_FILTERS = (*PAGING, "ordering")


def _with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


@dataclass(frozen=True)
class FeedScope:
    """What a feed request selects: the action line of its address (or None), the search's
    filters as they go in a URL (paging and order left out), and the entries they select."""

    line: ActionLine | None
    query: str
    entries: QuerySet


class PublishedEntriesFeed(Feed):
    feed_type = Atom1Feed
    limit = 50

    def get_object(self, request, code=None):
        line = None if code is None else get_object_or_404(ActionLine, code__iexact=code)
        params = request.GET.copy()
        for name in NOT_FILTERS:
            params.pop(name, None)
        search = search_queryset(params, request=request)
        if not search.is_valid():
            raise BadRequest("Filters this feed does not understand.")
        entries = search.qs
        if line is not None:
            entries = entries.for_action_line(line.code)
        return FeedScope(line, params.urlencode(), entries)

    def title(self, scope):
        if scope.line is None:
            title = _("WSIS stocktaking: newly published projects")
        else:
            title = _("WSIS stocktaking: newly published projects, %(code)s %(title)s") % {
                "code": scope.line.code,
                "title": scope.line.local_title,
            }
        if scope.query:
            return one_line(f"{title} ({unquote_plus(scope.query)})")
        return title

    # Every link absolute on SITE_URL (wsis_portal.links), not on the host the feed was asked
    # at: Django's Feed only prefixes links that are not absolute yet.
    def link(self, scope):
        params = QueryDict(scope.query, mutable=True)
        if scope.line is not None:
            params.setlist("action_line", [scope.line.code])
        return absolute_url(_with_query(reverse("stocktaking:entry-list"), params.urlencode()))

    def feed_url(self, scope):
        if scope.line is None:
            url = reverse("stocktaking:feed")
        else:
            url = reverse("stocktaking:feed-action-line", args=[scope.line.code])
        return absolute_url(_with_query(url, scope.query))

    def item_link(self, entry):
        return absolute_url(entry.get_absolute_url())

    def subtitle(self, scope):
        return _("Projects published in the WSIS stocktaking database, newest first.")

    def items(self, scope):
        return scope.entries.order_by("-published_at", "-pk")[: self.limit]

    def item_title(self, entry):
        return one_line(entry.title)

    def item_description(self, entry):
        # Atom's <summary type="html"> is HTML to a feed reader: the description is plain
        # text, as on the entry's page, so it goes escaped, in paragraphs like there.
        text = f"{entry.organization_name}: {Truncator(entry.description).chars(500)}"
        return linebreaks(plain_text(text), autoescape=True)

    def item_pubdate(self, entry):
        return entry.published_at

    def item_updateddate(self, entry):
        return entry.updated_at

    def item_author_name(self, entry):
        return one_line(entry.organization_name)

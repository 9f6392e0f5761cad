"""Atom feeds of newly published stocktaking entries, whole and per action line.

Everything in them is text a submitter typed: titles go as Atom text, summaries as escaped
HTML, so a feed reader never runs markup from an entry (issue 16, hole 9)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from actionlines.models import ActionLine
from wsis_portal.links import absolute_url
from wsis_portal.text import one_line, plain_text

from .models import StocktakingEntry


class PublishedEntriesFeed(Feed):
    feed_type = Atom1Feed
    limit = 50

    def get_object(self, request, code=None):
        if code is None:
            return None
        return get_object_or_404(ActionLine, code__iexact=code)

    def title(self, line):
        if line is None:
            return _("WSIS stocktaking: newly published projects")
        return _("WSIS stocktaking: newly published projects, %(code)s %(title)s") % {
            "code": line.code,
            "title": line.local_title,
        }

    # Every link absolute on SITE_URL (wsis_portal.links), not on the host the feed was asked
    # at: Django's Feed only prefixes links that are not absolute yet.
    def link(self, line):
        url = reverse("stocktaking:entry-list")
        return absolute_url(f"{url}?action_line={line.code}" if line else url)

    def feed_url(self, line):
        if line is None:
            return absolute_url(reverse("stocktaking:feed"))
        return absolute_url(reverse("stocktaking:feed-action-line", args=[line.code]))

    def item_link(self, entry):
        return absolute_url(entry.get_absolute_url())

    def subtitle(self, line):
        return _("Projects published in the WSIS stocktaking database, newest first.")

    def items(self, line):
        entries = StocktakingEntry.objects.published()
        if line is not None:
            entries = entries.for_action_line(line.code)
        return entries.order_by("-published_at", "-pk")[: self.limit]

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

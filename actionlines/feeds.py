"""Atom feeds of the portal's activity (``activity.activity``), whole and per action line:
newly published projects and the facilitators' updates, the home page's stream.

Titles go as Atom text and summaries as escaped plain text, never as markup: entries' titles
and organisation names are typed by submitters, page summaries by editors, so a feed reader
never runs markup from them (issue 16, hole 9, as ``stocktaking.feeds``)."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaks
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from wsis_portal.links import absolute_url
from wsis_portal.text import one_line, plain_text

from .activity import activity
from .models import ActionLine


class ActivityFeed(Feed):
    feed_type = Atom1Feed
    limit = 50

    def get_object(self, request, slug=None):
        return None if slug is None else get_object_or_404(ActionLine, slug=slug)

    def title(self, line):
        if line is None:
            return _("WSIS Action Line Coordination Portal: latest activity")
        return _("%(code)s %(title)s: latest activity") % {
            "code": line.code,
            "title": line.local_title,
        }

    def subtitle(self, line):
        return _(
            "Newly published stocktaking projects, page edits, road-map measurements, "
            "mandate progress and coordination meetings, newest first."
        )

    # Links absolute on SITE_URL (wsis_portal.links), not on the host the feed was asked at.
    def link(self, line):
        return absolute_url(line.get_absolute_url() if line else reverse("actionlines:home"))

    def feed_url(self, line):
        if line is None:
            return absolute_url(reverse("actionlines:activity-feed"))
        return absolute_url(reverse("actionlines:activity-feed-line", args=[line.slug]))

    def items(self, line):
        return activity(self.limit, line)

    def item_title(self, item):
        return one_line(f"{item.kind}: {item.title}")

    def item_description(self, item):
        return linebreaks(plain_text(item.detail), autoescape=True)

    def item_link(self, item):
        return absolute_url(item.url)

    def item_guid(self, item):
        # Several items share a page (two progress updates on one mandate): the row keeps
        # each apart, so a reader shows both.
        return absolute_url(f"{item.url}#{item.key}")

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.when

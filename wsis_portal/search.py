"""One search box for everything (issue 15, item 4): the words of ``q`` looked for in the
action lines, organisations, published stocktaking projects, mandates, document paragraphs and
coordination meetings, each kind counted, its best few results shown and a link to the search
of its own (the stocktaking search, the paragraph search, the mandate tracker, the meetings).

Each kind is searched by its app's own selector (the FilterSet its list page and API list use,
``stocktaking.search.search_queryset`` for the projects), so what a group counts is what its
own search then shows; two queries a kind (the count and the first results), whatever the
size of the database. Only what the public may read is searched: published projects, never
drafts (``search_queryset``); the reference rows, mandates and meetings are public.

The page (``wsis_portal.views.SearchView``) and the API (``/api/v1/search/``) share
``SearchForm`` for what ``q`` may be and ``search_everything`` for the answer.
"""

from dataclasses import dataclass

from django import forms
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from actionlines.filters import (
    ActionLineFilterSet,
    CoordinationMeetingFilterSet,
    OrganizationFilterSet,
)
from actionlines.models import ActionLine, CoordinationMeeting, Organization
from mandates.filters import MandateFilterSet, ParagraphFilterSet
from mandates.models import Mandate, Paragraph
from mandates.reader import highlight_words
from mandates.search import attach_headlines, search_paragraphs
from stocktaking.filters import rank_matches
from stocktaking.search import headlines, search_queryset

from .caching import cached
from .filters import RowCount, search_words
from .templatetags.portal import marked
from .text import validate_one_line

#: Results shown per kind; the rest are behind the kind's own search.
RESULTS_PER_KIND = 5
#: Projects are counted exactly below this many expected matches, else estimated (as the
#: API list's ``count``: ``LargeTablePagination.exact_count_limit``).
EXACT_COUNT_LIMIT = 10_000
#: The longest ``q`` taken (characters): enough for any phrase, short of a pasted page.
QUERY_MAX_LENGTH = 200
EXCERPT_CHARS = 240


class SearchForm(forms.Form):
    """``q``: the words, required, one line, at most ``QUERY_MAX_LENGTH`` characters (Django's
    ``CharField`` refuses null characters too)."""

    q = forms.CharField(
        label=_("Search the portal"),
        max_length=QUERY_MAX_LENGTH,
        validators=[validate_one_line],
        error_messages={"required": _("Type a word or two to search for.")},
        help_text=_(
            "Projects, mandates, document paragraphs, action lines, organisations and meetings. "
            '"Quoted words" find a phrase, -word leaves it out.'
        ),
    )


@dataclass(frozen=True)
class Result:
    """One thing found: its words as plain text (for the API), and as escaped HTML with the
    matches in ``<mark>`` (for the page)."""

    title: str
    url: str
    excerpt: str
    meta: str
    title_html: SafeString
    excerpt_html: SafeString
    #: The language of its words when not the page's: the UN documents' English.
    lang: str = ""


@dataclass(frozen=True)
class Group:
    """What one kind has for ``q``: how many match, the first few, and where to see all."""

    kind: str
    label: str
    count: int
    results: list[Result]
    more_url: str | None
    #: ``count`` is PostgreSQL's estimate: too many match to count them on every new search.
    count_is_estimate: bool = False


def _marked(text: str, q: str) -> SafeString:
    """``text`` escaped, each word of ``q`` in it in <mark> (whole text, however long)."""
    return highlight_words(text, search_words(q), context=len(text))


def _excerpt(text: str) -> str:
    return Truncator(" ".join(text.split())).chars(EXCERPT_CHARS)


def _with_q(url_name: str, q: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'q': q})}"


def _filtered(filterset_class, queryset, q):
    """``queryset`` searched by ``filterset_class``'s own ``q`` filter."""
    return filterset_class(QueryDict(urlencode({"q": q})), queryset=queryset).qs


def _action_lines(q):
    lines = _filtered(ActionLineFilterSet, ActionLine.objects.order_by("sort_order", "code"), q)
    results = [
        Result(
            title=f"{line.code} {line.local_title}",
            url=line.get_absolute_url(),
            excerpt="",
            meta="",
            # Names in the reader's language, or marked with their own (``marked``).
            title_html=format_html("{} {}", line.code, marked(line.local_title)),
            excerpt_html=mark_safe(""),
        )
        for line in lines[:RESULTS_PER_KIND]
    ]
    return lines.count(), results, reverse("actionlines:list")


def _organizations(q):
    found = _filtered(OrganizationFilterSet, Organization.objects.order_by("acronym"), q)
    results = [
        Result(
            title=o.choice_label,
            url=o.get_absolute_url(),
            excerpt="",
            meta=o.get_kind_display(),
            title_html=(
                marked(o.local_name)
                if o.acronym_is_a_name
                else format_html("{} — {}", o.acronym, marked(o.local_name))
            ),
            excerpt_html=mark_safe(""),
        )
        for o in found[:RESULTS_PER_KIND]
    ]
    return found.count(), results, None


def _entries(q):
    """Counted exactly when PostgreSQL expects fewer than ``EXACT_COUNT_LIMIT`` matches, as
    the API list counts them; more are its estimate (counting the 169,000 entries matching
    ``mobile health`` at 1,000,000 took two seconds of every new search)."""
    matches = search_queryset(QueryDict(urlencode({"q": q}))).qs
    rows = RowCount(matches, remember=True, count_below=EXACT_COUNT_LIMIT)
    ranked, _ = rank_matches(matches, q, rows=rows)
    entries = list(ranked[:RESULTS_PER_KIND])
    headlines(entries, q)
    results = [
        Result(
            title=e.title,
            url=e.get_absolute_url(),
            excerpt=_excerpt(e.description),
            meta=e.organization_name,
            title_html=e.title_html,
            excerpt_html=e.excerpt_html,
        )
        for e in entries
    ]
    more = _with_q("stocktaking:entry-list", q)
    if rows.known is None and rows.estimate is not None and rows.estimate >= EXACT_COUNT_LIMIT:
        return rows.estimate, results, more, True
    return rows.exact(), results, more


def _mandates(q):
    found = _filtered(MandateFilterSet, Mandate.objects.select_related("document"), q)
    results = [
        Result(
            title=m.title,
            url=m.get_absolute_url(),
            excerpt=_excerpt(m.request),
            meta=m.document.symbol or m.document.short_title or m.document.title,
            title_html=_marked(m.title, q),
            excerpt_html=highlight_words(m.request, search_words(q)),
            lang="en",
        )
        for m in found[:RESULTS_PER_KIND]
    ]
    return found.count(), results, _with_q("mandates:mandate-list", q)


def _paragraphs(q):
    found = _filtered(ParagraphFilterSet, Paragraph.objects.all(), q)
    paragraphs = attach_headlines(search_paragraphs(found, q)[:RESULTS_PER_KIND], q)
    results = [
        Result(
            title=str(p),
            url=p.get_absolute_url(),
            excerpt=_excerpt(p.text),
            meta=p.section,
            title_html=escape(str(p)),
            excerpt_html=p.headline_html,
            lang="en",
        )
        for p in paragraphs
    ]
    return found.count(), results, _with_q("mandates:paragraph-search", q)


def _meetings(q):
    found = _filtered(
        CoordinationMeetingFilterSet, CoordinationMeeting.objects.order_by("-date", "-pk"), q
    )
    results = [
        Result(
            title=m.title,
            url=reverse("actionlines:meeting-detail", args=[m.pk]),
            excerpt=_excerpt(m.agenda or m.minutes),
            meta=m.date.isoformat(),
            title_html=_marked(m.title, q),
            excerpt_html=highlight_words(m.agenda or m.minutes, search_words(q)),
        )
        for m in found[:RESULTS_PER_KIND]
    ]
    return found.count(), results, _with_q("actionlines:meeting-list", q)


#: The kinds, in the order the page shows them: the few reference rows a reader may be
#: looking for by name first, then the many projects, mandates, paragraphs and meetings.
KINDS = (
    ("action_lines", _("Action lines"), _action_lines),
    ("organizations", _("Organisations"), _organizations),
    ("entries", _("Stocktaking projects"), _entries),
    ("mandates", _("Mandates"), _mandates),
    ("paragraphs", _("Document paragraphs"), _paragraphs),
    ("meetings", _("Coordination meetings"), _meetings),
)


def search_everything(q: str) -> list[Group]:
    """Every kind's answer to ``q`` (a cleaned ``SearchForm`` value), in ``KINDS`` order."""
    groups = []
    for kind, label, search in KINDS:
        count, results, more_url, *estimated = search(q)
        groups.append(Group(kind, str(label), count, results, more_url, any(estimated)))
    return groups


def cached_search(q: str) -> list[Group]:
    """``search_everything(q)``, kept per language until content changes (the page and the
    API ask the same words)."""
    return cached("global-search", q, lambda: search_everything(q))

"""Full-text search over paragraphs: ordering and highlighted snippets.

The filtering itself is ``ParagraphFilterSet.filter_q`` (shared with the API), which ranks on
PostgreSQL; this module adds what only the HTML page needs: a stable order when nothing is
ranked, related rows in a constant number of queries, and the highlighted headline.
"""

from django.contrib.postgres.search import SearchHeadline
from django.db.models import Prefetch

from actionlines.models import ActionLine
from wsis_portal.filters import search_query, search_words, uses_postgres

from .models import Mandate
from .reader import START_SEL, STOP_SEL, headline_html, highlight_words


def search_paragraphs(queryset, q: str):
    """``queryset`` (already filtered) ready for a result page: best match first on
    PostgreSQL, reading order otherwise; documents joined, action lines and mandates
    prefetched, and on PostgreSQL a ``headline`` marked with ``START_SEL``/``STOP_SEL``."""
    queryset = queryset.select_related("document").prefetch_related(
        Prefetch("action_lines", queryset=ActionLine.objects.order_by("sort_order")),
        Prefetch("mandates", queryset=Mandate.objects.order_by("pk")),
        "clauses",
    )
    if q and uses_postgres():
        query = search_query(q)
        return queryset.annotate(
            headline=SearchHeadline(
                "text",
                query,
                config="english",
                start_sel=START_SEL,
                stop_sel=STOP_SEL,
                max_words=45,
                min_words=20,
                max_fragments=3,
                fragment_delimiter=" … ",
            )
        )
    if "search_rank" in queryset.query.annotations:
        return queryset
    return queryset.order_by("-document__date", "document__slug", "order")


def attach_headlines(paragraphs, q: str):
    """Each paragraph of a result page with ``headline_html``: its matches in <mark>,
    everything escaped."""
    paragraphs = list(paragraphs)
    words = search_words(q or "")
    for paragraph in paragraphs:
        headline = getattr(paragraph, "headline", None)
        if headline is not None:
            paragraph.headline_html = headline_html(headline)
        else:
            paragraph.headline_html = highlight_words(paragraph.text, words)
    return paragraphs

"""Celery tasks of the stocktaking database: thin wrappers around the services."""

from celery import shared_task
from django.conf import settings

from . import notifications


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_notifications(ids) -> int:
    """Queued after a workflow transition commits: send its pending notifications."""
    return notifications.deliver_pending(ids)


@shared_task
def sweep_notifications() -> int:
    """Periodic (Celery beat): send every notification still pending, e.g. those written
    while the broker was down."""
    return notifications.deliver_pending()


@shared_task
def mark_inactive_entries_task() -> int:
    """Daily (Celery beat): mark entries with no owner update for two years as inactive."""
    from .services import mark_inactive_entries

    return mark_inactive_entries()


@shared_task
def build_export(job, query_string, file_format, language=None) -> str:
    """A large "download these results": build the file and report progress, with its labels
    and names in the ``language`` of the page it was asked from (as a small one is)."""
    from django.utils import translation

    from .exports import run_export

    with translation.override(language or settings.LANGUAGE_CODE):
        run_export(job, query_string, file_format)
    return job


@shared_task
def remind_owners_task() -> int:
    """Daily (Celery beat): once a year, ask owners to update their published entries."""
    written = notifications.write_update_reminders()
    notifications.deliver_pending()
    return written


@shared_task
def count_search_facets(params, language=None) -> None:
    """The search page's facet counts for a broad search (GET parameters as (name, values)
    pairs), into the cache where the page looks for them (search.page_facet_counts), labelled
    in the page's ``language`` (the cache keeps each language's apart)."""
    from django.http import QueryDict
    from django.utils import translation

    from .search import cached_facet_counts, search_queryset

    query = QueryDict(mutable=True)
    for name, values in params:
        query.setlist(name, values)
    with translation.override(language or settings.LANGUAGE_CODE):
        cached_facet_counts(query, search_queryset(query).qs)


@shared_task
def build_bulk_data_task() -> str:
    """Nightly (Celery beat): a new version of the published database's downloads (Data
    Package and Parquet, ``stocktaking.bulk``); returns the version."""
    from .bulk import build_bulk_data

    return build_bulk_data()["version"]

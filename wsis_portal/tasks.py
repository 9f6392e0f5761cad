"""Celery tasks of the shared plumbing: thin wrappers."""

from celery import shared_task


@shared_task
def forget_idempotency_keys_task() -> int:
    """Daily (Celery beat): delete the one-time keys past their lifetime."""
    from .idempotency import forget_expired_keys

    return forget_expired_keys()

"""Celery tasks of the mandate tracker: thin wrappers around the services."""

from celery import shared_task

from .reminders import send_deadline_reminders


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def send_deadline_reminders_task() -> int:
    """Daily (Celery beat): e-mail deadline reminders, each once."""
    return send_deadline_reminders()


@shared_task(autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def build_report_pdf_task(export_id: str) -> str:
    """Build a CSTD report's PDF (``reports.run_report_export``); the export page polls it."""
    from .reports import run_report_export

    return run_report_export(export_id).status


@shared_task
def sweep_report_exports_task() -> int:
    """Every minute (Celery beat): queue report exports the broker missed, fail stuck ones."""
    from .reports import sweep_report_exports

    return sweep_report_exports()

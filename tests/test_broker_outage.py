"""With the Celery broker unreachable, work that needs a worker is kept and says so.

The CSTD report PDF stays a pending row ("Queued") that the periodic sweep queues once the
broker is back; a large stocktaking export whose task cannot be queued fails visibly at once,
with a way to ask again, instead of leaving a job that never moves. Neither request errors.
"""

import datetime
import os
from contextlib import contextmanager

import pytest
from django.urls import reverse

from mandates.models import ReportExport
from mandates.reports import sweep_report_exports
from tests.stocktaking.conftest import broker
from tests.stocktaking.test_redis_outage import free_port
from tests.support.factories import ActionLineFactory, StocktakingEntryFactory
from wsis_portal.celery import app as celery_app

PERIOD = {"from": "2026-01-01", "to": "2026-06-30"}


@contextmanager
def broker_down():
    """Tasks go to a broker port where nothing listens, on this run's own queue (the name
    Celery keeps for the rest of the process: the same as ``real_broker``'s)."""
    before = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = f"stocktaking-tests-{os.getpid()}"
    try:
        with broker(f"redis://127.0.0.1:{free_port()}/0"):
            yield
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = before


@pytest.mark.django_db(transaction=True)
def test_report_pdf_requested_while_the_broker_is_down_is_queued_then_built(
    client, stakeholder, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    ActionLineFactory(code="C7", slug="c7", title="ICT applications")
    client.force_login(stakeholder)
    with broker_down():
        response = client.post("/action-lines/c7/report/pdf/", PERIOD)
        export = ReportExport.objects.get()
        assert response.status_code == 302 and response["Location"] == export.get_absolute_url()
        page = client.get(export.get_absolute_url()).content.decode()
        assert "Queued" in page and 'http-equiv="refresh"' in page
        # The sweep cannot queue it either while the broker is down: it stays pending.
        later = export.created_at + datetime.timedelta(minutes=2)
        assert sweep_report_exports(now=later) == 0
    export.refresh_from_db()
    assert export.status == ReportExport.Status.PENDING

    celery_app.conf.task_always_eager = True  # the broker (and a worker) are back
    try:
        assert sweep_report_exports(now=later) == 1
    finally:
        celery_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    export.refresh_from_db()
    assert export.status == ReportExport.Status.DONE
    assert "Download the PDF" in client.get(export.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_a_report_build_that_died_is_shown_as_failed(client):
    line = ActionLineFactory(code="C7", slug="c7", title="ICT applications")
    export = ReportExport.objects.create(
        action_line=line,
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2026, 6, 30),
        status=ReportExport.Status.RUNNING,
    )
    sweep_report_exports(now=export.created_at + datetime.timedelta(hours=1))
    page = client.get(export.get_absolute_url()).content.decode()
    assert "could not be built" in page and "request the PDF again" in page
    assert 'http-equiv="refresh"' not in page


@pytest.mark.django_db
def test_large_export_with_the_broker_down_fails_visibly_with_a_retry(client, monkeypatch):
    from stocktaking import exports

    StocktakingEntryFactory.create_batch(2, state="published")
    monkeypatch.setattr(exports, "SYNC_LIMIT", 1)
    with broker_down():
        response = client.get(reverse("stocktaking:export-csv"), {"q": ""})
    assert response.status_code == 302
    status = client.get(response.url, {"format": "json"}).json()
    assert status["state"] == "failed"
    page = client.get(response.url).content.decode()
    assert "could not be prepared" in page and "unavailable" in page
    assert reverse("stocktaking:export-csv") in status["retry_url"]


def test_the_sweeps_run_every_minute(settings):
    """What the broker missed goes out within a minute of its return."""
    schedule = {
        entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert schedule["stocktaking.tasks.sweep_notifications"] <= 60
    assert schedule["mandates.tasks.sweep_report_exports_task"] <= 60

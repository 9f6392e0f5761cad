"""Notifications through the outbox with a real Redis broker and an in-process worker.

Mail goes out only after the transition commits, never after a rollback; with the broker down
the submission is saved, the notification stays pending, and the sweep delivers it exactly
once when the broker is back. Uses Redis DB 5 and a queue of this run's own.
"""

import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from stocktaking import notifications, services
from stocktaking.models import Notification, StocktakingEntry
from stocktaking.tasks import sweep_notifications
from tests.support.factories import StocktakingEntryFactory
from wsis_portal.celery import app

from .conftest import BROKER, broker, make_entry, wait_for

CLOSED_PORT = "redis://127.0.0.1:6390/0"


@pytest.fixture
def moderators(moderator):
    return [moderator]


@pytest.mark.django_db(transaction=True)
def test_mail_sent_after_commit_only(worker, stakeholder, moderators):
    entry = StocktakingEntryFactory(submitter=stakeholder)
    with transaction.atomic():
        services.submit_entry(entry, by=stakeholder)
        time.sleep(1.5)  # a worker would have had time to send, had the task been queued
        assert mail.outbox == []
    assert wait_for(lambda: len(mail.outbox) == 1)
    message = mail.outbox[0]
    assert message.to == ["moderator@example.org"]
    assert "New submission" in message.subject and entry.title in message.subject
    assert f"/stocktaking/moderation/{entry.pk}/" in message.body
    row = Notification.objects.get()
    assert row.status == Notification.Status.SENT and row.sent_at is not None
    time.sleep(1)
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_no_mail_and_no_row_on_rollback(worker, stakeholder, moderators):
    entry = StocktakingEntryFactory(submitter=stakeholder)

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        services.submit_entry(entry, by=stakeholder)
        raise Abort
    time.sleep(2)
    assert mail.outbox == []
    assert not Notification.objects.exists()
    entry.refresh_from_db()
    assert entry.state == StocktakingEntry.State.DRAFT


@pytest.mark.django_db(transaction=True)
def test_broker_down_loses_nothing_and_sweep_sends_once(
    real_broker, client, stakeholder, moderators, catalog, monkeypatch
):
    import redis

    queue = redis.Redis.from_url(BROKER)
    queue.delete(real_broker)
    entry = make_entry(stakeholder, "draft", catalog=catalog)
    from .conftest import complete_post_data

    warnings = []
    monkeypatch.setattr(notifications.logger, "warning", lambda *args: warnings.append(args))
    client.force_login(stakeholder)
    with broker(CLOSED_PORT):
        response = client.post(
            reverse("stocktaking:entry-edit", args=[entry.pk]),
            complete_post_data(catalog, confirm_not_duplicate="on"),
        )
    assert response.status_code == 302
    assert warnings and "Could not queue notifications" in warnings[0][0]
    assert queue.llen(real_broker) == 0  # nothing reached the (real) broker
    entry.refresh_from_db()
    assert entry.state == StocktakingEntry.State.SUBMITTED
    row = Notification.objects.get()
    assert row.status == Notification.Status.PENDING
    assert mail.outbox == []
    # The broker is back: the periodic sweep, through the real broker and a worker.
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        sweep_notifications.delay()
        assert wait_for(lambda: len(mail.outbox) == 1)
        sweep_notifications.delay()
        sweep_notifications.delay()
        time.sleep(2)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["moderator@example.org"]
    row.refresh_from_db()
    assert row.status == Notification.Status.SENT
    assert notifications.deliver_pending() == 0


@pytest.mark.django_db
def test_each_decision_mails_the_submitter_with_the_reason(
    stakeholder, moderator, django_capture_on_commit_callbacks
):
    entry = make_entry(stakeholder, "submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_entry(entry, by=moderator, comment="Not an ICT project.")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [stakeholder.email]
    assert "rejected" in message.subject
    assert "Not an ICT project." in message.body


@pytest.mark.django_db
def test_owner_actions_mail_nobody(stakeholder, moderator, django_capture_on_commit_callbacks):
    entry = make_entry(stakeholder, "submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_entry(entry, by=stakeholder)
    assert mail.outbox == []


@pytest.mark.django_db
def test_one_row_per_transition_and_recipient(stakeholder, moderator):
    entry = make_entry(stakeholder, "submitted")
    row = Notification.objects.filter(recipient=moderator).first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Notification.objects.create(
            transition=row.transition,
            recipient=moderator,
            email="x@example.org",
            subject="s",
            body="b",
        )
    assert entry.transitions.count() >= 1


@pytest.mark.django_db
def test_failed_send_stays_pending_and_is_retried(
    stakeholder, moderator, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise OSError("SMTP unreachable")

    monkeypatch.setattr(notifications, "send_mail", broken)
    entry = StocktakingEntryFactory(submitter=stakeholder)
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_entry(entry, by=stakeholder)
    row = Notification.objects.get(recipient=moderator)
    assert row.status == "pending" and "SMTP unreachable" in row.last_error
    monkeypatch.undo()
    assert notifications.deliver_pending(now=row.next_attempt_at) == 1
    assert len(mail.outbox) == 1


def test_sweep_is_scheduled():
    tasks = {entry["task"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()}
    assert "stocktaking.tasks.sweep_notifications" in tasks
    assert "stocktaking.tasks.mark_inactive_entries_task" in tasks
    assert {"stocktaking.tasks.sweep_notifications", "stocktaking.tasks.send_notifications"} <= set(
        app.tasks
    )

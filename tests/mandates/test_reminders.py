"""Deadline reminders reach the addressees' members once per window, never twice."""

import datetime

import pytest
from django.core import mail

from actionlines.models import Facilitation
from mandates.models import Due, Mandate, MandateReminder
from mandates.reminders import reminder_window, send_deadline_reminders
from mandates.services import address_facilitators
from mandates.tasks import send_deadline_reminders_task
from tests.support.factories import (
    ActionLineFactory,
    MandateFactory,
    MembershipFactory,
    OrganizationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 1)


@pytest.fixture
def itu_mandate():
    itu = OrganizationFactory(acronym="ITU")
    MembershipFactory(organization=itu, user__username="ana")
    MembershipFactory(organization=itu, user__username="ben")
    mandate = MandateFactory(
        title="Report on financing mechanisms", deadline=TODAY + datetime.timedelta(days=20)
    )
    mandate.parties.create(organization=itu, role="addressee")
    return mandate


def test_window_is_the_narrowest_that_today_falls_in():
    day = datetime.date(2027, 12, 31)
    deadline = Due(day, approximate=False)
    assert reminder_window(deadline, day - datetime.timedelta(days=120)) is None
    assert reminder_window(deadline, day - datetime.timedelta(days=60)) == 90
    assert reminder_window(deadline, day - datetime.timedelta(days=30)) == 30
    assert reminder_window(deadline, day - datetime.timedelta(days=3)) == 7
    assert reminder_window(deadline, day + datetime.timedelta(days=1)) is None


def test_members_of_the_addressee_are_reminded_once(itu_mandate):
    assert send_deadline_reminders(TODAY) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["ana@example.org", "ben@example.org"]
    message = mail.outbox[0]
    assert "Report on financing mechanisms" in message.subject
    assert f"/mandates/{itu_mandate.pk}/" in message.body

    assert send_deadline_reminders(TODAY) == 0
    assert send_deadline_reminders(TODAY + datetime.timedelta(days=1)) == 0
    assert len(mail.outbox) == 2
    assert MandateReminder.objects.filter(sent_at__isnull=False).count() == 2


def test_next_window_sends_a_new_reminder(itu_mandate):
    send_deadline_reminders(TODAY)
    assert send_deadline_reminders(itu_mandate.deadline - datetime.timedelta(days=5)) == 2
    assert len(mail.outbox) == 4


def test_completed_overdue_and_far_mandates_send_nothing(itu_mandate):
    Mandate.objects.filter(pk=itu_mandate.pk).update(status=Mandate.Status.COMPLETED)
    assert send_deadline_reminders(TODAY) == 0
    Mandate.objects.filter(pk=itu_mandate.pk).update(status=Mandate.Status.IN_PROGRESS)
    assert send_deadline_reminders(itu_mandate.deadline + datetime.timedelta(days=1)) == 0
    assert send_deadline_reminders(itu_mandate.deadline - datetime.timedelta(days=200)) == 0
    assert mail.outbox == []


def test_mandate_to_all_facilitators_reaches_facilitators_of_its_lines():
    line = ActionLineFactory(code="C5", slug="c5")
    unrelated = ActionLineFactory(code="C9", slug="c9")
    itu, unesco = OrganizationFactory(acronym="ITU"), OrganizationFactory(acronym="UNESCO")
    Facilitation.objects.create(action_line=line, organization=itu, role="lead")
    Facilitation.objects.create(action_line=unrelated, organization=unesco, role="lead")
    MembershipFactory(organization=itu, user__username="itu-staff")
    MembershipFactory(organization=unesco, user__username="unesco-staff")
    UserFactory(username="bystander")
    mandate = MandateFactory(
        addresses_all_facilitators=True, deadline=TODAY + datetime.timedelta(days=6)
    )
    mandate.action_lines.add(line)
    address_facilitators(mandate)
    assert send_deadline_reminders(TODAY) == 1
    assert mail.outbox[0].to == ["itu-staff@example.org"]

    Mandate.objects.filter(pk=mandate.pk).update(applies_to_all_action_lines=True)
    mandate.refresh_from_db()
    address_facilitators(mandate)
    assert send_deadline_reminders(TODAY) == 1
    assert mail.outbox[1].to == ["unesco-staff@example.org"]


def test_a_failed_send_is_retried_by_the_next_run(itu_mandate, monkeypatch):
    """The SMTP server is outside the machine: make it fail once, then come back."""
    from mandates import reminders

    real_send = reminders.send_mail
    monkeypatch.setattr(reminders, "send_mail", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        send_deadline_reminders(TODAY)
    assert mail.outbox == []
    assert MandateReminder.objects.filter(sent_at__isnull=True).count() == 2
    monkeypatch.setattr(reminders, "send_mail", real_send)
    assert send_deadline_reminders(TODAY) == 2
    assert len(mail.outbox) == 2


def test_beat_task_runs_the_service(itu_mandate):
    """The task wraps the service (eager here); with today far from the deadline, no mail."""
    assert send_deadline_reminders_task.apply().get() == 0

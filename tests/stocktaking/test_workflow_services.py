"""The workflow in the services: drafts, submission, decisions, withdraw, duplicates,
inactive marking; every transition logged with who, when and why."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from stocktaking import services
from stocktaking.models import EntryTransition, StocktakingEntry
from tests.support.factories import StocktakingEntryFactory
from wsis_portal.models import AuditEvent

from .conftest import make_entry

pytestmark = pytest.mark.django_db
State = StocktakingEntry.State


def test_a_draft_needs_only_a_title(stakeholder):
    entry = services.create_entry(by=stakeholder, title="Idea", allow_incomplete=True)
    assert entry.state == State.DRAFT and entry.description == ""
    with pytest.raises(ValidationError) as error:
        services.create_entry(by=stakeholder, title="", allow_incomplete=True)
    assert "title" in error.value.message_dict


def test_an_incomplete_draft_cannot_be_submitted(stakeholder):
    entry = services.create_entry(by=stakeholder, title="Idea", allow_incomplete=True)
    with pytest.raises(ValidationError) as error:
        services.submit_entry(entry, by=stakeholder)
    assert set(error.value.message_dict) == {
        "description",
        "organization_name",
        "stakeholder_type",
    }
    entry.refresh_from_db()
    assert entry.state == State.DRAFT
    assert not EntryTransition.objects.filter(entry=entry).exists()


def test_full_workflow_is_logged(stakeholder, moderator):
    entry = StocktakingEntryFactory(submitter=stakeholder)
    services.submit_entry(entry, by=stakeholder)
    services.request_changes(entry, by=moderator, comment="Add the countries.")
    services.update_entry(entry, by=stakeholder, description="Now with countries.")
    services.submit_entry(entry, by=stakeholder)
    services.publish_entry(entry, by=moderator)
    services.archive_entry(entry, by=moderator, comment="Project ended long ago.")
    steps = list(
        EntryTransition.objects.filter(entry=entry).values_list(
            "from_state", "to_state", "actor__username", "comment"
        )
    )
    assert steps == [
        ("draft", "submitted", "stakeholder", ""),
        ("submitted", "changes_requested", "moderator", "Add the countries."),
        ("changes_requested", "submitted", "stakeholder", ""),
        ("submitted", "published", "moderator", ""),
        ("published", "archived", "moderator", "Project ended long ago."),
    ]
    actions = set(
        AuditEvent.objects.filter(object_id=str(entry.pk)).values_list("action", flat=True)
    )
    assert {"stocktaking.entry.published", "stocktaking.entry.updated"} <= actions


@pytest.mark.parametrize("action", ["request_changes", "reject"])
def test_decisions_that_need_a_reason(stakeholder, moderator, action):
    entry = make_entry(stakeholder, "submitted")
    with pytest.raises(ValidationError) as error:
        services.transition_entry(entry, action, by=moderator, comment="  ")
    assert "comment" in error.value.message_dict
    entry.refresh_from_db()
    assert entry.state == State.SUBMITTED


@pytest.mark.parametrize(
    ("state", "after"),
    [
        ("submitted", State.DRAFT),
        ("draft", State.ARCHIVED),
        ("changes_requested", State.ARCHIVED),
        ("published", State.ARCHIVED),
    ],
)
def test_withdraw(stakeholder, state, after):
    entry = make_entry(stakeholder, state)
    transition = services.withdraw_entry(entry, by=stakeholder)
    entry.refresh_from_db()
    assert entry.state == after == transition.to_state


@pytest.mark.parametrize("state", ["rejected", "archived"])
def test_withdraw_refused_when_decided(stakeholder, state):
    entry = make_entry(stakeholder, state)
    with pytest.raises(services.TransitionNotAllowed):
        services.withdraw_entry(entry, by=stakeholder)


def test_likely_duplicates_by_similar_title_and_organisation(stakeholder, other_stakeholder):
    original = make_entry(
        other_stakeholder,
        "published",
        title="Telemedicine for rural clinics in Kenya",
        organization_name="Health Link",
    )
    make_entry(other_stakeholder, "published", title="Open data portal", organization_name="X")
    hidden_draft = make_entry(
        other_stakeholder, "draft", title="Telemedicine for rural clinics", organization_name="H"
    )
    found = list(
        services.likely_duplicates(
            "Telemedicine in rural clinics",
            "Health Link Kenya",
            among=StocktakingEntry.objects.exclude(state=State.DRAFT),
        )
    )
    assert found == [original]
    assert hidden_draft not in found


def test_inactive_after_two_years_and_cleared_by_the_owner(stakeholder):
    entry = make_entry(stakeholder, "published")
    StocktakingEntry.objects.filter(pk=entry.pk).update(
        last_owner_update_at=timezone.now() - datetime.timedelta(days=731)
    )
    fresh = make_entry(stakeholder, "published")
    assert services.mark_inactive_entries() == 1
    assert services.mark_inactive_entries() == 0
    entry.refresh_from_db()
    fresh.refresh_from_db()
    assert entry.is_inactive and not fresh.is_inactive
    services.confirm_entry_current(entry, by=stakeholder)
    entry.refresh_from_db()
    assert not entry.is_inactive
    assert AuditEvent.objects.filter(action="stocktaking.entry.marked_inactive").count() == 1


def test_mark_inactive_command(stakeholder, capsys):
    from django.core.management import call_command

    entry = make_entry(stakeholder, "published")
    StocktakingEntry.objects.filter(pk=entry.pk).update(
        last_owner_update_at=timezone.now() - datetime.timedelta(days=800)
    )
    call_command("mark_inactive_entries")
    assert "1 entries marked inactive" in capsys.readouterr().out


def test_owners_reminded_once_a_year(stakeholder, other_stakeholder):
    from django.core import mail

    from stocktaking import notifications
    from stocktaking.models import Notification
    from stocktaking.tasks import remind_owners_task

    stale = make_entry(stakeholder, "published", title="Old project")
    make_entry(other_stakeholder, "published", title="Fresh project")
    StocktakingEntry.objects.filter(pk=stale.pk).update(
        last_owner_update_at=timezone.now() - datetime.timedelta(days=400)
    )
    mail.outbox.clear()
    assert remind_owners_task() == 1
    assert remind_owners_task() == 0  # once a year
    reminders = [m for m in mail.outbox if "still up to date" in m.subject]
    assert len(reminders) == 1 and reminders[0].to == [stakeholder.email]
    assert "Old project" in reminders[0].subject
    next_year = timezone.now() + datetime.timedelta(days=366)
    assert notifications.write_update_reminders(now=next_year) >= 1
    assert Notification.objects.filter(kind="update_reminder", entry=stale).count() == 2


def test_inactive_entries_shown_and_filterable(client, stakeholder):
    entry = make_entry(stakeholder, "published", title="Dormant project")
    make_entry(stakeholder, "published", title="Lively project")
    StocktakingEntry.objects.filter(pk=entry.pk).update(is_inactive=True)
    titles = lambda r: [e.title for e in r.context["entries"]]  # noqa: E731
    assert set(titles(client.get("/stocktaking/"))) == {"Dormant project", "Lively project"}
    assert titles(client.get("/stocktaking/", {"is_inactive": "true"})) == ["Dormant project"]
    assert titles(client.get("/stocktaking/", {"is_inactive": "false"})) == ["Lively project"]
    assert "inactive" in client.get(entry.get_absolute_url()).content.decode().lower()

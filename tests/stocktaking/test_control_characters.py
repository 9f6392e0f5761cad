"""Control characters (issue 16, hole 3): refused at input in the forms, the API and the
admin; rows written before the rule still give working feeds, exports and mail; the outbox
gives up on a notification that cannot be sent and never lets such rows hold back the others.
"""

import pytest
from django.core import mail
from django.urls import reverse

from stocktaking import notifications, services
from stocktaking.models import Notification, StocktakingEntry
from tests.api.conftest import client_for
from tests.support.factories import MandateFactory, StocktakingEntryFactory, UserFactory

from .conftest import complete_post_data, make_entry

pytestmark = pytest.mark.django_db

ONE_LINE_MESSAGE = "Use a single line, without line breaks, tabs or other control characters."
TEXT_MESSAGE = "Remove the invisible control characters"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "Telemedicine\nfor all", ONE_LINE_MESSAGE),
        ("title", "Telemedicine\x0bfor all", ONE_LINE_MESSAGE),
        ("organization_name", "Health\x7fLink", ONE_LINE_MESSAGE),
        ("description", "Video consultations\x0b for clinics.", TEXT_MESSAGE),
        ("description", "Video\x1b[31m consultations.", TEXT_MESSAGE),
    ],
)
def test_submission_form_refuses_control_characters(
    client, stakeholder, catalog, field, value, message
):
    client.force_login(stakeholder)
    response = client.post("/stocktaking/new/", complete_post_data(catalog, **{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not StocktakingEntry.objects.exists()


def test_line_breaks_and_tabs_are_fine_in_a_description(client, stakeholder, catalog):
    client.force_login(stakeholder)
    text = "First paragraph.\r\n\r\n\tIndented second paragraph."
    response = client.post("/stocktaking/new/", complete_post_data(catalog, description=text))
    assert response.status_code == 302
    assert StocktakingEntry.objects.get().description == text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Line one\nline two"),
        ("title", "Vertical\x0btab"),
        ("organization_name", "Bell\x07"),
        ("description", "Escape \x1b sequence"),
        ("description", "NUL \x00 byte"),
    ],
)
def test_api_refuses_control_characters_naming_the_field(stakeholder, field, value):
    payload = {
        "title": "Telemedicine",
        "description": "Video consultations.",
        "organization_name": "Health Link",
        "stakeholder_type": "civil_society",
        field: value,
    }
    response = client_for(stakeholder).post("/api/v1/stocktaking/", payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not StocktakingEntry.objects.exists()


def test_api_page_save_progress_and_comment_refuse_control_characters(
    line, facilitator, moderator, stakeholder
):
    response = client_for(facilitator).patch(
        f"/api/v1/action-lines/{line.code}/",
        {"page_content": "Intro\x0c page", "page_version": 0},
        format="json",
    )
    assert response.status_code == 400 and "page_content" in response.json()
    response = client_for(facilitator).patch(
        f"/api/v1/action-lines/{line.code}/",
        {"page_content": "Intro", "page_version": 0, "summary": "two\nlines"},
        format="json",
    )
    assert response.status_code == 400 and "summary" in response.json()

    mandate = MandateFactory()
    mandate.parties.create(organization=facilitator.organizations.get(), role="addressee")
    response = client_for(facilitator).post(
        "/api/v1/mandate-updates/",
        {"mandate": mandate.pk, "status": "completed", "text": "Done\x08."},
        format="json",
    )
    assert response.status_code == 400 and "text" in response.json()

    entry = make_entry(stakeholder, "submitted")
    response = client_for(moderator).post(
        f"/api/v1/stocktaking/{entry.pk}/reject/", {"comment": "No\x1b."}, format="json"
    )
    assert response.status_code == 400 and "comment" in response.json()
    entry.refresh_from_db()
    assert entry.state == "submitted"


def test_admin_refuses_control_characters(client, admin_user, stakeholder):
    entry = StocktakingEntryFactory(submitter=stakeholder, title="Clean title")
    client.force_login(admin_user)
    url = reverse("admin:stocktaking_stocktakingentry_change", args=[entry.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: form[name].value()
        for name in form.fields
        if name != "logo" and form[name].value() not in (None, False)
    }
    data.update(
        {"title": "Dirty\x0btitle", "transitions-TOTAL_FORMS": 0, "transitions-INITIAL_FORMS": 0}
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert ONE_LINE_MESSAGE in response.content.decode()
    entry.refresh_from_db()
    assert entry.title == "Clean title"


@pytest.fixture
def poisoned_entry(stakeholder, catalog):
    """A published entry whose text holds control characters, as rows written before the
    input rule do."""
    entry = make_entry(stakeholder, "published", catalog=catalog, title="Clean")
    StocktakingEntry.objects.filter(pk=entry.pk).update(
        title="Poisoned\x0b title\nacross lines",
        organization_name="Org\x1banisation\x7f",
        description="Text with \x0c form feed and \x08 backspace.",
    )
    return entry


def test_feeds_and_exports_survive_old_poisoned_rows(client, poisoned_entry):
    for url in (
        reverse("stocktaking:feed"),
        reverse("stocktaking:feed-action-line", args=["C7"]),
        reverse("stocktaking:export-csv"),
        reverse("stocktaking:export-xlsx"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if not url.endswith(".xlsx"):  # a zip file
            assert b"\x0b" not in body and b"\x0c" not in body and b"\x08" not in body
    feed = client.get(reverse("stocktaking:feed")).content.decode()
    assert "Poisoned title across lines" in feed


def test_a_notification_about_a_poisoned_title_is_still_sent(stakeholder, moderator):
    entry = StocktakingEntryFactory(submitter=stakeholder)
    StocktakingEntry.objects.filter(pk=entry.pk).update(title="Two\nlines\x0b")
    entry.refresh_from_db()
    services.submit_entry(entry, by=stakeholder)
    assert notifications.deliver_pending() == 1
    assert mail.outbox[0].subject == "[WSIS stocktaking] New submission: Two lines"


def _outbox_row(recipient, subject, **extra):
    return Notification(
        recipient=recipient, email=recipient.email, subject=subject, body="b", **extra
    )


def test_unsendable_rows_become_dead_letters_and_never_starve_newer_ones(moderator):
    # 600 rows that can never be sent (a header with a line break, as the old rows hold),
    # older than one good row: one sweep sends the good one and sets the others aside.
    Notification.objects.bulk_create(_outbox_row(moderator, f"Bad\nheader {n}") for n in range(600))
    good = Notification.objects.create(
        recipient=moderator, email=moderator.email, subject="Good", body="b"
    )
    from stocktaking.tasks import sweep_notifications

    assert sweep_notifications() == 1
    assert [message.subject for message in mail.outbox] == ["Good"]
    good.refresh_from_db()
    assert good.status == "sent"
    assert Notification.objects.filter(status="dead").count() == 600
    assert "BadHeaderError" in Notification.objects.filter(status="dead").first().last_error
    assert notifications.deliver_pending() == 0  # dead letters are not tried again


def test_failing_rows_back_off_then_die_and_newer_ones_go_out(moderator, monkeypatch):
    import datetime

    from django.utils import timezone

    Notification.objects.bulk_create(_outbox_row(moderator, f"Old {n}") for n in range(3))
    sent = []

    def flaky(subject, body, sender, recipients):
        if subject.startswith("Old"):
            raise OSError("mailbox unavailable")
        sent.append(subject)

    monkeypatch.setattr(notifications, "send_mail", flaky)
    for attempt in range(1, notifications.MAX_ATTEMPTS + 1):
        Notification.objects.create(
            recipient=moderator, email=moderator.email, subject=f"New {attempt}", body="b"
        )
        later = timezone.now() + datetime.timedelta(days=attempt - 1)  # all retries due
        assert notifications.deliver_pending(now=later) == 1  # the new one, each time
    assert sent == [f"New {n}" for n in range(1, notifications.MAX_ATTEMPTS + 1)]
    old = Notification.objects.filter(subject__startswith="Old")
    assert {row.status for row in old} == {"dead"}
    assert {row.attempts for row in old} == {notifications.MAX_ATTEMPTS}
    assert "mailbox unavailable" in old.first().last_error


def test_a_failing_row_waits_before_it_is_tried_again(moderator, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP unreachable")

    monkeypatch.setattr(notifications, "send_mail", broken)
    row = Notification.objects.create(
        recipient=moderator, email=moderator.email, subject="s", body="b"
    )
    assert notifications.deliver_pending() == 0
    monkeypatch.undo()
    assert notifications.deliver_pending() == 0  # not due yet
    row.refresh_from_db()
    assert row.status == "pending" and row.attempts == 1
    assert notifications.deliver_pending(now=row.next_attempt_at) == 1
    assert len(mail.outbox) == 1


def test_dead_letters_are_listed_in_the_admin_and_can_be_queued_again(client, admin_user):
    recipient = UserFactory(email="someone@example.org")
    row = Notification.objects.create(
        recipient=recipient,
        email=recipient.email,
        subject="s",
        body="b",
        status="dead",
        attempts=5,
        last_error="OSError: down",
    )
    client.force_login(admin_user)
    listing = client.get(reverse("admin:stocktaking_notification_changelist") + "?status=dead")
    assert listing.status_code == 200 and "someone@example.org" in listing.content.decode()
    client.post(
        reverse("admin:stocktaking_notification_changelist"),
        {"action": "retry", "_selected_action": [row.pk]},
    )
    row.refresh_from_db()
    assert row.status == "pending" and row.attempts == 0
    assert notifications.deliver_pending() == 1


def test_account_names_edited_in_the_admin_refuse_control_characters(client, admin_user):
    client.force_login(admin_user)
    user = UserFactory(username="amina", first_name="Amina")
    url = reverse("admin:auth_user_change", args=[user.pk])
    form = client.get(url).context["adminform"].form
    data = {
        name: form[name].value()
        for name in form.fields
        if form[name].value() not in (None, False) and name != "password"
    }
    response = client.post(url, {**data, "first_name": "Ami\x1bna"})
    assert ONE_LINE_MESSAGE in response.content.decode()
    user.refresh_from_db()
    assert user.first_name == "Amina"

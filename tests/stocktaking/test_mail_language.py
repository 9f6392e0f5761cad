"""E-mails are written in the language stored on the recipient's account, with links to the
pages in that language; the content (titles, comments) stays as its author wrote it."""

import pytest
from django.core import mail

from stocktaking import services
from wsis_portal.models import UserPreference

from .conftest import make_entry

pytestmark = pytest.mark.django_db


def test_a_decision_reaches_a_french_submitter_in_french(
    stakeholder, moderator, django_capture_on_commit_callbacks
):
    UserPreference.objects.create(user=stakeholder, language="fr")
    entry = make_entry(stakeholder, "submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_entry(entry, by=moderator, comment="Not an ICT project.")
    message = mail.outbox[-1]
    assert message.to == [stakeholder.email]
    assert "rejeté" in message.subject
    assert "Not an ICT project." in message.body
    assert "/fr/stocktaking/mine/" in message.body


def test_without_a_choice_the_mail_is_in_english(
    stakeholder, moderator, django_capture_on_commit_callbacks
):
    entry = make_entry(stakeholder, "submitted")
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_entry(entry, by=moderator, comment="No.")
    message = mail.outbox[-1]
    assert "rejected" in message.subject
    assert "http://" in message.body and "/stocktaking/mine/" in message.body
    assert "/fr/" not in message.body


def test_registering_in_arabic_keeps_arabic_on_the_account(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/ar/accounts/register/",
            {
                "username": "amal",
                "email": "amal@example.org",
                "password1": "a long enough password 1",
                "password2": "a long enough password 1",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UserPreference.objects.get(user__username="amal").language == "ar"
    assert "/ar/accounts/register/confirm/" in mail.outbox[-1].body

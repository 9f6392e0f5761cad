"""A double click or a retry creates one entry (issue 16, hole 5): the submission form's
one-time token, and the API's Idempotency-Key header on every creating request."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from stocktaking.models import Notification, StocktakingEntry
from tests.api.conftest import client_for
from tests.support.factories import MandateFactory

from .conftest import complete_post_data, make_entry

NEW = "/stocktaking/new/"


def form_token(client):
    page = client.get(NEW).content.decode()
    return re.search(r'name="submission_token" value="([0-9a-f-]{36})"', page).group(1)


@pytest.mark.django_db
def test_the_same_form_sent_twice_submits_one_entry_and_notifies_once(
    client, stakeholder, moderator, catalog
):
    client.force_login(stakeholder)
    data = complete_post_data(catalog, submission_token=form_token(client))
    first = client.post(NEW, data)
    assert first.status_code == 302
    second = client.post(NEW, data, follow=True)
    entry = StocktakingEntry.objects.get()
    assert entry.state == "submitted"
    assert second.redirect_chain[0][0] == entry.get_absolute_url()
    assert "This form had already been sent: here is its entry." in second.content.decode()
    assert Notification.objects.filter(recipient=moderator).count() == 1


@pytest.mark.django_db
def test_a_draft_saved_twice_is_one_draft(client, stakeholder, catalog):
    client.force_login(stakeholder)
    data = {"title": "Early idea", "intent": "draft", "submission_token": form_token(client)}
    client.post(NEW, data)
    response = client.post(NEW, {**data, "title": "Early idea, refined"})
    entry = StocktakingEntry.objects.get()
    assert response.url == f"/stocktaking/{entry.pk}/edit/"
    assert entry.title == "Early idea, refined"  # the second sending edits what the first made


@pytest.mark.django_db
def test_each_new_form_makes_its_own_entry(client, stakeholder, catalog):
    client.force_login(stakeholder)
    for title in ("First idea", "Second idea"):
        client.post(
            NEW, {"title": title, "intent": "draft", "submission_token": form_token(client)}
        )
    assert StocktakingEntry.objects.count() == 2


@pytest.mark.django_db
def test_confirming_after_the_duplicate_warning_submits_the_same_draft(
    client, stakeholder, other_stakeholder, catalog
):
    make_entry(other_stakeholder, "published", title="Telemedicine for rural clinics in Kenya")
    client.force_login(stakeholder)
    data = complete_post_data(catalog, submission_token=form_token(client))
    warned = client.post(NEW, data)
    assert "Is your project already registered?" in warned.content.decode()
    assert f'value="{data["submission_token"]}"' in warned.content.decode()
    response = client.post(NEW, {**data, "confirm_not_duplicate": "on"})
    assert response.status_code == 302
    mine = StocktakingEntry.objects.filter(submitter=stakeholder)
    assert mine.count() == 1 and mine.get().state == "submitted"


@pytest.mark.django_db(transaction=True)
def test_a_double_click_sends_two_requests_at_once_and_makes_one_entry(
    stakeholder, moderator, catalog
):
    client = Client()
    client.force_login(stakeholder)
    data = complete_post_data(catalog, submission_token=form_token(client))
    statuses, start = [], threading.Barrier(2)

    def click():
        try:
            start.wait()
            statuses.append(client.post(NEW, data).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [302, 302]
    assert StocktakingEntry.objects.count() == 1
    assert Notification.objects.filter(recipient=moderator).count() == 1


ENTRY = {
    "title": "Telemedicine",
    "description": "Video consultations.",
    "organization_name": "Health Link",
    "stakeholder_type": "civil_society",
}


@pytest.mark.django_db
def test_api_retry_with_the_same_key_answers_the_same_and_creates_nothing(stakeholder):
    client = client_for(stakeholder)
    first = client.post("/api/v1/stocktaking/", ENTRY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    again = client.post("/api/v1/stocktaking/", ENTRY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert StocktakingEntry.objects.count() == 1


@pytest.mark.django_db
def test_api_key_reused_for_another_body_is_refused(stakeholder):
    client = client_for(stakeholder)
    client.post("/api/v1/stocktaking/", ENTRY, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    other = {**ENTRY, "title": "Something else"}
    response = client.post("/api/v1/stocktaking/", other, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
    assert response.status_code == 422
    assert response.json()["code"] == "idempotency_key_reused"
    assert StocktakingEntry.objects.count() == 1


@pytest.mark.django_db
def test_api_keys_are_per_user_and_optional(stakeholder, other_stakeholder):
    for user in (stakeholder, other_stakeholder):
        client_for(user).post(
            "/api/v1/stocktaking/", ENTRY, format="json", HTTP_IDEMPOTENCY_KEY="shared"
        )
    client_for(stakeholder).post("/api/v1/stocktaking/", ENTRY, format="json")
    assert StocktakingEntry.objects.count() == 3


@pytest.mark.django_db
def test_api_failed_request_leaves_the_key_free(stakeholder):
    client = client_for(stakeholder)
    bad = client.post(
        "/api/v1/stocktaking/", {**ENTRY, "title": ""}, format="json", HTTP_IDEMPOTENCY_KEY="k-3"
    )
    assert bad.status_code == 400
    good = client.post("/api/v1/stocktaking/", ENTRY, format="json", HTTP_IDEMPOTENCY_KEY="k-3")
    assert good.status_code == 201


@pytest.mark.django_db
def test_api_refuses_a_malformed_key(stakeholder):
    response = client_for(stakeholder).post(
        "/api/v1/stocktaking/", ENTRY, format="json", HTTP_IDEMPOTENCY_KEY="x" * 256
    )
    assert response.status_code == 400 and "Idempotency-Key" in response.json()
    assert not StocktakingEntry.objects.exists()


@pytest.mark.django_db
def test_every_creating_endpoint_honours_the_key(facilitator):
    from mandates.models import MandateUpdate

    mandate = MandateFactory()
    mandate.parties.create(organization=facilitator.organizations.get(), role="addressee")
    body = {"mandate": mandate.pk, "status": "on_track", "text": "Report drafted."}
    client = client_for(facilitator)
    for _ in range(2):
        response = client.post(
            "/api/v1/mandate-updates/", body, format="json", HTTP_IDEMPOTENCY_KEY="u-1"
        )
        assert response.status_code == 201
    assert MandateUpdate.objects.count() == 1


@pytest.mark.django_db
def test_keys_are_forgotten_after_a_day(stakeholder):
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from wsis_portal.idempotency import forget_expired_keys
    from wsis_portal.models import IdempotencyKey
    from wsis_portal.tasks import forget_idempotency_keys_task

    client = client_for(stakeholder)
    client.post("/api/v1/stocktaking/", ENTRY, format="json", HTTP_IDEMPOTENCY_KEY="old")
    assert forget_expired_keys() == 0
    later = timezone.now() + datetime.timedelta(hours=25)
    assert forget_expired_keys(now=later) == 1 and not IdempotencyKey.objects.exists()
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert forget_idempotency_keys_task.name in tasks


@pytest.mark.django_db
def test_submitting_a_draft_twice_from_its_edit_page_shows_it(
    client, stakeholder, moderator, catalog
):
    entry = make_entry(stakeholder, catalog=catalog)
    client.force_login(stakeholder)
    url = f"/stocktaking/{entry.pk}/edit/"
    page = client.get(url).content.decode()
    token = re.search(r'name="submission_token" value="([0-9a-f-]{36})"', page).group(1)
    data = complete_post_data(catalog, submission_token=token)
    assert client.post(url, data).status_code == 302
    second = client.post(url, data)
    assert second.status_code == 302 and second.url == entry.get_absolute_url()
    entry.refresh_from_db()
    assert entry.state == "submitted"
    assert Notification.objects.filter(recipient=moderator).count() == 1

"""Issue 18, gap 1: an owner's update of their published entry waits beside it. The public
(page, search, feed, CSV, API, prize pages) keeps reading the published version; the owner
and the moderators see the update; the moderator reviews what changes and publishes it,
sends it back or rejects it (the published version then stays as it was)."""

import re

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from stocktaking import services
from stocktaking.models import EntryUpdate, StocktakingEntry
from wsis_portal.models import AuditEvent

from .conftest import complete_post_data, make_entry

pytestmark = pytest.mark.django_db
State = StocktakingEntry.State
NEW_TITLE = "Telemedicine UNREVIEWED-WORDS"


@pytest.fixture
def published(stakeholder, catalog):
    return make_entry(stakeholder, "published", catalog=catalog, title="Telemedicine vans")


def propose(client, entry, catalog, **overrides):
    """The owner sends the edit form of their published entry."""
    data = complete_post_data(catalog, **{"title": NEW_TITLE, **overrides})
    return client.post(reverse("stocktaking:entry-edit", args=[entry.pk]), data)


def public_texts(client, entry):
    """What an anonymous reader gets: the page, search, feed, CSV and API."""
    client.logout()
    texts = [
        client.get(entry.get_absolute_url()).text,
        client.get(reverse("stocktaking:entry-list"), {"q": "telemedicine"}).text,
        client.get(reverse("stocktaking:feed")).text,
        client.get(reverse("stocktaking:export-csv")).content.decode(),
        APIClient().get(f"/api/v1/stocktaking/{entry.pk}/").content.decode(),
        APIClient().get("/api/v1/stocktaking/", {"q": "telemedicine"}).content.decode(),
    ]
    return [re.sub(r"<[^>]+>", "", text) for text in texts]  # search marks matched words


def test_the_public_never_reads_an_unreviewed_word(
    client, stakeholder, moderator, published, catalog
):
    client.force_login(stakeholder)
    edit_url = reverse("stocktaking:entry-edit", args=[published.pk])
    mine = client.get(reverse("stocktaking:my-submissions")).text
    assert f'href="{edit_url}"' in mine
    form = client.get(edit_url).text
    assert "The published version stays public as it is" in form
    assert 'value="Telemedicine vans"' in form  # the update starts from the published fields

    response = propose(client, published, catalog, intent="draft")
    assert response.status_code == 302
    published.refresh_from_db()
    assert (published.state, published.title) == (State.PUBLISHED, "Telemedicine vans")
    assert EntryUpdate.objects.get(entry=published).data["title"] == NEW_TITLE
    # The owner sees both: the published page tells of the update, the form holds it.
    page = client.get(published.get_absolute_url()).text
    assert "Telemedicine vans" in page and "You have an update of this entry" in page
    assert f'value="{NEW_TITLE}"' in client.get(edit_url).text
    mine = client.get(reverse("stocktaking:my-submissions")).text
    assert f"proposed title: <bdi>{NEW_TITLE}</bdi>" in mine

    propose(client, published, catalog, intent="submit")
    assert EntryUpdate.objects.get(entry=published).state == EntryUpdate.State.SUBMITTED
    for where, text in enumerate(public_texts(client, published)):
        assert "Telemedicine vans" in text, where
        assert "UNREVIEWED-WORDS" not in text, where

    client.force_login(moderator)
    assert published.title in client.get(reverse("stocktaking:moderation-queue")).text
    review = client.get(reverse("stocktaking:review", args=[published.pk])).text
    assert "Update of the published entry: what changes" in review
    assert "<del>Telemedicine vans</del>" in review and f"<ins>{NEW_TITLE}</ins>" in review
    client.post(reverse("stocktaking:review", args=[published.pk]), {"action": "publish"})
    published.refresh_from_db()
    assert (published.state, published.title) == (State.PUBLISHED, NEW_TITLE)
    assert not EntryUpdate.objects.exists()
    event = AuditEvent.objects.get(action="stocktaking.entry.update_published")
    assert event.actor == moderator
    assert event.before["title"] == "Telemedicine vans" and event.after["title"] == NEW_TITLE
    assert all(NEW_TITLE in text for text in public_texts(client, published)[:2])


def test_the_diff_lists_what_each_list_gains_and_loses(
    client, stakeholder, moderator, published, catalog
):
    services.save_update(
        published,
        by=stakeholder,
        relations={"action_lines": [catalog["c3"]], "countries": [catalog["kenya"]]},
        description="<script>alert(1)</script> New phase",
    )
    services.submit_update(published, by=stakeholder)
    client.force_login(moderator)
    review = client.get(reverse("stocktaking:review", args=[published.pk])).text
    section = review.split('id="diff-h"', 1)[1].split("</section>", 1)[0]
    assert "Added: <ins>C3" in section
    assert "Removed: <del>C7-e-health" in section
    assert "Kenya" not in section  # unchanged lists are not listed
    assert "<script>alert(1)</script>" not in review
    assert "&lt;script&gt;alert(1)&lt;/script&gt; New phase" in section


def test_request_changes_and_reject_keep_the_published_version(
    client, stakeholder, moderator, published, catalog
):
    client.force_login(stakeholder)
    propose(client, published, catalog)
    client.force_login(moderator)
    review_url = reverse("stocktaking:review", args=[published.pk])
    refused = client.post(review_url, {"action": "request_changes", "comment": ""})
    assert refused.status_code == 400
    client.post(review_url, {"action": "request_changes", "comment": "Say which clinics."})
    update = EntryUpdate.objects.get(entry=published)
    assert update.state == EntryUpdate.State.CHANGES_REQUESTED
    published.refresh_from_db()
    assert (published.state, published.title) == (State.PUBLISHED, "Telemedicine vans")

    client.force_login(stakeholder)
    assert "Say which clinics." in client.get(reverse("stocktaking:my-submissions")).text
    edit = client.get(reverse("stocktaking:entry-edit", args=[published.pk])).text
    assert "Say which clinics." in edit
    propose(client, published, catalog, title="Telemedicine in 12 clinics")
    client.force_login(moderator)
    client.post(review_url, {"action": "reject", "comment": "Not what the project does."})
    assert not EntryUpdate.objects.exists()
    published.refresh_from_db()
    assert (published.state, published.title) == (State.PUBLISHED, "Telemedicine vans")
    assert AuditEvent.objects.filter(
        action="stocktaking.entry.update_reject", reason="Not what the project does."
    ).exists()


def test_a_submitted_update_is_not_edited_from_a_stale_tab(client, stakeholder, published, catalog):
    """Two tabs: one submits the update; the other, still open, cannot change it behind the
    moderator's back (403), and nothing it sent is kept."""
    client.force_login(stakeholder)
    propose(client, published, catalog)
    stale = propose(client, published, catalog, title="Sent from the other tab", intent="draft")
    assert stale.status_code == 403
    assert EntryUpdate.objects.get(entry=published).data["title"] == NEW_TITLE
    # The owner may drop the update; the published version is all there is again.
    client.post(reverse("stocktaking:entry-update-withdraw", args=[published.pk]))
    assert not EntryUpdate.objects.exists()


def test_bad_input_is_refused_and_nothing_is_lost(client, stakeholder, published, catalog):
    client.force_login(stakeholder)
    propose(client, published, catalog, intent="draft")
    response = propose(client, published, catalog, title="x" * 300, intent="draft")
    assert response.status_code == 400
    assert EntryUpdate.objects.get(entry=published).data["title"] == NEW_TITLE
    response = propose(client, published, catalog, title="", intent="draft")
    assert response.status_code == 400
    assert EntryUpdate.objects.get(entry=published).data["title"] == NEW_TITLE
    published.refresh_from_db()
    assert published.title == "Telemedicine vans"


@pytest.mark.parametrize("role", ["other_stakeholder", "facilitator"])
def test_no_one_else_sees_or_decides_the_update(
    client, request, stakeholder, published, catalog, role
):
    client.force_login(stakeholder)
    propose(client, published, catalog)
    user = request.getfixturevalue(role)
    client.force_login(user)
    page = client.get(published.get_absolute_url()).text
    assert "UNREVIEWED-WORDS" not in page and "You have an update" not in page
    assert client.get(reverse("stocktaking:entry-edit", args=[published.pk])).status_code == 404
    review_url = reverse("stocktaking:review", args=[published.pk])
    assert client.post(review_url, {"action": "publish"}).status_code == 403
    api = APIClient()
    api.force_authenticate(user)
    assert api.get(f"/api/v1/stocktaking/{published.pk}/update/").status_code == 404
    patched = api.patch(f"/api/v1/stocktaking/{published.pk}/", {"title": "Mine"}, format="json")
    assert patched.status_code in (403, 404)
    assert api.post(f"/api/v1/stocktaking/{published.pk}/publish/").status_code in (403, 404)
    published.refresh_from_db()
    assert published.title == "Telemedicine vans"
    assert EntryUpdate.objects.get(entry=published).data["title"] == NEW_TITLE


def test_the_public_page_costs_no_more_with_an_update_waiting(
    client, stakeholder, published, catalog, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        client.get(published.get_absolute_url())
    services.save_update(published, by=stakeholder, title=NEW_TITLE)
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(len(before.captured_queries)):
        assert "UNREVIEWED-WORDS" not in client.get(published.get_absolute_url()).text

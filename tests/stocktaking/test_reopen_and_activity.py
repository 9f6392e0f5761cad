"""An owner updates their published entry (back to a draft, reviewed again), moderators
find their queue from every page, and the ``is_inactive`` filter serves the search page and
the API alike. (Who may reopen: the matrices of ``test_views_permissions``.)"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from stocktaking import services
from stocktaking.models import EntryTransition, StocktakingEntry
from wsis_portal.models import AuditEvent

from .conftest import complete_post_data, make_entry

pytestmark = pytest.mark.django_db
State = StocktakingEntry.State


def test_owner_reopens_updates_and_resubmits(client, stakeholder, moderator, catalog):
    entry = make_entry(stakeholder, "published", catalog=catalog, title="Telemedicine")
    StocktakingEntry.objects.filter(pk=entry.pk).update(is_inactive=True)
    client.force_login(stakeholder)
    reopen_url = reverse("stocktaking:entry-reopen", args=[entry.pk])
    assert f'href="{reopen_url}"' in client.get(reverse("stocktaking:my-submissions")).text
    assert f'href="{reopen_url}"' in client.get(entry.get_absolute_url()).text
    confirm = client.get(reopen_url).text
    assert "it leaves the public database until a moderator publishes it again" in confirm
    assert 'name="csrfmiddlewaretoken"' in confirm
    entry.refresh_from_db()
    assert entry.state == State.PUBLISHED  # the confirmation page changes nothing

    response = client.post(reopen_url)
    assert response.url == reverse("stocktaking:entry-edit", args=[entry.pk])
    entry.refresh_from_db()
    assert entry.state == State.DRAFT
    transition = entry.transitions.order_by("-created_at", "-id").first()
    assert (transition.from_state, transition.to_state) == (State.PUBLISHED, State.DRAFT)
    assert transition.actor == stakeholder
    assert AuditEvent.objects.filter(
        action="stocktaking.entry.draft", object_id=str(entry.pk), actor=stakeholder
    ).exists()
    # Out of the public database while it is edited.
    client.logout()
    assert client.get(entry.get_absolute_url()).status_code == 404
    assert "Telemedicine" not in client.get(reverse("stocktaking:entry-list")).text

    client.force_login(stakeholder)
    data = complete_post_data(
        catalog, title="Telemedicine, phase 2", intent="submit", confirm_not_duplicate="on"
    )
    client.post(reverse("stocktaking:entry-edit", args=[entry.pk]), data)
    entry.refresh_from_db()
    assert entry.state == State.SUBMITTED and not entry.is_inactive  # the update counts
    services.publish_entry(entry, by=moderator)
    client.logout()
    assert client.get(entry.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("state", ["draft", "submitted", "changes_requested", "rejected"])
def test_only_published_entries_reopen(stakeholder, state):
    entry = make_entry(stakeholder, state)
    with pytest.raises(services.TransitionNotAllowed):
        services.reopen_entry(entry, by=stakeholder)
    assert not EntryTransition.objects.filter(entry=entry, from_state=State.PUBLISHED).exists()


def test_update_link_only_for_the_owner(client, stakeholder, other_stakeholder, moderator):
    entry = make_entry(stakeholder, "published")
    reopen_url = reverse("stocktaking:entry-reopen", args=[entry.pk])
    for user in (None, other_stakeholder, moderator):
        if user:
            client.force_login(user)
        assert reopen_url not in client.get(entry.get_absolute_url()).text


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("anonymous", False),
        ("stakeholder", False),
        ("facilitator", False),
        ("moderator", True),
        ("admin_user", True),
    ],
)
def test_moderation_queue_in_the_navigation(client, request, role, shown):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("stocktaking:entry-list")).text
    nav = page.split('aria-label="Account"', 1)[1].split("</nav>", 1)[0]
    link = f'<a href="{reverse("stocktaking:moderation-queue")}">Moderation queue</a>'
    assert (link in nav) == shown


@pytest.fixture
def dormant_and_lively(stakeholder):
    dormant = make_entry(stakeholder, "published", title="Dormant project")
    lively = make_entry(stakeholder, "published", title="Lively project")
    StocktakingEntry.objects.filter(pk=dormant.pk).update(is_inactive=True)
    return dormant, lively


def test_search_page_activity_facet_uses_the_shared_filter(client, dormant_and_lively):
    titles = lambda r: {e.title for e in r.context["entries"]}  # noqa: E731
    page = client.get(reverse("stocktaking:entry-list"))
    assert titles(page) == {"Dormant project", "Lively project"}
    assert 'name="is_inactive" value="true"' in page.text
    assert 'name="is_inactive" value="false"' in page.text
    url = reverse("stocktaking:entry-list")
    assert titles(client.get(url, {"is_inactive": "true"})) == {"Dormant project"}
    assert titles(client.get(url, {"is_inactive": "false"})) == {"Lively project"}
    both = client.get(f"{url}?is_inactive=true&is_inactive=false")
    assert titles(both) == {"Dormant project", "Lively project"}


def test_api_filters_inactive_entries(dormant_and_lively):
    dormant, lively = dormant_and_lively
    api = APIClient()
    ids = lambda r: {item["id"] for item in r.json()["results"]}  # noqa: E731
    url = reverse("stocktaking-entry-list")
    assert ids(api.get(url, {"is_inactive": "true"})) == {dormant.pk}
    assert ids(api.get(url, {"is_inactive": "false"})) == {lively.pk}
    refused = api.get(url, {"is_inactive": "<script>"})
    assert refused.status_code == 400 and "is_inactive" in refused.json()


def test_my_submissions_shows_only_the_comment_of_the_present_state(client, stakeholder, moderator):
    """An old request for changes is history once the entry is resubmitted and published: it
    is no longer shown as the moderators' latest comment (issue 18, item 9)."""
    entry = make_entry(stakeholder, "changes_requested")
    client.force_login(stakeholder)
    column = "<blockquote>Please add the dates.</blockquote>"
    assert column in client.get(reverse("stocktaking:my-submissions")).text
    services.submit_entry(entry, by=stakeholder)
    services.transition_entry(entry, "publish", by=moderator)
    page = client.get(reverse("stocktaking:my-submissions")).text
    assert column not in page
    assert "Please add the dates." in page  # still in the entry's history

"""Only a published entry takes an update (the update itself: ``test_entry_updates``), moderators
find their queue from every page, and the ``is_inactive`` filter serves the search page and
the API alike. (Who may reopen: the matrices of ``test_views_permissions``.)"""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from stocktaking import services
from stocktaking.models import EntryUpdate, StocktakingEntry

from .conftest import make_entry

pytestmark = pytest.mark.django_db
State = StocktakingEntry.State


@pytest.mark.parametrize("state", ["draft", "submitted", "changes_requested", "rejected"])
def test_only_published_entries_take_an_update(stakeholder, state):
    entry = make_entry(stakeholder, state)
    with pytest.raises(services.UpdateNotAllowed):
        services.reopen_entry(entry, by=stakeholder)
    assert not EntryUpdate.objects.exists()


def test_update_link_only_for_the_owner(client, stakeholder, other_stakeholder, moderator):
    entry = make_entry(stakeholder, "published")
    edit_url = reverse("stocktaking:entry-edit", args=[entry.pk])
    for user in (None, other_stakeholder, moderator):
        if user:
            client.force_login(user)
        assert edit_url not in client.get(entry.get_absolute_url()).text


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

"""Issue 18, gap 3: the header tells a stakeholder that changes were requested on their
entries and a moderator how many entries wait, from a cached count: readers pay nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stocktaking import services

from .conftest import make_entry

pytestmark = pytest.mark.django_db


def account_nav(response):
    return response.text.split('aria-label="Account"', 1)[1].split("</nav>", 1)[0]


def test_a_moderator_sees_how_many_wait_and_the_count_follows_decisions(
    client, stakeholder, moderator
):
    first = make_entry(stakeholder, "submitted", title="First")
    make_entry(stakeholder, "submitted", title="Second")
    published = make_entry(stakeholder, "published", title="Third")
    services.save_update(published, by=stakeholder, title="Third, updated")
    services.submit_update(published, by=stakeholder)
    client.force_login(moderator)
    queue = reverse("stocktaking:moderation-queue")
    nav = account_nav(client.get(reverse("stocktaking:entry-list")))
    assert (
        f'<a href="{queue}">Moderation queue <span class="count-badge">3 waiting</span></a>' in nav
    )
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("stocktaking:entry-list"))
    assert not [q for q in again.captured_queries if "stocktaking_entryupdate" in q["sql"]]
    services.publish_entry(first, by=moderator)
    assert "2 waiting" in account_nav(client.get(reverse("stocktaking:entry-list")))


def test_a_stakeholder_sees_that_changes_were_requested(client, stakeholder, other_stakeholder):
    make_entry(stakeholder, "changes_requested")
    client.force_login(stakeholder)
    mine = reverse("stocktaking:my-submissions")
    nav = account_nav(client.get(reverse("stocktaking:entry-list")))
    assert (
        f'<a href="{mine}">My submissions <span class="count-badge">1 needs changes</span>' in nav
    )
    client.force_login(other_stakeholder)
    assert "needs changes" not in account_nav(client.get(reverse("stocktaking:entry-list")))


def test_anonymous_readers_pay_no_query_for_the_counts(client, stakeholder):
    entry = make_entry(stakeholder, "published", title="Public")
    make_entry(stakeholder, "submitted")
    for url in (reverse("stocktaking:entry-list"), entry.get_absolute_url(), "/"):
        with CaptureQueriesContext(connection) as page:
            client.get(url)
        counted = [q["sql"] for q in page.captured_queries if "stocktaking_entryupdate" in q["sql"]]
        assert counted == [], url
        assert not [
            q["sql"]
            for q in page.captured_queries
            if "'submitted'" in q["sql"] and "COUNT" in q["sql"]
        ], url

"""Caching on Redis (wsis_portal.caching): anonymous readers get public pages from the cache,
and every change shows on their next request; signed-in users always get their own page; the
stats endpoint and the search page's facet counts follow new content."""

import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stocktaking import services as stocktaking_services
from tests.support.factories import StocktakingEntryFactory, UserFactory
from wsis_portal import caching

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _redis_cache(settings):
    if not settings.CACHE_REDIS_URL:
        pytest.skip("these tests are about the Redis cache (set REDIS_URL)")


def published_entry(line, title):
    entry = StocktakingEntryFactory(title=title, state="published", published_at=timezone.now())
    entry.action_lines.add(line)
    return entry


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_second_anonymous_request_is_served_from_the_cache(client, line, django_assert_num_queries):
    published_entry(line, "Rural libraries online")
    for url in (
        reverse("actionlines:home"),
        reverse("actionlines:detail", args=[line.slug]),
        reverse("stocktaking:entry-list"),
        reverse("mandates:mandate-list"),
    ):
        first = client.get(url)
        assert first.status_code == 200
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second.content == first.content
        assert second["Cache-Control"] == "max-age=0"  # browsers ask again each time


def test_a_reader_with_a_csrf_cookie_shares_the_cached_page(client, django_assert_num_queries):
    url = reverse("actionlines:list")
    client.get(url)
    returning = Client()
    returning.cookies["csrftoken"] = "k" * 32  # left from an earlier sign-in
    with django_assert_num_queries(0):
        assert returning.get(url).status_code == 200


def test_a_facilitators_edit_shows_on_the_next_anonymous_request(client, line, facilitator):
    url = reverse("actionlines:detail", args=[line.slug])
    assert "Libraries as digital hubs" not in client.get(url).content.decode()

    response = signed_in(facilitator).post(
        reverse("actionlines:page-edit", args=[line.slug]),
        {"content": "Libraries as digital hubs", "summary": "Hubs", "base_version": 0},
    )
    assert response.status_code == 302

    assert "Libraries as digital hubs" in client.get(url).content.decode()


def review(moderator, entry, action, comment=""):
    response = signed_in(moderator).post(
        reverse("stocktaking:review", args=[entry.pk]), {"action": action, "comment": comment}
    )
    assert response.status_code == 302


def test_an_entry_a_moderator_publishes_appears_at_once(client, line, moderator):
    entry = StocktakingEntryFactory(title="Telemedicine for islands", state="submitted")
    entry.action_lines.add(line)
    search = reverse("stocktaking:entry-list")
    line_page = reverse("actionlines:detail", args=[line.slug])
    assert "Telemedicine for islands" not in client.get(search).content.decode()
    assert "Telemedicine for islands" not in client.get(line_page).content.decode()

    review(moderator, entry, "publish")

    assert "Telemedicine for islands" in client.get(search).content.decode()
    assert "Telemedicine for islands" in client.get(line_page).content.decode()


def test_an_archived_entry_disappears_at_once(client, line, moderator):
    entry = published_entry(line, "Mobile money for farmers")
    detail = reverse("stocktaking:entry-detail", args=[entry.pk])
    search = reverse("stocktaking:entry-list")
    assert client.get(detail).status_code == 200
    assert "Mobile money for farmers" in client.get(search).content.decode()

    review(moderator, entry, "archive")

    assert client.get(detail).status_code == 404
    assert "Mobile money for farmers" not in client.get(search).content.decode()


@pytest.mark.parametrize("anonymous_first", [True, False])
def test_signed_in_users_never_get_a_cached_page(client, facilitator, anonymous_first):
    url = reverse("actionlines:home")
    if anonymous_first:
        client.get(url)
    page = signed_in(facilitator).get(url).content.decode()
    assert "Signed in as <strong>facilitator</strong>" in page
    assert "Signed in as" not in client.get(url).content.decode()


def test_a_page_with_a_form_is_never_stored(client, db):
    url = reverse("login")
    first = client.get(url)
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert "private" in first["Cache-Control"]
    fresh = Client()  # a new visitor, no cookie: must get a token of its own
    second = fresh.get(url)
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value


def stats(client):
    response = client.get("/api/v1/stats/stocktaking/", {"group_by": "action_line"})
    assert response.status_code == 200
    return response.json()


def test_stats_are_cached_and_count_a_newly_published_entry(
    client, line, moderator, django_assert_num_queries
):
    published_entry(line, "Open data portal")
    assert stats(client)["total"] == 1
    with django_assert_num_queries(0):
        assert stats(client)["total"] == 1

    entry = StocktakingEntryFactory(title="E-waste recycling", state="submitted")
    entry.action_lines.add(line)
    stocktaking_services.publish_entry(entry, by=moderator)

    body = stats(client)
    assert body["total"] == 2
    assert body["results"] == [{"key": line.code, "label": line.title, "count": 2}]


def test_stats_of_a_moderator_are_not_those_of_the_public(client, line, moderator):
    published_entry(line, "Open data portal")
    StocktakingEntryFactory(title="Pending review", state="submitted")
    assert stats(client)["total"] == 1
    assert stats(signed_in(moderator))["total"] == 2


def test_facet_counts_follow_new_entries(line, moderator):
    reader = signed_in(UserFactory(username="reader"))  # no page cache: only the facets
    published_entry(line, "Digital skills for teachers")
    url = reverse("stocktaking:entry-list")

    def line_count():
        facets = reader.get(url).context["facets"]
        items = next(f for f in facets if f["name"] == "action_line")["items"]
        return next(item["count"] for item in items if item["value"] == line.code)

    assert line_count() == 1
    entry = StocktakingEntryFactory(title="Coding clubs", state="submitted")
    entry.action_lines.add(line)
    stocktaking_services.publish_entry(entry, by=moderator)
    assert line_count() == 2


def test_signing_in_does_not_empty_the_cache(client, facilitator, django_assert_num_queries):
    url = reverse("actionlines:home")
    client.get(url)
    signed_in(facilitator)  # records the user's last sign-in: not content
    with django_assert_num_queries(0):
        client.get(url)


def test_a_slow_answer_is_counted_once_per_change_and_never_older_than_the_ttl(settings):
    settings.CACHE_TTL = 1
    computed = []

    def count(value):
        def compute():
            computed.append(value)
            return value

        return compute

    assert caching.cached("slow", "params", count("before"), stale=True) == "before"
    caching.bump_generation()  # content changed
    # Another request has started counting again: this one gets the answer from before.
    assert caching.once_per_generation("slow", "params")
    assert caching.cached("slow", "params", count("after"), stale=True) == "before"
    assert computed == ["before"]
    # Once that answer is older than CACHE_TTL, it is never served: this request counts.
    time.sleep(1.2)
    assert caching.cached("slow", "params", count("after"), stale=True) == "after"
    assert computed == ["before", "after"]
    # Without ``stale``, a change means counting again at once.
    caching.bump_generation()
    assert caching.once_per_generation("slow", "params")
    assert caching.cached("slow", "params", count("fresh")) == "fresh"

"""ETag and If-None-Match (issue 19, item 3): a client polling the API downloads an answer
again only when something it shows may have changed, and nobody is told "not modified" about
an answer made for someone else."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from rest_framework.test import APIRequestFactory

from tests.api.conftest import client_for
from tests.support.factories import SDGFactory, StocktakingEntryFactory
from wsis_portal import caching
from wsis_portal.api.conditional import content_etag

READS = [
    "/api/v1/stocktaking/",
    "/api/v1/stocktaking/?format=csv",
    "/api/v1/sdgs/",
    "/api/v1/stats/stocktaking/?group_by=sdg",
]


@pytest.fixture
def entry(db):
    SDGFactory(number=3)
    return StocktakingEntryFactory(state="published", title="Clinics online")


@pytest.mark.parametrize("address", READS)
def test_304_round_trip_reads_nothing(entry, address, django_assert_max_num_queries):
    client = client_for(None)
    first = client.get(address)
    assert first.status_code == 200
    etag = first["ETag"]
    assert etag.startswith('"') and etag.endswith('"')  # strong
    assert "public" in first["Cache-Control"] and "no-cache" in first["Cache-Control"]
    with django_assert_max_num_queries(0):
        again = client.get(address, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    # A tag of something else is not a match.
    assert client.get(address, HTTP_IF_NONE_MATCH='"other"').status_code == 200


def test_detail_and_head_carry_the_same_tag(entry):
    client = client_for(None)
    detail = client.get(f"/api/v1/stocktaking/{entry.pk}/")
    assert detail.status_code == 200
    assert client.head(f"/api/v1/stocktaking/{entry.pk}/")["ETag"] == detail["ETag"]
    answer = client.get(f"/api/v1/stocktaking/{entry.pk}/", HTTP_IF_NONE_MATCH=detail["ETag"])
    assert answer.status_code == 304


def test_tag_changes_after_a_write(entry):
    client = client_for(None)
    before = client.get(f"/api/v1/stocktaking/{entry.pk}/")
    entry.title = "Clinics online, phase 2"
    entry.save()
    after = client.get(f"/api/v1/stocktaking/{entry.pk}/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    assert after.json()["title"] == "Clinics online, phase 2"
    assert after["ETag"] != before["ETag"]


def test_no_304_across_users(entry, stakeholder, other_stakeholder):
    mine = StocktakingEntryFactory(state="draft", submitter=stakeholder)
    owner = client_for(stakeholder).get("/api/v1/stocktaking/")
    assert mine.pk in [row["id"] for row in owner.json()["results"]]
    assert "private" in owner["Cache-Control"]
    for other in (client_for(other_stakeholder), client_for(None)):
        answer = other.get("/api/v1/stocktaking/", HTTP_IF_NONE_MATCH=owner["ETag"])
        assert answer.status_code == 200
        assert mine.pk not in [row["id"] for row in answer.json()["results"]]


def test_no_304_across_languages_or_formats(entry):
    client = client_for(None)
    english = client.get("/api/v1/stocktaking/")
    assert "Accept-Language" in english["Vary"] and "Authorization" in english["Vary"]
    csv = client.get("/api/v1/stocktaking/?format=csv", HTTP_IF_NONE_MATCH=english["ETag"])
    assert csv.status_code == 200
    # The API answers in English today (its labels are not translated); should it ever
    # follow the reader's language, the tag already depends on it.
    request = APIRequestFactory().get("/api/v1/stocktaking/")
    request.user, request.accepted_media_type = AnonymousUser(), "application/json"
    with translation.override("en"):
        in_english = content_etag(request)
    with translation.override("fr"):
        assert content_etag(request) != in_english


def test_errors_have_no_tag(db):
    answer = client_for(None).get("/api/v1/stocktaking/?nonsense=1")
    assert answer.status_code == 400
    assert "ETag" not in answer


def test_without_the_cache_every_answer_is_full(entry, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    client = client_for(None)
    first = client.get("/api/v1/stocktaking/")
    answer = client.get("/api/v1/stocktaking/", HTTP_IF_NONE_MATCH=first.get("ETag", '"x"'))
    assert answer.status_code == 200


def test_stale_statistics_get_no_tag(entry):
    """While one request counts again after a change, others get the counts from before it:
    those must not be tagged as the current generation's."""
    client = client_for(None)
    before = client.get("/api/v1/stats/stocktaking/?group_by=sdg")
    assert before.json()["total"] == 1
    StocktakingEntryFactory(state="published")  # a change: a new generation
    parts = ("en", ("anonymous", [("group_by", ["sdg"])]))
    assert caching._first("stocktaking-stats", parts, caching.generation())  # someone counts
    stale = client.get("/api/v1/stats/stocktaking/?group_by=sdg")
    assert stale.json()["total"] == 1
    assert "ETag" not in stale


def test_a_list_asked_again_is_answered_from_the_cache_until_content_changes(
    entry, django_assert_max_num_queries
):
    """The same page asked a third time in a generation is read from the cache under its
    tag (no query), with the same body and headers; a write shows on the next request."""
    client = client_for(None)
    address = "/api/v1/stocktaking/?q=clinics"
    first, second = client.get(address), client.get(address)
    with django_assert_max_num_queries(0):
        third = client.get(address)
    assert third.status_code == 200
    assert third.json() == second.json() == first.json()
    assert third.json()["results"][0]["title"] == "Clinics online"
    for header in ("ETag", "Link", "RateLimit-Remaining"):
        assert (third.get(header) is None) == (first.get(header) is None)
    assert int(third["RateLimit-Remaining"]) < int(second["RateLimit-Remaining"])  # counted
    entry.title = "Clinics online, phase 2"
    entry.save()
    assert client.get(address).json()["results"][0]["title"] == "Clinics online, phase 2"


def test_a_page_kept_for_one_reader_is_never_anothers(entry, stakeholder, other_stakeholder):
    mine = StocktakingEntryFactory(
        state="draft", submitter=stakeholder, title="Clinics draft", contact_email="me@x.org"
    )
    address = "/api/v1/stocktaking/?q=clinics"
    owner = client_for(stakeholder)
    for _ in range(3):
        answer = owner.get(address).json()
    assert {row["id"]: row["contact_email"] for row in answer["results"]}[mine.pk] == "me@x.org"
    for other in (client_for(other_stakeholder), client_for(None)):
        for _ in range(3):
            assert mine.pk not in [row["id"] for row in other.get(address).json()["results"]]


def test_pages_asked_once_are_not_kept(entry):
    """A script reading every page once keeps no page in the cache: asked a second time, a
    page is read from the database."""
    client = client_for(None)
    client.get("/api/v1/stocktaking/")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/stocktaking/")
    assert len(queries) >= 1

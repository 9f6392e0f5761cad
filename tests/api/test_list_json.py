"""The stocktaking list's JSON as PostgreSQL writes it (issue 19, item 6): for every asker,
filter, order, field choice and page, the same answer as the serializer's, item by item and
key by key, over entries that differ in every way a field can."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionlines.models import GDCObjective, SDGTarget
from stocktaking.api import views as api_views
from stocktaking.models import Country, Region
from tests.api.conftest import client_for
from tests.support.factories import (
    ActionLineFactory,
    OrganizationFactory,
    SDGFactory,
    StocktakingEntryFactory,
)

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL writes the list's JSON"
)

LIST = "/api/v1/stocktaking/"


@pytest.fixture
def varied_entries(db, stakeholder, other_stakeholder):
    """Entries with and without each link, date, organisation, contact e-mail and
    microseconds, in several states and owners, with text JSON must escape."""
    kenya = Country.objects.get_or_create(code="KE", defaults={"alpha3": "KEN", "name": "Kenya"})[0]
    benin = Country.objects.get_or_create(code="BJ", defaults={"alpha3": "BEN", "name": "Benin"})[0]
    africa = Region.objects.get_or_create(code=2, defaults={"name": "Africa"})[0]
    asia = Region.objects.get_or_create(code=142, defaults={"name": "Asia"})[0]
    c7 = ActionLineFactory(code="C7", slug="c7")
    c1 = ActionLineFactory(code="C1", slug="c1")
    goal_3, goal_9 = SDGFactory(number=3), SDGFactory(number=9)
    target = SDGTarget.objects.create(goal=goal_3, code="3.8", title="Health coverage")
    other_target = SDGTarget.objects.create(goal=goal_9, code="9.c", title="Access")
    objective = GDCObjective.objects.create(number=2, title="Expand inclusion")
    first = GDCObjective.objects.create(number=1, title="Close the divides")
    itu = OrganizationFactory(acronym="ITU")
    exact = timezone.make_aware(datetime.datetime(2025, 3, 4, 5, 6, 7))
    fine = timezone.make_aware(datetime.datetime(2025, 3, 4, 5, 6, 7, 890))
    entries = [
        StocktakingEntryFactory(
            state="published",
            submitter=stakeholder,
            title='Telemedicine "clinics" — rural\nKenya\u2028line\\end',
            description="Télé-médecine: <b>mobile</b> clinics, 中文, العربية, \t tabs",
            organization=itu,
            contact_email="owner@example.org",
            start_date=datetime.date(999, 1, 2),
            end_date=datetime.date(2026, 12, 31),
            website="https://example.org/project?a=1&b=2",
            submitted_at=fine,
            published_at=exact,
            scope="regional",
            project_status="ongoing",
            is_inactive=True,
        ),
        StocktakingEntryFactory(
            state="published",
            submitter=other_stakeholder,
            title="Telemedicine vans",
            contact_email="",
            language="fr",
        ),
        StocktakingEntryFactory(state="draft", submitter=stakeholder, title="A clinic draft"),
        StocktakingEntryFactory(
            state="submitted",
            submitter=other_stakeholder,
            title="Telemedicine waiting",
            contact_email="other@example.org",
            published_at=fine,
        ),
        StocktakingEntryFactory(state="rejected", submitter=stakeholder, title="No links"),
    ]
    entries[0].countries.add(kenya, benin)
    entries[0].regions.add(asia, africa)
    entries[0].action_lines.add(c7, c1)
    entries[0].sdgs.add(goal_9, goal_3)
    entries[0].sdg_targets.add(other_target, target)
    entries[0].gdc_objectives.add(objective, first)
    entries[1].countries.add(benin)
    entries[1].sdgs.add(goal_3)
    entries[3].action_lines.add(c1)
    entries[3].gdc_objectives.add(first)
    return entries


def both_ways(client, params, monkeypatch):
    """The answer as PostgreSQL writes it and as the serializer writes it."""
    written = client.get(LIST, params)
    with monkeypatch.context() as patch:
        patch.setattr(api_views, "writes_list_json", lambda: False)
        serialized = client.get(LIST, params)
    return written, serialized


ASKERS = ["anonymous", "owner", "other stakeholder", "moderator"]
QUERIES = [
    {},
    {"q": "telemedicine"},  # ranked: each item has its score
    {"q": "telemedicine", "ordering": "title"},
    {"fields": "web_url,score,id,contact_email"},
    {"fields": "title", "page_size": 1, "page": 2},
    {"state": "published", "country": "KE,BJ", "sdg": "3"},
    {"ordering": "-updated_at", "page_size": 2},
]


@pytest.mark.parametrize("asker", ASKERS)
@pytest.mark.parametrize("params", QUERIES, ids=lambda params: json.dumps(params))
def test_the_written_list_is_the_serializers(
    varied_entries, stakeholder, other_stakeholder, moderator, monkeypatch, asker, params
):
    user = {
        "anonymous": None,
        "owner": stakeholder,
        "other stakeholder": other_stakeholder,
        "moderator": moderator,
    }[asker]
    client = client_for(user)
    written, serialized = both_ways(client, params, monkeypatch)
    assert written.status_code == serialized.status_code == 200
    assert written["Content-Type"] == serialized["Content-Type"] == "application/json"
    assert written.json() == serialized.json()
    for mine, theirs in zip(written.json()["results"], serialized.json()["results"], strict=True):
        assert list(mine.items()) == list(theirs.items())  # the same keys in the same order
    for header in ("Link", "ETag", "RateLimit-Limit", "Vary", "Cache-Control"):
        assert written.get(header) == serialized.get(header), header


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_the_written_list_speaks_the_askers_language(varied_entries, monkeypatch, language):
    """Each entry's web address is the asker's language's (/fr/stocktaking/…), whichever
    language asked first."""
    client = client_for(None)
    client.get(LIST, HTTP_ACCEPT_LANGUAGE="zh-hans")  # another language's first
    written, serialized = both_ways(client, {"lang": language}, monkeypatch)
    assert written.json() == serialized.json()
    addresses = {item["web_url"].split("/")[1] for item in written.json()["results"]}
    assert addresses == ({"stocktaking"} if language == "en" else {language})


def test_the_written_items_read_as_each_entry_does(varied_entries, stakeholder):
    client = client_for(stakeholder)
    body = client.get(LIST).json()
    assert len(body["results"]) == 4  # published, and the owner's own draft and rejected one
    for item in body["results"]:
        assert list(item.items()) == list(client.get(f"{LIST}{item['id']}/").json().items())
    mine = {item["id"]: item for item in body["results"]}[varied_entries[0].pk]
    assert mine["contact_email"] == "owner@example.org"
    assert mine["submitted_at"] == "2025-03-04T05:06:07.000890Z"
    assert mine["published_at"] == "2025-03-04T05:06:07Z"
    assert mine["start_date"] == "0999-01-02" and mine["end_date"] == "2026-12-31"
    assert mine["countries"] == ["BJ", "KE"] and mine["gdc_objectives"] == [1, 2]


def test_the_written_answer_is_json_as_the_renderer_writes_it(varied_entries):
    response = client_for(None).get(LIST, {"q": "telemedicine"})
    text = response.content.decode()
    assert "\u2028" not in text and "\\u2028" in text  # JavaScript's line end escaped, as DRF does
    body = json.loads(text)
    assert body["ranked"] is True and all(item["score"] > 0 for item in body["results"])
    assert list(body) == ["count", "count_is_estimate", "ranked", "next", "previous", "results"]


def test_an_indented_answer_is_the_same(varied_entries):
    client = client_for(None)
    indented = client.get(LIST, HTTP_ACCEPT="application/json; indent=2")
    assert indented.content.startswith(b"{\n  ")
    assert indented.json() == client.get(LIST).json()


def test_a_page_is_two_queries_at_any_page_size(varied_entries, django_assert_max_num_queries):
    """The page's ids (ranked), then their items in one statement, whatever the page size."""
    client = client_for(None)
    for size in (1, 50):
        client.get(LIST, {"page_size": size, "q": "telemedicine"})  # counted, count kept
        with CaptureQueriesContext(connection) as queries:
            assert client.get(LIST, {"page_size": size, "q": "telemedicine"}).status_code == 200
        assert len(queries) == 2, [query["sql"] for query in queries.captured_queries]
        assert queries.captured_queries[1]["sql"].startswith("SELECT json_build_object(")
    with django_assert_max_num_queries(4):  # the ids, an estimate, a count, the items
        client.get(LIST, {"page_size": 1})


def test_unknown_fields_are_still_refused(varied_entries):
    response = client_for(None).get(LIST, {"fields": "title,secret"})
    assert response.status_code == 400 and "fields" in response.json()

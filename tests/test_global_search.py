"""One search box for everything (issue 15, item 4): ``/search/?q=`` and ``/api/v1/search/?q=``
count and show the matches of every kind, each linking to its own search; drafts are never
found; bad input is a clear 400, on the page next to the field."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actionlines.models import Facilitation, Organization
from tests.api.conftest import client_for
from tests.stocktaking.conftest import catalog, make_entry  # noqa: F401 - reference rows
from tests.support.factories import (
    CoordinationMeetingFactory,
    MandateFactory,
    OrganizationFactory,
    ParagraphFactory,
    UserFactory,
)
from wsis_portal import filters

pytestmark = pytest.mark.django_db
API = "/api/v1/search/"


@pytest.fixture
def telemedicine(catalog):  # noqa: F811
    """Telemedicine in every kind, and in a draft that nobody but its owner may see."""
    owner = UserFactory(username="owner")
    make_entry(owner, "published", catalog=catalog, title="Telemedicine hubs")
    make_entry(
        owner,
        "published",
        title="Island clinics",
        description="A telemedicine link between the islands' clinics.",
    )
    make_entry(owner, "published", title="Community radio")
    make_entry(owner, "draft", title="Secret telemedicine draft")
    make_entry(owner, "submitted", title="Unreviewed telemedicine plan")
    MandateFactory(title="Report on telemedicine", request="Report on telemedicine uptake.")
    MandateFactory(title="Road maps", request="Develop road maps.")
    ParagraphFactory(text="Telemedicine can bring health care to remote places.")
    ParagraphFactory(text="Broadband for schools.")
    catalog["ehealth"].title = "E-health and telemedicine"
    catalog["ehealth"].save()
    who = OrganizationFactory(acronym="WHO", name="World Health Organization")
    Facilitation.objects.create(action_line=catalog["ehealth"], organization=who, role="lead")
    CoordinationMeetingFactory(title="Telemedicine working group", agenda="Standards.")
    CoordinationMeetingFactory(title="Annual forum")
    return catalog


def counts(groups):
    return {group["kind"]: group["count"] for group in groups}


def test_the_page_counts_every_kind_and_links_to_its_own_search(client, telemedicine):
    response = client.get(reverse("search"), {"q": "telemedicine"})
    assert response.status_code == 200
    page = response.text
    text = re.sub(r"<[^>]+>", "", page)  # the matches are marked
    groups = {group.kind: group for group in response.context["groups"]}
    assert {kind: group.count for kind, group in groups.items()} == {
        "action_lines": 1,
        "organizations": 0,
        "entries": 2,
        "mandates": 1,
        "paragraphs": 1,
        "meetings": 1,
    }
    assert "Telemedicine hubs" in text and "Island clinics" in text
    assert "<mark>Telemedicine</mark> hubs" in page
    assert "Community radio" not in text
    assert "Secret telemedicine draft" not in text and "Unreviewed" not in text
    assert "Report on telemedicine" in text and "Telemedicine working group" in text
    assert "6 results for “telemedicine”." in text
    # Each kind leads to its own search, with the same words.
    for url in ("/stocktaking/?q=telemedicine", "/mandates/?q=telemedicine",
                "/documents/search/?q=telemedicine", "/meetings/?q=telemedicine"):  # fmt: skip
        assert f'href="{url}"' in page
    assert 'aria-describedby="entries-heading">All matches (2)</a>' in page
    # And that search finds what the group counted.
    assert client.get("/mandates/", {"q": "telemedicine"}).context["paginator"].count == 1
    meetings = client.get("/meetings/", {"q": "telemedicine"})
    assert [m.title for m in meetings.context["meetings"]] == ["Telemedicine working group"]


def test_organisations_and_lines_are_found_by_name(client, telemedicine):
    response = client.get(reverse("search"), {"q": "health"})
    groups = {group.kind: group for group in response.context["groups"]}
    assert [r.title for r in groups["organizations"].results] == ["WHO — World Health Organization"]
    assert [r.title for r in groups["action_lines"].results] == [
        "C7-e-health E-health and telemedicine"
    ]


def test_the_home_page_search_box_leads_here(client, telemedicine):
    home = client.get(reverse("actionlines:home")).text
    assert f'action="{reverse("search")}"' in home


def test_without_words_the_page_offers_the_form(client, db):
    response = client.get(reverse("search"))
    assert response.status_code == 200
    assert 'name="q"' in response.text and response.context["groups"] is None


@pytest.mark.parametrize(
    "q, message",
    [
        ("", "Type a word or two to search for."),
        ("   ", "Type a word or two to search for."),
        ("x" * 10_000, "Ensure this value has at most 200 characters (it has 10000)."),
        ("tele\nmedicine", "Use a single line, without line breaks"),
    ],
)
def test_bad_words_are_an_error_next_to_the_field(client, db, q, message):
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 400
    field = response.text.split('class="field', 1)[1].split("</form>", 1)[0]
    assert message in field
    assert 'aria-invalid="true"' in field
    if len(q) < 100:  # what was typed stays in the box, to be corrected
        assert f'value="{q.strip()}"' in field or not q.strip()


def test_a_null_character_is_refused_before_the_search(client, db):
    """As everywhere in the portal (``request_guard``): PostgreSQL cannot compare it."""
    assert client.get(reverse("search"), {"q": "tele\x00medicine"}).status_code == 400
    response = client_for(None).get(API, {"q": "tele\x00medicine"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_markup_and_sql_in_the_words_are_only_words(client, telemedicine):
    response = client.get(reverse("search"), {"q": '<script>alert(1)</script>"'})
    assert response.status_code == 200
    assert "<script>alert(1)" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text
    sql = client.get(reverse("search"), {"q": "telemedicine' OR 1=1; DROP TABLE x; --"})
    assert sql.status_code == 200
    assert counts_of(sql)["entries"] <= 2
    assert "Secret telemedicine draft" not in sql.text


def counts_of(response):
    return {group.kind: group.count for group in response.context["groups"]}


def test_the_search_takes_as_many_queries_however_many_match(
    client, telemedicine, django_assert_max_num_queries
):
    owner = UserFactory(username="many")
    for n in range(10):
        make_entry(owner, "published", title=f"Telemedicine project {n}")
        MandateFactory(title=f"Telemedicine mandate {n}")
        CoordinationMeetingFactory(title=f"Telemedicine meeting {n}")
    # Two a kind (count and first results), the paragraphs' three prefetches, and for the
    # projects the planner's estimate, a bounded count and the highlighted titles.
    with django_assert_max_num_queries(18):
        response = client.get(reverse("search"), {"q": "telemedicine"})
    assert counts_of(response)["entries"] == 12


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's estimate")
def test_a_broad_search_is_estimated_not_counted(client, telemedicine, monkeypatch):
    """Where PostgreSQL expects 10,000 matching projects or more (169,000 for ``mobile
    health`` at 1,000,000 entries), the search does not count them (two seconds of every new
    search): the page and the API give the estimate and say so."""
    monkeypatch.setattr(filters, "planner_estimate", lambda queryset: 25_000)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("search"), {"q": "telemedicine"})
    entry_counts = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith("SELECT COUNT(")
        and "stocktaking_stocktakingentry" in query["sql"]
    ]
    assert entry_counts == []
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.text))
    assert "Stocktaking projects about 25,000" in text
    assert "All matches (about 25,000)" in text
    assert re.search(r"About 25,00\d results for “telemedicine”", text)  # grouped
    groups = client_for(None).get(API, {"q": "telemedicine"}).json()["groups"]
    entries = next(group for group in groups if group["kind"] == "entries")
    assert entries["count"] == 25_000 and entries["count_is_estimate"] is True
    assert all(not g["count_is_estimate"] for g in groups if g["kind"] != "entries")


def test_the_api_answers_the_same_groups(db, telemedicine):
    response = client_for(None).get(API, {"q": "telemedicine"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["q"] == "telemedicine" and body["total"] == 6
    assert counts(body["groups"]) == {
        "action_lines": 1,
        "organizations": 0,
        "entries": 2,
        "mandates": 1,
        "paragraphs": 1,
        "meetings": 1,
    }
    entries = next(g for g in body["groups"] if g["kind"] == "entries")
    assert entries["more"] == "http://testserver/stocktaking/?q=telemedicine"
    assert {r["title"] for r in entries["results"]} == {"Telemedicine hubs", "Island clinics"}
    assert all(r["url"].startswith("http://testserver/stocktaking/") for r in entries["results"])
    assert "ETag" in response


def test_signed_in_owners_do_not_find_their_drafts_either(db, telemedicine):
    from stocktaking.models import StocktakingEntry

    owner = StocktakingEntry.objects.get(title="Secret telemedicine draft").submitter
    body = client_for(owner).get(API, {"q": "telemedicine"}).json()
    assert counts(body["groups"])["entries"] == 2


@pytest.mark.parametrize(
    "params, field",
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "x" * 10_000}, "q"),
        ({"q": "a\x1bb"}, "q"),
        ({"q": "health", "country": "KE"}, "country"),
    ],
)
def test_the_api_refuses_bad_input_naming_the_parameter(db, params, field):
    response = client_for(None).get(API, params)
    assert response.status_code == 400
    body = response.json()
    assert set(body) == {"detail", "code", field} and isinstance(body[field][0], str)


def test_the_api_speaks_the_askers_language(db, telemedicine):
    body = client_for(None).get(API, {"q": "telemedicine", "lang": "fr"}).json()
    assert {g["kind"]: g["label"] for g in body["groups"]}["entries"] == "Projets de l’inventaire"
    # An empty or blank q is refused as any empty parameter is (the schema's contract).
    refused = client_for(None).get(API, {"q": "  ", "lang": "fr"}).json()
    assert refused["q"] == ["Donnez une valeur à ce paramètre, ou omettez-le."]


@pytest.fixture
def translated_names(telemedicine):
    """E-health and WHO with their French and Arabic names, as the reference data has them."""
    line = telemedicine["ehealth"]
    line.titles = {"fr": "Cybersanté", "ar": "الصحة الإلكترونية"}
    line.save()
    Organization.objects.filter(acronym="WHO").update(
        names={"fr": "Organisation mondiale de la Santé", "ar": "منظمة الصحة العالمية"}
    )
    return telemedicine


def titles(response, kind):
    group = next(group for group in response.context["groups"] if group.kind == kind)
    return [result.title for result in group.results]


def test_in_french_lines_and_organisations_are_found_and_shown_by_their_french_names(
    client, translated_names
):
    response = client.get("/fr/search/", {"q": "santé"})
    assert titles(response, "action_lines") == ["C7-e-health Cybersanté"]
    assert titles(response, "organizations") == ["WHO — Organisation mondiale de la Santé"]
    assert "Cybersanté" in response.text and "Organisation mondiale de la Santé" in response.text
    # Accents and case ignored (PostgreSQL), the English words still found.
    assert titles(client.get("/fr/search/", {"q": "SANTE mondiale"}), "organizations") == [
        "WHO — Organisation mondiale de la Santé"
    ]
    assert titles(client.get("/fr/search/", {"q": "health"}), "action_lines") == [
        "C7-e-health Cybersanté"
    ]
    # The English page does not match the French words.
    assert titles(client.get("/search/", {"q": "santé"}), "organizations") == []


def test_in_arabic_lines_and_organisations_are_found_and_shown_by_their_arabic_names(
    client, translated_names
):
    response = client.get("/ar/search/", {"q": "الصحة"})
    assert titles(response, "action_lines") == ["C7-e-health الصحة الإلكترونية"]
    assert titles(response, "organizations") == ["WHO — منظمة الصحة العالمية"]
    assert "منظمة الصحة العالمية" in response.text


@pytest.mark.parametrize(
    "lang, q, line, organization",
    [
        ("fr", "santé", "C7-e-health Cybersanté", "WHO — Organisation mondiale de la Santé"),
        ("ar", "الصحة", "C7-e-health الصحة الإلكترونية", "WHO — منظمة الصحة العالمية"),
    ],
)
def test_the_api_finds_and_names_them_in_the_askers_language(
    db, translated_names, lang, q, line, organization
):
    body = client_for(None).get(API, {"q": q, "lang": lang}).json()
    groups = {group["kind"]: group for group in body["groups"]}
    assert [r["title"] for r in groups["action_lines"]["results"]] == [line]
    assert [r["title"] for r in groups["organizations"]["results"]] == [organization]
    # Accept-Language too, as every API answer.
    body = client_for(None).get(API, {"q": q}, HTTP_ACCEPT_LANGUAGE=lang).json()
    assert {group["kind"]: group["count"] for group in body["groups"]}["organizations"] == 1


def test_the_lists_of_lines_and_organisations_search_the_same_way(db, translated_names):
    lines = client_for(None).get("/api/v1/action-lines/", {"q": "sante", "lang": "fr"}).json()
    assert [line["code"] for line in lines["results"]] == ["C7-e-health"]
    organizations = client_for(None).get("/api/v1/organizations/", {"q": "الصحة", "lang": "ar"})
    assert [o["acronym"] for o in organizations.json()["results"]] == ["WHO"]

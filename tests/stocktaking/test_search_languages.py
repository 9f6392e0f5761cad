"""Stocktaking search in the language each entry is written in (issue 14, item 6), on the
real PostgreSQL: stems per language, accents ignored, Arabic with or without its vowel marks,
Chinese words found inside a sentence, ranking kept; the entry's language defaults to the
submitter's interface language, on the form and over the API."""

import operator
from functools import reduce

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from stocktaking.languages import SEARCH_CONFIGS, UNSTEMMED, entry_search_query, search_text
from stocktaking.models import StocktakingEntry
from tests.api.conftest import client_for

from .conftest import complete_post_data, make_entry

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="language search is PostgreSQL's"
)
URL = "/stocktaking/"
API = "/api/v1/stocktaking/"

ENTRIES = {
    "fr": ("Développement des hôpitaux ruraux", "La santé numérique pour un hôpital de district."),
    "es": ("Tecnologías para comunidades rurales", "Redes comunitarias en los Andes."),
    "ru": ("Развитие информационных технологий", "Цифровые навыки для сельских школ."),
    "ar": ("الْمَعْلُومَاتُ الصِّحِّيَّةُ لِلْقُرَى", "إحصاءات الصحة في المناطق الريفية."),
    "zh": ("农村数字化", "本项目促进信息社会发展，帮助农村学校上网。"),
    "en": ("Community networks for schools", "Rural hospitals linked by community radio."),
}


@pytest.fixture
def corpus(stakeholder):
    return {
        language: make_entry(
            stakeholder, "published", title=title, description=text, language=language
        )
        for language, (title, text) in ENTRIES.items()
    }


def found(client, q, prefix=""):
    response = client.get(f"{prefix}{URL}", {"q": q})
    assert response.status_code == 200
    return {entry.language for entry in response.context["entries"]}


@postgres_only
@pytest.mark.parametrize(
    ("q", "language"),
    [
        ("developpement", "fr"),  # accents ignored
        ("sante", "fr"),
        ("hôpitaux", "fr"),  # French plural stemmed to the singular of the description
        ("comunidad", "es"),  # Spanish stem: comunidades
        ("технология", "ru"),  # Russian stem: технологий
        ("المعلومات", "ar"),  # without the vowel marks the title carries
        ("الْمَعْلُومَات", "ar"),  # with them
        ("احصاءات", "ar"),  # bare alef for the text's hamza under alef (إ)
        ("信息", "zh"),  # a two-character word inside a sentence without spaces
        ("社会发展", "zh"),
        ("农村学校", "zh"),
    ],
)
@pytest.mark.parametrize("prefix", ["", "/fr", "/ar", "/zh-hans"])
def test_each_language_found_by_its_words_stems_and_unaccented_forms(
    client, corpus, q, language, prefix
):
    assert found(client, q, prefix) == {language}


@postgres_only
def test_a_chinese_word_is_not_found_from_characters_that_are_not_adjacent(client, corpus):
    assert found(client, "信社") == set()  # 信 and 社 both occur, never side by side


@postgres_only
def test_the_api_searches_the_same_way(client, corpus):
    response = client.get(API, {"q": "developpement"}, HTTP_ACCEPT_LANGUAGE="es")
    assert [row["language"] for row in response.json()["results"]] == ["fr"]
    response = client.get(API, {"q": "信息"})
    assert [row["title"] for row in response.json()["results"]] == ["农村数字化"]


@postgres_only
def test_best_match_first_still(client, stakeholder):
    make_entry(stakeholder, "published", title="Radio lessons", description="Hospitals by radio.")
    make_entry(stakeholder, "published", title="Hospitals online", description="Telemedicine.")
    response = client.get(URL, {"q": "hospital"})
    assert [e.title for e in response.context["entries"]] == ["Hospitals online", "Radio lessons"]
    assert response.context["ranked"]


@postgres_only
def test_facet_counts_follow_the_language_search(client, corpus):
    response = client.get("/fr" + URL, {"q": "sante"})
    inactive = next(f for f in response.context["facets"] if f["name"] == "is_inactive")
    assert sum(item["count"] or 0 for item in inactive["items"]) == 1
    assert response.context["result_count"] == 1
    # The match is marked in the entry's own language.
    assert "<mark>santé</mark>" in str(response.context["entries"][0].excerpt_html)


def test_a_new_entry_takes_the_interface_language_unless_another_is_chosen(
    client, stakeholder, catalog
):
    client.force_login(stakeholder)
    page = client.get("/fr/stocktaking/new/").content.decode()
    assert '<option value="fr" lang="fr" selected>français</option>' in page
    client.post("/fr/stocktaking/new/", complete_post_data(catalog, title="Santé rurale"))
    client.post(
        "/fr/stocktaking/new/",
        complete_post_data(catalog, title="Rural health", language="en"),
    )
    entries = stakeholder.stocktaking_entries.order_by("pk")
    assert [(e.title, e.language) for e in entries] == [
        ("Santé rurale", "fr"),
        ("Rural health", "en"),
    ]


def test_an_unknown_language_is_refused_beside_the_field_and_nothing_is_lost(
    client, stakeholder, catalog
):
    client.force_login(stakeholder)
    data = complete_post_data(catalog, language="<script>x</script>")
    response = client.post("/stocktaking/new/", data)
    assert response.status_code == 400
    assert "language" in response.context["form"].errors
    assert "<script>x</script>" not in response.content.decode()
    assert response.context["form"]["title"].value() == "Telemedicine for rural clinics"
    assert not stakeholder.stocktaking_entries.exists()


def test_the_api_takes_the_language_of_the_request_or_the_one_given(stakeholder):
    owner = client_for(stakeholder)
    body = {
        "title": "Télémédecine",
        "description": "Des cliniques mobiles.",
        "organization_name": "Santé mobile",
        "stakeholder_type": "civil_society",
    }
    created = owner.post(API, body, format="json", HTTP_ACCEPT_LANGUAGE="fr")
    assert created.status_code == 201, created.content
    assert created.json()["language"] == "fr"
    created = owner.post(API, {**body, "language": "ar"}, format="json")
    assert created.json()["language"] == "ar"
    refused = owner.post(API, {**body, "language": "xx"}, format="json")
    assert refused.status_code == 400 and "language" in refused.json()


@postgres_only
@pytest.mark.parametrize(
    "q", ["rural hospitals", "hôpitaux ruraux", "comunidades", "信息社会", '"community radio"']
)
def test_a_query_read_alike_in_several_languages_is_searched_once(corpus, q):
    """Each distinct reading of a search once (migration 0019): English, French, Spanish and
    Russian stem most words alike, and the copies only slowed the index down. The entries
    found are those every reading OR-ed found."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT stocktaking_search_query(%s)::text", [q])
        readings = cursor.fetchone()[0].split(" | ")
    assert len(readings) == len(set(readings))
    every_reading = reduce(
        operator.or_,
        (
            SearchQuery(search_text(q), search_type="websearch", config=config)
            for config in [*SEARCH_CONFIGS.values(), UNSTEMMED]
        ),
    )
    entries = StocktakingEntry.objects.all()
    assert set(entries.filter(search_vector=entry_search_query(q))) == set(
        entries.filter(search_vector=every_reading)
    )
    assert entries.filter(search_vector=entry_search_query(q)).exists()


@postgres_only
def test_a_query_without_a_word_finds_nothing(corpus):
    with connection.cursor() as cursor:
        cursor.execute("SELECT stocktaking_search_query(%s)", ["--"])
        assert cursor.fetchone()[0] is None
    response = client_for(None).get(API, {"q": "--"})
    assert response.status_code == 200 and response.json()["results"] == []

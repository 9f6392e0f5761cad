"""Reference names in the reader's language (issue 14, items 4 and 5).

SDG titles and country names are the official UN texts the portal ships (open-sdg data,
django-countries-hdx); action-line titles, organisation and region names are the portal's own
working translations (fixtures/translations/working.yml), and the pages say so. The API
answers in the language ``?lang=`` or ``Accept-Language`` asks for, says which, and no cache
gives one language's answer to another.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from actionlines.models import ActionLine, Organization, SustainableDevelopmentGoal
from stocktaking.models import Country, Region, StocktakingEntry
from tests.support.factories import DocumentFactory, StocktakingEntryFactory
from tests.support.reference import import_sdgs_countries_and_lines

pytestmark = pytest.mark.django_db

MARK = 'class="working-translation"'


@pytest.fixture
def reference(db):
    """The reference data as the importers build it from the shipped data."""
    import_sdgs_countries_and_lines()


@pytest.fixture
def entry(reference):
    entry = StocktakingEntryFactory(state=StocktakingEntry.State.PUBLISHED)
    entry.countries.set([Country.objects.get(code="DE")])
    entry.regions.set([Region.objects.get(code=150)])
    entry.sdgs.set([SustainableDevelopmentGoal.objects.get(number=4)])
    entry.action_lines.set([ActionLine.objects.get(code="C7-e-health")])
    return entry


def text(response) -> str:
    return response.content.decode()


@pytest.mark.parametrize(
    ("prefix", "germany", "europe", "e_health"),
    [
        ("fr", "Allemagne", "Europe", "Cybersanté"),
        ("ar", "ألمانيا", "أوروبا", "الصحة الإلكترونية"),
        ("zh-hans", "德国", "欧洲", "电子卫生"),
    ],
)
def test_entry_page_names_goal_country_region_and_line_in_the_page_language(
    client, entry, prefix, germany, europe, e_health
):
    page = text(client.get(f"/{prefix}/stocktaking/{entry.pk}/"))
    goal = SustainableDevelopmentGoal.objects.get(number=4)
    data_key = {"zh-hans": "zh-Hans"}.get(prefix, prefix)
    assert goal.titles[data_key] in page  # the official six-language SDG data
    assert goal.title not in page  # not the English one
    assert germany in page and "Germany" not in page  # the UN name, from the shipped data
    assert europe in page and e_health in page


def test_working_translations_are_marked_and_official_texts_are_not(client, entry):
    page = text(client.get(f"/fr/stocktaking/{entry.pk}/"))
    # The region and the action line are the portal's translations: each carries the note.
    assert f'Cybersanté <small {MARK} title="' in page
    assert f"Europe <small {MARK}" in page
    # The SDG title and the country name are official texts: no note after them.
    goal = SustainableDevelopmentGoal.objects.get(number=4)
    assert goal.titles["fr"] in page
    assert f"{goal.titles['fr']} <small" not in page
    assert "Allemagne <small" not in page
    assert page.count(MARK) == 2
    # The note is read out (visible text) and explained (title), in the page's language.
    assert ">traduction de travail</small>" in page
    # English is the source language: nothing is a translation there.
    assert MARK not in text(client.get(f"/stocktaking/{entry.pk}/"))


def test_action_line_and_organisation_pages_in_arabic(client, reference):
    line = ActionLine.objects.get(code="C3")
    page = text(client.get(f"/ar/action-lines/{line.slug}/"))
    assert f"النفاذ إلى المعلومات والمعارف <small {MARK}" in page
    assert f"منظمة الأمم المتحدة للتربية والعلم والثقافة <small {MARK}" in page  # UNESCO
    assert "Access to information and knowledge</h1>" not in page
    unesco = Organization.objects.get(acronym="UNESCO")
    page = text(client.get(f"/zh-hans/organizations/{unesco.slug}/"))
    assert f"联合国教育、科学及文化组织 <small {MARK}" in page
    assert "联合国机构、基金或方案" in page  # its kind, a model choice, translated


def test_sdg_matrix_names_goals_in_the_page_language(client, reference):
    page = text(client.get("/ru/sdg-matrix/"))
    goal = SustainableDevelopmentGoal.objects.get(number=9)
    assert f'title="{goal.titles["ru"]}"' in page.replace("&quot;", '"')


def test_a_name_without_translation_falls_back_to_english_marked_as_english(client, entry):
    region = Region.objects.get(code=150)
    region.names, region.working_translations = {}, []
    region.save()
    page = text(client.get(f"/fr/stocktaking/{entry.pk}/"))
    assert '<span lang="en" dir="ltr">Europe</span>' in page


# The API -----------------------------------------------------------------------------------


def test_api_answers_in_the_accept_language_and_says_so(client, reference):
    response = client.get("/api/v1/action-lines/C3/", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9")
    assert response.status_code == 200
    assert response.json()["title"] == "Accès à l'information et au savoir"
    assert response.json()["working_translations"] == ["ar", "es", "fr", "ru", "zh-Hans"]
    assert response["Content-Language"] == "fr"
    assert "Accept-Language" in response["Vary"]
    facilitators = {f["organization"]: f["name"] for f in response.json()["facilitators"]}
    assert facilitators["UNESCO"].startswith("Organisation des Nations Unies pour l")


def test_lang_parameter_wins_over_the_header(client, reference):
    response = client.get("/api/v1/sdgs/4/", {"lang": "ar"}, HTTP_ACCEPT_LANGUAGE="fr")
    goal = SustainableDevelopmentGoal.objects.get(number=4)
    assert response.json()["title"] == goal.titles["ar"]
    assert response["Content-Language"] == "ar"
    response = client.get("/api/v1/organizations/ITU/", {"lang": "zh-Hans"})
    assert response.json()["name"] == "国际电信联盟"
    assert response["Content-Language"] == "zh-hans"


def test_no_language_asked_is_english(client, reference):
    response = client.get("/api/v1/action-lines/C3/")
    assert response.json()["title"] == "Access to information and knowledge"
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize("value", ["xx", "klingon", "", "fr" * 50])
def test_an_unknown_lang_is_a_400_naming_the_parameter(client, value):
    response = client.get("/api/v1/action-lines/", {"lang": value}, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "code", "lang"}  # the API's one error shape
    message = response.json()["lang"][0]
    assert message.startswith("Elija uno de los idiomas del portal") and "zh-hans" in message


def test_stats_labels_follow_the_language_and_are_cached_apart(client, entry):
    url = "/api/v1/stats/stocktaking/"
    french = client.get(url, {"group_by": "country"}, HTTP_ACCEPT_LANGUAGE="fr")
    arabic = client.get(url, {"group_by": "country"}, HTTP_ACCEPT_LANGUAGE="ar")
    again = client.get(url, {"group_by": "country"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert french.json()["results"] == [{"key": "DE", "label": "Allemagne", "count": 1}]
    assert arabic.json()["results"][0]["label"] == "ألمانيا"
    assert again.json() == french.json()
    for group, french_label in [
        ("region", "Europe"),
        ("action_line", "Cybersanté"),
        ("stakeholder_type", "Société civile"),
    ]:
        labels = client.get(url, {"group_by": group, "lang": "fr"}).json()["results"]
        assert french_label in [row["label"] for row in labels]
    labels = client.get(url, {"group_by": "sdg", "lang": "ru"}).json()["results"]
    assert labels[0]["label"] == SustainableDevelopmentGoal.objects.get(number=4).titles["ru"]


def test_search_page_facets_are_labelled_per_language(client, entry):
    french = text(client.get("/fr/stocktaking/"))
    chinese = text(client.get("/zh-hans/stocktaking/"))
    assert "Allemagne" in french and "德国" not in french
    assert "德国" in chinese and "Allemagne" not in chinese
    assert "电子卫生" in chinese and "欧洲" in chinese


def test_schema_documents_the_language_parameter_and_headers(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/action-lines/"]["get"]
    parameters = {(p["in"], p["name"]): p for p in operation["parameters"]}
    assert "fr" in parameters["query", "lang"]["schema"]["enum"]
    assert ("header", "Accept-Language") in parameters
    headers = operation["responses"]["200"]["headers"]
    assert {"Content-Language", "Vary"} <= set(headers)


def test_translated_names_add_no_query(client, reference):
    def queries(language):
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/action-lines/", {"page_size": 50, "lang": language})
            assert response.status_code == 200
        return len(captured)

    assert queries("ar") == queries("en")


def test_document_reader_says_documents_stay_in_their_language(client):
    document = DocumentFactory()
    page = text(client.get(f"/fr/documents/{document.slug}/"))
    assert "tel qu’il a été publié, en anglais" in page
    assert '<h1 lang="en" dir="ltr">' in page
    assert "tel qu’il a été publié" not in text(client.get(f"/documents/{document.slug}/"))


def test_bodies_the_mandates_name_come_translated_in_the_fixture(client):
    """The fixture, as the importers built it: the bodies the mandate importer adds beyond
    the organisations' directory carry their working translations too."""
    from django.core.management import call_command

    from wsis_portal.reference import FIXTURE_PATH

    call_command("loaddata", str(FIXTURE_PATH), verbosity=0)
    assert not Organization.objects.filter(names={}).exists()
    eca = Organization.objects.get(acronym="ECA")
    page = text(client.get(f"/es/organizations/{eca.slug}/"))
    assert f"Comisión Económica para África <small {MARK}" in page


@pytest.fixture
def eager_tasks():
    """Tasks run in the test's process (the broker, if any, is left alone)."""
    from wsis_portal.celery import app as celery_app

    before = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = before


@pytest.mark.parametrize("sync_limit", [1000, 0])
def test_exports_name_in_the_language_of_the_page_they_come_from(
    client, entry, monkeypatch, eager_tasks, sync_limit
):
    """A small export is built while the reader waits, a large one by a task: both in the
    language of the search page, like the page itself."""
    from stocktaking import exports

    monkeypatch.setattr(exports, "SYNC_LIMIT", sync_limit)
    response = client.get("/ar/stocktaking/export.csv")
    if sync_limit == 0:
        assert response.status_code == 302
        assert client.get(response.url, {"format": "json"}).json()["state"] == "done"
        response = client.get(response.url, {"download": "1"})
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    else:
        body = response.content.decode("utf-8-sig")
    assert "أوروبا" in body and "المجتمع المدني" in body  # region and stakeholder type


def test_submission_form_lists_countries_by_their_name_in_the_page_language(
    client, reference, stakeholder
):
    client.force_login(stakeholder)
    french = text(client.get("/fr/stocktaking/new/"))
    assert french.index(">Allemagne</option>") < french.index(">Autriche</option>")
    assert "C7-e-health — Cybersanté" in french
    english = text(client.get("/stocktaking/new/"))
    assert english.index(">Austria</option>") < english.index(">Germany</option>")

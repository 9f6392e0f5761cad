"""Choosing the interface language: the language in the path, the switch, the first visit,
the account's choice; <html lang dir> and hreflang alternates on every page."""

import re

import pytest
from django.conf import settings

from wsis_portal.models import UserPreference

pytestmark = pytest.mark.django_db

OTHERS = ["ar", "zh-hans", "fr", "ru", "es"]


def html_tag(response):
    return re.search(r"<html[^>]*>", response.content.decode()).group(0)


def test_english_keeps_the_unprefixed_urls(client, line):
    response = client.get("/action-lines/")
    assert response.status_code == 200
    assert html_tag(response) == '<html lang="en" dir="ltr">'


@pytest.mark.parametrize(
    ("code", "direction"), [("fr", "ltr"), ("ar", "rtl"), ("zh-hans", "ltr"), ("ru", "ltr")]
)
def test_each_language_has_its_own_path_and_direction(client, line, code, direction):
    response = client.get(f"/{code}/action-lines/")
    assert response.status_code == 200
    assert html_tag(response) == f'<html lang="{code}" dir="{direction}">'
    assert response["Content-Language"] == code


def test_every_page_links_its_five_other_languages_and_an_english_default(client, line):
    page = client.get("/fr/action-lines/c3/").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)"', page))
    assert alternates == {
        "ar": "http://testserver/ar/action-lines/c3/",
        "zh-hans": "http://testserver/zh-hans/action-lines/c3/",
        "en": "http://testserver/action-lines/c3/",
        "ru": "http://testserver/ru/action-lines/c3/",
        "es": "http://testserver/es/action-lines/c3/",
        "x-default": "http://testserver/action-lines/c3/",
    }


def test_the_api_admin_and_health_check_stay_outside_the_languages(client, db):
    assert client.get("/fr/api/v1/").status_code == 404
    assert client.get("/fr/healthz").status_code == 404
    assert client.get("/healthz").status_code in (200, 503)


def test_a_first_visit_follows_accept_language(client, line):
    response = client.get("/action-lines/?page=1", HTTP_ACCEPT_LANGUAGE="fr-CH, fr;q=0.9, en;q=0.8")
    assert response.status_code == 302
    assert response["Location"] == "/fr/action-lines/?page=1"
    assert "Accept-Language" in response["Vary"]


def test_an_english_or_unknown_browser_stays_on_english(client, line):
    for header in ("en-GB,en;q=0.9", "de-DE, de;q=0.9", ""):
        assert client.get("/action-lines/", HTTP_ACCEPT_LANGUAGE=header).status_code == 200


def test_the_api_is_not_redirected_by_accept_language(client, db):
    response = client.get("/api/v1/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200


def test_the_switch_keeps_the_reader_on_the_same_page(client, line):
    page = client.get("/action-lines/c3/").content.decode()
    assert 'action="/i18n/setlang/"' in page
    assert '<option value="ar" lang="ar">العربيّة</option>' in page
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/action-lines/c3/?tab=1"})
    assert response.status_code == 302
    assert response["Location"] == "/ar/action-lines/c3/?tab=1"
    # The choice is remembered: English unprefixed pages now lead to Arabic,
    assert client.get("/action-lines/").headers["Location"] == "/ar/action-lines/"
    # and choosing English again sticks even against the browser's language.
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/ar/action-lines/c3/"})
    assert response["Location"] == "/action-lines/c3/"
    assert client.get("/action-lines/", HTTP_ACCEPT_LANGUAGE="ar").status_code == 200


def test_an_anonymous_switch_needs_no_csrf_token_so_public_pages_stay_cacheable(line):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get("/action-lines/").content.decode()
    switch = page[page.index('class="language-switch"') :]
    assert "csrfmiddlewaretoken" not in switch[: switch.index("</form>")]
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/action-lines/"})
    assert response["Location"] == "/es/action-lines/"


def test_a_signed_in_users_choice_is_stored_on_their_account(client, stakeholder):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(stakeholder)
    # Without the token a signed-in user's post is refused like any other form.
    assert client.post("/i18n/setlang/", {"language": "ru"}).status_code == 403
    page = client.get("/stocktaking/mine/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        "/i18n/setlang/",
        {"language": "ru", "next": "/stocktaking/mine/", "csrfmiddlewaretoken": token},
    )
    assert response["Location"] == "/ru/stocktaking/mine/"
    assert UserPreference.objects.get(user=stakeholder).language == "ru"


def test_signing_in_on_another_device_brings_the_accounts_language(client, stakeholder):
    UserPreference.objects.create(user=stakeholder, language="zh-hans")
    stakeholder.set_password("a long enough password")
    stakeholder.save()
    client.post(
        "/accounts/login/", {"username": "stakeholder", "password": "a long enough password"}
    )
    assert client.get("/stocktaking/mine/")["Location"] == "/zh-hans/stocktaking/mine/"


def test_the_language_names_are_the_six_un_languages():
    assert [code for code, _ in settings.LANGUAGES] == ["ar", "zh-hans", "en", "fr", "ru", "es"]


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("fr", "Grandes orientations"),
        ("es", "Líneas de acción"),
        ("ru", "Направления деятельности"),
        ("ar", "خطوط العمل"),
        ("zh-hans", "行动方面"),
    ],
)
def test_the_page_frame_speaks_the_readers_language(client, line, code, expected):
    page = client.get(f"/{code}/action-lines/").content.decode()
    start = page.index('<nav aria-label="')  # the main navigation (the account's has a class)
    nav = page[start : page.index("</nav>", start)]
    assert expected in nav
    assert "Action lines" not in nav

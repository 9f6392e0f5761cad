"""Errors no view answered get the portal's own answers (wsis_portal.errors): a page in the
portal's layout, with its navigation and a search form and no internal detail, or under
/api/ the API's JSON error body, whatever failed."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def assert_portal_page(response, status, heading):
    assert response.status_code == status
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    # The portal's layout: its navigation, and a way to search from the error page.
    assert 'href="/action-lines/"' in page and 'href="/documents/"' in page
    assert 'role="search"' in page and 'name="q"' in page
    return page


def test_a_mistyped_address_shows_the_portals_not_found_page(client):
    page = assert_portal_page(client.get("/action-lines/c77-nothing/here/"), 404, "Page not found")
    assert 'action="/stocktaking/"' in page and 'action="/documents/search/"' in page


def test_the_not_found_page_speaks_the_readers_language(client):
    response = client.get("/fr/no-such-page/")
    assert response.status_code == 404
    assert '<html lang="fr"' in response.content.decode()
    assert "Page introuvable" in response.content.decode()


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def test_a_signed_in_reader_keeps_their_header_on_the_not_found_page(stakeholder):
    page = assert_portal_page(signed_in(stakeholder).get("/no-such-page/"), 404, "Page not found")
    assert "Sign out" in page


def test_a_forbidden_page_is_the_portals(stakeholder):
    response = signed_in(stakeholder).get(reverse("actionlines:my-action-lines"))
    assert_portal_page(response, 403, "You are not allowed to do this")


def test_a_request_for_another_host_is_a_400_page_in_the_layout():
    response = Client().get("/", HTTP_HOST="evil.example")
    page = assert_portal_page(response, 400, "The request could not be understood")
    assert "evil.example" not in page


@pytest.mark.parametrize(
    "path", ["/api/v1/no-such-list/", "/api/nothing", "/api/v1/stocktaking/0/"]
)
def test_every_api_path_answers_not_found_in_json(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert set(body) >= {"detail"} and isinstance(body["detail"], str)


def test_an_unrouted_api_path_names_the_error_code(client):
    assert client.get("/api/v1/no-such-list/").json() == {
        "detail": "There is no page at this address. It may have moved, or the address may be "
        "mistyped.",
        "code": "not_found",
    }


@pytest.fixture
def failing_urls(settings):
    settings.ROOT_URLCONF = "tests.support.failing_urls"


def test_a_server_error_is_a_page_without_internal_detail(failing_urls):
    response = Client(raise_request_exception=False).get("/boom/")
    page = assert_portal_page(response, 500, "Something went wrong on our side")
    assert "secret internal detail" not in page and "Traceback" not in page


def test_a_server_error_under_the_api_is_json(failing_urls):
    response = Client(raise_request_exception=False).get("/api/v1/boom/")
    assert response.status_code == 500
    assert response.json() == {
        "detail": "The error has been logged. Please try again later.",
        "code": "server_error",
    }


def test_an_expired_form_token_is_explained_in_the_layout(stakeholder):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(stakeholder)
    response = browser.post(reverse("stocktaking:entry-create"), {"title": "Kept"})
    page = assert_portal_page(response, 403, "You are not allowed to do this")
    assert "security token is missing or has expired" in page


def test_an_oversized_form_is_a_413_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(reverse("register"), {"username": "x" * 5000})
    assert_portal_page(response, 413, "What was sent is too large")

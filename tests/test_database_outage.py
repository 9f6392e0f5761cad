"""PostgreSQL away: the portal reads, it does not die (wsis_portal.errors, caching).

The test points the portal's connection at a port where no database listens, as if
PostgreSQL had stopped: public pages kept in the cache are still served (the last copy,
marked as possibly out of date, when the content changed since), every other page answers the
portal's 503 with ``Retry-After``, the API its JSON 503, and a form that could not be saved
shows what was typed, ready to be sent again.
"""

import socket

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse

from tests.api.conftest import client_for
from wsis_portal import caching

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _redis_cache(settings):
    if not settings.CACHE_REDIS_URL:
        pytest.skip("the pages kept through a database outage live in the Redis cache")


def dead_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free, so nothing answers on it once closed


@pytest.fixture
def stop_database():
    """Calling it makes the database unreachable until the end of the test."""
    connection = connections["default"]
    saved = dict(connection.settings_dict)

    def stop():
        connection.close()
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(dead_port()))

    def restart():
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)

    stop.restart = restart
    yield stop
    restart()


def reader():
    return Client(raise_request_exception=False)


def test_a_cached_public_page_is_served_while_the_database_is_away(stop_database):
    url = reverse("actionlines:list")
    before = reader().get(url)
    assert before.status_code == 200
    stop_database()
    during = reader().get(url)
    assert during.status_code == 200
    assert during.content == before.content


def test_a_page_changed_since_is_served_from_its_last_copy_marked_as_such(stop_database, line):
    url = reverse("actionlines:detail", args=[line.slug])
    before = reader().get(url)
    assert before.status_code == 200
    caching.bump_generation()  # content changed: the cached page is no longer current
    stop_database()
    during = reader().get(url)
    assert during.status_code == 200
    page = during.content.decode()
    assert line.title in page
    assert "may be out of date" in page and 'role="status"' in page
    assert during["Warning"] == '110 - "Response is Stale"'
    assert "no-store" in during["Cache-Control"]


def test_a_page_never_kept_answers_the_portals_503(stop_database):
    stop_database()
    response = reader().get(reverse("mandates:document-list"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "<h1>The portal is temporarily unavailable</h1>" in page
    assert 'href="/action-lines/"' in page  # the portal's layout, not Django's bare page
    assert "OperationalError" not in page and "5432" not in page


def test_a_signed_in_users_page_answers_503_not_500(stop_database, stakeholder):
    browser = Client(raise_request_exception=False)
    browser.force_login(stakeholder)
    stop_database()
    response = browser.get(reverse("stocktaking:my-submissions"))
    assert response.status_code == 503
    assert "Sign out" not in response.content.decode()  # drawn without asking who it is


def test_the_api_answers_json_503(stop_database, stakeholder):
    stop_database()
    for client in (client_for(None), client_for(stakeholder)):
        client.raise_request_exception = False
        response = client.get("/api/v1/stocktaking/")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert response.json()["code"] == "service_unavailable"


def test_a_form_that_could_not_be_saved_shows_what_was_typed(stop_database):
    stop_database()
    typed = {
        "username": "amina",
        "email": "amina@example.org",
        "password1": "correct horse battery",
        "password2": "correct horse battery",
        "about": "<script>alert(1)</script> line one\nline two",
    }
    response = reader().post(reverse("register"), typed)
    assert response.status_code == 503
    page = response.content.decode()
    assert "What you sent was not saved" in page
    assert 'name="username" value="amina"' in page
    assert 'name="email" value="amina@example.org"' in page
    assert "correct horse battery" not in page  # passwords are never echoed
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; line one<br>line two" in page
    assert f'<form method="post" action="{reverse("register")}">' in page
    assert 'name="csrfmiddlewaretoken"' in page  # a fresh token: sending again is accepted


def test_the_health_check_names_the_database(stop_database):
    stop_database()
    response = reader().get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "error: OperationalError"
    assert reader().get("/livez").status_code == 200


def test_the_two_factor_step_and_a_new_token_answer_503_not_500(stop_database, stakeholder):
    """The security layers' own forms (issue 16) while PostgreSQL is away: the portal's 503,
    the token's name kept to send again, a one-time code never written back."""
    from tests.support.factories import PASSWORD
    from tests.support.two_factor import give_authenticator

    give_authenticator(stakeholder)
    browser = Client(raise_request_exception=False)
    browser.post(reverse("login"), {"username": stakeholder.username, "password": PASSWORD})
    stop_database()
    step = browser.post(reverse("two-factor-sign-in"), {"code": "123456"})
    assert step.status_code == 503
    assert "123456" not in step.content.decode()

    signed_in = Client(raise_request_exception=False)
    stop_database.restart()
    signed_in.force_login(stakeholder)
    stop_database()
    made = signed_in.post(reverse("api-token-create"), {"name": "Nightly sync", "expires": "30"})
    assert made.status_code == 503
    assert 'value="Nightly sync"' in made.content.decode()


def test_only_the_two_factor_forms_code_is_kept_back(stop_database, admin_user, stakeholder):
    """The one-time code is kept back because its form says it is secret, not for its name: the
    admin's action line form has a "code" (C12) that is given back to send again, and the
    two-factor step's code stays unwritten in every language's address."""
    from tests.support.factories import PASSWORD
    from tests.support.two_factor import give_authenticator

    staff = Client(raise_request_exception=False)
    staff.force_login(admin_user)
    give_authenticator(stakeholder)
    waiting = Client(raise_request_exception=False)
    waiting.post(reverse("login"), {"username": stakeholder.username, "password": PASSWORD})
    stop_database()

    added = staff.post(
        "/admin/actionlines/actionline/add/", {"code": "C12", "title": "Data governance"}
    )
    assert added.status_code == 503
    page = added.content.decode()
    assert 'name="code" value="C12"' in page
    assert 'name="title" value="Data governance"' in page

    for prefix in ("", "/fr", "/zh-hans"):
        step = waiting.post(f"{prefix}/accounts/two-factor/sign-in/", {"code": "654321"})
        assert step.status_code == 503, prefix
        assert "654321" not in step.content.decode(), prefix

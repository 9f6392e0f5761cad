"""A NUL character (%00) in an address or a cookie is a 400, never a 500 (issue 16, hole 10):
PostgreSQL refuses NUL in text, so it must not reach a lookup."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/stocktaking/feed/C%007/",  # a feed's action-line code
        "/stocktaking/prizes/2025/C%007/",  # a prize category code
        "/calendar.ics?organization=IT%00U",  # the calendar's parameters
        "/calendar.ics?action_line=C%007",
        "/calendar.ics?action%00_line=C7",
        "/fr/stocktaking/feed/%00/",
        "/stocktaking/?q=broad%00band",
    ],
)
def test_nul_in_the_address_is_a_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "The request could not be understood" in response.content.decode()


def test_nul_in_an_api_address_is_a_400_in_json(client):
    for url in ("/api/v1/action-lines/C%001/", "/api/v1/stocktaking/?search=a%00b"):
        response = client.get(url)
        assert response.status_code == 400
        assert response.json()["code"] == "bad_request"


def test_nul_in_the_session_cookie_is_a_400(client):
    client.cookies["sessionid"] = "abcdefgh\x00ijklmnop"
    assert client.get("/stocktaking/new/").status_code == 400


def test_addresses_without_nul_are_answered_as_before(client, line):
    assert client.get(f"/stocktaking/feed/{line.code}/").status_code == 200
    assert client.get("/stocktaking/feed/C99/").status_code == 404
    assert client.get("/calendar.ics?action_line=C99").status_code == 400
    assert client.get("/stocktaking/?q=%2500").status_code == 200  # "%00" typed as text

"""Odd values a fuzzer sends answer a clear 400 naming the parameter (or are read as what they
mean), never a server error: a "%" echoed into a message, the last day a date can name."""

import pytest

from tests.support.factories import StocktakingEntryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/stocktaking/?is_inactive=%25", "is_inactive"),
        ("/api/v1/stocktaking/?is_inactive=%25s%25d", "is_inactive"),
        ("/api/v1/action-lines/?top_level=%25", "top_level"),
    ],
)
def test_a_percent_sign_is_a_bad_value_not_a_server_error(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    assert "is not a boolean" in response.json()[parameter][0]


def test_the_search_page_says_a_percent_sign_is_not_a_boolean(client):
    response = client.get("/stocktaking/?is_inactive=%25")
    assert response.status_code in (200, 400)
    assert "is not a boolean" in response.content.decode()


@pytest.mark.parametrize("url", ["/api/v1/stocktaking/", "/stocktaking/"])
def test_created_before_the_last_day_a_date_can_name_includes_everything(client, url):
    StocktakingEntryFactory(state="published", title="Satellite schools")
    response = client.get(f"{url}?created_before=9999-12-31")
    assert response.status_code == 200
    assert "Satellite schools" in response.content.decode()

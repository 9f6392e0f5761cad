"""One error shape: every error answer of the API is ``{"detail", "code"}``, plus one member per
field or parameter in error; and the schema documents each status code an operation answers,
all of them with the one ``Error`` component."""

import pytest
from django.test import Client

from tests.api.conftest import client_for
from tests.support.factories import StocktakingEntryFactory

ERROR = "#/components/schemas/Error"


def assert_error_shape(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str) and body["code"]
    return body


def test_a_bad_parameter_names_it_in_the_one_shape(db):
    body = assert_error_shape(client_for(None).get("/api/v1/stocktaking/?country=ZZ"), 400)
    assert body["code"] == "invalid" and "country" in body


def test_a_bad_body_names_its_fields_in_the_one_shape(stakeholder):
    response = client_for(stakeholder).post(
        "/api/v1/stocktaking/", {"stakeholder_type": "robot"}, format="json"
    )
    body = assert_error_shape(response, 400)
    assert {"title", "stakeholder_type"} <= set(body)


def test_a_stale_save_is_a_409_in_the_one_shape(line, facilitator):
    client = client_for(facilitator)
    url = f"/api/v1/action-lines/{line.code}/"
    client.patch(url, {"page_content": "first", "page_version": 0}, format="json")
    response = client.patch(url, {"page_content": "second", "page_version": 0}, format="json")
    body = assert_error_shape(response, 409)
    assert body["code"] == "stale" and body["current_version"] == 1


@pytest.mark.parametrize(
    ("request_", "status"),
    [
        (lambda c: c.get("/api/v1/stocktaking/999999/"), 404),
        (lambda c: c.get("/api/v1/nothing-here/"), 404),
        (lambda c: c.get("/api/v1/sdgs/", {"format": "xml"}), 406),
        (lambda c: c.post("/api/v1/stocktaking/", {}, content_type="application/json"), 401),
        (lambda c: c.get("/api/v1/sdgs/", HTTP_AUTHORIZATION="Bearer nope"), 401),
    ],
    ids=["no object", "no route", "format", "anonymous write", "bad token"],
)
def test_every_error_answer_has_the_one_shape(db, request_, status):
    assert_error_shape(request_(Client()), status)


def test_a_method_an_address_does_not_take_is_a_405_in_the_one_shape(stakeholder):
    assert_error_shape(client_for(stakeholder).delete("/api/v1/sdgs/"), 405)


def test_throttling_answers_in_the_one_shape(db, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "100/minute"},
    }
    client = client_for(None)
    client.get("/api/v1/sdgs/")
    body = assert_error_shape(client.get("/api/v1/sdgs/"), 429)
    assert body["code"] == "throttled"


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from drf_spectacular.generators import SchemaGenerator

    with django_db_blocker.unblock():  # the enums are read from the database
        return SchemaGenerator().get_schema(request=None, public=True)


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield path, method, operation


def test_every_error_response_of_the_schema_is_the_error_component(schema):
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"detail", "code"}
    for path, method, operation in operations(schema):
        for code, response in operation["responses"].items():
            if int(code) >= 400:
                body = response["content"]["application/json"]["schema"]
                assert body == {"$ref": ERROR}, (method, path, code)


def test_every_operation_documents_the_errors_it_can_answer(schema):
    for path, method, operation in operations(schema):
        documented = set(operation["responses"])
        expected = {"400", "406", "429", "503"}
        if method == "get":
            expected |= {"304", "404"}
        else:
            expected |= {"401", "403", "413", "415"}
        assert expected <= documented, (method, path, expected - documented)


def test_what_the_views_answer_is_what_the_schema_says(db, schema, stakeholder):
    """For each read: an unknown parameter and an unknown format really are the 400 and 406
    documented; for each write, anonymous, the 401."""
    StocktakingEntryFactory(state="published")
    anonymous = Client()
    for path, method, operation in operations(schema):
        if "{" in path:
            continue
        if method == "get":
            answers = {
                anonymous.get(path, {"zz_unknown": "1"}).status_code,
                anonymous.get(path, HTTP_ACCEPT="application/xml").status_code,
            }
        else:
            answers = {getattr(anonymous, method)(path, {}, content_type="application/json")}
            answers = {response.status_code for response in answers}
        assert answers <= set(map(int, operation["responses"])), (method, path, answers)

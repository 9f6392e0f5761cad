"""The schema's closed sets (action lines, countries, regions, SDGs, organisations…) come from
the database when the schema is served. On a fresh installation, before ``load_reference``,
those tables are empty: the schema must still be a valid OpenAPI document that says what a
code looks like (a pattern, or bounds), never an empty ``enum`` that no value satisfies.
"""

import pytest
from drf_spectacular.validation import validate_schema

from tests.support.factories import ActionLineFactory, RegionFactory, SDGFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/stocktaking/"


def served_schema(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on a document that is not valid OpenAPI 3
    return schema


def nodes(node):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from nodes(value)


def parameter(schema, path, name):
    """The schema of one value of ``path``'s GET parameter ``name`` (an item of a list)."""
    for item in schema["paths"][path]["get"]["parameters"]:
        if item["name"] == name:
            return item["schema"].get("items", item["schema"])
    raise AssertionError(f"{path} has no parameter {name}")


def write_field(schema, component, name):
    field = schema["components"]["schemas"][component]["properties"][name]
    return field.get("items", field)


def test_with_an_empty_database_the_schema_is_valid_and_says_what_a_code_looks_like(client):
    schema = served_schema(client)
    assert not any(node.get("enum") == [] for node in nodes(schema))
    assert not any("x-vocabulary" in node for node in nodes(schema))

    action_line = parameter(schema, LIST, "action_line")
    assert "enum" not in action_line and action_line["pattern"].startswith("^[Cc]")
    region = parameter(schema, LIST, "region")
    assert (region["type"], region["minimum"], region["maximum"]) == ("integer", 1, 999)
    sdgs = write_field(schema, "StocktakingEntryWriteRequest", "sdgs")
    assert (sdgs["minimum"], sdgs["maximum"]) == (1, 17)
    assert "pattern" in parameter(schema, LIST, "sdg_target")
    # Countries come from the ISO list shipped with the code, not from the database.
    assert "KE" in parameter(schema, LIST, "country")["enum"]


def test_with_reference_data_the_schema_lists_the_codes(client):
    ActionLineFactory(code="C7", slug="c7")
    RegionFactory(code=2, name="Africa")
    SDGFactory(number=9)
    schema = served_schema(client)
    assert parameter(schema, LIST, "region")["enum"] == [2]
    sdgs = write_field(schema, "StocktakingEntryWriteRequest", "sdgs")
    assert sdgs["enum"] == [9] and "minimum" not in sdgs

"""Every file a spreadsheet opens is formula-safe (issue 19, item 2): a text a spreadsheet
would run as a formula comes out with a leading apostrophe, in the API's CSV (lists, details,
the harvest, mandates and their updates) and in the search page's CSV and Excel exports."""

import csv
import io
import pathlib
import re

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from tests.support.factories import (
    MandateUpdateFactory,
    OrganizationFactory,
    StocktakingEntryFactory,
)
from wsis_portal.spreadsheets import formula_safe

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example","click")'
FORMULAS = [
    HYPERLINK,
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def csv_cells(content: bytes) -> list[str]:
    text = content.decode("utf-8-sig")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def assert_defused(cells, value):
    assert "'" + value in cells, cells
    assert value not in cells


@pytest.mark.parametrize("value", FORMULAS)
def test_formula_gets_an_apostrophe(value):
    assert formula_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["-5", "+1.5e3", "-.5", "plain", "a=b", "", 7, None])
def test_numbers_and_plain_text_are_unchanged(value):
    assert formula_safe(value) == value


@pytest.mark.parametrize("value", FORMULAS)
def test_api_stocktaking_csv_defuses_formulas(value):
    entry = StocktakingEntryFactory(state="published", organization_name=value, title=value)
    client = APIClient()
    for url in (
        "/api/v1/stocktaking/?format=csv",
        "/api/v1/stocktaking/harvest/?format=csv",
        f"/api/v1/stocktaking/{entry.pk}/?format=csv",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_defused(csv_cells(response.content), value)


def test_api_mandate_and_organisation_csv_defuse_formulas():
    update = MandateUpdateFactory(text=HYPERLINK)
    OrganizationFactory(name=HYPERLINK)
    client = APIClient()
    for url in ("/api/v1/mandate-updates/", "/api/v1/organizations/"):
        response = client.get(url, {"format": "csv"})
        assert_defused(csv_cells(response.content), HYPERLINK)
    # The mandate's latest update, in one cell: the cell does not start with its text, but no
    # cell of the file starts with a formula.
    response = client.get("/api/v1/mandates/", {"format": "csv"})
    cells = csv_cells(response.content)
    assert any(update.text in cell for cell in cells)
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


@pytest.mark.parametrize("value", FORMULAS)
def test_search_page_exports_defuse_formulas(client, value):
    StocktakingEntryFactory(state="published", organization_name=value, title=value)
    response = client.get("/stocktaking/export.csv")
    assert_defused(csv_cells(response.content), value)
    response = client.get("/stocktaking/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    # The sheet is XML, whose reader turns a carriage return into a line feed.
    assert_defused(cells, value.replace("\r", "\n"))
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


def test_no_csv_writer_outside_the_shared_one():
    """A new export cannot forget the defusing: ``csv.writer`` is only used by
    ``wsis_portal.spreadsheets``."""
    root = pathlib.Path(__file__).resolve().parent.parent
    offenders = [
        str(path.relative_to(root))
        for path in root.glob("*/**/*.py")
        if path.parts[len(root.parts)] not in {".venv", "tests", "node_modules"}
        and path.name != "spreadsheets.py"
        and re.search(r"\bcsv\.writer\(|\bDictWriter\(", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []

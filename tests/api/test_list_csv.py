"""The stocktaking list's CSV export as PostgreSQL writes it (issue 19: exports that keep the
portal responsive): for every asker, filter, order, field choice and page, byte for byte the
file the serializer and ``wsis_portal.spreadsheets`` write, hostile cells included (formulas
defused the same way, quotes, line breaks, control characters, Arabic and Chinese)."""

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stocktaking.api import views as api_views
from tests.api.conftest import client_for
from tests.api.test_list_json import varied_entries  # noqa: F401 - a fixture used below
from tests.support.factories import OrganizationFactory, StocktakingEntryFactory
from wsis_portal.spreadsheets import FORMULA_STARTS, PLAIN_NUMBER

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL writes the list's CSV"
)

LIST = "/api/v1/stocktaking/"
HYPERLINK = '=HYPERLINK("http://evil.example","click")'


@pytest.fixture
def hostile_entries(varied_entries, stakeholder):  # noqa: F811 - the fixture imported above
    """Published entries whose texts a spreadsheet would take for formulas, or that CSV must
    quote, beside ``varied_entries``."""
    hostile = [
        StocktakingEntryFactory(
            state="published",
            submitter=stakeholder,
            title=HYPERLINK,
            organization_name="+cmd|' /C calc'!A0",
            description='-2+3, he said "hi"\nthen left\r\nأهلا 你好',
            contact_email="=owner@example.org",
            website="https://example.org/?a=1,2",
        ),
        StocktakingEntryFactory(
            state="published",
            submitter=stakeholder,
            title="@SUM(A1:A9)",
            organization_name="\t=1+1",
            description="\r=2+2 and a bell\x07 and an escape\x1b",
            organization=OrganizationFactory(acronym="-ORG"),
        ),
        StocktakingEntryFactory(
            state="published",
            title="-5",  # a plain number: a spreadsheet reads it as one, left as it is
            organization_name="+1.5e3",
            description="-٣ (an Arabic-Indic digit is no number to a spreadsheet)",
        ),
        StocktakingEntryFactory(
            state="published", title="Telemedicine, كشك الصحة, 远程医疗", description='"'
        ),
    ]
    return [*varied_entries, *hostile]


def both_ways(client, params, monkeypatch):
    """The CSV as PostgreSQL writes it and as the serializer and the renderer write it."""
    params = {**params, "format": "csv"}
    written = client.get(LIST, params)
    with monkeypatch.context() as patch:
        patch.setattr(api_views, "writes_list_json", lambda: False)
        serialized = client.get(LIST, params)
    return written, serialized


ASKERS = ["anonymous", "owner", "other stakeholder", "moderator"]
QUERIES = [
    {},
    {"q": "telemedicine"},  # ranked: each row has its score
    {"q": "telemedicine", "ordering": "title"},
    {"fields": "web_url,score,id,contact_email,organization"},
    {"fields": "organization"},  # one column, mostly empty cells
    {"fields": "title", "page_size": 1, "page": 2},
    {"state": "published", "country": "KE,BJ", "sdg": "3"},
    {"ordering": "-updated_at", "page_size": 2},
]


@pytest.mark.parametrize("asker", ASKERS)
@pytest.mark.parametrize("params", QUERIES, ids=lambda params: json.dumps(params))
def test_the_written_csv_is_the_serializers(
    hostile_entries, stakeholder, other_stakeholder, moderator, monkeypatch, asker, params
):
    user = {
        "anonymous": None,
        "owner": stakeholder,
        "other stakeholder": other_stakeholder,
        "moderator": moderator,
    }[asker]
    written, serialized = both_ways(client_for(user), params, monkeypatch)
    assert written.status_code == serialized.status_code == 200
    assert written.content == serialized.content
    for header in (
        "Content-Type",
        "Content-Disposition",
        "Link",
        "ETag",
        "RateLimit-Limit",
        "Vary",
        "Cache-Control",
    ):
        assert written.get(header) == serialized.get(header), header


def test_the_written_csv_defuses_formulas_and_keeps_every_character(hostile_entries):
    response = client_for(None).get(LIST, {"format": "csv", "page_size": 500})
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_title = {row["title"]: row for row in rows}
    hyperlink = by_title["'" + HYPERLINK]  # an apostrophe: the spreadsheet shows text
    assert hyperlink["organization_name"] == "'+cmd|' /C calc'!A0"
    assert hyperlink["description"] == '\'-2+3, he said "hi"\nthen left\r\nأهلا 你好'
    assert hyperlink["contact_email"] == ""  # not the anonymous reader's to see
    assert hyperlink["website"] == "https://example.org/?a=1,2"
    other = by_title["'@SUM(A1:A9)"]
    assert other["organization_name"] == "'\t=1+1"
    assert other["description"] == "'\r=2+2 and a bell and an escape"  # control characters out
    assert other["organization"] == "'-ORG"
    assert by_title["-5"]["organization_name"] == "+1.5e3"  # numbers stay numbers
    assert by_title["-5"]["description"].startswith("'-٣")
    assert by_title["Telemedicine, كشك الصحة, 远程医疗"]["description"] == '"'
    assert ',"""",' in response.content.decode()  # a lone double quote, quoted and doubled
    risky = [cell for row in rows for cell in row.values() if cell.startswith(FORMULA_STARTS)]
    assert risky and all(PLAIN_NUMBER.fullmatch(cell) for cell in risky), risky


def test_the_owner_reads_their_contact_email_defused(hostile_entries, stakeholder):
    response = client_for(stakeholder).get(LIST, {"format": "csv", "fields": "title,contact_email"})
    rows = {row["title"]: row for row in csv.DictReader(io.StringIO(response.content.decode()))}
    assert rows["'" + HYPERLINK]["contact_email"] == "'=owner@example.org"


def test_an_export_page_is_one_query(hostile_entries, django_assert_max_num_queries):
    client = client_for(None)
    client.get(LIST, {"format": "csv", "page_size": 500})  # counted, count kept
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, {"format": "csv", "page_size": 500}).status_code == 200
    assert len(queries) == 1, [query["sql"] for query in queries.captured_queries]
    assert queries.captured_queries[0]["sql"].startswith("SELECT (SELECT ")


def test_an_empty_page_keeps_its_header(hostile_entries):
    response = client_for(None).get(LIST, {"format": "csv", "q": "nothing-matches-this"})
    assert response.status_code == 200
    assert response.content.decode().startswith("id,title,description,language,")
    assert response.content.count(b"\r\n") == 1


def test_unknown_fields_are_refused_as_json(hostile_entries):
    response = client_for(None).get(LIST, {"format": "csv", "fields": "title,secret"})
    assert response.status_code == 400 and "fields" in response.json()

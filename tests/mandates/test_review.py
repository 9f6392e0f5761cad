"""Review at a glance (issue 13, item 5): each document's clauses with verb, parties and
deadline, as a page and as CSV; corrections kept by import_reference, which says so."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from mandates.models import Clause, Document, Mandate
from tests.support.reference import load_reference

pytestmark = pytest.mark.django_db


@pytest.fixture
def reference(db):
    load_reference()


def test_every_clause_of_a_document_with_its_verb_parties_and_deadline(
    client, reference, django_assert_max_num_queries
):
    document = Document.objects.get(slug="a-res-80-173")
    url = reverse("mandates:document-clauses", args=[document.slug])
    assert url in client.get(document.get_absolute_url()).content.decode()

    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200
    rows = response.context["clauses"]
    assert len(rows) == Clause.objects.filter(paragraph__document=document).count()
    html = response.content.decode()
    row = html[html.index('id="para-67-c2"') :]
    row = row[: row.index("</tr>")]
    mandate = Mandate.objects.get(
        paragraph__document=document, paragraph__label="67", clause__order=2
    )
    assert "requests" in row and mandate.get_absolute_url() in row
    # one line per role: "Addressee: ITU", "Secretariat of: UNGIS", "Reports to: CSTD"
    assert re.search(r'<span class="meta">Reports to:</span> <a href="[^"]*">CSTD</a></span>', row)
    assert row.count('<span class="meta">Addressee:</span>') == 1
    assert "2027 (date not yet set)" in row and "cstd-30" in row
    # a clause that is no mandate says so
    recalls = Clause.objects.filter(paragraph__document=document, is_mandating=False).first()
    if recalls is not None:
        assert f'id="{recalls.anchor}"' in html

    # the same in French: the interface translated, the text as published
    french = client.get("/fr" + url).content.decode()
    assert "Alinéas et mandats" in french and "2027 (date non encore fixée)" in french


def test_the_review_table_as_csv_is_formula_safe(client, reference):
    document = Document.objects.get(slug="a-res-80-173")
    paragraph = document.paragraphs.get(label="53")
    Clause.objects.create(paragraph=paragraph, order=9, verb="other", text="=HYPERLINK(1)")
    response = client.get(reverse("mandates:document-clauses", args=[document.slug]),
                          {"format": "csv"})  # fmt: skip
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:4] == ["Paragraph", "Clause", "Operative verb", "Mandate"]
    assert len(rows) == 1 + Clause.objects.filter(paragraph__document=document).count()
    row = next(r for r in rows if r[:2] == ["67", "2"])
    assert row[2] == "requests" and "/mandates/" in row[3]
    assert "CSTD (Reports to)" in row[4] and "ITU (Addressee)" in row[4]
    assert row[5].startswith("Commission on Science and Technology for Development, 30th")
    assert row[6] == "2027 (date not yet set)"
    assert ["53", "9", "other", "", "", "", "", "", "'=HYPERLINK(1)"] in rows
    assert client.get("/documents/no-such-document/clauses/").status_code == 404


def test_import_reference_reports_the_corrections_it_kept(reference):
    mandate = Mandate.objects.get(
        document__slug="a-res-80-173", paragraph__label="113", clause__order=1
    )
    mandate.title = "Road maps (corrected)"
    mandate.save()
    out = io.StringIO()
    call_command("import_reference", stdout=out)
    report = out.getvalue()
    assert "Kept: A/RES/80/173 ¶113" in report
    assert "kept the corrected title 'Road maps (corrected)'" in report
    assert "the text gives 'Develop targeted" in report
    mandate.refresh_from_db()
    assert mandate.title == "Road maps (corrected)"

"""Footnotes and OCR corrections in the paragraphs API (issue 13, item 6).

A paragraph carries the footnotes whose markers stand in it (number, text, where the marker
stands in its text) and the reviewed corrections of its text (the source's reading and the
portal's); no raw ``[^N]`` marker reaches an API user, and the schema documents both.
"""

import pytest

from mandates.reader import footnote_offsets
from tests.support.reference import load_reference


@pytest.fixture
def reference(db):
    load_reference()


def rows(client, **params):
    response = client.get("/api/v1/paragraphs/", {"page_size": 100, **params})
    assert response.status_code == 200
    return response.json()["results"]


def test_a_paragraph_carries_its_footnotes_and_where_each_marker_stands(client, reference):
    found = {}
    for page in (1, 2):
        for row in rows(client, document="e-res-2025-18", page=page):
            for footnote in row["footnotes"]:
                found[footnote["number"]] = (row, footnote)
    # footnote 1's text and marker are absent from the source; the other fifteen are placed
    assert sorted(found) == list(range(2, 17))
    row, note = found[11]  # "… annually,!'" in ¶76: "See General Assembly resolution 70/125."
    assert row["label"] == "76"
    assert note["text"] == "See General Assembly resolution 70/125."
    assert row["text"][: note["offset"]].endswith("to be held annually,")
    row, note = found[13]  # the source lost footnote 13's text: empty, still placed
    assert (row["label"], note["text"]) == ("88", "")
    assert row["text"][: note["offset"]].endswith("the Working Group,")
    six, seven = found[6][1], found[7][1]  # two markers in ¶5, in the order of the text
    assert found[6][0]["label"] == found[7][0]["label"] == "5"
    assert six["offset"] < seven["offset"]
    for row, _note in found.values():
        assert "[^" not in row["text"]
        assert all("[^" not in clause["text"] for clause in row["clauses"])


def test_a_paragraph_carries_the_corrections_of_its_text(client, reference):
    by_label = {
        row["label"]: row
        for page in (1, 2)
        for row in rows(client, document="e-res-2025-18", page=page)
    }
    corrections = by_label["57"]["corrections"]
    assert {
        "original": "Further vrecalls",
        "corrected": "Further recalls",
    }.items() <= corrections[0].items()
    assert corrections[0]["note"]
    assert by_label["57"]["text"].startswith("Further recalls")
    # a paragraph nobody repaired says so with an empty list
    assert rows(client, document="a-res-80-173")[0]["corrections"] == []


def test_footnote_offsets_place_nothing_when_the_text_is_not_the_markup():
    assert footnote_offsets("Rights[^10] and duties[^11].", "Rights and duties.") == {
        10: 6,
        11: 17,
    }
    # a draft's edits: its text is not its markup without markers, so nothing is misplaced
    assert footnote_offsets("~~old~~ new[^3]", "new") == {}


@pytest.mark.django_db  # the schema's enums are read from the database
def test_the_schema_documents_footnotes_and_corrections():
    from drf_spectacular.generators import SchemaGenerator

    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    paragraph = schemas["Paragraph"]["properties"]
    assert paragraph["footnotes"]["items"] == {"$ref": "#/components/schemas/ParagraphFootnote"}
    assert paragraph["corrections"]["items"] == {"$ref": "#/components/schemas/TextCorrection"}
    footnote = schemas["ParagraphFootnote"]["properties"]
    assert set(footnote) == {"number", "text", "offset", "corrections"}
    assert footnote["offset"]["nullable"] is True and "marker" in footnote["offset"]["description"]
    correction = schemas["TextCorrection"]["properties"]
    assert set(correction) == {"original", "corrected", "note"}
    assert all(field["description"] for field in correction.values())

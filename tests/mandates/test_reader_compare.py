"""Comparing texts paragraph by paragraph, on the real reference content."""

import pytest

from tests.support.reference import load_reference


@pytest.fixture
def reference(db):
    load_reference()


def compare(client, old, new):
    return client.get("/documents/compare/", {"from": old, "to": new})


def test_annotated_draft_original_against_its_edits(client, reference):
    response = compare(client, "wsis20-zero-draft-unesco@original", "wsis20-zero-draft-unesco")
    assert response.status_code == 200
    comparison = response.context["comparison"]
    rows = {row.new.label: row for row in comparison.rows if row.new and row.new.label != "—"}
    # A known deletion: ¶C loses "which set out objectives, principles, commitments and actions".
    assert rows["C"].status == "changed"
    assert "<del>which set out objectives, principles, commitments and actions</del>" in str(
        rows["C"].diff
    )
    # A known insertion: ¶140 (was 129) gains "leveraging available resources and partnerships".
    assert rows["140"].old[0].label == "129"
    assert "<ins>leveraging available resources and partnerships, in order</ins>" in str(
        rows["140"].diff
    )
    # Paragraph 8 was inserted whole; paragraph 90 was deleted.
    assert rows["8"].status == "added"
    removed = [row for row in comparison.rows if row.status == "removed"]
    assert [row.old[0].label for row in removed] == ["90"]
    assert comparison.counts["added"] == 13
    html = response.content.decode()
    assert "<del>which set out objectives, principles, commitments and actions</del>" in html


def test_resolution_paragraphs_find_the_draft_paragraphs_they_came_from(client, reference):
    response = compare(client, "wsis20-zero-draft-unesco", "a-res-80-173")
    assert response.status_code == 200
    sources = {row.new.label: row.old_labels for row in response.context["comparison"].rows}
    # SOURCES.md §4.6, found by similarity (two merges included).
    assert sources["113"] == "140"
    assert sources["100"] == "127"
    assert sources["111"] == "138 + 139"
    assert sources["112"] == "141 + 142"
    assert sources["67"] == ""  # new in the final text


@pytest.mark.parametrize(
    "params",
    [
        {"from": "nope", "to": "a-res-80-173"},
        {"from": "a-res-80-173@original", "to": "a-res-80-173"},
        {"from": "a-res-80-173", "to": "a-res-80-173"},
        {"from": "<script>", "to": "\x00"},
    ],
)
def test_bad_choices_are_form_errors(client, reference, params):
    response = client.get("/documents/compare/", params)
    assert response.status_code == 400
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_empty_compare_page_suggests_the_key_comparisons(client, reference):
    html = client.get("/documents/compare/").content.decode()
    assert "from=wsis20-zero-draft-unesco%40original&amp;to=wsis20-zero-draft-unesco" in html

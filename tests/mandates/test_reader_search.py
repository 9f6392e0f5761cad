"""Full-text search across the paragraphs of every document."""

import pytest

from tests.support.factories import DocumentFactory, ParagraphFactory
from tests.support.reference import load_reference


@pytest.fixture
def reference(db):
    load_reference()


def results(response):
    return list(response.context["page_obj"].object_list)


def test_a_query_finds_paragraphs_in_several_documents_best_first(client, reference):
    response = client.get("/documents/search/", {"q": "action line facilitators"})
    assert response.status_code == 200
    found = results(response)
    everywhere = {p.document.slug for p in response.context["page_obj"].paginator.object_list}
    assert {"a-res-80-173", "wsis20-zero-draft-unesco", "e-res-2025-18"} <= everywhere
    assert len({p.document.slug for p in found}) >= 2
    ranks = [p.search_rank for p in found]
    assert ranks == sorted(ranks, reverse=True)
    html = response.content.decode()
    assert "<mark>" in html
    # Each hit links to its paragraph's permanent anchor.
    assert f'href="{found[0].get_absolute_url()}"' in html


def test_ranking_puts_the_denser_match_first(client, db):
    doc = DocumentFactory(slug="doc-a", symbol="X/1")
    other = DocumentFactory(slug="doc-b", symbol="X/2")
    ParagraphFactory(document=doc, order=1, anchor="para-1", text="Broadband once, then cats.")
    ParagraphFactory(
        document=other,
        order=1,
        anchor="para-1",
        text="Broadband broadband broadband: affordable broadband for all.",
    )
    found = results(client.get("/documents/search/", {"q": "broadband"}))
    assert [p.document.slug for p in found] == ["doc-b", "doc-a"]


def test_filters_by_document_and_action_line(client, reference):
    by_document = results(
        client.get("/documents/search/", {"q": "facilitators", "document": "a-res-80-173"})
    )
    assert by_document and {p.document.slug for p in by_document} == {"a-res-80-173"}

    by_line = client.get("/documents/search/", {"q": "capacity", "action_line": "C4"})
    found = results(by_line)
    assert found
    for paragraph in found:
        assert "C4" in {line.code for line in paragraph.action_lines.all()}


def test_hostile_query_is_escaped_never_500(client, reference):
    response = client.get("/documents/search/", {"q": '<script>alert("x")</script> facilitators'})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html
    for q in ["'", '"', "&&&", "!!!", "(((", "a:*", "-", "\\"]:
        assert client.get("/documents/search/", {"q": q}).status_code == 200, q
    assert client.get("/documents/search/", {"q": "bad\x00byte"}).status_code == 400


def test_unknown_action_line_is_a_form_error(client, reference):
    response = client.get("/documents/search/", {"q": "x", "action_line": "C99"})
    assert response.status_code == 400
    assert "Unknown action line" in response.content.decode()


def test_paginated_and_queries_constant_in_page_size(
    client, reference, django_assert_max_num_queries
):
    first = client.get("/documents/search/", {"q": "information"})
    page = first.context["page_obj"]
    assert page.paginator.num_pages > 1
    second = client.get("/documents/search/", {"q": "information", "page": 2})
    assert {p.pk for p in results(second)}.isdisjoint({p.pk for p in results(first)})
    for page_number in (1, 2, 3):
        with django_assert_max_num_queries(7):
            client.get("/documents/search/", {"q": "information", "page": page_number})

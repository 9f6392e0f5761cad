"""The document pages as a reader sees them, on the real reference content."""

import pytest

from mandates.models import Document, Mandate, Paragraph
from mandates.reader import original_reading, render_markup
from tests.support.reference import load_reference


@pytest.fixture
def reference(db):
    load_reference()


def test_document_list_shows_symbol_date_and_kind(client, reference):
    response = client.get("/documents/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "A/RES/80/173" in html
    assert "17 December 2025" in html
    assert "Draft with proposed edits" in html


def test_paragraph_113_has_its_anchor_copy_link_and_mandate_link(client, reference):
    response = client.get("/documents/a-res-80-173/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="para-113"' in html
    # A real link to the permanent anchor that works without JavaScript.
    assert 'data-copy-link href="/documents/a-res-80-173/#para-113"' in html
    mandate = Mandate.objects.get(document__slug="a-res-80-173", paragraph__label="113")
    block = html.split('id="para-113"', 1)[1].split('class="paragraph', 1)[0]
    assert f'href="{mandate.get_absolute_url()}"' in block
    assert "Mandate:" in block
    # ...and the mandate page links back to its clause, highlighted there.
    assert 'id="para-113-c1"' in block
    detail = client.get(mandate.get_absolute_url()).content.decode()
    assert 'href="/documents/a-res-80-173/#para-113-c1"' in detail


def test_action_lines_named_in_a_paragraph_link_to_their_pages(client, reference):
    paragraph = Paragraph.objects.filter(action_lines__code="C4").first()
    html = client.get(paragraph.document.get_absolute_url()).content.decode()
    block = html.split(f'id="{paragraph.anchor}"', 1)[1].split('class="paragraph', 1)[0]
    assert 'href="/action-lines/c4/"' in block


def test_annotated_draft_shows_deletions_insertions_and_old_numbers(client, reference):
    html = client.get("/documents/wsis20-zero-draft-unesco/").content.decode()
    # ¶C: "the Global Digital Compact, ~~which set out objectives, …~~ to achieve"
    assert "<del>which set out objectives, principles, commitments and actions</del>" in html
    # ¶140 (old 129): "[leveraging available resources and partnerships, in order](#)"
    assert "<ins>leveraging available resources and partnerships, in order</ins>" in html
    block = html.split('id="para-140"', 1)[1].split('class="paragraph', 1)[0]
    assert "was ¶129" in block
    assert 'id="deleted-90"' in html


def test_markup_is_escaped_before_it_is_converted():
    html = render_markup('<script>alert(1)</script> ~~<b>x</b>~~ [<i>"y"</i>](#) **z&**')
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;" in html
    assert "<del>&lt;b&gt;x&lt;/b&gt;</del>" in html
    assert "<ins>&lt;i&gt;&quot;y&quot;&lt;/i&gt;</ins>" in html
    assert "<ins>z&amp;</ins>" in html


def test_original_reading_keeps_deletions_and_drops_insertions():
    assert original_reading("We are [also](#) ~~not~~ here ~~,~~.") == "We are not here,."


def test_unknown_document_is_404(client, db):
    assert client.get("/documents/no-such-document/").status_code == 404


def test_document_page_queries_do_not_grow_with_paragraphs(
    client, reference, django_assert_max_num_queries
):
    big = Document.objects.get(slug="wsis20-zero-draft-unesco")
    assert big.paragraphs.count() > 100
    with django_assert_max_num_queries(8):
        assert client.get(big.get_absolute_url()).status_code == 200


def test_clauses_of_a_mandate_paragraph_keep_the_words_between_them_and_their_footnotes(
    client, reference
):
    """Each clause is its own highlighted span, cut from the text itself: "…, and" stays
    between two clauses, list items start a line, a footnote marker stays a link."""
    html = client.get("/documents/e-res-2025-18/").content.decode()
    # ¶118: "… to the overall review, and encourages willing Member States …"
    assert 'overall review, and</span> <span class="clause" id="para-118-c2">encourages' in html
    # ¶116: the items (a)–(d) are clauses of their own, each on a line of its own
    assert '</span>\n<span class="clause" id="para-116-c2">(a) Encourages Member States' in html
    # ¶109: one clause, a mandate, with footnote 15's marker still a link
    block = html.split('id="para-109-c1"', 1)[1].split("</span>", 1)[0]
    assert 'href="#fn-15"' in block

"""Operative clauses and their verbs, pinned on the source texts themselves (issue 13, item 1),
and the verb filter of the document search page and the paragraphs API."""

import pytest

from mandates.importers import DOCUMENT_PARSERS
from mandates.importers.clauses import clause_verb, split_clauses
from mandates.models import Clause, Document, Paragraph
from tests.support.reference import load_reference


def parsed_documents():
    from django.utils.module_loading import import_string

    return {doc.slug: doc for dotted in DOCUMENT_PARSERS for doc in import_string(dotted)()}


@pytest.fixture(scope="module")
def documents():
    return parsed_documents()


def clauses_of(documents, slug, label):
    paragraph = next(p for p in documents[slug].paragraphs if p.label == label)
    return [(c.verb, c.text) for c in split_clauses(paragraph.text)]


def mandating_count(document):
    return sum(c.is_mandating for p in document.paragraphs for c in split_clauses(p.text))


#: Mandating clauses (decides, requests, calls upon, urges, invites, encourages, recommends)
#: per document, counted on the texts. A change here means the extraction changed: read the
#: document's clauses again before updating a number.
MANDATING_CLAUSES = {
    "a-res-80-173": 12,
    "e-res-2025-18": 45,
    "tunis-agenda": 53,
    "tunis-commitment": 6,
    "geneva-declaration": 8,
    "geneva-plan-of-action": 19,
    "wsis20-zero-draft-unesco": 63,
    "wsis10-zero-draft-2015": 23,
}


@pytest.mark.parametrize(("slug", "count"), MANDATING_CLAUSES.items())
def test_number_of_mandating_clauses_per_document(documents, slug, count):
    assert mandating_count(documents[slug]) == count


#: Representative clauses: (document, paragraph, clause number from 1, verb, opening words).
REPRESENTATIVE = [
    # ¶100 holds two: the IGF to report; "and call, in particular, on" UNGIS and others.
    ("a-res-80-173", "100", 2, "calls_upon", "call, in particular, on"),
    # A/RES/80/173 ¶67 holds three requests: the task force, the report, the monitoring.
    ("a-res-80-173", "67", 1, "invites", "We invite the International Telecommunication Union"),
    ("a-res-80-173", "67", 2, "requests", "We further request that the work be completed"),
    ("a-res-80-173", "67", 3, "invites", "We also invite the internal task force to monitor"),
    ("a-res-80-173", "86", 1, "calls_upon", "We call upon the Inter-Agency Working Group"),
    ("a-res-80-173", "107", 3, "encourages", "encourage all stakeholders to contribute"),
    ("a-res-80-173", "112", 3, "calls_upon", "We also call upon action line facilitators"),
    ("a-res-80-173", "113", 1, "requests", "We request the action line facilitators"),
    ("a-res-80-173", "117", 1, "requests", "We request the Partnership on Measuring ICT"),
    ("e-res-2025-18", "14", 1, "encourages", "Encourages the Commission on Science"),
    ("e-res-2025-18", "15", 2, "invites", "invites the Commission to explore these issues"),
    ("e-res-2025-18", "24", 1, "encourages", "Encourages all stakeholders to continue"),
    ("e-res-2025-18", "24", 2, "invites", "invites United Nations entities to update"),
    ("e-res-2025-18", "48", 2, "encourages", "encourages all action line facilitators"),
    # ¶67: "…, accordingly urges all Governments …; requests United Nations system entities …"
    ("e-res-2025-18", "67", 2, "urges", "accordingly urges all Governments"),
    ("e-res-2025-18", "67", 3, "requests", "requests United Nations system entities"),
    ("e-res-2025-18", "68", 2, "calls_upon", "in line with Sustainable Development Goal 5"),
    ("e-res-2025-18", "115", 2, "encourages", "while recognizing excellence"),
    # ¶116's items ask three more bodies, one by one; (c) only notes
    ("e-res-2025-18", "116", 2, "encourages", "(a) Encourages Member States"),
    ("e-res-2025-18", "116", 4, "notes", "(c) Notes with appreciation"),
    ("e-res-2025-18", "116", 5, "encourages", "(d) Encourages the Partnership"),
    ("e-res-2025-18", "125", 1, "requests", "Requests the Commission on Science"),
    ("e-res-2025-18", "133", 1, "recommends", "Recommends further that"),
    ("e-res-2025-18", "138", 1, "requests", "Requests the Secretary-General to submit"),
    ("e-res-2025-18", "27", 1, "recalls", "Also recalls that"),
    ("tunis-agenda", "99", 2, "decides", "we decide, therefore, to establish a mechanism"),
    ("tunis-agenda", "27", 6, "encourages", "ii. encouraging ITU to continue the study"),
    ("tunis-agenda", "27", 12, "urges", "i) Urging all countries"),
    ("tunis-agenda", "38", 1, "calls_upon", "We call for the reinforcement"),
    ("tunis-agenda", "48", 2, "encourages", "encourage countries that have not yet done so"),
    ("tunis-agenda", "67", 1, "invites", "We agree, inter alia, to invite"),
    ("tunis-agenda", "72", 1, "requests", "We ask the UN Secretary-General"),
    ("tunis-agenda", "85", 1, "encourages", "Taking into consideration the leading role"),
    ("wsis20-zero-draft-unesco", "125", 3, "requests", "request the Forum to report annually"),
    ("tunis-agenda", "100", 1, "encourages", "At the national level"),
    ("tunis-agenda", "103", 2, "requests", "We request the UN Secretary-General"),
    ("tunis-agenda", "104", 1, "requests", "We further request the UN Secretary-General"),
    ("tunis-agenda", "120", 2, "notes", "We note with appreciation the Report"),
    ("tunis-agenda", "120", 3, "encourages", "We encourage all WSIS stakeholders"),
    ("tunis-agenda", "121", 2, "calls_upon", "We call upon the UNGA to declare 17 May"),
    ("tunis-agenda", "122", 1, "requests", "We request the Secretary-General of the Summit"),
]


@pytest.mark.parametrize(("slug", "label", "number", "verb", "opening"), REPRESENTATIVE)
def test_representative_clauses(documents, slug, label, number, verb, opening):
    clauses = clauses_of(documents, slug, label)
    found_verb, text = clauses[number - 1]
    assert (found_verb, text[: len(opening)]) == (verb, opening)


def test_one_paragraph_one_clause_when_it_asks_one_thing(documents):
    assert [v for v, _ in clauses_of(documents, "a-res-80-173", "113")] == ["requests"]
    assert [v for v, _ in clauses_of(documents, "e-res-2025-18", "138")] == ["requests"]


@pytest.mark.parametrize(
    ("text", "verb"),
    [
        ("Also requests the Secretary-General to report", "requests"),
        ("Further invites all stakeholders to", "invites"),
        ("We also call upon the Forum to", "calls_upon"),
        ("Calls upon all States to", "calls_upon"),
        ("Taking note with satisfaction of the report", "notes"),
        ("Recalling further its resolution 2024/13", "recalls"),
        ("Recognizing the importance of", "recognises"),
        ("We reaffirm our commitment", "reaffirms"),
        ("The sharing of information is important", "other"),
        ("We ask the Secretary-General to set up", "requests"),
        ("We call for the development of", "calls_upon"),
        ("ii. encouraging ITU to continue", "encourages"),
        ("(a) Encourages Member States to", "encourages"),
        ("We agree to ensure the sustainability", "other"),
    ],
)
def test_verb_typology(text, verb):
    assert clause_verb(text) == verb


# --- stored by the importer, filtered on the search page and in the API --------------------


@pytest.fixture
def reference(db):
    load_reference()


def test_the_reference_content_holds_every_clause(reference):
    documents = parsed_documents()
    for slug, count in MANDATING_CLAUSES.items():
        stored = Clause.objects.filter(paragraph__document__slug=slug, is_mandating=True)
        assert stored.count() == count, slug
    assert mandating_count(documents["e-res-2025-18"]) == 45
    paragraph = Paragraph.objects.get(document__slug="a-res-80-173", label="67")
    assert list(paragraph.clauses.values_list("order", "verb")) == [
        (1, "invites"),
        (2, "requests"),
        (3, "invites"),
    ]


def test_a_second_import_changes_no_clause(reference):
    from mandates.importers import import_documents

    before = list(Clause.objects.order_by("pk").values_list("pk", "verb", "text"))
    assert import_documents() == 0
    assert list(Clause.objects.order_by("pk").values_list("pk", "verb", "text")) == before


def test_search_page_filters_by_verb(client, reference):
    response = client.get("/documents/search/", {"verb": "requests"})
    assert response.status_code == 200
    page = response.context["page_obj"]
    found = {(p.document.slug, p.label) for p in page.paginator.object_list}
    # "We further request" and "requests United Nations system entities" count too.
    assert {
        ("a-res-80-173", "67"),
        ("a-res-80-173", "113"),
        ("e-res-2025-18", "67"),
        ("e-res-2025-18", "125"),
        ("e-res-2025-18", "138"),
        ("tunis-agenda", "104"),
    } <= found
    assert ("a-res-80-173", "107") not in found  # commends, welcomes, encourages
    assert all(p.clauses.filter(verb="requests").exists() for p in page.paginator.object_list)
    # A paragraph with two "requests" clauses is listed once.
    assert len(found) == page.paginator.count
    body = response.content.decode()
    assert 'href="?verb=requests"' in body
    assert "Operative verb" in body


def test_verb_combines_with_words_and_document(client, reference):
    response = client.get(
        "/documents/search/",
        {"verb": "calls_upon", "document": "a-res-80-173", "q": "facilitators"},
    )
    labels = {p.label for p in response.context["page_obj"].paginator.object_list}
    assert {"53", "86", "111", "112"} <= labels
    assert "67" not in labels  # invites and requests, not calls upon


def test_unknown_verb_is_a_form_error(client, reference):
    response = client.get("/documents/search/", {"verb": "demands"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_api_filters_paragraphs_by_verb_and_lists_their_clauses(client, reference):
    response = client.get(
        "/api/v1/paragraphs/", {"verb": "recommends", "document": "e-res-2025-18"}
    )
    assert response.status_code == 200
    labels = [row["label"] for row in response.json()["results"]]
    assert set(labels) == {"131", "132", "133"}
    row = next(r for r in response.json()["results"] if r["label"] == "132")
    assert [(c["order"], c["verb"], c["is_mandating"]) for c in row["clauses"]] == [
        (1, "emphasises", False),
        (2, "recommends", True),
    ]
    bad = client.get("/api/v1/paragraphs/", {"verb": "demands"})
    assert bad.status_code == 400
    assert "verb" in bad.json() or "verb" in str(bad.json())


def test_api_paragraph_list_queries_do_not_grow_with_page_size(
    client, reference, django_assert_max_num_queries
):
    assert Document.objects.exists()
    for size in (5, 50):
        # the page and its count, then one query each for action lines, clauses, footnotes,
        # the footnotes' corrections and the paragraphs' corrections (and two to spare)
        with django_assert_max_num_queries(9):
            response = client.get("/api/v1/paragraphs/", {"page_size": size, "verb": "notes"})
        assert response.status_code == 200
        assert all(row["clauses"] for row in response.json()["results"])

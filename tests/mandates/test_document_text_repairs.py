"""Repairs of the source texts a reader sees (issue 13, item 6), pinned on the texts themselves:
E/RES/2025/18's footnotes, the reviewed OCR corrections, the zero draft's tracked changes."""

import re

import pytest

from mandates.importers import import_documents
from mandates.importers.common import (
    SourceTextError,
    paragraph_anchors,
    read_source,
    save_document,
)
from mandates.importers.corrections import apply_corrections, read_corrections
from mandates.importers.ecosoc_2025_18 import SOURCE_FILE, parse_ecosoc_2025_18
from mandates.importers.zero_draft_2025 import parse_zero_draft_2025
from mandates.models import Document, Footnote, Paragraph, TextCorrection
from mandates.reader import original_reading, render_footnote_refs, split_markup
from tests.support.reference import load_reference

OPERATIVE = Paragraph.Kind.OPERATIVE


@pytest.fixture(scope="module")
def ecosoc():
    return parse_ecosoc_2025_18()[0]


@pytest.fixture
def reference(db):
    load_reference()


def paragraph_of(document, footnote_number):
    ref = f"[^{footnote_number}]"
    return next(p for p in document.paragraphs if ref in p.markup)


# --- E/RES/2025/18: footnotes ------------------------------------------------------------------

#: Each garbled marker of the OCR, the words before it, and the footnote it is (SOURCES.md §1.2).
MARKERS = [
    ("", "Universal Declaration of Human Rights,", "?", 2),
    ("", "“Road map for digital cooperation”,", "3", 3),
    ("", "including the 20-year review thereof,", "*", 4),
    ("4", "implementation of the Global Digital Compact,", "’", 5),
    ("5", "Tunis Agenda for the Information Society,", "®", 6),
    ("5", "paragraph 16 of the 2003 Geneva Declaration of Principles,", "”", 7),
    ("8", "the 2030 Agenda for Sustainable Development,", "®", 8),
    ("50", "adopted on 23 November 2021,", "°", 9),
    ("75", "International Covenant on Civil and Political Rights", "!'®", 10),
    ("76", "Society Forum to be held annually,", "!'", 11),
    ("78", "to use the Geneva Plan of Action", "'?", 12),
    ("88", "the report of the Chair of the Working Group,", "!®", 13),
    ("93", "Improvements to the Internet Governance Forum of the Commission;", "'4", 14),
    ("109", "Third International Conference on Financing for Development,", "!>", 15),
    ("123", "Development on its twenty-eighth session,", "!®", 16),
]


def test_ecosoc_footnotes_found_numbered_2_to_16(ecosoc):
    numbers = [f.number for f in ecosoc.footnotes]
    assert numbers == list(range(2, 17))  # footnote 1 was lost with page 1's foot
    with_text = [f.number for f in ecosoc.footnotes if f.text]
    assert len(with_text) == 14
    assert 13 not in with_text  # its text is not in the source
    texts = {f.number: f.text for f in ecosoc.footnotes}
    assert texts[3] == "A/74/821."
    assert texts[6] == "See A/60/687."  # label read as "%"
    assert texts[9].startswith("United Nations Educational, Scientific and Cultural")
    assert texts[9].endswith("vol. 1, Resolutions, annex VII.")  # two lines joined
    assert texts[11] == "See General Assembly resolution 70/125."  # label read as "'l"
    assert texts[14].startswith("A/67/65-E/2012/48")  # label read as "4"
    assert texts[15] == "General Assembly resolution 69/313, annex."  # label read as "!5"
    assert texts[16].endswith("Supplement No. 11 (E/2025/31).")


@pytest.mark.parametrize(("label", "before", "ocr", "number"), MARKERS)
def test_ecosoc_each_garbled_marker_is_its_footnote_reference(ecosoc, label, before, ocr, number):
    paragraph = paragraph_of(ecosoc, number)
    assert paragraph.label == label
    assert f"{before}[^{number}]" in paragraph.markup
    footnote = next(f for f in ecosoc.footnotes if f.number == number)
    assert footnote.ocr_marker == ocr


#: What the OCR made of the markers: glyphs after a word or after "," / ";".
GARBLED = re.compile(r"[?*®°!>]|[,;](?:['’”]|\d{1,2}\b)|\w'")


def test_ecosoc_no_garbled_marker_left_in_any_paragraph(ecosoc):
    for paragraph in ecosoc.paragraphs:
        assert not GARBLED.search(paragraph.text), (paragraph.label, GARBLED.search(paragraph.text))
        assert "[^" not in paragraph.text
    paragraphs = {p.label: p for p in ecosoc.paragraphs}
    # The word the OCR glued to marker 5 is a word again; the space before marker 15 is gone.
    assert "Global Digital Compact, contributing to" in paragraphs["4"].text
    assert "Financing for Development, with special attention" in paragraphs["109"].text
    assert "Political Rights and the empowerment" in paragraphs["75"].text


def test_ecosoc_paragraph_116_sub_items_survive_the_footnote_between_them(ecosoc):
    text = next(p for p in ecosoc.paragraphs if p.label == "116").text
    assert re.findall(r"^\(([a-z])\) ", text, re.MULTILINE) == ["a", "b", "c", "d"]


def lines_without(line_text):
    lines = read_source(SOURCE_FILE)
    return [line for line in lines if line != line_text]


def test_a_lost_footnote_text_stops_the_import_naming_the_line():
    # Page 2's four footnotes with one missing: which text goes with which marker is unknown.
    with pytest.raises(SourceTextError, match=r"002_c68c7fd7fad0c0aa\.txt:86: 3 footnote"):
        parse_ecosoc_2025_18(lines_without("4 A/80/62-E/2025/12."))


def test_a_footnote_labelled_with_another_number_stops_the_import():
    lines = ["7 A/74/821." if line == "3 A/74/821." else line for line in read_source(SOURCE_FILE)]
    with pytest.raises(SourceTextError, match=r":55: marker '3' is footnote 3 but its text is"):
        parse_ecosoc_2025_18(lines)


@pytest.mark.django_db
def test_footnotes_saved_with_their_paragraph_and_saved_once():
    document, _ = save_document(parse_ecosoc_2025_18()[0])
    rows = list(Footnote.objects.values_list("number", "text", "paragraph__label"))
    assert len(rows) == 15
    assert (12, "See A/C.2/59/3, annex.", "78") in rows
    document, changes = save_document(parse_ecosoc_2025_18()[0])
    assert changes == 0
    assert list(Footnote.objects.values_list("number", "text", "paragraph__label")) == rows


def test_footnote_reference_markup_is_escaped_first():
    html = render_footnote_refs('<script>alert(1)</script> "x"[^2] [^<b>]')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert '<sup class="fnref"><a href="#fn-2" id="fnref-2">' in html
    assert "[^&lt;b&gt;]" in html


def test_split_markup_keeps_each_reference_with_its_clause():
    markup = "Encourages A to act,[^3] and invites B to act;[^4]"
    pieces = split_markup(markup, ["Encourages A to act,", "and invites B to act;"])
    assert pieces == ["Encourages A to act,[^3]", "and invites B to act;[^4]"]
    assert split_markup(markup, ["Something else"]) is None


def test_reader_links_markers_and_footnotes_both_ways(client, reference):
    html = client.get("/documents/e-res-2025-18/").content.decode()
    block = html.split('id="para-5"', 1)[1].split('class="paragraph', 1)[0]
    assert "Information Society,<sup" in block
    assert '<a href="#fn-6" id="fnref-6">' in block
    assert '<a href="#fn-7" id="fnref-7">' in block
    assert "Footnote 6" in block  # the link's accessible name
    notes = html.split('aria-labelledby="footnotes-heading"', 1)[1]
    assert '<h2 id="footnotes-heading">Footnotes</h2>' in html
    item = notes.split('<li id="fn-6" value="6">', 1)[1].split("</li>", 1)[0]
    assert "See A/60/687." in item
    assert 'href="#fnref-6"' in item and "Back to the reference to footnote 6" in item
    missing = notes.split('<li id="fn-13" value="13">', 1)[1].split("</li>", 1)[0]
    assert "does not contain this footnote" in missing
    assert 'href="#fnref-13"' in missing
    # No footnote 1: the source lost it, marker and text.
    assert 'id="fn-1"' not in html
    for garbled in (",?", "Society,®", "2021,°", "annually,!'", "Commission;'4", "!>"):
        assert garbled not in html


def test_reader_keeps_the_reference_inside_a_highlighted_clause(client, reference):
    paragraph = Paragraph.objects.get(document__slug="e-res-2025-18", label="78")
    assert paragraph.mandates.exists()
    html = client.get("/documents/e-res-2025-18/").content.decode()
    block = html.split('id="para-78"', 1)[1].split('class="paragraph', 1)[0]
    clause = block.split('id="para-78-c1">', 1)[1].split("</span></a></sup>", 1)[0]
    assert 'Geneva Plan of Action<sup class="fnref"><a href="#fn-12" id="fnref-12">' in clause


def test_search_shows_no_garbled_marker(client, reference):
    response = client.get(
        "/documents/search/", {"q": "Tunis Agenda Information Society", "document": "e-res-2025-18"}
    )
    html = response.content.decode()
    assert "paragraph" in html and "®" not in html
    document = Document.objects.get(slug="e-res-2025-18")
    assert not document.paragraphs.filter(text__regex=r"[®°]|,\?|!'").exists()


# --- reviewed corrections ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def corrections():
    return read_corrections()


def corrected(parser, corrections):
    (parsed,) = parser()
    apply_corrections(parsed, corrections)
    return parsed


def by_anchor(parsed):
    return dict(zip(paragraph_anchors(parsed.paragraphs), parsed.paragraphs, strict=True))


def test_ecosoc_ocr_misreadings_corrected(corrections):
    parsed = corrected(parse_ecosoc_2025_18, corrections)
    paragraphs = by_anchor(parsed)
    assert paragraphs["para-57"].text.startswith("Further recalls the holding of the World")
    assert "practical measures to use information and" in paragraphs["para-78"].text
    assert "to be organized in Lillestrøm, Norway, from 23 to 27 June 2025" in (
        paragraphs["para-95"].text
    )
    assert paragraphs["para-103"].text.endswith("Internet Governance Forum in Lillestrøm;")
    assert paragraphs["para-83"].text.endswith("67 to 72 of the Tunis Agenda;")
    assert "media and information literacy, civic participation" in paragraphs["para-31"].text
    # The footnote's reference survives the correction of its paragraph.
    assert "Plan of Action[^12] as the framework for identifying practical measures to use" in (
        paragraphs["para-78"].markup
    )
    footnotes = {f.number: f.text for f in parsed.footnotes}
    assert footnotes[2] == "General Assembly resolution 217 A (III)."
    assert footnotes[5] == "General Assembly resolution 79/1, annex I."
    text = " ".join(p.text for p in parsed.paragraphs)
    for wrong in ("vrecalls", "wuse", "Lillestrem", "Lillestrom", ",;", "-civic"):
        assert wrong not in text
    # The clause of ¶57 now opens with its verb.
    assert len(parsed.corrections) == 8


def write_list(tmp_path, *rows):
    path = tmp_path / "corrections.csv"
    path.write_text(
        "document,paragraph,wrong,right,note\n" + "".join(row + "\n" for row in rows),
        encoding="utf-8",
    )
    return path


def test_a_correction_the_source_no_longer_has_stops_the_import(tmp_path):
    path = write_list(
        tmp_path,
        "e-res-2025-18,para-57,Further vrecalls,Further recalls,OCR",
        "e-res-2025-18,para-78,to wuse nothing,to use nothing,OCR",
    )
    (parsed,) = parse_ecosoc_2025_18()
    with pytest.raises(SourceTextError, match=r"corrections\.csv:3: 'to wuse nothing' is found 0"):
        apply_corrections(parsed, read_corrections(path), path.name)


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (["e-res-2025-18,para-1,a,b"], "every column must be filled in"),
        (["e-res-2025-18,para-1,a,,why"], "every column must be filled in"),
        (["e-res-2025-18,para-1,same,same,why"], "changes nothing"),
        (["e-res-2025-18,para-999,x,y,why"], "e-res-2025-18 has no para-999"),
        (["e-res-2025-18,para-5,the,THE,why"], r"'the' is found \d+ times .* not once"),
    ],
)
def test_a_malformed_or_ambiguous_correction_stops_the_import(tmp_path, rows, message):
    path = write_list(tmp_path, *rows)
    (parsed,) = parse_ecosoc_2025_18()
    with pytest.raises(SourceTextError, match=message):
        apply_corrections(parsed, read_corrections(path), path.name)


def test_the_list_must_have_its_columns(tmp_path):
    path = tmp_path / "corrections.csv"
    path.write_text("document,paragraph,wrong,right\n", encoding="utf-8")
    with pytest.raises(SourceTextError, match=r"corrections\.csv:1: the columns must be"):
        read_corrections(path)


@pytest.mark.django_db
def test_reimporting_is_idempotent_same_rows():
    def rows():
        return (
            list(Paragraph.objects.order_by("pk").values_list("pk", "anchor", "text", "markup")),
            list(Footnote.objects.order_by("pk").values_list("pk", "number", "text", "paragraph")),
            list(
                TextCorrection.objects.order_by("pk").values_list(
                    "pk", "order", "paragraph", "footnote", "wrong", "right", "note"
                )
            ),
        )

    assert import_documents() > 0
    first = rows()
    assert len(first[2]) == len(read_corrections())
    assert import_documents() == 0
    assert rows() == first


def test_reader_lists_the_corrections_with_what_the_source_reads(client, reference):
    html = client.get("/documents/e-res-2025-18/").content.decode()
    section = html.split('aria-labelledby="corrections-heading"', 1)[1].split("</section>", 1)[0]
    assert "Corrections made to the source text" in html
    assert "8 corrections" in section
    row = section.split('href="#para-57"', 1)[1].split("</tr>", 1)[0]
    assert "Further vrecalls" in row and "Further recalls" in row
    assert 'href="#fn-2">Footnote 2</a>' in section
    assert "217 A (I1I)" in section
    block = html.split('id="para-57"', 1)[1].split('class="paragraph', 1)[0]
    assert "Further recalls the holding" in block and "vrecalls" not in block


def test_search_finds_the_corrected_words(client, reference):
    response = client.get("/documents/search/", {"q": "Lillestrøm", "document": "e-res-2025-18"})
    found = {p.label for p in response.context["page_obj"].object_list}
    assert found == {"95", "103"}


# --- the WSIS+20 zero draft: flattened tracked changes ------------------------------------------

#: Words of two versions run together when the tracked changes were flattened (SOURCES.md §1.1).
FLATTENED = [
    "technologiestechnology",
    "alsoparticularly",
    "insufficientinsufficient",
    "judiciaryjudiciary",
    "w--high",
    " tt ",
    "and , counter",
    "access information",
    "does not use of",
    "make use of it lack",
    "limited —relevant",
    "such as including",
    "establish aim",
    "competences skills",
    "ability to that",
    "while and to",
    "information digital literacy",
    "development- oriented",
    "culture professional ",
]
REPAIRED = ["16", "17", "21", "22", "29", "68", "74", "132", ""]


@pytest.fixture(scope="module")
def draft(corrections):
    return corrected(parse_zero_draft_2025, corrections)


def test_draft_accepted_reading_is_whole_again(draft):
    repaired = [p for p in draft.paragraphs if p.label in REPAIRED and p.kind == OPERATIVE]
    assert len(repaired) == 9
    for paragraph in repaired:
        for residue in FLATTENED:
            assert residue not in paragraph.text, (paragraph.label, residue)
    paragraphs = {p.label: p for p in repaired}
    assert paragraphs["17"].text == (
        "We are committed to addressing the access and specific information and technology "
        "challenges facing children, adolescents and young people, the elderly, persons with "
        "disabilities, Indigenous Peoples and marginalised communities, and to the needs of "
        "future generations."
    )
    assert paragraphs["16"].text.endswith(
        "mainstream a gender perspective and prevent, counter and eliminate all forms of "
        "violence, including sexual and gender-based violence that occurs through or is "
        "amplified by the use of technology."
    )
    assert paragraphs["22"].text.endswith(
        "access to new technology infrastructure for non-commercial entities to foster domestic "
        "innovation systems that better serve national and local cultures, while supporting "
        "inclusive participation in the Information Society."
    )
    assert paragraphs["29"].text.startswith("We are particularly concerned")
    assert "We will aim to promote governance frameworks" in paragraphs["68"].text
    assert "fair remuneration of culture professionals in" in paragraphs[""].text


def test_draft_original_reading_is_whole_too(draft):
    paragraphs = {p.label: p for p in draft.paragraphs}
    assert original_reading(paragraphs["17"].markup) == (
        "We are committed to addressing the specific challenges in access to information and "
        "technology faced by children, adolescents and young people, the elderly, persons with "
        "disabilities, Indigenous Peoples and marginalised communities, while also responding to "
        "the needs of future generations."
    )
    assert "access to new technologies infrastructure" in original_reading(paragraphs["22"].markup)
    assert "We will establish governance frameworks" in original_reading(paragraphs["68"].markup)


def test_reader_shows_the_repaired_edits_inserted_paragraphs_and_old_numbers(client, reference):
    html = client.get("/documents/wsis20-zero-draft-unesco/").content.decode()
    block = html.split('id="para-22"', 1)[1].split('class="paragraph', 1)[0]
    assert "<del>technologies</del><ins>technology</ins>" in block
    assert "Read it with the edits accepted" in block
    assert "new technology infrastructure" in block
    # Inserted paragraphs say so in words, renumbered ones do not.
    inserted = html.split('id="para-16"', 1)[1].split('class="paragraph', 1)[0]
    assert '<span class="inserted-label">inserted</span>' in inserted
    assert "inserted-label" not in block
    # A link by the co-facilitators' number finds its paragraph: old 129 is ¶140, old 90 the
    # paragraph UNESCO deletes, old 5 is ¶5 (unchanged).
    assert 'id="old-129"' in html.split('id="para-140"', 1)[1].split('class="paragraph', 1)[0]
    assert 'id="old-90"' in html.split('id="deleted-90"', 1)[1].split('class="paragraph', 1)[0]
    assert 'id="old-5"' in html.split('id="para-5"', 1)[1].split('class="paragraph', 1)[0]
    assert 'id="old-16"' not in inserted
    assert html.count('id="old-') == 147
    section = html.split('aria-labelledby="corrections-heading"', 1)[1].split("</section>", 1)[0]
    assert "<del>technologies</del><ins>technology</ins>" in section
    assert "~~technologiestechnology~~" not in section
    assert "<del>technologiestechnology</del>" in section

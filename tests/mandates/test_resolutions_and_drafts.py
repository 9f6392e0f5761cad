"""The parsers of A/RES/80/173 (000), the annotated WSIS+20 draft (001), ECOSOC 2025/18 (002)
and the WSIS+10 zero draft (003), checked against the source texts."""

import datetime
import re

import pytest

from mandates.importers.common import action_line_codes, read_source, save_document
from mandates.importers.ecosoc_2025_18 import parse_ecosoc_2025_18
from mandates.importers.resolution_80_173 import parse_resolution_80_173
from mandates.importers.zero_draft_2015 import parse_zero_draft_2015
from mandates.importers.zero_draft_2025 import LABEL, parse_zero_draft_2025
from mandates.models import Document, Paragraph

OPERATIVE, PREAMBULAR, DELETED = (
    Paragraph.Kind.OPERATIVE,
    Paragraph.Kind.PREAMBULAR,
    Paragraph.Kind.DELETED,
)


def by_label(document):
    return {p.label: p for p in document.paragraphs if p.label}


@pytest.fixture(scope="module")
def resolution():
    return parse_resolution_80_173()[0]


@pytest.fixture(scope="module")
def ecosoc():
    return parse_ecosoc_2025_18()[0]


@pytest.fixture(scope="module")
def draft_2025():
    return parse_zero_draft_2025()[0]


@pytest.fixture(scope="module")
def draft_2015():
    return parse_zero_draft_2015()[0]


# --- 000: A/RES/80/173 as quoted by ITU -------------------------------------------------------


def test_resolution_holds_the_nine_quoted_paragraphs(resolution):
    assert resolution.slug == "a-res-80-173"
    assert resolution.symbol == "A/RES/80/173"
    assert resolution.kind == Document.Kind.EXCERPT
    assert resolution.date == datetime.date(2025, 12, 17)
    assert resolution.adopted_by == "United Nations General Assembly"
    assert "9 paragraphs" in resolution.source_note
    assert [p.label for p in resolution.paragraphs] == [
        "53", "67", "86", "100", "107", "111", "112", "113", "117",
    ]  # fmt: skip
    assert all(p.kind == OPERATIVE and p.number == int(p.label) for p in resolution.paragraphs)


def test_resolution_title_matches_the_page(resolution):
    page = " ".join(read_source("000_5307765c4525eb6b.txt")).replace(" (A/RES/80/173)", "")
    assert resolution.title.lower() in page.lower()


def test_resolution_topic_headings_are_sections_not_text(resolution):
    paragraphs = by_label(resolution)
    assert paragraphs["113"].section == "Implementation Action Lines Roadmaps and Monitoring"
    assert paragraphs["53"].section == "Supporting Enabling Environments"
    assert all("\u2013" not in p.text for p in resolution.paragraphs)


def test_resolution_last_paragraph_is_complete(resolution):
    last = resolution.paragraphs[-1]
    assert last.label == "117"
    assert last.text == (
        "We request the Partnership on Measuring ICT for Development, in cooperation with action "
        "line facilitators and with the support of the Statistical Commission, to conduct a "
        "systematic review of existing indicators and methodologies, and to report its findings "
        "to the Commission on Science and Technology for Development at its thirtieth session, "
        "in 2027."
    )


def test_resolution_intro_prose_is_not_a_paragraph(resolution):
    assert not any(
        p.text.startswith(("The WSIS", "C1.", "Defined in")) for p in resolution.paragraphs
    )
    assert "adopted by consensus on 17 December 2025" in resolution.body


# --- 002: ECOSOC 2025/18 ----------------------------------------------------------------------


def test_ecosoc_document(ecosoc):
    assert (ecosoc.slug, ecosoc.symbol, ecosoc.kind) == (
        "e-res-2025-18",
        "E/RES/2025/18",
        Document.Kind.RESOLUTION,
    )
    assert ecosoc.date == datetime.date(2025, 7, 29)
    assert ecosoc.adopted_by == "Economic and Social Council"
    assert ecosoc.title == (
        "Assessment of the progress made in the implementation of and follow-up to the outcomes "
        "of the World Summit on the Information Society"
    )


def test_ecosoc_has_ten_preambular_and_138_operative_paragraphs(ecosoc):
    preambular = [p for p in ecosoc.paragraphs if p.kind == PREAMBULAR]
    operative = [p for p in ecosoc.paragraphs if p.kind == OPERATIVE]
    assert len(preambular) == 10
    assert all(p.label == "" for p in preambular)
    assert [p.text.split()[0] for p in preambular] == [
        "Recalling", "Recalling", "Recalling", "Recalling", "Recalling", "Recalling",
        "Recognizing", "Taking", "Taking", "Expressing",
    ]  # fmt: skip
    assert [p.number for p in operative] == list(range(1, 139))
    assert ecosoc.paragraphs[:10] == preambular


def test_ecosoc_sample_texts(ecosoc):
    paragraphs = by_label(ecosoc)
    assert paragraphs["1"].text == (
        "Welcomes and urges the full implementation of General Assembly resolution 70/125;"
    )
    # ¶5 starts a PDF page (" 5.  Also…") right after the footnotes of page 2.
    assert paragraphs["5"].text.startswith("Also reaffirms the 2005 Tunis Agenda")
    assert paragraphs["4"].text.endswith("achievement of the Sustainable Development Goals;")
    # ¶99 is cut by footnote 14 and a page break.
    assert "digital inclusion, in their different forms, including skills" in paragraphs["99"].text
    assert paragraphs["138"].text.endswith(
        "made in the implementation of and follow-up to the outcomes of the World Summit "
        "on the Information Society."
    )


def test_ecosoc_keeps_real_line_end_hyphens(ecosoc):
    paragraphs = by_label(ecosoc)
    assert "education, capacity-building, multilingualism" in paragraphs["13"].text
    text = " ".join(p.text for p in ecosoc.paragraphs)
    assert "multi-stakeholder" in text and "gender-disaggregated" in text
    assert not re.search(r"(capacity|multi|gender)- ", text)


def test_ecosoc_paragraph_116_keeps_its_sub_items(ecosoc):
    text = by_label(ecosoc)["116"].text
    items = re.findall(r"^\(([a-z])\) ", text, re.MULTILINE)
    assert items == ["a", "b", "c", "d"]
    assert "(d) Encourages the Partnership on Measuring Information" in text
    assert "General Assembly resolution 69/313, annex" not in text  # footnote 15 inside (a)/(b)


def test_ecosoc_sections(ecosoc):
    sections = list(dict.fromkeys(p.section for p in ecosoc.paragraphs if p.section))
    assert sections == [
        "Taking stock: reviewing the implementation of the outcomes of the World Summit on the "
        "Information Society",
        "Internet governance",
        "Enhanced cooperation",
        "Internet Governance Forum",
        "The road ahead",
    ]
    paragraphs = by_label(ecosoc)
    assert paragraphs["1"].section.startswith("Taking stock")
    assert paragraphs["82"].section == "Internet governance"
    assert paragraphs["138"].section == "The road ahead"


FOOTNOTE_TEXTS = [
    "217 A (I1I)",
    "A/74/821",
    "A/80/62-E/2025/12",
    "resolution 79/1, annex",
    "A/60/687",
    "A/C.2/59/3",
    "Records of the General",
    "2200 A (XXI)",
    "A/67/65",
    "69/313, annex",
    "Supplement No. 11",
]


def test_ecosoc_no_footnote_or_page_furniture_inside_any_paragraph(ecosoc):
    for paragraph in ecosoc.paragraphs:
        text = paragraph.text
        assert "E/RES/2025/18" not in text
        assert "https://docs.un.org" not in text
        assert not re.search(r"\b\d{1,2}/18\b", text), paragraph.label
        assert "plenary meeting" not in text
        assert "  " not in text
        for footnote in FOOTNOTE_TEXTS:
            assert footnote not in text, (paragraph.label, footnote)
    # The running title of page 12 is not a paragraph or part of one.
    assert not any(p.text.startswith("Assessment of the progress") for p in ecosoc.paragraphs)


# --- 001: the UNESCO-annotated WSIS+20 zero draft ---------------------------------------------


def test_draft_2025_counts(draft_2025):
    assert draft_2025.slug == "wsis20-zero-draft-unesco"
    assert draft_2025.symbol == ""
    assert draft_2025.kind == Document.Kind.ANNOTATED_DRAFT
    assert draft_2025.date == datetime.date(2025, 10, 3)
    assert "UNESCO" in draft_2025.title
    paragraphs = draft_2025.paragraphs
    preamble = [p for p in paragraphs if p.kind == PREAMBULAR]
    numbered = [p for p in paragraphs if p.kind == OPERATIVE and p.label]
    unnumbered = [p for p in paragraphs if p.kind == OPERATIVE and not p.label]
    deleted = [p for p in paragraphs if p.kind == DELETED]
    assert [p.label for p in preamble] == list("ABCDEFG")
    assert [p.number for p in numbered] == list(range(1, 160))
    assert len(unnumbered) == 1 and unnumbered[0].text.startswith("— We are committed to")
    assert len(deleted) == 1
    assert len(paragraphs) == 7 + 159 + 1 + 1


def test_draft_2025_old_numbers(draft_2025):
    olds = sorted(int(p.old_label) for p in draft_2025.paragraphs if p.old_label)
    assert olds == list(range(8, 148))  # every paragraph of the zero draft from 8 on, once
    inserted = [p.label for p in draft_2025.paragraphs if p.kind == OPERATIVE and p.label]
    inserted = [label for label in inserted if int(label) > 7]
    inserted = [label for label in inserted if not by_label(draft_2025)[label].old_label]
    assert inserted == ["8", "14", "16", "21", "25", "31", "69", "81", "91", "104", "107",
                        "108", "149"]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        ("1. We reaffirm", None, "1"),
        ("- 8.9. We recognise", "8", "9"),
        ("9:10. We recognise", "9", "10"),
        ("~~14:17.~~ We are committed", "14", "17"),
        ("~~21.~~ We are deeply", None, "21"),
        ("[20-24.](#) We acknowledge", "20", "24"),
        ("[25.](#) We applaud", None, "25"),
        ("**53-59.** We acknowledge", "53", "59"),
        ("~~97:~~106. We note", "97", "106"),
        ("~~103~~[114](#). We reaffirm", "103", "114"),
        ("[112:123.](#) We applaud", "112", "123"),
        ("~~120~~.131. We recognise", "120", "131"),
        ("~~137.~~148. We also", "137", "148"),
        ("~~90:--~~", "90", "--"),
    ],
)
def test_label_scheme(line, old, new):
    match = LABEL.match(line)
    first, second = match.groups()
    assert (first, second) == ((old, new) if old else (new, None))
    assert line[match.end() :] == line.partition(" We ")[1].lstrip() + line.partition(" We ")[2]


@pytest.mark.parametrize(
    ("label", "old_label"),
    [("17", "14"), ("24", "20"), ("59", "53"), ("106", "97"), ("114", "103"), ("159", "147")],
)
def test_draft_2025_labels_parse_to_old_and_new_numbers(draft_2025, label, old_label):
    paragraph = by_label(draft_2025)[label]
    assert paragraph.old_label == old_label
    assert paragraph.number == int(label)


def test_draft_2025_deleted_paragraph(draft_2025):
    (deleted,) = [p for p in draft_2025.paragraphs if p.kind == DELETED]
    assert (deleted.old_label, deleted.label, deleted.number) == ("90", "", None)
    assert deleted.markup == "~~90:--~~"
    paragraphs = draft_2025.paragraphs
    index = paragraphs.index(deleted)
    assert (paragraphs[index - 1].old_label, paragraphs[index + 1].old_label) == ("89", "91")


def test_draft_2025_edits_visible_in_markup_and_accepted_in_text(draft_2025):
    paragraphs = by_label(draft_2025)
    # Deletions: struck in markup, gone from the text.
    p17 = paragraphs["17"]
    assert "~~specific challenges in~~" in p17.markup
    assert p17.text.startswith("We are committed to addressing the access information")
    assert "specific challenges in" not in p17.text
    # Insertions: wrapped in markup, plain in the text.
    p147 = paragraphs["147"]
    assert "[leveraging available resources and partnerships,](#)" in p147.markup
    assert "Action Line facilitators leveraging available resources and partnerships," in (
        p147.text
    )
    p59 = paragraphs["59"]
    assert p59.markup.endswith("Information **and Knowledge Societies**.")
    assert p59.text.endswith("Information and Knowledge Societies.")
    # Labels are not part of markup or text.
    assert p59.markup.startswith("We acknowledge") and paragraphs["24"].markup.startswith("We ")
    for paragraph in draft_2025.paragraphs:
        assert not re.search(r"~~|\]\(#\)|\*\*", paragraph.text), paragraph.label
        assert paragraph.markup.count("~~") % 2 == 0, paragraph.label


def test_draft_2025_page_breaks_are_joined(draft_2025):
    paragraphs = by_label(draft_2025)
    assert paragraphs["9"].text.endswith("impede the full achievement of sustainable development.")
    assert "and the private sector to develop financing mechanisms" in paragraphs["36"].text
    assert "Action Line facilitators to ensure close alignment" in paragraphs["139"].text
    assert paragraphs["154"].text.startswith(
        "We request the Secretary-General to submit to the Commission on Science and "
        "Technology for Development, on a yearly basis"
    )
    assert paragraphs["98"].markup.endswith("~~law.~~")


def test_draft_2025_sections(draft_2025):
    paragraphs = by_label(draft_2025)
    assert paragraphs["A"].section == "Preamble"
    assert paragraphs["1"].section == "Introduction"
    assert paragraphs["20"].section == "Information and communications technologies for development"
    assert paragraphs["114"].section == "Internet governance"
    assert paragraphs["159"].section == "Follow-up and review"
    assert len({p.section for p in draft_2025.paragraphs}) == 18


def test_draft_2025_last_paragraph_is_present(draft_2025):
    last = draft_2025.paragraphs[-1]
    assert (last.label, last.old_label) == ("159", "147")
    assert last.text.endswith(
        "take stock of progress and challenges concerning the outcomes of the World Summit and "
        "identify areas of continued focus."
    )


# --- 003: the 2015 WSIS+10 zero draft ---------------------------------------------------------


def test_draft_2015(draft_2015):
    assert (draft_2015.slug, draft_2015.kind, draft_2015.symbol, draft_2015.date) == (
        "wsis10-zero-draft-2015",
        Document.Kind.DRAFT,
        "",
        None,
    )
    assert draft_2015.title == (
        "United Nations General Assembly\u2019s Overall Review of the Implementation of WSIS "
        "Outcomes"
    )
    assert [p.number for p in draft_2015.paragraphs] == list(range(1, 59))


def test_draft_2015_adjacent_paragraphs_34_and_35(draft_2015):
    paragraphs = by_label(draft_2015)
    assert paragraphs["34"].text.endswith("in internet governance discussions.")
    assert paragraphs["35"].text.startswith("We recognise the principle and importance of net")


def test_draft_2015_sections_and_last_paragraph(draft_2015):
    paragraphs = by_label(draft_2015)
    assert paragraphs["15"].section == ""
    assert paragraphs["16"].section == "1.1 Bridging the Digital Divide"
    assert paragraphs["31"].section == "1.3 Financial Mechanisms"
    assert paragraphs["32"].section == ""  # a lost top-level heading stood before ¶32
    assert paragraphs["45"].section == "2.3 Building Confidence and Security in the use of ICTs"
    assert paragraphs["51"].section == ""
    assert paragraphs["58"].text.endswith("in order to discuss such issues.")
    assert len({p.section for p in draft_2015.paragraphs if p.section}) == 6


# --- action lines -----------------------------------------------------------------------------


def test_action_line_codes_only_explicit():
    assert action_line_codes("the action line C5 and C7 e-health, and C11.") == [
        "C5",
        "C7-e-health",
        "C11",
    ]
    assert action_line_codes("support the enabling environment and e-government services") == []


def test_action_lines_named_in_documents(resolution, ecosoc, draft_2015):
    # None of the A/RES/80/173 paragraphs names a line: ¶53 is about the enabling environment,
    # which is C6's theme, but it does not say so.
    assert all(p.action_line_codes == [] for p in resolution.paragraphs)
    assert by_label(ecosoc)["99"].action_line_codes == []  # "e-government" as a topic
    assert by_label(draft_2015)["14"].action_line_codes == [
        "C7-e-government",
        "C7-e-business",
        "C7-e-health",
        "C7-e-employment",
        "C7-e-agriculture",
        "C7-e-science",
    ]  # "e-education" is not a sub-line's name, and e-environment is not listed


# --- saving -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "parser",
    [parse_resolution_80_173, parse_ecosoc_2025_18, parse_zero_draft_2025, parse_zero_draft_2015],
)
def test_documents_save_idempotently(parser):
    (parsed,) = parser()
    document, changes = save_document(parsed)
    assert changes > len(parsed.paragraphs)
    assert document.paragraphs.count() == len(parsed.paragraphs)
    anchors = list(document.paragraphs.values_list("anchor", flat=True))
    assert len(set(anchors)) == len(anchors)
    document, changes = save_document(parser()[0])
    assert changes == 0
    assert document.paragraphs.count() == len(parsed.paragraphs)
    assert Document.objects.filter(slug=parsed.slug).count() == 1

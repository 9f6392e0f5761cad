"""Parser for file 004, the ITU booklet "WSIS Outcome Documents" (Geneva 2003 – Tunis 2005).

The booklet holds four documents without title lines: the Geneva Declaration of Principles,
the Geneva Plan of Action, the Tunis Commitment and the Tunis Agenda, whose annex lists the
"possible moderators/facilitators" of each action line. It is a PDF turned into text, so the
parser first removes what the page layout left behind (SOURCES.md §1.4):

- running headers and footers, bare page numbers, a page number glued to a word (``law76``);
- footnotes printed in the middle of a paragraph: they are moved, marker and all, to the end of
  the paragraph that carries their ``*`` marker, on a line of their own starting with ``* ``;
- line-break hyphens that the conversion removed by merging two lines (``distancelearning``):
  restored from a small dictionary, since only a dictionary can tell ``multi-stakeholder``
  from ``competitiveness``.

Documents are told apart by their closing place-and-date lines and by paragraph numbering
restarting at 1. A paragraph is its numbered text plus its lettered items ``a)`` and roman
sub-items ``i.``, each item on a line of its own. The Plan of Action is also the source of the
action lines (``parse_action_lines``) and the Tunis Agenda annex of their facilitators
(``parse_facilitators_annex``).
"""

import datetime
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils.text import slugify

from ..models import Document
from .common import (
    ParsedDocument,
    ParsedParagraph,
    SourceTextError,
    check_paragraph_count,
    read_source,
)

SOURCE_FILE = "004_45735b094769808a.txt"

SOURCE_NOTE = (
    "Text from the ITU booklet “WSIS Outcome Documents” (Geneva 2003 – Tunis 2005), "
    "converted from PDF: page headers and numbers removed, line-break hyphens restored, "
    "footnotes moved to the end of the paragraph that carries their marker. The booklet "
    "does not print the document symbol; it is the official one."
)

#: Separates a top-level section heading from the sub-heading below it in ``section``.
SECTION_SEPARATOR = " › "


@dataclass(frozen=True)
class DocumentSpec:
    """What the booklet does not say about one of its documents, and how its headings look.

    ``subheading`` matches the numbered sub-headings inside a section (the Plan of Action's
    ``C1.``…``C11.``, the Declaration's key principles ``1)``…``11)``); ``inline_heading`` the
    headings that stay inside a paragraph's text (the Plan of Action's ``D1.``/``D2.``, which
    divide the items of paragraph 27).
    """

    slug: str
    title: str
    short_title: str
    symbol: str
    date: datetime.date
    adopted_by: str
    paragraphs: int = 0  # numbered paragraphs the document has (SOURCES.md §1.4)
    subheading: re.Pattern | None = None
    inline_heading: re.Pattern | None = None


GENEVA = "World Summit on the Information Society (Geneva phase)"
TUNIS = "World Summit on the Information Society (Tunis phase)"

DECLARATION = DocumentSpec(
    slug="geneva-declaration",
    paragraphs=67,
    title="Geneva Declaration of Principles",
    short_title="Geneva Declaration",
    symbol="WSIS-03/GENEVA/DOC/4-E",
    date=datetime.date(2003, 12, 12),
    adopted_by=GENEVA,
    subheading=re.compile(r"^(?P<marker>(?P<number>\d{1,2})\)) (?P<title>[A-Z].*)$"),
)
PLAN_OF_ACTION = DocumentSpec(
    slug="geneva-plan-of-action",
    paragraphs=29,
    title="Geneva Plan of Action",
    short_title="Plan of Action",
    symbol="WSIS-03/GENEVA/DOC/5-E",
    date=datetime.date(2003, 12, 12),
    adopted_by=GENEVA,
    subheading=re.compile(r"^(?P<marker>C(?P<number>\d{1,2}))\. (?P<title>[A-Z].*)$"),
    inline_heading=re.compile(r"^D\d\. [A-Z]"),
)
COMMITMENT = DocumentSpec(
    slug="tunis-commitment",
    paragraphs=40,
    title="Tunis Commitment",
    short_title="Tunis Commitment",
    symbol="WSIS-05/TUNIS/DOC/7-E",
    date=datetime.date(2005, 11, 18),
    adopted_by=TUNIS,
)
AGENDA = DocumentSpec(
    slug="tunis-agenda",
    paragraphs=122,
    title="Tunis Agenda for the Information Society",
    short_title="Tunis Agenda",
    symbol="WSIS-05/TUNIS/DOC/6(Rev.1)-E",
    date=datetime.date(2005, 11, 18),
    adopted_by=TUNIS,
)

# --- Page furniture and conversion damage -------------------------------------------------

RUNNING_HEADERS = {"World Summit on the Information Society", "Geneva 2003", "Tunis 2005"}
PAGE_NUMBER = re.compile(r"^\d{1,3}$")
#: A word split across a page whose hyphen was lost and page number glued on: ``law76``.
GLUED_PAGE_NUMBER = re.compile(r"(?<=[a-z])\d{1,3}$")

#: Compounds whose line-break hyphen the conversion dropped when it merged two lines.
MERGED_HYPHENATIONS = {
    "distancelearning": "distance-learning",
    "nondiscriminatory": "non-discriminatory",
    "Internetrelated": "Internet-related",
    "estrategies": "e-strategies",
    "Mediumsized": "Medium-sized",
    "multipurpose": "multi-purpose",
    "selfdevelopment": "self-development",
    "egovernment": "e-government",
    "demanddriven": "demand-driven",
    "subregional": "sub-regional",
    "wellimplemented": "well-implemented",
    "decisionmaking": "decision-making",
    "rulebased": "rule-based",
    "publicsector": "public-sector",
    "developmentoriented": "development-oriented",
    "consumerprotection": "consumer-protection",
    "SecretaryGeneral": "Secretary-General",
    "nonduplicative": "non-duplicative",
    "publicservice": "public-service",
    "multistakeholder": "multi-stakeholder",
}
MERGED_WORD = re.compile(r"\b(" + "|".join(MERGED_HYPHENATIONS) + r")\b")

#: How each footnote begins; it runs to a line holding only its ``*`` marker.
FOOTNOTE_OPENINGS = (
    "For reference, Paragraph 16 of the Geneva Declaration of Principles",
    "Throughout this text, further references to “e-strategies”",
)
FOOTNOTE_END = "*"
FOOTNOTE_MARKER = re.compile(r"\S\*")

# --- Where the parts of the booklet begin and end -----------------------------------------

FOREWORD_END = "www.itu.int/wsis/"
CLOSING_LINE = re.compile(r"^(Geneva|Tunis), \d{1,2} [A-Z][a-z]+ \d{4}$")
ANNEX_START = re.compile(r"^-?\s*Annex\b")
ANNEX_ROW = re.compile(r"^(?P<code>C\d{1,2})\. ")

# --- Structure inside a document ----------------------------------------------------------

PARAGRAPH_START = re.compile(r"^(?P<number>\d{1,3})\. (?P<text>.*)$")
SECTION_HEADING = re.compile(r"^(?P<letter>[A-F])\. (?P<title>[A-Z].*)$")
LETTERED_ITEM = re.compile(r"^(?P<letter>[a-z])\) ")
ROMAN_ITEM = re.compile(r"^[ivx]+\. ")

#: A C7 sub-line paragraph of the Plan of Action: ``15. E-government``,
#: ``17. E-learning (see section C4)``.
SUBLINE_TITLE = re.compile(r"^(?P<title>E-[a-z]+)(?: \(see section C\d{1,2}\))?$")
PARENT_OF_SUBLINES = "C7"


@dataclass
class Line:
    """One line of the source: its 1-based number and its text without the page-start space.

    The conversion marks the first line of each page with one leading space: ``page_start``.
    """

    number: int
    text: str
    page_start: bool = False


@dataclass
class Footnote:
    """A footnote lifted out of the text, kept where it stood until it is attached."""

    number: int
    text: str


class Subheading(NamedTuple):
    """A numbered heading inside a section: ``C1``, "C1. The role of…", "The role of…"."""

    marker: str
    text: str
    title: str


@dataclass
class ParsedActionLine:
    """An action line as the Plan of Action gives it: heading, paragraph and full text."""

    code: str
    title: str
    sort_order: int
    plan_of_action_paragraph: int
    plan_of_action_text: str
    parent_code: str = ""

    @property
    def slug(self) -> str:
        return self.code.lower()


# --- Public entry points ------------------------------------------------------------------


def parse_outcome_documents() -> list[ParsedDocument]:
    """The four outcome documents of the booklet, each with all its paragraphs in order."""
    return [document for document, _ in _parse_all()]


def parse_action_lines() -> list[ParsedActionLine]:
    """The 19 action lines, in portal order: C1–C7, C7's eight sub-lines, then C8–C11.

    Titles are the Plan of Action's headings (the canonical spelling, SOURCES.md §2.1); a C7
    sub-line's title is its paragraph's first line without the "(see section C4)" pointer.
    """
    plan, subheadings = next(
        (document, subheadings)
        for document, subheadings in _parse_all()
        if document.slug == PLAN_OF_ACTION.slug
    )
    top_level, sublines = [], []
    for paragraph, subheading in zip(plan.paragraphs, subheadings, strict=True):
        if not paragraph.action_line_codes:
            continue
        code = paragraph.action_line_codes[0]
        if code == subheading.marker:
            title, parent = subheading.title, ""
        else:
            title = SUBLINE_TITLE.match(paragraph.text.split("\n", 1)[0])["title"]
            parent = subheading.marker
        line = ParsedActionLine(
            code=code,
            title=title,
            sort_order=0,
            plan_of_action_paragraph=paragraph.number,
            plan_of_action_text=paragraph.text,
            parent_code=parent,
        )
        (sublines if parent else top_level).append(line)
    split = next(i for i, line in enumerate(top_level) if line.code == PARENT_OF_SUBLINES) + 1
    ordered = top_level[:split] + sublines + top_level[split:]
    for sort_order, line in enumerate(ordered, 1):
        line.sort_order = sort_order
    return ordered


def parse_facilitators_annex() -> dict[str, list[str]]:
    """Action-line code -> organisation acronyms, in the order the Tunis Agenda annex names them.

    The annex is a table flattened into text. Each row is a heading (``C4. Capacity
    building``, wrapped over several lines), then after a blank line its "/"-separated list of
    organisations, itself wrapped. The C7 row is scrambled: its eight bullets (the sub-lines)
    are split around the eight facilitator lists (SOURCES.md §3.1), so for a row with bullets
    each list is one line, continued only when the line ends with "/", and lists are matched
    to bullets in order. C7 itself gets no list of its own.
    """
    rows: list[_AnnexRow] = []
    for line in _annex_lines():
        text = line.text
        heading = ANNEX_ROW.match(text)
        if heading:
            rows.append(_AnnexRow(heading["code"]))
        elif not rows:
            continue  # the annex's own column headings
        elif not text:
            rows[-1].in_title = False
        elif text.startswith("•"):
            rows[-1].bullets.append(text.lstrip("• ").strip())
            rows[-1].in_title = False
        elif not rows[-1].in_title:  # else the heading wraps on
            rows[-1].add_facilitator_text(text)

    annex: dict[str, list[str]] = {}
    for row in rows:
        lists = [[name.strip() for name in item.split("/") if name.strip()] for item in row.lists]
        if row.bullets:
            if len(lists) != len(row.bullets):
                raise ValueError(
                    f"Annex row {row.code}: {len(row.bullets)} sub-lines but "
                    f"{len(lists)} facilitator lists"
                )
            for bullet, names in zip(row.bullets, lists, strict=True):
                annex[subline_code(row.code, bullet)] = names
        else:
            if len(lists) != 1:
                raise ValueError(f"Annex row {row.code}: expected one facilitator list")
            annex[row.code] = lists[0]
    return annex


def subline_code(parent_code: str, title: str) -> str:
    """``C7-e-health`` for the sub-line "E-health" of C7: the portal's code, not the texts'."""
    return f"{parent_code}-{slugify(title)}"


# --- Reading and cleaning the file --------------------------------------------------------


def _source_lines() -> list[Line]:
    return [
        Line(number, raw.removeprefix(" ").rstrip(), raw.startswith(" "))
        for number, raw in enumerate(read_source(SOURCE_FILE), 1)
    ]


def _split_parts(lines: list[Line]) -> dict[str, list[Line]]:
    """The lines of each document and of the annex, found from the booklet's own landmarks."""
    texts = [line.text for line in lines]
    start = texts.index(FOREWORD_END) + 1
    closings = [i for i, text in enumerate(texts) if CLOSING_LINE.match(text)]
    if len(closings) != 3:
        raise SourceTextError(
            SOURCE_FILE,
            lines[closings[-1]].number if closings else 1,
            f"expected the closing date lines of 3 documents, found {len(closings)}",
        )
    declaration_end, plan_end, commitment_end = closings
    annex_start = next(i for i, text in enumerate(texts) if ANNEX_START.match(text))
    # The Tunis Agenda's title pages sit between the Commitment and its first section heading.
    agenda_start = next(
        i
        for i in range(commitment_end + 1, annex_start)
        if SECTION_HEADING.match(texts[i]) and texts[i].startswith("A. ")
    )
    # The annex fills one page; the next page is the back cover, which starts mid-sentence.
    annex_end = next(
        (i for i in range(annex_start + 1, len(lines)) if lines[i].page_start), len(lines)
    )
    return {
        DECLARATION.slug: lines[start:declaration_end],
        PLAN_OF_ACTION.slug: lines[declaration_end + 1 : plan_end],
        COMMITMENT.slug: lines[plan_end + 1 : commitment_end],
        AGENDA.slug: lines[agenda_start:annex_start],
        "annex": lines[annex_start:annex_end],
    }


def _clean(lines: list[Line]) -> list[Line | Footnote]:
    """Drop page furniture, re-join what a page break split, lift footnotes out of the text."""
    cleaned: list[Line | Footnote] = []
    footnote: list[Line] | None = None
    glue_to: Line | None = None
    for line in lines:
        text = line.text
        if footnote is not None:
            if text == FOOTNOTE_END:
                joined = " ".join(part.text for part in footnote if part.text)
                cleaned.append(Footnote(footnote[0].number, _repair(joined)))
                footnote = None
            else:
                footnote.append(line)
            continue
        if text.startswith(FOOTNOTE_OPENINGS):
            footnote = [line]
            continue
        if text in RUNNING_HEADERS or PAGE_NUMBER.match(text):
            continue
        if not text:
            cleaned.append(Line(line.number, ""))
            continue
        if glue_to is not None:
            glue_to.text += _repair(text)
            glue_to = None
            continue
        current = Line(line.number, _repair(text))
        if GLUED_PAGE_NUMBER.search(current.text):
            current.text = GLUED_PAGE_NUMBER.sub("-", current.text)
            glue_to = current
        cleaned.append(current)
    if footnote is not None:
        raise ValueError(f"{SOURCE_FILE}:{footnote[0].number}: footnote without its end marker")
    return cleaned


def _repair(text: str) -> str:
    return MERGED_WORD.sub(lambda match: MERGED_HYPHENATIONS[match[1]], text)


def _annex_lines() -> list[Line | Footnote]:
    return _clean(_split_parts(_source_lines())["annex"])


@dataclass
class _AnnexRow:
    """One row of the annex table while it is read: its code, sub-lines and facilitator lists."""

    code: str
    bullets: list[str] = field(default_factory=list)
    lists: list[str] = field(default_factory=list)
    in_title: bool = True
    continues: bool = False

    def add_facilitator_text(self, text: str) -> None:
        """Add one line of a facilitator list, continuing the last list if it wraps.

        A row without sub-lines has one list, wrapped anywhere ("UN Regional" / "Commissions");
        in the C7 row each line is a list of its own unless it ends with "/".
        """
        if self.continues or (self.lists and not self.bullets):
            self.lists[-1] += " " + text
        else:
            self.lists.append(text)
        self.continues = text.endswith("/")


# --- Paragraphs and headings --------------------------------------------------------------


@dataclass
class _Paragraph:
    number: int
    section: str
    subheading: Subheading | None  # the numbered heading it stands under, if any
    blocks: list[list[str]] = field(default_factory=list)
    last_letter: str = ""

    @property
    def text(self) -> str:
        return "\n".join(" ".join(block) for block in self.blocks)


def _parse_document(
    spec: DocumentSpec, lines: list[Line]
) -> tuple[ParsedDocument, list[Subheading | None]]:
    """One document: its paragraphs with their sections, and the sub-heading of each.

    Headings wrap over several lines and end where a paragraph or another heading begins.
    Paragraph numbers, section letters and sub-heading numbers must each come in sequence,
    so that a line of running text starting with "2015. " or "A. " is not taken for one.
    """
    paragraphs: list[_Paragraph] = []
    footnotes: list[tuple[Footnote, int]] = []
    body: list[str] = []
    section, sub = "", None
    heading: list[str] | None = None  # the heading being read, while it wraps
    heading_kind = ""
    next_section = "A"
    next_sub = 1
    current: _Paragraph | None = None

    def finish_heading():
        nonlocal section, sub, heading
        if heading is None:
            return
        title = " ".join(heading)
        if heading_kind == "section":
            section, sub = title, None
        else:
            match = spec.subheading.match(title)
            sub = Subheading(match["marker"], title, match["title"])
        heading = None

    def section_path() -> str:
        return SECTION_SEPARATOR.join(part for part in (section, sub and sub.text) if part)

    for item in _clean(lines):
        if isinstance(item, Footnote):
            footnotes.append((item, len(paragraphs) - 1))
            continue
        text = item.text
        if not text:
            continue
        paragraph_start = PARAGRAPH_START.match(text)
        section_start = SECTION_HEADING.match(text)
        sub_start = spec.subheading.match(text) if spec.subheading else None
        if paragraph_start and int(paragraph_start["number"]) == len(paragraphs) + 1:
            finish_heading()
            current = _Paragraph(len(paragraphs) + 1, section_path(), sub)
            current.blocks.append([paragraph_start["text"]])
            paragraphs.append(current)
        elif section_start and section_start["letter"] == next_section:
            finish_heading()
            heading, heading_kind, current = [text], "section", None
            next_section = chr(ord(next_section) + 1)
        elif sub_start and int(sub_start["number"]) == next_sub:
            finish_heading()
            heading, heading_kind, current = [text], "sub", None
            next_sub += 1
        elif heading is not None:
            heading.append(text)
        elif current is None:
            body.append(text)
        elif spec.inline_heading and spec.inline_heading.match(text):
            current.blocks.append([text])
            current.last_letter = ""
        elif _is_next_item(current, text):
            current.blocks.append([text])
        else:
            current.blocks[-1].append(text)

    for footnote, index in footnotes:
        owner = next(
            (p for p in reversed(paragraphs[: index + 1]) if FOOTNOTE_MARKER.search(p.text)),
            None,
        )
        if owner is None:
            raise SourceTextError(SOURCE_FILE, footnote.number, "no paragraph carries its marker")
        owner.blocks.append(["* " + footnote.text])

    document = ParsedDocument(
        slug=spec.slug,
        title=spec.title,
        short_title=spec.short_title,
        symbol=spec.symbol,
        kind=Document.Kind.OUTCOME,
        date=spec.date,
        adopted_by=spec.adopted_by,
        body=" ".join(body),
        source_file=SOURCE_FILE,
        source_note=SOURCE_NOTE,
        paragraphs=[
            ParsedParagraph(
                text=paragraph.text,
                label=str(paragraph.number),
                number=paragraph.number,
                section=paragraph.section,
            )
            for paragraph in paragraphs
        ],
    )
    return document, [paragraph.subheading for paragraph in paragraphs]


def _is_next_item(paragraph: _Paragraph, text: str) -> bool:
    """Whether a line opens the paragraph's next lettered item or a roman sub-item.

    Letters must run in order (``i)`` after ``h)``), so that a line of running text that
    happens to start with "a) " is not taken for an item.
    """
    letter = LETTERED_ITEM.match(text)
    if letter:
        expected = chr(ord(paragraph.last_letter) + 1) if paragraph.last_letter else "a"
        if letter["letter"] == expected:
            paragraph.last_letter = expected
            return True
        return False
    return bool(paragraph.last_letter and ROMAN_ITEM.match(text))


def _parse_all() -> list[tuple[ParsedDocument, list[Subheading | None]]]:
    lines = _source_lines()
    parts = _split_parts(lines)
    raw = read_source(SOURCE_FILE)
    parsed = []
    for spec in (DECLARATION, PLAN_OF_ACTION, COMMITMENT, AGENDA):
        document, subheadings = _parse_document(spec, parts[spec.slug])
        part = parts[spec.slug]
        check_paragraph_count(
            SOURCE_FILE,
            spec.title,
            document.paragraphs,
            spec.paragraphs,
            raw,
            first_line=part[0].number,
            last_line=part[-1].number,
        )
        for paragraph, subheading in zip(document.paragraphs, subheadings, strict=True):
            paragraph.action_line_codes = _action_line_codes(spec, paragraph, subheading)
        parsed.append((document, subheadings))
    return parsed


def _action_line_codes(
    spec: DocumentSpec, paragraph: ParsedParagraph, subheading: Subheading | None
) -> list[str]:
    """The action line a paragraph belongs to, from the sub-heading it stands under.

    In the Plan of Action that is the ``Cn.`` heading, or for paragraphs 15–22 the C7 sub-line
    the paragraph opens with. The Declaration's key principles ``1)``…``11)`` are the
    principles counterpart of the action line with the same number (SOURCES.md §2.3).
    """
    if subheading is None:
        return []
    marker = subheading.marker
    if spec is DECLARATION:
        return ["C" + marker.rstrip(")")]
    if spec is PLAN_OF_ACTION:
        subline = SUBLINE_TITLE.match(paragraph.text.split("\n", 1)[0])
        if marker == PARENT_OF_SUBLINES and subline:
            return [subline_code(marker, subline["title"])]
        return [marker]
    return []

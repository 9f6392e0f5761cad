"""The 2015 WSIS+10 zero draft of the General Assembly's overall review, file 003.

Website metadata ("Type of Instrument / Resolutions & Declarations") opens the file, then the
title (twice) and "Zero Draft". Then 58 paragraphs ``  N. …``, one line each, mostly separated
by two blank lines, except ¶34 and ¶35, which are adjacent: so a paragraph starts at its label,
not after a blank line. Six numbered sub-headings (``    1.1 Bridging the Digital Divide``,
``    2.1. Enhanced Cooperation``) become ``section``. The top-level headings did not survive
extraction; a gap of three or more blank lines is where one stood, so the sub-heading before it
no longer applies. The file gives no symbol and no date.
"""

import re

from ..models import Document, Paragraph
from .common import (
    ParsedDocument,
    ParsedParagraph,
    action_line_codes,
    check_paragraph_count,
    read_source,
)

SOURCE_FILE = "003_b5105db281f30df3.txt"

PARAGRAPH = re.compile(r"^\s{2}(\d{1,2})\. (.+)$")
SUB_HEADING = re.compile(r"^\s{4}(\d\.\d\.? .+)$")
#: Numbered paragraphs the draft has (SOURCES.md §1.3): fewer or more means the file changed.
PARAGRAPHS = 58
#: Blank lines in a row that mark a lost top-level heading.
HEADING_GAP = 3


def parse_zero_draft_2015(lines: list[str] | None = None) -> list[ParsedDocument]:
    """The draft's 58 paragraphs with their sub-headings; the title as the file gives it."""
    if lines is None:
        lines = read_source(SOURCE_FILE)
    paragraphs: list[ParsedParagraph] = []
    header: list[str] = []
    section = ""
    blanks = 0
    for raw in lines:
        line = raw.rstrip()
        if not line.strip():
            blanks += 1
            continue
        if blanks >= HEADING_GAP:
            section = ""
        blanks = 0
        if match := SUB_HEADING.match(line):
            section = match.group(1).strip()
        elif match := PARAGRAPH.match(line):
            number, text = match.groups()
            text = text.strip()
            paragraphs.append(
                ParsedParagraph(
                    text=text,
                    label=number,
                    number=int(number),
                    kind=Paragraph.Kind.OPERATIVE,
                    section=section,
                    action_line_codes=action_line_codes(text),
                )
            )
        elif paragraphs:
            paragraphs[-1].text += " " + line.strip()
        else:
            header.append(line.strip())

    check_paragraph_count(SOURCE_FILE, "WSIS+10 zero draft (2015)", paragraphs, PARAGRAPHS, lines)
    # Header: "Type of Instrument", "Resolutions & Declarations", the title twice, "Zero Draft".
    title = next(line for line in header if "Review" in line)
    return [
        ParsedDocument(
            slug="wsis10-zero-draft-2015",
            title=title,
            short_title="WSIS+10 zero draft (2015)",
            kind=Document.Kind.DRAFT,
            date=None,
            source_file=SOURCE_FILE,
            source_note=(
                "Zero draft of the outcome of the General Assembly's ten-year review of WSIS, "
                "which became A/RES/70/125; the text carries no symbol and no date. Its "
                "top-level headings were lost in extraction; only the numbered sub-headings "
                "remain."
            ),
            paragraphs=paragraphs,
        )
    ]

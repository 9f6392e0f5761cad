"""A/RES/80/173, the WSIS+20 outcome, as far as the ITU page of file 000 quotes it.

The seeds do not hold the resolution itself: ITU's page "WSIS Action Lines Coordination" quotes
nine of its operative paragraphs (53, 67, 86, 100, 107, 111, 112, 113, 117), each under a topic
heading of ITU's own (``113 – Implementation Action Lines Roadmaps and Monitoring``). So the
Document is an EXCERPT; the headings go in ``section`` because they are ITU's labels, not
resolution text. The page's intro prose is not part of the resolution and is left out, except
for the sentence that identifies the document, kept as ``body``.
"""

import datetime
import re

from ..models import Document, Paragraph
from .common import (
    ParsedDocument,
    ParsedParagraph,
    SourceTextError,
    action_line_codes,
    read_source,
)

SOURCE_FILE = "000_5307765c4525eb6b.txt"

#: ITU's topic heading above each quoted paragraph: "113 – Implementation …" (EN DASH).
TOPIC_HEADING = re.compile(r"^(\d{1,3}) \u2013 (.+)$")
#: A quoted paragraph: "113. We request …".
PARAGRAPH = re.compile(r"^(\d{1,3})\. (.+)$")
#: The page's sentence that names the document and its adoption.
IDENTIFYING_SENTENCE = re.compile(r"The Outcome Document \(A/RES/80/173\)[^.]*\.")


def parse_resolution_80_173(lines: list[str] | None = None) -> list[ParsedDocument]:
    """The quoted paragraphs of A/RES/80/173, labelled with their numbers in the resolution.

    Each of ITU's headings announces a paragraph: a heading whose paragraph is missing (or no
    paragraph at all) means the page changed, and the import stops naming the line."""
    if lines is None:
        lines = read_source(SOURCE_FILE)
    paragraphs: list[ParsedParagraph] = []
    headings: dict[str, str] = {}
    heading_lines: dict[str, int] = {}
    body = ""
    for line_number, raw in enumerate(lines, 1):
        line = raw.replace("\u00a0", " ").strip()
        if heading := TOPIC_HEADING.match(line):
            headings[heading.group(1)] = heading.group(2).strip()
            heading_lines[heading.group(1)] = line_number
        elif paragraph := PARAGRAPH.match(line):
            number, text = paragraph.groups()
            paragraphs.append(
                ParsedParagraph(
                    text=text.strip(),
                    label=number,
                    number=int(number),
                    kind=Paragraph.Kind.OPERATIVE,
                    section=headings.get(number, ""),
                    action_line_codes=action_line_codes(text),
                )
            )
        elif found := IDENTIFYING_SENTENCE.search(line):
            body = found.group(0)
    quoted = {p.label for p in paragraphs}
    for number, line_number in heading_lines.items():
        if number not in quoted:
            raise SourceTextError(
                SOURCE_FILE,
                line_number,
                f"A/RES/80/173: ITU's heading for paragraph {number} quotes no paragraph "
                f'(expected a line "{number}. …")',
            )
    if not paragraphs:
        raise SourceTextError(SOURCE_FILE, 1, "A/RES/80/173: no quoted paragraph found")
    return [
        ParsedDocument(
            slug="a-res-80-173",
            symbol="A/RES/80/173",
            title=(
                "Outcome document of the high-level meeting of the General Assembly on the "
                "overall review of the implementation of the outcomes of the World Summit on "
                "the Information Society"
            ),
            short_title="WSIS+20 outcome document",
            kind=Document.Kind.EXCERPT,
            date=datetime.date(2025, 12, 17),
            adopted_by="United Nations General Assembly",
            body=body,
            source_file=SOURCE_FILE,
            source_note=(
                f"Holds only the {len(paragraphs)} paragraphs that ITU quotes on its page "
                "“WSIS Action Lines Coordination” (mandates of the action line facilitators); "
                "the full resolution is not among the source texts. The topic headings are "
                "ITU's, not the resolution's."
            ),
            paragraphs=paragraphs,
        )
    ]

"""ECOSOC resolution 2025/18 (E/RES/2025/18), from the OCR text of file 002.

The text is the official 18-page PDF run through OCR, hard-wrapped at about 85 characters.
What the parser has to see through (SOURCES.md §1.2):

- page furniture: footers ``2/18``, the header block of page 12 (three ``https://docs.un.org``
  lines, ``E/RES/2025/18`` and the running title), and the closing "39th plenary meeting";
- footnotes printed between paragraphs at the foot of each page, whose markers the OCR garbled
  (``2 General Assembly resolution 217 A (I1I).``, ``% See A/60/687.``, ``!5 …``). A footnote
  block always follows a blank line and starts with such a marker, never with ``N.``;
- a line that starts with one space is the first line of a PDF page: it may start a paragraph
  (`` 5.  Also reaffirms``), a heading, or continue the paragraph the page break cut;
- line-end hyphens are real compound hyphens (``capacity-``/``building``) and are kept.

Ten unnumbered preambular paragraphs (a new one starts after a blank line when the previous one
ended with a comma), 138 operative paragraphs numbered in sequence (¶116 keeps its sub-items
(a)–(d), one per line), and five plain-text sub-headings that go in ``section``. The inline
footnote markers are left in the text as the OCR gave them; the footnotes themselves are dropped.
"""

import datetime
import re

from ..models import Document, Paragraph
from .common import ParsedDocument, ParsedParagraph, action_line_codes, read_source

SOURCE_FILE = "002_c68c7fd7fad0c0aa.txt"

OPERATIVE = re.compile(r"^(\d{1,3})\.\s+(.*)$")
SUB_ITEM = re.compile(r"^\([a-z]\)\s")
PAGE_FOOTER = re.compile(r"^\d{1,2}/18$")
URL = re.compile(r"^https?://")
SYMBOL = "E/RES/2025/18"
#: A footnote's first line: a (possibly garbled) number then a space, never "N." .
FOOTNOTE_START = re.compile(r"^(?:\d{1,2}|[%°'!]\S?)\s")
MEETING = re.compile(r"^\d+(?:st|nd|rd|th) plenary meeting$")
DATE = re.compile(
    r"^(\d{1,2}) (January|February|March|April|May|June|July|August|September|"
    r"October|November|December) (\d{4})$"
)
#: A preambular paragraph ends with a comma, perhaps followed by a garbled footnote marker.
ENDS_CLAUSE = re.compile(r",\S{0,2}$")
TITLE_PREFIX = re.compile(r"^\d{4}/\d+\.\s+")


def join_lines(lines: list[str]) -> str:
    """Join hard-wrapped lines: a line-end hyphen is a real hyphen, so no space is added."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif text.endswith("-"):
            text += line
        else:
            text += " " + line
    return re.sub(r"\s{2,}", " ", text).strip()


def parse_ecosoc_2025_18(lines: list[str] | None = None) -> list[ParsedDocument]:
    """The resolution: its title, ten preambular and 138 operative paragraphs, its date."""
    if lines is None:
        lines = read_source(SOURCE_FILE)

    # Pass 1: drop furniture and footnotes, keep each line's "after a blank line" flag.
    kept: list[tuple[str, bool]] = []  # (stripped line, follows a blank line or page break)
    after_blank = True
    in_footnote = False
    date = None
    for raw in lines:
        line = raw.strip()
        if not line:
            after_blank, in_footnote = True, False
            continue
        page_start = raw.startswith(" ")
        if page_start:
            in_footnote = False
        if in_footnote:
            continue
        if PAGE_FOOTER.match(line) or URL.match(line) or line == SYMBOL or MEETING.match(line):
            after_blank = True
            continue
        if DATE.match(line):
            date = datetime.datetime.strptime(line, "%d %B %Y").date()
            continue
        if after_blank and not page_start and FOOTNOTE_START.match(line):
            in_footnote = True
            continue
        kept.append((line, after_blank or page_start))
        after_blank = False

    # The title: the first block, "2025/18. Assessment of …". The running title of the page
    # header repeats it (without the number) and is dropped below.
    title_lines = []
    while kept and (not title_lines or not kept[0][1]):
        title_lines.append(kept.pop(0)[0])
    title = TITLE_PREFIX.sub("", join_lines(title_lines))

    # Pass 2: group lines into paragraphs and headings.
    paragraphs: list[ParsedParagraph] = []
    current: list[str] = []
    section = ""
    expected = 1
    body = ""

    def flush():
        if current:
            paragraphs[-1].text = join_sub_items(current)
            current.clear()

    blocks = split_blocks(kept)
    for index, block in enumerate(blocks):
        first = block[0]
        if first == "The Economic and Social Council,":
            body = first
            continue
        if join_lines(block) == title:
            continue
        if (match := OPERATIVE.match(first)) and int(match.group(1)) == expected:
            flush()
            expected += 1
            paragraphs.append(
                ParsedParagraph(
                    text="",
                    label=match.group(1),
                    number=int(match.group(1)),
                    kind=Paragraph.Kind.OPERATIVE,
                    section=section,
                )
            )
            current.extend([match.group(2), *block[1:]])
            continue
        previous_text = join_sub_items(current) if current else ""
        if is_heading(block, previous_text, blocks[index + 1 : index + 2]):
            flush()
            section = join_lines(block)
            continue
        if (
            expected == 1
            and first[:1].isupper()
            and (not current or ENDS_CLAUSE.search(previous_text))
        ):
            flush()
            paragraphs.append(
                ParsedParagraph(text="", kind=Paragraph.Kind.PREAMBULAR, section=section)
            )
            current.extend(block)
            continue
        current.extend(block)  # a page break or a sub-item inside the paragraph
    flush()

    for paragraph in paragraphs:
        paragraph.action_line_codes = action_line_codes(paragraph.text)
    return [
        ParsedDocument(
            slug="e-res-2025-18",
            symbol=SYMBOL,
            title=title,
            short_title="ECOSOC resolution 2025/18",
            kind=Document.Kind.RESOLUTION,
            date=date,
            adopted_by="Economic and Social Council",
            body=body,
            source_file=SOURCE_FILE,
            source_note=(
                "OCR text of the official PDF. Page headers and footers and the footnotes are "
                "left out; the footnote markers stay in the text as the OCR garbled them."
            ),
            paragraphs=paragraphs,
        )
    ]


def split_blocks(kept: list[tuple[str, bool]]) -> list[list[str]]:
    """Runs of lines between blank lines or page breaks."""
    blocks: list[list[str]] = []
    for line, starts_block in kept:
        if starts_block or not blocks:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def join_sub_items(lines: list[str]) -> str:
    """Join a paragraph's lines; each sub-item "(a) …" starts on a line of its own."""
    parts: list[list[str]] = [[]]
    for line in lines:
        if SUB_ITEM.match(line):
            parts.append([])
        parts[-1].append(line)
    return "\n".join(join_lines(part) for part in parts if part)


def is_heading(block: list[str], previous_text: str, following: list[list[str]]) -> bool:
    """A sub-heading: one or two lines without closing punctuation, after a finished paragraph
    (ending with "," ";" or ".") and followed by an operative paragraph."""
    text = join_lines(block)
    return (
        len(block) <= 2
        and text[:1].isupper()
        and not text.endswith((",", ";", ".", ":"))
        and previous_text.endswith((",", ";", "."))
        and bool(following)
        and bool(OPERATIVE.match(following[0][0]))
    )

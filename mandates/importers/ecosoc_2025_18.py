"""ECOSOC resolution 2025/18 (E/RES/2025/18), from the OCR text of file 002.

The text is the official 18-page PDF run through OCR, hard-wrapped at about 85 characters.
What the parser has to see through (SOURCES.md §1.2):

- page furniture: footers ``2/18``, the header block of page 12 (three ``https://docs.un.org``
  lines, ``E/RES/2025/18`` and the running title), and the closing "39th plenary meeting";
- footnotes printed between paragraphs at the foot of each page, whose labels the OCR garbled
  (``2 General Assembly resolution 217 A (I1I).``, ``% See A/60/687.``, ``!5 …``). A footnote
  block always follows a blank line and starts with such a label, never with ``N.``;
- the footnote markers in the text, garbled too: ``Rights,? and``, ``Society,®``, ``2021,°``,
  ``annually,!'``, ``Commission;'4``, ``Development, !>`` (``MARKER``);
- a line that starts with one space is the first line of a PDF page: it may start a paragraph
  (`` 5.  Also reaffirms``), a heading, or continue the paragraph the page break cut;
- line-end hyphens are real compound hyphens (``capacity-``/``building``) and are kept.

Ten unnumbered preambular paragraphs (a new one starts after a blank line when the previous one
ended with a comma), 138 operative paragraphs numbered in sequence (¶116 keeps its sub-items
(a)–(d), one per line), and five plain-text sub-headings that go in ``section``.

Footnotes: the garbled glyphs cannot be read as numbers (``®`` stands for 6, 8 and the last
digit of 13 and 16), so the markers are numbered in reading order, and each block of footnote
texts belongs to the markers met on its page since the block before (``number_footnotes``). The
first block's readable label ("2": page 1 lost footnote 1, marker and text) gives the first
number; every other readable label is checked against the number it gets. ``text`` has no
marker left (search and clause extraction read it); ``markup`` has ``[^N]`` where each marker
was, for the reader. The text of footnote 13 is not in the source: its marker is kept, with an
empty footnote.
"""

import datetime
import re
from dataclasses import dataclass, field

from ..models import Document, Paragraph
from .common import (
    ParsedDocument,
    ParsedFootnote,
    ParsedParagraph,
    SourceTextError,
    action_line_codes,
    check_paragraph_count,
    read_source,
)

SOURCE_FILE = "002_c68c7fd7fad0c0aa.txt"

OPERATIVE = re.compile(r"^(\d{1,3})\.\s+(.*)$")
#: Operative paragraphs the resolution has, 1–138 (SOURCES.md §1.2).
OPERATIVE_PARAGRAPHS = 138
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
#: A footnote marker as the OCR read it: after "," or ";" (perhaps a space), one of the glyphs
#: a superscript digit became, or a digit that kept its shape; straight after a word, a run
#: starting with "!" or "'" (``Rights!'®``, ``Action'?``). A marker is followed by a space, the
#: line's end or the next word, which the OCR glued on (``Compact,’contributing``).
MARKER = re.compile(
    r"(?<=[\w”][,;])(?:\s?[!'][!'?®>\d]*|\s?[?*®°’”>]|\d{1,2})(?=\s|$|[a-z])"
    r"|(?<=[a-z])[!'][!'?®>\d]+(?=\s|$)"
)
#: Where a marker stood while the paragraphs are put together; its index in reading order.
PLACEHOLDER = re.compile(r"\x00(\d+)\x00")


@dataclass
class Marker:
    line: int  # 1-based line of the source
    ocr: str  # the marker as the OCR gave it
    number: int | None = None


@dataclass
class FootnoteBlock:
    line: int
    footnotes: list[list[str]] = field(default_factory=list)  # lines of each footnote


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

    # Pass 1: drop furniture, set footnotes aside, put placeholders where the markers are,
    # and keep each line's "after a blank line" flag.
    kept: list[tuple[str, bool]] = []  # (stripped line, follows a blank line or page break)
    markers: list[Marker] = []
    blocks: list[FootnoteBlock] = []
    page_starts: list[int] = []
    after_blank = True
    in_footnote = False
    kept_line = 0
    date = None
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line:
            after_blank, in_footnote = True, False
            continue
        page_start = raw.startswith(" ")
        if page_start:
            in_footnote = False
            page_starts.append(number)
        if in_footnote:
            if FOOTNOTE_START.match(line):
                blocks[-1].footnotes.append([line])
            else:
                blocks[-1].footnotes[-1].append(line)
            continue
        if PAGE_FOOTER.match(line) or URL.match(line) or line == SYMBOL or MEETING.match(line):
            after_blank = True
            continue
        if DATE.match(line):
            date = datetime.datetime.strptime(line, "%d %B %Y").date()
            continue
        if after_blank and not page_start and FOOTNOTE_START.match(line):
            in_footnote = True
            if blocks and blocks[-1].line > kept_line:  # the same page's notes, blank between
                blocks[-1].footnotes.append([line])
            else:
                blocks.append(FootnoteBlock(line=number, footnotes=[[line]]))
            continue
        kept.append((mark_placeholders(line, number, markers), after_blank or page_start))
        kept_line = number
        after_blank = False
    footnotes = number_footnotes(markers, blocks, page_starts)

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
        previous_text = PLACEHOLDER.sub("", join_sub_items(current)) if current else ""
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
    operative = [p for p in paragraphs if p.kind == Paragraph.Kind.OPERATIVE]
    check_paragraph_count(SOURCE_FILE, "E/RES/2025/18", operative, OPERATIVE_PARAGRAPHS, lines)

    for paragraph in paragraphs:
        if PLACEHOLDER.search(paragraph.text):
            paragraph.markup = PLACEHOLDER.sub(
                lambda m: f"[^{markers[int(m.group(1))].number}]", paragraph.text
            )
            paragraph.text = PLACEHOLDER.sub("", paragraph.text)
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
                "OCR text of the official PDF. Page headers and footers are left out; the "
                "footnotes follow the text, and the footnote markers the OCR garbled link to "
                "them. Footnote 1 and the text of footnote 13 are missing from the source."
            ),
            paragraphs=paragraphs,
            footnotes=footnotes,
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


def mark_placeholders(line: str, number: int, markers: list[Marker]) -> str:
    """``line`` with each footnote marker replaced by a placeholder, recorded in ``markers``.

    The space the OCR put before a marker goes; one it swallowed after it comes back.
    """

    def replace(match: re.Match) -> str:
        markers.append(Marker(line=number, ocr=match.group(0).strip()))
        glued = match.end() < len(line) and line[match.end()].isalpha()
        return f"\x00{len(markers) - 1}\x00" + (" " if glued else "")

    return MARKER.sub(replace, line)


def number_footnotes(
    markers: list[Marker], blocks: list[FootnoteBlock], page_starts: list[int]
) -> list[ParsedFootnote]:
    """Number the markers in reading order and give each its footnote's text.

    A block of footnotes at the foot of a page holds, in order, the footnotes of the markers
    met since the page began (or since the block before, when the OCR put the page break
    elsewhere). A marker without a block (its page's footnotes were lost) keeps its number
    with an empty text. The first block's first label, when readable, numbers the markers; a
    label read as digits must then end with its footnote's number's digits ("4" for 14: the
    OCR dropped a leading 1), or the source has changed and the import stops.
    """
    texts: dict[int, tuple[str, str]] = {}  # marker index -> (label as read, text)
    taken = 0
    for block in blocks:
        page = max((start for start in page_starts if start <= block.line), default=1)
        mine = [
            i for i, marker in enumerate(markers) if i >= taken and page <= marker.line < block.line
        ]
        if len(mine) != len(block.footnotes):
            raise SourceTextError(
                SOURCE_FILE,
                block.line,
                f"{len(block.footnotes)} footnote(s) here for {len(mine)} marker(s) on the page",
            )
        for i, footnote in zip(mine, block.footnotes, strict=True):
            label, _, rest = join_lines(footnote).partition(" ")
            texts[i] = (label, rest)
        taken = mine[-1] + 1 if mine else taken
    if not texts:
        return []
    first_index = min(texts)
    first_label = texts[first_index][0]
    if not first_label.isdigit():
        raise SourceTextError(
            SOURCE_FILE, blocks[0].line, f"the first footnote's label {first_label!r} is unreadable"
        )
    base = int(first_label) - first_index
    footnotes = []
    for i, marker in enumerate(markers):
        marker.number = base + i
        label, text = texts.get(i, ("", ""))
        digits = re.sub(r"\D", "", label)
        if digits and not str(marker.number).endswith(digits):
            raise SourceTextError(
                SOURCE_FILE,
                marker.line,
                f"marker {marker.ocr!r} is footnote {marker.number} but its text is labelled "
                f"{label!r}",
            )
        footnotes.append(
            ParsedFootnote(number=marker.number, text=text, ocr_marker=marker.ocr, ocr_label=label)
        )
    return footnotes

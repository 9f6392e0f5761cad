"""The WSIS+20 zero draft with UNESCO's proposed edits (3 October 2025), file 001.

The co-facilitators' zero draft numbered its paragraphs 1–147; UNESCO's edits inserted 13,
deleted one and renumbered the rest 1–159. Most labels therefore read ``old:new`` in one of many
spellings (``9:10.``, ``~~14:17.~~``, ``[20-24.](#)``, ``**53-59.**``, ``~~97:~~106.``,
``~~103~~[114](#).``…), which the ``LABEL`` expression of SOURCES.md §1.1 reads: ``label`` is the
new number, ``old_label`` the old one where given. ``~~90:--~~`` is the paragraph UNESCO
deletes: kind DELETED, old label 90, no new number. The preamble's lettered bullets (``- A.``)
are PREAMBULAR; one operative paragraph has no label and opens with an em dash.

Edits stay visible. ``markup`` is the paragraph as the draft shows it, in the draft's own
Markdown: ``~~deleted~~``, ``[inserted](#)`` and ``**inserted**`` (the spelling the Paragraph
model documents, so one renderer serves every document; the template must escape the text and
turn only these three spans into ``<del>``/``<ins>``). ``text`` is the accepted reading:
deletions dropped, insertions unwrapped. Tracked changes were flattened before the text reached
us, so residue such as "judiciaryjudiciary" survives in both.

Page breaks split 15 paragraphs: a non-empty line with no label that is not a heading continues
the paragraph before it. Headings (``##``…``####`` with levels that mean nothing, or a line in
bold) become ``section``.
"""

import datetime
import re

from ..models import Document, Paragraph
from .common import ParsedDocument, ParsedParagraph, action_line_codes, read_source

SOURCE_FILE = "001_3435e1dfd8418e0d.txt"

#: SOURCES.md §1.1, checked there against all 160 labelled lines, with the closing alternatives
#: reordered longest first so that the match also ends where the label does: as given, it stops
#: after the "." of ``[20-24.](#)`` and ``**53-59.**`` and leaves ``](#)`` / ``**`` in the text.
LABEL = re.compile(
    r"^(?:- )?(?:~~|\[|\*\*)?(\d{1,3})(?:(?:[:.\-]~~|~~\.?\[?|:~~|[:.\-])(\d{1,3}|--))?"
    r"(?:\.\]\(#\)|\.\*\*|\]\(#\)\.|\.?~~|\.)+\s*"
)
PREAMBLE_ITEM = re.compile(r"^- ([A-Z])\. (.*)$")
EM_DASH_ITEM = re.compile(r"^\u2014 ")
MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.*)$")
BOLD_LINE = re.compile(r"^\*\*([^*]+)\*\*$")
DATE = re.compile(
    r"\b(\d{1,2} (?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December) \d{4})\b"
)

DELETION = re.compile(r"~~(.*?)~~", re.DOTALL)
LINK_INSERTION = re.compile(r"\[([^\]]*)\]\(#\)")
BOLD = re.compile(r"\*\*(.*?)\*\*")


def accepted_reading(markup: str) -> str:
    """The paragraph with UNESCO's edits accepted: deletions dropped, insertions unwrapped."""
    text = DELETION.sub("", markup)
    text = LINK_INSERTION.sub(r"\1", text)
    text = BOLD.sub(r"\1", text)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)  # the gap a dropped word leaves before ","
    return text.strip()


def heading_text(line: str) -> str | None:
    """The heading a line is, without its Markdown, or None."""
    if match := MARKDOWN_HEADING.match(line):
        return BOLD.sub(r"\1", match.group(1)).strip()
    if match := BOLD_LINE.match(line):
        return match.group(1).strip()
    return None


def parse_zero_draft_2025(lines: list[str] | None = None) -> list[ParsedDocument]:
    """The draft's preamble A–G, operative paragraphs 1–159, the em-dash and deleted ones."""
    if lines is None:
        lines = read_source(SOURCE_FILE)
    lines = [line.rstrip() for line in lines]
    start = next(i for i, line in enumerate(lines) if heading_text(line.strip()) == "Preamble")

    # The title block above the preamble: "**WSIS+20 Outcome document / ZERO DRAFT**" and
    # "**Text inputs from … (UNESCO) / 3 October 2025 - REV**".
    title_block = [BOLD.sub(r"\1", line).strip("* ").strip() for line in lines[:start]]
    title_block = " ".join(line for line in title_block if line)
    date_match = DATE.search(title_block)
    title = title_block[: date_match.start()].strip() if date_match else title_block
    title = title.replace("ZERO DRAFT Text inputs", "zero draft: text inputs")
    date = (
        datetime.datetime.strptime(date_match.group(1), "%d %B %Y").date() if date_match else None
    )

    paragraphs: list[ParsedParagraph] = []
    bodies: list[list[str]] = []
    section = ""
    for raw in lines[start:]:
        line = raw.strip()
        if not line:
            continue
        if (heading := heading_text(line)) is not None and not LABEL.match(line):
            section = heading
            continue
        if match := PREAMBLE_ITEM.match(line):
            paragraphs.append(
                ParsedParagraph(
                    text="", label=match.group(1), kind=Paragraph.Kind.PREAMBULAR, section=section
                )
            )
            bodies.append([match.group(2)])
        elif match := LABEL.match(line):
            first, second = match.groups()
            if second == "--":
                paragraph = ParsedParagraph(
                    text="",
                    old_label=first,
                    kind=Paragraph.Kind.DELETED,
                    section=section,
                    anchor=f"deleted-{first}",
                )
                bodies.append([line])  # shown as it stands: the struck-through label
            else:
                new, old = (second, first) if second else (first, "")
                paragraph = ParsedParagraph(
                    text="", label=new, number=int(new), old_label=old, section=section
                )
                bodies.append([line[match.end() :]])
            paragraphs.append(paragraph)
        elif EM_DASH_ITEM.match(line):
            paragraphs.append(ParsedParagraph(text="", section=section))
            bodies.append([line])
        elif bodies:
            bodies[-1].append(line)  # continuation after a page break

    for paragraph, body in zip(paragraphs, bodies, strict=True):
        paragraph.markup = re.sub(r"\s+", " ", " ".join(body)).strip()
        if paragraph.kind != Paragraph.Kind.DELETED:
            paragraph.text = accepted_reading(paragraph.markup)
        paragraph.action_line_codes = action_line_codes(paragraph.text)

    return [
        ParsedDocument(
            slug="wsis20-zero-draft-unesco",
            title=title,
            short_title="WSIS+20 zero draft with UNESCO inputs",
            kind=Document.Kind.ANNOTATED_DRAFT,
            date=date,
            source_file=SOURCE_FILE,
            source_note=(
                "The co-facilitators' zero draft of the WSIS+20 outcome with the edits UNESCO "
                "proposed. Labels give the paragraph's new number; old_label its number in the "
                "zero draft. Tracked changes were flattened in the source, so some old and new "
                "words run together."
            ),
            paragraphs=paragraphs,
        )
    ]

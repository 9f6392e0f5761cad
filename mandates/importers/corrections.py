"""Reviewed corrections to the source texts, applied at import (issue 13, item 6).

``corrections.csv`` lists each repair a person checked against the source: the document's slug,
the paragraph's anchor (``para-57``, ``pp-1``; ``fn-2`` for a footnote), the text as the source
has it, the text as it should read, and why. Two kinds are listed: OCR misreadings of
E/RES/2025/18 ("Further vrecalls", "Lillestrem") and the zero draft's tracked changes that were
flattened into one run of words ("~~technologiestechnology~~"), rewritten as the deletion and
insertion they were so that the accepted reading (``text``) is whole again.

A correction applies to a paragraph's ``markup`` when it has one (the draft's edits, the
resolution's footnote references), and ``text`` is read again from it; otherwise to ``text``.
Its wrong text must occur exactly once where it points: when the source changes, the import
stops and names the line of the list to review, rather than silently skipping a repair. The
applied list is saved with the document and shown on its page, so the original stays in view.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

from ..models import Document
from ..reader import FOOTNOTE_REF
from .common import ParsedDocument, SourceTextError, action_line_codes, paragraph_anchors
from .zero_draft_2025 import accepted_reading

CORRECTIONS_FILE = Path(__file__).with_name("corrections.csv")
COLUMNS = ["document", "paragraph", "wrong", "right", "note"]


@dataclass(frozen=True)
class Correction:
    document: str
    anchor: str
    wrong: str
    right: str
    note: str
    line: int = 0


def read_corrections(path: Path = CORRECTIONS_FILE) -> list[Correction]:
    """The list, checked: the five columns, each filled in, and a real change."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != COLUMNS:
            raise SourceTextError(path.name, 1, f"the columns must be {', '.join(COLUMNS)}")
        corrections = []
        for row in reader:
            line = reader.line_num
            if None in row or any(not row.get(name) for name in COLUMNS):
                raise SourceTextError(path.name, line, "every column must be filled in")
            if row["wrong"] == row["right"]:
                raise SourceTextError(path.name, line, "the correction changes nothing")
            corrections.append(
                Correction(
                    document=row["document"],
                    anchor=row["paragraph"],
                    wrong=row["wrong"],
                    right=row["right"],
                    note=row["note"],
                    line=line,
                )
            )
    return corrections


def apply_corrections(
    parsed: ParsedDocument, corrections: list[Correction], filename: str = CORRECTIONS_FILE.name
) -> None:
    """Apply the list's corrections for ``parsed`` in place and record them on it."""
    mine = [c for c in corrections if c.document == parsed.slug]
    paragraphs = dict(zip(paragraph_anchors(parsed.paragraphs), parsed.paragraphs, strict=True))
    footnotes = {f"fn-{footnote.number}": footnote for footnote in parsed.footnotes}
    for correction in mine:
        target = paragraphs.get(correction.anchor) or footnotes.get(correction.anchor)
        if target is None:
            raise SourceTextError(
                filename, correction.line, f"{parsed.slug} has no {correction.anchor}"
            )
        field = "markup" if getattr(target, "markup", "") else "text"
        value = getattr(target, field)
        found = value.count(correction.wrong)
        if found != 1:
            raise SourceTextError(
                filename,
                correction.line,
                f"{correction.wrong!r} is found {found} times in {parsed.slug} "
                f"{correction.anchor}, not once: review this correction against the source",
            )
        setattr(target, field, value.replace(correction.wrong, correction.right))
        if field == "markup":
            target.text = reading(parsed.kind, target.markup)
        if correction.anchor in paragraphs:
            target.action_line_codes = action_line_codes(target.text)
    parsed.corrections = mine


def reading(kind: str, markup: str) -> str:
    """The plain text a paragraph's ``markup`` reads as."""
    if kind == Document.Kind.ANNOTATED_DRAFT:
        return accepted_reading(markup)
    return FOOTNOTE_REF.sub("", markup)

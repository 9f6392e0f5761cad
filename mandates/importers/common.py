"""What every document importer shares: reading a source text and saving what it parsed."""

import datetime
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from actionlines.models import ActionLine

from ..models import Clause, Document, Footnote, Paragraph, TextCorrection
from ..reader import FOOTNOTE_REF
from .clauses import split_clauses


class SourceTextError(ValueError):
    """A source text that no longer reads as its importer expects: the import stops, naming
    the file and line, rather than saving a half-understood document."""

    def __init__(self, filename: str, line: int, message: str):
        self.filename, self.line = filename, line
        super().__init__(f"{filename}:{line}: {message}")


def check_paragraph_count(
    filename: str,
    document: str,
    parsed: list,
    expected: int,
    lines: list[str],
    *,
    first_line: int = 1,
    last_line: int | None = None,
) -> None:
    """Stop the import, naming the line, when a document's numbered paragraphs are not the
    ``expected`` 1…N the source has always had.

    The parsers take a paragraph number only in sequence (so that running text opening with
    "2015. " is not a paragraph); a paragraph gone from the source therefore swallows the
    rest of the document into the one before it. The line named is where the text goes on
    after the last paragraph read in sequence: the paragraph that follows the missing one (or
    the one after the expected last), else the document's last line. ``first_line`` and
    ``last_line`` (1-based) bound the document in a file that holds several."""
    numbers = [p.number for p in parsed if p.number is not None]
    if numbers == list(range(1, expected + 1)):
        return
    last = next((i - 1 for i, n in enumerate(numbers, 1) if n != i), min(len(numbers), expected))
    end = last_line or len(lines)
    window = list(enumerate(lines[first_line - 1 : end], first_line))

    def start_of(number: int, after: int) -> int | None:
        pattern = re.compile(rf"^\s*{number}[.:]\s")
        return next((no for no, raw in window if no > after and pattern.match(raw)), None)

    anchor = (start_of(last, first_line - 1) if last else None) or first_line - 1
    following = (start_of(n, anchor) for n in (last + 1, last + 2))
    line = next((no for no in following if no is not None), end)
    if len(numbers) < expected:
        message = (
            f"{document}: paragraph {last + 1} is missing or unreadable "
            f"({len(numbers)} numbered paragraphs read, {expected} expected)"
        )
    else:
        message = f"{document}: {len(numbers)} numbered paragraphs where {expected} were expected"
    raise SourceTextError(filename, line, message)


def read_source(filename: str) -> list[str]:
    """The lines of a source text, all of them.

    None of the seed files ends with a newline, so ``splitlines`` (not a count of newline
    characters) is what keeps the last paragraph.
    """
    text = (settings.SOURCES_DIR / filename).read_text(encoding="utf-8")
    return text.splitlines()


@dataclass
class ParsedParagraph:
    text: str
    label: str = ""
    number: int | None = None
    old_label: str = ""
    kind: str = Paragraph.Kind.OPERATIVE
    section: str = ""
    markup: str = ""
    action_line_codes: list[str] = field(default_factory=list)
    anchor: str = ""


@dataclass
class ParsedFootnote:
    number: int
    text: str  # empty when the source lost it
    ocr_marker: str = ""  # the marker as the source garbled it, for comparison
    ocr_label: str = ""


@dataclass
class ParsedDocument:
    slug: str
    title: str
    kind: str
    paragraphs: list[ParsedParagraph]
    symbol: str = ""
    short_title: str = ""
    date: datetime.date | None = None
    adopted_by: str = ""
    body: str = ""
    source_file: str = ""
    source_note: str = ""
    footnotes: list[ParsedFootnote] = field(default_factory=list)
    #: The reviewed corrections applied to it (``corrections.Correction``), in list order.
    corrections: list = field(default_factory=list)


def paragraph_anchors(paragraphs: list[ParsedParagraph]) -> list[str]:
    """Permanent fragment ids: ``para-113`` for a labelled paragraph, ``pp-3`` for the third
    unlabelled one; a label seen twice gets ``-2``, ``-3``… so anchors stay unique."""
    anchors, seen, unlabelled = [], set(), 0
    for paragraph in paragraphs:
        if paragraph.anchor:
            anchor = paragraph.anchor
        elif paragraph.label:
            anchor = "para-" + slugify(paragraph.label)
        else:
            unlabelled += 1
            anchor = f"pp-{unlabelled}"
        base, n = anchor, 1
        while anchor in seen:
            n += 1
            anchor = f"{base}-{n}"
        seen.add(anchor)
        anchors.append(anchor)
    return anchors


DOCUMENT_FIELDS = (
    "title",
    "symbol",
    "short_title",
    "kind",
    "date",
    "adopted_by",
    "body",
    "source_file",
    "source_note",
)
PARAGRAPH_FIELDS = ("label", "number", "old_label", "anchor", "kind", "section", "text", "markup")


@transaction.atomic
def save_document(parsed: ParsedDocument) -> tuple[Document, int]:
    """Create or update the document and its paragraphs; return it and how many rows changed.

    Idempotent: a second run with the same parse writes nothing and returns 0.
    """
    changes = 0
    values = {name: getattr(parsed, name) for name in DOCUMENT_FIELDS}
    document = Document.objects.filter(slug=parsed.slug).first()
    if document is None:
        document = Document.objects.create(slug=parsed.slug, **values)
        changes += 1
    elif any(getattr(document, k) != v for k, v in values.items()):
        for k, v in values.items():
            setattr(document, k, v)
        document.save()
        changes += 1

    lines = {line.code: line for line in ActionLine.objects.all()}
    existing = {p.order: p for p in document.paragraphs.prefetch_related("action_lines", "clauses")}
    anchors = paragraph_anchors(parsed.paragraphs)
    # Anchors are unique per document: clear the ones that will move before re-assigning.
    for order, (item, anchor) in enumerate(zip(parsed.paragraphs, anchors, strict=True), 1):
        values = {name: getattr(item, name) for name in PARAGRAPH_FIELDS} | {"anchor": anchor}
        paragraph = existing.pop(order, None)
        if paragraph is None:
            paragraph = Paragraph.objects.create(document=document, order=order, **values)
            changes += 1
        elif any(getattr(paragraph, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(paragraph, k, v)
            paragraph.save()
            changes += 1
        wanted = {lines[code].pk for code in item.action_line_codes if code in lines}
        if wanted != {line.pk for line in paragraph.action_lines.all()}:
            paragraph.action_lines.set(wanted)
            changes += 1
        changes += save_clauses(paragraph)
    if existing:
        Paragraph.objects.filter(pk__in=[p.pk for p in existing.values()]).delete()
        changes += len(existing)
    changes += save_footnotes(document, parsed.footnotes)
    changes += save_corrections(document, parsed.corrections)
    return document, changes


def save_corrections(document: Document, corrections: list) -> int:
    """Make the document's list of corrections the applied one; return the rows changed."""
    paragraphs = {p.anchor: p.pk for p in document.paragraphs.only("pk", "anchor")}
    footnotes = {f"fn-{f.number}": f.pk for f in document.footnotes.only("pk", "number")}
    wanted = [
        (
            order,
            paragraphs.get(c.anchor),
            footnotes.get(c.anchor),
            c.wrong,
            c.right,
            c.note,
        )
        for order, c in enumerate(corrections, 1)
    ]
    have = list(
        document.corrections.order_by("order").values_list(
            "order", "paragraph_id", "footnote_id", "wrong", "right", "note"
        )
    )
    if wanted == have:
        return 0
    document.corrections.all().delete()
    TextCorrection.objects.bulk_create(
        TextCorrection(
            document=document,
            order=order,
            paragraph_id=paragraph,
            footnote_id=footnote,
            wrong=wrong,
            right=right,
            note=note,
        )
        for order, paragraph, footnote, wrong, right, note in wanted
    )
    return max(len(wanted), len(have))


def save_footnotes(document: Document, parsed: list[ParsedFootnote]) -> int:
    """Make the document's footnotes the parsed ones, each tied to the paragraph whose
    ``markup`` refers to it (``[^N]``); return the rows changed."""
    referring = {
        int(number): paragraph.pk
        for paragraph in document.paragraphs.exclude(markup="")
        for number in FOOTNOTE_REF.findall(paragraph.markup)
    }
    existing = {f.number: f for f in document.footnotes.all()}
    changes = 0
    for item in parsed:
        values = {
            "text": item.text,
            "ocr_marker": item.ocr_marker,
            "ocr_label": item.ocr_label,
            "paragraph_id": referring.get(item.number),
        }
        footnote = existing.pop(item.number, None)
        if footnote is None:
            Footnote.objects.create(document=document, number=item.number, **values)
            changes += 1
        elif any(getattr(footnote, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(footnote, k, v)
            footnote.save()
            changes += 1
    if existing:
        Footnote.objects.filter(pk__in=[f.pk for f in existing.values()]).delete()
        changes += len(existing)
    return changes


def save_clauses(paragraph: Paragraph) -> int:
    """Make the paragraph's clauses those its text splits into; return 1 if any changed."""
    wanted = [
        (order, clause.verb, clause.is_mandating, clause.text)
        for order, clause in enumerate(split_clauses(paragraph.text), 1)
    ]
    have = [(c.order, c.verb, c.is_mandating, c.text) for c in paragraph.clauses.all()]
    if wanted == have:
        return 0
    # Updated in place, clause by clause: a mandate stays linked to the clause of its order
    # when a re-import splits the paragraph differently (its clause row is kept, not deleted).
    existing = {c.order: c for c in paragraph.clauses.all()}
    for order, verb, mandating, text in wanted:
        clause = existing.pop(order, None) or Clause(paragraph=paragraph, order=order)
        clause.verb, clause.is_mandating, clause.text = verb, mandating, text
        clause.save()
    Clause.objects.filter(pk__in=[c.pk for c in existing.values()]).delete()
    return 1


#: Explicit action-line codes ("C7", "action line C5"); ``C7 e-health`` names a sub-line.
ACTION_LINE_CODE = re.compile(r"\bC(1[01]|[1-9])\b(?:\s*[.:]?\s*(?:[Ee]-([a-z]+)))?")
#: The eight C7 sub-lines, by the name the texts give them.
C7_SUBLINES = (
    "government",
    "business",
    "learning",
    "health",
    "employment",
    "environment",
    "agriculture",
    "science",
)
C7_SUBLINE_NAME = re.compile(r"\be-(" + "|".join(C7_SUBLINES) + r")\b", re.IGNORECASE)


def action_line_codes(text: str) -> list[str]:
    """The action lines a paragraph names explicitly, as codes (``C5``, ``C7-e-health``).

    Only explicit mentions count: a code such as "C5" or "C7 e-health", or a sentence about
    the action lines that lists C7 sub-lines by name ("As envisioned by the WSIS Action Lines,
    … e-government, e-business …", two or more names). A lone "e-government services" is a
    topic, not a reference to the action line, and themes ("enabling environment") are never
    mapped to a line: that would be a guess.
    """
    codes: list[str] = []

    def add(code: str) -> None:
        if code not in codes:
            codes.append(code)

    for match in ACTION_LINE_CODE.finditer(text):
        number, subline = match.groups()
        if number == "7" and subline and subline.lower() in C7_SUBLINES:
            add(f"C7-e-{subline.lower()}")
        else:
            add(f"C{number}")
    for sentence in re.split(r"(?<=[.;])\s+", text):
        if not re.search(r"action lines?", sentence, re.IGNORECASE):
            continue
        names = [m.lower() for m in C7_SUBLINE_NAME.findall(sentence)]
        if len(set(names)) >= 2:
            for name in names:
                add(f"C7-e-{name}")
    return codes

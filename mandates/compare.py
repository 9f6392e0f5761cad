"""Comparing two readings of the texts paragraph by paragraph, with word-level differences.

A *version* is a document's paragraphs as one reading: a document as it reads (``text``), or,
for the annotated draft, the draft as it read before the proposed edits (``slug@original``:
deletions kept, insertions dropped). Two readings of the same document align by paragraph (the
draft's ``old_label`` → ``label`` renumbering is carried by the paragraph itself). Readings of
different documents align by text similarity, so a resolution's paragraphs find the draft
paragraphs they came from — including two merged into one — without a hand-made crosswalk.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Document
from .reader import original_reading

ORIGINAL = "@original"
#: Below this similarity (difflib ratio on words) two paragraphs are not the same paragraph.
MATCH_THRESHOLD = 0.35
#: A further source paragraph is merged in when it raises the similarity by at least this.
MERGE_GAIN = 0.04
CANDIDATES = 6
WORD = re.compile(r"\w+")


@dataclass
class Item:
    """One paragraph of a version."""

    key: int
    label: str
    text: str
    url: str
    section: str = ""


@dataclass
class Version:
    value: str
    name: str
    document: Document
    items: list[Item]


@dataclass
class Row:
    """One line of the comparison: ``old`` paragraphs (one, several when merged, or none) and
    the ``new`` one (or none), with the word-level ``diff`` as safe HTML."""

    status: str  # unchanged | changed | added | removed
    old: list[Item] = field(default_factory=list)
    new: Item | None = None
    similarity: float = 0.0
    diff: SafeString = mark_safe("")  # noqa: S308 - empty

    @property
    def old_labels(self) -> str:
        return " + ".join(item.label for item in self.old)


@dataclass
class Comparison:
    old: Version
    new: Version
    rows: list[Row]
    aligned_by: str
    unmatched_not_listed: int = 0

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {s: self.count(s) for s in ("changed", "added", "removed", "unchanged")}


# --- versions -------------------------------------------------------------------------------


def version_choices() -> list[tuple[str, str]]:
    """Every document, and the original reading of each annotated draft."""
    choices = []
    for document in Document.objects.order_by("date", "slug"):
        name = str(document)
        if document.kind == Document.Kind.ANNOTATED_DRAFT:
            choices.append(
                (document.slug, _("%(name)s — with the proposed edits accepted") % {"name": name})
            )
            choices.append(
                (
                    document.slug + ORIGINAL,
                    _("%(name)s — original, before the edits") % {"name": name},
                )
            )
        else:
            kind = document.get_kind_display().lower()
            choices.append((document.slug, _("%(name)s (%(kind)s)") % {"name": name, "kind": kind}))
    return choices


DELETED_PLACEHOLDER = "[The draft marks this paragraph deleted; its text is not reproduced.]"


def inserted_paragraphs(paragraphs) -> set[int]:
    """Pks of the annotated draft's paragraphs that did not exist before the edits.

    Renumbered paragraphs carry their old number (``old_label``); those the edits left alone
    keep one number. A numbered paragraph without an old number is new when its number is
    another paragraph's old number or lies beyond the old numbering (SOURCES.md §1.1).
    """
    old_numbers = {int(p.old_label) for p in paragraphs if p.old_label.isdigit()}
    highest = max(old_numbers, default=0)
    return {
        p.pk
        for p in paragraphs
        if p.number and not p.old_label and (p.number in old_numbers or p.number > highest)
    }


def load_version(value: str) -> Version | None:
    slug, original = (value[: -len(ORIGINAL)], True) if value.endswith(ORIGINAL) else (value, False)
    document = Document.objects.filter(slug=slug).first()
    if document is None or (original and document.kind != Document.Kind.ANNOTATED_DRAFT):
        return None
    paragraphs = list(document.paragraphs.order_by("order"))
    inserted = inserted_paragraphs(paragraphs) if original else set()
    items = []
    for p in paragraphs:
        if not original:
            text, label = p.text, p.label
        elif p.pk in inserted:
            text, label = "", ""
        elif p.kind == p.Kind.DELETED:
            text, label = DELETED_PLACEHOLDER, p.old_label
        else:
            text = original_reading(p.markup) if p.markup else p.text
            label = p.old_label or p.label
        items.append(
            Item(
                key=p.pk,
                label=label or "—",
                text=text,
                url=f"{document.get_absolute_url()}#{p.anchor}",
                section=p.section,
            )
        )
    name = str(document)
    if original:
        name = _("%(document)s (original reading)") % {"document": document}
    elif document.kind == Document.Kind.ANNOTATED_DRAFT:
        name = _("%(document)s (edits accepted)") % {"document": document}
    return Version(value=value, name=name, document=document, items=items)


# --- word diff ------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return text.split()


def similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


def word_diff(old: str, new: str) -> SafeString:
    """``new`` against ``old`` word by word: removed words in <del>, added in <ins>; every
    word escaped."""
    a, b = words(old), words(new)
    parts = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            parts.append(escape(" ".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            parts.append(f"<del>{escape(' '.join(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            parts.append(f"<ins>{escape(' '.join(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(parts))  # noqa: S308 - every word escaped


def _row(old: list[Item], new: Item | None) -> Row:
    old_text = " ".join(item.text for item in old if item.text)
    new_text = new.text if new else ""
    if not new_text:
        return Row("removed", old, new, 0.0, word_diff(old_text, ""))
    if not old_text:
        return Row("added", [], new, 0.0, word_diff("", new_text))
    if old_text == new_text:
        return Row("unchanged", old, new, 1.0, mark_safe(escape(new_text)))  # noqa: S308
    return Row("changed", old, new, similarity(old_text, new_text), word_diff(old_text, new_text))


# --- alignment ------------------------------------------------------------------------------


def _align_same_document(old: Version, new: Version) -> list[Row]:
    by_key = {item.key: item for item in old.items}
    rows = []
    for item in new.items:
        before = by_key.get(item.key)
        rows.append(_row([before] if before and before.text else [], item))
    return rows


def _vocabulary(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text) if len(w) > 3}


def _align_by_similarity(old: Version, new: Version) -> tuple[list[Row], set[int]]:
    """Each new paragraph gets the old paragraph(s) most like it; best matches choose first."""
    old_items = [item for item in old.items if item.text]
    vocabularies = [_vocabulary(item.text) for item in old_items]
    proposals = []  # (score, new index, old index, candidates)
    for n, item in enumerate(new.items):
        vocabulary = _vocabulary(item.text)
        if not vocabulary:
            continue
        overlap = sorted(
            range(len(old_items)),
            key=lambda o: (
                -len(vocabulary & vocabularies[o]) / (len(vocabulary | vocabularies[o]) or 1)
            ),
        )[:CANDIDATES]
        scored = sorted(
            ((similarity(old_items[o].text, item.text), o) for o in overlap), reverse=True
        )
        for score, o in scored:
            proposals.append((score, n, o, [c for _, c in scored]))
    proposals.sort(key=lambda p: (-p[0], p[1]))
    used: set[int] = set()
    matched: dict[int, list[int]] = {}
    for score, n, o, _candidates in proposals:
        if score < MATCH_THRESHOLD or n in matched or o in used:
            continue
        matched[n] = [o]
        used.add(o)
    # Merges: a new paragraph that combines several old ones (A/RES/80/173 ¶111 = draft ¶138+139).
    candidates_of = {n: c for _, n, _, c in proposals}
    for n, sources in matched.items():
        text = new.items[n].text
        best = similarity(" ".join(old_items[o].text for o in sources), text)
        for o in candidates_of[n]:
            if o in used:
                continue
            trial = sorted(sources + [o])
            score = similarity(" ".join(old_items[i].text for i in trial), text)
            if score >= best + MERGE_GAIN:
                sources[:] = trial
                used.add(o)
                best = score
    rows = []
    for n, item in enumerate(new.items):
        rows.append(_row([old_items[o] for o in matched.get(n, [])], item))
    removed = [(o, old_items[o]) for o in range(len(old_items)) if o not in used]
    return rows, {o for o, _ in removed}


def compare_versions(old: Version, new: Version) -> Comparison:
    """Align ``old`` and ``new`` and diff each pair (see the module docstring)."""
    if old.document.pk == new.document.pk:
        return Comparison(old, new, _align_same_document(old, new), aligned_by="paragraph")
    rows, removed = _align_by_similarity(old, new)
    old_items = [item for item in old.items if item.text]
    if new.document.kind == Document.Kind.EXCERPT:
        # An excerpt quotes a few paragraphs: the rest of the source is not "removed".
        return Comparison(
            old, new, rows, aligned_by="similarity", unmatched_not_listed=len(removed)
        )
    # Removed paragraphs go after the row that holds the old paragraph just before them.
    position = {}
    for index, row in enumerate(rows):
        for item in row.old:
            position[item.key] = index
    placed: list[tuple[float, int, Row]] = [(i, 0, row) for i, row in enumerate(rows)]
    last = -1.0
    for o, item in enumerate(old_items):
        if o in removed:
            placed.append((last + 0.5, o, _row([item], None)))
        else:
            last = position.get(item.key, last)
    placed.sort(key=lambda p: (p[0], p[1]))
    return Comparison(old, new, [row for _, _, row in placed], aligned_by="similarity")

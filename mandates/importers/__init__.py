"""Importers that turn the seed texts in ``fixtures/sources/`` into Documents and Paragraphs.

Each module parses one source file into ``ParsedDocument`` objects (pure functions of the text,
tested against it); the reviewed corrections of ``corrections.csv`` are applied to them
(``corrections.apply_corrections``) and ``common.save_document`` writes them idempotently.
``DOCUMENT_PARSERS`` lists every parser in import order: a dotted path to a function returning
parsed documents.
"""

from django.db import transaction

DOCUMENT_PARSERS = [
    "mandates.importers.outcome_documents.parse_outcome_documents",  # 004: Geneva & Tunis
    "mandates.importers.resolution_80_173.parse_resolution_80_173",  # 000: A/RES/80/173 excerpts
    "mandates.importers.ecosoc_2025_18.parse_ecosoc_2025_18",  # 002: E/RES/2025/18
    "mandates.importers.zero_draft_2025.parse_zero_draft_2025",  # 001: annotated WSIS+20 draft
    "mandates.importers.zero_draft_2015.parse_zero_draft_2015",  # 003: WSIS+10 zero draft
]


@transaction.atomic
def import_documents(stdout=None) -> int:
    """Parse and save every document of ``DOCUMENT_PARSERS``; returns the rows changed.

    One transaction: a source that no longer parses (``common.SourceTextError``, naming the
    file and line) stops the import with nothing saved, not even the documents before it."""
    from django.utils.module_loading import import_string

    from .common import save_document
    from .corrections import apply_corrections, read_corrections

    corrections = read_corrections()
    changed = 0
    for dotted in DOCUMENT_PARSERS:
        for parsed in import_string(dotted)():
            apply_corrections(parsed, corrections)
            document, changes = save_document(parsed)
            changed += changes
            if stdout is not None:
                stdout.write(
                    f"{document}: {document.paragraphs.count()} paragraphs, {changes} changes"
                )
    return changed

"""The portal's reference content: what the importers build and the fixture holds.

``IMPORT_STEPS`` lists the importers in dependency order (documents before the mandates that
point into them; action lines before the paragraphs that link to them). ``REFERENCE_MODELS``
are the tables the fixture ``fixtures/reference.json`` carries: content built from the source
texts, never what users write (page content, revisions, entries, updates).
"""

import inspect

from django.conf import settings

#: Importer functions, each idempotent and returning how many rows it changed.
IMPORT_STEPS = [
    "actionlines.sdgs.import_sdgs",
    "stocktaking.importers.import_countries",
    "actionlines.importers.import_action_lines",
    "mandates.importers.import_documents",
    "mandates.importers.mandates.import_mandates",
]

REFERENCE_MODELS = [
    "actionlines.Organization",
    "actionlines.SustainableDevelopmentGoal",
    "actionlines.SDGTarget",
    "actionlines.GDCObjective",
    "actionlines.ActionLine",
    "actionlines.Facilitation",
    "stocktaking.Region",
    "stocktaking.Country",
    "mandates.Document",
    "mandates.Paragraph",
    "mandates.Clause",
    "mandates.Footnote",
    "mandates.ReportingEvent",
    "mandates.TextCorrection",
    "mandates.Mandate",
    "mandates.MandateParty",
]

FIXTURE_PATH = settings.BASE_DIR / "fixtures" / "reference.json"


def import_reference(stdout=None) -> int:
    """Run every importer in order; returns the rows changed (0 when already up to date)."""
    from django.utils.module_loading import import_string

    total = 0
    for dotted in IMPORT_STEPS:
        step = import_string(dotted)
        # Steps with something to report besides a count (corrections kept) take the output.
        reports = "stdout" in inspect.signature(step).parameters
        changed = step(stdout=stdout) if reports else step()
        if stdout is not None:
            stdout.write(f"{dotted}: {changed} rows changed")
        total += changed
    return total

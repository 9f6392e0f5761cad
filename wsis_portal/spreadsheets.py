"""Cells of every file a spreadsheet may open (CSV, Excel), defused against formula injection.

Excel, LibreOffice and Google Sheets read a cell whose text begins with ``=``, ``+``, ``-`` or
``@`` as a formula, and skip a leading tab or carriage return before looking: a project titled
``=HYPERLINK("http://evil.example","click")`` becomes a live link in the analyst's sheet, and
``=cmd|...`` asks to run a program. Such a text gets a leading apostrophe (OWASP's advice for
CSV injection), which every spreadsheet shows as text; the other cells are left exactly as
they are, and so are plain numbers (``-5``, ``+1.5e3``), which a spreadsheet reads as numbers.

Every producer of such a file writes its rows through here: ``csv_writer`` for CSV,
``safe_row`` for an Excel sheet's ``append`` (openpyxl stores a text beginning with ``=`` as a
formula). ``tests/test_spreadsheets.py`` fails when a ``csv.writer`` appears elsewhere.
"""

import csv
import re

from wsis_portal.text import plain_text

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# ASCII digits only: "-٣" (an Arabic-Indic digit) is no number a spreadsheet reads, so it is
# defused as any text beginning with "-" (and the CSV PostgreSQL writes, CSVLine in
# stocktaking.api.serializers, tests the same characters).
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def formula_safe(value):
    """``value`` as a spreadsheet reads it as text: a string a spreadsheet would take for a
    formula gets a leading apostrophe; anything else is returned unchanged. Control characters
    a spreadsheet cannot hold (rows older than the input rule, ``wsis_portal.text``) are
    removed: openpyxl refuses them and the whole file would fail."""
    if isinstance(value, str):
        value = plain_text(value)
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def safe_row(row):
    """Every cell of ``row`` through ``formula_safe``."""
    return [formula_safe(value) for value in row]


class FormulaSafeWriter:
    """``csv.writer`` whose rows go through ``safe_row``; ``writerow`` returns what the file's
    ``write`` returns (the line, for a streaming echo file)."""

    def __init__(self, file, **options):
        self._writer = csv.writer(file, **options)

    def writerow(self, row):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows):
        for row in rows:
            self.writerow(row)


def csv_writer(file, **options) -> FormulaSafeWriter:
    """The CSV writer of every file the portal produces (``csv.writer`` options accepted)."""
    return FormulaSafeWriter(file, **options)

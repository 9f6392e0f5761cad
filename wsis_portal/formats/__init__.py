"""Formats that differ from Django's for a language (``FORMAT_MODULE_PATH``).

English dates are written as the United Nations writes them ("1 January 2026"), not in
Django's American default ("Jan. 1, 2026"); the other languages keep Django's own dates.
Figures are grouped by thousands in every language: Django leaves Arabic ungrouped (and
would group it with ".", not as the UN's Arabic texts do: see ``ar``) and groups Chinese by
ten thousands without a separator (``zh_Hans``).
"""

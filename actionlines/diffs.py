"""Differences between two versions of a page's Markdown, line by line and, within a changed
line, word by word (issue 18, gap 4).

Rows are ``(kind, segments)``: ``kind`` is ``same``, ``removed``, ``added`` or ``gap`` (lines
left out between groups of changes); ``segments`` are ``(changed, text)`` pairs. A removed
line paired with the added line that replaced it marks only the words that differ as
changed, the rest of the line as it was; a line with no counterpart is changed as a whole.
The template escapes the text and wraps changed words in ``<del>``/``<ins>`` with a visually
hidden label, so hostile content stays inert and a screen reader hears what changed.
"""

import difflib
import re

#: Below this similarity (difflib ratio on words) a replaced line is shown whole, not word
#: by word: a rewritten line reads better as itself than as a patchwork.
WORD_DIFF_MIN_RATIO = 0.4

_TOKENS = re.compile(r"\s+|[^\s\w]|\w+")


def tokens(line: str) -> list[str]:
    """Words, spaces and punctuation, each a token, so that joining them gives the line."""
    return _TOKENS.findall(line)


def word_segments(old: str, new: str) -> tuple[list, list] | None:
    """``old`` and ``new`` as segments marking the tokens that differ, or None when the two
    lines have too little in common to be read as one line edited."""
    a, b = tokens(old), tokens(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if matcher.ratio() < WORD_DIFF_MIN_RATIO:
        return None
    removed, added = [], []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            _append(removed, False, "".join(a[i1:i2]))
            _append(added, False, "".join(b[j1:j2]))
        else:
            _append(removed, True, "".join(a[i1:i2]))
            _append(added, True, "".join(b[j1:j2]))
    return removed, added


def _append(segments: list, changed: bool, text: str) -> None:
    if not text:
        return
    if segments and segments[-1][0] == changed:
        segments[-1] = (changed, segments[-1][1] + text)
    else:
        segments.append((changed, text))


def line_diff(old: str, new: str, context: int = 3) -> list[tuple[str, list]]:
    """The rows that differ between ``old`` and ``new`` (with ``context`` lines around)."""
    old_lines, new_lines = old.splitlines(), new.splitlines()
    rows = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for group in matcher.get_grouped_opcodes(context):
        if rows:
            rows.append(("gap", [(False, "…")]))
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                rows += [("same", [(False, text)]) for text in old_lines[i1:i2]]
                continue
            removed = [[(True, text)] for text in old_lines[i1:i2]]
            added = [[(True, text)] for text in new_lines[j1:j2]]
            # Lines replaced one for one (the first with the first…) show the words changed.
            for index in range(min(len(removed), len(added))):
                pair = word_segments(old_lines[i1 + index], new_lines[j1 + index])
                if pair is not None:
                    removed[index], added[index] = pair
            rows += [("removed", segments) for segments in removed]
            rows += [("added", segments) for segments in added]
    return rows

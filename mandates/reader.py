"""Reading the texts: the annotated draft's edit markup, its two readings, and search snippets.

Everything here that returns HTML escapes the source text first and only then adds its own
tags, so nothing a document (or a search query) contains can reach the page as markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

#: The three spans of the annotated draft's Markdown (see ``importers.zero_draft_2025``).
#: They are applied to *escaped* text: escaping leaves ``~ [ ] ( ) # *`` untouched.
DELETION = re.compile(r"~~(.*?)~~", re.DOTALL)
LINK_INSERTION = re.compile(r"\[([^\]]*)\]\(#\)")
BOLD_INSERTION = re.compile(r"\*\*(.*?)\*\*", re.DOTALL)


def render_markup(markup: str) -> SafeString:
    """The draft's ``markup`` as HTML: deletions in ``<del>``, insertions in ``<ins>``."""
    html = escape(markup)
    html = DELETION.sub(r"<del>\1</del>", html)
    html = LINK_INSERTION.sub(r"<ins>\1</ins>", html)
    html = BOLD_INSERTION.sub(r"<ins>\1</ins>", html)
    return mark_safe(html)  # noqa: S308 - escaped above; only our own tags were added


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    return text.strip()


def original_reading(markup: str) -> str:
    """The draft as it read before the proposed edits: deletions kept, insertions dropped.

    The counterpart of ``importers.zero_draft_2025.accepted_reading`` (``Paragraph.text``).
    """
    text = LINK_INSERTION.sub("", markup)
    text = BOLD_INSERTION.sub("", text)
    text = DELETION.sub(r"\1", text)
    return _tidy(text)


def has_edits(markup: str) -> bool:
    return bool(
        markup and (DELETION.search(markup) or LINK_INSERTION.search(markup) or "**" in markup)
    )


# --- search snippets ------------------------------------------------------------------------

#: Markers PostgreSQL's ts_headline puts around matches; control characters that cannot occur
#: in the imported texts, so after escaping they can be swapped for <mark> safely.
START_SEL = "\x02"
STOP_SEL = "\x03"


def headline_html(headline: str) -> SafeString:
    """A ``SearchHeadline`` made with ``START_SEL``/``STOP_SEL``, escaped, with <mark>s."""
    html = escape(headline).replace(START_SEL, "<mark>").replace(STOP_SEL, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped above; only <mark> was added


def highlight_words(text: str, words: list[str], *, context: int = 160) -> SafeString:
    """Fallback (SQLite) headline: a window of ``text`` around the first match, every
    occurrence of each word in <mark>, escaped."""
    words = [w for w in (re.sub(r"[^\w-]", "", w) for w in words) if w]
    if not words:
        return mark_safe(escape(text[: 2 * context]))  # noqa: S308
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - context)
    end = min(len(text), start + 2 * context + (first.end() - first.start() if first else 0))
    if start:  # begin and end on a word boundary
        start = text.find(" ", start) + 1 or start
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    window = text[start:end]
    parts, last = [], 0
    for match in pattern.finditer(window):
        parts.append(escape(window[last : match.start()]))
        parts.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(escape(window[last:]))
    html = ("… " if start else "") + "".join(parts) + (" …" if end < len(text) else "")
    return mark_safe(html)  # noqa: S308 - every piece escaped

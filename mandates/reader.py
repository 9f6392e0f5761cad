"""Reading the texts: the annotated draft's edit markup, its two readings, and search snippets.

Everything here that returns HTML escapes the source text first and only then adds its own
tags, so nothing a document (or a search query) contains can reach the page as markup.
"""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

#: The three spans of the annotated draft's Markdown (see ``importers.zero_draft_2025``).
#: They are applied to *escaped* text: escaping leaves ``~ [ ] ( ) # *`` untouched.
DELETION = re.compile(r"~~(.*?)~~", re.DOTALL)
LINK_INSERTION = re.compile(r"\[([^\]]*)\]\(#\)")
BOLD_INSERTION = re.compile(r"\*\*(.*?)\*\*", re.DOTALL)
#: A footnote reference in ``Paragraph.markup``, in Markdown's own spelling: ``[^3]``.
FOOTNOTE_REF = re.compile(r"\[\^(\d+)\]")


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


# --- footnotes ----------------------------------------------------------------------------


def _footnote_link(match: re.Match) -> str:
    number = match.group(1)
    return format_html(
        '<sup class="fnref"><a href="#fn-{0}" id="fnref-{0}"><span aria-hidden="true">{0}</span>'
        '<span class="visually-hidden">{1}</span></a></sup>',
        number,
        _("Footnote %(number)s") % {"number": number},
    )


def render_footnote_refs(markup: str) -> SafeString:
    """``markup`` with each ``[^N]`` a link to footnote N (and the target of its back link)."""
    html = FOOTNOTE_REF.sub(_footnote_link, escape(markup))
    return mark_safe(html)  # noqa: S308 - escaped above; only our own links were added


def has_footnote_refs(markup: str) -> bool:
    return bool(markup and FOOTNOTE_REF.search(markup))


def footnote_offsets(markup: str, text: str) -> dict[int, int]:
    """Footnote number -> where its ``[^N]`` marker stands in ``text`` (characters before it),
    for API users, who get the text without markers. Empty when ``markup`` without its
    markers is not ``text`` (a draft's edits): a marker is then not placed rather than
    misplaced."""
    offsets, removed = {}, 0
    for match in FOOTNOTE_REF.finditer(markup):
        offsets.setdefault(int(match.group(1)), match.start() - removed)
        removed += len(match.group(0))
    if FOOTNOTE_REF.sub("", markup) != text:
        return {}
    return offsets


def split_markup(markup: str, pieces: list[str]) -> list[str] | None:
    """``markup`` cut where the paragraph's plain text is cut into ``pieces`` (its clauses),
    a footnote reference staying with the clause it follows; None when a piece is not found
    (the clauses no longer match the text).

    The clauses are the plain text split at operative verbs, perhaps with whitespace changed,
    so each is looked for with any run of whitespace matching any other.
    """
    plain, positions, last = [], [], 0  # positions[i]: where plain character i is in markup
    for match in [*FOOTNOTE_REF.finditer(markup), None]:
        end = match.start() if match else len(markup)
        plain.extend(markup[last:end])
        positions.extend(range(last, end))
        last = match.end() if match else end
    plain_text = "".join(plain)
    starts, cursor = [], 0
    for piece in pieces:
        pattern = r"\s+".join(re.escape(word) for word in piece.split())
        found = re.compile(pattern).search(plain_text, cursor)
        if found is None:
            return None
        starts.append(positions[found.start()] if found.start() < len(positions) else last)
        cursor = found.end()
    cuts = [0, *starts[1:], len(markup)]
    return [markup[a:b].strip() for a, b in zip(cuts, cuts[1:], strict=False)]


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

"""Markdown that users write, turned into HTML that is safe to put on a page.

One helper for the whole portal, so that every page renders user Markdown the same way and
through the same sanitiser: ``markdown-it-py`` converts, then ``nh3`` (the Rust ``ammonia``
sanitiser; 31x faster than the deprecated bleach, DESIGN.md) keeps an allow-list of tags and
attributes. Raw HTML in the source is not trusted: scripts, ``<iframe>``, event-handler
attributes (``onerror=``), ``style`` and links to anything but http(s), mailto and relative
URLs (so no ``javascript:``) are removed whatever the Markdown produced.

The parser is markdown-it-py (CommonMark, with GFM tables and strikethrough), chosen for its
time: it stays linear where Python-Markdown went quadratic on brackets and nested lists (issue
16, hole 4: 20,000 characters of ``[a](`` took 14 s; ``benchmarks/markdown_render.py``). The
length of what may be stored is capped too (``wsis_portal.text.TEXT_LIMITS``), so a page can
never take more than about a second to render.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "h5", "h6", "hr", "ins", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody",
    "td", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "th": {"scope", "align"},
    "td": {"align"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
# Which links stay is nh3's decision (URL_SCHEMES): the parser keeps every link as a link, so a
# ``javascript:`` one loses its href rather than showing its code as text.
_parser.validateLink = lambda url: True


def render_markdown(text: str) -> SafeString:
    """Markdown ``text`` as sanitised HTML, safe to insert into a template unescaped.

    Headings start at ``h2`` in the allow-list's spirit: ``# Title`` becomes ``<h2>`` so that a
    page keeps its single ``h1``.
    """
    if not text:
        return mark_safe("")  # noqa: S308 - empty string
    html = _parser.render(text)
    html = _demote_h1(html)
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - sanitised by nh3 just above


def _demote_h1(html: str) -> str:
    return html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")

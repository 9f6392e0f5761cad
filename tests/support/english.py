"""Finds English left on a page shown in another language: text that is not inside an
element marked ``lang="en"`` (the documents' own words are, as published) yet reads as English.

A text node (or a title, aria-label, placeholder or alt attribute) counts as English when it
holds two or more distinct English function words that no other UN language's page would use
("the", "with", "your"…): an unmarked interface text or English data without its ``lang``.

Pages in a language not written in Latin letters (Arabic, Chinese, Russian) are read more
strictly by ``latin_left``: any Latin word is flagged ("Save" alone too), except inside an
element whose ``lang`` names another language or that is marked ``translate="no"`` (a name
kept as written), inside ``code``/``kbd``/``samp``, and except what is a code rather than a
word — addresses, e-mail addresses, codes and acronyms ("C7", "SDG", "WSIS+20", "9.c"),
document symbols ("A/RES/80/173"), single letters (paragraph labels) — and the content the
test itself wrote (``content``). The window's ``<title>`` is read strictly too, less the
texts the page itself shows marked as another language's (a document's English title).

Text inside ``code``/``kbd``/``samp``/``pre`` or ``translate="no"`` (the browsable API's JSON)
is not read in either way: it is code or a name kept as written.
"""

import re
from html.parser import HTMLParser

ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "with",
        "your",
        "this",
        "is",
        "are",
        "of",
        "to",
        "for",
        "you",
        "not",
        "from",
        "by",
        "be",
        "has",
        "have",
        "will",
        "can",
        "it",
        "which",
        "been",
        "was",
        "were",
        "that",
        "its",
    ]
)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")


#: What is not a word of a language, removed before Latin words are looked for.
NOT_WORDS = re.compile(
    r"""
      (?:https?://|www\.|/)\S*                      # addresses and paths
    | \S+@\S+                                        # e-mail addresses
    | (?<![A-Za-z0-9])[A-Z][\w()+.-]*(?:/[\w()+.-]+)+  # A/RES/80/173, WSIS-05/TUNIS/DOC/6(Rev.1)-E
    | (?<![A-Za-z0-9])[A-Z][A-Z0-9]*[0-9A-Z](?:[-+._:][A-Za-z0-9]+)*\+?(?![a-z])  # C7, WSIS+20
    | (?<![A-Za-z0-9])[A-Z]\d*(?:[-/][A-Za-z0-9]+)+(?![A-Za-z0-9])  # C7-e-health, E-health
    | (?<![A-Za-z0-9])\d+(?:\.[a-z0-9]+)+(?![A-Za-z0-9])  # SDG targets 9.c, 17.18
    | (?<![A-Za-z0-9])[A-Za-z](?![A-Za-z0-9])          # paragraph letters (a), single initials
    """,
    re.VERBOSE,
)
#: Names kept in Latin letters in every language (products and formats the UN writes so).
KEPT_NAMES = frozenset(
    [
        "Excel",
        "Markdown",
        "Atom",
        "iCalendar",
        "OpenAPI",
        "ReDoc",
        "Swagger",
        "Vega",
        "Lite",
        "WebP",
        "Ctrl",
        "FreeOTP",
        "Aegis",
        "Google",
        "Microsoft",
        "Authenticator",
        "PostgreSQL",
        "Django",  # the admin's name ("Django 管理")
        "Control",  # keys named in Django's own admin texts
        "Command",
        "Mac",
        "Parquet",
        "or",  # the search syntax's operator, typed as is in every language
    ]
)
LATIN_WORD = re.compile(r"[A-Za-z\u00C0-\u024F]{2,}")
CODE_TAGS = {"code", "kbd", "samp", "pre"}


class _Finder(HTMLParser):
    def __init__(self, *, strict=False, page_lang="", content=()):
        super().__init__(convert_charrefs=True)
        self.open = []  # (tag, lang or None, translate="no")
        self.found = []
        self.strict = strict
        self.page_lang = page_lang
        self.content = sorted((c for c in content if c), key=len, reverse=True)
        self.title = ""
        self.marked = []  # texts the page shows in another language than its own

    def _lang(self, own=None):
        if own is not None:
            return own
        return next((lang for _, lang, _ in reversed(self.open) if lang is not None), "")

    def _kept(self):
        return any(kept or tag in CODE_TAGS for tag, _, kept in self.open)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        if tag == "html" and self.strict and not self.page_lang:
            self.page_lang = lang or ""
        kept = attributes.get("translate") == "no"
        for name in ATTRIBUTES:
            if attributes.get(name):
                self._check(attributes[name], f"<{tag} {name}>", self._lang(lang))
        if tag not in VOID:
            self.open.append((tag, lang, kept))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        if any(tag in ("script", "style") for tag, _, _ in self.open):
            return
        if any(tag == "title" for tag, _, _ in self.open):
            self.title += data
            return
        lang = self._lang()
        if self.strict and lang.lower() != self.page_lang.lower() and data.strip():
            self.marked.append(" ".join(data.split()))
        self._check(data, f"<{self.open[-1][0]}>" if self.open else "", lang)

    def close(self):
        super().close()
        # The window's <title> holds no markup to mark a document's English title with: read
        # strictly, less what the page shows marked as another language's (the <h1> that says
        # the same title, lang="en"). The loose reading leaves it out.
        self.open = []
        if self.strict and self.title.strip():
            rest = " ".join(self.title.split())
            for text in sorted(self.marked, key=len, reverse=True):
                rest = rest.replace(text, " ")
            self._check_latin(rest, "<title>", self.page_lang)

    def _check(self, text, where, lang):
        if lang.lower().startswith("en"):
            return
        if self._kept():
            return  # code (JSON, commands) and names kept as written, in every reading
        if self.strict:
            self._check_latin(text, where, lang)
        elif len(set(re.findall(r"[a-z]+", text.lower())) & ENGLISH_WORDS) >= 2:
            self.found.append(f"{where} {' '.join(text.split())[:120]}")

    def _check_latin(self, text, where, lang):
        if lang.lower() != self.page_lang.lower() or self._kept():
            return  # another language's words, marked as such, or a name kept as written
        rest = text
        for written in self.content:
            rest = rest.replace(written, " ")
        rest = NOT_WORDS.sub(" ", rest)
        words = [word for word in LATIN_WORD.findall(rest) if word not in KEPT_NAMES]
        if words:
            self.found.append(f"{where} {' '.join(words)[:80]} ← {' '.join(text.split())[:80]}")


def english_left(html: str) -> list[str]:
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def latin_left(html: str, content=()) -> list[str]:
    """Latin words on a page in a language written otherwise (see the module's docstring);
    ``content`` lists what the test wrote, which may be in any language."""
    finder = _Finder(strict=True, content=content)
    finder.feed(html)
    finder.close()
    return finder.found

"""Finds English left on a page shown in another language: text that is not inside an
element marked ``lang="en"`` (the documents' own words are, as published) yet reads as English.

A text node (or a title, aria-label, placeholder or alt attribute) counts as English when it
holds two or more distinct English function words that no other UN language's page would use
("the", "with", "your"…): an unmarked interface text or English data without its ``lang``.
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


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.open = []  # (tag, lang or None)
        self.found = []

    def _lang(self, own=None):
        if own is not None:
            return own
        return next((lang for _, lang in reversed(self.open) if lang is not None), "")

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        lang = attributes.get("lang")
        for name in ATTRIBUTES:
            if attributes.get(name):
                self._check(attributes[name], f"<{tag} {name}>", self._lang(lang))
        if tag not in VOID:
            self.open.append((tag, lang))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                return

    def handle_data(self, data):
        if any(tag in ("script", "style", "title") for tag, _ in self.open):
            return
        self._check(data, f"<{self.open[-1][0]}>" if self.open else "", self._lang())

    def _check(self, text, where, lang):
        if lang.lower().startswith("en"):
            return
        if len(set(re.findall(r"[a-z]+", text.lower())) & ENGLISH_WORDS) >= 2:
            self.found.append(f"{where} {' '.join(text.split())[:120]}")


def english_left(html: str) -> list[str]:
    finder = _Finder()
    finder.feed(html)
    return finder.found

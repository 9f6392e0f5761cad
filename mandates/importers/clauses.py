"""Operative clauses of a paragraph and their verbs, normalised to a small typology.

A UN paragraph may hold several requests ("Requests … ; and calls upon …", "We … and encourage
all stakeholders to …"). The UN Secretariat's mandate registry counts a mandate per clause that
assigns work to someone: this module splits a paragraph's text at each operative verb and names
the verb. Pure functions of the text, so the tests pin them on the source texts themselves.

The typology: the *mandating* verbs (decides, requests, calls upon, urges, invites, encourages,
recommends, with their "also"/"further" forms) and the others (recalls, notes, welcomes,
recognises, reaffirms, …). Resolutions write the third person ("Requests", "Also invites"),
preambles the participle ("Recalling"), the Summit and General Assembly texts the first person
("We request", "We call upon").
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy

#: Normalised verb -> the surface forms (third person, first person, participle), British
#: spelling for the key as the portal writes it. Mandating verbs first.
MANDATING_VERBS = {
    "decides": ("decides", "decide", "deciding", "resolves", "resolve", "resolving"),
    "requests": ("requests", "request", "requesting"),
    "calls_upon": (
        "calls upon",
        "call upon",
        "calling upon",
        "calls on",
        "call on",
        "calls for",
        "call, in particular, on",
    ),
    "urges": ("urges", "urge", "urging"),
    "invites": ("invites", "invite", "inviting"),
    "encourages": ("encourages", "encourage", "encouraging"),
    "recommends": ("recommends", "recommend", "recommending"),
}
OTHER_VERBS = {
    "recalls": ("recalls", "recall", "recalling"),
    "notes": ("takes note", "take note", "taking note", "notes", "note", "noting"),
    "welcomes": ("welcomes", "welcome", "welcoming"),
    "recognises": ("recognizes", "recognize", "recognizing", "recognises", "recognise"),
    "reaffirms": ("reaffirms", "reaffirm", "reaffirming"),
    "reiterates": ("reiterates", "reiterate", "reiterating"),
    "acknowledges": ("acknowledges", "acknowledge", "acknowledging"),
    "affirms": ("affirms", "affirm", "affirming", "declares", "declare", "declaring"),
    "emphasises": (
        "emphasizes",
        "emphasize",
        "emphasizing",
        "stresses",
        "stress",
        "stressing",
        "underlines",
        "underline",
        "underscores",
        "underscore",
        "highlights",
        "highlight",
    ),
    "expresses": ("expresses", "express", "expressing"),
    "commits": ("commits", "commit", "are committed", "remain committed", "pledge"),
    "considers": ("considers", "consider", "considering", "believe", "believes"),
    "commends": ("commends", "commend", "commending"),
    "supports": ("supports", "support", "supporting", "endorses", "endorse"),
    "bearing_in_mind": ("bearing in mind", "mindful", "building on", "taking into account"),
    "looks_forward": ("looks forward", "look forward", "looking forward"),
    "appreciates": ("appreciates", "appreciate", "appreciating"),
}
VERB_LABELS = {
    "decides": gettext_lazy("decides"),
    "requests": gettext_lazy("requests"),
    "calls_upon": gettext_lazy("calls upon"),
    "urges": gettext_lazy("urges"),
    "invites": gettext_lazy("invites"),
    "encourages": gettext_lazy("encourages"),
    "recommends": gettext_lazy("recommends"),
    "recalls": gettext_lazy("recalls"),
    "notes": gettext_lazy("notes"),
    "welcomes": gettext_lazy("welcomes"),
    "recognises": gettext_lazy("recognises"),
    "reaffirms": gettext_lazy("reaffirms"),
    "reiterates": gettext_lazy("reiterates"),
    "acknowledges": gettext_lazy("acknowledges"),
    "affirms": gettext_lazy("affirms / declares"),
    "emphasises": gettext_lazy("emphasises / stresses"),
    "expresses": gettext_lazy("expresses"),
    "commits": gettext_lazy("commits"),
    "considers": gettext_lazy("considers"),
    "commends": gettext_lazy("commends"),
    "supports": gettext_lazy("supports"),
    "bearing_in_mind": gettext_lazy("bearing in mind"),
    "looks_forward": gettext_lazy("looks forward"),
    "appreciates": gettext_lazy("appreciates"),
    "should": gettext_lazy("should (a request in the third person)"),
    "other": gettext_lazy("other"),
}
VERB_CHOICES = list(VERB_LABELS.items())
MANDATING = frozenset(MANDATING_VERBS)

_FORMS = sorted(
    ((form, key) for key, forms in (MANDATING_VERBS | OTHER_VERBS).items() for form in forms),
    key=lambda pair: -len(pair[0]),
)
_FORM_KEY = {form: key for form, key in _FORMS}
_VERB = "|".join(re.escape(form).replace(r"\ ", r"\s+") for form, _ in _FORMS)
_ADVERBS = (
    r"(?:(?:also|further|again|once\s+again|strongly|therefore|hereby|further\s+also"
    r"|also\s+further|in\s+this\s+regard|in\s+this\s+context|equally|moreover|"
    r"accordingly|furthermore|firmly|fully|and)[,]?\s+)*"
)
#: How a clause opens: "We" (perhaps after "At the national level, "), or nothing, adverbs,
#: then the verb.
CLAUSE_OPENING = re.compile(
    r"^[\s\"“(—-]*(?:(?:[^;:]{0,120}?,\s+)?we\s+"
    r"|(?:Further|Also|In this regard|In this context),?\s+)?"
    + _ADVERBS
    + r"(?P<verb>"
    + _VERB
    + r")\b",
    re.IGNORECASE,
)
#: Where a second operative verb starts a clause inside a sentence: after ";", or after
#: ", and" / " and", with "we" or an adverb allowed before it. Only mandating verbs split a
#: sentence: "and notes" is too often a noun phrase to cut on.
_MANDATING_FORMS = "|".join(
    re.escape(form).replace(r"\ ", r"\s+")
    for form, key in _FORMS
    if key in MANDATING and not form.endswith("ing") and form not in ("resolve", "resolves")
)
INNER_SPLIT = re.compile(
    r"(?:;\s+(?:and\s+)?|,\s+and\s+|\s+and\s+(?=(?:we|also|further)\s))"
    r"(?=(?:we\s+)?" + _ADVERBS + r"(?:" + _MANDATING_FORMS + r")\b)",
    re.IGNORECASE,
)
#: A sentence boundary: ". " followed by a capital letter (abbreviations such as "No." or
#: "resolution 70/125." before a capital are rare in operative text and still end a clause).
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"])")


@dataclass(frozen=True)
class ParsedClause:
    text: str
    verb: str

    @property
    def is_mandating(self) -> bool:
        return self.verb in MANDATING


def clause_verb(text: str) -> str:
    """The normalised operative verb a clause opens with, or ``"other"``."""
    match = CLAUSE_OPENING.match(text)
    if match is None:
        return "other"
    form = re.sub(r"\s+", " ", match.group("verb").lower())
    return _FORM_KEY.get(form, "other")


def split_clauses(text: str) -> list[ParsedClause]:
    """The operative clauses of a paragraph, in order.

    A clause starts at the paragraph's start, at each sentence that opens with an operative
    verb, and at each mandating verb joined on by ";" or "and" ("…; and requests the
    Secretary-General…"). A sentence without a verb of its own continues the clause before it,
    so the text of the clauses, joined, is the paragraph's.
    """
    text = text.strip()
    if not text:
        return []
    pieces: list[str] = []
    for sentence in SENTENCE_SPLIT.split(text):
        if pieces and clause_verb(sentence) == "other":
            pieces[-1] = f"{pieces[-1]} {sentence}"
            continue
        start = 0
        for match in INNER_SPLIT.finditer(sentence):
            piece = sentence[start : match.start()].strip()
            if piece:
                pieces.append(piece)
            start = match.end()
        pieces.append(sentence[start:].strip())
    clauses = [ParsedClause(text=piece, verb=clause_verb(piece)) for piece in pieces if piece]
    return clauses

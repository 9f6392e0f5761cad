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
    "requests": ("requests", "request", "requesting", "asks", "ask"),
    "calls_upon": (
        "calls upon",
        "call upon",
        "calling upon",
        "calls on",
        "call on",
        "calls for",
        "call for",
        "calling for",
        "call, in particular, on",
    ),
    "urges": ("urges", "urge", "urging"),
    "invites": ("invites", "invite", "inviting"),
    "encourages": ("encourages", "encourage", "encouraging"),
    "recommends": ("recommends", "recommend", "recommending", "advocates", "advocate"),
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
#: A list item's label at the start of a clause: "a) ", "(a) ", "i. ".
ITEM_LABEL = r"(?:\(?[a-z]\)|[ivx]{1,4}\.)\s+"
#: An aside before a third-person verb: "in line with Sustainable Development Goal 5 …, calls
#: upon"; "while recognizing excellence …, encourages".
_ASIDE = r"(?:in\s+line\s+with|in\s+accordance\s+with|while)\b[^;:]{0,200}?,\s+"
#: How a clause opens: "We" (perhaps after "At the national level, " or a participle phrase
#: such as "Taking into consideration …, "), "We agree, inter alia, to", or an aside, or
#: nothing, then adverbs, then the verb. A list item's label comes first.
CLAUSE_OPENING = re.compile(
    r"^[\s\"“(—-]*(?:" + ITEM_LABEL + r")?"
    r"(?:(?:(?!we\b)[^;:]{0,300}?,\s+)?we\s+(?:agree,?\s+(?:inter\s+alia,\s+)?to\s+)?"
    r"|(?:Further|Also|In this regard|In this context),?\s+"
    r"|" + _ASIDE + r")?" + _ADVERBS + r"(?P<verb>" + _VERB + r")\b",
    re.IGNORECASE,
)
#: Where a second operative verb starts a clause inside a sentence: after ";", after
#: ", and" / " and" with "we" or an adverb ("and further requests"), after ", accordingly" or
#: ", therefore", after ", and," and an aside ("…, and, in line with Goal 5 …, calls upon"),
#: and after a bare " and" when a body follows the verb ("We note … and encourage countries
#: that …"). Only mandating verbs split a sentence: "and notes" is too often a noun phrase.
_MANDATING_FORMS = "|".join(
    re.escape(form).replace(r"\ ", r"\s+")
    for form, key in _FORMS
    if key in MANDATING
    and not form.endswith("ing")
    and form not in ("resolve", "resolves", "ask", "asks", "advocate", "advocates")
)
_NEXT_VERB = r"(?:we\s+)?" + _ADVERBS + r"(?:" + _MANDATING_FORMS + r")\b"
#: Who a bare "and encourage" addresses: a capitalised name, or a body of people.
_ADDRESSEE_START = (
    r"(?:(?:all|the|those|other|relevant|interested)\s+)*"
    r"(?:(?-i:[A-Z])|them\b|governments\b|countries\b|stakeholders\b|States\b|international\b"
    r"|regional\b|intergovernmental\b|donors?\b|multilateral\b|private\b|civil\b|developed\b"
    r"|developing\b|action\s+line\b)"
)
INNER_SPLIT = re.compile(
    r"(?:;\s+(?:and\s+)?|,\s+and\s+|\s+and\s+(?=(?:we|also|further)\s)"
    r"|,\s+(?=(?:accordingly|therefore)\b))(?=" + _NEXT_VERB + r")"
    r"|,\s+and,\s+(?=" + _ASIDE + _NEXT_VERB + r")"
    r"|(?:\s+and|(?P<comma>,))\s+(?=(?:"
    + _MANDATING_FORMS
    + r")\s+"
    + _ADDRESSEE_START
    + r"[^;.]{0,200}?\bto\s+[a-z])",
    re.IGNORECASE,
)
#: A sentence boundary: ". " followed by a capital letter (abbreviations such as "No." or
#: "resolution 70/125." before a capital are rare in operative text and still end a clause).
SENTENCE_SPLIT = re.compile(
    r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z“\"])"
    r"|(?<=[a-z]{4}\.)\s+(?=(?:urge|encourage|invite|request|call\s+upon)\s)"
)
#: A sentence without an operative verb that says what named bodies should do ("In this
#: regard, governments and other stakeholders should work together …") starts a clause.
SHOULD_SENTENCE = re.compile(
    r"^[^.;]{0,120}?\b(?:governments|countries|stakeholders|organi[sz]ations|States|agencies"
    r"|[Cc]ommissions?|Secretary-General|ITU|UNESCO|UNDP|UNGIS|private sector|civil society)\b"
    r"[^.;]{0,120}?\bshould\s+(?!be\b|not\b)"
)
#: Where a list item starts: a new line opening with its label.
ITEM_START = re.compile(r"\n(?=" + ITEM_LABEL + r")")
#: A list item that asks something in the third person ("g) Multilateral … organizations
#: should consider …", "d) Each country is encouraged to establish …").
ITEM_REQUEST = re.compile(
    r"\b(?:should|may)\s+(?!be\b|not\b|wish\b)(?:also\s+)?(?:continue\s+to\s+)?[a-z]+"
    r"|\b(?:is|are)\s+(?:also\s+)?(?:encouraged|invited|urged|requested|called\s+upon)\s+to\b"
)


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

    A list's items are clauses of their own when they ask things one by one: after a mandating
    lead when an item opens with a verb of its own ("We recommend …, including: … ii.
    encouraging ITU to continue the study …"; "Calls upon … and therefore: (a) Encourages
    Member States …"), or after a lead without a verb ("At the regional level:") when an item
    says what someone should do. Items that describe (the mandate of the Forum, the
    prerequisites the Summit acknowledges) stay with their lead.
    """
    text = text.strip()
    if not text:
        return []
    blocks = ITEM_START.split(text)
    if len(blocks) > 1 and _items_are_clauses(blocks[0], blocks[1:]):
        pieces = [piece for block in blocks for piece in _split_block(block)]
    else:
        pieces = _split_block(text)
    return [ParsedClause(text=piece, verb=clause_verb(piece)) for piece in pieces if piece]


def _items_are_clauses(lead: str, items: list[str]) -> bool:
    lead_verb = clause_verb(_split_block(lead)[-1]) if lead.strip() else "other"
    if lead_verb in MANDATING:
        return any(clause_verb(item) != "other" for item in items)
    if lead_verb == "other":
        return any(ITEM_REQUEST.search(item) for item in items)
    return False


def _split_block(text: str) -> list[str]:
    pieces: list[str] = []
    for sentence in SENTENCE_SPLIT.split(text.strip()):
        starts_request = (
            bool(pieces) and clause_verb(pieces[-1]) != "other" and SHOULD_SENTENCE.match(sentence)
        )
        if pieces and clause_verb(sentence) == "other" and not starts_request:
            pieces[-1] = f"{pieces[-1]} {sentence}"
            continue
        start = 0
        for match in INNER_SPLIT.finditer(sentence):
            if match.group("comma") and clause_verb(sentence[start : match.start()]) == "other":
                continue  # "in line with Goal 5 …, calls upon": the aside is the clause's own
            piece = sentence[start : match.start()].strip()
            if piece:
                pieces.append(piece)
            start = match.end()
        pieces.append(sentence[start:].strip())
    return [piece for piece in pieces if piece]

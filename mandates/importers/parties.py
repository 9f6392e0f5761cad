# ruff: noqa: E501  (the spellings of bodies are kept one regex a line, as the texts write them)
"""Who a mandating clause asks to act, with whom, and to whom it reports (issue 13, item 2).

Pure functions of the text, pinned on the source texts by the tests. A clause such as

    We request the Partnership on Measuring ICT for Development, in cooperation with action
    line facilitators and with the support of the Statistical Commission, to conduct a
    systematic review …, and to report its findings to the Commission on Science and
    Technology for Development at its thirtieth session, in 2027.

gives four parties: the Partnership (*addressee*: must act), the facilitators and the
Statistical Commission (*partners*: "in cooperation with", "with the support of"), and the
CSTD (*report to*, thirtieth session, 2027). "X, as the secretariat of Y" makes Y a
*secretariat* party (the addressee acts as its secretariat), not an addressee.

Bodies are keys of ``BODIES``: the portal's organisations (``actionlines.reference``), the
bodies and groups the texts name that the portal does not know (Member States, all
stakeholders, "other regional organizations", the internal task force …), and two groups the
importer resolves to their members: ``FACILITATORS`` (the facilitators of the lines
concerned) and ``LEAD_FACILITATORS``. A phrase that names no body the directory knows, but
reads like one ("the organizations responsible for essential tasks …"), is kept as a body of
its own (``ParsedParty.body`` starts with ``UNLISTED``), never dropped.
"""

import re
from dataclasses import dataclass, field

from actionlines.models import Organization
from actionlines.reference import ORGANIZATIONS

from .clauses import CLAUSE_OPENING, ITEM_LABEL, ParsedClause

K = Organization.Kind
FACILITATORS = "action line facilitators"
LEAD_FACILITATORS = "lead action line facilitators"
REGIONAL_COMMISSIONS = "UN Regional Commissions"
UNLISTED = "unlisted:"

#: The five UN Regional Commissions, which "regional commissions" resolves to.
REGIONAL_COMMISSION_MEMBERS = {
    "ECA": "Economic Commission for Africa",
    "ECE": "Economic Commission for Europe",
    "ECLAC": "Economic Commission for Latin America and the Caribbean",
    "ESCAP": "Economic and Social Commission for Asia and the Pacific",
    "ESCWA": "Economic and Social Commission for Western Asia",
}

#: Bodies and groups beyond the reference directory: key -> (name, kind, patterns).
OTHER_BODIES: dict[str, tuple[str, str, list[str]]] = {
    "Member States": (
        "Member States",
        K.STATES,
        [
            r"(?:all |willing )?Member[- ]States",
            r"\ball States\b",
            r"\b(?:all |interested )?countries\b",
            r"\b(?:all )?[Gg]overnments\b",
            r"\beach country\b",
            r"(?<![\w-])Government(?=,\s)",
        ],
    ),
    "All stakeholders": (
        "All stakeholders",
        K.STAKEHOLDERS,
        [
            r"\b(?:all |other |relevant |all relevant |all other )*(?:WSIS |World Summit )?stakeholders\b"
        ],
    ),
    "Private sector": (
        "Private sector",
        K.STAKEHOLDERS,
        [
            r"\bprivate sector\b",
            # Tunis Agenda ¶50 f), g): the operators negotiating interconnection costs.
            r"\bISPs and other parties\b",
            r"\brelevant parties(?= to commercially negotiate)",
        ],
    ),
    "Civil society": ("Civil society", K.STAKEHOLDERS, [r"\bcivil society\b"]),
    "International community": (
        "International community",
        K.STATES,
        [r"\binternational community\b"],
    ),
    "Development partners": (
        "Development partners",
        K.OTHER,
        [
            r"\bdevelopment partners\b",
            r"\bmultilateral development banks(?: and institutions)?\b",
            r"\bbilateral public donors\b",
            r"\bdonor programmes\b",
            r"\bmultilateral, regional and bilateral development organi[sz]ations\b",
        ],
    ),
    "International organizations": (
        "International organizations",
        K.OTHER,
        [
            r"\b(?:[Rr]elevant )?[Ii]nternational(?: and (?:intergovernmental|regional))? organi[sz]ations\b",
            r"\b(?:other )?intergovernmental organi[sz]ations\b",
            r"\bmultilateral institutions\b",
            r"\bother relevant (?:institutions|organi[sz]ations(?: and forums)?)\b",
            r"\b(?:all |the same )?relevant organi[sz]ations\b",
        ],
    ),
    "Regional organizations": (
        "Regional organizations",
        K.REGIONAL,
        [r"\b(?:other )?regional(?: intergovernmental)? organi[sz]ations\b"],
    ),
    "UN system entities": (
        "United Nations system entities",
        K.UN_AGENCY,
        [
            r"\b(?:all )?(?:relevant )?(?:United Nations|UN)(?: system)? (?:entities|agencies|organi[sz]ations|bodies)\b",
            r"\b(?:the )?(?:United Nations|UN) system\b(?! Chief| capacit| entit| agenc)",
            r"\b[Ee]ach UN agency\b",
            r"\bUnited Nations and other relevant organi[sz]ations\b",
        ],
    ),
    "Secretary-General of the Summit": (
        "Secretary-General of the Summit",
        K.UN_SECRETARIAT,
        [r"Secretary-General of the Summit"],
    ),
    "Internal task force": (
        "Internal task force on financial mechanisms (A/RES/80/173 ¶67)",
        K.UN_SECRETARIAT,
        [r"\binternal task force\b"],
    ),
    "Global Dialogue on AI Governance": (
        "Global Dialogue on Artificial Intelligence Governance",
        K.FORUM,
        [r"Global Dialogue on Artificial Intelligence Governance"],
    ),
    "CEB": (
        "United Nations System Chief Executives Board for Coordination",
        K.UN_SECRETARIAT,
        [r"Chief Executives Board(?: for coordination)?(?: \(CEB\))?"],
    ),
    "Universal Periodic Review": (
        "Universal Periodic Review",
        K.UN_BODY,
        [r"Universal Periodic Review"],
    ),
    "Internet organizations": (
        "Organizations responsible for essential tasks associated with the Internet",
        K.OTHER,
        [r"organizations responsible for essential tasks associated with the Internet"],
    ),
}

#: Other spellings of the reference directory's organisations, beyond name and acronym.
ALIASES = {
    "PMICT": [
        r"Partnership on Measuring (?:ICT|Information and Communications Technology) for Development"
    ],
    "IAWG-AI": [r"Inter-Agency Working Group on Artificial Intelligence"],
    "WSIS Forum": [r"World Summit on the Information Society Forum"],
    "UN-Women": [
        r"United Nations Entity for Gender Equality and the Empowerment of Women(?: \(UN-Women\))?"
    ],
    "Statistical Commission": [r"(?:United Nations )?Statistical Commission"],
    "UNGA": [
        r"(?:United Nations |UN )?General Assembly(?: of the United Nations)?(?: \(UNGA\))?",
        r"\bUNGA\b",
        r"\bUN GA\b",
    ],
    "UN Secretary-General": [r"(?:United Nations |UN )?Secretary[- ]General(?! of the Summit)"],
    "CSTD": [
        r"Commission on Science and Technology for Development(?: \(CSTD\))?",
        r"(?<=the )Commission\b(?! on| for)",
    ],
    "ECOSOC": [r"(?<=the )Council\b"],
    "UNGIS": [
        r"United Nations Group on the Information Society",
        r"\b(?:other )?members of the Group\b",
        r"\bUN [Gg]roup on (?:the )?Information Society\b",
    ],
    "IGF": [r"Internet Governance Forum"],
}
GROUP_PATTERNS = {
    LEAD_FACILITATORS: [r"\bleading (?:action line )?facilitators\b"],
    FACILITATORS: [
        r"\b(?:all |the |corresponding )*(?:World Summit |WSIS )?action line facilitators\b",
        r"\bcorresponding facilitators\b",
        r"\b(?:all )?(?:United Nations|UN) (?:system )?entities facilitating the (?:World Summit |WSIS )?action lines\b",
        r"\bmoderators/ ?facilitators of action lines\b",
        r"\ball action lines and action line facilitators\b",
    ],
    REGIONAL_COMMISSIONS: [r"\b(?:United Nations |UN )?[Rr]egional [Cc]ommissions\b"],
}
#: "the Forum": the forum last named before it (the paragraph, its section, the paragraph
#: before), the IGF when none is.
FORUM = re.compile(r"(?<=the )Forum\b")
FORUMS = re.compile(
    r"Internet Governance Forum|\bIGF\b|WSIS Forum|World Summit on the Information Society Forum"
)


def body_names() -> dict[str, tuple[str, str]]:
    """Every body key the extraction can give -> (name, kind), groups included."""
    names = {acronym: (name, kind) for acronym, (name, kind) in ORGANIZATIONS.items()}
    names |= {key: (name, kind) for key, (name, kind, _) in OTHER_BODIES.items()}
    names |= {key: (name, K.REGIONAL) for key, name in REGIONAL_COMMISSION_MEMBERS.items()}
    return names


def _compile_patterns() -> list[tuple[str, re.Pattern]]:
    patterns = []
    for key, spellings in GROUP_PATTERNS.items():
        patterns.append((key, re.compile("|".join(spellings), re.IGNORECASE)))
    for acronym, (name, _kind) in ORGANIZATIONS.items():
        if acronym == REGIONAL_COMMISSIONS:
            continue
        spellings = [re.escape(name), r"(?<![\w-])" + re.escape(acronym) + r"(?![\w-])"]
        patterns.append((acronym, re.compile("|".join(spellings + ALIASES.get(acronym, [])))))
    for key, (_name, _kind, spellings) in OTHER_BODIES.items():
        # Case-blind: a sentence may open with them ("Multilateral development banks …").
        patterns.append((key, re.compile("|".join(spellings), re.IGNORECASE)))
    for key, name in REGIONAL_COMMISSION_MEMBERS.items():
        patterns.append((key, re.compile(re.escape(name) + r"|(?<![\w-])" + key + r"(?![\w-])")))
    return patterns


PATTERNS = _compile_patterns()


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    body: str
    text: str


def bodies_in(text: str, *, forum: str = "IGF") -> list[Mention]:
    """The bodies named in ``text``, in order; a name inside a longer one counts as the longer
    ("World Summit on the Information Society Forum" is the WSIS Forum, not the Forum)."""
    found = []
    for key, pattern in PATTERNS:
        for match in pattern.finditer(text):
            found.append(Mention(match.start(), match.end(), key, match.group(0)))
    for match in FORUM.finditer(text):
        found.append(Mention(match.start(), match.end(), forum, match.group(0)))
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    mentions, covered_until = [], -1
    for mention in found:
        if mention.start < covered_until:
            continue
        covered_until = mention.end
        mentions.append(mention)
    return mentions


def forum_in(context: str) -> str:
    """The forum "the Forum" stands for: the last one named in ``context``, else the IGF."""
    named = FORUMS.findall(context)
    if named and ("WSIS" in named[-1] or "World Summit" in named[-1]):
        return "WSIS Forum"
    return "IGF"


@dataclass
class ParsedParty:
    role: str
    body: str
    text: str
    session: str = ""
    year: int | None = None


@dataclass
class ParsedMandate:
    """One mandate: a mandating clause with at least one addressee."""

    clause_order: int
    verb: str
    text: str
    addressee_text: str
    parties: list[ParsedParty] = field(default_factory=list)

    def bodies(self, role: str) -> list[str]:
        return [p.body for p in self.parties if p.role == role]

    @property
    def report_to(self) -> ParsedParty | None:
        return next((p for p in self.parties if p.role == "report_to"), None)


#: Where the addressee phrase ends: "…, to <verb>" (not "to the …", "to all …").
TO_VERB = re.compile(
    r",?\s+to\s+(?!(?:the|a|an|all|their|its|this|these|those|that|such|any|each|every|"
    r"developing|mutually|national|international)\b)[a-z]+\b"
)
#: "in coordination with X", "with the support of X", "working with X" …: X is a partner.
PARTNER = re.compile(
    r"\b(?:in (?:close )?(?:coordination|consultation|cooperation|collaboration|partnership)"
    r" with|with the (?:full |active )?(?:support|involvement|participation|assistance) of"
    r"|working (?:closely )?with|together with|jointly with)\s+",
    re.IGNORECASE,
)
SECRETARIAT = re.compile(r"\bas (?:the )?secretariat (?:of|for)\s+", re.IGNORECASE)
#: Where a partner or secretariat phrase ends.
PHRASE_END = re.compile(r",|;|:|\.(?:\s|$)|\s+and\s+(?:with|to|in)\b|\s+to\s+[a-z]+\b|$")
REPORT = re.compile(r"\b(?:report\w*|present\w*|submit\w*)\b", re.IGNORECASE)
REPORT_TO = re.compile(
    r"(?:\bto|\bat|\bbefore)\s+(?:the\s+|its\s+)?(?:inaugural\s+|next\s+|first\s+)?$"
)
SESSION = re.compile(r"^[^.;]{0,60}?\bat its (?P<session>[\w-]+) session")
YEAR = re.compile(r"^[^.;]{0,120}?\b(?:in|by|of)\s+(?:\w+\s+)?(?P<year>(?:19|20)\d\d)\b")
#: Passive that-clauses: "that … be integrated, as appropriate, by the corresponding
#: facilitators".
PASSIVE_AGENT = re.compile(r"\bbe\s+\w+ed\b(?:,[^,]{0,40},)?\s+by\s+(?:the\s+)?")
LEADING = re.compile(
    r"^(?:[\s,]|the\s|all\s|those\s|also\s|in particular\s|further\s|developing\s|developed\s|,)*",
    re.IGNORECASE,
)
#: A phrase that reads like bodies the directory does not know.
UNLISTED_BODY = re.compile(
    r"^(?:the |all |other |relevant )*(?:[A-Za-z-]+ ){0,4}(?:organi[sz]ations|entities|agencies|"
    r"bodies|institutions|partners|parties|banks|donors|forums|platforms)\b[^,;]{0,80}"
)


def _spans(clause: str, marker: re.Pattern) -> list[tuple[int, int]]:
    spans = []
    for match in marker.finditer(clause):
        end = PHRASE_END.search(clause, match.end())
        spans.append((match.end(), end.start() if end else len(clause)))
    return spans


def _inside(mention: Mention, spans) -> bool:
    return any(start <= mention.start < end for start, end in spans)


def report_parties(clause: str, mentions: list[Mention]) -> list[ParsedParty]:
    """The body reported to (first "report/present/submit … to/at <body>"), its session and
    year."""
    for report in REPORT.finditer(clause):
        window_end = (
            min([m.start() for m in re.finditer(r"[.;]", clause[report.end() :])] + [250])
            + report.end()
        )
        for mention in mentions:
            if not report.end() <= mention.start < window_end:
                continue
            if not REPORT_TO.search(clause[report.end() : mention.start]):
                continue
            after = clause[mention.end :]
            session = SESSION.match(after)
            year = YEAR.match(after)
            return [
                ParsedParty(
                    "report_to",
                    mention.body,
                    mention.text,
                    session=session.group("session") if session else "",
                    year=int(year.group("year")) if year else None,
                )
            ]
    return []


def parse_clause(
    clause: ParsedClause,
    *,
    order: int,
    before: str = "",
    context: str = "",
    previous: ParsedMandate | None = None,
    item_of: str = "",
) -> ParsedMandate | None:
    """The mandate a mandating clause gives, or None when it names no one to act.

    ``before`` is the paragraph's text before the clause ("We call upon them": the bodies of
    the sentence before); ``context`` the section heading and the paragraph before ("the
    Forum"); ``previous`` the mandate of the clause before in the same paragraph ("We
    further request that the work be completed": the same addressees).
    """
    if not clause.is_mandating:
        return None
    text = clause.text
    if item_of:
        # An item of a list a mandating clause introduces ("we furthermore advocate: i.
        # developing countries to increase …"): the item names who acts, the lead the verb.
        opening = re.match(r"^\s*" + ITEM_LABEL + r"(?P<verb>)", text)
    else:
        opening = CLAUSE_OPENING.match(text)
    if opening is None:
        return None
    forum = forum_in(" ".join([context, before, text[: opening.end()]]))
    mentions = bodies_in(text, forum=forum)
    reports = report_parties(text, mentions)
    report_spans = [(m.start, m.end) for m in mentions if reports and m.text == reports[0].text]
    partner_spans = _spans(text, PARTNER)
    secretariat_spans = _spans(text, SECRETARIAT)
    rest_start = opening.end()
    rest = text[rest_start:]

    addressees: list[Mention] = []
    phrase = ""
    that = re.match(r"\s*,?\s*(?:further\s+|also\s+)?that\b[\s,]*", rest)
    if that:
        subject_start = rest_start + that.end()
        # Skip a leading aside: "that, as an outcome of the World Summit 20-year review, …".
        aside = re.match(r"(?:as|in|at|to) [^,]{0,80},\s*", text[subject_start:])
        if aside:
            subject_start += aside.end()
        candidates = [m for m in mentions if (m.start, m.end) not in report_spans]
        first = next((m for m in candidates if m.start >= subject_start), None)
        if first and LEADING.fullmatch(text[subject_start : first.start]):
            addressees = _contiguous(text, candidates, first)
        else:
            agent = PASSIVE_AGENT.search(text, subject_start)
            if agent:
                first = next((m for m in candidates if m.start == agent.end()), None)
                if first:
                    addressees = _contiguous(text, candidates, first)
        phrase = (
            text[addressees[0].start : addressees[-1].end]
            if addressees
            else text[subject_start:].split(",")[0].strip()
        )
    else:
        end = TO_VERB.search(rest)
        phrase = rest[: end.start()] if end else ""
        if len(phrase) > 400:
            phrase = ""
        phrase_end = rest_start + len(phrase)
        lead = LEADING.match(phrase)
        if re.match(r"them\b", phrase[lead.end() :]):
            sentences = re.split(r"(?<=\.)\s+", before.strip())
            last = sentences[-1] if sentences else ""
            addressees = [m for m in bodies_in(last, forum=forum)]
        in_phrase = [
            m
            for m in mentions
            if rest_start <= m.start < phrase_end
            and not _inside(m, partner_spans)
            and not _inside(m, secretariat_spans)
            and (m.start, m.end) not in report_spans
        ]
        if in_phrase and (addressees or LEADING.fullmatch(text[rest_start : in_phrase[0].start])):
            addressees += _contiguous(text, in_phrase, in_phrase[0])
        elif not addressees and phrase and (unlisted := UNLISTED_BODY.match(phrase[lead.end() :])):
            name = unlisted.group(0).strip()
            addressees = [Mention(0, 0, UNLISTED + name, name)]
        phrase = phrase.strip(" ,")

    if not addressees and not that and not item_of and CALL_FOR.match(opening.group("verb")):
        # "We call for a review … by the UN GA", "call for the continuation of the work of
        # UNGIS", "call for concerted action by all stakeholders": the agent is asked.
        for mention in mentions:
            window = text[rest_start : mention.start]
            if len(window) < 250 and "." not in window and CALL_FOR_AGENT.search(window):
                addressees = _contiguous(text, mentions, mention)
                phrase = text[mention.start : addressees[-1].end]
                break
    if clause.verb == "decides" and re.search(r"\bshall be\b", text):
        return None  # a decision about a body ("the Forum shall be made permanent"), no request
    inherited = False
    if not addressees and previous is not None and that:
        inherited = True
    elif not addressees:
        return None

    parties: list[ParsedParty] = []

    def add(role, body, named, **extra):
        if not any(p.role == role and p.body == body for p in parties):
            parties.append(ParsedParty(role, body, named, **extra))

    if inherited:
        for party in previous.parties:
            if party.role != "report_to":
                add(party.role, party.body, party.text)
    for mention in addressees:
        add("addressee", mention.body, mention.text)
    # An aside before the verb ("Taking into consideration the leading role of governments in
    # partnership with other stakeholders …, we encourage …") names no partner of the request.
    after_verb = [m for m in mentions if m.start >= opening.start("verb")]
    for mention in after_verb:
        if _inside(mention, secretariat_spans):
            add("secretariat", mention.body, mention.text)
    for mention in after_verb:
        if _inside(mention, partner_spans) and mention.body not in {
            p.body for p in parties if p.role == "addressee"
        }:
            add("partner", mention.body, mention.text)
    for party in reports:
        add(party.role, party.body, party.text, session=party.session, year=party.year)
    return ParsedMandate(
        clause_order=order,
        verb=clause.verb,
        text=text,
        addressee_text=(previous.addressee_text if inherited else phrase)[:500],
        parties=_with_both_kinds(parties),
    )


def _with_both_kinds(parties: list[ParsedParty]) -> list[ParsedParty]:
    """ "International and regional organizations" names two kinds of body: each gets its row."""
    result: list[ParsedParty] = []
    for party in parties:
        result.append(party)
        both = party.body == "International organizations" and re.search(
            r"\band regional\b", party.text, re.IGNORECASE
        )
        if both and not any(
            p.role == party.role and p.body == "Regional organizations" for p in parties
        ):
            result.append(ParsedParty(party.role, "Regional organizations", party.text))
    return result


CALL_FOR = re.compile(r"calls?\s+for$|calling\s+for$", re.IGNORECASE)
CALL_FOR_AGENT = re.compile(r"\b(?:by|through|of the work of)\s+(?:the\s+|all\s+)*$")


LIST_GAP = re.compile(
    r"[\s,]*(?:including\s+|in particular\s+)?(?:and\s+|or\s+|as well as\s+)?"
    r"(?:the\s+|all\s+|other\s+)*"
)


def _contiguous(text: str, mentions: list[Mention], first: Mention) -> list[Mention]:
    """``first`` and the bodies listed right after it ("UNGIS and all relevant UN entities,
    action line facilitators, the CSTD and the WSIS Forum")."""
    chosen = [first]
    for mention in mentions:
        if mention.start <= chosen[-1].start:
            continue
        gap = text[chosen[-1].end : mention.start]
        if LIST_GAP.fullmatch(gap):
            chosen.append(mention)
        else:
            break
    return chosen


#: "<bodies> should (continue to) <verb>": a request in the Summit's third person (Tunis
#: Agenda ¶101, ¶102, ¶107, ¶109). A passive ("should be used") asks nothing of its subject.
SHOULD = re.compile(
    r"(?P<subject>[^.;:\n]{2,250}?)\s+(?P<modal>should|may(?! wish| be| not| also be)"
    r"|(?:is|are)\s+(?:also\s+)?(?:encouraged|invited|urged|requested|called\s+upon)\s+to)\s+"
    r"(?:continue\s+to\s+)?(?P<verb>[a-z]+)\b"
)
PASSIVE_BY = re.compile(
    r"\b(?:should|shall)\s+be\s+\w+(?:ed|en)\s+(?:in|by)\s+(?:the\s+|all\s+|a\s+)?"
)
AUSPICES = re.compile(r"[A-Z][\w -]{0,40}? under the auspices of (?:the )?")
#: "Each country is encouraged to establish …": the passive's verb in the typology.
PASSIVE_VERBS = {
    "encouraged": "encourages",
    "invited": "invites",
    "urged": "urges",
    "requested": "requests",
    "called": "calls_upon",
}
SHOULD_PIECES = re.compile(r"(?<=[.;:])\s+|\n(?:[a-z]\)\s*)?")
#: Words that open an aside in a subject ("Upon request from governments, …", "…, based on
#: request of Member States, …"): the bodies named there do not act.
ASIDE_OPENERS = {
    "upon", "based", "using", "within", "in", "at", "with", "through", "when", "where", "as",
    "pursuant", "including", "therefore", "moreover", "furthermore", "however", "also", "and",
    "to", "for", "by", "on", "under", "following", "while", "if",
}  # fmt: skip
#: "These three agencies": the bodies the sentence before names.
BACK_REFERENCE = re.compile(
    r"^(?:These|Those|The)\s+(?:two|three|four|five\s+)?\s*(?:agencies|organizations|bodies|entities)\b"
)


def parse_should(clause: ParsedClause, *, order: int, forum: str = "IGF") -> ParsedMandate | None:
    """The mandate of a clause without an operative verb that says what bodies "should" do
    ("These three agencies should play leading facilitating roles … and organize a meeting of
    moderators/facilitators"), or None. Its verb is ``should``."""
    parties: list[ParsedParty] = []
    subjects: list[str] = []
    previous_piece = ""
    verb = ""

    def add(role, body, named):
        if not any(p.role == role and p.body == body for p in parties):
            parties.append(ParsedParty(role, body, named))

    for piece in SHOULD_PIECES.split(clause.text):
        match = SHOULD.match(re.sub(r"^\s*" + ITEM_LABEL, "", piece))
        agent = PASSIVE_BY.search(piece)
        if agent and (match is None or match.group("verb") == "be"):
            # "Additional steps should be taken in ITU and other regional organizations …",
            # "… should be encouraged by all countries by 2005", "This review shall be
            # conducted by a Task Force under the auspices of the Secretary-General": the agent
            # (or the body it works under) is asked.
            mentions = bodies_in(piece, forum=forum)
            first = next(
                (
                    m
                    for m in mentions
                    if m.start == agent.end()
                    or (m.start > agent.end() and AUSPICES.fullmatch(piece[agent.end() : m.start]))
                ),
                None,
            )
            if first is not None:
                for mention in _contiguous(piece, mentions, first):
                    add("addressee", mention.body, mention.text)
                subjects.append(piece[first.start : first.end])
                verb = verb or "should"
            previous_piece = piece
            continue
        if match is None or match.group("verb") in ("be", "not"):
            previous_piece = piece
            continue
        subject = ", ".join(
            part.strip()
            for part in match.group("subject").split(",")
            if part.strip() and part.split()[0].lower() not in ASIDE_OPENERS
        )
        if match["modal"] == "may" and re.match(r"we\b", subject, re.IGNORECASE):
            previous_piece = piece  # "We are concerned that divides … may exacerbate …"
            continue
        subject = re.sub(r"^.*?\bthat\s+", "", subject)  # "we reiterate that ITU …"
        if re.search(r"\b(?:has|have|had)\b", subject):
            # "The private sector has had, and should continue to have, an important role":
            # a role recognised, not work asked for.
            previous_piece = piece
            continue
        if BACK_REFERENCE.match(subject):
            named = [m for m in bodies_in(previous_piece, forum=forum) if m.body in ORGANIZATIONS]
        else:
            partner_spans = _spans(subject, PARTNER)
            named = [m for m in bodies_in(subject, forum=forum) if not _inside(m, partner_spans)]
            # "in cooperation with" in the subject, or after the verb ("may organize … in
            # collaboration with regional and sub-regional organizations").
            piece_partners = _spans(piece, PARTNER)
            partners = [m for m in bodies_in(piece, forum=forum) if _inside(m, piece_partners)]
            if named:
                for mention in partners:
                    add("partner", mention.body, mention.text)
        if named and not verb:
            passive = re.search(r"(encouraged|invited|urged|requested|called)", match["modal"])
            verb = PASSIVE_VERBS[passive.group(1)] if passive else "should"
        if named:
            subjects.append(subject)
            for mention in named:
                add("addressee", mention.body, mention.text)
        previous_piece = piece
    if not any(p.role == "addressee" for p in parties):
        return None
    addressees = {p.body for p in parties if p.role == "addressee"}
    parties = [p for p in parties if p.role == "addressee" or p.body not in addressees]
    return ParsedMandate(
        clause_order=order,
        verb=verb,
        text=clause.text,
        addressee_text="; ".join(subjects)[:500],
        parties=_with_both_kinds(parties),
    )


LETTER_ITEM = re.compile(r"^\s*\(?[a-z]\)\s")
ROMAN_ITEM = re.compile(r"^\s*[ivx]{1,4}\.\s")
#: "To that end, we reiterate that ITU and other regional organizations should take steps …"
#: (Tunis Agenda ¶96): a request restated, read as one.
REITERATED_REQUEST = re.compile(r"^[^;]{0,60}\breiterates?\s+that\b[^;.]{0,200}\bshould\b", re.I)


def parse_paragraph_mandates(
    text: str, clauses: list[ParsedClause], *, context: str = "", should: bool = False
) -> list[ParsedMandate]:
    """The mandates of a paragraph: one per mandating clause that names someone to act, and,
    with ``should`` (operative paragraphs), one per clause without an operative verb that
    says what named bodies should do."""
    mandates: list[ParsedMandate] = []
    offset = 0
    previous = None
    lead: ParsedClause | None = None  # "we furthermore advocate:", naming nobody itself
    forum = forum_in(" ".join([context, text]))
    for order, clause in enumerate(clauses, 1):
        position = text.find(clause.text[:40], offset)
        if position >= 0:
            offset = position
        is_item = bool(re.match(r"^\s*" + ITEM_LABEL, clause.text))
        # A lead that is itself a lettered item ("d) … we furthermore advocate:") governs its
        # roman sub-items ("i. …"), not the next letter ("e) …").
        governed = (
            lead is not None
            and is_item
            and clause.verb == "other"
            and (not LETTER_ITEM.match(lead.text) or ROMAN_ITEM.match(clause.text))
        )
        mandate = None
        if governed and not re.search(r"\bshould\b", clause.text):
            mandate = parse_clause(
                ParsedClause(text=clause.text, verb=lead.verb),
                order=order,
                context=context,
                item_of=lead.text,
            )
        if (
            mandate is None
            and should
            and (clause.verb == "other" or REITERATED_REQUEST.match(clause.text))
        ):
            mandate = parse_should(clause, order=order, forum=forum)
        elif mandate is None:
            mandate = parse_clause(
                clause, order=order, before=text[:offset], context=context, previous=previous
            )
        if clause.is_mandating and mandate is None and clause.text.rstrip().endswith(":"):
            lead = clause
        elif not governed:
            lead = None
        if mandate is not None:
            mandates.append(mandate)
            previous = mandate
    return mandates

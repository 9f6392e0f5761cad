"""The mandates A/RES/80/173 gives the action line facilitators, read from its paragraphs.

Pure: ``parse_mandates()`` reads the nine paragraphs that ITU quotes (file 000, through
``parse_resolution_80_173``) and derives each mandate from the paragraph's own words:

- ``title``: ITU's topic heading above the paragraph;
- ``request``: the sentences that ask something ("We call upon …", "We request …", "… and
  encourage …", "We invite …"), as the resolution words them;
- ``addressee_text``: who is asked, the phrase between the request verb and its "to …" clause,
  one per request, joined with "; " ("them" is resolved to the organisations of the sentence
  before, as in ¶53 where it stands for the regional commissions);
- ``addressee_acronyms``: the organisations named in the requests from the verb on (names or
  acronyms of ``actionlines.reference.ORGANIZATIONS`` plus the aliases below), leaving out the
  body a report goes to, which is the reporting target, not an addressee; an organisation only
  commended or recalled (ITU in ¶107, OHCHR in ¶112) is not an addressee;
- ``addresses_all_facilitators``: a request addressed to "action line facilitators";
- ``applies_to_all_action_lines``: the paragraph speaks of all, their respective, the World
  Summit or the framework of action lines; plus the two paragraphs whose subject is by nature
  every line (``ALL_LINES_BY_SUBJECT``), as SOURCES.md §4.1 reads them;
- ``deadline``/``reporting_target``: "reported to the Commission … at its thirtieth session, in
  2027" gives 31 December 2027 (year only) and "Commission on Science and Technology for
  Development, thirtieth session (2027)"; with no deadline the request is standing ("ongoing").

Action lines are linked only when the paragraph names them (``action_line_codes``): ¶53 is about
the enabling environment, C6's theme, but does not name C6.
"""

import datetime
import re
from dataclasses import dataclass, field

from django.db import transaction

from actionlines.models import ActionLine, Organization
from actionlines.reference import ORGANIZATIONS
from actionlines.services import ensure_organization
from wsis_portal.models import record

from ..models import Document, Mandate
from .common import ParsedParagraph
from .resolution_80_173 import parse_resolution_80_173

#: A request verb: the start of the clause that asks someone to act.
REQUEST_VERB = re.compile(
    r"\b(?:call upon|call on|call, in particular, on|request|invite|encourage|urge)\s+",
    re.IGNORECASE,
)
#: Where the addressee phrase ends: the infinitive of what is asked ("…, to develop").
TO_CLAUSE = re.compile(r",?\s+to\s+(?=[a-z]+\b)")
#: "… report(ed) … to/at the X at its thirtieth session, in 2027" / "at the Y, in 2026".
REPORT_TARGET = re.compile(
    r"\breport\w*\b[^.]*?\b(?:to|at) the (?P<target>[A-Z][^,.]*?|inaugural [^,.]*?),"
    r" in (?P<year>\d{4})"
)
SESSION = re.compile(r"^(?P<body>.+?) at its (?P<session>\w+) session$")
FACILITATORS = re.compile(r"\baction line facilitators\b", re.IGNORECASE)
ALL_LINES = re.compile(
    r"\b(?:all|each|their respective|the World Summit|framework of) action lines\b",
    re.IGNORECASE,
)
#: Paragraphs whose subject covers every action line though the words do not say "all":
#: the stocktaking database (¶107) and the indicators of the WSIS framework (¶117).
ALL_LINES_BY_SUBJECT = {"107", "117"}

#: Other spellings of organisations in the texts, beyond full name and acronym.
ALIASES = {
    "UN Regional Commissions": [r"regional commissions"],
    "PMICT": [
        r"Partnership on Measuring (?:ICT|Information and Communications Technology) for"
        r" Development"
    ],  # fmt: skip
    "IAWG-AI": [r"Inter-Agency Working Group on Artificial Intelligence"],
    "WSIS Forum": [r"World Summit on the Information Society Forum"],
    "UN-Women": [r"United Nations Entity for Gender Equality and the Empowerment of Women"],
    "Statistical Commission": [r"Statistical Commission"],
}


def organization_patterns() -> dict[str, re.Pattern]:
    """One pattern per organisation of the reference directory: full name, acronym, aliases."""
    patterns = {}
    for acronym, (name, _kind) in ORGANIZATIONS.items():
        spellings = [re.escape(name), r"(?<![\w-])" + re.escape(acronym) + r"(?![\w-])"]
        spellings += ALIASES.get(acronym, [])
        patterns[acronym] = re.compile("|".join(spellings))
    return patterns


def organizations_in(text: str) -> list[str]:
    """Acronyms of the organisations named in ``text``, in the order they first appear.

    A name inside a longer one counts once, as the longer: "World Summit on the Information
    Society Forum" is the WSIS Forum, and the "Forum" of "Internet Governance Forum" the IGF.
    """
    found: list[tuple[int, int, str]] = []
    for acronym, pattern in organization_patterns().items():
        for match in pattern.finditer(text):
            found.append((match.start(), match.end(), acronym))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    acronyms, covered_until = [], -1
    for start, end, acronym in found:
        if start < covered_until:
            continue
        covered_until = end
        if acronym not in acronyms:
            acronyms.append(acronym)
    return acronyms


@dataclass
class ParsedMandate:
    paragraph_label: str
    title: str
    request: str
    addressee_text: str = ""
    addressee_acronyms: list[str] = field(default_factory=list)
    addresses_all_facilitators: bool = False
    applies_to_all_action_lines: bool = False
    action_line_codes: list[str] = field(default_factory=list)
    deadline: datetime.date | None = None
    deadline_is_year_only: bool = False
    reporting_target: str = ""
    status: str = Mandate.Status.ONGOING


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.)\s+(?=[A-Z])", text)


def reporting_target(text: str) -> tuple[str, datetime.date | None]:
    """The body or event a report goes to, as "<body>, <session> session (<year>)", and the
    year's last day; ("", None) when the paragraph sets no date."""
    match = REPORT_TARGET.search(text)
    if not match:
        return "", None
    target, year = match.group("target").strip(), int(match.group("year"))
    if session := SESSION.match(target):
        target = f"{session.group('body')}, {session.group('session')} session"
    target = target[0].upper() + target[1:]
    return f"{target} ({year})", datetime.date(year, 12, 31)


def mandate_from_paragraph(paragraph: ParsedParagraph) -> ParsedMandate | None:
    """The mandate a paragraph gives, or None when it asks nothing of anyone."""
    requests, phrases, addressees = [], [], []
    all_facilitators = False
    previous = ""
    target_text, deadline = reporting_target(paragraph.text)
    for sentence in sentences(paragraph.text):
        verbs = list(REQUEST_VERB.finditer(sentence))
        if not verbs:
            previous = sentence
            continue
        requests.append(sentence)
        # From the first verb on: what comes before is welcome or commendation.
        clause = sentence[verbs[0].start() :]
        if report := REPORT_TARGET.search(clause):
            clause = clause[: report.start("target")] + clause[report.end() :]
        for organization in organizations_in(clause):
            if organization not in addressees:
                addressees.append(organization)
        all_facilitators = all_facilitators or bool(FACILITATORS.search(clause))
        for verb in verbs:
            rest = sentence[verb.end() :]
            end = TO_CLAUSE.search(rest)
            phrase = rest[: end.start()] if end else ""
            if not phrase or phrase.startswith("that "):
                continue  # "request that the work be completed": no new addressee
            phrases.append(phrase)
            if re.match(r"them\b", phrase):
                for organization in organizations_in(previous):
                    if organization not in addressees:
                        addressees.insert(0, organization)
        previous = sentence
    if not requests:
        return None
    return ParsedMandate(
        paragraph_label=paragraph.label,
        title=paragraph.section or f"Paragraph {paragraph.label}",
        request=" ".join(requests),
        addressee_text="; ".join(phrases)[:500],
        addressee_acronyms=addressees,
        addresses_all_facilitators=all_facilitators,
        applies_to_all_action_lines=bool(ALL_LINES.search(paragraph.text))
        or paragraph.label in ALL_LINES_BY_SUBJECT,
        action_line_codes=list(paragraph.action_line_codes),
        deadline=deadline,
        deadline_is_year_only=deadline is not None,
        reporting_target=target_text,
        status=Mandate.Status.NOT_STARTED if deadline else Mandate.Status.ONGOING,
    )


def parse_mandates(lines: list[str] | None = None) -> list[ParsedMandate]:
    """The mandates of the nine quoted paragraphs of A/RES/80/173, in paragraph order."""
    (document,) = parse_resolution_80_173(lines)
    mandates = (mandate_from_paragraph(p) for p in document.paragraphs)
    return [mandate for mandate in mandates if mandate is not None]


# --- Writing them (idempotent) -------------------------------------------------------------

DOCUMENT_SLUG = "a-res-80-173"

MANDATE_FIELDS = (
    "request",
    "addressee_text",
    "addresses_all_facilitators",
    "applies_to_all_action_lines",
    "deadline",
    "deadline_is_year_only",
    "reporting_target",
)


class DocumentMissing(LookupError):
    """The resolution the mandates come from has not been imported yet."""


@transaction.atomic
def import_mandates(parsed: list[ParsedMandate] | None = None) -> int:
    """Create or update the mandates of A/RES/80/173's quoted paragraphs; return rows changed.

    Needs the document and its paragraphs (``manage.py import_documents`` first), else raises
    ``DocumentMissing``. Idempotent: a second run changes nothing and returns 0. A new mandate
    starts with the parsed status; the status of an existing one is left alone, because
    facilitators move it on by posting updates. Mandates no longer parsed are kept, not
    deleted, since progress may have been posted on them.
    """
    document = Document.objects.filter(slug=DOCUMENT_SLUG).first()
    if document is None:
        raise DocumentMissing(f"Document {DOCUMENT_SLUG} is missing: run import_documents first.")
    if parsed is None:
        parsed = parse_mandates()
    paragraphs = {p.label: p for p in document.paragraphs.all()}
    lines = {line.code: line for line in ActionLine.objects.all()}
    changes = 0
    for item in parsed:
        paragraph = paragraphs.get(item.paragraph_label)
        if paragraph is None:
            raise DocumentMissing(
                f"{document} has no paragraph {item.paragraph_label}: run import_documents."
            )
        values = {name: getattr(item, name) for name in MANDATE_FIELDS}
        mandate = Mandate.objects.filter(paragraph=paragraph, title=item.title).first()
        if mandate is None:
            mandate = Mandate.objects.create(
                document=document, paragraph=paragraph, title=item.title, status=item.status,
                **values,
            )  # fmt: skip
            record("mandates.mandate.imported", mandate, after=_snapshot(mandate, item))
            changes += 1
        elif any(getattr(mandate, k) != v for k, v in values.items()):
            before = {k: str(getattr(mandate, k)) for k in values}
            for k, v in values.items():
                setattr(mandate, k, v)
            mandate.save()
            record("mandates.mandate.reimported", mandate, before=before,
                   after={k: str(v) for k, v in values.items()})  # fmt: skip
            changes += 1

        organizations = []
        for acronym in item.addressee_acronyms:
            if not Organization.objects.filter(acronym=acronym).exists():
                changes += 1
            organizations.append(ensure_organization(acronym))
        if {o.pk for o in organizations} != set(mandate.addressees.values_list("pk", flat=True)):
            mandate.addressees.set(organizations)
            changes += 1
        wanted = {lines[code].pk for code in item.action_line_codes if code in lines}
        if wanted != set(mandate.action_lines.values_list("pk", flat=True)):
            mandate.action_lines.set(wanted)
            changes += 1
    return changes


def _snapshot(mandate: Mandate, item: ParsedMandate) -> dict:
    return {
        "paragraph": item.paragraph_label,
        "title": mandate.title,
        "addressees": item.addressee_acronyms,
        "deadline": str(mandate.deadline or ""),
        "reporting_target": mandate.reporting_target,
        "status": mandate.status,
    }

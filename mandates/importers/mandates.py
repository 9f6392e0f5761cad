"""Mandates of every imported document, one per mandating clause with an addressee (issue 13).

Reads the clauses ``common.save_clauses`` stored (so run ``import_documents`` first) and asks
``parties.parse_paragraph_mandates`` who each mandating clause addresses. Writes:

- one ``Mandate`` per clause that names someone to act, linked to the clause (the reader
  highlights it), with the clause's verb, its text as the request, the paragraph's action
  lines, the event it is due at (``events``: "to the Commission … at its thirtieth session,
  in 2027" is the CSTD's 30th session) whose date or year is its deadline, else the year the
  text gives ("by 2005": year only), and how often it recurs ("on a yearly basis");
- the ``ReportingEvent`` rows the clauses name, once: their date and year are then the
  admin's, and the mandates follow them;
- a mandate whose target date fell before the General Assembly's latest review of the
  Summit's outcomes (A/RES/80/173) is *historic*, not overdue (the Geneva Plan of Action's
  2005 targets), unless someone started work on it;
- its ``MandateParty`` rows: bodies the portal knows by acronym; bodies it does not know
  (Member States, "other regional organizations", …) as organisations of their kind; groups
  resolved to their members: "action line facilitators" to the lead and co-facilitators of
  the lines the paragraph names (every line when it names none), "UN Regional Commissions"
  to the five commissions, each row keeping the group it came from.

Idempotent: a second run changes nothing. A mandate is found again by its clause (paragraph
and clause order); a mandate whose clause is gone (or one written before clauses existed)
is kept, not deleted, since progress may have been posted on it, and is taken over by the
first new mandate of its paragraph. An addressee's own status is never reset.

Corrections survive (issue 13, item 5): ``Mandate.imported`` holds what the importer last
wrote; a field whose value differs from it was corrected by a person (in the admin) and is
kept, the importer reporting what it would have written instead. Parties a person added are
kept (``MandateParty.is_imported`` is false for them); imported parties the text no longer
gives are removed unless their organisation posted progress.
"""

import datetime
import logging
import re

from django.db import transaction
from django.utils.text import slugify

from actionlines.models import ActionLine, Facilitation, Organization
from actionlines.reference import ORGANIZATIONS
from actionlines.services import ensure_organization
from wsis_portal.models import record
from wsis_portal.translated import working_translations

from ..models import Document, Mandate, MandateParty, Paragraph, ReportingEvent
from .clauses import ParsedClause
from .events import ParsedEvent, recurrence, reporting_event
from .parties import (
    FACILITATORS,
    LEAD_FACILITATORS,
    OTHER_BODIES,
    REGIONAL_COMMISSION_MEMBERS,
    REGIONAL_COMMISSIONS,
    UNLISTED,
    ParsedMandate,
    parse_paragraph_mandates,
)

logger = logging.getLogger(__name__)

#: "… report(ed) … to/at the X at its thirtieth session, in 2027" / "at the Y, in 2026".
REPORT_TARGET = re.compile(
    r"\b(?:report|present|submit)\w*\b[^.]*?\b(?:to|at) the"
    r" (?P<target>[A-Z][^,.]*?|inaugural [^,.]*?),? in (?P<year>\d{4})"
)
SESSION = re.compile(r"^(?P<body>.+?) at its (?P<session>[\w-]+) session$")
#: A year the request is due by, when it names no report: "by 2005", "in 2015", "by June 2006".
DUE_YEAR = re.compile(
    r"\b(?i:by|in|before)\s+(?:(?:the end of )?[A-Z][a-z]+\s+"
    r"|the (?:end of the )?(?:first|second|third|fourth) quarter of )?((?:19|20)\d\d)\b"
)
ALL_LINES = re.compile(
    r"\b(?:all|each|their respective|the World Summit|framework of(?: the)?|WSIS) action lines\b",
    re.IGNORECASE,
)
THAT = re.compile(
    r"^[^,;]*?\b(?:requests?|decides?|recommends?|urges?|calls? for)\s+"
    r"(?:further\s+|also\s+)?that\s+"
)
TASK = re.compile(r",?\s+to\s+(?P<task>[a-z][^.;]*)")


def reporting_target(text: str) -> tuple[str, datetime.date | None]:
    """The body or event a report goes to, as "<body>, <session> session (<year>)", and the
    year's last day; ("", None) when the clause names no dated report."""
    match = REPORT_TARGET.search(text)
    if not match:
        return "", None
    target, year = match.group("target").strip(), int(match.group("year"))
    if session := SESSION.match(target):
        target = f"{session.group('body')}, {session.group('session')} session"
    target = target[0].upper() + target[1:]
    return f"{target} ({year})", datetime.date(year, 12, 31)


def mandate_title(parsed: ParsedMandate, paragraph) -> str:
    """A short title: what is asked, from the clause's "to <verb> …" after the addressees."""
    rest = parsed.text
    if parsed.addressee_text and parsed.addressee_text in rest:
        rest = rest[rest.index(parsed.addressee_text) + len(parsed.addressee_text) :]
    that = THAT.search(parsed.text[:200])
    task = TASK.match(rest) or (None if that else TASK.search(rest))
    words = (task.group("task") if task else "").split()
    if not words and that:  # "We further request that the work be completed …"
        words = re.split(r"[.;]", parsed.text[that.end() :])[0].split()
    if not words:
        return f"{paragraph.document} ¶{paragraph.label or paragraph.order}"[:255]
    title = " ".join(words[:14]) + ("…" if len(words) > 14 else "")
    return (title[0].upper() + title[1:])[:255]


class BodyResolver:
    """Turns the parser's body keys into organisations, creating the ones the portal lacks."""

    def __init__(self):
        self.cache: dict[str, Organization] = {}
        facilitations = Facilitation.objects.filter(role__in=["lead", "co"]).select_related(
            "organization", "action_line"
        )
        self.facilitators: dict[int, list[tuple[str, Organization]]] = {}
        for facilitation in facilitations.order_by("action_line__sort_order", "pk"):
            self.facilitators.setdefault(facilitation.action_line_id, []).append(
                (facilitation.role, facilitation.organization)
            )
        self.lines = {line.pk: line for line in ActionLine.objects.all()}
        self.created = 0
        self.kept: list[str] = []
        self.events: dict[str, ReportingEvent] = {}
        review = (
            Document.objects.filter(adopted_by__icontains="General Assembly")
            .exclude(date=None)
            .order_by("-date")
            .first()
        )
        self.review_date = review.date if review else None

    def event(self, parsed: ParsedEvent | None) -> ReportingEvent | None:
        """The stored event (created the first time); an existing one is left as it is."""
        if parsed is None:
            return None
        if parsed.slug not in self.events:
            event, created = ReportingEvent.objects.get_or_create(
                slug=parsed.slug,
                defaults={
                    "name": parsed.name,
                    "body": self.organization(parsed.body),
                    "session": parsed.session,
                    "year": parsed.year,
                },
            )
            self.created += created
            self.events[parsed.slug] = event
        return self.events[parsed.slug]

    def organization(self, key: str) -> Organization:
        if key in self.cache:
            return self.cache[key]
        asked = key
        if key in ORGANIZATIONS:
            organization = ensure_organization(key)
        else:
            if key in OTHER_BODIES:
                name, kind, _ = OTHER_BODIES[key]
            elif key in REGIONAL_COMMISSION_MEMBERS:
                name, kind = REGIONAL_COMMISSION_MEMBERS[key], Organization.Kind.REGIONAL
            else:  # UNLISTED: a body the text names that no list knows
                name, kind = key.removeprefix(UNLISTED).strip(), Organization.Kind.OTHER
                name = name[0].upper() + name[1:]
                key = name[:40]
            # The portal's working translations of its name (fixtures/translations/working.yml).
            names, working = working_translations("organizations", key)
            organization, created = Organization.objects.get_or_create(
                acronym=key,
                defaults={
                    "name": name[:255],
                    "kind": kind,
                    "slug": slugify(key)[:60],
                    "names": names,
                    "working_translations": working,
                },
            )
            renamed = not created and (
                (organization.names, organization.working_translations) != (names, working)
            )
            if renamed:
                organization.names, organization.working_translations = names, working
                organization.save(update_fields=["names", "working_translations"])
            self.created += created or renamed
        self.cache[asked] = organization
        return organization

    def members(self, key: str, line_ids: list[int]) -> list[tuple[Organization, str]]:
        """(organisation, group) for a body key: itself, or a group's members."""
        if key in (FACILITATORS, LEAD_FACILITATORS):
            lines = [pk for pk in line_ids if pk in self.lines] or list(self.facilitators)
            roles = ["lead"] if key == LEAD_FACILITATORS else ["lead", "co"]
            found: dict[int, Organization] = {}
            for pk in self.line_and_sublines(lines):
                for role, organization in self.facilitators.get(pk, []):
                    if role in roles:
                        found.setdefault(organization.pk, organization)
            return [(organization, key) for organization in found.values()]
        if key == REGIONAL_COMMISSIONS:
            return [(self.organization(k), key) for k in REGIONAL_COMMISSION_MEMBERS]
        return [(self.organization(key), "")]

    def line_and_sublines(self, line_ids: list[int]) -> list[int]:
        ids = list(line_ids)
        for line in self.lines.values():
            if line.parent_id in line_ids and line.pk not in ids:
                ids.append(line.pk)
        return ids


def parse_document_mandates(document: Document):
    """(paragraph, clause rows, parsed mandates) for each paragraph of a stored document."""
    previous_text = ""
    for paragraph in document.paragraphs.prefetch_related("clauses", "action_lines"):
        clauses = list(paragraph.clauses.all())
        parsed = parse_paragraph_mandates(
            paragraph.text,
            [ParsedClause(text=c.text, verb=c.verb) for c in clauses],
            context=" ".join([paragraph.section, previous_text]),
            should=paragraph.kind == Paragraph.Kind.OPERATIVE,
        )
        previous_text = paragraph.text
        if parsed:
            yield paragraph, {c.order: c for c in clauses}, parsed


MANDATE_FIELDS = (
    "document_id",
    "clause_id",
    "verb",
    "title",
    "request",
    "addressee_text",
    "addresses_all_facilitators",
    "applies_to_all_action_lines",
    "event_id",
    "deadline",
    "deadline_is_year_only",
    "reporting_target",
    "recurrence",
)
#: Taken from the mandate's event when it has one (``Mandate.follow_event``).
EVENT_FIELDS = ("deadline", "deadline_is_year_only")


@transaction.atomic
def import_mandates(documents=None, kept: list[str] | None = None, stdout=None) -> int:
    """Create or update the mandates of every stored document; return the rows changed.

    ``kept`` (a list) receives one line per correction kept instead of overwritten, saying
    what the importer would have written; they are logged, and written to ``stdout`` (the
    ``import_reference`` command's output) when given."""
    resolver = BodyResolver()
    resolver.kept = kept if kept is not None else []
    changes = 0
    for document in documents or Document.objects.order_by("pk"):
        for paragraph, clauses, parsed_mandates in parse_document_mandates(document):
            existing = list(paragraph.mandates.select_related("clause").order_by("pk"))
            by_order = {m.clause.order: m for m in existing if m.clause_id is not None}
            orphans = [m for m in existing if m.clause_id is None]
            line_ids = [line.pk for line in paragraph.action_lines.all()]
            for parsed in parsed_mandates:
                clause = clauses[parsed.clause_order]
                mandate = by_order.get(parsed.clause_order) or (orphans.pop(0) if orphans else None)
                changes += save_mandate(
                    mandate, parsed, paragraph=paragraph, clause=clause, line_ids=line_ids,
                    resolver=resolver,
                )  # fmt: skip
    if stdout is not None:
        for line in resolver.kept:
            stdout.write(f"Kept: {line}")
    return changes + resolver.created


def save_mandate(mandate, parsed: ParsedMandate, *, paragraph, clause, line_ids, resolver) -> int:
    target, deadline = reporting_target(parsed.text)
    if deadline is None and (due := DUE_YEAR.search(parsed.text)):
        deadline = datetime.date(int(due.group(1)), 12, 31)
    year_only = deadline is not None
    for party in parsed.parties:  # the parties' bodies first: organisations keep their ids
        resolver.members(party.body, line_ids)
    event = resolver.event(reporting_event(parsed, adopted=paragraph.document.date))
    if event is not None:
        deadline, year_only = event.deadline, event.date is None
    group_named = FACILITATORS in parsed.bodies("addressee") or LEAD_FACILITATORS in parsed.bodies(
        "addressee"
    )
    values = {
        "document_id": paragraph.document_id,
        "clause_id": clause.pk,
        "verb": parsed.verb,
        "title": mandate_title(parsed, paragraph),
        "request": parsed.text,
        "addressee_text": parsed.addressee_text,
        "addresses_all_facilitators": group_named,
        "applies_to_all_action_lines": bool(ALL_LINES.search(paragraph.text))
        or (group_named and not line_ids),
        "event_id": event.pk if event else None,
        "deadline": deadline,
        "deadline_is_year_only": year_only,
        "reporting_target": target,
        "recurrence": recurrence(parsed.text),
    }
    changes = 0
    snapshot = {k: _plain(v) for k, v in values.items()}
    if mandate is None:
        status = Mandate.Status.ONGOING
        if deadline and not values["recurrence"]:
            status = Mandate.Status.NOT_STARTED
        mandate = Mandate.objects.create(
            paragraph=paragraph, status=status, imported=snapshot, **values
        )
        if historic(mandate, resolver.review_date):
            mandate.status = Mandate.Status.HISTORIC
            mandate.save(update_fields=["status"])
        record("mandates.mandate.imported", mandate, after=_snapshot(values))
        changes += 1
    else:
        last = mandate.imported or {}
        before, changed = {}, False
        for k, v in values.items():
            current = getattr(mandate, k)
            if current == v or (k in EVENT_FIELDS and mandate.event_id is not None):
                continue
            # Corrected by a person: keep it. The clause is the text's, never a correction.
            if k != "clause_id" and k in last and _plain(current) != last[k]:
                message = (
                    f"{paragraph.document} ¶{paragraph.label} "
                    f"(mandate {mandate.pk}): kept the corrected {k} {_plain(current)!r}; "
                    f"the text gives {_plain(v)!r}"
                )
                resolver.kept.append(message)
                logger.info(message)
                continue
            before[k] = str(current)
            setattr(mandate, k, v)
            changed = True
        old_deadline = mandate.deadline
        if mandate.follow_event():  # its event, perhaps one a person chose, moved
            before["deadline"] = str(old_deadline)
            changed = True
        if historic(mandate, resolver.review_date) and not mandate.updates.exists():
            before["status"] = mandate.status
            mandate.status = Mandate.Status.HISTORIC
            changed = True
        if changed or last != snapshot:
            mandate.imported = snapshot
            mandate.save()
            if changed:
                after = {k: str(getattr(mandate, k)) for k in before}
                record("mandates.mandate.reimported", mandate, before=before, after=after)
            changes += 1
    if set(line_ids) != set(mandate.action_lines.values_list("pk", flat=True)):
        mandate.action_lines.set(line_ids)
        changes += 1
    return changes + save_parties(mandate, parsed, line_ids=line_ids, resolver=resolver)


def save_parties(mandate, parsed: ParsedMandate, *, line_ids, resolver) -> int:
    """Make the mandate's parties those parsed; keep existing rows (and their status)."""
    wanted: dict[tuple[str, int], dict] = {}
    addressees = set()
    for order, party in enumerate(parsed.parties):
        for organization, group in resolver.members(party.body, line_ids):
            key = (party.role, organization.pk)
            if key in wanted or (party.role == "partner" and organization.pk in addressees):
                continue  # a facilitator named to act is not also its own partner
            if party.role == "addressee":
                addressees.add(organization.pk)
            wanted[key] = {
                "named_as": party.text[:255],
                "group": group,
                "session": party.session[:40],
                "year": party.year,
                "order": order,
            }
    have = {(p.role, p.organization_id): p for p in mandate.parties.all()}
    changes = 0
    status = Mandate.Status.ONGOING if mandate.status == Mandate.Status.ONGOING else None
    for key, values in wanted.items():
        party = have.pop(key, None)
        if party is None:
            MandateParty.objects.create(
                mandate=mandate,
                role=key[0],
                organization_id=key[1],
                status=status or Mandate.Status.NOT_STARTED,
                is_imported=True,
                **values,
            )
            changes += 1
        elif not party.is_imported:
            continue  # added by a person: theirs
        elif any(getattr(party, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(party, k, v)
            party.save()
            changes += 1
    stale = [
        p.pk
        for p in have.values()
        if p.is_imported and not p.organization.mandate_updates.filter(mandate=mandate).exists()
    ]
    if stale:
        MandateParty.objects.filter(pk__in=stale).delete()
        changes += len(stale)
    return changes


def historic(mandate: Mandate, review_date: datetime.date | None) -> bool:
    """Not started, and due once before the General Assembly last reviewed the Summit's
    outcomes: that review took stock of it, so it is history, not overdue work."""
    return bool(
        review_date
        and mandate.status == Mandate.Status.NOT_STARTED
        and mandate.deadline
        and mandate.deadline < review_date
        and not mandate.recurrence
    )


def _plain(value):
    """A field's value as JSON holds it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def _snapshot(values: dict) -> dict:
    return {k: str(v) for k, v in values.items() if k in ("title", "verb", "deadline", "clause_id")}

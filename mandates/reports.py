"""The CSTD report of one action line for a period: built once, shown as a page, Markdown, PDF.

``build_cstd_report`` gathers everything (in a constant number of queries); the page, the
Markdown download and the PDF all render that one object, so their figures cannot differ.
The PDF is built by a Celery task: ``request_report_export`` writes a pending ``ReportExport``
row and queues the task on commit; ``run_report_export`` (the task's body) builds the file
and reports progress on the row, which the export page polls.
"""

import datetime
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.translation import get_language, get_language_bidi
from django.utils.translation import gettext as _

from actionlines.models import (
    ActionLine,
    CoordinationMeeting,
    Facilitation,
    Indicator,
    Measurement,
    Organization,
    RoadmapTarget,
)
from stocktaking.models import StakeholderType, StocktakingEntry

from .models import PARTIES as ADDRESSEES
from .models import Mandate, MandateParty, MandateUpdate, ReportExport

logger = logging.getLogger(__name__)

# A pending export whose task has not started after this long is queued again (the broker
# was down when it was requested, or the message was lost); one running for longer than
# ``STUCK_AFTER`` failed without saying so (its worker died) and is marked failed.
REQUEUE_AFTER = datetime.timedelta(minutes=1)
STUCK_AFTER = datetime.timedelta(minutes=30)

NO_REGION = "No region given"


@dataclass
class IndicatorRow:
    indicator: Indicator
    latest: Measurement | None  # the latest measurement taken within the period


@dataclass
class TargetRow:
    target: RoadmapTarget
    indicators: list[IndicatorRow]


@dataclass
class MandateRow:
    mandate: Mandate
    updates: list[MandateUpdate]  # posted within the period by the line's facilitators


@dataclass
class CSTDReport:
    line: ActionLine
    start: datetime.date
    end: datetime.date
    lines: list[ActionLine]
    facilitators: list[Organization]
    targets: list[TargetRow]
    mandates: list[MandateRow]
    meetings: list[CoordinationMeeting]
    entries_total: int
    entries_published_in_period: int
    by_region: list[tuple[str, int]] = field(default_factory=list)
    by_stakeholder_type: list[tuple[str, int]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return _("Report to the CSTD: %(code)s %(title)s, %(start)s to %(end)s") % {
            "code": self.line.code,
            "title": self.line.local_title,
            "start": date_format(self.start, "DATE_FORMAT"),
            "end": date_format(self.end, "DATE_FORMAT"),
        }

    @property
    def updates_count(self) -> int:
        return sum(len(row.updates) for row in self.mandates)


def _in_period(start, end):
    return {"created_at__date__gte": start, "created_at__date__lte": end}


def build_cstd_report(line: ActionLine, start: datetime.date, end: datetime.date) -> CSTDReport:
    """The report of ``line`` for ``start``–``end`` (both included).

    - lines: the line and, for C7, its sub-lines;
    - facilitators: lead and co-facilitators of those lines;
    - road map: the line's targets and indicators, each with its latest measurement taken in
      the period (none when nothing was measured then);
    - mandates: those addressed to a facilitator, or to all facilitators on these lines (or
      on every line), each with the progress its facilitators posted in the period;
    - meetings: coordination meetings on these lines held in the period;
    - stocktaking: published entries on these lines, counted by UN M49 region (tagged, or
      that of a country; an entry counts once per region) and by stakeholder type.
    """
    lines = list(ActionLine.objects.with_descendants([line.code]).order_by("sort_order"))
    facilitators = list(
        Organization.objects.filter(
            facilitations__action_line__in=lines,
            facilitations__role__in=[Facilitation.Role.LEAD, Facilitation.Role.CO],
        )
        .distinct()
        .order_by("acronym")
    )

    in_period = Measurement.objects.filter(measured_on__gte=start, measured_on__lte=end).order_by(
        "indicator", "-measured_on"
    )
    targets = []
    for target in (
        RoadmapTarget.objects.filter(action_line__in=lines)
        .select_related("action_line")
        .prefetch_related(
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("pk").prefetch_related(
                    Prefetch("measurements", queryset=in_period, to_attr="period_measurements")
                ),
            )
        )
        .order_by("action_line__sort_order", "sort_order", "pk")
    ):
        rows = [
            IndicatorRow(i, i.period_measurements[0] if i.period_measurements else None)
            for i in target.indicators.all()
        ]
        targets.append(TargetRow(target, rows))

    addressed = Q(
        pk__in=MandateParty.objects.filter(
            role=MandateParty.Role.ADDRESSEE, organization__in=facilitators
        ).values("mandate_id")
    )
    updates = (
        MandateUpdate.objects.filter(organization__in=facilitators, **_in_period(start, end))
        .select_related("organization")
        .order_by("created_at", "pk")
    )
    mandates = [
        MandateRow(m, list(m.period_updates))
        for m in Mandate.objects.filter(pk__in=Mandate.objects.filter(addressed).values("pk"))
        .select_related("document", "paragraph__document", "clause")
        .prefetch_related(
            ADDRESSEES, Prefetch("updates", queryset=updates, to_attr="period_updates")
        )
        .order_by("deadline", "document__date", "paragraph__order", "pk")
    ]

    meetings = list(
        CoordinationMeeting.objects.filter(action_lines__in=lines, date__gte=start, date__lte=end)
        .distinct()
        .select_related("organizer")
        .order_by("date", "pk")
    )

    entries = list(
        StocktakingEntry.objects.published()
        .filter(pk__in=StocktakingEntry.objects.filter(action_lines__in=lines).values("pk"))
        .prefetch_related("regions__parent", "countries__region")
        .only("pk", "stakeholder_type", "published_at")
    )
    regions, stakeholders = Counter(), Counter()
    labels = dict(StakeholderType.choices)
    published_in_period = 0
    for entry in entries:
        names = {str((r.parent or r).local_name) for r in entry.regions.all()}
        names |= {str(c.region.local_name) for c in entry.countries.all() if c.region}
        for name in names or {NO_REGION}:
            regions[name] += 1
        stakeholders[labels.get(entry.stakeholder_type, entry.stakeholder_type)] += 1
        if entry.published_at and start <= timezone.localdate(entry.published_at) <= end:
            published_in_period += 1

    def ordered(counter):
        return sorted(counter.items(), key=lambda item: (-item[1], item[0]))

    return CSTDReport(
        line=line,
        start=start,
        end=end,
        lines=lines,
        facilitators=facilitators,
        targets=targets,
        mandates=mandates,
        meetings=meetings,
        entries_total=len(entries),
        entries_published_in_period=published_in_period,
        by_region=ordered(regions),
        by_stakeholder_type=ordered(stakeholders),
    )


# --- Markdown -------------------------------------------------------------------------------


def _number(value) -> str:
    if value is None:
        return "—"
    text = f"{value:f}".rstrip("0").rstrip(".") if "." in f"{value:f}" else f"{value}"
    return text or "0"


def _figure(count) -> str:
    """A count grouped by thousands as the active language writes it (as ``intcomma`` on the
    page)."""
    return number_format(count, force_grouping=True)


def _cell(text) -> str:
    """Plain text fit for a Markdown table cell or line (no markup survives)."""
    text = " ".join(str(text).split())
    for char in "\\|*_`[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def _due(date) -> str:
    return _("due %(date)s") % {"date": date_format(date, "DATE_FORMAT")}


def _walk(report: CSTDReport, writer, progress=lambda percent: None) -> None:
    """The report's sections in their order, each told to ``writer`` (Markdown or PDF): one
    walk for both formats, so they cannot carry different sections, figures or notes of what
    is missing. ``writer.text`` fits what people wrote to the format (Markdown escapes it);
    the writer decides how each part looks. ``progress(percent)`` is called as it goes."""
    text = writer.text
    writer.title(report.title)
    codes = ", ".join(line.code for line in report.lines)
    facilitators = ", ".join(text(o.acronym) for o in report.facilitators)
    writer.facts(
        [
            _("Action lines covered: %(codes)s") % {"codes": text(codes)},
            _("Facilitators: %(names)s") % {"names": facilitators or _("none recorded")},
        ]
    )
    progress(20)
    writer.section(_("Road map: targets and indicators"))
    if not report.targets:
        writer.note(_("No road-map target recorded."))
    for row in report.targets:
        writer.target(row)
    progress(40)
    writer.section(_("Mandates and progress posted in the period"))
    if not report.mandates:
        writer.note(_("No mandate addressed to the facilitators."))
    for row in report.mandates:
        writer.mandate(row.mandate)
        writer.items(
            [
                f"{timezone.localdate(u.created_at).isoformat()}, {text(u.organization.acronym)} "
                f"({u.get_status_display()}): {text(u.text)}"
                for u in row.updates
            ]
            or [_("No progress posted in the period.")]
        )
    progress(60)
    writer.section(_("Coordination meetings held"))
    for meeting in report.meetings:
        writer.meeting(meeting)
    if not report.meetings:
        writer.note(_("No coordination meeting recorded in the period."))
    writer.section(_("Stocktaking"))
    writer.note(_entries_sentence(report))
    writer.counts(_("Region"), _("By region: %(counts)s"), report.by_region)
    writer.counts(
        _("Stakeholder type"), _("By stakeholder type: %(counts)s"), report.by_stakeholder_type
    )
    progress(80)


class _MarkdownWriter:
    """The report as Markdown lines: headings, a table per target's indicators and per
    breakdown of the entries, a list per mandate's progress."""

    text = staticmethod(_cell)

    def __init__(self):
        self.out = []

    def title(self, text):
        self.out += [f"# {_cell(text)}", ""]

    def facts(self, lines):
        self.out += [line + "  " for line in lines[:-1]] + [lines[-1], ""]

    def section(self, heading):
        if self.out[-1] != "":
            self.out.append("")
        self.out += ["## " + heading, ""]

    def note(self, text):
        self.out += [text, ""]

    def items(self, texts):
        self.out += [f"- {text}" for text in texts] + [""]

    def target(self, row):
        due = f" ({_due(row.target.due_date)})" if row.target.due_date else ""
        self.out += [f"### {_cell(row.target.title)}{due}", ""]
        if not row.indicators:
            self.note(_("No indicator."))
            return
        headings = [
            _("Indicator"),
            _("Unit"),
            _("Baseline"),
            _("Target"),
            _("Latest in period"),
            _("Measured on"),
        ]
        self.out += ["| " + " | ".join(headings) + " |", "|---|---|---|---|---|---|"]
        for ind in row.indicators:
            i, latest = ind.indicator, ind.latest
            measured = latest.measured_on.isoformat() if latest else _("not measured in the period")
            self.out.append(
                f"| {_cell(i.name)} | {_cell(i.unit)} | {_number(i.baseline_value)}"
                f"{f' ({i.baseline_year})' if i.baseline_year else ''} | "
                f"{_number(i.target_value)}{f' ({i.target_year})' if i.target_year else ''} | "
                f"{_number(latest.value) if latest else '—'} | "
                f"{measured} |"
            )
        self.out.append("")

    def mandate(self, m):
        deadline = m.reporting_target or (str(m.next_due()) if m.deadline else _("none"))
        self.out += [
            f"### {_cell(m.document)} ¶{_cell(m.paragraph.label)}: {_cell(m.title)}",
            "",
            _("Status: %(status)s. Deadline or reporting target: %(deadline)s.")
            % {"status": m.get_status_display(), "deadline": _cell(deadline)},
            "",
        ]

    def meeting(self, meeting):
        where = f", {_cell(meeting.location)}" if meeting.location else ""
        online = " " + _("(online)") if meeting.is_online else ""
        self.out.append(f"- {meeting.date.isoformat()}: {_cell(meeting.title)}{where}{online}")

    def counts(self, heading, _label, pairs):
        self.out += ["| " + heading + " | " + _("Entries") + " |", "|---|---|"]
        self.out += [f"| {_cell(name)} | {_figure(count)} |" for name, count in pairs] or [
            "| — | 0 |"
        ]
        self.out.append("")


def report_markdown(report: CSTDReport) -> str:
    """The report as Markdown, in the active language (the interface's words; what the
    documents and the facilitators wrote stays as written)."""
    writer = _MarkdownWriter()
    _walk(report, writer)
    return "\n".join(writer.out)


def _entries_sentence(report) -> str:
    return _(
        "Published entries on these action lines: %(total)s (%(new)s published in the period)."
    ) % {"total": _figure(report.entries_total), "new": _figure(report.entries_published_in_period)}


# --- PDF ------------------------------------------------------------------------------------

_LATIN1 = str.maketrans(
    {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "¶": "para. "}
)


def _latin1(text) -> str:
    """For PDF's core font, which is Latin-1: typographic punctuation mapped, the rest replaced."""
    return str(text).translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")


def _use_unicode_fonts(pdf) -> bool:
    """Embed DejaVu Sans (settings.PDF_FONT_DIR) when installed, so names and quotations in
    Latin, Cyrillic, Greek and Arabic print as written, with WenQuanYi Micro Hei
    (settings.PDF_CJK_FONT) for the Chinese characters DejaVu lacks; Arabic is shaped and laid
    out right to left by HarfBuzz. Without DejaVu, fall back to the Latin-1 core font."""
    font_dir = Path(settings.PDF_FONT_DIR)
    regular, bold = font_dir / "DejaVuSans.ttf", font_dir / "DejaVuSans-Bold.ttf"
    if not (regular.is_file() and bold.is_file()):
        return False
    pdf.add_font("DejaVu", "", str(regular))
    pdf.add_font("DejaVu", "B", str(bold))
    cjk = Path(settings.PDF_CJK_FONT)
    if cjk.is_file():
        # One weight only: the bold headings of a Chinese report use the regular face.
        for style in ("", "B"):
            pdf.add_font("CJK", style, str(cjk), collection_font_number=0)
        pdf.set_fallback_fonts(["CJK"], exact_match=False)
    pdf.set_text_shaping(True)
    return True


class _PDFWriter:
    """The report on an A4 page (fpdf2): bold lines for targets and mandates, one line per
    indicator, update and meeting, the breakdowns of the entries as one line each."""

    text = staticmethod(str)

    def __init__(self, pdf, family, as_text, align):
        self.pdf, self.family, self.as_text, self.align = pdf, family, as_text, align

    def heading(self, text, size=13):
        self.pdf.ln(2)
        self.pdf.set_font(self.family, "B", size)
        self.pdf.multi_cell(
            0, 7, self.as_text(text), align=self.align, new_x="LMARGIN", new_y="NEXT"
        )
        self.pdf.set_font(self.family, "", 10)

    def line(self, text, style=""):
        self.pdf.set_font(self.family, style, 10)
        self.pdf.multi_cell(
            0, 5, self.as_text(text), align=self.align, new_x="LMARGIN", new_y="NEXT"
        )
        self.pdf.set_font(self.family, "", 10)

    def title(self, text):
        self.pdf.set_title(self.as_text(text))
        self.heading(text, 15)

    def facts(self, lines):
        for line in lines:
            self.line(line)

    def section(self, heading):
        self.heading(heading)

    def note(self, text):
        self.line(text)

    def items(self, texts):
        for text in texts:
            self.line("  - " + text)

    def target(self, row):
        self.line(row.target.title, "B")
        for ind in row.indicators:
            i, latest = ind.indicator, ind.latest
            values = {
                "name": i.name,
                "baseline": _number(i.baseline_value),
                "target": _number(i.target_value),
                "unit": i.unit,
            }
            if latest:
                values.update(latest=_number(latest.value), date=latest.measured_on.isoformat())
                text = _(
                    "%(name)s: baseline %(baseline)s, target %(target)s %(unit)s; latest in "
                    "period: %(latest)s %(unit)s on %(date)s"
                )
            else:
                text = _(
                    "%(name)s: baseline %(baseline)s, target %(target)s %(unit)s; not measured "
                    "in the period"
                )
            self.line("  - " + text % values)

    def mandate(self, m):
        self.line(f"{m.document} ¶{m.paragraph.label}: {m.title} ({m.get_status_display()})", "B")

    def meeting(self, meeting):
        self.line(f"- {meeting.date.isoformat()}: {meeting.title} {meeting.location}".rstrip())

    def counts(self, _heading, label, pairs):
        self.line(label % {"counts": _counts(pairs) or _("none")})


def render_report_pdf(report: CSTDReport, progress=lambda percent: None) -> bytes:
    """The report as PDF (fpdf2, pure Python), in the active language, right to left in
    Arabic. ``progress(percent)`` is called as it goes."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    unicode_font = _use_unicode_fonts(pdf)
    family = "DejaVu" if unicode_font else "Helvetica"
    as_text = str if unicode_font else _latin1
    pdf.set_lang(get_language() or "en")
    pdf.add_page()
    _walk(report, _PDFWriter(pdf, family, as_text, "R" if get_language_bidi() else "L"), progress)
    return bytes(pdf.output())


def _counts(pairs) -> str:
    return "; ".join(f"{name}: {_figure(count)}" for name, count in pairs)


# --- the export job -------------------------------------------------------------------------


def request_report_export(line, start, end, *, by=None) -> ReportExport:
    """Write a pending export, in the active language, and queue the PDF task once the row
    is committed."""

    export = ReportExport.objects.create(
        action_line=line,
        period_start=start,
        period_end=end,
        requested_by=by if getattr(by, "is_authenticated", False) else None,
        language=get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: queue_report_export(export.pk))
    return export


def queue_report_export(export_id) -> bool:
    """Ask a worker to build the PDF; with the broker unreachable the row stays pending (the
    page says it is waiting) and ``sweep_report_exports`` queues it once the broker is back.
    The request that asked for it is answered either way."""
    from .tasks import build_report_pdf_task

    try:
        build_report_pdf_task.delay(str(export_id))
    except Exception:  # the broker is down: the pending row is the durable queue
        logger.warning("Could not queue report export %s; the sweep will.", export_id)
        return False
    return True


def sweep_report_exports(now=None) -> int:
    """Periodic (Celery beat): queue exports left pending, fail those stuck running.
    Returns how many were queued again."""
    now = now or timezone.now()
    ReportExport.objects.filter(
        status=ReportExport.Status.RUNNING, created_at__lt=now - STUCK_AFTER
    ).update(
        status=ReportExport.Status.FAILED,
        error="The build stopped before it finished. Please request the PDF again.",
        finished_at=now,
    )
    waiting = ReportExport.objects.filter(
        status=ReportExport.Status.PENDING, created_at__lt=now - REQUEUE_AFTER
    ).values_list("pk", flat=True)
    return sum(queue_report_export(pk) for pk in waiting)


def run_report_export(export_id) -> ReportExport:
    """Build the PDF of a pending export, moving ``progress`` along; idempotent once done."""
    export = ReportExport.objects.select_related("action_line").get(pk=export_id)
    if export.status == ReportExport.Status.DONE:
        return export

    def progress(percent):
        ReportExport.objects.filter(pk=export.pk).update(progress=percent)

    claimed = ReportExport.objects.filter(
        pk=export.pk, status__in=[ReportExport.Status.PENDING, ReportExport.Status.FAILED]
    ).update(status=ReportExport.Status.RUNNING, progress=5, error="")
    if not claimed:  # another worker builds it (a task queued twice by the sweep)
        return export
    try:
        with translation.override(export.language):
            report = build_cstd_report(export.action_line, export.period_start, export.period_end)
            progress(10)
            content = render_report_pdf(report, progress)
        name = (
            f"cstd-report-{export.action_line.slug}-{export.period_start:%Y%m%d}-"
            f"{export.period_end:%Y%m%d}.pdf"
        )
        export.file.save(name, ContentFile(content), save=False)
    except Exception as error:
        ReportExport.objects.filter(pk=export.pk).update(
            status=ReportExport.Status.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    export.status = ReportExport.Status.DONE
    export.progress = 100
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "progress", "finished_at"])
    return export

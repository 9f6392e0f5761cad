"""The CSTD report of an action line: figures against data made here, Markdown, PDF job."""

import datetime
import io
from decimal import Decimal

import pytest
from django.utils import timezone

from actionlines.models import Facilitation, Measurement
from mandates.models import Mandate, ReportExport
from mandates.reports import build_cstd_report, render_report_pdf, report_markdown
from mandates.services import address_facilitators
from mandates.tasks import build_report_pdf_task
from tests.support.factories import (
    ActionLineFactory,
    CoordinationMeetingFactory,
    CountryFactory,
    IndicatorFactory,
    MandateFactory,
    MandateUpdateFactory,
    OrganizationFactory,
    RegionFactory,
    RoadmapTargetFactory,
    StocktakingEntryFactory,
)

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)
PERIOD = {"from": "2026-01-01", "to": "2026-06-30"}


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


@pytest.fixture
def c7(db):
    c7 = ActionLineFactory(code="C7", slug="c7", title="ICT applications", sort_order=7)
    health = ActionLineFactory(
        code="C7-e-health", slug="c7-e-health", title="E-health", parent=c7, sort_order=8
    )
    other = ActionLineFactory(code="C2", slug="c2", sort_order=2)
    who, itu = OrganizationFactory(acronym="WHO"), OrganizationFactory(acronym="ITU")
    Facilitation.objects.create(action_line=health, organization=who, role="lead")
    Facilitation.objects.create(action_line=other, organization=itu, role="lead")

    target = RoadmapTargetFactory(action_line=health, title="Digital health records")
    indicator = IndicatorFactory(
        target=target,
        name="Countries with e-health strategy",
        unit="countries",
        baseline_value=Decimal("40"),
        target_value=Decimal("120"),
    )
    for day, value in [
        ("2025-12-31", 50),
        ("2026-02-01", 61),
        ("2026-05-01", 73),
        ("2026-08-01", 90),
    ]:
        Measurement.objects.create(
            indicator=indicator, measured_on=datetime.date.fromisoformat(day), value=value
        )
    IndicatorFactory(target=target, name="Never measured", unit="%")

    direct = MandateFactory(title="WHO to report", deadline=datetime.date(2027, 12, 31))
    direct.parties.create(organization=who, role="addressee")
    to_all = MandateFactory(
        title="All facilitators", addresses_all_facilitators=True, applies_to_all_action_lines=True
    )
    address_facilitators(to_all)
    MandateFactory(title="ITU only").parties.create(organization=itu, role="addressee")
    MandateUpdateFactory(mandate=direct, organization=who, text="In period", created_at=at(START))
    MandateUpdateFactory(
        mandate=direct, organization=who, text="Too late", created_at=at(datetime.date(2026, 7, 1))
    )
    MandateUpdateFactory(
        mandate=to_all,
        organization=who,
        text="Road map drafted",
        status="at_risk",
        created_at=at(END),
    )
    MandateUpdateFactory(
        mandate=to_all, organization=itu, text="Not a C7 facilitator", created_at=at(END)
    )

    held = CoordinationMeetingFactory(title="E-health meeting", date=datetime.date(2026, 3, 3))
    held.action_lines.add(health)
    CoordinationMeetingFactory(title="Before", date=datetime.date(2025, 3, 3)).action_lines.add(
        health
    )
    CoordinationMeetingFactory(title="Other line", date=datetime.date(2026, 3, 3)).action_lines.add(
        other
    )

    africa, asia = RegionFactory(code=2, name="Africa"), RegionFactory(code=142, name="Asia")
    kenya = CountryFactory(code="KE", alpha3="KEN", name="Kenya", region=africa)

    def entry(stakeholder, lines, regions=(), countries=(), state="published", published=START):
        e = StocktakingEntryFactory(
            stakeholder_type=stakeholder,
            state=state,
            published_at=at(published) if published else None,
        )
        e.action_lines.add(*lines)
        e.regions.add(*regions)
        e.countries.add(*countries)
        return e

    entry("government", [health], regions=[africa], countries=[kenya])  # Africa once
    entry("civil_society", [c7], regions=[asia], published=datetime.date(2025, 5, 5))
    entry("civil_society", [health], countries=[kenya])
    entry("private_sector", [health])  # no region
    entry("government", [health], regions=[asia], state="submitted", published=None)
    entry("government", [other], regions=[asia])
    return c7


def test_report_figures(c7):
    report = build_cstd_report(c7, START, END)
    assert [line.code for line in report.lines] == ["C7", "C7-e-health"]
    assert [o.acronym for o in report.facilitators] == ["WHO"]

    (target,) = report.targets
    latest = {row.indicator.name: row.latest for row in target.indicators}
    assert latest["Countries with e-health strategy"].value == 73
    assert latest["Countries with e-health strategy"].measured_on == datetime.date(2026, 5, 1)
    assert latest["Never measured"] is None

    rows = {row.mandate.title: [u.text for u in row.updates] for row in report.mandates}
    assert rows == {"WHO to report": ["In period"], "All facilitators": ["Road map drafted"]}
    assert report.updates_count == 2

    assert [m.title for m in report.meetings] == ["E-health meeting"]

    assert report.entries_total == 4
    assert report.entries_published_in_period == 3
    assert dict(report.by_region) == {"Africa": 2, "Asia": 1, "No region given": 1}
    assert dict(report.by_stakeholder_type) == {
        "Government": 1,
        "Civil society": 2,
        "Private sector": 1,
    }


def test_report_page_and_markdown(client, c7):
    response = client.get("/action-lines/c7/report/", PERIOD)
    assert response.status_code == 200
    html = response.content.decode()
    for text in [
        "Countries with e-health strategy",
        "<strong>73</strong>",
        "Road map drafted",
        "E-health meeting",
    ]:
        assert text in html
    assert "Not a C7 facilitator" not in html and "Too late" not in html

    md = client.get("/action-lines/c7/report/", {**PERIOD, "format": "md"})
    assert md.status_code == 200
    assert md["Content-Type"].startswith("text/markdown")
    assert 'filename="cstd-report-c7-20260101-20260630.md"' in md["Content-Disposition"]
    text = md.content.decode()
    assert "| Countries with e-health strategy | countries | 40 | 120 | 73 | 2026-05-01 |" in text
    assert "| Africa | 2 |" in text
    assert "WHO (At risk): Road map drafted" in text
    assert text == report_markdown(build_cstd_report(c7, START, END))


def test_markdown_escapes_what_users_typed(c7):
    MandateUpdateFactory(
        mandate=Mandate.objects.get(title="WHO to report"),
        organization=c7.sublines.get().facilitations.get().organization,
        text="<script>x</script> | [link](http://evil)",
        created_at=at(datetime.date(2026, 2, 2)),
    )
    text = report_markdown(build_cstd_report(c7, START, END))
    assert "<script>" not in text and "[link](" not in text


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2026-13-01", "to": "2026-12-31"},
        {"from": "yesterday", "to": "2026-01-01"},
        {"from": "2026-06-30", "to": "2026-01-01"},
        {"from": "2026-01-01"},
    ],
)
def test_malformed_dates_are_a_400_with_the_field_named(client, c7, params):
    response = client.get("/action-lines/c7/report/", params)
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()


def test_default_period_is_this_year_and_unknown_line_is_404(client, c7):
    response = client.get("/action-lines/c7/report/")
    assert response.status_code == 200
    assert response.context["report"].start == datetime.date(timezone.localdate().year, 1, 1)
    assert client.get("/action-lines/c99/report/", PERIOD).status_code == 404
    assert client.get("/action-lines/c99/report/", {**PERIOD, "format": "md"}).status_code == 404


def test_pdf_is_built_by_a_task_and_its_progress_polled(
    client, c7, facilitator, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post("/action-lines/c7/report/pdf/", PERIOD)
    export = ReportExport.objects.get()
    assert response.status_code == 302 and response["Location"] == export.get_absolute_url()
    assert len(callbacks) == 1  # the task is queued once the row is committed

    waiting = client.get(export.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' in waiting and "Waiting to start" in waiting

    build_report_pdf_task.apply(args=[str(export.pk)]).get()
    export.refresh_from_db()
    assert export.status == "done" and export.progress == 100
    done = client.get(export.get_absolute_url()).content.decode()
    assert 'http-equiv="refresh"' not in done and "Download the PDF" in done
    pdf = client.get(f"/reports/{export.pk}/download/")
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")

    assert client.post("/action-lines/c7/report/pdf/", {"from": "x", "to": "y"}).status_code == 400
    assert client.get("/reports/00000000-0000-0000-0000-000000000000/").status_code == 404


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_pdf_prints_names_in_other_scripts_as_written(c7):
    CoordinationMeetingFactory(
        title="Réunion — Côte d’Ivoire, Заседание", date=datetime.date(2026, 4, 4)
    ).action_lines.add(c7)

    text = pdf_text(render_report_pdf(build_cstd_report(c7, START, END)))

    assert "Réunion — Côte d’Ivoire, Заседание" in text
    assert "Countries with e-health strategy" in text and "E-health meeting" in text


def test_pdf_without_the_unicode_font_falls_back_to_latin1(c7, settings, tmp_path):
    settings.PDF_FONT_DIR = tmp_path  # no fonts there
    CoordinationMeetingFactory(
        title="Réunion — Côte d’Ivoire", date=datetime.date(2026, 4, 4)
    ).action_lines.add(c7)

    text = pdf_text(render_report_pdf(build_cstd_report(c7, START, END)))

    assert "Réunion - Côte d'Ivoire" in text


def test_anyone_may_build_the_pdf_a_few_times_an_hour(client, c7, settings, tmp_path):
    """The report and its PDF are public (A/RES/80/173 ¶113's road maps are meant to be seen);
    building a PDF is a worker's job, so each client gets a few an hour, then a 429."""
    settings.MEDIA_ROOT = tmp_path
    settings.STOCKTAKING_RATE_LIMITS = {"report-pdf": (2, 3600)}
    page = client.get("/action-lines/c7/report/", PERIOD).content.decode()
    assert "Build PDF" in page and "to build a PDF" not in page
    for _ in range(2):
        response = client.post("/action-lines/c7/report/pdf/", PERIOD)
        assert response.status_code == 302
        assert response["Location"].startswith("/reports/")
    assert ReportExport.objects.filter(requested_by=None).count() == 2
    refused = client.post("/action-lines/c7/report/pdf/", PERIOD)
    assert refused.status_code == 429 and "Retry-After" in refused
    assert ReportExport.objects.count() == 2


def test_markdown_in_the_language_of_the_page(client, c7):
    """Issue 14, item 7: the report's own words follow the page; what the documents and the
    facilitators wrote stays as written."""
    md = client.get("/fr/action-lines/c7/report/", {**PERIOD, "format": "md"}).content.decode()
    assert "## Feuille de route : cibles et indicateurs" in md
    assert "| Indicateur | Unité | Référence | Cible | Dernière valeur de la période |" in md
    assert "| Countries with e-health strategy | countries | 40 | 120 | 73 | 2026-05-01 |" in md
    assert "Road map drafted" in md and "Road map:" not in md


def test_an_arabic_pdf_is_written_right_to_left_by_the_worker(
    client, c7, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post("/ar/action-lines/c7/report/pdf/", PERIOD)
    export = ReportExport.objects.get()
    assert export.language == "ar"
    assert "في انتظار البدء" in client.get(response["Location"]).content.decode()
    build_report_pdf_task.apply(args=[str(export.pk)]).get()  # a worker, in no language
    export.refresh_from_db()
    text = pdf_text(export.file.read())
    # HarfBuzz shaped the words: the text reads back in logical order, as written.
    assert "خريطة الطريق: الغايات والمؤشرات" in text
    assert "Countries with e-health strategy" in text


def test_a_chinese_pdf_prints_its_characters(c7):
    from django.utils import translation
    from pypdf import PdfReader

    with translation.override("zh-hans"):
        data = render_report_pdf(build_cstd_report(c7, START, END))
    assert "路线图：具体目标和指标" in pdf_text(data)
    fonts = {
        str(font["/BaseFont"])
        for page in PdfReader(io.BytesIO(data)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("WenQuanYi" in name for name in fonts), fonts


def test_markdown_and_pdf_carry_the_same_sections_in_the_same_order(c7):
    """Both formats are one walk over the report: every section, target, mandate and meeting
    the Markdown has, the PDF has too, in the same order."""
    report = build_cstd_report(c7, START, END)
    markdown = report_markdown(report)
    headings = [line.lstrip("#").strip() for line in markdown.splitlines() if line[:2] == "##"]
    assert headings[:2] == ["Road map: targets and indicators", "Digital health records"]
    pdf = " ".join(pdf_text(render_report_pdf(report)).split())
    positions = [pdf.find(heading.split(": ")[-1]) for heading in headings]
    assert -1 not in positions, list(zip(headings, positions, strict=True))
    assert positions == sorted(positions), list(zip(headings, positions, strict=True))
    for meeting in report.meetings:
        assert meeting.title in markdown and meeting.title in pdf

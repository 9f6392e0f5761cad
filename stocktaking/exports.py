""" "Download these results": the current search as CSV or Excel.

A small result is streamed at once. A large one is built by a Celery task
(``stocktaking.tasks.build_export``) that writes the file under ``MEDIA_ROOT/exports/`` and
reports its progress in the cache; the status page polls it and offers the file when done.
Exports hold public fields only (never the contact e-mail).
"""

import io
import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views import View

from wsis_portal.links import absolute_url
from wsis_portal.spreadsheets import csv_writer, safe_row

from .search import search_queryset

logger = logging.getLogger(__name__)

SYNC_LIMIT = 1000  # rows built in the request; more go to a task
JOB_TTL = 24 * 60 * 60
COLUMNS = [
    "id",
    "title",
    "organisation",
    "stakeholder_type",
    "project_status",
    "action_lines",
    "sdgs",
    "countries",
    "regions",
    "start_date",
    "end_date",
    "website",
    "published_at",
    "url",
    "description",
]
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def export_queryset(params: QueryDict):
    return search_queryset(params).qs


def rows(queryset, progress=None):
    queryset = queryset.prefetch_related("action_lines", "sdgs", "countries", "regions")
    total = queryset.count()
    for index, entry in enumerate(queryset.iterator(chunk_size=500)):
        if progress and index % 200 == 0:
            progress(index, total)
        yield [
            entry.pk,
            entry.title,
            entry.organization_name,
            entry.get_stakeholder_type_display(),
            entry.get_project_status_display(),
            "; ".join(line.code for line in entry.action_lines.all()),
            "; ".join(str(goal.number) for goal in entry.sdgs.all()),
            "; ".join(country.code for country in entry.countries.all()),
            "; ".join(region.local_name for region in entry.regions.all()),
            entry.start_date.isoformat() if entry.start_date else "",
            entry.end_date.isoformat() if entry.end_date else "",
            entry.website,
            entry.published_at.isoformat() if entry.published_at else "",
            absolute_url(entry.get_absolute_url()),
            entry.description,
        ]


def build(queryset, file_format, progress=None) -> bytes:
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv_writer(buffer)
        writer.writerow(COLUMNS)
        writer.writerows(rows(queryset, progress))
        return buffer.getvalue().encode("utf-8-sig")
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Stocktaking")
    sheet.append(COLUMNS)
    for row in rows(queryset, progress):
        sheet.append(safe_row(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def job_key(job):
    return f"stocktaking:export:{job}"


def export_path(job, file_format):
    return settings.MEDIA_ROOT / "exports" / f"stocktaking-{job}.{file_format}"


def run_export(job, query_string, file_format):
    """Build the export of ``query_string`` into its file, reporting progress (the task)."""

    def progress(done, total):
        cache.set(job_key(job), {"state": "running", "done": done, "total": total}, JOB_TTL)

    try:
        data = build(export_queryset(QueryDict(query_string)), file_format, progress)
        path = export_path(job, file_format)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    except Exception:
        fail_job(job, "Something went wrong while building it.", query_string, file_format)
        raise
    cache.set(job_key(job), {"state": "done", "format": file_format}, JOB_TTL)


def fail_job(job, message, query_string, file_format):
    """Say on the status page that the export failed, with a link to ask again."""
    route = "stocktaking:export-xlsx" if file_format == "xlsx" else "stocktaking:export-csv"
    retry = reverse(route) + (f"?{query_string}" if query_string else "")
    cache.set(job_key(job), {"state": "failed", "error": message, "retry_url": retry}, JOB_TTL)


class ExportView(View):
    file_format = "csv"

    def get(self, request):
        params = request.GET.copy()
        params.pop("page", None)
        queryset = export_queryset(params)
        if queryset.count() <= SYNC_LIMIT:
            response = HttpResponse(
                build(queryset, self.file_format), content_type=CONTENT_TYPES[self.file_format]
            )
            response["Content-Disposition"] = (
                f'attachment; filename="stocktaking.{self.file_format}"'
            )
            return response
        from .tasks import build_export

        job = secrets.token_urlsafe(16)
        cache.set(job_key(job), {"state": "queued", "done": 0, "total": 0}, JOB_TTL)
        try:
            build_export.delay(job, params.urlencode(), self.file_format, get_language())
        except Exception:  # the broker is down: say so now rather than leave a job that hangs
            logger.warning("Could not queue export %s", job, exc_info=True)
            fail_job(
                job,
                "The export service is unavailable at the moment. Please try again in a few "
                "minutes, or narrow the search to at most "
                f"{SYNC_LIMIT} entries for an immediate download.",
                params.urlencode(),
                self.file_format,
            )
        return redirect("stocktaking:export-status", job=job)


class ExportStatusView(View):
    """Progress of a large export (JSON for the polling script), and the file once done."""

    def get(self, request, job):
        status = cache.get(job_key(job))
        if status is None:
            raise Http404("No such export, or it has expired.")
        if request.GET.get("download") and status["state"] == "done":
            path = export_path(job, status["format"])
            return FileResponse(
                path.open("rb"),
                as_attachment=True,
                filename=f"stocktaking.{status['format']}",
                content_type=CONTENT_TYPES[status["format"]],
            )
        if request.GET.get("format") == "json":
            return JsonResponse(status)
        return render(
            request,
            "stocktaking/export_status.html",
            {
                "status": status,
                "job": job,
                "download_url": reverse("stocktaking:export-status", args=[job]) + "?download=1",
            },
        )

"""The portal's Content-Security-Policy, beyond what django-csp's settings say.

The policy itself is ``CONTENT_SECURITY_POLICY`` in the settings: the portal's own origin for
scripts, styles, images, fonts and fetches, nothing inline. This module holds what a setting
cannot:

- ``csp_report``: the endpoint browsers post violations to (``report-uri``). Each report is
  logged as one warning with the page and resource addresses cut to scheme, host and path
  (a query string may hold what a reader searched for); answers are JSON, and junk,
  oversized bodies and floods are refused without reading more than the cap.
- ``CrossOriginResourcePolicyMiddleware``: the ``Cross-Origin-Resource-Policy`` header,
  which neither Django nor django-csp sends.
- ``BROWSABLE_API_STYLES``: the browsable API's fixed ``style="…"`` attributes (DRF's own
  templates), allowed by their hashes alone, so that no other inline style runs there.
"""

import base64
import hashlib
import json
import logging
import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import rest_framework
from csp.constants import UNSAFE_HASHES
from django.conf import settings
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from stocktaking.ratelimit import allow, client_address, retry_after

logger = logging.getLogger("wsis_portal.csp")

#: Bytes of a report body read at most: a browser's report is about 1 KB, a Reporting API
#: batch a few; anything longer is not a browser's and is refused unread.
REPORT_MAX_BYTES = 16 * 1024
#: Characters kept of each field logged.
FIELD_MAX_CHARS = 300
#: Content types browsers post reports with (``report-uri``, the Reporting API), and JSON.
REPORT_TYPES = ("application/csp-report", "application/reports+json", "application/json")
#: The fields logged, by their ``report-uri`` name and their Reporting API name.
FIELDS = {
    "document": ("document-uri", "documentURL"),
    "directive": ("effective-directive", "effectiveDirective"),
    "blocked": ("blocked-uri", "blockedURL"),
    "source": ("source-file", "sourceFile"),
    "line": ("line-number", "lineNumber"),
    "sample": ("script-sample", "sample"),
    "disposition": ("disposition", "disposition"),
}
URL_FIELDS = ("document", "blocked", "source")


def style_attribute_hashes(templates: Path) -> list[str]:
    """CSP hash sources of every fixed ``style="…"`` attribute value in these templates."""
    values = {
        value
        for template in sorted(templates.rglob("*.html"))
        for value in re.findall(r'style="([^"{]*)"', template.read_text())
    }
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(value.encode()).digest()).decode() + "'"
        for value in sorted(values)
    ]


BROWSABLE_API_POLICY = {
    "style-src-attr": [
        UNSAFE_HASHES,
        *style_attribute_hashes(Path(rest_framework.__file__).parent / "templates"),
    ]
}


def refusal(status, code, detail, **headers):
    response = JsonResponse({"detail": detail, "code": code}, status=status)
    for name, value in headers.items():
        response[name] = value
    return response


def without_query(value: str) -> str:
    """An address cut to scheme, host and path; keywords such as ``inline`` stay as they are."""
    parts = urlsplit(value)
    if not parts.scheme:
        return value
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def violations(payload):
    """The violation bodies in a report, or None if it is not one: ``{"csp-report": {…}}``
    from ``report-uri``, or a Reporting API list of ``{"type": "csp-violation", "body": {…}}``."""
    if isinstance(payload, dict) and isinstance(payload.get("csp-report"), dict):
        return [payload["csp-report"]]
    if isinstance(payload, list) and payload:
        bodies = [
            report.get("body")
            for report in payload
            if isinstance(report, dict) and report.get("type") == "csp-violation"
        ]
        if bodies and all(isinstance(body, dict) for body in bodies):
            return bodies
    return None


def summary(body) -> dict:
    """The fields of one violation worth logging, as short one-line strings."""
    fields = {}
    for name, keys in FIELDS.items():
        value = next((body[key] for key in keys if key in body), None)
        if not isinstance(value, str | int) or isinstance(value, bool):
            continue
        value = str(value)
        if name in URL_FIELDS:
            value = without_query(value)
        fields[name] = value[:FIELD_MAX_CHARS]
    return fields


@csrf_exempt  # browsers post reports without the page's CSRF token
@never_cache
@require_POST
def csp_report(request):
    """Log the Content-Security-Policy violations a browser reports. 202 with how many were
    logged; 400 for a body that is not a report, 413 past ``REPORT_MAX_BYTES``, 415 for
    another content type, 429 once a client has sent ``csp-report`` reports too often."""
    if not allow("csp-report", client_address(request)):
        return refusal(
            429,
            "throttled",
            _("Too many reports; try again later."),
            **{"Retry-After": str(retry_after("csp-report"))},
        )
    if request.content_type not in REPORT_TYPES:
        return refusal(415, "unsupported_media_type", _("Send a CSP violation report as JSON."))
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    body = request.read(REPORT_MAX_BYTES + 1) if declared <= REPORT_MAX_BYTES else b""
    if declared > REPORT_MAX_BYTES or len(body) > REPORT_MAX_BYTES:
        return refusal(
            413,
            "too_large",
            _("A report is at most %(bytes)d bytes.") % {"bytes": REPORT_MAX_BYTES},
        )
    try:
        reports = violations(json.loads(body))
    except (UnicodeDecodeError, ValueError, RecursionError):
        reports = None
    if not reports:
        return refusal(400, "invalid_report", _("This is not a CSP violation report."))
    for report in reports:
        # As JSON in the message: one line whatever the browser (or someone else) sent.
        logger.warning("Content-Security-Policy violation: %s", json.dumps(summary(report)))
    return JsonResponse({"logged": len(reports)}, status=202)


class CrossOriginResourcePolicyMiddleware:
    """``Cross-Origin-Resource-Policy`` (``CROSS_ORIGIN_RESOURCE_POLICY``) on every answer
    that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault(
            "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
        )
        return response

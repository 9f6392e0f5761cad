"""Redoc, the API's reference page (/api/docs/redoc/), from the portal's own origin.

drf-spectacular-sidecar ships Redoc's bundle, and the bundle draws the vendor's logo in the
sidebar's "API docs by Redocly" link from the vendor's site. The Content-Security-Policy
blocks it (the docs load nothing from outside the portal), so every visit logged a violation
and Redoc left the image out. The portal serves the sidecar's bundle with that image's address
emptied instead: an ``<img src="">`` fails at once without a request, Redoc leaves it out as
before, and nothing is blocked. The rest of the bundle is the sidecar's, byte for byte.
"""

import functools
import gzip
import hashlib
from pathlib import Path

import drf_spectacular_sidecar
from django.http import HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import condition, require_safe
from drf_spectacular.views import SpectacularRedocView

SIDECAR_BUNDLE = (
    Path(drf_spectacular_sidecar.__file__).parent
    / "static/drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js"
)
#: The vendor's logo as the bundle names it (a newer Redoc that moves it fails the docs'
#: browser test, which fails on any blocked request).
VENDOR_LOGO = 'src:"https://cdn.redoc.ly/redoc/logo-mini.svg"'
#: How long browsers keep the bundle: it changes only with the sidecar package.
BUNDLE_MAX_AGE = 24 * 60 * 60


@functools.cache
def redoc_bundle_source() -> tuple[bytes, bytes, str]:
    """The bundle as served, plain and gzipped (a tenth of its 1 MB), and its ETag: made
    once per process, not on every request."""
    body = SIDECAR_BUNDLE.read_bytes().replace(VENDOR_LOGO.encode(), b'src:""')
    digest = hashlib.sha256(body).hexdigest()[:32]
    return body, gzip.compress(body, mtime=0), digest


def gzipped(request) -> bool:
    return bool(re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")))


def bundle_etag(request) -> str:
    """Strong, and another for the gzipped bytes."""
    digest = redoc_bundle_source()[2]
    return f'"{digest}-gzip"' if gzipped(request) else f'"{digest}"'


@condition(etag_func=bundle_etag)
@require_safe
def redoc_bundle(request):
    plain, compressed, _digest = redoc_bundle_source()
    response = HttpResponse(
        compressed if gzipped(request) else plain, content_type="text/javascript; charset=utf-8"
    )
    if gzipped(request):
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Cache-Control"] = f"public, max-age={BUNDLE_MAX_AGE}"
    return response


class RedocView(SpectacularRedocView):
    """drf-spectacular's Redoc page, loading the bundle above."""

    @staticmethod
    def _redoc_standalone():
        return reverse("api-redoc-bundle")

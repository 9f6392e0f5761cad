"""Uploaded files (``MEDIA_URL``) served by Django where no web server does: development and
``scripts/serve`` (``SERVE_MEDIA``, on with ``DEBUG``). The compose stack's nginx serves them in
production with the same rules (deploy/nginx.conf): only the image types the portal stores,
``Content-Disposition: inline`` with the stored name, ``nosniff`` (SecurityMiddleware) and a
sandboxing Content-Security-Policy, so an uploaded file can never run as a page of the portal.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.utils.http import content_disposition_header
from django.views.static import serve

#: The only extensions served: those ``stocktaking.uploads`` stores verified images under.
SERVED_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".webp": "image/webp"}


def serve_media(request, path):
    if not settings.SERVE_MEDIA:
        raise Http404
    extension = posixpath.splitext(path)[1].lower()
    if extension not in SERVED_TYPES:
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["Content-Type"] = SERVED_TYPES[extension]
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=False, filename=posixpath.basename(path)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

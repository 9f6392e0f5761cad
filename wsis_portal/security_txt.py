"""``/.well-known/security.txt`` (RFC 9116): where to report a vulnerability in the portal.

The fields come from the settings (``SECURITY_CONTACT``, ``SECURITY_TXT_LANGUAGES``,
``SECURITY_TXT_EXPIRES``), so each deployment names its own team. Without a contact there is
nothing to publish and the file is 404: RFC 9116 requires at least one ``Contact``.
``Expires`` is the configured date, or a year from today (the RFC's recommended bound) for a
deployment that keeps its contact in the environment and so stays current. ``Canonical`` is
the address the file was asked for (HTTPS behind the proxy: SECURE_PROXY_SSL_HEADER).
"""

import datetime

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe


def expires() -> datetime.datetime:
    if settings.SECURITY_TXT_EXPIRES:
        configured = datetime.datetime.fromisoformat(settings.SECURITY_TXT_EXPIRES)
        if configured.tzinfo is None:
            configured = configured.replace(tzinfo=datetime.UTC)
        return configured.astimezone(datetime.UTC)
    today = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    return today + datetime.timedelta(days=365)


@require_safe
@cache_control(public=True, max_age=24 * 60 * 60)
def security_txt(request):
    if not settings.SECURITY_CONTACT:
        raise Http404("No security contact is configured (SECURITY_CONTACT).")
    lines = [f"Contact: {contact}" for contact in settings.SECURITY_CONTACT]
    lines.append(f"Expires: {expires().strftime('%Y-%m-%dT%H:%M:%SZ')}")
    if settings.SECURITY_TXT_LANGUAGES:
        lines.append(f"Preferred-Languages: {', '.join(settings.SECURITY_TXT_LANGUAGES)}")
    lines.append(f"Canonical: {request.build_absolute_uri()}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

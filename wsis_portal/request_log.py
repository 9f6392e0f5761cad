"""One log record per request: method, path, status and duration.

The portal's access log, written through the ``LOGGING`` configuration (JSON lines in
production) rather than by gunicorn, so that every server — gunicorn, ``runserver``, tests —
logs requests in the same shape as everything else. It is the first middleware, so its
duration covers the whole stack, static files served by WhiteNoise included.
"""

import logging
import time

logger = logging.getLogger("wsis_portal.request")


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        logger.info(
            "%s %s %s %sms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
            },
        )
        return response

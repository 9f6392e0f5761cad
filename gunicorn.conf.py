"""Gunicorn settings, read from the environment (gunicorn loads this file from the working
directory: the container's web command is plain ``gunicorn wsis_portal.wsgi``).

Requests are logged by the portal itself (``wsis_portal.request_log``, JSON lines in
production), so gunicorn writes no access log of its own.
"""

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "3"))
# More than one thread selects the gthread worker: a slow client or query does not hold a
# whole process.
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
accesslog = None
errorlog = "-"

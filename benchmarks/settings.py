"""Settings for benchmark runs: the production settings plus the baseline view's URL.

The baseline lives here, not in the portal's URLconf, so production never serves it.
``benchmarks/run.py`` starts gunicorn with ``DJANGO_SETTINGS_MODULE=benchmarks.settings``
and points ``BENCH_STATIC_ROOT`` at a scratch directory it has run ``collectstatic`` into
(with DEBUG off, the manifest storage needs the collected files to render pages).
"""

import os

from wsis_portal.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.urls"
if os.environ.get("BENCH_STATIC_ROOT"):
    STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
# benchmarks/submitters.py counts the e-mails sent: each is written to a file there.
if os.environ.get("BENCH_MAIL_DIR"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["BENCH_MAIL_DIR"]

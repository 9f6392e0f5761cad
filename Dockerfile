FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
# DejaVu Sans lets the CSTD report PDFs print names in any script it covers, WenQuanYi
# Micro Hei the Chinese characters.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    fonts-wqy-microhei \
    && rm -rf /var/lib/apt/lists/*
# The locked versions CI tests (requirements.lock; scripts/_env.sh installs the same pins plus
# the test tools), each file checked against its hash.
COPY pyproject.toml requirements.lock ./
RUN pip install --require-hashes -r requirements.lock && pip install --no-deps .
COPY . .
RUN DEBUG=0 SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput
RUN useradd --create-home portal && mkdir -p /app/media && chown portal /app/media
USER portal
EXPOSE 8000
# Workers, threads and timeout from GUNICORN_* (gunicorn.conf.py); requests are logged by the
# portal as JSON lines.
CMD ["gunicorn", "wsis_portal.wsgi"]

# syntax=docker/dockerfile:1
# The registry's application image: the web server (default command), the Celery worker and beat, and
# the one-shot migration all run from it (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

# WeasyPrint's system libraries (certificates embed the project's own fonts; fonts-dejavu-core is
# the fallback for characters they lack), and poppler-utils (pdftotext, pdftoppm) to inspect
# rendered certificates inside the container. libharfbuzz-subset0 matters: without it font
# subsetting falls back to a pure-Python path and PDF rendering is about six times slower.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 \
        libpangoft2-1.0-0 \
        libharfbuzz0b \
        libharfbuzz-subset0 \
        libfontconfig1 \
        fonts-dejavu-core \
        shared-mime-info \
        poppler-utils \
    && rm -rf /var/lib/apt/lists/*

# An unprivileged user with a writable home (fontconfig keeps its cache under ~/.cache).
RUN groupadd --system --gid 10001 registry \
    && useradd --system --uid 10001 --gid registry --create-home --home-dir /home/registry \
        --shell /usr/sbin/nologin registry

WORKDIR /app

# The locked dependencies, in a layer that is rebuilt only when pyproject.toml or constraints.txt
# change: the requirement list is read from pyproject.toml and pinned by the lock.
COPY pyproject.toml constraints.txt ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install --no-cache-dir -c constraints.txt -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

# The project itself. Installed in editable mode on purpose: settings derive BASE_DIR (templates/,
# static/, staticfiles/, locale/) from the location of the registry package, so the code must be
# imported from /app, not from a copy in site-packages (which would also lack the templates).
COPY . .
RUN pip install --no-cache-dir --no-deps -c constraints.txt -e .

# Translations and static files at build time. The values below exist only for this step (they are
# not ENV, so nothing of them reaches the running container); importing the settings only parses
# DATABASE_URL / REDIS_URL and connects to nothing. /app/.data is where the settings create their
# data directory; /app/media is the default media root (a named volume copies its ownership).
RUN DEBUG=0 \
    SECRET_KEY=build-only-placeholder-secret-key-never-used-at-runtime-0123456789 \
    ALLOWED_HOSTS=build \
    DATABASE_URL=postgresql://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 \
    sh -c 'python manage.py compile_translations && python manage.py collectstatic --noinput' \
    && mkdir -p /app/media /app/.data \
    && chown registry:registry /app/media /app/.data

ENV MEDIA_ROOT=/app/media

USER 10001:10001

EXPOSE 8000

# Liveness only (/readyz also needs PostgreSQL, Redis and a worker). The Host header is the first
# ALLOWED_HOSTS entry, so the probe is not refused as a disallowed host.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = (os.environ.get('ALLOWED_HOSTS') or 'localhost').split(',')[0].strip().lstrip('.'); h = 'localhost' if h in ('', '*') else h; u.urlopen(u.Request('http://127.0.0.1:8000/healthz', headers={'Host': h}), timeout=4)"]

CMD ["sh", "-c", "exec gunicorn registry.wsgi:application --bind 0.0.0.0:8000 --workers \"${GUNICORN_WORKERS:-3}\" --access-logfile -"]

# Concerto: the production image (gunicorn + whitenoise). Same image for the web server and
# the task-queue worker (compose.yaml). Build: docker build -t concerto .
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# System libraries: fonts for the PDF/DOCX reports and charts, Pango/HarfBuzz for WeasyPrint,
# the PostgreSQL client for pg_dump/pg_restore backups, curl for the health probe.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      fonts-dejavu-core fonts-liberation2 \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 libffi8 \
      postgresql-client curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
# Static files are collected at build time (hashed names, served by whitenoise). The build
# needs some settings to load; the real ones come from the environment at run time.
RUN DJANGO_DEBUG=0 DJANGO_SECRET_KEY=build-only-not-secret DJANGO_ALLOWED_HOSTS=localhost \
    CONCERTO_ENV_FILE= python manage.py collectstatic --noinput \
 && useradd --system --uid 1000 --home /app concerto \
 && mkdir -p /app/media && chown concerto /app/media

USER concerto
ENV CONCERTO_ENV_FILE= \
    CONCERTO_MEDIA_ROOT=/app/media \
    GUNICORN_BIND=0.0.0.0:8000
EXPOSE 8000
# The probe speaks plain HTTP to the container (/sante/ is exempt from the HTTPS redirect) and
# names the first allowed host, which Django requires.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD curl -fsS -H "Host: ${DJANGO_ALLOWED_HOSTS%%,*}" http://127.0.0.1:8000/sante/ || exit 1
CMD ["gunicorn", "-c", "gunicorn.conf.py", "concerto.wsgi"]

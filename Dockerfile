# One image for every process of compose.yaml: web (gunicorn), workers, beat, migrate.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1

# WeasyPrint (PDF reports) needs Pango and HarfBuzz, and fonts to print with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The pins first, so that a code change does not reinstall every package.
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt

COPY . .
# Hashed, compressed static files for WhiteNoise, baked into the image. The key
# only lets settings load here; it signs nothing and is not the running one.
RUN DJANGO_DEBUG=0 DJANGO_STATIC_MANIFEST=1 DJANGO_SECRET_KEY=collectstatic-only \
    python manage.py collectstatic --no-input

# Not root; the media folder exists (owned by the app) so that a named volume
# mounted there starts with the right owner.
RUN useradd --create-home app && mkdir -p /app/media && chown app:app /app/media
USER app

EXPOSE 8000
CMD ["gunicorn", "factcheck.wsgi:application", "--bind", "0.0.0.0:8000", "--no-control-socket"]

# syntax=docker/dockerfile:1
# One image for all three app services: web (the default command: migrate, then gunicorn),
# worker and beat (docker-compose.yml overrides the command). Nothing secret is baked in: every
# setting comes from the environment at run time (.env.example, docs/DEPLOY.md).

# Front-end assets from the npm lockfile, with Node from Debian. Only the three folders
# settings.STATICFILES_DIRS reads reach the final image.
FROM debian:bookworm-slim AS assets
RUN apt-get update \
    && apt-get install -y --no-install-recommends nodejs npm \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

# Python, the libraries WeasyPrint loads at run time, and the hash-pinned requirements.
FROM python:3.11-slim-bookworm AS base
ENV PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_ROOT_USER_ACTION=ignore
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*
COPY requirements/base.txt /tmp/requirements.txt
RUN pip install --require-hashes -r /tmp/requirements.txt && rm /tmp/requirements.txt
WORKDIR /app

# Source, compiled translations, bytecode and collected static files. gettext stays in this
# stage. The SECRET_KEY here is random, lives for one command and is never stored.
FROM base AS build
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*
COPY --from=assets /build/node_modules/bootstrap/dist node_modules/bootstrap/dist
COPY --from=assets /build/node_modules/bootstrap-icons/font node_modules/bootstrap-icons/font
COPY --from=assets /build/node_modules/htmx.org/dist node_modules/htmx.org/dist
COPY . .
RUN if find . -name '*.po' -not -path './node_modules/*' | grep -q .; then \
        python manage.py compilemessages --ignore=node_modules -v0; \
    fi
# The code is read-only at run time, so bytecode is compiled now and never checked against
# the source again.
RUN python -m compileall -q -j 0 --invalidation-mode unchecked-hash . \
    && DEBUG=False ALLOWED_HOSTS=build.invalid \
       SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
       python manage.py collectstatic --no-input -v0

FROM base
# Production by default: without SECRET_KEY and ALLOWED_HOSTS the settings refuse to start.
# gunicorn reads WEB_CONCURRENCY as its number of workers.
ENV DEBUG=False \
    WEB_CONCURRENCY=3
RUN groupadd --system --gid 10001 ekinerja \
    && useradd --system --uid 10001 --gid ekinerja --create-home --home-dir /home/ekinerja \
        --shell /usr/sbin/nologin ekinerja
COPY --from=build /app /app
# Code and static files stay root-owned; uploads go to MEDIA_ROOT, whose ownership a new
# named volume copies from this folder.
RUN install -d -o ekinerja -g ekinerja /app/media
USER ekinerja
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --no-input && exec gunicorn ekinerja.wsgi --bind 0.0.0.0:8000 --access-logfile -"]

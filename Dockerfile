# Ventanilla — production image. Slim Python, pinned requirements, non-root user.
# Build: docker build -t ventanilla .   Migrate: docker run --rm ventanilla ventanilla migrar
# E-mail: run `ventanilla notificaciones` as a second container (VENTANILLA_CORREO_BACKEND=smtp, VENTANILLA_SMTP_*).
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

# DejaVu fonts: the certificate PDF embeds them for Spanish text (tildes, eñes).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies first, so code changes don't invalidate this layer.
COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY pyproject.toml README.md ./
COPY domain ./domain
COPY persistence ./persistence
COPY signing ./signing
COPY api ./api
COPY admin ./admin
COPY app ./app
RUN pip install --no-deps . && python -m compileall -q /app

# Non-root user; data (SQLite file, uploads) and keys live in mounted volumes, never in the image.
RUN useradd --system --uid 10001 --home /app ventanilla && mkdir -p /data /claves \
    && chown ventanilla /data /claves
USER ventanilla
ENV VENTANILLA_ENTORNO=produccion VENTANILLA_DIRECTORIO_DATOS=/data VENTANILLA_DIRECTORIO_CLAVES=/claves \
    VENTANILLA_LOG_JSON=true
VOLUME ["/data", "/claves"]
EXPOSE 8000
HEALTHCHECK CMD python -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz')"
# Migrations are a separate step (`ventanilla migrar`), never run at boot.
# uvicorn's proxy headers stay off: the app believes X-Forwarded-For only from the reverse proxies named in
# VENTANILLA_PROXIES_CONFIABLES (docs/seguridad-red.md). Shared rate limits: the database, or VENTANILLA_REDIS_URL.
CMD ["uvicorn", "app.asgi:app", "--host", "0.0.0.0", "--port", "8000", "--no-proxy-headers"]

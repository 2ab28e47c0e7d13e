# Amparo API in one image. The embedded default (SQLite) works as is; set DATABASE_URL and
# REDIS_URL for production (see README).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 HOST=0.0.0.0 PORT=8000 \
    DATABASE_URL=sqlite:////var/lib/amparo/amparo.db MODEL_PATH=/var/lib/amparo/nlu-model.pkl

WORKDIR /app
COPY pyproject.toml README.md alembic.ini ./
COPY amparo amparo
COPY bot bot
COPY channels channels
COPY api api
COPY data data
COPY intents intents
RUN pip install --no-cache-dir -e . \
    && useradd --system --home /var/lib/amparo amparo \
    && mkdir -p /var/lib/amparo && chown amparo /var/lib/amparo
USER amparo
# Train at build time so containers start without training (the cache is keyed on intents/).
RUN amparo train
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s CMD python -c "import urllib.request,os;urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/health')"
CMD ["amparo", "serve"]

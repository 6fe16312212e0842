# The API image. `docker compose up` pairs it with neo4j:5.26-community (docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # Run from the source tree: cypher/ and data/ are found next to the packages.
    PYTHONPATH=/app

WORKDIR /app
# Dependencies first (cached layer), then the code.
COPY pyproject.toml README.md ./
COPY app/ app/
COPY graph/ graph/
COPY loaders/ loaders/
RUN pip install .
COPY cypher/ cypher/
COPY data/ data/

RUN useradd --system --uid 10001 kg && chown -R kg /app
USER kg

EXPOSE 8000
# NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD / NEO4J_DATABASE / KG_API_KEY come from the environment.
CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000"]

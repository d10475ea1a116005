# Jobbot application image: the bot, the worker, or both (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 \
    TRANSFORMERS_OFFLINE=1

WORKDIR /app

# The CPU build of torch first, so nothing later pulls a multi-GB CUDA build.
RUN pip install torch==2.13.0 --index-url https://download.pytorch.org/whl/cpu

COPY pyproject.toml README.md ./
COPY core core
COPY jobbot jobbot
COPY bot bot
COPY ui ui
COPY delivery delivery
COPY runtime runtime
COPY scrapers scrapers
COPY search search
COPY scoring scoring
COPY migrations migrations
RUN pip install .

RUN useradd --create-home --uid 10001 jobbot && mkdir -p /app/var && chown jobbot /app/var
USER jobbot

# exec: jobbot becomes PID 1 and receives SIGTERM from `docker stop`
CMD ["sh", "-c", "jobbot migrate && exec jobbot run"]

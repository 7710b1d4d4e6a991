# Imagem do assistente: um processo com o servidor HTTP (chat web, webhooks, saúde).
# Etapa 1: instala as dependências numa venv; etapa 2 copia só a venv (sem compiladores).
FROM python:3.11-slim AS construcao

ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1

RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /src
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt

COPY . ./
RUN pip install --no-cache-dir --no-deps .


FROM python:3.11-slim

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    INCLUSAO_HTTP=0.0.0.0:8080 \
    INCLUSAO_DADOS=/app/dados

RUN groupadd --system --gid 10001 inclusao \
    && useradd --system --uid 10001 --gid inclusao --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin inclusao

COPY --from=construcao /opt/venv /opt/venv

WORKDIR /app
RUN mkdir -p /app/dados && chown 10001:10001 /app/dados
USER 10001:10001

# O SQLite (padrão embutido) fica aqui; com PostgreSQL o volume fica vazio.
VOLUME /app/dados
EXPOSE 8080

# Sem curl na imagem slim: o próprio Python pergunta ao /saude (503 = banco fora).
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; porta = os.environ.get('INCLUSAO_HTTP', ':8080').rsplit(':', 1)[-1]; urllib.request.urlopen(f'http://127.0.0.1:{porta}/saude', timeout=8)"]

CMD ["inclusao", "iniciar"]

"""Configuração por ambiente e `.env`: o que o operador escreve e o que o assistente usa."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from bot.config import Config, ConfiguracaoInvalida, carregar_config
from fluxos.retencao import Prazos

VARIAVEIS = [
    "DATABASE_URL",
    "INCLUSAO_HTTP",
    "TELEGRAM_TOKEN",
    "TELEGRAM_BASE_URL",
    "TELEGRAM_WEBHOOK_URL",
    "TELEGRAM_SECRET_TOKEN",
    "INCLUSAO_LOG",
    "INCLUSAO_CHAVE_LOG",
    "INCLUSAO_DADOS",
    "INCLUSAO_RETENCAO_ENTRADA_DIAS",
    "INCLUSAO_RETENCAO_CONVERSA_DIAS",
]
RAIZ = Path(__file__).resolve().parents[2]
# o SQLite embutido fica na pasta do projeto, seja qual for a pasta de onde o comando roda
URL_PADRAO = f"sqlite+aiosqlite:///{RAIZ / 'dados' / 'inclusao.db'}"
POSTGRES = "postgresql+asyncpg://inclusao:senha@127.0.0.1:5432/inclusao"


@pytest.fixture(autouse=True)
def ambiente_limpo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Nenhuma variável do projeto no ambiente; o que o `.env` puser some no fim do teste."""
    for nome in VARIAVEIS:
        monkeypatch.setenv(nome, "x")  # registra o valor original para restaurar
        monkeypatch.delenv(nome)
    monkeypatch.chdir(tmp_path)


def carregar(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ambiente: dict[str, str], env: str = ""
) -> Config:
    for nome, valor in ambiente.items():
        monkeypatch.setenv(nome, valor)
    arquivo = tmp_path / ".env"
    if env:
        arquivo.write_text(env, encoding="utf-8")
    return carregar_config(arquivo)


def test_sem_nada_configurado_usa_os_padroes(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    config = carregar(monkeypatch, tmp_path, {})
    assert config == Config()
    assert (config.database_url, config.http_host, config.http_porta) == (
        URL_PADRAO,
        "127.0.0.1",
        8080,
    )
    assert config.sqlite
    assert config.telegram_token == "" and config.nivel_log == "INFO"


@pytest.mark.parametrize(
    ("ambiente", "env", "esperado"),
    [
        ({"DATABASE_URL": POSTGRES}, "", {"database_url": POSTGRES}),
        ({"DATABASE_URL": "  "}, "", {"database_url": URL_PADRAO}),
        (
            {"INCLUSAO_DADOS": "/srv/inclusao/dados"},
            "",
            {"database_url": "sqlite+aiosqlite:////srv/inclusao/dados/inclusao.db"},
        ),
        (
            {},
            "INCLUSAO_DADOS=/var/lib/inclusao\n",
            {"database_url": "sqlite+aiosqlite:////var/lib/inclusao/inclusao.db"},
        ),
        (
            {"INCLUSAO_DADOS": "/srv/dados", "DATABASE_URL": POSTGRES},
            "",
            {"database_url": POSTGRES},
        ),
        ({}, f"DATABASE_URL={POSTGRES}\n", {"database_url": POSTGRES}),
        (
            {"DATABASE_URL": "sqlite+aiosqlite:///do_ambiente.db"},
            f"DATABASE_URL={POSTGRES}\nTELEGRAM_TOKEN=123:ABC\n",
            {"database_url": "sqlite+aiosqlite:///do_ambiente.db", "telegram_token": "123:ABC"},
        ),
        ({}, "# comentário\nINCLUSAO_HTTP=0.0.0.0:9090\n", {"http_porta": 9090}),
        ({"INCLUSAO_LOG": "debug"}, "", {"nivel_log": "DEBUG"}),
        ({"INCLUSAO_LOG": ""}, "", {"nivel_log": "INFO"}),
        ({"TELEGRAM_TOKEN": " 123:ABC \n"}, "", {"telegram_token": "123:ABC"}),
        (
            {"TELEGRAM_BASE_URL": "http://127.0.0.1:8081"},
            "",
            {"telegram_base_url": "http://127.0.0.1:8081"},
        ),
        (
            {},
            "TELEGRAM_WEBHOOK_URL=https://exemplo.invalid/telegram/webhook\n"
            "TELEGRAM_SECRET_TOKEN=segredo_1\n",
            {
                "telegram_webhook_url": "https://exemplo.invalid/telegram/webhook",
                "telegram_secret_token": "segredo_1",
            },
        ),
    ],
    ids=[
        "database_url_do_ambiente",
        "database_url_em_branco_usa_padrao",
        "inclusao_dados_do_ambiente",
        "inclusao_dados_do_env",
        "database_url_vale_mais_que_inclusao_dados",
        "database_url_do_env",
        "ambiente_tem_preferencia_e_env_completa",
        "env_com_comentario",
        "nivel_de_log_em_maiusculas",
        "nivel_de_log_vazio_usa_info",
        "token_sem_espacos",
        "base_url_da_bot_api",
        "webhook_com_segredo",
    ],
)
def test_valores_lidos(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    ambiente: dict[str, str],
    env: str,
    esperado: dict[str, object],
) -> None:
    config = carregar(monkeypatch, tmp_path, ambiente, env)
    assert {campo: getattr(config, campo) for campo in esperado} == esperado


def test_postgresql_nao_e_sqlite(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert not carregar(monkeypatch, tmp_path, {"DATABASE_URL": POSTGRES}).sqlite


def test_env_da_pasta_atual_e_o_padrao(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """`inclusao` lê o `.env` da pasta onde o comando roda."""
    (tmp_path / ".env").write_text("TELEGRAM_TOKEN=do_arquivo\n", encoding="utf-8")
    assert carregar_config().telegram_token == "do_arquivo"


@pytest.mark.parametrize(
    ("valor", "host", "porta"),
    [
        ("0.0.0.0:8080", "0.0.0.0", 8080),
        ("127.0.0.1:1", "127.0.0.1", 1),
        ("localhost:65535", "localhost", 65535),
        ("[::1]:9000", "::1", 9000),
        ("", "127.0.0.1", 8080),
        (" 0.0.0.0:8080 ", "0.0.0.0", 8080),
    ],
)
def test_inclusao_http_valido(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, valor: str, host: str, porta: int
) -> None:
    config = carregar(monkeypatch, tmp_path, {"INCLUSAO_HTTP": valor})
    assert (config.http_host, config.http_porta) == (host, porta)


@pytest.mark.parametrize(
    "valor", ["8080", "host:abc", "host:70000", "host:0", ":8080", "host:", "host:-1"]
)
def test_inclusao_http_invalido_explica_o_formato(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, valor: str
) -> None:
    with pytest.raises(ConfiguracaoInvalida) as erro:
        carregar(monkeypatch, tmp_path, {"INCLUSAO_HTTP": valor})
    mensagem = str(erro.value)
    assert "INCLUSAO_HTTP deve ser HOST:PORTA" in mensagem
    assert "127.0.0.1:8080" in mensagem  # um exemplo do que escrever
    assert repr(valor) in mensagem  # e o que veio


def test_inclusao_http_invalido_no_env_tambem_e_recusado(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with pytest.raises(ConfiguracaoInvalida, match="INCLUSAO_HTTP"):
        carregar(monkeypatch, tmp_path, {}, "INCLUSAO_HTTP=8080\n")


@pytest.mark.parametrize(
    ("ambiente", "env"),
    [
        ({"TELEGRAM_WEBHOOK_URL": "https://exemplo.invalid/telegram/webhook"}, ""),
        (
            {"TELEGRAM_WEBHOOK_URL": "https://exemplo.invalid/telegram/webhook"},
            "TELEGRAM_SECRET_TOKEN=\n",
        ),
        ({}, "TELEGRAM_WEBHOOK_URL=https://exemplo.invalid/hook\nTELEGRAM_SECRET_TOKEN=  \n"),
    ],
    ids=["sem_segredo", "segredo_vazio_no_env", "tudo_no_env_segredo_em_branco"],
)
def test_webhook_sem_segredo_e_recusado(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, ambiente: dict[str, str], env: str
) -> None:
    with pytest.raises(ConfiguracaoInvalida) as erro:
        carregar(monkeypatch, tmp_path, ambiente, env)
    assert str(erro.value) == "TELEGRAM_WEBHOOK_URL pede também TELEGRAM_SECRET_TOKEN"


@pytest.mark.parametrize(
    ("hora", "feriados", "esperado"),
    [
        ("", "", (18, frozenset())),
        ("7", "2027-03-01, 2027-03-02", (7, frozenset({date(2027, 3, 1), date(2027, 3, 2)}))),
    ],
)
def test_lembretes_configuraveis(
    monkeypatch: pytest.MonkeyPatch, hora: str, feriados: str, esperado: tuple[int, frozenset[date]]
) -> None:
    monkeypatch.setenv("INCLUSAO_HORA_LEMBRETE", hora)
    monkeypatch.setenv("INCLUSAO_FERIADOS", feriados)
    config = carregar_config(None)
    assert (config.hora_lembrete, config.feriados_extras) == esperado


@pytest.mark.parametrize(
    ("variavel", "valor"),
    [
        ("INCLUSAO_HORA_LEMBRETE", "24"),
        ("INCLUSAO_HORA_LEMBRETE", "dezoito"),
        ("INCLUSAO_FERIADOS", "01/03/2027"),
    ],
)
def test_lembretes_mal_configurados(
    monkeypatch: pytest.MonkeyPatch, variavel: str, valor: str
) -> None:
    monkeypatch.setenv(variavel, valor)
    with pytest.raises(ConfiguracaoInvalida, match=variavel):
        carregar_config(None)


@pytest.mark.parametrize(
    ("entrada", "conversa", "esperado"),
    [
        ("", "", Prazos(timedelta(days=7), timedelta(days=30))),
        ("2", "1", Prazos(timedelta(days=2), timedelta(days=1))),
        (" 14 ", "90", Prazos(timedelta(days=14), timedelta(days=90))),
    ],
)
def test_lgpd_retencao_configuravel(
    monkeypatch: pytest.MonkeyPatch, entrada: str, conversa: str, esperado: Prazos
) -> None:
    monkeypatch.setenv("INCLUSAO_RETENCAO_ENTRADA_DIAS", entrada)
    monkeypatch.setenv("INCLUSAO_RETENCAO_CONVERSA_DIAS", conversa)
    assert carregar_config(None).retencao == esperado


@pytest.mark.parametrize(
    ("variavel", "valor"),
    [
        # o Telegram reentrega um update por até 24 h: menos de 2 dias processaria de novo
        ("INCLUSAO_RETENCAO_ENTRADA_DIAS", "1"),
        ("INCLUSAO_RETENCAO_ENTRADA_DIAS", "0"),
        ("INCLUSAO_RETENCAO_ENTRADA_DIAS", "sete"),
        ("INCLUSAO_RETENCAO_CONVERSA_DIAS", "0"),
        ("INCLUSAO_RETENCAO_CONVERSA_DIAS", "-30"),
        ("INCLUSAO_RETENCAO_CONVERSA_DIAS", "2.5"),
    ],
)
def test_lgpd_retencao_mal_configurada(
    monkeypatch: pytest.MonkeyPatch, variavel: str, valor: str
) -> None:
    monkeypatch.setenv(variavel, valor)
    with pytest.raises(ConfiguracaoInvalida, match=variavel):
        carregar_config(None)

"""Configuração por variáveis de ambiente (e arquivo `.env`). Documentada no README."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType

from dotenv import load_dotenv

from armazenamento.disponibilidade import Prazos
from bot.config_links import ler_links_de_canal
from bot.config_modelos import ConfigFila, ler_config_fila
from bot.config_web import ConfigWeb, ler_config_web
from bot.config_whatsapp import ConfigWhatsApp, ler_config_whatsapp
from fluxos.ajustes import Ajustes, ler_pesos
from fluxos.montagem import FORMAS_DO_START
from fluxos.origem import ler_origens
from fluxos.regras.evasao import RegrasEvasao
from fluxos.regras.feriados import ler_feriados_extras
from fluxos.regras.semana import HorarioSemanal, ler_horario_semanal
from fluxos.retencao import MINIMO_ENTRADA
from fluxos.retencao import Prazos as PrazosRetencao

_SEGREDO = re.compile(r"[A-Za-z0-9_-]{1,256}")
_RAIZ = Path(__file__).resolve().parent.parent  # a pasta do projeto, num checkout


def pasta_de_dados(ambiente: Mapping[str, str] = os.environ) -> Path:
    """Onde fica o SQLite embutido: `INCLUSAO_DADOS`, ou `dados/` na pasta do projeto.

    Nunca a pasta de onde o comando roda: `inclusao convite` rodado de outra pasta criava
    um banco novo e vazio ali e mostrava um convite que não funcionava. Instalado fora de
    um checkout (sem o pyproject.toml ao lado do código), vale a pasta de trabalho; a
    imagem Docker define INCLUSAO_DADOS=/app/dados.
    """
    configurada = ambiente.get("INCLUSAO_DADOS", "").strip()
    if configurada:
        return Path(configurada).expanduser().resolve()
    raiz = _RAIZ if (_RAIZ / "pyproject.toml").is_file() else Path.cwd()
    return raiz / "dados"


def url_padrao(ambiente: Mapping[str, str] = os.environ) -> str:
    """O `DATABASE_URL` quando ninguém define um: o SQLite em `pasta_de_dados`."""
    return f"sqlite+aiosqlite:///{pasta_de_dados(ambiente) / 'inclusao.db'}"


class ConfiguracaoInvalida(ValueError):
    """Um valor de configuração que não dá para usar; a mensagem diz qual e por quê."""


@dataclass(frozen=True)
class Config:
    database_url: str = field(default_factory=url_padrao)
    telegram_token: str = ""
    telegram_base_url: str = ""
    telegram_webhook_url: str = ""
    telegram_secret_token: str = ""
    http_host: str = "127.0.0.1"
    http_porta: int = 8080
    nivel_log: str = "INFO"
    nivel_log_pedido: bool = False  # INCLUSAO_LOG veio escrito (o `conversar` o respeita)
    telegram_envios_por_segundo: float = 25.0
    hora_lembrete: int = 18
    feriados_extras: frozenset[date] = frozenset()
    telegram_bot_username: str = ""  # para montar o link t.me dos convites sem rede
    url_web: str = "http://127.0.0.1:8080"  # endereço público do chat web (links de convite)
    ajustes: Ajustes = field(default_factory=Ajustes)
    web: ConfigWeb = field(default_factory=ConfigWeb)  # sessões, proxies e limites do chat
    whatsapp: ConfigWhatsApp = field(default_factory=ConfigWhatsApp)  # WHATSAPP_*
    prazos_banco: Prazos = field(default_factory=Prazos)
    retencao: PrazosRetencao = field(default_factory=PrazosRetencao)
    # R19: o resumo semanal ao Acessuas (INCLUSAO_ACESSUAS_RESUMO; None: desligado)
    resumo_acessuas: HorarioSemanal | None = field(default_factory=HorarioSemanal)
    # a fila do WhatsApp: modelos aprovados, limite diário, espaço à mesma pessoa
    whatsapp_fila: ConfigFila = field(default_factory=ConfigFila)

    @property
    def sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")


def _host_porta(valor: str) -> tuple[str, int]:
    host, _, porta = valor.rpartition(":")
    if not host or not porta.isdigit() or not 0 < int(porta) < 65536:
        raise ConfiguracaoInvalida(
            f"INCLUSAO_HTTP deve ser HOST:PORTA, por exemplo 127.0.0.1:8080 (veio {valor!r})"
        )
    return host.strip("[]"), int(porta)


def _numero_positivo(valor: str, nome: str) -> float:
    try:
        numero = float(valor)
    except ValueError:
        numero = 0.0
    if not numero > 0:
        raise ConfiguracaoInvalida(f"{nome} deve ser um número maior que zero (veio {valor!r})")
    return numero


def _hora(valor: str) -> int:
    if not (valor.isdigit() and 0 <= int(valor) <= 23):
        raise ConfiguracaoInvalida(
            f"INCLUSAO_HORA_LEMBRETE deve ser uma hora de 0 a 23 (veio {valor!r})"
        )
    return int(valor)


def _feriados(valor: str) -> frozenset[date]:
    try:
        return ler_feriados_extras(valor)
    except ValueError as erro:
        raise ConfiguracaoInvalida(str(erro)) from None


def _links_de_canal(ambiente: os._Environ[str]) -> dict[str, str]:
    """Os links de um toque para receber os avisos (`bot.config_links`)."""
    try:
        return ler_links_de_canal(ambiente)
    except ValueError as erro:
        raise ConfiguracaoInvalida(str(erro)) from None


def _ajustes(ambiente: os._Environ[str]) -> Ajustes:
    try:
        pesos = ler_pesos(ambiente.get("INCLUSAO_PESOS_PRIORIDADE", ""))
    except ValueError as erro:
        raise ConfiguracaoInvalida(f"INCLUSAO_PESOS_PRIORIDADE: {erro}") from None
    dias = _numero_positivo(
        ambiente.get("INCLUSAO_PRAZO_CONVOCACAO_DIAS", "").strip() or "3",
        "INCLUSAO_PRAZO_CONVOCACAO_DIAS",
    )
    links = MappingProxyType(_links_de_canal(ambiente))
    return Ajustes(
        pesos,
        timedelta(days=dias),
        links_de_canal=links,
        validade_codigo_vinculo=timedelta(days=_ler_numero(ambiente, "INCLUSAO_VINCULO_DIAS", 30)),
        janela_trava_vinculo=timedelta(hours=_ler_numero(ambiente, "INCLUSAO_TRAVA_HORAS", 24)),
        origens=_origens(ambiente),
        janela_chamada=_dias(ambiente, "INCLUSAO_CHAMADA_JANELA_DIAS", timedelta(days=7), 0),
        ajuda_escalar_dias_uteis=_inteiro(
            ambiente, "INCLUSAO_AJUDA_ESCALAR_DIAS_UTEIS", 1, 1, "de dias"
        ),
        evasao=_evasao(ambiente),
    )


def _inteiro(
    ambiente: os._Environ[str], nome: str, padrao: int, minimo: int, unidade: str = ""
) -> int:
    """Um inteiro ≥ `minimo` do ambiente (vazio: o padrão); `unidade` ("de dias") vai na
    mensagem de erro."""
    valor = ambiente.get(nome, "").strip()
    if not valor:
        return padrao
    if not (valor.isascii() and valor.isdigit() and int(valor) >= minimo):
        inteiro = f"um número inteiro {unidade}".strip()
        raise ConfiguracaoInvalida(f"{nome} deve ser {inteiro}, {minimo} ou mais (veio {valor!r})")
    return int(valor)


def _evasao(ambiente: os._Environ[str]) -> RegrasEvasao:
    """R17: quantas faltas seguidas sem aviso abrem um alerta (0 desliga essa regra) e
    quantas faltas de folga antes de 75% ficar impossível."""
    padrao = RegrasEvasao()
    return RegrasEvasao(
        faltas_seguidas=_inteiro(
            ambiente, "INCLUSAO_EVASAO_FALTAS_SEGUIDAS", padrao.faltas_seguidas, 0
        ),
        margem=_inteiro(ambiente, "INCLUSAO_EVASAO_MARGEM", padrao.margem, 0),
    )


def _origens(ambiente: os._Environ[str]) -> frozenset[str]:
    try:
        return ler_origens(ambiente.get("INCLUSAO_ORIGENS", ""), FORMAS_DO_START)
    except ValueError as erro:
        raise ConfiguracaoInvalida(f"INCLUSAO_ORIGENS: {erro}") from None


def _ler_numero(ambiente: os._Environ[str], nome: str, padrao: float) -> float:
    """R3: validade do código de vínculo e janela da trava por registro (vazio: o padrão)."""
    return _numero_positivo(ambiente.get(nome, "").strip() or str(padrao), nome)


def _web(ambiente: os._Environ[str]) -> ConfigWeb:
    try:
        return ler_config_web(ambiente)
    except ValueError as erro:
        raise ConfiguracaoInvalida(str(erro)) from None


def _whatsapp(ambiente: os._Environ[str]) -> ConfigWhatsApp:
    try:
        return ler_config_whatsapp(ambiente)
    except ValueError as erro:
        raise ConfiguracaoInvalida(str(erro)) from None


PRAZOS_DO_BANCO = {
    "conexao": "INCLUSAO_BANCO_PRAZO_CONEXAO",
    "comando": "INCLUSAO_BANCO_PRAZO_COMANDO",
    "fila": "INCLUSAO_BANCO_PRAZO_FILA",
    "suspeita": "INCLUSAO_BANCO_SUSPEITA",
}


def prazos_do_banco(ambiente: Mapping[str, str] = os.environ) -> Prazos:
    """Os prazos do banco (segundos) das variáveis INCLUSAO_BANCO_*; o que falta, o padrão."""
    valores = {
        campo: _numero_positivo(ambiente[nome].strip(), nome)
        for campo, nome in PRAZOS_DO_BANCO.items()
        if ambiente.get(nome, "").strip()
    }
    return Prazos(**valores)


def _dias(ambiente: os._Environ[str], nome: str, padrao: timedelta, minimo: int) -> timedelta:
    return timedelta(days=_inteiro(ambiente, nome, padrao.days, minimo, "de dias"))


def _retencao(ambiente: os._Environ[str]) -> PrazosRetencao:
    """Por quanto tempo guardar mensagens cruas já tratadas (no mínimo 2 dias: o Telegram
    reentrega um update por até 24 h) e as respostas de uma conversa parada."""
    padrao = PrazosRetencao()
    return PrazosRetencao(
        entrada=_dias(
            ambiente, "INCLUSAO_RETENCAO_ENTRADA_DIAS", padrao.entrada, MINIMO_ENTRADA.days
        ),
        conversa=_dias(ambiente, "INCLUSAO_RETENCAO_CONVERSA_DIAS", padrao.conversa, 1),
    )


def _resumo_acessuas(ambiente: os._Environ[str]) -> HorarioSemanal | None:
    """R19: "seg 8" (o padrão), "sexta 17", ou "desligado"."""
    try:
        return ler_horario_semanal(ambiente.get("INCLUSAO_ACESSUAS_RESUMO", ""), HorarioSemanal())
    except ValueError as erro:
        raise ConfiguracaoInvalida(f"INCLUSAO_ACESSUAS_RESUMO: {erro}") from None


def carregar_config(arquivo_env: Path | None = Path(".env")) -> Config:
    """Lê o ambiente; o `.env` só preenche o que o ambiente não tem."""
    if arquivo_env is not None and arquivo_env.exists():
        load_dotenv(arquivo_env, override=False)
    ambiente = os.environ
    host, porta = _host_porta(ambiente.get("INCLUSAO_HTTP", "").strip() or "127.0.0.1:8080")
    webhook = ambiente.get("TELEGRAM_WEBHOOK_URL", "").strip()
    segredo = ambiente.get("TELEGRAM_SECRET_TOKEN", "").strip()
    if webhook and not segredo:
        raise ConfiguracaoInvalida("TELEGRAM_WEBHOOK_URL pede também TELEGRAM_SECRET_TOKEN")
    if segredo and not _SEGREDO.fullmatch(segredo):
        raise ConfiguracaoInvalida(
            "TELEGRAM_SECRET_TOKEN deve ter de 1 a 256 caracteres: letras, números, _ e -"
        )
    fila = _whatsapp_fila(ambiente)
    return Config(
        database_url=ambiente.get("DATABASE_URL", "").strip() or url_padrao(ambiente),
        telegram_token=ambiente.get("TELEGRAM_TOKEN", "").strip(),
        telegram_base_url=ambiente.get("TELEGRAM_BASE_URL", "").strip(),
        telegram_webhook_url=webhook,
        telegram_secret_token=segredo,
        http_host=host,
        http_porta=porta,
        telegram_envios_por_segundo=_numero_positivo(
            ambiente.get("TELEGRAM_ENVIOS_POR_SEGUNDO", "").strip() or "25",
            "TELEGRAM_ENVIOS_POR_SEGUNDO",
        ),
        hora_lembrete=_hora(ambiente.get("INCLUSAO_HORA_LEMBRETE", "").strip() or "18"),
        feriados_extras=_feriados(ambiente.get("INCLUSAO_FERIADOS", "")),
        nivel_log=ambiente.get("INCLUSAO_LOG", "").strip().upper() or "INFO",
        nivel_log_pedido=bool(ambiente.get("INCLUSAO_LOG", "").strip()),
        telegram_bot_username=ambiente.get("TELEGRAM_BOT_USERNAME", "").strip().lstrip("@"),
        url_web=(ambiente.get("INCLUSAO_URL_WEB", "").strip() or f"http://{host}:{porta}").rstrip(
            "/"
        ),
        ajustes=replace(_ajustes(ambiente), limite_whatsapp=fila.limite_diario),
        web=_web(ambiente),
        whatsapp=_whatsapp(ambiente),
        prazos_banco=prazos_do_banco(ambiente),
        retencao=_retencao(ambiente),
        resumo_acessuas=_resumo_acessuas(ambiente),
        whatsapp_fila=fila,
    )


def _whatsapp_fila(ambiente: os._Environ[str]) -> ConfigFila:
    try:
        return ler_config_fila(ambiente)
    except ValueError as erro:
        raise ConfiguracaoInvalida(str(erro)) from None

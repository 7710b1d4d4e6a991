"""O registro (log) nunca leva CPF, telefone, nome ou data de nascimento (ARQUITETURA §8).

Uma pré-inscrição inteira com o registro no nível mais falante (DEBUG): pelo motor, e
pelo Telegram com a Application de verdade, inclusive quando o motor falha com uma
exceção cujo texto traz os dados da pessoa (o SQLAlchemy põe os parâmetros na mensagem).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update
from telegram.ext import Application

from bot.registro import configurar_registro
from bot.telegram import criar_aplicacao, parar
from fluxos.motor import Motor
from mensagens.catalogo import carregar, texto
from tests.conversa import Conversa
from tests.falsos import updates_telegram as tg
from tests.falsos.bot_api import FakeBotApi

TOKEN = "123456:TESTE"
CHAT = 7_000_321

# Dados diferentes dos exemplos do catálogo ("Exemplo: 03/02/2008"): um exemplo que
# aparece num texto enviado não é dado da pessoa, e confundiria a verificação.
NOME = "Joana Benedita Prado"
NASCIMENTO = "17/09/1999"
CPF = "111.444.777-35"
TELEFONE = "(14) 98765-4321"
# cada dado em todas as formas em que pode reaparecer (digitado, normalizado, por extenso)
DADOS_PESSOAIS: dict[str, list[str]] = {
    "CPF": [CPF, "11144477735"],
    "telefone": [TELEFONE, "14987654321", "98765-4321", "987654321"],
    "nome": [NOME],
    "nascimento": [NASCIMENTO, "1999-09-17", "17 de setembro de 1999", "17091999"],
}


def test_dados_da_pessoa_nao_estao_no_catalogo() -> None:
    """Senão um texto do próprio bot (um exemplo) pareceria vazamento."""
    textos = _normalizado(" ".join(carregar().values()))
    repetidos = [
        f for formas in DADOS_PESSOAIS.values() for f in formas if _normalizado(f) in textos
    ]
    assert not repetidos


def _textos_do_registro(registro: logging.LogRecord) -> Iterator[str]:
    """Tudo o que um formatador poderia escrever: mensagem, argumentos, rastro da exceção."""
    yield registro.getMessage()
    yield repr(registro.args)
    yield repr(registro.msg)
    if registro.exc_info:
        yield logging.Formatter().formatException(registro.exc_info)
    if registro.exc_text:
        yield registro.exc_text
    if registro.stack_info:
        yield registro.stack_info


def _normalizado(valor: str) -> str:
    return re.sub(r"\s+", " ", valor).casefold()


def vazamentos(registros: list[logging.LogRecord]) -> list[str]:
    achados = []
    for registro in registros:
        corpo = _normalizado(" ".join(_textos_do_registro(registro)))
        for tipo, formas in DADOS_PESSOAIS.items():
            if any(_normalizado(forma) in corpo for forma in formas):
                inicio = registro.getMessage()[:160]
                achados.append(f"{registro.name} {registro.levelname}: {tipo} em {inicio!r}")
    return achados


def test_vazamentos_acha_dado_na_mensagem_nos_args_e_na_excecao() -> None:
    """A própria verificação: o dado aparece onde quer que o registro o guarde."""
    try:
        raise ValueError("parameters: ('11144477735',)")
    except ValueError:
        com_excecao = logging.LogRecord("x", logging.ERROR, "", 0, "falhou", (), None)
        com_excecao.exc_info = sys.exc_info()
    registros = [
        logging.LogRecord("x", logging.DEBUG, "", 0, "nome %s", ("JOANA  BENEDITA PRADO",), None),
        logging.LogRecord("x", logging.INFO, "", 0, "tel 14987654321", (), None),
        com_excecao,
        logging.LogRecord("x", logging.INFO, "", 0, "update %s", (5000,), None),
    ]
    tipos = [achado.split(": ", 1)[1].split()[0] for achado in vazamentos(registros)]
    assert tipos == ["nome", "telefone", "CPF"]


# ----- pelo motor -----------------------------------------------------------------------


async def test_preinscricao_inteira_sem_dados_pessoais_no_registro(
    pessoa: Conversa, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await pessoa.comando("start")
    await pessoa.toca("Entendi, continuar")
    await pessoa.diz(NOME)
    await pessoa.toca("Não uso")
    await pessoa.diz(NASCIMENTO)
    await pessoa.diz("111.444.777-36")  # um dígito trocado: a pessoa corrige
    await pessoa.diz(CPF)
    await pessoa.diz(TELEFONE)
    await pessoa.diz("jardim europa")
    for rotulo in ("Pular", "Confeitaria", "Só esse", "Manhã", "Médio completo"):
        await pessoa.toca(rotulo)
    assert NOME in pessoa.ultima.texto  # o resumo
    await pessoa.toca("Confirmar")
    assert "2027-000001" in pessoa.ouvidas[-2].texto  # a última: como receber os avisos
    await pessoa.comando("status")
    await pessoa.diz("ajuda")

    assert not vazamentos(caplog.records), "\n".join(vazamentos(caplog.records))


# ----- pelo Telegram --------------------------------------------------------------------


@pytest.fixture
def registro_de_producao() -> Iterator[None]:
    """O registro como `inclusao iniciar` com INCLUSAO_LOG=DEBUG; tudo desfeito no fim."""
    gerente = logging.Logger.manager
    niveis = {n: lg.level for n, lg in gerente.loggerDict.items() if isinstance(lg, logging.Logger)}
    raiz = logging.getLogger()
    nivel_raiz, antes = raiz.level, list(raiz.handlers)
    configurar_registro("DEBUG")
    novos = [h for h in raiz.handlers if h not in antes]
    yield
    for nome, lg in gerente.loggerDict.items():
        if isinstance(lg, logging.Logger):
            lg.setLevel(niveis.get(nome, logging.NOTSET))
    raiz.setLevel(nivel_raiz)
    for manipulador in novos:
        raiz.removeHandler(manipulador)


@pytest.fixture
async def app(motor: Motor) -> AsyncIterator[tuple[Application, FakeBotApi]]:
    api = FakeBotApi()
    aplicacao = criar_aplicacao(TOKEN, motor, request=api)
    await aplicacao.initialize()
    yield aplicacao, api
    await parar(aplicacao)


async def _enviar(aplicacao: Application, dados: dict[str, Any]) -> None:
    await aplicacao.process_update(Update.de_json(dados, aplicacao.bot))


async def _tocar(aplicacao: Application, api: FakeBotApi, rotulo: str) -> None:
    """Toca o botão com esse rótulo na última mensagem que o bot enviou."""
    chamada = [c for c in api.chamadas if c.metodo == "sendMessage" and c.codigo == 200][-1]
    teclado = chamada.parametros["reply_markup"]
    for linha in teclado["inline_keyboard"]:
        for botao in linha:
            if botao["text"] == rotulo:
                mensagem = chamada.resposta["message_id"]
                dado = botao["callback_data"]
                await _enviar(aplicacao, tg.botao(CHAT, dado, mensagem, teclado=teclado))
                return
    raise AssertionError(f"não há botão {rotulo!r} em {teclado}")


async def test_telegram_sem_dados_pessoais_no_registro_nem_quando_o_motor_falha(
    app: tuple[Application, FakeBotApi],
    motor_banco: AsyncEngine,
    registro_de_producao: None,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Conta também o que o python-telegram-bot registra: é o mesmo arquivo de log."""
    aplicacao, api = app
    caplog.set_level(logging.DEBUG)
    await _enviar(aplicacao, tg.comando(CHAT, "/start"))
    await _tocar(aplicacao, api, "Entendi, continuar")
    await _enviar(aplicacao, tg.mensagem_texto(CHAT, NOME))
    await _tocar(aplicacao, api, "Não uso")
    await _enviar(aplicacao, tg.mensagem_texto(CHAT, NASCIMENTO))
    await _enviar(aplicacao, tg.mensagem_texto(CHAT, CPF))
    await _enviar(aplicacao, tg.contato(CHAT, "+55 14 98765-4321", proprio=True))
    await _enviar(aplicacao, tg.mensagem_texto(CHAT, "jardim europa"))
    for rotulo in ("Pular", "Confeitaria", "Só esse", "Manhã", "Médio completo"):
        await _tocar(aplicacao, api, rotulo)
    assert NOME in api.enviadas(CHAT)[-1]["text"]  # o resumo

    # o banco some debaixo do motor: a exceção leva o CPF nos parâmetros do SQL
    async with motor_banco.begin() as conexao:
        cascata = " CASCADE" if conexao.dialect.name == "postgresql" else ""  # matrícula aponta
        await conexao.exec_driver_sql(f"DROP TABLE preinscricao{cascata}")
    await _tocar(aplicacao, api, "Confirmar")
    assert api.enviadas(CHAT)[-1]["text"] == texto("telegram.erro")
    # um envio recusado (a pessoa bloqueou o bot) passa pelo tratador de erros
    api.falhar("sendMessage", 403)
    await _enviar(aplicacao, tg.comando(CHAT, "/status"))

    mensagens = [r.getMessage() for r in caplog.records]
    assert any("motor falhou" in m for m in mensagens), mensagens  # o registro foi capturado
    assert any("telegram recusou" in m for m in mensagens), mensagens
    assert not vazamentos(caplog.records), "\n".join(vazamentos(caplog.records))

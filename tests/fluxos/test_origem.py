"""O que vem depois do /start (issue 9, §3): convite, link de avisos, ou a etiqueta de um
cartaz, que é um /start simples e, se configurada, diz de onde a pessoa veio."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from armazenamento.modelos import PreInscricao, TentativaConvite
from bot.config import ConfiguracaoInvalida, carregar_config
from fluxos.ajustes import Ajustes
from fluxos.montagem import FORMAS_DO_START, criar_motor_de_conversa
from fluxos.motor import Motor
from fluxos.origem import ler_origens, origem_configurada, tem_forma_de_convite
from mensagens.catalogo import texto
from tests.conversa import Conversa
from tests.fluxos.conftest import AGORA
from tests.fluxos.preinscricao_assistida.conftest import (  # noqa: F401  (fixture equipe)
    Equipe,
    equipe,
)
from tests.fluxos.test_preinscricao import ate_o_resumo

ORIGENS = frozenset({"cartaz-cras-norte", "radio"})

# (carga do /start, tem forma de convite?)
FORMAS = [
    ("3q2-Xv_9aBcDeFgHiJkLmNoPqRsTuVwXyZ", False),  # 33 caracteres
    ("3q2-Xv_9aBcDeFgHiJkLmNoPqRsTuVwX", True),  # 32: o token do link do convite
    ("QWER-TYUP", True),  # o código curto, como foi impresso
    ("qwer-tyup", True),  # digitado em minúsculas
    ("QWER TYUP", True),
    ("QWERTYUP", False),  # oito letras soltas: uma etiqueta ("campanha")
    ("campanha", False),
    ("QWERTYU1", False),  # 1 não está no alfabeto do código
    ("radio123", False),  # tem I, O e 1
    ("cartaz-cras-norte", False),
    ("radio", False),
    ("", False),
    ("529.982.247-25", False),  # alguém escreveu "/start" e o CPF
    ("pi-" + "a" * 32, False),  # o link de avisos é outra forma (não é convite)
]


@pytest.mark.parametrize(("carga", "convite"), FORMAS)
def test_forma_de_convite(carga: str, convite: bool) -> None:
    assert tem_forma_de_convite(carga) is convite


@pytest.mark.parametrize(
    ("carga", "origem"),
    [
        ("cartaz-cras-norte", "cartaz-cras-norte"),
        ("Cartaz-CRAS-Norte", "cartaz-cras-norte"),
        (" radio ", "radio"),
        ("radio-fm", ""),
        ("", ""),
    ],
)
def test_origem_configurada(carga: str, origem: str) -> None:
    assert origem_configurada(carga, ORIGENS) == origem


@pytest.mark.parametrize(
    ("valor", "esperado"),
    [
        ("", frozenset()),
        ("cartaz-cras-norte, radio,", ORIGENS),
        ("feira_2027", frozenset({"feira_2027"})),
    ],
)
def test_ler_origens(valor: str, esperado: frozenset[str]) -> None:
    assert ler_origens(valor, FORMAS_DO_START) == esperado


@pytest.mark.parametrize(
    "valor",
    [
        "cartaz cras",  # espaço não cabe no link do Telegram
        "rádio",  # acento também não
        "x" * 65,
        "QWER-TYUP",  # tem a forma do código do convite: nunca seria lida como origem
        "pi-" + "a" * 32,  # a forma do link de avisos
    ],
)
def test_origem_mal_configurada_e_recusada(monkeypatch: pytest.MonkeyPatch, valor: str) -> None:
    monkeypatch.setenv("INCLUSAO_ORIGENS", valor)
    with pytest.raises(ConfiguracaoInvalida, match="INCLUSAO_ORIGENS"):
        carregar_config(None)


def test_origens_lidas_do_ambiente(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INCLUSAO_ORIGENS", "cartaz-cras-norte,radio")
    assert carregar_config(None).ajustes.origens == ORIGENS


@pytest.fixture
def motor_com_origens(motor: Motor) -> Motor:
    return criar_motor_de_conversa(
        motor.banco, relogio=lambda: AGORA, ajustes=Ajustes(origens=ORIGENS)
    )


async def _contar(sessoes: async_sessionmaker[AsyncSession], tabela: type) -> int:
    async with sessoes() as s:
        return int((await s.execute(sa.select(sa.func.count()).select_from(tabela))).scalar_one())


@pytest.mark.parametrize("carga", ["cartaz-cras-norte", "campanha", "a" * 60, "-1", "start"])
async def test_carga_sem_forma_no_resumo_nao_apaga_nada(
    motor_com_origens: Motor, sessoes: async_sessionmaker[AsyncSession], carga: str
) -> None:
    pessoa = Conversa(motor_com_origens)
    await ate_o_resumo(pessoa)
    resumo = pessoa.ultima.texto

    await pessoa.comando("start", carga)

    assert pessoa.ultima.texto == f"{texto('comum.continuar')}\n\n{resumo}"
    assert await _contar(sessoes, TentativaConvite) == 0
    await pessoa.toca("Confirmar")
    assert await _contar(sessoes, PreInscricao) == 1


async def test_origem_fica_mesmo_depois_de_cancelar_e_recomecar(
    motor_com_origens: Motor, sessoes: async_sessionmaker[AsyncSession]
) -> None:
    pessoa = Conversa(motor_com_origens)
    await pessoa.comando("start", "radio")
    await pessoa.diz("cancelar")  # sem respostas dadas: cancela direto
    assert pessoa.ultima.texto.startswith(texto("comum.cancelado"))

    await ate_o_resumo(pessoa)
    await pessoa.toca("Confirmar")

    async with sessoes() as s:
        assert (await s.execute(sa.select(PreInscricao.origem))).scalar_one() == "radio"


async def test_gestao_ve_de_onde_a_pessoa_veio_na_ficha(
    motor_com_origens: Motor, equipe: Equipe
) -> None:
    pessoa = Conversa(motor_com_origens)
    await pessoa.comando("start", "cartaz-cras-norte")
    await ate_o_resumo(pessoa)
    await pessoa.toca("Confirmar")
    gestao = await equipe("gestao")

    await gestao.comando("buscar", "Maria Aparecida")

    ficha = gestao.ultima.texto
    if "Achei estas pessoas" in ficha:  # uma só: toca nela
        await gestao.toca(gestao.rotulos[0])
        ficha = gestao.ultima.texto
    assert texto("entrada.busca.origem", origem="cartaz-cras-norte") in ficha

"""A chamada nos dois canais de mensagem (R7, R16), no `palco`: digitar vale, corrigir no
dia seguinte, tocar numa turma pequena. Só no WhatsApp (webhook assinado, Graph API falsa):
a turma de 25 que não cabe numa lista, feita digitando, com uma mensagem curta por marca, e
o toque repetido que não duplica nada. O toque que EDITA a mesma mensagem é do Telegram
(test_telegram_chamada.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from armazenamento.banco import transacao
from armazenamento.equipe import Escopo, criar_convite
from armazenamento.modelos import Turma
from tests.bot.canais_de_conversa import Palco, Pessoa
from tests.bot.pessoa_whatsapp import PessoaWhatsApp
from tests.fluxos.chamada.conftest import HOJE_8H, Relogio
from tests.fluxos.chamada.dados_chamada import NOMES_15, marcas, matricular_nomes, novo_encontro
from tests.fluxos.conftest import AGORA

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

CHAT = 7_500_001
SO_NO_WHATSAPP = "o WhatsApp não edita mensagem e a lista tem até 10 linhas"


@pytest.fixture
def relogio_da_conversa() -> Relogio:
    return Relogio()


async def _turma(banco: AsyncEngine, nomes: tuple[str, ...] | list[str]) -> int:
    """A T0 com `nomes` e uma aula hoje às 8h; devolve o encontro."""
    async with transacao(banco) as c:
        turma = (await c.execute(sa.select(Turma.id).where(Turma.codigo == "T0"))).scalar_one()  # type: ignore[call-overload]
    await matricular_nomes(banco, turma, nomes, AGORA)
    return await novo_encontro(banco, turma, HOJE_8H)


async def _instrutora(palco: Palco, banco: AsyncEngine) -> Pessoa:
    async with transacao(banco) as c:
        turma = (await c.execute(sa.select(Turma.id).where(Turma.codigo == "T0"))).scalar_one()  # type: ignore[call-overload]
        convite = await criar_convite(
            c, Escopo("instrutor", turma_id=turma), AGORA, timedelta(hours=1)
        )
    pessoa = palco.pessoa(CHAT)
    await pessoa.comando(f"/start {convite.token}")
    return pessoa


def _faltas(gravadas: dict[int, tuple[str, str]]) -> int:
    return [s for s, _ in gravadas.values()].count("falta")


async def test_r16_digitada_e_corrigida_no_dia_seguinte_nos_dois_canais(
    palco: Palco, motor_banco: AsyncEngine, relogio_da_conversa: Relogio
) -> None:
    encontro = await _turma(motor_banco, NOMES_15)
    instrutora = await _instrutora(palco, motor_banco)
    await instrutora.comando("/chamada")
    await instrutora.diz("faltaram 3 e 7")
    assert instrutora.ultima.texto.startswith("Anotei: faltaram 3 (Bruno C.) e 7 (Fábio N.).")
    await instrutora.diz("pronto")
    assert instrutora.ultima.texto == "Chamada salva. 15 na turma: 13 presentes, 2 faltas."

    relogio_da_conversa.andar(days=1)  # no dia seguinte: o Fábio tinha chegado atrasado
    await instrutora.comando("/chamada")
    await instrutora.toca("✅ 10/1 8h T0")
    assert "Esta chamada já foi feita" in instrutora.ultima.texto
    await instrutora.diz("7 veio")
    await instrutora.toca("Concluir")

    assert instrutora.ultima.texto == "Chamada salva. 15 na turma: 14 presentes, 1 falta."
    gravadas = await marcas(motor_banco, encontro)
    assert (len(gravadas), _faltas(gravadas)) == (15, 1)


async def test_r16_turma_pequena_por_toques_nos_dois_canais(
    palco: Palco, motor_banco: AsyncEngine
) -> None:
    encontro = await _turma(motor_banco, NOMES_15[:6])
    instrutora = await _instrutora(palco, motor_banco)
    await instrutora.comando("/chamada")

    await instrutora.toca("3 ✅ Bruno C.")
    await instrutora.toca("6 ✅ Elaine R.")
    assert {"3 ❌ Bruno C.", "6 ❌ Elaine R."} <= set(instrutora.ultima_com_botoes.rotulos)
    await instrutora.toca("6 ❌ Elaine R.")  # ela chegou
    await instrutora.toca("Concluir")

    assert instrutora.ultima.texto == "Chamada salva. 6 na turma: 5 presentes, 1 falta."
    gravadas = await marcas(motor_banco, encontro)
    assert (len(gravadas), _faltas(gravadas)) == (6, 1)


# ----- só no WhatsApp: sem edição, listas de até 10 linhas --------------------------------

NOMES_25 = tuple(
    f"{nome} {sobrenome}"
    for nome in ("Ana", "Rita", "Davi", "Luís", "Célia")
    for sobrenome in ("Souza", "Lima", "Prado", "Teles", "Nunes")
)


@pytest.mark.so_no_canal("whatsapp", SO_NO_WHATSAPP)
@pytest.mark.parametrize(("pessoas", "tocando"), [(8, True), (9, False), (25, False)])
async def test_whatsapp_lista_para_tocar_so_quando_cabe_em_10_linhas(
    palco: Palco, motor_banco: AsyncEngine, pessoas: int, tocando: bool
) -> None:
    """8 pessoas + Todos presentes + Concluir = 10 linhas: a lista. Mais que isso: as
    pessoas escritas, com o número, e os dois botões (digitar sempre vale)."""
    await _turma(motor_banco, NOMES_25[:pessoas])
    instrutora = await _instrutora(palco, motor_banco)
    assert isinstance(instrutora, PessoaWhatsApp)
    await instrutora.comando("chamada")

    lista = instrutora.ultima
    if tocando:
        assert lista.lista and len(lista.rotulos) == pessoas + 2
    else:
        assert lista.rotulos == ["Todos presentes", "Concluir"]
        assert not lista.lista
        assert f"{pessoas} ✅ " in lista.texto and "Escreva os números" in lista.texto
    assert palco.duplicadas() == 0


@pytest.mark.so_no_canal("whatsapp", SO_NO_WHATSAPP)
async def test_whatsapp_turma_de_25_inteira_digitando_uma_mensagem_curta_por_marca(
    palco: Palco, motor_banco: AsyncEngine
) -> None:
    encontro = await _turma(motor_banco, NOMES_25)
    instrutora = await _instrutora(palco, motor_banco)
    assert isinstance(instrutora, PessoaWhatsApp)
    await instrutora.comando("chamada")
    [lista] = [m for m in instrutora.recebidas if "Chamada da turma" in m.texto]
    assert all(f"{n} ✅ " in lista.texto for n in range(1, 26))

    antes = len(instrutora.recebidas)
    await instrutora.diz("faltaram 3 e 7")
    await instrutora.diz("todos presentes")
    await instrutora.diz("faltou 12")
    await instrutora.diz("faltou 12")  # repetido: nada muda duas vezes
    respostas = instrutora.desde(antes)

    assert [m.texto.splitlines()[-1] for m in respostas] == [
        "Até agora: 23 presentes, 2 faltas: 3 (Ana P.) e 7 (Célia N.).",
        "Até agora: todos presentes (25 na turma).",
        "Até agora: 24 presentes, 1 falta: 12 (Davi N.).",
        "Até agora: 24 presentes, 1 falta: 12 (Davi N.).",
    ]
    assert all(len(m.texto) < 200 and "25 ✅" not in m.texto for m in respostas)
    assert all(m.rotulos == ["Todos presentes", "Concluir"] for m in respostas)
    await instrutora.diz("ajuda")  # perdeu a conta: a lista inteira de novo, com as marcas
    assert "12 ❌ Davi N." in instrutora.ultima.texto and "25 ✅ " in instrutora.ultima.texto
    await instrutora.toca("Concluir")
    assert instrutora.ultima.texto == "Chamada salva. 25 na turma: 24 presentes, 1 falta."
    gravadas = await marcas(motor_banco, encontro)
    assert (len(gravadas), _faltas(gravadas)) == (25, 1)


@pytest.mark.so_no_canal("whatsapp", SO_NO_WHATSAPP)
async def test_whatsapp_toque_repetido_e_reenvio_da_meta_nao_duplicam(
    palco: Palco, motor_banco: AsyncEngine
) -> None:
    """O toque duplo na mesma linha de uma lista antiga pede a mesma marca (nada desfaz:
    cada toque ganha a sua confirmação curta, igual); a Meta reenviando o mesmo toque
    (mesmo wamid) não ganha resposta nova."""
    encontro = await _turma(motor_banco, NOMES_15[:6])
    instrutora = await _instrutora(palco, motor_banco)
    assert isinstance(instrutora, PessoaWhatsApp)
    await instrutora.comando("chamada")
    lista = instrutora.ultima

    await instrutora.toca("3 ✅ Bruno C.", em=lista)
    await instrutora.toca("3 ✅ Bruno C.", em=lista)  # o dedo tocou duas vezes
    toque = instrutora.mensagem(
        "interactive",
        {
            "interactive": {
                "type": "list_reply",
                "list_reply": {"id": lista.dado("4 ✅ Carla D."), "title": "4"},
            }
        },
        lista.message_id,
    )
    await instrutora.manda(toque)
    depois = len(instrutora.recebidas)
    await instrutora.manda(toque)  # a Meta reenviou o mesmo wamid

    assert len(instrutora.recebidas) == depois
    assert (
        instrutora.ultima.texto == "Até agora: 4 presentes, 2 faltas: 3 (Bruno C.) e 4 (Carla D.)."
    )
    assert {"3 ❌ Bruno C.", "4 ❌ Carla D."} <= set(instrutora.ultima.rotulos)
    await instrutora.toca("Concluir")
    gravadas = await marcas(motor_banco, encontro)
    assert (len(gravadas), _faltas(gravadas)) == (6, 2)

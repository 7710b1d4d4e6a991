"""R5: na "Ver situação" da OSC, o prazo de quem aguarda resposta aparece uma vez por dia,
não repetido em cada linha; e o nome no botão é cortado entre palavras."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from armazenamento.banco import transacao
from armazenamento.modelos import PreInscricao
from fluxos.motor import Motor
from tests.conversa import Conversa
from tests.fluxos.convocacao.conftest import (
    Relogio,
    convocar_direto,
    encaminhar,
    id_da_turma,
    pessoa,
)
from tests.fluxos.equipe.conftest import Convidar


@pytest.fixture
async def osc(tecnica: Conversa, convidar: Convidar) -> Conversa:
    await tecnica.comando("start", (await convidar("osc")).token)
    return tecnica


async def test_r5_situacao_agrupa_quem_aguarda_pelo_dia_do_prazo(
    osc: Conversa, motor: Motor, relogio: Relogio
) -> None:
    await encaminhar(motor.banco, 5, sem_chat=[4])
    turma = await id_da_turma(motor.banco)
    convocacoes = await convocar_direto(motor, turma, 3)  # domingo: prazo até quarta
    relogio.andar(days=1)
    await pessoa(motor, 3).aperta(f"cmd:conv_nao {convocacoes[2]}")  # chama a 4ª: até quinta

    await osc.comando("conv_situacao", str(turma))

    assert (
        "Aguardando resposta (3):\n"
        "Responder até quarta-feira, 13 de janeiro:\n"
        "- Pessoa 01 da Silva (escolheu manhã, curso como 1ª opção)\n"
        "- Pessoa 02 da Silva (escolheu manhã, curso como 1ª opção)\n"
        "Responder até quinta-feira, 14 de janeiro:\n"
        "- Pessoa 04 da Silva (escolheu manhã, curso como 1ª opção). "
        "Sem conversa no chat: ligue para (14) 99000-0004"
    ) in osc.ultima.texto
    assert osc.ultima.texto.count("quarta-feira") == 1


async def test_nome_comprido_no_botao_cortado_entre_palavras(osc: Conversa, motor: Motor) -> None:
    [primeira, *_] = await encaminhar(motor.banco, 2)
    async with transacao(motor.banco) as c:
        await c.execute(
            sa.update(PreInscricao)
            .where(PreInscricao.id == primeira)  # type: ignore[arg-type]
            .values(nome="Maria Aparecida da Silva Santos")
        )
    turma = await id_da_turma(motor.banco)
    await convocar_direto(motor, turma, 2)

    await osc.comando("conv_situacao", str(turma))

    assert "- Maria Aparecida da Silva Santos" in osc.ultima.texto  # no texto, inteiro
    assert osc.rotulos[:2] == ["Maria Aparecida S.", "Pessoa 02 da Silva"]
